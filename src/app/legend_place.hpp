// Where a plot's legend covers least: plain geometry (no ImGui), so it is tested alone
// (tests/app/legend_place_test.cpp). plot() passes the curves it drew in pixels.
#pragma once

#include <vector>

namespace tide::app {

struct PixelPoint {
    float x = 0, y = 0;
};

/// A rectangle in pixels, x0 < x1 and y0 < y1 (y grows downwards).
struct PixelBox {
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

/// Whether two boxes share some area (touching edges do not count).
bool boxes_overlap(const PixelBox& a, const PixelBox& b);

/// The inner corner of `frame` for a legend of w x h pixels, `inset` from the frame's edges,
/// that covers the least of what is drawn: each polyline segment (or, for a polyline of one
/// point, the point) that passes through a corner's box counts 1, each vertical marker line at
/// an x inside it counts 3, and each text label (a marker's words) the box overlaps counts
/// k_label_weight: hidden words cost more than any stretch of curve, so a legend covers a label
/// only where every corner would. Corners: 0 top-right, 1 top-left, 2 bottom-right,
/// 3 bottom-left; a tie goes to the lower number (top-right, where readers look first).
int least_covered_corner(const std::vector<std::vector<PixelPoint>>& polylines, const std::vector<float>& marker_xs,
                         const std::vector<PixelBox>& labels, PixelBox frame, float w, float h, float inset);

/// What a label under a legend's corner counts (see least_covered_corner).
constexpr int k_label_weight = 1000;

/// The box of that corner.
PixelBox corner_box(PixelBox frame, int corner, float w, float h, float inset);

}  // namespace tide::app
