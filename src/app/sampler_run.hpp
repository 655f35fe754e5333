// SamplerRun: a diffusion sampler (core::Sampler) run in the page a few steps a frame, with
// what the sampler figure shows of it: x_t and the prediction x0_hat as gray images at up to
// ~100 steps (every step for N <= 100), the RAPSD of x0_hat there, the five largest weights of
// the corpus model at every step, when a weight first passed 0.5 (core::CommitTracker, as
// `tide sample` reports it) and the photograph the sample reached (core::nearest_photo).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/rapsd.hpp"
#include "core/sampler.hpp"

namespace tide::app {

enum class SamplerModel { gaussian, corpus };

class SamplerRun {
public:
    /// What a run depends on; a change starts it again.
    struct Settings {
        SamplerModel model = SamplerModel::gaussian;
        core::SamplerConfig config;
        core::PowerLawPrior prior;        ///< the Gaussian model's P (and f_max for both)
        std::vector<std::string> photos;  ///< the corpus model's photograph ids, in order
        bool operator==(const Settings& o) const;
    };
    /// One stored step: x_t after `step` steps (step 0: the starting noise) and, from step 1,
    /// the prediction of that step; 8-bit gray, [-1, 1] black to white, clipped.
    struct Snapshot {
        int step = 0;
        std::vector<std::uint8_t> x_t, x0_hat;
        core::Rapsd x0_hat_rapsd;  ///< empty at step 0
    };

    const Settings& settings() const { return settings_; }
    /// Starts again from the noise at t = 1. photos: the corpus model's x0 (320 x 320 each, in
    /// settings.photos' order), unused for the Gaussian model.
    void start(Settings settings, std::vector<core::Field> photos, int rows, int cols);
    bool started() const { return sampler_ != nullptr; }

    /// Runs steps for about budget_ms (at least one step while any remain).
    void advance(double budget_ms);
    int steps() const { return settings_.config.steps; }
    int steps_done() const { return done_; }
    bool finished() const { return started() && done_ == steps(); }

    /// t after `step` steps (t_N = 1 at step 0 ... 0 at step N).
    double t_after(int step) const;
    /// The stored snapshot nearest below `step` (clamped to what is done).
    const Snapshot& snapshot(int step) const;
    /// The five largest weights (photo index, weight) of the corpus model at step 1..steps_done.
    const std::vector<std::pair<std::size_t, double>>& top_weights(int step) const;
    const core::CommitTracker& commit() const { return commit_; }

    /// When finished: the sample, its RAPSD and (corpus) the photograph nearest to it.
    const core::Field& sample() const { return sampler_->x(); }
    const core::Rapsd& sample_rapsd() const { return sample_rapsd_; }
    const core::NearestPhoto& nearest() const { return nearest_; }
    int rows() const { return rows_; }
    int cols() const { return cols_; }

private:
    void record(int step);

    Settings settings_;
    int rows_ = 0, cols_ = 0;
    std::unique_ptr<core::Sampler> sampler_;
    std::unique_ptr<core::Denoiser> denoiser_;
    core::CorpusDenoiser* corpus_ = nullptr;  ///< denoiser_ when the model is the corpus
    int done_ = 0, stride_ = 1;
    std::vector<Snapshot> snapshots_;
    std::vector<std::vector<std::pair<std::size_t, double>>> top_;
    std::vector<std::pair<std::size_t, double>> no_weights_;  ///< top_weights() before step 1 (stays empty)
    core::CommitTracker commit_;
    core::Rapsd sample_rapsd_;
    core::NearestPhoto nearest_;
};

/// One gray byte a value: [-1, 1] black to white, clipped (NaN black); the snapshots' form.
std::vector<std::uint8_t> gray_bytes(const core::Field& f);

/// The model's name in links and state ("gaussian", "corpus") and back.
const char* sampler_model_name(SamplerModel m);
bool parse_sampler_model(const std::string& text, SamplerModel& out);

}  // namespace tide::app
