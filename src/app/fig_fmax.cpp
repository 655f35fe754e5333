// Figure "fmax": which frequencies survive at which noise level: f_max(t) from the corpus mean.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "figures.hpp"
#include "widgets.hpp"

namespace tide::app {

namespace {

constexpr double k_t_min = 0.001, k_t_max = 0.999;

const FigureInfo k_info{
    "fmax", "Which frequencies survive", "Which frequencies at which noise levels?",
    "For each t, the highest frequency at which the corpus mean spectrum, scaled by \u03b1(t)\u00b2, is "
    "still above \u03c4 times the noise \u03c3(t)\u00b2 (frequency relative to the sampling rate: "
    "Nyquist is 0.5). Read from left to right it is the forward process forgetting the finest detail "
    "first; from right to left, sampling: each step of a diffusion model's sampler adds the next band "
    "of higher frequencies. The dot is the t of the diffusion figure; moving it here moves it there.",
    Input::image_corpus};

class FmaxFigure final : public Figure {
public:
    FmaxFigure() : Figure(k_info) {
        declare({Param::log("tau", tau_, 0.01, 100.0, 1.0, "\u03c4 = %.3g", "threshold tau"),
                 Param::shared_t(k_t_min, k_t_max, "t = %.3f").main(0.01), Param::schedule()},
                {{"fmax", "f max, the highest frequency above the noise, in cycles per pixel"},
                 {"analysed", "photographs analysed"}});
    }

    void draw(FigureContext& ctx, ImVec2 size) override {
        const CorpusStats& stats = ctx.store.corpus_stats();
        const float w = std::min(size.x, 44.0f * ImGui::GetFontSize());
        ImGui::SetNextItemWidth(w * 0.35f);
        slider(ctx, "tau", "\u03c4 (threshold)");
        // The schedule's box as wide as its longest name; on the slider's line when it fits there.
        const ImGuiStyle& style = ImGui::GetStyle();
        const float combo_w = std::max(
            w * 0.25f, ImGui::CalcTextSize("rectified flow").x + ImGui::GetFrameHeight() + 2 * style.FramePadding.x);
        same_line_if_fits(combo_w + style.ItemInnerSpacing.x + ImGui::CalcTextSize("schedule").x);
        int schedule = ctx.shared.schedule == core::Schedule::cosine ? 1 : 0;
        ImGui::SetNextItemWidth(combo_w);
        if (ImGui::Combo("schedule", &schedule, "rectified flow\0cosine (VP)\0")) {
            ctx.shared.schedule = schedule == 1 ? core::Schedule::cosine : core::Schedule::rectified_flow;
        }
        ImGui::SetNextItemWidth(w * 0.6f);
        slider(ctx, "t", "##t");
        if (!stats.complete()) {
            char progress[96];
            std::snprintf(progress, sizeof progress, "analysing the corpus: %d of %d photographs", stats.done,
                          stats.total);
            same_line_if_fits(ImGui::CalcTextSize(progress).x);
            ImGui::TextUnformatted(progress);
        }
        if (stats.mean_power.empty()) return;

        const auto curve = core::f_max_curve(stats.freq, stats.mean_power, tau_, ctx.shared.schedule, 199);
        Series s{"f_max(t), corpus mean", {}, {}, series_color(0), 2.5f};
        for (const auto& [t, f] : curve) {
            s.x.push_back(t);
            s.y.push_back(f > 0 ? f : NAN);
        }
        const double now = fmax_at(stats, ctx.shared);
        Series dot{"", {ctx.shared.t}, {now > 0 ? now : NAN}, IM_COL32(214, 39, 40, 255), 6.0f, LineStyle::points};
        PlotAxes axes;
        axes.x_title = "t (diffusion time: 0 clean, 1 pure noise)";
        axes.y_title = "f_max: highest frequency above the noise (cycles/pixel)";
        axes.x_log = false;
        axes.x_min = 0.0;
        axes.x_max = 1.0;
        axes.y_min = 1.0 / k_analysis_size;
        axes.y_max = 0.5;
        char label[64];
        std::snprintf(label, sizeof label, "t = %.3f: f_max = %s", ctx.shared.t, plain_number(now).c_str());
        axes.markers.push_back({ctx.shared.t, label, IM_COL32(214, 39, 40, 200)});
        const ImVec2 p0 = ImGui::GetCursorScreenPos();
        const ImVec2 plot_size(size.x, std::max(220.0f, ImGui::GetContentRegionAvail().y));
        plot(ctx.plots, "fmax", plot_size, {s, dot}, axes);
        // Dragging on the plot moves t.
        if (ImGui::IsItemActive()) {
            const float fs = ImGui::GetFontSize();
            const float left = p0.x + fs * 4.2f, right = p0.x + plot_size.x - fs * 0.8f;
            ctx.shared.t =
                std::clamp(static_cast<double>((ImGui::GetIO().MousePos.x - left) / (right - left)), k_t_min, k_t_max);
        }
        ctx.layout.push_back({"plot", "fmax", p0, ImVec2(p0.x + plot_size.x, p0.y + plot_size.y)});
    }

    void write_readouts(const FigureView& ctx, StateWriter& out) const override {
        // From the parameters as they are now (a set() before the next frame is reflected at once).
        const CorpusStats& stats = ctx.store.corpus_stats_so_far();
        if (!stats.mean_power.empty()) out.add_readout("fmax", fmax_at(stats, ctx.shared));
        out.add_readout("analysed", ctx.store.corpus_stats_so_far().done);
    }

    bool computing(const FigureView& ctx) const override { return !ctx.store.corpus_stats_so_far().complete(); }

private:
    /// f_max of the corpus mean at the shared t and schedule.
    double fmax_at(const CorpusStats& stats, const SharedState& shared) const {
        const core::NoiseLevel level = core::noise_level(shared.schedule, shared.t);
        const double ratio = level.alpha > 0 ? level.sigma / level.alpha : INFINITY;
        return core::f_max(stats.freq, stats.mean_power, tau_, ratio * ratio);
    }

    double tau_;  // the table (declare) sets it
};

}  // namespace

TIDE_DEFINE_FIGURE(fmax, FmaxFigure)

}  // namespace tide::app
