// The CLI's terminal natively (terminal.hpp): isatty() on stderr.
#include "terminal.hpp"

#include <cstdio>

#include <unistd.h>

namespace tide::cli {

bool stderr_is_terminal() {
    return isatty(fileno(stderr)) != 0;
}

bool terminal_rewrites_lines() {
    return true;
}

}  // namespace tide::cli
