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
    ImU32 color = IM_COL32(0, 0, 0, 200);
};

struct PlotAxes {
    std::string x_title;  ///< with units, e.g. "frequency (cycles/pixel)"
    std::string y_title;
    bool x_log = true, y_log = true;
    double x_min = NAN, x_max = NAN;  ///< shown range; NaN = fit to the data
    double y_min = NAN, y_max = NAN;
    std::vector<Marker> markers;
    ImTextureID image = nullptr;  ///< drawn to fill the frame (give all four limits), e.g. a spectrogram
    const char* x_format = "%.4g";  ///< readout formats
    const char* y_format = "%.4g";
};

/// Draws the series into a size-pixel box at the cursor (ImGui item `id`). Hovering, or
/// touching, shows a crosshair and each series' point nearest the cursor's x.
void plot(const char* id, ImVec2 size, const std::vector<Series>& series, const PlotAxes& axes);

/// Every curve's thickness is multiplied by this (presenter mode draws thicker lines).
void set_plot_line_scale(float scale);

/// What plot() drew since plot_record_reset() (the app resets it every frame): each plot's
/// series and markers, for "save the figure's data as CSV".
void plot_record_reset();
/// The recorded data as CSV, one row per point: plot,series,x_name,y_name,x,y (a marker is a
/// row with an empty y). Numbers with 17 significant digits; text quoted where needed.
std::string plot_record_csv();

/// Tableau-10 colours, the matplotlib default cycle, for series i.
ImU32 series_color(std::size_t i);

/// "10^k" written with Unicode superscripts (the fonts include them), e.g. 10⁻³.
std::string decade_label(int exponent);

}  // namespace tide::app
