// ImageStore: the analysed corpus, shared by all figures. Each photograph is decoded and
// transformed once, on first use; corpus-wide statistics are built a few images per frame
// so the page stays responsive.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "assets.hpp"
#include "colormap.hpp"
#include "core/image.hpp"
#include "core/powerlaw.hpp"
#include "core/rapsd.hpp"
#include "core/spectrum.hpp"
#include "corpus.hpp"
#include "corpus_summary.hpp"
#include "store_entry.hpp"
#include "texture_host.hpp"

namespace tide::app {

constexpr int k_analysis_size = 320;  ///< the essay's image size: every field is 320 x 320

/// One photograph, analysed as the CLI does (green channel in [-1, 1], 320 x 320).
struct AnalysedImage : StoreEntry {  ///< ready(), or loading / failed with a message
    core::RgbImage rgb;              ///< as decoded, for display
    core::Field field;               ///< x0
    core::Rapsd rapsd;
    core::PowerLawFit fit;  ///< the essay's power-law fit of this image's RAPSD (alpha NaN if it failed)

    /// fft2(x0), made on the first call and kept from then on (1.6 MB): the figures that mix a
    /// photograph with noise, or slice its spectrum, ask for it on every change. The analysis
    /// itself does not keep it, and pictures of the spectrum are made without keeping it
    /// (centred_log_power), so a figure that only shows photographs holds none.
    const core::ComplexField& spectrum() const;
    bool has_spectrum() const { return spectrum_ != nullptr; }

private:
    mutable std::shared_ptr<const core::ComplexField> spectrum_;
};

/// log10 of fftshift(|F|^2 / N^2) of a photograph's spectrum (core::log10_power): its centred
/// log-power picture, zero frequency at (rows/2, cols/2). Uses the kept spectrum when there is one.
core::Field centred_log_power(const AnalysedImage& img);

/// The pictures of a photograph a figure can show.
enum class ImageView {
    photo,      ///< the photograph itself
    log_power,  ///< its log-power spectrum, centred (viridis, from its 1% quantile to its maximum)
    phase,      ///< its phase spectrum, centred (red-blue, -pi .. pi)
};

/// Textures of one photograph, each made when a figure first shows it.
struct ImageTextures {
    Texture photo, log_power, phase;
};

/// Noise of the analysis size for a seed: the field and its spectrum.
struct NoiseField {
    std::uint64_t seed = 0;
    core::Field field;
    core::ComplexField spectrum;
    core::Rapsd rapsd;
};

/// The corpus mean: mean of log10 RAPSD over all images, and each image's alpha.
struct CorpusStats {
    int done = 0, total = 0;         ///< images analysed so far
    std::vector<double> freq;        ///< cycles/pixel, bin 0 = DC
    std::vector<double> mean_log10;  ///< geometric mean power, log10
    std::vector<double> mean_power;  ///< 10^mean_log10
    core::PowerLawFit fit, fit_raw;  ///< resampled (the essay's) and raw-bin fits
    std::vector<double> alphas;      ///< per image, in corpus order (NaN if it failed)
    bool complete() const { return total > 0 && done == total; }
};

/// The number, mean and sample standard deviation (n - 1 in the denominator; 0 for one value)
/// of values such as a group of photographs' alphas.
struct GroupStats {
    int n = 0;
    double mean = 0.0, sd = 0.0;
};
GroupStats group_stats(const std::vector<double>& values);

class ImageStore {
public:
    ImageStore(Corpus& corpus, TextureHost& textures, AssetSource& assets);

    const Corpus& corpus() const { return corpus_; }
    TextureHost& host() const { return host_; }
    const core::RadialBins& bins() const { return bins_; }

    /// The analysed image with this corpus id: ready, failed (with why), or loading while its
    /// file is still on its way (ask again on a later frame). The store keeps the full analyses
    /// of the k_kept_analyses corpus photographs asked for last (a person's own are always
    /// kept) and makes others again from their file when asked: so a reference stays valid
    /// until that many other photographs have been asked for. A figure uses a few at a time.
    const AnalysedImage& image(const std::string& id);
    /// About 1.1 MB each (photo and field of 320 x 320), 2.7 MB with the spectrum.
    static constexpr std::size_t k_kept_analyses = 10;
    /// How many full analyses the store holds now.
    std::size_t analyses_held() const { return images_.size(); }
    /// Its picture as `view`, uploaded on first call (empty while loading, or if the photograph
    /// could not be read). Only the views asked for are made: most figures show the photograph
    /// alone, and every texture is graphics memory an embed holds.
    const Texture& texture(const std::string& id, ImageView view);
    /// Standard Gaussian noise of the analysis size for this seed (the last few are kept).
    const NoiseField& noise(std::uint64_t seed);

