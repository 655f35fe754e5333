// Figure "effort": where a training run spends its noise levels. The training distribution over
// noise levels pushed through f_max (core::effort_exact) gives a distribution over spatial
// frequency; beside it the human contrast sensitivity function (core::csf_mannos_sakrison) for a
// viewing distance the reader sets.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/snr.hpp"
#include "figures.hpp"
#include "widgets.hpp"

namespace tide::app {

namespace {

const FigureInfo k_info{
    "effort", "Where training effort goes", "Beyond the essay",
    "A diffusion model is trained on noise levels drawn at random: t uniform for rectified flow and "
    "the cosine schedule, t logit-normal(0, 1) and then time-shifted for Stable Diffusion 3 (Esser et "
    "al., 2024), ln \u03c3 ~ N(\u22121.2, 1.2\u00b2) for EDM (Karras et al., 2022). At each level the frequencies "
    "below f_max are still visible and the next ones are being decided, so pushing the distribution of "
    "levels through f_max (the corpus mean RAPSD, \u03c4 = 1) says how training divides its samples over "
    "spatial frequency (top; the share at f_max = 0 is the levels where nothing is left above the "
    "noise). Below, the sensitivity of human vision to contrast at each frequency, A(f) = 2.6 (0.0192 + "
    "0.114 f) exp(\u2212(0.114 f)^1.1), f in cycles per degree (Mannos and Sakrison, 1974), for a viewer who "
    "sees the given pixels per degree. Where the two overlap, the diffusion loss behaves like a "
    "perceptual loss.",
    Input::image_corpus};

constexpr const char* kScheduleNames[] = {"rf", "cosine", "sd3", "edm"};

class EffortFigure final : public Figure {
public:
    EffortFigure() : Figure(k_info) {
        declare({Param::choice("schedule", schedule_index_, {"rf", "cosine", "sd3", "edm"}, 2, "training schedule"),
                 Param::linear("shift", shift_, 1.0, 6.0, 3.0, "shift s = %.2f", "time shift s of sd3"),
                 Param::log("ppd", ppd_, 10.0, 300.0, 60.0, "%.0f pixels/degree", "pixels per degree of view"),
                 Param::log("split", split_, 0.005, 0.5, 0.05, "split at %.3g cycles/pixel",
                            "frequency that splits the shares, in cycles per pixel")
                     .main(0.05)},
                {{"below", "share of training samples deciding frequencies below the split"},
                 {"above", "share of training samples deciding frequencies at or above the split"},
                 {"nothing", "share of training samples with nothing above the noise"},
                 {"csf_peak", "the frequency human vision is most sensitive to, in cycles per pixel"}});
    }

