// Image decoding (stb_image, the only includer, with libdeflate's inflate under it; the headers
// read by us first), channel extraction, crop and resize.
#include "image.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

#if defined(__x86_64__)
#include <immintrin.h>
#elif defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

#include "jpeg_guard.hpp"
#include "png_guard.hpp"

#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#define STBI_ONLY_JPEG
#define STBI_ONLY_GIF
#define STBI_ONLY_BMP
#define STBI_ONLY_TGA
#define STBI_NO_STDIO
#define STBI_FAILURE_USERMSG
// stb_image's own inflate is left out: its PNG decoder calls the zlib entry point defined below
// with libdeflate instead.
#define STBI_NO_ZLIB
#include <stb_image.h>

#include <libdeflate.h>

/// stb_image's PNG decoder calls this (and nothing else of its zlib) with a PNG's IDAT data
/// joined: inflate `len` bytes of a zlib stream (a raw deflate stream if !parse_header: Apple's
/// CgBI PNGs), into a buffer of STBI_MALLOC that stb_image frees, its length in *outlen;
/// initial_size is stb_image's count of the bytes the image needs (exact unless interlaced). Here
/// libdeflate inflates it, about three times as fast as stb_image 2.27's inflate and to the same
/// bytes for every valid stream. It is stricter with broken ones, as zlib (so libpng and PIL)
/// is: a wrong Adler-32 checksum, a stream cut short, an incomplete Huffman code or a missing
/// zlib trailer are refused ("Corrupt PNG"), where stb_image 2.27 read on (zeros past the end).
/// A stream inflating to more than 8 times initial_size + 1 MiB is refused too (no valid PNG
/// comes near: stb_image uses the first initial_size bytes); the buffer grows from
/// initial_size + 1/4 + 4 KiB (an interlaced image's few extra bytes; pages never written take
/// no memory) by doubling, the stream inflated again each time.
char* stbi_zlib_decode_malloc_guesssize_headerflag(const char* buffer, int len, int initial_size, int* outlen,
                                                   int parse_header) {
    const std::unique_ptr<libdeflate_decompressor, void (*)(libdeflate_decompressor*)> d(
        libdeflate_alloc_decompressor(), libdeflate_free_decompressor);
    if (!d || len < 0 || initial_size < 0) {
        stbi__err("outofmem", "Out of memory");
        return nullptr;
    }
    const std::size_t guess = static_cast<std::size_t>(initial_size);
    const std::size_t limit = std::min<std::size_t>(8 * guess + (1u << 20), INT_MAX);
    for (std::size_t capacity = std::min(guess + guess / 4 + 4096, limit);; capacity = std::min(2 * capacity, limit)) {
        char* out = static_cast<char*>(STBI_MALLOC(capacity));
        if (!out) {
            stbi__err("outofmem", "Out of memory");
            return nullptr;
        }
        std::size_t got = 0;
        const libdeflate_result r =
            parse_header
                ? libdeflate_zlib_decompress(d.get(), buffer, static_cast<std::size_t>(len), out, capacity, &got)
                : libdeflate_deflate_decompress(d.get(), buffer, static_cast<std::size_t>(len), out, capacity, &got);
        if (r == LIBDEFLATE_SUCCESS) {
            *outlen = static_cast<int>(got);
            return out;
        }
        STBI_FREE(out);
        if (r != LIBDEFLATE_INSUFFICIENT_SPACE || capacity == limit) {
            stbi__err("bad zlib", "Corrupt PNG");
            return nullptr;
        }
    }
}

