// The C functions the page's JavaScript calls (web/tide-bridge.js wraps each in one typed
// object). This file is also the list of exports: CMake reads every EMSCRIPTEN_KEEPALIVE
// function's name from it for -sEXPORTED_FUNCTIONS (src/platform/CMakeLists.txt), so keep each
// declaration on one line starting with EMSCRIPTEN_KEEPALIVE.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <emscripten.h>
#include <imgui.h>

#include "app/wheel.hpp"
#include "web_platform.hpp"

namespace tide::platform {

WebPlatform* g_platform = nullptr;

}  // namespace tide::platform

namespace {

using tide::app::App;
using tide::platform::g_platform;
using tide::platform::wake;

constexpr const char* k_not_running = "the app is not running";

/// What an export returns as text. One buffer serves them all: the page copies the text at
/// once (ccall's 'string' result), before it can call another; an export called from inside
/// another (through a JavaScript callback) has been read before the outer one writes here.
const char* text(std::string s) {
    static std::string out;
    out = std::move(s);
    return out.c_str();
}

/// text(make(app)), or `otherwise` while the app is not running.
template <class Make>
const char* app_text(Make&& make, const char* otherwise) {
    if (!g_platform || !g_platform->app) return otherwise;
    return text(make(*g_platform->app));
}

/// After a call that changes what is drawn: the next frames are drawn; `unsettle` also makes
/// settled() wait for two frames that found every file they wanted.
void changed(bool unsettle) {
    if (!g_platform) return;
    wake(*g_platform);
    if (unsettle) g_platform->settled = 0;
}

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE const char* tide_figures_json() {
    return app_text([](App& app) { return app.figures_json(); }, "[]");
}

EMSCRIPTEN_KEEPALIVE const char* tide_state_json() {
    return app_text([](App& app) { return app.state_json(); }, "{}");
}

/// state_json() without the readouts: what a link carries.
EMSCRIPTEN_KEEPALIVE const char* tide_params_json() {
    return app_text([](App& app) { return app.params_json(); }, "{}");
}

/// The numbers the article quotes (App::article_numbers_json), working up to budget_ms on them.
EMSCRIPTEN_KEEPALIVE const char* tide_article_numbers_json(double budget_ms) {
    return app_text([budget_ms](App& app) { return app.article_numbers_json(budget_ms); }, "{\"complete\":false}");
}

/// What the last frame drew, with rectangles in CSS pixels of the canvas (for tests).
EMSCRIPTEN_KEEPALIVE const char* tide_layout_json() {
    return app_text([](App& app) { return app.layout_json(); }, "[]");
}

/// The data the last frame plotted, as CSV (for "save data").
EMSCRIPTEN_KEEPALIVE const char* tide_data_csv() {
    return app_text([](App& app) { return app.data_csv(); }, "");
}

/// What the app has to tell people besides a call's result, e.g. that the oldest of their own
/// sounds was let go to make room for a new one; "" if nothing. Reading it clears it.
EMSCRIPTEN_KEEPALIVE const char* tide_take_notice() {
    return app_text([](App& app) { return app.take_notice(); }, "");
}

/// Every corpus file the page should fetch, in order (JSON array of paths).
EMSCRIPTEN_KEEPALIVE const char* tide_asset_paths_json() {
    return app_text([](App& app) { return app.asset_paths_json(); }, "[]");
}

/// Sets one parameter; returns "" when applied, otherwise the reason it was not.
EMSCRIPTEN_KEEPALIVE const char* tide_set(const char* key, const char* value) {
    const char* out = app_text([&](App& app) { return app.set(key, value).error(); }, k_not_running);
    changed(true);
    return out;
}

/// A sound file's bytes (WAV or Ogg Vorbis) from the page; "" when added, else why not.
EMSCRIPTEN_KEEPALIVE const char* tide_add_audio_file(const char* name, const std::uint8_t* bytes, int size) {
    const char* out = app_text(
        [&](App& app) { return app.add_audio_file(name, bytes, static_cast<std::size_t>(size)); }, k_not_running);
    changed(false);
    return out;
}

/// A photograph's bytes (PNG, JPEG, GIF, BMP or TGA) from the page; "" when added, else why not.
EMSCRIPTEN_KEEPALIVE const char* tide_add_image_file(const char* name, const std::uint8_t* bytes, int size) {
    const char* out =
        app_text([&](App& app) { return app.add_image_file(name, bytes, static_cast<std::size_t>(std::max(0, size))); },
                 k_not_running);
    changed(true);
    return out;
}

/// Mono samples the browser decoded itself; "" when added, else why not.
EMSCRIPTEN_KEEPALIVE const char* tide_add_audio_samples(const char* name, const float* samples, int n, double rate_hz) {
    const char* out = app_text(
        [&](App& app) { return app.add_audio_samples(name, std::vector<float>(samples, samples + n), rate_hz); },
        k_not_running);
    changed(false);
    return out;
}

/// A corpus file's bytes, fetched by the page; "" when stored, else why not.
EMSCRIPTEN_KEEPALIVE const char* tide_asset_arrived(const char* path, const std::uint8_t* bytes, int size) {
    if (!g_platform) return k_not_running;
    const auto stored = g_platform->assets.arrived(path, bytes, static_cast<std::size_t>(std::max(0, size)));
    changed(true);
    return text(stored.error());
}

/// A corpus file the page could not fetch; figures show the message instead of it.
EMSCRIPTEN_KEEPALIVE void tide_asset_failed(const char* path, const char* message) {
    if (!g_platform) return;
    g_platform->assets.failed(path, message);
    changed(true);
}

/// 1 once the last two frames drew everything they wanted (no file on its way), nothing
/// changed since, and the figure computes nothing more over frames (its corpus statistics or
/// sampler run are final): what the page's settled() waits for.
EMSCRIPTEN_KEEPALIVE int tide_settled() {
    if (!g_platform || g_platform->settled < 2 || g_platform->app->computing()) return 0;
    // Input the page has received but no frame has fed yet (a tap just dispatched) is still
    // to change what the figure shows.
    const bool input_waiting =
        !g_platform->held.empty() || SDL_PeepEvents(nullptr, 0, SDL_PEEKEVENT, SDL_FIRSTEVENT, SDL_LASTEVENT) > 0;
    return input_waiting ? 0 : 1;
}

/// Whether the canvas can be seen (an embedded page scrolled out of view, or in a hidden tab,
/// cannot): while it cannot, the frame loop draws nothing.
EMSCRIPTEN_KEEPALIVE void tide_set_visible(int visible) {
    if (!g_platform) return;
    g_platform->visible = visible != 0;
    wake(*g_platform);
}

/// Draws the next frames (the page saw the canvas's container change).
EMSCRIPTEN_KEEPALIVE void tide_redraw() {
    if (g_platform) wake(*g_platform);
}

/// Frames drawn so far (an idle or hidden page draws none).
EMSCRIPTEN_KEEPALIVE int tide_frames() {
    return g_platform ? g_platform->frames : 0;
}

/// 1 if a wheel turn at (x, y), CSS pixels of the canvas, would scroll something the last
/// frame drew; dx, dy are the browser's deltas. The page lets other turns scroll the page.
EMSCRIPTEN_KEEPALIVE int tide_wheel_wanted(double x, double y, double dx, double dy, int ctrl, int shift) {
    if (!g_platform || !g_platform->app) return 0;
    const auto notches = [](double d) { return d > 0 ? 1.0f : d < 0 ? -1.0f : 0.0f; };
    return tide::app::wheel_would_scroll(ImVec2(static_cast<float>(x), static_cast<float>(y)),
                                         ImVec2(notches(dx), -notches(dy)), ctrl != 0, shift != 0)
               ? 1
               : 0;
}

/// Draws at `scale` times the screen's pixel density (1 or 2; "save at 2x").
EMSCRIPTEN_KEEPALIVE void tide_set_render_scale(double scale) {
    if (!g_platform || !g_platform->app) return;
    tide::platform::set_render_scale(*g_platform, scale);
}

/// The microphone runs (web/tide-microphone.js); its sound comes at rate_hz.
EMSCRIPTEN_KEEPALIVE void tide_microphone_started(double rate_hz) {
    if (!g_platform || !g_platform->app) return;
    g_platform->app->microphone().started(rate_hz);
    wake(*g_platform);
}

/// The microphone could not start, or stopped on its own (the device went away); the message
/// says so to people.
EMSCRIPTEN_KEEPALIVE void tide_microphone_failed(const char* message) {
    if (!g_platform || !g_platform->app) return;
    g_platform->app->microphone().failed(message);
    wake(*g_platform);
}

/// n mono samples from the microphone, at the rate it started with (a buffer the page
/// allocated with malloc and frees after the call).
EMSCRIPTEN_KEEPALIVE void tide_microphone_samples(const float* samples, int n) {
    if (!g_platform || !g_platform->app || n <= 0) return;
    g_platform->app->microphone().push(samples, static_cast<std::size_t>(n));
    wake(*g_platform, 1);  // the figure analyses it in the next frame
}

}  // extern "C"
