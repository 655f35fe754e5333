// Decoding, channels, crop and area-average resize.
#include <catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "core/image.hpp"
#include "golden.hpp"
#include "png_build.hpp"

using namespace tide;

namespace {

core::RgbImage decode_golden(const std::string& file) {
    const auto bytes = test::read_bytes(file);
    auto img = core::decode_image(bytes.data(), bytes.size(), {4, 16384, 1LL << 26});
    INFO(img.error());
    REQUIRE(img.ok());
    return img.value();
}

}  // namespace

TEST_CASE("PNG decoding gives the exact pixels in every pixel format", "[image][golden]") {
    for (const char* name : {"rgb8", "gray8", "gray16", "rgba8", "palette"}) {
        INFO("format " << name);
        const core::RgbImage img = decode_golden(std::string("decode_") + name + ".png");
        const core::Field want = test::read_grid(std::string("decode_") + name + ".txt");
        REQUIRE(img.height == want.rows);
        REQUIRE(img.width * 3 == want.cols);
        std::size_t mismatches = 0;
        for (std::size_t i = 0; i < img.rgb.size(); ++i) mismatches += img.rgb[i] != want.data[i];
        CHECK(mismatches == 0);
    }
}

TEST_CASE("JPEG decoding agrees with libjpeg (via PIL) up to IDCT rounding", "[image][golden]") {
    const core::RgbImage img = decode_golden("decode_smooth.jpg");
    const core::Field want = test::read_grid("decode_smooth_jpg.txt");
    REQUIRE(img.height == 64);
    REQUIRE(img.width == 48);
    double max_diff = 0, sum_diff = 0;
    for (std::size_t i = 0; i < img.rgb.size(); ++i) {
        const double d = std::abs(img.rgb[i] - want.data[i]);
        max_diff = std::max(max_diff, d);
        sum_diff += d;
    }
    CHECK(max_diff <= 4);  // levels of 255
    CHECK(sum_diff / static_cast<double>(img.rgb.size()) <= 1.0);
}

TEST_CASE("GIF (first frame), BMP and TGA give their exact pixels", "[image][golden]") {
    for (auto [file, want_file] : {std::pair{"decode_anim.gif", "decode_anim_gif.txt"},
                                   {"decode_rgb.bmp", "decode_rgb_bmp_tga.txt"},
                                   {"decode_rgb.tga", "decode_rgb_bmp_tga.txt"}}) {
        INFO(file);
        const core::RgbImage img = decode_golden(file);
        const core::Field want = test::read_grid(want_file);
        REQUIRE(img.height == want.rows);
        REQUIRE(img.width * 3 == want.cols);
        std::size_t mismatches = 0;
        for (std::size_t i = 0; i < img.rgb.size(); ++i) mismatches += img.rgb[i] != want.data[i];
        CHECK(mismatches == 0);
    }
}

TEST_CASE("an Adobe CMYK JPEG gives the RGB Pillow converts it to, up to IDCT rounding", "[image][golden]") {
    const core::RgbImage img = decode_golden("decode_cmyk.jpg");
    const core::Field want = test::read_grid("decode_cmyk_jpg.txt");
    REQUIRE(img.height == 40);
    REQUIRE(img.width == 32);
    double max_diff = 0;
    for (std::size_t i = 0; i < img.rgb.size(); ++i) max_diff = std::max(max_diff, std::abs(img.rgb[i] - want.data[i]));
    CHECK(max_diff <= 4);  // levels of 255, as for RGB JPEGs
}

