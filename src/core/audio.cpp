// decode_audio: format detection and the WAV reader (RIFF chunks, PCM and float samples,
// channel averaging). Ogg Vorbis is in vorbis.cpp.
#include "audio.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>

namespace tide::core {

namespace {

std::uint32_t u32le(const std::uint8_t* p) {
    return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
           static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
}
std::uint16_t u16le(const std::uint8_t* p) {
    return static_cast<std::uint16_t>(p[0] | p[1] << 8);
}

bool starts_with(const std::uint8_t* bytes, std::size_t size, const char* magic) {
    const std::size_t n = std::strlen(magic);
    return size >= n && std::memcmp(bytes, magic, n) == 0;
}

bool is_chunk_id(const std::uint8_t* p) {
    for (int i = 0; i < 4; ++i)
        if (p[i] < 0x20 || p[i] > 0x7e) return false;
    return true;
}

/// IDs of chunks that WAV writers put in files (RIFF, Broadcast WAV, sampler and tool chunks).
bool is_known_chunk(const std::uint8_t* p) {
    static const char* const known[] = {"fmt ", "data", "LIST", "fact", "cue ", "JUNK", "junk", "PAD ",
                                        "bext", "iXML", "smpl", "inst", "id3 ", "ID3 ", "PEAK", "acid",
                                        "cart", "DISP", "plst", "wavl", "slnt", "umid", "FLLR", "minf"};
    for (const char* id : known)
        if (std::memcmp(p, id, 4) == 0) return true;
    return false;
}

std::string format_name(unsigned tag) {
    switch (tag) {
        case 0x0002:
            return " (Microsoft ADPCM)";
        case 0x0006:
            return " (A-law)";
        case 0x0007:
            return " (mu-law)";
        case 0x0011:
            return " (IMA ADPCM)";
        case 0x0031:
            return " (GSM 6.10)";
        case 0x0050:
            return " (MPEG)";
        case 0x0055:
            return " (MPEG layer 3)";
        case 0x00FF:
            return " (AAC)";
        default:
            return "";
    }
}

std::string seconds(double s) {
    char text[48];
    std::snprintf(text, sizeof text, "%.1f s", s);
    return text;
}

std::string number_g(double v) {
    char text[48];
    std::snprintf(text, sizeof text, "%g", v);
    return text;
}

constexpr std::uint8_t kSubformatTail[14] = {0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80,
                                             0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71};

/// One sample of `bytes_per_sample` bytes, scaled to [-1, 1) (ints) or as stored (float).
template <int Bytes, bool Float>
double read_sample(const std::uint8_t* p) {
    if constexpr (Float) {
        if constexpr (Bytes == 4) {
            const std::uint32_t bits = u32le(p);
            float f;
            std::memcpy(&f, &bits, sizeof f);
            return f;
        } else {
            const std::uint64_t bits = static_cast<std::uint64_t>(u32le(p)) | static_cast<std::uint64_t>(u32le(p + 4))
                                                                                  << 32;
            double d;
            std::memcpy(&d, &bits, sizeof d);
            return d;
        }
    } else if constexpr (Bytes == 1) {
        return (static_cast<int>(p[0]) - 128) / 128.0;
    } else if constexpr (Bytes == 2) {
        return static_cast<std::int16_t>(u16le(p)) / 32768.0;
    } else if constexpr (Bytes == 3) {
        const std::uint32_t u = static_cast<std::uint32_t>(p[0]) << 8 | static_cast<std::uint32_t>(p[1]) << 16 |
                                static_cast<std::uint32_t>(p[2]) << 24;
        return static_cast<std::int32_t>(u) / 2147483648.0;  // left-justified: / 2^31 == x24 / 2^23
    } else {
        return static_cast<std::int32_t>(u32le(p)) / 2147483648.0;
    }
}

/// Averages the channels of each frame into out; false at the first non-finite sample, or at
/// the first mean that a float cannot hold (64-bit float data; *too_large is then set).
template <int Bytes, bool Float>
bool mix_down(const std::uint8_t* data, std::size_t frames, int channels, std::vector<float>& out,
              std::size_t& bad_frame, bool* too_large = nullptr) {
    out.resize(frames);
    const std::size_t frame_bytes = static_cast<std::size_t>(Bytes) * channels;
    for (std::size_t f = 0; f < frames; ++f) {
        const std::uint8_t* p = data + f * frame_bytes;
        double sum = 0.0;
        for (int c = 0; c < channels; ++c) {
            const double v = read_sample<Bytes, Float>(p + static_cast<std::size_t>(c) * Bytes);
            if constexpr (Float) {
                if (!std::isfinite(v)) {
                    bad_frame = f;
                    return false;
                }
            }
            sum += v;
        }
        const double mean = channels == 1 ? sum : sum / channels;
        if constexpr (Float) {
            // Converting a double beyond float's range to float is undefined (found by
            // tests/fuzz/fuzz_audio.cpp: 1e300 became -inf).
            if (!(std::abs(mean) <= static_cast<double>(std::numeric_limits<float>::max()))) {
                bad_frame = f;
                if (too_large) *too_large = true;
                return false;
            }
        }
        out[f] = static_cast<float>(mean);
    }
    return true;
}

}  // namespace

Status check_audio_limits(double rate_hz, int channels, double frames, const AudioLimits& limits) {
    if (channels < 1) return Status::failure("the file says it has 0 channels");
    if (channels > limits.max_channels)
        return Status::failure("the file has " + std::to_string(channels) + " channels; at most " +
                               std::to_string(limits.max_channels) + " are supported");
    if (!(rate_hz >= limits.min_rate_hz && rate_hz <= limits.max_rate_hz))
        return Status::failure("the sample rate is " + number_g(rate_hz) + " Hz; supported rates are " +
                               number_g(limits.min_rate_hz) + " to " + number_g(limits.max_rate_hz) + " Hz");
    if (frames / rate_hz > limits.max_seconds)
        return Status::failure("the clip is " + seconds(frames / rate_hz) + " long; at most " +
                               number_g(limits.max_seconds) + " s are supported (cut it shorter)");
    return {};
}

Result<Audio> decode_wav(const std::uint8_t* bytes, std::size_t size, const AudioLimits& limits) {
    using R = Result<Audio>;
    if (size < 12 || !starts_with(bytes, size, "RIFF") || std::memcmp(bytes + 8, "WAVE", 4) != 0)
        return R::failure(size < 12 && starts_with(bytes, size, "RIFF") ? "the WAV header is truncated"
                                                                        : "not a WAV file (no RIFF/WAVE header)");

    // Walk the chunks: id (4 bytes), size (4, little-endian), body, a pad byte if size is odd.
    const std::uint8_t* fmt = nullptr;
    std::uint32_t fmt_size = 0;
    const std::uint8_t* data = nullptr;
    std::uint64_t data_bytes = 0;     // what the file holds of the data chunk
    std::uint64_t claimed_bytes = 0;  // what its header says
    bool fmt_cut = false, data_too_long = false;
    std::uint64_t pos = 12;
    while (pos + 8 <= size) {
        const std::uint8_t* chunk = bytes + pos;
        const std::uint32_t chunk_size = u32le(chunk + 4);
        const std::uint64_t body = pos + 8, available = size - body;
        if (std::memcmp(chunk, "fmt ", 4) == 0 && !fmt) {
            fmt = chunk + 8;
            fmt_size = chunk_size;
            if (available < chunk_size || chunk_size < 16) fmt_cut = true;
        } else if (std::memcmp(chunk, "data", 4) == 0 && !data) {
            data = chunk + 8;
            if (chunk_size == 0xFFFFFFFFu) {  // a stream whose length was never written: to the end
                data_bytes = available;
                break;
            }
            data_bytes = std::min<std::uint64_t>(chunk_size, available);
            data_too_long = chunk_size > available;
            claimed_bytes = chunk_size;
        }
        if (fmt && data) break;
        std::uint64_t next = body + chunk_size;
        if (chunk_size % 2 == 1) {
            // The pad byte (a zero), unless the writer left it out and the next chunk starts
            // right here. When both readings give a chunk ID (the size after "data" can read as
            // text: "ata" and 0x72), the reading that gives a known ID wins, else the unpadded.
            const bool padded = next + 1 + 8 <= size && is_chunk_id(bytes + next + 1);
            const bool unpadded = next + 8 <= size && is_chunk_id(bytes + next);
            if (!unpadded || (padded && is_known_chunk(bytes + next + 1) && !is_known_chunk(bytes + next))) next += 1;
        }
        pos = next;
    }

    if (!fmt && data && data_bytes == size - static_cast<std::uint64_t>(data - bytes) && !data_too_long &&
        u32le(data - 4) == 0xFFFFFFFFu)
        return R::failure(
            "the WAV file has no fmt chunk before its data chunk, whose size 0xFFFFFFFF (a stream) "
            "runs to the end of the file");
    if (!fmt) return R::failure("the WAV file has no fmt chunk (the header is truncated or corrupt)");
    if (fmt_cut) {
        if (fmt_size < 16)
            return R::failure("the WAV fmt chunk is " + std::to_string(fmt_size) + " bytes; need at least 16");
        return R::failure("the WAV header is truncated (the fmt chunk is cut off)");
    }
    unsigned tag = u16le(fmt);
    const int channels = u16le(fmt + 2);
    const std::uint32_t rate = u32le(fmt + 4);
    const unsigned block_align = u16le(fmt + 12);
    const int bits = u16le(fmt + 14);
    if (tag == 0xFFFE) {
        if (fmt_size < 40)
            return R::failure("the WAV fmt chunk is WAVE_FORMAT_EXTENSIBLE but only " + std::to_string(fmt_size) +
                              " bytes long (need 40)");
        if (std::memcmp(fmt + 26, kSubformatTail, sizeof kSubformatTail) != 0)
            return R::failure(
                "the WAV file's WAVE_FORMAT_EXTENSIBLE sub-format GUID is not PCM or float; convert to PCM");
        tag = u16le(fmt + 24);
    }
    if (tag != 1 && tag != 3) {
        char hex[16];
        std::snprintf(hex, sizeof hex, tag > 9 ? "0x%04X" : "%u", tag);
        return R::failure("WAV format " + std::string(hex) + format_name(tag) + " is not supported; convert to PCM");
    }
    const bool is_float = tag == 3;
    if (is_float ? (bits != 32 && bits != 64) : (bits != 8 && bits != 16 && bits != 24 && bits != 32))
        return R::failure(std::string(is_float ? "float" : "PCM") + " WAV with " + std::to_string(bits) +
                          " bits per sample is not supported (" + (is_float ? "32 or 64" : "8, 16, 24 or 32") + ")");
    if (!data) return R::failure("the WAV file has no data chunk (it is truncated or corrupt)");
    const int sample_bytes = bits / 8;
    if (channels >= 1 && block_align != static_cast<unsigned>(channels * sample_bytes))
        return R::failure("the WAV header is inconsistent: block align " + std::to_string(block_align) + " for " +
                          std::to_string(channels) + " channels of " + std::to_string(bits) + " bits");
    const std::uint64_t frames = channels >= 1 ? data_bytes / block_align : 0;
    if (const Status limit = check_audio_limits(rate, channels, static_cast<double>(frames), limits); !limit)
        return R::failure(limit.error());
    if (frames == 0)
        return R::failure(data_too_long ? "the WAV file is truncated before its first sample"
                                        : "the WAV file has no samples (its data chunk is empty)");

    Audio audio;
    audio.sample_rate_hz = rate;
    audio.source_channels = channels;
    audio.source_bits = bits;
    if (data_too_long) {
        const std::uint64_t claimed = claimed_bytes / block_align;
        char text[200];
        std::snprintf(text, sizeof text,
                      "the WAV file is truncated: its data chunk says %llu frames (%.2f s), the file holds %llu "
                      "(%.2f s); using those",
                      static_cast<unsigned long long>(claimed), static_cast<double>(claimed) / rate,
                      static_cast<unsigned long long>(frames), static_cast<double>(frames) / rate);
        audio.warning = text;
    }
    std::size_t bad = 0;
    bool ok = true, too_large = false;
    const std::size_t n = static_cast<std::size_t>(frames);
    if (is_float) {
        ok = bits == 32 ? mix_down<4, true>(data, n, channels, audio.samples, bad, &too_large)
                        : mix_down<8, true>(data, n, channels, audio.samples, bad, &too_large);
    } else {
        switch (bits) {
            case 8:
                mix_down<1, false>(data, n, channels, audio.samples, bad);
                break;
            case 16:
                mix_down<2, false>(data, n, channels, audio.samples, bad);
                break;
            case 24:
                mix_down<3, false>(data, n, channels, audio.samples, bad);
                break;
            default:
                mix_down<4, false>(data, n, channels, audio.samples, bad);
                break;
        }
    }
    if (!ok && too_large)
        return R::failure("the WAV file contains samples beyond the range of 32-bit float, +-3.4e38 (first at frame " +
                          std::to_string(bad) + ")");
    if (!ok)
        return R::failure("the WAV file contains NaN or infinite samples (first at frame " + std::to_string(bad) + ")");
    return audio;
}

Result<Audio> decode_audio(const std::uint8_t* bytes, std::size_t size, const AudioLimits& limits) {
    using R = Result<Audio>;
    if (size == 0) return R::failure("the file is empty");
    if (starts_with(bytes, size, "RIFF")) return decode_wav(bytes, size, limits);
    if (starts_with(bytes, size, "OggS")) return decode_ogg_vorbis(bytes, size, limits);
    if (starts_with(bytes, size, "RIFX"))
        return R::failure("big-endian WAV (RIFX) is not supported; convert to a little-endian PCM WAV");
    if (starts_with(bytes, size, "RF64") || starts_with(bytes, size, "BW64"))
        return R::failure("RF64/BW64 WAV is not supported; convert to a plain WAV");
    if (starts_with(bytes, size, "fLaC")) return R::failure("FLAC is not supported; convert to WAV or Ogg Vorbis");
    if (starts_with(bytes, size, "ID3") || (size >= 2 && bytes[0] == 0xFF && (bytes[1] & 0xE0) == 0xE0))
        return R::failure("MP3 is not supported; convert to WAV or Ogg Vorbis");
    if (starts_with(bytes, size, "FORM")) return R::failure("AIFF is not supported; convert to WAV or Ogg Vorbis");
    return R::failure("not a WAV or Ogg Vorbis file (unrecognised header)");
}

}  // namespace tide::core
