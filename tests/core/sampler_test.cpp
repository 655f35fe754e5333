// Samplers with exact denoisers (src/core/sampler.hpp): against numpy (tests/reference), the
// Gaussian model's DDIM steps against their closed form, and the corpus model's memorisation.
#include <catch.hpp>

#include <cmath>
#include <complex>
#include <tuple>
#include <utility>
#include <vector>

#include "core/sampler.hpp"
#include "core/spectrum.hpp"
#include "golden.hpp"

using namespace tide;

namespace {

const core::PowerLawPrior kGoldenPrior{-3.5, 2.6};
const core::PowerLawPrior kCorpusLikePrior{-3.48, 2.618};  // the corpus's fit (README)

core::Field run(const core::SamplerConfig& config, int rows, int cols, core::Denoiser& denoiser) {
    core::Sampler sampler(config, rows, cols);
    while (!sampler.done()) sampler.step(denoiser);
    return sampler.x();
}

}  // namespace

TEST_CASE("shift_time and sampling_times", "[sampler]") {
    CHECK(core::shift_time(0.5, 3.0) == Approx(0.75).epsilon(1e-15));
    CHECK(core::shift_time(0.0, 3.0) == 0.0);
    CHECK(core::shift_time(1.0, 3.0) == 1.0);
    const auto times = core::sampling_times(4, 1.0);
    REQUIRE(times.size() == 5);
    CHECK(times[1] == 0.25);
    CHECK(times.back() == 1.0);
}

TEST_CASE("Samplers match numpy: DDIM and DDPM, Gaussian and corpus models", "[sampler]") {
    const core::Field stacked = test::read_grid("sampler_photos.txt");
    std::vector<core::Field> photos;
    for (int i = 0; i < 4; ++i) {
        core::Field p(16, 16);
        for (int r = 0; r < 16; ++r)
            for (int c = 0; c < 16; ++c) p.at(r, c) = stacked.at(16 * i + r, c);
        photos.push_back(p);
    }
    core::GaussianDenoiser gaussian(kGoldenPrior);
    core::CorpusDenoiser corpus(photos);
    struct Case {
        const char* name;
        core::SamplerConfig config;
        core::Denoiser* denoiser;
    };
    const Case cases[] = {
        {"gauss_ddim_rf", {core::Schedule::rectified_flow, 10, 1.0, core::SamplerKind::ddim, 7}, &gaussian},
        {"gauss_ddpm_cos_shift3", {core::Schedule::cosine, 6, 3.0, core::SamplerKind::ddpm, 3}, &gaussian},
        {"corpus_ddim_rf", {core::Schedule::rectified_flow, 8, 1.0, core::SamplerKind::ddim, 5}, &corpus},
        {"corpus_ddpm_rf_shift2", {core::Schedule::rectified_flow, 8, 2.0, core::SamplerKind::ddpm, 11}, &corpus},
    };
    for (const Case& c : cases) {
        INFO(c.name);
        const core::Field x = run(c.config, 16, 16, *c.denoiser);
        CHECK(test::max_rel_error(x.data, test::read_grid(std::string("sampler_") + c.name + ".txt").data) < 1e-10);
    }
}

