// Figure "microphone": the person's own voice, live: the log-mel spectrogram of the last
// seconds from the microphone, scrolling, with its RAPSD and power-law fit.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "figures.hpp"
#include "microphone.hpp"
#include "widgets.hpp"

namespace tide::app {

namespace {

const ImVec4 k_error_colour(0.75f, 0.1f, 0.1f, 1.0f);

/// A button at least 30 px tall (for fingers), recorded in the layout as ("button", id).
bool layout_button(FigureContext& ctx, const char* label, const char* id) {
    const float h = std::max(ImGui::GetFrameHeight(), 30.0f);
    const bool clicked = ImGui::Button(label, ImVec2(0, h));
    ctx.layout.push_back({"button", id, ImGui::GetItemRectMin(), ImGui::GetItemRectMax()});
    return clicked;
}

const FigureInfo k_info{
    "microphone", "Your voice, live", "What about sound?",
    "Speak, sing or whistle: the last four seconds from your microphone as a log-mel spectrogram "
    "(librosa's defaults, as in the figures before), scrolling as you go, and the RAPSD of that picture "
    "read as an image, with its power-law fit. A voice lands near the speech clips' alpha; try a hiss, a "
    "whistle or silence. The microphone starts only when you click Start microphone and stops when you "
    "leave this figure. Nothing leaves this computer: the sound is analysed in this page, never "
    "recorded or sent.",
    Input::microphone};

class MicrophoneFigure final : public Figure {
public:
    MicrophoneFigure() : Figure(k_info) {
        declare({Param::boolean("frozen", frozen_, false, "frozen").toggled_by_space()},
                {{"microphone", "microphone"},
                 {"message", "message"},
                 {"alpha", "alpha, the power-law slope"},
                 {"r2", "R squared of the fit"},
                 {"seconds", "seconds analysed"},
                 {"heard", "seconds heard"},
                 {"rate", "sample rate in hertz"}});
    }

    void draw(FigureContext& ctx, ImVec2 size) override {
        if (!ctx.microphone) {
            ImGui::TextColored(k_error_colour, "This version of Spectral Tide has no microphone.");
            return;
        }
        Microphone& mic = *ctx.microphone;
        if (!frozen_) mic.update();
        const float fs = ImGui::GetFontSize();
        const bool on = mic.status() == Microphone::Status::asking || mic.status() == Microphone::Status::listening;
        if (!on) {
            if (layout_button(ctx, "\u25cf Start microphone", "start-microphone")) start(ctx, mic);
        } else if (layout_button(ctx, "\u25a0 Stop microphone", "stop-microphone")) {
            stop(ctx, mic);
        }
        ImGui::SameLine();
        if (layout_button(ctx, frozen_ ? "\u25b6 Resume" : "\u275a\u275a Freeze", frozen_ ? "resume" : "freeze"))
            frozen_ = !frozen_;
        // The status beside the buttons where it fits (the longest, while listening), else below.
        same_line_if_fits(ImGui::CalcTextSize("\u25cf Listening: 00.0 s heard at 48000 Hz").x);
        ImGui::AlignTextToFramePadding();
        switch (mic.status()) {
            case Microphone::Status::off:
                ImGui::TextDisabled("The microphone is off.");
                break;
            case Microphone::Status::asking:
                ImGui::TextUnformatted("Waiting for the browser's permission\u2026");
                break;
            case Microphone::Status::listening:
                ImGui::Text("\u25cf Listening: %.1f s heard at %.0f Hz%s", mic.sound().heard_s(),
                            mic.sound().sample_rate_hz(),
                            mic.sound().sample_rate_hz() == 22050.0 ? "" : " (resampled to 22050 Hz)");
                break;
            case Microphone::Status::failed:
                ImGui::TextColored(k_error_colour, "The microphone is off.");
                break;
        }
        if (frozen_) {
            ImGui::SameLine();
            ImGui::TextDisabled("\u2022 frozen: the picture and the numbers wait for Resume");
        }
        if (mic.status() == Microphone::Status::failed) {
            ImGui::PushStyleColor(ImGuiCol_Text, k_error_colour);
            ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + std::min(size.x, 62.0f * fs));
            ImGui::TextUnformatted(mic.message().c_str());
            ImGui::PopTextWrapPos();
            ImGui::PopStyleColor();
        }
        // The caption says it in full; beside the button, where the caption may be hidden
        // (presenter mode), a reminder.
        note("\u2022 analysed in this page only: never recorded or sent");

        // The spectrogram over the figure's width, the RAPSD below it with the numbers beside.
        const LiveAnalysis& a = mic.analysis();
        const float avail_h = ImGui::GetContentRegionAvail().y;
        // Shares of the height. The floors: low enough that a 720 x 420 embed needs no scrolling;
        // higher on a narrow screen (a phone), whose figure scrolls anyway.
        const bool narrow = narrow_figure(size);
        const float spec_h = std::max(narrow ? 150.0f : 110.0f, 0.42f * avail_h);
        PlotAxes spec_axes;
        spec_axes.x_title = "time (s; 0 = now)";
        spec_axes.y_title = "mel band (0 = lowest); colour: dB";
        spec_axes.x_log = spec_axes.y_log = false;
        spec_axes.x_min = -mic.sound().window_s();
        spec_axes.x_max = 0.0;
        spec_axes.y_min = 0.0;
        spec_axes.y_max = 128.0;
        spec_axes.image = mic.spectrogram().id();
        const ImVec2 s0 = ImGui::GetCursorScreenPos();
        plot(ctx.plots, "live-mel", ImVec2(size.x, spec_h), {}, spec_axes);
        ctx.layout.push_back({"mel", "microphone", s0, ImVec2(s0.x + size.x, s0.y + spec_h)});

