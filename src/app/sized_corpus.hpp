// SizedCorpus: the corpus mean RAPSD as if the photographs were smaller. Each of the store's
// 320 x 320 fields is area-averaged (core::resize_area) to d x d for each size d asked for,
// and the mean of log10 power is taken over the corpus photographs (a geometric mean, as
// CorpusStats does at the analysis size). Built a few photographs per call, so a frame stays
// short; or all at once from the site's summary file (corpus_summary.hpp), which holds the
// sums for k_summary_sizes. Used by the snr-map figure (four sizes) and the article's numbers
// (256 pixels).
#pragma once

#include <array>
#include <cstddef>
#include <vector>

#include "image_store.hpp"

namespace tide::app {

/// The sizes in pixels the site's summary holds: the snr-map figure's choices.
inline constexpr std::array<int, 4> k_summary_sizes{64, 128, 256, 320};

class SizedCorpus {
public:
    /// Sizes in pixels, each at most the analysis size (k_analysis_size). With use_summary
    /// false the photographs are always analysed (what the summary is made from).
    explicit SizedCorpus(std::vector<int> sizes, bool use_summary = true);

    /// Analyses photographs for about budget_ms (or takes the store's summary, waiting while it
    /// is on its way); true once every size is complete. total photographs are used: the
    /// corpus's first ones (a person's own come after them).
    bool advance(ImageStore& store, std::size_t total, double budget_ms);
    bool complete() const { return used_ > 0 && total_ > 0 && next_ >= total_; }
    int done() const { return static_cast<int>(next_); }

    const std::vector<int>& sizes() const { return sizes_; }
    /// Frequencies of size index s in cycles per pixel (bin i = i / d, DC in bin 0; d / 2 bins).
    std::vector<double> freq(std::size_t s) const;
    /// Mean power of size index s (10 to the mean log10 RAPSD; RAPSD as core::rapsd, so unit
    /// white noise has power 1). Empty before any photograph is analysed.
    std::vector<double> power(std::size_t s) const;
    /// Sum over the photographs used of log10 RAPSD power at size index s (d / 2 bins).
    const std::vector<double>& sums(std::size_t s) const { return sums_[s]; }
    /// How many photographs the sums are over (the corpus's readable ones).
    std::size_t used() const { return used_; }

private:
    /// Takes every size's sums from the summary; false if it lacks one of them.
    bool take_summary(const SummaryRecords& records, std::size_t total);

    std::vector<int> sizes_;
    bool use_summary_ = true;
    std::vector<std::vector<double>> sums_;  ///< per size: sum over photographs of log10 power
    std::size_t next_ = 0, used_ = 0, total_ = 0;
};

}  // namespace tide::app
