// A diffusion sampler with exact denoisers (sampler.hpp).
#include "sampler.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <limits>
#include <utility>

#include "spectrum.hpp"

namespace tide::core {

namespace {

/// sum a[j] b[j] in four interleaved partial sums (independent chains the compiler can keep in
/// flight; the order of the additions is fixed, so every platform gets the same bits).
double dot(const double* a, const double* b, std::size_t n) {
    double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
    std::size_t j = 0;
    for (; j + 4 <= n; j += 4) {
        s0 += a[j] * b[j];
        s1 += a[j + 1] * b[j + 1];
        s2 += a[j + 2] * b[j + 2];
        s3 += a[j + 3] * b[j + 3];
    }
    for (; j < n; ++j) s0 += a[j] * b[j];
    return (s0 + s1) + (s2 + s3);
}

}  // namespace

std::vector<double> sampling_times(int steps, double shift) {
    assert(steps >= 1);
    std::vector<double> times(static_cast<std::size_t>(steps) + 1);
    for (int k = 0; k <= steps; ++k)
        times[static_cast<std::size_t>(k)] = shift_time(static_cast<double>(k) / steps, shift);
    times.front() = 0.0;
    times.back() = 1.0;
    return times;
}

Field GaussianDenoiser::predict(const Field& x_t, NoiseLevel level) {
    if (power_grid_.rows != x_t.rows || power_grid_.cols != x_t.cols)
        power_grid_ = prior_power_grid(prior_, x_t.rows, x_t.cols);
    return wiener_denoise(x_t, power_grid_, level);
}

CorpusDenoiser::CorpusDenoiser(std::vector<Field> photos) : photos_(std::move(photos)) {
    assert(!photos_.empty());
    for (const Field& p : photos_) {
        assert(p.rows == photos_.front().rows && p.cols == photos_.front().cols);
        double sum = 0.0;
        for (double v : p.data) sum += v * v;
        norms2_.push_back(sum);
    }
    weights_.assign(photos_.size(), 1.0 / static_cast<double>(photos_.size()));
}

Field CorpusDenoiser::predict(const Field& x_t, NoiseLevel level) {
    const std::size_t n = photos_.size();
    assert(x_t.rows == photos_.front().rows && x_t.cols == photos_.front().cols);
    // -||x_t - a x_i||^2 / (2 s^2) = (2 a <x_t, x_i> - a^2 ||x_i||^2) / (2 s^2) - ||x_t||^2 / (2 s^2).
    std::vector<double> logits(n);
    if (level.alpha == 0.0) {
        std::fill(logits.begin(), logits.end(), 0.0);
    } else {
        for (std::size_t i = 0; i < n; ++i) {
            const double* p = photos_[i].data.data();
            logits[i] =
                2.0 * level.alpha * dot(x_t.data.data(), p, x_t.size()) - level.alpha * level.alpha * norms2_[i];
        }
        if (level.sigma > 0.0) {
            for (double& l : logits) l /= 2.0 * level.sigma * level.sigma;
        }
    }
    if (level.sigma == 0.0 && level.alpha != 0.0) {
        // The limit: all weight on the nearest photograph(s).
        const double best = *std::max_element(logits.begin(), logits.end());
        for (double& l : logits) l = (l == best) ? 0.0 : -INFINITY;
    }
    const double top = *std::max_element(logits.begin(), logits.end());
    double total = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        weights_[i] = std::exp(logits[i] - top);
        total += weights_[i];
    }
    Field out(x_t.rows, x_t.cols);
    for (std::size_t i = 0; i < n; ++i) {
        weights_[i] /= total;
        // A weight below 1e-17 / n adds less than rounding does to the sum (the largest is >= 1/n).
        if (weights_[i] < 1e-17 / static_cast<double>(n)) continue;
        const double w = weights_[i];
        const double* p = photos_[i].data.data();
        for (std::size_t j = 0; j < out.size(); ++j) out.data[j] += w * p[j];
    }
    return out;
}

Sampler::Sampler(const SamplerConfig& config, int rows, int cols)
    : config_(config),
      times_(sampling_times(config.steps, config.shift)),
      noise_(config.seed),
      k_(config.steps),
      x_(rows, cols) {
    const NoiseLevel start = noise_level(config_.schedule, times_.back());
    assert(start.alpha == 0.0);
    for (double& v : x_.data) v = start.sigma * noise_.next();
}

void Sampler::step(Denoiser& denoiser) {
    if (done()) return;
    const NoiseLevel now = noise_level(config_.schedule, times_[static_cast<std::size_t>(k_)]);
    const NoiseLevel next = noise_level(config_.schedule, times_[static_cast<std::size_t>(k_) - 1]);
    x0_hat_ = denoiser.predict(x_, now);
    --k_;
    if (k_ == 0) {
        x_ = x0_hat_;
        return;
    }
    if (config_.kind == SamplerKind::ddim) {
        const double c_x = next.sigma / now.sigma;
        const double c_0 = next.alpha - c_x * now.alpha;
        for (std::size_t j = 0; j < x_.size(); ++j) x_.data[j] = c_0 * x0_hat_.data[j] + c_x * x_.data[j];
        return;
    }
    const double a = now.alpha / next.alpha;
    const double s2 = std::max(0.0, now.sigma * now.sigma - a * a * next.sigma * next.sigma);
    const double now2 = now.sigma * now.sigma;
    const double c_x = a * next.sigma * next.sigma / now2;
    const double c_0 = next.alpha * s2 / now2;
    const double sd = std::sqrt(s2 * next.sigma * next.sigma / now2);
    for (std::size_t j = 0; j < x_.size(); ++j)
        x_.data[j] = c_x * x_.data[j] + c_0 * x0_hat_.data[j] + sd * noise_.next();
}

Field gaussian_synthesis(const PowerLawPrior& prior, int rows, int cols, std::uint64_t seed) {
    ComplexField spectrum = rfft2(gaussian_noise(rows, cols, seed));  // kx = 0 .. cols/2: P is symmetric
    const double f_floor = 1.0 / std::max(rows, cols);
    for (int ky = 0; ky < rows; ++ky) {
        for (int kx = 0; kx < spectrum.cols; ++kx) {
            spectrum.at(ky, kx) *= std::sqrt(prior.power(dft_frequency(ky, kx, rows, cols), f_floor));
        }
    }
    return irfft2(std::move(spectrum), cols);
}

double ddim_shortfall(double power, const std::vector<double>& times, Schedule schedule) {
    assert(power > 0 && times.size() >= 2);
    const double root = std::sqrt(power);
    double product = 1.0;
    for (std::size_t k = times.size() - 1; k >= 1; --k) {
        const NoiseLevel a = noise_level(schedule, times[k]), b = noise_level(schedule, times[k - 1]);
        product *= std::cos(std::atan2(a.sigma, a.alpha * root) - std::atan2(b.sigma, b.alpha * root));
    }
    return product;
}

NearestPhoto nearest_photo(const Field& x, const std::vector<Field>& photos) {
    assert(!photos.empty());
    NearestPhoto best{0, -std::numeric_limits<double>::infinity()};
    for (std::size_t i = 0; i < photos.size(); ++i) {
        const double p = psnr_db(x, photos[i]);
        if (p > best.psnr_db) best = {i, p};
    }
    return best;
}

void CommitTracker::add(const std::vector<double>& weights) {
    ++seen_;
    if (step_ > 0 || weights.empty()) return;
    const auto top = std::max_element(weights.begin(), weights.end());
    if (*top > 0.5) {
        step_ = seen_;
        image_ = static_cast<std::size_t>(top - weights.begin());
    }
}

}  // namespace tide::core
