// Noise schedules and f_max: analytic crossings of exact power laws, edge cases, numpy.
#include <catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/schedule.hpp"
#include "golden.hpp"

using namespace tide;

namespace {

/// The RAPSD bin frequencies r/l, r = 0 .. ceil(l/2)-1, and P(f) = c f^-alpha (DC: a huge
/// value that must be ignored).
std::pair<std::vector<double>, std::vector<double>> power_law(int l, double c, double alpha) {
    std::vector<double> freq, power;
    for (int r = 0; r < (l + 1) / 2; ++r) {
        freq.push_back(static_cast<double>(r) / l);
        power.push_back(r == 0 ? 1e300 : c * std::pow(freq.back(), -alpha));
    }
    return {freq, power};
}

/// The largest bin frequency below f* = (c / (tau noise_power))^(1/alpha), 0 if none.
double analytic_f_max(const std::vector<double>& freq, double c, double alpha, double tau, double noise_power) {
    const double f_star = std::pow(c / (tau * noise_power), 1.0 / alpha);
    double best = 0.0;
    for (std::size_t i = 1; i < freq.size(); ++i)
        if (freq[i] < f_star) best = freq[i];
    return best;
}

}  // namespace

TEST_CASE("noise levels of the rectified-flow and cosine schedules", "[schedule]") {
    using core::Schedule;
    for (double t : {0.0, 0.1, 0.5, 0.9, 1.0}) {
        const core::NoiseLevel rf = core::noise_level(Schedule::rectified_flow, t);
        CHECK(rf.alpha == 1.0 - t);
        CHECK(rf.sigma == t);
        const core::NoiseLevel cos = core::noise_level(Schedule::cosine, t);
        CHECK(cos.alpha == Approx(std::cos(M_PI * t / 2)).margin(1e-15));
        CHECK(cos.sigma == Approx(std::sin(M_PI * t / 2)).margin(1e-15));
        CHECK(cos.alpha * cos.alpha + cos.sigma * cos.sigma == Approx(1.0).epsilon(1e-15));  // variance preserving
    }
    CHECK(core::noise_level(Schedule::cosine, 1.0).alpha == 0.0);  // exactly, not cos(pi/2)
    CHECK(core::noise_level(Schedule::cosine, 0.0).sigma == 0.0);
    // t is clamped to [0, 1].
    CHECK(core::noise_level(Schedule::rectified_flow, -0.5).alpha == 1.0);
    CHECK(core::noise_level(Schedule::rectified_flow, 7.0).sigma == 1.0);
    CHECK(core::noise_level(Schedule::cosine, 2.0).alpha == 0.0);
}

TEST_CASE("schedule names", "[schedule]") {
    core::Schedule s{};
    CHECK((core::parse_schedule("rf", s) && s == core::Schedule::rectified_flow));
    CHECK((core::parse_schedule("rectified-flow", s) && s == core::Schedule::rectified_flow));
    CHECK((core::parse_schedule("cosine", s) && s == core::Schedule::cosine));
    CHECK((core::parse_schedule("vp", s) && s == core::Schedule::cosine));
    CHECK_FALSE(core::parse_schedule("linear", s));
    CHECK_FALSE(core::parse_schedule("", s));
    CHECK_FALSE(core::parse_schedule("RF", s));
    CHECK(std::string(core::schedule_name(core::Schedule::rectified_flow)) == "rf");
    CHECK(std::string(core::schedule_name(core::Schedule::cosine)) == "cosine");
}

TEST_CASE("f_max on an exact power law is the analytic crossing, quantised to the bins", "[schedule]") {
    const double c = 2e-3, alpha = 2.5;
    const auto [freq, power] = power_law(320, c, alpha);
    for (double noise_power : {1e-6, 3.7e-4, 0.01, 1.0, 42.0}) {
        for (double tau : {1.0, 0.3, 5.0}) {
            INFO("noise power " << noise_power << " tau " << tau);
            CHECK(core::f_max(freq, power, tau, noise_power) == analytic_f_max(freq, c, alpha, tau, noise_power));
        }
    }
    // Along both schedules.
    for (const core::Schedule schedule : {core::Schedule::rectified_flow, core::Schedule::cosine}) {
        const auto curve = core::f_max_curve(freq, power, 1.0, schedule, 99);
        REQUIRE(curve.size() == 99);
        double previous = 1.0;
        for (std::size_t j = 0; j < curve.size(); ++j) {
            const double t = static_cast<double>(j + 1) / 100.0;
            INFO(core::schedule_name(schedule) << " t " << t);
            CHECK(curve[j].first == t);
            const core::NoiseLevel level = core::noise_level(schedule, t);
            const double noise_power = (level.sigma / level.alpha) * (level.sigma / level.alpha);
            CHECK(curve[j].second == analytic_f_max(freq, c, alpha, 1.0, noise_power));
            CHECK(curve[j].second <= previous);  // more noise never reveals a higher frequency
            previous = curve[j].second;
        }
        // The ends: little noise keeps every bin above it, t near 1 none.
        CHECK(curve.front().second == freq.back());
        CHECK(curve.back().second == 0.0);
    }
}

