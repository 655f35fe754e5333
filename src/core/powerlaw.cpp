// Log-domain averaging of spectra and least-squares power-law fits in log-log coordinates.
#include "powerlaw.hpp"

#include <cassert>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

namespace tide::core {

namespace {

std::string number(double v) {
    char text[32];
    std::snprintf(text, sizeof text, "%.6g", v);
    return text;
}

}  // namespace

std::vector<double> mean_log10(const std::vector<std::vector<double>>& curves) {
    if (curves.empty()) return {};
    const std::size_t n = curves.front().size();
    std::vector<double> sum(n, 0.0);
    for (const auto& curve : curves) {
        assert(curve.size() == n);
        for (std::size_t i = 0; i < n; ++i) {
            // log10 of a negative number would be NaN; the documented answer is -inf.
            sum[i] += curve[i] > 0.0         ? std::log10(curve[i])
                      : std::isnan(curve[i]) ? curve[i]
                                             : -std::numeric_limits<double>::infinity();
        }
    }
    const double count = static_cast<double>(curves.size());
    for (double& v : sum) v /= count;
    return sum;
}

LogLogCurve resample_loglog(const std::vector<double>& freq, const std::vector<double>& log10_power, int n, int first) {
    assert(freq.size() == log10_power.size());
    assert(n >= 2 && first >= 0 && static_cast<std::size_t>(first) < freq.size());
    assert(freq[first] > 0.0);
    const std::size_t last = freq.size() - 1;
    const double x0 = std::log10(freq[first]);
    const double x1 = std::log10(freq[last]);

    LogLogCurve out;
    out.log10_freq.resize(n);
    out.log10_power.resize(n);
    std::size_t j = first;  // the segment [x(j), x(j+1)] holding the current point
    double xj = x0, xj1 = j < last ? std::log10(freq[j + 1]) : x0;
    for (int i = 0; i < n; ++i) {
        // As numpy.linspace: start + i * step, the last point exactly the end.
        const double x = i == n - 1 ? x1 : x0 + i * ((x1 - x0) / (n - 1));
        while (j + 1 < last && x >= xj1) {
            ++j;
            xj = xj1;
            xj1 = std::log10(freq[j + 1]);
            assert(xj1 > xj);
        }
        double y;
        if (j == last || x <= xj) {
            y = log10_power[j];
        } else if (x >= xj1) {
            y = log10_power[j + 1];
        } else {
            y = log10_power[j] + (log10_power[j + 1] - log10_power[j]) * ((x - xj) / (xj1 - xj));
        }
        out.log10_freq[i] = x;
        out.log10_power[i] = y;
    }
    return out;
}

Result<PowerLawFit> fit_line_loglog(const LogLogCurve& curve) {
    using R = Result<PowerLawFit>;
    assert(curve.log10_freq.size() == curve.log10_power.size());
    const std::size_t n = curve.log10_freq.size();
    if (n < 2) return R::failure("a line needs at least 2 points; got " + std::to_string(n));
    for (std::size_t i = 0; i < n; ++i) {
        const double x = curve.log10_freq[i], y = curve.log10_power[i];
        if (!std::isfinite(x) || !std::isfinite(y)) {
            return R::failure("cannot fit a line through log10 power " + number(y) + " at log10 frequency " +
                              number(x) + (std::isinf(y) && y < 0 ? " (a frequency with zero power)" : ""));
        }
    }
    // Centred sums: (x - mean x) keeps the products small and the result well conditioned.
    double mx = 0.0, my = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        mx += curve.log10_freq[i];
        my += curve.log10_power[i];
    }
    mx /= static_cast<double>(n);
    my /= static_cast<double>(n);
    double sxx = 0.0, sxy = 0.0, syy = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        const double dx = curve.log10_freq[i] - mx, dy = curve.log10_power[i] - my;
        sxx += dx * dx;
        sxy += dx * dy;
        syy += dy * dy;
    }
    if (!(sxx > 0.0)) return R::failure("all points have the same frequency; a line needs two distinct ones");
    const double slope = sxy / sxx;
    PowerLawFit fit;
    fit.alpha = -slope;
    fit.intercept = my - slope * mx;
    fit.n_points = static_cast<int>(n);
    // Residual sum of squares of the least-squares line: syy - slope * sxy.
    double ss_res = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        const double e = curve.log10_power[i] - (fit.intercept + slope * curve.log10_freq[i]);
        ss_res += e * e;
    }
    fit.r2 = syy > 0.0 ? 1.0 - ss_res / syy : 1.0;
    return fit;
}

Result<PowerLawFit> fit_spectrum(const std::vector<double>& freq, const std::vector<double>& log10_power,
                                 bool resample) {
    using R = Result<PowerLawFit>;
    assert(freq.size() == log10_power.size());
    if (freq.size() < 3) {
        return R::failure("a power-law fit needs at least 2 frequencies above DC; the spectrum has " +
                          std::to_string(freq.size() > 0 ? freq.size() - 1 : 0) +
                          " (analyse a larger image: 5 x 5 pixels or more)");
    }
    for (std::size_t i = 1; i < freq.size(); ++i) {
        if (!std::isfinite(log10_power[i])) {
            return R::failure("cannot fit a power law: log10 power is " + number(log10_power[i]) + " at frequency " +
                              number(freq[i]) +
                              (std::isinf(log10_power[i]) && log10_power[i] < 0 ? " (zero power there)" : ""));
        }
    }
    if (resample) return fit_line_loglog(resample_loglog(freq, log10_power, 100, 1));
    LogLogCurve raw;
    for (std::size_t i = 1; i < freq.size(); ++i) {
        raw.log10_freq.push_back(std::log10(freq[i]));
        raw.log10_power.push_back(log10_power[i]);
    }
    return fit_line_loglog(raw);
}

}  // namespace tide::core
