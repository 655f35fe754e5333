// power_spectrogram: centred, Hann-windowed frames, a RealFft each, two at a time (librosa's stft).
#include "stft.hpp"

#include <algorithm>
#include <cmath>
#include <complex>
#include <memory>

#include "constants.hpp"
#include "spectrum.hpp"

namespace tide::core {

namespace {
constexpr int kMaxFft = 1 << 20;
}  // namespace

std::vector<double> hann_periodic(int n) {
    std::vector<double> w(n);
    for (int j = 0; j < n; ++j) w[j] = 0.5 - 0.5 * std::cos(2.0 * pi * j / n);
    return w;
}

long long stft_frame_count(std::size_t n_samples, const StftConfig& cfg) {
    if (cfg.n_fft < 1 || cfg.hop_length < 1) return 0;
    const long long n = static_cast<long long>(n_samples);
    const long long padded = cfg.center ? n + 2LL * (cfg.n_fft / 2) : n;
    if (padded < cfg.n_fft) return 0;
    return 1 + (padded - cfg.n_fft) / cfg.hop_length;
}

Status check_stft(std::size_t n_samples, const StftConfig& cfg) {
    if (n_samples == 0) return Status::failure("the clip has no samples");
    if (cfg.n_fft < 2 || cfg.n_fft > kMaxFft)
        return Status::failure("n_fft must be from 2 to " + std::to_string(kMaxFft) + "; got " +
                               std::to_string(cfg.n_fft));
    if (cfg.hop_length < 1)
        return Status::failure("hop_length must be at least 1; got " + std::to_string(cfg.hop_length));
    if (!cfg.center && n_samples < static_cast<std::size_t>(cfg.n_fft))
        return Status::failure("the clip has " + std::to_string(n_samples) +
                               " samples, fewer than one frame of n_fft = " + std::to_string(cfg.n_fft) +
                               " (centred frames would pad it)");
    return {};
}

Result<long long> for_each_power_frame(const std::vector<float>& x, const StftConfig& cfg,
                                       const std::function<void(long long, const double*)>& frame) {
    if (const Status valid = check_stft(x.size(), cfg); !valid) return Result<long long>::failure(valid.error());
    const int n_fft = cfg.n_fft;
    const long long frames = stft_frame_count(x.size(), cfg);
    const long long offset = cfg.center ? n_fft / 2 : 0;  // xp[i] = x[i - offset]
    const long long n = static_cast<long long>(x.size());
    // The window and the transform's plan of the last n_fft, kept per thread: their sines and
    // cosines cost about a tenth of a 2-s clip's spectrogram.
    struct Plan {
        std::vector<double> window;
        RealFft fft;
    };
    thread_local std::unique_ptr<Plan> kept;
    if (!kept || kept->fft.size() != n_fft) kept = std::make_unique<Plan>(Plan{hann_periodic(n_fft), RealFft(n_fft)});
    const std::vector<double>& window = kept->window;
    RealFft& fft = kept->fft;
    // Frames two at a time (RealFft::forward_pair: one transform's time for both where KissFFT's
    // pair build serves n_fft), handed over in order.
    std::vector<double> buffer0(n_fft), buffer1(n_fft);
    std::vector<std::complex<double>> spec0(n_fft / 2 + 1), spec1(spec0.size());
    std::vector<double> power(spec0.size());
    const auto fill = [&](long long t, std::vector<double>& buffer) {
        const long long start = t * cfg.hop_length - offset;  // index into x of buffer[0]
        for (int j = 0; j < n_fft; ++j) {
            const long long i = start + j;
            buffer[j] = (i >= 0 && i < n) ? window[j] * static_cast<double>(x[static_cast<std::size_t>(i)]) : 0.0;
        }
    };
    const auto hand_over = [&](long long t, const std::vector<std::complex<double>>& spec) {
        for (std::size_t k = 0; k < spec.size(); ++k) power[k] = std::norm(spec[k]);
        frame(t, power.data());
    };
    long long t = 0;
    for (; t + 1 < frames; t += 2) {
        fill(t, buffer0);
        fill(t + 1, buffer1);
        fft.forward_pair(buffer0.data(), buffer1.data(), spec0.data(), spec1.data());
        hand_over(t, spec0);
        hand_over(t + 1, spec1);
    }
    if (t < frames) {
        fill(t, buffer0);
        fft.forward(buffer0.data(), spec0.data());
        hand_over(t, spec0);
    }
    return frames;
}

Result<Field> power_spectrogram(const std::vector<float>& x, const StftConfig& cfg) {
    using R = Result<Field>;
    if (const Status valid = check_stft(x.size(), cfg); !valid) return R::failure(valid.error());
    const long long frames = stft_frame_count(x.size(), cfg);
    const int bins = cfg.n_fft / 2 + 1;
    if (frames * bins > (1LL << 28))
        return R::failure("the spectrogram would have more than 2^28 values; use a larger hop_length");
    Field out(bins, static_cast<int>(frames));
    auto done = for_each_power_frame(x, cfg, [&](long long t, const double* power) {
        for (int k = 0; k < bins; ++k) out.at(k, static_cast<int>(t)) = power[k];
    });
    if (!done) return R::failure(done.error());
    return out;
}

}  // namespace tide::core
