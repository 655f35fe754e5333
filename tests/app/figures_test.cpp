// Every registered figure drawn headless: Dear ImGui without a window or GL (a font atlas built
// in memory, textures that are only numbers), over the repository's real photographs and
// clips. At a 1440x900 desktop, a 390x844 phone with touch, the article's pane on that phone
// (390x330, compact, the figure alone) and 1280x720 in presenter mode, each
// figure is drawn for a few dozen frames, then with every parameter at its minimum, default
// and maximum. Checked: no ImGui assertion fails (IM_ASSERT throws here, cmake/imgui), no
// readout is NaN or infinite, every control and plot lies inside the visible area or can be
// scrolled to, and every parameter survives a round trip through set(), params() and a link.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <imgui.h>
#include <imgui_internal.h>
#include <catch.hpp>

#include "app/app.hpp"
#include "app/figures.hpp"

namespace {

using namespace tide;

using NullTextures = app::NullTextureHost;

struct ImGuiAssertFailed : std::runtime_error {
    using std::runtime_error::runtime_error;
};

[[noreturn]] void throw_on_assert(const char* expression, const char* file, int line) {
    throw ImGuiAssertFailed(std::string(file) + ":" + std::to_string(line) + ": IM_ASSERT(" + expression + ")");
}

// What the item hook saw in the current frame: items that cannot be seen or scrolled to.
std::vector<std::string> g_unreachable;
std::map<ImGuiID, std::string> g_labels;

std::string rect_text(const ImRect& r) {
    std::ostringstream o;
    o << "[" << r.Min.x << ", " << r.Min.y << " .. " << r.Max.x << ", " << r.Max.y << "]";
    return o.str();
}

/// An item is reachable when it lies inside its window horizontally (there is no horizontal
/// scrolling unless the window has a scrollbar for it) and, if it is outside vertically, the
/// window scrolls.
void check_item(ImGuiContext* ctx, const ImRect& bb, unsigned int id) {
    const ImGuiWindow* w = ctx->CurrentWindow;
    if (!w || w->SkipItems || bb.GetWidth() <= 0.0f) return;
    // A window's own scrollbars sit outside its clip rectangle, where they belong.
    if (id == ImGui::GetWindowScrollbarID(const_cast<ImGuiWindow*>(w), ImGuiAxis_X) ||
        id == ImGui::GetWindowScrollbarID(const_cast<ImGuiWindow*>(w), ImGuiAxis_Y))
        return;
    // Selectables and the like reach half an item spacing into the padding: allow that.
    const float tol = 1.0f + ctx->Style.ItemSpacing.x * 0.5f;
    const ImRect& clip = w->InnerClipRect;
    const ImVec2 display = ctx->IO.DisplaySize;
    std::string why;
    if (w->ScrollbarX) {
        // Scrolls sideways: whatever is in it can be reached.
    } else if (bb.Min.x < clip.Min.x - tol || bb.Max.x > clip.Max.x + tol) {
        why = "cut off at the side of window '" + std::string(w->Name) + "' " + rect_text(clip);
    } else if (bb.Min.x < -tol || bb.Max.x > display.x + tol) {
        why = "outside the screen's width";
    } else if ((bb.Max.y > clip.Max.y + tol || bb.Min.y < clip.Min.y - tol) &&
               (w->Flags & ImGuiWindowFlags_NoScrollWithMouse)) {
        why = "below or above window '" + std::string(w->Name) + "', which does not scroll";
    }
    if (!why.empty()) g_unreachable.push_back("item " + std::to_string(id) + " " + rect_text(bb) + ": " + why);
}

void remember_label(unsigned int id, const char* label) {
    if (label) g_labels[id] = label;
}

struct Viewport {
    const char* name;
    float width, height;
    bool touch, presenter;
    bool article = false;  ///< the figure alone in a compact pane (App::Mode::article)
};
const Viewport k_viewports[] = {
    {"desktop 1440x900", 1440.0f, 900.0f, false, false},
    {"phone 390x844 with touch", 390.0f, 844.0f, true, false},
    {"the article's pane on that phone, 390x330, compact", 390.0f, 330.0f, true, false, true},
    {"presenter 1280x720", 1280.0f, 720.0f, false, true},
};

/// Ids in the first column of a corpus index (assets/<kind>/index.tsv), header skipped.
std::vector<std::string> index_ids(const std::string& kind) {
    std::ifstream in(std::string(TIDE_ASSETS_DIR) + "/" + kind + "/index.tsv");
    std::vector<std::string> ids;
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line))
        if (!line.empty()) ids.push_back(line.substr(0, line.find('\t')));
    return ids;
}

