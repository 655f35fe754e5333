// The web platform layer: SDL2 window and WebGL2 context on the page's #canvas, the ImGui
// backends, the main loop, canvas sizing, and the C functions the page's JavaScript calls
// (window.spectralTide in web/tide-page.js).
#include <algorithm>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <GLES3/gl3.h>
#include <SDL.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>

#include "app/app.hpp"
#include "app/wheel.hpp"
#include "gl_textures.hpp"

namespace {

constexpr const char* k_canvas = "#canvas";
constexpr const char* k_assets_dir = "/assets";
constexpr const char* k_glsl_version = "#version 300 es";  ///< WebGL2's shading language

/// Playback through the page's Web Audio helper (Module.tideAudio in web/tide-page.js).
class WebAudioHost final : public tide::app::AudioHost {
public:
    std::string play(const std::vector<float>& samples, double sample_rate_hz) override {
        if (samples.empty()) return "nothing to play";
        const int ok = EM_ASM_INT(
            {
                if (!Module.tideAudio) return 0;
                return Module.tideAudio.play(HEAPF32.subarray($0 >> 2, ($0 >> 2) + $1), $2) ? 1 : 0;
            },
            samples.data(), static_cast<int>(samples.size()), sample_rate_hz);
        return ok ? "" : "this browser cannot play sound (no Web Audio)";
    }
    void stop() override {
        EM_ASM({ if (Module.tideAudio) Module.tideAudio.stop(); });
    }
    bool playing() const override {
        return EM_ASM_INT({ return Module.tideAudio && Module.tideAudio.playing() ? 1 : 0; }) != 0;
    }
    bool pick_file() override {
        return EM_ASM_INT({
                   if (!Module.tideOpenAudioPicker) return 0;
                   Module.tideOpenAudioPicker();
                   return 1;
               }) != 0;
    }
    // The microphone's capture lives in web/tide-microphone.js (window.tideMicrophone); it
    // reports back through tide_microphone_started / _failed / _samples.
    bool start_microphone() override {
        return EM_ASM_INT({
                   if (!window.tideMicrophone) return 0;
                   window.tideMicrophone.start();
                   return 1;
               }) != 0;
    }
    void stop_microphone() override {
        EM_ASM({ if (window.tideMicrophone) window.tideMicrophone.stop(); });
    }
};

/// The page's corpus files: tide-page.js fetches the photographs and clips after the first
/// figure (in App::asset_paths_json order, a file a figure asks for first) and hands each one
/// over (tide_asset_arrived / tide_asset_failed); it is written to the in-memory file system
/// where the stores read it.
class WebAssets final : public tide::app::AssetSource {
public:
    Status status(const std::string& path, std::string* why) override {
        auto it = files_.find(path);
        if (it == files_.end()) {
            it = files_.emplace(path, File{Status::pending, ""}).first;
            EM_ASM({ if (Module.tideWantAsset) Module.tideWantAsset(UTF8ToString($0)); }, path.c_str());
        }
        if (it->second.status == Status::pending) waited_ = true;
        if (it->second.status == Status::failed && why) *why = it->second.message;
        return it->second.status;
    }

    /// Stores a file's bytes; "" when done, else why not.
    std::string arrived(const std::string& path, const std::uint8_t* bytes, std::size_t size) {
        if (path.rfind("/assets/", 0) != 0 || path.find("..") != std::string::npos)
            return "not a corpus file: " + path;
        std::string error;
        if (FILE* f = std::fopen(path.c_str(), "wb")) {
            if (std::fwrite(bytes, 1, size, f) != size) error = "could not be stored (out of memory?)";
            if (std::fclose(f) != 0 && error.empty()) error = "could not be stored";
        } else {
            error = "could not be stored";
        }
        files_[path] = error.empty() ? File{Status::ready, ""} : File{Status::failed, error};
        return error;
    }
    void failed(const std::string& path, const std::string& message) { files_[path] = File{Status::failed, message}; }

