// The handler behind IM_ASSERT in native builds (tide_imconfig.h).
#include <cstdio>
#include <cstdlib>

#include "tide_imconfig.h"

namespace tide_imgui {

namespace {
AssertHandler g_handler = nullptr;
}

void set_assert_handler(AssertHandler handler) { g_handler = handler; }

void assert_failed(const char* expression, const char* file, int line) {
    if (g_handler) g_handler(expression, file, line);  // a test's handler throws
    std::fprintf(stderr, "%s:%d: ImGui assertion failed: %s\n", file, line, expression);
    std::abort();
}

}  // namespace tide_imgui
