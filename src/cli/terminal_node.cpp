// The CLI's terminal under node (terminal.hpp): every stdio stream looks like a terminal to
// isatty() there, so node's process.stderr.isTTY is asked, through a JavaScript library
// function (terminal_node.js, linked with --js-library) rather than emscripten.h's EM_JS.
#include "terminal.hpp"

extern "C" int tide_node_stderr_is_tty(void);  // terminal_node.js

namespace tide::cli {

bool stderr_is_terminal() {
    return tide_node_stderr_is_tty() != 0;
}

bool terminal_rewrites_lines() {
    return false;
}  // node's stderr gets whole lines

}  // namespace tide::cli
