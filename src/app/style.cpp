// Fonts and colours.
#include "style.hpp"

#include "widgets.hpp"

#include <algorithm>
#include <cstdio>

namespace tide::app {

namespace {

/// The characters the figures write: Latin-1 (photo titles and clip names too), Greek, and the
/// few symbols used in labels. Every range costs glyphs in each of the three fonts' atlas, a
/// texture each WebGL context holds (1024x1024 RGBA with whole blocks of symbols, 1024x512
/// with these).
const ImWchar k_ranges[] = {
    0x0020, 0x00FF,  // Basic Latin + Latin-1 (includes the superscripts 1, 2, 3, the middle dot, x)
    0x0391, 0x03C9,  // Greek
    0x2013, 0x2014,  // dashes
    0x2022, 0x2026,  // bullet, ellipsis
    0x2070, 0x208E,  // superscripts and subscripts (digits, signs, parentheses)
    0x2190, 0x2193,  // arrows
    0x220F, 0x220F,  // n-ary product
    0x2211, 0x2212,  // n-ary sum, minus
    0x221A, 0x221A,  // square root
    0x221D, 0x221E,  // proportional to, infinity
    0x2248, 0x2248,  // almost equal
    0x2264, 0x2265,  // less or equal, greater or equal
    0x22C5, 0x22C5,  // dot operator
    0x25A0, 0x25A0,  // black square (stop)
    0x25B2, 0x25B2,  // up-pointing triangle
    0x25B6, 0x25B6,  // right-pointing triangle (play)
    0x25BC, 0x25BC,  // down-pointing triangle
    0x25CF, 0x25CF,  // black circle
    0x2758, 0x275A,  // vertical bars (pause)
    0,
};

bool file_exists(const char* path) {
    if (FILE* f = std::fopen(path, "rb")) {
        std::fclose(f);
        return true;
    }
    return false;
}

ImFont* add_font(const char* dir, const char* file, float px, float dpr) {
    char path[512];
    std::snprintf(path, sizeof path, "%s/%s", dir, file);
    ImGuiIO& io = ImGui::GetIO();
    if (!file_exists(path)) return nullptr;
    ImFontConfig cfg;
    cfg.OversampleH = 2;
    cfg.OversampleV = 1;
    ImFont* font = io.Fonts->AddFontFromFileTTF(path, px * dpr, &cfg, k_ranges);
    return font;
}

}  // namespace

Fonts load_fonts(const char* fonts_dir, float base_px, float dpr) {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    Fonts f;
    f.body = add_font(fonts_dir, "DejaVuSans.ttf", base_px, dpr);
    f.bold = add_font(fonts_dir, "DejaVuSans-Bold.ttf", base_px, dpr);
    f.title = add_font(fonts_dir, "DejaVuSans-Bold.ttf", base_px * 1.6f, dpr);
    if (!f.body) {
        f.body = io.Fonts->AddFontDefault();
        io.FontGlobalScale = 1.0f;
    } else {
        io.FontGlobalScale = 1.0f / dpr;
    }
    if (!f.bold) f.bold = f.body;
    if (!f.title) f.title = f.bold;
    io.FontDefault = f.body;
    return f;
}

void apply_style(const Look& look) {
    set_touch_controls(look.touch);
    ImGuiStyle& s = ImGui::GetStyle();
    s = ImGuiStyle();  // sizes from scratch, so switching looks never compounds
    if (look.dark) {
        ImGui::StyleColorsDark();
    } else {
        ImGui::StyleColorsLight();
    }
    s.WindowRounding = 0.0f;
    s.FrameRounding = 4.0f;
    s.GrabRounding = 4.0f;
    s.WindowPadding = ImVec2(16, 12);
    s.FramePadding = ImVec2(8, 5);
    s.ItemSpacing = ImVec2(10, 8);
    s.ScrollbarSize = 14.0f;
    if (look.compact) {
        s.WindowPadding = ImVec2(8, 6);
        s.ItemSpacing = ImVec2(8, 6);
    }
    if (look.touch) {
        // A finger needs about 44 CSS pixels (36 in a compact pane, still well above WCAG's 24):
        // frame height = font size + 2 * FramePadding.y.
        const float target = look.compact ? 36.0f : 44.0f;
        s.FramePadding = ImVec2(look.compact ? 8.0f : 12.0f, std::max(5.0f, (target - look.font_px()) / 2));
        s.ItemSpacing = look.compact ? ImVec2(8, 6) : ImVec2(12, 10);
        s.ScrollbarSize = look.compact ? 18.0f : 24.0f;
        s.GrabMinSize = 28.0f;
        s.TouchExtraPadding = ImVec2(4, 4);
    }
    ImVec4* c = s.Colors;
    const ImVec4 accent(0.16f, 0.45f, 0.75f, 1.0f);
    auto tint = [&](float a) { return ImVec4(accent.x, accent.y, accent.z, a); };
    if (look.dark) {
        c[ImGuiCol_WindowBg] = ImVec4(0.09f, 0.10f, 0.11f, 1.0f);
        c[ImGuiCol_Text] = look.presenter ? ImVec4(1, 1, 1, 1) : ImVec4(0.90f, 0.91f, 0.92f, 1.0f);
        c[ImGuiCol_TextDisabled] = ImVec4(0.62f, 0.64f, 0.67f, 1.0f);
        c[ImGuiCol_FrameBg] = ImVec4(0.20f, 0.22f, 0.25f, 1.0f);
        c[ImGuiCol_Header] = tint(0.45f);
        c[ImGuiCol_HeaderHovered] = tint(0.60f);
        c[ImGuiCol_HeaderActive] = tint(0.75f);
        c[ImGuiCol_Button] = tint(0.40f);
        c[ImGuiCol_ButtonHovered] = tint(0.60f);
        c[ImGuiCol_ButtonActive] = tint(0.80f);
    } else {
        c[ImGuiCol_WindowBg] = look.presenter ? ImVec4(1, 1, 1, 1) : ImVec4(0.985f, 0.985f, 0.98f, 1.0f);
        c[ImGuiCol_Text] = look.presenter ? ImVec4(0, 0, 0, 1) : ImVec4(0.12f, 0.13f, 0.15f, 1.0f);
        c[ImGuiCol_TextDisabled] =
            look.presenter ? ImVec4(0.25f, 0.26f, 0.28f, 1.0f) : ImVec4(0.42f, 0.44f, 0.47f, 1.0f);
        c[ImGuiCol_FrameBg] = ImVec4(0.92f, 0.93f, 0.94f, 1.0f);
        c[ImGuiCol_Header] = tint(0.18f);
        c[ImGuiCol_HeaderHovered] = tint(0.30f);
        c[ImGuiCol_HeaderActive] = tint(0.45f);
        c[ImGuiCol_Button] = tint(0.14f);
        c[ImGuiCol_ButtonHovered] = tint(0.28f);
        c[ImGuiCol_ButtonActive] = tint(0.42f);
    }
    // A slider's value text is drawn over its grab: a see-through grab keeps "σ = 0.3" legible
    // wherever the grab sits (it darkens as it is held).
    c[ImGuiCol_SliderGrab] = tint(look.dark ? 0.55f : 0.38f);
    c[ImGuiCol_SliderGrabActive] = tint(look.dark ? 0.75f : 0.55f);
    c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
}

ImU32 ink_color(float alpha) {
    return ImGui::GetColorU32(ImGuiCol_Text, alpha);
}

}  // namespace tide::app
