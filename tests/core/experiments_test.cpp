// Equal-SNR noise, phase swap and cepstral variance (src/core/experiments.hpp).
#include <catch.hpp>

#include <cmath>
#include <string>

#include "core/audio.hpp"
#include "core/experiments.hpp"
#include "core/mel.hpp"
#include "core/noise.hpp"
#include "core/powerlaw.hpp"
#include "core/rapsd.hpp"
#include "golden.hpp"

using namespace tide;

namespace {

core::Field photo(const std::string& id) {
    auto bytes = core::read_file_bytes(test::asset_path("images/" + id + ".png"));
    REQUIRE(bytes);
    auto field = core::prepare_field(bytes.value().data(), bytes.value().size(), core::PrepareConfig{});
    REQUIRE(field);
    return field.value();
}

/// The essay's fit (resampled, DC dropped) of a RAPSD.
core::PowerLawFit fit_of_power(const core::Rapsd& r) {
    std::vector<double> log10_power;
    for (double p : r.power) log10_power.push_back(std::log10(p));
    auto fit = core::fit_spectrum(r.freq, log10_power);
    REQUIRE(fit);
    return fit.value();
}

core::Field plus(const core::Field& a, const core::Field& b) {
    core::Field out = a;
    for (std::size_t k = 0; k < out.size(); ++k) out.data[k] += b.data[k];
    return out;
}

/// The essay's seven rising-tide frames: sigma_k = 0.02 (50/0.02)^(k/6).
std::vector<double> seven_sigmas() {
    std::vector<double> out;
    for (int k = 0; k < 7; ++k) out.push_back(0.02 * std::pow(50.0 / 0.02, k / 6.0));
    return out;
}

}  // namespace

TEST_CASE("equal-SNR noise keeps the slope; white noise does not", "[experiments]") {
    // The noisy spectrum as the figure shows it over draws: the mean RAPSD of x0 + n over 8
    // noise seeds, E|X0 + N|^2 = |X0|^2 + E|N|^2 (one draw alone adds the cross term
    // 2 Re(X0 conj N), whose spread in the lowest bins, 4 to 12 samples each, moves one draw's
    // fit by up to 0.15 on kde_parrot at sigma 0.27).
    const int draws = 8;
    for (const char* id : {"kde_parrot", "gnome_mountain"}) {
        const core::Field x0 = photo(id);
        const core::PowerLawFit clean = fit_of_power(core::rapsd(x0));
        const std::vector<double> spectrum = core::rapsd(x0).power;  // the photo as its own corpus
        for (double sigma : seven_sigmas()) {
            core::Rapsd equal = core::rapsd(x0), white = equal;
            std::fill(equal.power.begin(), equal.power.end(), 0.0);
            std::fill(white.power.begin(), white.power.end(), 0.0);
            double ms = 0.0;
            for (int d = 0; d < draws; ++d) {
                const auto seed = static_cast<std::uint64_t>(11 + d);
                const core::Field coloured = core::equal_snr_noise(x0.rows, x0.cols, spectrum, sigma, seed);
                const core::Field white_noise = core::gaussian_noise(x0.rows, x0.cols, seed);
                core::Field w = x0;
                for (std::size_t k = 0; k < w.size(); ++k) w.data[k] += sigma * white_noise.data[k];
                const core::Rapsd re = core::rapsd(plus(x0, coloured)), rw = core::rapsd(w);
                for (std::size_t i = 0; i < re.power.size(); ++i) {
                    equal.power[i] += re.power[i] / draws;
                    white.power[i] += rw.power[i] / draws;
                }
                for (double v : coloured.data) ms += v * v / (draws * static_cast<double>(coloured.size()));
            }
            const double equal_alpha = fit_of_power(equal).alpha, white_alpha = fit_of_power(white).alpha;
            INFO(id << " sigma " << sigma << " clean " << clean.alpha << " equal-SNR " << equal_alpha << " white "
                    << white_alpha);
            CHECK(std::abs(equal_alpha - clean.alpha) < 0.05);
            // White noise flattens the spectrum from the top down (at 0.02 it is still below
            // nearly every bin of the photo).
            if (sigma >= 0.07) CHECK(clean.alpha - white_alpha > 0.15);
            // The total power of white noise of sigma, to sampling error (most of the coloured
            // noise's power sits in the few lowest-frequency coefficients).
            CHECK(ms == Approx(sigma * sigma).epsilon(0.3));
        }
    }
}

TEST_CASE("equal-SNR noise has the power of white noise on average", "[experiments]") {
    std::vector<double> spectrum{1e9};
    for (int r = 1; r < 24; ++r) spectrum.push_back(std::pow(r / 48.0, -2.6));
    double ms = 0.0;
    const int n = 64;
    for (int seed = 0; seed < n; ++seed) {
        const core::Field noise = core::equal_snr_noise(48, 40, spectrum, 0.5, static_cast<std::uint64_t>(seed));
        for (double v : noise.data) ms += v * v;
    }
    CHECK(ms / (n * 48.0 * 40.0) == Approx(0.25).epsilon(0.1));
}

