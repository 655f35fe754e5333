// The web platform's state (one instance, made by main() in main_web.cpp) and its frame loop
// (frame_loop.cpp): what the bridge's exports (bridge.cpp) and the loop share.
#pragma once

#include <deque>
#include <memory>
#include <string>

#include <SDL.h>

#include "app/app.hpp"
#include "gl_textures.hpp"
#include "web_hosts.hpp"

namespace tide::platform {

inline constexpr const char* k_canvas = "#canvas";
inline constexpr const char* k_glsl_version = "#version 300 es";  ///< WebGL2's shading language

struct WebPlatform {
    SDL_Window* window = nullptr;
    SDL_GLContext gl = nullptr;
    GlTextureHost textures;
    WebAudioHost sound;
    WebAssets assets;
    std::unique_ptr<app::App> app;
    int frames = 0;
    int settled = 0;            ///< frames in a row that found every file they needed
    double render_scale = 1.0;  ///< 2 while a picture is saved at twice the resolution
    std::string state;          ///< state_json() after the last frame (parameters and readouts)
    bool ready = false;
    int redraw = 3;              ///< frames still to draw; input, resizes, set() and animations renew it
    bool context_lost = false;   ///< the WebGL context is lost: nothing is drawn until it is restored
    bool paused = false;         ///< the frame loop is paused: idle, nothing to draw (wake() restarts it)
    int idle_frames = 0;         ///< frames in a row with nothing to draw
    bool visible = true;         ///< false while the page says the canvas cannot be seen (tide_set_visible)
    std::string params;          ///< the parameters the page last heard of (Module.onStateChange)
    std::deque<SDL_Event> held;  ///< input for the next frame (see feed_input in frame_loop.cpp)
    /// The mouse as the input fed so far left it (see feed_input): buttons held and pressed this
    /// frame (a bit per ImGui button number), SDL's count of clicks for each press this frame (2
    /// for a double click), and the pointer's last position in the window (has_pointer once a
    /// mouse event was fed).
    unsigned buttons = 0, pressed = 0;
    int clicks[3] = {0, 0, 0};
    bool has_pointer = false;
    float pointer_x = 0, pointer_y = 0;
};

/// The JavaScript bridge has no user pointer, so the one platform instance is known here
/// (set by main(); null before).
extern WebPlatform* g_platform;

/// Asks for `frames` more frames and restarts the frame loop if an idle spell had paused it.
/// Everything that can change the picture from outside a frame calls it: the bridge's
/// exports, and the page for input, resizes and visibility (tide_redraw).
void wake(WebPlatform& p, int frames = 3);

/// One frame (emscripten_set_main_loop_arg's callback; arg is the WebPlatform).
void frame(void* arg);

/// Draws at `scale` times the screen's pixel density (clamped to 1..2): the drawing buffer
/// grows, fonts are rasterised again for it; the canvas keeps its CSS size.
void set_render_scale(WebPlatform& p, double scale);

/// Follows the WebGL context through loss and restoration (arg is the WebPlatform).
void watch_webgl_context(WebPlatform& p);

/// Tells the page that the app cannot run (Module.onFatal), in words.
void report_fatal(const std::string& message);

}  // namespace tide::platform
