// Figure "sampler": a diffusion sampler with an exact denoiser generates an image from pure
// noise, and the frequencies arrive from low to high. Beside it, the Gaussian model's sample
// synthesised directly and revealed band by band, and how far finitely many DDIM steps fall
// short of the exact flow at each frequency.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "figures.hpp"
#include "sampler_run.hpp"
#include "widgets.hpp"

namespace tide::app {

namespace {

constexpr int kMaxSteps = 1000;
constexpr double kShiftMin = 1.0, kShiftMax = 6.0;
constexpr double kPlaySeconds = 6.0;    // a whole run, played
constexpr double kStepBudgetMs = 12.0;  // of sampling per frame, so the page stays responsive
constexpr int kShortfallPoints = 80;

const FigureInfo k_info{
    "sampler", "Generating, step by step", "Generate",
    "From pure noise (t = 1) to an image (t = 0) with a denoiser that is exact, so it needs no training. "
    "The Gaussian model takes images to be noise with the corpus's spectrum P(f): its denoiser is the Wiener "
    "filter and its samples are textures. The corpus model's E[x\u2080 | x_t] is a mean of the corpus "
    "photographs weighted by exp(\u2212|x_t \u2212 \u03b1x\u2080|\u00b2 / 2\u03c3\u00b2), so it can only "
    "return one of them: it memorises, where a trained network generalises because it is not exact. The "
    "prediction's RAPSD fills in from low to high frequencies as f_max(t) moves right. Right: the Gaussian "
    "model's sample made directly (\u221aP times the noise's spectrum), shown below f_max(t). Below right: "
    "per frequency, the amplitude N DDIM steps (Song et al., 2021) reach against the exact flow, "
    "\u220f cos \u0394\u03b8_k with \u03b8 = atan2(\u03c3, \u03b1\u221aP): uniform steps lose most at low "
    "frequencies; the time shift t' = st / (1 + (s\u22121)t) of Stable Diffusion 3 (Esser et al., 2024) "
    "moves the loss to high ones.",
    Input::image_corpus};

class SamplerFigure final : public Figure {
public:
    SamplerFigure() : Figure(k_info) {
        declare({Param::choice("model", model_index_, {"gaussian", "corpus"}, 0, "model"),
                 Param::integer("steps", steps_, 1, kMaxSteps, 100, "number of sampling steps"),
                 Param::choice("schedule", schedule_index_, {"rf", "cosine"}, 0, "noise schedule"),
                 Param::linear("shift", shift_, kShiftMin, kShiftMax, 1.0, "time shift s = %.2f", "time shift s"),
                 Param::choice("sampler", sampler_index_, {"ddim", "ddpm"}, 0, "sampler"), Param::seed(),
                 Param::integer("step", step_, 0, kMaxSteps, 0, "the step shown").main(1.0).animated(),
                 Param::playing(playing_, false)},
                {{"t", "diffusion time after the steps shown"},
                 {"fmax", "f max at that time, in cycles per pixel"},
                 {"steps_done", "steps sampled so far"},
                 {"committed_step", "the step at which one photograph's weight passed one half"},
                 {"committed_image", "that photograph"},
                 {"sample_image", "the photograph the sample reached"},
                 {"sample_rms", "root mean square difference from that photograph"},
                 {"sample_psnr", "PSNR against that photograph in decibels"},
                 {"synthesis_psnr", "PSNR of the sample against the direct synthesis in decibels"}});
    }