namespace tide::core {

namespace {

std::string describe_size(long long w, long long h) {
    return std::to_string(w) + "x" + std::to_string(h) + " pixels";
}

std::uint32_t be32(const std::uint8_t* p) {
    return static_cast<std::uint32_t>(p[0]) << 24 | static_cast<std::uint32_t>(p[1]) << 16 |
           static_cast<std::uint32_t>(p[2]) << 8 | static_cast<std::uint32_t>(p[3]);
}
std::uint32_t be16(const std::uint8_t* p) {
    return static_cast<std::uint32_t>(p[0]) << 8 | p[1];
}
std::uint32_t le16(const std::uint8_t* p) {
    return static_cast<std::uint32_t>(p[1]) << 8 | p[0];
}
std::uint32_t le32(const std::uint8_t* p) {
    return le16(p + 2) << 16 | le16(p);
}

bool starts_with(const std::uint8_t* bytes, std::size_t size, const char* magic, std::size_t n) {
    return size >= n && std::memcmp(bytes, magic, n) == 0;
}

/// What the header of a file says, read by us before stb_image allocates anything.
struct Header {
    const char* format = nullptr;       ///< "PNG", "JPEG", "GIF", "BMP"; nullptr: none of them (TGA has no magic)
    long long width = -1, height = -1;  ///< -1: the header is cut short
    std::string error;                  ///< a problem found in the header (non-empty: refuse)
};

/// CRC-32 of n bytes as PNG (and zlib) define it: polynomial 0xEDB88320 (reflected), initial
/// value and final XOR 0xFFFFFFFF; libdeflate's (carry-less multiplication where the CPU has it,
/// eight tables a step elsewhere), as every PNG's chunks are checked before decoding.
std::uint32_t crc32(const std::uint8_t* p, std::size_t n) {
    return libdeflate_crc32(0, p, n);
}

/// PNG: the size from IHDR (which must come first), and the CRC of every critical chunk
/// (IHDR, PLTE, IDAT, IEND) that the file holds whole: stb_image does not check them, libpng
/// and PIL refuse a mismatch. A chunk cut off by the end of the file is left to the decoder.
void read_png_header(const std::uint8_t* bytes, std::size_t size, Header& h) {
    h.format = "PNG";
    if (size < 8 + 8 + 13 + 4 || std::memcmp(bytes + 12, "IHDR", 4) != 0 || be32(bytes + 8) != 13) return;
    h.width = be32(bytes + 16);
    h.height = be32(bytes + 20);
    std::size_t pos = 8;
    while (size - pos >= 12) {
        const std::uint64_t length = be32(bytes + pos);
        if (length > size - pos - 12) break;
        const std::uint8_t* type = bytes + pos + 4;
        const bool critical = (type[0] & 0x20) == 0;
        if (critical && crc32(type, static_cast<std::size_t>(4 + length)) != be32(type + 4 + length)) {
            h.error = "the image data is corrupt: the checksum (CRC) of the PNG's " +
                      std::string(reinterpret_cast<const char*>(type), 4) + " chunk does not match its contents";
            return;
        }
        if (std::memcmp(type, "IEND", 4) == 0) break;
        pos += 12 + length;
    }
}

/// JPEG: walks the markers up to the start of the scan for the frame header (size, sample
/// precision, component count, coding) and Adobe's APP14 marker (how 4 components are meant).
void read_jpeg_header(const std::uint8_t* bytes, std::size_t size, Header& h) {
    h.format = "JPEG";
    int components = 0, sof = -1, adobe_transform = -1, precision = 8;
    std::size_t pos = 2;
    while (pos + 4 <= size) {
        if (bytes[pos] != 0xFF) return;  // not a marker: corrupt; the decoder says so
        const int marker = bytes[pos + 1];
        if (marker == 0xFF) {  // fill byte
            ++pos;
            continue;
        }
        if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {  // no length
            pos += 2;
            continue;
        }
        if (marker == 0xDA || marker == 0xD9) break;  // start of scan, end of image
        const std::size_t length = be16(bytes + pos + 2);
        if (length < 2 || pos + 2 + length > size) return;
        const std::uint8_t* body = bytes + pos + 4;
        const bool is_sof = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (is_sof && sof < 0 && length >= 8) {
            sof = marker;
            precision = body[0];
            h.height = be16(body + 1);
            h.width = be16(body + 3);
            components = body[5];
        } else if (marker == 0xEE && length >= 14 && std::memcmp(body, "Adobe", 5) == 0) {
            adobe_transform = body[11];
        }
        pos += 2 + length;
    }
    if (sof < 0) return;
    if (sof == 0xC3 || sof == 0xC7 || sof == 0xCB || sof == 0xCF) {
        h.error = "the JPEG is lossless-coded, which is not supported; save it as PNG or as a baseline JPEG";
    } else if (sof >= 0xC9) {
        h.error = "the JPEG uses arithmetic coding, which is not supported; save it as a baseline or progressive JPEG";
    } else if (sof >= 0xC5) {
        h.error = "the JPEG is hierarchical, which is not supported; save it as a baseline or progressive JPEG";
    } else if (precision != 8) {
        h.error = "the JPEG has " + std::to_string(precision) + "-bit samples; only 8-bit JPEGs are supported";
    } else if (components == 4 && adobe_transform != 0 && adobe_transform != 2) {
        h.error =
            "the JPEG has 4 colour components (CMYK) without an Adobe marker saying how to read them; "
            "convert it to RGB";
    } else if (components != 1 && components != 3 && components != 4) {
        h.error = "the JPEG has " + std::to_string(components) +
                  " colour components; 1 (gray), 3 (YCbCr or RGB) "
                  "or 4 (CMYK) are supported";
    }
}

/// The formats we read (by their magic bytes), and the common ones we do not, named.
Header read_header(const std::uint8_t* bytes, std::size_t size) {
    Header h;
    if (starts_with(bytes, size, "\x89PNG\r\n\x1a\n", 8)) {
        read_png_header(bytes, size, h);
    } else if (starts_with(bytes, size, "\xFF\xD8\xFF", 3)) {
        read_jpeg_header(bytes, size, h);
    } else if (starts_with(bytes, size, "GIF87a", 6) || starts_with(bytes, size, "GIF89a", 6)) {
        h.format = "GIF";
        if (size >= 10) {
            h.width = le16(bytes + 6);
            h.height = le16(bytes + 8);
        }
    } else if (starts_with(bytes, size, "BM", 2)) {
        h.format = "BMP";
        if (size >= 26) {
            if (le32(bytes + 14) == 12) {  // OS/2 BITMAPCOREHEADER: 16-bit sizes
                h.width = le16(bytes + 18);
                h.height = le16(bytes + 20);
            } else {  // height < 0: stored top-down
                h.width = static_cast<std::int32_t>(le32(bytes + 18));
                h.height = std::llabs(static_cast<std::int32_t>(le32(bytes + 22)));
                if (h.width < 0) h.error = "the image data is corrupt (the BMP header gives a negative width)";
            }
        }
    } else if (starts_with(bytes, size, "RIFF", 4) && size >= 12 && std::memcmp(bytes + 8, "WEBP", 4) == 0) {
        h.error = "WebP images are not supported; convert it to PNG or JPEG";
    } else if (starts_with(bytes, size, "II*\0", 4) || starts_with(bytes, size, "MM\0*", 4)) {
        h.error = "TIFF images are not supported; convert it to PNG or JPEG";
    } else if (size >= 12 && std::memcmp(bytes + 4, "ftyp", 4) == 0 &&
               (std::memcmp(bytes + 8, "hei", 3) == 0 || std::memcmp(bytes + 8, "mif1", 4) == 0 ||
                std::memcmp(bytes + 8, "avif", 4) == 0)) {
        h.error = "HEIF/HEIC and AVIF images are not supported; convert it to PNG or JPEG";
    }
    return h;
}

}  // namespace

std::string DecodeLimits::describe() const {
    return std::to_string(min_side_px) + " to " + std::to_string(max_side_px) + " pixels per side and at most " +
           std::to_string(max_pixels) + " pixels in all";
}

namespace {

/// Decoded 8-bit pixels, row by row: row r (0 .. height-1) starts at data + r * stride and holds
/// width pixels of `channels` interleaved bytes each: 1 gray, 2 gray + alpha, 3 RGB, 4 RGBA.
struct PixelRows {
    const std::uint8_t* data = nullptr;
    std::size_t stride = 0;
    int width = 0, height = 0, channels = 3;
};

using StbBuffer = std::unique_ptr<std::uint8_t, void (*)(void*)>;

/// What decode_image checks before stb_image reads anything: the guards, our reading of the
/// header and the limits. On success the image's size, and in `buf`/`len` what stb_image is to
/// read (the file, or its copy without leading empty IDAT chunks, kept in `png`).
struct Checked {
    long long width = 0, height = 0;
    const stbi_uc* buf = nullptr;
    int len = 0;
    std::vector<std::uint8_t> png;
};

Status check_image(const std::uint8_t* bytes, std::size_t size, const DecodeLimits& limits, Checked& out) {
    if (size == 0) return Status::failure("the file is empty");
    if (size > static_cast<std::size_t>(INT32_MAX)) return Status::failure("the file is larger than 2 GiB");
    // stb_image 2.27 overruns its Huffman tables on some corrupt JPEGs: those are refused
    // before it reads anything (jpeg_guard.hpp).
    if (const Status bad = check_jpeg_huffman(bytes, size); !bad) return bad;
    // ... and allocates what a PNG's IDAT chunk claims before reading it (png_guard.hpp).
    if (const Status bad = check_png_idat(bytes, size); !bad) return bad;
    // stb_image 2.27 copies an empty IDAT chunk before a PNG's data to a null pointer: such
    // chunks, which hold nothing, are left out of what it reads (png_guard.hpp).
    out.png = png_without_leading_empty_idat(bytes, size);
    out.buf = reinterpret_cast<const stbi_uc*>(out.png.empty() ? bytes : out.png.data());
    out.len = static_cast<int>(out.png.empty() ? size : out.png.size());

    // The size comes from our own reading of the header wherever the format has one, so a
    // header claiming a huge image is refused before stb_image allocates anything for it.
    const Header header = read_header(bytes, size);
    if (!header.error.empty()) return Status::failure(header.error);
    long long w = header.width, h = header.height;
    if (!header.format) {
        int iw = 0, ih = 0, comp = 0;  // TGA, or nothing we read
        if (!stbi_info_from_memory(out.buf, out.len, &iw, &ih, &comp))
            return Status::failure("not a PNG, JPEG, GIF, BMP or TGA image (its header matches none of them)");
        w = iw;
        h = ih;
    } else if (w < 0 || h < 0) {
        return Status::failure(std::string("the image data is corrupt or truncated (the ") + header.format +
                               " header is incomplete)");
    }
    if (w > limits.max_side_px || h > limits.max_side_px || w * h > limits.max_pixels) {
        return Status::failure("the image is " + describe_size(w, h) + "; images of " + limits.describe() +
                               " are accepted");
    }
    if (w < limits.min_side_px || h < limits.min_side_px) {
        return Status::failure("the image is " + describe_size(w, h) + "; need at least " +
                               std::to_string(limits.min_side_px) + "x" + std::to_string(limits.min_side_px));
    }
    out.width = w;
    out.height = h;
    return {};
}

/// stb_image's decode of a checked file to 8-bit RGB (3 channels), its buffer in `pixels`.
Status decode_stb(const Checked& c, StbBuffer& pixels, PixelRows& rows) {
    int dw = 0, dh = 0, comp = 0;
    pixels.reset(stbi_load_from_memory(c.buf, c.len, &dw, &dh, &comp, 3));
    if (!pixels) {
        return Status::failure(std::string("the image data is corrupt or truncated (") + stbi_failure_reason() + ")");
    }
    if (dw != c.width || dh != c.height) {  // cannot happen for a consistent file; never trust it blindly
        return Status::failure("the image data is corrupt: its header says " + describe_size(c.width, c.height) +
                               ", its data " + describe_size(dw, dh));
    }
    rows = {pixels.get(), static_cast<std::size_t>(dw) * 3, dw, dh, 3};
    return {};
}

/// PNG's Paeth predictor of a byte from its left (a), upper (b) and upper-left (c) neighbours
/// (PNG specification, 9.4), as stb_image computes it: with p = a + b - c, the one of a, b, c
/// closest to p, ties going to a, then b. Written without branches, and with p - a, p - b,
/// p - c as b - c, a - c and their sum, so that the part on a (the byte decoded last) is short.
inline int paeth(int a, int b, int c) {
    const int e = b - c, d = a - c;
    const int pa = std::abs(e), pb = std::abs(d), pc = std::abs(d + e);
    const int bc = pb <= pc ? b : c;
    return pa <= pb && pa <= pc ? a : bc;
}

/// Undoes one row's PNG filter in place for one channel, the bytes k = ch, ch + bpp, ... below n
/// (a byte's predictors are bytes of the same channel, so channels are independent): cur holds
/// the row's n filtered bytes of pixels of bpp bytes, prior the row above as decoded (zeros
/// above the first row). The decoded byte to the left (a) and the one above it (c) are carried
/// from pixel to pixel in registers, zero for the first pixel, as the specification's "none"
/// neighbours: read back from the row instead, each byte waited for the store of the last one.
void unfilter_channel(int filter, std::uint8_t* cur, const std::uint8_t* prior, std::size_t n, std::size_t bpp,
                      std::size_t ch) {
    int a = 0, c = 0;
    switch (filter) {
        case 1:
            for (std::size_t k = ch; k < n; k += bpp) cur[k] = static_cast<std::uint8_t>(a = (cur[k] + a) & 0xFF);
            break;
        case 2:
            for (std::size_t k = ch; k < n; k += bpp) cur[k] = static_cast<std::uint8_t>(cur[k] + prior[k]);
            break;
        case 3:
            for (std::size_t k = ch; k < n; k += bpp)
                cur[k] = static_cast<std::uint8_t>(a = (cur[k] + ((prior[k] + a) >> 1)) & 0xFF);
            break;
        case 4:
            for (std::size_t k = ch; k < n; k += bpp) {
                const int b = prior[k];
                cur[k] = static_cast<std::uint8_t>(a = (cur[k] + paeth(a, b, c)) & 0xFF);
                c = b;
            }
            break;
        default:
            break;
    }
}

/// unfilter_channel of N rows in a row (N = 2 .. 4), all filtered with Paeth (PNG's usual filter
/// for photographs), decoded as a wavefront: row j (cur[j], just below row j-1; prior0 the row
/// above row 0) runs one pixel behind row j-1, so that the bytes above its own and above-left
/// are decoded already and are carried in registers. N independent chains of bytes at once
/// instead of one: each byte waits on the byte to its left through the Paeth predictor's few
/// dependent operations, and the processor overlaps the N chains. The same bytes as one row after
/// the other.
template <int N>
void unpaeth_rows(std::uint8_t* const* cur, const std::uint8_t* prior0, std::size_t n, std::size_t bpp,
                  std::size_t ch) {
    if (ch >= n) return;
    const std::size_t m = (n - ch + bpp - 1) / bpp;  // the channel's bytes in a row
    int a[N] = {}, c[N] = {};                        // left and upper-left neighbours: none (0) first
    // Row j's pixel p: its upper neighbour is row j-1's pixel p, which that row decoded in the
    // previous step (a[j-1]) when the rows step from the last to the first.
    const auto step = [&](int j, std::size_t p) {
        const std::size_t k = ch + p * bpp;
        const int b = j == 0 ? prior0[k] : a[j - 1];
        cur[j][k] = static_cast<std::uint8_t>(a[j] = (cur[j][k] + paeth(a[j], b, c[j])) & 0xFF);
        c[j] = b;
    };
    // Step t decodes pixel t - j of every row j with 0 <= t - j < m: the first N-1 steps and the
    // last N-1 have rows waiting to start or finished; the ones between run all N rows.
    const std::size_t steps = m + N - 1, full_from = N - 1, full_to = std::max(m, full_from);
    for (std::size_t t = 0; t < std::min(full_from, steps); ++t)
        for (int j = N - 1; j >= 0; --j)
            if (t >= static_cast<std::size_t>(j) && t - j < m) step(j, t - j);
    for (std::size_t t = full_from; t < m; ++t)
        for (int j = N - 1; j >= 0; --j) step(j, t - j);
    for (std::size_t t = full_to; t < steps; ++t)
        for (int j = N - 1; j >= 0; --j)
            if (t >= static_cast<std::size_t>(j) && t - j < m) step(j, t - j);
}

/// Eight rows of a byte each, one per 16-bit lane (GCC's and clang's vector extensions: SSE2
/// natively, WebAssembly SIMD in the page). Lanes hold bytes widened, so that the Paeth
/// predictor's differences (-510 .. 510) fit.
typedef std::int16_t I16x8 __attribute__((vector_size(16)));
/// Sixteen bytes (two rows of 8 bytes of an 8 x 8 block), and the same register as two halves.
typedef std::uint8_t U8x16 __attribute__((vector_size(16)));
typedef std::uint64_t U64x2 __attribute__((vector_size(16)));
typedef std::int32_t I32x4 __attribute__((vector_size(16)));

/// Undoes PNG's Paeth filter lane by lane, bytes widened to 16 bits: the filtered bytes x plus
/// the one of a (left), b (above), c (upper left) closest to a + b - c (paeth()), modulo 256. The
/// three distances are |b - c|, |a - c| and |a + b - 2c|; the smallest picks the first of a, b,
/// c at that distance, as paeth()'s ties do. Written for the wavefronts' chain from the a and b
/// of one step to those of the next: a + b - 2c as (a - c - c) + b (c is known a step before),
/// and x plus each of a, b, c taken before the choice, so that after the distances only the
/// comparisons and selections are on it. The vector conditional operator gives pmaxsw, pminsw
/// and masks with SSE2 (pabsw and pblendvb where the caller is compiled for SSE4.1),
/// WebAssembly's min, max and bit selects.
inline I16x8 unpaeth_lanes(I16x8 x, I16x8 a, I16x8 b, I16x8 c) {
    const I16x8 zero = {};
    const I16x8 d = a - c, e = b - c, f = (d - c) + b;
    const I16x8 pa = e < zero ? zero - e : e, pb = d < zero ? zero - d : d, pc = f < zero ? zero - f : f;
    const I16x8 ab = pa < pb ? pa : pb, smallest = ab < pc ? ab : pc;
    const I16x8 xa = (x + a) & 0xFF, xb = (x + b) & 0xFF, xc = (x + c) & 0xFF;
    return smallest == pa ? xa : (smallest == pb ? xb : xc);
}

/// Transposes an 8 x 8 block of bytes held two rows a register (in[i]: row 2i in bytes 0..7,
/// row 2i+1 in bytes 8..15) into its columns two a register the same way (out[i]: columns 2i and
/// 2i+1). Twelve unpacking shuffles (punpck*, one WebAssembly shuffle each), no memory; its own
/// inverse.
inline void transpose8x8(const U8x16 (&in)[4], U8x16 (&out)[4]) {
    const auto lo8 = [](U8x16 x, U8x16 y) {
        return __builtin_shufflevector(x, y, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
    };
    const auto hi8 = [](U8x16 x, U8x16 y) {
        return __builtin_shufflevector(x, y, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);
    };
    const auto lo32 = [](U8x16 x, U8x16 y) {
        return reinterpret_cast<U8x16>(
            __builtin_shufflevector(reinterpret_cast<I32x4>(x), reinterpret_cast<I32x4>(y), 0, 4, 1, 5));
    };
    const auto hi32 = [](U8x16 x, U8x16 y) {
        return reinterpret_cast<U8x16>(
            __builtin_shufflevector(reinterpret_cast<I32x4>(x), reinterpret_cast<I32x4>(y), 2, 6, 3, 7));
    };
    // Rows 0 and 2 interleaved (f0), 1 and 3 (f1), ...; then bytes k of rows 0 .. 3 side by side
    // in the 32-bit group k of g0 (k < 4) and g1 (k >= 4), rows 4 .. 7 in g2, g3; then columns.
    const U8x16 f0 = lo8(in[0], in[1]), f1 = hi8(in[0], in[1]), f2 = lo8(in[2], in[3]), f3 = hi8(in[2], in[3]);
    const U8x16 g0 = lo8(f0, f1), g1 = hi8(f0, f1), g2 = lo8(f2, f3), g3 = hi8(f2, f3);
    out[0] = lo32(g0, g2);
    out[1] = hi32(g0, g2);
    out[2] = lo32(g1, g3);
    out[3] = hi32(g1, g3);
}

/// unpaeth_rows for eight Paeth rows in a row (the rows of photographs mostly come in long runs
/// of Paeth rows), the wavefront's eight bytes of one step computed at once: lane j is row j,
/// one pixel behind row j-1, so that its upper neighbour is lane j-1 of the bytes decoded in
/// the previous step. The rows lie `stride` bytes apart from row0 (prior0: the row above
/// row0). Each step loads the eight filtered bytes, adds the eight predictions and stores
/// them: one chain of vector operations for eight rows where the scalar code has one chain per
/// row, and about a third of its instructions per byte. The same bytes.
void unpaeth_eight_rows(std::uint8_t* row0, std::size_t stride, const std::uint8_t* prior0, std::size_t n,
                        std::size_t bpp, std::size_t ch) {
    if (ch >= n) return;
    const std::size_t m = (n - ch + bpp - 1) / bpp;  // the channel's bytes in a row
    // Row j's pixel p is at row0 + j stride + ch + p bpp; at step t (pixel t - j of row j) that is
    // at + j skew with at = row0 + ch + t bpp.
    const std::size_t skew = stride - bpp;
    I16x8 a = {}, c = {};  // left and upper-left neighbours; 0 ("none") before a row's first pixel
    const auto step = [&](std::size_t t, I16x8 x, std::uint8_t* at, bool edge) {
        // Lane j: row j-1's byte above (a shift of the lanes up by one: one instruction, on the
        // chain from step to step), lane 0: the byte above row 0's.
        const I16x8 zero = {};
        I16x8 above = {};
        above[0] = t < m ? prior0[ch + t * bpp] : 0;
        const I16x8 b = __builtin_shufflevector(zero, a, 0, 8, 9, 10, 11, 12, 13, 14) | above;
        I16x8 decoded = unpaeth_lanes(x, a, b, c);
        if (edge) {  // rows not started yet keep 0; rows done are neither stored nor read again
            for (std::size_t j = 0; j < 8; ++j)
                if (t < j) decoded[j] = 0;
        }
        c = b;
        a = decoded;
        for (std::size_t j = 0; j < 8; ++j)
            if (!edge || (t >= j && t - j < m)) at[j * skew] = static_cast<std::uint8_t>(decoded[j]);
    };
    const auto load = [&](std::size_t t, const std::uint8_t* at, bool edge) {
        I16x8 x = {};
        for (std::size_t j = 0; j < 8; ++j)
            if (!edge || (t >= j && t - j < m)) x[j] = at[j * skew];
        return x;
    };
    const std::size_t steps = m + 7;
    for (std::size_t t = 0; t < steps; ++t) {
        std::uint8_t* at = row0 + ch + t * bpp;  // only ever offset to bytes of the rows (see load)
        if (t >= 7 && t < m) {
            step(t, load(t, at, false), at, false);
        } else {
            step(t, load(t, at, true), at, true);
        }
    }
}

/// The wavefront of unpaeth_eight_rows for `rows` Paeth rows in a row (8 G - 7 .. 8 G, G = 1 or
/// 2) of one byte a pixel (gray, or a plane of one channel: see gather_channel), m bytes each,
/// `stride` bytes apart from row0 (prior0: the row above row0). The lanes of rows beyond `rows`
/// decode garbage that no row reads (it flows only to lanes further on): they read and write
/// `spare` (m + 8 bytes) instead of rows of the image, so that any run of Paeth rows goes
/// through the vector code, at the cost of a full run. Lane j of group g is row 8 g + j, one pixel
/// behind the row above it: the upper neighbour of lane 0 of group g is lane 7 of group g-1 from
/// the previous step. Group g depends on group g-1 and not the other way round, so with G = 2
/// the processor runs two chains of vector operations side by side: one chain (a step is about
/// ten dependent operations, see unpaeth_lanes) took longer than the operations' own throughput.
///
/// The wavefront's bytes lie side by side: row r's pixels t - r .. t - r + 7 are the steps
/// t .. t + 7 of its lane, so the middle of the rows goes 8 steps at a time: each group's 8 x 8
/// block loaded 8 bytes a row, transposed into steps in registers, decoded, transposed back and
/// stored 8 bytes a row. Byte by byte, a step's eight loads and stores (and the lanes'
/// insertions and extractions) took most of the time. The same bytes as unfilter_channel.
template <int G>
__attribute__((always_inline)) inline void unpaeth_plane_rows_here(std::uint8_t* row0, std::size_t stride,
                                                                   const std::uint8_t* prior0, std::size_t m,
                                                                   std::size_t rows, std::uint8_t* spare) {
    constexpr std::size_t R = 8 * G;  // the lanes
    // Row r's pixel p is at row0 + r stride + p; at step t (pixel t - r) that is row0 + t + r skew.
    const std::size_t skew = stride - 1;
    std::uint8_t* at[R];  // lane r's byte of step t: at[r] + t
    for (std::size_t r = 0; r < R; ++r) at[r] = r < rows ? row0 + r * skew : spare;
    const I16x8 zero = {};
    I16x8 a[G] = {}, c[G] = {};  // left and upper-left neighbours; 0 ("none") before a row's first pixel
    // One step's decoded bytes of group g from the filtered ones (x) and the byte above lane 0's
    // (lane 7 of `above`): lane j's upper neighbour is lane j-1 of the bytes decoded last. Lanes
    // 0 .. 6 of those after lane 7 of `above` is one instruction (palignr with SSSE3), on the
    // chain from step to step; for group g > 0, `above` is group g-1's bytes decoded last.
    const auto decode = [&](int g, I16x8 x, I16x8 above) {
        const I16x8 b = __builtin_shufflevector(above, a[g], 7, 8, 9, 10, 11, 12, 13, 14);
        const I16x8 decoded = unpaeth_lanes(x, a[g], b, c[g]);
        c[g] = b;
        return decoded;
    };
    // Steps t0 .. t0 + 7: lane r's 8 bytes at in[r] (read, then overwritten with the decoded
    // ones), the bytes above row 0's at above8.
    const auto block = [&](std::uint8_t* const* in, const std::uint8_t* above8p) {
        const U8x16 zero8 = {};
        U8x16 steps[G][4];
        for (int g = 0; g < G; ++g) {
            U8x16 pairs[4];
            for (std::size_t i = 0; i < 4; ++i) {  // rows 2i and 2i+1 of the group
                std::uint64_t lo = 0, hi = 0;
                std::memcpy(&lo, in[8 * g + 2 * i], 8);
                std::memcpy(&hi, in[8 * g + 2 * i + 1], 8);
                pairs[i] = reinterpret_cast<U8x16>(U64x2{lo, hi});
            }
            transpose8x8(pairs, steps[g]);
        }
        std::uint64_t above8 = 0;
        std::memcpy(&above8, above8p, 8);
        // The bytes above row 0's, the first in lane 7, the next in lane 6, ...: shifted up a lane
        // a step, lane 7 holds the step's.
        const I16x8 above_in_order = reinterpret_cast<I16x8>(__builtin_shufflevector(
            reinterpret_cast<U8x16>(U64x2{above8, 0}), zero8, 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23));
        I16x8 above0 = __builtin_shufflevector(above_in_order, zero, 7, 6, 5, 4, 3, 2, 1, 0);
        for (std::size_t i = 0; i < 4; ++i) {
            // Steps 2i and 2i+1 of each group: widened to 16-bit lanes, decoded, narrowed back.
            I16x8 d[2][G];
            for (std::size_t s = 0; s < 2; ++s) {
                I16x8 above[G];
                above[0] = above0;
                above0 = __builtin_shufflevector(zero, above0, 0, 8, 9, 10, 11, 12, 13, 14);
                for (int g = 1; g < G; ++g) above[g] = a[g - 1];
                for (int g = 0; g < G; ++g) {
                    const I16x8 x =
                        s == 0 ? reinterpret_cast<I16x8>(__builtin_shufflevector(steps[g][i], zero8, 0, 16, 1, 17, 2,
                                                                                 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23))
                               : reinterpret_cast<I16x8>(__builtin_shufflevector(
                                     steps[g][i], zero8, 8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31));
                    d[s][g] = decode(g, x, above[g]);
                }
                for (int g = 0; g < G; ++g) a[g] = d[s][g];
            }
            for (int g = 0; g < G; ++g)
                steps[g][i] =
                    __builtin_shufflevector(reinterpret_cast<U8x16>(d[0][g]), reinterpret_cast<U8x16>(d[1][g]), 0, 2, 4,
                                            6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
        }
        for (int g = 0; g < G; ++g) {
            U8x16 pairs[4];
            transpose8x8(steps[g], pairs);
            for (std::size_t i = 0; i < 4; ++i) {
                const std::uint64_t lo = reinterpret_cast<U64x2>(pairs[i])[0];
                const std::uint64_t hi = reinterpret_cast<U64x2>(pairs[i])[1];
                std::memcpy(in[8 * g + 2 * i], &lo, 8);
                std::memcpy(in[8 * g + 2 * i + 1], &hi, 8);
            }
        }
    };
    // Blocks of steps t0 .. t0 + 7 from t0 = 0 until every row has ended (step m + rows - 2).
    // Where every row is within its pixels (t0 >= rows - 1, t0 + 8 <= m) the block is read and
    // written in place. Elsewhere it goes through `edge`: zeros for pixels before a row's first
    // (decoded as 0 then, as the left, upper and upper-left neighbours "none" are: a row's lane
    // starts at 0 with the lane above it), the decoded bytes of pixels in the rows copied back.
    std::uint8_t edge[R][8], edge_above[8];
    std::uint8_t* in[R];
    for (std::size_t t0 = 0; t0 < m + rows - 1; t0 += 8) {
        if (t0 >= rows - 1 && t0 + 8 <= m) {
            for (std::size_t r = 0; r < R; ++r) in[r] = at[r] + t0;
            block(in, prior0 + t0);
            continue;
        }
        const auto inside = [&](std::size_t r, std::size_t t) { return r < rows && t >= r && t - r < m; };
        for (std::size_t r = 0; r < R; ++r) {
            for (std::size_t k = 0; k < 8; ++k) edge[r][k] = inside(r, t0 + k) ? at[r][t0 + k] : 0;
            in[r] = edge[r];
        }
        for (std::size_t k = 0; k < 8; ++k) edge_above[k] = t0 + k < m ? prior0[t0 + k] : 0;
        block(in, edge_above);
        for (std::size_t r = 0; r < rows; ++r)
            for (std::size_t k = 0; k < 8; ++k)
                if (inside(r, t0 + k)) at[r][t0 + k] = edge[r][k];
    }
}

#if defined(__x86_64__)
/// unpaeth_plane_rows compiled for SSE4.1 (x86-64's baseline is SSE2): unpaeth_lanes's absolute
/// values and selections then take one instruction each (pabsw, pblendvb) instead of two and three.
template <int G>
__attribute__((target("sse4.1"))) void unpaeth_plane_rows_sse41(std::uint8_t* row0, std::size_t stride,
                                                                const std::uint8_t* prior0, std::size_t m,
                                                                std::size_t rows, std::uint8_t* spare) {
    unpaeth_plane_rows_here<G>(row0, stride, prior0, m, rows, spare);
}
#endif

/// unpaeth_plane_rows_here, with SSE4.1 where the processor has it.
template <int G>
void unpaeth_plane_rows(std::uint8_t* row0, std::size_t stride, const std::uint8_t* prior0, std::size_t m,
                        std::size_t rows, std::uint8_t* spare) {
#if defined(__x86_64__)
    static const bool sse41 = __builtin_cpu_supports("sse4.1");
    if (sse41) return unpaeth_plane_rows_sse41<G>(row0, stride, prior0, m, rows, spare);
#endif
    unpaeth_plane_rows_here<G>(row0, stride, prior0, m, rows, spare);
}

/// Moves channel ch (< bpp) of a row's m pixels of bpp bytes (bpp = 2 .. 4) to the row's first m
/// bytes, in place (byte k comes from byte ch + k bpp, never before it, so moving from the first
/// byte on reads each byte before it is overwritten). A plane of one channel is unfiltered with
/// the bytes of 8 steps side by side (see unpaeth_plane_rows) and read by field_from_rows with
/// no stride: for the green channel of RGB(A), the only one it reads.
void gather_channel(std::uint8_t* row, std::size_t m, std::size_t bpp, std::size_t ch);

#if defined(__x86_64__) || defined(__wasm_simd128__)
/// Byte shuffles of gather_channel for bpp = 2 .. 4: mask[bpp - 2][v][i] is where, in the v-th
/// of bpp registers of 16 bytes loaded from a pixel's byte ch on, output byte i lies (bpp i), or
/// 0x80 for none (both pshufb and WebAssembly's swizzle then give 0).
const std::array<std::array<std::array<std::uint8_t, 16>, 4>, 3>& gather_masks() {
    static const auto masks = [] {
        std::array<std::array<std::array<std::uint8_t, 16>, 4>, 3> m{};
        for (std::size_t bpp = 2; bpp <= 4; ++bpp)
            for (std::size_t v = 0; v < 4; ++v)
                for (std::size_t i = 0; i < 16; ++i) {
                    const std::size_t at = bpp * i;
                    m[bpp - 2][v][i] = at / 16 == v ? static_cast<std::uint8_t>(at % 16) : 0x80;
                }
        return m;
    }();
    return masks;
}
#endif

#if defined(__x86_64__)
/// gather_channel's 16 bytes at a time with SSSE3's pshufb (bpp loads, shuffles and ors each);
/// returns the bytes moved, the rest left to the caller.
__attribute__((target("ssse3"))) std::size_t gather_channel_ssse3(std::uint8_t* row, std::size_t m, std::size_t bpp,
                                                                  std::size_t ch) {
    const auto& masks = gather_masks()[bpp - 2];
    __m128i mask[4];
    for (std::size_t v = 0; v < bpp; ++v) mask[v] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(masks[v].data()));
    std::size_t k = 0;
    // The loads of output bytes k .. k + 15 end at byte ch + (k + 16) bpp - 1, within the row.
    for (; ch + (k + 16) * bpp <= m * bpp; k += 16) {
        const std::uint8_t* src = row + ch + k * bpp;
        __m128i out = _mm_setzero_si128();
        for (std::size_t v = 0; v < bpp; ++v)
            out = _mm_or_si128(
                out, _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(src + 16 * v)), mask[v]));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(row + k), out);
    }
    return k;
}
#endif

