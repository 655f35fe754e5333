// Log-log plots: axes, ticks, series, legend, hover readout.
#include "plot.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace tide::app {

ImU32 series_color(std::size_t i) {
    static const ImU32 k_tab10[] = {
        IM_COL32(31, 119, 180, 255), IM_COL32(255, 127, 14, 255), IM_COL32(44, 160, 44, 255),
        IM_COL32(214, 39, 40, 255),  IM_COL32(148, 103, 189, 255), IM_COL32(140, 86, 75, 255),
        IM_COL32(227, 119, 194, 255), IM_COL32(127, 127, 127, 255), IM_COL32(188, 189, 34, 255),
        IM_COL32(23, 190, 207, 255)};
    return k_tab10[i % 10];
}

std::string decade_label(int exponent) {
    static const char* const k_digits[] = {"\u2070", "\u00b9", "\u00b2", "\u00b3", "\u2074",
                                           "\u2075", "\u2076", "\u2077", "\u2078", "\u2079"};
    std::string s = "10";
    if (exponent < 0) s += "\u207b";
    const std::string digits = std::to_string(std::abs(exponent));
    for (char d : digits) s += k_digits[d - '0'];
    return s;
}

namespace {

struct Range {
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    void add(double v) {
        if (v > 0 && std::isfinite(v)) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    }
    bool valid() const { return lo <= hi; }
};

/// Maps log10 of a value linearly onto a pixel interval.
struct LogScale {
    double log_lo, log_hi;
    float px_lo, px_hi;
    float operator()(double v) const {
        return px_lo + static_cast<float>((std::log10(v) - log_lo) / (log_hi - log_lo)) * (px_hi - px_lo);
    }
    double inverse(float px) const {
        return std::pow(10.0, log_lo + (px - px_lo) / (px_hi - px_lo) * (log_hi - log_lo));
    }
};

std::string format_value(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", v);
    return buf;
}

}  // namespace

