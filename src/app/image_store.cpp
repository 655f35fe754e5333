// The analysed corpus: per-image analysis on demand, noise per seed, corpus statistics in slices.
#include "image_store.hpp"

#include <algorithm>
#include <cassert>
#include <chrono>
#include <cmath>
#include <limits>

#include "core/constants.hpp"
#include "core/noise.hpp"

namespace tide::app {

namespace {

/// The essay's power-law fit of one RAPSD (alpha NaN if it fails).
core::PowerLawFit fit_rapsd(const std::vector<double>& freq, const std::vector<double>& power) {
    std::vector<double> log_power(power.size());
    for (std::size_t i = 0; i < log_power.size(); ++i) log_power[i] = std::log10(power[i]);
    auto fit = core::fit_spectrum(freq, log_power, true);
    if (fit) return fit.value();
    core::PowerLawFit failed;
    failed.alpha = std::numeric_limits<double>::quiet_NaN();
    return failed;
}

/// Analyses a decoded photograph through the CLI's own pipeline (core::prepare_field: green
/// channel in [-1, 1], centre square, area-resized to 320 x 320); its spectrum, RAPSD and
/// power-law fit.
std::unique_ptr<AnalysedImage> analyse_rgb(core::RgbImage rgb, const core::RadialBins& bins) {
    auto out = std::make_unique<AnalysedImage>();
    out->rgb = std::move(rgb);
    core::PrepareConfig cfg;  // the CLI's defaults
    cfg.size = k_analysis_size;
    auto field = core::prepare_field(out->rgb, cfg);
    assert(field.ok());  // a decoded image always crops and resizes to a valid size
    out->field = std::move(field).value();
    // Neither the spectrum nor its power is kept (2.4 MB a photograph, which an embed's heap
    // would hold for good): AnalysedImage::spectrum() makes the spectrum again, bit for bit the
    // same, for the figures that use it.
    out->rapsd = bins.average(core::power_spectrum(core::fft2(out->field)));
    out->fit = fit_rapsd(out->rapsd.freq, out->rapsd.power);
    return out;
}

std::unique_ptr<AnalysedImage> analyse(const std::string& path, const core::RadialBins& bins) {
    auto bytes = core::read_file_bytes(path);
    if (!bytes) {
        auto out = std::make_unique<AnalysedImage>();
        out->fail(bytes.error());
        return out;
    }
    auto image = core::decode_image(bytes.value().data(), bytes.value().size());
    if (!image) {
        auto out = std::make_unique<AnalysedImage>();
        out->fail(image.error());
        return out;
    }
    return analyse_rgb(std::move(image).value(), bins);
}

/// The centre square of a photograph, area-resized to side x side, for display: what the
/// analysis sees, in colour (a person's photograph may be far larger than 320 x 320).
core::RgbImage display_square(const core::RgbImage& rgb, int side) {
    core::RgbImage out;
    out.width = out.height = side;
    out.rgb.resize(static_cast<std::size_t>(side) * side * 3);
    const int n = std::min(rgb.width, rgb.height);
    const int r0 = (rgb.height - n) / 2, c0 = (rgb.width - n) / 2;
    for (int c = 0; c < 3; ++c) {
        core::Field f(n, n);
        for (int r = 0; r < n; ++r)
            for (int col = 0; col < n; ++col)
                f.at(r, col) = rgb.rgb[(static_cast<std::size_t>(r0 + r) * rgb.width + (c0 + col)) * 3 + c];
        if (n != side) f = core::resize_area(f, side, side);
        for (std::size_t i = 0; i < f.size(); ++i)
            out.rgb[i * 3 + c] = static_cast<std::uint8_t>(std::clamp(std::lround(f.data[i]), 0L, 255L));
    }
    return out;
}

/// The mean of log10 power over the images' RAPSDs and its two power-law fits (resampled, as
/// the essay, and raw bins); stats.freq must already hold the frequencies.
void summarise(const std::vector<std::vector<double>>& rapsds, CorpusStats& stats) {
    if (rapsds.empty()) return;
    stats.mean_log10 = core::mean_log10(rapsds);
    stats.mean_power.resize(stats.mean_log10.size());
    for (std::size_t i = 0; i < stats.mean_power.size(); ++i) stats.mean_power[i] = std::pow(10.0, stats.mean_log10[i]);
    if (auto fit = core::fit_spectrum(stats.freq, stats.mean_log10, true)) stats.fit = fit.value();
    if (auto fit = core::fit_spectrum(stats.freq, stats.mean_log10, false)) stats.fit_raw = fit.value();
}

}  // namespace

const core::ComplexField& AnalysedImage::spectrum() const {
    if (!spectrum_) spectrum_ = std::make_shared<const core::ComplexField>(core::fft2(field));
    return *spectrum_;
}

namespace {

/// f(the photograph's spectrum): the one it keeps, or one made for this call only.
template <class F>
auto with_spectrum(const AnalysedImage& img, F f) {
    if (img.has_spectrum()) return f(img.spectrum());
    return f(core::fft2(img.field));
}

}  // namespace

core::Field centred_log_power(const AnalysedImage& img) {
    return with_spectrum(img, [](const core::ComplexField& spectrum) {
        return core::log10_power(core::fftshift(core::power_spectrum(spectrum)));
    });
}

GroupStats group_stats(const std::vector<double>& values) {
    GroupStats g;
    for (double v : values) g.mean += v;
    g.n = static_cast<int>(values.size());
    if (g.n == 0) return g;
    g.mean /= g.n;
    for (double v : values) g.sd += (v - g.mean) * (v - g.mean);
    g.sd = g.n > 1 ? std::sqrt(g.sd / (g.n - 1)) : 0.0;
    return g;
}

Texture field_texture(TextureHost& host, const core::Field& field, double lo, double hi, Colormap map,
                      Sampling sampling) {
    const auto rgba = colorize(field, lo, hi, map);
    return Texture(&host, host.create_rgba(rgba.data(), field.cols, field.rows, sampling), field.cols, field.rows);
}

void update_field_texture(TextureHost& host, const Texture& texture, const core::Field& field, double lo, double hi,
                          Colormap map) {
    const auto rgba = colorize(field, lo, hi, map);
    host.update_rgba(texture.id(), rgba.data(), field.cols, field.rows);
}

void show_field_texture(TextureHost& host, Texture& texture, const core::Field& field, double lo, double hi,
                        Colormap map, Sampling sampling) {
    if (texture && texture.width() == field.cols && texture.height() == field.rows)
        update_field_texture(host, texture, field, lo, hi, map);
    else
        texture = field_texture(host, field, lo, hi, map, sampling);
}

ImageStore::ImageStore(Corpus& corpus, TextureHost& textures, AssetSource& assets)
    : corpus_(corpus),
      host_(textures),
      assets_(assets),
      bins_(k_analysis_size, k_analysis_size),
      summary_(corpus.dir() + "/summary.bin") {
    stats_.total = static_cast<int>(corpus.images().size());
}

const AnalysedImage& ImageStore::image(const std::string& id) {
    const int index = corpus_.find(id);
    const std::string path = index >= 0 ? corpus_.path_of(index) : std::string();
    const AnalysedImage& img = load_entry(images_, loading_, assets_, id, index >= 0 ? &path : nullptr, title(id),
                                          "image", [this](const std::string& p) { return analyse(p, bins_); });
    // Corpus analyses can be made again from their file; failed ones are small and stay failed.
    if (img.ready() && index >= 0 && corpus_.images()[static_cast<std::size_t>(index)].label != "yours") {
        last_asked_[id] = ++asks_;
        if (last_asked_.size() > k_kept_analyses) forget_old(id);
    }
    return img;
}

void ImageStore::forget_old(const std::string& keep) {
    while (last_asked_.size() > k_kept_analyses) {
        auto oldest = last_asked_.end();
        for (auto it = last_asked_.begin(); it != last_asked_.end(); ++it)
            if (it->first != keep && (oldest == last_asked_.end() || it->second < oldest->second)) oldest = it;
        if (oldest == last_asked_.end()) return;
        images_.erase(oldest->first);
        last_asked_.erase(oldest);
    }
}

const Texture& ImageStore::texture(const std::string& id, ImageView view) {
    if (textures_generation_ != host_.generation()) {  // the graphics context was lost: make them again
        textures_.clear();
        textures_generation_ = host_.generation();
    }
    const AnalysedImage& img = image(id);
    if (img.loading() || !img.ready()) return no_texture_;
    std::unique_ptr<ImageTextures>& t = textures_[id];
    if (!t) t = std::make_unique<ImageTextures>();
    switch (view) {
        case ImageView::photo:
            if (!t->photo) {
                const core::RgbImage& rgb = img.rgb;
                std::vector<std::uint8_t> rgba(static_cast<std::size_t>(rgb.width) * rgb.height * 4, 255);
                for (std::size_t i = 0; i < static_cast<std::size_t>(rgb.width) * rgb.height; ++i)
                    for (int c = 0; c < 3; ++c) rgba[4 * i + c] = rgb.rgb[3 * i + c];
                t->photo =
                    Texture(&host_, host_.create_rgba(rgba.data(), rgb.width, rgb.height), rgb.width, rgb.height);
            }
            return t->photo;
        case ImageView::log_power:
            if (!t->log_power) {
                const core::Field lp = centred_log_power(img);
                const double hi = *std::max_element(lp.data.begin(), lp.data.end());
                t->log_power = field_texture(host_, lp, quantile(lp, 0.01), hi, Colormap::viridis);
            }
            return t->log_power;
        case ImageView::phase:
            if (!t->phase) {
                const core::Field phase =
                    with_spectrum(img, [](const core::ComplexField& spectrum) { return core::phase(spectrum); });
                t->phase = field_texture(host_, core::fftshift(phase), -core::pi, core::pi, Colormap::rdbu);
            }
            return t->phase;
    }
    return no_texture_;
}

const NoiseField& ImageStore::noise(std::uint64_t seed) {
    for (const auto& n : noise_)
        if (n->seed == seed) return *n;
    auto n = std::make_unique<NoiseField>();
    n->seed = seed;
    n->field = core::gaussian_noise(k_analysis_size, k_analysis_size, seed);
    n->spectrum = core::fft2(n->field);
    n->rapsd = bins_.average(core::power_spectrum(n->spectrum));
    if (noise_.size() >= 4) noise_.erase(noise_.begin());
    noise_.push_back(std::move(n));
    return *noise_.back();
}

bool ImageStore::stats_from_summary() {
    const SummaryRecords& records = summary_.records();
    const auto freq = records.find(k_image_freq_key);
    if (freq == records.end()) return false;
    CorpusStats stats;
    stats.total = stats_.total;
    std::vector<std::vector<double>> rapsds;
    for (int i = 0; i < stats.total; ++i) {
        const auto it = records.find(image_key(corpus_.images()[static_cast<std::size_t>(i)].id));
        if (it == records.end()) return false;  // a summary of another corpus
        const std::vector<double>& power = it->second;
        if (!power.empty() && power.size() != freq->second.size()) return false;
        // An empty curve is a photograph the build could not read: left out, as it would be here.
        stats.alphas.push_back(power.empty() ? std::numeric_limits<double>::quiet_NaN()
                                             : fit_rapsd(freq->second, power).alpha);
        if (!power.empty()) rapsds.push_back(power);
    }
    stats.done = stats.total;
    stats.freq = freq->second;
    summarise(rapsds, stats);
    stats_ = std::move(stats);
    rapsds_ = std::move(rapsds);
    return true;
}

const CorpusStats& ImageStore::corpus_stats(double budget_ms) {
    if (stats_.complete()) return stats_;
    if (stats_.done == 0) {
        switch (summary_.poll(assets_)) {
            case SummaryFile::State::pending:
                return stats_;  // on its way: no photograph is fetched for statistics meanwhile
            case SummaryFile::State::ready:
                if (stats_from_summary()) return stats_;
                break;
            case SummaryFile::State::absent:
                break;
        }
    }
    const auto start = std::chrono::steady_clock::now();
    const auto& images = corpus_.images();
    while (stats_.done < stats_.total) {
        const AnalysedImage& img = image(images[static_cast<std::size_t>(stats_.done)].id);
        if (img.loading()) break;  // the page is still fetching it: carry on on a later frame
        ++stats_.done;
        if (img.ready()) {
            rapsds_.push_back(img.rapsd.power);
            stats_.freq = img.rapsd.freq;
        }
        stats_.alphas.push_back(img.ready() ? img.fit.alpha : std::numeric_limits<double>::quiet_NaN());
        const double elapsed =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        if (elapsed > budget_ms) break;
    }
    summarise(rapsds_, stats_);
    return stats_;
}

core::DecodeLimits ImageStore::user_limits() {
    core::DecodeLimits limits;
    limits.max_side_px = 16384;
    limits.max_pixels = 4096LL * 4096;
    return limits;
}

int ImageStore::user_image_count() const {
    return static_cast<int>(std::count_if(corpus_.images().begin(), corpus_.images().end(),
                                          [](const CorpusImage& c) { return c.label == "yours"; }));
}

core::Result<std::string> ImageStore::add_image(const std::string& title, const std::uint8_t* bytes, std::size_t size) {
    using R = core::Result<std::string>;
    if (user_image_count() >= k_max_user_images) {
        return R::failure(title + ": at most " + std::to_string(k_max_user_images) +
                          " photographs of your own at a time; reload the page to start again");
    }
    auto image = core::decode_image(bytes, size, user_limits());
    if (!image) return R::failure(title + ": " + image.error());
    auto analysed = analyse_rgb(std::move(image).value(), bins_);
    analysed->rgb = display_square(analysed->rgb, k_analysis_size);
    const std::string id = "yours-" + std::to_string(++user_added_);
    corpus_.add({id, "yours", title, "your own"});
    images_.emplace(id, std::move(analysed));
    user_stats_stale_ = true;
    return id;
}

const CorpusStats& ImageStore::user_stats() {
    if (!user_stats_stale_) return user_stats_;
    user_stats_ = CorpusStats{};
    std::vector<std::vector<double>> rapsds;
    for (const CorpusImage& c : corpus_.images()) {
        if (c.label != "yours") continue;
        const AnalysedImage& img = image(c.id);
        ++user_stats_.total;
        ++user_stats_.done;
        user_stats_.alphas.push_back(img.ready() ? img.fit.alpha : std::numeric_limits<double>::quiet_NaN());
        if (!img.ready()) continue;
        rapsds.push_back(img.rapsd.power);
        user_stats_.freq = img.rapsd.freq;
    }
    summarise(rapsds, user_stats_);
    user_stats_stale_ = false;
    return user_stats_;
}

std::string ImageStore::title(const std::string& id) const {
    const int i = corpus_.find(id);
    return i >= 0 ? corpus_.images()[static_cast<std::size_t>(i)].title : id;
}

}  // namespace tide::app
