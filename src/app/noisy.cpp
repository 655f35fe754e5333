// Noisy views of a photograph.
#include "noisy.hpp"

namespace tide::app {

bool NoisyImage::update(FigureContext& ctx, const std::string& image_id, double a, double s) {
    const std::uint64_t seed = ctx.shared.seed;
    if (image_id == id_ && seed == seed_ && a == a_ && s == s_) return error_.empty();
    const AnalysedImage& img = ctx.store.image(image_id);
    id_ = image_id;
    seed_ = seed;
    a_ = a;
    s_ = s;
    error_ = img.error;
    if (!error_.empty()) return false;
    const NoiseField& noise = ctx.store.noise(seed);
    rapsd_ = ctx.store.bins().average_of_sum(img.spectrum, a, noise.spectrum, s);
    pixels_.rows = img.field.rows;
    pixels_.cols = img.field.cols;
    pixels_.data.resize(img.field.size());
    for (std::size_t i = 0; i < pixels_.size(); ++i) pixels_.data[i] = a * img.field.data[i] + s * noise.field.data[i];
    if (texture_ && texture_.width() == pixels_.cols && texture_.height() == pixels_.rows) {
        update_field_texture(ctx.store.host(), texture_, pixels_, -1.0, 1.0, Colormap::gray);
    } else {
        texture_ = field_texture(ctx.store.host(), pixels_, -1.0, 1.0, Colormap::gray);
    }
    return true;
}

}  // namespace tide::app
