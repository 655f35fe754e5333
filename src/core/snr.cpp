// The SNR map, training effort over spatial frequency and the contrast sensitivity function.
#include "snr.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>

#include "constants.hpp"

namespace tide::core {

namespace {

double normal_cdf(double z) {
    return 0.5 * std::erfc(-z / std::sqrt(2.0));
}

double logistic(double x) {
    return 1.0 / (1.0 + std::exp(-x));
}

Effort with_density(const std::vector<double>& freq, std::vector<double> probability) {
    assert(freq.size() >= 2);
    const double df = freq[1] - freq[0];
    assert(df > 0);
    Effort e;
    e.freq = freq;
    e.density.resize(probability.size());
    for (std::size_t i = 0; i < probability.size(); ++i) e.density[i] = probability[i] / df;
    e.probability = std::move(probability);
    return e;
}

}  // namespace

SnrMap snr_map(const std::vector<double>& freq, const std::vector<double>& power, const NoiseSchedule& schedule,
               int steps) {
    assert(steps >= 1 && freq.size() == power.size() && freq.size() >= 2);
    SnrMap map;
    map.freq.assign(freq.begin() + 1, freq.end());
    const int n = static_cast<int>(map.freq.size());
    map.db = Field(steps, n);
    const double db_per_neper = 10.0 / std::log(10.0);
    std::vector<double> power_db(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        assert(power[static_cast<std::size_t>(i) + 1] > 0);
        power_db[static_cast<std::size_t>(i)] = 10.0 * std::log10(power[static_cast<std::size_t>(i) + 1]);
    }
    for (int j = 1; j <= steps; ++j) {
        const double t = static_cast<double>(j) / (steps + 1.0);
        map.t.push_back(t);
        const double shift = db_per_neper * log_snr(schedule, t);
        for (int i = 0; i < n; ++i) map.db.at(j - 1, i) = power_db[static_cast<std::size_t>(i)] + shift;
    }
    return map;
}

std::vector<std::pair<double, double>> snr_contour(const std::vector<double>& freq, const std::vector<double>& power,
                                                   double tau, const NoiseSchedule& schedule, int steps) {
    return f_max_curve(freq, power, tau, schedule, steps);
}

double training_log_snr_cdf(const NoiseSchedule& schedule, double x) {
    assert(!std::isnan(x));
    if (x == std::numeric_limits<double>::infinity()) return 1.0;
    if (x == -std::numeric_limits<double>::infinity()) return 0.0;
    switch (schedule.kind) {
        case ScheduleKind::rectified_flow:
            return logistic(x / 2.0);
        case ScheduleKind::cosine:
        case ScheduleKind::simple: {
            const double b = schedule.kind == ScheduleKind::simple ? 2.0 * std::log(64.0 / schedule.resolution) : 0.0;
            return 1.0 - 2.0 / pi * std::atan(std::exp(-(x - b) / 2.0));
        }
        case ScheduleKind::sd3:
            return normal_cdf((x + 2.0 * std::log(schedule.shift)) / 2.0);
        case ScheduleKind::edm:
            return normal_cdf((x - 2.4) / 2.4);
    }
    assert(false && "unknown schedule");
    return 0.0;
}

NoiseLevel draw_training_level(const NoiseSchedule& schedule, GaussianNoise& noise) {
    switch (schedule.kind) {
        case ScheduleKind::rectified_flow:
        case ScheduleKind::cosine:
        case ScheduleKind::simple: {
            const double u = static_cast<double>(noise.next_u64() >> 11) * 0x1.0p-53;
            return noise_level(schedule, u);
        }
        case ScheduleKind::sd3:
            return noise_level(schedule, logistic(noise.next()));
        case ScheduleKind::edm:
            return {1.0, std::exp(-1.2 + 1.2 * noise.next())};
    }
    assert(false && "unknown schedule");
    return {};
}

Effort effort_exact(const std::vector<double>& freq, const std::vector<double>& power, double tau,
                    const NoiseSchedule& schedule) {
    assert(freq.size() == power.size() && freq.size() >= 2 && tau > 0);
    const std::size_t n = power.size();
    const double log_tau = std::log(tau);
    std::vector<double> p(n, 0.0);
    double later = 0.0;  // S_i = max of the bins after i (0 after the last)
    for (std::size_t i = n; i-- > 1;) {
        assert(power[i] > 0);
        if (power[i] > later) {
            const double upper = later == 0.0 ? 1.0 : training_log_snr_cdf(schedule, log_tau - std::log(later));
            p[i] = upper - training_log_snr_cdf(schedule, log_tau - std::log(power[i]));
            later = power[i];
        }
    }
    p[0] = training_log_snr_cdf(schedule, log_tau - std::log(later));
    return with_density(freq, std::move(p));
}

Effort effort_monte_carlo(const std::vector<double>& freq, const std::vector<double>& power, double tau,
                          const NoiseSchedule& schedule, int samples, std::uint64_t seed) {
    assert(freq.size() == power.size() && freq.size() >= 2 && samples >= 1);
    // f_max is the largest bin above the threshold; its index is found by search on the
    // frequencies (increasing), so counting needs no map from values back to bins.
    std::vector<double> counts(freq.size(), 0.0);
    GaussianNoise noise(seed);
    for (int k = 0; k < samples; ++k) {
        const NoiseLevel level = draw_training_level(schedule, noise);
        const double ratio = level.sigma / level.alpha;
        const double q = level.alpha > 0.0 ? ratio * ratio : std::numeric_limits<double>::infinity();
        const double f = f_max(freq, power, tau, q);
        const auto at = std::lower_bound(freq.begin(), freq.end(), f);
        counts[static_cast<std::size_t>(at - freq.begin())] += 1.0;
    }
    for (double& c : counts) c /= samples;
    return with_density(freq, std::move(counts));
}

EffortShares effort_shares(const Effort& effort, double split) {
    EffortShares s;
    for (std::size_t i = 0; i < effort.freq.size(); ++i)
        (effort.freq[i] < split ? s.below : s.above) += effort.probability[i];
    return s;
}

double csf_mannos_sakrison(double cycles_per_degree) {
    assert(cycles_per_degree >= 0);
    const double a = 0.114 * cycles_per_degree;
    return 2.6 * (0.0192 + a) * std::exp(-std::pow(a, 1.1));
}

}  // namespace tide::core
