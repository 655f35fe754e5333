// The sound corpus: index parsing, per-clip analysis, mean curves.
#include "audio_store.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "colormap.hpp"
#include "core/audio.hpp"
#include "core/dct.hpp"
#include "core/image.hpp"
#include "core/resample.hpp"
#include "corpus.hpp"

namespace tide::app {

namespace {

/// A field drawn with its first row at the bottom (low frequencies down, as in spectrograms).
core::Field flip_rows(const core::Field& f) {
    core::Field out(f.rows, f.cols);
    for (int r = 0; r < f.rows; ++r) std::copy_n(&f.at(f.rows - 1 - r, 0), f.cols, &out.at(r, 0));
    return out;
}

Texture texture_of(TextureHost& host, const core::Field& f, double lo, double hi, Colormap map) {
    const auto rgba = colorize(flip_rows(f), lo, hi, map);
    return Texture(&host, host.create_rgba(rgba.data(), f.cols, f.rows, Sampling::nearest), f.cols, f.rows);
}

std::pair<double, double> min_max(const core::Field& f) {
    const auto [lo, hi] = std::minmax_element(f.data.begin(), f.data.end());
    return {*lo, *hi};
}

/// Analyses mono samples at sample_rate_hz (resampled to 22,050 Hz first if needed, with
/// libsamplerate's medium converter: the page links only that one, see core/resample.hpp).
std::unique_ptr<AnalysedClip> analyse_samples(std::vector<float> samples, double sample_rate_hz) {
    auto out = std::make_unique<AnalysedClip>();
    out->samples = std::move(samples);
    if (sample_rate_hz != k_audio_rate_hz) {
        auto r = core::resample(out->samples, sample_rate_hz, k_audio_rate_hz, core::ResampleQuality::medium);
        if (!r) {
            out->fail(r.error());
            return out;
        }
        out->samples = std::move(r).value();
    }
    auto spectrum = core::power_spectrum_1d(out->samples, k_audio_rate_hz);
    auto stft = core::power_spectrogram(out->samples, {});
    const core::MelConfig mel_cfg;  // librosa's defaults at 22,050 Hz
    auto log_mel = core::log_mel_spectrogram(out->samples, mel_cfg);
    if (!spectrum || !stft || !log_mel) {
        out->fail(!spectrum ? spectrum.error() : !stft ? stft.error() : log_mel.error());
        return out;
    }
    out->spectrum = std::move(spectrum).value();
    log_binned(out->spectrum.freq_hz, out->spectrum.power, k_display_bands, out->binned_freq, out->binned_power);
    const double peak = *std::max_element(stft.value().data.begin(), stft.value().data.end());
    out->spectrogram_db = core::power_to_db(stft.value(), peak > 0 ? peak : 1.0, 1e-10, 80.0);
    out->log_mel = std::move(log_mel).value();
    out->mel_rapsd = core::rapsd(out->log_mel);
    out->mfcc = core::dct2_ortho_rows(out->log_mel, 20);
    return out;
}

std::unique_ptr<AnalysedClip> analyse(const std::string& path) {
    auto bytes = core::read_file_bytes(path);
    if (!bytes) {
        auto out = std::make_unique<AnalysedClip>();
        out->fail(bytes.error());
        return out;
    }
    auto audio = core::decode_audio(bytes.value().data(), bytes.value().size());
    if (!audio) {
        auto out = std::make_unique<AnalysedClip>();
        out->fail(audio.error());
        return out;
    }
    return analyse_samples(std::move(audio.value().samples), audio.value().sample_rate_hz);
}

}  // namespace

void log_binned(const std::vector<double>& freq, const std::vector<double>& power, int n_bands,
                std::vector<double>& out_freq, std::vector<double>& out_power) {
    out_freq.clear();
    out_power.clear();
    if (freq.size() < 3 || n_bands < 1) return;
    const double lo = std::log10(freq[1]), hi = std::log10(freq.back());
    std::size_t i = 1;
    for (int b = 0; b < n_bands; ++b) {
        const double edge = std::pow(10.0, lo + (hi - lo) * (b + 1) / n_bands);
        double sum_log = 0.0, sum_f = 0.0;
        int n = 0;
        for (; i < freq.size() && (freq[i] <= edge || b == n_bands - 1); ++i) {
            if (power[i] > 0) {
                sum_log += std::log10(power[i]);
                sum_f += std::log10(freq[i]);
                ++n;
            }
        }
        if (n > 0) {
            out_freq.push_back(std::pow(10.0, sum_f / n));
            out_power.push_back(std::pow(10.0, sum_log / n));
        }
    }
}

AudioStore::AudioStore(std::string dir, TextureHost& textures, AssetSource& assets)
    : dir_(std::move(dir)), host_(textures), assets_(assets), summary_(dir_ + "/summary.bin") {
    std::ifstream in(dir_ + "/index.tsv");
    if (!in) {
        error_ = "cannot open the sound corpus index " + dir_ + "/index.tsv";
        return;
    }
    std::string line;
    std::getline(in, line);  // header: id label title package version source_path start_s licence
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        const auto cols = split_tabs(line);
        if (cols.size() < 3) continue;
        clips_.push_back({cols[0], cols[1], cols[2], cols.size() > 7 ? cols[7] : ""});
    }
    if (clips_.empty()) error_ = dir_ + "/index.tsv lists no clips";
}