TEST_CASE("phase swap: own magnitude and phase give the field back", "[experiments]") {
    for (const char* name : {"field_even16.txt", "field_odd15.txt", "field_wide12x20.txt", "field_tall21x10.txt"}) {
        const core::Field f = test::read_grid(name);
        auto back = core::phase_swap(f, f);
        REQUIRE(back);
        INFO(name);
        CHECK(test::max_rel_error(back.value().data, f.data) < 1e-9);
    }
    const core::Field parrot = photo("kde_parrot"), owl = photo("kde_owl");
    auto self = core::phase_swap(parrot, parrot);
    REQUIRE(self);
    double worst = 0.0;
    for (std::size_t k = 0; k < parrot.size(); ++k)
        worst = std::max(worst, std::abs(self.value().data[k] - parrot.data[k]));
    CHECK(worst < 1e-9);
    // The image follows its phase: the swap correlates with the phase's photo, not the magnitude's.
    auto swapped = core::phase_swap(owl, parrot);
    REQUIRE(swapped);
    auto corr = [](const core::Field& a, const core::Field& b) {
        double ma = 0, mb = 0;
        for (std::size_t k = 0; k < a.size(); ++k) ma += a.data[k], mb += b.data[k];
        ma /= a.size(), mb /= b.size();
        double ab = 0, aa = 0, bb = 0;
        for (std::size_t k = 0; k < a.size(); ++k) {
            ab += (a.data[k] - ma) * (b.data[k] - mb);
            aa += (a.data[k] - ma) * (a.data[k] - ma);
            bb += (b.data[k] - mb) * (b.data[k] - mb);
        }
        return ab / std::sqrt(aa * bb);
    };
    INFO("correlation with the phase's photo " << corr(swapped.value(), parrot) << ", with the magnitude's "
                                               << corr(swapped.value(), owl));
    CHECK(corr(swapped.value(), parrot) > corr(swapped.value(), owl) + 0.2);
    CHECK_FALSE(core::phase_swap(parrot, core::Field(16, 16)));
    // Against numpy: real(ifft2(abs(fft2(a)) exp(1j angle(fft2(b))))), both ways.
    const core::Field a = test::read_grid("field_odd15.txt");
    core::Field b = a;
    for (int r = 0; r < a.rows; ++r)
        for (int c = 0; c < a.cols; ++c) b.at(r, c) = 2 * a.at(a.rows - 1 - r, c) + 0.1;
    const core::Field want = test::read_grid("phase_swap_odd15.txt");  // swap(a, b) above swap(b, a)
    const std::vector<double> ab(want.data.begin(), want.data.begin() + a.size()),
        ba(want.data.begin() + a.size(), want.data.end());
    CHECK(test::max_rel_error(core::phase_swap(a, b).value().data, ab) < 1e-12);
    CHECK(test::max_rel_error(core::phase_swap(b, a).value().data, ba) < 1e-12);
}

TEST_CASE("gradient correlation: numpy's, with periodic differences", "[experiments]") {
    const core::Field a = test::read_grid("field_odd15.txt");
    core::Field b = a, scaled = a;
    for (int r = 0; r < a.rows; ++r)
        for (int c = 0; c < a.cols; ++c) {
            b.at(r, c) = 2 * a.at(a.rows - 1 - r, c) + 0.1;
            scaled.at(r, c) = 3 * a.at(r, c) - 1;
        }
    const core::Field want = test::read_grid("gradient_correlation_odd15.txt");  // a with b, swap(a, b), 3a - 1
    CHECK(std::abs(core::gradient_correlation(a, b) - want.data[0]) < 1e-12);
    CHECK(std::abs(core::gradient_correlation(a, core::phase_swap(a, b).value()) - want.data[1]) < 1e-12);
    CHECK(std::abs(core::gradient_correlation(a, scaled) - want.data[2]) < 1e-12);
    CHECK(core::gradient_correlation(a, core::Field(a.rows, a.cols)) == 0.0);
    // Photographs: each swap's edges are those of the photograph whose phase it kept, for every
    // pair of these four.
    const char* names[] = {"kde_parrot", "kde_owl", "scratch_canyon", "gnome_tree"};
    for (const char* m : names)
        for (const char* p : names) {
            if (std::string(m) == p) continue;
            const core::Field fm = photo(m), fp = photo(p);
            const core::Field swapped = core::phase_swap(fm, fp).value();
            INFO(m << " magnitude, " << p << " phase");
            CHECK(core::gradient_correlation(swapped, fp) > core::gradient_correlation(swapped, fm) + 0.3);
        }
}

