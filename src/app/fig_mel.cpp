// Figure "mel": log-mel spectrograms with librosa's defaults.
#include <algorithm>
#include <cstdio>

#include "audio_widgets.hpp"
#include "figures.hpp"
#include "widgets.hpp"

namespace tide::app {

namespace {

const FigureInfo k_info{
    "mel", "Log-mel spectrograms", "What about sound?",
    "What audio models usually see: the spectrogram pooled into 128 mel bands (narrow at low "
    "frequencies, wide at high ones, like our hearing; Slaney's scale and normalisation) and taken in "
    "decibels, exactly as librosa's defaults do it (n_fft 2048, hop 512, Hann window, centred frames, "
    "power_to_db with a floor 80 dB below the peak). This is an image of 128 rows and one column per "
    "23 ms: the next figure treats it as one.",
    Input::one_clip};

class MelFigure final : public Figure {
public:
    MelFigure() : Figure(k_info) { declare({Param::clip()}); }

    void draw(FigureContext& ctx, ImVec2 size) override {
        if (audio_unavailable(ctx)) return;
        AudioStore& audio = *ctx.audio;
        clip_combo("clip", audio, ctx.shared.clip, 18 * ImGui::GetFontSize());
        const AnalysedClip& clip = audio.clip(ctx.shared.clip);
        if (!clip.ready()) {
            ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1), "%s", clip.message.c_str());
            return;
        }
        char extent[96];
        std::snprintf(extent, sizeof extent, "%d mel bands \u00d7 %d frames, %s to %s dB", clip.log_mel.rows,
                      clip.log_mel.cols,
                      plain_number(*std::min_element(clip.log_mel.data.begin(), clip.log_mel.data.end())).c_str(),
                      plain_number(*std::max_element(clip.log_mel.data.begin(), clip.log_mel.data.end())).c_str());
        same_line_if_fits(ImGui::CalcTextSize(extent).x);
        ImGui::TextDisabled("%s", extent);
        image_plot(ctx, "mel", "mel", ctx.shared.clip, audio.textures(ctx.shared.clip).log_mel, clip.duration_s(), 0.0,
                   static_cast<double>(clip.log_mel.rows), "mel band (0 = lowest); colour: dB",
                   ImVec2(size.x, std::max(200.0f, ImGui::GetContentRegionAvail().y)),
                   audio.textures(ctx.shared.clip).log_mel_scale);
    }
};

}  // namespace

TIDE_DEFINE_FIGURE(mel, MelFigure)

}  // namespace tide::app