void gather_channel(std::uint8_t* row, std::size_t m, std::size_t bpp, std::size_t ch) {
    std::size_t k = 0;
#if defined(__x86_64__)
    static const bool ssse3 = __builtin_cpu_supports("ssse3");
    if (ssse3) k = gather_channel_ssse3(row, m, bpp, ch);
#elif defined(__wasm_simd128__)
    const auto& masks = gather_masks()[bpp - 2];
    for (; ch + (k + 16) * bpp <= m * bpp; k += 16) {  // as gather_channel_ssse3, with swizzles
        const std::uint8_t* src = row + ch + k * bpp;
        v128_t out = wasm_i64x2_const(0, 0);
        for (std::size_t v = 0; v < bpp; ++v)
            out = wasm_v128_or(out, wasm_i8x16_swizzle(wasm_v128_load(src + 16 * v), wasm_v128_load(masks[v].data())));
        wasm_v128_store(row + k, out);
    }
#endif
    for (; k < m; ++k) row[k] = row[ch + k * bpp];
}

/// Undoes one row's PNG filter in place (see unfilter_channel), every channel of the bpp. False
/// for a filter type above 4 (the file is corrupt).
bool unfilter_row(int filter, std::uint8_t* cur, const std::uint8_t* prior, std::size_t n, std::size_t bpp) {
    if (filter > 4) return false;
    if (filter == 2) {  // Up has no chain along the row: every byte at once
        for (std::size_t k = 0; k < n; ++k) cur[k] = static_cast<std::uint8_t>(cur[k] + prior[k]);
    } else if (filter != 0) {
        for (std::size_t ch = 0; ch < bpp; ++ch) unfilter_channel(filter, cur, prior, n, bpp, ch);
    }
    return true;
}

