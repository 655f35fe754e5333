// Equal-SNR noise, phase swap and cepstral variance (experiments.hpp).
#include "experiments.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <complex>

#include "dct.hpp"
#include "noise.hpp"
#include "spectrum.hpp"

namespace tide::core {

Field equal_snr_noise(int rows, int cols, const std::vector<double>& power, double sigma, std::uint64_t seed) {
    assert(rows >= 1 && cols >= 1 && sigma >= 0 && power.size() >= 2);
    const Field eps = gaussian_noise(rows, cols, seed);
    ComplexField spec = fft2(eps);
    const long last = static_cast<long>(power.size()) - 1;
    Field p(rows, cols);
    double mean = 0.0;
    for (int ky = 0; ky < rows; ++ky) {
        const int y = ky <= (rows - 1) / 2 ? ky : ky - rows;  // numpy.fft.fftfreq(rows) * rows
        for (int kx = 0; kx < cols; ++kx) {
            const int x = kx <= (cols - 1) / 2 ? kx : kx - cols;
            const long r =
                std::clamp(std::lround(std::sqrt(static_cast<double>(x) * x + static_cast<double>(y) * y)), 1L, last);
            assert(power[static_cast<std::size_t>(r)] > 0);
            mean += p.at(ky, kx) = power[static_cast<std::size_t>(r)];
        }
    }
    mean /= static_cast<double>(p.size());
    for (std::size_t k = 0; k < spec.size(); ++k) spec.data[k] *= sigma * std::sqrt(p.data[k] / mean);
    return ifft2_real(spec);
}

Result<Field> phase_swap(const Field& magnitude_of, const Field& phase_of) {
    if (magnitude_of.rows != phase_of.rows || magnitude_of.cols != phase_of.cols)
        return Result<Field>::failure("the two fields must have one shape: " + std::to_string(magnitude_of.cols) + "x" +
                                      std::to_string(magnitude_of.rows) + " and " + std::to_string(phase_of.cols) +
                                      "x" + std::to_string(phase_of.rows));
    const ComplexField a = fft2(magnitude_of), b = fft2(phase_of);
    ComplexField out(a.rows, a.cols);
    for (std::size_t k = 0; k < a.size(); ++k) out.data[k] = std::polar(std::abs(a.data[k]), std::arg(b.data[k]));
    return ifft2_real(out);
}

namespace {

std::vector<double> row_variances(const Field& x) {
    assert(x.cols >= 2);
    std::vector<double> out(static_cast<std::size_t>(x.rows));
    for (int r = 0; r < x.rows; ++r) {
        double mean = 0.0;
        for (int c = 0; c < x.cols; ++c) mean += x.at(r, c);
        mean /= x.cols;
        double ss = 0.0;
        for (int c = 0; c < x.cols; ++c) ss += (x.at(r, c) - mean) * (x.at(r, c) - mean);
        out[static_cast<std::size_t>(r)] = ss / (x.cols - 1);
    }
    return out;
}

}  // namespace

CepstralVariance cepstral_variance(const Field& log_mel, double sigma, std::uint64_t seed) {
    assert(log_mel.rows >= 1 && log_mel.cols >= 2 && sigma >= 0);
    Field noise = gaussian_noise(log_mel.rows, log_mel.cols, seed);
    for (double& v : noise.data) v *= sigma;
    Field noisy = log_mel;
    for (std::size_t k = 0; k < noisy.size(); ++k) noisy.data[k] += noise.data[k];
    CepstralVariance out;
    out.clean = row_variances(dct2_ortho_rows(log_mel, log_mel.rows));
    out.noisy = row_variances(dct2_ortho_rows(noisy, log_mel.rows));
    out.noise = row_variances(dct2_ortho_rows(noise, log_mel.rows));
    return out;
}

std::vector<int> cepstral_above(const CepstralVariance& v, double sigma) {
    std::vector<int> out;
    for (std::size_t k = 0; k < v.clean.size(); ++k)
        if (v.clean[k] > sigma * sigma) out.push_back(static_cast<int>(k));
    return out;
}

double gradient_correlation(const Field& a, const Field& b) {
    assert(a.rows == b.rows && a.cols == b.cols);
    double ab = 0.0, aa = 0.0, bb = 0.0;
    for (int r = 0; r < a.rows; ++r) {
        const int down = (r + 1) % a.rows;
        for (int c = 0; c < a.cols; ++c) {
            const int right = (c + 1) % a.cols;
            const double ay = a.at(down, c) - a.at(r, c), ax = a.at(r, right) - a.at(r, c);
            const double by = b.at(down, c) - b.at(r, c), bx = b.at(r, right) - b.at(r, c);
            ab += ay * by + ax * bx;
            aa += ay * ay + ax * ax;
            bb += by * by + bx * bx;
        }
    }
    return aa > 0.0 && bb > 0.0 ? ab / std::sqrt(aa * bb) : 0.0;
}

}  // namespace tide::core
