// PNG decoding with libdeflate's inflate under stb_image (src/core/image.cpp) against stb_image
// 2.27 as shipped, inflate and all, compiled here on its own (static, so its names stay in this
// file): the same pixels for every file, natively and as WebAssembly; and what the two read
// differently in broken streams.
#include <catch.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/image.hpp"
#include "golden.hpp"
#include "png_build.hpp"

#define STB_IMAGE_STATIC
#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#define STBI_NO_STDIO
#define STBI_FAILURE_USERMSG
#include <stb_image.h>

using namespace tide;

namespace {

using Bytes = std::vector<std::uint8_t>;
using test::filter_rows;
using test::png_chunk;
using test::put_be32;
using test::zlib_stored;

/// stb_image 2.27's own decode to 8-bit RGB, or an empty image if it refuses the file.
core::RgbImage plain_stb(const Bytes& png) {
    int w = 0, h = 0, comp = 0;
    const std::unique_ptr<stbi_uc, void (*)(void*)> p(
        stbi_load_from_memory(png.data(), static_cast<int>(png.size()), &w, &h, &comp, 3), stbi_image_free);
    core::RgbImage out;
    if (!p) return out;
    out.width = w;
    out.height = h;
    out.rgb.assign(p.get(), p.get() + static_cast<std::size_t>(w) * h * 3);
    return out;
}

/// decode_image and plain stb_image give the same pixels (both accept the file).
void check_same_pixels(const Bytes& png) {
    const auto ours = core::decode_image(png.data(), png.size(), {4, 16384, 1LL << 26});
    INFO(ours.error());
    REQUIRE(ours.ok());
    const core::RgbImage plain = plain_stb(png);
    REQUIRE(plain.width == ours.value().width);
    REQUIRE(plain.height == ours.value().height);
    CHECK(plain.rgb == ours.value().rgb);
}

/// The PNG's filtered rows ("raw" data, filter type 0) of a w x h image with `depth`-bit samples
/// and PNG colour type `color`, Adam7-interlaced or not; sample values pseudo-random.
Bytes png_raw(int w, int h, int depth, int color, bool interlaced) {
    const int channels = color == 0 || color == 3 ? 1 : color == 4 ? 2 : color == 2 ? 3 : 4;
    const int bits = depth * channels;
    const unsigned max = color == 3 ? 15u : (1u << depth) - 1u;  // palette: 16 entries
    std::uint32_t state = 2024;
    Bytes raw;
    struct Pass {
        int x0, y0, dx, dy;
    };
    const std::vector<Pass> passes = interlaced
                                         ? std::vector<Pass>{{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4},
                                                             {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2}}
                                         : std::vector<Pass>{{0, 0, 1, 1}};
    for (const Pass& p : passes) {
        const int pw = (w - p.x0 + p.dx - 1) / p.dx, ph = (h - p.y0 + p.dy - 1) / p.dy;
        if (pw <= 0 || ph <= 0) continue;  // an empty pass has no rows at all
        for (int r = 0; r < ph; ++r) {
            raw.push_back(0);
            Bytes row(static_cast<std::size_t>(pw * bits + 7) / 8, 0);
            std::size_t bit = 0;
            for (int s = 0; s < pw * channels; ++s, bit += static_cast<std::size_t>(depth)) {
                const unsigned v = ((state = state * 1103515245u + 12345u) >> 16) % (max + 1);
                if (depth == 16) {
                    row[bit / 8] = static_cast<std::uint8_t>(v >> 8);
                    row[bit / 8 + 1] = static_cast<std::uint8_t>(v);
                } else {
                    row[bit / 8] = static_cast<std::uint8_t>(row[bit / 8] | v << (8 - depth - bit % 8));
                }
            }
            raw.insert(raw.end(), row.begin(), row.end());
        }
    }
    return raw;
}

/// A PNG of the given raw data (one IDAT chunk); colour type 3 gets a 16-entry palette.
Bytes png_file(int w, int h, int depth, int color, bool interlaced, const Bytes& zlib) {
    Bytes png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    Bytes ihdr;
    put_be32(ihdr, static_cast<std::uint32_t>(w));
    put_be32(ihdr, static_cast<std::uint32_t>(h));
    ihdr.insert(ihdr.end(), {static_cast<std::uint8_t>(depth), static_cast<std::uint8_t>(color), 0, 0,
                             static_cast<std::uint8_t>(interlaced ? 1 : 0)});
    png_chunk(png, "IHDR", ihdr);
    if (color == 3) {
        Bytes plte;
        for (int i = 0; i < 16; ++i)
            plte.insert(plte.end(), {static_cast<std::uint8_t>(16 * i), static_cast<std::uint8_t>(255 - 9 * i),
                                     static_cast<std::uint8_t>(77 * i)});
        png_chunk(png, "PLTE", plte);
    }
    png_chunk(png, "IDAT", zlib);
    png_chunk(png, "IEND", {});
    return png;
}

/// An 8-bit w x h PNG of `channels` bytes a pixel (1 gray, 2 gray + alpha, 3 RGB, 4 RGBA) with
/// smooth pseudo-random pixels (a photograph's small steps, and some large ones), row r
/// filtered with filter type filters[r % filters.size()].
Bytes png_filtered(int w, int h, int channels, const std::vector<int>& filters) {
    const std::size_t n = static_cast<std::size_t>(w) * channels;
    std::vector<Bytes> rows(h, Bytes(n));
    std::uint32_t state = 77;
    for (int r = 0; r < h; ++r)
        for (std::size_t k = 0; k < n; ++k) {
            const unsigned noise = (state = state * 1103515245u + 12345u) >> 16;
            const int base = r > 0 ? rows[r - 1][k] : 128;
            rows[r][k] =
                static_cast<std::uint8_t>(noise % 16 == 0 ? noise >> 8 : base + static_cast<int>(noise % 9) - 4);
        }
    const Bytes raw = filter_rows(rows, channels, filters);
    const int color = channels == 1 ? 0 : channels == 2 ? 4 : channels == 3 ? 2 : 6;
    return png_file(w, h, 8, color, false, zlib_stored(raw));
}

std::string decode_error(const Bytes& png) {
    const auto r = core::decode_image(png.data(), png.size(), {4, 16384, 1LL << 26});
    return r ? "" : r.error();
}

}  // namespace