TEST_CASE("f_max edge cases", "[schedule]") {
    const auto [freq, power] = power_law(64, 1.0, 2.0);
    const double inf = std::numeric_limits<double>::infinity();
    CHECK(core::f_max(freq, power, 1.0, inf) == 0.0);          // alpha = 0: pure noise
    CHECK(core::f_max(freq, power, 1.0, 0.0) == freq.back());  // no noise: the last bin
    CHECK(core::f_max(freq, power, 1.0, 1e-300) == freq.back());
    CHECK(core::f_max(freq, power, 1.0, 1e300) == 0.0);  // DC (1e300) never counts
    // t -> 1 and t -> 0 through the schedules.
    for (const core::Schedule schedule : {core::Schedule::rectified_flow, core::Schedule::cosine}) {
        const auto near_one = core::f_max_curve(freq, power, 1.0, schedule, 100000).back();
        CHECK(near_one.first == Approx(1.0).margin(1e-5));
        CHECK(near_one.second == 0.0);
        const auto near_zero = core::f_max_curve(freq, power, 1.0, schedule, 100000).front();
        CHECK(near_zero.second == freq.back());
    }
    // The largest frequency above the threshold, even past a dip below it.
    const std::vector<double> f = {0.0, 0.1, 0.2, 0.3, 0.4}, p = {9.0, 5.0, 0.5, 3.0, 0.1};
    CHECK(core::f_max(f, p, 1.0, 1.0) == 0.3);
    CHECK(core::f_max(f, p, 1.0, 3.0) == 0.1);  // strictly above: 3.0 is not > 3.0
    CHECK(core::f_max(f, p, 2.0, 2.0) == 0.1);
    CHECK(core::f_max({0.0}, {1.0}, 1.0, 0.0) == 0.0);  // DC only
}

TEST_CASE("f_max_curve matches the numpy reference", "[schedule][golden]") {
    for (const char* name : {"essay320", "powerlaw320", "odd15", "powerlaw9"}) {
        const core::Field in = test::read_grid(std::string("fit_in_") + name + ".txt");  // freq, log10 power, power
        const std::vector<double> freq(in.data.begin(), in.data.begin() + in.cols);
        const std::vector<double> power(in.data.begin() + 2 * in.cols, in.data.end());
        for (const char* schedule_text : {"rf", "cosine"}) {
            core::Schedule schedule{};
            REQUIRE(core::parse_schedule(schedule_text, schedule));
            for (const char* tau_text : {"1", "0.25"}) {
                INFO(name << " " << schedule_text << " tau " << tau_text);
                const core::Field want =
                    test::read_grid(std::string("fmax_") + name + "_" + schedule_text + "_tau" + tau_text + ".txt");
                const auto got = core::f_max_curve(freq, power, std::stod(tau_text), schedule, want.cols);
                REQUIRE(static_cast<int>(got.size()) == want.cols);
                int mismatches = 0;
                for (int j = 0; j < want.cols; ++j) {
                    CHECK(got[j].first == want.at(0, j));
                    // A selection among the bin frequencies, so exact.
                    mismatches += got[j].second != want.at(1, j);
                }
                CHECK(mismatches == 0);
            }
        }
    }
}

namespace {

struct FollowupSchedule {
    const char* name;
    core::NoiseSchedule schedule;
};

std::vector<FollowupSchedule> followup_schedules() {
    using K = core::ScheduleKind;
    return {{"rf", {K::rectified_flow, 3.0, 64.0}}, {"cosine", {K::cosine, 3.0, 64.0}},
            {"sd3s3", {K::sd3, 3.0, 64.0}},         {"sd3s1.7", {K::sd3, 1.7, 64.0}},
            {"edm", {K::edm, 3.0, 64.0}},           {"simple64", {K::simple, 3.0, 64.0}},
            {"simple128", {K::simple, 3.0, 128.0}}, {"simple256", {K::simple, 3.0, 256.0}},
            {"simple320", {K::simple, 3.0, 320.0}}};
}

double rel(double got, double want, double floor = 0.0) {
    return std::abs(got - want) / std::max({std::abs(want), floor, 1e-300});
}

}  // namespace

TEST_CASE("every schedule of the follow-ups matches numpy to 1e-12", "[schedule][golden]") {
    for (const auto& [name, schedule] : followup_schedules()) {
        const core::Field want = test::read_grid(std::string("schedule_") + name + ".txt");  // t, alpha, sigma, logSNR
        REQUIRE(want.rows == 4);
        double worst = 0.0;
        for (int j = 0; j < want.cols; ++j) {
            const double t = want.at(0, j);
            const core::NoiseLevel level = core::noise_level(schedule, t);
            worst = std::max({worst, rel(level.alpha, want.at(1, j)), rel(level.sigma, want.at(2, j)),
                              rel(core::log_snr(schedule, t), want.at(3, j), 1.0)});
            // logSNR agrees with the levels it summarises.
            CHECK(core::log_snr(schedule, t) == Approx(2 * std::log(level.alpha / level.sigma)).margin(1e-9));
        }
        INFO(name);
        CHECK(worst < 1e-12);
    }
}

