// Figure "noise": standard Gaussian noise has a flat spectrum, at 1 by our normalisation.
#include <cstdio>

#include "figures.hpp"
#include "params.hpp"
#include "widgets.hpp"

namespace tide::app {

namespace {

class NoiseFigure final : public Figure {
public:
    const char* id() const override { return "noise"; }
    const char* title() const override { return "Gaussian noise is flat"; }
    const char* section() const override { return "Noisy image spectra"; }
    const char* caption() const override {
        return "Standard Gaussian noise of the same size as the photographs, drawn with the seed shown. Every "
               "pixel is independent, so every frequency gets the same power on average: its RAPSD is flat, at 1 "
               "(the normalisation |F|\u00b2/(rows\u00b7cols) makes it so), a horizontal line across the "
               "photographs' falling power laws.";
    }

    void draw(FigureContext& ctx, ImVec2 size) override {
        const NoiseField& noise = ctx.store.noise(ctx.shared.seed);
        if (!texture_ || texture_seed_ != noise.seed) {
            texture_ = field_texture(ctx.store.host(), noise.field, -3.0, 3.0, Colormap::gray);
            texture_seed_ = noise.seed;
        }
        const float side = std::min(size.x * 0.3f, ImGui::GetContentRegionAvail().y - ImGui::GetFrameHeightWithSpacing());
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
        ImGui::SameLine();

        std::vector<Series> series;
        for (std::size_t i = 0; i < ctx.shared.images.size(); ++i) {
            const AnalysedImage& img = ctx.store.image(ctx.shared.images[i]);
            if (!img.error.empty()) continue;
            Series s = rapsd_series(img.rapsd, ctx.store.title(ctx.shared.images[i]), series_color(i));
            s.thickness = 1.5f;
            series.push_back(s);
        }
        char label[64];
        std::snprintf(label, sizeof label, "Gaussian noise (seed %llu)", static_cast<unsigned long long>(noise.seed));
        Series n = rapsd_series(noise.rapsd, label, ink_color());
        n.thickness = 2.5f;
        series.push_back(n);
        const ImVec2 p0 = ImGui::GetCursorScreenPos();
        const ImVec2 plot_size(std::max(200.0f, ImGui::GetContentRegionAvail().x), std::max(220.0f, side));
        plot("noise", plot_size, series, rapsd_axes());
        ctx.layout.push_back({"plot", "noise", p0, ImVec2(p0.x + plot_size.x, p0.y + plot_size.y)});
    }

    void write_state(const FigureContext& ctx, StateWriter& out) const override {
        out.add_number("seed", static_cast<double>(ctx.shared.seed));
        out.add_strings("images", ctx.shared.images);
    }

    std::string set(FigureContext& ctx, const std::string& key, const std::string& value) override {
        if (key == "seed") return parse_seed(key, value, ctx.shared.seed);
        if (key == "images") return parse_images(key, value, ctx.store.corpus(), 4, ctx.shared.images);
        return unknown_key("noise", key, "seed, images");
    }

private:
    Texture texture_;
    std::uint64_t texture_seed_ = 0;
};

}  // namespace

std::unique_ptr<Figure> make_noise_figure() { return std::make_unique<NoiseFigure>(); }

}  // namespace tide::app
