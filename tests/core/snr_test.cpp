// The SNR map and its contour, training effort over spatial frequency, the CSF.
#include <catch.hpp>

#include <cmath>
#include <string>

#include "core/snr.hpp"
#include "golden.hpp"

using namespace tide;

namespace {

struct Named {
    const char* name;
    core::NoiseSchedule schedule;
};

std::vector<Named> schedules() {
    using K = core::ScheduleKind;
    return {{"rf", {K::rectified_flow, 3.0, 64.0}}, {"cosine", {K::cosine, 3.0, 64.0}},
            {"sd3s3", {K::sd3, 3.0, 64.0}},         {"sd3s1.7", {K::sd3, 1.7, 64.0}},
            {"edm", {K::edm, 3.0, 64.0}},           {"simple64", {K::simple, 3.0, 64.0}},
            {"simple128", {K::simple, 3.0, 128.0}}, {"simple256", {K::simple, 3.0, 256.0}},
            {"simple320", {K::simple, 3.0, 320.0}}};
}

/// freq and power of a golden spectrum (fit_in_*: freq, log10 power, power).
std::pair<std::vector<double>, std::vector<double>> spectrum(const std::string& name) {
    const core::Field in = test::read_grid("fit_in_" + name + ".txt");
    return {std::vector<double>(in.data.begin(), in.data.begin() + in.cols),
            std::vector<double>(in.data.begin() + 2 * in.cols, in.data.end())};
}

}  // namespace

TEST_CASE("SNR map matches numpy; its contour is f_max", "[snr][golden]") {
    for (const char* spec : {"essay320", "powerlaw320"}) {
        const auto [freq, power] = spectrum(spec);
        for (const auto& [name, schedule] : schedules()) {
            INFO(spec << " " << name);
            const core::Field want = test::read_grid(std::string("snrmap_") + spec + "_" + name + ".txt");
            const core::SnrMap map = core::snr_map(freq, power, schedule, 9);
            REQUIRE(map.db.rows == want.rows);
            REQUIRE(map.db.cols == want.cols);
            double worst = 0.0;
            for (std::size_t k = 0; k < want.data.size(); ++k)
                worst = std::max(worst, std::abs(map.db.data[k] - want.data[k]));
            CHECK(worst < 1e-9);
            for (double tau : {1.0, 0.25, 30.0}) {
                const auto contour = core::snr_contour(freq, power, tau, schedule, 9);
                CHECK(contour == core::f_max_curve(freq, power, tau, schedule, 9));
                const double level = 10 * std::log10(tau);
                for (int j = 0; j < map.db.rows; ++j) {
                    CHECK(contour[static_cast<std::size_t>(j)].first == map.t[static_cast<std::size_t>(j)]);
                    for (int i = 0; i < map.db.cols; ++i) {
                        // Above the contour the map is at or below tau; at the contour above it.
                        if (map.freq[static_cast<std::size_t>(i)] > contour[static_cast<std::size_t>(j)].second)
                            CHECK(map.db.at(j, i) <= level + 1e-9);
                        if (map.freq[static_cast<std::size_t>(i)] == contour[static_cast<std::size_t>(j)].second)
                            CHECK(map.db.at(j, i) > level - 1e-9);
                    }
                }
            }
        }
    }
}

