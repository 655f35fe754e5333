// Decoding WAV and Ogg Vorbis: every WAV format exactly as scipy/numpy read it, the Ogg test
// file, and every kind of bad input with its message.
#include <catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <limits>
#include <string>

#include "core/audio.hpp"
#include "core/spectrum1d.hpp"
#include "golden.hpp"

using namespace tide;

namespace {

void put_u16(std::vector<std::uint8_t>& b, unsigned v) {
    b.push_back(static_cast<std::uint8_t>(v & 0xff));
    b.push_back(static_cast<std::uint8_t>((v >> 8) & 0xff));
}
void put_u32(std::vector<std::uint8_t>& b, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) b.push_back(static_cast<std::uint8_t>((v >> (8 * i)) & 0xff));
}
void put_id(std::vector<std::uint8_t>& b, const char* id) {
    b.insert(b.end(), id, id + 4);
}

/// A WAV file built field by field, for the bad-input cases.
struct WavSpec {
    unsigned tag = 1;
    unsigned channels = 1;
    std::uint32_t rate = 22050;
    unsigned bits = 16;
    int block_align = -1;                 // -1: channels * bits / 8
    std::vector<std::uint8_t> data;       // the data chunk's body
    long long data_size = -1;             // -1: data.size(); else the size field written
    std::vector<std::uint8_t> fmt_extra;  // appended to the 16-byte fmt body
};

std::vector<std::uint8_t> make_wav(const WavSpec& s) {
    std::vector<std::uint8_t> b;
    put_id(b, "RIFF");
    put_u32(b, 0);  // patched below
    put_id(b, "WAVE");
    put_id(b, "fmt ");
    put_u32(b, static_cast<std::uint32_t>(16 + s.fmt_extra.size()));
    put_u16(b, s.tag);
    put_u16(b, s.channels);
    put_u32(b, s.rate);
    const unsigned align = s.block_align >= 0 ? static_cast<unsigned>(s.block_align) : s.channels * s.bits / 8;
    put_u32(b, s.rate * align);
    put_u16(b, align);
    put_u16(b, s.bits);
    b.insert(b.end(), s.fmt_extra.begin(), s.fmt_extra.end());
    put_id(b, "data");
    put_u32(b, static_cast<std::uint32_t>(s.data_size >= 0 ? s.data_size : static_cast<long long>(s.data.size())));
    b.insert(b.end(), s.data.begin(), s.data.end());
    const std::uint32_t riff = static_cast<std::uint32_t>(b.size() - 8);
    std::memcpy(&b[4], &riff, 4);  // little-endian host (x86-64, wasm32)
    return b;
}

std::vector<std::uint8_t> pcm16(const std::vector<int>& values) {
    std::vector<std::uint8_t> b;
    for (int v : values) put_u16(b, static_cast<unsigned>(v) & 0xffffu);
    return b;
}

std::vector<std::uint8_t> float32s(const std::vector<float>& values) {
    std::vector<std::uint8_t> b(values.size() * 4);
    std::memcpy(b.data(), values.data(), b.size());
    return b;
}

core::Result<core::Audio> decode(const std::vector<std::uint8_t>& bytes, const core::AudioLimits& limits = {}) {
    return core::decode_audio(bytes.data(), bytes.size(), limits);
}

std::string error_of(const std::vector<std::uint8_t>& bytes, const core::AudioLimits& limits = {}) {
    auto r = decode(bytes, limits);
    return r ? std::string("(decoded)") : r.error();
}

}  // namespace

TEST_CASE("every WAV format decodes to exactly the floats numpy reads", "[audio][golden]") {
    // name, channels, bits: written by scipy.io.wavfile or field by field
    // (tests/reference/make_golden.py), expected values through scipy.io.wavfile.read.
    struct Case {
        const char* name;
        int channels, bits;
    };
    const Case cases[] = {{"pcm8", 1, 8},           {"pcm16", 1, 16},   {"pcm24", 1, 24},    {"pcm32", 1, 32},
                          {"float32", 1, 32},       {"float64", 1, 64}, {"stereo16", 2, 16}, {"stereo24", 2, 24},
                          {"stereo_f64", 2, 64},    {"ch8_16", 8, 16},  {"ch8_24", 8, 24},   {"ch8_f32", 8, 32},
                          {"ext16", 2, 16},         {"ext24", 6, 24},   {"ext_f32", 2, 32},  {"odd_chunks", 2, 16},
                          {"fmt_after_data", 1, 16}};
    for (const Case& c : cases) {
        INFO("wav_" << c.name << ".wav");
        const auto bytes = test::read_bytes(std::string("wav_") + c.name + ".wav");
        const core::Field expected = test::read_grid(std::string("wav_") + c.name + ".txt");
        auto audio = decode(bytes);
        REQUIRE(audio.ok());
        const core::Audio& a = audio.value();
        CHECK(a.sample_rate_hz == 16000.0);
        CHECK(a.source_channels == c.channels);
        CHECK(a.source_bits == c.bits);
        REQUIRE(a.samples.size() == expected.size());
        std::size_t mismatches = 0;
        for (std::size_t i = 0; i < a.samples.size(); ++i)
            if (a.samples[i] != static_cast<float>(expected.data[i])) ++mismatches;
        CHECK(mismatches == 0);
    }
}

