// Figure "audio-spectra": the 1-D power spectrum of each whole clip, as in the essay.
#include "audio_widgets.hpp"
#include "figures.hpp"
#include "widgets.hpp"

namespace tide::app {

namespace {

const FigureInfo k_info{
    "audio-spectra", "Spectra of sound", "What about sound?",
    "The power spectrum of each whole clip: |rfft(x)|\u00b2/N with no window, so white noise of "
    "variance s\u00b2 would lie flat at s\u00b2. Drawn on log-log axes (as the mean of log power in 300 "
    "log-spaced bands), these are not straight lines: power rises to a broad hump of a few hundred Hz, "
    "where voices and most instruments have their fundamentals, then falls, with peaks at harmonics. "
    "Sound has no power law of this kind.",
    Input::sound_corpus};

class AudioSpectraFigure final : public Figure {
public:
    AudioSpectraFigure() : Figure(k_info) { declare({Param::group(), Param::clip("highlighted clip")}); }

    void draw(FigureContext& ctx, ImVec2 size) override {
        if (audio_unavailable(ctx)) return;
        AudioStore& audio = *ctx.audio;
        group_picker(ctx.shared.group);
        same_line_if_fits(16 * ImGui::GetFontSize() + ImGui::GetStyle().ItemInnerSpacing.x +
                              ImGui::CalcTextSize("highlighted clip").x,
                          2 * ImGui::GetFontSize());
        clip_combo("highlighted clip", audio, ctx.shared.clip, 16 * ImGui::GetFontSize());
        std::vector<Series> series;
        Series highlighted;
        for (const auto& id : audio.ids(ctx.shared.group)) {
            const AudioStore::ClipCurves c = audio.curves(id);
            if (!c) continue;
            Series s;
            s.x = *c.binned_freq;
            s.y = *c.binned_power;
            const bool speech = audio.clips()[static_cast<std::size_t>(audio.find(id))].label == "speech";
            s.color = (speech ? series_color(0) : series_color(1)) & 0x70FFFFFF;
            s.thickness = 1.2f;
            if (id == ctx.shared.clip) {
                s.label = audio.title(id);
                s.color |= 0xFF000000;
                s.thickness = 3.0f;
                highlighted = s;
            } else {
                series.push_back(s);
            }
        }
        Series speech_key{"speech (blue)", {}, {}, series_color(0)},
            music_key{"music (orange)", {}, {}, series_color(1)};
        series.push_back(speech_key);
        series.push_back(music_key);
        if (!highlighted.x.empty()) series.push_back(highlighted);
        PlotAxes axes;
        axes.x_title = "frequency (Hz)";
        axes.y_title = "power |rfft(x)|\u00b2/N";
        axes.x_min = 10.0;
        axes.x_max = k_audio_rate_hz / 2;
        const ImVec2 p0 = ImGui::GetCursorScreenPos();
        const ImVec2 plot_size(size.x, std::max(220.0f, ImGui::GetContentRegionAvail().y));
        plot(ctx.plots, "spectra", plot_size, series, axes);
        ctx.layout.push_back({"plot", "audio-spectra", p0, ImVec2(p0.x + plot_size.x, p0.y + plot_size.y)});
    }
};

}  // namespace

TIDE_DEFINE_FIGURE(audio_spectra, AudioSpectraFigure)

}  // namespace tide::app
