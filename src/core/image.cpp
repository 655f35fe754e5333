// Image decoding (stb_image, the only includer; the headers read by us first), channel
// extraction, crop and resize.
#include "image.hpp"

#include <algorithm>
#include <array>
#include <cassert>
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
#include <stb_image.h>

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

std::uint32_t crc32(const std::uint8_t* p, std::size_t n) {
    static const auto table = [] {
        std::array<std::uint32_t, 256> t{};
        for (std::uint32_t i = 0; i < 256; ++i) {
            std::uint32_t c = i;
            for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[i] = c;
        }
        return t;
    }();
    std::uint32_t c = 0xFFFFFFFFu;
    for (std::size_t i = 0; i < n; ++i) c = table[(c ^ p[i]) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
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

Result<RgbImage> decode_image(const std::uint8_t* bytes, std::size_t size, const DecodeLimits& limits) {
    using R = Result<RgbImage>;
    if (size == 0) return R::failure("the file is empty");
    if (size > static_cast<std::size_t>(INT32_MAX)) return R::failure("the file is larger than 2 GiB");
    // stb_image 2.27 overruns its Huffman tables on some corrupt JPEGs: those are refused
    // before it reads anything (jpeg_guard.hpp).
    if (const Status bad = check_jpeg_huffman(bytes, size); !bad) return R::failure(bad.error());
    // ... and allocates what a PNG's IDAT chunk claims before reading it (png_guard.hpp).
    if (const Status bad = check_png_idat(bytes, size); !bad) return R::failure(bad.error());
    // stb_image 2.27 copies an empty IDAT chunk before a PNG's data to a null pointer: such
    // chunks, which hold nothing, are left out of what it reads (png_guard.hpp).
    const std::vector<std::uint8_t> png = png_without_leading_empty_idat(bytes, size);
    const auto* buf = reinterpret_cast<const stbi_uc*>(png.empty() ? bytes : png.data());
    const int len = static_cast<int>(png.empty() ? size : png.size());

    // The size comes from our own reading of the header wherever the format has one, so a
    // header claiming a huge image is refused before stb_image allocates anything for it.
    const Header header = read_header(bytes, size);
    if (!header.error.empty()) return R::failure(header.error);
    long long w = header.width, h = header.height;
    if (!header.format) {
        int iw = 0, ih = 0, comp = 0;  // TGA, or nothing we read
        if (!stbi_info_from_memory(buf, len, &iw, &ih, &comp))
            return R::failure("not a PNG, JPEG, GIF, BMP or TGA image (its header matches none of them)");
        w = iw;
        h = ih;
    } else if (w < 0 || h < 0) {
        return R::failure(std::string("the image data is corrupt or truncated (the ") + header.format +
                          " header is incomplete)");
    }
    if (w > limits.max_side_px || h > limits.max_side_px || w * h > limits.max_pixels) {
        return R::failure("the image is " + describe_size(w, h) + "; images of " + limits.describe() + " are accepted");
    }
    if (w < limits.min_side_px || h < limits.min_side_px) {
        return R::failure("the image is " + describe_size(w, h) + "; need at least " +
                          std::to_string(limits.min_side_px) + "x" + std::to_string(limits.min_side_px));
    }

    int dw = 0, dh = 0, comp = 0;
    std::unique_ptr<stbi_uc, void (*)(void*)> pixels(stbi_load_from_memory(buf, len, &dw, &dh, &comp, 3),
                                                     stbi_image_free);
    if (!pixels) {
        return R::failure(std::string("the image data is corrupt or truncated (") + stbi_failure_reason() + ")");
    }
    if (dw != w || dh != h) {  // cannot happen for a consistent file; never trust it blindly
        return R::failure("the image data is corrupt: its header says " + describe_size(w, h) + ", its data " +
                          describe_size(dw, dh));
    }
    RgbImage out;
    out.width = dw;
    out.height = dh;
    out.rgb.assign(pixels.get(), pixels.get() + static_cast<std::size_t>(dw) * dh * 3);
    return out;
}

Field image_channel(const RgbImage& image, Channel channel, Scale scale) {
    Field f(image.height, image.width);
    const std::uint8_t* p = image.rgb.data();
    for (std::size_t i = 0; i < f.size(); ++i, p += 3) {
        double v = channel == Channel::green ? static_cast<double>(p[1]) : 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2];
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
        f.data[i] = v;
    }
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

}  // namespace

Field resize_area(const Field& field, int out_rows, int out_cols) {
    assert(out_rows >= 1 && out_cols >= 1 && field.rows >= 1 && field.cols >= 1);
    const Taps tc = area_taps(field.cols, out_cols);
    const Taps tr = area_taps(field.rows, out_rows);

    Field tmp(field.rows, out_cols);  // columns first
    for (int r = 0; r < field.rows; ++r) {
        const double* in = &field.at(r, 0);
        std::size_t k = 0;
        for (int j = 0; j < out_cols; ++j) {
            double acc = 0.0;
            for (int q = 0; q < tc.count[j]; ++q) acc += tc.weights[k++] * in[tc.first[j] + q];
            tmp.at(r, j) = acc;
        }
    }
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

namespace {

Result<Field> size_out_of_range(int size) {
    return Result<Field>::failure("size must be between 1 and 4096 pixels (or 0 to keep the image's size), got " +
                                  std::to_string(size));
}

}  // namespace

Result<Field> prepare_field(const RgbImage& rgb, const PrepareConfig& cfg) {
    using R = Result<Field>;
    if (cfg.size < 0 || cfg.size > 4096) return size_out_of_range(cfg.size);
    if (cfg.size == 0) {
        const long long side = std::min(rgb.width, rgb.height);
        const long long rows = cfg.crop_square ? side : rgb.height, cols = cfg.crop_square ? side : rgb.width;
        if (rows * cols > cfg.max_field_pixels) {
            return R::failure("kept at its own size (size 0) the field to analyse would be " +
                              describe_size(cols, rows) + "; at most " + std::to_string(cfg.max_field_pixels) +
                              " pixels are analysed: resize it (a size from 1 to 4096)");
        }
    }
    Field f = image_channel(rgb, cfg.channel, cfg.scale);
    if (cfg.crop_square) f = crop_center_square(f);
    if (cfg.size > 0) {
        if (f.rows != f.cols) {
            return R::failure("resizing needs a square field: crop it first or keep its size (size 0)");
        }
        if (f.rows != cfg.size) f = resize_area(f, cfg.size, cfg.size);
    }
    return f;
}

Result<Field> prepare_field(const std::uint8_t* bytes, std::size_t n, const PrepareConfig& cfg) {
    // A size out of range is reported before the file is decoded (it is the caller's to fix first).
    if (cfg.size < 0 || cfg.size > 4096) return size_out_of_range(cfg.size);
    auto image = decode_image(bytes, n);
    if (!image) return Result<Field>::failure(image.error());
    return prepare_field(image.value(), cfg);
}

}  // namespace tide::core