TEST_CASE("integer PCM scaling: full scale is -1 and 1 - 2^-(bits-1)", "[audio]") {
    WavSpec s;
    s.data = pcm16({-32768, 32767, 0, 1, -1});
    auto a = decode(make_wav(s));
    REQUIRE(a.ok());
    const std::vector<float> want{-1.0f, 32767.0f / 32768.0f, 0.0f, 1.0f / 32768.0f, -1.0f / 32768.0f};
    CHECK(a.value().samples == want);

    WavSpec u8;  // unsigned 8-bit: (x - 128) / 128
    u8.bits = 8;
    u8.data = {0, 128, 255, 1};
    auto b = decode(make_wav(u8));
    REQUIRE(b.ok());
    CHECK(b.value().samples == std::vector<float>{-1.0f, 0.0f, 127.0f / 128.0f, -127.0f / 128.0f});
}

TEST_CASE("a data chunk longer than the file is read as far as it goes, whole frames only", "[audio]") {
    WavSpec s;
    s.channels = 2;
    s.data = pcm16({100, 300, -200, -400, 7});  // 2 frames and half of a third
    s.data_size = 4000;
    auto a = decode(make_wav(s));
    REQUIRE(a.ok());
    CHECK(a.value().samples == std::vector<float>{200.0f / 32768.0f, -300.0f / 32768.0f});
    CHECK(
        a.value().warning ==
        "the WAV file is truncated: its data chunk says 1000 frames (0.05 s), the file holds 2 (0.00 s); using those");
}

TEST_CASE("a data chunk of size 0xFFFFFFFF (a stream) runs to the end of the file, whole frames only", "[audio]") {
    WavSpec s;
    s.channels = 2;
    s.data = pcm16({100, 300, -200, -400, 7});
    s.data_size = 0xFFFFFFFFLL;
    auto a = decode(make_wav(s));
    REQUIRE(a.ok());
    CHECK(a.value().samples == std::vector<float>{200.0f / 32768.0f, -300.0f / 32768.0f});
    CHECK(a.value().warning.empty());
    WavSpec whole;  // a complete file says nothing
    whole.data = pcm16({1, 2});
    CHECK(decode(make_wav(whole)).value().warning.empty());
}

TEST_CASE("odd-sized chunks: with their pad byte, or without it", "[audio]") {
    // fmt, an odd 'junk' chunk without its pad byte (a writer's bug), then data.
    std::vector<std::uint8_t> b;
    put_id(b, "RIFF");
    put_u32(b, 0);
    put_id(b, "WAVE");
    put_id(b, "fmt ");
    put_u32(b, 16);
    put_u16(b, 1);
    put_u16(b, 1);
    put_u32(b, 8000);
    put_u32(b, 16000);
    put_u16(b, 2);
    put_u16(b, 16);
    put_id(b, "junk");
    put_u32(b, 3);
    b.insert(b.end(), {'a', 'b', 'c'});
    put_id(b, "data");
    put_u32(b, 4);
    const auto samples = pcm16({16384, -16384});
    b.insert(b.end(), samples.begin(), samples.end());
    auto a = decode(b);
    REQUIRE(a.ok());
    CHECK(a.value().samples == std::vector<float>{0.5f, -0.5f});

    // The same without the pad byte, and a data size whose first byte is printable (0x72, 'r'):
    // the bytes after "junk"'s body read as a chunk ID both ways ("data" and "atar").
    std::vector<std::uint8_t> c(b.begin(), b.end() - 8 - 4);
    put_id(c, "data");
    put_u32(c, 0x72);
    const auto ramp = pcm16(std::vector<int>(0x72 / 2, 8192));
    c.insert(c.end(), ramp.begin(), ramp.end());
    auto d = decode(c);
    INFO(d.error());
    REQUIRE(d.ok());
    CHECK(d.value().samples == std::vector<float>(0x72 / 2, 0.25f));
    // With the pad byte, the same file reads the same.
    std::vector<std::uint8_t> e(c);
    e.insert(e.begin() + static_cast<long>(c.size() - 0x72 - 8), 0);
    auto f = decode(e);
    REQUIRE(f.ok());
    CHECK(f.value().samples == d.value().samples);
}

