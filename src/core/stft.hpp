// Short-time Fourier transform power (librosa's stft conventions): the frames behind the
// mel spectrogram.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "field.hpp"
#include "result.hpp"

namespace tide::core {

struct StftConfig {
    int n_fft = 2048;      ///< frame length = FFT length, >= 2 (odd allowed, as librosa does)
    int hop_length = 512;  ///< samples between frame starts, >= 1
    bool center = true;    ///< pad n_fft/2 zeros at both ends so frame t is centred on sample t*hop
};

/// Number of frames for n_samples samples: with center, 1 + (n + 2*(n_fft/2) - n_fft) / hop,
/// which is 1 + n/hop for even n_fft; without, 1 + (n - n_fft)/hop, or 0 if n < n_fft.
long long stft_frame_count(std::size_t n_samples, const StftConfig& cfg);

/// Whether power_spectrogram(x, cfg) can run on a clip of n_samples samples, or why not: no
/// samples, n_fft < 2 or above 2^20, hop_length < 1, and without center a clip shorter than
/// one frame.
Status check_stft(std::size_t n_samples, const StftConfig& cfg);

/// |STFT|^2 as librosa.stft(x, n_fft, hop_length, window='hann', center, pad_mode='constant')
/// followed by numpy.abs(.)**2:
///   P[k, t] = | sum_{j=0}^{n_fft-1} w[j] xp[t*hop + j] exp(-2 pi i j k / n_fft) |^2,
///   k = 0 .. n_fft/2 (row 0 = DC; bin k is k*sr/n_fft Hz), t = 0 .. frames-1,
/// w[j] = 0.5 - 0.5 cos(2 pi j / n_fft), the periodic ("fftbins") Hann window of
/// scipy.signal.get_window('hann', n_fft); xp = x with n_fft/2 zeros before and after when
/// centred (pad_mode='constant', librosa >= 0.10's default), x itself otherwise.
/// Shape: (n_fft/2 + 1) rows x stft_frame_count() cols. A centred clip shorter than n_fft
/// still gives frames (zeros fill the rest), as librosa does (it only warns).
/// Computed in double precision from the float samples, so it matches a float64 numpy
/// re-implementation to 1e-9 relative to each frame's max (observed ~1e-15,
/// tests/core/stft_test.cpp); librosa itself stores the STFT as complex64 for float32 input,
/// so it agrees with librosa only to ~1e-6 relative.
/// Errors: those of check_stft().
Result<Field> power_spectrogram(const std::vector<float>& x, const StftConfig& cfg = {});

/// The same power, one frame at a time: calls frame(t, power) for t = 0 .. frames-1, with
/// power pointing at the n_fft/2 + 1 values of column t (valid during the call only). Memory
/// is O(n_fft), not O(frames * n_fft). Returns the number of frames, or the error.
Result<long long> for_each_power_frame(const std::vector<float>& x, const StftConfig& cfg,
                                       const std::function<void(long long t, const double* power)>& frame);

/// The periodic Hann window of length n (as above): w[j] = 0.5 - 0.5 cos(2 pi j / n).
std::vector<double> hann_periodic(int n);

}  // namespace tide::core
