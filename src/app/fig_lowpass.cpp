// Figure "lowpass": adding noise is a low-pass filter. One photograph at one noise level: the
// noisy image, the hard cut at f_max, the Wiener estimate E[x0 | x_t] under the corpus's power
// law and the heat-blurred photograph, with their gains on one frequency axis and PSNRs.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "figures.hpp"
#include "lowpass_view.hpp"
#include "widgets.hpp"

namespace tide::app {

namespace {

constexpr double kSigmaMin = 0.01, kSigmaMax = 100.0;

const FigureInfo k_info{
    "lowpass", "Noise as a low-pass filter", "Generate",
    "Four estimates of the photograph x\u2080 from x_t = x\u2080 + \u03c3\u03b5 (\u03b1 = 1; only \u03c3/\u03b1 "
    "matters). The hard cut keeps x_t below f_max, where the power law P(f) = A f^\u2212\u03b1 fitted to the "
    "corpus mean RAPSD meets the noise's \u03c3\u00b2. The Wiener filter (Wiener, 1949) is the best linear "
    "denoiser for images with that spectrum: it multiplies each frequency of x_t by "
    "\u03b1P / (\u03b1\u00b2P + \u03c3\u00b2), a gain that falls through 1/2 exactly at f_max (DC is "
    "treated as the lowest grid frequency, 1/320). Heat dissipation (Rissanen et al., 2022) blurs "
    "x\u2080 itself, each DCT coefficient times exp(\u2212\u03bb\u03c3_B\u00b2/2), \u03c3_B set so its gain is "
    "1/2 at f_max. All three are low-pass filters with the same corner: removing noise "
    "means guessing the frequencies the noise drowned.",
    Input::one_photo | Input::image_corpus};

class LowpassFigure final : public Figure {
public:
    LowpassFigure() : Figure(k_info) {
        declare(
            {Param::image(),
             Param::log("sigma", sigma_, kSigmaMin, kSigmaMax, 0.3, "\u03c3 = %.3g", "noise level sigma").main(0.05),
             Param::seed()},
            {{"fmax", "f max, where the power law meets the noise, in cycles per pixel"},
             {"psnr_noisy", "PSNR of the noisy image in decibels"},
             {"psnr_cut", "PSNR of the hard cut in decibels"},
             {"psnr_wiener", "PSNR of the Wiener estimate in decibels"},
             {"psnr_heat", "PSNR of the heat blur in decibels"}});
    }

