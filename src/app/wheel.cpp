// Wheel hit-testing against the last frame's ImGui windows (see wheel.hpp).
#include "wheel.hpp"

#include <cmath>

#include <imgui_internal.h>

namespace tide::app {

namespace {

/// The window ImGui would have found under `pos` (FindHoveredWindow, without the padding
/// for resize grips: none of our windows can be resized).
ImGuiWindow* window_at(const ImGuiContext& g, ImVec2 pos) {
    for (int i = g.Windows.Size - 1; i >= 0; --i) {
        ImGuiWindow* w = g.Windows[i];
        if (!w->Active || w->Hidden || (w->Flags & ImGuiWindowFlags_NoMouseInputs)) continue;
        if (w->OuterRectClipped.Contains(pos)) return w;
    }
    return nullptr;
}

bool scrolls_with_mouse(const ImGuiWindow* w) {
    return !(w->Flags & ImGuiWindowFlags_NoScrollWithMouse) && !(w->Flags & ImGuiWindowFlags_NoMouseInputs);
}

float along(ImVec2 v, bool vertical) {
    return vertical ? v.y : v.x;
}

/// The window a wheel turn along one axis scrolls (UpdateMouseWheel's walk up the children).
ImGuiWindow* scroll_target(ImGuiWindow* w, bool vertical) {
    while ((w->Flags & ImGuiWindowFlags_ChildWindow) &&
           (along(w->ScrollMax, vertical) == 0.0f || !scrolls_with_mouse(w)))
        w = w->ParentWindow;
    return scrolls_with_mouse(w) ? w : nullptr;
}

/// Whether `w` has room to scroll by `notches` (ImGui subtracts them from its scroll offset).
bool has_room(const ImGuiWindow* w, bool vertical, float notches) {
    if (notches > 0.0f) return along(w->Scroll, vertical) > 0.5f;
    return along(w->Scroll, vertical) < along(w->ScrollMax, vertical) - 0.5f;
}

}  // namespace

bool wheel_would_scroll(ImVec2 pos, ImVec2 wheel, bool ctrl, bool shift) {
    const ImGuiContext* ctx = ImGui::GetCurrentContext();
    if (!ctx) return false;
    const ImGuiContext& g = *ctx;
    // A widget that reads the wheel itself: the active one, or the hovered one if the pointer
    // has not moved since the last frame.
    if (g.ActiveId != 0 && g.ActiveIdUsingMouseWheel) return true;
    const ImVec2 d(pos.x - g.IO.MousePos.x, pos.y - g.IO.MousePos.y);
    if (g.HoveredId != 0 && g.HoveredIdUsingMouseWheel && d.x * d.x + d.y * d.y < 4.0f) return true;
    if (ctrl) return false;  // ImGui's font scaling by Ctrl+wheel is off (io.FontAllowUserScaling)
    ImGuiWindow* hovered = window_at(g, pos);
    if (!hovered || hovered->Collapsed) return false;
    const bool swap = shift && !g.IO.ConfigMacOSXBehaviors;
    const float wheel_y = swap ? 0.0f : wheel.y;
    const float wheel_x = swap ? wheel.y : wheel.x;
    if (wheel_y != 0.0f) {
        const ImGuiWindow* w = scroll_target(hovered, true);
        if (w && has_room(w, true, wheel_y)) return true;
    }
    if (wheel_x != 0.0f) {
        const ImGuiWindow* w = scroll_target(hovered, false);
        if (w && has_room(w, false, wheel_x)) return true;
    }
    return false;
}

}  // namespace tide::app
