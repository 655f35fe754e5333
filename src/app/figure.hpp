// Figure: one figure of the essay, with its URL id, title, caption, parameters and drawing.
// The app keeps them in a registry, which is also the table of contents.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <imgui.h>

#include "audio_host.hpp"
#include "audio_store.hpp"
#include "core/schedule.hpp"
#include "image_store.hpp"
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
    std::string clip;         ///< the clip of the single-clip sound figures
    std::string group;        ///< "", "speech" or "music": which clips the sound figures average
};

/// What a figure may use.
struct FigureContext {
    ImageStore& store;
    SharedState& shared;
    const Fonts& fonts;
    std::vector<LayoutItem>& layout;
    float dt_s = 0.0f;  ///< seconds since the last frame, for animations
    AudioStore* audio = nullptr;  ///< the sound corpus (null if it could not be loaded)
    AudioHost* sound = nullptr;   ///< playback (null where there is none)
    /// Opens the page's chooser for the person's own photographs (empty where there is none);
    /// they arrive later through App::add_image_file.
    std::function<void()> pick_images;
    Microphone* microphone = nullptr;  ///< the live sound (null where there is none)
};

class Figure {
public:
    virtual ~Figure() = default;
    virtual const char* id() const = 0;       ///< URL id, e.g. "spectra"
    virtual const char* title() const = 0;    ///< shown as the figure's heading
    virtual const char* section() const = 0;  ///< the essay's section it belongs to
    virtual const char* caption() const = 0;  ///< what to look at, in our own words
    /// Draws the figure into the current ImGui window, filling `size` CSS pixels.
    virtual void draw(FigureContext& ctx, ImVec2 size) = 0;
    /// Writes the figure's parameters (not "fig").
    virtual void write_state(const FigureContext& ctx, StateWriter& out) const = 0;
    /// Sets one parameter from its text form. Returns "" when applied, otherwise a message
    /// saying what is wrong; the state is then unchanged.
    virtual std::string set(FigureContext& ctx, const std::string& key, const std::string& value) = 0;
    /// The figure's main slider moved by `steps` notches (keyboard up/down); false if none.
    virtual bool nudge(FigureContext& /*ctx*/, int /*steps*/) { return false; }
    /// Space bar: start or stop the animation; false if the figure has none.
    virtual bool toggle_play() { return false; }
    /// True while the figure changes on its own (an animation runs): the page keeps drawing.
    virtual bool animating(const FigureContext& /*ctx*/) const { return false; }
    /// Another figure is shown instead: release what this one holds (the microphone).
    virtual void leave(FigureContext& /*ctx*/) {}
};

}  // namespace tide::app
