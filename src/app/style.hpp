// Look of the explainer: fonts (DejaVu Sans from assets/fonts, rasterised at the screen's
// pixel density so text stays crisp) and colours.
#pragma once

#include <imgui.h>

namespace tide::app {

struct Fonts {
    ImFont* body = nullptr;
    ImFont* bold = nullptr;
    ImFont* title = nullptr;
};

/// Loads the fonts from fonts_dir at base_px CSS pixels for a device pixel ratio of dpr
/// (glyphs are rasterised at base_px * dpr and drawn at 1/dpr). Falls back to ImGui's
/// built-in font when a file is missing. Call before the renderer builds the font atlas.
Fonts load_fonts(const char* fonts_dir, float base_px, float dpr);

/// A light, calm theme in the spirit of online explainers.
void apply_style();

}  // namespace tide::app
