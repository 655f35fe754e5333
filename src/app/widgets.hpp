// Small pieces the figures share: pickers, sliders, images that report their layout,
// spectra as plot series.
#pragma once

#include <string>

#include "figure.hpp"
#include "plot.hpp"

namespace tide::app {

/// A combo box listing the corpus (and the person's own photographs) by title, ending with
/// "Your own photograph..." where the page has a file chooser; returns true when the choice
/// changed.
bool image_combo(const char* label, FigureContext& ctx, std::string& id, float width);

/// Draws a texture at the cursor and records it in the layout as (kind, id).
void show_image(FigureContext& ctx, const Texture& texture, ImVec2 size, const char* kind, const std::string& id);

/// A slider on a logarithmic scale (values lo..hi > 0), for doubles. Ctrl+click or a double
/// click opens it for a typed value (Enter applies it, clamped to lo..hi). With touch controls
/// (set_touch_controls), step buttons beside it move the value a hundredth of the range (of its
/// logarithm here) a tap, repeating while held.
bool log_slider(const char* label, double& value, double lo, double hi, const char* format);
/// A slider on a linear scale, for doubles.
bool linear_slider(const char* label, double& value, double lo, double hi, const char* format);

/// Sliders for a finger (a coarse pointer): each at least 240 px wide, or the line's width,
/// between step buttons (see log_slider). Set with the look (apply_style).
void set_touch_controls(bool on);

/// The frame of the slider drawn last (its step buttons and words aside), in screen pixels.
struct SliderFrame {
    ImVec2 min, max;
};
SliderFrame last_slider_frame();

/// An integer slider in the same manner (its value drawn away from the grab, typed after a
/// double click), logarithmic or linear; `format` is a printf format for one int ("step %d").
bool int_slider(const char* label, int& value, int lo, int hi, const char* format, bool logarithmic = false);

/// A play/pause button (at least 44 px tall for fingers); returns true when toggled.
bool play_button(bool& playing);
/// How wide play_button() is.
float play_button_width();

/// ImGui::SameLine(0, spacing) when an item `width` pixels wide still fits on the current line
/// of the window, otherwise nothing (the item goes on the next line): controls stay on screen
/// on a narrow phone instead of running off its right edge. spacing < 0: the style's.
void same_line_if_fits(float width, float spacing = -1.0f);
/// Whether a figure this wide is on a narrow screen (a phone), whose figure scrolls: plots keep
/// taller floors there, while a wider but short frame (a 720 x 420 embed) shares its height.
inline bool narrow_figure(ImVec2 size) {
    return size.x < 480.0f;
}

/// The non-DC bins of a RAPSD as a plot series.
Series rapsd_series(const core::Rapsd& rapsd, std::string label, ImU32 color);
/// Any curve (freq, power), DC (bin 0) dropped.
Series spectrum_series(const std::vector<double>& freq, const std::vector<double>& power, std::string label,
                       ImU32 color);

/// The fitted power law 10^intercept f^-alpha from f_lo to f_hi, as a dashed line.
Series power_law_series(const core::PowerLawFit& fit, double f_lo, double f_hi, std::string label, ImU32 color);

/// A caption-sized note in the muted text colour, wrapped to the available width (or to
/// wrap_width pixels from the cursor, for a note under an image in a column). Lines break at
/// spaces only, so a number such as -0.01 stays whole (ImGui would break after its point).
void note(const char* text, float wrap_width = 0.0f);

/// The height note() takes for `text` wrapped to wrap_width pixels.
float note_height(const char* text, float wrap_width);

/// The side of `rows` square pictures stacked in `height` pixels with `notes` notes of `text`
/// under them (wrapped to the pictures' width, so a narrower picture has a taller note) and
/// `gaps` item spacings: as large as fits, between `least` and `widest`.
float picture_side(const char* text, float height, int rows, int notes, int gaps, float least, float widest);

/// `text` with line breaks at spaces so that each line fits `width` pixels in the current
/// font; a single word wider than that gets a line of its own.
std::string wrap_at_spaces(const char* text, float width);

/// The axes of every RAPSD plot: frequency in cycles/pixel (to Nyquist) against power.
PlotAxes rapsd_axes();

/// A vertical colour bar of `height` pixels at the cursor: the scale's colours from lo (bottom)
/// to hi (top), its values at both ends and the middle, its unit above. Returns its width.
float colour_bar(const ColourScale& scale, float height);
/// How wide colour_bar() draws (for the layout beside an image).
float colour_bar_width();

/// Size of the square images beside a plot: what fits `rows` of them in `height`.
float image_side(float width, float height, int columns, int rows);

}  // namespace tide::app
