// A diffusion sampler with two exact denoisers that need no training: the Gaussian model of
// images (its denoiser is the Wiener filter of denoise.hpp) and the empirical distribution of a
// set of photographs (its denoiser is a softmax-weighted mean of them). It runs from pure noise
// to an image, step by step, so the frequencies can be watched arriving from low to high.
// References: DDIM, Song, Meng and Ermon (2021); DDPM's ancestral sampling, Ho, Jain and
// Abbeel (2020); the time shift of Stable Diffusion 3, Esser et al. (2024).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "denoise.hpp"
#include "field.hpp"
#include "noise.hpp"
#include "schedule.hpp"

namespace tide::core {

// shift_time (Stable Diffusion 3's time shift) is declared in schedule.hpp.

/// The times a sampler of `steps` steps visits, t_k = shift_time(k / steps, shift) for
/// k = 0 .. steps (steps + 1 values, increasing; sampling runs from t_steps = 1 down to t_0 = 0).
std::vector<double> sampling_times(int steps, double shift = 1.0);

enum class SamplerKind {
    ddim,  ///< deterministic: x_{k-1} = alpha_{k-1} x0_hat + sigma_{k-1} eps_hat (the probability-flow step)
    ddpm,  ///< ancestral: a draw from q(x_{k-1} | x_k, x0 = x0_hat), fresh noise every step
};

struct SamplerConfig {
    Schedule schedule = Schedule::rectified_flow;
    int steps = 100;     ///< 1 .. 1000
    double shift = 1.0;  ///< shift_time's s, 1 .. 6 in the page
    SamplerKind kind = SamplerKind::ddim;
    std::uint64_t seed = 0;  ///< of GaussianNoise: x at t = 1, then (ddpm) each step's noise
};

/// E[x0 | x_t] for x_t = alpha x0 + sigma eps.
class Denoiser {
public:
    virtual ~Denoiser() = default;
    virtual Field predict(const Field& x_t, NoiseLevel level) = 0;
};

/// The Gaussian model: a stationary Gaussian field with spectrum P = prior (in RAPSD units, so
/// each DFT coefficient has variance P(f) * rows * cols). Its exact denoiser is wiener_denoise.
class GaussianDenoiser final : public Denoiser {
public:
    explicit GaussianDenoiser(PowerLawPrior prior) : prior_(prior) {}
    /// wiener_denoise(x_t, prior, level), with P per coefficient kept for the last shape.
    Field predict(const Field& x_t, NoiseLevel level) override;
    const PowerLawPrior& prior() const { return prior_; }

private:
    PowerLawPrior prior_;
    Field power_grid_;
};

/// The empirical distribution of photographs x0_1 .. x0_n (one shape, n >= 1): the exact
/// denoiser is E[x0 | x_t] = sum_i w_i x0_i, w = softmax_i(-||x_t - alpha x0_i||^2 / (2 sigma^2)),
/// evaluated with the log-sum-exp shift (||x_t||^2 cancels and is left out). alpha = 0 gives
/// equal weights (the mean photograph); sigma = 0 the nearest photograph. It can only give back
/// the photographs it holds: it memorises (a trained network generalises because it is not
/// this exact). Tested against numpy (tests/core/sampler_test.cpp).
class CorpusDenoiser final : public Denoiser {
public:
    explicit CorpusDenoiser(std::vector<Field> photos);
    Field predict(const Field& x_t, NoiseLevel level) override;
    /// w of the last predict() (equal weights before any).
    const std::vector<double>& weights() const { return weights_; }
    const std::vector<Field>& photos() const { return photos_; }

private:
    std::vector<Field> photos_;
    std::vector<double> norms2_;  ///< ||x0_i||^2
    std::vector<double> weights_;
};

/// Runs a sampler step by step: x starts at t_steps = 1 as sigma(1) eps (pure noise; both
/// schedules have alpha(1) = 0), eps = the first rows*cols samples of GaussianNoise(seed)
/// row-major (gaussian_noise(rows, cols, seed)); each step() predicts x0_hat at t_k and moves x
/// to t_{k-1}. DDIM: x_{k-1} = alpha_{k-1} x0_hat + sigma_{k-1} (x_k - alpha_k x0_hat) / sigma_k.
/// DDPM: x_{k-1} = m + sqrt(v) z, z the next rows*cols samples of the same generator, with the
/// posterior of x_t = alpha x0 + sigma eps: a = alpha_k / alpha_{k-1},
/// s2 = sigma_k^2 - a^2 sigma_{k-1}^2, m = (a sigma_{k-1}^2 x_k + alpha_{k-1} s2 x0_hat) / sigma_k^2,
/// v = s2 sigma_{k-1}^2 / sigma_k^2. The last step (to t_0 = 0) returns x0_hat in both.
/// The same seed gives the same numbers natively and in WebAssembly (to rounding of the FFT).
class Sampler {
public:
    Sampler(const SamplerConfig& config, int rows, int cols);
    /// k of the current x (x = x_{t_k}): steps at the start, 0 when done.
    int k() const { return k_; }
    bool done() const { return k_ == 0; }
    double t() const { return times_[static_cast<std::size_t>(k_)]; }
    const std::vector<double>& times() const { return times_; }
    const Field& x() const { return x_; }
    /// The prediction of the last step (empty before the first).
    const Field& x0_hat() const { return x0_hat_; }
    /// One step, from t_k to t_{k-1}; nothing when done().
    void step(Denoiser& denoiser);

private:
    SamplerConfig config_;
    std::vector<double> times_;
    GaussianNoise noise_;
    int k_ = 0;
    Field x_, x0_hat_;
};

/// The Gaussian model's sample synthesised directly: ifft2(sqrt(P(f)) * fft2(eps)), eps =
/// gaussian_noise(rows, cols, seed). The exact probability flow from t = 1 (x = eps) ends here:
/// every frequency is scaled by r(0) / r(1), r = sqrt(alpha^2 P + sigma^2).
Field gaussian_synthesis(const PowerLawPrior& prior, int rows, int cols, std::uint64_t seed);

/// How far finitely many DDIM steps with the Gaussian model fall short of the exact flow at one
/// frequency of power P: each step multiplies the coefficient by
/// (alpha_{k-1} alpha_k P + sigma_{k-1} sigma_k) / r_k^2 = cos(theta_k - theta_{k-1}) r_{k-1} / r_k,
/// theta = atan2(sigma, alpha sqrt(P)); the product over the steps is the exact flow's
/// r(0) / r(1) times prod_k cos(theta_k - theta_{k-1}), which is returned (in (0, 1]).
/// times as sampling_times(); P > 0.
double ddim_shortfall(double power, const std::vector<double>& times, Schedule schedule);

/// The photograph nearest to x: its index in `photos` and the PSNR of x against it (dB, peak to
/// peak 2; psnr_db). photos not empty, each of x's shape.
struct NearestPhoto {
    std::size_t index = 0;
    double psnr_db = 0.0;
};
NearestPhoto nearest_photo(const Field& x, const std::vector<Field>& photos);

/// Index of the largest weight and, from `weights` of every step in order, the first step
/// (1-based) at which it passed 0.5: when the corpus sampler commits to one photograph. The
/// caller feeds the weights of each step to add(); step() is 0 while no weight passed 0.5.
class CommitTracker {
public:
    void add(const std::vector<double>& weights);
    int steps_seen() const { return seen_; }
    int step() const { return step_; }            ///< 0 until a weight passed 0.5
    std::size_t image() const { return image_; }  ///< its index (valid when step() > 0)

private:
    int seen_ = 0, step_ = 0;
    std::size_t image_ = 0;
};

}  // namespace tide::core
