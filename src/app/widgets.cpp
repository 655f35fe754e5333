// Shared widgets of the figures.
#include "widgets.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <type_traits>

#include <imgui_internal.h>

namespace tide::app {

bool image_combo(const char* label, FigureContext& ctx, std::string& id, float width) {
    const ImageStore& store = ctx.store;
    bool changed = false;
    ImGui::SetNextItemWidth(width);
    if (ImGui::BeginCombo(label, store.title(id).c_str(), ImGuiComboFlags_HeightLarge)) {
        for (const CorpusImage& img : store.corpus().images()) {
            if (ImGui::Selectable(img.title.c_str(), img.id == id)) {
                changed = img.id != id;
                id = img.id;
            }
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s (%s)", img.id.c_str(), img.label.c_str());
        }
        if (ctx.pick_images) {
            ImGui::Separator();
            if (ImGui::Selectable("Your own photograph\u2026")) ctx.pick_images();
        }
        ImGui::EndCombo();
    }
    return changed;
}

void show_image(FigureContext& ctx, const Texture& texture, ImVec2 size, const char* kind, const std::string& id) {
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    if (texture) {
        ImGui::Image(texture.id(), size);
    } else {
        ImGui::Dummy(size);
    }
    ctx.layout.push_back({kind, id, p0, ImVec2(p0.x + size.x, p0.y + size.y)});
}

namespace {

bool g_touch_controls = false;  // set_touch_controls
ImRect g_slider_frame;          // the last slider's frame (last_slider_frame)

/// A slider that also takes a typed value after a double click, as after Ctrl+click (Dear ImGui
/// 1.86's sliders know only Ctrl+click): a double click in one frame asks, in the next, for the
/// text input that keyboard navigation would open (NavActivateInputId). Enter applies the value,
/// clamped to the range; Escape leaves it.
template <typename T>
bool typed_slider(const char* label, T& value, T lo, T hi, const char* format, ImGuiSliderFlags flags) {
    static_assert(std::is_same_v<T, double> || std::is_same_v<T, int>, "a double or an int");
    constexpr ImGuiDataType type = std::is_same_v<T, double> ? ImGuiDataType_Double : ImGuiDataType_S32;
    static ImGuiID pending = 0;
    ImGuiContext& g = *ImGui::GetCurrentContext();
    const ImGuiID id = ImGui::GetID(label);
    const bool open_input = pending == id;
    if (open_input) g.NavActivateInputId = id;
    const ImVec2 frame_min = ImGui::GetCursorScreenPos();
    const ImVec2 frame_max(frame_min.x + ImGui::CalcItemWidth(), frame_min.y + ImGui::GetFrameHeight());
    // The text input (opening now or open: a double click, Ctrl+click, or keyboard's Enter) shows
    // and parses the printf format. Otherwise ImGui draws no text, and the value is written as a
    // plain number on the side of the frame away from the grab, which would cover it.
    const ImGuiIO& io = ImGui::GetIO();
    const bool typing = open_input || ImGui::TempInputIsActive(id) || g.NavActivateInputId == id ||
                        (io.KeyCtrl && io.MouseClicked[0] && ImGui::IsMouseHoveringRect(frame_min, frame_max));
    const bool moved =
        ImGui::SliderScalar(label, type, &value, &lo, &hi, typing ? format : "", flags | ImGuiSliderFlags_AlwaysClamp);
    if (open_input) {
        g.NavActivateInputId = 0;
        pending = 0;
    }
    if (!typing && !ImGui::TempInputIsActive(id)) {
        const double at = static_cast<double>(std::clamp(value, lo, hi));
        const double a = static_cast<double>(lo), b = static_cast<double>(hi);
        const double t = (flags & ImGuiSliderFlags_Logarithmic) != 0 && a > 0 ? std::log(at / a) / std::log(b / a)
                                                                              : (b > a ? (at - a) / (b - a) : 0.0);
        std::string text;
        if constexpr (std::is_same_v<T, double>) {
            text = format_value(format, value);
        } else {
            char buf[64];
            std::snprintf(buf, sizeof buf, format, value);
            text = buf;
        }
        const ImVec2 size = ImGui::CalcTextSize(text.c_str());
        const float pad = ImGui::GetStyle().FramePadding.x;
        const float x = t >= 0.5 ? frame_min.x + pad : frame_max.x - pad - size.x;
        const float y = 0.5f * (frame_min.y + frame_max.y - size.y);
        ImDrawList* dl = ImGui::GetWindowDrawList();
        dl->PushClipRect(frame_min, frame_max, true);
        // Where the words are longer than the side has room for, the grab (ImGui's: GrabMinSize
        // wide, or a step's width on a short integer range, 2 px in from the frame's ends) would
        // run under them: a veil of the background keeps them readable over it.
        const float frame_w = frame_max.x - frame_min.x, grab_padding = 2.0f;
        float grab_w = ImGui::GetStyle().GrabMinSize;
        if constexpr (std::is_same_v<T, int>) {
            grab_w = std::max(grab_w, (frame_w - 2.0f * grab_padding) / static_cast<float>(hi - lo + 1));
        }
        const float grab_x = frame_min.x + grab_padding + grab_w * 0.5f +
                             static_cast<float>(t) * (frame_w - 2.0f * grab_padding - grab_w);
        if (x < grab_x + grab_w * 0.5f && grab_x - grab_w * 0.5f < x + size.x) {
            dl->AddRectFilled(ImVec2(x - 3.0f, y - 1.0f), ImVec2(x + size.x + 3.0f, y + size.y + 1.0f),
                              ImGui::GetColorU32(ImGuiCol_WindowBg, 0.85f), 3.0f);
        }
        dl->AddText(ImVec2(x, y), ImGui::GetColorU32(ImGuiCol_Text), text.c_str());
        dl->PopClipRect();
    }
    if (ImGui::IsItemHovered() && ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) pending = id;
    g_slider_frame = ImRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
    return moved;
}

/// The taps of a step button across a slider's range: a hundredth of it (of its logarithm on a
/// logarithmic slider), 1 for an integer slider.
constexpr double k_steps_per_range = 100.0;

/// `value` moved by `direction` (-1 or +1) steps, clamped to lo..hi.
template <typename T>
T stepped(T value, T lo, T hi, int direction, ImGuiSliderFlags flags) {
    if constexpr (std::is_same_v<T, int>) {
        return std::clamp(value + direction, lo, hi);
    } else {
        if ((flags & ImGuiSliderFlags_Logarithmic) != 0 && lo > 0) {
            const double factor = std::pow(hi / lo, 1.0 / k_steps_per_range);
            return std::clamp(direction > 0 ? value * factor : value / factor, lo, hi);
        }
        return std::clamp(value + direction * (hi - lo) / k_steps_per_range, lo, hi);
    }
}

/// typed_slider as a finger wants it: at least 240 px wide (or the line's whole width where that
/// is less, buttons included) between a step-down and a step-up button, which repeat while held;
/// on a line of its own when the one it was put on has no room; its words (the part of `label`
/// before "##") after the buttons, or above them.
template <typename T>
bool touch_slider(const char* label, T& value, T lo, T hi, const char* format, ImGuiSliderFlags flags) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const float button = ImGui::GetFrameHeight(), gap = 4.0f;
    const float line_w = ImGui::GetWindowContentRegionMax().x - ImGui::GetWindowContentRegionMin().x;
    const float width = std::max(ImGui::CalcItemWidth(), std::min(240.0f, line_w - 2.0f * (button + gap)));
    const float row = width + 2.0f * (button + gap);
    const ImGuiWindow* window = ImGui::GetCurrentWindow();
    const bool line_start = window->DC.CursorPos.x <= window->DC.CursorStartPos.x + 0.5f;
    // The words go after the "+" where the line has room for them, else on a line of their own
    // above the slider, as a label (below it they would read as the next control's).
    const char* words_end = ImGui::FindRenderedTextEnd(label);
    const float words_w = words_end > label ? ImGui::CalcTextSize(label, words_end).x + style.ItemInnerSpacing.x : 0.0f;
    const bool words_after = words_w > 0.0f && row + words_w <= line_w;
    if (words_w > 0.0f && !words_after) {
        if (!line_start) ImGui::NewLine();
        ImGui::TextUnformatted(label, words_end);
    } else if (!line_start && ImGui::GetContentRegionAvail().x < row + words_w) {
        ImGui::NewLine();
    }
    const std::string hidden = std::string("##") + label;  // the slider without its words
    ImGui::PushID(label);
    ImGui::PushButtonRepeat(true);
    bool moved = false;
    if (ImGui::Button("\u2212", ImVec2(button, button))) {
        value = stepped(value, lo, hi, -1, flags);
        moved = true;
    }
    ImGui::PopButtonRepeat();
    ImGui::PopID();
    ImGui::SameLine(0.0f, gap);
    ImGui::SetNextItemWidth(width);
    moved = typed_slider(hidden.c_str(), value, lo, hi, format, flags) || moved;
    const ImRect frame = g_slider_frame;
    ImGui::SameLine(0.0f, gap);
    ImGui::PushID(label);
    ImGui::PushButtonRepeat(true);
    if (ImGui::Button("+", ImVec2(button, button))) {
        value = stepped(value, lo, hi, +1, flags);
        moved = true;
    }
    ImGui::PopButtonRepeat();
    ImGui::PopID();
    if (words_after) {
        ImGui::SameLine(0.0f, style.ItemInnerSpacing.x);
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(label, words_end);
    }
    g_slider_frame = frame;
    return moved;
}

template <typename T>
bool any_slider(const char* label, T& value, T lo, T hi, const char* format, ImGuiSliderFlags flags) {
    return g_touch_controls ? touch_slider(label, value, lo, hi, format, flags)
                            : typed_slider(label, value, lo, hi, format, flags);
}

}  // namespace

