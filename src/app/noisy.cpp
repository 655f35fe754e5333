// Noisy views of a photograph.
#include "noisy.hpp"

#include <algorithm>
#include <cmath>

#include "widgets.hpp"

namespace tide::app {

const char* noisy_range_words(bool clip) {
    return clip ? "clipped to [\u22121, 1]" : "in its own range, min to max";
}

void clip_checkbox(bool& clip) {
    same_line_if_fits(ImGui::CalcTextSize("clip to [\u22121, 1]").x + ImGui::GetFrameHeight() * 2.0f);
    ImGui::Checkbox("clip to [\u22121, 1]", &clip);
}

bool NoisyImage::update(FigureContext& ctx, const std::string& image_id, double a, double s, bool clip) {
    const std::uint64_t seed = ctx.shared.seed;
    // Nothing to do unless an input changed or the texture was lost with the graphics context.
    if (image_id == id_ && seed == seed_ && a == a_ && s == s_ && clip == clip_ && (texture_ || !error_.empty()))
        return error_.empty();
    const AnalysedImage& img = ctx.store.image(image_id);
    if (img.loading()) {  // ask again next frame
        id_.clear();
        error_ = img.message;
        return false;
    }
    id_ = image_id;
    seed_ = seed;
    a_ = a;
    s_ = s;
    clip_ = clip;
    error_ = img.message;
    if (!error_.empty()) return false;
    const NoiseField& noise = ctx.store.noise(seed);
    rapsd_ = ctx.store.bins().average_of_sum(img.spectrum(), a, noise.spectrum, s);
    double lo = -1.0, hi = 1.0;
    if (!clip) {  // the range of a x0 + s eps, in one pass
        lo = INFINITY;
        hi = -INFINITY;
        for (std::size_t i = 0; i < img.field.size(); ++i) {
            const double v = a * img.field.data[i] + s * noise.field.data[i];
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
        if (!(hi > lo)) {
            lo -= 1.0;
            hi += 1.0;
        }
    }
    gray_of_sum(img.field, a, noise.field, s, lo, hi, rgba_);
    TextureHost& host = ctx.store.host();
    const int w = img.field.cols, h = img.field.rows;
    if (texture_ && texture_.width() == w && texture_.height() == h) {
        host.update_rgba(texture_.id(), rgba_.data(), w, h);
    } else {
        texture_ = Texture(&host, host.create_rgba(rgba_.data(), w, h), w, h);
    }
    return true;
}

ImVec2 NoisyImage::draw_with_plot_space(FigureContext& ctx, ImVec2 size, const char* caption) const {
    const float avail_h = ImGui::GetContentRegionAvail().y;
    const bool tall = avail_h > size.x;  // portrait screens: the plot goes below the image
    const float side = tall ? std::max(120.0f, std::min(size.x * 0.6f, avail_h * 0.42f))
                            : std::max(120.0f, std::min(size.x * 0.36f, avail_h - ImGui::GetFontSize() * 1.5f));
    const float top = ImGui::GetCursorPosY();
    ImGui::BeginGroup();
    show_image(ctx, texture_, ImVec2(side, side), "noisy", id_);
    note(caption);
    ImGui::EndGroup();
    if (!tall) same_line_if_fits(200.0f);  // beside the image if the plot fits there
    // Beside the image, the plot takes the whole height left (a landscape screen is often
    // taller than the image, which its width limits); below it, what is left or the image's side.
    const bool beside = !tall && ImGui::GetCursorPosY() == top;
    return ImVec2(std::max(200.0f, ImGui::GetContentRegionAvail().x),
                  std::max(220.0f, beside ? avail_h
                                   : tall ? ImGui::GetContentRegionAvail().y
                                          : side));
}

}  // namespace tide::app
