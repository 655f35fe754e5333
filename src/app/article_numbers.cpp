#include "article_numbers.hpp"

#include <cmath>
#include <vector>

#include "core/powerlaw.hpp"
#include "core/schedule.hpp"
#include "figure.hpp"

namespace tide::app {

std::string ArticleNumbers::json(ImageStore& store, AudioStore* audio, double budget_ms) {
    StateWriter out;
    bool complete = true;
    const CorpusStats& stats = store.corpus_stats(budget_ms);
    if (stats.complete()) {
        out.add_number("n_photos", stats.total);
        out.add_number("alpha", stats.fit.alpha);
        out.add_number("alpha_raw", stats.fit_raw.alpha);
        const auto& images = store.corpus().images();
        std::vector<double> nature, manmade;
        for (std::size_t i = 0; i < stats.alphas.size() && i < images.size(); ++i) {
            if (!std::isfinite(stats.alphas[i])) continue;
            (images[i].label == "nature" ? nature : manmade).push_back(stats.alphas[i]);
        }
        const GroupStats a = group_stats(nature), b = group_stats(manmade);
        out.add_number("alpha_nature", a.mean);
        out.add_number("alpha_nature_sd", a.sd);
        out.add_number("n_nature", a.n);
        out.add_number("alpha_manmade", b.mean);
        out.add_number("alpha_manmade_sd", b.sd);
        out.add_number("n_manmade", b.n);
        // The fmax figure's defaults: rectified flow, tau = 1.
        const core::NoiseLevel level = core::noise_level(core::Schedule::rectified_flow, 0.5);
        const double ratio = level.sigma / level.alpha;
        const double f = core::f_max(stats.freq, stats.mean_power, 1.0, ratio * ratio);
        out.add_number("fmax_half", f);
        out.add_number("fmax_half_cycles", f * k_analysis_size);
        // The corpus at 256 pixels, once the statistics at 320 are done (they share the photographs).
        if (at_256_.advance(store, static_cast<std::size_t>(stats.total), budget_ms)) {
            std::vector<double> log10_power = at_256_.power(0);
            for (double& p : log10_power) p = std::log10(p);
            if (auto fit = core::fit_spectrum(at_256_.freq(0), log10_power, true))
                out.add_number("alpha_256", fit.value().alpha);
        } else {
            complete = false;
        }
    } else {
        complete = false;
    }
    if (audio) {
        const struct {
            const char* key;
            const char* label;
        } groups[] = {{"peak_hz", ""}, {"peak_hz_speech", "speech"}, {"peak_hz_music", "music"}};
        for (const auto& g : groups) {
            const MeanCurve& m = audio->mean_spectrum(g.label);
            if (m.n_loading == 0 && m.n_clips > 0) {
                out.add_number(g.key, m.peak_freq);
            } else {
                complete = false;
            }
        }
    }
    out.add_bool("complete", complete);
    return out.json();
}

}  // namespace tide::app
