// The sound chapter's commands: `tide spectrum1d`, `melspec`, `melrapsd` and `mfcc` on a WAV
// or Ogg Vorbis clip (decoded, averaged to mono, optionally resampled first).
#include <cmath>
#include <cstdio>
#include <string>

#include "cli.hpp"
#include "core/audio.hpp"
#include "core/dct.hpp"
#include "core/file.hpp"
#include "core/mel.hpp"
#include "core/resample.hpp"
#include "core/spectrum1d.hpp"

namespace tide::cli {

namespace {

const core::AudioLimits kLimits{};
// Log-mel values of any clip span far less (float samples reach 10^38: 760 dB of power).
constexpr double kMaxTopDb = 1000.0;

const char* const kAudioText =
    "AUDIO is a WAV file (PCM 8/16/24/32-bit or float 32/64-bit, any number of channels, also\n"
    "WAVE_FORMAT_EXTENSIBLE) or Ogg Vorbis; channels are averaged to mono, integer samples\n"
    "scaled to [-1, 1) (16-bit: x/32768), as librosa and scipy read them. Clips may be up to\n"
    "600 s long, 1000 to 384000 Hz, up to 64 channels.\n";

const char* const kSrHelp =
    "  --sr HZ          resample to HZ first (1000..384000; libsamplerate's best sinc filter)\n";

const char* const kMelOptionsHelp =
    "  --sr HZ          the rate the clip is resampled to first (1000..384000, default 22050;\n"
    "                   libsamplerate's best sinc filter; a clip at HZ already is left alone)\n"
    "  --n_fft N        STFT frame length, 2..65536 (default 2048)\n"
    "  --hop N          samples between frames, 1..65536 (default 512)\n"
    "  --n_mels N       mel bands, 1..1024 (default 128), from 0 Hz to sr/2\n"
    "  --top_db DB      dynamic range kept below the loudest value, a number from 0 to 1000\n"
    "                   (default 80); 0 keeps everything\n";

const char* const kHelpEnd =
    "  -h, --help       this help\n"
    "\n"
    "exit status: 0 on success, 1 if the clip cannot be used, 2 for a bad command line\n";

/// CSV written to stdout in pieces (outputs can be large: a 10-minute clip's spectrum has
/// millions of rows).
class CsvOut {
public:
    explicit CsvOut(const char* header) : buffer_(header) { buffer_ += '\n'; }
    void add(const std::string& row) {
        buffer_ += row;
        buffer_ += '\n';
        if (buffer_.size() > (1u << 20)) flush();
    }
    int finish() {
        flush();
        return std::fflush(stdout) == 0 && !failed_ ? 0 : kExitData;
    }

private:
    void flush() {
        if (std::fwrite(buffer_.data(), 1, buffer_.size(), stdout) != buffer_.size()) failed_ = true;
        buffer_.clear();
    }
    std::string buffer_;
    bool failed_ = false;
};

/// What the audio commands read from their command lines.
struct AudioOptions {
    std::string path;
    double sr_hz = 0.0;  ///< 0: keep the file's rate
    core::MelConfig mel;
    int n_mfcc = 20;
};

enum class Kind { spectrum1d, mel, mfcc };

/// Parses AUDIO and the options of `kind`; prints help (returns 0) or a usage error (2);
/// -1 when the command should run.
int parse(CommandLine& cl, Kind kind, const char* help, AudioOptions& o) {
    bool have_path = false;
    std::string arg;
    if (kind != Kind::spectrum1d) o.sr_hz = 22050.0;
    while (cl.next(arg)) {
        if (arg == "-h" || arg == "--help") {
            std::printf("%s", help);
            return 0;
        }
        if (arg == "--sr") {
            double sr = 0.0;
            if (!cl.finite("--sr", 0.0, true, HUGE_VAL, sr)) return kExitUsage;
            if (sr < kLimits.min_rate_hz || sr > kLimits.max_rate_hz)
                return cl.fail("--sr must be from 1000 to 384000 Hz; got '" + cl.last() + "'");
            o.sr_hz = sr;
        } else if (kind != Kind::spectrum1d && arg == "--n_fft") {
            if (!cl.integer("--n_fft", 2, 65536, o.mel.n_fft)) return kExitUsage;
        } else if (kind != Kind::spectrum1d && arg == "--hop") {
            if (!cl.integer("--hop", 1, 65536, o.mel.hop_length)) return kExitUsage;
        } else if (kind != Kind::spectrum1d && arg == "--n_mels") {
            if (!cl.integer("--n_mels", 1, 1024, o.mel.n_mels)) return kExitUsage;
        } else if (kind != Kind::spectrum1d && arg == "--top_db") {
            if (!cl.finite("--top_db", 0.0, false, kMaxTopDb, o.mel.top_db)) return kExitUsage;
        } else if (kind == Kind::mfcc && arg == "--n_mfcc") {
            if (!cl.integer("--n_mfcc", 1, 1024, o.n_mfcc)) return kExitUsage;
        } else if (is_option(arg)) {
            return cl.fail("unknown option '" + arg + "'");
        } else if (have_path) {
            return cl.fail("one AUDIO file at a time; got '" + o.path + "' and '" + arg + "'");
        } else {
            o.path = arg;
            have_path = true;
        }
    }
    if (!have_path) return cl.fail(cl.command() + " needs an AUDIO file");
    if (kind == Kind::mfcc && o.n_mfcc > o.mel.n_mels)
        return cl.fail("--n_mfcc (" + std::to_string(o.n_mfcc) + ") must not exceed --n_mels (" +
                       std::to_string(o.mel.n_mels) + ")");
    return -1;
}

/// Reads, decodes and (if asked) resamples the clip; errors name the file.
core::Result<core::Audio> load_audio(const AudioOptions& o) {
    using R = core::Result<core::Audio>;
    auto bytes = core::read_file_bytes(o.path);
    if (!bytes) return R::failure(bytes.error());  // the message starts with the path
    auto audio = core::decode_audio(bytes.value().data(), bytes.value().size(), kLimits);
    if (!audio) return R::failure(o.path + ": " + audio.error());
    core::Audio a = std::move(audio).value();
    if (!a.warning.empty()) warning(o.path + ": " + a.warning);
    if (o.sr_hz > 0.0 && o.sr_hz != a.sample_rate_hz) {
        auto y = core::resample(a.samples, a.sample_rate_hz, o.sr_hz);
        if (!y) return R::failure(o.path + ": " + y.error());
        a.samples = std::move(y).value();
        a.sample_rate_hz = o.sr_hz;
    }
    return a;
}

/// The log-mel spectrogram of the clip with the options' settings.
core::Result<core::Field> load_log_mel(AudioOptions& o) {
    using R = core::Result<core::Field>;
    auto audio = load_audio(o);
    if (!audio) return R::failure(audio.error());
    o.mel.sample_rate_hz = audio.value().sample_rate_hz;
    auto db = core::log_mel_spectrogram(audio.value().samples, o.mel);
    if (!db) return R::failure(o.path + ": " + db.error());
    return db;
}

const std::string kSpectrumHelp =
    std::string(
        "usage: tide spectrum1d AUDIO [--sr HZ]\n"
        "\n"
        "The power spectrum of the whole clip (one DFT of all N samples, no window, no padding),\n"
        "as CSV on stdout:\n"
        "  header 'freq_hz,power', one row per k = 0 .. N/2: freq_hz = k sr / N,\n"
        "  power = |X_k|^2 / N with X = rfft(x) (white noise of variance s^2 gives s^2),\n"
        "  numbers with 17 significant digits. sr is the file's rate unless --sr is given.\n"
        "\n") +
    kAudioText + "\noptions:\n" + kSrHelp + kHelpEnd;

const std::string kMelspecHelp =
    std::string(
        "usage: tide melspec AUDIO [--n_fft N] [--hop N] [--n_mels N] [--top_db DB] [--sr HZ]\n"
        "\n"
        "The log-mel spectrogram of the clip, as librosa.power_to_db(librosa.feature.\n"
        "melspectrogram(y, sr, n_fft, hop_length, n_mels), ref=1.0, top_db): centred frames\n"
        "(n_fft/2 zeros padded at each end), periodic Hann window, |STFT|^2, Slaney mel\n"
        "filterbank (norm='slaney'), 10 log10(max(1e-10, power)) floored at max - top_db.\n"
        "Prints CSV on stdout in long format, mel band by mel band:\n"
        "  header 'mel,frame,db', one row per (band 0 .. n_mels-1, frame 0 .. 1 + N/hop - 1),\n"
        "  band 0 the lowest; frame t is centred on sample t * hop; db with 17 significant digits.\n"
        "\n") +
    kAudioText + "\noptions:\n" + kMelOptionsHelp + kHelpEnd;

const std::string kMelrapsdHelp =
    std::string(
        "usage: tide melrapsd AUDIO [--n_fft N] [--hop N] [--n_mels N] [--top_db DB] [--sr HZ]\n"
        "\n"
        "The radially averaged power spectral density of the log-mel spectrogram (the n_mels x\n"
        "frames field of dB values that 'tide melspec' prints), read as an image: pysteps' rapsd\n"
        "on a non-square field, as 'tide rapsd' computes it. CSV on stdout:\n"
        "  header 'freq,power', one row per radial bin r = 0 .. ceil(L/2)-1 including DC,\n"
        "  L = max(n_mels, frames), freq = r/L cycles per sample of the field, power the bin's\n"
        "  mean |F|^2/(n_mels*frames) in dB^2, 17 significant digits.\n"
        "\n") +
    kAudioText + "\noptions:\n" + kMelOptionsHelp + kHelpEnd;

const std::string kMfccHelp =
    std::string(
        "usage: tide mfcc AUDIO [--n_mfcc N] [--n_fft N] [--hop N] [--n_mels N] [--top_db DB] [--sr HZ]\n"
        "\n"
        "Mel-frequency cepstral coefficients, as librosa.feature.mfcc(y, sr, n_mfcc) with the\n"
        "same mel settings: the orthonormal DCT-II (scipy's norm='ortho') down each frame of the\n"
        "log-mel spectrogram of 'tide melspec', first n_mfcc coefficients. CSV on stdout:\n"
        "  header 'coef,frame,value', coefficient by coefficient, 17 significant digits.\n"
        "\n") +
    kAudioText +
    "\noptions:\n"
    "  --n_mfcc N       coefficients kept, 1..n_mels (default 20)\n" +
    kMelOptionsHelp + kHelpEnd;

/// Prints a field in long format: header, then "row,col,value" row by row.
int print_long(const char* header, const core::Field& f) {
    CsvOut out(header);
    for (int r = 0; r < f.rows; ++r)
        for (int c = 0; c < f.cols; ++c)
            out.add(std::to_string(r) + "," + std::to_string(c) + "," + number(f.at(r, c)));
    return out.finish();
}

}  // namespace

int run_spectrum1d(CommandLine cl) {
    AudioOptions o;
    const int parsed = parse(cl, Kind::spectrum1d, kSpectrumHelp.c_str(), o);
    if (parsed >= 0) return parsed;
    auto audio = load_audio(o);
    if (!audio) return data_error(audio.error());
    auto s = core::power_spectrum_1d(audio.value().samples, audio.value().sample_rate_hz);
    if (!s) return data_error(o.path + ": " + s.error());
    CsvOut out("freq_hz,power");
    for (std::size_t k = 0; k < s.value().power.size(); ++k)
        out.add(number(s.value().freq_hz[k]) + "," + number(s.value().power[k]));
    return out.finish();
}

int run_melspec(CommandLine cl) {
    AudioOptions o;
    const int parsed = parse(cl, Kind::mel, kMelspecHelp.c_str(), o);
    if (parsed >= 0) return parsed;
    auto db = load_log_mel(o);
    if (!db) return data_error(db.error());
    return print_long("mel,frame,db", db.value());
}

int run_melrapsd(CommandLine cl) {
    AudioOptions o;
    const int parsed = parse(cl, Kind::mel, kMelrapsdHelp.c_str(), o);
    if (parsed >= 0) return parsed;
    auto db = load_log_mel(o);
    if (!db) return data_error(db.error());
    const core::Rapsd r = core::rapsd(db.value());
    CsvOut out("freq,power");
    for (std::size_t b = 0; b < r.power.size(); ++b) out.add(number(r.freq[b]) + "," + number(r.power[b]));
    return out.finish();
}

int run_mfcc(CommandLine cl) {
    AudioOptions o;
    const int parsed = parse(cl, Kind::mfcc, kMfccHelp.c_str(), o);
    if (parsed >= 0) return parsed;
    auto db = load_log_mel(o);
    if (!db) return data_error(db.error());
    return print_long("coef,frame,value", core::dct2_ortho_rows(db.value(), o.n_mfcc));
}

}  // namespace tide::cli
