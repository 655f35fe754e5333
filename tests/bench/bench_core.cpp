// Benchmarks of the spectral core's hot paths, natively and as WebAssembly under node.
// Prints a table of medians (and min, max) over repeated runs; not a test: nothing is asserted.
// Rows compared with numpy and FFTW also print a machine-readable line
// `BENCH <key> <median> <min> <max>` (ms), read by tests/bench/compare.py.
//   make bench            (both builds, numpy and FFTW: one comparison table)
//   build/native/tests/tide_bench [assets_dir]
//   node --no-experimental-fetch build/wasm/tests/tide_bench.js [assets_dir]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "app/colormap.hpp"
#include "core/audio.hpp"
#include "core/denoise.hpp"
#include "core/image.hpp"
#include "core/mel.hpp"
#include "core/noise.hpp"
#include "core/powerlaw.hpp"
#include "core/rapsd.hpp"
#include "core/sampler.hpp"
#include "core/schedule.hpp"
#include "core/spectrum.hpp"
#include "core/spectrum1d.hpp"
#include "core/stft.hpp"

namespace core = tide::core;

namespace {

struct Timing {
    double median_ms, min_ms, max_ms;
};

Timing time_it(int repeats, const std::function<void()>& work) {
    std::vector<double> ms;
    work();  // warm-up
    for (int i = 0; i < repeats; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        work();
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    return {ms[ms.size() / 2], ms.front(), ms.back()};
}

void report(const char* name, const Timing& t) {
    std::printf("%-58s %10.3f %10.3f %10.3f\n", name, t.median_ms, t.min_ms, t.max_ms);
}

std::string machine_lines;  // printed after the table

/// report() plus the line compare.py reads; `key` names the workload in all three benches.
void report(const char* name, const char* key, const Timing& t) {
    report(name, t);
    char line[160];
    std::snprintf(line, sizeof line, "BENCH %s %.6f %.6f %.6f\n", key, t.median_ms, t.min_ms, t.max_ms);
    machine_lines += line;
}

core::Field load(const std::string& path) {
    auto bytes = core::read_file_bytes(path);
    if (!bytes) {
        std::fprintf(stderr, "bench: %s\n", bytes.error().c_str());
        std::exit(1);
    }
    auto field = core::prepare_field(bytes.value().data(), bytes.value().size(), {});
    if (!field) {
        std::fprintf(stderr, "bench: %s: %s\n", path.c_str(), field.error().c_str());
        std::exit(1);
    }
    return field.value();
}

}  // namespace

int main(int argc, char** argv) {
    const std::string assets = argc > 1 ? argv[1] : TIDE_ASSETS_DIR;
    const char* ids[] = {"kde_owl", "scratch_forest", "scratch_city_water", "skimage_astronaut"};
    std::vector<core::Field> fields;
    for (const char* id : ids) fields.push_back(load(assets + "/images/" + id + ".png"));
    const int n = fields[0].rows;
    std::printf("Spectral Tide core benchmark (%s), images %d x %d, times in ms\n",
#ifdef __EMSCRIPTEN__
                "WebAssembly",
#else
                "native",
#endif
                n, n);
    std::printf("%-58s %10s %10s %10s\n", "workload", "median", "min", "max");

    report("fft2 of one image (real 2-D FFT, full spectrum)", "fft2_full",
           time_it(200, [&] { (void)core::fft2(fields[0]); }));
    report("rfft2 of one image (real 2-D FFT, half spectrum)", "rfft2",
           time_it(200, [&] { (void)core::rfft2(fields[0]); }));
    const core::ComplexField half_spec = core::rfft2(fields[0]);
    report("irfft2 of one half spectrum (real inverse 2-D FFT)",
           time_it(200, [&] { (void)core::irfft2(half_spec, n); }));
    const core::Field prior_grid = core::prior_power_grid(core::PowerLawPrior{-3.48, 2.618}, n, n);
    report("Wiener filter of one image (rfft2, gain, irfft2)", "wiener", time_it(200, [&] {
               (void)core::wiener_denoise(fields[0], prior_grid, core::NoiseLevel{0.5, 0.5});
           }));
    report("RAPSD of one image (fft2 + power + radial mean)", "rapsd_one",
           time_it(200, [&] { (void)core::rapsd(fields[0]); }));
    const core::RadialBins bins(n, n);
    report("RAPSD of one image with precomputed bins",
           time_it(200, [&] { (void)bins.average(core::power_spectrum(core::fft2(fields[0]))); }));

    // One rising-tide frame for 4 images: the spectra of x0 and eps are computed once; per
    // frame only |F[x0] + sigma F[eps]|^2 is binned and the noisy image is formed and mapped.
    std::vector<core::ComplexField> spectra;
    for (const auto& f : fields) spectra.push_back(core::fft2(f));
    const core::Field eps = core::gaussian_noise(n, n, 0);
    const core::ComplexField eps_spec = core::fft2(eps);
    std::vector<std::uint8_t> rgba;
    double sigma = 0.02;
    report("rising-tide frame, 4 images (RAPSD + noisy image + RGBA)", "tide_frame", time_it(300, [&] {
               sigma = sigma > 50 ? 0.02 : sigma * 1.05;
               for (std::size_t k = 0; k < fields.size(); ++k) {
                   (void)bins.average_of_sum(spectra[k], 1.0, eps_spec, sigma);
                   tide::app::gray_of_sum(fields[k], 1.0, eps, sigma, -1.0, 1.0, rgba);  // as the page does
               }
           }));
    report("rising-tide frame, 4 images, RAPSD only", time_it(300, [&] {
               for (std::size_t k = 0; k < fields.size(); ++k)
                   (void)bins.average_of_sum(spectra[k], 1.0, eps_spec, 1.3);
           }));
    report("Gaussian noise 320 x 320 (seeded, portable)", time_it(100, [&] { (void)core::gaussian_noise(n, n, 1); }));

    // Prime lengths take Bluestein's algorithm instead of KissFFT's O(n p) butterflies
    // (src/core/spectrum.hpp, spectrum1d.hpp): what they cost is measured here.
    std::vector<float> prime_clip(44101);
    for (std::size_t i = 0; i < prime_clip.size(); ++i)
        prime_clip[i] = static_cast<float>(std::sin(0.01 * static_cast<double>(i)));
    report("power spectrum of a clip of prime length 44101 (Bluestein)",
           time_it(20, [&] { (void)core::power_spectrum_1d(prime_clip, 22050.0); }));
    const core::Field prime_field = core::gaussian_noise(1009, 1013, 2);
    report("RAPSD of a 1009 x 1013 field (both prime: Bluestein)", time_it(5, [&] { (void)core::rapsd(prime_field); }));

    std::vector<std::vector<double>> curves;
    for (const auto& f : fields) curves.push_back(core::rapsd(f).power);
    const core::Rapsd r0 = core::rapsd(fields[0]);
    report("mean of log RAPSD + resampled power-law fit (4 images)", time_it(500, [&] {
               const auto mean = core::mean_log10(curves);
               (void)core::fit_spectrum(r0.freq, mean, true);
           }));

    // The whole image corpus (assets/images/*.png, sorted): each image's RAPSD, the mean of
    // their log10, the resampled power-law fit. Once with the PNGs read and decoded in the
    // timed work (file read + decode + green channel + crop + resize), once from fields
    // decoded beforehand.
    std::vector<std::string> corpus;
    for (const auto& entry : std::filesystem::directory_iterator(assets + "/images"))
        if (entry.path().extension() == ".png") corpus.push_back(entry.path().string());
    std::sort(corpus.begin(), corpus.end());
    std::vector<core::Field> corpus_fields;
    for (const auto& path : corpus) corpus_fields.push_back(load(path));
    const auto corpus_fit = [&](const std::vector<core::Field>& fs) {
        std::vector<std::vector<double>> powers;
        for (const auto& f : fs) powers.push_back(core::rapsd(f).power);
        (void)core::fit_spectrum(r0.freq, core::mean_log10(powers), true);
    };
    const std::string corpus_name = "corpus (" + std::to_string(corpus.size()) + " PNGs): ";
    report((corpus_name + "decode + RAPSD each + mean + fit").c_str(), "corpus_decode", time_it(10, [&] {
               std::vector<core::Field> fs;
               for (const auto& path : corpus) fs.push_back(load(path));
               corpus_fit(fs);
           }));
    report((corpus_name + "RAPSD each + mean + fit (decoded)").c_str(), "corpus_fields",
           time_it(10, [&] { corpus_fit(corpus_fields); }));
    // One step of the diffusion samplers at 320 x 320 (src/core/sampler.hpp): the prediction
    // x0_hat and the DDIM update, from t = 0.5 of a 100-step rectified-flow run. The corpus
    // model weighs every corpus photograph (63 dot products of 102,400 values and their
    // weighted sum); the Gaussian model is one Wiener filter (rfft2, gain, irfft2). The timed work
    // includes copying the sampler (its x and x0_hat), so each run starts from the same x.
    {
        core::CorpusDenoiser corpus_model(corpus_fields);
        core::GaussianDenoiser gaussian_model(core::PowerLawPrior{-3.48, 2.618});
        const core::SamplerConfig config{core::Schedule::rectified_flow, 100, 1.0, core::SamplerKind::ddim, 1};
        for (int which = 0; which < 2; ++which) {
            core::Denoiser& model = which == 0 ? static_cast<core::Denoiser&>(corpus_model) : gaussian_model;
            core::Sampler start(config, n, n);
            while (start.k() > 50) start.step(model);
            report(which == 0 ? (corpus_name + "corpus sampler, one step").c_str() : "Gaussian sampler, one step",
                   which == 0 ? "sampler_corpus" : "sampler_gauss", time_it(which == 0 ? 30 : 100, [&] {
                       core::Sampler s = start;
                       s.step(model);
                   }));
        }
    }
    report("f_max(t) over 99 steps", "fmax",
           time_it(500, [&] { (void)core::f_max_curve(r0.freq, r0.power, 1.0, core::Schedule::rectified_flow, 99); }));

    // The sound chapter: one 2-s clip at 22,050 Hz (assets/audio/ru_nsh_0003.wav, the audio
    // corpus's first clip, or a synthetic chirp without it) to its 128 x 87 log-mel
    // spectrogram and that field's RAPSD, with librosa's defaults (n_fft 2048, hop 512).
    std::vector<float> clip;
    const std::string audio_path = assets + "/audio/ru_nsh_0003.wav";
    if (auto bytes = core::read_file_bytes(audio_path)) {
        if (auto audio = core::decode_audio(bytes.value().data(), bytes.value().size())) clip = audio.value().samples;
    }
    if (clip.empty()) {
        clip.resize(44100);
        for (std::size_t i = 0; i < clip.size(); ++i) {
            const double t = static_cast<double>(i) / 22050.0;
            clip[i] = static_cast<float>(0.4 * std::sin(2 * 3.141592653589793 * 100.0 * (std::exp(2.2 * t) - 1) / 2.2));
        }
    }
    report("log-mel + RAPSD of one 2-second clip", "logmel_rapsd",
           time_it(50, [&] { (void)core::rapsd(core::log_mel_spectrogram(clip, {}).value()); }));
    // Its parts: the STFT's power spectrogram (1025 x 87) alone, and the mel spectrogram (the
    // STFT and the filterbank product); the rest of the row above is decibels and the RAPSD.
    report("STFT power spectrogram of that clip", "stft_power", time_it(50, [&] {
               (void)core::power_spectrogram(clip, {2048, 512, true}).value();
           }));
    report("mel power spectrogram of that clip (STFT + filterbank)", "mel_power",
           time_it(50, [&] { (void)core::mel_spectrogram(clip, {}).value(); }));
    std::printf("\n%s", machine_lines.c_str());
    return 0;
}
