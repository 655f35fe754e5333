// power_spectrum_1d: one real DFT of the whole clip (RealFft), |X|^2 / N.
#include "spectrum1d.hpp"

#include <cmath>
#include <complex>
#include <string>

#include "spectrum.hpp"

namespace tide::core {

Result<Spectrum1d> power_spectrum_1d(const std::vector<float>& x, double sample_rate_hz) {
    using R = Result<Spectrum1d>;
    if (x.empty()) return R::failure("the clip has no samples");
    if (!(std::isfinite(sample_rate_hz) && sample_rate_hz > 0.0))
        return R::failure("the sample rate must be a positive number of Hz");
    if (x.size() > 0x7fffffffu / 2) return R::failure("the clip has too many samples for one transform");
    const int n = static_cast<int>(x.size());
    const std::vector<double> xd(x.begin(), x.end());
    std::vector<std::complex<double>> spec(n / 2 + 1);
    RealFft(n).forward(xd.data(), spec.data());
    Spectrum1d out;
    out.freq_hz.resize(spec.size());
    out.power.resize(spec.size());
    for (std::size_t k = 0; k < spec.size(); ++k) {
        out.freq_hz[k] = static_cast<double>(k) * sample_rate_hz / n;
        out.power[k] = std::norm(spec[k]) / n;
    }
    return out;
}

}  // namespace tide::core
