// AudioStore: the sound corpus (assets/audio: 2-second clips, 22,050 Hz mono), each clip
// decoded and analysed once on first use, and the mean spectra over clips.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "assets.hpp"
#include "colormap.hpp"
#include "core/mel.hpp"
#include "core/powerlaw.hpp"
#include "core/rapsd.hpp"
#include "core/result.hpp"
#include "core/spectrum1d.hpp"
#include "core/stft.hpp"
#include "corpus_summary.hpp"
#include "store_entry.hpp"
#include "texture_host.hpp"

namespace tide::app {

constexpr double k_audio_rate_hz = 22050.0;  ///< every clip is analysed at this rate
constexpr int k_display_bands = 300;         ///< log-spaced bands a 1-D spectrum is drawn with
/// A person's own clips: each at most k_max_user_clip_s long; the ones kept at most that long
/// in all and at most k_max_user_clips of them (adding one beyond drops the oldest). A page's
/// heap never shrinks, so what it keeps must be bounded: a clip's analysis holds about 0.7 MB
/// per second of sound.
constexpr double k_max_user_clip_s = 600.0;
constexpr int k_max_user_clips = 10;

struct AudioClipInfo {
    std::string id, label, title, licence;  ///< label: "speech" or "music"
};

/// One clip, analysed with librosa's defaults (src/core/mel.hpp).
struct AnalysedClip : StoreEntry {                  ///< ready(), or loading / failed with a message
    std::vector<float> samples;                     ///< mono, k_audio_rate_hz
    core::Spectrum1d spectrum;                      ///< |rfft|^2 / N of the whole clip, no window
    std::vector<double> binned_freq, binned_power;  ///< the spectrum in 300 log-spaced bands, for drawing
    core::Field spectrogram_db;                     ///< power_to_db(|STFT|^2, ref = max): (n_fft/2+1) x frames
    core::Field log_mel;                            ///< n_mels x frames, dB (ref 1, amin 1e-10, top_db 80)
    core::Rapsd mel_rapsd;                          ///< RAPSD of log_mel as an image
    core::Field mfcc;                               ///< 20 x frames
    double duration_s() const { return static_cast<double>(samples.size()) / k_audio_rate_hz; }
};

struct ClipTextures {
    Texture spectrogram, log_mel, mfcc;
    ColourScale spectrogram_scale, log_mel_scale, mfcc_scale;  ///< what their colours mean
};

/// Geometric mean of a set of clips' curves, with the peak and a power-law fit.
struct MeanCurve {
    int n_clips = 0;
    int n_loading = 0;  ///< clips of the set still on their way (the page)
    /// Titles of clips of the set left out because their length differs from the first clip's
    /// (a person's own clip of another length has spectra of another size): named, not hidden.
    std::vector<std::string> left_out;
    std::vector<double> freq;                       ///< Hz for 1-D spectra, cycles/pixel for mel RAPSDs
    std::vector<double> mean_log10;                 ///< mean over the clips of log10 power
    std::vector<double> mean_power;                 ///< 10^mean_log10
    std::vector<double> binned_freq, binned_power;  ///< 1-D spectra only: in 300 log-spaced bands, for drawing
    double peak_freq = 0.0;                         ///< where mean_power peaks (DC excluded)
    core::PowerLawFit fit;                          ///< the essay's resampled fit
};

class AudioStore {
public:
    AudioStore(std::string dir, TextureHost& textures, AssetSource& assets);

    /// Empty when the corpus loaded; otherwise why not (the figures show it).
    const std::string& error() const { return error_; }
    const std::vector<AudioClipInfo>& clips() const { return clips_; }
    int find(const std::string& id) const;
    std::string title(const std::string& id) const;

