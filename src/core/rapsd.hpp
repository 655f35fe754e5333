// Radially averaged power spectral density, exactly as pysteps defines it.
#pragma once

#include <utility>
#include <vector>

#include "field.hpp"
#include "spectrum.hpp"

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
/// Computed from the half spectrum (fft2_half_power_blocks) with the bins of the last shape kept per thread.
Rapsd rapsd(const Field& field);

/// The same average of an already computed, unshifted power spectrum (as power_spectrum()).
Rapsd rapsd_of_power(const Field& power);

/// The radial bin of every sample of an unshifted rows x cols spectrum, computed once, for
/// averaging many spectra of one shape (as the animated figures do every frame).
class RadialBins {
public:
    RadialBins(int rows, int cols);
    int rows() const { return rows_; }
    int cols() const { return cols_; }
    int bins() const { return static_cast<int>(count_.size()); }

    /// rapsd_of_power(power) for a power spectrum of this shape.
    Rapsd average(const Field& power) const;
    /// The RAPSD of a field of this shape, transformed two or four columns at a time
    /// (fft2_half_power_blocks) and binned as it goes: what rapsd() does. Each sample of columns 1 .. ceil(cols/2)-1
    /// stands for itself and its mirror (same radius, same power).
    Rapsd of_field(const Field& field) const;
    /// The RAPSD of a*x + b*y from the spectra A = fft2(x), B = fft2(y) of this shape:
    /// power |a A + b B|^2 / (rows*cols), without transforming the sum again. Reads only
    /// columns kx = 0 .. cols/2 (the others mirror them: A, B must be spectra of real fields).
    Rapsd average_of_sum(const ComplexField& spec_a, double a, const ComplexField& spec_b, double b) const;

private:
    Rapsd finish(std::vector<double>& sums) const;
    int rows_, cols_, length_;
    std::vector<int> bin_;                           ///< per sample, row-major; -1 beyond the last bin (corners)
    std::vector<int> half_bin_;                      ///< columns 0 .. cols/2, column-major; bins() for corners
    std::vector<std::pair<int, int>> column_reach_;  ///< per such column: inside the bins for ky < first, ky >= second
    std::vector<int> count_;
};

}  // namespace tide::core
