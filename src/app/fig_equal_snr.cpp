// Figure "equal-snr": noise with the data's own spectrum. One photograph plus white noise of sigma
// and plus noise coloured by the corpus mean RAPSD at the same total power
// (core::equal_snr_noise), their pictures and RAPSDs with the fitted slopes.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/experiments.hpp"
#include "core/png_write.hpp"
#include "figures.hpp"
#include "widgets.hpp"

namespace tide::app {

namespace {

const FigureInfo k_info{
    "equal-snr", "Noise with the data's spectrum", "Beyond the essay",
    "Left: the photograph x\u2080 plus white noise \u03c3\u03b5, as everywhere else on this page. Right: plus "
    "noise of the same total power whose spectrum follows the corpus mean RAPSD, n = \u03c3 "
    "ifft2(g \u00b7 fft2(\u03b5)) with g\u00b2 proportional to it and mean 1 (the \"EqualSNR\" process of "
    "Falck et al., 2025). White noise lifts the high frequencies first and bends the spectrum into a "
    "hinge; coloured noise raises every frequency by the same factor, so the noisy spectrum keeps its "
    "slope and only sinks under the noise as a whole. Nothing drowns first, so denoising has no "
    "coarse-to-fine order to follow: no spectral autoregression. Slopes are the essay's power-law fit "
    "of each RAPSD; noisy pictures are shown in their own range.",
    Input::one_photo | Input::image_corpus};

class EqualSnrFigure final : public Figure {
public:
    EqualSnrFigure() : Figure(k_info) {
        declare({Param::image(),
                 Param::log("sigma", sigma_, 0.01, 50.0, 1.0, "\u03c3 = %.3g", "noise level sigma").main(0.1),
                 Param::seed()},
                {{"alpha_clean", "alpha, the fitted slope of the photograph's spectrum"},
                 {"alpha_white", "alpha of the photograph plus white noise"},
                 {"alpha_equal", "alpha of the photograph plus noise with the corpus spectrum"}});
    }

    void draw(FigureContext& ctx, ImVec2 size) override {
        const float fs = ImGui::GetFontSize();
        const float w = std::min(size.x, 44.0f * fs);
        image_combo("image", ctx, ctx.shared.focus, std::max(w * 0.35f, 8.0f * fs));
        same_line_if_fits(10.0f * fs);
        ImGui::SetNextItemWidth(std::max(w * 0.45f, 10.0f * fs));
        slider(ctx, "sigma", "##sigma");

        const CorpusStats& stats = ctx.store.corpus_stats();
        if (!stats.complete()) {
            ImGui::Text("averaging the corpus spectrum: %d of %d photographs", stats.done, stats.total);
            return;
        }
        const AnalysedImage& img = ctx.store.image(ctx.shared.focus);
        if (!img.ready()) {
            ImGui::TextWrapped("%s", img.message.c_str());
            return;
        }
        update(ctx, img, stats);

        const float gap = ImGui::GetStyle().ItemSpacing.x;
        const bool wide = size.x > 1.4f * size.y && size.x >= 40.0f * fs;
        const float side = wide ? std::max(6.0f * fs, std::min((size.x * 0.5f - gap) / 2.0f, size.y - 4.0f * fs))
                                : std::max(6.0f * fs, std::min((size.x - gap) / 2.0f, size.y * 0.42f));
        const char* names[2] = {"x\u2080 + white noise", "x\u2080 + noise with the corpus spectrum"};
        for (int i = 0; i < 2; ++i) {
            if (i > 0) ImGui::SameLine(0, gap);
            ImGui::BeginGroup();
            show_image(ctx, textures_[i], ImVec2(side, side), i == 0 ? "noisy" : "equal-snr", ctx.shared.focus);
            char text[96];
            std::snprintf(text, sizeof text, "%s\n\u03b1 = %.2f", names[i], alpha_[i + 1]);
            note(text, side);
            ImGui::EndGroup();
        }
        if (wide) ImGui::SameLine(0, 2 * gap);

        char clean[64], white[64], equal[64];
        std::snprintf(clean, sizeof clean, "x\u2080 (\u03b1 = %.2f)", alpha_[0]);
        std::snprintf(white, sizeof white, "+ white (\u03b1 = %.2f)", alpha_[1]);
        std::snprintf(equal, sizeof equal, "+ coloured (\u03b1 = %.2f)", alpha_[2]);
        std::vector<Series> series{rapsd_series(img.rapsd, clean, image_color()),
                                   rapsd_series(rapsd_[0], white, noisy_color()),
                                   rapsd_series(rapsd_[1], equal, series_color(1))};
        const ImVec2 p0 = ImGui::GetCursorScreenPos();
        const ImVec2 plot_size(std::max(200.0f, ImGui::GetContentRegionAvail().x),
                               std::max(200.0f, ImGui::GetContentRegionAvail().y));
        plot(ctx.plots, "equal-snr", plot_size, series, rapsd_axes());
        ctx.layout.push_back({"plot", "equal-snr", p0, ImVec2(p0.x + plot_size.x, p0.y + plot_size.y)});
    }