void loglog_plot(const char* id, ImVec2 size, const std::vector<Series>& series, const LogLogAxes& axes) {
    ImGui::PushID(id);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("plot", size);
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float fs = ImGui::GetFontSize();
    const ImU32 ink = ImGui::GetColorU32(ImGuiCol_Text);
    const ImU32 faint = ImGui::GetColorU32(ImGuiCol_Text, 0.12f);
    const ImU32 mid = ImGui::GetColorU32(ImGuiCol_Text, 0.55f);

    Range xr, yr;
    for (const Series& s : series) {
        for (double v : s.x) xr.add(v);
        for (double v : s.y) yr.add(v);
    }
    if (axes.x_min > 0) xr.lo = axes.x_min;
    if (axes.x_max > 0) xr.hi = axes.x_max;
    if (axes.y_min > 0) yr.lo = axes.y_min;
    if (axes.y_max > 0) yr.hi = axes.y_max;
    if (!xr.valid() || !yr.valid()) {
        dl->AddText(ImVec2(origin.x + fs, origin.y + fs), mid, "no data to plot");
        ImGui::PopID();
        return;
    }
    // Whole decades on y (with a little room), exact data range on x.
    double ylo = std::floor(std::log10(yr.lo) * 4.0) / 4.0, yhi = std::ceil(std::log10(yr.hi) * 4.0) / 4.0;
    if (yhi - ylo < 1.0) { ylo -= 0.5; yhi += 0.5; }
    double xlo = std::log10(xr.lo), xhi = std::log10(xr.hi);
    if (xhi - xlo < 1e-9) { xlo -= 0.5; xhi += 0.5; }

    const float left = origin.x + fs * 4.2f, right = origin.x + size.x - fs * 0.8f;
    const float top = origin.y + fs * 1.6f, bottom = origin.y + size.y - fs * 3.0f;
    if (right - left < 40 || bottom - top < 40) {
        ImGui::PopID();
        return;
    }
    const LogScale sx{xlo, xhi, left, right};
    const LogScale sy{ylo, yhi, bottom, top};
    dl->AddRectFilled(ImVec2(left, top), ImVec2(right, bottom), ImGui::GetColorU32(ImGuiCol_FrameBg, 0.35f));

    // Ticks, grid and labels: a major tick per decade, minor ticks at 2..9.
    for (int e = static_cast<int>(std::floor(xlo)); e <= static_cast<int>(std::ceil(xhi)); ++e) {
        for (int m = 1; m <= 9; ++m) {
            const double v = m * std::pow(10.0, e);
            if (std::log10(v) < xlo - 1e-9 || std::log10(v) > xhi + 1e-9) continue;
            const float px = sx(v);
            dl->AddLine(ImVec2(px, top), ImVec2(px, bottom), m == 1 ? faint : ImGui::GetColorU32(ImGuiCol_Text, 0.05f));
            dl->AddLine(ImVec2(px, bottom), ImVec2(px, bottom + (m == 1 ? fs * 0.4f : fs * 0.2f)), mid);
            if (m == 1) {
                const std::string label = decade_label(e);
                const ImVec2 ts = ImGui::CalcTextSize(label.c_str());
                dl->AddText(ImVec2(px - ts.x * 0.5f, bottom + fs * 0.45f), ink, label.c_str());
            }
        }
    }
    for (int e = static_cast<int>(std::floor(ylo)); e <= static_cast<int>(std::ceil(yhi)); ++e) {
        for (int m = 1; m <= 9; ++m) {
            const double v = m * std::pow(10.0, e);
            if (std::log10(v) < ylo - 1e-9 || std::log10(v) > yhi + 1e-9) continue;
            const float py = sy(v);
            if (m == 1 || yhi - ylo <= 4) {
                dl->AddLine(ImVec2(left, py), ImVec2(right, py), m == 1 ? faint : ImGui::GetColorU32(ImGuiCol_Text, 0.05f));
            }
            dl->AddLine(ImVec2(left - (m == 1 ? fs * 0.4f : fs * 0.2f), py), ImVec2(left, py), mid);
            if (m == 1) {
                const std::string label = decade_label(e);
                const ImVec2 ts = ImGui::CalcTextSize(label.c_str());
                dl->AddText(ImVec2(left - fs * 0.55f - ts.x, py - ts.y * 0.5f), ink, label.c_str());
            }
        }
    }
    dl->AddRect(ImVec2(left, top), ImVec2(right, bottom), mid);

    // The x title centred below the tick labels.
    const ImVec2 xts = ImGui::CalcTextSize(axes.x_title.c_str());
    dl->AddText(ImVec2((left + right - xts.x) * 0.5f, bottom + fs * 1.6f), ink, axes.x_title.c_str());

    // Series, clipped to the frame.
    dl->PushClipRect(ImVec2(left, top), ImVec2(right, bottom), true);
    std::vector<ImVec2> pts;
    for (const Series& s : series) {
        pts.clear();
        for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
            if (s.x[i] > 0 && s.y[i] > 0 && std::isfinite(s.y[i])) pts.emplace_back(sx(s.x[i]), sy(s.y[i]));
        }
        if (pts.size() >= 2) dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), s.color, 0, s.thickness);
    }
    dl->PopClipRect();

    // The y title, rotated text being unavailable, sits above the frame's top-left corner.
    dl->AddText(ImVec2(left - fs * 2.0f, origin.y), ink, axes.y_title.c_str());

    // Legend, top-right inside the frame.
    float ly = top + fs * 0.3f;
    float legend_w = 0;
    for (const Series& s : series) legend_w = std::max(legend_w, ImGui::CalcTextSize(s.label.c_str()).x);
    for (const Series& s : series) {
        if (s.label.empty()) continue;
        const float lx = right - legend_w - fs * 2.2f;
        dl->AddRectFilled(ImVec2(lx - fs * 0.2f, ly - fs * 0.05f), ImVec2(right - fs * 0.2f, ly + fs * 1.15f),
                          ImGui::GetColorU32(ImGuiCol_WindowBg, 0.8f));
        dl->AddLine(ImVec2(lx, ly + fs * 0.55f), ImVec2(lx + fs * 1.2f, ly + fs * 0.55f), s.color, 3.0f);
        dl->AddText(ImVec2(lx + fs * 1.6f, ly), ink, s.label.c_str());
        ly += fs * 1.25f;
    }

    // Hover readout: crosshair, nearest point of each series at the cursor's frequency.
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    if (hovered && mouse.x >= left && mouse.x <= right && mouse.y >= top && mouse.y <= bottom) {
        dl->AddLine(ImVec2(mouse.x, top), ImVec2(mouse.x, bottom), mid);
        const double xv = sx.inverse(mouse.x);
        ImGui::BeginTooltip();
        ImGui::Text("%s = %s", axes.x_title.c_str(), format_value(xv).c_str());
        for (const Series& s : series) {
            std::size_t best = s.x.size();
            double best_d = std::numeric_limits<double>::infinity();
            for (std::size_t i = 0; i < s.x.size(); ++i) {
                if (s.x[i] <= 0) continue;
                const double d = std::abs(std::log10(s.x[i]) - std::log10(xv));
                if (d < best_d) { best_d = d; best = i; }
            }
            if (best == s.x.size() || best >= s.y.size()) continue;
            dl->AddCircleFilled(ImVec2(sx(s.x[best]), sy(std::max(s.y[best], 1e-300))), fs * 0.25f, s.color);
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(s.color), "%s", s.label.c_str());
            ImGui::SameLine();
            ImGui::Text("f = %s, power = %s", format_value(s.x[best]).c_str(), format_value(s.y[best]).c_str());
        }
        ImGui::EndTooltip();
    }
    ImGui::PopID();
}

}  // namespace tide::app