/// A flat JSON object ({"k": "s", "n": 1.5, "b": true, "a": ["x", "y"], "z": null}) as
/// (key, value in set()'s text form) pairs in order; arrays joined with commas as the page does.
std::vector<std::pair<std::string, std::string>> parse_flat_json(const std::string& json) {
    std::vector<std::pair<std::string, std::string>> out;
    std::size_t i = 1;
    auto read_string = [&]() {
        std::string s;
        ++i;  // opening quote
        while (json[i] != '"') {
            if (json[i] == '\\') ++i;
            s += json[i++];
        }
        ++i;
        return s;
    };
    while (i < json.size() && json[i] != '}') {
        if (json[i] == ',') ++i;
        const std::string key = read_string();
        ++i;  // colon
        std::string value;
        if (json[i] == '"') {
            value = read_string();
        } else if (json[i] == '[') {
            ++i;
            while (json[i] != ']') {
                if (json[i] == ',') ++i;
                value += (value.empty() ? "" : ",") + read_string();
            }
            ++i;
        } else {
            const std::size_t end = json.find_first_of(",}", i);
            value = json.substr(i, end - i);
            i = end;
        }
        out.emplace_back(key, value);
    }
    return out;
}

std::string number_text(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

/// The app over the real assets, drawn headless.
class Host {
public:
    Host() {
        IMGUI_CHECKVERSION();
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.LogFilename = nullptr;
        // ImGui 1.86 reads keys through the backend's key map: give the keys the app uses codes.
        io.KeyMap[ImGuiKey_UpArrow] = 1;
        io.KeyMap[ImGuiKey_DownArrow] = 2;
        io.KeyMap[ImGuiKey_Space] = 3;
        io.KeyMap[ImGuiKey_LeftArrow] = 4;
        io.KeyMap[ImGuiKey_RightArrow] = 5;
        app = std::make_unique<app::App>(TIDE_ASSETS_DIR, textures, nullptr);
        build_fonts();
        tide_imgui::set_assert_handler(throw_on_assert);
        tide_imgui::set_item_handlers(check_item, remember_label);
    }
    ~Host() {
        tide_imgui::set_item_handlers(nullptr, nullptr);
        tide_imgui::set_assert_handler(nullptr);
        app.reset();
        ImGui::DestroyContext();
    }
    Host(const Host&) = delete;
    Host& operator=(const Host&) = delete;

    void use(const Viewport& v) {
        viewport = v;
        REQUIRE(app->set("touch", v.touch ? "true" : "false").ok());
        REQUIRE(app->set("presenter", v.presenter ? "true" : "false").ok());
        REQUIRE(app->set("compact", v.article ? "true" : "false").ok());
        app->set_mode(v.article ? tide::app::App::Mode::article : tide::app::App::Mode::explore);
    }

    /// One frame; the items that could not be reached, as messages.
    std::vector<std::string> frame() {
        if (app->fonts_changed()) build_fonts();
        ImGuiIO& io = ImGui::GetIO();
        io.DisplaySize = ImVec2(viewport.width, viewport.height);
        io.DeltaTime = 1.0f / 30.0f;
        g_unreachable.clear();
        ImGui::NewFrame();
        GImGui->TestEngineHookItems = true;
        app->frame();
        GImGui->TestEngineHookItems = false;
        ImGui::Render();
        return g_unreachable;
    }

    /// A key pressed for one frame and released on the next.
    void press(ImGuiKey key) {
        ImGuiIO& io = ImGui::GetIO();
        io.KeysDown[io.KeyMap[key]] = true;
        frame();
        io.KeysDown[io.KeyMap[key]] = false;
        frame();
    }

    NullTextures textures;
    std::unique_ptr<app::App> app;
    Viewport viewport = k_viewports[0];

private:
    void build_fonts() {
        app->load_fonts(1.0f);
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
        ImGui::GetIO().Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(-1)));
    }
};