TEST_CASE("files that must be refused say why, before decoding", "[image][errors]") {
    const auto error_of = [](const char* file) {
        const auto bytes = test::read_bytes(file);
        auto r = core::decode_image(bytes.data(), bytes.size(), {4, 16384, 1LL << 26});
        return r.ok() ? std::string("(decoded)") : r.error();
    };
    CHECK(error_of("decode_bomb.png") ==
          "the image is 30000x30000 pixels; images of 4 to 16384 pixels per side and at most 67108864 pixels in all "
          "are accepted");
    CHECK(error_of("decode_bad_crc.png") ==
          "the image data is corrupt: the checksum (CRC) of the PNG's IDAT chunk does not match its contents");
    CHECK(error_of("decode_cmyk_no_adobe.jpg") ==
          "the JPEG has 4 colour components (CMYK) without an Adobe marker saying how to read them; convert it to RGB");
    const std::uint8_t webp[] = {'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', ' '};
    CHECK(core::decode_image(webp, sizeof webp).error() == "WebP images are not supported; convert it to PNG or JPEG");
    const std::uint8_t png_cut[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H'};
    CHECK(core::decode_image(png_cut, sizeof png_cut).error() ==
          "the image data is corrupt or truncated (the PNG header is incomplete)");
}

TEST_CASE("bad image data gives a message, not a crash", "[image][errors]") {
    const std::uint8_t text[] = "this is not an image at all";
    auto r = core::decode_image(text, sizeof text);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error() == "not a PNG, JPEG, GIF, BMP or TGA image (its header matches none of them)");

    CHECK_FALSE(core::decode_image(text, 0).ok());
    CHECK(core::decode_image(text, 0).error() == "the file is empty");

    auto png = test::read_bytes("decode_rgb8.png");
    png.resize(png.size() / 2);  // truncated
    auto t = core::decode_image(png.data(), png.size(), {4, 16384, 1LL << 26});
    REQUIRE_FALSE(t.ok());
    CHECK(t.error().find("corrupt or truncated") != std::string::npos);

    const auto small = test::read_bytes("decode_rgb8.png");  // 13 x 9
    auto s = core::decode_image(small.data(), small.size(), {16, 16384, 1LL << 26});
    REQUIRE_FALSE(s.ok());
    CHECK(s.error() == "the image is 13x9 pixels; need at least 16x16");
    auto big = core::decode_image(small.data(), small.size(), {4, 12, 1LL << 26});
    REQUIRE_FALSE(big.ok());
    CHECK(big.error() ==
          "the image is 13x9 pixels; images of 4 to 12 pixels per side and at most 67108864 pixels "
          "in all are accepted");
}

