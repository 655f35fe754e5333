// What the CLI asks of the terminal it prints progress on. Natively (terminal_native.cpp) that
// is isatty(); the WebAssembly CLI runs under node, where every stdio stream looks like a
// terminal to isatty(), so node itself is asked (terminal_node.cpp, terminal_node.js). CMake
// compiles one of the two: no #if on the platform here, and no emscripten.h in src/cli.
#pragma once

namespace tide::cli {

/// Whether stderr is an interactive terminal.
bool stderr_is_terminal();

/// Whether a progress line on a terminal can be rewritten in place ("\r", "\033[K"); node's
/// stderr gets whole lines instead.
bool terminal_rewrites_lines();

}  // namespace tide::cli