/// The common PNG, decoded here without stb_image's full pipeline: 8-bit gray, gray + alpha,
/// RGB or RGBA, not interlaced, with no PLTE, tRNS or CgBI chunk and every chunk whole up to
/// IEND. The IDAT data is inflated as stb_image inflates it (libdeflate, above) and unfiltered in
/// place, so the pixels take (width * channels + 1) * height bytes and are never copied (an
/// 8192 x 8192 RGB photo: 0.2 GB instead of stb_image's 0.4 GB). False for any other PNG and
/// for any problem in the data: the caller then decodes with stb_image, which decodes the
/// others and words the errors, so both paths accept the same files and give the same pixels.
/// With green_only, the rows of an RGB(A) image (gray + alpha: of its gray) are first reduced to
/// their green bytes (gather_channel), each row's at its start, and only those are decoded: the
/// rows given back then have one channel, the green one.
bool decode_png_direct(const std::uint8_t* bytes, std::size_t size, const Checked& c, bool green_only,
                       StbBuffer& expanded, PixelRows& rows) {
    if (size < 8 + 25 || std::memcmp(bytes, "\x89PNG\r\n\x1a\n", 8) != 0) return false;
    const std::uint8_t* ihdr = bytes + 16;  // read_png_header found IHDR first, 13 bytes long
    const int depth = ihdr[8], color = ihdr[9];
    if (depth != 8 || (color != 0 && color != 2 && color != 4 && color != 6) || ihdr[10] != 0 || ihdr[11] != 0 ||
        ihdr[12] != 0)
        return false;
    const int channels = (color & 2 ? 3 : 1) + (color & 4 ? 1 : 0);
    // The IDAT chunks' bodies, in order; the PNG's structure checked as stb_image checks it.
    std::vector<std::pair<const std::uint8_t*, std::size_t>> idat;
    std::size_t idat_bytes = 0, pos = 8 + 25;
    bool iend = false;
    while (!iend) {
        if (size - pos < 12) return false;
        const std::size_t length = be32(bytes + pos);
        if (length > size - pos - 12) return false;
        const std::uint8_t* type = bytes + pos + 4;
        if (std::memcmp(type, "IDAT", 4) == 0) {
            if (length > 0) idat.emplace_back(type + 4, length);
            idat_bytes += length;
        } else if (std::memcmp(type, "IEND", 4) == 0) {
            iend = true;
        } else if ((type[0] & 0x20) == 0) {
            return false;  // IHDR again, PLTE, or a critical chunk stb_image does not know
        } else if (std::memcmp(type, "tRNS", 4) == 0 || std::memcmp(type, "CgBI", 4) == 0) {
            return false;
        }
        pos += 12 + length;
    }
    if (idat_bytes == 0 || idat_bytes > static_cast<std::size_t>(INT32_MAX)) return false;
    const std::size_t row_bytes = static_cast<std::size_t>(c.width) * channels;
    const std::size_t raw_expected = (row_bytes + 1) * static_cast<std::size_t>(c.height);
    if (raw_expected > static_cast<std::size_t>(INT32_MAX)) return false;
    {
        std::vector<std::uint8_t> joined;  // a single IDAT chunk is read where it is
        if (idat.size() > 1) {
            joined.reserve(idat_bytes);
            for (const auto& [body, length] : idat) joined.insert(joined.end(), body, body + length);
        }
        const char* zdata = reinterpret_cast<const char*>(idat.size() > 1 ? joined.data() : idat[0].first);
        int raw_len = 0;
        expanded.reset(reinterpret_cast<std::uint8_t*>(stbi_zlib_decode_malloc_guesssize_headerflag(
            zdata, static_cast<int>(idat_bytes), static_cast<int>(raw_expected), &raw_len, 1)));
        if (!expanded || static_cast<std::size_t>(raw_len) < raw_expected) return false;
    }
    const std::vector<std::uint8_t> zeros(row_bytes, 0);
    std::vector<std::uint8_t> spare;  // unpaeth_plane_rows's lanes beyond its rows
    std::uint8_t* raw = expanded.get();
    // The bytes decoded per row (n) and per pixel (bpp): a plane of the green (or gray) channel
    // alone, or every byte.
    const bool plane = green_only && channels >= 2;
    const std::size_t width = static_cast<std::size_t>(c.width);
    const std::size_t bpp = plane ? 1 : static_cast<std::size_t>(channels), n = plane ? width : row_bytes;
    if (plane) {
        for (long long r = 0; r < c.height; ++r)
            gather_channel(raw + static_cast<std::size_t>(r) * (row_bytes + 1) + 1, width,
                           static_cast<std::size_t>(channels), channels >= 3 ? 1 : 0);
    }
    for (long long r = 0; r < c.height; ++r) {
        std::uint8_t* row = raw + static_cast<std::size_t>(r) * (row_bytes + 1);
        const std::uint8_t* prior = r == 0 ? zeros.data() : row - row_bytes;
        // Paeth rows in a row: with one byte a pixel, any run of up to sixteen at once
        // (unpaeth_plane_rows); else eight (unpaeth_eight_rows), or up to four (unpaeth_rows).
        std::uint8_t* cur[8] = {};
        const int most = bpp == 1 ? 16 : 8;
        int run = 0;
        while (run < most && r + run < c.height && row[static_cast<std::size_t>(run) * (row_bytes + 1)] == 4) {
            if (run < 8) cur[run] = row + static_cast<std::size_t>(run) * (row_bytes + 1) + 1;
            ++run;
        }
        if (run >= 2 && bpp == 1) {
            if (spare.empty()) spare.resize(n + 8);
            if (run > 8) {
                unpaeth_plane_rows<2>(row + 1, row_bytes + 1, prior, n, static_cast<std::size_t>(run), spare.data());
            } else {
                unpaeth_plane_rows<1>(row + 1, row_bytes + 1, prior, n, static_cast<std::size_t>(run), spare.data());
            }
            r += run - 1;
        } else if (run >= 2) {
            if (run < 8) run = std::min(run, 4);
            for (std::size_t ch = 0; ch < bpp; ++ch) {
                if (run == 8) {
                    unpaeth_eight_rows(row + 1, row_bytes + 1, prior, n, bpp, ch);
                } else if (run == 4) {
                    unpaeth_rows<4>(cur, prior, n, bpp, ch);
                } else if (run == 3) {
                    unpaeth_rows<3>(cur, prior, n, bpp, ch);
                } else {
                    unpaeth_rows<2>(cur, prior, n, bpp, ch);
                }
            }
            r += run - 1;
        } else if (!unfilter_row(row[0], row + 1, prior, n, bpp)) {
            return false;
        }
    }
    rows = {raw + 1, row_bytes + 1, static_cast<int>(c.width), static_cast<int>(c.height), plane ? 1 : channels};
    return true;
}

}  // namespace

