// Decoding photographs into fields: channel choice, value scaling, centre crop and exact
// area-average resizing. The only code that includes stb_image is image.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "field.hpp"
#include "result.hpp"

namespace tide::core {

/// 8-bit RGB pixels as decoded, row-major, 3 bytes per pixel (R, G, B).
struct RgbImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgb;  // size width*height*3
};

/// Limits on what decode_image accepts; larger or smaller images are data errors.
struct DecodeLimits {
    int min_side_px = 8;
    int max_side_px = 16384;
    long long max_pixels = 64LL * 1024 * 1024;
};

/// Decodes a PNG or JPEG file held in memory (stb_image). Grayscale and 16-bit PNGs are
/// converted to 8-bit RGB as stb_image does (16-bit values are rounded to their top 8 bits);
/// alpha is dropped. Errors: empty buffer, unknown format, corrupt or truncated data,
/// too small or too large (see DecodeLimits).
Result<RgbImage> decode_image(const std::uint8_t* bytes, std::size_t size,
                              const DecodeLimits& limits = {});

enum class Channel {
    green,  ///< the G byte, as in the essay
    gray,   ///< 0.299 R + 0.587 G + 0.114 B (ITU-R BT.601 luma), not rounded
};

enum class Scale {
    pm1,   ///< v / 127.5 - 1, in [-1, 1] (default; the essay's convention)
    unit,  ///< v / 255, in [0, 1]
    raw,   ///< v, in [0, 255]
};

/// One channel of an image as a field of height x width doubles, scaled as asked.
Field image_channel(const RgbImage& image, Channel channel, Scale scale);

/// The largest centred square of a field: side S = min(rows, cols), top-left corner at
/// (floor((rows - S) / 2), floor((cols - S) / 2)).
Field crop_center_square(const Field& field);

/// Exact area-average resize to out_rows x out_cols (both >= 1), separable.
/// The input is read as a piecewise-constant function: pixel i of an axis of length n covers
/// [i, i+1). Output pixel j of an axis of length m covers [j*s, (j+1)*s) with s = n/m, and its
/// value is the integral of the input over that interval divided by s. So a pixel straddling
/// the interval's ends counts with the fraction it overlaps (weights are exact rationals
/// k/n). Integer ratios reduce to plain block means; s < 1 (upsampling) is defined the same
/// way. The mean of the field is preserved exactly (up to rounding).
Field resize_area(const Field& field, int out_rows, int out_cols);

/// Everything the CLI and the app do to turn an image file into an analysis field.
struct PrepareConfig {
    Channel channel = Channel::green;
    Scale scale = Scale::pm1;
    bool crop_square = true;  ///< centre-crop to the largest square first
    int size = 320;           ///< resize to size x size; 0 keeps the (cropped) size
};

/// Decode, pick the channel, scale, crop, resize. Errors as decode_image, plus a size that
/// is out of range (1..4096 or 0) or a resize asked of a non-square field.
Result<Field> prepare_field(const std::uint8_t* bytes, std::size_t n, const PrepareConfig& cfg);

/// Reads a whole file into memory. Errors: missing, unreadable, a directory, larger than
/// max_bytes.
Result<std::vector<std::uint8_t>> read_file_bytes(const std::string& path,
                                                  std::size_t max_bytes = 256u << 20);

}  // namespace tide::core
