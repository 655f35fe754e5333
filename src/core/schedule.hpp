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

}  // namespace tide::core
