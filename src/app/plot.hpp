// Log-log line plots drawn with ImGui's draw lists: decade ticks with labels, axis titles
// with units, a legend and a hover readout (no plotting library is available for ImGui 1.86).
#pragma once

#include <string>
#include <vector>

#include <imgui.h>

namespace tide::app {

struct Series {
    std::string label;
    std::vector<double> x;  ///< > 0 to be drawn (log axis)
    std::vector<double> y;  ///< > 0 to be drawn (log axis)
    ImU32 color = IM_COL32(31, 119, 180, 255);
    float thickness = 2.0f;
};

struct LogLogAxes {
    std::string x_title;  ///< with units, e.g. "frequency (cycles/pixel)"
    std::string y_title;
    double x_min = 0, x_max = 0;  ///< data range shown; 0 = fit to the data
    double y_min = 0, y_max = 0;
};

/// Draws series on log-log axes into a size-pixel box at the cursor (ImGui item `id`).
/// Hovering shows a crosshair and, for each series, the point nearest the cursor's x.
/// Returns the plot's screen rectangle (min, max) for layout reports.
void loglog_plot(const char* id, ImVec2 size, const std::vector<Series>& series, const LogLogAxes& axes);

/// Tableau-10 colours, the matplotlib default cycle, for series i.
ImU32 series_color(std::size_t i);

/// "10^k" written with Unicode superscripts (the fonts include them), e.g. 10⁻³.
std::string decade_label(int exponent);

}  // namespace tide::app