Result<RgbImage> decode_image(const std::uint8_t* bytes, std::size_t size, const DecodeLimits& limits) {
    using R = Result<RgbImage>;
    Checked checked;
    if (const Status bad = check_image(bytes, size, limits, checked); !bad) return R::failure(bad.error());
    StbBuffer pixels(nullptr, stbi_image_free);
    PixelRows rows;
    if (const Status bad = decode_stb(checked, pixels, rows); !bad) return R::failure(bad.error());
    RgbImage out;
    out.width = rows.width;
    out.height = rows.height;
    out.rgb.assign(pixels.get(), pixels.get() + static_cast<std::size_t>(rows.width) * rows.height * 3);
    return out;
}

namespace {

/// One pixel's analysed value: the channel (green, or BT.601 luma of R, G, B; gray pixels
/// count as R = G = B, as stb_image's RGB gives them) scaled as asked. `p` points at the
/// pixel's first byte, `channels` as in PixelRows.
inline double pixel_value(const std::uint8_t* p, int channels, Channel channel, Scale scale) {
    const std::uint8_t r = p[0], g = channels >= 3 ? p[1] : p[0], b = channels >= 3 ? p[2] : p[0];
    double v = channel == Channel::green ? static_cast<double>(g) : 0.299 * r + 0.587 * g + 0.114 * b;
    switch (scale) {
        case Scale::pm1:
            v = v / 127.5 - 1.0;
            break;
        case Scale::unit:
            v = v / 255.0;
            break;
        case Scale::raw:
            break;
    }
    return v;
}

}  // namespace

