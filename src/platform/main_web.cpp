// The web platform's start: SDL2 window and WebGL2 context on the page's #canvas, the ImGui
// backends, the app with its web hosts (web_hosts.hpp), then the frame loop (frame_loop.cpp).
// What the page's JavaScript calls is bridge.cpp (through web/tide-bridge.js).
#include <memory>
#include <string>

#include <SDL.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>

#include "web_platform.hpp"

namespace {

constexpr const char* k_assets_dir = "/assets";

}  // namespace

int main() {
    using namespace tide::platform;
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
    // ImGui draws flat triangles in order: no depth buffer (SDL asks for 16 bits by default),
    // which is memory every embed's context would hold for nothing.
    SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 0);
    SDL_GL_SetAttribute(SDL_GL_STENCIL_SIZE, 0);

    double css_w = 800, css_h = 600;
    emscripten_get_element_css_size(k_canvas, &css_w, &css_h);
    static WebPlatform platform;
    g_platform = &platform;
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // no imgui.ini in the browser
    // No ImGui keyboard navigation: the arrow keys and space belong to the figures
    // (step through figures, move the main slider, play/pause).

    platform.app = std::make_unique<tide::app::App>(k_assets_dir, platform.textures, &platform.sound, &platform.assets);
    platform.app->set_image_picker([] {
        EM_ASM({
            if (Module.tideOpenImagePicker) Module.tideOpenImagePicker();
        });
    });
    // The page says where the app runs (Module.tideMode: "explore", "embed" or "article").
    const int mode = EM_ASM_INT({ return Module.tideMode == 'embed' ? 1 : Module.tideMode == 'article' ? 2 : 0; });
    platform.app->set_mode(mode == 1   ? tide::app::App::Mode::embed
                           : mode == 2 ? tide::app::App::Mode::article
                                       : tide::app::App::Mode::explore);
    // The page applies its link (the URL's state) now, and the files the figure will draw are
    // asked for at once: they download while the graphics start.
    EM_ASM({
        if (Module.onAppCreated) Module.onAppCreated();
    });
    platform.app->prefetch();
    platform.app->load_fonts(static_cast<float>(emscripten_get_device_pixel_ratio()));

    platform.window =
        SDL_CreateWindow("Spectral Tide", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, static_cast<int>(css_w),
                         static_cast<int>(css_h), SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI);
    if (!platform.window) {
        report_fatal(std::string("the window could not be created: ") + SDL_GetError());
        return 1;
    }
    platform.gl = SDL_GL_CreateContext(platform.window);
    if (!platform.gl) {
        EM_ASM(
            {
                console.warn('WebGL2 context: ' + UTF8ToString($0));
                if (Module.onNoWebGL2) Module.onNoWebGL2();
            },
            SDL_GetError());
        return 1;
    }
    SDL_GL_MakeCurrent(platform.window, platform.gl);

    ImGui_ImplSDL2_InitForOpenGL(platform.window, platform.gl);
    ImGui_ImplOpenGL3_Init(k_glsl_version);
    watch_webgl_context(platform);

    emscripten_set_main_loop_arg(frame, &platform, 0, true);
    return 0;
}
