// Mel scale (Slaney), librosa's filterbank, power_to_db and the log-mel spectrogram.
#include "mel.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <memory>
#include <utility>

#include "stft.hpp"

namespace tide::core {

namespace {

constexpr double kFSp = 200.0 / 3.0;             // Hz per mel below 1000 Hz
constexpr double kMinLogHz = 1000.0;             // start of the log region
constexpr double kMinLogMel = kMinLogHz / kFSp;  // 15
const double kLogStep = std::log(6.4) / 27.0;    // mel step in the log region

/// numpy.linspace(start, stop, num) for num >= 2, element i (numpy's formula: start + i*step,
/// the last one exactly stop).
double linspace_at(double start, double stop, int num, int i) {
    if (i == num - 1) return stop;
    const double step = (stop - start) / (num - 1);
    return start + i * step;
}

double f_max_of(const MelConfig& cfg) {
    return cfg.f_max_hz == 0.0 ? cfg.sample_rate_hz / 2.0 : cfg.f_max_hz;
}

/// The nonzero span [first, last) of each filterbank row, to skip the zeros in the product.
struct Span {
    int first, last;
};

std::vector<Span> nonzero_spans(const Field& fb) {
    std::vector<Span> spans(fb.rows);
    for (int m = 0; m < fb.rows; ++m) {
        int first = fb.cols, last = 0;
        for (int k = 0; k < fb.cols; ++k) {
            if (fb.at(m, k) != 0.0) {
                first = std::min(first, k);
                last = k + 1;
            }
        }
        spans[m] = first < last ? Span{first, last} : Span{0, 0};
    }
    return spans;
}

}  // namespace

double hz_to_mel(double hz) {
    if (hz >= kMinLogHz) return kMinLogMel + std::log(hz / kMinLogHz) / kLogStep;
    return hz / kFSp;
}

double mel_to_hz(double mel) {
    if (mel >= kMinLogMel) return kMinLogHz * std::exp(kLogStep * (mel - kMinLogMel));
    return kFSp * mel;
}

Status check_mel_config(const MelConfig& cfg) {
    if (!(std::isfinite(cfg.sample_rate_hz) && cfg.sample_rate_hz > 0.0))
        return Status::failure("the sample rate must be a positive number of Hz");
    if (cfg.n_fft < 2 || cfg.n_fft > (1 << 20))
        return Status::failure("n_fft must be from 2 to 1048576; got " + std::to_string(cfg.n_fft));
    if (cfg.hop_length < 1)
        return Status::failure("hop_length must be at least 1; got " + std::to_string(cfg.hop_length));
    if (cfg.n_mels < 1 || cfg.n_mels > 4096)
        return Status::failure("n_mels must be from 1 to 4096; got " + std::to_string(cfg.n_mels));
    if (!(std::isfinite(cfg.f_min_hz) && cfg.f_min_hz >= 0.0))
        return Status::failure("f_min must be a finite number >= 0 Hz");
    const double f_max = f_max_of(cfg);
    if (!(std::isfinite(f_max) && f_max > cfg.f_min_hz)) return Status::failure("f_max must be above f_min");
    if (!(std::isfinite(cfg.amin) && cfg.amin > 0.0)) return Status::failure("amin must be a positive number");
    if (!std::isfinite(cfg.ref)) return Status::failure("ref must be a finite number");
    return {};
}

Field mel_filterbank(const MelConfig& cfg) {
    assert(check_mel_config(cfg).ok());
    const int n_mels = cfg.n_mels, bins = cfg.n_fft / 2 + 1;
    const double sr = cfg.sample_rate_hz;

    // FFT bin frequencies, as numpy.fft.rfftfreq(n_fft, 1/sr): k * (1 / (n_fft * (1/sr))).
    std::vector<double> fft_hz(bins);
    const double val = 1.0 / (cfg.n_fft * (1.0 / sr));
    for (int k = 0; k < bins; ++k) fft_hz[k] = k * val;

    // n_mels + 2 points equally spaced in mel (librosa.mel_frequencies).
    const double min_mel = hz_to_mel(cfg.f_min_hz), max_mel = hz_to_mel(f_max_of(cfg));
    std::vector<double> mel_hz(n_mels + 2);
    for (int i = 0; i < n_mels + 2; ++i) mel_hz[i] = mel_to_hz(linspace_at(min_mel, max_mel, n_mels + 2, i));

    Field fb(n_mels, bins);
    for (int m = 0; m < n_mels; ++m) {
        const double fdiff_lo = mel_hz[m + 1] - mel_hz[m], fdiff_hi = mel_hz[m + 2] - mel_hz[m + 1];
        const double enorm = 2.0 / (mel_hz[m + 2] - mel_hz[m]);
        for (int k = 0; k < bins; ++k) {
            // librosa: ramps = mel_f[:, None] - fftfreqs; lower = -ramps[i] / fdiff[i];
            // upper = ramps[i+2] / fdiff[i+1]; weight = max(0, min(lower, upper)) * enorm.
            const double lower = -(mel_hz[m] - fft_hz[k]) / fdiff_lo;
            const double upper = (mel_hz[m + 2] - fft_hz[k]) / fdiff_hi;
            fb.at(m, k) = std::max(0.0, std::min(lower, upper)) * enorm;
        }
    }
    return fb;
}

Field power_to_db(const Field& power, double ref, double amin, double top_db) {
    assert(amin > 0.0);
    Field db(power.rows, power.cols);
    const double ref_db = 10.0 * std::log10(std::max(amin, std::abs(ref)));
    double max_db = -std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < db.size(); ++i) {
        db.data[i] = 10.0 * std::log10(std::max(amin, power.data[i])) - ref_db;
        max_db = std::max(max_db, db.data[i]);
    }
    if (top_db > 0.0) {  // false for NaN
        const double floor_db = max_db - top_db;
        for (double& v : db.data) v = std::max(v, floor_db);
    }
    return db;
}

