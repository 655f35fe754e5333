// Figure "cepstrum": MFCCs, the DCT of the log-mel along the mel axis: the link to cepstra.
#include "audio_widgets.hpp"
#include "figures.hpp"
#include "widgets.hpp"

namespace tide::app {

namespace {

const FigureInfo k_info{
    "cepstrum", "Cepstra: MFCCs", "What about sound?",
    "The mel-frequency cepstral coefficients: a DCT-II (orthonormal) of each log-mel column along the "
    "mel axis, keeping 20 coefficients. Coefficient k measures how fast the log spectrum wiggles "
    "across frequency, so the low ones hold the smooth envelope (the vowel, the timbre) and the high "
    "ones the fine detail. The previous figure's power law along that axis says these coefficients "
    "shrink as k grows: noise would drown the high ones first, and denoising would restore the "
    "cepstrum from low coefficients to high, a cepstral autoregression.",
    Input::one_clip};

class CepstrumFigure final : public Figure {
public:
    CepstrumFigure() : Figure(k_info) { declare({Param::clip()}); }

    void draw(FigureContext& ctx, ImVec2 size) override {
        if (audio_unavailable(ctx)) return;
        AudioStore& audio = *ctx.audio;
        clip_combo("clip", audio, ctx.shared.clip, 18 * ImGui::GetFontSize());
        const AnalysedClip& clip = audio.clip(ctx.shared.clip);
        if (!clip.ready()) {
            ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1), "%s", clip.message.c_str());
            return;
        }
        const ClipTextures& tex = audio.textures(ctx.shared.clip);
        const float h = ImGui::GetContentRegionAvail().y;
        image_plot(ctx, "mel", "mel", ctx.shared.clip, tex.log_mel, clip.duration_s(), 0.0,
                   static_cast<double>(clip.log_mel.rows), "log-mel: mel band",
                   ImVec2(size.x, std::max(150.0f, h * 0.5f)), tex.log_mel_scale);
        image_plot(ctx, "mfcc", "mfcc", ctx.shared.clip, tex.mfcc, clip.duration_s(), 0.0,
                   static_cast<double>(clip.mfcc.rows),
                   "MFCC: coefficient k (0 at the bottom, saturated); red +, blue \u2212",
                   ImVec2(size.x, std::max(150.0f, ImGui::GetContentRegionAvail().y)), tex.mfcc_scale);
    }
};

}  // namespace

TIDE_DEFINE_FIGURE(cepstrum, CepstrumFigure)

}  // namespace tide::app