TEST_CASE("bad WAV files give messages that say what is wrong", "[audio][errors]") {
    WavSpec good;
    good.data = pcm16({1, 2, 3, 4});
    const auto good_bytes = make_wav(good);
    REQUIRE(decode(good_bytes).ok());

    CHECK(error_of({}) == "the file is empty");
    CHECK(error_of({'R', 'I', 'F', 'F', 0, 0}) == "the WAV header is truncated");
    // Cut inside the fmt chunk, and before any data chunk.
    CHECK(error_of(std::vector<std::uint8_t>(good_bytes.begin(), good_bytes.begin() + 30)) ==
          "the WAV header is truncated (the fmt chunk is cut off)");
    CHECK(error_of(std::vector<std::uint8_t>(good_bytes.begin(), good_bytes.begin() + 38)) ==
          "the WAV file has no data chunk (it is truncated or corrupt)");
    CHECK(error_of(std::vector<std::uint8_t>(good_bytes.begin(), good_bytes.begin() + 12)) ==
          "the WAV file has no fmt chunk (the header is truncated or corrupt)");
    // Header claims data, none present; the data size field of a stream.
    {
        WavSpec s;
        s.data_size = 1000;
        CHECK(error_of(make_wav(s)) == "the WAV file is truncated before its first sample");
        s.data_size = 0xFFFFFFFFLL;  // a stream with nothing in it
        CHECK(error_of(make_wav(s)) == "the WAV file has no samples (its data chunk is empty)");
    }
    {
        WavSpec s;  // zero samples
        CHECK(error_of(make_wav(s)) == "the WAV file has no samples (its data chunk is empty)");
    }
    {
        WavSpec s = good;
        s.tag = 6;
        s.bits = 8;
        CHECK(error_of(make_wav(s)) == "WAV format 6 (A-law) is not supported; convert to PCM");
        s.tag = 7;
        CHECK(error_of(make_wav(s)) == "WAV format 7 (mu-law) is not supported; convert to PCM");
        s.tag = 2;
        s.bits = 4;
        CHECK(error_of(make_wav(s)) == "WAV format 2 (Microsoft ADPCM) is not supported; convert to PCM");
        s.tag = 0x55;
        CHECK(error_of(make_wav(s)) == "WAV format 0x0055 (MPEG layer 3) is not supported; convert to PCM");
        s.tag = 0x1234;
        CHECK(error_of(make_wav(s)) == "WAV format 0x1234 is not supported; convert to PCM");
    }
    {
        WavSpec s = good;  // extensible with a sub-format that is not PCM/float (A-law GUID tail broken)
        s.tag = 0xFFFE;
        s.fmt_extra = {22, 0, 16, 0, 4, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xAA, 0, 0x38, 0x9B, 0x71};
        CHECK(error_of(make_wav(s)) == "WAV format 6 (A-law) is not supported; convert to PCM");
        s.fmt_extra[10] = 0x42;  // not the standard base GUID
        CHECK(error_of(make_wav(s)).find("sub-format GUID") != std::string::npos);
        s.fmt_extra.resize(8);
        CHECK(error_of(make_wav(s)).find("only 24 bytes long") != std::string::npos);
    }
    {
        WavSpec s = good;
        s.bits = 12;
        s.block_align = 2;
        CHECK(error_of(make_wav(s)) == "PCM WAV with 12 bits per sample is not supported (8, 16, 24 or 32)");
        s = good;
        s.tag = 3;
        s.bits = 16;
        CHECK(error_of(make_wav(s)) == "float WAV with 16 bits per sample is not supported (32 or 64)");
        s = good;
        s.block_align = 3;
        CHECK(error_of(make_wav(s)).find("inconsistent: block align 3 for 1 channels of 16 bits") != std::string::npos);
    }
    {
        WavSpec s = good;
        s.channels = 0;
        s.block_align = 0;
        CHECK(error_of(make_wav(s)) == "the file says it has 0 channels");
        s = good;
        s.channels = 2;
        core::AudioLimits one_channel;
        one_channel.max_channels = 1;
        CHECK(error_of(make_wav(s), one_channel) == "the file has 2 channels; at most 1 are supported");
    }
    {
        WavSpec s = good;
        s.rate = 500;
        CHECK(error_of(make_wav(s)) == "the sample rate is 500 Hz; supported rates are 1000 to 384000 Hz");
        s.rate = 768000;
        CHECK(error_of(make_wav(s)) == "the sample rate is 768000 Hz; supported rates are 1000 to 384000 Hz");
    }
    {
        WavSpec s;  // 2 s at 8 kHz against a 1.5 s limit: refused from the header
        s.rate = 8000;
        s.data = pcm16(std::vector<int>(16000, 0));
        core::AudioLimits short_clips;
        short_clips.max_seconds = 1.5;
        CHECK(error_of(make_wav(s), short_clips) ==
              "the clip is 2.0 s long; at most 1.5 s are supported (cut it shorter)");
        short_clips.max_seconds = 2.0;
        CHECK(decode(make_wav(s), short_clips).ok());
    }
    for (float bad : {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(),
                      -std::numeric_limits<float>::infinity()}) {
        WavSpec s;
        s.tag = 3;
        s.bits = 32;
        s.channels = 2;
        s.data = float32s({0.1f, 0.2f, 0.3f, bad});
        CHECK(error_of(make_wav(s)) == "the WAV file contains NaN or infinite samples (first at frame 1)");
    }
}