    void draw(FigureContext& ctx, ImVec2 size) override {
        const float fs = ImGui::GetFontSize();
        const float w = std::min(size.x, 60.0f * fs);
        ImGui::SetNextItemWidth(std::max(w * 0.22f, 9.0f * fs));
        ImGui::Combo("schedule", &schedule_index_, "rectified flow\0cosine (VP)\0SD3 (logit-normal)\0EDM\0");
        if (schedule_index_ == 2) {
            same_line_if_fits(10.0f * fs);
            ImGui::SetNextItemWidth(std::max(w * 0.25f, 10.0f * fs));
            slider(ctx, "shift", "##shift");
        }
        ImGui::SetNextItemWidth(std::max(w * 0.3f, 10.0f * fs));
        slider(ctx, "ppd", "##ppd");
        same_line_if_fits(10.0f * fs);
        ImGui::SetNextItemWidth(std::max(w * 0.3f, 10.0f * fs));
        slider(ctx, "split", "##split");

        const CorpusStats& stats = ctx.store.corpus_stats();
        if (!stats.complete()) {
            ImGui::Text("averaging the corpus spectrum: %d of %d photographs", stats.done, stats.total);
            return;
        }
        const core::Effort effort = core::effort_exact(stats.freq, stats.mean_power, 1.0, schedule());
        const core::EffortShares shares = core::effort_shares(effort, split_);

        // Share per octave in quarter-octave bands (the per-bin probabilities jump from bin to bin
        // where the mean spectrum is not monotone): on a log axis, equal areas are equal shares.
        Series chosen = octave_series(effort, "this schedule", series_color(0), 2.5f, LineStyle::solid);
        Series rf;
        if (schedule_index_ != 0)
            rf = octave_series(core::effort_exact(stats.freq, stats.mean_power, 1.0, {}), "rectified flow",
                               series_color(7), 1.5f, LineStyle::dashed);
        const double f_lo = effort.freq[1], f_hi = effort.freq.back();
        char split_label[160];
        std::snprintf(split_label, sizeof split_label,
                      "split at %s cycles/pixel (%s cycles/degree): %.1f%% of training samples below, %.1f%% "
                      "above (%.1f%% with nothing above the noise)",
                      plain_number(split_).c_str(), plain_number(split_ * ppd_).c_str(), 100.0 * shares.below,
                      100.0 * shares.above, 100.0 * effort.probability.front());
        note(split_label);
        PlotAxes top;
        top.x_title = "f_max at the training noise level (cycles/pixel)";
        top.y_title = "share of training samples per octave";
        top.y_log = false;
        top.x_min = f_lo;
        top.x_max = f_hi;
        top.y_min = 0.0;
        top.markers.push_back({split_, ""});
        std::vector<Series> series{chosen};
        if (!rf.x.empty()) series.push_back(rf);
        const float gap = ImGui::GetStyle().ItemSpacing.y;
        const float avail = ImGui::GetContentRegionAvail().y;
        // Shares of the height. The floors: low enough that a 720 x 420 embed needs no scrolling;
        // higher on a narrow screen (a phone), whose figure scrolls anyway.
        const bool narrow = narrow_figure(size);
        const ImVec2 top_size(size.x, std::max(narrow ? 180.0f : 130.0f, (avail - gap) * 0.55f));
        ImVec2 p0 = ImGui::GetCursorScreenPos();
        plot(ctx.plots, "effort", top_size, series, top);
        ctx.layout.push_back({"plot", "effort", p0, ImVec2(p0.x + top_size.x, p0.y + top_size.y)});

        Series csf{"contrast sensitivity A(f \u00b7 ppd)", {}, {}, series_color(1), 2.5f};
        constexpr int kPoints = 200;
        for (int i = 0; i < kPoints; ++i) {
            const double f = f_lo * std::pow(f_hi / f_lo, i / (kPoints - 1.0));
            csf.x.push_back(f);
            csf.y.push_back(core::csf_mannos_sakrison(core::cycles_per_degree(f, ppd_)));
        }
        PlotAxes bottom;
        bottom.x_title = "frequency (cycles/pixel); cycles/degree = cycles/pixel \u00d7 pixels/degree";
        bottom.y_title = "sensitivity A";
        bottom.y_log = false;
        bottom.x_min = f_lo;
        bottom.x_max = f_hi;
        bottom.y_min = 0.0;
        bottom.y_max = 1.05;
        char peak_label[64];
        std::snprintf(peak_label, sizeof peak_label, "peak %s cycles/pixel", plain_number(csf_peak()).c_str());
        if (csf_peak() > f_lo && csf_peak() < f_hi) bottom.markers.push_back({csf_peak(), peak_label});
        bottom.markers.push_back({split_, ""});
        const ImVec2 bottom_size(size.x, std::max(narrow ? 160.0f : 110.0f, ImGui::GetContentRegionAvail().y));
        p0 = ImGui::GetCursorScreenPos();
        plot(ctx.plots, "csf", bottom_size, {csf}, bottom);
        ctx.layout.push_back({"plot", "csf", p0, ImVec2(p0.x + bottom_size.x, p0.y + bottom_size.y)});
    }

    void write_readouts(const FigureView& view, StateWriter& out) const override {
        out.add_readout("csf_peak", csf_peak());
        const CorpusStats& stats = view.store.corpus_stats_so_far();
        if (!stats.complete()) return;
        // A few hundred operations: computed here, so the numbers follow a set() at once.
        const core::Effort effort = core::effort_exact(stats.freq, stats.mean_power, 1.0, schedule());
        const core::EffortShares shares = core::effort_shares(effort, split_);
        out.add_readout("below", shares.below);
        out.add_readout("above", shares.above);
        out.add_readout("nothing", effort.probability.front());
    }

    bool computing(const FigureView& view) const override { return !view.store.corpus_stats_so_far().complete(); }

private:
    core::NoiseSchedule schedule() const {
        core::NoiseSchedule s;
        const std::string name = kScheduleNames[schedule_index_];
        s.kind = core::parse_schedule_kind(name).value();
        s.shift = shift_;
        return s;
    }
    /// The effort's bins 1.. as a share per octave: bin i spans log2((i + 1/2) / (i - 1/2))
    /// octaves; bins are pooled into quarter-octave bands (a low bin, wider than that, stands
    /// alone), each drawn at its bins' geometric centre as their share over their width.
    static Series octave_series(const core::Effort& effort, const char* label, ImU32 color, float thickness,
                                LineStyle style) {
        Series out{label, {}, {}, color, thickness, style};
        constexpr double kBand = 0.25;                      // octaves
        const double df = effort.freq[1] - effort.freq[0];  // cycles/pixel per bin
        double share = 0.0, width = 0.0, start = 0.0;
        for (std::size_t i = 1; i < effort.freq.size(); ++i) {
            const double bin = static_cast<double>(i);
            const double lo = std::log2((bin - 0.5) * df), hi = std::log2((bin + 0.5) * df);
            if (width == 0.0) start = lo;
            share += effort.probability[i];
            width += hi - lo;
            if (width >= kBand || i + 1 == effort.freq.size()) {
                out.x.push_back(std::exp2(start + width / 2.0));
                out.y.push_back(share / width);
                share = width = 0.0;
            }
        }
        return out;
    }

    /// Where A(f) peaks (7.89 cycles/degree, Mannos and Sakrison's curve), in cycles/pixel.
    double csf_peak() const { return 7.89 / ppd_; }

    int schedule_index_ = 2;  // the table (declare) sets it
    double shift_, ppd_, split_;
};

}  // namespace

TIDE_DEFINE_FIGURE(effort, EffortFigure)

}  // namespace tide::app