TEST_CASE("Gaussian model, DDIM: each frequency falls short of the exact flow by prod cos(dtheta)", "[sampler]") {
    // The sample over the direct synthesis, coefficient by coefficient, is ddim_shortfall(P(f)).
    const int n = 32;
    const core::Field direct = core::gaussian_synthesis(kCorpusLikePrior, n, n, 21);
    const core::ComplexField direct_f = core::fft2(direct);
    core::GaussianDenoiser denoiser(kCorpusLikePrior);
    struct Case {
        int steps;
        double shift;
    };
    for (const Case c : {Case{10, 1.0}, Case{50, 1.0}, Case{1000, 1.0}, Case{50, 3.0}}) {
        INFO(c.steps << " steps, shift " << c.shift);
        const core::SamplerConfig config{core::Schedule::rectified_flow, c.steps, c.shift, core::SamplerKind::ddim, 21};
        const core::ComplexField sample_f = core::fft2(run(config, n, n, denoiser));
        const auto times = core::sampling_times(c.steps, c.shift);
        double worst = 0.0;
        for (int ky = 0; ky < n; ++ky) {
            for (int kx = 0; kx < n; ++kx) {
                const double P = kCorpusLikePrior.power(core::dft_frequency(ky, kx, n, n), 1.0 / n);
                const std::complex<double> ratio = sample_f.at(ky, kx) / direct_f.at(ky, kx);
                const double expected = core::ddim_shortfall(P, times, core::Schedule::rectified_flow);
                worst = std::max(worst, std::abs(ratio - expected));
            }
        }
        CHECK(worst < 1e-9);
    }
    // With uniform steps the lowest frequencies lose the most; a shift moves the loss upwards.
    const auto uniform = core::sampling_times(20, 1.0), shifted = core::sampling_times(20, 3.0);
    const double low = kCorpusLikePrior.power(1.0 / 320, 1.0 / 320), high = kCorpusLikePrior.power(0.5, 1.0 / 320);
    const auto rf = core::Schedule::rectified_flow;
    CHECK(core::ddim_shortfall(low, uniform, rf) < core::ddim_shortfall(high, uniform, rf));
    CHECK(core::ddim_shortfall(low, shifted, rf) > core::ddim_shortfall(low, uniform, rf));
    CHECK(core::ddim_shortfall(high, shifted, rf) < core::ddim_shortfall(high, uniform, rf));
}

TEST_CASE("Gaussian model: 1000 uniform rectified-flow steps reach the direct synthesis", "[sampler]") {
    const int n = 128;
    core::GaussianDenoiser denoiser(kCorpusLikePrior);
    const core::SamplerConfig config{core::Schedule::rectified_flow, 1000, 1.0, core::SamplerKind::ddim, 3};
    const double psnr = core::psnr_db(run(config, n, n, denoiser), core::gaussian_synthesis(kCorpusLikePrior, n, n, 3));
    INFO("PSNR " << psnr << " dB");
    CHECK(psnr >= 50.0);
}

TEST_CASE("Corpus model: the sampler ends on one of the photographs", "[sampler]") {
    // Four smooth 48x48 fields as the corpus: every seed's sample is one of them to 40 dB.
    std::vector<core::Field> photos;
    for (std::uint64_t s = 0; s < 4; ++s) photos.push_back(core::gaussian_synthesis(kCorpusLikePrior, 48, 48, 100 + s));
    core::CorpusDenoiser denoiser(photos);
    for (std::uint64_t seed = 0; seed < 10; ++seed) {
        for (auto kind : {core::SamplerKind::ddim, core::SamplerKind::ddpm}) {
            const core::SamplerConfig config{core::Schedule::rectified_flow, 100, 1.0, kind, seed};
            const core::Field x = run(config, 48, 48, denoiser);
            double best = 0.0;
            std::size_t best_index = 0;
            for (std::size_t i = 0; i < photos.size(); ++i) {
                const double p = core::psnr_db(x, photos[i]);
                if (p > best) std::tie(best, best_index) = std::make_pair(p, i);
            }
            INFO("seed " << seed << ": " << best << " dB from the nearest photograph");
            CHECK(best >= 40.0);
            const core::NearestPhoto nearest = core::nearest_photo(x, photos);
            CHECK(nearest.index == best_index);
            CHECK(nearest.psnr_db == best);
        }
    }
}

TEST_CASE("CommitTracker: the first step whose largest weight passed 0.5", "[sampler]") {
    core::CommitTracker commit;
    commit.add({0.3, 0.3, 0.4});
    commit.add({0.5, 0.2, 0.3});  // 0.5 itself has not passed
    CHECK(commit.step() == 0);
    commit.add({0.1, 0.2, 0.7});
    commit.add({0.9, 0.05, 0.05});  // later steps change nothing
    CHECK(commit.steps_seen() == 4);
    CHECK(commit.step() == 3);
    CHECK(commit.image() == 2);
}
