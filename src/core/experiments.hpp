// Three experiments around the essay's argument (issue 16): noise with the data's own spectrum
// (no frequency drowns first), what the Fourier phase carries, and the rising tide along the mel
// axis of a spectrogram (cepstral coefficients).
#pragma once

#include <cstdint>
#include <vector>

#include "field.hpp"
#include "result.hpp"

namespace tide::core {

/// Noise coloured by a spectrum at the total power of white noise of sigma (the "EqualSNR"
/// process of Falck et al. 2025): n = sigma ifft2(g * fft2(eps)), eps = gaussian_noise(rows,
/// cols, seed), g(k)^2 = P(r_k) / m with P = power, a radial spectrum in rapsd()'s bins
/// (power[r] at freq r/L, L = max(rows, cols); e.g. the corpus mean RAPSD), r_k = round(sqrt(
/// kx^2 + ky^2)) of the coefficient's signed integer wavenumbers as rapsd() bins it, DC (r = 0,
/// which holds the mean level, not noise) and the corners beyond the last bin taken at bins 1
/// and the last; m the mean of P(r_k) over all rows*cols coefficients. So the mean of g^2 is 1
/// and E[mean n^2] = sigma^2 (Parseval), as for sigma eps; the noise's expected RAPSD is
/// sigma^2 P / m, the spectrum's own shape, and x0 + n keeps x0's slope at every sigma when P is
/// x0's spectrum (tests/core/experiments_test.cpp: the fitted slope of the mean RAPSD over 8
/// draws within 0.05 of the clean one at the essay's seven sigmas, 0.02 .. 50 (0.017 at most on
/// kde_parrot and gnome_mountain), where white noise of the same sigma flattens it by 0.2 to
/// 2.9 from sigma 0.07 on).
/// rows, cols >= 1; power.size() >= 2 with power[1..] > 0; sigma >= 0 (asserts).
Field equal_snr_noise(int rows, int cols, const std::vector<double>& power, double sigma, std::uint64_t seed);

/// The image with the Fourier magnitude of `magnitude_of` and the phase of `phase_of`
/// (Oppenheim and Lim 1981): ifft2_real(|A| exp(i arg B)), A = fft2(magnitude_of),
/// B = fft2(phase_of), arg 0 where B = 0 (std::arg). Both of one shape (else a failure saying
/// so). Real because |A| is even and arg B odd. A field with its own magnitude and phase comes
/// back to 1e-9 (tests/core/experiments_test.cpp); matches numpy's
/// real(ifft2(abs(fft2(a)) exp(1j angle(fft2(b))))) to 1e-12 relative to max.
Result<Field> phase_swap(const Field& magnitude_of, const Field& phase_of);

/// How alike two fields' edges are: the correlation of their gradients, with periodic forward
/// differences (the DFT's own boundary), dy a(r, c) = a(r+1 mod rows, c) - a(r, c) and dx likewise:
/// sum (dy a dy b + dx a dx b) / sqrt(sum (dy a^2 + dx a^2) sum (dy b^2 + dx b^2)), in [-1, 1];
/// 0 when either field is constant. A difference weights each frequency's power by
/// 4 sin^2(pi k / n), so this measure is about detail and edges, where pixel correlation would be
/// ruled by the coarsest frequencies. Both fields of one shape (asserts). Matches numpy with
/// np.roll differences to 1e-12 (tests/core/experiments_test.cpp). The phase figure's measure of
/// which photograph a swap resembles.
double gradient_correlation(const Field& a, const Field& b);

/// The rising tide along the mel axis of a log-mel spectrogram (n_mels x frames, dB): the
/// orthonormal DCT-II down each column (dct2_ortho_rows, all n_mels coefficients, as the MFCC
/// figure) of the clean spectrogram, of the spectrogram plus Gaussian noise of sigma dB
/// (eps = gaussian_noise(n_mels, frames, seed), row-major), and of the noise alone; for each
/// coefficient k its variance across frames (ddof = 1, numpy.var(..., ddof=1) along axis 1).
/// The orthonormal DCT maps i.i.d. N(0, sigma^2) to i.i.d. N(0, sigma^2) (Parseval), so noise[k]
/// is sigma^2 within sampling error; coefficients with clean[k] > sigma^2 stay above the noise:
/// the high quefrencies drown first. frames >= 2, sigma >= 0.
struct CepstralVariance {
    std::vector<double> clean;  ///< n_mels values
    std::vector<double> noisy;
    std::vector<double> noise;
};
CepstralVariance cepstral_variance(const Field& log_mel, double sigma, std::uint64_t seed);

/// The coefficients k whose clean variance is above sigma^2, in increasing order.
std::vector<int> cepstral_above(const CepstralVariance& v, double sigma);

}  // namespace tide::core
