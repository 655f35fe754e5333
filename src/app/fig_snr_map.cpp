// Figure "snr-map": signal-to-noise over frequency and time. SNR(f, t) = alpha(t)^2 R(f) /
// sigma(t)^2 in dB for the corpus mean RAPSD R under five schedules (core::snr_map), its contour
// SNR = tau (f_max, core::snr_contour), and the corpus analysed at four sizes.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "core/image.hpp"
#include "core/snr.hpp"
#include "figures.hpp"
#include "sized_corpus.hpp"
#include "widgets.hpp"

namespace tide::app {

namespace {

const FigureInfo k_info{
    "snr-map", "SNR over frequency and time", "Beyond the essay",
    "Colour: the signal-to-noise ratio SNR(f, t) = \u03b1(t)\u00b2 R(f) / \u03c3(t)\u00b2 in dB, R the corpus mean "
    "RAPSD, t across (0 clean, 1 pure noise) and frequency up in cycles per image (red: the signal "
    "is above \u03c4 times the noise; blue: below; \u00b130 dB around \u03c4 spans the colours). The thick line "
    "is the contour SNR = \u03c4, which is f_max(t). Schedules: rectified flow; the cosine schedule; "
    "Stable Diffusion 3's time shift t' = s t / (1 + (s \u2212 1) t) (Esser et al., 2024); EDM's "
    "\u03c3 from 0.002 to 80 with its sampling steps \u03c3_i = (\u03c3_max^(1/\u03c1) + i/(N\u22121) "
    "(\u03c3_min^(1/\u03c1) \u2212 \u03c3_max^(1/\u03c1)))^\u03c1, \u03c1 = 7, N = 18, as dots (Karras et al., 2022); "
    "simple "
    "diffusion's shifted cosine, logSNR + 2 ln(64/d) at d pixels (Hoogeboom et al., 2023). The thin "
    "lines are the contour for the corpus at the other sizes (area-averaged from the page's 320-pixel "
    "fields): at the same t a larger image keeps more cycles of its coarse structure, which is why "
    "schedules are shifted for resolution, and simple diffusion's shift brings the lines together.",
    Input::image_corpus};

constexpr auto kSizes = k_summary_sizes;  ///< as in the site's summary, so the map opens from it
constexpr const char* kScheduleNames[] = {"rf", "cosine", "sd3", "edm", "simple"};
constexpr int kMapSteps = 160, kMapRows = 120, kContourSteps = 199, kEdmSteps = 18;
constexpr double kDbSpan = 30.0;
/// The contour over the map: black in either theme (the map's colours do not change with the
/// theme, and the contour runs where the map is white, SNR = tau).
constexpr ImU32 kContourColor = IM_COL32(0, 0, 0, 255);

class SnrMapFigure final : public Figure {
public:
    SnrMapFigure() : Figure(k_info) {
        declare(
            {Param::choice("schedule", schedule_index_, {"rf", "cosine", "sd3", "edm", "simple"}, 0, "noise schedule"),
             Param::linear("shift", shift_, 1.0, 6.0, 3.0, "shift s = %.2f", "time shift s of sd3"),
             Param::choice("size", size_index_, {"64", "128", "256", "320"}, 3, "image size in pixels"),
             Param::log("tau", tau_, 0.01, 100.0, 1.0, "\u03c4 = %.3g", "threshold tau"),
             Param::shared_t(0.001, 0.999, "t = %.3f").main(0.01)},
            {{"fmax", "f max at t, in cycles per pixel"},
             {"fmax_cycles", "f max at t, in cycles per image"},
             {"log_snr", "log signal-to-noise ratio at t, natural log"}});
    }

