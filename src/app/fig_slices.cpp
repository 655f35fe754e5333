// Figure "slices": a ray turns around the centre of one image's 2-D power spectrum; the
// power along it, and the running average of all rays so far, which becomes the RAPSD.
#include <algorithm>
#include <cmath>
#include <map>

#include "core/constants.hpp"
#include "core/slices.hpp"
#include "figures.hpp"
#include "widgets.hpp"

namespace tide::app {

namespace {

constexpr int k_angles = 60;  // the essay's 60 directions, 6 degrees apart
constexpr double k_step_deg = 360.0 / k_angles;
/// The ray drawn on the spectrum and its slice in the plot: one colour for the two.
const ImU32 k_ray_color = IM_COL32(255, 127, 14, 255);

const FigureInfo k_info{
    "slices", "Slices through the spectrum", "Image spectra",
    "A ray turns around the centre of the photograph's power spectrum. The power along it (orange, as the ray) is "
    "noisy and depends on the direction: the strong horizontal and vertical streaks come from edges "
    "in the picture and its borders. The average of all rays so far (blue) settles onto the "
    "radially averaged power spectral density (dashed), which is what the other figures plot.",
    Input::one_photo};

class SlicesFigure final : public Figure {
public:
    SlicesFigure() : Figure(k_info) {
        declare({Param::image(),
                 Param::linear("angle", angle_deg_, 0.0, 360.0, 0.0, "%.1f\u00b0", "angle of the ray in degrees")
                     .main(k_step_deg)
                     .wrapping()
                     .animated(),
                 Param::linear("speed", speed_, 1.0, 30.0, 6.0, "%.0f rays/s", "rays per second"),
                 Param::playing(playing_, true)});
    }

    void draw(FigureContext& ctx, ImVec2 size) override {
        if (playing_) {
            angle_deg_ += static_cast<double>(ctx.dt_s) * speed_ * k_step_deg;
            if (angle_deg_ >= 360.0) angle_deg_ = std::fmod(angle_deg_, 360.0);
        }
        const std::string& id = ctx.shared.focus;
        const AnalysedImage& img = ctx.store.image(id);
        const float controls_w = std::min(size.x, 34.0f * ImGui::GetFontSize());
        image_combo("image", ctx, ctx.shared.focus, controls_w * 0.5f);
        same_line_if_fits(play_button_width());
        play_button(playing_);
        ImGui::SetNextItemWidth(controls_w * 0.5f);
        linear_slider("angle", angle_deg_, 0.0, 359.9, "%.1f\u00b0");
        const ImGuiStyle& style = ImGui::GetStyle();
        same_line_if_fits(controls_w * 0.3f + style.ItemInnerSpacing.x + ImGui::CalcTextSize("speed").x);
        ImGui::SetNextItemWidth(controls_w * 0.3f);
        slider(ctx, "speed", "speed");
        if (!img.ready()) {
            ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1), "%s", img.message.c_str());
            return;
        }
        if (power_id_ != id) {  // the photograph's centred power spectrum, as its analysis had it
            shifted_power_ = core::fftshift(core::power_spectrum(img.spectrum()));
            power_id_ = id;
        }
        auto& slices = slices_[id];
        if (slices.empty()) slices = core::spectrum_slices(shifted_power_, k_angles);

        const float avail_h = ImGui::GetContentRegionAvail().y;
        // On a narrow screen (a phone) the plot goes below the spectrum, the width of the
        // figure, rather than beside it in what the picture leaves.
        const bool stacked = size.x < 32.0f * ImGui::GetFontSize();
        const float side = stacked ? std::max(120.0f, std::min(size.x * 0.6f, avail_h * 0.45f))
                                   : std::max(120.0f, std::min(size.x * 0.4f, avail_h));
        const ImVec2 p0 = ImGui::GetCursorScreenPos();
        show_image(ctx, ctx.store.texture(id, ImageView::log_power), ImVec2(side, side), "spectrum", id);
        // The ray: from the centre (DC) towards the angle, +ky up.
        const double a = angle_deg_ * core::pi / 180.0;
        const ImVec2 c(p0.x + side * 0.5f, p0.y + side * 0.5f);
        const float r = side * 0.5f * static_cast<float>((k_size() / 2 - 1)) / static_cast<float>(k_size() / 2);
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->AddLine(c, ImVec2(c.x + r * static_cast<float>(std::cos(a)), c.y - r * static_cast<float>(std::sin(a))),
                    k_ray_color, 3.0f);
        if (!stacked) ImGui::SameLine();

        // Running average over the rays passed so far: 0, 6, ..., 6k degrees.
        // (360 degrees, which set() and links accept, has passed all of them.)
        const int done = std::min(k_angles, static_cast<int>(angle_deg_ / k_step_deg) + 1);
        std::vector<double> avg(slices[0].power.size(), 0.0);
        for (int k = 0; k < done; ++k)
            for (std::size_t i = 0; i < avg.size(); ++i) avg[i] += slices[static_cast<std::size_t>(k)].power[i] / done;
        const core::Slice now = core::spectrum_slice(shifted_power_, angle_deg_);

        std::vector<Series> series;
        Series cur{"this ray", now.freq, now.power, k_ray_color, 1.5f};
        series.push_back(cur);
        char label[64];
        std::snprintf(label, sizeof label, "average of %d ray%s", done, done == 1 ? "" : "s");
        series.push_back({label, slices[0].freq, avg, series_color(0), 2.5f});
        Series rapsd = rapsd_series(img.rapsd, "RAPSD", ink_color());
        rapsd.style = LineStyle::dashed;
        series.push_back(rapsd);
        const ImVec2 q0 = ImGui::GetCursorScreenPos();
        // Beside the picture the plot takes the whole height left (the picture's side is often
        // bound by the width).
        const ImVec2 plot_size(std::max(200.0f, ImGui::GetContentRegionAvail().x),
                               stacked ? std::max(side, 18.0f * ImGui::GetFontSize()) : std::max(side, avail_h));
        PlotAxes axes = rapsd_axes();
        axes.y_title = "power |F|\u00b2/(rows\u00b7cols) along the ray";
        plot(ctx.plots, "slices", plot_size, series, axes);
        ctx.layout.push_back({"plot", "slices", q0, ImVec2(q0.x + plot_size.x, q0.y + plot_size.y)});
    }

private:
    static int k_size() { return k_analysis_size; }
    double angle_deg_;  // the table (declare) sets these
    double speed_;      // rays per second
    bool playing_;
    std::map<std::string, std::vector<core::Slice>> slices_;
    std::string power_id_;       // the photograph shifted_power_ belongs to
    core::Field shifted_power_;  // fftshift(|F|^2 / N^2) of it (core::power_spectrum)
};

}  // namespace

TIDE_DEFINE_FIGURE(slices, SlicesFigure)

}  // namespace tide::app