    void draw(FigureContext& ctx, ImVec2 size) override {
        if (playing_ && !was_playing_) {  // play from here, or from the start at the end
            if (step() >= steps()) step_ = 0;
            step_pos_ = step_;
        }
        was_playing_ = playing_;
        const float fs = ImGui::GetFontSize();
        const bool wide = size.x > 40.0f * fs;
        draw_controls(ctx, size, wide);

        const CorpusStats& stats = ctx.store.corpus_stats();
        if (!stats.complete()) {
            ImGui::Text("fitting the corpus power law: %d of %d photographs", stats.done, stats.total);
            return;
        }
        prior_ = core::PowerLawPrior{stats.fit.intercept, stats.fit.alpha};
        if (!ensure_run(ctx)) return;
        if (!run_.finished()) run_.advance(kStepBudgetMs);
        if (playing_) {
            step_pos_ += static_cast<double>(ctx.dt_s) * steps() / kPlaySeconds;
            if (step_pos_ >= steps()) {
                step_pos_ = steps();
                playing_ = false;
            }
            step_ = std::floor(step_pos_);
        }
        shown_ = std::min(step(), run_.steps_done());
        t_ = run_.t_after(shown_);
        const core::NoiseLevel level = core::noise_level(schedule(), t_);
        f_max_ = core::tide_frequency(prior_, level);
        update_textures(ctx);

        // Pictures: x_t, x0_hat, the direct synthesis up to f_max; then the top weights and the
        // run's status. On a wide screen they make the left column and the two plots the right,
        // one above the other, so that everything fits the height (a projector's too). On a
        // narrow one they come two by two above the plots.
        const float avail_h = ImGui::GetContentRegionAvail().y;
        const float spacing = ImGui::GetStyle().ItemSpacing.y;
        const bool weights = model() == SamplerModel::corpus;
        const int columns = wide ? 3 : 2;
        const float cols_f = static_cast<float>(columns);
        const float left_w = wide ? size.x * 0.5f : size.x;
        const Texture* pictures[] = {&x_t_tex_, &x0_hat_tex_, &synth_tex_};
        const char* kinds[] = {"x_t", "x0_hat", "synthesis"};
        char names[3][96];
        std::snprintf(names[0], sizeof names[0], "x_t at t = %.3f", t_);
        std::snprintf(names[1], sizeof names[1], "%s",
                      shown_ == 0 ? "E[x\u2080 | x_t]: no prediction yet" : "E[x\u2080 | x_t], the prediction");
        if (f_max_ > 0) {
            std::snprintf(names[2], sizeof names[2], "Gaussian sample, f < %s",
                          plain_number(std::min(f_max_, 0.71)).c_str());
        } else {
            std::snprintf(names[2], sizeof names[2], "Gaussian sample: no frequency above the noise yet");
        }
        const std::string status = status_text(ctx);
        const float widest = (left_w - (cols_f - 1.0f) * fs) / cols_f;
        float side = widest;
        if (wide) {
            // The pictures' side and the height of what goes under them (their notes, wrapped at
            // that side, the weights and the status, wrapped at the column's width) settle together.
            for (int round = 0; round < 4; ++round) {
                float notes_h = 0;
                for (const char* name : names) notes_h = std::max(notes_h, note_height(name, side));
                const float status_h =
                    status.empty() ? 0.0f : ImGui::CalcTextSize(status.c_str(), nullptr, false, left_w).y + spacing;
                const float below = notes_h + (weights ? weights_height(left_w) : 0.0f) + status_h + 2.0f * spacing;
                side = std::max(5.0f * fs, std::min(widest, avail_h - below));
            }
        } else {
            side = std::max(6.0f * fs, std::min(widest, size.x * 0.48f));
        }
        ImGui::BeginGroup();
        const float wrap_x = ImGui::GetCursorPosX() + left_w;
        for (int i = 0; i < 3; ++i) {
            if (i % columns != 0) ImGui::SameLine(0.0f, fs);
            ImGui::BeginGroup();
            show_image(ctx, *pictures[i], ImVec2(side, side), kinds[i], run_key());
            note(names[i], side);
            ImGui::EndGroup();
        }
        if (weights) draw_weights(ctx, left_w);
        ImGui::PushTextWrapPos(wide ? wrap_x : 0.0f);
        if (!status.empty()) ImGui::TextWrapped("%s", status.c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndGroup();
        if (wide) ImGui::SameLine(0.0f, fs);
        draw_plots(ctx, size, wide, avail_h);
    }

    void write_readouts(const FigureView& view, StateWriter& out) const override {
        // Nothing of a run the parameters have moved away from (a set() since the last frame):
        // the next frame starts the run they ask for.
        if (!run_.started() || !run_matches(view)) return;
        out.add_readout("t", t_);
        out.add_readout("fmax", f_max_);
        out.add_readout("steps_done", run_.steps_done());
        if (!run_.finished()) return;
        if (run_.settings().model == SamplerModel::corpus) {
            const auto& photos = run_.settings().photos;
            out.add_readout("committed_step", run_.commit().step());
            if (run_.commit().step() > 0) out.add_readout("committed_image", photos[run_.commit().image()]);
            out.add_readout("sample_image", photos[run_.nearest().index]);
            // RMS difference to that photograph (x0 in [-1, 1]): 0 when the sample is it exactly, where
            // the PSNR is infinite and JSON has no number for it.
            out.add_readout("sample_rms", 2.0 * std::pow(10.0, -run_.nearest().psnr_db / 20.0));
            if (std::isfinite(run_.nearest().psnr_db)) out.add_readout("sample_psnr", run_.nearest().psnr_db);
        } else {
            out.add_readout("synthesis_psnr", synthesis_psnr_);
        }
    }

    bool computing(const FigureView& view) const override {
        return !view.store.corpus_stats_so_far().complete() || (run_.started() && !run_.finished());
    }

private:
    SamplerModel model() const { return model_index_ == 1 ? SamplerModel::corpus : SamplerModel::gaussian; }
    core::Schedule schedule() const {
        return schedule_index_ == 1 ? core::Schedule::cosine : core::Schedule::rectified_flow;
    }
    core::SamplerKind kind() const { return sampler_index_ == 1 ? core::SamplerKind::ddpm : core::SamplerKind::ddim; }
    int steps() const { return static_cast<int>(steps_); }
    int step() const { return static_cast<int>(step_); }
    /// Whether the run is the one the parameters ask for (model and sampler settings).
    bool run_matches(const FigureView& view) const {
        const SamplerRun::Settings& s = run_.settings();
        return s.model == model() && s.config.steps == steps() && s.config.schedule == schedule() &&
               s.config.shift == shift_ && s.config.kind == kind() && s.config.seed == view.shared.seed;
    }

    void draw_controls(FigureContext& ctx, ImVec2 size, bool wide) {
        const float fs = ImGui::GetFontSize();
        const float w = std::min(size.x, 60.0f * fs);
        ImGui::SetNextItemWidth(std::max(w * 0.2f, 9.0f * fs));
        ImGui::Combo("model", &model_index_, "Gaussian\0corpus photos\0");
        ImGui::SameLine();
        ImGui::SetNextItemWidth(std::max(w * 0.14f, 6.0f * fs));
        ImGui::Combo("sampler", &sampler_index_, "DDIM\0DDPM\0");
        if (wide) ImGui::SameLine();
        ImGui::SetNextItemWidth(std::max(w * 0.2f, 9.0f * fs));
        ImGui::Combo("schedule", &schedule_index_, "rectified flow\0cosine (VP)\0");
        ImGui::SameLine();
        long long seed = static_cast<long long>(ctx.shared.seed);
        ImGui::SetNextItemWidth(std::max(w * 0.12f, 5.0f * fs));
        if (ImGui::InputScalar("seed", ImGuiDataType_S64, &seed, nullptr, nullptr, "%lld") && seed >= 0 &&
            seed <= 4294967295LL)
            ctx.shared.seed = static_cast<std::uint64_t>(seed);

        ImGui::SetNextItemWidth(std::max(w * 0.3f, 10.0f * fs));
        int n = steps();
        if (int_slider("##steps", n, 1, kMaxSteps, "N = %d steps", true)) {
            steps_ = n;
            step_ = std::min(step(), n);
        }
        ImGui::SameLine();
        ImGui::SetNextItemWidth(std::max(w * 0.3f, 10.0f * fs));
        slider(ctx, "shift", "##shift");

        // Play and the step slider after them where the row has room (a short embed needs the
        // height), else on a row of their own.
        same_line_if_fits(play_button_width() + ImGui::GetStyle().ItemSpacing.x + 8.0f * fs);
        play_button(playing_);
        if (!playing_) step_pos_ = step_;
        ImGui::SameLine();
        ImGui::SetNextItemWidth(std::max(ImGui::GetContentRegionAvail().x, 8.0f * fs));
        int shown = step();
        if (int_slider("##step", shown, 0, steps(), "step %d")) {
            step_ = shown;
            playing_ = false;
            step_pos_ = step();
        }
    }

    /// Starts the run again when a setting changed; false while the corpus photographs load.
    bool ensure_run(FigureContext& ctx) {
        SamplerRun::Settings s;
        s.model = model();
        s.config = core::SamplerConfig{schedule(), steps(), shift_, kind(), ctx.shared.seed};
        s.prior = prior_;
        std::vector<core::Field> photos;
        if (model() == SamplerModel::corpus) {
            for (const CorpusImage& image : ctx.store.corpus().images()) s.photos.push_back(image.id);
            if (run_.started() && s == run_.settings()) return true;
            int ready = 0;
            for (const std::string& id : s.photos) {
                const AnalysedImage& img = ctx.store.image(id);
                if (img.loading()) continue;
                ++ready;
                if (img.ready()) photos.push_back(img.field);
            }
            if (ready < static_cast<int>(s.photos.size())) {
                ImGui::Text("loading the corpus photographs: %d of %zu", ready, s.photos.size());
                return false;
            }
            // Photographs that failed are left out of the corpus, and named by count.
            if (photos.size() < s.photos.size()) {
                std::vector<std::string> kept;
                for (const std::string& id : s.photos)
                    if (ctx.store.image(id).ready()) kept.push_back(id);
                s.photos = kept;
            }
            if (photos.empty()) {
                ImGui::TextWrapped("No photograph of the corpus could be read.");
                return false;
            }
        } else if (run_.started() && s == run_.settings()) {
            return true;
        }
        const int rows = model() == SamplerModel::corpus ? photos.front().rows : k_analysis_size;
        const int cols = model() == SamplerModel::corpus ? photos.front().cols : k_analysis_size;
        run_.start(std::move(s), std::move(photos), rows, cols);
        ++generation_;
        synthesis_.reset();
        return true;
    }

    std::string run_key() const { return std::string(sampler_model_name(model())) + "-" + std::to_string(generation_); }

    void upload(FigureContext& ctx, Texture& tex, const std::vector<std::uint8_t>& gray, int rows, int cols) {
        rgba_.resize(gray.size() * 4);
        for (std::size_t i = 0; i < gray.size(); ++i) {
            rgba_[4 * i] = rgba_[4 * i + 1] = rgba_[4 * i + 2] = gray[i];
            rgba_[4 * i + 3] = 255;
        }
        TextureHost& host = ctx.store.host();
        if (tex && tex.width() == cols && tex.height() == rows) {
            host.update_rgba(tex.id(), rgba_.data(), cols, rows);
        } else {
            tex = Texture(&host, host.create_rgba(rgba_.data(), cols, rows), cols, rows);
        }
    }

    void update_textures(FigureContext& ctx) {
        const SamplerRun::Snapshot& snap = run_.snapshot(shown_);
        const int rows = run_.rows(), cols = run_.cols();
        const bool lost = !x_t_tex_ || !x0_hat_tex_ || !synth_tex_;
        if (lost || generation_ != tex_generation_ || snap.step != tex_step_) {
            upload(ctx, x_t_tex_, snap.x_t, rows, cols);
            upload(ctx, x0_hat_tex_,
                   snap.x0_hat.empty() ? std::vector<std::uint8_t>(snap.x_t.size(), 128) : snap.x0_hat, rows, cols);
            x0_hat_rapsd_ = snap.x0_hat_rapsd;
        }
        // The direct synthesis with this seed, revealed below f_max(t).
        if (!synthesis_) {
            synthesis_ = std::make_unique<core::Field>(core::gaussian_synthesis(prior_, rows, cols, ctx.shared.seed));
            synthesis_psnr_ = 0.0;
        }
        if (run_.finished() && model() == SamplerModel::gaussian && synthesis_psnr_ == 0.0)
            synthesis_psnr_ = core::psnr_db(run_.sample(), *synthesis_);
        const double f_cut = std::min(f_max_, 1.0);
        if (lost || generation_ != tex_generation_ || f_cut != synth_cut_) {
            upload(ctx, synth_tex_, gray_bytes(core::low_pass_cut(*synthesis_, f_cut)), rows, cols);
            synth_cut_ = f_cut;
        }
        tex_generation_ = generation_;
        tex_step_ = snap.step;
    }

    /// The side of a weight's thumbnail (five in a row of `width` pixels), and the height of
    /// draw_weights' rows.
    static float weight_thumb(float width) {
        const float fs = ImGui::GetFontSize();
        return std::clamp((width - 4.0f * 0.6f * fs) / 5.0f, 3.0f * fs, 6.0f * fs);
    }
    static float weights_height(float width) {
        const float thumb = weight_thumb(width);
        return ImGui::GetTextLineHeightWithSpacing() + thumb + note_height(weight_note(1.0).c_str(), thumb) +
               2.0f * ImGui::GetStyle().ItemSpacing.y;
    }
    /// What draw_weights writes under a thumbnail.
    static std::string weight_note(double w) {
        char text[32];
        std::snprintf(text, sizeof text, "%.3f", w);
        return text;
    }

    /// The run's state in words, under the pictures: how far it is, or which photograph the
    /// corpus model's sample is (empty for a finished Gaussian run).
    std::string status_text(const FigureContext& ctx) const {
        char text[256] = "";
        if (!run_.finished()) {
            std::snprintf(text, sizeof text, "sampling: step %d of %d", run_.steps_done(), steps());
        } else if (model() == SamplerModel::corpus) {
            const auto& photos = run_.settings().photos;
            const std::string title = ctx.store.title(photos[run_.nearest().index]);
            if (run_.commit().step() > 0) {
                char psnr[32] = "identical";
                if (std::isfinite(run_.nearest().psnr_db))
                    std::snprintf(psnr, sizeof psnr, "PSNR %.1f dB", run_.nearest().psnr_db);
                std::snprintf(text, sizeof text,
                              "The sample is %s (%s): memorised. Its weight passed 0.5 at step %d of %d.",
                              title.c_str(), psnr, run_.commit().step(), steps());
            } else {
                std::snprintf(text, sizeof text, "The sample is nearest to %s (PSNR %.1f dB); no weight passed 0.5.",
                              title.c_str(), run_.nearest().psnr_db);
            }
        }
        return text;
    }

    void draw_weights(FigureContext& ctx, float width) {
        const auto& top = run_.top_weights(shown_);
        if (top.empty()) return;
        const float fs = ImGui::GetFontSize();
        const float thumb = weight_thumb(width);
        ImGui::BeginGroup();
        note("The five largest weights w at this step:");
        const auto& photos = run_.settings().photos;
        for (std::size_t i = 0; i < top.size(); ++i) {
            if (i > 0) ImGui::SameLine(0.0f, fs * 0.6f);
            ImGui::BeginGroup();
            const std::string& id = photos[top[i].first];
            show_image(ctx, ctx.store.texture(id, ImageView::photo), ImVec2(thumb, thumb), "weight", id);
            note(weight_note(top[i].second).c_str(), thumb);
            ImGui::EndGroup();
        }
        ImGui::EndGroup();
    }

    /// The two plots: one above the other, in a column beside the pictures on a wide screen
    /// (sharing its height, avail_h), under them on a narrow one.
    void draw_plots(FigureContext& ctx, ImVec2 size, bool wide, float avail_h) {
        const float plot_w = ImGui::GetContentRegionAvail().x;
        const float plot_h = wide ? std::max(120.0f, (avail_h - ImGui::GetStyle().ItemSpacing.y) * 0.5f)
                                  : std::max(220.0f, size.x * 0.8f);
        ImGui::BeginGroup();
        char label[64];
        std::snprintf(label, sizeof label, "f_max(t) = %s", plain_number(f_max_).c_str());

        std::vector<Series> series;
        if (!x0_hat_rapsd_.power.empty()) {
            Series s = rapsd_series(x0_hat_rapsd_, "R[prediction] at this step", series_color(0));
            s.thickness = 2.5f;
            series.push_back(s);
        }
        if (run_.finished()) {
            Series s = rapsd_series(run_.sample_rapsd(), "R[sample]", series_color(1));
            s.style = LineStyle::dashed;
            series.push_back(s);
        }
        PlotAxes axes = rapsd_axes();
        axes.y_min = 1e-7;
        axes.y_max = 1e3;
        if (f_max_ > 0 && f_max_ < 0.5) axes.markers.push_back({f_max_, label});
        ImVec2 p0 = ImGui::GetCursorScreenPos();
        plot(ctx.plots, "sampler_rapsd", ImVec2(plot_w, plot_h), series, axes);
        ctx.layout.push_back({"plot", "sampler_rapsd", p0, ImVec2(p0.x + plot_w, p0.y + plot_h)});

        update_shortfall();
        PlotAxes sa;
        sa.x_title = "frequency (cycles/pixel)";
        sa.y_title = "DDIM amplitude / exact flow";
        sa.y_log = false;
        sa.x_min = shortfall_freq_.front();
        sa.x_max = 0.5;
        sa.y_max = 1.02;
        std::vector<Series> ss;
        char name[64];
        std::snprintf(name, sizeof name, "%d steps, shift %.2f", steps(), shift_);
        ss.push_back({name, shortfall_freq_, shortfall_, series_color(2), 2.5f});
        if (shift_ != 1.0)
            ss.push_back({"same steps, no shift", shortfall_freq_, shortfall_uniform_, series_color(4), 2.0f,
                          LineStyle::dashed});
        double lowest = 1.0;
        for (const auto& s : ss)
            for (double v : s.y) lowest = std::min(lowest, v);
        sa.y_min = std::max(0.0, lowest - 0.05 * (1.02 - lowest));
        p0 = ImGui::GetCursorScreenPos();
        plot(ctx.plots, "sampler_shortfall", ImVec2(plot_w, plot_h), ss, sa);
        ctx.layout.push_back({"plot", "sampler_shortfall", p0, ImVec2(p0.x + plot_w, p0.y + plot_h)});
        ImGui::EndGroup();
    }

    void update_shortfall() {
        if (shortfall_steps_ == steps() && shortfall_shift_ == shift_ && shortfall_schedule_ == schedule() &&
            shortfall_prior_.exponent == prior_.exponent && shortfall_prior_.log10_amplitude == prior_.log10_amplitude)
            return;
        const double f_floor = 1.0 / k_analysis_size;
        const std::vector<double> times = core::sampling_times(steps(), shift_);
        const std::vector<double> uniform = core::sampling_times(steps(), 1.0);
        shortfall_freq_.resize(kShortfallPoints);
        shortfall_.resize(kShortfallPoints);
        shortfall_uniform_.resize(kShortfallPoints);
        for (int i = 0; i < kShortfallPoints; ++i) {
            const double f = f_floor * std::pow(0.5 / f_floor, static_cast<double>(i) / (kShortfallPoints - 1));
            const double p = prior_.power(f, f_floor);
            shortfall_freq_[i] = f;
            shortfall_[i] = core::ddim_shortfall(p, times, schedule());
            shortfall_uniform_[i] = core::ddim_shortfall(p, uniform, schedule());
        }
        shortfall_steps_ = steps();
        shortfall_shift_ = shift_;
        shortfall_schedule_ = schedule();
        shortfall_prior_ = prior_;
    }

    // Parameters (the table, declare(), sets them).
    int model_index_, schedule_index_, sampler_index_;
    double steps_, shift_;
    double step_;  ///< the step shown (0: the starting noise); whole numbers
    bool playing_;
    bool was_playing_ = false;
    double step_pos_ = 0.0;  ///< the same while playing, with the fraction

    // What they give.
    core::PowerLawPrior prior_;
    SamplerRun run_;
    int generation_ = 0;  ///< runs started, so textures know theirs
    int shown_ = 0;
    double t_ = 1.0, f_max_ = 0.0;
    std::unique_ptr<core::Field> synthesis_;
    double synthesis_psnr_ = 0.0, synth_cut_ = -1.0;
    Texture x_t_tex_, x0_hat_tex_, synth_tex_;
    int tex_generation_ = -1, tex_step_ = -1;
    core::Rapsd x0_hat_rapsd_;
    std::vector<std::uint8_t> rgba_;
    std::vector<double> shortfall_freq_, shortfall_, shortfall_uniform_;
    int shortfall_steps_ = 0;
    double shortfall_shift_ = 0.0;
    core::Schedule shortfall_schedule_ = core::Schedule::rectified_flow;
    core::PowerLawPrior shortfall_prior_{0.0, 0.0};
};

}  // namespace

TIDE_DEFINE_FIGURE(sampler, SamplerFigure)

}  // namespace tide::app