    void draw(FigureContext& ctx, ImVec2 size) override {
        const float fs = ImGui::GetFontSize();
        const float w = std::min(size.x, 60.0f * fs);
        ImGui::SetNextItemWidth(std::max(w * 0.22f, 9.0f * fs));
        ImGui::Combo("schedule", &schedule_index_,
                     "rectified flow\0cosine (VP)\0SD3 shift\0EDM (VE)\0simple diffusion\0");
        if (schedule_index_ == 2) {
            same_line_if_fits(10.0f * fs);
            ImGui::SetNextItemWidth(std::max(w * 0.22f, 10.0f * fs));
            slider(ctx, "shift", "##shift");
        }
        same_line_if_fits(8.0f * fs);
        ImGui::SetNextItemWidth(std::max(w * 0.14f, 6.0f * fs));
        ImGui::Combo("size", &size_index_,
                     "64 px\0"
                     "128 px\0"
                     "256 px\0"
                     "320 px\0");  // \0 then digits would be octal
        ImGui::SetNextItemWidth(std::max(w * 0.25f, 9.0f * fs));
        slider(ctx, "tau", "##tau");
        same_line_if_fits(10.0f * fs);
        ImGui::SetNextItemWidth(std::max(w * 0.4f, 10.0f * fs));
        slider(ctx, "t", "##t");

        const auto total = static_cast<std::size_t>(ctx.store.corpus_stats_so_far().total);
        if (!corpus_.advance(ctx.store, total, 10.0)) {
            ImGui::Text("analysing the corpus at four sizes: %d of %d photographs", corpus_.done(),
                        ctx.store.corpus_stats_so_far().total);
            return;
        }
        const std::size_t chosen = static_cast<std::size_t>(size_index_);
        const double d = kSizes[chosen];
        update_map(ctx);

        std::vector<Series> series;
        for (std::size_t s = 0; s < kSizes.size(); ++s) {
            if (s == chosen) continue;
            char label[32];
            std::snprintf(label, sizeof label, "%d px", kSizes[s]);
            series.push_back(contour_series(s, label, series_color(s), 1.5f));
        }
        char label[48];
        std::snprintf(label, sizeof label, "f_max(t), %d px", kSizes[chosen]);
        series.push_back(contour_series(chosen, label, kContourColor, 3.0f));
        if (schedule_index_ == 3) {  // EDM's sampling steps: sigma_i = edm_sigma(1 - i/(N-1))
            Series steps{"EDM's 18 steps", {}, {}, kContourColor, 6.0f, LineStyle::points};
            const core::NoiseSchedule sched = schedule(kSizes[chosen]);
            for (int i = 0; i < kEdmSteps; ++i) {
                const double t = 1.0 - i / (kEdmSteps - 1.0);
                const double f = fmax_at(chosen, sched, t);
                steps.x.push_back(t);
                steps.y.push_back(f > 0 ? f * d : NAN);
            }
            series.push_back(steps);
        }
        PlotAxes axes;
        axes.x_title = "t (diffusion time: 0 clean, 1 pure noise)";
        axes.y_title = "frequency (cycles per image)";
        axes.x_log = false;
        axes.x_min = 0.0;
        axes.x_max = 1.0;
        axes.y_min = 1.0;
        axes.y_max = kSizes.back() / 2.0;
        axes.image = map_texture_.id();
        const double f_now = fmax_at(chosen, schedule(kSizes[chosen]), ctx.shared.t);
        char now[96];
        std::snprintf(now, sizeof now, "at t = %.3f: f_max = %s cycles per image (%s cycles/pixel), logSNR = %.2f",
                      ctx.shared.t, plain_number(f_now * d).c_str(), plain_number(f_now).c_str(),
                      core::log_snr(schedule(kSizes[chosen]), ctx.shared.t));
        note(now);
        axes.markers.push_back({ctx.shared.t, ""});
        const ImVec2 p0 = ImGui::GetCursorScreenPos();
        const ImVec2 plot_size(std::max(200.0f, size.x - colour_bar_width()),
                               std::max(240.0f, ImGui::GetContentRegionAvail().y));
        plot(ctx.plots, "snr-map", plot_size, series, axes);
        ctx.layout.push_back({"plot", "snr-map", p0, ImVec2(p0.x + plot_size.x, p0.y + plot_size.y)});
        ImGui::SameLine(0, ImGui::GetFontSize() * 0.3f);
        const double centre = 10.0 * std::log10(tau_);
        colour_bar({Colormap::rdbu, centre - kDbSpan, centre + kDbSpan, "SNR dB"},
                   plot_size.y - ImGui::GetFontSize() * 2.2f);
    }

