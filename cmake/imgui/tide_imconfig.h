// Dear ImGui's user configuration for native builds (cmake/Dependencies.cmake):
// - IM_ASSERT calls a handler a test can set (tests/app/figures_test.cpp throws from it, so a
//   broken ImGui invariant fails that test instead of aborting the run); without a handler it
//   prints the expression and aborts, as assert() does.
// - ImGui's item hooks (IMGUI_ENABLE_TEST_ENGINE) report every item laid out, with its
//   rectangle, to a handler; they run only while ImGuiContext::TestEngineHookItems is set.
#pragma once

struct ImGuiContext;
struct ImRect;

namespace tide_imgui {
using AssertHandler = void (*)(const char* expression, const char* file, int line);
/// The handler for failed IM_ASSERTs; null (the default) prints and aborts.
void set_assert_handler(AssertHandler handler);
[[noreturn]] void assert_failed(const char* expression, const char* file, int line);

/// Called for each item with an id as it is added (bb in screen pixels), then, for most
/// widgets, with its label.
using ItemHandler = void (*)(ImGuiContext* ctx, const ImRect& bb, unsigned int id);
using ItemLabelHandler = void (*)(unsigned int id, const char* label);
void set_item_handlers(ItemHandler item, ItemLabelHandler label);
}  // namespace tide_imgui

#define IM_ASSERT(_EXPR) ((_EXPR) ? (void)0 : tide_imgui::assert_failed(#_EXPR, __FILE__, __LINE__))
#define IMGUI_ENABLE_TEST_ENGINE
