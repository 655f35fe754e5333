// Dear ImGui's user configuration for native builds: IM_ASSERT calls a handler that a test can
// replace (tests/app/figures_test.cpp throws from it, so a broken ImGui invariant fails the test
// instead of aborting the run). Without a handler it prints the expression and aborts, as assert().
#pragma once

namespace tide_imgui {
using AssertHandler = void (*)(const char* expression, const char* file, int line);
/// The handler for failed IM_ASSERTs; null (the default) prints and aborts.
void set_assert_handler(AssertHandler handler);
[[noreturn]] void assert_failed(const char* expression, const char* file, int line);
}  // namespace tide_imgui

#define IM_ASSERT(_EXPR) ((_EXPR) ? (void)0 : tide_imgui::assert_failed(#_EXPR, __FILE__, __LINE__))
