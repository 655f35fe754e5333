// Figure "audio-clips": the sound corpus, each clip with a play button, its waveform and its
// spectrogram.
#include <algorithm>

#include "audio_widgets.hpp"
#include "figures.hpp"
#include "widgets.hpp"

namespace tide::app {

namespace {

const FigureInfo k_info{
    "audio-clips", "Speech and music", "What about sound?",
    "Two-second clips of real speech and music, mono at 22,050 Hz. Above, the waveform; below, the "
    "spectrogram: the power of short overlapping windows (2048 samples, hop 512, Hann window) in "
    "decibels relative to the loudest, time across, frequency up. Speech shows stacked harmonics of the "
    "voice that glide with intonation and gaps between syllables; music shows steadier harmonics and "
    "the sharp vertical lines of attacks.",
    Input::one_clip};

class AudioClipsFigure final : public Figure {
public:
    AudioClipsFigure() : Figure(k_info) { declare({Param::clip()}); }

    void draw(FigureContext& ctx, ImVec2 size) override {
        if (audio_unavailable(ctx)) return;
        AudioStore& audio = *ctx.audio;
        const float fs = ImGui::GetFontSize();
        // The list of clips, with a play button each; a playhead over the clip playing.
        const bool playing = ctx.sound && ctx.sound->playing();
        const double playhead = playing && playing_id_ == ctx.shared.clip ? ctx.sound->position_s() : -1.0;
        // Beside the clip on a wide screen; above it, full width and a third of the height, on a
        // narrow one (a phone), where a side list would leave a word per line.
        const bool stacked = size.x < 36.0f * fs;
        const float list_w = stacked ? size.x : std::min(19.0f * fs, size.x * 0.32f);
        const float list_h = stacked ? std::max(8.0f * fs, size.y * 0.3f) : size.y;
        // Titles wrap within the list, so clips that differ only at the end of their names
        // (four Russian sentences) read apart.
        ImGui::BeginChild("clips", ImVec2(list_w, list_h), true);
        for (const AudioClipInfo& c : audio.clips()) {
            ImGui::PushID(c.id.c_str());
            if (ctx.sound) {
                // The clip playing has a stop button instead of its play button.
                const bool this_one = playing && playing_id_ == c.id;
                if (ImGui::Button(this_one ? "\u25a0" : "\u25b6",
                                  ImVec2(std::max(ImGui::GetFrameHeight(), 30.0f), 0))) {
                    if (this_one) {
                        ctx.sound->stop();
                    } else {
                        ctx.shared.clip = c.id;
                        to_play_ = c.id;
                    }
                }
                if (ImGui::IsItemHovered()) ImGui::SetTooltip(this_one ? "stop" : "play");
                ctx.layout.push_back({"play", c.id, ImGui::GetItemRectMin(), ImGui::GetItemRectMax()});
            }
            if (ctx.sound) ImGui::SameLine();
            const std::string name = c.label + ": " + c.title;
            const float item_w = std::max(4.0f * fs, ImGui::GetContentRegionAvail().x);
            const ImVec2 pad(0.3f * fs, 0.2f * fs);  // the name inside its highlight, not on its edge
            const float wrap_w = item_w - 2.0f * pad.x;
            const ImVec2 text_size = ImGui::CalcTextSize(name.c_str(), nullptr, false, wrap_w);
            // A selectable as tall as the wrapped name, the name drawn over it.
            if (ImGui::Selectable(("##" + name).c_str(), c.id == ctx.shared.clip, 0,
                                  ImVec2(item_w, text_size.y + 2.0f * pad.y)))
                ctx.shared.clip = c.id;
            const ImVec2 at(ImGui::GetItemRectMin().x + pad.x, ImGui::GetItemRectMin().y + pad.y);
            ImGui::GetWindowDrawList()->AddText(ImGui::GetFont(), ImGui::GetFontSize(), at,
                                                ImGui::GetColorU32(ImGuiCol_Text), name.c_str(), nullptr, wrap_w);
            ImGui::PopID();
        }
        ImGui::EndChild();
        // A clip is fetched when it is shown or played, not for the list: it plays when it arrives.
        if (!to_play_.empty() && ctx.sound) {
            const AnalysedClip& clip = audio.clip(to_play_);
            if (!clip.loading()) {
                message_ = clip.ready() ? ctx.sound->play(clip.samples, k_audio_rate_hz) : clip.message;
                playing_id_ = to_play_;
                to_play_.clear();
            }
        }
        if (!stacked) ImGui::SameLine();
        ImGui::BeginGroup();
        if (ctx.sound &&
            ImGui::Button("Open your own sound\u2026", ImVec2(0, std::max(ImGui::GetFrameHeight(), 30.0f)))) {
            ctx.sound->pick_file();
        }
        if (ctx.sound) {
            ImGui::SameLine();
            note("or drop one on the page: WAV, Ogg, mp3 ... It stays on this computer.");
        }
        const AnalysedClip& clip = audio.clip(ctx.shared.clip);
        ImGui::PushFont(ctx.fonts.bold);
        ImGui::TextUnformatted(audio.title(ctx.shared.clip).c_str());
        ImGui::PopFont();
        if (!message_.empty()) {
            ImGui::SameLine();
            ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1), "%s", message_.c_str());
        }
        if (!clip.ready()) {
            ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1), "%s", clip.message.c_str());
            ImGui::EndGroup();
            return;
        }
        const float w = ImGui::GetContentRegionAvail().x;
        const float h = ImGui::GetContentRegionAvail().y;
        waveform_plot(ctx, "waveform", clip, ImVec2(w, std::max(120.0f, h * 0.32f)), playhead);
        image_plot(ctx, "spectrogram", "spectrogram", ctx.shared.clip, audio.textures(ctx.shared.clip).spectrogram,
                   clip.duration_s(), 0.0, k_audio_rate_hz / 2,
                   "frequency (Hz); colour: dB below the loudest, 0 to \u221280",
                   ImVec2(w, std::max(160.0f, ImGui::GetContentRegionAvail().y)),
                   audio.textures(ctx.shared.clip).spectrogram_scale, playhead);
        ImGui::EndGroup();
    }

private:
    std::string message_;
    std::string playing_id_;  ///< the clip last started here
    std::string to_play_;     ///< a clip whose play button was pressed, to start once it is loaded
};

}  // namespace

TIDE_DEFINE_FIGURE(audio_clips, AudioClipsFigure)

}  // namespace tide::app