    void write_readouts(const FigureView& view, StateWriter& out) const override {
        const std::size_t chosen = static_cast<std::size_t>(size_index_);
        const core::NoiseSchedule sched = schedule(kSizes[chosen]);
        out.add_readout("log_snr", core::log_snr(sched, view.shared.t));
        if (!corpus_.complete()) return;
        const double f = fmax_at(chosen, sched, view.shared.t);
        out.add_readout("fmax", f);
        out.add_readout("fmax_cycles", f * kSizes[chosen]);
    }

    bool computing(const FigureView&) const override { return !corpus_.complete(); }

private:
    core::NoiseSchedule schedule(int size) const {
        core::NoiseSchedule s;
        s.kind = core::parse_schedule_kind(kScheduleNames[schedule_index_]).value();
        s.shift = shift_;
        s.resolution = size;  // simple diffusion's d: the image's own size
        return s;
    }

    double fmax_at(std::size_t s, const core::NoiseSchedule& sched, double t) const {
        const core::NoiseLevel level = core::noise_level(sched, t);
        const double ratio = level.alpha > 0 ? level.sigma / level.alpha : INFINITY;
        return core::f_max(corpus_.freq(s), corpus_.power(s), tau_, ratio * ratio);
    }

    /// The contour SNR = tau of size index s, in cycles per image (NaN where nothing is above).
    Series contour_series(std::size_t s, const char* label, ImU32 color, float thickness) const {
        Series out{label, {}, {}, color, thickness};
        for (const auto& [t, f] :
             core::snr_contour(corpus_.freq(s), corpus_.power(s), tau_, schedule(kSizes[s]), kContourSteps)) {
            out.x.push_back(t);
            out.y.push_back(f > 0 ? f * kSizes[s] : NAN);
        }
        return out;
    }

    /// The heat map's texture: kMapSteps columns of t, kMapRows rows log-spaced in cycles per
    /// image from 1 (bottom) to 160 (top), each the nearest RAPSD bin's dB; grey above the chosen
    /// size's last bin. Made again when the schedule, size or tau change.
    void update_map(FigureContext& ctx) {
        const std::size_t chosen = static_cast<std::size_t>(size_index_);
        char key[96];
        std::snprintf(key, sizeof key, "%d %.17g %zu %.17g", schedule_index_, shift_, chosen, tau_);
        if (key == map_key_ && map_texture_) return;
        const std::vector<double> freq = corpus_.freq(chosen);
        const core::SnrMap map = core::snr_map(freq, corpus_.power(chosen), schedule(kSizes[chosen]), kMapSteps);
        const double top = kSizes.back() / 2.0, centre = 10.0 * std::log10(tau_);
        std::vector<std::uint8_t> rgba(static_cast<std::size_t>(kMapSteps * kMapRows * 4), 255);
        for (int row = 0; row < kMapRows; ++row) {
            const double cycles = std::pow(top, 1.0 - row / (kMapRows - 1.0));  // top row: 160
            const long bin = std::lround(cycles);                               // bin r is r cycles per image
            for (int col = 0; col < kMapSteps; ++col) {
                std::uint8_t* px = &rgba[static_cast<std::size_t>((row * kMapSteps + col) * 4)];
                if (bin < 1 || bin > static_cast<long>(map.freq.size())) {
                    px[0] = px[1] = px[2] = 160;  // beyond this size's Nyquist
                    continue;
                }
                const double db = map.db.at(col, static_cast<int>(bin - 1));
                const auto c = colormap_rgb(Colormap::rdbu, (db - centre + kDbSpan) / (2.0 * kDbSpan));
                px[0] = c[0];
                px[1] = c[1];
                px[2] = c[2];
            }
        }
        TextureHost& host = ctx.store.host();
        if (map_texture_)
            host.update_rgba(map_texture_.id(), rgba.data(), kMapSteps, kMapRows);
        else
            map_texture_ = Texture(&host, host.create_rgba(rgba.data(), kMapSteps, kMapRows, Sampling::nearest),
                                   kMapSteps, kMapRows);
        map_key_ = key;
    }

    int schedule_index_ = 0, size_index_ = 3;  // the table (declare) sets them
    double shift_, tau_;
    SizedCorpus corpus_{{kSizes.begin(), kSizes.end()}};  ///< the corpus at each of kSizes
    Texture map_texture_;
    std::string map_key_;
};

}  // namespace

TIDE_DEFINE_FIGURE(snr_map, SnrMapFigure)

}  // namespace tide::app
