// Figure "diffusion": the forward process of a diffusion model, x_t = alpha(t) x0 + sigma(t) eps,
// and the highest frequency of the photograph still above the noise at that t.
#include <cmath>
#include <cstdio>

#include "figures.hpp"
#include "noisy.hpp"
#include "widgets.hpp"

namespace tide::app {

namespace {

constexpr double k_t_min = 0.001, k_t_max = 0.999;

const FigureInfo k_info{
    "diffusion", "The forward process", "Diffusion",
    "A diffusion model is trained on x_t = \u03b1(t) x\u2080 + \u03c3(t) \u03b5 for t from 0 (clean) to 1 "
    "(pure noise). With rectified flow \u03b1 = 1 \u2212 t and \u03c3 = t; with the cosine "
    "(variance-preserving) schedule \u03b1 = cos(\u03c0t/2), \u03c3 = sin(\u03c0t/2). The RAPSD of x_t "
    "is \u03b1\u00b2 times the photograph's plus \u03c3\u00b2: f_max marks the highest frequency still above "
    "the noise. Scrub t and see the photograph's detail vanish from the top of the spectrum down.",
    Input::one_photo};

class DiffusionFigure final : public Figure {
public:
    DiffusionFigure() : Figure(k_info) {
        declare({Param::image(), Param::schedule(), Param::shared_t(k_t_min, k_t_max, "t = %.3f").main(0.01).animated(),
                 Param::playing(playing_, false), Param::seed(),
                 Param::boolean("clip", clip_, false, "noisy image clipped to minus 1 to 1")},
                {{"fmax", "f max, the highest frequency above the noise, in cycles per pixel"}});
    }

    void draw(FigureContext& ctx, ImVec2 size) override {
        double& t = ctx.shared.t;
        if (playing_) {
            t += static_cast<double>(ctx.dt_s) / 8.0;
            if (t > k_t_max) t = k_t_min;
        }
        const float w = std::min(size.x, 44.0f * ImGui::GetFontSize());
        image_combo("image", ctx, ctx.shared.focus, w * 0.3f);
        ImGui::SameLine();
        int schedule = ctx.shared.schedule == core::Schedule::cosine ? 1 : 0;
        ImGui::SetNextItemWidth(w * 0.25f);
        if (ImGui::Combo("schedule", &schedule, "rectified flow\0cosine (VP)\0")) {
            ctx.shared.schedule = schedule == 1 ? core::Schedule::cosine : core::Schedule::rectified_flow;
        }
        same_line_if_fits(play_button_width());
        play_button(playing_);
        ImGui::SetNextItemWidth(w * 0.6f);
        slider(ctx, "t", "##t");
        clip_checkbox(clip_);
        const core::NoiseLevel level = core::noise_level(ctx.shared.schedule, t);
        char alpha_sigma[64];
        std::snprintf(alpha_sigma, sizeof alpha_sigma, "\u03b1(t) = %.3f, \u03c3(t) = %.3f", level.alpha, level.sigma);
        same_line_if_fits(ImGui::CalcTextSize(alpha_sigma).x);
        ImGui::TextUnformatted(alpha_sigma);

        const std::string& id = ctx.shared.focus;
        if (!view_.update(ctx, id, level.alpha, level.sigma, clip_)) {
            ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1), "%s", view_.error().c_str());
            return;
        }
        const AnalysedImage& img = ctx.store.image(id);
        const ImVec2 plot_size = view_.draw_with_plot_space(
            ctx, size, (std::string("x_t (green channel, ") + noisy_range_words(clip_) + ")").c_str());

        const NoiseField& noise = ctx.store.noise(ctx.shared.seed);
        std::vector<double> scaled(img.rapsd.power.size()), np(noise.rapsd.power.size());
        for (std::size_t i = 0; i < scaled.size(); ++i) scaled[i] = level.alpha * level.alpha * img.rapsd.power[i];
        for (std::size_t i = 0; i < np.size(); ++i) np[i] = level.sigma * level.sigma;
        Series clean = spectrum_series(img.rapsd.freq, scaled, "\u03b1\u00b2 R[x\u2080]", image_color());
        clean.style = LineStyle::dashed;
        Series flat = spectrum_series(noise.rapsd.freq, np, "\u03c3\u00b2", noise_color());
        flat.style = LineStyle::dashed;
        Series xt = rapsd_series(view_.rapsd(), "R[x_t]", noisy_color());
        xt.thickness = 3.0f;
        PlotAxes axes = rapsd_axes();
        axes.y_min = 1e-7;
        axes.y_max = 1e4;
        const double noise_power =
            level.alpha > 0 ? (level.sigma / level.alpha) * (level.sigma / level.alpha) : INFINITY;
        const double f = core::f_max(img.rapsd.freq, img.rapsd.power, 1.0, noise_power);
        char label[64];
        std::snprintf(label, sizeof label, "f_max(t) = %s", plain_number(f).c_str());
        if (f > 0) axes.markers.push_back({f, label});
        const ImVec2 p0 = ImGui::GetCursorScreenPos();
        plot(ctx.plots, "diffusion", plot_size, {clean, flat, xt}, axes);
        ctx.layout.push_back({"plot", "diffusion", p0, ImVec2(p0.x + plot_size.x, p0.y + plot_size.y)});
        f_max_ = f;
    }

    void write_readouts(const FigureView&, StateWriter& out) const override { out.add_readout("fmax", f_max_); }

private:
    bool playing_, clip_ = false;  // the table (declare) sets them
    double f_max_ = 0.0;
    NoisyImage view_;
};

}  // namespace

TIDE_DEFINE_FIGURE(diffusion, DiffusionFigure)

}  // namespace tide::app
