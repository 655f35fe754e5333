// The live window of sound and its analysis (log-mel, RAPSD, power-law fit).
#include "live_sound.hpp"

#include <algorithm>
#include <cmath>

#include "core/mel.hpp"
#include "core/resample.hpp"
#include "core/stft.hpp"

namespace tide::app {

namespace {

const core::MelConfig k_mel;  // librosa's defaults at 22,050 Hz, as the mel figures use

}  // namespace

LiveSound::LiveSound(double window_s) : window_s_(window_s) {
    restart(k_mel.sample_rate_hz);
}

std::string LiveSound::restart(double sample_rate_hz) {
    samples_.clear();
    heard_ = 0;
    fresh_ = false;
    if (!(sample_rate_hz >= 1000.0 && sample_rate_hz <= 384000.0)) {
        return "the sound comes at " + std::to_string(sample_rate_hz) + " Hz; only 1000 to 384000 Hz can be analysed";
    }
    rate_hz_ = sample_rate_hz;
    capacity_ = static_cast<std::size_t>(std::lround(window_s_ * rate_hz_));
    return "";
}

void LiveSound::push(const float* samples, std::size_t n) {
    if (n == 0) return;
    // The window's memory is taken when sound first comes, not when the app starts: most
    // readers never turn the microphone on, and every embed of a post would hold it.
    if (samples_.capacity() < capacity_ + 1) samples_.reserve(capacity_ + 1);
    heard_ += n;
    // Only the last capacity_ samples of a long block can stay.
    const std::size_t take = std::min(n, capacity_);
    samples = samples + (n - take);
    const std::size_t keep = std::min(samples_.size(), capacity_ - take);
    samples_.erase(samples_.begin(), samples_.end() - static_cast<std::ptrdiff_t>(keep));
    for (std::size_t i = 0; i < take; ++i) samples_.push_back(std::isfinite(samples[i]) ? samples[i] : 0.0f);
    fresh_ = true;
}

double LiveSound::seconds() const {
    return static_cast<double>(samples_.size()) / rate_hz_;
}

int LiveSound::window_frames() const {
    const auto n = static_cast<std::size_t>(std::lround(window_s_ * k_mel.sample_rate_hz));
    return static_cast<int>(core::stft_frame_count(n, {k_mel.n_fft, k_mel.hop_length, true}));
}

LiveAnalysis LiveSound::analyse() {
    fresh_ = false;
    LiveAnalysis out;
    out.seconds = seconds();
    if (out.seconds < k_min_seconds) {
        out.error =
            "listening\u2026 the fit starts after " + std::to_string(static_cast<int>(k_min_seconds)) + " s of sound";
        return out;
    }
    std::vector<float> x = samples_;
    if (rate_hz_ != k_mel.sample_rate_hz) {
        auto r = core::resample(x, rate_hz_, k_mel.sample_rate_hz, core::ResampleQuality::medium);
        if (!r) {
            out.error = r.error();
            return out;
        }
        x = std::move(r).value();
    }
    auto log_mel = core::log_mel_spectrogram(x, k_mel);
    if (!log_mel) {
        out.error = log_mel.error();
        return out;
    }
    out.log_mel = std::move(log_mel).value();
    if (std::all_of(x.begin(), x.end(), [](float v) { return v == 0.0f; })) {
        out.error = "only silence so far (every sample is 0: is the microphone muted?)";
        return out;
    }
    out.rapsd = core::rapsd(out.log_mel);
    std::vector<double> log_power(out.rapsd.power.size());
    for (std::size_t i = 0; i < log_power.size(); ++i) log_power[i] = std::log10(out.rapsd.power[i]);
    auto fit = core::fit_spectrum(out.rapsd.freq, log_power, true);
    if (!fit) {
        out.error = fit.error();
        return out;
    }
    out.fit = fit.value();
    return out;
}

}  // namespace tide::app