    /// Whether a figure found a file still on its way since the last call.
    bool take_waited() { return std::exchange(waited_, false); }

private:
    struct File {
        Status status;
        std::string message;
    };
    std::map<std::string, File> files_;
    bool waited_ = false;
};

struct Platform {
    SDL_Window* window = nullptr;
    SDL_GLContext gl = nullptr;
    tide::platform::GlTextureHost textures;
    WebAudioHost sound;
    WebAssets assets;
    std::unique_ptr<tide::app::App> app;
    int frames = 0;
    int settled = 0;  ///< frames in a row that found every file they needed
    double render_scale = 1.0;  ///< 2 while a picture is saved at twice the resolution
    std::string state;  ///< state_json() after the last frame (parameters and readouts)
    bool ready = false;
    int redraw = 3;  ///< frames still to draw; input, resizes, set() and animations renew it
    bool context_lost = false;  ///< the WebGL context is lost: nothing is drawn until it is restored
    bool paused = false;  ///< the frame loop is paused: idle, nothing to draw (wake() restarts it)
    int idle_frames = 0;  ///< frames in a row with nothing to draw
    bool visible = true;  ///< false while the page says the canvas cannot be seen (tide_set_visible)
    std::string params;   ///< the parameters the page last heard of (Module.onStateChange)
};

// The JavaScript bridge has no user pointer, so the one platform instance lives here.
Platform* g_platform = nullptr;

/// Asks for `frames` more frames and restarts the frame loop if an idle spell had paused it.
/// Everything that can change the picture from outside a frame calls it: the bridge functions
/// below, and the page for input, resizes and visibility (tide_redraw).
void wake(Platform& p, int frames = 3) {
    p.redraw = std::max(p.redraw, frames);
    if (p.paused) {
        p.paused = false;
        emscripten_resume_main_loop();
    }
}

void report_fatal(const std::string& message) {
    EM_ASM({ if (Module.onFatal) Module.onFatal(UTF8ToString($0)); }, message.c_str());
}

/// Keeps the SDL window (and so the drawing buffer) the CSS size of the canvas, which the
/// page sizes from its container. Returns true if the size changed.
bool sync_canvas_size(Platform& p) {
    double css_w = 0, css_h = 0;
    if (emscripten_get_element_css_size(k_canvas, &css_w, &css_h) != EMSCRIPTEN_RESULT_SUCCESS) return false;
    int w = 0, h = 0;
    SDL_GetWindowSize(p.window, &w, &h);
    const int want_w = static_cast<int>(css_w + 0.5), want_h = static_cast<int>(css_h + 0.5);
    if (want_w > 0 && want_h > 0 && (want_w != w || want_h != h)) {
        SDL_SetWindowSize(p.window, want_w, want_h);
        return true;
    }
    return false;
}

/// The WebGL context was lost (the GPU was reset, or the browser took it back): every GL object
/// is gone. They are forgotten now, while deleting them is a no-op, and frames stop.
EM_BOOL on_context_lost(int /*type*/, const void* /*event*/, void* arg) {
    Platform& p = *static_cast<Platform*>(arg);
    p.context_lost = true;
    ImGui_ImplOpenGL3_Shutdown();  // also forgets the sizes of its (now empty) buffers
    p.textures.context_lost();
    return EM_TRUE;  // preventDefault: the browser may then restore the context
}

/// The context is back, empty: the next frame makes ImGui's shaders, buffers and font texture
/// again (ImGui_ImplOpenGL3_NewFrame), and the app its textures as it draws them. Everything
/// computed and loaded stays as it was.
EM_BOOL on_context_restored(int /*type*/, const void* /*event*/, void* arg) {
    Platform& p = *static_cast<Platform*>(arg);
    ImGui_ImplOpenGL3_Init(k_glsl_version);
    p.context_lost = false;
    wake(p);
    return EM_TRUE;
}

/// A frame with nothing to draw: after 30 of them in a row the frame loop pauses until wake().
void rest(Platform& p) {
    if (++p.idle_frames > 30) {
        p.paused = true;
        p.idle_frames = 0;
        emscripten_pause_main_loop();
    }
}

void frame(void* arg) {
    Platform& p = *static_cast<Platform*>(arg);
    if (p.context_lost) return;
    // Out of sight, nothing is drawn and input waits in SDL's queue until the canvas shows again.
    if (!p.visible) {
        rest(p);
        return;
    }
    SDL_Event event;
    while (SDL_PollEvent(&event)) {
        ImGui_ImplSDL2_ProcessEvent(&event);
        p.redraw = 3;  // a few frames: hover states and ImGui's own transitions settle
    }
    if (sync_canvas_size(p)) p.redraw = 3;
    if (p.app->animating()) p.redraw = std::max(p.redraw, 1);
    // An idle page draws nothing: the canvas keeps showing the last frame. After a moment the
    // frame loop itself pauses, so the CPU rests entirely until wake().
    if (p.redraw <= 0) {
        rest(p);
        return;
    }
    p.idle_frames = 0;
    --p.redraw;

    if (p.app->fonts_changed()) {  // presenter mode: type of another size
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        p.app->load_fonts(static_cast<float>(emscripten_get_device_pixel_ratio() * p.render_scale));
        ImGui_ImplOpenGL3_CreateFontsTexture();
    }
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplSDL2_NewFrame();
    if (p.render_scale != 1.0) {
        // SDL reports the drawable size it set itself; the drawing buffer is larger while a
        // picture is saved at twice the resolution.
        ImGuiIO& frame_io = ImGui::GetIO();
        int cw = 0, ch = 0;
        emscripten_get_canvas_element_size(k_canvas, &cw, &ch);
        if (frame_io.DisplaySize.x > 0 && frame_io.DisplaySize.y > 0)
            frame_io.DisplayFramebufferScale = ImVec2(static_cast<float>(cw) / frame_io.DisplaySize.x,
                                                      static_cast<float>(ch) / frame_io.DisplaySize.y);
    }
    ImGui::NewFrame();
    p.app->frame();
    ImGui::Render();

    const ImGuiIO& io = ImGui::GetIO();
    glViewport(0, 0, static_cast<int>(io.DisplaySize.x * io.DisplayFramebufferScale.x),
               static_cast<int>(io.DisplaySize.y * io.DisplayFramebufferScale.y));
    const ImVec4 background = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
    glClearColor(background.x, background.y, background.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    SDL_GL_SwapWindow(p.window);

    // After the first frame the page applies the URL's state; the next frame computes and
    // uploads what it asks for, the one after shows it settled: then `ready` resolves, once
    // two frames in a row had every photograph and clip they wanted.
    ++p.frames;
    p.settled = p.assets.take_waited() ? 0 : p.settled + 1;
    if (p.frames == 1) EM_ASM({ if (Module.onFirstFrame) Module.onFirstFrame(); });
    if (!p.ready && p.frames >= 3 && p.settled >= 2) {
        p.ready = true;
        EM_ASM({ if (Module.onFrameReady) Module.onFrameReady(); });
    }
    // The page keeps its URL (and an embedding page) up to date: it hears when a parameter
    // changed, by a control, an animation or set(), and reads them when it wants them.
    // The text beside the canvas (for screen readers) follows the numbers a figure computes.
    // One reading of the figure's state gives both.
    std::string params, state;
    p.app->state_and_params_json(state, params);
    if (params != p.params) {
        p.params = std::move(params);
        EM_ASM({ if (Module.onStateChange) Module.onStateChange(); });
    }
    if (state != p.state) {
        p.state = std::move(state);
        EM_ASM({ if (Module.onReadoutChange) Module.onReadoutChange(); });
    }
}

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE const char* tide_figures_json() {
    static std::string out;
    out = g_platform && g_platform->app ? g_platform->app->figures_json() : "[]";
    return out.c_str();
}

EMSCRIPTEN_KEEPALIVE const char* tide_state_json() {
    static std::string out;
    out = g_platform && g_platform->app ? g_platform->app->state_json() : "{}";
    return out.c_str();
}

/// state_json() without the readouts: what a link carries.
EMSCRIPTEN_KEEPALIVE const char* tide_params_json() {
    static std::string out;
    out = g_platform && g_platform->app ? g_platform->app->params_json() : "{}";
    return out.c_str();
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
EMSCRIPTEN_KEEPALIVE int tide_frames() { return g_platform ? g_platform->frames : 0; }

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

/// Sets one parameter; returns "" when applied, otherwise the reason it was not.
EMSCRIPTEN_KEEPALIVE const char* tide_set(const char* key, const char* value) {
    static std::string out;
    out = g_platform && g_platform->app ? g_platform->app->set(key, value).error() : "the app is not running";
    if (g_platform) {
        wake(*g_platform);
        g_platform->settled = 0;
    }
    return out.c_str();
}

/// A sound file's bytes (WAV or Ogg Vorbis) from the page; "" when added, else why not.
EMSCRIPTEN_KEEPALIVE const char* tide_add_audio_file(const char* name, const std::uint8_t* bytes, int size) {
    static std::string out;
    out = g_platform && g_platform->app ? g_platform->app->add_audio_file(name, bytes, static_cast<std::size_t>(size))
                                        : "the app is not running";
    if (g_platform) wake(*g_platform);
    return out.c_str();
}

/// A photograph's bytes (PNG, JPEG, GIF, BMP or TGA) from the page; "" when added, else why not.
EMSCRIPTEN_KEEPALIVE const char* tide_add_image_file(const char* name, const std::uint8_t* bytes, int size) {
    static std::string out;
    out = g_platform && g_platform->app ? g_platform->app->add_image_file(name, bytes, static_cast<std::size_t>(std::max(0, size)))
                                        : "the app is not running";
    if (g_platform) {
        wake(*g_platform);
        g_platform->settled = 0;
    }
    return out.c_str();
}

/// Mono samples the browser decoded itself; "" when added, else why not.
EMSCRIPTEN_KEEPALIVE const char* tide_add_audio_samples(const char* name, const float* samples, int n, double rate_hz) {
    static std::string out;
    out = g_platform && g_platform->app
              ? g_platform->app->add_audio_samples(name, std::vector<float>(samples, samples + n), rate_hz)
              : "the app is not running";
    if (g_platform) wake(*g_platform);
    return out.c_str();
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

/// Draws at `scale` times the screen's pixel density (1 or 2; "save at 2x"): the drawing
/// buffer grows, fonts are rasterised again for it; the canvas keeps its CSS size.
EMSCRIPTEN_KEEPALIVE void tide_set_render_scale(double scale) {
    if (!g_platform || !g_platform->app) return;
    Platform& p = *g_platform;
    scale = std::clamp(scale, 1.0, 2.0);
    if (scale == p.render_scale) return;
    p.render_scale = scale;
    const double density = emscripten_get_device_pixel_ratio() * scale;
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    p.app->load_fonts(static_cast<float>(density));
    ImGui_ImplOpenGL3_CreateFontsTexture();
    int w = 0, h = 0;
    SDL_GetWindowSize(p.window, &w, &h);
    emscripten_set_canvas_element_size(k_canvas, static_cast<int>(w * density + 0.5), static_cast<int>(h * density + 0.5));
    wake(p);
    p.settled = 0;
}

/// The data the last frame plotted, as CSV (for "save data").
EMSCRIPTEN_KEEPALIVE const char* tide_data_csv() {
    static std::string out;
    out = g_platform && g_platform->app ? g_platform->app->data_csv() : "";
    return out.c_str();
}

/// What the app has to tell people besides a call's result, e.g. that the oldest of their own
/// sounds was let go to make room for a new one; "" if nothing. Reading it clears it.
EMSCRIPTEN_KEEPALIVE const char* tide_take_notice() {
    static std::string out;
    out = g_platform && g_platform->app ? g_platform->app->take_notice() : "";
    return out.c_str();
}

/// Every corpus file the page should fetch, in order (JSON array of paths).
EMSCRIPTEN_KEEPALIVE const char* tide_asset_paths_json() {
    static std::string out;
    out = g_platform && g_platform->app ? g_platform->app->asset_paths_json() : "[]";
    return out.c_str();
}

/// A corpus file's bytes, fetched by the page; "" when stored, else why not.
EMSCRIPTEN_KEEPALIVE const char* tide_asset_arrived(const char* path, const std::uint8_t* bytes, int size) {
    static std::string out;
    if (!g_platform) return "the app is not running";
    out = g_platform->assets.arrived(path, bytes, static_cast<std::size_t>(std::max(0, size)));
    wake(*g_platform);
    g_platform->settled = 0;
    return out.c_str();
}

/// A corpus file the page could not fetch; figures show the message instead of it.
EMSCRIPTEN_KEEPALIVE void tide_asset_failed(const char* path, const char* message) {
    if (!g_platform) return;
    g_platform->assets.failed(path, message);
    wake(*g_platform);
    g_platform->settled = 0;
}

/// 1 once the last two frames drew everything they wanted (no file on its way) and nothing
/// changed since: what the page's settled() waits for.
EMSCRIPTEN_KEEPALIVE int tide_settled() { return g_platform && g_platform->settled >= 2 ? 1 : 0; }

EMSCRIPTEN_KEEPALIVE const char* tide_layout_json() {
    static std::string out;
    out = g_platform && g_platform->app ? g_platform->app->layout_json() : "[]";
    return out.c_str();
}

}  // extern "C"

int main() {
    // Keyboard events go to the canvas only, so the rest of a page keeps its keys.
    SDL_SetHint(SDL_HINT_EMSCRIPTEN_KEYBOARD_ELEMENT, k_canvas);
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER) != 0) {
        report_fatal(std::string("SDL could not start: ") + SDL_GetError());
        return 1;
    }
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);