        std::vector<Series> series;
        const bool fitted = a.error.empty() && a.fit.n_points > 0;
        if (ctx.audio && ctx.audio->error().empty()) {
            const MeanCurve& speech = ctx.audio->mean_mel_rapsd("speech");
            if (speech.n_clips > 0) {
                char label[96];
                std::snprintf(label, sizeof label, "speech clips' mean (\u03b1 = %.2f)", speech.fit.alpha);
                Series s = spectrum_series(speech.freq, speech.mean_power, label, IM_COL32(150, 150, 150, 255));
                s.thickness = 1.5f;
                series.push_back(s);
                speech_alpha_ = speech.fit.alpha;
            }
        }
        if (!a.rapsd.freq.empty()) {
            Series live = rapsd_series(a.rapsd, "your sound", series_color(0));
            live.thickness = 2.5f;
            series.push_back(live);
        }
        if (fitted) {
            char label[96];
            std::snprintf(label, sizeof label, "fit: \u03b1 = %.2f, R\u00b2 = %.3f", a.fit.alpha, a.fit.r2);
            series.push_back(
                power_law_series(a.fit, a.rapsd.freq[1], a.rapsd.freq.back(), label, IM_COL32(214, 39, 40, 255)));
        }
        PlotAxes axes = rapsd_axes();
        axes.y_title = "power of the dB image, mean over each ring";
        // The numbers beside the plot where there is room; on a narrow screen (a phone) above
        // it, so that the plot has the figure's width.
        const float side_w = 12.0f * fs;
        const bool beside = size.x - side_w >= 300.0f;
        auto numbers = [&] {
            ImGui::PushTextWrapPos(beside ? ImGui::GetCursorPosX() + side_w - fs : 0.0f);
            if (fitted) {
                ImGui::PushFont(ctx.fonts.title);
                ImGui::Text("\u03b1 = %.2f", a.fit.alpha);
                ImGui::PopFont();
                if (!beside) ImGui::SameLine(0, fs);
                ImGui::Text("R\u00b2 = %.3f", a.fit.r2);
                if (!beside) ImGui::SameLine(0, fs);
                ImGui::Text("over the last %.1f s", a.seconds);
            } else if (!a.error.empty() && mic.status() != Microphone::Status::off) {
                ImGui::TextDisabled("%s", a.error.c_str());
            } else {
                ImGui::TextDisabled("No sound yet.");
            }
            if (!std::isnan(speech_alpha_)) ImGui::TextDisabled("The speech clips' mean: \u03b1 = %.2f", speech_alpha_);
            ImGui::PopTextWrapPos();
        };
        if (!beside) numbers();
        const ImVec2 p0 = ImGui::GetCursorScreenPos();
        const ImVec2 plot_size(beside ? size.x - side_w : size.x,
                               std::max(narrow ? 200.0f : 150.0f, ImGui::GetContentRegionAvail().y));
        plot(ctx.plots, "live-rapsd", plot_size, series, axes);
        ctx.layout.push_back({"plot", "microphone-rapsd", p0, ImVec2(p0.x + plot_size.x, p0.y + plot_size.y)});
        if (beside) {
            ImGui::SameLine();
            ImGui::BeginGroup();
            numbers();
            ImGui::EndGroup();
        }
    }

    void leave(FigureContext& ctx) override {
        if (!ctx.microphone) return;
        const auto status = ctx.microphone->status();
        if (status == Microphone::Status::asking || status == Microphone::Status::listening) stop(ctx, *ctx.microphone);
    }

    void write_readouts(const FigureView& ctx, StateWriter& out) const override {
        if (!ctx.microphone) return;
        const Microphone& mic = *ctx.microphone;
        const LiveAnalysis& a = mic.analysis();
        const bool fitted = a.error.empty() && a.fit.n_points > 0;
        out.add_readout("microphone", mic.status_name());
        out.add_readout("message", mic.message());
        out.add_readout("alpha", fitted ? a.fit.alpha : NAN);
        out.add_readout("r2", fitted ? a.fit.r2 : NAN);
        out.add_readout("seconds", a.seconds);
        out.add_readout("heard", mic.sound().heard_s());
        out.add_readout("rate", mic.sound().sample_rate_hz());
    }

    core::Status set(FigureContext& ctx, const std::string& key, const std::string& value) override {
        if (key == "microphone") {
            return core::Status::failure(
                "microphone: it starts only with a click on Start microphone (the browser "
                "then asks for permission)");
        }
        return Figure::set(ctx, key, value);
    }

private:
    void start(FigureContext& ctx, Microphone& mic) {
        frozen_ = false;
        mic.asking();
        if (!ctx.sound || !ctx.sound->start_microphone()) {
            mic.failed(
                "This page cannot reach a microphone: its capture script is missing. Reloading the page may "
                "help.");
        }
    }
    void stop(FigureContext& ctx, Microphone& mic) {
        if (ctx.sound) ctx.sound->stop_microphone();
        mic.stopped();
    }

    bool frozen_;  // the table (declare) sets it
    double speech_alpha_ = NAN;
};

}  // namespace

TIDE_DEFINE_FIGURE(microphone, MicrophoneFigure)

}  // namespace tide::app