TEST_CASE("PNGs inflated by libdeflate give stb_image's own pixels", "[image][inflate]") {
    SECTION("the corpus's photographs and the golden PNGs") {
        std::vector<std::string> files;
        for (const auto& entry : std::filesystem::directory_iterator(std::string(TIDE_ASSETS_DIR) + "/images"))
            if (entry.path().extension() == ".png") files.push_back(entry.path().string());
        std::sort(files.begin(), files.end());
        REQUIRE(files.size() >= 60);
        for (const std::string& file : files) {
            INFO(file);
            const auto bytes = core::read_file_bytes(file);
            REQUIRE(bytes);
            check_same_pixels(bytes.value());
        }
        for (const char* name : {"rgb8", "gray8", "gray16", "rgba8", "palette"}) {
            INFO("decode_" << name << ".png");
            check_same_pixels(test::read_bytes(std::string("decode_") + name + ".png"));
        }
    }
    SECTION("every colour type and bit depth, interlaced or not, odd sizes") {
        const std::pair<int, int> formats[] = {{0, 1}, {0, 2}, {0, 4}, {0, 8}, {0, 16}, {2, 8}, {2, 16},
                                               {3, 1}, {3, 4}, {3, 8}, {4, 8}, {4, 16}, {6, 8}, {6, 16}};
        for (const auto& [color, depth] : formats) {
            for (const bool interlaced : {false, true}) {
                for (const auto& [w, h] : {std::pair{9, 9}, std::pair{37, 23}, std::pair{16, 41}, std::pair{300, 5}}) {
                    if (color == 3 && depth == 1) continue;  // 16 palette entries need 4 bits
                    INFO("colour type " << color << ", " << depth << "-bit, " << w << "x" << h
                                        << (interlaced ? ", interlaced" : ""));
                    check_same_pixels(
                        png_file(w, h, depth, color, interlaced, zlib_stored(png_raw(w, h, depth, color, interlaced))));
                }
            }
        }
    }
    SECTION("prepare_field's own PNG decoding: runs of Paeth rows among other filters") {
        // prepare_field decodes the common PNG itself: for the green channel a plane of the green
        // (or gray) bytes alone, any run of up to sixteen Paeth rows at once in 8 x 8 blocks; for
        // gray every byte, Paeth rows two, three, four or eight at once. Both as a wavefront: runs
        // of 1 .. 9, 12, 16 and 17 Paeth rows, after and before other filters, from the first row
        // or not, on images of 8 pixels a side (prepare_field's smallest) and more.
        const std::vector<std::vector<int>> patterns = {
            {4},
            {4, 4, 4, 0},
            {4, 4, 4, 4, 1},
            {4, 4, 4, 4, 4, 2},
            {3, 4, 4, 4, 4, 4, 4, 4},
            {4, 4, 4, 4, 4, 4, 4, 4, 1, 4, 4, 4, 4, 4, 4, 4, 4, 4, 2},
            {0, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 3, 4, 4, 1, 4, 2, 4, 4, 4, 4, 4, 4, 4},
            {4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 2, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 1, 4, 4, 4, 4, 4}};
        for (const auto& filters : patterns)
            for (int channels = 1; channels <= 4; ++channels)
                for (const auto& [w, h] : {std::pair{8, 40}, std::pair{9, 23}, std::pair{11, 9}, std::pair{16, 35},
                                           std::pair{37, 41}, std::pair{320, 33}}) {
                    INFO(channels << " channels, " << w << "x" << h << ", filters from " << filters[0] << " ("
                                  << filters.size() << ")");
                    const Bytes png = png_filtered(w, h, channels, filters);
                    check_same_pixels(png);
                    const core::RgbImage plain = plain_stb(png);
                    REQUIRE(plain.width == w);
                    for (const core::Channel channel : {core::Channel::green, core::Channel::gray}) {
                        const auto got =
                            core::prepare_field(png.data(), png.size(), {channel, core::Scale::raw, false, 0});
                        REQUIRE(got);
                        const core::Field want = core::image_channel(plain, channel, core::Scale::raw);
                        REQUIRE(got.value().size() == want.size());
                        std::size_t differ = 0;
                        for (std::size_t i = 0; i < want.size(); ++i) differ += got.value().data[i] != want.data[i];
                        CHECK(differ == 0);
                    }
                }
    }
    SECTION("data inflating to more than the image needs: the rest is ignored, as stb_image does") {
        // 20,000 bytes beyond the 9 x 9 RGB image's 252: the buffer grows past its first size.
        for (const bool interlaced : {false, true}) {
            Bytes raw = png_raw(9, 9, 8, 2, interlaced);
            raw.resize(raw.size() + 20000, 7);
            check_same_pixels(png_file(9, 9, 8, 2, interlaced, zlib_stored(raw)));
        }
    }
}

