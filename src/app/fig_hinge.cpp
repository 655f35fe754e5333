// Figure "hinge": the spectrum of a noisy image is the sum of the image's falling power law
// and the noise's flat line; on log-log axes it bends where they cross.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "figures.hpp"
#include "noisy.hpp"
#include "widgets.hpp"

namespace tide::app {

namespace {

const FigureInfo k_info{
    "hinge", "The hinge of a noisy image", "Noisy image spectra",
    "Adding noise \u03c3\u00b7\u03b5 to a photograph x\u2080 adds their power spectra (noise and image "
    "are independent, so the cross term averages out): the RAPSD of x\u2080 + \u03c3\u03b5 follows the "
    "photograph's power law at low frequencies and the flat noise level \u03c3\u00b2 at high ones, with "
    "a bend, the hinge, where they cross. Move \u03c3 and watch the hinge slide.",
    Input::one_photo};

class HingeFigure final : public Figure {
public:
    HingeFigure() : Figure(k_info) {
        declare({Param::image(),
                 Param::log("sigma", sigma_, 0.001, 100.0, 0.3, "\u03c3 = %.3g", "noise level sigma").main(0.1),
                 Param::seed(), Param::boolean("clip", clip_, false, "noisy image clipped to minus 1 to 1")});
    }

    void draw(FigureContext& ctx, ImVec2 size) override {
        // The combo and the slider share what their labels leave of the line (0.45 + 0.4 of w).
        const ImGuiStyle& style = ImGui::GetStyle();
        const float labels = ImGui::CalcTextSize("image").x + ImGui::CalcTextSize("\u03c3 (noise level)").x +
                             4.0f * style.ItemSpacing.x + 2.0f * style.ItemInnerSpacing.x;
        const float w =
            std::max(8.0f * ImGui::GetFontSize(), std::min((size.x - labels) / 0.85f, 36.0f * ImGui::GetFontSize()));
        image_combo("image", ctx, ctx.shared.focus, w * 0.45f);
        ImGui::SameLine();
        ImGui::SetNextItemWidth(w * 0.4f);
        slider(ctx, "sigma", "\u03c3 (noise level)");
        clip_checkbox(clip_);
        const std::string& id = ctx.shared.focus;
        if (!view_.update(ctx, id, 1.0, sigma_, clip_)) {
            ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1), "%s", view_.error().c_str());
            return;
        }
        const AnalysedImage& img = ctx.store.image(id);
        const float avail_h = ImGui::GetContentRegionAvail().y;
        const float fs = ImGui::GetFontSize();
        // On a narrow, tall screen (a phone) the two pictures side by side, their note under them,
        // and the plot below at the figure's width; beside the plot it would get half of it. (A
        // short pane, the article's on a phone, keeps the plot beside them, in view.)
        const bool narrow = size.x < 30.0f * fs && size.y >= size.x * 1.2f;
        if (narrow) {
            const float side = std::min((size.x - fs) * 0.5f, 10.0f * fs);
            show_image(ctx, ctx.store.texture(id, ImageView::photo), ImVec2(side, side), "image", id);
            ImGui::SameLine(0.0f, fs);
            show_image(ctx, view_.texture(), ImVec2(side, side), "noisy", id);
            const std::string words = std::string("left: x\u2080; right: x\u2080 + \u03c3\u03b5 (green channel, ") +
                                      noisy_range_words(clip_) + ")";
            note(words.c_str(), 2.0f * side + fs);
        } else {
            // Two images above each other and their note, wrapped to their width, fill the height.
            const std::string words = std::string("above: x\u2080; below: x\u2080 + \u03c3\u03b5 (green channel, ") +
                                      noisy_range_words(clip_) + ")";
            const char* caption = words.c_str();
            const float widest = std::max(80.0f, std::min(size.x * 0.22f, (avail_h - fs * 2) / 2));
            float side = picture_side(caption, avail_h, 2, 1, 3, 80.0f, widest);
            // Where that leaves the pictures narrower than a few words (a small embed), the note
            // wraps at that width instead, under them, and they get the height it leaves: at the
            // pictures' width it took seven lines of one or two words.
            const float note_floor = std::min(9.0f * fs, size.x * 0.25f);
            if (side < note_floor) {
                const float note_h = note_height(caption, note_floor);
                side = std::clamp((avail_h - note_h - 3.0f * style.ItemSpacing.y) / 2.0f, 64.0f, widest);
            }
            ImGui::BeginGroup();
            show_image(ctx, ctx.store.texture(id, ImageView::photo), ImVec2(side, side), "image", id);
            show_image(ctx, view_.texture(), ImVec2(side, side), "noisy", id);
            note(caption, std::max(side, note_floor));
            ImGui::EndGroup();
            ImGui::SameLine();
        }

        const NoiseField& noise = ctx.store.noise(ctx.shared.seed);
        std::vector<Series> series;
        series.push_back(rapsd_series(img.rapsd, "x\u2080 (photograph)", image_color()));
        std::vector<double> noise_power(noise.rapsd.power.size());
        for (std::size_t i = 0; i < noise_power.size(); ++i) noise_power[i] = sigma_ * sigma_ * noise.rapsd.power[i];
        char label[64];
        std::snprintf(label, sizeof label, "\u03c3\u03b5 (noise, level \u03c3\u00b2 = %s)",
                      plain_number(sigma_ * sigma_).c_str());
        series.push_back(spectrum_series(noise.rapsd.freq, noise_power, label, noise_color()));
        Series sum = rapsd_series(view_.rapsd(), "x\u2080 + \u03c3\u03b5", noisy_color());
        sum.thickness = 3.0f;
        series.push_back(sum);
        PlotAxes axes = rapsd_axes();
        const double f_cross = core::f_max(img.rapsd.freq, img.rapsd.power, 1.0, sigma_ * sigma_);
        if (f_cross > 0) axes.markers.push_back({f_cross, std::string("hinge near f = ") + plain_number(f_cross)});
        const ImVec2 p0 = ImGui::GetCursorScreenPos();
        const ImVec2 plot_size(std::max(200.0f, ImGui::GetContentRegionAvail().x),
                               narrow ? std::max(220.0f, size.x * 0.8f) : std::max(220.0f, avail_h));
        plot(ctx.plots, "hinge", plot_size, series, axes);
        ctx.layout.push_back({"plot", "hinge", p0, ImVec2(p0.x + plot_size.x, p0.y + plot_size.y)});
    }

private:
    bool clip_ = false;  // the table (declare) sets it
    double sigma_;       // the table (declare) sets it
    NoisyImage view_;
};

}  // namespace

TIDE_DEFINE_FIGURE(hinge, HingeFigure)

}  // namespace tide::app
