// The handlers behind IM_ASSERT and ImGui's item hooks in native builds (tide_imconfig.h).
#include <cstdio>
#include <cstdlib>

#include <imgui.h>
#include <imgui_internal.h>

namespace tide_imgui {

namespace {
AssertHandler g_assert = nullptr;
ItemHandler g_item = nullptr;
ItemLabelHandler g_label = nullptr;
}  // namespace

void set_assert_handler(AssertHandler handler) { g_assert = handler; }

void assert_failed(const char* expression, const char* file, int line) {
    if (g_assert) g_assert(expression, file, line);  // a test's handler throws
    std::fprintf(stderr, "%s:%d: ImGui assertion failed: %s\n", file, line, expression);
    std::abort();
}

void set_item_handlers(ItemHandler item, ItemLabelHandler label) {
    g_item = item;
    g_label = label;
}

}  // namespace tide_imgui

// The hooks ImGui calls with IMGUI_ENABLE_TEST_ENGINE (imgui_internal.h, "Test Engine specific hooks").
void ImGuiTestEngineHook_ItemAdd(ImGuiContext* ctx, const ImRect& bb, ImGuiID id) {
    if (tide_imgui::g_item) tide_imgui::g_item(ctx, bb, id);
}

void ImGuiTestEngineHook_ItemInfo(ImGuiContext*, ImGuiID id, const char* label, ImGuiItemStatusFlags) {
    if (tide_imgui::g_label) tide_imgui::g_label(id, label);
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}

const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID) { return nullptr; }