namespace {

using Bytes = std::vector<std::uint8_t>;
using test::filter_rows;
using test::png_chunk;
using test::put_be32;
using test::zlib_stored;

/// A w x h 8-bit PNG of `channels` bytes a pixel (1 gray, 2 gray + alpha, 3 RGB, 4 RGBA) with
/// pseudo-random pixels, row r filtered with filter type filters[r % filters.size()] (5: an
/// invalid type), its zlib stream of stored blocks split over IDAT chunks of `idat_size` bytes.
Bytes synthetic_png(int w, int h, int channels, const std::vector<int>& filters, std::size_t idat_size) {
    const std::size_t n = static_cast<std::size_t>(w) * channels;
    std::vector<Bytes> rows(h, Bytes(n));
    std::uint32_t state = 12345;
    for (auto& row : rows)
        for (auto& v : row) v = static_cast<std::uint8_t>((state = state * 1103515245u + 12345u) >> 24);
    const Bytes raw = filter_rows(rows, channels, filters);
    const Bytes z = zlib_stored(raw);
    Bytes png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    Bytes ihdr;
    put_be32(ihdr, static_cast<std::uint32_t>(w));
    put_be32(ihdr, static_cast<std::uint32_t>(h));
    const std::uint8_t color = channels == 1 ? 0 : channels == 2 ? 4 : channels == 3 ? 2 : 6;
    ihdr.insert(ihdr.end(), {8, color, 0, 0, 0});
    png_chunk(png, "IHDR", ihdr);
    png_chunk(png, "tEXt", {'a', 0, 'b'});
    for (std::size_t pos = 0; pos < z.size(); pos += idat_size)
        png_chunk(png, "IDAT",
                  Bytes(z.begin() + static_cast<std::ptrdiff_t>(pos),
                        z.begin() + static_cast<std::ptrdiff_t>(std::min(z.size(), pos + idat_size))));
    png_chunk(png, "IEND", {});
    return png;
}

/// prepare_field(bytes) against the separate steps on decode_image's pixels: the same
/// values bit for bit, or the same error.
void check_prepare_matches_steps(const Bytes& bytes) {
    const core::PrepareConfig configs[] = {
        {},
        {core::Channel::gray, core::Scale::unit, true, 320},
        {core::Channel::green, core::Scale::raw, true, 0},
        {core::Channel::gray, core::Scale::pm1, false, 0},
        {core::Channel::green, core::Scale::pm1, true, 7},
        {core::Channel::gray, core::Scale::raw, true, 13},
        {core::Channel::green, core::Scale::unit, false, 0},
    };
    const auto image = core::decode_image(bytes.data(), bytes.size());
    for (const auto& cfg : configs) {
        INFO("channel " << static_cast<int>(cfg.channel) << ", size " << cfg.size << ", crop " << cfg.crop_square);
        const auto got = core::prepare_field(bytes.data(), bytes.size(), cfg);
        if (!image) {
            REQUIRE(!got);
            CHECK(got.error() == image.error());
            continue;
        }
        REQUIRE(got);
        core::Field want = core::image_channel(image.value(), cfg.channel, cfg.scale);
        if (cfg.crop_square) want = core::crop_center_square(want);
        if (cfg.size > 0 && want.rows != cfg.size) want = core::resize_area(want, cfg.size, cfg.size);
        REQUIRE(got.value().rows == want.rows);
        REQUIRE(got.value().cols == want.cols);
        std::size_t mismatches = 0;
        for (std::size_t i = 0; i < want.size(); ++i) mismatches += got.value().data[i] != want.data[i];
        CHECK(mismatches == 0);
        const auto from_rgb = core::prepare_field(image.value(), cfg);
        REQUIRE(from_rgb);
        CHECK(from_rgb.value().data == got.value().data);
    }
}

}  // namespace

TEST_CASE("prepare_field from a file gives decode, channel, crop and resize bit for bit", "[image]") {
    SECTION("the golden PNGs and the corpus's first photographs") {
        for (const char* name : {"rgb8", "gray8", "gray16", "rgba8", "palette"}) {
            INFO("format " << name);
            check_prepare_matches_steps(test::read_bytes(std::string("decode_") + name + ".png"));
        }
        INFO("decode_smooth.jpg");
        check_prepare_matches_steps(test::read_bytes("decode_smooth.jpg"));
        for (const char* name : {"kde_owl", "scratch_forest", "skimage_astronaut"}) {
            INFO(name);
            const auto bytes = core::read_file_bytes(std::string(TIDE_ASSETS_DIR) + "/images/" + name + ".png");
            REQUIRE(bytes);
            check_prepare_matches_steps(bytes.value());
        }
    }
    SECTION("every filter type, every channel count, odd sizes, split IDAT chunks") {
        for (int channels = 1; channels <= 4; ++channels) {
            for (const auto& [w, h] : {std::pair{37, 23}, std::pair{16, 41}, std::pair{9, 9}}) {
                INFO(channels << " channels, " << w << "x" << h);
                check_prepare_matches_steps(synthetic_png(w, h, channels, {0, 1, 2, 3, 4, 4, 3, 1, 2}, 100));
                check_prepare_matches_steps(synthetic_png(w, h, channels, {4}, 1 << 20));
                check_prepare_matches_steps(synthetic_png(w, h, channels, {3, 2}, 7));
            }
        }
    }
    SECTION("an invalid filter type is refused with stb_image's words") {
        const Bytes bad = synthetic_png(20, 20, 3, {1, 2, 5}, 1 << 20);
        const auto got = core::prepare_field(bad.data(), bad.size(), {});
        REQUIRE(!got);
        CHECK(got.error() == "the image data is corrupt or truncated (Corrupt PNG)");
        check_prepare_matches_steps(bad);
    }
}

