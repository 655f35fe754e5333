// Figure "rising-tide": as the noise level grows, the flat noise spectrum rises like a tide
// over the photograph's power law and drowns it from the highest frequencies down.
#include <cmath>
#include <cstdio>

#include "figures.hpp"
#include "noisy.hpp"
#include "widgets.hpp"

namespace tide::app {

namespace {

constexpr double k_sigma_min = 0.02, k_sigma_max = 50.0;  // the essay's sweep
constexpr int k_frames = 7;                               // and its seven frames

const FigureInfo k_info{
    "rising-tide", "The rising tide", "Noisy image spectra",
    "The noise level \u03c3 sweeps geometrically from 0.02 to 50. The noise's flat spectrum rises like "
    "a tide over the photograph's power law: the highest frequencies, with the least power, go under "
    "first, then lower and lower ones, until only the coarsest structure is left. That order, fine "
    "detail first and large shapes last, is why denoising from high noise to low builds an image up "
    "from coarse to fine: a soft autoregression over frequencies.",
    Input::one_photo};

class RisingTideFigure final : public Figure {
public:
    RisingTideFigure() : Figure(k_info) {
        declare({Param::image(),
                 Param::log("sigma", sigma_, k_sigma_min, k_sigma_max, 0.02, "\u03c3 = %.3g", "noise level sigma")
                     .main(0.1)
                     .animated(),
                 Param::playing(playing_, true), Param::seed(),
                 Param::boolean("clip", clip_, false, "noisy image clipped to minus 1 to 1")});
    }

    void draw(FigureContext& ctx, ImVec2 size) override {
        if (playing_) {
            // A full sweep takes 8 seconds, then starts again.
            const double span = std::log(k_sigma_max / k_sigma_min);
            double u = std::log(sigma_ / k_sigma_min) / span + static_cast<double>(ctx.dt_s) / 8.0;
            if (u > 1.0) u -= 1.0;
            sigma_ = k_sigma_min * std::exp(u * span);
        }
        const float w = std::min(size.x, 44.0f * ImGui::GetFontSize());
        image_combo("image", ctx, ctx.shared.focus, w * 0.3f);
        same_line_if_fits(play_button_width());
        play_button(playing_);
        same_line_if_fits(w * 0.35f);
        ImGui::SetNextItemWidth(w * 0.35f);
        slider(ctx, "sigma", "##sigma");
        clip_checkbox(clip_);
        // The frame buttons follow on the same line where they all fit, else from the next.
        const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
        const float spacing = ImGui::GetStyle().ItemSpacing.x;
        float all_frames = ImGui::CalcTextSize("frames:").x + spacing;
        for (int k = 0; k < k_frames; ++k) {
            char label[16];
            std::snprintf(label, sizeof label, "%.2g", frame_sigma(k));
            all_frames += ImGui::CalcTextSize(label).x + 2 * ImGui::GetStyle().FramePadding.x + spacing;
        }
        if (right - ImGui::GetItemRectMax().x > all_frames + spacing) ImGui::SameLine();
        ImGui::TextDisabled("frames:");
        for (int k = 0; k < k_frames; ++k) {
            const double s = frame_sigma(k);
            char label[16];
            std::snprintf(label, sizeof label, "%.2g", s);
            // Wrap the frame buttons onto the next line when the window is narrow.
            const float needed = ImGui::CalcTextSize(label).x + 3 * spacing;
            if (right - ImGui::GetItemRectMax().x > needed) ImGui::SameLine();
            if (ImGui::SmallButton(label)) {
                sigma_ = s;
                playing_ = false;
            }
        }
        const std::string& id = ctx.shared.focus;
        if (!view_.update(ctx, id, 1.0, sigma_, clip_)) {
            ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1), "%s", view_.error().c_str());
            return;
        }
        const AnalysedImage& img = ctx.store.image(id);
        const ImVec2 plot_size = view_.draw_with_plot_space(
            ctx, size,
            (std::string("x\u2080 + \u03c3\u03b5 (green channel, ") + noisy_range_words(clip_) + ")").c_str());

        const NoiseField& noise = ctx.store.noise(ctx.shared.seed);
        std::vector<Series> series;
        Series clean = rapsd_series(img.rapsd, "x\u2080", image_color());
        clean.style = LineStyle::dashed;
        series.push_back(clean);
        std::vector<double> np(noise.rapsd.power.size());
        for (std::size_t i = 0; i < np.size(); ++i) np[i] = sigma_ * sigma_ * noise.rapsd.power[i];
        Series tide = spectrum_series(noise.rapsd.freq, np, "\u03c3\u03b5", noise_color());
        tide.style = LineStyle::dashed;
        series.push_back(tide);
        Series sum = rapsd_series(view_.rapsd(), "x\u2080 + \u03c3\u03b5", noisy_color());
        sum.thickness = 3.0f;
        series.push_back(sum);
        PlotAxes axes = rapsd_axes();
        // Fixed axes so the tide visibly rises instead of the axes rescaling.
        axes.y_min = 1e-4;
        axes.y_max = 1e4;
        const double f = core::f_max(img.rapsd.freq, img.rapsd.power, 1.0, sigma_ * sigma_);
        char label[64];
        std::snprintf(label, sizeof label, "above the tide: f < %s", plain_number(f).c_str());
        if (f > 0) axes.markers.push_back({f, label});
        const ImVec2 p0 = ImGui::GetCursorScreenPos();
        plot(ctx.plots, "tide", plot_size, series, axes);
        ctx.layout.push_back({"plot", "rising-tide", p0, ImVec2(p0.x + plot_size.x, p0.y + plot_size.y)});
    }

private:
    static double frame_sigma(int k) {
        return k_sigma_min * std::pow(k_sigma_max / k_sigma_min, static_cast<double>(k) / (k_frames - 1));
    }
    bool clip_ = false;
    double sigma_;  // the table (declare) sets these
    bool playing_;
    NoisyImage view_;
};

}  // namespace

TIDE_DEFINE_FIGURE(rising_tide, RisingTideFigure)

}  // namespace tide::app
