// Shared widgets of the sound figures.
#include "audio_widgets.hpp"

#include <algorithm>
#include <cmath>

#include "widgets.hpp"

namespace tide::app {

bool clip_combo(const char* label, AudioStore& audio, std::string& id, float width) {
    bool changed = false;
    ImGui::SetNextItemWidth(width);
    const int current = audio.find(id);
    const std::string preview =
        current >= 0 ? audio.clips()[static_cast<std::size_t>(current)].label + ": " + audio.title(id) : id;
    const bool open = ImGui::BeginCombo(label, preview.c_str(), ImGuiComboFlags_HeightLarge);
    // The box may cut the name: the whole of it on hover.
    if (!open && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", preview.c_str());
    if (open) {
        for (const AudioClipInfo& c : audio.clips()) {
            const std::string text = c.label + ": " + c.title;
            if (ImGui::Selectable(text.c_str(), c.id == id)) {
                changed = c.id != id;
                id = c.id;
            }
        }
        ImGui::EndCombo();
    }
    return changed;
}

bool group_picker(std::string& group) {
    bool changed = false;
    const char* names[3] = {"all clips", "speech", "music"};
    const char* values[3] = {"", "speech", "music"};
    for (int i = 0; i < 3; ++i) {
        if (i > 0) ImGui::SameLine();
        if (ImGui::RadioButton(names[i], group == values[i])) {
            changed = group != values[i];
            group = values[i];
        }
    }
    return changed;
}

bool audio_unavailable(FigureContext& ctx) {
    if (ctx.audio && ctx.audio->error().empty()) return false;
    ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1), "The sound corpus could not be loaded: %s",
                       ctx.audio ? ctx.audio->error().c_str() : "not available");
    return true;
}

namespace {

/// The playhead as a marker of the plot's axes, and in the layout (for tests).
void add_playhead(FigureContext& ctx, PlotAxes& axes, const char* id, double playhead_s) {
    if (playhead_s < 0) return;
    axes.markers.push_back({playhead_s, "", IM_COL32(214, 39, 40, 255)});
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ctx.layout.push_back({"playhead", id, p, p});
}

}  // namespace

void waveform_plot(FigureContext& ctx, const char* id, const AnalysedClip& clip, ImVec2 size, double playhead_s) {
    const int columns = std::max(50, static_cast<int>(size.x));
    Series hi{"", {}, {}, series_color(0), 1.0f}, lo = hi;
    const std::size_t n = clip.samples.size();
    for (int c = 0; c < columns && n > 0; ++c) {
        const std::size_t a = n * static_cast<std::size_t>(c) / static_cast<std::size_t>(columns);
        const std::size_t b = std::max(a + 1, n * static_cast<std::size_t>(c + 1) / static_cast<std::size_t>(columns));
        const auto [mn, mx] = std::minmax_element(clip.samples.begin() + static_cast<std::ptrdiff_t>(a),
                                                  clip.samples.begin() + static_cast<std::ptrdiff_t>(std::min(b, n)));
        const double t = static_cast<double>(a) / k_audio_rate_hz;
        hi.x.push_back(t);
        hi.y.push_back(*mx);
        lo.x.push_back(t);
        lo.y.push_back(*mn);
    }
    PlotAxes axes;
    axes.x_title = "time (s)";
    axes.y_title = "amplitude";
    axes.x_log = axes.y_log = false;
    axes.x_min = 0.0;
    axes.x_max = clip.duration_s();
    axes.y_min = -1.0;
    axes.y_max = 1.0;
    add_playhead(ctx, axes, id, playhead_s);
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    plot(ctx.plots, id, size, {hi, lo}, axes);
    ctx.layout.push_back({"waveform", id, p0, ImVec2(p0.x + size.x, p0.y + size.y)});
}

void image_plot(FigureContext& ctx, const char* id, const char* kind, const std::string& clip_id,
                const Texture& texture, double duration_s, double y0, double y1, const char* y_title, ImVec2 size,
                const ColourScale& scale, double playhead_s) {
    size.x = std::max(size.x - colour_bar_width(), 100.0f);
    PlotAxes axes;
    axes.x_title = "time (s)";
    axes.y_title = y_title;
    axes.x_log = axes.y_log = false;
    axes.x_min = 0.0;
    axes.x_max = duration_s;
    axes.y_min = y0;
    axes.y_max = y1;
    axes.image = texture.id();
    add_playhead(ctx, axes, id, playhead_s);
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    plot(ctx.plots, id, size, {}, axes);
    ctx.layout.push_back({kind, clip_id, p0, ImVec2(p0.x + size.x, p0.y + size.y)});
    ImGui::SameLine(0, ImGui::GetFontSize() * 0.3f);
    colour_bar(scale, size.y - ImGui::GetFontSize() * 2.2f);  // down to the plot's x axis
}

}  // namespace tide::app
