// Writing a field as an 8-bit grayscale PNG (png_write.hpp): the one user of stb_image_write.
#include "png_write.hpp"

#include <algorithm>
#include <cmath>

#if defined(__clang__)
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Wmissing-field-initializers"
#pragma clang diagnostic ignored "-Wsign-compare"
#elif defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#pragma GCC diagnostic ignored "-Wsign-compare"
#endif
#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STB_IMAGE_WRITE_STATIC
#define STBI_WRITE_NO_STDIO
#include <stb_image_write.h>
#if defined(__clang__)
#pragma clang diagnostic pop
#elif defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

namespace tide::core {

GrayRange own_range(const Field& field) {
    double lo = INFINITY, hi = -INFINITY;
    for (double v : field.data) {
        if (std::isfinite(v)) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    }
    if (!(lo < hi)) {
        const double v = std::isfinite(lo) ? lo : 0.0;
        return {v - 1.0, v + 1.0};
    }
    return {lo, hi};
}

Result<std::vector<std::uint8_t>> encode_png_gray(const Field& field, GrayRange range) {
    if (field.size() == 0) return Result<std::vector<std::uint8_t>>::failure("an empty image cannot be written");
    std::vector<unsigned char> gray(field.size());
    const double scale = 255.0 / (range.hi - range.lo);
    for (std::size_t i = 0; i < field.size(); ++i) {
        const double v = (field.data[i] - range.lo) * scale;
        gray[i] = static_cast<unsigned char>(std::isnan(v) ? 0.0 : std::clamp(std::round(v), 0.0, 255.0));
    }
    std::vector<std::uint8_t> out;
    const auto append = [](void* context, void* data, int size) {
        auto* bytes = static_cast<std::vector<std::uint8_t>*>(context);
        const auto* p = static_cast<const std::uint8_t*>(data);
        bytes->insert(bytes->end(), p, p + size);
    };
    if (!stbi_write_png_to_func(append, &out, field.cols, field.rows, 1, gray.data(), field.cols))
        return Result<std::vector<std::uint8_t>>::failure("the PNG encoder failed");
    return out;
}

}  // namespace tide::core
