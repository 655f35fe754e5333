// Figure "audio-tide": the rising tide for sound. Noise drowns the weakest frequencies first,
// which for sound is not the highest ones.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "audio_widgets.hpp"
#include "core/noise.hpp"
#include "figures.hpp"
#include "widgets.hpp"

namespace tide::app {

namespace {

constexpr double k_sigma_min = 1e-4, k_sigma_max = 1.0;

const FigureInfo k_info{
    "audio-tide", "The rising tide for sound", "What about sound?",
    "White noise of standard deviation \u03c3 has a flat spectrum at \u03c3\u00b2. As it rises over the "
    "mean spectrum of the clips, the frequencies that go under first are the weakest ones: the highest "
    "and the lowest, while the hump of a few hundred Hz holds out longest. The order in which noise "
    "erases sound is not the order of frequency. Play the clip at the current noise level to hear it.",
    Input::sound_corpus | Input::one_clip};

class AudioTideFigure final : public Figure {
public:
    AudioTideFigure() : Figure(k_info) {
        declare({Param::group(), Param::clip(),
                 Param::log("sigma", sigma_, k_sigma_min, k_sigma_max, 3e-3, "\u03c3 = %.2g", "noise level sigma")
                     .main(0.1)
                     .animated(),
                 Param::playing(playing_, false), Param::seed()},
                {{"above", "fraction of the spectrum above the noise"}});
    }

    void draw(FigureContext& ctx, ImVec2 size) override {
        if (audio_unavailable(ctx)) return;
        if (playing_) {
            const double span = std::log(k_sigma_max / k_sigma_min);
            double u = std::log(sigma_ / k_sigma_min) / span + static_cast<double>(ctx.dt_s) / 8.0;
            if (u > 1.0) u -= 1.0;
            sigma_ = k_sigma_min * std::exp(u * span);
        }
        AudioStore& audio = *ctx.audio;
        const float fs = ImGui::GetFontSize();
        group_picker(ctx.shared.group);
        same_line_if_fits(play_button_width(), fs);
        play_button(playing_);
        same_line_if_fits(14 * fs);
        ImGui::SetNextItemWidth(14 * fs);
        slider(ctx, "sigma", "##sigma");
        clip_combo("##clip", audio, ctx.shared.clip, 16 * fs);
        const char* play_noisy = "\u25b6 Play the clip with this noise";
        same_line_if_fits(ImGui::CalcTextSize(play_noisy).x + 2.0f * ImGui::GetStyle().FramePadding.x);
        const AnalysedClip& clip = audio.clip(ctx.shared.clip);
        if (clip.ready() && ctx.sound &&
            ImGui::Button(play_noisy, ImVec2(0, std::max(ImGui::GetFrameHeight(), 30.0f)))) {
            make_noisy(clip, ctx.shared.seed);
            message_ = ctx.sound->play(noisy_, k_audio_rate_hz);
        }
        if (message_.empty()) {
            same_line_if_fits(ImGui::CalcTextSize("(loudness normalised)").x);
            ImGui::TextDisabled("(loudness normalised)");
        } else {
            ImGui::SameLine();
            ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1), "%s", message_.c_str());
        }

        const MeanCurve& m = audio.mean_spectrum(ctx.shared.group);
        if (m.n_clips == 0) return;
        Series mean, above;
        mean.x = m.binned_freq;
        mean.y = m.binned_power;
        mean.label = "mean spectrum";
        mean.color = IM_COL32(150, 150, 150, 255);
        mean.thickness = 1.5f;
        const double noise = sigma_ * sigma_;
        above.label = "above the noise";
        above.color = image_color();
        above.thickness = 3.0f;
        int n_above = 0;
        for (std::size_t i = 0; i < mean.x.size(); ++i) {
            above.x.push_back(mean.x[i]);
            above.y.push_back(mean.y[i] > noise ? mean.y[i] : NAN);
        }
        for (std::size_t i = 1; i < m.mean_power.size(); ++i) n_above += m.mean_power[i] > noise;
        fraction_above_ = static_cast<double>(n_above) / static_cast<double>(m.mean_power.size() - 1);
        char label[64];
        std::snprintf(label, sizeof label, "noise \u03c3\u00b2 = %s", plain_number(noise, 2).c_str());
        Series tide{label, {mean.x.front(), mean.x.back()}, {noise, noise}, noise_color(), 2.5f, LineStyle::dashed};
        PlotAxes axes;
        axes.x_title = "frequency (Hz)";
        axes.y_title = "power |rfft(x)|\u00b2/N";
        axes.x_min = 10.0;
        axes.x_max = k_audio_rate_hz / 2;
        axes.y_min = 1e-10;
        axes.y_max = 10.0;
        ImGui::Text("%.0f%% of frequencies above the noise", 100.0 * fraction_above_);
        const ImVec2 p0 = ImGui::GetCursorScreenPos();
        const ImVec2 plot_size(size.x, std::max(220.0f, ImGui::GetContentRegionAvail().y));
        plot(ctx.plots, "tide", plot_size, {mean, above, tide}, axes);
        ctx.layout.push_back({"plot", "audio-tide", p0, ImVec2(p0.x + plot_size.x, p0.y + plot_size.y)});
    }

    void write_readouts(const FigureView&, StateWriter& out) const override {
        out.add_readout("above", fraction_above_);
    }

private:
    /// clip + sigma * eps with the shared seed, scaled down if needed so the peak is 0.9.
    void make_noisy(const AnalysedClip& clip, std::uint64_t seed) {
        core::GaussianNoise noise(seed);
        noisy_.resize(clip.samples.size());
        float peak = 0.0f;
        for (std::size_t i = 0; i < noisy_.size(); ++i) {
            noisy_[i] = static_cast<float>(clip.samples[i] + sigma_ * noise.next());
            peak = std::max(peak, std::abs(noisy_[i]));
        }
        if (peak > 0.9f)
            for (float& v : noisy_) v *= 0.9f / peak;
    }

    double sigma_;  // the table (declare) sets these
    bool playing_;
    double fraction_above_ = 0.0;
    std::vector<float> noisy_;  ///< made when Play is pressed
    std::string message_;       ///< the last playback problem
};

}  // namespace

TIDE_DEFINE_FIGURE(audio_tide, AudioTideFigure)

}  // namespace tide::app
