// Figure "phase": what the Fourier phase carries. Two photographs and the two images rebuilt from
// the magnitude of one and the phase of the other (core::phase_swap), with their RAPSDs.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "core/experiments.hpp"
#include "core/png_write.hpp"
#include "figures.hpp"
#include "widgets.hpp"

namespace tide::app {

namespace {

const FigureInfo k_info{
    "phase", "What the phase carries", "Beyond the essay",
    "Each photograph's Fourier transform is a magnitude and a phase at every frequency. Rebuilding an "
    "image from the magnitude of one photograph and the phase of the other, real(ifft2(|A| exp(i arg B))) "
    "(Oppenheim and Lim, 1981), gives a picture that looks like the photograph whose phase it kept, "
    "although its RAPSD is exactly that of the other: the dashed curves lie on the solid ones. The "
    "spectrum the essay follows says how much of each frequency an image holds, not where its edges "
    "are; that is the phase's job, so a power spectrum alone is not a model of images. The numbers "
    "under each swap are the correlation of its edges (its gradient) with either photograph's.",
    Input::four_photos};

/// The note under a swap: |X| with the phase of Y, and its edges' correlation with Y and with X.
std::string swap_note(char magnitude, char phase, double with_phase, double with_magnitude) {
    auto r = [](double v) {  // two decimals, with a real minus sign
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.2f", std::abs(v));
        return (v < 0 && std::string(buf) != "0.00" ? "\u2212" : "") + std::string(buf);
    };
    return std::string("|") + magnitude + "| with the phase of " + phase + "\nedges: r = " + r(with_phase) + " with " +
           phase + ", " + r(with_magnitude) + " with " + magnitude;
}

class PhaseFigure final : public Figure {
public:
    PhaseFigure() : Figure(k_info) {
        declare({Param::images(2)},
                {{"ab_with_b", "edge correlation of the magnitude of A with the phase of B with photograph B"},
                 {"ab_with_a", "edge correlation of the magnitude of A with the phase of B with photograph A"},
                 {"ba_with_a", "edge correlation of the magnitude of B with the phase of A with photograph A"},
                 {"ba_with_b", "edge correlation of the magnitude of B with the phase of A with photograph B"}});
    }