TEST_CASE("exact effort matches numpy, sums to 1 and agrees with Monte Carlo", "[snr][effort][golden]") {
    for (const char* spec : {"essay320", "powerlaw320"}) {
        const auto [freq, power] = spectrum(spec);
        for (const auto& [name, schedule] : schedules()) {
            for (const char* tau_text : {"1", "0.25"}) {
                INFO(spec << " " << name << " tau " << tau_text);
                const core::Field want =
                    test::read_grid(std::string("effort_") + spec + "_" + name + "_tau" + tau_text + ".txt");
                const core::Effort e = core::effort_exact(freq, power, std::stod(tau_text), schedule);
                REQUIRE(static_cast<int>(e.probability.size()) == want.cols);
                double worst = 0.0, total = 0.0, integral = 0.0;
                for (int i = 0; i < want.cols; ++i) {
                    worst = std::max(worst, std::abs(e.probability[static_cast<std::size_t>(i)] - want.at(0, i)));
                    total += e.probability[static_cast<std::size_t>(i)];
                    integral += e.density[static_cast<std::size_t>(i)] * (freq[1] - freq[0]);
                    CHECK(e.probability[static_cast<std::size_t>(i)] >= 0.0);
                }
                CHECK(worst < 1e-12);
                CHECK(std::abs(total - 1.0) < 1e-12);
                CHECK(std::abs(integral - 1.0) < 1e-6);
            }
        }
    }
    // Monte Carlo with a seed: every bin within 5 binomial standard errors (plus one count).
    const auto [freq, power] = spectrum("powerlaw320");
    const int n = 200000;
    for (const auto& [name, schedule] : schedules()) {
        INFO(name);
        const core::Effort exact = core::effort_exact(freq, power, 1.0, schedule);
        const core::Effort mc = core::effort_monte_carlo(freq, power, 1.0, schedule, n, 7);
        double total = 0.0;
        int outside = 0;
        for (std::size_t i = 0; i < freq.size(); ++i) {
            const double p = exact.probability[i];
            const double se = std::sqrt(p * (1 - p) / n);
            outside += std::abs(mc.probability[i] - p) > 5 * se + 1.0 / n;
            total += mc.density[i] * (freq[1] - freq[0]);
        }
        CHECK(outside == 0);
        CHECK(std::abs(total - 1.0) < 1e-9);
        // The same seed gives the same estimate.
        CHECK(core::effort_monte_carlo(freq, power, 1.0, schedule, 1000, 3).probability ==
              core::effort_monte_carlo(freq, power, 1.0, schedule, 1000, 3).probability);
    }
}

TEST_CASE("training logSNR distributions", "[snr][effort]") {
    using K = core::ScheduleKind;
    // Medians: rf and cosine at logSNR 0 (t = 1/2); sd3 at -2 ln s; edm at 2.4; simple at 2 ln(64/d).
    CHECK(core::training_log_snr_cdf({K::rectified_flow}, 0.0) == Approx(0.5).epsilon(1e-15));
    CHECK(core::training_log_snr_cdf({K::cosine}, 0.0) == Approx(0.5).epsilon(1e-15));
    CHECK(core::training_log_snr_cdf({K::sd3, 3.0}, -2 * std::log(3.0)) == Approx(0.5).epsilon(1e-15));
    CHECK(core::training_log_snr_cdf({K::edm}, 2.4) == Approx(0.5).epsilon(1e-15));
    CHECK(core::training_log_snr_cdf({K::simple, 3.0, 256.0}, 2 * std::log(0.25)) == Approx(0.5).epsilon(1e-15));
    // Through the schedule: P(logSNR <= logSNR(t)) = P(T >= t) = 1 - t for uniform t.
    for (double t : {0.1, 0.35, 0.8}) {
        for (const core::NoiseSchedule s : {core::NoiseSchedule{K::rectified_flow}, core::NoiseSchedule{K::cosine},
                                            core::NoiseSchedule{K::simple, 3.0, 128.0}})
            CHECK(core::training_log_snr_cdf(s, core::log_snr(s, t)) == Approx(1 - t).epsilon(1e-12));
    }
}

TEST_CASE("shares of effort and the contrast sensitivity function", "[snr][effort]") {
    const auto [freq, power] = spectrum("powerlaw320");
    const core::Effort e = core::effort_exact(freq, power, 1.0, {core::ScheduleKind::rectified_flow});
    const core::EffortShares all = core::effort_shares(e, 1.0), none = core::effort_shares(e, 0.0);
    CHECK(all.below == Approx(1.0).epsilon(1e-12));
    CHECK(none.above == Approx(1.0).epsilon(1e-12));
    const core::EffortShares mid = core::effort_shares(e, 0.1);
    CHECK(mid.below + mid.above == Approx(1.0).epsilon(1e-12));
    double below = 0.0;
    for (std::size_t i = 0; i < freq.size(); ++i)
        if (freq[i] < 0.1) below += e.probability[i];
    CHECK(mid.below == below);
    CHECK(core::csf_mannos_sakrison(0.0) == Approx(0.04992).epsilon(1e-12));
    CHECK(core::csf_mannos_sakrison(8.0) ==
          Approx(2.6 * (0.0192 + 0.912) * std::exp(-std::pow(0.912, 1.1))).epsilon(1e-14));
    double peak = 0.0, at = 0.0;
    for (double f = 0.0; f < 60.0; f += 0.01)
        if (core::csf_mannos_sakrison(f) > peak) peak = core::csf_mannos_sakrison(f), at = f;
    CHECK(at == Approx(7.9).margin(0.05));  // 7.89
    CHECK(peak == Approx(0.981).margin(0.001));
    CHECK(core::cycles_per_degree(0.25, 40.0) == 10.0);
}