TEST_CASE("other formats are recognised and named", "[audio][errors]") {
    // Text with embedded NULs: the whole literal but its terminator.
    auto bytes = [](const auto& text) { return std::vector<std::uint8_t>(text, text + sizeof text - 1); };
    CHECK(error_of(bytes("fLaC\x00\x00\x00\x22 more")) == "FLAC is not supported; convert to WAV or Ogg Vorbis");
    CHECK(error_of(bytes("ID3\x04 mp3 data")) == "MP3 is not supported; convert to WAV or Ogg Vorbis");
    CHECK(error_of({0xFF, 0xFB, 0x90, 0x64}) == "MP3 is not supported; convert to WAV or Ogg Vorbis");
    CHECK(error_of(bytes("FORM\x00\x00\x00\x10"
                         "AIFF")) == "AIFF is not supported; convert to WAV or Ogg Vorbis");
    CHECK(error_of(bytes("RIFX\x10\x00\x00\x00WAVE")).find("RIFX") != std::string::npos);
    CHECK(error_of(bytes("RF64\xff\xff\xff\xffWAVE")).find("RF64") != std::string::npos);
    CHECK(error_of(bytes("RIFF\x10\x00\x00\x00"
                         "AVI LIST")) == "not a WAV file (no RIFF/WAVE header)");
    CHECK(error_of(bytes("hello, world")) == "not a WAV or Ogg Vorbis file (unrecognised header)");
}

TEST_CASE("Ogg Vorbis: the test file decodes to its two tones", "[audio][ogg]") {
    // tests/data/tone_stereo_22050.ogg: 1 s at 22,050 Hz, left 0.5 sin(440 Hz), right
    // 0.5 sin(660 Hz), 16-bit, encoded by oggenc -q 4 (tests/data/README.md).
    auto bytes = core::read_file_bytes(std::string(TIDE_TEST_DATA_DIR) + "/tone_stereo_22050.ogg");
    REQUIRE(bytes.ok());
    auto audio = decode(bytes.value());
    REQUIRE(audio.ok());
    const core::Audio& a = audio.value();
    CHECK(a.sample_rate_hz == 22050.0);
    CHECK(a.source_channels == 2);
    CHECK(a.source_bits == 0);
    REQUIRE(a.samples.size() == 22050);  // Vorbis keeps the exact length (granule position)
    double err2 = 0.0, sig2 = 0.0;
    for (std::size_t i = 0; i < a.samples.size(); ++i) {
        const double t = static_cast<double>(i) / 22050.0;
        const double want = 0.25 * (std::sin(2 * M_PI * 440 * t) + std::sin(2 * M_PI * 660 * t));
        err2 += (a.samples[i] - want) * (a.samples[i] - want);
        sig2 += want * want;
    }
    const double snr_db = 10 * std::log10(sig2 / err2);
    std::printf("Ogg Vorbis test file: SNR against the two tones %.1f dB\n", snr_db);
    CHECK(snr_db > 30.0);  // lossy
    // The spectrum peaks at the two tones (1 Hz bins), each with power ~ (0.25)^2 N / 4.
    const core::Spectrum1d s = core::power_spectrum_1d(a.samples, a.sample_rate_hz).value();
    for (int f : {440, 660}) CHECK(s.power[f] == Approx(0.0625 * 22050 / 4).epsilon(0.05));
}

