// decode_ogg_vorbis: the only file that includes stb_vorbis (Debian's stb_vorbis.h carries
// the implementation). The decoder's state is owned by a unique_ptr.
#include <array>
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "audio.hpp"
#include "vorbis_guard.hpp"

#include <stb_vorbis.h>
// Macros its implementation leaves defined.
#undef L
#undef C
#undef R
#undef CHECK
#undef TRUE
#undef FALSE

namespace tide::core {

namespace {

constexpr std::size_t kMaxArenaBytes = 64u << 20;

struct CloseVorbis {
    void operator()(stb_vorbis* v) const { stb_vorbis_close(v); }
};

std::string open_error(int error) {
    switch (error) {
        case VORBIS_unexpected_eof:
            return "the Ogg Vorbis file is truncated (its headers are cut off)";
        case VORBIS_outofmem:
            return "the Ogg Vorbis file needs more than 64 MiB of decoder memory (corrupt?)";
        case VORBIS_feature_not_supported:
            return "the Ogg Vorbis file uses floor type 0, which is not supported";
        case VORBIS_too_many_channels:
            return "the Ogg Vorbis file has more than 16 channels, which is not supported";
        case VORBIS_missing_capture_pattern:
        case VORBIS_invalid_first_page:
        case VORBIS_bad_packet_type:
        case VORBIS_ogg_skeleton_not_supported:
            return "the Ogg file does not hold a Vorbis stream (Ogg Opus, FLAC and Speex are not supported)";
        default:
            return "the Ogg Vorbis data is corrupt (stb_vorbis error " + std::to_string(error) + ")";
    }
}

/// True if the Ogg pages run well-formed up to a page that the end of the file cuts short:
/// told apart from corrupt data, which stb_vorbis reports with the same error codes.
bool last_page_cut(const std::uint8_t* bytes, std::size_t size) {
    std::size_t pos = 0;
    while (pos < size) {
        if (size - pos < 27) return true;
        if (bytes[pos] != 'O' || bytes[pos + 1] != 'g' || bytes[pos + 2] != 'g' || bytes[pos + 3] != 'S') return false;
        const std::size_t segments = bytes[pos + 26];
        if (size - pos < 27 + segments) return true;
        std::size_t body = 0;
        for (std::size_t i = 0; i < segments; ++i) body += bytes[pos + 27 + i];
        if (size - pos < 27 + segments + body) return true;
        pos += 27 + segments + body;
    }
    return false;
}

std::uint32_t ogg_crc(const std::uint8_t* page, std::size_t n) {
    // libogg's: polynomial 0x04C11DB7, most significant bit first, initial value 0, no final
    // xor, over the whole page with its CRC field (bytes 22..25) read as zeros.
    static const auto table = [] {
        std::array<std::uint32_t, 256> t{};
        for (std::uint32_t i = 0; i < 256; ++i) {
            std::uint32_t c = i << 24;
            for (int k = 0; k < 8; ++k) c = (c & 0x80000000u) ? (c << 1) ^ 0x04C11DB7u : c << 1;
            t[i] = c;
        }
        return t;
    }();
    std::uint32_t crc = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint8_t b = (i >= 22 && i < 26) ? 0 : page[i];
        crc = (crc << 8) ^ table[((crc >> 24) ^ b) & 0xFF];
    }
    return crc;
}

/// Walks every Ogg page: "" if they are all whole and sound, or up to one cut short by the end
/// of the file (`cut` is then true); otherwise what is damaged and where. Data after the page
/// that ends the last stream is not looked at.
std::string check_pages(const std::uint8_t* bytes, std::size_t size, bool& cut) {
    cut = false;
    std::size_t pos = 0;
    while (pos < size) {
        const std::size_t left = size - pos;
        const std::uint8_t* page = bytes + pos;
        if (left >= 4 && std::memcmp(page, "OggS", 4) != 0)
            return "the Ogg file is damaged: no Ogg page starts at byte " + std::to_string(pos) +
                   " (stray or overwritten data)";
        if (left >= 5 && page[4] != 0)
            return "the Ogg file is damaged: the page at byte " + std::to_string(pos) + " has version " +
                   std::to_string(page[4]) + " (only 0 exists)";
        if (left < 27 || left < 27u + page[26]) {
            cut = true;
            return "";
        }
        std::size_t length = 27u + page[26];
        for (std::size_t i = 0; i < page[26]; ++i) length += page[27 + i];
        if (left < length) {
            cut = true;
            return "";
        }
        const std::uint32_t stored = static_cast<std::uint32_t>(page[22]) | static_cast<std::uint32_t>(page[23]) << 8 |
                                     static_cast<std::uint32_t>(page[24]) << 16 |
                                     static_cast<std::uint32_t>(page[25]) << 24;
        if (ogg_crc(page, length) != stored)
            return "the Ogg file is damaged: the checksum (CRC) of the page at byte " + std::to_string(pos) +
                   " does not match its contents";
        pos += length;
        if ((page[5] & 4) != 0 && pos < size && (size - pos < 4 || std::memcmp(bytes + pos, "OggS", 4) != 0))
            break;  // end of stream, followed by something that is not another stream
    }
    return "";
}

/// The first two packets of the stream of the first page (identification and comment
/// headers), reassembled from the Ogg pages; `complete` is false if the data ends first or
/// stops being Ogg.
struct HeaderPackets {
    std::vector<std::uint8_t> packets[2];
    bool complete = false;
};

HeaderPackets header_packets(const std::uint8_t* bytes, std::size_t size) {
    HeaderPackets out;
    int index = 0;
    std::size_t pos = 0;
    bool have_serial = false;
    std::uint32_t serial = 0;
    while (pos + 27 <= size && std::memcmp(bytes + pos, "OggS", 4) == 0) {
        const std::uint32_t page_serial =
            static_cast<std::uint32_t>(bytes[pos + 14]) | static_cast<std::uint32_t>(bytes[pos + 15]) << 8 |
            static_cast<std::uint32_t>(bytes[pos + 16]) << 16 | static_cast<std::uint32_t>(bytes[pos + 17]) << 24;
        const std::size_t segments = bytes[pos + 26];
        if (pos + 27 + segments > size) return out;
        std::size_t body = pos + 27 + segments;
        const bool ours = !have_serial || page_serial == serial;
        have_serial = true;
        if (ours) serial = page_serial;
        for (std::size_t i = 0; i < segments; ++i) {
            const std::size_t len = bytes[pos + 27 + i];
            if (body + len > size) return out;
            if (ours) {
                out.packets[index].insert(out.packets[index].end(), bytes + body, bytes + body + len);
                if (len < 255 && ++index == 2) {
                    out.complete = true;
                    return out;
                }
            }
            body += len;
        }
        pos = body;
    }
    return out;
}

/// Checks the lengths inside the comment header against its size: stb_vorbis 1.22 trusts
/// them and, on a corrupt one, frees uninitialised pointers or reads a null one.
bool comment_header_ok(const std::vector<std::uint8_t>& p) {
    if (p.size() < 7 || p[0] != 3 || std::memcmp(p.data() + 1, "vorbis", 6) != 0) return false;
    std::size_t pos = 7;
    auto length = [&](std::uint64_t& v) {
        if (p.size() - pos < 4) return false;
        v = static_cast<std::uint64_t>(p[pos]) | static_cast<std::uint64_t>(p[pos + 1]) << 8 |
            static_cast<std::uint64_t>(p[pos + 2]) << 16 | static_cast<std::uint64_t>(p[pos + 3]) << 24;
        pos += 4;
        return true;
    };
    std::uint64_t vendor = 0, count = 0;
    if (!length(vendor) || vendor > p.size() - pos) return false;
    pos += vendor;
    if (!length(count) || count > 0x7fffffff) return false;
    for (std::uint64_t i = 0; i < count; ++i) {
        std::uint64_t len = 0;
        if (!length(len) || len > p.size() - pos) return false;
        pos += len;
    }
    return pos < p.size() && (p[pos] & 1) != 0;
}

}  // namespace

