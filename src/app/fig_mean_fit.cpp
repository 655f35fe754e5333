// Figure "mean-fit": the corpus mean RAPSD (a geometric mean), its power-law fit as the essay
// does it, and the spread of per-image slopes for natural and man-made scenes.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/powerlaw.hpp"
#include "figures.hpp"
#include "widgets.hpp"

namespace tide::app {

namespace {

const FigureInfo k_info{
    "mean-fit", "The mean spectrum's power law", "Image spectra",
    "The mean of log power over every photograph in the corpus (a geometric mean) and a straight "
    "line fitted to it in log-log space. As in the essay, the curve is first resampled onto 100 points "
    "evenly spaced in log frequency; fitting the raw bins instead lets the many high-frequency bins "
    "dominate the fit. The estimate \u03b1 is the line's slope, negated. Below: each photograph's own "
    "\u03b1, by kind of scene. Switch to \"your photographs\" to fit the ones you added.",
    Input::image_corpus | Input::own_photos};

class MeanFitFigure final : public Figure {
public:
    MeanFitFigure() : Figure(k_info) {
        declare({Param::choice("photos", photos_, {"corpus", "yours"}, 0, "photographs fitted"),
                 Param::boolean("resample", resample_, true, "resampled before fitting")},
                {{"alpha", "alpha, the power-law slope"}, {"analysed", "photographs analysed"}});
    }

