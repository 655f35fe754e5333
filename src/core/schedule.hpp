// Noise schedules of diffusion models and the highest frequency still above the noise.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "result.hpp"

namespace tide::core {

enum class Schedule {
    rectified_flow,  ///< x_t = (1-t) x0 + t eps: alpha = 1-t, sigma = t
    cosine,          ///< variance preserving: alpha = cos(pi t / 2), sigma = sin(pi t / 2)
};

struct NoiseLevel {
    double alpha = 1.0;  ///< scale of the clean image
    double sigma = 0.0;  ///< scale of the standard Gaussian noise
};

/// alpha(t), sigma(t) for t in [0, 1] (clamped; NaN is a programmer error). The cosine
/// schedule's end points are exact: (1, 0) at t = 0 and (0, 1) at t = 1.
NoiseLevel noise_level(Schedule schedule, double t);

/// "rf" / "cosine" (also "rectified-flow", "vp") to a schedule; an unknown name is an error
/// ("'linear' is not a schedule: rf or cosine").
Result<Schedule> parse_schedule(const std::string& name);
/// The same as a bool and an out-parameter (the schedule tests' form); code uses the Result above.
inline bool parse_schedule(const std::string& name, Schedule& out) {
    auto parsed = parse_schedule(name);
    if (parsed) out = parsed.value();
    return parsed.ok();
}
const char* schedule_name(Schedule schedule);  ///< "rf" or "cosine"

/// Stable Diffusion 3's time shift: t' = s t / (1 + (s - 1) t), t in [0, 1], s > 0 (s = 1:
/// t' = t; s > 1 spends more steps at high noise). Fixes 0 and 1. On rectified flow it
/// divides the SNR by s^2: (1 - t') / t' = (1 - t) / (s t), so logSNR(t') = logSNR(t) - 2 ln s.
/// Esser et al., "Scaling rectified flow transformers" (2024), eq. 23.
double shift_time(double t, double shift);

// ---------------------------------------------------------------------------------------------
// The schedules of the work that followed the essay (issue 16), as one value type. The enum
// above and its functions stay as they were; NoiseSchedule{rectified_flow} and {cosine} give
// the same numbers bit for bit (noise_level() forwards to the enum's).

enum class ScheduleKind {
    rectified_flow,  ///< alpha = 1-t, sigma = t
    cosine,          ///< alpha = cos(pi t/2), sigma = sin(pi t/2)
    sd3,             ///< rectified flow at t' = shift_time(t, shift) (Esser et al. 2024)
    edm,             ///< variance exploding (Karras et al. 2022): alpha = 1, sigma = edm_sigma(t)
    simple,          ///< simple diffusion's shifted cosine (Hoogeboom et al. 2023), resolution d
};

/// EDM's range and its rho (Karras, Aittala, Aila and Laine 2022, table 1).
inline constexpr double kEdmSigmaMin = 0.002, kEdmSigmaMax = 80.0, kEdmRho = 7.0;

struct NoiseSchedule {
    ScheduleKind kind = ScheduleKind::rectified_flow;
    double shift = 3.0;      ///< sd3 only: s > 0 (SD3 uses 3 at 1024^2 pixels)
    double resolution = 64;  ///< simple only: d in pixels (> 0); d = 64 is the plain cosine
};

/// alpha(t), sigma(t), t in [0, 1] (clamped; NaN is a programmer error):
/// - rectified_flow, cosine: noise_level(Schedule, t) above;
/// - sd3: (1 - t', t'), t' = shift_time(t, shift);
/// - edm: (1, edm_sigma(t)): the continuous form of EDM's sampling steps,
///   sigma(t) = (smin^(1/rho) + t (smax^(1/rho) - smin^(1/rho)))^rho, smin = 0.002, smax = 80,
///   rho = 7, so sigma(0) = 0.002 and sigma(1) = 80 (never exactly clean nor pure noise);
/// - simple: variance preserving with logSNR(t) = -2 ln tan(pi t/2) + 2 ln(64/d), computed as
///   alpha = k c / sqrt(k^2 c^2 + s^2), sigma = s / sqrt(k^2 c^2 + s^2), c = cos(pi t/2),
///   s = sin(pi t/2), k = 64/d; the end points exact ((1, 0) and (0, 1)).
/// Matches tests/reference/reference.py schedule_level to 1e-12 relative
/// (tests/core/schedule_test.cpp, golden schedule_*.txt).
NoiseLevel noise_level(const NoiseSchedule& schedule, double t);

/// logSNR(t) = ln(alpha^2 / sigma^2), natural log, from each schedule's own closed form:
/// rectified_flow 2 ln((1-t)/t); sd3 the same at t'; cosine -2 ln tan(pi t/2); simple that
/// + 2 ln(64/d); edm -2 ln sigma(t). +inf where sigma = 0, -inf where alpha = 0. Matches numpy
/// to 1e-12 relative (absolute below |logSNR| = 1).
double log_snr(const NoiseSchedule& schedule, double t);

/// EDM's continuous sigma(t) (see noise_level), t in [0, 1] clamped.
double edm_sigma(double t);

/// EDM's N sampling steps, i = 0 .. N-1 (N >= 2, asserts):
/// sigma_i = (smax^(1/rho) + i/(N-1) (smin^(1/rho) - smax^(1/rho)))^rho, from 80 down to 0.002;
/// edm_sigma(1 - i/(N-1)) gives the same to rounding. Karras et al. (2022), eq. 5.
std::vector<double> edm_sigma_steps(int n, double sigma_min = kEdmSigmaMin, double sigma_max = kEdmSigmaMax,
                                    double rho = kEdmRho);

/// "rf", "cosine", "sd3", "edm", "simple" (also "rectified-flow", "vp") to a kind; an unknown
/// name is an error ("'x' is not a schedule: rf, cosine, sd3, edm or simple").
Result<ScheduleKind> parse_schedule_kind(const std::string& name);
const char* schedule_kind_name(ScheduleKind kind);

/// Highest frequency at which the clean spectrum stays above tau times the noise power:
/// the largest freq[i], i >= 1 (DC excluded), with power[i] > tau * noise_power; 0 if none.
/// For x_t = alpha x0 + sigma eps pass noise_power = (sigma/alpha)^2 (inf when alpha = 0:
/// then the answer is 0). freq in cycles/pixel (Nyquist 0.5), power as rapsd(); tau > 0 and
/// noise_power >= 0 (asserts). On an exact power law P(f) = C f^-alpha this is the largest bin
/// frequency below f* = (C / (tau noise_power))^(1/alpha) (tests/core/schedule_test.cpp).
double f_max(const std::vector<double>& freq, const std::vector<double>& power, double tau, double noise_power);

/// f_max at t_j = j/(steps+1), j = 1..steps (>= 1), for a schedule: pairs (t, f_max), with
/// noise_power = (sigma(t)/alpha(t))^2 from noise_level().
std::vector<std::pair<double, double>> f_max_curve(const std::vector<double>& freq, const std::vector<double>& power,
                                                   double tau, Schedule schedule, int steps);
/// The same for any NoiseSchedule (noise_power from noise_level(schedule, t); for rf and cosine
/// identical to the enum's).
std::vector<std::pair<double, double>> f_max_curve(const std::vector<double>& freq, const std::vector<double>& power,
                                                   double tau, const NoiseSchedule& schedule, int steps);

}  // namespace tide::core
