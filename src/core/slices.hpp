// Directional slices of a 2-D power spectrum: the raw material the RAPSD averages.
#pragma once

#include <vector>

#include "field.hpp"

namespace tide::core {

struct Slice {
    double angle_deg = 0.0;
    std::vector<double> freq;   ///< cycles/pixel: r / max(rows, cols), r = 1 .. R
    std::vector<double> power;  ///< bilinear samples of the shifted power spectrum
};

/// Samples an fftshift-ed power spectrum (DC at (rows/2, cols/2)) along a ray from its centre
/// at angle_deg, counter-clockwise from the +kx axis with +ky pointing up (row index
/// decreasing), at radii r = 1, 2, .., R wavenumbers, R = min(rows, cols)/2 - 1 (integer
/// division), by bilinear interpolation of the four neighbouring samples. Needs rows, cols >= 4.
Slice spectrum_slice(const Field& shifted_power, double angle_deg);

/// n_angles slices at angles k * 360 / n_angles degrees, k = 0 .. n_angles-1.
std::vector<Slice> spectrum_slices(const Field& shifted_power, int n_angles);

}  // namespace tide::core
