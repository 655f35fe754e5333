// Figure: one figure of the essay. Each figure declares, in its own file, its info (id, title,
// section, caption, the inputs it needs) and one table of its parameters; this base class derives
// from the table everything else about them: state() and params(), set() with its range checks
// and its one unknown-key message, the keyboard's up/down nudges, play/pause, what a link carries,
// the screen-reader words and the names the page's JavaScript needs. A figure file is then its
// table and its drawing code. The registry (figures.hpp) lists them in the essay's order.
//
// How a figure file looks (src/app/fig_<id>.cpp; add one line X(<name>) to TIDE_FIGURES in
// figures.hpp; src/app/CMakeLists.txt picks up every fig_*.cpp by itself):
//
//     namespace tide::app {
//     namespace {
//     const FigureInfo k_info{"hinge", "Where noise takes over", "Noise and the spectrum",
//                             "Caption, in our own words ...", Input::one_photo};
//     class HingeFigure final : public Figure {
//     public:
//         HingeFigure() : Figure(k_info) {
//             declare({Param::image(),
//                      Param::log("sigma", sigma_, 0.001, 100.0, 0.3, "\u03c3 = %.3g", "noise level sigma").main(0.1),
//                      Param::seed()},
//                     {{"fmax", "f max, the highest frequency above the noise"}});  // readouts, if any
//         }
//         void draw(FigureContext& ctx, ImVec2 size) override { ... slider(ctx, "sigma", "##sigma"); ... }
//         void write_readouts(const FigureContext&, StateWriter& out) const override { out.add_readout("fmax", f_); }
//     private:
//         double sigma_;  // set from the table's default by declare()
//     };
//     }  // namespace
//     TIDE_DEFINE_FIGURE(hinge, HingeFigure)
//     }  // namespace tide::app
//
// Parameters live where the table points: a member of the figure (log, linear, int, bool,
// choice) or a field of SharedState that several figures share (image, images, seed, clip,
// group, and t and schedule through Param::shared_t / Param::schedule).
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include <imgui.h>

#include "audio_host.hpp"
#include "audio_store.hpp"
#include "core/result.hpp"
#include "core/schedule.hpp"
#include "image_store.hpp"
#include "plot.hpp"
#include "style.hpp"
namespace tide::app {

class Microphone;

/// Builds the JSON object that `spectralTide.state()` returns: {"fig": id, key: value, ...}.
/// Parameters (what set() accepts) and readouts (what the figure computed from them) both go
/// into json(); params_json() holds the parameters alone: what a link carries.
class StateWriter {
public:
    void add_string(const std::string& key, const std::string& value);
    void add_number(const std::string& key, double value);
    void add_bool(const std::string& key, bool value);
    void add_strings(const std::string& key, const std::vector<std::string>& values);
    /// A number the figure computed, not a parameter (an alpha, f_max, a count): set() rejects it.
    void add_readout(const std::string& key, double value);
    /// The same for a text the figure reports (a status, a message).
    void add_readout(const std::string& key, const std::string& value);
    std::string json() const { return "{" + body_ + "}"; }
    std::string params_json() const { return "{" + params_ + "}"; }

private:
    void add_raw(const std::string& key, const std::string& json_value, bool parameter = true);
    std::string body_;
    std::string params_;
};

/// JSON string literal (quotes and escapes) for s.
std::string json_quote(const std::string& s);

/// Something drawn that tests and assistive text can find: kind ("image", "spectrum",
/// "phase", "plot", "noisy", ...), the data it shows (an image id, a series list) and where
/// (CSS pixels relative to the canvas).
struct LayoutItem {
    std::string kind;
    std::string id;
    ImVec2 min, max;
};

/// Parameters several figures share, so that moving t in one figure moves it in the next.
struct SharedState {
    std::vector<std::string> images;  ///< the four photographs of the multi-image figures
    std::string focus;                ///< the photograph of the single-image figures
    std::uint64_t seed = 0;           ///< of the Gaussian noise
    double t = 0.5;                   ///< diffusion time, in (0, 1)
    core::Schedule schedule = core::Schedule::rectified_flow;
    std::string clip;   ///< the clip of the single-clip sound figures
    std::string group;  ///< "", "speech" or "music": which clips the sound figures average
};

/// What a figure may read while it reports its state (state(), params(), whether it animates):
/// the same as FigureContext, read-only.
struct FigureView {
    const ImageStore& store;
    const SharedState& shared;
    const AudioStore* audio = nullptr;
    const Microphone* microphone = nullptr;
};

/// What a figure may use.
struct FigureContext {
    ImageStore& store;
    SharedState& shared;
    const Fonts& fonts;
    std::vector<LayoutItem>& layout;
    PlotRecorder& plots;          ///< what plot() drew this frame (the app's; for the CSV download)
    float dt_s = 0.0f;            ///< seconds since the last frame, for animations
    AudioStore* audio = nullptr;  ///< the sound corpus (null if it could not be loaded)
    AudioHost* sound = nullptr;   ///< playback (null where there is none)
    /// Opens the page's chooser for the person's own photographs (empty where there is none);
    /// they arrive later through App::add_image_file.
    std::function<void()> pick_images;
    Microphone* microphone = nullptr;  ///< the live sound (null where there is none)

