// App: the explainer as a whole: the figure registry (table of contents), navigation, the
// page layout, and the scripting interface (figures, state, set, layout) the platform
// exposes to JavaScript.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "assets.hpp"
#include "figure.hpp"

namespace tide::app {

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
    /// Draws one frame of the whole UI (between ImGui::NewFrame and ImGui::Render).
    void frame();

    /// True while something changes without input (an animation, the corpus statistics being
    /// built): the platform keeps drawing; otherwise it draws only after input.
    bool animating() const;

    /// [{"id", "title", "section", "caption"}, ...] in the essay's order.
    std::string figures_json() const;
    /// {"fig": current id, ...the current figure's parameters}.
    std::string state_json() const;
    /// Sets "fig" or a parameter of the current figure. Returns "" when applied, else why not.
    std::string set(const std::string& key, const std::string& value);
    /// A person's own sound file (WAV or Ogg Vorbis bytes) joins the clips and is shown.
    /// Returns "" on success, else a message; nothing loaded before is lost either way.
    std::string add_audio_file(const std::string& name, const std::uint8_t* bytes, std::size_t size);
    /// The same for samples the browser decoded itself (mp3, m4a, flac ...): mono, any rate.
    std::string add_audio_samples(const std::string& name, std::vector<float> samples, double sample_rate_hz);

    /// Every corpus file (photographs, then sound clips) in the order figures want them:
    /// what the page fetches after its first figure. ["/assets/images/kde_owl.png", ...].
    std::string asset_paths_json() const;

    /// What the last frame drew: [{"kind":..., "id":..., "x":..., "y":..., "w":..., "h":...}].
    std::string layout_json() const;

private:
    void draw_navigation(bool sidebar);
    void show_user_clip(const std::string& id);
    void handle_keys();
    FigureContext context(float dt_s);

    std::string assets_dir_;
    TextureHost& textures_;
    DiskAssets disk_assets_;
    AssetSource& assets_;
    std::unique_ptr<Corpus> corpus_;
    std::unique_ptr<ImageStore> store_;
    std::unique_ptr<AudioStore> audio_;
    AudioHost* sound_;
    std::string corpus_error_;
    Fonts fonts_;
    SharedState shared_;
    std::vector<std::unique_ptr<Figure>> figures_;
    std::size_t current_ = 0;
    std::vector<LayoutItem> layout_;
};

}  // namespace tide::app
