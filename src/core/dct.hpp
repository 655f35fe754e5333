// The orthonormal DCT-II down the rows of a field, and MFCCs (the DCT of a log-mel spectrogram).
#pragma once

#include <vector>

#include "field.hpp"
#include "mel.hpp"
#include "result.hpp"

namespace tide::core {

/// DCT-II with orthonormal scaling along axis 0 (down each column) of a rows x cols field,
/// as scipy.fft.dct(x, type=2, norm='ortho', axis=0)[:n_coeffs]:
///   y[k, c] = s_k sum_{n=0}^{N-1} x[n, c] cos(pi k (2n + 1) / (2N)),  N = rows,
///   s_0 = sqrt(1/N), s_k = sqrt(2/N) for k >= 1; k = 0 .. n_coeffs-1.
/// The full transform (n_coeffs = rows) is orthogonal: it keeps sum of squares.
/// Direct sums with an exact cosine table (k(2n+1) reduced mod 4N); O(n_coeffs * rows * cols).
/// Matches numpy's explicit DCT matrix to 1e-12 relative to max |y| (tests/core/mel_test.cpp).
/// Needs rows >= 1 and 1 <= n_coeffs <= rows.
Field dct2_ortho_rows(const Field& x, int n_coeffs);

/// librosa.feature.mfcc(y, sr, n_mfcc, dct_type=2, norm='ortho', lifter=0) with the mel
/// settings of cfg: dct2_ortho_rows(log_mel_spectrogram(x, cfg), n_mfcc), n_mfcc x frames,
/// row 0 the (scaled) mean dB level of each frame. Errors: n_mfcc outside 1..n_mels, and those
/// of log_mel_spectrogram().
Result<Field> mfcc(const std::vector<float>& x, const MelConfig& cfg = {}, int n_mfcc = 20);

}  // namespace tide::core
