// App: the explainer as a whole: the figure registry (table of contents), navigation, the
// page layout, and the scripting interface (figures, state, set, layout) the platform
// exposes to JavaScript.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "assets.hpp"
#include "figure.hpp"
#include "microphone.hpp"

namespace tide::app {

class ArticleNumbers;

class App {
public:
    /// assets_dir holds images/ and audio/ (the corpora) and fonts/. A corpus that cannot be
    /// loaded leaves the app running with a visible message instead of its figures. sound may
    /// be null (no playback). assets says which corpus files can be read yet (null: all of
    /// them, from disk).
    App(const std::string& assets_dir, TextureHost& textures, AudioHost* sound, AssetSource* assets = nullptr);
    ~App();

    /// Loads the fonts for a device pixel ratio; call before the font atlas is built.
    void load_fonts(float dpr);
    /// True when the look changed the size of type (presenter mode): the platform then
    /// rebuilds the font atlas (load_fonts again, and the renderer's font texture).
    bool fonts_changed() const { return fonts_changed_; }
    const Look& look() const { return look_; }
    /// Where the app runs. explore (web/explore.html): the whole window, the table of contents,
    /// the figure's title and caption. embed (web/embed.html, in someone else's page): the
    /// current figure alone, with its title and controls. article (web/index.html): the figure
    /// alone beside the article's text, which holds its title and caption. Outside explore the
    /// arrow keys do not change figures (set("fig", ...) still does: the page decides).
    enum class Mode { explore, embed, article };
    void set_mode(Mode mode) { mode_ = mode; }
    Mode mode() const { return mode_; }
    /// Draws one frame of the whole UI (between ImGui::NewFrame and ImGui::Render).
    void frame();

    /// True while something changes without input (an animation, the corpus statistics being
    /// built): the platform keeps drawing; otherwise it draws only after input.
    bool animating() const;
    /// True while the current figure is still computing numbers it shows (Figure::computing).
    bool computing() const;

    /// [{"id", "title", "section", "caption"}, ...] in the essay's order.
    std::string figures_json() const;
    /// {"fig": current id, ...the current figure's parameters and readouts}.
    std::string state_json() const;
    /// state_json() without the readouts: what set() takes back, what a link carries.
    std::string params_json() const;
    /// Both at once (the figure writes its state once), for the platform's per-frame check.
    void state_and_params_json(std::string& state, std::string& params) const;
    /// Sets "fig", a parameter of the current figure, or the look of the whole page: "theme"
    /// (light, dark), "presenter", "touch", "compact" (a small pane: smaller type and padding),
    /// "reduced_motion" (true, false; reduced motion pauses every animation). A failure says
    /// why; nothing changed then.
    core::Status set(const std::string& key, const std::string& value);
    /// A person's own sound file (WAV or Ogg Vorbis bytes) joins the clips and is shown.
    /// Returns "" on success, else a message; nothing loaded before is lost either way.
    std::string add_audio_file(const std::string& name, const std::uint8_t* bytes, std::size_t size);
    /// The same for samples the browser decoded itself (mp3, m4a, flac ...): mono, any rate.
    std::string add_audio_samples(const std::string& name, std::vector<float> samples, double sample_rate_hz);
    /// What people should hear of besides a call's result (the oldest of their own sounds let go
    /// to make room for a new one); "" if nothing. Reading it clears it.
    std::string take_notice() { return std::exchange(notice_, std::string()); }
    /// The live sound of the microphone figure: the platform reports to it (started, failed,
    /// samples) after AudioHost::start_microphone().
    Microphone& microphone() { return *microphone_; }
    /// A person's own photograph (PNG, JPEG, GIF, BMP or TGA bytes) joins the choices of every
    /// image figure and is shown; "" on success, else a message (nothing loaded is lost).
    std::string add_image_file(const std::string& name, const std::uint8_t* bytes, std::size_t size);
    /// How figures open the page's chooser for photographs (unset: no such button).
    void set_image_picker(std::function<void()> pick) { pick_images_ = std::move(pick); }

    /// Asks for the files the current figure draws first (its photographs or its clip), so the
    /// page fetches them before the first frame.
    void prefetch();

    /// The data the last frame plotted, as CSV (plot,series,x_name,y_name,x,y; see plot.hpp).
    std::string data_csv() const;

    /// Every corpus file (photographs, then sound clips) in the order figures want them:
    /// what the page fetches after its first figure. ["/assets/images/kde_owl.png", ...].
    std::string asset_paths_json() const;

    /// What the last frame drew: [{"kind":..., "id":..., "x":..., "y":..., "w":..., "h":...}].
    std::string layout_json() const;

    /// The numbers the article's text quotes (article_numbers.hpp), advancing their work by
    /// about budget_ms: {"complete": bool, "alpha": ..., ...}.
    std::string article_numbers_json(double budget_ms);

private:
    void draw_navigation(bool sidebar);
    /// The strip's gap before figure i's number: wider where a section starts (0 for the first).
    float strip_gap_before(std::size_t i) const;
    /// Adds the last drawn entry of the figure list to the layout as ("toc", id) if it is in view.
    void report_toc_entry(const char* id);
    /// The figure alone (embed, article); with its title above it in an embed.
    void draw_alone(float dt);
    /// The figure in its own scrolling window ("figure"), with a layout item for its whole extent.
    void draw_figure_window(Figure& fig, float dt);
    void show_user_clip(const std::string& id);
    void show_user_image(const std::string& id);
    void handle_keys();
    void leave_previous();
    FigureContext context(float dt_s);
    /// The same, read-only, for what reports state without changing it.
    FigureView view() const;

    std::string assets_dir_;
    TextureHost& textures_;
    DiskAssets disk_assets_;
    AssetSource& assets_;
    std::unique_ptr<Corpus> corpus_;
    std::unique_ptr<ImageStore> store_;
    std::unique_ptr<AudioStore> audio_;
    AudioHost* sound_;
    std::function<void()> pick_images_;
    std::string corpus_error_;
    std::string notice_;  ///< for take_notice()
    core::Status set_look(const std::string& key, const std::string& value);
    /// The current figure's id, parameters and readouts (empty without figures).
    StateWriter current_state() const;

    Fonts fonts_;
    Look look_;
    bool fonts_changed_ = false;
    /// Presenter mode shows a figure's caption only when asked (its button): on a projector the
    /// figure needs the height, and the speaker says the words.
    bool presenter_caption_ = false;
    SharedState shared_;
    std::vector<std::unique_ptr<Figure>> figures_;
    std::size_t current_ = 0;
    std::size_t strip_follows_ = static_cast<std::size_t>(-1);  ///< the figure the narrow strip last scrolled to
    std::size_t shown_ = 0;  ///< the figure current when leave_previous() last looked
    std::unique_ptr<Microphone> microphone_;
    Mode mode_ = Mode::explore;
    std::unique_ptr<ArticleNumbers> numbers_;
    std::vector<LayoutItem> layout_;
    PlotRecorder plots_;  ///< the current frame's plots
};

}  // namespace tide::app