    operator FigureView() const { return FigureView{store, shared, audio, microphone}; }  // NOLINT: a narrowing view
};

/// What a figure draws from, so the app can fetch it first and route new files to it.
namespace Input {
enum : unsigned {
    four_photos = 1u << 0,   ///< SharedState::images
    one_photo = 1u << 1,     ///< SharedState::focus
    one_clip = 1u << 2,      ///< SharedState::clip
    sound_corpus = 1u << 3,  ///< every clip (a group's mean)
    image_corpus = 1u << 4,  ///< every photograph (the corpus statistics)
    microphone = 1u << 5,    ///< the live sound
    own_photos = 1u << 6,    ///< can show the person's own photographs as a set (mean-fit's photos=yours)
};
}  // namespace Input

/// A figure's identity: its URL id, heading, the essay's section, its caption and its inputs.
struct FigureInfo {
    const char* id;
    const char* title;
    const char* section;
    const char* caption;
    unsigned inputs;  ///< Input:: bits
};

enum class ParamKind { log, linear, integer, boolean, seed, choice, image, images, clip, group };
const char* param_kind_name(ParamKind kind);

/// The SharedState field a parameter lives in (none: a member of the figure).
enum class SharedField { none, focus, images, seed, t, schedule, clip, group };

/// What the space bar does with a bool parameter: `runs` is the animation (playing; a set() of
/// an animated parameter, the keyboard's nudge or reduced motion turn it off); `toggles` is only
/// flipped by the space bar (the microphone's frozen).
enum class PlayRole { none, runs, toggles };

/// One row of a figure's parameter table. Build rows with the named constructors below and
/// refine them with the chained setters (main, animated, wrapping).
struct Param {
    const char* key = "";
    ParamKind kind = ParamKind::linear;
    double min = 0.0, max = 0.0;       ///< number kinds: the accepted range (inclusive); images: at most max ids
    double default_value = 0.0;        ///< number kinds; bool: 0 or 1; choice: the index
    const char* format = "%g";         ///< the slider's format, with the unit ("\u03c3 = %.3g")
    const char* spoken = "";           ///< for screen readers ("noise level sigma")
    std::vector<const char*> choices;  ///< choice: the accepted words, in order
    double step = 0.0;                 ///< main slider: one notch (log: decades; linear: units)
    bool is_main = false;              ///< the up/down keys move it
    bool is_animated = false;          ///< it moves while playing: setting it pauses the animation
    bool wraps = false;                ///< nudges wrap around the range (an angle)
    PlayRole play = PlayRole::none;
    double* number = nullptr;  ///< log, linear, integer
    bool* flag = nullptr;      ///< boolean
    int* index = nullptr;      ///< choice (figure-local)
    SharedField shared = SharedField::none;

    static Param log(const char* key, double& value, double min, double max, double def, const char* format,
                     const char* spoken);
    static Param linear(const char* key, double& value, double min, double max, double def, const char* format,
                        const char* spoken);
    static Param integer(const char* key, double& value, double min, double max, double def, const char* spoken);
    static Param boolean(const char* key, bool& value, bool def, const char* spoken);
    /// The animation's play/pause ("playing").
    static Param playing(bool& value, bool def);
    static Param choice(const char* key, int& index, std::vector<const char*> choices, int def, const char* spoken);
    /// The shared photograph of the single-photo figures ("image").
    static Param image();
    /// The shared photographs of the multi-photo figures ("images"), at most `count`.
    static Param images(int count);
    static Param seed();
    static Param clip(const char* spoken = "clip");
    static Param group();
    /// The shared diffusion time t in [min, max] ("t").
    static Param shared_t(double min, double max, const char* format);
    /// The shared noise schedule ("schedule": rf or cosine).
    static Param schedule();

