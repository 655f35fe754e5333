// Figure "rapsd": the radially averaged power spectral densities of the shown photographs,
// on log-log axes, each with its power-law slope.
#include <cmath>
#include <cstdio>

#include "figures.hpp"
#include "widgets.hpp"

namespace tide::app {

namespace {

constexpr int k_slots = 4;

const FigureInfo k_info{
    "rapsd", "Radially averaged spectra", "Image spectra",
    "The RAPSD of each photograph on log-log axes, DC left out. Each is close to a straight line: "
    "power falls as a power law of frequency, P(f) \u221d f^\u2212\u03b1, with a slope \u03b1 "
    "(in the legend) a little above 2 for most photographs. The photographs differ mostly in overall "
    "level, less in slope. Dashed: each image's fitted line.",
    Input::four_photos};

class RapsdFigure final : public Figure {
public:
    RapsdFigure() : Figure(k_info) { declare({Param::images(k_slots)}); }

    void draw(FigureContext& ctx, ImVec2 size) override {
        // The four photographs side by side where each slot has room for a name (9 letters'
        // width), else two by two, else (a phone) one per row, its colour and name beside it.
        const float fs = ImGui::GetFontSize(), gap = fs;
        const float spacing = ImGui::GetStyle().ItemSpacing.x;
        const auto slot_width = [&](int columns) {
            return (size.x - static_cast<float>(columns - 1) * gap) / static_cast<float>(columns);
        };
        const int columns = slot_width(k_slots) >= 9.0f * fs ? k_slots : slot_width(2) >= 14.0f * fs ? 2 : 1;
        const float slot_w = slot_width(columns);
        const bool stacked = columns == k_slots;  // the colour above the name, beside the picture
        const float thumb = stacked ? std::min(96.0f, slot_w * 0.38f) : std::min(slot_w * 0.38f, 3.2f * fs);
        const float combo_w = stacked ? slot_w - thumb - spacing : slot_w - thumb - fs - 2.0f * spacing;
        std::vector<Series> series;
        for (int i = 0; i < k_slots; ++i) {
            ImGui::PushID(i);
            ImGui::BeginGroup();
            std::string& id = ctx.shared.images[static_cast<std::size_t>(i)];
            const AnalysedImage& img = ctx.store.image(id);
            if (img.ready()) {
                show_image(ctx, ctx.store.texture(id, ImageView::photo), ImVec2(thumb, thumb), "image", id);
            } else {
                ImGui::Dummy(ImVec2(thumb, thumb));
            }
            ImGui::SameLine();
            ImGui::BeginGroup();
            ImGui::ColorButton("##colour", ImGui::ColorConvertU32ToFloat4(series_color(static_cast<std::size_t>(i))),
                               ImGuiColorEditFlags_NoTooltip, ImVec2(fs, fs));
            if (!stacked) ImGui::SameLine();
            image_combo("##image", ctx, id, combo_w);
            ImGui::EndGroup();
            ImGui::EndGroup();
            ImGui::PopID();
            if ((i + 1) % columns != 0) ImGui::SameLine(0, gap);
            if (!img.ready()) continue;
            char label[128];
            std::snprintf(label, sizeof label, "%s (\u03b1 = %.2f)", ctx.store.title(id).c_str(), img.fit.alpha);
            const ImU32 color = series_color(static_cast<std::size_t>(i));
            series.push_back(rapsd_series(img.rapsd, label, color));
            // The image's fitted line over the same range.
            Series line = power_law_series(img.fit, img.rapsd.freq[1], img.rapsd.freq.back(), "", color);
            line.thickness = 1.5f;
            series.push_back(line);
        }
        const ImVec2 p0 = ImGui::GetCursorScreenPos();
        const ImVec2 plot_size(size.x, std::max(220.0f, ImGui::GetContentRegionAvail().y));
        plot(ctx.plots, "rapsd", plot_size, series, rapsd_axes());
        ctx.layout.push_back({"plot", "rapsd", p0, ImVec2(p0.x + plot_size.x, p0.y + plot_size.y)});
    }
};

}  // namespace

TIDE_DEFINE_FIGURE(rapsd, RapsdFigure)

}  // namespace tide::app