    void draw(FigureContext& ctx, ImVec2 size) override {
        const float fs = ImGui::GetFontSize();
        const float w = std::min(size.x, 44.0f * fs);
        image_combo("image", ctx, ctx.shared.focus, std::max(w * 0.35f, 8.0f * fs));
        if (size.x > 30.0f * fs) ImGui::SameLine();
        ImGui::SetNextItemWidth(std::max(w * 0.45f, 10.0f * fs));
        slider(ctx, "sigma", "##sigma");

        const CorpusStats& stats = ctx.store.corpus_stats();
        if (!stats.complete()) {
            ImGui::Text("fitting the corpus power law: %d of %d photographs", stats.done, stats.total);
            return;
        }
        const AnalysedImage& img = ctx.store.image(ctx.shared.focus);
        if (!img.ready()) {
            ImGui::TextWrapped("%s", img.message.c_str());
            return;
        }
        const core::PowerLawPrior prior{stats.fit.intercept, stats.fit.alpha};
        const core::NoiseLevel level{1.0, sigma_};
        const NoiseField& noise = ctx.store.noise(ctx.shared.seed);
        view_.update(ctx.store.host(), ctx.shared.focus, img.field, ctx.shared.seed, noise.field, prior, level);
        const core::LowPassEstimates& e = view_.estimates();

        // Four pictures in a row on a wide screen, two by two on a narrow one.
        const int columns = size.x >= 4 * 9.0f * fs ? 4 : 2;
        const float cols_f = static_cast<float>(columns);
        // In a row, the pictures and their two-line notes leave the gain plot half the height.
        const float avail_h = ImGui::GetContentRegionAvail().y;
        const float row_room =
            avail_h * 0.5f - 2.0f * ImGui::GetTextLineHeightWithSpacing() - 2.0f * ImGui::GetStyle().ItemSpacing.y;
        const float side = std::max(
            6.0f * fs, std::min((size.x - (cols_f - 1.0f) * fs) / cols_f, columns == 4 ? row_room : size.x * 0.48f));
        struct Shown {
            LowpassView::Picture picture;
            const char* kind;
            const char* name;
            double psnr;
        };
        const Shown shown[] = {{LowpassView::noisy, "noisy", "x_t (own range)", e.psnr_noisy},
                               {LowpassView::cut, "cut", "hard cut at f_max", e.psnr_cut},
                               {LowpassView::wiener, "wiener", "Wiener estimate", e.psnr_wiener},
                               {LowpassView::heat, "heat", "heat blur of x\u2080", e.psnr_heat}};
        for (int i = 0; i < 4; ++i) {
            if (i % columns != 0) ImGui::SameLine(0.0f, fs);
            ImGui::BeginGroup();
            show_image(ctx, view_.texture(shown[i].picture), ImVec2(side, side), shown[i].kind, ctx.shared.focus);
            char text[96];
            std::snprintf(text, sizeof text, "%s\nPSNR %.2f dB", shown[i].name, shown[i].psnr);
            note(text, side);
            ImGui::EndGroup();
        }

        const ImU32 colors[] = {series_color(0), series_color(1), series_color(2), series_color(3)};
        Series wiener{"Wiener \u03b1\u00b2P/(\u03b1\u00b2P+\u03c3\u00b2)", view_.freq(),
                      view_.gain(LowpassView::wiener), colors[2], 2.5f};
        Series cut{"hard cut", view_.freq(), view_.gain(LowpassView::cut), colors[1], 2.0f, LineStyle::dashed};
        Series heat{"heat exp(\u2212(2\u03c0f)\u00b2\u03c3_B\u00b2/2)", view_.freq(), view_.gain(LowpassView::heat),
                    colors[3], 2.0f};
        PlotAxes axes;
        axes.x_title = "frequency (cycles/pixel)";
        axes.y_title = "gain (estimate / x\u2080 per frequency)";
        axes.y_log = false;
        axes.x_min = view_.freq().front();
        axes.x_max = view_.freq().back();
        axes.y_min = 0.0;
        axes.y_max = 1.05;
        char label[64];
        std::snprintf(label, sizeof label, "f_max = %s", plain_number(e.f_max).c_str());
        if (std::isfinite(e.f_max) && e.f_max > axes.x_min && e.f_max < axes.x_max)
            axes.markers.push_back({e.f_max, label});
        const ImVec2 p0 = ImGui::GetCursorScreenPos();
        const ImVec2 plot_size(std::max(200.0f, ImGui::GetContentRegionAvail().x),
                               std::max(narrow_figure(size) ? 220.0f : 150.0f, ImGui::GetContentRegionAvail().y));
        plot(ctx.plots, "lowpass", plot_size, {wiener, cut, heat}, axes);
        ctx.layout.push_back({"plot", "lowpass", p0, ImVec2(p0.x + plot_size.x, p0.y + plot_size.y)});
    }

    void write_readouts(const FigureView&, StateWriter& out) const override {
        if (!view_.ready()) return;
        const core::LowPassEstimates& e = view_.estimates();
        out.add_readout("fmax", e.f_max);
        out.add_readout("psnr_noisy", e.psnr_noisy);
        out.add_readout("psnr_cut", e.psnr_cut);
        out.add_readout("psnr_wiener", e.psnr_wiener);
        out.add_readout("psnr_heat", e.psnr_heat);
    }

    bool computing(const FigureView& view) const override { return !view.store.corpus_stats_so_far().complete(); }

private:
    double sigma_;  // the table (declare) sets it
    LowpassView view_;
};

}  // namespace

TIDE_DEFINE_FIGURE(lowpass, LowpassFigure)

}  // namespace tide::app
