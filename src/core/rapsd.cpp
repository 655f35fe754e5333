// RAPSD: radial binning of the power spectrum (pysteps' convention).
#include "rapsd.hpp"

#include <algorithm>
#include <cmath>

#include "spectrum.hpp"

namespace tide::core {

namespace {

/// Signed wavenumber of unshifted index i of an axis of length n (numpy.fft.fftfreq * n).
int wavenumber(int i, int n) { return i < (n + 1) / 2 ? i : i - n; }

}  // namespace

Rapsd rapsd_of_power(const Field& power) {
    const int l = std::max(power.rows, power.cols);
    const int bins = (l + 1) / 2;  // ceil(L/2)
    std::vector<double> sum(bins, 0.0);
    Rapsd out;
    out.count.assign(bins, 0);
    for (int r = 0; r < power.rows; ++r) {
        const double ky = wavenumber(r, power.rows);
        for (int c = 0; c < power.cols; ++c) {
            const double kx = wavenumber(c, power.cols);
            // sqrt(k) of an integer is never exactly half-way, so rounding has no ties.
            const long bin = std::lround(std::sqrt(kx * kx + ky * ky));
            if (bin < bins) {
                sum[bin] += power.at(r, c);
                ++out.count[bin];
            }
        }
    }
    out.freq.resize(bins);
    out.power.resize(bins);
    for (int b = 0; b < bins; ++b) {
        out.freq[b] = static_cast<double>(b) / l;
        out.power[b] = sum[b] / out.count[b];  // every bin has samples on the long axis
    }
    return out;
}

Rapsd rapsd(const Field& field) { return rapsd_of_power(power_spectrum(fft2(field))); }

}  // namespace tide::core
