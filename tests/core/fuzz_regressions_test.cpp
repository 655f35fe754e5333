// Inputs that tests/fuzz found to break the core (undefined behaviour or memory errors in
// stb_image, stb_vorbis or our own code), rebuilt here byte by byte so that each says what
// it is: every one is now refused with a message. The fuzzers' own saved inputs are in
// tests/fuzz/regressions/ and are replayed by the sanitizer build (fuzz.*.replay).
#include <catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "core/audio.hpp"
#include "core/image.hpp"
#include "core/jpeg_guard.hpp"
#include "core/png_guard.hpp"
#include "core/resample.hpp"
#include "core/vorbis_guard.hpp"
#include "png_build.hpp"

using namespace tide;

namespace {

using Bytes = std::vector<std::uint8_t>;

void append(Bytes& b, std::initializer_list<int> values) {
    for (int v : values) b.push_back(static_cast<std::uint8_t>(v));
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// ---- JPEG ------------------------------------------------------------------------------

/// A DHT segment of one table whose 16 counts add up to `codes` (symbols 0, 1, 2, ...).
Bytes dht(int codes) {
    Bytes counts(16, 0);
    for (int left = codes, i = 15; left > 0; --i) {  // long codes first, at most 255 per length
        counts[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(std::min(left, 255));
        left -= counts[static_cast<std::size_t>(i)];
    }
    const int length = 2 + 1 + 16 + codes;
    Bytes b{0xFF, 0xC4, static_cast<std::uint8_t>(length >> 8), static_cast<std::uint8_t>(length & 0xFF), 0x00};
    b.insert(b.end(), counts.begin(), counts.end());
    for (int i = 0; i < codes; ++i) b.push_back(static_cast<std::uint8_t>(i));
    return b;
}

/// The markers of a progressive 16x16 gray JPEG up to its first scan's data.
Bytes jpeg_head() {
    Bytes b{0xFF, 0xD8};
    append(b, {0xFF, 0xDB, 0x00, 0x43, 0x00});  // DQT: table 0, 8-bit
    for (int i = 0; i < 64; ++i) b.push_back(1);
    append(b, {0xFF, 0xC2, 0x00, 0x0B, 0x08, 0x00, 0x10, 0x00, 0x10, 0x01, 0x01, 0x11, 0x00});  // SOF2
    const Bytes good = dht(12);
    b.insert(b.end(), good.begin(), good.end());
    append(b, {0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00});  // SOS: DC scan
    return b;
}

}  // namespace

TEST_CASE("a JPEG Huffman table of more than 256 codes is refused before stb_image builds it", "[fuzz][image]") {
    // stb_image 2.27 writes the codes' lengths into an array of 257: fuzz_image found 287.
    Bytes header_table{0xFF, 0xD8};
    const Bytes big = dht(287);
    header_table.insert(header_table.end(), big.begin(), big.end());
    CHECK(core::check_jpeg_huffman(header_table.data(), header_table.size()).error() ==
          "the image data is corrupt (a JPEG Huffman table of 287 codes; a table has at most 256)");
    auto decoded = core::decode_image(header_table.data(), header_table.size());
    REQUIRE_FALSE(decoded.ok());
    CHECK(decoded.error() == "the image data is corrupt (a JPEG Huffman table of 287 codes; a table has at most 256)");

    // 256 codes fit; so do fill bytes and a start that only stb_image calls a JPEG.
    Bytes full{0xFF, 0xD8};
    const Bytes ok = dht(256);
    full.insert(full.end(), ok.begin(), ok.end());
    CHECK(core::check_jpeg_huffman(full.data(), full.size()).ok());
    Bytes odd_start{0xFF, 0xFF, 0xD8, 0xFF, 0xFF};
    odd_start.insert(odd_start.end(), big.begin(), big.end());
    CHECK_FALSE(core::check_jpeg_huffman(odd_start.data(), odd_start.size()).ok());

    // Between progressive scans: the walk skips entropy-coded data with stuffed bytes and
    // restart markers, and finds the table after it.
    Bytes between = jpeg_head();
    append(between, {0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56, 0xFF, 0xFF});
    between.insert(between.end(), big.begin(), big.end());
    append(between, {0xFF, 0xD9});
    CHECK(contains(core::check_jpeg_huffman(between.data(), between.size()).error(), "287 codes"));

    // The same bytes inside an APP1 segment are data, which stb_image skips.
    Bytes in_app = jpeg_head();
    in_app.resize(2);
    const int length = static_cast<int>(2 + big.size());
    append(in_app, {0xFF, 0xE1, length >> 8, length & 0xFF});
    in_app.insert(in_app.end(), big.begin(), big.end());
    append(in_app, {0xFF, 0xD9});
    CHECK(core::check_jpeg_huffman(in_app.data(), in_app.size()).ok());
}

TEST_CASE("a JPEG scan that uses a Huffman table no earlier DHT defined is refused", "[fuzz][image]") {
    // stb_image 2.27 decodes with whatever its never-initialised table holds: valgrind found
    // fuzz_image's progressive JPEG (tests/fuzz/regressions/image) reading uninitialised
    // memory in an AC scan before the file's only AC table; its decodes could differ.
    const auto refused = [](const Bytes& b) { return core::check_jpeg_huffman(b.data(), b.size()).error(); };
    const auto finish = [](Bytes b) {
        append(b, {0x12, 0x34, 0xFF, 0xD9});
        return b;
    };
    // jpeg_head(): a progressive frame, DC table 0, and a DC first scan (Ss 0, Ah 0) with it.
    CHECK(core::check_jpeg_huffman(finish(jpeg_head()).data(), finish(jpeg_head()).size()).ok());

    // An AC scan (Ss 1 .. 63) with AC table 0 before any AC table, and after one.
    Bytes ac = jpeg_head();
    append(ac, {0x56, 0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x01, 0x3F, 0x00});
    const std::string want_ac =
        "the image data is corrupt (a JPEG scan uses AC Huffman table 0, which the file does not define before it)";
    CHECK(refused(finish(ac)) == want_ac);
    auto decoded = core::decode_image(finish(ac).data(), finish(ac).size());
    REQUIRE_FALSE(decoded.ok());
    CHECK(decoded.error() == want_ac);
    Bytes ac_defined = jpeg_head();
    Bytes ac_table = dht(12);
    ac_table[4] = 0x10;  // class 1 (AC), table 0
    append(ac_defined, {0x56});
    ac_defined.insert(ac_defined.end(), ac_table.begin(), ac_table.end());
    append(ac_defined, {0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x01, 0x3F, 0x00});
    CHECK(refused(finish(ac_defined)).empty());

    // A DC first scan with DC table 1 (never defined) is refused; a DC refinement scan
    // (Ah 1) reads single bits, no table, and passes.
    Bytes dc = jpeg_head();
    dc[dc.size() - 4] = 0x10;  // the scan's component: DC table 1, AC table 0
    CHECK(refused(finish(dc)) ==
          "the image data is corrupt (a JPEG scan uses DC Huffman table 1, which the file does not define before it)");
    Bytes refine = jpeg_head();
    append(refine, {0x56, 0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x10, 0x00, 0x00, 0x10});
    CHECK(refused(finish(refine)).empty());

    // stb_image zeroes a progressive component's coefficients in its DC first scan only: a
    // scan of it before that (here a DC refinement), or an image without one, is refused.
    Bytes early = jpeg_head();
    early[early.size() - 1] = 0x10;  // the first scan becomes a DC refinement (Ah 1)
    CHECK(refused(finish(early)) ==
          "the image data is corrupt (a progressive JPEG scans component 1 before its first DC scan)");
    Bytes unscanned = jpeg_head();
    unscanned.resize(unscanned.size() - 10);  // no scan at all
    append(unscanned, {0xFF, 0xD9});
    CHECK(refused(unscanned) == "the image data is corrupt (a progressive JPEG has no first DC scan of component 1)");

    // A sequential frame (SOF0) decodes every block with both tables: AC table 0 is missing.
    Bytes sequential = jpeg_head();
    const std::size_t sof = 2 + 4 + 1 + 64;
    REQUIRE(sequential[sof + 1] == 0xC2);
    sequential[sof + 1] = 0xC0;
    sequential[sequential.size() - 2] = 0x3F;  // Se 63, as a sequential scan has
    CHECK(refused(finish(sequential)) == want_ac);
}

// ---- PNG -------------------------------------------------------------------------------

namespace {

/// An 8x8 8-bit gray PNG (pixel value 10 * row + column), its zlib stream one stored block,
/// with `empty_idats` empty IDAT chunks before the one that holds the data.
Bytes gray_png(int empty_idats) {
    Bytes raw;
    for (int r = 0; r < 8; ++r) {
        raw.push_back(0);  // filter: none
        for (int c = 0; c < 8; ++c) raw.push_back(static_cast<std::uint8_t>(10 * r + c));
    }
    const Bytes z = test::zlib_stored(raw);
    Bytes png{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    test::png_chunk(png, "IHDR", {0, 0, 0, 8, 0, 0, 0, 8, 8, 0, 0, 0, 0});
    for (int i = 0; i < empty_idats; ++i) test::png_chunk(png, "IDAT", {});
    test::png_chunk(png, "IDAT", z);
    test::png_chunk(png, "IEND", {});
    return png;
}

}  // namespace

TEST_CASE("empty IDAT chunks before a PNG's data are left out of what stb_image reads", "[fuzz][image]") {
    // stb_image 2.27 copied the first, empty, IDAT chunk to its still null data buffer
    // (memcpy to null: undefined); fuzz_image found it. Such a PNG is valid and decodes.
    const Bytes plain = gray_png(0), with_empty = gray_png(2);
    CHECK(core::png_without_leading_empty_idat(plain.data(), plain.size()).empty());
    CHECK(core::png_without_leading_empty_idat(with_empty.data(), with_empty.size()) == plain);
    auto image = core::decode_image(with_empty.data(), with_empty.size());
    REQUIRE(image.ok());
    REQUIRE(image.value().width == 8);
    REQUIRE(image.value().height == 8);
    for (int r = 0; r < 8; ++r)
        for (int c = 0; c < 8; ++c)
            CHECK(image.value().rgb[static_cast<std::size_t>(3 * (8 * r + c) + 1)] == 10 * r + c);
}

TEST_CASE("a PNG IDAT chunk longer than the file is refused before stb_image allocates for it", "[fuzz][image]") {
    // stb_image 2.27 grew its buffer to the claimed length (doubling from 4 KiB) before
    // reading: fuzz_image's 359-byte file claimed 1291845740 bytes and it asked for 2 GiB.
    Bytes png = gray_png(0);
    png.resize(png.size() - 12);  // without IEND
    test::put_be32(png, 1291845740u);
    append(png, {'I', 'D', 'A', 'T', 1, 2, 3});
    const std::string want =
        "the image data is corrupt or truncated (a PNG IDAT chunk says 1291845740 bytes; "
        "the file holds 3 more)";
    CHECK(core::check_png_idat(png.data(), png.size()).error() == want);
    auto image = core::decode_image(png.data(), png.size());
    REQUIRE_FALSE(image.ok());
    CHECK(image.error() == want);

    // A whole PNG passes; one cut inside its data is refused the same way.
    const Bytes whole = gray_png(1);
    CHECK(core::check_png_idat(whole.data(), whole.size()).ok());
    const Bytes cut(whole.begin(), whole.begin() + 70);
    CHECK(contains(core::check_png_idat(cut.data(), cut.size()).error(),
                   "a PNG IDAT chunk says 83 bytes; the file holds 17 more"));
}

// ---- WAV -------------------------------------------------------------------------------

namespace {

Bytes float64_wav(const std::vector<double>& frames, int channels) {
    Bytes data;
    for (double v : frames) {
        std::uint64_t bits = 0;
        std::memcpy(&bits, &v, sizeof v);
        for (int i = 0; i < 8; ++i) data.push_back(static_cast<std::uint8_t>(bits >> (8 * i)));
    }
    const auto u32 = [](Bytes& b, std::uint32_t v) {
        for (int i = 0; i < 4; ++i) b.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
    };
    Bytes b{'R', 'I', 'F', 'F'};
    u32(b, static_cast<std::uint32_t>(36 + data.size()));
    append(b, {'W', 'A', 'V', 'E', 'f', 'm', 't', ' ', 16, 0, 0, 0, 3, 0, channels, 0});
    u32(b, 8000);
    u32(b, static_cast<std::uint32_t>(8000 * 8 * channels));
    append(b, {8 * channels, 0, 64, 0, 'd', 'a', 't', 'a'});
    u32(b, static_cast<std::uint32_t>(data.size()));
    b.insert(b.end(), data.begin(), data.end());
    return b;
}

}  // namespace

TEST_CASE("64-bit float WAV samples beyond float's range are refused, not turned into infinity", "[fuzz][audio]") {
    // fuzz_audio found a float64 sample that the conversion to float made -inf (undefined).
    const Bytes mono = float64_wav({0.5, -0.25, -1e300, 0.0}, 1);
    auto a = core::decode_audio(mono.data(), mono.size());
    REQUIRE_FALSE(a.ok());
    CHECK(a.error() == "the WAV file contains samples beyond the range of 32-bit float, +-3.4e38 (first at frame 2)");

    // Two channels whose sum overflows double, and the largest float that still fits.
    const Bytes stereo = float64_wav({1.0, 1.0, 1.7e308, 1.7e308}, 2);
    auto b = core::decode_audio(stereo.data(), stereo.size());
    REQUIRE_FALSE(b.ok());
    CHECK(contains(b.error(), "beyond the range of 32-bit float, +-3.4e38 (first at frame 1)"));
    const double max_float = std::numeric_limits<float>::max();
    const Bytes edge = float64_wav({max_float, -max_float}, 1);
    auto c = core::decode_audio(edge.data(), edge.size());
    REQUIRE(c.ok());
    CHECK(c.value().samples ==
          std::vector<float>{std::numeric_limits<float>::max(), -std::numeric_limits<float>::max()});
}

TEST_CASE("resample refuses samples whose filtered values could overflow float", "[fuzz][audio]") {
    // A float WAV may hold samples up to 3.4e38; libsamplerate's output of them overflowed.
    std::vector<float> x(100, 0.0f);
    x[50] = 3e38f;
    auto r = core::resample(x, 44100.0, 22050.0);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error() == "cannot resample sample 50: 3e+38 is beyond +-1e30");
    x[50] = std::numeric_limits<float>::quiet_NaN();
    CHECK(core::resample(x, 44100.0, 22050.0).error() == "cannot resample sample 50: nan is not a finite number");
    x[50] = 1e30f;
    auto ok = core::resample(x, 44100.0, 22050.0);
    REQUIRE(ok.ok());
    for (float v : ok.value()) CHECK(std::isfinite(v));
}

// ---- Ogg Vorbis ------------------------------------------------------------------------

namespace {

/// Vorbis packs fields least significant bit first.
struct BitWriter {
    Bytes bytes;
    int bit = 8;
    void put(std::uint64_t value, int n) {
        for (int i = 0; i < n; ++i) {
            if (bit == 8) {
                bytes.push_back(0);
                bit = 0;
            }
            if ((value >> i) & 1) bytes.back() = static_cast<std::uint8_t>(bytes.back() | (1 << bit));
            ++bit;
        }
    }
};

std::uint32_t ogg_crc(const Bytes& page) {
    std::uint32_t crc = 0;
    for (std::uint8_t byte : page) {
        crc ^= static_cast<std::uint32_t>(byte) << 24;
        for (int k = 0; k < 8; ++k) crc = (crc & 0x80000000u) ? (crc << 1) ^ 0x04C11DB7u : crc << 1;
    }
    return crc;
}

/// One Ogg page holding whole packets (each under 255 bytes), with its CRC.
Bytes ogg_page(int flags, std::uint32_t sequence, const std::vector<Bytes>& packets) {
    Bytes p{'O', 'g', 'g', 'S', 0, static_cast<std::uint8_t>(flags)};
    for (int i = 0; i < 8; ++i) p.push_back(0);  // granule position
    append(p, {1, 0, 0, 0});                     // serial number
    for (int i = 0; i < 4; ++i) p.push_back(static_cast<std::uint8_t>(sequence >> (8 * i)));
    append(p, {0, 0, 0, 0, static_cast<int>(packets.size())});  // CRC (below), segments
    for (const Bytes& packet : packets) p.push_back(static_cast<std::uint8_t>(packet.size()));
    for (const Bytes& packet : packets) p.insert(p.end(), packet.begin(), packet.end());
    const std::uint32_t crc = ogg_crc(p);
    for (int i = 0; i < 4; ++i) p[22 + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(crc >> (8 * i));
    return p;
}

/// The three Vorbis headers of a mono 22,050 Hz stream whose setup header starts with one
/// codebook of `entries` entries in `dimensions` dimensions with lookup table `lookup_type`,
/// every entry with a code of `length` bits (a prefix code, so stb_vorbis goes on to the
/// lookup table, as long as entries <= 2^length).
Bytes vorbis_headers(int dimensions, int entries, int lookup_type, int length) {
    Bytes id{1, 'v', 'o', 'r', 'b', 'i', 's', 0, 0, 0, 0, 1};
    append(id, {0x22, 0x56, 0, 0});                // 22050 Hz
    for (int i = 0; i < 12; ++i) id.push_back(0);  // bitrates
    append(id, {0xB8, 1});                         // block sizes 256 and 2048, framing bit
    const Bytes comment{3, 'v', 'o', 'r', 'b', 'i', 's', 0, 0, 0, 0, 0, 0, 0, 0, 1};
    BitWriter setup;
    for (char c : std::string("\x05vorbis")) setup.put(static_cast<std::uint8_t>(c), 8);
    setup.put(0, 8);          // one codebook
    setup.put(0x564342, 24);  // its sync pattern
    setup.put(static_cast<std::uint64_t>(dimensions), 16);
    setup.put(static_cast<std::uint64_t>(entries), 24);
    setup.put(1, 1);                                       // ordered code lengths:
    setup.put(static_cast<std::uint64_t>(length - 1), 5);  // from `length`,
    int bits = 0;                                          // all entries in one run of
    for (int e = entries; e > 0; e >>= 1) ++bits;          // ilog(entries) bits
    setup.put(static_cast<std::uint64_t>(entries), bits);
    setup.put(static_cast<std::uint64_t>(lookup_type), 4);
    setup.put(0, 32);  // minimum value
    setup.put(0, 32);  // delta value
    setup.put(3, 4);   // 4-bit values
    setup.put(0, 1);   // sequence_p
    Bytes out = ogg_page(2, 0, {id});
    const Bytes rest = ogg_page(0, 1, {comment, setup.bytes});
    out.insert(out.end(), rest.begin(), rest.end());
    return out;
}

}  // namespace

TEST_CASE("Vorbis codebooks that stb_vorbis would size with int overflow are refused", "[fuzz][audio]") {
    // fuzz_audio found a lookup-1 codebook of many dimensions: pow(2, dimensions) was
    // converted to int (undefined beyond 2^31).
    const Bytes wide = vorbis_headers(40, 7, 1, 3);
    const std::string want =
        "the Ogg Vorbis setup header is corrupt: codebook 0 has 7 entries in 40 dimensions "
        "(more than the decoder can size safely)";
    CHECK(core::check_vorbis_setup(wide.data(), wide.size()).error() == want);
    auto a = core::decode_audio(wide.data(), wide.size());
    REQUIRE_FALSE(a.ok());
    CHECK(a.error() == want);

    // Fewer dimensions but more entries: r = 2 and 3^20 > 2^31; and lookup type 2's
    // entries * dimensions beyond 2^31.
    const Bytes deep = vorbis_headers(20, (1 << 21) - 1, 1, 21);
    CHECK(contains(core::check_vorbis_setup(deep.data(), deep.size()).error(), "2097151 entries in 20 dimensions"));
    const Bytes many = vorbis_headers(65535, 1 << 16, 2, 16);
    CHECK(contains(core::check_vorbis_setup(many.data(), many.size()).error(), "65536 entries of 65535 values"));

    // Codebooks as libvorbis writes them (a few dimensions) pass, and stb_vorbis decides.
    const Bytes usual = vorbis_headers(4, 81, 1, 7);
    CHECK(core::check_vorbis_setup(usual.data(), usual.size()).ok());
    const Bytes usual2 = vorbis_headers(2, 289, 2, 9);
    CHECK(core::check_vorbis_setup(usual2.data(), usual2.size()).ok());
}