    void draw(FigureContext& ctx, ImVec2 size) override {
        const float fs = ImGui::GetFontSize();
        const float gap = ImGui::GetStyle().ItemSpacing.x;
        // Two by two: on a wide screen a column beside the plot, which takes the whole height;
        // on a narrow one above it.
        const bool wide = size.x >= 40.0f * fs && size.x > size.y;
        const int columns = 2;
        // Under the photo choices, two rows of pictures, each with its note.
        const float avail_h = size.y - ImGui::GetFrameHeightWithSpacing();
        const float side = wide ? picture_side(swap_note('A', 'B', -0.99, -0.99).c_str(), avail_h, 2, 2, 4, 5.0f * fs,
                                               (size.x * 0.45f - gap) * 0.5f)
                                : std::max(5.0f * fs, std::min((size.x - gap) * 0.5f, 0.28f * size.y));
        for (int i = 0; i < 2; ++i) {
            if (i > 0) ImGui::SameLine(0, gap);
            ImGui::PushID(i);
            image_combo("##photo", ctx, ctx.shared.images[static_cast<std::size_t>(i)], side);
            ImGui::PopID();
        }
        const std::string& a_id = ctx.shared.images[0];
        const std::string& b_id = ctx.shared.images[1];
        const AnalysedImage& a = ctx.store.image(a_id);
        const AnalysedImage& b = ctx.store.image(b_id);
        for (const AnalysedImage* img : {&a, &b}) {
            if (!img->ready()) {
                ImGui::TextWrapped("%s", img->message.c_str());
                return;
            }
        }
        update(ctx, a_id, a.field, b_id, b.field);

        struct Shown {
            const Texture* texture;
            const char* kind;
            std::string id, text;
        };
        const std::string swap_ab = swap_note('A', 'B', corr_[0][0], corr_[0][1]);
        const std::string swap_ba = swap_note('B', 'A', corr_[1][0], corr_[1][1]);
        const Shown shown[] = {
            {&ctx.store.texture(a_id, ImageView::photo), "image", a_id, "A: " + ctx.store.title(a_id)},
            {&ctx.store.texture(b_id, ImageView::photo), "image", b_id, "B: " + ctx.store.title(b_id)},
            {&swaps_[0], "swap", a_id + "|" + b_id, swap_ab},
            {&swaps_[1], "swap", b_id + "|" + a_id, swap_ba}};
        ImGui::BeginGroup();
        for (int i = 0; i < 4; ++i) {
            if (i % columns != 0) ImGui::SameLine(0, gap);
            ImGui::BeginGroup();
            show_image(ctx, *shown[i].texture, ImVec2(side, side), shown[i].kind, shown[i].id);
            note(shown[i].text.c_str(), side);
            ImGui::EndGroup();
        }
        ImGui::EndGroup();
        if (wide) ImGui::SameLine(0, 2.0f * gap);

        std::vector<Series> series{rapsd_series(a.rapsd, "A", series_color(0)),
                                   rapsd_series(b.rapsd, "B", series_color(1)),
                                   rapsd_series(swap_rapsd_[0], "|A| with phase of B", series_color(0)),
                                   rapsd_series(swap_rapsd_[1], "|B| with phase of A", series_color(1))};
        series[2].style = series[3].style = LineStyle::dashed;
        series[2].thickness = series[3].thickness = 3.0f;
        const ImVec2 p0 = ImGui::GetCursorScreenPos();
        const ImVec2 plot_size(std::max(200.0f, ImGui::GetContentRegionAvail().x),
                               std::max(200.0f, ImGui::GetContentRegionAvail().y));
        plot(ctx.plots, "phase-rapsd", plot_size, series, rapsd_axes());
        ctx.layout.push_back({"plot", "phase-rapsd", p0, ImVec2(p0.x + plot_size.x, p0.y + plot_size.y)});
    }

    void write_readouts(const FigureView& view, StateWriter& out) const override {
        if (key_ != view.shared.images[0] + "|" + view.shared.images[1]) return;  // not drawn yet
        out.add_readout("ab_with_b", corr_[0][0]);
        out.add_readout("ab_with_a", corr_[0][1]);
        out.add_readout("ba_with_a", corr_[1][0]);
        out.add_readout("ba_with_b", corr_[1][1]);
    }

private:
    /// The two swaps, their RAPSDs, correlations and textures, when the photographs changed.
    void update(FigureContext& ctx, const std::string& a_id, const core::Field& a, const std::string& b_id,
                const core::Field& b) {
        const std::string key = a_id + "|" + b_id;
        if (key == key_ && swaps_[0] && swaps_[1]) return;
        const core::Field* pair[2][2] = {{&a, &b}, {&b, &a}};  // {magnitude of, phase of}
        for (int i = 0; i < 2; ++i) {
            auto swapped = core::phase_swap(*pair[i][0], *pair[i][1]);
            if (!swapped) return;  // both are 320 x 320: cannot happen
            const core::Field& f = swapped.value();
            swap_rapsd_[i] = core::rapsd(f);
            corr_[i][0] = core::gradient_correlation(f, *pair[i][1]);
            corr_[i][1] = core::gradient_correlation(f, *pair[i][0]);
            // Its own range: the swap is no longer confined to [-1, 1].
            const core::GrayRange r = core::own_range(f);
            show_field_texture(ctx.store.host(), swaps_[i], f, r.lo, r.hi, Colormap::gray);
        }
        key_ = key;
    }

    std::string key_;  ///< the photographs the swaps belong to ("" before the first)
    Texture swaps_[2];
    core::Rapsd swap_rapsd_[2];
    double corr_[2][2] = {};  ///< [swap][0]: with its phase's photograph, [1]: with its magnitude's
};

}  // namespace

TIDE_DEFINE_FIGURE(phase, PhaseFigure)

}  // namespace tide::app
