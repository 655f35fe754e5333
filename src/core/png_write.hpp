// Writing a field as an 8-bit grayscale PNG (stb_image_write), for the CLI's pictures.
#pragma once

#include <cstdint>
#include <vector>

#include "field.hpp"
#include "result.hpp"

namespace tide::core {

/// How values map to gray levels.
struct GrayRange {
    double lo = -1.0;  ///< value shown black (0)
    double hi = 1.0;   ///< value shown white (255); values outside [lo, hi] are clipped
};
/// The field's own range [min, max] (the page shows noisy images so, not clipped); a constant
/// field gets [v - 1, v + 1].
GrayRange own_range(const Field& field);

/// PNG bytes of the field, one gray byte a pixel: round(255 (v - lo) / (hi - lo)), clipped to
/// 0..255; NaN is black. Fails only on an empty field or a PNG encoder error.
Result<std::vector<std::uint8_t>> encode_png_gray(const Field& field, GrayRange range = {});

}  // namespace tide::core
