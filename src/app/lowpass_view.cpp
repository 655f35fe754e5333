// The lowpass figure's pictures and gains.
#include "lowpass_view.hpp"

#include <algorithm>
#include <cmath>

#include "colormap.hpp"
#include "core/png_write.hpp"

namespace tide::app {

namespace {

constexpr int kGainPoints = 200;

}  // namespace

void LowpassView::update(TextureHost& host, const std::string& image_id, const core::Field& x0, std::uint64_t seed,
                         const core::Field& eps, const core::PowerLawPrior& prior, core::NoiseLevel level) {
    const bool same = ready_ && image_id == image_ && seed == seed_ && level.alpha == level_.alpha &&
                      level.sigma == level_.sigma && prior.exponent == prior_.exponent &&
                      prior.log10_amplitude == prior_.log10_amplitude;
    if (same) {
        if (!textures_[noisy] || !textures_[heat]) make_textures(host);  // lost with the graphics context
        return;
    }
    image_ = image_id;
    seed_ = seed;
    prior_ = prior;
    level_ = level;
    e_ = core::low_pass_estimates(x0, eps, prior, level);

    const double f_floor = 1.0 / std::max(x0.rows, x0.cols);
    const double f_corner = 0.5 * std::sqrt(2.0);
    freq_.resize(kGainPoints);
    for (auto& g : gains_) g.resize(kGainPoints);
    for (int i = 0; i < kGainPoints; ++i) {
        const double f = f_floor * std::pow(f_corner / f_floor, static_cast<double>(i) / (kGainPoints - 1));
        freq_[i] = f;
        gains_[wiener][i] = core::wiener_gain(prior.power(f, f_floor), level);
        gains_[cut][i] = f <= e_.f_keep ? 1.0 : 0.0;
        gains_[heat][i] = core::heat_gain(f, e_.sigma_b);
    }
    make_textures(host);
    ready_ = true;
}

void LowpassView::make_textures(TextureHost& host) {
    const core::Field* fields[picture_count] = {&e_.x_t, &e_.cut, &e_.wiener, &e_.heat};
    for (int p = 0; p < picture_count; ++p) {
        const core::Field& f = *fields[p];
        double lo = -1.0, hi = 1.0;
        if (p == noisy) {  // its own range (as tide denoise writes it): at large sigma the noise spans far more
            const core::GrayRange r = core::own_range(f);
            lo = r.lo;
            hi = r.hi;
        }
        const std::vector<std::uint8_t> rgba = colorize(f, lo, hi, Colormap::gray);
        Texture& t = textures_[p];
        if (t && t.width() == f.cols && t.height() == f.rows) {
            host.update_rgba(t.id(), rgba.data(), f.cols, f.rows);
        } else {
            t = Texture(&host, host.create_rgba(rgba.data(), f.cols, f.rows), f.cols, f.rows);
        }
    }
}

}  // namespace tide::app
