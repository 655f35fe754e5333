// Averaging spectra in the log domain and fitting power laws P(f) = 10^intercept * f^-alpha,
// as the essay does for its corpus mean.
#pragma once

#include <vector>

#include "result.hpp"

namespace tide::core {

/// Element-wise mean of log10 of several curves of equal length (a geometric mean, in log10
/// units): out[i] = (1/n) sum_k log10 curves[k][i]. Non-positive values give -inf there.
/// All curves must have the same length (assert).
std::vector<double> mean_log10(const std::vector<std::vector<double>>& curves);

struct LogLogCurve {
    std::vector<double> log10_freq;
    std::vector<double> log10_power;
};

/// Resamples a spectrum onto n points evenly spaced in log10 f from freq[first] to freq.back()
/// (both included), interpolating log10 power linearly in log10 f. Typical use: first = 1 to
/// drop DC. freq must be increasing and positive from `first` on; n >= 2.
LogLogCurve resample_loglog(const std::vector<double>& freq, const std::vector<double>& log10_power,
                            int n = 100, int first = 1);

struct PowerLawFit {
    double alpha = 0.0;      ///< minus the slope of log10 power against log10 f
    double intercept = 0.0;  ///< log10 power at f = 1 cycle/pixel (log10 f = 0)
    double r2 = 0.0;         ///< coefficient of determination of the line, in log-log
    int n_points = 0;
};

/// Ordinary least squares line through (log10 f, log10 power). Needs >= 2 points with
/// distinct x and finite values; otherwise a failure saying so.
Result<PowerLawFit> fit_line_loglog(const LogLogCurve& curve);

/// The essay's fit of a spectrum (freq, log10 power, DC in bin 0): drop DC; with resample,
/// resample onto 100 log-spaced points first (resample_loglog), else fit the raw bins
/// 1 .. end. Matches tests/reference/reference.py fit_power_law to 1e-9.
Result<PowerLawFit> fit_spectrum(const std::vector<double>& freq, const std::vector<double>& log10_power,
                                 bool resample = true);

}  // namespace tide::core
