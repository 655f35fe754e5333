// check_jpeg_huffman: stb_image 2.27's JPEG marker walk, reading only what decides which DHT
// segments it processes and which Huffman tables each scan decodes with
// (stbi__decode_jpeg_header, stbi__decode_jpeg_image, stbi__process_marker,
// stbi__process_scan_header, stbi__parse_entropy_coded_data and stbi__grow_buffer_unsafe in
// stb_image.h).
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

/// The Huffman tables DHT segments have defined so far: defined[0][th] DC table th,
/// defined[1][th] AC table th (th 0 .. 3).
using Defined = bool[2][4];

/// stbi__process_marker for one marker: what it reads, and whether it goes on. A DHT's tables
/// are marked in `defined`; one of more than 256 codes gives too_many_codes (count in `codes`).
Step process_marker(Reader& r, int m, int& codes, Defined& defined) {
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
                defined[q >> 4][q & 15] = true;
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

Status undefined_table(int cls, int th) {
    return Status::failure(std::string("the image data is corrupt (a JPEG scan uses ") + (cls == 0 ? "DC" : "AC") +
                           " Huffman table " + std::to_string(th) + ", which the file does not define before it)");
}

enum class Scan { ok, stb_refuses, undefined_table, before_dc_first };

Status before_dc_first(int id) {
    return Status::failure("the image data is corrupt (a progressive JPEG scans component " + std::to_string(id) +
                           " before its first DC scan)");
}

Status never_scanned(int id) {
    return Status::failure("the image data is corrupt (a progressive JPEG has no first DC scan of component " +
                           std::to_string(id) + ")");
}

/// stbi__process_scan_header, then which tables stbi__parse_entropy_coded_data decodes the
/// scan's components with: sequential frames (SOF0, SOF1) DC table hd and AC table ha of each;
/// progressive ones (SOF2) DC table hd in a DC scan's first pass (Ss = 0, Ah = 0), none in its
/// refinement (Ah > 0, single bits), AC table ha in every AC scan (Ss > 0). A table no earlier
/// DHT defined gives undefined_table, its class (0 DC, 1 AC) and id in `cls` and `th`.
/// stb_image allocates a progressive frame's coefficients without zeroing them; a DC first
/// pass zeroes each block of its components: any other scan of a component none has started
/// (started[id] false) gives before_dc_first, the component id in `th`.
Scan check_scan(Reader& r, bool progressive, const Defined& defined, bool (&started)[256], int& cls, int& th) {
    const int length = r.get16(), n = r.get8();
    if (n < 1 || n > 4 || length != 6 + 2 * n) return Scan::stb_refuses;
    int hd[4] = {}, ha[4] = {}, id[4] = {};
    for (int i = 0; i < n; ++i) {
        id[i] = r.get8();  // (stb_image refuses an id the frame does not have)
        const int q = r.get8();
        hd[i] = q >> 4;
        ha[i] = q & 15;
        if (hd[i] > 3 || ha[i] > 3) return Scan::stb_refuses;
    }
    const int ss = r.get8();
    r.get8();  // Se
    const int ah = r.get8() >> 4;
    const bool uses_dc = !progressive || (ss == 0 && ah == 0);
    const bool uses_ac = !progressive || ss > 0;
    for (int i = 0; i < n; ++i) {
        if (progressive && !(ss == 0 && ah == 0) && !started[id[i]]) {
            th = id[i];
            return Scan::before_dc_first;
        }
        if (uses_dc && !defined[0][hd[i]]) {
            cls = 0;
            th = hd[i];
            return Scan::undefined_table;
        }
        if (uses_ac && !defined[1][ha[i]]) {
            cls = 1;
            th = ha[i];
            return Scan::undefined_table;
        }
    }
    if (progressive && ss == 0 && ah == 0)
        for (int i = 0; i < n; ++i) started[id[i]] = true;
    return Scan::ok;
}

}  // namespace

Status check_jpeg_huffman(const std::uint8_t* bytes, std::size_t size) {
    Reader r{bytes, size};
    if (r.marker() != kSoi) return {};  // not a JPEG to stb_image
    int codes = 0;
    Defined defined = {};

    // stbi__decode_jpeg_header: markers up to the frame header, skipping bytes between them.
    int m = r.marker();
    while (!is_sof(m)) {
        const Step step = process_marker(r, m, codes, defined);
        if (step == Step::too_many_codes) return too_many(codes);
        if (step == Step::stb_refuses) return {};
        m = r.marker();
        while (m == kNone) {
            if (r.at_eof()) return {};
            m = r.marker();
        }
    }
    // The frame header (stb_image checks it; a bad one ends its reading): its component ids.
    const bool progressive = m == 0xC2;
    const int frame_length = r.get16();
    r.skip(5);  // precision, height, width
    const int components = r.get8();
    if (components < 1 || components > 4 || frame_length != 8 + 3 * components) return {};
    int frame_ids[4] = {};
    for (int i = 0; i < components; ++i) {
        frame_ids[i] = r.get8();
        r.skip(2);  // sampling factors, quantisation table
    }
    bool started[256] = {};

    // stbi__decode_jpeg_image: scans and the markers between them, up to the end of the image.
    m = r.marker();
    while (m != kEoi) {
        if (m == kSos) {
            // The scan header: stb_image decodes with the tables it names as they are (its
            // huff_dc and huff_ac are not initialised), so each must have been defined.
            int cls = 0, th = 0;
            const Scan scan = check_scan(r, progressive, defined, started, cls, th);
            if (scan == Scan::undefined_table) return undefined_table(cls, th);
            if (scan == Scan::before_dc_first) return before_dc_first(th);
            if (scan == Scan::stb_refuses) return {};
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
            const Step step = process_marker(r, m, codes, defined);
            if (step == Step::too_many_codes) return too_many(codes);
            if (step == Step::stb_refuses) return {};
        }
        m = r.marker();
    }
    // At the end stb_image turns every component's coefficients into pixels.
    if (progressive)
        for (int i = 0; i < components; ++i)
            if (!started[frame_ids[i]]) return never_scanned(frame_ids[i]);
    return {};
}

}  // namespace tide::core