void set_touch_controls(bool on) {
    g_touch_controls = on;
}

SliderFrame last_slider_frame() {
    return {g_slider_frame.Min, g_slider_frame.Max};
}

bool log_slider(const char* label, double& value, double lo, double hi, const char* format) {
    return any_slider(label, value, lo, hi, format, ImGuiSliderFlags_Logarithmic);
}

bool linear_slider(const char* label, double& value, double lo, double hi, const char* format) {
    return any_slider(label, value, lo, hi, format, ImGuiSliderFlags_None);
}

bool int_slider(const char* label, int& value, int lo, int hi, const char* format, bool logarithmic) {
    return any_slider(label, value, lo, hi, format, logarithmic ? ImGuiSliderFlags_Logarithmic : ImGuiSliderFlags_None);
}

float play_button_width() {
    return std::max(ImGui::GetFrameHeight(), 30.0f) * 3.2f;
}

void same_line_if_fits(float width, float spacing) {
    const float gap = spacing < 0.0f ? ImGui::GetStyle().ItemSpacing.x : spacing;
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    if (ImGui::GetItemRectMax().x + gap + width <= right) ImGui::SameLine(0, spacing);
}

bool play_button(bool& playing) {
    const float h = std::max(ImGui::GetFrameHeight(), 30.0f);
    if (ImGui::Button(playing ? "\u275a\u275a Pause" : "\u25b6 Play", ImVec2(play_button_width(), h))) {
        playing = !playing;
        return true;
    }
    return false;
}