/// Draws `frames` frames and checks what they drew and report.
void draw_and_check(Host& host, const std::string& what, int frames) {
    std::vector<std::string> unreachable;
    for (int i = 0; i < frames; ++i) unreachable = host.frame();
    INFO(what);
    for (const std::string& u : unreachable) {
        if (std::getenv("TIDE_DEBUG")) std::fprintf(stderr, "%s: %s\n", what.c_str(), u.c_str());
        const std::size_t id_end = u.find(' ', 5);
        const auto label = g_labels.find(static_cast<ImGuiID>(std::stoul(u.substr(5, id_end - 5))));
        FAIL_CHECK(u << (label != g_labels.end() ? " ('" + label->second + "')" : std::string()));
    }
    // The last frame's layout items (images, plots, buttons) lie within the screen's width.
    const auto layout = host.app->layout_json();
    for (std::size_t at = layout.find("\"x\":"); at != std::string::npos; at = layout.find("\"x\":", at + 1)) {
        const double x = std::stod(layout.substr(at + 4));
        const double w = std::stod(layout.substr(layout.find("\"w\":", at) + 4));
        CHECK(x >= -1.0);
        CHECK(x + w <= host.viewport.width + 1.0);
    }
    // The app's recorder holds what this frame plotted (the CSV download).
    CHECK(host.app->data_csv().rfind("plot,series,x_name,y_name,x,y\n", 0) == 0);
    // No readout is NaN or infinite (state() writes those as null). The microphone's numbers
    // are null by design until it has heard something, and natively it hears nothing.
    const std::string state = host.app->state_json();
    if (state.find("\"fig\":\"microphone\"") == std::string::npos) {
        INFO(state);
        CHECK(state.find("null") == std::string::npos);
    }
}

/// How far the figure's own window (the app's child window "figure") could scroll down in the
/// last frame; -1 if there is none.
float figure_scroll_max() {
    for (const ImGuiWindow* w : GImGui->Windows)
        if (w->Active && std::string(w->Name).find("/figure_") != std::string::npos) return w->ScrollMax.y;
    return -1.0f;
}

/// set() texts for a parameter at its minimum, default and maximum (or every choice).
std::vector<std::string> values_to_try(const app::Param& p, const std::string& current) {
    static const std::vector<std::string> images = index_ids("images");
    static const std::vector<std::string> clips = index_ids("audio");
    switch (p.kind) {
        case app::ParamKind::log:
        case app::ParamKind::linear:
        case app::ParamKind::integer:
            return {number_text(p.min), number_text(p.default_value), number_text(p.max)};
        case app::ParamKind::boolean:
            return {"false", "true", p.default_value != 0.0 ? "true" : "false"};
        case app::ParamKind::seed:
            return {"0", number_text(p.max), current};
        case app::ParamKind::choice:
        case app::ParamKind::group: {
            std::vector<std::string> v(p.choices.begin(), p.choices.end());
            v.push_back(current);
            return v;
        }
        case app::ParamKind::image:
            return {images.front(), images.back(), current};
        case app::ParamKind::images: {
            std::string first, last;
            for (std::size_t i = 0; i < static_cast<std::size_t>(p.max); ++i) {
                first += (i ? "," : "") + images[i];
                last += (i ? "," : "") + images[images.size() - 1 - i];
            }
            return {images.front(), first, last, current};
        }
        case app::ParamKind::clip:
            return {clips.front(), clips.back(), current};
    }
    return {};
}

/// A value away from the default: the maximum, the other truth value, the last choice or id.
std::string far_value(const app::Param& p) {
    const std::vector<std::string> v = values_to_try(p, "");
    switch (p.kind) {
        case app::ParamKind::boolean:
            return p.default_value != 0.0 ? "false" : "true";
        case app::ParamKind::choice:
        case app::ParamKind::group:
            return p.choices.back();
        case app::ParamKind::seed:
        case app::ParamKind::image:
        case app::ParamKind::clip:
            return v[1];
        default:
            return v[2];  // numbers: the maximum; images: the last ones
    }
}

std::string value_of(const std::string& params_json, const std::string& key) {
    for (const auto& [k, v] : parse_flat_json(params_json))
        if (k == key) return v;
    return "";
}

}  // namespace

