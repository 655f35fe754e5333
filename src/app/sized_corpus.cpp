#include "sized_corpus.hpp"

#include <chrono>
#include <cmath>
#include <utility>

#include "core/image.hpp"

namespace tide::app {

SizedCorpus::SizedCorpus(std::vector<int> sizes, bool use_summary)
    : sizes_(std::move(sizes)), use_summary_(use_summary) {
    for (int d : sizes_) sums_.emplace_back(static_cast<std::size_t>(d / 2), 0.0);
}

bool SizedCorpus::take_summary(const SummaryRecords& records, std::size_t total) {
    const auto used = records.find(k_sized_used_key);
    if (used == records.end() || used->second.size() != 1) return false;
    std::vector<std::vector<double>> sums;
    for (std::size_t s = 0; s < sizes_.size(); ++s) {
        const auto it = records.find(sized_key(sizes_[s]));
        if (it == records.end() || it->second.size() != sums_[s].size()) return false;
        sums.push_back(it->second);
    }
    sums_ = std::move(sums);
    used_ = static_cast<std::size_t>(used->second[0]);
    next_ = total_ = total;
    return true;
}

bool SizedCorpus::advance(ImageStore& store, std::size_t total, double budget_ms) {
    if (complete()) return true;
    total_ = total;
    if (use_summary_ && next_ == 0) {
        switch (store.summary_state()) {
            case SummaryFile::State::pending:
                return false;
            case SummaryFile::State::ready:
                if (take_summary(store.summary(), total)) return complete();
                break;
            case SummaryFile::State::absent:
                break;
        }
    }
    const auto& images = store.corpus().images();
    const auto start = std::chrono::steady_clock::now();
    while (next_ < total_ && next_ < images.size()) {
        const AnalysedImage& img = store.image(images[next_].id);
        if (img.loading()) return false;  // its file is on its way: a later call
        if (img.ready()) {
            for (std::size_t s = 0; s < sizes_.size(); ++s) {
                const int d = sizes_[s];
                const core::Rapsd r = d == img.field.rows ? img.rapsd : core::rapsd(core::resize_area(img.field, d, d));
                for (std::size_t i = 0; i < sums_[s].size() && i < r.power.size(); ++i)
                    sums_[s][i] += std::log10(r.power[i]);
            }
            ++used_;
        }
        ++next_;
        const std::chrono::duration<double, std::milli> spent = std::chrono::steady_clock::now() - start;
        if (spent.count() > budget_ms) break;
    }
    return complete();
}

std::vector<double> SizedCorpus::freq(std::size_t s) const {
    std::vector<double> f(sums_[s].size());
    for (std::size_t i = 0; i < f.size(); ++i) f[i] = static_cast<double>(i) / sizes_[s];
    return f;
}

std::vector<double> SizedCorpus::power(std::size_t s) const {
    if (used_ == 0) return {};
    std::vector<double> p(sums_[s].size());
    for (std::size_t i = 0; i < p.size(); ++i) p[i] = std::pow(10.0, sums_[s][i] / static_cast<double>(used_));
    return p;
}

}  // namespace tide::app