TEST_CASE("channels and scales", "[image]") {
    core::RgbImage img;
    img.width = 2;
    img.height = 1;
    img.rgb = {255, 0, 10, 20, 255, 30};
    const core::Field g = core::image_channel(img, core::Channel::green, core::Scale::pm1);
    CHECK(g.data[0] == -1.0);
    CHECK(g.data[1] == 1.0);
    CHECK(core::image_channel(img, core::Channel::green, core::Scale::unit).data[1] == 1.0);
    CHECK(core::image_channel(img, core::Channel::green, core::Scale::raw).data[1] == 255.0);
    const core::Field y = core::image_channel(img, core::Channel::gray, core::Scale::raw);
    CHECK(y.data[0] == Approx(0.299 * 255 + 0.114 * 10));
    CHECK(y.data[1] == Approx(0.299 * 20 + 0.587 * 255 + 0.114 * 30));
}

TEST_CASE("centre crop takes the largest centred square", "[image]") {
    core::Field f(4, 7);
    for (std::size_t i = 0; i < f.size(); ++i) f.data[i] = static_cast<double>(i);
    const core::Field c = core::crop_center_square(f);  // columns 1..4 (offset floor(3/2))
    REQUIRE(c.rows == 4);
    REQUIRE(c.cols == 4);
    CHECK(c.at(0, 0) == 1.0);
    CHECK(c.at(3, 3) == 3 * 7 + 4.0);
    core::Field t(5, 2);
    for (std::size_t i = 0; i < t.size(); ++i) t.data[i] = static_cast<double>(i);
    const core::Field ct = core::crop_center_square(t);  // rows 1..2
    CHECK(ct.at(0, 0) == 2.0);
}

TEST_CASE("area resize: known answers", "[image]") {
    // 1 x 3 -> 1 x 2: s = 1.5; out0 = (a + b/2)/1.5, out1 = (b/2 + c)/1.5.
    core::Field f(1, 3);
    f.data = {3.0, 6.0, 9.0};
    const core::Field r = core::resize_area(f, 1, 2);
    CHECK(r.data[0] == Approx((3.0 + 3.0) / 1.5));
    CHECK(r.data[1] == Approx((3.0 + 9.0) / 1.5));
    // Integer ratio: block means.
    core::Field g(4, 4);
    std::iota(g.data.begin(), g.data.end(), 0.0);
    const core::Field h = core::resize_area(g, 2, 2);
    CHECK(h.at(0, 0) == Approx((0 + 1 + 4 + 5) / 4.0));
    CHECK(h.at(1, 1) == Approx((10 + 11 + 14 + 15) / 4.0));
    // Same size is the identity.
    const core::Field same = core::resize_area(g, 4, 4);
    CHECK(same.data == g.data);
}

TEST_CASE("area resize matches numpy's integral formulation", "[image][golden]") {
    for (const char* name : {"down320to100", "down17x23to5x7", "up5to8", "down9to3"}) {
        INFO("case " << name);
        const core::Field in = test::read_grid(std::string("resize_in_") + name + ".txt");
        const core::Field want = test::read_grid(std::string("resize_out_") + name + ".txt");
        const core::Field got = core::resize_area(in, want.rows, want.cols);
        CHECK(test::max_rel_error(got.data, want.data) <= 1e-12);
        const double mean_in = std::accumulate(in.data.begin(), in.data.end(), 0.0) / in.size();
        const double mean_out = std::accumulate(got.data.begin(), got.data.end(), 0.0) / got.size();
        CHECK(mean_out == Approx(mean_in).margin(1e-12));
    }
}
