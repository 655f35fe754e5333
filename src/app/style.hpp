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

/// How the page looks: the reader's preferences (dark, touch) and the classroom's presenter
/// mode (larger type, thicker lines, full-contrast text), each settable from the page.
struct Look {
    bool dark = false;       ///< dark colours (the page follows prefers-color-scheme)
    bool presenter = false;  ///< type 1.45x larger, lines 1.8x thicker, black-on-white / white-on-black
    bool touch = false;      ///< a coarse pointer: controls at least 44 px tall, wider scrollbars
    bool compact = false;    ///< a small pane (the article's figure on a phone): type 13 px, less padding,
                             ///< touch controls 36 px tall
    float font_px() const { return presenter ? 22.0f : compact ? 13.0f : 15.0f; }
    float line_scale() const { return presenter ? 1.8f : 1.0f; }
};

/// A light, calm theme in the spirit of online explainers (or its dark counterpart), with the
/// sizes the look asks for. Call after the fonts are loaded.
void apply_style(const Look& look = {});
/// The colour of text, for curves that should read as "ink" in either theme.
ImU32 ink_color(float alpha = 1.0f);

}  // namespace tide::app