    void write_readouts(const FigureView& view, StateWriter& out) const override {
        if (image_ != view.shared.focus || sigma_done_ != sigma_ || seed_ != view.shared.seed) return;  // not drawn yet
        out.add_readout("alpha_clean", alpha_[0]);
        out.add_readout("alpha_white", alpha_[1]);
        out.add_readout("alpha_equal", alpha_[2]);
    }

    bool computing(const FigureView& view) const override { return !view.store.corpus_stats_so_far().complete(); }

private:
    /// The two noisy images, their RAPSDs, fits and textures, when an input changed.
    void update(FigureContext& ctx, const AnalysedImage& img, const CorpusStats& stats) {
        if (image_ == ctx.shared.focus && sigma_done_ == sigma_ && seed_ == ctx.shared.seed && textures_[0] &&
            textures_[1])
            return;
        const core::Field& x0 = img.field;
        const core::Field& eps = ctx.store.noise(ctx.shared.seed).field;
        const core::Field coloured = core::equal_snr_noise(x0.rows, x0.cols, stats.mean_power, sigma_, ctx.shared.seed);
        core::Field noisy[2] = {x0, x0};
        for (std::size_t k = 0; k < x0.size(); ++k) {
            noisy[0].data[k] += sigma_ * eps.data[k];
            noisy[1].data[k] += coloured.data[k];
        }
        alpha_[0] = fitted_alpha(img.rapsd);
        for (int i = 0; i < 2; ++i) {
            rapsd_[i] = core::rapsd(noisy[i]);
            alpha_[i + 1] = fitted_alpha(rapsd_[i]);
            const core::GrayRange r = core::own_range(noisy[i]);
            show_field_texture(ctx.store.host(), textures_[i], noisy[i], r.lo, r.hi, Colormap::gray);
        }
        image_ = ctx.shared.focus;
        sigma_done_ = sigma_;
        seed_ = ctx.shared.seed;
    }

    static double fitted_alpha(const core::Rapsd& r) {
        std::vector<double> log10_power(r.power.size());
        for (std::size_t i = 0; i < r.power.size(); ++i) log10_power[i] = std::log10(r.power[i]);
        auto fit = core::fit_spectrum(r.freq, log10_power);
        return fit ? fit.value().alpha : NAN;
    }

    double sigma_;  // the table (declare) sets it
    std::string image_;
    double sigma_done_ = -1.0;
    std::uint64_t seed_ = 0;
    Texture textures_[2];
    core::Rapsd rapsd_[2];
    double alpha_[3] = {};  ///< clean, white, coloured
};

}  // namespace

TIDE_DEFINE_FIGURE(equal_snr, EqualSnrFigure)

}  // namespace tide::app