    void draw(FigureContext& ctx, ImVec2 size) override {
        const CorpusStats& stats = own_photos() ? ctx.store.user_stats() : ctx.store.corpus_stats();
        const core::PowerLawFit& fit = resample_ ? stats.fit : stats.fit_raw;
        ImGui::RadioButton("the corpus", &photos_, 0);
        ImGui::SameLine();
        ImGui::RadioButton("your photographs", &photos_, 1);
        // The long label where it fits, a short one on a phone.
        const float box_w = ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x;
        const char* resample_label = "resample onto 100 log-spaced points before fitting";
        if (box_w + ImGui::CalcTextSize(resample_label).x > ImGui::GetContentRegionAvail().x) {
            resample_label = "resample before fitting";
        }
        same_line_if_fits(box_w + ImGui::CalcTextSize(resample_label).x, 2 * ImGui::GetFontSize());
        ImGui::Checkbox(resample_label, &resample_);
        char count[96];
        if (own_photos()) {
            std::snprintf(count, sizeof count, "%d of your photographs", stats.total);
        } else if (!stats.complete()) {
            std::snprintf(count, sizeof count, "analysing the corpus: %d of %d photographs", stats.done, stats.total);
        } else {
            std::snprintf(count, sizeof count, "%d photographs", stats.total);
        }
        same_line_if_fits(ImGui::CalcTextSize(count).x, 2 * ImGui::GetFontSize());
        if (own_photos() || stats.complete()) {
            ImGui::TextDisabled("%s", count);
        } else {
            ImGui::TextUnformatted(count);
        }
        if (own_photos() && stats.mean_power.empty()) {
            ImGui::Spacing();
            note(
                "None yet. Drop photographs on the page (PNG, JPEG, GIF, BMP or TGA) or pick them: each is "
                "centre-cropped and resized to 320 x 320 like the corpus, and analysed on this computer; "
                "nothing is uploaded.");
            if (ctx.pick_images &&
                ImGui::Button("Add your own photographs\u2026", ImVec2(0, std::max(ImGui::GetFrameHeight(), 44.0f)))) {
                ctx.pick_images();
            }
            return;
        }
        // The plot takes the height the strip of per-photo alphas below it leaves (two rows and
        // an axis: draw_alphas).
        const float alphas_h = 7.0f * ImGui::GetFontSize() + ImGui::GetStyle().ItemSpacing.y;
        const float plot_h = std::max(200.0f, ImGui::GetContentRegionAvail().y - alphas_h);
        // The numbers beside the plot where there is room, above it on a narrow screen.
        const bool beside = size.x - 15.0f * ImGui::GetFontSize() >= 240.0f;
        const float plot_w = beside ? size.x - 15.0f * ImGui::GetFontSize() : std::max(200.0f, size.x);
        std::vector<Series> series;
        if (!stats.mean_power.empty()) {
            series.push_back(spectrum_series(
                stats.freq, stats.mean_power,
                own_photos() ? "your photographs' mean (geometric)" : "corpus mean (geometric)", series_color(0)));
            // The points the fit sees.
            Series pts;
            pts.label = resample_ ? "points fitted (resampled)" : "points fitted (raw bins)";
            pts.style = LineStyle::points;
            pts.thickness = 2.2f;
            pts.color = ink_color(0.8f);
            if (resample_) {
                const core::LogLogCurve c = core::resample_loglog(stats.freq, stats.mean_log10, 100, 1);
                for (std::size_t i = 0; i < c.log10_freq.size(); ++i) {
                    pts.x.push_back(std::pow(10.0, c.log10_freq[i]));
                    pts.y.push_back(std::pow(10.0, c.log10_power[i]));
                }
            } else {
                pts.x.assign(stats.freq.begin() + 1, stats.freq.end());
                pts.y.assign(stats.mean_power.begin() + 1, stats.mean_power.end());
            }
            series.push_back(pts);
            char label[96];
            std::snprintf(label, sizeof label, "fit: %s \u00b7 f%s",
                          plain_number(std::pow(10.0, fit.intercept)).c_str(),
                          superscript("-" + plain_number(fit.alpha, 4)).c_str());
            series.push_back(
                power_law_series(fit, stats.freq[1], stats.freq.back(), label, IM_COL32(214, 39, 40, 255)));
        }
        auto numbers = [&]() {
            ImGui::BeginGroup();
            ImGui::PushFont(ctx.fonts.title);
            ImGui::Text("\u03b1 = %.2f", fit.alpha);
            ImGui::PopFont();
            ImGui::Text("R\u00b2 = %.4f", fit.r2);
            ImGui::Text("c = %s (P \u2248 c\u00b7f%s)", plain_number(std::pow(10.0, fit.intercept)).c_str(),
                        superscript("-" + plain_number(fit.alpha, 3)).c_str());
            ImGui::Text("(%s fit: \u03b1 = %.2f)", resample_ ? "raw-bin" : "resampled",
                        resample_ ? stats.fit_raw.alpha : stats.fit.alpha);
            ImGui::EndGroup();
        };
        if (!beside) numbers();
        const ImVec2 p0 = ImGui::GetCursorScreenPos();
        plot(ctx.plots, "mean", ImVec2(plot_w, plot_h), series, rapsd_axes());
        ctx.layout.push_back({"plot", "mean-fit", p0, ImVec2(p0.x + plot_w, p0.y + plot_h)});
        if (beside) {
            ImGui::SameLine();
            numbers();
        }

        draw_alphas(ctx, stats, own_photos(), ImVec2(size.x, std::max(90.0f, ImGui::GetContentRegionAvail().y)));
    }

    void write_readouts(const FigureView& ctx, StateWriter& out) const override {
        const CorpusStats& stats = own_photos() ? ctx.store.user_stats_so_far() : ctx.store.corpus_stats_so_far();
        out.add_readout("alpha", (resample_ ? stats.fit : stats.fit_raw).alpha);
        out.add_readout("analysed", stats.done);
    }

