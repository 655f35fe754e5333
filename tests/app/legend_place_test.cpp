// Where a plot's legend goes (src/app/legend_place.hpp): the corner its curves and marker
// lines cross least, top-right on a tie.
#include <catch.hpp>

#include "app/legend_place.hpp"

using tide::app::corner_box;
using tide::app::least_covered_corner;
using tide::app::PixelBox;
using tide::app::PixelPoint;

namespace {

const PixelBox kFrame{0, 0, 400, 300};
constexpr float kW = 120, kH = 60, kInset = 4;

/// A polyline of n + 1 points from a to b.
std::vector<PixelPoint> line(PixelPoint a, PixelPoint b, int n = 40) {
    std::vector<PixelPoint> out;
    for (int i = 0; i <= n; ++i) {
        const float t = static_cast<float>(i) / n;
        out.push_back({a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)});
    }
    return out;
}

}  // namespace

TEST_CASE("legend: an empty plot keeps the top-right corner") {
    CHECK(least_covered_corner({}, {}, {}, kFrame, kW, kH, kInset) == 0);
    const PixelBox b = corner_box(kFrame, 0, kW, kH, kInset);
    CHECK(b.x1 == 396.0f);
    CHECK(b.y0 == 4.0f);
    CHECK(b.x1 - b.x0 == kW);
    const PixelBox c = corner_box(kFrame, 3, kW, kH, kInset);
    CHECK(c.x0 == 4.0f);
    CHECK(c.y1 == 296.0f);
}

TEST_CASE("legend: a falling spectrum leaves the top-right corner free") {
    // Top-left to bottom-right, as a RAPSD on log-log axes.
    CHECK(least_covered_corner({line({0, 0}, {400, 300})}, {}, {}, kFrame, kW, kH, kInset) == 0);
}

TEST_CASE("legend: a rising curve sends it to the top-left; curves along the top, to the bottom") {
    CHECK(least_covered_corner({line({0, 300}, {400, 0})}, {}, {}, kFrame, kW, kH, kInset) == 1);
    // A flat noise floor near the top and a spectrum hugging the top: the bottom right is free.
    CHECK(least_covered_corner({line({0, 20}, {400, 20}), line({0, 10}, {400, 40})}, {}, {}, kFrame, kW, kH, kInset) ==
          2);
}

TEST_CASE("legend: a marker line counts against the corner it crosses") {
    // A falling spectrum (top-right and bottom-left free) with a marker through the top right.
    CHECK(least_covered_corner({line({0, 0}, {400, 300})}, {350.0f}, {}, kFrame, kW, kH, kInset) == 3);
}

TEST_CASE("legend: a segment crossing a box with no point inside it still counts") {
    // Two points only, far apart, the line between them through the top-right box.
    const std::vector<PixelPoint> two{{200, 30}, {400, 30}};
    CHECK(least_covered_corner({two}, {}, {}, kFrame, kW, kH, kInset) == 1);
    // Points of a scatter count where they fall.
    CHECK(least_covered_corner({{{380, 20}}, {{20, 20}}, {{380, 280}}}, {}, {}, kFrame, kW, kH, kInset) == 3);
}

TEST_CASE("legend: it keeps off a marker's label wherever it can") {
    // A falling spectrum leaves the top right and the bottom left free; a label in the top right
    // (a marker's words) sends the legend to the bottom left, though no curve is there either.
    const PixelBox label{300, 10, 390, 30};
    CHECK(least_covered_corner({line({0, 0}, {400, 300})}, {}, {label}, kFrame, kW, kH, kInset) == 3);
    // Even a corner crossed by curves is better than hiding words: a line along the top and one
    // down the right side leave only the bottom left free, which the label takes.
    const std::vector<std::vector<PixelPoint>> sides{line({0, 10}, {400, 10}), line({390, 0}, {390, 300})};
    CHECK(least_covered_corner(sides, {}, {}, kFrame, kW, kH, kInset) == 3);
    const PixelBox low_left{10, 270, 100, 290};
    CHECK(least_covered_corner(sides, {}, {low_left}, kFrame, kW, kH, kInset) != 3);
}
