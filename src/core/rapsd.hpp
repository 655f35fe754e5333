// Radially averaged power spectral density, exactly as pysteps defines it.
#pragma once

#include <vector>

#include "field.hpp"

namespace tide::core {

struct Rapsd {
    std::vector<double> freq;   ///< cycles per pixel: freq[r] = r / L
    std::vector<double> power;  ///< mean of |F|^2/(rows*cols) over the samples of bin r
    std::vector<int> count;     ///< number of spectrum samples in bin r
};

/// Radially averaged power spectral density of a rows x cols field, row-major.
/// power[r] = mean of |F(ky,kx)|^2 / (rows*cols) over round(sqrt(kx^2+ky^2)) == r, with kx, ky
/// the signed integer wavenumbers (numpy.fft.fftfreq * size), r = 0 .. ceil(L/2)-1 and
/// L = max(rows, cols); frequency of bin r is r/L cycles/pixel. Samples with larger radius
/// (the corners) are left out. Works for odd, even and non-square fields (rows, cols >= 1).
/// Matches pysteps.utils.spectral.rapsd(field, fft_method=numpy.fft, return_freq=True) to
/// 1e-9 relative (tests/core/rapsd_test.cpp against tests/reference/pysteps_rapsd.py).
Rapsd rapsd(const Field& field);

/// The same average of an already computed, unshifted power spectrum (as power_spectrum()).
Rapsd rapsd_of_power(const Field& power);

}  // namespace tide::core
