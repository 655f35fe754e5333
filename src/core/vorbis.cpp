// decode_ogg_vorbis: the only file that includes stb_vorbis (Debian's stb_vorbis.h carries
// the implementation). The decoder's state is owned by a unique_ptr.
#include <climits>
#include <memory>
#include <string>

#include "audio.hpp"

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

struct CloseVorbis {
    void operator()(stb_vorbis* v) const { stb_vorbis_close(v); }
};

std::string open_error(int error) {
    switch (error) {
        case VORBIS_unexpected_eof: return "the Ogg Vorbis file is truncated (its headers are cut off)";
        case VORBIS_outofmem: return "not enough memory to decode the Ogg Vorbis file";
        case VORBIS_feature_not_supported: return "the Ogg Vorbis file uses floor type 0, which is not supported";
        case VORBIS_too_many_channels: return "the Ogg Vorbis file has more than 16 channels, which is not supported";
        case VORBIS_missing_capture_pattern:
        case VORBIS_invalid_first_page:
        case VORBIS_bad_packet_type:
        case VORBIS_ogg_skeleton_not_supported:
            return "the Ogg file does not hold a Vorbis stream (Ogg Opus, FLAC and Speex are not supported)";
        default: return "the Ogg Vorbis data is corrupt (stb_vorbis error " + std::to_string(error) + ")";
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

}  // namespace

Result<Audio> decode_ogg_vorbis(const std::uint8_t* bytes, std::size_t size, const AudioLimits& limits) {
    using R = Result<Audio>;
    if (size > static_cast<std::size_t>(INT_MAX)) return R::failure("the Ogg file is larger than 2 GiB");
    int error = 0;
    std::unique_ptr<stb_vorbis, CloseVorbis> vorbis(
        stb_vorbis_open_memory(bytes, static_cast<int>(size), &error, nullptr));
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
    std::string limit = audio_limits_error(rate, channels, total, limits);
    if (!limit.empty()) return R::failure(limit);

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
            audio.samples.push_back(static_cast<float>(got_channels == 1 ? sum : sum / got_channels));
        }
        if (static_cast<double>(audio.samples.size()) > max_frames) {
            limit = audio_limits_error(rate, channels, static_cast<double>(audio.samples.size()), limits);
            return R::failure(limit);
        }
    }
    if (audio.samples.empty()) return R::failure("the Ogg Vorbis file has no samples");
    return audio;
}

}  // namespace tide::core
