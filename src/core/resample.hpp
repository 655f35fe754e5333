// Band-limited sample-rate conversion (libsamplerate's best sinc converter): bringing clips
// of any rate to the 22,050 Hz the mel figures use.
#pragma once

#include <vector>

#include "result.hpp"

namespace tide::core {

/// Resamples a mono signal from from_hz to to_hz with libsamplerate 0.2.2's
/// SRC_SINC_BEST_QUALITY converter (windowed-sinc interpolation; Erik de Castro Lopo's
/// "Secret Rabbit Code": ~97% of the output Nyquist band kept, stopband below -140 dB).
/// Output sample j is the band-limited input evaluated at time j / to_hz, with zeros assumed
/// before the first and after the last input sample (no delay: a sine keeps its phase).
/// Output length round(n * to_hz / from_hz) (at least 1); equal rates return x unchanged.
/// Samples are float, as libsamplerate's API; it accumulates in double.
/// Against scipy.signal.resample_poly (Kaiser window, beta 5) on sines and band-limited
/// noise below 0.4 * min(rates), the two agree to ~3e-3 of full scale away from the ends
/// (resample_poly's filter ripples; libsamplerate is within ~1e-5 of the exact signal there);
/// tests/core/resample_test.cpp states the observed numbers.
/// Errors: no samples; rates that are not positive finite numbers; a ratio to_hz / from_hz
/// outside libsamplerate's 1/256 .. 256; libsamplerate's own errors (by its message).
Result<std::vector<float>> resample(const std::vector<float>& x, double from_hz, double to_hz);

}  // namespace tide::core