TEST_CASE("cepstral variance: the noise stays sigma^2 after the orthonormal DCT", "[experiments]") {
    // A smooth synthetic log-mel (128 mel bands x 2000 frames): a few slow cosines along the mel
    // axis whose amplitudes vary from frame to frame, so the low coefficients carry the variance.
    const int mels = 128, frames = 2000;
    core::Field log_mel(mels, frames);
    core::GaussianNoise g(3);
    for (int c = 0; c < frames; ++c) {
        const double a1 = 20 * g.next(), a2 = 8 * g.next(), a3 = 3 * g.next();
        for (int m = 0; m < mels; ++m)
            log_mel.at(m, c) = -40 + a1 * std::cos(M_PI * (m + 0.5) / mels) +
                               a2 * std::cos(3 * M_PI * (m + 0.5) / mels) + a3 * std::cos(9 * M_PI * (m + 0.5) / mels);
    }
    for (double sigma : {0.5, 2.0, 6.0}) {
        const core::CepstralVariance v = core::cepstral_variance(log_mel, sigma, 17);
        REQUIRE(v.noise.size() == static_cast<std::size_t>(mels));
        // A sample variance of n Gaussian values has standard error sigma^2 sqrt(2 / (n - 1)):
        // 3.2% at n = 2000. Every coefficient within 5 of them (a chance below 1e-4 over the 128
        // coefficients), and their mean within 5 standard errors of the mean.
        const double se = sigma * sigma * std::sqrt(2.0 / (frames - 1));
        double mean = 0.0;
        for (int k = 0; k < mels; ++k) {
            INFO("sigma " << sigma << " k " << k);
            CHECK(std::abs(v.noise[static_cast<std::size_t>(k)] - sigma * sigma) < 5 * se);
            mean += v.noise[static_cast<std::size_t>(k)] / mels;
        }
        CHECK(std::abs(mean - sigma * sigma) < 5 * se / std::sqrt(static_cast<double>(mels)));
        // Above the noise: only the coefficients the synthetic spectrogram has (1, 3, 9), while
        // their variance beats sigma^2; the high quefrencies are all below it.
        const std::vector<int> above = core::cepstral_above(v, sigma);
        for (int k : above) CHECK((k == 1 || k == 3 || k == 9));
        CHECK(above.front() == 1);
        for (int k = 0; k < mels; ++k)
            CHECK(v.noisy[static_cast<std::size_t>(k)] ==
                  Approx(v.clean[static_cast<std::size_t>(k)] + sigma * sigma)
                      .margin(12 * se + 0.05 * v.clean[static_cast<std::size_t>(k)]));
    }
}

TEST_CASE("cepstral variance of a speech clip: the high quefrencies drown first", "[experiments]") {
    auto bytes = core::read_file_bytes(test::asset_path("audio/ru_nsh_0003.wav"));
    REQUIRE(bytes);
    auto audio = core::decode_audio(bytes.value().data(), bytes.value().size());
    REQUIRE(audio);
    REQUIRE(audio.value().sample_rate_hz == 22050.0);
    auto log_mel = core::log_mel_spectrogram(audio.value().samples);  // librosa's defaults: 128 x 87
    REQUIRE(log_mel);
    const int frames = log_mel.value().cols;
    // Counts of coefficients above sigma^2 (of 128) and the first one below, as numpy computes
    // them from librosa's log-mel of the clip (np.var(dct @ db, axis=1, ddof=1)).
    const struct {
        double sigma;
        int above, first_below;
    } cases[] = {{3.0, 74, 66}, {10.0, 21, 11}};
    for (const auto& c : cases) {
        const core::CepstralVariance v = core::cepstral_variance(log_mel.value(), c.sigma, 5);
        const std::vector<int> above = core::cepstral_above(v, c.sigma);
        INFO("sigma " << c.sigma << " dB");
        CHECK(static_cast<int>(above.size()) == c.above);
        for (int k = 0; k < c.first_below; ++k) CHECK(v.clean[static_cast<std::size_t>(k)] > c.sigma * c.sigma);
        CHECK(v.clean[static_cast<std::size_t>(c.first_below)] <= c.sigma * c.sigma);
        // The noise's variance, averaged over the 128 coefficients (independent: an orthogonal
        // transform of i.i.d. Gaussians), is sigma^2 within 5 standard errors of that mean,
        // 5 sigma^2 sqrt(2 / (frames - 1)) / sqrt(128) = 6.7% at 87 frames.
        double mean = 0.0;
        for (double n : v.noise) mean += n / static_cast<double>(v.noise.size());
        CHECK(std::abs(mean - c.sigma * c.sigma) <
              5 * c.sigma * c.sigma * std::sqrt(2.0 / (frames - 1)) / std::sqrt(static_cast<double>(v.noise.size())));
    }
}
