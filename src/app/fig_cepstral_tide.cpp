// Figure "cepstral-tide": the rising tide on a spectrogram. Gaussian noise of sigma dB added to a
// clip's log-mel spectrogram read as an image: the noisy spectrogram, its RAPSD against the clean
// one with f_max, and which cepstral coefficients keep their variance above the noise's
// (core::cepstral_variance).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "audio_widgets.hpp"
#include "core/experiments.hpp"
#include "core/noise.hpp"
#include "core/schedule.hpp"
#include "figures.hpp"
#include "widgets.hpp"

namespace tide::app {

namespace {

const FigureInfo k_info{
    "cepstral-tide", "The tide on a spectrogram", "Beyond the essay",
    "Spectrogram diffusion models add Gaussian noise to the log-mel spectrogram itself, read as an "
    "image: here noise of \u03c3 dB, independent in every mel band and frame. The RAPSD of the noisy "
    "spectrogram bends at f_max, where the clean spectrogram's RAPSD meets the noise's flat \u03c3\u00b2, as "
    "the photographs' spectra did. Along the mel axis the same happens to the cepstrum: the orthonormal "
    "DCT-II of each column (as the MFCC figure, all coefficients) turns the noise into noise of the "
    "same variance \u03c3\u00b2 in every coefficient (Parseval), while the clean coefficients' variance "
    "across frames falls, broadly, as k grows (a voice adds a bump at the quefrency of its pitch). The "
    "coefficients above the dashed line still stand out; raising \u03c3 drowns the high quefrencies first. Denoising "
    "gives them back from low k to high: a "
    "cepstral autoregression.",
    Input::one_clip};

constexpr double kSigmaMin = 0.1, kSigmaMax = 100.0;

class CepstralTideFigure final : public Figure {
public:
    CepstralTideFigure() : Figure(k_info) {
        declare({Param::clip(),
                 Param::log("sigma", sigma_, kSigmaMin, kSigmaMax, 10.0, "\u03c3 = %.3g dB", "noise level sigma in dB")
                     .main(0.1),
                 Param::seed()},
                {{"fmax", "f max of the spectrogram, in cycles per mel band"},
                 {"above", "cepstral coefficients above the noise"},
                 {"highest_above", "the highest cepstral coefficient above the noise"}});
    }

    void draw(FigureContext& ctx, ImVec2 size) override {
        if (audio_unavailable(ctx)) return;
        AudioStore& audio = *ctx.audio;
        const float fs = ImGui::GetFontSize();
        clip_combo("clip", audio, ctx.shared.clip, std::min(size.x, 18.0f * fs));
        same_line_if_fits(12.0f * fs);
        ImGui::SetNextItemWidth(std::max(std::min(size.x, 44.0f * fs) * 0.45f, 10.0f * fs));
        slider(ctx, "sigma", "##sigma");
        const AnalysedClip& clip = audio.clip(ctx.shared.clip);
        if (!clip.ready()) {
            ImGui::TextWrapped("%s", clip.message.c_str());
            return;
        }
        update(ctx, clip);

        const float h = ImGui::GetContentRegionAvail().y;
        image_plot(ctx, "noisy-mel", "mel", ctx.shared.clip, texture_, clip.duration_s(), 0.0,
                   static_cast<double>(clip.log_mel.rows), "noisy log-mel: mel band",
                   ImVec2(size.x, std::max(120.0f, h * 0.34f)), scale_);

        const bool side_by_side = size.x >= 40.0f * fs;
        const float plot_w = side_by_side ? (size.x - ImGui::GetStyle().ItemSpacing.x) * 0.5f : size.x;
        const float plot_h =
            std::max(200.0f, side_by_side ? ImGui::GetContentRegionAvail().y : ImGui::GetContentRegionAvail().y * 0.5f);
        draw_rapsd(ctx, clip, ImVec2(plot_w, plot_h));
        if (side_by_side) ImGui::SameLine();
        draw_cepstrum(ctx, ImVec2(plot_w, std::max(200.0f, ImGui::GetContentRegionAvail().y)));
    }

