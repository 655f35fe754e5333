// Noise schedules (rectified flow, cosine, SD3's shift, EDM, simple diffusion) and f_max: where a spectrum sinks below
// the noise.
#include "schedule.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

#include "constants.hpp"

namespace tide::core {

namespace {

double clamp_t(double t) {
    assert(!std::isnan(t));
    return std::clamp(t, 0.0, 1.0);
}

}  // namespace

double shift_time(double t, double shift) {
    assert(shift > 0);
    return shift * t / (1.0 + (shift - 1.0) * t);
}

double edm_sigma(double t) {
    t = clamp_t(t);
    const double lo = std::pow(kEdmSigmaMin, 1.0 / kEdmRho), hi = std::pow(kEdmSigmaMax, 1.0 / kEdmRho);
    return std::pow(lo + t * (hi - lo), kEdmRho);
}

std::vector<double> edm_sigma_steps(int n, double sigma_min, double sigma_max, double rho) {
    assert(n >= 2 && sigma_min > 0 && sigma_max > sigma_min && rho > 0);
    const double lo = std::pow(sigma_min, 1.0 / rho), hi = std::pow(sigma_max, 1.0 / rho);
    std::vector<double> out(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) out[static_cast<std::size_t>(i)] = std::pow(hi + i / (n - 1.0) * (lo - hi), rho);
    return out;
}

NoiseLevel noise_level(const NoiseSchedule& schedule, double t) {
    t = clamp_t(t);
    switch (schedule.kind) {
        case ScheduleKind::rectified_flow:
            return noise_level(Schedule::rectified_flow, t);
        case ScheduleKind::cosine:
            return noise_level(Schedule::cosine, t);
        case ScheduleKind::sd3: {
            const double u = shift_time(t, schedule.shift);
            return {1.0 - u, u};
        }
        case ScheduleKind::edm:
            return {1.0, edm_sigma(t)};
        case ScheduleKind::simple: {
            assert(schedule.resolution > 0);
            if (t == 0.0) return {1.0, 0.0};
            if (t == 1.0) return {0.0, 1.0};
            const double k = 64.0 / schedule.resolution;
            const double c = std::cos(pi * t / 2.0), s = std::sin(pi * t / 2.0);
            const double norm = std::sqrt(k * k * c * c + s * s);
            return {k * c / norm, s / norm};
        }
    }
    assert(false && "unknown schedule");
    return {};
}

double log_snr(const NoiseSchedule& schedule, double t) {
    t = clamp_t(t);
    const double inf = std::numeric_limits<double>::infinity();
    switch (schedule.kind) {
        case ScheduleKind::rectified_flow:
        case ScheduleKind::sd3: {
            const double u = schedule.kind == ScheduleKind::sd3 ? shift_time(t, schedule.shift) : t;
            if (u == 0.0) return inf;
            if (u == 1.0) return -inf;
            return 2.0 * std::log((1.0 - u) / u);
        }
        case ScheduleKind::cosine:
        case ScheduleKind::simple: {
            if (t == 0.0) return inf;
            if (t == 1.0) return -inf;
            const double shift =
                schedule.kind == ScheduleKind::simple ? 2.0 * std::log(64.0 / schedule.resolution) : 0.0;
            return -2.0 * std::log(std::tan(pi * t / 2.0)) + shift;
        }
        case ScheduleKind::edm:
            return -2.0 * std::log(edm_sigma(t));
    }
    assert(false && "unknown schedule");
    return 0.0;
}

Result<ScheduleKind> parse_schedule_kind(const std::string& name) {
    if (name == "rf" || name == "rectified-flow") return ScheduleKind::rectified_flow;
    if (name == "cosine" || name == "vp") return ScheduleKind::cosine;
    if (name == "sd3") return ScheduleKind::sd3;
    if (name == "edm") return ScheduleKind::edm;
    if (name == "simple") return ScheduleKind::simple;
    return Result<ScheduleKind>::failure("'" + name + "' is not a schedule: rf, cosine, sd3, edm or simple");
}

const char* schedule_kind_name(ScheduleKind kind) {
    switch (kind) {
        case ScheduleKind::rectified_flow:
            return "rf";
        case ScheduleKind::cosine:
            return "cosine";
        case ScheduleKind::sd3:
            return "sd3";
        case ScheduleKind::edm:
            return "edm";
        case ScheduleKind::simple:
            return "simple";
    }
    return "?";
}

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
    NoiseSchedule s;
    s.kind = schedule == Schedule::rectified_flow ? ScheduleKind::rectified_flow : ScheduleKind::cosine;
    return f_max_curve(freq, power, tau, s, steps);
}

std::vector<std::pair<double, double>> f_max_curve(const std::vector<double>& freq, const std::vector<double>& power,
                                                   double tau, const NoiseSchedule& schedule, int steps) {
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