Field image_channel(const RgbImage& image, Channel channel, Scale scale) {
    Field f(image.height, image.width);
    const std::uint8_t* p = image.rgb.data();
    for (std::size_t i = 0; i < f.size(); ++i, p += 3) f.data[i] = pixel_value(p, 3, channel, scale);
    return f;
}

Field crop_center_square(const Field& field) {
    const int s = std::min(field.rows, field.cols);
    const int r0 = (field.rows - s) / 2;
    const int c0 = (field.cols - s) / 2;
    Field out(s, s);
    for (int r = 0; r < s; ++r) {
        std::copy_n(&field.at(r0 + r, c0), s, &out.at(r, 0));
    }
    return out;
}

namespace {

/// Sparse weights of a 1-D exact area-average from n to m samples: output j is
/// sum over taps of weight * input[index]. With all coordinates multiplied by n*m the
/// interval ends j*n and input pixel edges i*m are integers, so each overlap is exact.
struct Taps {
    std::vector<int> first;       // first input index of output j
    std::vector<int> count;       // number of inputs of output j
    std::vector<double> weights;  // concatenated, count[j] per output
};

Taps area_taps(int n, int m) {
    assert(n >= 1 && m >= 1);
    Taps t;
    t.first.resize(m);
    t.count.resize(m);
    for (int j = 0; j < m; ++j) {
        const long long a = static_cast<long long>(j) * n;  // interval [a, b) in units 1/m
        const long long b = static_cast<long long>(j + 1) * n;
        const int i0 = static_cast<int>(a / m);
        const int i1 = static_cast<int>((b + m - 1) / m);  // exclusive
        t.first[j] = i0;
        t.count[j] = i1 - i0;
        for (int i = i0; i < i1; ++i) {
            const long long lo = std::max(a, static_cast<long long>(i) * m);
            const long long hi = std::min(b, static_cast<long long>(i + 1) * m);
            // overlap (hi-lo)/m pixels, divided by s = n/m.
            t.weights.push_back(static_cast<double>(hi - lo) / static_cast<double>(n));
        }
    }
    return t;
}

/// The first (horizontal) pass of resize_area for one row: in has the input's columns,
/// out gets tc.first.size() values, each the taps' weighted sum.
void resize_row(const double* in, const Taps& tc, double* out) {
    std::size_t k = 0;
    for (std::size_t j = 0; j < tc.first.size(); ++j) {
        double acc = 0.0;
        for (int q = 0; q < tc.count[j]; ++q) acc += tc.weights[k++] * in[tc.first[j] + q];
        out[j] = acc;
    }
}

/// The second (vertical) pass of resize_area: `tmp` (input rows x output columns, from
/// resize_row) to out_rows rows of weighted sums of its rows.
Field resize_rows(const Field& tmp, const Taps& tr) {
    const int out_rows = static_cast<int>(tr.first.size()), out_cols = tmp.cols;
    Field out(out_rows, out_cols);
    std::size_t k = 0;
    for (int j = 0; j < out_rows; ++j) {
        double* o = &out.at(j, 0);
        for (int q = 0; q < tr.count[j]; ++q, ++k) {
            const double w = tr.weights[k];
            const double* in = &tmp.at(tr.first[j] + q, 0);
            for (int c = 0; c < out_cols; ++c) o[c] += w * in[c];
        }
    }
    return out;
}

}  // namespace

