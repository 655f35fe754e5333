// Denoising as low-pass filtering: the optimal linear denoiser (a Wiener filter) of images
// modelled by the power law the corpus fits, beside a hard radial cut and heat dissipation.
// The picture behind the essay's "approximate equivalence between adding noise and low-pass
// filtering" (Dieleman 2024; heat dissipation: Rissanen, Heinonen and Solin 2022).
#pragma once

#include "field.hpp"
#include "schedule.hpp"

namespace tide::core {

/// The model of natural images' spectra: P(f) = 10^log10_amplitude * f^-exponent, in the
/// RAPSD's normalisation (|F|^2 / (rows*cols): standard Gaussian noise has power 1), f in
/// cycles/pixel. `exponent` is the essay's alpha (e.g. tide fit's alpha and intercept).
/// DC has no finite value on a power law: P is held at its value at the lowest non-zero
/// frequency of the grid, f_floor = 1 / max(rows, cols), for every f below it (f = 0 too).
struct PowerLawPrior {
    double log10_amplitude = 0.0;
    double exponent = 2.0;
    /// P(max(f, f_floor)); f_floor > 0.
    double power(double f, double f_floor) const;
};

/// Radial frequency of the DFT coefficient (ky, kx) of a rows x cols field, in cycles/pixel:
/// sqrt(fy^2 + fx^2) with fy = ky/rows, fx = kx/cols taken as numpy.fft.fftfreq does
/// (indices above half the length are negative frequencies). The same frequency the RAPSD's
/// bins round (for square fields; rapsd.hpp).
double dft_frequency(int ky, int kx, int rows, int cols);

/// Wiener gain of the optimal linear estimate of x0 from x_t = alpha x0 + sigma eps, measured
/// against x0: alpha^2 P / (alpha^2 P + sigma^2), in [0, 1]. The estimate is
/// x0_hat(f) = alpha P / (alpha^2 P + sigma^2) x_t(f) = gain / alpha * x_t(f). It is 1/2 exactly
/// where the clean signal's power alpha^2 P meets the noise's sigma^2: at f_max with tau = 1.
/// sigma = 0 gives 1; alpha = 0 (with sigma > 0) gives 0.
double wiener_gain(double clean_power, NoiseLevel level);

/// The frequency where alpha^2 P(f) = tau sigma^2 on the prior's power law (the continuous
/// f_max): f* = (alpha^2 10^log10_amplitude / (tau sigma^2))^(1/exponent), cycles/pixel.
/// +inf when sigma = 0; 0 when alpha = 0. tau > 0 (asserts).
double tide_frequency(const PowerLawPrior& prior, NoiseLevel level, double tau = 1.0);

/// Gain of heat dissipation at radial frequency f (cycles/pixel) after "time" sigma_b^2 / 2:
/// exp(-lambda sigma_b^2 / 2), lambda = (2 pi f)^2, which for the DCT-II coefficient (n, m) of an
/// N x M image is (pi n / N)^2 + (pi m / M)^2, as Rissanen et al. (2022) write it.
double heat_gain(double f, double sigma_b);
/// The sigma_b whose heat gain is 1/2 at f_half: sqrt(2 ln 2) / (2 pi f_half). f_half > 0.
double heat_sigma_for_half_gain(double f_half);

/// E[x0 | x_t] under the Gaussian model with spectrum `prior` (the optimal linear denoiser):
/// every DFT coefficient of x_t times alpha P(f) / (alpha^2 P(f) + sigma^2), f = dft_frequency
/// (DC: P held at f_floor, see PowerLawPrior). alpha = 0 gives zeros. Shape of x_t.
/// Computed on the half spectrum (rfft2, gain, irfft2: the gain is symmetric in f). Matches
/// numpy's fft2/ifft2 of the same formula to 1e-12 (tests/core/denoise_test.cpp).
Field wiener_denoise(const Field& x_t, const PowerLawPrior& prior, NoiseLevel level);

/// P(f) at every DFT coefficient of a rows x cols field (f = dft_frequency, floor 1/max(rows,
/// cols)): what wiener_denoise() computes each call, for callers that filter many fields.
Field prior_power_grid(const PowerLawPrior& prior, int rows, int cols);
/// wiener_denoise() with P given per coefficient (prior_power_grid(), same shape as x_t). Only
/// the columns kx = 0 .. cols/2 are read (the filter works on the half spectrum, rfft2/irfft2):
/// P must be symmetric, P(ky, kx) = P(-ky, -kx) (indices mod rows, cols), as prior_power_grid() is.
Field wiener_denoise(const Field& x_t, const Field& power_grid, NoiseLevel level);

/// The ideal low-pass filter: every DFT coefficient with dft_frequency > f_cut set to zero, the
/// rest multiplied by `scale` (1/alpha to read x_t on x0's scale). f_cut >= 0.5 * sqrt(2) keeps all.
Field low_pass_cut(const Field& x, double f_cut, double scale = 1.0);

/// Heat dissipation: each coefficient of the orthonormal 2-D DCT-II of x times
/// heat_gain(f, sigma_b), f = sqrt((n/2N)^2 + (m/2M)^2) cycles/pixel, then the inverse DCT.
/// Computed exactly as a DFT filter of x's half-sample mirror extension (2N x 2M), which is
/// what a DCT-domain gain is. Matches scipy.fft.dctn/idctn (norm='ortho') to 1e-12
/// (tests/core/denoise_test.cpp). sigma_b >= 0; 0 returns x.
Field heat_blur(const Field& x, double sigma_b);

/// Peak signal-to-noise ratio of an estimate against a reference of the same shape, in dB:
/// 10 log10(peak_to_peak^2 / mean squared error); peak_to_peak 2 for images in [-1, 1]. +inf
/// when they are equal.
double psnr_db(const Field& estimate, const Field& reference, double peak_to_peak = 2.0);

/// The lowpass figure's and `tide denoise`'s four pictures of one photograph at one noise level,
/// computed in one place so the page's numbers are the CLI's by construction. All fields have
/// x0's shape; PSNRs in dB against x0 (psnr_db, peak to peak 2).
struct LowPassEstimates {
    Field x_t;           ///< alpha x0 + sigma eps
    Field noisy;         ///< x_t / alpha: the noisy image on x0's scale
    Field wiener;        ///< wiener_denoise(x_t, prior, level): E[x0 | x_t] under the Gaussian model
    Field cut;           ///< low_pass_cut(x_t, f_keep, 1 / alpha): the noisy image with f > f_max removed
    Field heat;          ///< heat_blur(x0, sigma_b): x0 blurred to gain 1/2 at f_max
    double f_max = 0;    ///< tide_frequency(prior, level): where alpha^2 P = sigma^2 (cycles/pixel; +inf if sigma = 0)
    double f_keep = 0;   ///< min(f_max, 1): the cut's frequency (1 keeps every coefficient)
    double sigma_b = 0;  ///< heat_sigma_for_half_gain(f_max), 0 when sigma = 0
    double psnr_noisy = 0, psnr_wiener = 0, psnr_cut = 0, psnr_heat = 0;
    double psnr_cut_clean = 0;  ///< of low_pass_cut(x0, f_keep): the cut of the clean photograph
};

/// x_t = alpha x0 + sigma eps (eps: standard Gaussian noise of x0's shape) and the estimates of x0
/// from it. alpha > 0 (asserts): at alpha = 0 nothing of x0 is left to estimate.
LowPassEstimates low_pass_estimates(const Field& x0, const Field& eps, const PowerLawPrior& prior, NoiseLevel level);

}  // namespace tide::core
