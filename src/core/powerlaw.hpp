// Averaging spectra in the log domain and fitting power laws P(f) = 10^intercept * f^-alpha,
// as the essay does for its corpus mean.
#pragma once

#include <vector>

#include "result.hpp"

namespace tide::core {

/// Element-wise mean of log10 of several curves of equal length (a geometric mean, in log10
/// units): out[i] = (1/n) sum_k log10 curves[k][i]. Non-positive values give -inf there
/// (NaN stays NaN). All curves must have the same length (assert); no curves give an empty
/// vector. Matches numpy's mean of log10 to 1e-12 (tests/core/powerlaw_test.cpp).
std::vector<double> mean_log10(const std::vector<std::vector<double>>& curves);

struct LogLogCurve {
    std::vector<double> log10_freq;
    std::vector<double> log10_power;
};

/// Resamples a spectrum onto n points evenly spaced in log10 f from freq[first] to freq.back()
/// (both included), interpolating log10 power linearly in log10 f. Typical use: first = 1 to
/// drop DC. freq must be increasing and positive from `first` on; n >= 2 (asserts). The points
/// are numpy.linspace's, the values numpy.interp's, to 1e-12; the end points are exact.
LogLogCurve resample_loglog(const std::vector<double>& freq, const std::vector<double>& log10_power, int n = 100,
                            int first = 1);

struct PowerLawFit {
    double alpha = 0.0;      ///< minus the slope of log10 power against log10 f
    double intercept = 0.0;  ///< log10 power at f = 1 cycle/pixel (log10 f = 0)
    double r2 = 0.0;         ///< coefficient of determination of the line, in log-log
    int n_points = 0;
};

/// Ordinary least squares line through (log10 f, log10 power). Needs >= 2 points, not all
/// with the same x, and every value finite (a zero-power bin gives -inf); otherwise a failure
/// saying so. r2 is 1 when all y are equal. Matches numpy.polyfit(x, y, 1) to 1e-9.
Result<PowerLawFit> fit_line_loglog(const LogLogCurve& curve);

/// The essay's fit of a spectrum (freq, log10 power, DC in bin 0): drop DC; with resample,
/// resample onto 100 log-spaced points first (resample_loglog), else fit the raw bins
/// 1 .. end. Matches tests/reference/reference.py fit_power_law to 1e-9. Fails (with a message)
/// on fewer than 2 bins above DC or a non-finite log10 power above DC. On fields synthesised
/// with spectrum f^-2.5 at 320 x 320 the raw-bin fit gives 2.48 and the resampled one 2.45-2.47:
/// the RAPSD's lowest bins sit below the power law (tests/core/powerlaw_test.cpp).
Result<PowerLawFit> fit_spectrum(const std::vector<double>& freq, const std::vector<double>& log10_power,
                                 bool resample = true);

}  // namespace tide::core
