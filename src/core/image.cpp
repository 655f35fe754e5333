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
    const auto abs16 = [](I16x8 x) {
        const I16x8 sign = x >> 15;
        return (x ^ sign) - sign;
    };
    const auto select = [](I16x8 mask, I16x8 yes, I16x8 no) { return (yes & mask) | (no & ~mask); };
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
        // The predictor as paeth() computes it, lane by lane (comparisons give -1 or 0).
        const I16x8 e = b - c, d = a - c;
        const I16x8 pa = abs16(e), pb = abs16(d), pc = abs16(d + e);
        const I16x8 pred = select((pa <= pb) & (pa <= pc), a, select(pb <= pc, b, c));
        I16x8 decoded = (x + pred) & 0xFF;
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

/// Undoes one row's PNG filter in place (see unfilter_channel): every channel of the bpp, or
/// only channel `only` if it is below bpp. False for a filter type above 4 (the file is corrupt).
bool unfilter_row(int filter, std::uint8_t* cur, const std::uint8_t* prior, std::size_t n, std::size_t bpp,
                  std::size_t only) {
    if (filter > 4) return false;
    if (only < bpp) {
        unfilter_channel(filter, cur, prior, n, bpp, only);
    } else if (filter == 2) {  // Up has no chain along the row: every byte at once
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
/// With green_only, an RGB(A) image's rows are decoded in their green bytes only (the others
/// are left filtered: only the green channel may then be read).
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
    std::uint8_t* raw = expanded.get();
    const std::size_t bpp = static_cast<std::size_t>(channels);
    const std::size_t only = green_only && channels >= 3 ? 1 : bpp;  // the green byte, or all
    for (long long r = 0; r < c.height; ++r) {
        std::uint8_t* row = raw + static_cast<std::size_t>(r) * (row_bytes + 1);
        const std::uint8_t* prior = r == 0 ? zeros.data() : row - row_bytes;
        // Paeth rows in a row: eight (unpaeth_eight_rows), or up to four decoded at once (unpaeth_rows).
        std::uint8_t* cur[8] = {};
        int run = 0;
        while (run < 8 && r + run < c.height && row[static_cast<std::size_t>(run) * (row_bytes + 1)] == 4) {
            cur[run] = row + static_cast<std::size_t>(run) * (row_bytes + 1) + 1;
            ++run;
        }
        if (run >= 2) {
            if (run < 8) run = std::min(run, 4);
            for (std::size_t ch = only < bpp ? only : 0; ch < (only < bpp ? only + 1 : bpp); ++ch) {
                if (run == 8) {
                    unpaeth_eight_rows(row + 1, row_bytes + 1, prior, row_bytes, bpp, ch);
                } else if (run == 4) {
                    unpaeth_rows<4>(cur, prior, row_bytes, bpp, ch);
                } else if (run == 3) {
                    unpaeth_rows<3>(cur, prior, row_bytes, bpp, ch);
                } else {
                    unpaeth_rows<2>(cur, prior, row_bytes, bpp, ch);
                }
            }
            r += run - 1;
        } else if (!unfilter_row(row[0], row + 1, prior, row_bytes, bpp, only)) {
            return false;
        }
    }
    rows = {raw + 1, row_bytes + 1, static_cast<int>(c.width), static_cast<int>(c.height), channels};
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
            for (int c = 0; c < cols; ++c, p += px.channels) dst[c] = green[p[g]];
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
