// Whether a mouse wheel turn would scroll anything in the UI: an embedded page passes the
// wheel to the page around it otherwise (web/tide-embed.js), so that it scrolls as usual.
#pragma once

#include <imgui.h>

namespace tide::app {

/// True if a wheel turn of `wheel` notches as ImGui reads them (y = -sign of the browser's
/// deltaY, x = sign of its deltaX) at `pos` (CSS pixels of the canvas) would scroll something, judged from the windows
/// the last frame drew: the one under `pos` (the topmost, popups included) or the nearest
/// ancestor ImGui would scroll instead, if it has room to move that way; or a widget that
/// reads the wheel itself is active or hovered there. Follows ImGui 1.86's UpdateMouseWheel:
/// Ctrl+wheel scrolls nothing, Shift turns the vertical wheel horizontal.
/// Call between frames (after ImGui::Render, before the next ImGui::NewFrame).
bool wheel_would_scroll(ImVec2 pos, ImVec2 wheel, bool ctrl, bool shift);

}  // namespace tide::app
