// Resampling with libsamplerate: against scipy.signal.resample_poly and against the exact
// band-limited signal, on the rates the audio chapter meets.
#include <catch.hpp>

#include <cmath>
#include <cstdio>
#include <limits>

#include "core/resample.hpp"
#include "golden.hpp"

using namespace tide;

TEST_CASE("resample matches scipy's resample_poly in the passband", "[resample][golden]") {
    // Three sines (0.05, 0.37 and 0.93 of the top frequency) and noise band-limited below
    // 0.4 * min(rates), 0.5 s (tests/reference/make_golden.py). The two resamplers differ by
    // their filters, most near the ends (zeros outside) where both see a step; in the middle
    // they agree to the accuracy of resample_poly's Kaiser (beta 5) filter.
    // Observed max |difference| (full scale 1, peaks ~0.7), middle / whole clip (Debian 12,
    // x86-64 and WebAssembly alike): 44.1k 5.3e-4 / 1.7e-3, 48k 6.4e-4 / 2.5e-3,
    // 8k 8.8e-4 / 1.6e-2, 16k 9.3e-4 / 1.2e-3. Tolerances: 2e-3 in the middle, 0.05 overall.
    for (int rate : {44100, 48000, 8000, 16000}) {
        INFO("from " << rate << " Hz to 22050 Hz");
        const std::vector<float> x = test::to_floats(test::read_grid("resample_x_" + std::to_string(rate) + ".txt"));
        const core::Field poly = test::read_grid("resample_poly_" + std::to_string(rate) + ".txt");
        auto y = core::resample(x, rate, 22050.0);
        REQUIRE(y.ok());
        const std::size_t n_out = y.value().size();
        CHECK(n_out == static_cast<std::size_t>(std::llround(x.size() * 22050.0 / rate)));
        REQUIRE(poly.data.size() >= n_out - 1);
        const std::size_t n = std::min(n_out, poly.data.size());
        const std::size_t edge = 22050 / 20;  // 50 ms at each end
        double middle = 0.0, whole = 0.0;
        for (std::size_t j = 0; j < n; ++j) {
            const double d = std::abs(y.value()[j] - poly.data[j]);
            whole = std::max(whole, d);
            if (j >= edge && j + edge < n) middle = std::max(middle, d);
        }
        std::printf("resample %5d -> 22050 Hz vs resample_poly: max |diff| middle %.2g, whole %.2g\n", rate, middle,
                    whole);
        CHECK(middle <= 2e-3);
        CHECK(whole <= 0.05);
    }
}

TEST_CASE("a resampled sine keeps its frequency, amplitude and phase", "[resample]") {
    // x(t) = 0.5 sin(2 pi f t + 0.3), f below 0.45 * min(rates): away from the ends the output
    // is that same function sampled at the new rate (libsamplerate: no delay).
    // Observed max error in the middle: 4e-8 .. 1.5e-7 (float rounding).
    for (auto [from, to] : {std::pair{44100.0, 22050.0},
                            {48000.0, 22050.0},
                            {8000.0, 22050.0},
                            {16000.0, 22050.0},
                            {22050.0, 44100.0},
                            {192000.0, 22050.0},
                            {22050.0, 22050.0}}) {
        INFO(from << " -> " << to << " Hz");
        const double f = 0.37 * std::min(from, to);
        std::vector<float> x(static_cast<std::size_t>(from / 2));
        for (std::size_t i = 0; i < x.size(); ++i)
            x[i] = static_cast<float>(0.5 * std::sin(2 * M_PI * f * i / from + 0.3));
        auto y = core::resample(x, from, to);
        REQUIRE(y.ok());
        const std::size_t m = y.value().size();
        CHECK(m == static_cast<std::size_t>(std::llround(x.size() * to / from)));
        double err = 0.0;
        for (std::size_t j = m / 10; j < m - m / 10; ++j)
            err = std::max(err, std::abs(y.value()[j] - 0.5 * std::sin(2 * M_PI * f * j / to + 0.3)));
        CHECK(err <= 1e-6);
    }
}

TEST_CASE("the page's medium converter keeps a passband sine to 1e-4", "[resample]") {
    // SRC_SINC_MEDIUM_QUALITY keeps ~90% of the output band; a sine at 0.3 of the lower rate is
    // well inside it. Observed max error in the middle: ~2e-5 (the filter's finite SNR).
    for (auto [from, to] : {std::pair{44100.0, 22050.0}, {48000.0, 22050.0}, {16000.0, 22050.0}}) {
        INFO(from << " -> " << to << " Hz");
        const double f = 0.3 * std::min(from, to);
        std::vector<float> x(static_cast<std::size_t>(from / 2));
        for (std::size_t i = 0; i < x.size(); ++i)
            x[i] = static_cast<float>(0.5 * std::sin(2 * M_PI * f * i / from + 0.3));
        auto y = core::resample(x, from, to, core::ResampleQuality::medium);
        REQUIRE(y.ok());
        const std::size_t m = y.value().size();
        CHECK(m == static_cast<std::size_t>(std::llround(x.size() * to / from)));
        double err = 0.0;
        for (std::size_t j = m / 10; j < m - m / 10; ++j)
            err = std::max(err, std::abs(y.value()[j] - 0.5 * std::sin(2 * M_PI * f * j / to + 0.3)));
        CHECK(err <= 1e-4);
    }
}

TEST_CASE("resample: lengths and errors", "[resample][errors]") {
    const std::vector<float> x(4800, 0.25f);
    // round(n * to / from), even where libsamplerate alone would stop one short.
    CHECK(core::resample(x, 48000, 22050).value().size() == 2205);
    CHECK(core::resample(std::vector<float>(3, 0.1f), 44100, 22050).value().size() == 2);  // round(1.5) = 2
    CHECK(core::resample(std::vector<float>(1, 0.1f), 48000, 8000).value().size() == 1);   // at least one
    CHECK(core::resample(x, 22050, 22050).value() == x);                                   // same rate: unchanged
    CHECK(core::resample({}, 44100, 22050).error() == "the clip has no samples to resample");
    CHECK(core::resample(x, 0, 22050).error() ==
          "cannot resample from 0 Hz to 22050 Hz: sample rates must be positive numbers");
    CHECK(core::resample(x, std::numeric_limits<double>::quiet_NaN(), 22050).error().find("positive numbers") !=
          std::string::npos);
    CHECK(core::resample(x, 44100, -1).error().find("positive numbers") != std::string::npos);
    CHECK(core::resample(x, 1000, 384000).error() ==
          "cannot resample from 1000 Hz to 384000 Hz: the ratio must be between 1/256 and 256");
}
