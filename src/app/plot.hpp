// Line plots drawn with ImGui's draw lists (no plotting library exists for ImGui 1.86):
// linear or log10 axes with ticks and labels, axis titles with units, a legend, markers, and
// a hover (or tap) readout of the values under the cursor.
#pragma once

#include <cmath>
#include <string>
#include <vector>

#include <imgui.h>

namespace tide::app {

enum class LineStyle { solid, dashed, points };

struct Series {
    std::string label;      ///< legend entry; empty = not in the legend
    std::vector<double> x;  ///< on a log axis only values > 0 are drawn
    std::vector<double> y;
    ImU32 color = IM_COL32(31, 119, 180, 255);
    float thickness = 2.0f;
    LineStyle style = LineStyle::solid;
};

/// A vertical line at x (e.g. f_max), labelled at its top.
struct Marker {
    double x = 0.0;
    std::string label;
    ImU32 color = 0;  ///< 0: the theme's text colour (black on light, light on dark)
};

struct PlotAxes {
    std::string x_title;  ///< with units, e.g. "frequency (cycles/pixel)"
    std::string y_title;
    bool x_log = true, y_log = true;
    double x_min = NAN, x_max = NAN;  ///< shown range; NaN = fit to the data
    double y_min = NAN, y_max = NAN;
    std::vector<Marker> markers;
    ImTextureID image = nullptr;    ///< drawn to fill the frame (give all four limits), e.g. a spectrogram
    const char* x_format = "%.4g";  ///< readout formats
    const char* y_format = "%.4g";
};

/// What plot() drew in the current frame (the app owns one and clears it every frame): each
/// plot's series and markers, for "save the figure's data as CSV"; and how thick lines are.
class PlotRecorder {
public:
    struct Recorded {
        std::string id;
        std::vector<Series> series;
        PlotAxes axes;
    };
    void clear() { plots_.clear(); }
    void record(const char* id, const std::vector<Series>& series, const PlotAxes& axes) {
        plots_.push_back({id, series, axes});
    }
    /// The recorded data as CSV, one row per point: plot,series,x_name,y_name,x,y (a marker is a
    /// row with an empty y). Numbers with 17 significant digits; text quoted where needed.
    std::string csv() const;
    /// Every curve's thickness is multiplied by this (presenter mode draws thicker lines).
    void set_line_scale(float scale) { line_scale_ = scale; }
    float line_scale() const { return line_scale_; }

private:
    std::vector<Recorded> plots_;
    float line_scale_ = 1.0f;
};

/// Draws the series into a size-pixel box at the cursor (ImGui item `id`) and records them in
/// `recorder`. Hovering, or touching, shows a crosshair and each series' point nearest the
/// cursor's x.
void plot(PlotRecorder& recorder, const char* id, ImVec2 size, const std::vector<Series>& series, const PlotAxes& axes);

/// Tableau-10 colours, the matplotlib default cycle, for series i.
ImU32 series_color(std::size_t i);

/// The colours the essay names for the three spectra of a noisy image, the same in every
/// figure: the image red, the noise blue, the noisy image green (Tableau's red, blue, green).
inline ImU32 image_color() {
    return series_color(3);
}
inline ImU32 noise_color() {
    return series_color(0);
}
inline ImU32 noisy_color() {
    return series_color(2);
}

/// "10^k" written with Unicode superscripts (the fonts include them), e.g. 10⁻³.
std::string decade_label(int exponent);
/// The same characters raised: digits, a minus sign (written "-" or U+2212) and "." (as a raised
/// dot, U+00B7); anything else is kept. superscript("-2.618") == "⁻²·⁶¹⁸".
std::string superscript(const std::string& text);
/// A number for people, to `significant` significant digits: plain between 0.001 and 100,000
/// (0.0469, 7920, 0.05), else a mantissa times a power of ten with a raised exponent
/// ("9×10⁻⁶", "1.2×10⁶"); negative numbers with a true minus sign (U+2212); NaN "n/a".
std::string plain_number(double v, int significant = 3);

/// The text printf would write for `value` with `format` (one conversion, of a double), except
/// that a %g conversion ("\u03c3 = %.3g") is written by plain_number() with its precision:
/// 1.5\u00d710\u207b\u2074, not 0.00015 or 1.5e-04. A slider's value text.
std::string format_value(const char* format, double value);

}  // namespace tide::app
