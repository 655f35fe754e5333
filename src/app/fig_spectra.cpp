// Figure "spectra": the essay's first figure, four photographs with their log-power and
// phase spectra, and their radially averaged power spectral densities on log-log axes.
#include <algorithm>

#include "figures.hpp"
#include "widgets.hpp"

namespace tide::app {

namespace {

constexpr int k_slots = 4;

const FigureInfo k_info{
    "spectra", "Images and their spectra", "Image spectra",
    "Four photographs (the green channel is analysed, scaled to [-1, 1]), and below each the log "
    "power of its 2-D Fourier transform, centred so that the lowest frequencies are in the middle, "
    "and its phase. Power falls off steeply away from the centre. Averaging the power over rings of "
    "equal frequency gives the RAPSD, plotted alongside: on log-log axes every photograph gives a "
    "nearly straight line, a power law.",
    Input::four_photos};

class SpectraFigure final : public Figure {
public:
    SpectraFigure() : Figure(k_info) { declare({Param::images(k_slots)}); }

    void draw(FigureContext& ctx, ImVec2 size) override {
        const ImGuiStyle& style = ImGui::GetStyle();
        const float gap = style.ItemSpacing.x;
        const float text_h = ImGui::GetFrameHeightWithSpacing();
        const float row_gap = style.ItemSpacing.y;
        // Side by side when wide (and wide enough for the plot's 200 px beside four columns),
        // stacked when tall or narrow: a phone whose figure area is short is still narrow.
        const bool wide = size.x > 1.45f * size.y && size.x >= 480.0f;
        float side;
        if (wide) {
            side = std::min((size.y - text_h - 3 * row_gap) / 3.0f, (size.x * 0.56f - 3 * gap) / k_slots);
        } else {
            side = std::min((size.x - 3 * gap) / k_slots, (size.y * 0.62f - text_h) / 3.0f);
        }
        side = std::max(48.0f, side);
        for (int i = 0; i < k_slots; ++i) {
            if (i > 0) ImGui::SameLine(0, gap);
            draw_column(ctx, i, side);
        }
        ImVec2 plot_size;
        if (wide) {
            ImGui::SameLine(0, gap * 2);
            plot_size = ImVec2(std::max(200.0f, ImGui::GetContentRegionAvail().x),
                               std::min(size.y, text_h + 3 * (side + row_gap)));
        } else {
            plot_size = ImVec2(size.x, std::max(240.0f, ImGui::GetContentRegionAvail().y));
        }
        std::vector<Series> series;
        for (int i = 0; i < k_slots; ++i) {
            const AnalysedImage& img = ctx.store.image(ctx.shared.images[i]);
            if (img.ready()) {
                series.push_back(rapsd_series(img.rapsd, ctx.store.title(ctx.shared.images[i]), series_color(i)));
            }
        }
        const ImVec2 p0 = ImGui::GetCursorScreenPos();
        plot(ctx.plots, "rapsd", plot_size, series, rapsd_axes());
        ctx.layout.push_back({"plot", "rapsd", p0, ImVec2(p0.x + plot_size.x, p0.y + plot_size.y)});
    }

private:
    void draw_column(FigureContext& ctx, int slot, float side) {
        ImGui::PushID(slot);
        ImGui::BeginGroup();
        std::string& id = ctx.shared.images[slot];
        image_combo("##image", ctx, id, side);
        const AnalysedImage& img = ctx.store.image(id);
        if (!img.ready()) {
            ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + side);
            ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1), "%s", img.message.c_str());
            ImGui::PopTextWrapPos();
        } else {
            const Texture* textures[3] = {&ctx.store.texture(id, ImageView::photo),
                                          &ctx.store.texture(id, ImageView::log_power),
                                          &ctx.store.texture(id, ImageView::phase)};
            const char* kinds[3] = {"image", "spectrum", "phase"};
            const char* row_labels[3] = {nullptr, "log power, centred", "phase (\u2212\u03c0 \u2026 \u03c0)"};
            for (int row = 0; row < 3; ++row) {
                const ImVec2 p0 = ImGui::GetCursorScreenPos();
                show_image(ctx, *textures[row], ImVec2(side, side), kinds[row], id);
                if (slot == 0 && row_labels[row]) {
                    // Name the row on its first image, on a light band so it stays readable,
                    // wrapped at the image's width (the next image would cover the rest).
                    ImDrawList* dl = ImGui::GetWindowDrawList();
                    const float pad = 3.0f;
                    const std::string words = wrap_at_spaces(row_labels[row], side - 2 * pad);
                    const ImVec2 ts = ImGui::CalcTextSize(words.c_str());
                    dl->AddRectFilled(p0, ImVec2(p0.x + std::min(ts.x + 2 * pad, side), p0.y + ts.y + 2 * pad),
                                      IM_COL32(255, 255, 255, 210));
                    dl->PushClipRect(p0, ImVec2(p0.x + side, p0.y + side), true);
                    dl->AddText(ImVec2(p0.x + pad, p0.y + pad), IM_COL32(20, 20, 20, 255), words.c_str());
                    dl->PopClipRect();
                }
                if (row == 1 && ImGui::IsItemHovered()) {
                    // Readout: the frequency under the cursor and its log power.
                    const ImVec2 m = ImGui::GetIO().MousePos;
                    if (hover_id_ != id) {  // made once for the photograph under the cursor
                        hover_log_power_ = centred_log_power(img);
                        hover_id_ = id;
                    }
                    const core::Field& lp = hover_log_power_;
                    const int n = lp.cols;
                    const int c = std::clamp(static_cast<int>((m.x - p0.x) / side * static_cast<float>(n)), 0, n - 1);
                    const int r = std::clamp(static_cast<int>((m.y - p0.y) / side * static_cast<float>(n)), 0, n - 1);
                    ImGui::SetTooltip("fx = %+.4f, fy = %+.4f cycles/pixel\nlog10 power = %.2f",
                                      static_cast<double>(c - n / 2) / n, static_cast<double>(n / 2 - r) / n,
                                      lp.at(r, c));
                }
            }
        }
        ImGui::EndGroup();
        ImGui::PopID();
    }

    std::string hover_id_;         ///< the photograph whose log power the readout holds
    core::Field hover_log_power_;  ///< its centred_log_power, for the readout under the cursor
};

}  // namespace

TIDE_DEFINE_FIGURE(spectra, SpectraFigure)

}  // namespace tide::app
