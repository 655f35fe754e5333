// Denoising as low-pass filtering (denoise.hpp): Wiener, hard cut and heat-dissipation filters.
#include "denoise.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <complex>
#include <limits>
#include <utility>

#include "constants.hpp"
#include "spectrum.hpp"

namespace tide::core {

namespace {

/// Multiplies every DFT coefficient of x by gain(f), f = dft_frequency, and transforms back.
/// The half spectrum suffices: f is the same at (ky, kx) and (-ky, -kx), so the product stays
/// Hermitian and its other half is implied.
template <class Gain>
Field dft_filter(const Field& x, Gain gain) {
    ComplexField spectrum = rfft2(x);
    for (int ky = 0; ky < spectrum.rows; ++ky) {
        for (int kx = 0; kx < spectrum.cols; ++kx) spectrum.at(ky, kx) *= gain(dft_frequency(ky, kx, x.rows, x.cols));
    }
    return irfft2(std::move(spectrum), x.cols);
}

}  // namespace

double PowerLawPrior::power(double f, double f_floor) const {
    assert(f_floor > 0);
    return std::pow(10.0, log10_amplitude) * std::pow(std::max(f, f_floor), -exponent);
}

double dft_frequency(int ky, int kx, int rows, int cols) {
    const double fy = static_cast<double>(ky < (rows + 1) / 2 ? ky : ky - rows) / rows;
    const double fx = static_cast<double>(kx < (cols + 1) / 2 ? kx : kx - cols) / cols;
    return std::sqrt(fy * fy + fx * fx);
}

double wiener_gain(double clean_power, NoiseLevel level) {
    const double signal = level.alpha * level.alpha * clean_power;
    const double noise = level.sigma * level.sigma;
    if (noise == 0.0) return 1.0;
    return signal / (signal + noise);
}

double tide_frequency(const PowerLawPrior& prior, NoiseLevel level, double tau) {
    assert(tau > 0);
    if (level.sigma == 0.0) return std::numeric_limits<double>::infinity();
    if (level.alpha == 0.0) return 0.0;
    // alpha^2 A f^-e = tau sigma^2  <=>  f = (alpha^2 A / (tau sigma^2))^(1/e), in logs for range.
    const double log10_f = (2.0 * std::log10(std::abs(level.alpha)) + prior.log10_amplitude - std::log10(tau) -
                            2.0 * std::log10(level.sigma)) /
                           prior.exponent;
    return std::pow(10.0, log10_f);
}

double heat_gain(double f, double sigma_b) {
    const double lambda = (2.0 * pi * f) * (2.0 * pi * f);
    return std::exp(-lambda * sigma_b * sigma_b / 2.0);
}

double heat_sigma_for_half_gain(double f_half) {
    assert(f_half > 0);
    return std::sqrt(2.0 * std::log(2.0)) / (2.0 * pi * f_half);
}

Field prior_power_grid(const PowerLawPrior& prior, int rows, int cols) {
    Field grid(rows, cols);
    const double f_floor = 1.0 / std::max(rows, cols);
    for (int ky = 0; ky < rows; ++ky) {
        for (int kx = 0; kx < cols; ++kx) grid.at(ky, kx) = prior.power(dft_frequency(ky, kx, rows, cols), f_floor);
    }
    return grid;
}

Field wiener_denoise(const Field& x_t, const Field& power_grid, NoiseLevel level) {
    assert(power_grid.rows == x_t.rows && power_grid.cols == x_t.cols);
    if (level.alpha == 0.0) return Field(x_t.rows, x_t.cols);
    // The half spectrum (kx = 0 .. cols/2): the gain is symmetric in (ky, kx) -> (-ky, -kx).
    ComplexField spectrum = rfft2(x_t);
    const double inv_alpha = 1.0 / level.alpha;
    for (int ky = 0; ky < spectrum.rows; ++ky) {
        const double* power = &power_grid.at(ky, 0);
        std::complex<double>* coefficient = &spectrum.at(ky, 0);
        for (int kx = 0; kx < spectrum.cols; ++kx) coefficient[kx] *= wiener_gain(power[kx], level) * inv_alpha;
    }
    return irfft2(std::move(spectrum), x_t.cols);
}

Field wiener_denoise(const Field& x_t, const PowerLawPrior& prior, NoiseLevel level) {
    if (level.alpha == 0.0) return Field(x_t.rows, x_t.cols);
    return wiener_denoise(x_t, prior_power_grid(prior, x_t.rows, x_t.cols), level);
}

Field low_pass_cut(const Field& x, double f_cut, double scale) {
    assert(f_cut >= 0);
    return dft_filter(x, [&](double f) { return f <= f_cut ? scale : 0.0; });
}

Field heat_blur(const Field& x, double sigma_b) {
    assert(sigma_b >= 0);
    if (sigma_b == 0.0 || x.size() == 0) return x;
    // Half-sample mirror extension: e(r, c) = x(r', c') with r' = r or 2N-1-r, the same for c.
    const int n = x.rows, m = x.cols;
    Field extended(2 * n, 2 * m);
    for (int r = 0; r < 2 * n; ++r) {
        const int rr = r < n ? r : 2 * n - 1 - r;
        for (int c = 0; c < 2 * m; ++c) extended.at(r, c) = x.at(rr, c < m ? c : 2 * m - 1 - c);
    }
    // DFT index k of the extension is DCT index k, at k / (2N) cycles/pixel: lambda = (pi k / N)^2.
    const Field blurred = dft_filter(extended, [&](double f) { return heat_gain(f, sigma_b); });
    Field out(n, m);
    for (int r = 0; r < n; ++r) {
        for (int c = 0; c < m; ++c) out.at(r, c) = blurred.at(r, c);
    }
    return out;
}

double psnr_db(const Field& estimate, const Field& reference, double peak_to_peak) {
    assert(estimate.rows == reference.rows && estimate.cols == reference.cols && estimate.size() > 0);
    double sum = 0.0;
    for (std::size_t i = 0; i < estimate.size(); ++i) {
        const double d = estimate.data[i] - reference.data[i];
        sum += d * d;
    }
    const double mse = sum / static_cast<double>(estimate.size());
    if (mse == 0.0) return std::numeric_limits<double>::infinity();
    return 10.0 * std::log10(peak_to_peak * peak_to_peak / mse);
}

LowPassEstimates low_pass_estimates(const Field& x0, const Field& eps, const PowerLawPrior& prior, NoiseLevel level) {
    assert(level.alpha > 0.0 && eps.rows == x0.rows && eps.cols == x0.cols);
    LowPassEstimates e;
    e.f_max = tide_frequency(prior, level);
    // No noise: nothing to remove (the filters keep every frequency).
    e.f_keep = std::min(e.f_max, 1.0);
    e.sigma_b = std::isinf(e.f_max) ? 0.0 : heat_sigma_for_half_gain(std::max(e.f_max, 1e-12));
    e.x_t = Field(x0.rows, x0.cols);
    e.noisy = Field(x0.rows, x0.cols);
    for (std::size_t i = 0; i < x0.size(); ++i) {
        e.x_t.data[i] = level.alpha * x0.data[i] + level.sigma * eps.data[i];
        e.noisy.data[i] = e.x_t.data[i] / level.alpha;
    }
    e.wiener = wiener_denoise(e.x_t, prior, level);
    e.cut = low_pass_cut(e.x_t, e.f_keep, 1.0 / level.alpha);
    e.heat = heat_blur(x0, e.sigma_b);
    e.psnr_noisy = psnr_db(e.noisy, x0);
    e.psnr_wiener = psnr_db(e.wiener, x0);
    e.psnr_cut = psnr_db(e.cut, x0);
    e.psnr_heat = psnr_db(e.heat, x0);
    e.psnr_cut_clean = psnr_db(low_pass_cut(x0, e.f_keep), x0);
    return e;
}

}  // namespace tide::core