int AudioStore::find(const std::string& id) const {
    for (std::size_t i = 0; i < clips_.size(); ++i)
        if (clips_[i].id == id) return static_cast<int>(i);
    return -1;
}

std::string AudioStore::title(const std::string& id) const {
    const int i = find(id);
    return i >= 0 ? clips_[static_cast<std::size_t>(i)].title : id;
}

std::vector<std::string> AudioStore::ids(const std::string& label) const {
    std::vector<std::string> out;
    for (const auto& c : clips_)
        if (label.empty() || c.label == label) out.push_back(c.id);
    return out;
}

core::Result<std::string> AudioStore::add_clip(const std::string& title, std::vector<float> samples,
                                               double sample_rate_hz) {
    using R = core::Result<std::string>;
    if (samples.empty()) return R::failure(title + ": the sound has no samples");
    for (float v : samples)
        if (!std::isfinite(v)) return R::failure(title + ": the sound contains NaN or infinite samples");
    const double seconds = static_cast<double>(samples.size()) / sample_rate_hz;
    if (!(sample_rate_hz >= 1000.0 && sample_rate_hz <= 384000.0)) {
        return R::failure(title + ": a sample rate of " + std::to_string(sample_rate_hz) +
                          " Hz is outside 1000 to 384000 Hz");
    }
    if (seconds > k_max_user_clip_s) {
        return R::failure(title + ": the sound is " + std::to_string(static_cast<int>(seconds)) + " s long; at most " +
                          std::to_string(static_cast<int>(k_max_user_clip_s)) + " s are accepted");
    }
    auto analysed = analyse_samples(std::move(samples), sample_rate_hz);
    if (!analysed->ready()) return R::failure(title + ": " + analysed->message);
    make_room(analysed->duration_s());
    const std::string id = "yours-" + std::to_string(++user_clips_);
    clips_.push_back({id, "yours", title, "your own"});
    analysed_.emplace(id, std::move(analysed));
    means_.clear();  // the means over "all" now include this clip
    return id;
}

void AudioStore::make_room(double new_clip_s) {
    dropped_.clear();
    std::vector<std::string> yours;  // oldest first
    double total_s = new_clip_s;
    for (const auto& c : clips_) {
        if (c.label != "yours") continue;
        yours.push_back(c.id);
        total_s += analysed_.at(c.id)->duration_s();
    }
    std::size_t n_drop = 0;
    while (n_drop < yours.size() &&
           (yours.size() - n_drop + 1 > static_cast<std::size_t>(k_max_user_clips) || total_s > k_max_user_clip_s)) {
        total_s -= analysed_.at(yours[n_drop])->duration_s();
        ++n_drop;
    }
    for (std::size_t i = 0; i < n_drop; ++i) {
        const std::string& id = yours[i];
        dropped_.push_back(title(id));
        clips_.erase(clips_.begin() + find(id));
        analysed_.erase(id);
        textures_.erase(id);
    }
}