TEST_CASE("every figure draws headless at three screen sizes, every parameter at its extremes") {
    Host host;
    const auto figures = app::make_figures();  // the registry's tables (the app holds its own)
    REQUIRE(figures.size() >= 2);
    for (const Viewport& v : k_viewports) {
        host.use(v);
        for (const auto& fig : figures) {
            const std::string id = fig->id();
            const std::string where = id + " at " + v.name;
            REQUIRE(host.app->set("fig", id).ok());
            draw_and_check(host, where, 30);
            if (v.presenter) {
                // At the projector every figure fits the screen as it opens: nothing to scroll.
                INFO(where);
                CHECK(figure_scroll_max() <= 0.5f);
            }
            const std::string defaults = host.app->params_json();
            for (const app::Param& p : fig->params()) {
                for (const std::string& value : values_to_try(p, value_of(defaults, p.key))) {
                    const core::Status status = host.app->set(p.key, value);
                    INFO(where << ": set(" << p.key << ", " << value << ")");
                    REQUIRE(status.ok());
                    if (p.kind != app::ParamKind::images) {
                        // What set() took, params() gives back (numbers in their shortest form).
                        const std::string back = value_of(host.app->params_json(), p.key);
                        if (p.kind == app::ParamKind::log || p.kind == app::ParamKind::linear) {
                            CHECK(std::stod(back) == std::stod(value));
                        } else {
                            CHECK(back == value);
                        }
                    }
                    draw_and_check(host, where + ", " + p.key + "=" + value, 2);
                }
                REQUIRE(host.app->set(p.key, value_of(defaults, p.key)).ok());
            }
            // Back to the defaults (paused animations stay paused: drawn on, they move).
            for (const auto& [key, value] : parse_flat_json(defaults))
                if (key != "fig") REQUIRE(host.app->set(key, value).ok());
        }
    }
}

TEST_CASE("every parameter survives set(), params() and a link; unknown keys are named") {
    Host host;
    const auto figures = app::make_figures();
    for (const auto& fig : figures) {
        const std::string id = fig->id();
        REQUIRE(host.app->set("fig", id).ok());
        host.frame();
        // Move every parameter away from its default (a maximum, the other truth value, the last
        // choice), then read the link.
        for (const app::Param& p : fig->params()) REQUIRE(host.app->set(p.key, far_value(p)).ok());
        const std::string link = host.app->params_json();
        const auto pairs = parse_flat_json(link);
        INFO(id << ": " << link);
        REQUIRE(pairs.size() == fig->params().size() + 1);
        CHECK(pairs.front() == std::make_pair(std::string("fig"), id));
        for (std::size_t i = 0; i < fig->params().size(); ++i) CHECK(pairs[i + 1].first == fig->params()[i].key);
        // Somewhere else, then the link, applied as the page applies it (fig first, in order).
        REQUIRE(host.app->set("fig", id == figures.front()->id() ? figures.back()->id() : figures.front()->id()).ok());
        host.frame();
        for (const auto& [key, value] : pairs) REQUIRE(host.app->set(key, value).ok());
        CHECK(host.app->params_json() == link);
        // Each value set again as params() wrote it changes nothing.
        for (const auto& [key, value] : pairs) REQUIRE(host.app->set(key, value).ok());
        CHECK(host.app->params_json() == link);
        // One message for a key the figure does not have, naming every key it has.
        const core::Status unknown = host.app->set("no_such_key", "1");
        REQUIRE_FALSE(unknown.ok());
        CHECK(unknown.error().find("no_such_key") != std::string::npos);
        for (const app::Param& p : fig->params()) CHECK(unknown.error().find(p.key) != std::string::npos);
        // Out of range is refused and changes nothing.
        for (const app::Param& p : fig->params()) {
            if (p.kind != app::ParamKind::log && p.kind != app::ParamKind::linear) continue;
            CHECK_FALSE(host.app->set(p.key, number_text(p.max * 2 + 1)).ok());
            CHECK_FALSE(host.app->set(p.key, "not a number").ok());
        }
        CHECK(host.app->params_json() == link);
        host.frame();
    }
}

