// Figure "noise": standard Gaussian noise has a flat spectrum, at 1 by our normalisation.
#include <cstdio>

#include "figures.hpp"
#include "widgets.hpp"

namespace tide::app {

namespace {

const FigureInfo k_info{
    "noise", "Gaussian noise is flat", "Noisy image spectra",
    "Standard Gaussian noise of the same size as the photographs, drawn with the seed shown. Every "
    "pixel is independent, so every frequency gets the same power on average: its RAPSD is flat, at 1 "
    "(the normalisation |F|\u00b2/(rows\u00b7cols) makes it so), a horizontal line across the "
    "photographs' falling power laws.",
    Input::four_photos};

class NoiseFigure final : public Figure {
public:
    NoiseFigure() : Figure(k_info) { declare({Param::seed(), Param::images(4)}); }

    void draw(FigureContext& ctx, ImVec2 size) override {
        const NoiseField& noise = ctx.store.noise(ctx.shared.seed);
        if (!texture_ || texture_seed_ != noise.seed) {
            texture_ = field_texture(ctx.store.host(), noise.field, -3.0, 3.0, Colormap::gray);
            texture_seed_ = noise.seed;
        }
        const float avail_h = ImGui::GetContentRegionAvail().y;
        const float side = std::min(size.x * 0.3f, avail_h - ImGui::GetFrameHeightWithSpacing());
        const float group_top = ImGui::GetCursorScreenPos().y;
        ImGui::BeginGroup();
        show_image(ctx, texture_, ImVec2(side, side), "noise", std::to_string(noise.seed));
        long long seed = static_cast<long long>(ctx.shared.seed);
        ImGui::SetNextItemWidth(side * 0.5f);
        if (ImGui::InputScalar("seed", ImGuiDataType_S64, &seed, nullptr, nullptr, "%lld") && seed >= 0 &&
            seed <= 4294967295LL) {
            ctx.shared.seed = static_cast<std::uint64_t>(seed);
        }
        ImGui::SameLine();
        if (ImGui::Button("new noise")) ctx.shared.seed = (ctx.shared.seed + 1) % 4294967296ULL;
        note("gray: \u22123 (black) to +3 (white)");
        ImGui::EndGroup();
        same_line_if_fits(200.0f);  // the plot's least width

        std::vector<Series> series;
        for (std::size_t i = 0; i < ctx.shared.images.size(); ++i) {
            const AnalysedImage& img = ctx.store.image(ctx.shared.images[i]);
            if (!img.ready()) continue;
            Series s = rapsd_series(img.rapsd, ctx.store.title(ctx.shared.images[i]), series_color(i));
            s.thickness = 1.5f;
            series.push_back(s);
        }
        char label[64];
        std::snprintf(label, sizeof label, "Gaussian noise (seed %llu)", static_cast<unsigned long long>(noise.seed));
        Series n = rapsd_series(noise.rapsd, label, ink_color());
        n.thickness = 2.5f;
        series.push_back(n);
        // Beside the noise the plot takes the whole height; under it (a narrow screen) what is left.
        const ImVec2 p0 = ImGui::GetCursorScreenPos();
        const bool beside = p0.y <= group_top + 1.0f;
        const ImVec2 plot_size(std::max(200.0f, ImGui::GetContentRegionAvail().x),
                               std::max(220.0f, beside ? avail_h : ImGui::GetContentRegionAvail().y));
        plot(ctx.plots, "noise", plot_size, series, rapsd_axes());
        ctx.layout.push_back({"plot", "noise", p0, ImVec2(p0.x + plot_size.x, p0.y + plot_size.y)});
    }

private:
    Texture texture_;
    std::uint64_t texture_seed_ = 0;
};

}  // namespace

TIDE_DEFINE_FIGURE(noise, NoiseFigure)

}  // namespace tide::app
