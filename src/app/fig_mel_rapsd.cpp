// Figure "mel-rapsd": the RAPSD of log-mel spectrograms read as images: the power law returns.
#include <cmath>
#include <cstdio>

#include "audio_widgets.hpp"
#include "figures.hpp"
#include "widgets.hpp"

namespace tide::app {

namespace {

const FigureInfo k_info{
    "mel-rapsd", "Spectrograms' power law", "What about sound?",
    "Treat each log-mel spectrogram as an image (128 rows by its frames) and compute its RAPSD exactly "
    "as for photographs. Now the curves are nearly straight on log-log axes and their geometric mean "
    "fits a power law well: a model that generates spectrograms with diffusion faces the same coarse-to-"
    "fine order as one that generates images.",
    Input::sound_corpus};

class MelRapsdFigure final : public Figure {
public:
    MelRapsdFigure() : Figure(k_info) { declare({Param::group()}, {{"alpha", "alpha, the power-law slope"}}); }

    void draw(FigureContext& ctx, ImVec2 size) override {
        if (audio_unavailable(ctx)) return;
        AudioStore& audio = *ctx.audio;
        group_picker(ctx.shared.group);
        std::vector<Series> series;
        for (const auto& id : audio.ids(ctx.shared.group)) {
            const AudioStore::ClipCurves c = audio.curves(id);
            if (!c) continue;
            const bool speech = audio.clips()[static_cast<std::size_t>(audio.find(id))].label == "speech";
            Series s = rapsd_series(*c.mel_rapsd, "", (speech ? series_color(0) : series_color(1)) & 0x70FFFFFF);
            s.thickness = 1.2f;
            series.push_back(s);
        }
        const MeanCurve& m = audio.mean_mel_rapsd(ctx.shared.group);
        if (m.n_clips == 0) return;
        Series mean = spectrum_series(m.freq, m.mean_power, "geometric mean", ink_color());
        mean.thickness = 3.0f;
        series.push_back(mean);
        char label[96];
        std::snprintf(label, sizeof label, "fit: \u03b1 = %.2f, R\u00b2 = %.3f", m.fit.alpha, m.fit.r2);
        series.push_back(power_law_series(m.fit, m.freq[1], m.freq.back(), label, IM_COL32(214, 39, 40, 255)));
        series.push_back({"speech", {}, {}, series_color(0)});
        series.push_back({"music", {}, {}, series_color(1)});
        PlotAxes axes = rapsd_axes();
        axes.y_title = "power of the dB image, mean over each ring";
        // The numbers beside the plot where there is room; on a narrow screen (a phone) in one
        // line above it, so that the plot has the figure's width.
        const float side_w = 11.0f * ImGui::GetFontSize();
        const bool beside = size.x - side_w >= 300.0f;
        auto numbers = [&] {
            ImGui::PushFont(ctx.fonts.title);
            ImGui::Text("\u03b1 = %.2f", m.fit.alpha);
            ImGui::PopFont();
            if (!beside) ImGui::SameLine(0, ImGui::GetFontSize());
            ImGui::Text("R\u00b2 = %.3f", m.fit.r2);
            if (!beside) ImGui::SameLine(0, ImGui::GetFontSize());
            ImGui::TextUnformatted(clips_counted(m).c_str());
        };
        if (!beside) numbers();
        const ImVec2 p0 = ImGui::GetCursorScreenPos();
        const ImVec2 plot_size(beside ? size.x - side_w : size.x, std::max(220.0f, ImGui::GetContentRegionAvail().y));
        plot(ctx.plots, "melrapsd", plot_size, series, axes);
        ctx.layout.push_back({"plot", "mel-rapsd", p0, ImVec2(p0.x + plot_size.x, p0.y + plot_size.y)});
        if (beside) {
            ImGui::SameLine();
            ImGui::BeginGroup();
            numbers();
            ImGui::EndGroup();
        }
        alpha_ = m.fit.alpha;
    }

    void write_readouts(const FigureView&, StateWriter& out) const override { out.add_readout("alpha", alpha_); }

private:
    double alpha_ = 0.0;
};

}  // namespace

TIDE_DEFINE_FIGURE(mel_rapsd, MelRapsdFigure)

}  // namespace tide::app