Result<Audio> decode_ogg_vorbis(const std::uint8_t* bytes, std::size_t size, const AudioLimits& limits) {
    using R = Result<Audio>;
    if (size > static_cast<std::size_t>(INT_MAX)) return R::failure("the Ogg file is larger than 2 GiB");
    const HeaderPackets headers = header_packets(bytes, size);
    if (!headers.complete) {
        return R::failure(last_page_cut(bytes, size) ? open_error(VORBIS_unexpected_eof)
                                                     : "the Ogg Vorbis headers are corrupt");
    }
    if (headers.packets[0].size() < 7 || headers.packets[0][0] != 1 ||
        std::memcmp(headers.packets[0].data() + 1, "vorbis", 6) != 0)
        return R::failure(open_error(VORBIS_invalid_first_page));
    if (!comment_header_ok(headers.packets[1])) return R::failure("the Ogg Vorbis comment header is corrupt");
    bool cut = false;
    const std::string damaged = check_pages(bytes, size, cut);
    if (!damaged.empty()) return R::failure(damaged);

    // stb_vorbis 1.22 sizes some corrupt codebooks with undefined int arithmetic: refused
    // before it reads them (vorbis_guard.hpp).
    if (const Status bad = check_vorbis_setup(bytes, size); !bad) return R::failure(bad.error());

    // All of stb_vorbis's memory comes from one buffer of ours (stb_vorbis_alloc): its error
    // paths leak or free what they should not when they use malloc. Grown on demand.
    std::vector<char> arena;
    std::unique_ptr<stb_vorbis, CloseVorbis> vorbis;
    int error = 0;
    for (std::size_t bytes_arena = 256u << 10;; bytes_arena *= 4) {
        arena.assign(bytes_arena, 0);
        stb_vorbis_alloc alloc{arena.data(), static_cast<int>(arena.size())};
        vorbis.reset(stb_vorbis_open_memory(bytes, static_cast<int>(size), &error, &alloc));
        if (vorbis || error != VORBIS_outofmem || bytes_arena >= kMaxArenaBytes) break;
    }
    if (!vorbis) {
        if (error != VORBIS_outofmem && error != VORBIS_too_many_channels && last_page_cut(bytes, size))
            error = VORBIS_unexpected_eof;
        return R::failure(open_error(error));
    }
    const stb_vorbis_info info = stb_vorbis_get_info(vorbis.get());
    const int channels = info.channels;
    const double rate = info.sample_rate;
    // The length from the last page's granule position (0 if unknown): the limit is checked
    // before decoding, and again while decoding in case the length was unknown or wrong.
    const unsigned total = stb_vorbis_stream_length_in_samples(vorbis.get());
    if (const Status limit = check_audio_limits(rate, channels, total, limits); !limit)
        return R::failure(limit.error());

    Audio audio;
    audio.sample_rate_hz = rate;
    audio.source_channels = channels;
    audio.source_bits = 0;
    if (total > 0) audio.samples.reserve(total);
    const double max_frames = limits.max_seconds * rate;
    for (;;) {
        int got_channels = 0;
        float** out = nullptr;
        const int n = stb_vorbis_get_frame_float(vorbis.get(), &got_channels, &out);
        if (n <= 0) break;
        for (int i = 0; i < n; ++i) {
            double sum = 0.0;
            for (int c = 0; c < got_channels; ++c) sum += out[c][i];
            // A corrupt codebook can make stb_vorbis decode infinities and NaNs.
            if (!std::isfinite(sum))
                return R::failure(
                    "the Ogg Vorbis data is corrupt: it decodes to NaN or infinite samples (first at "
                    "sample " +
                    std::to_string(audio.samples.size()) + ")");
            audio.samples.push_back(static_cast<float>(got_channels == 1 ? sum : sum / got_channels));
        }
        if (static_cast<double>(audio.samples.size()) > max_frames) {
            const Status limit = check_audio_limits(rate, channels, static_cast<double>(audio.samples.size()), limits);
            return R::failure(limit.error());
        }
    }
    if (audio.samples.empty())
        return R::failure(cut ? "the Ogg Vorbis file is truncated before its first sample"
                              : "the Ogg Vorbis file has no samples");
    if (cut) {
        char text[160];
        std::snprintf(
            text, sizeof text,
            "the Ogg Vorbis file is truncated (its last page is cut off); using the %.2f s decoded before the cut",
            static_cast<double>(audio.samples.size()) / rate);
        audio.warning = text;
    }
    return audio;
}

}  // namespace tide::core
