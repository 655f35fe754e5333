// The essay's 1-D power spectrum of a whole audio clip (one transform, no frames, no window).
#pragma once

#include <vector>

#include "result.hpp"

namespace tide::core {

struct Spectrum1d {
    std::vector<double> freq_hz;  ///< freq_hz[k] = k * sample_rate_hz / N, k = 0 .. N/2
    std::vector<double> power;    ///< |X_k|^2 / N
};

/// Power spectrum of a clip of N samples at sample_rate_hz, no window, no padding:
///   power[k] = |X_k|^2 / N,  X = numpy.fft.rfft(x) (unscaled),  k = 0 .. N/2 (N/2 + 1 values),
///   freq_hz[k] = k * sample_rate_hz / N.
/// Normalisation: white noise of variance s^2 gives E power[k] = s^2 at every k (as the image
/// chapter's |F|^2/(rows*cols)); Parseval: power[0] + 2 sum_{0<k<N/2} power[k] + power[N/2]
/// (the last term only for even N) = sum x^2, i.e. N times the mean square.
/// Any N >= 1, odd or even, prime included (RealFft: Bluestein for large prime factors, so a
/// prime N such as 44101 costs O(N log N); tests/core/spectrum1d_test.cpp, `make bench`).
/// Matches numpy to 1e-9 relative to max power (observed ~1e-15).
/// Errors: no samples; a sample rate that is not a positive finite number.
Result<Spectrum1d> power_spectrum_1d(const std::vector<float>& x, double sample_rate_hz);

}  // namespace tide::core