TEST_CASE("old and new schedule interfaces agree bit for bit; end points", "[schedule]") {
    const core::NoiseSchedule rf{core::ScheduleKind::rectified_flow}, cosine{core::ScheduleKind::cosine};
    for (double t : {0.0, 1e-7, 0.1, 0.5, 0.73, 1.0}) {
        CHECK(core::noise_level(rf, t).alpha == core::noise_level(core::Schedule::rectified_flow, t).alpha);
        CHECK(core::noise_level(cosine, t).sigma == core::noise_level(core::Schedule::cosine, t).sigma);
    }
    const auto [freq, power] = power_law(320, 2e-3, 2.5);
    CHECK(core::f_max_curve(freq, power, 1.0, rf, 99) ==
          core::f_max_curve(freq, power, 1.0, core::Schedule::rectified_flow, 99));
    CHECK(core::f_max_curve(freq, power, 1.0, cosine, 99) ==
          core::f_max_curve(freq, power, 1.0, core::Schedule::cosine, 99));
    // sd3 with s = 1 is rectified flow; simple at d = 64 is the cosine schedule.
    const core::NoiseSchedule sd3_1{core::ScheduleKind::sd3, 1.0}, simple64{core::ScheduleKind::simple, 3.0, 64.0};
    for (double t : {0.1, 0.5, 0.9}) {
        CHECK(core::noise_level(sd3_1, t).sigma == t);
        CHECK(core::noise_level(simple64, t).alpha == Approx(std::cos(M_PI * t / 2)).epsilon(1e-15));
    }
    // End points: exact for rf, cosine, sd3 and simple; EDM spans 0.002 .. 80.
    const core::NoiseSchedule simple256{core::ScheduleKind::simple, 3.0, 256.0}, edm{core::ScheduleKind::edm};
    CHECK(core::noise_level(simple256, 0.0).sigma == 0.0);
    CHECK(core::noise_level(simple256, 1.0).alpha == 0.0);
    CHECK(std::isinf(core::log_snr(simple256, 0.0)));
    CHECK(core::log_snr(rf, 1.0) == -std::numeric_limits<double>::infinity());
    CHECK(core::noise_level(edm, 0.0).sigma == Approx(0.002).epsilon(1e-14));
    CHECK(core::noise_level(edm, 1.0).sigma == Approx(80.0).epsilon(1e-14));
    CHECK(core::noise_level(edm, 0.5).alpha == 1.0);
    // A larger image at the same t has a lower SNR: by exactly 2 ln(d/64).
    CHECK(core::log_snr(core::NoiseSchedule{core::ScheduleKind::simple, 3.0, 256.0}, 0.4) ==
          Approx(core::log_snr(cosine, 0.4) - 2 * std::log(4.0)).epsilon(1e-14));
    // SD3's shift lowers the rectified flow's logSNR by 2 ln s.
    CHECK(core::log_snr(core::NoiseSchedule{core::ScheduleKind::sd3, 3.0}, 0.4) ==
          Approx(core::log_snr(rf, 0.4) - 2 * std::log(3.0)).epsilon(1e-14));
    CHECK(core::shift_time(0.5, 3.0) == Approx(0.75).epsilon(1e-15));
}

TEST_CASE("EDM's sampling steps match numpy to 1e-12 and lie on edm_sigma", "[schedule][golden]") {
    const core::Field want = test::read_grid("edm_steps.txt");  // rows for N = 2, 18, 40, zero-padded
    const int ns[] = {2, 18, 40};
    for (int r = 0; r < 3; ++r) {
        const std::vector<double> got = core::edm_sigma_steps(ns[r]);
        REQUIRE(static_cast<int>(got.size()) == ns[r]);
        CHECK(got.front() == Approx(80.0).epsilon(1e-14));
        CHECK(got.back() == Approx(0.002).epsilon(1e-14));
        for (int i = 0; i < ns[r]; ++i) {
            INFO("N " << ns[r] << " i " << i);
            CHECK(rel(got[static_cast<std::size_t>(i)], want.at(r, i)) < 1e-12);
            CHECK(rel(core::edm_sigma(1.0 - i / (ns[r] - 1.0)), got[static_cast<std::size_t>(i)]) < 1e-12);
        }
    }
}

TEST_CASE("schedule kind names", "[schedule]") {
    for (const char* name : {"rf", "cosine", "sd3", "edm", "simple"}) {
        auto parsed = core::parse_schedule_kind(name);
        REQUIRE(parsed);
        CHECK(std::string(core::schedule_kind_name(parsed.value())) == name);
    }
    CHECK(core::parse_schedule_kind("vp").value() == core::ScheduleKind::cosine);
    CHECK(core::parse_schedule_kind("linear").error() == "'linear' is not a schedule: rf, cosine, sd3, edm or simple");
}
