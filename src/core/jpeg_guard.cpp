// check_jpeg_huffman: stb_image 2.27's JPEG marker walk, reading only what decides which DHT
// segments it processes (stbi__decode_jpeg_header, stbi__decode_jpeg_image,
// stbi__process_marker and stbi__grow_buffer_unsafe in stb_image.h).
#include "jpeg_guard.hpp"

namespace tide::core {

namespace {

constexpr int kNone = 0xFF;  // STBI__MARKER_none
constexpr int kSoi = 0xD8, kEoi = 0xD9, kSos = 0xDA, kDnl = 0xDC, kDht = 0xC4, kDqt = 0xDB, kDri = 0xDD;

bool is_sof(int m) {
    return m == 0xC0 || m == 0xC1 || m == 0xC2;
}  // stbi__SOF: what stb_image decodes
bool is_restart(int m) {
    return m >= 0xD0 && m <= 0xD7;
}

/// stb_image's memory reader: past the end it reads zeros, and a skip may go past the end.
struct Reader {
    const std::uint8_t* bytes;
    std::size_t size;
    std::size_t pos = 0;

    int get8() { return pos < size ? bytes[pos++] : 0; }
    int get16() {
        const int hi = get8();
        return (hi << 8) + get8();
    }
    bool at_eof() const { return pos >= size; }
    void skip(long n) {
        if (n < 0)
            pos = size;
        else
            pos += static_cast<std::size_t>(n);
    }
    /// stbi__get_marker: 0xFF, any fill bytes 0xFF, then the marker; kNone if no 0xFF.
    int marker() {
        int x = get8();
        if (x != 0xFF) return kNone;
        while (x == 0xFF) x = get8();
        return x;
    }
};

enum class Step { ok, stb_refuses, too_many_codes };

/// stbi__process_marker for one marker: what it reads, and whether it goes on.
Step process_marker(Reader& r, int m, int& codes) {
    switch (m) {
        case kDri:
            if (r.get16() != 4) return Step::stb_refuses;
            r.get16();
            return Step::ok;
        case kDqt: {
            long left = r.get16() - 2;
            while (left > 0) {
                const int q = r.get8(), precision = q >> 4, table = q & 15;
                if ((precision != 0 && precision != 1) || table > 3) return Step::stb_refuses;
                for (int i = 0; i < 64; ++i) {
                    if (precision)
                        r.get16();
                    else
                        r.get8();
                }
                left -= precision ? 129 : 65;
            }
            return left == 0 ? Step::ok : Step::stb_refuses;
        }
        case kDht: {
            long left = r.get16() - 2;
            while (left > 0) {
                const int q = r.get8();
                if ((q >> 4) > 1 || (q & 15) > 3) return Step::stb_refuses;
                int n = 0;
                for (int i = 0; i < 16; ++i) n += r.get8();
                if (n > 256) {
                    codes = n;
                    return Step::too_many_codes;
                }
                left -= 17;
                r.skip(n);  // the symbols
                left -= n;
            }
            return left == 0 ? Step::ok : Step::stb_refuses;
        }
        default:
            if ((m >= 0xE0 && m <= 0xEF) || m == 0xFE) {  // APPn, COM
                const long length = r.get16();
                if (length < 2) return Step::stb_refuses;
                r.skip(length - 2);
                return Step::ok;
            }
            return Step::stb_refuses;  // kNone ("expected marker") and markers it does not know
    }
}

Status too_many(int codes) {
    return Status::failure("the image data is corrupt (a JPEG Huffman table of " + std::to_string(codes) +
                           " codes; a table has at most 256)");
}

}  // namespace

Status check_jpeg_huffman(const std::uint8_t* bytes, std::size_t size) {
    Reader r{bytes, size};
    if (r.marker() != kSoi) return {};  // not a JPEG to stb_image
    int codes = 0;

    // stbi__decode_jpeg_header: markers up to the frame header, skipping bytes between them.
    int m = r.marker();
    while (!is_sof(m)) {
        const Step step = process_marker(r, m, codes);
        if (step == Step::too_many_codes) return too_many(codes);
        if (step == Step::stb_refuses) return {};
        m = r.marker();
        while (m == kNone) {
            if (r.at_eof()) return {};
            m = r.marker();
        }
    }
    r.skip(r.get16() - 2);  // the frame header (stb_image checks it; a bad one ends its reading)

    // stbi__decode_jpeg_image: scans and the markers between them, up to the end of the image.
    m = r.marker();
    while (m != kEoi) {
        if (m == kSos) {
            r.skip(r.get16() - 2);  // the scan header
            // The entropy-coded data runs to its first marker: 0xFF (and fill bytes 0xFF)
            // followed by neither a stuffed 0 nor a restart marker. stb_image's decoder stops
            // there, or earlier if it has all its blocks and then finds no marker at the next
            // 0xFF, which it refuses; either way no DHT is read before that marker.
            m = kNone;
            while (!r.at_eof()) {
                if (r.get8() != 0xFF) continue;
                int c = r.get8();
                while (c == 0xFF) c = r.get8();
                if (c == 0 || is_restart(c)) continue;
                m = c;
                break;
            }
            if (m == kNone) return {};  // the data ends without a marker: stb_image refuses it
            continue;
        }
        if (m == kDnl) {
            r.get16();
            r.get16();
        } else {
            const Step step = process_marker(r, m, codes);
            if (step == Step::too_many_codes) return too_many(codes);
            if (step == Step::stb_refuses) return {};
        }
        m = r.marker();
    }
    return {};
}

}  // namespace tide::core