    /// Advances the corpus statistics; cheap once complete. Call every frame from figures that
    /// show corpus-wide results. They come from the site's summary file when there is one (all
    /// at once, when it arrives; no photograph is fetched); otherwise the store analyses
    /// photographs for about budget_ms per call.
    const CorpusStats& corpus_stats(double budget_ms = 12.0);
    /// The statistics as far as they got, without doing any work.
    const CorpusStats& corpus_stats_so_far() const { return stats_; }

    /// The site's summary of the corpus (<corpus dir>/summary.bin, corpus_summary.hpp): ready,
    /// still on its way, or absent (natively, or after ignore_summary()).
    SummaryFile::State summary_state() { return summary_.poll(assets_); }
    const SummaryRecords& summary() const { return summary_.records(); }
    /// Computes everything from the photographs (what the summary is made from and checked against).
    void ignore_summary() { summary_ = SummaryFile(""); }

    /// Title of an image id, or the id itself if unknown.
    std::string title(const std::string& id) const;

    /// Adds a person's own photograph (PNG, JPEG, GIF, BMP or TGA bytes): centre-cropped,
    /// resized to 320 x 320 and analysed as the corpus is, under the id "yours-N" and the
    /// label "yours". At most k_max_user_images are taken (the heap of a page never shrinks).
    /// Returns the id, or a failure with a message; nothing loaded before changes either way.
    core::Result<std::string> add_image(const std::string& title, const std::uint8_t* bytes, std::size_t size);
    /// The statistics of the person's own photographs alone (complete, computed on demand).
    const CorpusStats& user_stats();
    /// The same as far as computed (for state(), which does no work).
    const CorpusStats& user_stats_so_far() const { return user_stats_; }
    int user_image_count() const;

    /// The page accepts at most 4096 x 4096 pixels (the decoded image and its analysis then
    /// need about 0.3 GB of the WebAssembly heap, which never shrinks).
    static core::DecodeLimits user_limits();
    static constexpr int k_max_user_images = 24;

private:
    Corpus& corpus_;
    TextureHost& host_;
    AssetSource& assets_;
    std::map<std::string, AnalysedImage> loading_;  ///< stand-ins while files are on their way
    Texture no_texture_;
    core::RadialBins bins_;
    /// Drops the least recently asked-for corpus analyses beyond k_kept_analyses (not `keep`).
    void forget_old(const std::string& keep);

    std::map<std::string, std::unique_ptr<AnalysedImage>> images_;
    std::map<std::string, std::uint64_t> last_asked_;  ///< corpus analyses held: when last asked for
    std::uint64_t asks_ = 0;
    std::map<std::string, std::unique_ptr<ImageTextures>> textures_;
    std::uint64_t textures_generation_ = 0;  ///< host_.generation() that textures_ belong to
    std::vector<std::unique_ptr<NoiseField>> noise_;
    /// Fills stats_ from the summary; false (stats_ untouched) if it does not cover the corpus.
    bool stats_from_summary();

    SummaryFile summary_;
    CorpusStats stats_;
    std::vector<std::vector<double>> rapsds_;  ///< RAPSD power of each analysed image
    CorpusStats user_stats_;
    int user_added_ = 0;  ///< user images added so far (numbers their ids)
    bool user_stats_stale_ = true;
};

/// Uploads a field as a texture through a colour map, lo..hi spanning the map.
Texture field_texture(TextureHost& host, const core::Field& field, double lo, double hi, Colormap map,
                      Sampling sampling = Sampling::smooth);
/// Replaces the pixels of a texture made by field_texture (same size).
void update_field_texture(TextureHost& host, const Texture& texture, const core::Field& field, double lo, double hi,
                          Colormap map);
/// Makes `texture` show the field: its pixels replaced when it exists with the field's size,
/// made anew otherwise (first use, another size, or lost with the graphics context).
void show_field_texture(TextureHost& host, Texture& texture, const core::Field& field, double lo, double hi,
                        Colormap map, Sampling sampling = Sampling::smooth);

}  // namespace tide::app
