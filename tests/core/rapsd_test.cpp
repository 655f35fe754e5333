// RAPSD: against pysteps' definition (numpy reference), and its known properties.
#include <catch.hpp>

#include <cmath>
#include <random>

#include "core/rapsd.hpp"
#include "core/spectrum.hpp"
#include "golden.hpp"

using namespace tide;

TEST_CASE("rapsd matches the numpy re-implementation of pysteps' rapsd", "[rapsd][golden]") {
    // Even, odd, non-square both ways, a single row and the essay's 320 x 320.
    const char* names[] = {"even16", "odd15", "wide12x20", "tall21x10", "odd7x9", "row1x8", "essay320"};
    for (const char* name : names) {
        INFO("field " << name);
        const core::Field field = test::read_grid(std::string("field_") + name + ".txt");
        const core::Field expected = test::read_grid(std::string("rapsd_") + name + ".txt");
        const core::Rapsd got = core::rapsd(field);
        REQUIRE(static_cast<int>(got.power.size()) == expected.cols);
        const std::vector<double> freq(expected.data.begin(), expected.data.begin() + expected.cols);
        const std::vector<double> power(expected.data.begin() + expected.cols, expected.data.end());
        CHECK(test::max_rel_error(got.freq, freq) <= 1e-15);
        for (std::size_t r = 0; r < power.size(); ++r) {
            INFO("bin " << r);
            CHECK(std::abs(got.power[r] - power[r]) <= 1e-9 * std::abs(power[r]));
        }
    }
}

TEST_CASE("rapsd of fields with prime sides (Bluestein) matches pysteps' definition", "[rapsd][golden]") {
    for (const char* name : {"prime1009x17", "prime17x1009", "prime211x202"}) {
        INFO("field " << name);
        const core::Field field = test::read_grid(std::string("field_") + name + ".txt");
        const core::Field expected = test::read_grid(std::string("rapsd_") + name + ".txt");
        const core::Rapsd got = core::rapsd(field);
        REQUIRE(static_cast<int>(got.power.size()) == expected.cols);
        const std::vector<double> power(expected.data.begin() + expected.cols, expected.data.end());
        for (std::size_t r = 0; r < power.size(); ++r) {
            INFO("bin " << r);
            CHECK(std::abs(got.power[r] - power[r]) <= 1e-9 * std::abs(power[r]));
        }
    }
}

TEST_CASE("bins are r = 0 .. ceil(L/2)-1 with frequency r/L", "[rapsd]") {
    for (auto [rows, cols] : {std::pair{8, 8}, {9, 9}, {6, 11}, {11, 6}, {1, 1}, {2, 3}}) {
        const core::Rapsd r = core::rapsd(core::Field(rows, cols, 1.0));
        const int l = std::max(rows, cols);
        REQUIRE(static_cast<int>(r.freq.size()) == (l + 1) / 2);
        for (std::size_t b = 0; b < r.freq.size(); ++b) {
            CHECK(r.freq[b] == static_cast<double>(b) / l);
            CHECK(r.count[b] > 0);
        }
        // A constant field has all its power at DC: power = (rows*cols)^2 / (rows*cols).
        CHECK(r.power[0] == Approx(static_cast<double>(rows) * cols).epsilon(1e-12));
    }
}

TEST_CASE("standard Gaussian noise has RAPSD 1 in every bin, within its spread", "[rapsd][noise]") {
    std::mt19937_64 rng(7);
    std::normal_distribution<double> normal(0.0, 1.0);
    const int n = 256;
    core::Field noise(n, n);
    for (double& v : noise.data) v = normal(rng);
    const core::Rapsd r = core::rapsd(noise);
    double mean_of_bins = 0.0;
    for (std::size_t b = 1; b < r.power.size(); ++b) {
        // Each power sample is Exp(1); Hermitian symmetry pairs them, so a bin of c samples
        // averages about c/2 independent ones: standard deviation ~ 1/sqrt(c/2).
        const double sd = 1.0 / std::sqrt(r.count[b] / 2.0);
        INFO("bin " << b << " count " << r.count[b]);
        CHECK(std::abs(r.power[b] - 1.0) <= 5.0 * sd);
        mean_of_bins += r.power[b];
    }
    mean_of_bins /= static_cast<double>(r.power.size() - 1);
    CHECK(mean_of_bins == Approx(1.0).margin(0.02));
}

TEST_CASE("a single oriented cosine peaks in the bin of its radius", "[rapsd]") {
    const int n = 64, kx = 12, ky = 5;  // radius 13
    core::Field f(n, n);
    for (int y = 0; y < n; ++y)
        for (int x = 0; x < n; ++x) f.at(y, x) = std::cos(2 * M_PI * (kx * x + ky * y) / n);
    const core::Rapsd r = core::rapsd(f);
    const auto peak = std::max_element(r.power.begin(), r.power.end()) - r.power.begin();
    CHECK(peak == 13);
    // |F|^2 = (n^2/2)^2 at (ky, kx) and at (-ky, -kx): power n^2/4 each, averaged over the bin.
    CHECK(r.power[13] * r.count[13] == Approx(2 * n * n / 4.0).epsilon(1e-9));
    for (std::size_t b = 0; b < r.power.size(); ++b)
        if (b != 13) CHECK(r.power[b] <= 1e-18 * r.power[13]);
}

TEST_CASE("Parseval: the mean power equals the mean square of the field", "[rapsd][spectrum]") {
    for (const char* name : {"odd15", "wide12x20", "essay320"}) {
        const core::Field f = test::read_grid(std::string("field_") + name + ".txt");
        const core::Field p = core::power_spectrum(core::fft2(f));
        double sum_p = 0, sum_f2 = 0;
        for (double v : p.data) sum_p += v;
        for (double v : f.data) sum_f2 += v * v;
        CHECK(sum_p == Approx(sum_f2).epsilon(1e-12));
    }
}

TEST_CASE("average_of_sum is the pysteps RAPSD of a x + b y from the two spectra", "[rapsd][golden]") {
    // The golden fields as x (even, odd, non-square both ways, a single row), y a shifted copy;
    // pysteps' RAPSD of a x + b y (numpy reference, tests/reference) is computed here with
    // rapsd(), checked against it above. average_of_sum reads half the columns (Hermitian
    // symmetry): the same values up to rounding.
    const char* names[] = {"even16", "odd15", "wide12x20", "tall21x10", "odd7x9", "row1x8", "essay320"};
    for (const char* name : names) {
        INFO("field " << name);
        const core::Field x = test::read_grid(std::string("field_") + name + ".txt");
        core::Field y(x.rows, x.cols);
        for (int r = 0; r < x.rows; ++r)
            for (int c = 0; c < x.cols; ++c) y.at(r, c) = x.at((r + 3) % x.rows, (c + 1) % x.cols) - 0.25 * c;
        const double a = 0.7, b = -1.3;
        core::Field sum(x.rows, x.cols);
        for (std::size_t i = 0; i < sum.size(); ++i) sum.data[i] = a * x.data[i] + b * y.data[i];
        const core::Rapsd want = core::rapsd(sum);
        const core::Rapsd got = core::RadialBins(x.rows, x.cols).average_of_sum(core::fft2(x), a, core::fft2(y), b);
        REQUIRE(got.power.size() == want.power.size());
        CHECK(got.count == want.count);
        CHECK(got.freq == want.freq);
        for (std::size_t r = 0; r < want.power.size(); ++r) {
            INFO("bin " << r);
            CHECK(std::abs(got.power[r] - want.power[r]) <= 1e-12 * std::abs(want.power[r]));
        }
    }
}
