// Band-limited sample-rate conversion (libsamplerate's sinc converters): bringing clips of any
// rate to the 22,050 Hz the mel figures use.
#pragma once

#include <vector>

#include "result.hpp"

namespace tide::core {

/// libsamplerate's sinc converters. `best` is what the CLI and the tests use. `medium` is what
/// the page uses: its filter table is ~90 KB instead of ~1.4 MB of WebAssembly download
/// (SRC_SINC_MEDIUM_QUALITY: ~90% of the output Nyquist band kept, ~97 dB SNR); a sine in its
/// passband comes out within 1e-4 of full scale (tests/core/resample_test.cpp).
/// An executable links the converter tables it needs: tide::samplerate (all) or, where its
/// target property TIDE_COMPACT_RESAMPLER is ON, tide::samplerate_compact (medium and fast
/// only); asking a build for a converter it lacks is an error, not a silent substitute.
enum class ResampleQuality { best, medium };

/// The largest sample magnitude resample() takes.
constexpr float kMaxResampleInput = 1e30f;

/// Resamples a mono signal from from_hz to to_hz with libsamplerate 0.2.2's
/// SRC_SINC_BEST_QUALITY converter (or `quality`, above) (windowed-sinc interpolation; Erik de Castro Lopo's
/// "Secret Rabbit Code": ~97% of the output Nyquist band kept, stopband below -140 dB).
/// Output sample j is the band-limited input evaluated at time j / to_hz, with zeros assumed
/// before the first and after the last input sample (no delay: a sine keeps its phase).
/// Output length round(n * to_hz / from_hz) (at least 1); equal rates return x unchanged.
/// Samples are float, as libsamplerate's API; it accumulates in double.
/// Accuracy (tests/core/resample_test.cpp, 44.1/48/8/16 kHz to 22.05 kHz and back up):
/// - a sine below 0.45 * min(rates) comes out as the same sine sampled at the new rate to
///   within 1.5e-7 (float rounding) away from the ends (the first and last ~10%);
/// - against scipy.signal.resample_poly (its default Kaiser-windowed FIR, beta 5) on sines and
///   band-limited noise below 0.4 * min(rates): max |difference| 5e-4 .. 9e-4 of full scale
///   50 ms from the ends (resample_poly's passband ripple), up to 0.016 near them (test
///   tolerances 2e-3 and 0.05). Content between 0.4 and 0.5 of the lower rate falls in the
///   two filters' different transition bands and may differ much more.
/// Errors: no samples; a sample that is NaN, infinite or beyond +-kMaxResampleInput (1e30,
/// 600 dB above full scale: nothing a recording holds, and far enough from float's 3.4e38
/// that the filter's output cannot overflow); rates that are not positive finite numbers; a
/// ratio to_hz / from_hz outside libsamplerate's 1/256 .. 256; a converter this build does
/// not link; libsamplerate's own errors (by its message).
Result<std::vector<float>> resample(const std::vector<float>& x, double from_hz, double to_hz,
                                    ResampleQuality quality = ResampleQuality::best);

}  // namespace tide::core
