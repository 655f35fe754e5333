// Figure "audio-mean": the geometric mean spectrum of the clips, its peak, and a power law
// that does not fit.
#include <cmath>
#include <cstdio>

#include "audio_widgets.hpp"
#include "figures.hpp"
#include "widgets.hpp"

namespace tide::app {

namespace {

const FigureInfo k_info{
    "audio-mean", "The mean spectrum of sound", "What about sound?",
    "The mean of log power over the clips (a geometric mean), for speech, music or both. It peaks "
    "at a few hundred Hz and falls on both sides; the best straight line in log-log space (dashed, fitted "
    "as for images) misses it badly, as its R\u00b2 shows. Unlike images, sound spectra are not power "
    "laws, so adding noise does not drown frequencies in order from high to low.",
    Input::sound_corpus};

class AudioMeanFigure final : public Figure {
public:
    AudioMeanFigure() : Figure(k_info) { declare({Param::group()}, {{"peak_hz", "peak frequency in hertz"}}); }

    void draw(FigureContext& ctx, ImVec2 size) override {
        if (audio_unavailable(ctx)) return;
        group_picker(ctx.shared.group);
        const MeanCurve& m = ctx.audio->mean_spectrum(ctx.shared.group);
        if (m.n_clips == 0) return;
        const std::string counted = clips_counted(m);
        same_line_if_fits(ImGui::CalcTextSize(counted.c_str()).x, 2 * ImGui::GetFontSize());
        ImGui::TextUnformatted(counted.c_str());
        Series mean;
        mean.x = m.binned_freq;
        mean.y = m.binned_power;
        mean.label = "geometric mean";
        mean.color = series_color(ctx.shared.group == "music" ? 1 : 0);
        mean.thickness = 2.5f;
        char label[96];
        std::snprintf(label, sizeof label, "power-law fit: \u03b1 = %.2f, R\u00b2 = %.2f", m.fit.alpha, m.fit.r2);
        const Series fit = power_law_series(m.fit, m.freq[1], m.freq.back(), label, IM_COL32(214, 39, 40, 255));
        PlotAxes axes;
        axes.x_title = "frequency (Hz)";
        axes.y_title = "power |rfft(x)|\u00b2/N, geometric mean over clips";
        axes.x_min = 10.0;
        axes.x_max = k_audio_rate_hz / 2;
        std::snprintf(label, sizeof label, "peak %.0f Hz", m.peak_freq);
        axes.markers.push_back({m.peak_freq, label});
        // The numbers beside the plot where there is room, above it on a narrow screen.
        const float side_w = 12.0f * ImGui::GetFontSize();
        const bool beside = size.x - side_w >= 240.0f;
        auto numbers = [&]() {
            ImGui::BeginGroup();
            ImGui::PushFont(ctx.fonts.title);
            ImGui::Text("%.0f Hz", m.peak_freq);
            ImGui::PopFont();
            ImGui::TextUnformatted("peak of the mean");
            ImGui::Spacing();
            ImGui::Text("R\u00b2 of the line: %.2f", m.fit.r2);
            ImGui::EndGroup();
        };
        if (!beside) numbers();
        const ImVec2 p0 = ImGui::GetCursorScreenPos();
        const ImVec2 plot_size(beside ? size.x - side_w : std::max(200.0f, size.x),
                               std::max(220.0f, ImGui::GetContentRegionAvail().y));
        plot(ctx.plots, "mean", plot_size, {mean, fit}, axes);
        ctx.layout.push_back({"plot", "audio-mean", p0, ImVec2(p0.x + plot_size.x, p0.y + plot_size.y)});
        if (beside) {
            ImGui::SameLine();
            numbers();
        }
        peak_hz_ = m.peak_freq;
    }

    void write_readouts(const FigureView&, StateWriter& out) const override { out.add_readout("peak_hz", peak_hz_); }

private:
    double peak_hz_ = 0.0;
};

}  // namespace

TIDE_DEFINE_FIGURE(audio_mean, AudioMeanFigure)

}  // namespace tide::app