    /// The analysed clip: ready, failed (with why), or loading while its file is on its way
    /// (ask again on a later frame).
    const AnalysedClip& clip(const std::string& id);
    /// The folder of index.tsv and the clips.
    const std::string& dir() const { return dir_; }
    /// Where a corpus clip's file is (<dir>/<id>.wav).
    std::string path_of(const std::string& id) const { return dir_ + "/" + id + ".wav"; }
    const ClipTextures& textures(const std::string& id);
    /// What the corpus-wide sound figures draw of one clip: for a corpus clip from the site's
    /// summary when there is one (its file is not fetched), else from the clip's analysis;
    /// null members while either is on its way or if the clip cannot be read. Valid until the
    /// store changes (a clip added or dropped).
    struct ClipCurves {
        const std::vector<double>* binned_freq = nullptr;   ///< Hz, k_display_bands log-spaced bands
        const std::vector<double>* binned_power = nullptr;  ///< the 1-D spectrum in those bands
        const core::Rapsd* mel_rapsd = nullptr;             ///< RAPSD of the log-mel spectrogram
        explicit operator bool() const { return mel_rapsd != nullptr; }
    };
    ClipCurves curves(const std::string& id);
    /// Mean 1-D spectrum of the clips with this label ("speech", "music", or "" for all); over
    /// the clips loaded so far while n_loading > 0. The corpus's groups come from the site's
    /// summary file when there is one (no clip is fetched for them); a group with a person's
    /// own clips is computed from the clips.
    const MeanCurve& mean_spectrum(const std::string& label);
    /// Mean RAPSD of the log-mel spectrograms with this label.
    const MeanCurve& mean_mel_rapsd(const std::string& label);
    /// The site's summary of the sound corpus (<dir>/summary.bin): ready, on its way, or absent.
    SummaryFile::State summary_state() { return summary_.poll(assets_); }
    /// Computes every mean from the clips (what the summary is made from and checked against).
    void ignore_summary() {
        summary_ = SummaryFile("");
        means_.clear();
        summary_curves_.clear();
    }
    /// Ids of the clips with this label ("" = all).
    std::vector<std::string> ids(const std::string& label) const;

    /// Adds a person's own clip (mono samples at sample_rate_hz, resampled here to 22,050 Hz)
    /// under the label "yours". Returns its id, or a failure with a message; on a failure the
    /// corpus and earlier clips are untouched. On success the oldest of the person's clips
    /// are dropped to keep within k_max_user_clips and k_max_user_clip_s (see dropped()).
    core::Result<std::string> add_clip(const std::string& title, std::vector<float> samples, double sample_rate_hz);
    /// Titles of the clips the last successful add_clip dropped to make room, oldest first.
    const std::vector<std::string>& dropped() const { return dropped_; }

private:
    MeanCurve make_mean(const std::string& label, bool mel);
    /// The mean from the summary; false if the summary does not hold this group as it is now.
    bool mean_from_summary(const std::string& label, bool mel, MeanCurve& m) const;
    void make_room(double new_clip_s);
    int user_clips_ = 0;
    std::vector<std::string> dropped_;

    std::string dir_, error_;
    TextureHost& host_;
    AssetSource& assets_;
    std::vector<AudioClipInfo> clips_;
    std::map<std::string, AnalysedClip> loading_;  ///< stand-ins while files are on their way
    ClipTextures no_textures_;
    std::map<std::string, std::unique_ptr<AnalysedClip>> analysed_;
    std::map<std::string, std::unique_ptr<ClipTextures>> textures_;
    std::uint64_t textures_generation_ = 0;  ///< host_.generation() that textures_ belong to
    std::map<std::string, MeanCurve> means_;
    SummaryFile summary_;
    struct SummaryCurves {
        std::vector<double> binned_power;
        core::Rapsd mel_rapsd;
    };
    std::map<std::string, SummaryCurves> summary_curves_;  ///< curves() of corpus clips, from the summary
};

/// How many clips a mean is over, in words: "20 clips", "20 clips (3 still loading)", or with
/// clips left out "20 of 21 clips; 'my song' left out: other length".
std::string clips_counted(const MeanCurve& m);

/// Mean of log10 power over log-spaced bands (display only: a 1-D spectrum of 22,051 bins is
/// drawn as n_bands points). Bands without bins are skipped; DC is dropped.
void log_binned(const std::vector<double>& freq, const std::vector<double>& power, int n_bands,
                std::vector<double>& out_freq, std::vector<double>& out_power);

}  // namespace tide::app
