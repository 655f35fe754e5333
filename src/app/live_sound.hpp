// LiveSound: the last few seconds of a sound that keeps arriving (the microphone), kept at the
// rate it comes in, and their analysis as the mel figures do it: the log-mel spectrogram with
// librosa's defaults, its RAPSD read as an image, and the essay's power-law fit of that RAPSD.
// Plain C++ over the core (no ImGui): the "microphone" figure draws what it computes.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/field.hpp"
#include "core/powerlaw.hpp"
#include "core/rapsd.hpp"

namespace tide::app {

/// What the analysis of a window gives.
struct LiveAnalysis {
    core::Field log_mel;    ///< 128 mel bands x frames, dB (librosa's defaults at 22,050 Hz)
    core::Rapsd rapsd;      ///< RAPSD of log_mel read as an image (as AnalysedClip::mel_rapsd)
    core::PowerLawFit fit;  ///< the essay's resampled fit of rapsd; meaningful when error is empty
    double seconds = 0.0;   ///< how much sound the window held
    std::string error;      ///< why there is no fit: too little sound yet, or only silence
};

class LiveSound {
public:
    /// Keeps the last window_s seconds (> 0).
    explicit LiveSound(double window_s = 4.0);

    /// Starts afresh for sound at sample_rate_hz: forgets what was kept. "" when the rate is
    /// usable, else why not (it must be a finite 1000 .. 384000 Hz, as for people's own clips).
    std::string restart(double sample_rate_hz);
    /// Appends n mono samples at the rate of the last restart(); keeps only the last window_s
    /// seconds. A non-finite sample (which no microphone delivers) is taken as 0.
    void push(const float* samples, std::size_t n);

    double window_s() const { return window_s_; }
    double sample_rate_hz() const { return rate_hz_; }
    /// Seconds of sound kept (at most window_s).
    double seconds() const;
    /// Seconds of sound pushed since the last restart() (all of it, not only what is kept).
    double heard_s() const { return static_cast<double>(heard_) / rate_hz_; }
    /// Samples arrived since the last analyse().
    bool fresh() const { return fresh_; }
    /// The kept samples, oldest first, at sample_rate_hz().
    const std::vector<float>& samples() const { return samples_; }

    /// Analyses the kept samples: resampled to 22,050 Hz first when they come at another rate
    /// (core::resample with the medium converter, the one the page links), then the log-mel
    /// spectrogram of the whole window exactly as the mel figure computes a clip's
    /// (core::log_mel_spectrogram with core::MelConfig's librosa defaults: centred frames with
    /// zero padding at both ends of the window), its RAPSD and fit_spectrum(freq, log10 power).
    /// Needs at least k_min_seconds of sound; only silence (every sample 0) gives no fit either.
    /// Clears fresh().
    LiveAnalysis analyse();

    /// Sound needed before analyse() fits a power law.
    static constexpr double k_min_seconds = 1.0;
    /// Columns of the log-mel of a full window at 22,050 Hz (hop 512, centred frames).
    int window_frames() const;

private:
    double window_s_;
    double rate_hz_ = 22050.0;
    std::size_t capacity_ = 0;  ///< samples kept at rate_hz_
    std::vector<float> samples_;
    unsigned long long heard_ = 0;  ///< samples pushed since restart()
    bool fresh_ = false;
};

}  // namespace tide::app
