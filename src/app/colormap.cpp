// Colour map lookup with linear interpolation between the generated anchors.
#include "colormap.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstring>

namespace tide::app {

namespace {

#include "colormap_data.inc"

template <std::size_t N>
std::array<std::uint8_t, 3> lookup(const float (&table)[N][3], double t) {
    if (!(t > 0.0)) t = 0.0;  // also NaN
    if (t > 1.0) t = 1.0;
    const double x = t * (N - 1);
    const std::size_t i = std::min(static_cast<std::size_t>(x), N - 2);
    const double f = x - static_cast<double>(i);
    std::array<std::uint8_t, 3> rgb{};
    for (int c = 0; c < 3; ++c) {
        const double v = table[i][c] * (1.0 - f) + table[i + 1][c] * f;
        rgb[c] = static_cast<std::uint8_t>(std::lround(std::clamp(v, 0.0, 1.0) * 255.0));
    }
    return rgb;
}

}  // namespace

std::array<std::uint8_t, 3> colormap_rgb(Colormap map, double t) {
    switch (map) {
        case Colormap::viridis:
            return lookup(k_viridis, t);
        case Colormap::magma:
            return lookup(k_magma, t);
        case Colormap::rdbu:
            return lookup(k_rdbu, t);
        case Colormap::gray: {
            const auto v = static_cast<std::uint8_t>(std::lround(std::clamp(t > 0 ? t : 0.0, 0.0, 1.0) * 255.0));
            return {v, v, v};
        }
    }
    return {0, 0, 0};
}

std::vector<std::uint8_t> colorize(const core::Field& field, double lo, double hi, Colormap map) {
    std::vector<std::uint8_t> rgba(field.size() * 4);
    const double span = hi > lo ? hi - lo : 1.0;
    for (std::size_t i = 0; i < field.size(); ++i) {
        const auto c = colormap_rgb(map, (field.data[i] - lo) / span);
        rgba[4 * i + 0] = c[0];
        rgba[4 * i + 1] = c[1];
        rgba[4 * i + 2] = c[2];
        rgba[4 * i + 3] = 255;
    }
    return rgba;
}

void gray_of_sum(const core::Field& x, double a, const core::Field& y, double b, double lo, double hi,
                 std::vector<std::uint8_t>& rgba) {
    assert(x.rows == y.rows && x.cols == y.cols);
    rgba.resize(x.size() * 4);
    const double k = 255.0 / (hi > lo ? hi - lo : 1.0);
    const double ka = a * k, kb = b * k, offset = 0.5 - lo * k;  // +0.5: truncation rounds
    const double* px = x.data.data();
    const double* py = y.data.data();
    const std::size_t n = x.size();  // hoisted: stores through `out` (bytes) may alias anything
    std::uint8_t* out = rgba.data();
    // Convert first, clamp the integer after: integer selects are cheap in WebAssembly,
    // floating-point min/max are not. (Values stay far inside the int range for images and
    // noise: |a x + b y| would have to exceed 2^31 / k.)
    for (std::size_t i = 0; i < n; ++i) {
        int g = static_cast<int>(ka * px[i] + kb * py[i] + offset);
        g = g < 0 ? 0 : g;
        g = g > 255 ? 255 : g;
        const std::uint32_t pixel = static_cast<std::uint32_t>(g) * 0x010101u | 0xFF000000u;  // RGBA, little-endian
        std::memcpy(out + 4 * i, &pixel, sizeof pixel);
    }
}

double quantile(const core::Field& field, double q) {
    if (field.data.empty()) return 0.0;
    std::vector<double> v = field.data;
    const auto k = static_cast<std::size_t>(std::clamp(q, 0.0, 1.0) * static_cast<double>(v.size() - 1));
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
    return v[k];
}

double relative_luminance(Rgb c) {
    const auto linear = [](std::uint8_t v) {
        const double s = v / 255.0;
        return s <= 0.04045 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * linear(c[0]) + 0.7152 * linear(c[1]) + 0.0722 * linear(c[2]);
}

double contrast_ratio(Rgb a, Rgb b) {
    const double la = relative_luminance(a), lb = relative_luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

Rgb legible_on(Rgb color, Rgb background, double ratio) {
    if (contrast_ratio(color, background) >= ratio) return color;
    const Rgb white{255, 255, 255}, black{0, 0, 0};
    const Rgb toward = contrast_ratio(white, background) >= contrast_ratio(black, background) ? white : black;
    for (int step = 1; step <= 20; ++step) {
        const double t = step / 20.0;
        Rgb mixed;
        for (int k = 0; k < 3; ++k)
            mixed[k] = static_cast<std::uint8_t>(std::lround((1.0 - t) * color[k] + t * toward[k]));
        if (contrast_ratio(mixed, background) >= ratio) return mixed;
    }
    return toward;
}

}  // namespace tide::app
