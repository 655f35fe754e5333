// Colour maps for fields: viridis (sequential), magma (sequential), RdBu_r (diverging),
// as in matplotlib (scripts/make-colormaps.py writes the tables).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "core/field.hpp"

namespace tide::app {

enum class Colormap { viridis, magma, rdbu, gray };

/// What a data image's colours mean: map from lo (its first colour) to hi (its last), in `unit`.
struct ColourScale {
    Colormap map = Colormap::viridis;
    double lo = 0.0, hi = 1.0;
    const char* unit = "";
};

/// Colour at t in [0, 1] (clamped; NaN maps to 0): 8-bit RGB.
std::array<std::uint8_t, 3> colormap_rgb(Colormap map, double t);

/// Maps each value v of a field to the colour at (v - lo) / (hi - lo); returns RGBA8 pixels
/// (alpha 255), row-major, the field's first row on top.
std::vector<std::uint8_t> colorize(const core::Field& field, double lo, double hi, Colormap map);

/// Gray RGBA8 of the field a*x + b*y, mapped linearly from [lo, hi] to black..white and
/// clipped, computed in one pass without forming the sum (the animated noisy images).
/// x and y have the same shape; rgba is resized to 4 bytes per sample.
void gray_of_sum(const core::Field& x, double a, const core::Field& y, double b, double lo, double hi,
                 std::vector<std::uint8_t>& rgba);

/// 8-bit sRGB.
using Rgb = std::array<std::uint8_t, 3>;

/// WCAG 2's relative luminance of an sRGB colour: 0 (black) to 1 (white), each channel
/// linearised (c / 255 / 12.92 up to 0.04045, else ((c / 255 + 0.055) / 1.055)^2.4) and weighted
/// 0.2126 R + 0.7152 G + 0.0722 B.
double relative_luminance(Rgb c);

/// WCAG 2's contrast ratio of two colours, (L1 + 0.05) / (L2 + 0.05) with L1 the lighter:
/// 1 (the same) to 21 (black on white). Text wants 4.5, lines and other marks 3 (WCAG 1.4.3, 1.4.11).
double contrast_ratio(Rgb a, Rgb b);

/// `color` as little changed as will reach `ratio` against `background`: mixed toward white or
/// black (whichever contrasts more with the background) in steps of a twentieth; `color` itself
/// where it already does, and the full white or black where nothing less does.
Rgb legible_on(Rgb color, Rgb background, double ratio);

/// The value below which a fraction q of the field lies (nearest rank; q in [0, 1]).
double quantile(const core::Field& field, double q);

}  // namespace tide::app
