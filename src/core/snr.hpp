// Signal-to-noise over frequency and time, and where a training run spends its noise levels:
// the SNR map of a spectrum under a noise schedule (its contour at tau is f_max), the training
// distributions over noise levels pushed through f_max into a distribution over spatial
// frequency, and the human contrast sensitivity function to set beside it (issue 16).
#pragma once

#include <cstdint>
#include <vector>

#include "field.hpp"
#include "noise.hpp"
#include "schedule.hpp"

namespace tide::core {

/// SNR(f, t) = alpha(t)^2 R(f) / sigma(t)^2 in dB over t_j = j/(steps+1), j = 1..steps, and the
/// non-DC bins f_i = freq[i], i = 1 .. n-1, of a spectrum R = power (RAPSD units, freq in
/// cycles/pixel, increasing, DC in bin 0). Computed as 10 log10 R + (10 / ln 10) logSNR(t)
/// (log_snr(), the schedule's closed form): db.at(j-1, i-1). Infinite where alpha or sigma is 0
/// (not on this grid). Matches numpy's 10 log10(alpha^2 R / sigma^2) to 1e-9 dB
/// (tests/core/snr_test.cpp, golden snrmap_*.txt). steps >= 1, power > 0 above DC (asserts).
struct SnrMap {
    std::vector<double> t;     ///< steps values
    std::vector<double> freq;  ///< freq[1..], n-1 values
    Field db;                  ///< steps x (n-1)
};
SnrMap snr_map(const std::vector<double>& freq, const std::vector<double>& power, const NoiseSchedule& schedule,
               int steps);

/// The map's contour SNR = tau, read by the definition of f_max: at each t of the map's grid the
/// largest f_i with alpha^2 R(f_i) > tau sigma^2 (0 if none); exactly f_max_curve(freq, power,
/// tau, schedule, steps), which `tide fmax` prints (the test compares the two commands). In the
/// map, db at the contour's bin is above 10 log10 tau and every later bin at or below it (up to
/// the rounding of the dB values: tests/core/snr_test.cpp).
std::vector<std::pair<double, double>> snr_contour(const std::vector<double>& freq, const std::vector<double>& power,
                                                   double tau, const NoiseSchedule& schedule, int steps);

/// The distribution of noise levels a training run draws, as the CDF of logSNR = ln(alpha^2 /
/// sigma^2) (every quantity here depends on the noise level only through it):
/// - rectified_flow: t ~ U(0, 1) (Liu et al. 2022): P(logSNR <= x) = 1 / (1 + exp(-x/2));
/// - cosine, simple: t ~ U(0, 1) (Nichol and Dhariwal 2021; Hoogeboom et al. 2023):
///   1 - (2/pi) atan(exp(-(x - b)/2)), b = 0 (cosine) or 2 ln(64/d) (simple);
/// - sd3: t = shift_time(1 / (1 + exp(-n)), s), n ~ N(0, 1) (logit-normal(0, 1), then the
///   shift; Esser et al. 2024): logSNR = -2 n - 2 ln s, so Phi((x + 2 ln s) / 2);
/// - edm: ln sigma ~ N(-1.2, 1.2^2), alpha = 1 (Karras et al. 2022): logSNR = -2 ln sigma,
///   Phi((x - 2.4) / 2.4).
/// Phi(z) = erfc(-z / sqrt 2) / 2. x = +-inf give 1 and 0. Matches scipy to 1e-12 (via the
/// effort golden files).
double training_log_snr_cdf(const NoiseSchedule& schedule, double x);

/// One noise level drawn from that distribution with `noise` (GaussianNoise: its next() for n,
/// u = (next_u64() >> 11) 2^-53 for a uniform t): (alpha, sigma) = noise_level(schedule, u)
/// (rf, cosine, simple), noise_level(schedule, 1 / (1 + exp(-n))) (sd3, shifted there), and
/// (1, exp(-1.2 + 1.2 n)) (edm, unbounded by EDM's sampling range).
NoiseLevel draw_training_level(const NoiseSchedule& schedule, GaussianNoise& noise);

/// Where training effort goes: the distribution of f_max over the training noise levels, per
/// bin of the spectrum (freq as rapsd(), DC in bin 0, equally spaced by df = freq[1] - freq[0]).
/// probability[i] = P(f_max = freq[i]); bin 0 holds P(f_max = 0), the noise levels where nothing
/// is above the noise. density = probability / df (per cycle/pixel): a histogram density whose
/// sum times df is 1.
struct Effort {
    std::vector<double> freq;
    std::vector<double> probability;
    std::vector<double> density;
};

/// The exact distribution, by change of variables through logSNR: bin i >= 1 is f_max exactly
/// when tau q < R_i and tau q >= S_i = max_{j > i} R_j (q = sigma^2/alpha^2 = exp(-logSNR)), so
/// P_i = F(ln tau - ln S_i) - F(ln tau - ln R_i) when R_i > S_i (else 0; F(+inf) = 1 for the
/// last bin), P_0 = F(ln tau - ln S_0), F = training_log_snr_cdf. The probabilities sum to 1
/// (to rounding: tests check 1e-12). Matches tests/reference/reference.py
/// effort_probabilities to 1e-12 absolute. freq.size() >= 2, power > 0 above DC, tau > 0.
Effort effort_exact(const std::vector<double>& freq, const std::vector<double>& power, double tau,
                    const NoiseSchedule& schedule);

/// The same by Monte Carlo: `samples` levels from draw_training_level with GaussianNoise(seed),
/// each counted at its f_max(freq, power, tau, (sigma/alpha)^2) (alpha = 0 counts at 0).
/// Within binomial sampling error of effort_exact (tests/core/snr_test.cpp: 5 standard errors
/// per bin at 200,000 samples). samples >= 1.
Effort effort_monte_carlo(const std::vector<double>& freq, const std::vector<double>& power, double tau,
                          const NoiseSchedule& schedule, int samples, std::uint64_t seed);

/// The share of an Effort's probability at frequencies below `split` (freq[i] < split, DC's
/// bin included) and at or above it; below + above = the total (1).
struct EffortShares {
    double below = 0.0;
    double above = 0.0;
};
EffortShares effort_shares(const Effort& effort, double split);

/// Mannos and Sakrison (1974)'s contrast sensitivity function of human vision:
/// A(f) = 2.6 (0.0192 + 0.114 f) exp(-(0.114 f)^1.1), f in cycles per degree (>= 0); peaks at
/// 7.89 cycles/degree at 0.981. A(0) = 0.04992.
double csf_mannos_sakrison(double cycles_per_degree);

/// cycles/pixel to cycles/degree for a viewer at `pixels_per_degree` (> 0): f * ppd.
inline double cycles_per_degree(double cycles_per_pixel, double pixels_per_degree) {
    return cycles_per_pixel * pixels_per_degree;
}

}  // namespace tide::core