Result<Field> mel_spectrogram(const std::vector<float>& x, const MelConfig& cfg) {
    using R = Result<Field>;
    if (const Status valid = check_mel_config(cfg); !valid) return R::failure(valid.error());
    const StftConfig stft{cfg.n_fft, cfg.hop_length, true};
    if (const Status valid = check_stft(x.size(), stft); !valid) return R::failure(valid.error());
    const long long frames = stft_frame_count(x.size(), stft);
    if (frames * cfg.n_mels > (1LL << 28))
        return R::failure("the mel spectrogram would have more than 2^28 values; use a larger hop_length");

    // The filterbank of the last configuration, kept per thread: making it takes about a
    // quarter of a 2-s clip's whole log-mel spectrogram, and the page asks for one often.
    struct Filterbank {
        double sample_rate_hz, f_min_hz, f_max_hz;
        int n_fft, n_mels;
        Field fb;
        std::vector<Span> spans;
    };
    thread_local std::unique_ptr<Filterbank> kept;
    if (!kept || kept->sample_rate_hz != cfg.sample_rate_hz || kept->f_min_hz != cfg.f_min_hz ||
        kept->f_max_hz != cfg.f_max_hz || kept->n_fft != cfg.n_fft || kept->n_mels != cfg.n_mels) {
        Field made = mel_filterbank(cfg);
        std::vector<Span> made_spans = nonzero_spans(made);
        kept = std::make_unique<Filterbank>(Filterbank{cfg.sample_rate_hz, cfg.f_min_hz, cfg.f_max_hz, cfg.n_fft,
                                                       cfg.n_mels, std::move(made), std::move(made_spans)});
    }
    const Field& fb = kept->fb;
    const std::vector<Span>& spans = kept->spans;
    Field mel(cfg.n_mels, static_cast<int>(frames));
    auto done = for_each_power_frame(x, stft, [&](long long t, const double* power) {
        for (int m = 0; m < cfg.n_mels; ++m) {
            double sum = 0.0;
            for (int k = spans[m].first; k < spans[m].last; ++k) sum += fb.at(m, k) * power[k];
            mel.at(m, static_cast<int>(t)) = sum;
        }
    });
    if (!done) return R::failure(done.error());
    return mel;
}

Result<Field> log_mel_spectrogram(const std::vector<float>& x, const MelConfig& cfg) {
    auto mel = mel_spectrogram(x, cfg);
    if (!mel) return mel;
    return power_to_db(mel.value(), cfg.ref, cfg.amin, cfg.top_db);
}

}  // namespace tide::core
