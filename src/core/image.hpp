// Decoding photographs into fields: channel choice, value scaling, centre crop and exact
// area-average resizing. The only code that includes stb_image is image.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "field.hpp"
#include "file.hpp"  // read_file_bytes, for the clients that read image files
#include "result.hpp"

namespace tide::core {

/// 8-bit RGB pixels as decoded, row-major, 3 bytes per pixel (R, G, B).
struct RgbImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> rgb;  // size width*height*3
};

/// Limits on what decode_image accepts; larger or smaller images are data errors. They are
/// checked against the size in the file's header, before any pixel memory is allocated (a
/// header claiming 30000x30000 pixels is refused at once). The largest accepted image,
/// 8192x8192, needs about 0.2 GB as 8-bit RGB and 0.5 GB as a field of doubles.
struct DecodeLimits {
    int min_side_px = 8;
    int max_side_px = 16384;
    long long max_pixels = 64LL * 1024 * 1024;  ///< 67,108,864 (64 Mi) pixels

    /// "8 to 16384 pixels per side and at most 67108864 pixels in all".
    std::string describe() const;
};

/// Decodes an image file held in memory (stb_image 2.27; a PNG's data inflated by libdeflate),
/// told apart by its content, not its name: PNG (8- and 16-bit, gray, gray+alpha, palette, RGB,
/// RGBA; the CRC of every critical chunk and the Adler-32 of the data are checked, as libpng
/// does), JPEG (baseline or progressive; gray, YCbCr, RGB, and Adobe CMYK/YCCK, whose colours
/// are converted as Pillow converts CMYK: R = (255-C)(255-K)/255), GIF (the first frame of an
/// animation), BMP and TGA. The result is 8-bit RGB as stb_image gives it: gray is replicated,
/// 16-bit values keep their top 8 bits, alpha is dropped (a GIF's transparent pixels become
/// black); a PNG's pixels are stb_image's own, bit for bit (tests/core/png_inflate_test.cpp).
/// Errors, each saying what is wrong: empty buffer; a format we do not read (WebP, TIFF,
/// HEIF/AVIF are named); a PNG chunk whose CRC does not match; lossless, hierarchical,
/// arithmetic-coded or 12-bit JPEG; a 4-component JPEG without Adobe's marker (its colours are
/// ambiguous); corrupt or truncated data (for a PNG also a wrong Adler-32, or data inflating to
/// more than 8 times what the image needs plus 1 MiB); too small or too large (see
/// DecodeLimits).
Result<RgbImage> decode_image(const std::uint8_t* bytes, std::size_t size, const DecodeLimits& limits = {});

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
    /// With size 0, the largest field analysed (4096 x 4096, as the largest size): its FFT
    /// needs 16 bytes a pixel, 0.27 GB here.
    long long max_field_pixels = 4096LL * 4096;
};

/// The image pipeline, the one the CLI (tide rapsd, fit, ...) and the page (src/app/image_store.cpp)
/// both run, so the page's numbers are the CLI's: pick the channel, scale, crop, resize.
/// Errors: a size out of range (1..4096 or 0), a field kept at its own size (size 0) larger
/// than max_field_pixels, or a resize asked of a non-square field.
/// A very elongated image is fine: its centre crop is a square of its short side (at least
/// 8 pixels), area-averaged to size x size (upsampled when the side is smaller).
Result<Field> prepare_field(const RgbImage& image, const PrepareConfig& cfg);

/// Decode (decode_image, default limits), then prepare_field as above: the same values bit for
/// bit. Errors as decode_image and prepare_field; a size out of range is reported before
/// decoding. Only what is analysed is computed: 8-bit gray, gray + alpha, RGB and RGBA PNGs
/// (not interlaced, no palette or tRNS) are inflated and unfiltered in place (for the green
/// channel only the green bytes), other files are decoded by stb_image; then only the crop
/// window's rows become values, each area-averaged along its columns at once. Memory: the
/// inflated rows ((3 width + 1) height bytes for RGB; an 8192 x 8192 photo: 0.2 GB) plus, when
/// resizing, (crop rows) x size doubles, plus the result; no field of the whole image.
Result<Field> prepare_field(const std::uint8_t* bytes, std::size_t n, const PrepareConfig& cfg);

/// prepare_field of a file's bytes into `out`, the same values bit for bit: its storage is
/// reused when it holds as many values already (a corpus of one size: no allocation, no
/// zeroing, no fresh pages per image). On failure `out` is left unspecified.
Status prepare_field_into(const std::uint8_t* bytes, std::size_t n, const PrepareConfig& cfg, Field& out);

}  // namespace tide::core
