// The frame loop (web_platform.hpp): canvas sizing, idle pauses, WebGL context loss, drawing a
// frame with the ImGui backends, and telling the page what changed.
#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include <GLES3/gl3.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>

#include "web_platform.hpp"

namespace tide::platform {

namespace {

/// Keeps the SDL window (and so the drawing buffer) the CSS size of the canvas, which the
/// page sizes from its container. Returns true if the size changed.
bool sync_canvas_size(WebPlatform& p) {
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
    WebPlatform& p = *static_cast<WebPlatform*>(arg);
    p.context_lost = true;
    ImGui_ImplOpenGL3_Shutdown();  // also forgets the sizes of its (now empty) buffers
    p.textures.context_lost();
    return EM_TRUE;  // preventDefault: the browser may then restore the context
}

/// The context is back, empty: the next frame makes ImGui's shaders, buffers and font texture
/// again (ImGui_ImplOpenGL3_NewFrame), and the app its textures as it draws them. Everything
/// computed and loaded stays as it was.
EM_BOOL on_context_restored(int /*type*/, const void* /*event*/, void* arg) {
    WebPlatform& p = *static_cast<WebPlatform*>(arg);
    ImGui_ImplOpenGL3_Init(k_glsl_version);
    p.context_lost = false;
    wake(p);
    return EM_TRUE;
}

/// A frame with nothing to draw: after 30 of them in a row the frame loop pauses until wake().
void rest(WebPlatform& p) {
    if (++p.idle_frames > 30) {
        p.paused = true;
        p.idle_frames = 0;
        emscripten_pause_main_loop();
    }
}

}  // namespace

void wake(WebPlatform& p, int frames) {
    p.redraw = std::max(p.redraw, frames);
    if (p.paused) {
        p.paused = false;
        emscripten_resume_main_loop();
    }
}

void report_fatal(const std::string& message) {
    EM_ASM(
        {
            if (Module.onFatal) Module.onFatal(UTF8ToString($0));
        },
        message.c_str());
}

void watch_webgl_context(WebPlatform& p) {
    emscripten_set_webglcontextlost_callback(k_canvas, &p, EM_FALSE, on_context_lost);
    emscripten_set_webglcontextrestored_callback(k_canvas, &p, EM_FALSE, on_context_restored);
}

void set_render_scale(WebPlatform& p, double scale) {
    scale = std::clamp(scale, 1.0, 2.0);
    if (scale == p.render_scale) return;
    p.render_scale = scale;
    const double density = emscripten_get_device_pixel_ratio() * scale;
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    p.app->load_fonts(static_cast<float>(density));
    ImGui_ImplOpenGL3_CreateFontsTexture();
    int w = 0, h = 0;
    SDL_GetWindowSize(p.window, &w, &h);
    emscripten_set_canvas_element_size(k_canvas, static_cast<int>(w * density + 0.5),
                                       static_cast<int>(h * density + 0.5));
    wake(p);
    p.settled = 0;
}

namespace {

/// What a press or a release is about: a key, a mouse button or a finger, or nothing (0).
long long input_id(const SDL_Event& e) {
    switch (e.type) {
        case SDL_KEYDOWN:
        case SDL_KEYUP:
            return 1'000'000'000LL + e.key.keysym.scancode;
        case SDL_MOUSEBUTTONDOWN:
        case SDL_MOUSEBUTTONUP:
            return 2'000'000'000LL + e.button.button;
        case SDL_FINGERDOWN:
        case SDL_FINGERUP:
            return 3'000'000'000LL + e.tfinger.fingerId;
        default:
            return 0;
    }
}
bool is_press(const SDL_Event& e) {
    return e.type == SDL_KEYDOWN || e.type == SDL_MOUSEBUTTONDOWN || e.type == SDL_FINGERDOWN;
}
bool is_release(const SDL_Event& e) {
    return e.type == SDL_KEYUP || e.type == SDL_MOUSEBUTTONUP || e.type == SDL_FINGERUP;
}

/// ImGui's number for an SDL mouse button (0 left, 1 right, 2 middle), or -1.
int imgui_button(Uint8 sdl_button) {
    switch (sdl_button) {
        case SDL_BUTTON_LEFT:
            return 0;
        case SDL_BUTTON_RIGHT:
            return 1;
        case SDL_BUTTON_MIDDLE:
            return 2;
        default:
            return -1;
    }
}

/// Feeds this frame's input to ImGui in order. Dear ImGui 1.86 reads each key and button once a
/// frame, so a press released within the same frame (a quick tap, a clicker's key) would be
/// lost, and a double click's release and second press would merge into one long press: each
/// key, button or finger changes at most once a frame. An event for one that already changed,
/// and everything after it, wait in p.held for the next frame. Returns true if anything was fed.
///
/// ImGui's SDL backend reads the modifier keys, the buttons and the pointer from SDL's current
/// state, which already includes every event polled, held ones too; and it times double clicks
/// in frames (0.3 s of its clock), so a double click spread over three slow frames is none.
/// So the input fed keeps its own moment:
/// - each key event reaches ImGui with the modifiers it was sent with (a Ctrl+A whose Ctrl
///   release is held would otherwise arrive as a plain A);
/// - the buttons, the pointer and SDL's count of clicks (by the events' times: 500 ms, 32 px)
///   are kept in p for mouse_before_new_frame() and mouse_after_new_frame().
bool feed_input(WebPlatform& p) {
    SDL_Event event;
    while (SDL_PollEvent(&event)) p.held.push_back(event);
    const SDL_Keymod modifiers_now = SDL_GetModState();
    std::vector<long long> changed;
    bool fed = false;
    p.pressed = 0;
    while (!p.held.empty()) {
        const SDL_Event& e = p.held.front();
        if (is_press(e) || is_release(e)) {
            const long long id = input_id(e);
            if (std::find(changed.begin(), changed.end(), id) != changed.end()) break;
            changed.push_back(id);
        }
        if (e.type == SDL_KEYDOWN || e.type == SDL_KEYUP) SDL_SetModState(static_cast<SDL_Keymod>(e.key.keysym.mod));
        if (e.type == SDL_MOUSEMOTION) {
            p.has_pointer = true;
            p.pointer_x = static_cast<float>(e.motion.x);
            p.pointer_y = static_cast<float>(e.motion.y);
        }
        if (e.type == SDL_MOUSEBUTTONDOWN || e.type == SDL_MOUSEBUTTONUP) {
            p.has_pointer = true;
            p.pointer_x = static_cast<float>(e.button.x);
            p.pointer_y = static_cast<float>(e.button.y);
            const int b = imgui_button(e.button.button);
            if (b >= 0 && e.type == SDL_MOUSEBUTTONDOWN) {
                p.buttons |= 1u << b;
                p.pressed |= 1u << b;
                p.clicks[b] = e.button.clicks;
            } else if (b >= 0) {
                p.buttons &= ~(1u << b);
            }
        }
        ImGui_ImplSDL2_ProcessEvent(&e);
        p.held.pop_front();
        fed = true;
    }
    SDL_SetModState(modifiers_now);
    return fed;
}

/// Between the backend's NewFrame and ImGui::NewFrame: the buttons and the pointer as the input
/// fed left them (a press fed this frame counts as held this frame, as in the backend).
void mouse_before_new_frame(const WebPlatform& p) {
    ImGuiIO& io = ImGui::GetIO();
    for (int b = 0; b < 3; ++b) io.MouseDown[b] = (((p.buttons | p.pressed) >> b) & 1u) != 0;
    if (p.has_pointer && ImGui::IsMousePosValid(&io.MousePos)) io.MousePos = ImVec2(p.pointer_x, p.pointer_y);
}

/// After ImGui::NewFrame: a press fed this frame counts clicks as SDL did (2 for a double click).
void mouse_after_new_frame(const WebPlatform& p) {
    ImGuiIO& io = ImGui::GetIO();
    for (int b = 0; b < 3; ++b) {
        if (!io.MouseClicked[b] || !((p.pressed >> b) & 1u)) continue;
        io.MouseClickedCount[b] = io.MouseClickedLastCount[b] = static_cast<ImU16>(std::max(p.clicks[b], 1));
        io.MouseDoubleClicked[b] = p.clicks[b] == 2;
    }
}

}  // namespace

void frame(void* arg) {
    WebPlatform& p = *static_cast<WebPlatform*>(arg);
    if (p.context_lost) return;
    // Out of sight, nothing is drawn and input waits in SDL's queue until the canvas shows again.
    if (!p.visible) {
        rest(p);
        return;
    }
    // A few frames after input: hover states and ImGui's own transitions settle; and the page is
    // not settled until a frame after the input has been drawn (tide_settled).
    if (feed_input(p) || !p.held.empty()) {
        p.redraw = 3;
        p.settled = 0;
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
    // The atlas's pixels are on the GPU now (NewFrame made the font texture if it was missing):
    // the 1.25 MB copy in the heap goes. A restored context rebuilds them from the fonts, which
    // the atlas keeps. (No-op once cleared.)
    ImGui::GetIO().Fonts->ClearTexData();
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
    mouse_before_new_frame(p);
    ImGui::NewFrame();
    mouse_after_new_frame(p);
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
    if (p.frames == 1)
        EM_ASM({
            if (Module.onFirstFrame) Module.onFirstFrame();
        });
    if (!p.ready && p.frames >= 3 && p.settled >= 2) {
        p.ready = true;
        EM_ASM({
            if (Module.onFrameReady) Module.onFrameReady();
        });
    }
    // The page keeps its URL (and an embedding page) up to date: it hears when a parameter
    // changed, by a control, an animation or set(), and reads them when it wants them.
    // The text beside the canvas (for screen readers) follows the numbers a figure computes.
    // One reading of the figure's state gives both.
    std::string params, state;
    p.app->state_and_params_json(state, params);
    if (params != p.params) {
        p.params = std::move(params);
        EM_ASM({
            if (Module.onStateChange) Module.onStateChange();
        });
    }
    if (state != p.state) {
        p.state = std::move(state);
        EM_ASM({
            if (Module.onReadoutChange) Module.onReadoutChange();
        });
    }
}

}  // namespace tide::platform