const AnalysedClip& AudioStore::clip(const std::string& id) {
    // A person's own clips are analysed when added (add_clip): only corpus clips come from files.
    const std::string path = path_of(id);
    return load_entry(analysed_, loading_, assets_, id, find(id) >= 0 ? &path : nullptr, title(id), "clip",
                      [](const std::string& p) { return analyse(p); });
}

const ClipTextures& AudioStore::textures(const std::string& id) {
    if (textures_generation_ != host_.generation()) {  // the graphics context was lost: make them again
        textures_.clear();
        textures_generation_ = host_.generation();
    }
    auto it = textures_.find(id);
    if (it != textures_.end()) return *it->second;
    const AnalysedClip& c = clip(id);
    if (c.loading()) return no_textures_;
    auto t = std::make_unique<ClipTextures>();
    if (c.ready()) {
        t->spectrogram = texture_of(host_, c.spectrogram_db, -80.0, 0.0, Colormap::magma);
        t->spectrogram_scale = {Colormap::magma, -80.0, 0.0, "dB"};
        const auto [mlo, mhi] = min_max(c.log_mel);
        t->log_mel = texture_of(host_, c.log_mel, mlo, mhi, Colormap::magma);
        t->log_mel_scale = {Colormap::magma, mlo, mhi, "dB"};
        // Coefficient 0 (the overall loudness) dwarfs the others; scale the colours to the rest
        // so their structure shows (coefficient 0 then saturates).
        double m = 0.0;
        for (int r = 1; r < c.mfcc.rows; ++r)
            for (int col = 0; col < c.mfcc.cols; ++col) m = std::max(m, std::abs(c.mfcc.at(r, col)));
        t->mfcc = texture_of(host_, c.mfcc, -m, m, Colormap::rdbu);
        t->mfcc_scale = {Colormap::rdbu, -m, m, ""};
    }
    return *textures_.emplace(id, std::move(t)).first->second;
}

std::string clips_counted(const MeanCurve& m) {
    std::string out = std::to_string(m.n_clips);
    if (!m.left_out.empty()) out += " of " + std::to_string(m.n_clips + static_cast<int>(m.left_out.size()));
    out += " clips";
    if (!m.left_out.empty()) {
        out += ";";
        for (std::size_t i = 0; i < m.left_out.size(); ++i) out += (i ? ", '" : " '") + m.left_out[i] + "'";
        out += " left out: other length";
    }
    if (m.n_loading > 0) out += " (" + std::to_string(m.n_loading) + " still loading)";
    return out;
}

namespace {

/// The rest of a mean curve from m.freq and the mean log10 power: the power, the peak (from the
/// curve in log-spaced bands for a 1-D spectrum, whose 22,051 bins peak in single spikes) and
/// the essay's resampled power-law fit.
void finish_mean(MeanCurve& m, std::vector<double> mean_log, bool mel) {
    m.mean_log10 = std::move(mean_log);
    m.mean_power.resize(m.mean_log10.size());
    for (std::size_t i = 0; i < m.mean_log10.size(); ++i) m.mean_power[i] = std::pow(10.0, m.mean_log10[i]);
    if (m.mean_power.size() < 2) return;
    if (mel) {
        const auto peak = std::max_element(m.mean_power.begin() + 1, m.mean_power.end());
        m.peak_freq = m.freq[static_cast<std::size_t>(peak - m.mean_power.begin())];
    } else {
        log_binned(m.freq, m.mean_power, k_display_bands, m.binned_freq, m.binned_power);
        const auto& bp = m.binned_power;
        if (!bp.empty()) {
            m.peak_freq = m.binned_freq[static_cast<std::size_t>(std::max_element(bp.begin(), bp.end()) - bp.begin())];
        }
    }
    if (auto fit = core::fit_spectrum(m.freq, m.mean_log10, true)) m.fit = fit.value();
}

}  // namespace

