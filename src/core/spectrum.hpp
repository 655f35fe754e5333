// 2-D discrete Fourier transform of real fields (KissFFT in double precision), its inverse,
// and the images derived from it: power spectrum, fftshift, log-power and phase.
#pragma once

#include <complex>
#include <functional>
#include <memory>

#include "field.hpp"

namespace tide::core {

using ComplexField = Grid<std::complex<double>>;

/// Unnormalised forward DFT of a real rows x cols field, as numpy.fft.fft2:
///   F(ky, kx) = sum_{y,x} f(y, x) exp(-2 pi i (ky y / rows + kx x / cols)),
/// returned in full (rows x cols, unshifted: ky = 0 in row 0). Any sizes >= 1, odd or even,
/// prime included. Rows use the real DFT (RealFft), columns the complex one, for kx = 0 ..
/// cols/2; the other half follows from Hermitian symmetry F(-ky, -kx) = conj F(ky, kx).
/// An axis whose length has a prime factor above 100 goes through Bluestein's algorithm
/// (see RealFft), so time stays O(n log n) for any size, prime ones included (`make bench`
/// measures it). Matches numpy to 1e-12 relative to max |F| (observed ~1e-15), also for prime
/// sizes such as 1009 x 17 (tests/core/spectrum_test.cpp).
ComplexField fft2(const Field& field);

/// The half of fft2(field) that determines the rest (the other columns are conj F(-ky, -kx)),
/// column by column: visit(kx, F(0 .. rows-1, kx)) for kx = 0 .. cols/2 (the column is valid
/// during the call only). For work on power spectra that need not build the full one (rapsd()).
void fft2_half_columns(const Field& field,
                       const std::function<void(int kx, const std::complex<double>* column)>& visit);

/// |F(ky, kx)|^2 of fft2(field) (unnormalised) for kx = 0 .. cols/2, two columns at a time, for
/// work that needs only the power (rapsd()): visit(kx, count, power) for kx = 0, 2, 4, ..,
/// count = 2 (1 for a last column alone), power[2 * ky + s] = |F(ky, kx + s)|^2 for
/// ky = 0 .. rows-1, s < count (valid during the call only). The same transforms as
/// fft2_half_columns(), without handing over each column's complex values.
void fft2_half_power_pairs(const Field& field,
                           const std::function<void(int kx, int count, const double* power)>& visit);

/// fft2_half_power_pairs() in blocks of `stride` columns, as wide as the transforms run:
/// stride = 4 natively on x86-64 processors with AVX2 (KissFFT's four-lane build), 2 otherwise
/// (the pair build; always in WebAssembly). visit(kx, count, stride, power) for kx = 0, stride,
/// 2 stride, .., count = min(stride, cols/2 + 1 - kx), power[stride * ky + s] = |F(ky, kx + s)|^2
/// (unnormalised) for ky = 0 .. rows-1, s < count (valid during the call only). The values are
/// bit for bit those of fft2_half_power_pairs() whatever the stride (tests/core/spectrum_test.cpp).
void fft2_half_power_blocks(const Field& field,
                            const std::function<void(int kx, int count, int stride, const double* power)>& visit);

/// Inverse DFT of a rows x cols spectrum, real part, as numpy.fft.ifft2(spectrum).real:
///   f(y, x) = Re (1/(rows*cols)) sum_{ky,kx} F(ky, kx) exp(+2 pi i (ky y / rows + kx x / cols)).
/// The imaginary part is dropped: it vanishes (up to rounding) when F is Hermitian,
/// F(-ky, -kx) = conj F(ky, kx), as is every fft2() of a real field; so
/// ifft2_real(fft2(f)) == f. Any sizes >= 1. Complex inverse transforms on columns, then
/// rows (Bluestein's algorithm for lengths with a prime factor above 100, as fft2); the
/// 1/(rows*cols) is applied here. Matches numpy to 1e-12 relative to max |f|
/// (tests/core/spectrum_test.cpp). Used to synthesise fields with a prescribed spectrum.
Field ifft2_real(const ComplexField& spectrum);

/// The half spectrum of a real rows x cols field, as numpy.fft.rfft2: the F(ky, kx) of fft2()
/// for kx = 0 .. cols/2 only, rows x (cols/2 + 1), row-major, unshifted (ky = 0 in row 0),
/// unnormalised. The columns left out are conj F(-ky, -kx) (Hermitian symmetry). Any sizes
/// >= 1, odd or even, prime included (the transforms of fft2(), Bluestein's algorithm for a
/// length with a prime factor above 100), with half the memory and column transforms of fft2().
/// Matches numpy to 1e-12 relative to max |F| (tests/core/spectrum_test.cpp).
ComplexField rfft2(const Field& field);

/// The real rows x cols field of a half spectrum, as numpy.fft.irfft2(half, s=(rows, cols)):
///   f(y, x) = (1/(rows*cols)) sum_{ky,kx} F(ky, kx) exp(+2 pi i (ky y / rows + kx x / cols)),
/// F the Hermitian spectrum whose columns kx = 0 .. cols/2 are `half` (rows x (cols/2 + 1); the
/// other columns are taken as conj F(-ky, -kx)). So irfft2(rfft2(f), cols) == f, and for any
/// half spectrum of a Hermitian F it equals ifft2_real(F). cols is needed because cols = 2m and
/// 2m + 1 have the same half width m + 1 (asserts half.cols == cols/2 + 1, rows, cols >= 1).
/// As numpy: complex inverse transforms of the columns, then per row a real inverse transform
/// that reads only the real part of kx = 0 and (cols even) kx = cols/2, which a Hermitian F has
/// real. The 1/(rows*cols) is applied here. Row transforms: KissFFT's real inverse when cols is
/// even and cols/2 has no prime factor above 100; otherwise the row is extended by symmetry to
/// cols values and transformed by the complex inverse (Bluestein's algorithm for a prime factor
/// above 100), as RealFft does forwards. Takes `half` by value: pass an rvalue and its memory is
/// the workspace. Matches numpy to 1e-12 relative to max |f| (tests/core/spectrum_test.cpp).
Field irfft2(ComplexField half, int cols);

/// Power spectrum |F|^2 / (rows*cols), unshifted (pysteps' rapsd normalisation: standard
/// Gaussian noise has expected power 1 at every frequency; by Parseval the mean of the
/// power spectrum equals the mean of f^2).
Field power_spectrum(const ComplexField& spectrum);

/// numpy.fft.fftshift: moves (0, 0) to (rows/2, cols/2) (integer division), for any sizes.
template <class T>
Grid<T> fftshift(const Grid<T>& g) {
    Grid<T> out(g.rows, g.cols);
    for (int r = 0; r < g.rows; ++r) {
        const int rr = (r + g.rows / 2) % g.rows;
        for (int c = 0; c < g.cols; ++c) out.at(rr, (c + g.cols / 2) % g.cols) = g.at(r, c);
    }
    return out;
}

/// log10 of the power spectrum, floored at floor_power (so zeros stay finite):
/// out = log10(max(power, floor_power)). Units: decades of power.
Field log10_power(const Field& power, double floor_power = 1e-20);

/// Phase angle atan2(Im F, Re F) in radians, in (-pi, pi]; 0 where F = 0.
Field phase(const ComplexField& spectrum);

/// The DFT of real sequences of one length n >= 1, as numpy.fft.rfft (no scaling):
///   X[k] = sum_{j=0}^{n-1} x[j] exp(-2 pi i j k / n),  k = 0 .. n/2 (n/2 + 1 values).
/// Planned once per length and applied many times (the STFT's frames); forward() uses the
/// plan's scratch memory, so one plan serves one thread at a time.
/// Algorithm: KissFFT's real transform when n is even, its complex transform when n is odd.
/// KissFFT's generic butterfly for a prime factor p costs n*p operations, so a length with a
/// prime factor above 100 goes through Bluestein's chirp-z algorithm instead: the same DFT as
/// a convolution, computed with KissFFT transforms of a 2,3,5-smooth length >= 2n-1, O(n log n)
/// (`make bench` measures both). Only rounding differs: ~1e-15 relative to max |X| either way
/// (tests/core/spectrum1d_test.cpp).
class RealFft {
public:
    explicit RealFft(int n);
    ~RealFft();
    RealFft(RealFft&&) noexcept;
    RealFft& operator=(RealFft&&) noexcept;
    RealFft(const RealFft&) = delete;
    RealFft& operator=(const RealFft&) = delete;

    int size() const;
    /// x: n values; out: n/2 + 1 values.
    void forward(const double* x, std::complex<double>* out);
    /// Two sequences at once: forward(x0, out0) and forward(x1, out1) (same definition, units
    /// and shapes: x0, x1 n values each; out0, out1 n/2 + 1 values each, no scaling), in about
    /// the time of one. Where KissFFT's real transform serves n, its SIMD build with two doubles
    /// per lane (which WebAssembly runs as f64x2): bit for bit forward()'s values. Otherwise
    /// (odd n, Bluestein) one complex transform of x0 + i x1, split by Hermitian symmetry:
    /// X0[k] = (Z[k] + conj Z[n-k]) / 2, X1[k] = (Z[k] - conj Z[n-k]) / 2i; rounding then
    /// differs from forward()'s by ~1e-16 relative to the larger of max |X0|, max |X1|.
    void forward_pair(const double* x0, const double* x1, std::complex<double>* out0, std::complex<double>* out1);

private:
    struct Plan;
    std::unique_ptr<Plan> plan_;
};

}  // namespace tide::core