Field resize_area(const Field& field, int out_rows, int out_cols) {
    assert(out_rows >= 1 && out_cols >= 1 && field.rows >= 1 && field.cols >= 1);
    const Taps tc = area_taps(field.cols, out_cols);
    const Taps tr = area_taps(field.rows, out_rows);
    Field tmp(field.rows, out_cols);  // columns first
    for (int r = 0; r < field.rows; ++r) resize_row(&field.at(r, 0), tc, &tmp.at(r, 0));
    return resize_rows(tmp, tr);
}

namespace {

Result<Field> size_out_of_range(int size) {
    return Result<Field>::failure("size must be between 1 and 4096 pixels (or 0 to keep the image's size), got " +
                                  std::to_string(size));
}

/// prepare_field on decoded rows, in one pass over the rows it uses: each row of the crop
/// window becomes analysed values and, when resizing, is area-averaged along its columns at
/// once, so no field of the whole image (8 bytes a pixel) or of the crop is ever held: the
/// memory is the result plus, when resizing, one field of (crop rows) x size. The values are
/// those of image_channel, crop_center_square and resize_area in turn, bit for bit.
Status field_from_rows(const PixelRows& px, const PrepareConfig& cfg, Field& out) {
    using R = Status;
    const int side = std::min(px.width, px.height);
    const int rows = cfg.crop_square ? side : px.height, cols = cfg.crop_square ? side : px.width;
    if (cfg.size == 0 && static_cast<long long>(rows) * cols > cfg.max_field_pixels) {
        return R::failure("kept at its own size (size 0) the field to analyse would be " + describe_size(cols, rows) +
                          "; at most " + std::to_string(cfg.max_field_pixels) +
                          " pixels are analysed: resize it (a size from 1 to 4096)");
    }
    if (cfg.size > 0 && rows != cols) {
        return R::failure("resizing needs a square field: crop it first or keep its size (size 0)");
    }
    const int r0 = (px.height - rows) / 2, c0 = (px.width - cols) / 2;
    // The green channel's value depends on one byte: pixel_value of each of the 256, looked up.
    std::array<double, 256> green{};
    for (int v = 0; v < 256; ++v) {
        const std::uint8_t pixel[3] = {0, static_cast<std::uint8_t>(v), 0};
        green[static_cast<std::size_t>(v)] = pixel_value(pixel, 3, Channel::green, cfg.scale);
    }
    const std::size_t g = px.channels >= 3 ? 1 : 0;  // the green byte of a pixel (gray: its only one)
    const auto values = [&](int r, double* dst) {    // row r of the window, cols values
        const std::uint8_t* p =
            px.data + static_cast<std::size_t>(r0 + r) * px.stride + static_cast<std::size_t>(c0) * px.channels;
        if (cfg.channel == Channel::green) {
            int c = 0;
            if (px.channels == 1) {
                // A plane of green bytes: two values a store (16 bytes). The loop is bound by its
                // stores; with one store a value it took about half as long again.
                typedef double F64x2 __attribute__((vector_size(16), aligned(8)));
                for (; c + 2 <= cols; c += 2) {
                    const F64x2 pair = {green[p[c]], green[p[c + 1]]};
                    std::memcpy(dst + c, &pair, sizeof pair);
                }
                p += c;
            }
            for (; c < cols; ++c, p += px.channels) dst[c] = green[p[g]];
        } else {
            for (int c = 0; c < cols; ++c, p += px.channels)
                dst[c] = pixel_value(p, px.channels, cfg.channel, cfg.scale);
        }
    };
    if (cfg.size == 0 || rows == cfg.size) {
        // Every value is written below: out's storage is kept when it has the size already (the
        // images of a corpus), neither zeroed first nor allocated again.
        out.rows = rows;
        out.cols = cols;
        out.data.resize(static_cast<std::size_t>(rows) * cols);
        for (int r = 0; r < rows; ++r) values(r, &out.at(r, 0));
        return {};
    }
    const Taps tc = area_taps(cols, cfg.size);
    const Taps tr = area_taps(rows, cfg.size);
    Field tmp(rows, cfg.size);
    std::vector<double> line(static_cast<std::size_t>(cols));
    for (int r = 0; r < rows; ++r) {
        values(r, line.data());
        resize_row(line.data(), tc, &tmp.at(r, 0));
    }
    out = resize_rows(tmp, tr);
    return {};
}

}  // namespace

