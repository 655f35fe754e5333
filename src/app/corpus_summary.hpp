// The corpus statistics the build computes for the site (tide-summary), so that a corpus-wide
// figure opens without fetching and decoding every photograph or clip:
//   images: each photograph's RAPSD (its power law refitted from it as the store does), and
//           the sums of log10 RAPSD of the corpus area-averaged to smaller sizes (SizedCorpus);
//   audio:  for each group of clips ("" = all, "speech", "music") the mean log10 of their 1-D
//           spectra and of their log-mel spectrograms' RAPSDs (MeanCurve), and each clip's
//           spectrum in log-spaced bands and log-mel RAPSD (AudioStore::curves).
// A summary is named arrays of doubles, stored bit for bit (little-endian IEEE 754 binary64),
// so a figure opened from it draws what the fresh computation would (the [site] test checks).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "assets.hpp"
#include "core/result.hpp"

namespace tide::app {

class AudioStore;
class ImageStore;

/// Named arrays of doubles. Keys are short ASCII names such as "image kde_owl".
using SummaryRecords = std::map<std::string, std::vector<double>>;

/// The file format: "TIDESUM1", a uint32 record count, then per record a uint16 key length,
/// the key, a uint32 value count and the values (binary64), all little-endian.
std::vector<std::uint8_t> encode_summary(const SummaryRecords& records);
/// The records of a summary file, or why it cannot be read (wrong magic, truncated, trailing
/// bytes, more than 2^24 values in a record).
core::Result<SummaryRecords> decode_summary(const std::uint8_t* bytes, std::size_t size);

/// A summary file of the site, asked for through the AssetSource on first use and read once.
/// Natively (and wherever the file is missing or unreadable) it is `absent`: the stores then
/// compute their statistics from the photographs and clips as before.
class SummaryFile {
public:
    enum class State { pending, ready, absent };
    /// path as the stores name files ("/assets/images/summary.bin"); empty = never use one.
    explicit SummaryFile(std::string path) : path_(std::move(path)) {}

    /// pending while the page is still fetching the file (ask again on a later frame).
    State poll(AssetSource& assets);
    /// The records (empty unless poll() said ready).
    const SummaryRecords& records() const { return records_; }
    /// Why the file is absent, for people (empty if it was never asked for or is ready).
    const std::string& why() const { return why_; }

private:
    std::string path_;
    State state_ = State::pending;
    SummaryRecords records_;
    std::string why_;
};

/// Keys of the image summary.
std::string image_key(const std::string& id);           ///< "image <id>": RAPSD power, |F|^2/N^2, per bin
constexpr const char* k_image_freq_key = "image.freq";  ///< cycles/pixel of the RAPSD bins, DC first
std::string sized_key(int size);                        ///< "sized <d>": sum over photographs of log10 RAPSD at d x d
constexpr const char* k_sized_used_key = "sized.used";  ///< [number of photographs in the sums]
/// Keys of the audio summary, per group ("" = all clips) and kind ("spectrum": 1-D power
/// spectrum in Hz; "mel": RAPSD of the log-mel spectrogram in cycles/pixel).
/// "audio <kind> <what> <label>" with what = "mean_log10" (mean over the group's clips of log10
/// power) or "n" ([clips in the mean]); label "all" for "".
std::string audio_key(const std::string& kind, const std::string& what, const std::string& label);
/// "audio <kind> freq": the frequencies of every group's and clip's bins, for kind "spectrum"
/// (Hz), "binned" (Hz, the spectrum in log-spaced bands) or "mel" (cycles/pixel).
std::string audio_freq_key(const std::string& kind);
/// "audio clip <kind> <id>": one clip's curve, kind "binned" (its 1-D spectrum in log-spaced
/// bands, as drawn) or "mel" (its log-mel RAPSD power), over audio_freq_key(kind).
std::string audio_clip_key(const std::string& kind, const std::string& id);

/// The image store's summary, computed afresh from its photographs (every corpus photograph is
/// decoded and analysed; the store stops using its own summary file), with SizedCorpus's sums
/// at k_summary_sizes.
SummaryRecords summarise_images(ImageStore& store);
/// The sound store's summary, computed afresh from its clips for the groups "", "speech",
/// "music" (the store stops using its own summary file).
SummaryRecords summarise_audio(AudioStore& store);

}  // namespace tide::app