TEST_CASE("up and down move the main slider by a notch, space plays and pauses") {
    Host host;
    for (const auto& fig : app::make_figures()) {
        const std::string id = fig->id();
        INFO(id);
        REQUIRE(host.app->set("fig", id).ok());
        for (const app::Param& p : fig->params()) {
            if (p.play == app::PlayRole::runs) REQUIRE(host.app->set(p.key, "false").ok());
        }
        host.frame();
        for (const app::Param& p : fig->params()) {
            if (!p.is_main) continue;
            // From the middle of the range (geometric on a log scale), a notch down and back up.
            const bool log = p.kind == app::ParamKind::log;
            const double mid = log ? std::sqrt(p.min * p.max) : (p.min + p.max) / 2;
            REQUIRE(host.app->set(p.key, number_text(mid)).ok());
            host.press(ImGuiKey_DownArrow);
            const double down = std::stod(value_of(host.app->params_json(), p.key));
            CHECK(down == Approx(log ? mid * std::pow(10.0, -p.step) : mid - p.step).epsilon(1e-12));
            host.press(ImGuiKey_UpArrow);
            CHECK(std::stod(value_of(host.app->params_json(), p.key)) == Approx(mid).epsilon(1e-12));
            // At the ends it stops (or, for an angle, goes round).
            REQUIRE(host.app->set(p.key, number_text(p.min)).ok());
            host.press(ImGuiKey_DownArrow);
            const double below = std::stod(value_of(host.app->params_json(), p.key));
            CHECK(below == Approx(p.wraps ? p.max - p.step : p.min).epsilon(1e-12));
            // Moving what the animation moves pauses it.
            if (p.is_animated) {
                REQUIRE(host.app->set("playing", "true").ok());
                host.press(ImGuiKey_UpArrow);
                CHECK(value_of(host.app->params_json(), "playing") == "false");
            }
        }
        for (const app::Param& p : fig->params()) {
            if (p.play == app::PlayRole::none) continue;
            const std::string before = value_of(host.app->params_json(), p.key);
            host.press(ImGuiKey_Space);
            CHECK(value_of(host.app->params_json(), p.key) == (before == "true" ? "false" : "true"));
            host.press(ImGuiKey_Space);
            CHECK(value_of(host.app->params_json(), p.key) == before);
        }
    }
}

TEST_CASE("the page learns each figure's keys and words from figures()") {
    Host host;
    const std::string json = host.app->figures_json();
    for (const auto& fig : app::make_figures()) {
        INFO(fig->id());
        CHECK(json.find("{\"id\":\"" + std::string(fig->id()) + "\"") != std::string::npos);
        for (const app::Param& p : fig->params()) {
            CHECK(std::string(p.spoken).size() > 0);
            CHECK(json.find("\"key\":\"" + std::string(p.key) + "\"") != std::string::npos);
        }
        for (const app::Readout& r : fig->readouts()) {
            CHECK(json.find("\"" + std::string(r.key) + "\":") != std::string::npos);
        }
    }
}

TEST_CASE("a clip of another length is named where a mean says how many clips it is over") {
    NullTextures textures;
    app::DiskAssets disk;
    app::AudioStore audio(std::string(TIDE_ASSETS_DIR) + "/audio", textures, disk);
    const std::size_t corpus = audio.clips().size();
    REQUIRE(corpus >= 2);
    std::vector<float> tone(static_cast<std::size_t>(3 * app::k_audio_rate_hz));  // 3 s, the corpus has 2 s
    for (std::size_t i = 0; i < tone.size(); ++i) {
        tone[i] = static_cast<float>(0.3 * std::sin(0.05 * static_cast<double>(i)));
    }
    REQUIRE(audio.add_clip("a long tone", tone, app::k_audio_rate_hz).ok());
    for (const bool mel : {false, true}) {
        const app::MeanCurve& m = mel ? audio.mean_mel_rapsd("") : audio.mean_spectrum("");
        CHECK(m.n_clips == static_cast<int>(corpus));
        REQUIRE(m.left_out.size() == 1);
        CHECK(app::clips_counted(m) == std::to_string(corpus) + " of " + std::to_string(corpus + 1) +
                                           " clips; 'a long tone' left out: other length");
    }
    const app::MeanCurve& speech = audio.mean_spectrum("speech");  // the tone is not speech
    CHECK(speech.left_out.empty());
    CHECK(app::clips_counted(speech) == std::to_string(speech.n_clips) + " clips");
}
