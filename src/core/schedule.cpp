// Noise schedules (rectified flow, cosine) and f_max: where a spectrum sinks below the noise.
#include "schedule.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

#include "constants.hpp"

namespace tide::core {

namespace {
}  // namespace

NoiseLevel noise_level(Schedule schedule, double t) {
    assert(!std::isnan(t));
    t = std::clamp(t, 0.0, 1.0);
    switch (schedule) {
    case Schedule::rectified_flow:
        return {1.0 - t, t};
    case Schedule::cosine:
        // The end points exactly (cos(pi/2) is 6e-17 in floating point, not 0).
        if (t == 0.0) return {1.0, 0.0};
        if (t == 1.0) return {0.0, 1.0};
        return {std::cos(pi * t / 2.0), std::sin(pi * t / 2.0)};
    }
    assert(false && "unknown schedule");
    return {};
}

Result<Schedule> parse_schedule(const std::string& name) {
    if (name == "rf" || name == "rectified-flow") return Schedule::rectified_flow;
    if (name == "cosine" || name == "vp") return Schedule::cosine;
    return Result<Schedule>::failure("'" + name + "' is not a schedule: rf or cosine");
}

const char* schedule_name(Schedule schedule) {
    return schedule == Schedule::rectified_flow ? "rf" : "cosine";
}

double f_max(const std::vector<double>& freq, const std::vector<double>& power, double tau, double noise_power) {
    assert(freq.size() == power.size());
    assert(tau > 0.0 && noise_power >= 0.0);
    const double threshold = tau * noise_power;
    for (std::size_t i = freq.size(); i-- > 1;)
        if (power[i] > threshold) return freq[i];
    return 0.0;
}

std::vector<std::pair<double, double>> f_max_curve(const std::vector<double>& freq, const std::vector<double>& power,
                                                   double tau, Schedule schedule, int steps) {
    assert(steps >= 1);
    std::vector<std::pair<double, double>> out;
    out.reserve(static_cast<std::size_t>(steps));
    for (int j = 1; j <= steps; ++j) {
        const double t = static_cast<double>(j) / (steps + 1.0);
        const NoiseLevel level = noise_level(schedule, t);
        const double ratio = level.sigma / level.alpha;  // +inf when alpha = 0
        const double noise_power = level.alpha > 0.0 ? ratio * ratio : std::numeric_limits<double>::infinity();
        out.emplace_back(t, f_max(freq, power, tau, noise_power));
    }
    return out;
}

}  // namespace tide::core