Series spectrum_series(const std::vector<double>& freq, const std::vector<double>& power, std::string label,
                       ImU32 color) {
    Series s;
    s.label = std::move(label);
    s.color = color;
    if (freq.size() > 1) {
        s.x.assign(freq.begin() + 1, freq.end());
        s.y.assign(power.begin() + 1, power.begin() + static_cast<std::ptrdiff_t>(freq.size()));
    }
    return s;
}

Series rapsd_series(const core::Rapsd& rapsd, std::string label, ImU32 color) {
    return spectrum_series(rapsd.freq, rapsd.power, std::move(label), color);
}

Series power_law_series(const core::PowerLawFit& fit, double f_lo, double f_hi, std::string label, ImU32 color) {
    Series line;
    line.label = std::move(label);
    line.color = color;
    line.style = LineStyle::dashed;
    for (double f : {f_lo, f_hi}) {
        line.x.push_back(f);
        line.y.push_back(std::pow(10.0, fit.intercept - fit.alpha * std::log10(f)));
    }
    return line;
}

std::string wrap_at_spaces(const char* text, float width) {
    std::string out, line;
    auto fits = [&](const std::string& s) { return ImGui::CalcTextSize(s.c_str()).x <= width; };
    const char* p = text;
    while (true) {
        const char* end = p;
        while (*end != '\0' && *end != ' ' && *end != '\n') ++end;
        const std::string word(p, end);
        if (line.empty()) {
            line = word;
        } else if (fits(line + " " + word)) {
            line += " " + word;
        } else {
            out += line + "\n";
            line = word;
        }
        if (*end != ' ') {  // the end of a line of the text, or of the text
            out += line;
            line.clear();
            if (*end == '\0') break;
            out += "\n";
        }
        p = end + 1;
    }
    return out;
}

