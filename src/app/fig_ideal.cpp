// Figure "ideal": the idealised picture: a straight power law for the image, a flat line for
// the noise, and their sum with its hinge where they cross.
#include <cmath>
#include <cstdio>

#include "figures.hpp"
#include "widgets.hpp"

namespace tide::app {

namespace {

constexpr double k_log10_c = -2.5;  // the idealised image spectrum: 10^c f^-alpha

const FigureInfo k_info{
    "ideal", "The idealised picture", "Noisy image spectra",
    "Stripped of measurement noise: an image spectrum that is exactly a power law, a straight line of "
    "slope \u2212\u03b1 in log-log space, and noise that is exactly flat at \u03c3\u00b2. Their sum "
    "follows whichever is larger, so it bends at the crossing frequency f* = (10^c/\u03c3\u00b2)^(1/\u03b1): "
    "below f* the image dominates, above it the noise. Raising \u03c3 moves f* to lower frequencies; a "
    "steeper spectrum (larger \u03b1) makes f* move more slowly.",
    0};

class IdealFigure final : public Figure {
public:
    IdealFigure() : Figure(k_info) {
        declare({Param::linear("alpha", alpha_, 0.5, 4.0, 2.5, "\u03b1 = %.2f", "power-law slope alpha"),
                 Param::log("sigma", sigma_, 0.001, 100.0, 0.3, "\u03c3 = %.3g", "noise level sigma").main(0.1)});
    }

    void draw(FigureContext& ctx, ImVec2 size) override {
        const float w = std::min(size.x, 36.0f * ImGui::GetFontSize());
        ImGui::SetNextItemWidth(w * 0.4f);
        slider(ctx, "alpha", "\u03b1 (slope)");
        same_line_if_fits(w * 0.4f + ImGui::GetStyle().ItemInnerSpacing.x +
                          ImGui::CalcTextSize("\u03c3 (noise level)").x);
        ImGui::SetNextItemWidth(w * 0.4f);
        slider(ctx, "sigma", "\u03c3 (noise level)");
        const double noise = sigma_ * sigma_;
        const double f_star = std::pow(std::pow(10.0, k_log10_c) / noise, 1.0 / alpha_);
        Series image{"image: " + plain_number(std::pow(10.0, k_log10_c)) + " \u00b7 f" +
                         superscript("-" + plain_number(alpha_, 3)),
                     {},
                     {},
                     image_color(),
                     2.0f,
                     LineStyle::dashed};
        Series flat{"noise: \u03c3\u00b2", {}, {}, noise_color(), 2.0f, LineStyle::dashed};
        Series sum{"sum", {}, {}, noisy_color(), 3.0f, LineStyle::solid};
        const int n = 200;
        for (int i = 0; i < n; ++i) {
            const double f = std::pow(10.0, std::log10(1.0 / k_analysis_size) +
                                                (std::log10(0.5) - std::log10(1.0 / k_analysis_size)) * i / (n - 1));
            const double p = std::pow(10.0, k_log10_c) * std::pow(f, -alpha_);
            for (Series* s : {&image, &flat, &sum}) s->x.push_back(f);
            image.y.push_back(p);
            flat.y.push_back(noise);
            sum.y.push_back(p + noise);
        }
        PlotAxes axes = rapsd_axes();
        axes.y_title = "power (idealised)";
        axes.y_min = 1e-6;
        axes.y_max = 1e6;
        char label[64];
        std::snprintf(label, sizeof label, "hinge f* = %s", plain_number(f_star).c_str());
        axes.markers.push_back({f_star, label});
        const ImVec2 p0 = ImGui::GetCursorScreenPos();
        const ImVec2 plot_size(size.x, std::max(220.0f, ImGui::GetContentRegionAvail().y));
        plot(ctx.plots, "ideal", plot_size, {image, flat, sum}, axes);
        ctx.layout.push_back({"plot", "ideal", p0, ImVec2(p0.x + plot_size.x, p0.y + plot_size.y)});
    }

private:
    double alpha_;  // the table (declare) sets these
    double sigma_;
};

}  // namespace

TIDE_DEFINE_FIGURE(ideal, IdealFigure)

}  // namespace tide::app