bool AudioStore::mean_from_summary(const std::string& label, bool mel, MeanCurve& m) const {
    const SummaryRecords& r = summary_.records();
    const char* kind = mel ? "mel" : "spectrum";
    const auto n = r.find(audio_key(kind, "n", label));
    const auto freq = r.find(audio_freq_key(kind));
    const auto mean = r.find(audio_key(kind, "mean_log10", label));
    if (n == r.end() || freq == r.end() || mean == r.end() || n->second.size() != 1 ||
        freq->second.size() != mean->second.size())
        return false;
    // Only the corpus's own groups: one with a person's clip in it is computed from the clips.
    const auto group = ids(label);
    for (const auto& id : group)
        if (clips_[static_cast<std::size_t>(find(id))].label == "yours") return false;
    if (static_cast<double>(group.size()) < n->second[0]) return false;
    m.n_clips = static_cast<int>(n->second[0]);
    m.freq = freq->second;
    finish_mean(m, mean->second, mel);
    return true;
}

AudioStore::ClipCurves AudioStore::curves(const std::string& id) {
    const SummaryRecords& r = summary_.records();
    auto it = summary_curves_.find(id);
    if (it == summary_curves_.end()) {
        const SummaryFile::State state = summary_.poll(assets_);
        if (state == SummaryFile::State::pending) return {};
        const auto binned = r.find(audio_clip_key("binned", id)), mel = r.find(audio_clip_key("mel", id));
        const auto binned_freq = r.find(audio_freq_key("binned")), mel_freq = r.find(audio_freq_key("mel"));
        if (state == SummaryFile::State::ready && binned != r.end() && mel != r.end() && binned_freq != r.end() &&
            mel_freq != r.end() && binned->second.size() == binned_freq->second.size() &&
            mel->second.size() == mel_freq->second.size()) {
            SummaryCurves c;
            c.binned_power = binned->second;
            c.mel_rapsd.freq = mel_freq->second;
            c.mel_rapsd.power = mel->second;
            it = summary_curves_.emplace(id, std::move(c)).first;
        }
    }
    if (it != summary_curves_.end())
        return {&r.at(audio_freq_key("binned")), &it->second.binned_power, &it->second.mel_rapsd};
    const AnalysedClip& c = clip(id);
    if (!c.ready()) return {};
    return {&c.binned_freq, &c.binned_power, &c.mel_rapsd};
}

MeanCurve AudioStore::make_mean(const std::string& label, bool mel) {
    MeanCurve m;
    switch (summary_.poll(assets_)) {
        case SummaryFile::State::pending:
            m.n_loading = static_cast<int>(ids(label).size());  // asked again next frame
            return m;
        case SummaryFile::State::ready:
            if (mean_from_summary(label, mel, m)) return m;
            m = MeanCurve{};
            break;
        case SummaryFile::State::absent:
            break;
    }
    std::vector<std::vector<double>> curves;
    for (const auto& id : ids(label)) {
        const AnalysedClip& c = clip(id);
        if (c.loading()) ++m.n_loading;
        if (!c.ready()) continue;
        const auto& freq = mel ? c.mel_rapsd.freq : c.spectrum.freq_hz;
        const auto& power = mel ? c.mel_rapsd.power : c.spectrum.power;
        if (!curves.empty() && power.size() != curves[0].size()) {  // clips of another length
            m.left_out.push_back(title(id));
            continue;
        }
        if (curves.empty()) m.freq = freq;
        curves.push_back(power);
    }
    m.n_clips = static_cast<int>(curves.size());
    if (curves.empty()) return m;
    finish_mean(m, core::mean_log10(curves), mel);
    return m;
}

const MeanCurve& AudioStore::mean_spectrum(const std::string& label) {
    const std::string key = "spectrum:" + label;
    auto it = means_.find(key);
    if (it == means_.end() || it->second.n_loading > 0)
        it = means_.insert_or_assign(key, make_mean(label, false)).first;
    return it->second;
}

const MeanCurve& AudioStore::mean_mel_rapsd(const std::string& label) {
    const std::string key = "mel:" + label;
    auto it = means_.find(key);
    if (it == means_.end() || it->second.n_loading > 0) it = means_.insert_or_assign(key, make_mean(label, true)).first;
    return it->second;
}

}  // namespace tide::app
