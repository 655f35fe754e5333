// The sampler figure's run, a few steps a frame.
#include "sampler_run.hpp"

#include <algorithm>
#include <cassert>
#include <chrono>
#include <cmath>

namespace tide::app {

namespace {

constexpr int kMaxSnapshots = 100;  // ~20 MB of gray images at 320 x 320 for N = 1000
constexpr std::size_t kTopWeights = 5;

}  // namespace

std::vector<std::uint8_t> gray_bytes(const core::Field& f) {
    std::vector<std::uint8_t> out(f.size());
    for (std::size_t i = 0; i < f.size(); ++i) {
        const double v = std::isfinite(f.data[i]) ? std::clamp(f.data[i], -1.0, 1.0) : -1.0;
        out[i] = static_cast<std::uint8_t>(std::lround(127.5 * (v + 1.0)));
    }
    return out;
}

bool SamplerRun::Settings::operator==(const Settings& o) const {
    const core::SamplerConfig &a = config, &b = o.config;
    return model == o.model && a.schedule == b.schedule && a.steps == b.steps && a.shift == b.shift &&
           a.kind == b.kind && a.seed == b.seed && prior.exponent == o.prior.exponent &&
           prior.log10_amplitude == o.prior.log10_amplitude && photos == o.photos;
}

void SamplerRun::start(Settings settings, std::vector<core::Field> photos, int rows, int cols) {
    settings_ = std::move(settings);
    rows_ = rows;
    cols_ = cols;
    corpus_ = nullptr;
    if (settings_.model == SamplerModel::corpus) {
        assert(!photos.empty());
        auto owned = std::make_unique<core::CorpusDenoiser>(std::move(photos));
        corpus_ = owned.get();
        denoiser_ = std::move(owned);
    } else {
        denoiser_ = std::make_unique<core::GaussianDenoiser>(settings_.prior);
    }
    sampler_ = std::make_unique<core::Sampler>(settings_.config, rows, cols);
    done_ = 0;
    stride_ = std::max(1, (steps() + kMaxSnapshots - 1) / kMaxSnapshots);
    snapshots_.clear();
    top_.clear();
    commit_ = core::CommitTracker();
    sample_rapsd_ = core::Rapsd();
    nearest_ = core::NearestPhoto();
    record(0);
}

void SamplerRun::advance(double budget_ms) {
    if (!started()) return;
    const auto start = std::chrono::steady_clock::now();
    while (done_ < steps()) {
        sampler_->step(*denoiser_);
        ++done_;
        if (corpus_) {
            const std::vector<double>& w = corpus_->weights();
            commit_.add(w);
            std::vector<std::pair<std::size_t, double>> top;
            for (std::size_t i = 0; i < w.size(); ++i) top.emplace_back(i, w[i]);
            const std::size_t n = std::min(kTopWeights, top.size());
            std::partial_sort(top.begin(), top.begin() + static_cast<std::ptrdiff_t>(n), top.end(),
                              [](const auto& a, const auto& b) { return a.second > b.second; });
            top.resize(n);
            top_.push_back(std::move(top));
        }
        if (done_ % stride_ == 0 || done_ == steps()) record(done_);
        if (done_ == steps()) {
            sample_rapsd_ = core::rapsd(sampler_->x());
            if (corpus_) nearest_ = core::nearest_photo(sampler_->x(), corpus_->photos());
        }
        const std::chrono::duration<double, std::milli> spent = std::chrono::steady_clock::now() - start;
        if (spent.count() >= budget_ms) break;
    }
}

void SamplerRun::record(int step) {
    Snapshot s;
    s.step = step;
    s.x_t = gray_bytes(sampler_->x());
    if (step > 0) {
        s.x0_hat = gray_bytes(sampler_->x0_hat());
        s.x0_hat_rapsd = core::rapsd(sampler_->x0_hat());
    }
    snapshots_.push_back(std::move(s));
}

double SamplerRun::t_after(int step) const {
    const std::vector<double>& times = sampler_->times();
    const int k = std::clamp(steps() - step, 0, steps());
    return times[static_cast<std::size_t>(k)];
}

const SamplerRun::Snapshot& SamplerRun::snapshot(int step) const {
    assert(!snapshots_.empty());
    // Snapshots are in step order; the last one at or below `step`.
    auto it = std::upper_bound(snapshots_.begin(), snapshots_.end(), step,
                               [](int s, const Snapshot& snap) { return s < snap.step; });
    return it == snapshots_.begin() ? snapshots_.front() : *(it - 1);
}

const std::vector<std::pair<std::size_t, double>>& SamplerRun::top_weights(int step) const {
    if (top_.empty() || step < 1) return no_weights_;
    return top_[static_cast<std::size_t>(std::min<int>(step, static_cast<int>(top_.size())) - 1)];
}

const char* sampler_model_name(SamplerModel m) {
    return m == SamplerModel::corpus ? "corpus" : "gaussian";
}

bool parse_sampler_model(const std::string& text, SamplerModel& out) {
    if (text == "gaussian")
        out = SamplerModel::gaussian;
    else if (text == "corpus")
        out = SamplerModel::corpus;
    else
        return false;
    return true;
}

}  // namespace tide::app