    double css_w = 800, css_h = 600;
    emscripten_get_element_css_size(k_canvas, &css_w, &css_h);
    static Platform platform;
    g_platform = &platform;
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // no imgui.ini in the browser
    // No ImGui keyboard navigation: the arrow keys and space belong to the figures
    // (step through figures, move the main slider, play/pause).

    platform.app = std::make_unique<tide::app::App>(k_assets_dir, platform.textures, &platform.sound, &platform.assets);
    platform.app->set_image_picker([] { EM_ASM({ if (Module.tideOpenImagePicker) Module.tideOpenImagePicker(); }); });
    platform.app->set_embedded(EM_ASM_INT({ return Module.tideEmbedded ? 1 : 0; }) != 0);
    // The page applies its link (the URL's state) now, and the files the figure will draw are
    // asked for at once: they download while the graphics start.
    EM_ASM({ if (Module.onAppCreated) Module.onAppCreated(); });
    platform.app->prefetch();
    platform.app->load_fonts(static_cast<float>(emscripten_get_device_pixel_ratio()));

    platform.window = SDL_CreateWindow("Spectral Tide", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED,
                                       static_cast<int>(css_w), static_cast<int>(css_h),
                                       SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    if (!platform.window) {
        report_fatal(std::string("the window could not be created: ") + SDL_GetError());
        return 1;
    }
    platform.gl = SDL_GL_CreateContext(platform.window);
    if (!platform.gl) {
        EM_ASM({ console.warn('WebGL2 context: ' + UTF8ToString($0)); if (Module.onNoWebGL2) Module.onNoWebGL2(); },
               SDL_GetError());
        return 1;
    }
    SDL_GL_MakeCurrent(platform.window, platform.gl);

    ImGui_ImplSDL2_InitForOpenGL(platform.window, platform.gl);
    ImGui_ImplOpenGL3_Init(k_glsl_version);
    emscripten_set_webglcontextlost_callback(k_canvas, &platform, EM_FALSE, on_context_lost);
    emscripten_set_webglcontextrestored_callback(k_canvas, &platform, EM_FALSE, on_context_restored);

    emscripten_set_main_loop_arg(frame, &platform, 0, true);
    return 0;
}
