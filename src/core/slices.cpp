// Rays through a centred power spectrum, sampled by bilinear interpolation.
#include "slices.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "constants.hpp"

namespace tide::core {

namespace {}  // namespace

Slice spectrum_slice(const Field& shifted_power, double angle_deg) {
    const Field& p = shifted_power;
    assert(p.rows >= 4 && p.cols >= 4);
    const int cy = p.rows / 2, cx = p.cols / 2;
    const int radius = std::min(p.rows, p.cols) / 2 - 1;
    const double length = std::max(p.rows, p.cols);
    const double angle_rad = angle_deg * (pi / 180.0);
    const double dx = std::cos(angle_rad), dy = -std::sin(angle_rad);  // +ky is up: row index decreases

    Slice out;
    out.angle_deg = angle_deg;
    out.freq.resize(static_cast<std::size_t>(radius));
    out.power.resize(static_cast<std::size_t>(radius));
    for (int r = 1; r <= radius; ++r) {
        const double x = cx + r * dx, y = cy + r * dy;
        // The four neighbours (x0, y0) .. (x0+1, y0+1); at the far edge (x = cols-1 exactly)
        // step back one sample so x0+1 stays inside, with weight fx = 1 on it.
        const int x0 = std::min(static_cast<int>(std::floor(x)), p.cols - 2);
        const int y0 = std::min(static_cast<int>(std::floor(y)), p.rows - 2);
        assert(x0 >= 0 && y0 >= 0);
        const double fx = x - x0, fy = y - y0;
        const double top = (1.0 - fx) * p.at(y0, x0) + fx * p.at(y0, x0 + 1);
        const double bottom = (1.0 - fx) * p.at(y0 + 1, x0) + fx * p.at(y0 + 1, x0 + 1);
        out.freq[r - 1] = r / length;
        out.power[r - 1] = (1.0 - fy) * top + fy * bottom;
    }
    return out;
}

std::vector<Slice> spectrum_slices(const Field& shifted_power, int n_angles) {
    assert(n_angles >= 1);
    std::vector<Slice> out;
    out.reserve(static_cast<std::size_t>(n_angles));
    for (int k = 0; k < n_angles; ++k) out.push_back(spectrum_slice(shifted_power, k * 360.0 / n_angles));
    return out;
}

}  // namespace tide::core
