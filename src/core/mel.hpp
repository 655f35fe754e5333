// The mel scale, librosa's mel filterbank, decibels, and the log-mel spectrogram of a clip
// (the audio chapter's "image" of a sound).
#pragma once

#include <string>
#include <vector>

#include "field.hpp"
#include "result.hpp"

namespace tide::core {

/// librosa's defaults (librosa.feature.melspectrogram followed by librosa.power_to_db).
struct MelConfig {
    double sample_rate_hz = 22050.0;
    int n_fft = 2048;  ///< filterbank has n_fft/2 + 1 columns
    int hop_length = 512;
    int n_mels = 128;
    double f_min_hz = 0.0;
    double f_max_hz = 0.0;  ///< 0 => sample_rate_hz / 2
    double ref = 1.0;       ///< power_to_db's reference (0 dB)
    double amin = 1e-10;    ///< power_to_db's floor on power, > 0
    double top_db = 80.0;   ///< dynamic range kept below the max; <= 0 or NaN: no floor
};

/// Hz to mel on Slaney's scale (librosa.hz_to_mel, htk=False): linear below 1000 Hz,
/// mel = hz / (200/3), logarithmic above, mel = 15 + ln(hz / 1000) / (ln 6.4 / 27).
/// So 1000 Hz -> 15 mel, 6400 Hz -> 42 mel.
double hz_to_mel(double hz);
/// The inverse (librosa.mel_to_hz, htk=False): hz = mel * 200/3 below 15 mel,
/// 1000 exp((mel - 15) ln 6.4 / 27) above.
double mel_to_hz(double mel);

/// Whether cfg can make a filterbank or log-mel spectrogram, or why not: sample rate not
/// positive and finite, n_fft outside 2..2^20, hop_length < 1, n_mels outside 1..4096,
/// f_min < 0, f_max (after 0 => sr/2) not above f_min, amin not positive, ref not finite.
Status check_mel_config(const MelConfig& cfg);

/// librosa.filters.mel(sr, n_fft, n_mels, fmin, fmax, htk=False, norm='slaney'), in double:
/// n_mels x (n_fft/2 + 1), row m a triangle over the FFT bin frequencies k*sr/n_fft that
/// rises from mel point m to m+1 and falls to m+2, the n_mels + 2 points equally spaced in
/// mel from hz_to_mel(f_min) to hz_to_mel(f_max) (numpy.linspace, then mel_to_hz), each row
/// scaled by 2 / (hz[m+2] - hz[m]) (Slaney's equal-area normalisation). Rows whose triangle
/// falls between FFT bins are all zero (librosa warns; so do many n_mels for a small n_fft).
/// Matches a numpy transcription of librosa's code to 1e-12 relative (tests/core/mel_test.cpp;
/// librosa itself returns float32 weights, ~1e-7). Needs check_mel_config(cfg).ok().
Field mel_filterbank(const MelConfig& cfg);

/// librosa.power_to_db(S, ref, amin, top_db) on a field of powers:
///   db = 10 log10(max(amin, S)) - 10 log10(max(amin, |ref|)),
///   then db = max(db, max over the whole field of db - top_db) when top_db > 0.
/// top_db <= 0 or NaN: no floor (librosa's top_db=None; librosa rejects a negative top_db and
/// with 0 would flatten everything to the max). All-zero power (silence) gives a finite
/// 10 log10(amin / max(amin, |ref|)) everywhere (-100 dB by default). Needs amin > 0.
Field power_to_db(const Field& power, double ref = 1.0, double amin = 1e-10, double top_db = 80.0);

/// The mel power spectrogram mel_filterbank(cfg) @ power_spectrogram(x, {n_fft, hop_length,
/// center=true}): n_mels x frames (librosa.feature.melspectrogram(y, sr, n_fft, hop_length,
/// power=2.0, n_mels, fmin, fmax), pad_mode='constant'). Errors: check_mel_config()'s, and the
/// STFT's (no samples). Frames are made and consumed one at a time (memory n_mels * frames).
Result<Field> mel_spectrogram(const std::vector<float>& x, const MelConfig& cfg = {});

/// power_to_db(mel_spectrogram(x, cfg), cfg.ref, cfg.amin, cfg.top_db): n_mels x frames, dB,
/// row 0 = lowest mel band, column t centred on sample t * hop_length. Matches the numpy
/// re-implementation of librosa to 1e-6 dB (observed ~1e-11, tests/core/mel_test.cpp).
/// Errors as mel_spectrogram().
Result<Field> log_mel_spectrogram(const std::vector<float>& x, const MelConfig& cfg = {});

}  // namespace tide::core
