// Decoding sound files into mono samples: WAV (PCM and float, any channel count, plain or
// WAVE_FORMAT_EXTENSIBLE) and Ogg Vorbis. The only code that includes stb_vorbis is vorbis.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "result.hpp"

namespace tide::core {

struct Audio {
    double sample_rate_hz = 0.0;
    std::vector<float> samples;  ///< mono (channels averaged), in [-1, 1) as librosa/scipy read them
    int source_channels = 0;
    int source_bits = 0;  ///< 8/16/24/32 int, 32/64 float; 0 for Ogg
    /// Non-empty when the file was read but is cut short (a WAV data chunk longer than the
    /// file, an Ogg page cut off): says so and what was used. A person should be told.
    std::string warning;
};

/// What decode_audio accepts; anything else is a data error with a message saying so.
struct AudioLimits {
    double max_seconds = 600.0;
    int max_channels = 64;
    double min_rate_hz = 1000.0;
    double max_rate_hz = 384000.0;
};

/// Decodes a WAV or Ogg Vorbis file held in memory, told apart by their magic bytes
/// ("RIFF"...."WAVE", "OggS").
///
/// Samples: signed integer PCM is divided by 2^(bits-1) (16-bit: x / 32768), 8-bit (unsigned)
/// becomes (x - 128) / 128, float data is taken as it is (values beyond +-1 kept), Ogg Vorbis
/// is decoded to float by stb_vorbis. Several channels are averaged per frame (in double,
/// then rounded to float). scipy.io.wavfile.read(path) followed by the same scaling and a
/// float64 mean gives exactly the same floats in every format (tests/core/audio_test.cpp);
/// librosa.load(path, sr=None, mono=True) gives them too for mono files and for stereo up to
/// 24 bits (soundfile reads float32 and librosa averages in float32, so with more channels,
/// or 32-bit and float data, it may differ in the last bit of a float).
///
/// WAV details:
/// - formats: PCM (tag 1) with 8, 16, 24 or 32 bits; IEEE float (tag 3) with 32 or 64 bits;
///   WAVE_FORMAT_EXTENSIBLE (0xFFFE) with either sub-format (the container size
///   wBitsPerSample counts; samples are left-justified in it, so valid bits need no shift).
///   Any channel count from 1 to max_channels. Other formats are named in the error, e.g.
///   "WAV format 6 (A-law) is not supported; convert to PCM".
/// - chunks may come in any order (fmt after data too) with others between them (LIST, fact,
///   ...); odd-sized chunks are followed by their pad byte (and if a writer left it out, the
///   next chunk is still found); the RIFF size field is not trusted.
/// - a data chunk that claims more bytes than the file holds (a truncated file) is read as
///   far as it goes, whole frames only, as libsndfile (so soundfile and librosa) does, with a
///   warning (Audio::warning) giving both lengths; the size 0xFFFFFFFF (a stream written
///   before its length was known) means "to the end of the file", whole frames, no warning.
/// Errors: empty or unrecognised files (FLAC, MP3, AIFF, RIFX, RF64 are named), a header cut
/// short or without fmt/data chunks, unsupported formats and bit depths, inconsistent block
/// alignment, 0 channels or more than max_channels, a rate outside [min_rate_hz,
/// max_rate_hz], no samples, longer than max_seconds (checked from the header, before any
/// decoding), NaN or infinite float samples ("contains NaN or infinite samples"), 64-bit float
/// samples beyond float's range (+-3.4e38); for Ogg, data that decodes to NaN or infinity, and
/// streams stb_vorbis cannot open (not Vorbis, corrupt or cut within the headers; the header
/// packets' lengths are checked before stb_vorbis parses them, and its memory is an arena of
/// ours, so corrupt files give errors, not crashes or leaks); an Ogg page that is damaged
/// (no "OggS" capture pattern or an unknown version where a page should start, or a CRC that
/// does not match, the checks libogg makes) is refused, naming its byte offset. An Ogg file
/// cut within its audio decodes as far as it goes, with a warning (Audio::warning).
Result<Audio> decode_audio(const std::uint8_t* bytes, std::size_t size, const AudioLimits& limits = {});

/// The WAV part of decode_audio (bytes must start with "RIFF").
Result<Audio> decode_wav(const std::uint8_t* bytes, std::size_t size, const AudioLimits& limits = {});

/// The Ogg Vorbis part of decode_audio (bytes must start with "OggS"); source_bits is 0.
Result<Audio> decode_ogg_vorbis(const std::uint8_t* bytes, std::size_t size, const AudioLimits& limits = {});

/// The checks decode_audio applies to a header's numbers, shared by both formats: whether a
/// clip of `frames` frames of `channels` channels at rate_hz is acceptable, or why not.
Status check_audio_limits(double rate_hz, int channels, double frames, const AudioLimits& limits);

}  // namespace tide::core