TEST_CASE("broken zlib streams that stb_image 2.27 read on are refused", "[image][inflate][errors]") {
    const std::string corrupt = "the image data is corrupt or truncated (Corrupt PNG)";
    const Bytes raw = png_raw(37, 23, 8, 2, false);
    SECTION("a wrong Adler-32 checksum (libpng and PIL refuse it too)") {
        const Bytes png = png_file(37, 23, 8, 2, false, zlib_stored(raw, 1));
        CHECK(plain_stb(png).width == 37);  // stb_image 2.27 does not check it
        CHECK(decode_error(png) == corrupt);
        const auto field = core::prepare_field(png.data(), png.size(), {});
        REQUIRE(!field);
        CHECK(field.error() == corrupt);
    }
    SECTION("a stream cut short inside the IDAT chunk") {
        Bytes z = zlib_stored(raw);
        z.resize(z.size() - 10);
        CHECK(decode_error(png_file(37, 23, 8, 2, false, z)) == corrupt);
    }
    SECTION("data inflating to more than 8 times the image's size and 1 MiB") {
        Bytes big = png_raw(9, 9, 8, 2, false);
        big.resize(8 * big.size() + (1u << 20) + 1, 0);
        const Bytes png = png_file(9, 9, 8, 2, false, zlib_stored(big));
        CHECK(plain_stb(png).width == 9);
        CHECK(decode_error(png) == corrupt);
    }
}