    void write_readouts(const FigureView& view, StateWriter& out) const override {
        if (clip_ != view.shared.clip || sigma_done_ != sigma_ || seed_ != view.shared.seed) return;  // not drawn yet
        out.add_readout("fmax", f_max_);
        out.add_readout("above", static_cast<double>(above_.size()));
        out.add_readout("highest_above", above_.empty() ? -1.0 : static_cast<double>(above_.back()));
    }

private:
    void update(FigureContext& ctx, const AnalysedClip& clip) {
        if (clip_ == ctx.shared.clip && sigma_done_ == sigma_ && seed_ == ctx.shared.seed && texture_) return;
        const core::Field& clean = clip.log_mel;
        // The same noise cepstral_variance() adds: gaussian_noise(n_mels, frames, seed), row-major.
        const core::Field eps = core::gaussian_noise(clean.rows, clean.cols, ctx.shared.seed);
        core::Field noisy = clean;
        for (std::size_t k = 0; k < noisy.size(); ++k) noisy.data[k] += sigma_ * eps.data[k];
        noisy_rapsd_ = core::rapsd(noisy);
        // White noise of sigma has RAPSD sigma^2 at every frequency (pysteps' normalisation).
        f_max_ = core::f_max(clip.mel_rapsd.freq, clip.mel_rapsd.power, 1.0, sigma_ * sigma_);
        variance_ = core::cepstral_variance(clean, sigma_, ctx.shared.seed);
        above_ = core::cepstral_above(variance_, sigma_);
        // The clean spectrogram's colours (its min..max), so the noise shows as speckle beyond them.
        const auto [lo, hi] = std::minmax_element(clean.data.begin(), clean.data.end());
        core::Field flipped(noisy.rows, noisy.cols);  // low mel bands at the bottom, as the mel figure
        for (int r = 0; r < noisy.rows; ++r)
            std::copy_n(&noisy.at(noisy.rows - 1 - r, 0), noisy.cols, &flipped.at(r, 0));
        scale_ = {Colormap::magma, *lo, *hi, "dB"};
        show_field_texture(ctx.store.host(), texture_, flipped, *lo, *hi, Colormap::magma, Sampling::nearest);
        clip_ = ctx.shared.clip;
        sigma_done_ = sigma_;
        seed_ = ctx.shared.seed;
    }

    void draw_rapsd(FigureContext& ctx, const AnalysedClip& clip, ImVec2 size) {
        const std::vector<double>& freq = clip.mel_rapsd.freq;
        Series noise{
            "noise \u03c3\u00b2", {freq[1], freq.back()}, {sigma_ * sigma_, sigma_ * sigma_}, noise_color(), 1.5f,
            LineStyle::dashed};
        PlotAxes axes = rapsd_axes();
        axes.x_title = "frequency of the spectrogram image (cycles/pixel)";
        axes.y_title = "RAPSD (dB\u00b2)";
        char label[64];
        std::snprintf(label, sizeof label, "f_max = %s", plain_number(f_max_).c_str());
        if (f_max_ > freq[1]) axes.markers.push_back({f_max_, label});
        const ImVec2 p0 = ImGui::GetCursorScreenPos();
        plot(ctx.plots, "cepstral-tide-rapsd", size,
             {rapsd_series(clip.mel_rapsd, "clean log-mel", image_color()),
              rapsd_series(noisy_rapsd_, "noisy log-mel", noisy_color()), noise},
             axes);
        ctx.layout.push_back({"plot", "cepstral-tide-rapsd", p0, ImVec2(p0.x + size.x, p0.y + size.y)});
    }

    void draw_cepstrum(FigureContext& ctx, ImVec2 size) {
        const std::size_t n = variance_.clean.size();
        Series clean{"clean", {}, variance_.clean, image_color(), 2.0f, LineStyle::points};
        Series noisy{"noisy", {}, variance_.noisy, noisy_color(), 2.0f};
        Series noise{"noise alone", {}, variance_.noise, noise_color(), 1.5f};
        for (std::size_t k = 0; k < n; ++k) {
            clean.x.push_back(static_cast<double>(k));
            noisy.x.push_back(static_cast<double>(k));
            noise.x.push_back(static_cast<double>(k));
        }
        Series level{"\u03c3\u00b2",
                     {0.0, static_cast<double>(n - 1)},
                     {sigma_ * sigma_, sigma_ * sigma_},
                     series_color(7),
                     2.0f,
                     LineStyle::dashed};
        PlotAxes axes;
        axes.x_title = "cepstral coefficient k (quefrency)";
        axes.y_title = "variance across frames (dB\u00b2)";
        axes.x_log = false;
        axes.x_min = 0.0;
        axes.x_max = static_cast<double>(n - 1);
        char label[64];
        if (!above_.empty()) {
            std::snprintf(label, sizeof label, "k = %d: last above", above_.back());
            axes.markers.push_back({static_cast<double>(above_.back()), label});
        }
        const ImVec2 p0 = ImGui::GetCursorScreenPos();
        plot(ctx.plots, "cepstral-tide", size, {clean, noisy, noise, level}, axes);
        ctx.layout.push_back({"plot", "cepstral-tide", p0, ImVec2(p0.x + size.x, p0.y + size.y)});
    }

    double sigma_;  // the table (declare) sets it
    std::string clip_;
    double sigma_done_ = -1.0;
    std::uint64_t seed_ = 0;
    Texture texture_;
    ColourScale scale_;
    core::Rapsd noisy_rapsd_;
    core::CepstralVariance variance_;
    std::vector<int> above_;
    double f_max_ = 0.0;
};

}  // namespace

TIDE_DEFINE_FIGURE(cepstral_tide, CepstralTideFigure)

}  // namespace tide::app