float note_height(const char* text, float wrap_width) {
    return ImGui::CalcTextSize(wrap_at_spaces(text, wrap_width).c_str()).y;
}

float picture_side(const char* text, float height, int rows, int notes, int gaps, float least, float widest) {
    const float spacing = static_cast<float>(gaps) * ImGui::GetStyle().ItemSpacing.y;
    float side = widest;
    for (int round = 0; round < 4; ++round) {  // the side and the note's height settle together
        const float note_h = static_cast<float>(notes) * note_height(text, side);
        side = std::max(least, std::min(widest, (height - note_h - spacing) / static_cast<float>(rows)));
    }
    return side;
}

void note(const char* text, float wrap_width) {
    const float width = wrap_width > 0.0f ? wrap_width : ImGui::GetContentRegionAvail().x;
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    // A word wider than the width still wraps (ImGui's way) rather than running past it.
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    ImGui::TextUnformatted(wrap_at_spaces(text, width).c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
}

PlotAxes rapsd_axes() {
    PlotAxes axes;
    axes.x_title = "frequency (cycles/pixel)";
    axes.y_title = "power |F|\u00b2/(rows\u00b7cols), mean over each ring";
    axes.x_max = 0.5;
    return axes;
}

float image_side(float width, float height, int columns, int rows) {
    const float gap = ImGui::GetStyle().ItemSpacing.x;
    return std::max(48.0f, std::min((width - gap * static_cast<float>(columns - 1)) / static_cast<float>(columns),
                                    (height - gap * static_cast<float>(rows - 1)) / static_cast<float>(rows)));
}

float colour_bar_width() {
    return ImGui::GetFontSize() * 4.5f;
}

float colour_bar(const ColourScale& scale, float height) {
    const float fs = ImGui::GetFontSize();
    const float width = colour_bar_width(), bar = fs * 0.9f;
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
    const float top = p0.y + fs * 1.4f, bottom = p0.y + std::max(height - fs * 0.6f, fs * 3.0f);
    dl->AddText(ImVec2(p0.x, p0.y), text, scale.unit);
    constexpr int kSteps = 64;
    for (int i = 0; i < kSteps; ++i) {  // from the top (hi) down
        const float y0 = top + (bottom - top) * static_cast<float>(i) / kSteps;
        const float y1 = top + (bottom - top) * static_cast<float>(i + 1) / kSteps;
        const auto c = colormap_rgb(scale.map, 1.0 - (i + 0.5) / kSteps);
        dl->AddRectFilled(ImVec2(p0.x, y0), ImVec2(p0.x + bar, y1 + 0.5f), IM_COL32(c[0], c[1], c[2], 255));
    }
    dl->AddRect(ImVec2(p0.x, top), ImVec2(p0.x + bar, bottom), text);
    for (int k = 0; k < 3; ++k) {
        const double v = scale.hi + (scale.lo - scale.hi) * k / 2.0;
        const float y = top + (bottom - top) * static_cast<float>(k) / 2.0f;
        char label[32];
        // A typeset minus sign: a hyphen after the tick mark would read as a double dash.
        std::snprintf(label, sizeof label, "%s%.3g", v < -1e-12 ? "\u2212" : "",
                      std::abs(v) < 1e-12 ? 0.0 : std::abs(v));
        dl->AddLine(ImVec2(p0.x + bar, y), ImVec2(p0.x + bar + fs * 0.3f, y), text);
        dl->AddText(ImVec2(p0.x + bar + fs * 0.4f, y - fs * 0.5f), text, label);
    }
    ImGui::Dummy(ImVec2(width, height));
    return width;
}

}  // namespace tide::app