    bool computing(const FigureView& ctx) const override {
        return !own_photos() && !ctx.store.corpus_stats_so_far().complete();
    }

private:
    bool own_photos() const { return photos_ == 1; }
    /// Strip plot: one row per label, a dot per photograph at its alpha, the group mean marked.
    /// The corpus has two rows (nature, man-made); a person's own photographs one.
    void draw_alphas(FigureContext& ctx, const CorpusStats& stats, bool yours, ImVec2 size) {
        const auto& images = ctx.store.corpus().images();
        std::vector<double> groups[2];
        const char* names[2] = {yours ? "yours" : "nature", "man-made"};
        const int n_groups = yours ? 1 : 2;
        for (std::size_t i = 0; i < stats.alphas.size(); ++i) {
            if (!std::isfinite(stats.alphas[i])) continue;
            groups[yours || images[i].label == "nature" ? 0 : 1].push_back(stats.alphas[i]);
        }
        double lo = 1.0, hi = 3.5;
        for (const auto& g : groups)
            for (double a : g) {
                lo = std::min(lo, std::floor(a * 2) / 2);
                hi = std::max(hi, std::ceil(a * 2) / 2);
            }
        const float fs = ImGui::GetFontSize();
        const ImVec2 p0 = ImGui::GetCursorScreenPos();
        ImGui::InvisibleButton("alphas", size);
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const float left = p0.x + 9 * fs, right = p0.x + size.x - fs;
        const float row_h = std::min(2.2f * fs, (size.y - 2.5f * fs) / 2);
        auto px = [&](double a) { return left + static_cast<float>((a - lo) / (hi - lo)) * (right - left); };
        const ImU32 ink = ImGui::GetColorU32(ImGuiCol_Text);
        const ImU32 mid = ImGui::GetColorU32(ImGuiCol_Text, 0.5f);
        for (int g = 0; g < n_groups; ++g) {
            const float y = p0.y + (static_cast<float>(g) + 0.5f) * row_h;
            const GroupStats st = group_stats(groups[g]);
            char label[64];
            std::snprintf(label, sizeof label, "%s (%d)", names[g], st.n);
            // The mean's text takes the top of the row, the dots sit just below it: the text
            // never lies on a dot.
            const float text_top = y - row_h * 0.5f;
            const float dot_r = fs * 0.28f;
            const float dots_y = std::max(y, text_top + fs + dot_r + fs * 0.05f);
            dl->AddText(ImVec2(p0.x, dots_y - fs * 0.5f), ink, label);
            dl->AddLine(ImVec2(left, dots_y), ImVec2(right, dots_y), ImGui::GetColorU32(ImGuiCol_Text, 0.1f));
            for (double a : groups[g])
                dl->AddCircleFilled(ImVec2(px(a), dots_y), dot_r, series_color(g == 0 ? 2 : 0) & 0xB0FFFFFF);
            if (st.n > 0) {
                dl->AddLine(ImVec2(px(st.mean), text_top), ImVec2(px(st.mean), y + row_h * 0.45f), ink, 2.5f);
                char m[64];
                std::snprintf(m, sizeof m, "mean %.2f \u00b1 %.2f", st.mean, st.sd);
                dl->AddText(ImVec2(px(st.mean) + fs * 0.4f, text_top), ink, m);
            }
        }
        const float axis_y = p0.y + static_cast<float>(n_groups) * row_h;
        dl->AddLine(ImVec2(left, axis_y), ImVec2(right, axis_y), mid);
        for (double a = lo; a <= hi + 1e-9; a += 0.5) {
            char t[16];
            std::snprintf(t, sizeof t, "%.1f", a);
            dl->AddLine(ImVec2(px(a), axis_y), ImVec2(px(a), axis_y + fs * 0.3f), mid);
            dl->AddText(ImVec2(px(a) - fs * 0.7f, axis_y + fs * 0.35f), ink, t);
        }
        dl->AddText(ImVec2(left, axis_y + 1.4f * fs), mid, "\u03b1 of each photograph (its own resampled fit)");
        ctx.layout.push_back({"plot", "alphas", p0, ImVec2(p0.x + size.x, p0.y + size.y)});
        if (ImGui::IsItemHovered() && !yours) {
            const GroupStats a = group_stats(groups[0]), b = group_stats(groups[1]);
            ImGui::SetTooltip("nature: mean \u03b1 %.3f (n = %d)\nman-made: mean \u03b1 %.3f (n = %d)", a.mean, a.n,
                              b.mean, b.n);
        }
    }

    bool resample_;  // the table (declare) sets these
    int photos_;     ///< 0: the corpus; 1: the person's own photographs
};

}  // namespace

TIDE_DEFINE_FIGURE(mean_fit, MeanFitFigure)

}  // namespace tide::app