Result<Field> prepare_field(const RgbImage& rgb, const PrepareConfig& cfg) {
    if (cfg.size < 0 || cfg.size > 4096) return size_out_of_range(cfg.size);
    assert(rgb.rgb.size() == static_cast<std::size_t>(rgb.width) * rgb.height * 3);
    Field out;
    const Status made =
        field_from_rows({rgb.rgb.data(), static_cast<std::size_t>(rgb.width) * 3, rgb.width, rgb.height, 3}, cfg, out);
    if (!made) return Result<Field>::failure(made.error());
    return out;
}

Result<Field> prepare_field(const std::uint8_t* bytes, std::size_t n, const PrepareConfig& cfg) {
    Field out;
    const Status made = prepare_field_into(bytes, n, cfg, out);
    if (!made) return Result<Field>::failure(made.error());
    return out;
}

Status prepare_field_into(const std::uint8_t* bytes, std::size_t n, const PrepareConfig& cfg, Field& out) {
    using R = Status;
    // A size out of range is reported before the file is decoded (it is the caller's to fix first).
    if (cfg.size < 0 || cfg.size > 4096) return R::failure(size_out_of_range(cfg.size).error());
    Checked checked;
    if (const Status bad = check_image(bytes, n, {}, checked); !bad) return R::failure(bad.error());
    // The common PNG is decoded here, in place; everything else (and every problem) by stb_image.
    StbBuffer pixels(nullptr, stbi_image_free);
    PixelRows rows;
    if (!decode_png_direct(bytes, n, checked, cfg.channel == Channel::green, pixels, rows)) {
        pixels.reset();
        if (const Status bad = decode_stb(checked, pixels, rows); !bad) return R::failure(bad.error());
    }
    checked.png = {};  // the copy for stb_image, if any, is not needed any more
    return field_from_rows(rows, cfg, out);
}

}  // namespace tide::core
