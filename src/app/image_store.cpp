// The analysed corpus: per-image analysis on demand, noise per seed, corpus statistics in slices.
#include "image_store.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "core/noise.hpp"

namespace tide::app {

namespace {

std::unique_ptr<AnalysedImage> analyse(const std::string& path, const core::RadialBins& bins) {
    auto out = std::make_unique<AnalysedImage>();
    auto bytes = core::read_file_bytes(path);
    if (!bytes) {
        out->error = bytes.error();
        return out;
    }
    auto image = core::decode_image(bytes.value().data(), bytes.value().size());
    if (!image) {
        out->error = image.error();
        return out;
    }
    out->rgb = std::move(image).value();
    core::Field field = core::crop_center_square(core::image_channel(out->rgb, core::Channel::green, core::Scale::pm1));
    if (field.rows != k_analysis_size) field = core::resize_area(field, k_analysis_size, k_analysis_size);
    out->field = std::move(field);
    out->spectrum = core::fft2(out->field);
    const core::Field power = core::power_spectrum(out->spectrum);
    out->rapsd = bins.average(power);
    out->shifted_power = core::fftshift(power);
    out->shifted_log_power = core::log10_power(out->shifted_power);
    std::vector<double> log_power(out->rapsd.power.size());
    for (std::size_t i = 0; i < log_power.size(); ++i) log_power[i] = std::log10(out->rapsd.power[i]);
    auto fit = core::fit_spectrum(out->rapsd.freq, log_power, true);
    if (fit) {
        out->fit = fit.value();
    } else {
        out->fit.alpha = std::numeric_limits<double>::quiet_NaN();
    }
    return out;
}

}  // namespace

Texture field_texture(TextureHost& host, const core::Field& field, double lo, double hi, Colormap map) {
    const auto rgba = colorize(field, lo, hi, map);
    return Texture(&host, host.create_rgba(rgba.data(), field.cols, field.rows), field.cols, field.rows);
}

void update_field_texture(TextureHost& host, const Texture& texture, const core::Field& field, double lo, double hi,
                          Colormap map) {
    const auto rgba = colorize(field, lo, hi, map);
    host.update_rgba(texture.id(), rgba.data(), field.cols, field.rows);
}

ImageStore::ImageStore(const Corpus& corpus, TextureHost& textures, AssetSource& assets)
    : corpus_(corpus), host_(textures), assets_(assets), bins_(k_analysis_size, k_analysis_size) {
    stats_.total = static_cast<int>(corpus.images().size());
}

const AnalysedImage& ImageStore::image(const std::string& id) {
    auto it = images_.find(id);
    if (it == images_.end()) {
        const int index = corpus_.find(id);
        std::unique_ptr<AnalysedImage> result;
        std::string why;
        const auto status = index >= 0 ? assets_.status(corpus_.path_of(index), &why) : AssetSource::Status::ready;
        if (status == AssetSource::Status::pending) {
            AnalysedImage& stand_in = loading_[id];
            stand_in.loading = true;
            stand_in.error = "loading " + title(id) + "\u2026";
            return stand_in;
        }
        loading_.erase(id);
        if (status == AssetSource::Status::failed) {
            result = std::make_unique<AnalysedImage>();
            result->error = title(id) + ": " + why;
        } else if (index >= 0) {
            result = analyse(corpus_.path_of(index), bins_);
        } else {
            result = std::make_unique<AnalysedImage>();
            result->error = "unknown image '" + id + "'";
        }
        it = images_.emplace(id, std::move(result)).first;
    }
    return *it->second;
}

const ImageTextures& ImageStore::textures(const std::string& id) {
    auto it = textures_.find(id);
    if (it != textures_.end()) return *it->second;
    const AnalysedImage& img = image(id);
    if (img.loading) return no_textures_;
    auto t = std::make_unique<ImageTextures>();
    if (img.error.empty()) {
        const core::RgbImage& rgb = img.rgb;
        std::vector<std::uint8_t> rgba(static_cast<std::size_t>(rgb.width) * rgb.height * 4, 255);
        for (std::size_t i = 0; i < static_cast<std::size_t>(rgb.width) * rgb.height; ++i)
            for (int c = 0; c < 3; ++c) rgba[4 * i + c] = rgb.rgb[3 * i + c];
        t->photo = Texture(&host_, host_.create_rgba(rgba.data(), rgb.width, rgb.height), rgb.width, rgb.height);
        const core::Field& lp = img.shifted_log_power;
        const double hi = *std::max_element(lp.data.begin(), lp.data.end());
        t->log_power = field_texture(host_, lp, quantile(lp, 0.01), hi, Colormap::viridis);
        t->phase = field_texture(host_, core::fftshift(core::phase(img.spectrum)), -M_PI, M_PI, Colormap::rdbu);
    }
    return *textures_.emplace(id, std::move(t)).first->second;
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

const CorpusStats& ImageStore::corpus_stats(double budget_ms) {
    if (stats_.complete()) return stats_;
    const auto start = std::chrono::steady_clock::now();
    const auto& images = corpus_.images();
    while (stats_.done < stats_.total) {
        const AnalysedImage& img = image(images[static_cast<std::size_t>(stats_.done)].id);
        if (img.loading) break;  // the page is still fetching it: carry on on a later frame
        ++stats_.done;
        if (img.error.empty()) {
            rapsds_.push_back(img.rapsd.power);
            stats_.freq = img.rapsd.freq;
        }
        stats_.alphas.push_back(img.error.empty() ? img.fit.alpha : std::numeric_limits<double>::quiet_NaN());
        const double elapsed =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        if (elapsed > budget_ms) break;
    }
    if (!rapsds_.empty()) {
        stats_.mean_log10 = core::mean_log10(rapsds_);
        stats_.mean_power.resize(stats_.mean_log10.size());
        for (std::size_t i = 0; i < stats_.mean_power.size(); ++i) stats_.mean_power[i] = std::pow(10.0, stats_.mean_log10[i]);
        if (auto fit = core::fit_spectrum(stats_.freq, stats_.mean_log10, true)) stats_.fit = fit.value();
        if (auto fit = core::fit_spectrum(stats_.freq, stats_.mean_log10, false)) stats_.fit_raw = fit.value();
    }
    return stats_;
}

std::string ImageStore::title(const std::string& id) const {
    const int i = corpus_.find(id);
    return i >= 0 ? corpus_.images()[static_cast<std::size_t>(i)].title : id;
}

}  // namespace tide::app