TEST_CASE("bad Ogg files give messages", "[audio][ogg][errors]") {
    auto bytes = core::read_file_bytes(std::string(TIDE_TEST_DATA_DIR) + "/tone_stereo_22050.ogg");
    REQUIRE(bytes.ok());
    const auto& ogg = bytes.value();
    // Cut within the headers (the first 3 packets span the first ~4 KB).
    CHECK(error_of(std::vector<std::uint8_t>(ogg.begin(), ogg.begin() + 200)) ==
          "the Ogg Vorbis file is truncated (its headers are cut off)");
    // Not Vorbis inside: an Opus identification header.
    std::vector<std::uint8_t> opus = ogg;
    std::memcpy(&opus[28], "OpusHead", 8);
    CHECK(error_of(opus).find("does not hold a Vorbis stream") != std::string::npos);
    // Corrupt lengths in the comment header (stb_vorbis 1.22 would free wild pointers).
    const std::uint8_t comment_magic[] = {3, 'v', 'o', 'r', 'b', 'i', 's'};
    const auto comment = std::search(ogg.begin(), ogg.end(), std::begin(comment_magic), std::end(comment_magic));
    REQUIRE(comment != ogg.end());
    const std::size_t at = static_cast<std::size_t>(comment - ogg.begin()) + 7;  // vendor length
    for (std::uint32_t bad_length : {0xFFFFFFFFu, 0x00FFFFFFu, 100000u}) {
        std::vector<std::uint8_t> corrupt = ogg;
        std::memcpy(&corrupt[at], &bad_length, 4);
        CHECK(error_of(corrupt) == "the Ogg Vorbis comment header is corrupt");
        const std::uint32_t vendor = comment[7] | comment[8] << 8 | comment[9] << 16 | comment[10] << 24;
        corrupt = ogg;
        std::memcpy(&corrupt[at + 4 + vendor], &bad_length, 4);  // the number of comments
        CHECK(error_of(corrupt) == "the Ogg Vorbis comment header is corrupt");
    }
    // Cut within the audio: decodes what is there (as libvorbisfile does), and says so.
    auto part = decode(std::vector<std::uint8_t>(ogg.begin(), ogg.begin() + static_cast<long>(ogg.size()) - 1000));
    REQUIRE(part.ok());
    CHECK(part.value().samples.size() < 22050);
    CHECK(part.value().samples.size() > 0);
    CHECK(part.value().warning.find("the Ogg Vorbis file is truncated (its last page is cut off); using the 0.") == 0);
    CHECK(decode(ogg).value().warning.empty());
    // Damaged pages (the test file's third page, at byte 3665, holds the audio): refused.
    const std::size_t third = 3665;
    REQUIRE(std::memcmp(&ogg[third], "OggS", 4) == 0);
    std::vector<std::uint8_t> damaged = ogg;
    damaged[third + 300] ^= 0x5A;  // in the audio data: the page's CRC no longer matches
    CHECK(error_of(damaged) ==
          "the Ogg file is damaged: the checksum (CRC) of the page at byte 3665 does not match "
          "its contents");
    damaged = ogg;
    damaged[third + 3] = 'X';
    CHECK(error_of(damaged) == "the Ogg file is damaged: no Ogg page starts at byte 3665 (stray or overwritten data)");
    damaged = ogg;
    damaged[third + 4] = 1;
    CHECK(error_of(damaged) == "the Ogg file is damaged: the page at byte 3665 has version 1 (only 0 exists)");
    // The length limit applies to Ogg as well.
    core::AudioLimits short_clips;
    short_clips.max_seconds = 0.5;
    CHECK(error_of(ogg, short_clips) == "the clip is 1.0 s long; at most 0.5 s are supported (cut it shorter)");
}