    Param& main(double notch) {
        is_main = true;
        step = notch;
        return *this;
    }
    Param& animated() {
        is_animated = true;
        return *this;
    }
    Param& wrapping() {
        wraps = true;
        return *this;
    }
    Param& toggled_by_space() {
        play = PlayRole::toggles;
        return *this;
    }
};

/// A number or text the figure computes (not a parameter), with its words for screen readers.
struct Readout {
    const char* key;
    const char* spoken;
};

class Figure {
public:
    explicit Figure(const FigureInfo& info) : info_(info) {}
    virtual ~Figure() = default;
    Figure(const Figure&) = delete;
    Figure& operator=(const Figure&) = delete;

    const FigureInfo& info() const { return info_; }
    const char* id() const { return info_.id; }            ///< URL id, e.g. "spectra"
    const char* title() const { return info_.title; }      ///< shown as the figure's heading
    const char* section() const { return info_.section; }  ///< the essay's section it belongs to
    const char* caption() const { return info_.caption; }  ///< what to look at, in our own words
    bool needs(unsigned inputs) const { return (info_.inputs & inputs) != 0; }
    const std::vector<Param>& params() const { return params_; }
    const std::vector<Readout>& readouts() const { return readouts_; }
    /// The row for `key`, or null.
    const Param* param(const std::string& key) const;

    /// Draws the figure into the current ImGui window, filling `size` CSS pixels.
    virtual void draw(FigureContext& ctx, ImVec2 size) = 0;
    /// Writes the figure's parameters (from the table, in its order), then its readouts (not "fig").
    void write_state(const FigureView& view, StateWriter& out) const;
    /// Sets one parameter from its text form, checked against the table; a failure says what is
    /// wrong (an unknown key lists the known ones) and leaves the state unchanged. Setting an
    /// animated parameter pauses the animation.
    virtual core::Status set(FigureContext& ctx, const std::string& key, const std::string& value);
    /// The main slider moved by `steps` notches (keyboard up/down); false if the figure has none.
    bool nudge(FigureContext& ctx, int steps);
    /// Space bar: flips the play/pause parameter; false if the figure has none.
    bool toggle_play();
    /// Stops the animation (reduced motion); nothing if there is none.
    void pause();
    /// True while the figure changes on its own (its animation plays, or computing()): the page
    /// keeps drawing.
    bool animating(const FigureView& view) const { return playing() || computing(view); }
    /// True while numbers the figure shows are still being computed over several frames (the
    /// corpus statistics, a sampler run): the page's settled() waits for them.
    virtual bool computing(const FigureView& /*view*/) const { return false; }
    /// Another figure is shown instead: release what this one holds (the microphone).
    virtual void leave(FigureContext& /*ctx*/) {}
    /// {"id", "title", "section", "caption", "params": [{"key", "kind", "spoken", ...}],
    ///  "readouts": {key: spoken}}: what the page needs to know about the figure.
    std::string json() const;

protected:
    /// The figure's parameter table and its readouts' words; sets each figure-local parameter
    /// to its default. Call once, from the figure's constructor.
    void declare(std::vector<Param> params, std::vector<Readout> readouts = {});
    /// The figure's computed numbers and texts (StateWriter::add_readout), after its parameters.
    virtual void write_readouts(const FigureView& /*view*/, StateWriter& /*out*/) const {}
    /// A slider for a log or linear parameter with the table's range and format; moving it
    /// pauses the animation when the parameter is animated. True when moved.
    bool slider(FigureContext& ctx, const char* key, const char* label);
    /// The play/pause button for the `runs` parameter.
    bool play_pause();
    /// The value of the `runs` parameter (false if there is none).
    bool playing() const;

private:
    Param* find(const std::string& key);
    FigureInfo info_;
    std::vector<Param> params_;
    std::vector<Readout> readouts_;
};

/// Defines the factory the registry (figures.hpp) calls: make_<name>_figure().
#define TIDE_DEFINE_FIGURE(name, Class)              \
    std::unique_ptr<Figure> make_##name##_figure() { \
        return std::make_unique<Class>();            \
    }

}  // namespace tide::app
