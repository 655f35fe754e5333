// libFuzzer harness: image file bytes through what the CLI and the page do to a photograph:
// decode_image (PNG, JPEG, GIF, BMP, TGA, with limits), the green channel in [-1, 1], the
// centre square crop, the area resize to the corpus's 320 x 320, and the RAPSD; and
// prepare_field on the same bytes, which must give that field bit for bit.
// decode_image refuses PNG chunks whose CRC does not match, which nearly every mutation of a
// PNG breaks: the harness writes the right CRCs into its copy first, so that mutated PNGs
// reach the decoder (the CRC check itself has its own tests in tests/core/image_test.cpp).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "check.hpp"
#include "core/image.hpp"
#include "core/rapsd.hpp"

namespace core = tide::core;

namespace {

// Smaller than decode_image's defaults so that one input stays quick (a few ms): the
// limits themselves are what is exercised, not the decoder's speed on 64 Mpixels.
constexpr core::DecodeLimits kLimits{8, 2048, 512 * 512};
constexpr int kSize = 320;  // the corpus's analysis size (src/app/image_store.hpp)

std::uint32_t be32(const std::uint8_t* p) {
    return static_cast<std::uint32_t>(p[0]) << 24 | static_cast<std::uint32_t>(p[1]) << 16 |
           static_cast<std::uint32_t>(p[2]) << 8 | p[3];
}

std::uint32_t crc32(const std::uint8_t* p, std::size_t n) {
    std::uint32_t c = 0xFFFFFFFFu;
    for (std::size_t i = 0; i < n; ++i) {
        c ^= p[i];
        for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    }
    return c ^ 0xFFFFFFFFu;
}

/// Writes the CRC of every PNG chunk the bytes hold whole.
void fix_png_crcs(std::vector<std::uint8_t>& b) {
    if (b.size() < 8 || std::memcmp(b.data(), "\x89PNG\r\n\x1a\n", 8) != 0) return;
    std::size_t pos = 8;
    while (b.size() - pos >= 12) {
        const std::size_t length = be32(&b[pos]);
        if (length > b.size() - pos - 12) break;
        const std::uint32_t crc = crc32(&b[pos + 4], 4 + length);
        for (int k = 0; k < 4; ++k) b[pos + 8 + length + k] = static_cast<std::uint8_t>(crc >> (24 - 8 * k));
        pos += 12 + length;
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::vector<std::uint8_t> bytes(data, data + size);
    fix_png_crcs(bytes);
    auto image = core::decode_image(bytes.data(), bytes.size(), kLimits);
    if (!image) {
        FUZZ_CHECK(!image.error().empty(), "a failure without a message");
        return 0;
    }
    const core::RgbImage& rgb = image.value();
    FUZZ_CHECK(rgb.width >= kLimits.min_side_px && rgb.height >= kLimits.min_side_px &&
                   rgb.width <= kLimits.max_side_px && rgb.height <= kLimits.max_side_px &&
                   static_cast<long long>(rgb.width) * rgb.height <= kLimits.max_pixels,
               "%dx%d is outside the limits", rgb.width, rgb.height);
    FUZZ_CHECK(rgb.rgb.size() == static_cast<std::size_t>(rgb.width) * rgb.height * 3, "%zu bytes for %dx%d",
               rgb.rgb.size(), rgb.width, rgb.height);

    core::Field field = core::image_channel(rgb, core::Channel::green, core::Scale::pm1);
    field = core::crop_center_square(field);
    FUZZ_CHECK(field.rows == std::min(rgb.width, rgb.height) && field.cols == field.rows, "crop is %dx%d", field.rows,
               field.cols);
    if (field.rows != kSize) field = core::resize_area(field, kSize, kSize);
    // prepare_field reads PNGs its own way (the common ones inflated and unfiltered in place,
    // the crop window's rows resized as they come): the same values, bit for bit. (Only PNGs:
    // stb_image 2.27 reads Huffman tables a corrupt progressive JPEG never defined, so two
    // decodes of such a file need not agree.)
    if (bytes.size() >= 8 && std::memcmp(bytes.data(), "\x89PNG\r\n\x1a\n", 8) == 0) {
        const auto direct = core::prepare_field(bytes.data(), bytes.size(), {});
        FUZZ_CHECK(direct && direct.value().data == field.data, "prepare_field(bytes) differs from the steps: %s",
                   direct ? "other values" : direct.error().c_str());
    }
    double sum = 0.0;
    for (double v : field.data) {
        // An area average is a convex combination of values in [-1, 1].
        FUZZ_CHECK(v >= -1.0 - 1e-12 && v <= 1.0 + 1e-12, "field value %.17g", v);
        sum += v;
    }

    const core::Rapsd r = core::rapsd(field);
    FUZZ_CHECK(r.power.size() == kSize / 2 && r.freq.size() == r.power.size() && r.count.size() == r.power.size(),
               "%zu bins", r.power.size());
    for (std::size_t i = 0; i < r.power.size(); ++i) {
        FUZZ_CHECK(std::isfinite(r.power[i]) && r.power[i] >= 0.0, "power[%zu] = %.17g", i, r.power[i]);
        FUZZ_CHECK(r.count[i] > 0 && r.freq[i] == static_cast<double>(i) / kSize, "bin %zu", i);
    }
    // Bin 0 is DC alone: |sum|^2 / N.
    const double n = static_cast<double>(kSize) * kSize, dc = sum * sum / n;
    FUZZ_CHECK(r.count[0] == 1 && std::abs(r.power[0] - dc) <= 1e-9 * std::max(1.0, dc), "DC %.17g vs %.17g",
               r.power[0], dc);
    return 0;
}
