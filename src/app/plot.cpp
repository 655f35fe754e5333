// Plots: axes, ticks, series, markers, legend, hover readout.
#include "plot.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "colormap.hpp"
#include "legend_place.hpp"

namespace tide::app {

ImU32 series_color(std::size_t i) {
    static const ImU32 k_tab10[] = {IM_COL32(31, 119, 180, 255),  IM_COL32(255, 127, 14, 255),
                                    IM_COL32(44, 160, 44, 255),   IM_COL32(214, 39, 40, 255),
                                    IM_COL32(148, 103, 189, 255), IM_COL32(140, 86, 75, 255),
                                    IM_COL32(227, 119, 194, 255), IM_COL32(127, 127, 127, 255),
                                    IM_COL32(188, 189, 34, 255),  IM_COL32(23, 190, 207, 255)};
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

std::string superscript(const std::string& text) {
    static const char* const k_digits[] = {"\u2070", "\u00b9", "\u00b2", "\u00b3", "\u2074",
                                           "\u2075", "\u2076", "\u2077", "\u2078", "\u2079"};
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c >= '0' && c <= '9') {
            out += k_digits[c - '0'];
        } else if (c == '-') {
            out += "\u207b";
        } else if (c == '.') {
            out += "\u00b7";
        } else if (text.compare(i, 3, "\u2212") == 0) {
            out += "\u207b";
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

std::string plain_number(double v, int significant) {
    if (!std::isfinite(v)) return std::isnan(v) ? "n/a" : (v > 0 ? "\u221e" : "\u2212\u221e");
    if (v == 0.0) return "0";
    const std::string sign = v < 0 ? "\u2212" : "";
    const double a = std::abs(v);
    // Rounded to its significant digits first, so that 99,960 reads 100,000 and not 99,960.0.
    const int e0 = static_cast<int>(std::floor(std::log10(a)));
    const double scale = std::pow(10.0, e0 - significant + 1);
    const double r = std::round(a / scale) * scale;
    const int e = static_cast<int>(std::floor(std::log10(r)));
    char buf[48];
    if (e >= -3 && e < 5) {
        std::snprintf(buf, sizeof buf, "%.*f", std::max(0, significant - 1 - e), r);
        std::string s = buf;
        if (s.find('.') != std::string::npos) {
            while (s.back() == '0') s.pop_back();
            if (s.back() == '.') s.pop_back();
        }
        return sign + s;
    }
    std::snprintf(buf, sizeof buf, "%.*g", significant, r / std::pow(10.0, e));
    std::string m = buf;
    return sign + (m == "1" ? "" : m + "\u00d7") + decade_label(e);
}

/// `format` with a %g conversion ("\u03c3 = %.3g") replaced by the value as plain_number() writes
/// it (1.5\u00d710\u207b\u2075, not 1.5e-05), '%' escaped: a format with no argument left, which ImGui
/// draws as it is. Any other format is returned unchanged.
std::string format_value(const char* format, double value) {
    const std::string f = format;
    const std::size_t start = f.find('%');
    std::size_t i = start == std::string::npos ? f.size() : start + 1;
    int digits = 6;  // printf's default precision
    if (i < f.size() && f[i] == '.') {
        digits = 0;
        for (++i; i < f.size() && f[i] >= '0' && f[i] <= '9'; ++i) digits = digits * 10 + (f[i] - '0');
    }
    if (i < f.size() && f[i] == 'g') {
        std::string out;  // the text around the number, with printf's "%%" as the "%" it prints
        const std::string around = f.substr(0, start) + '\x01' + f.substr(i + 1);
        for (std::size_t k = 0; k < around.size(); ++k) {
            if (around[k] == '\x01') {
                out += plain_number(value, std::max(1, digits));
            } else {
                out += around[k];
                if (around[k] == '%' && k + 1 < around.size() && around[k + 1] == '%') ++k;
            }
        }
        return out;
    }
    char buf[256];
    std::snprintf(buf, sizeof buf, format, value);
    return buf;
}

namespace {

Rgb rgb_of(ImU32 c) {
    return {static_cast<std::uint8_t>((c >> IM_COL32_R_SHIFT) & 0xFF),
            static_cast<std::uint8_t>((c >> IM_COL32_G_SHIFT) & 0xFF),
            static_cast<std::uint8_t>((c >> IM_COL32_B_SHIFT) & 0xFF)};
}

/// `c` with its colour replaced by `rgb`, its alpha kept.
ImU32 with_rgb(ImU32 c, Rgb rgb) {
    return IM_COL32(rgb[0], rgb[1], rgb[2], (c >> IM_COL32_A_SHIFT) & 0xFF);
}

/// One axis: maps data values to pixels (linear or log10) and lays out ticks.
struct Axis {
    bool log = true;
    double lo = 0, hi = 1;  // in axis units: log10(value) on a log axis
    float px_lo = 0, px_hi = 1;

    double unit(double v) const { return log ? std::log10(v) : v; }
    bool drawable(double v) const { return std::isfinite(v) && (!log || v > 0); }
    float operator()(double v) const {
        return px_lo + static_cast<float>((unit(v) - lo) / (hi - lo)) * (px_hi - px_lo);
    }
    double value_at(float px) const {
        const double u = lo + (px - px_lo) / (px_hi - px_lo) * (hi - lo);
        return log ? std::pow(10.0, u) : u;
    }

    struct Tick {
        double value;
        bool major;
        std::string label;
    };
    /// Ticks for labels at least min_spacing_px apart: log axes tick every decade and label
    /// every first, second, third, fifth or tenth as the length allows (minor ticks unlabelled,
    /// and left out where decades are too close for them); linear ones in 1-2-5 steps, two to
    /// six labels as the length allows.
    std::vector<Tick> ticks(float min_spacing_px) const {
        std::vector<Tick> out;
        if (log) {
            const double decade_px = std::abs(px_hi - px_lo) / std::max(1e-9, hi - lo);
            int every = 10;
            for (int k : {1, 2, 3, 5}) {
                if (decade_px * k >= min_spacing_px) {
                    every = k;
                    break;
                }
            }
            const int last_minor = decade_px >= min_spacing_px ? 9 : 1;
            for (int e = static_cast<int>(std::floor(lo)); e <= static_cast<int>(std::ceil(hi)); ++e) {
                for (int m = 1; m <= last_minor; ++m) {
                    const double v = m * std::pow(10.0, e);
                    const double u = std::log10(v);
                    if (u < lo - 1e-9 || u > hi + 1e-9) continue;
                    out.push_back({v, m == 1, m == 1 && e % every == 0 ? decade_label(e) : ""});
                }
            }
        } else {
            const double room = std::abs(px_hi - px_lo) / std::max(1.0f, min_spacing_px);
            const double raw = (hi - lo) / std::clamp(room, 2.0, 6.0);
            const double mag = std::pow(10.0, std::floor(std::log10(raw)));
            const double step = raw / mag < 1.5   ? mag
                                : raw / mag < 3.5 ? 2 * mag
                                : raw / mag < 7.5 ? 5 * mag
                                                  : 10 * mag;
            for (double v = std::ceil(lo / step - 1e-9) * step; v <= hi + 1e-9 * step; v += step) {
                char buf[32];
                std::snprintf(buf, sizeof buf, "%g", std::abs(v) < 1e-12 * step ? 0.0 : v);
                out.push_back({v, true, buf});
            }
        }
        return out;
    }
};

struct Extent {
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    void add(double u) {
        if (std::isfinite(u)) {
            lo = std::min(lo, u);
            hi = std::max(hi, u);
        }
    }
};

/// Axis range from data (in axis units), overridden by explicit limits, padded when empty.
bool fit_axis(Axis& axis, const Extent& data, double min_value, double max_value, bool round_to_quarters) {
    double lo = data.lo, hi = data.hi;
    if (std::isfinite(min_value) && axis.drawable(min_value)) lo = axis.unit(min_value);
    if (std::isfinite(max_value) && axis.drawable(max_value)) hi = axis.unit(max_value);
    if (!(lo <= hi)) return false;
    if (round_to_quarters && axis.log) {
        if (!std::isfinite(min_value)) lo = std::floor(lo * 4.0) / 4.0;
        if (!std::isfinite(max_value)) hi = std::ceil(hi * 4.0) / 4.0;
    }
    if (hi - lo < 1e-12) {
        const double pad = axis.log ? 0.5 : std::max(1e-6, std::abs(lo) * 0.1);
        lo -= pad;
        hi += pad;
    }
    axis.lo = lo;
    axis.hi = hi;
    return true;
}

void dashed_polyline(ImDrawList* dl, const std::vector<ImVec2>& pts, ImU32 color, float thickness, float dash) {
    float carry = 0.0f;  // distance into the current dash period
    for (std::size_t i = 1; i < pts.size(); ++i) {
        ImVec2 a = pts[i - 1];
        const ImVec2 b = pts[i];
        const float len = std::sqrt((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y));
        float done = 0.0f;
        while (done < len) {
            const float step = std::min(len - done, (carry < dash ? dash : 2 * dash) - carry);
            const ImVec2 p(a.x + (b.x - a.x) * (done + step) / len, a.y + (b.y - a.y) * (done + step) / len);
            if (carry < dash) dl->AddLine(a, p, color, thickness);
            a = p;
            done += step;
            carry = std::fmod(carry + step, 2 * dash);
        }
    }
}

std::string csv_text(const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string csv_number(double v) {
    if (!std::isfinite(v)) return std::isnan(v) ? "nan" : (v > 0 ? "inf" : "-inf");
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

}  // namespace

std::string PlotRecorder::csv() const {
    std::string out = "plot,series,x_name,y_name,x,y\n";
    for (const Recorded& p : plots_) {
        const std::string head = csv_text(p.id) + ",";
        const std::string names = "," + csv_text(p.axes.x_title) + "," + csv_text(p.axes.y_title) + ",";
        for (std::size_t k = 0; k < p.series.size(); ++k) {
            const Series& s = p.series[k];
            const std::string name = csv_text(s.label.empty() ? "series " + std::to_string(k + 1) : s.label);
            for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i)
                out += head + name + names + csv_number(s.x[i]) + "," + csv_number(s.y[i]) + "\n";
        }
        for (const Marker& m : p.axes.markers)
            out += head + csv_text("marker: " + m.label) + names + csv_number(m.x) + ",\n";
    }
    return out;
}

void plot(PlotRecorder& recorder, const char* id, ImVec2 size, const std::vector<Series>& series,
          const PlotAxes& axes) {
    recorder.record(id, series, axes);
    ImGui::PushID(id);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("plot", size);
    const bool hovered = ImGui::IsItemHovered() || ImGui::IsItemActive();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float fs = ImGui::GetFontSize();
    const ImU32 ink = ImGui::GetColorU32(ImGuiCol_Text);
    const ImU32 background = ImGui::GetColorU32(ImGuiCol_WindowBg);
    const ImU32 faint = ImGui::GetColorU32(ImGuiCol_Text, 0.12f);
    const ImU32 fainter = ImGui::GetColorU32(ImGuiCol_Text, 0.05f);
    const ImU32 mid = ImGui::GetColorU32(ImGuiCol_Text, 0.55f);

    Axis ax{axes.x_log}, ay{axes.y_log};
    Extent ex, ey;
    for (const Series& s : series) {
        for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
            if (ax.drawable(s.x[i]) && ay.drawable(s.y[i])) {
                ex.add(ax.unit(s.x[i]));
                ey.add(ay.unit(s.y[i]));
            }
        }
    }
    const bool ok =
        fit_axis(ax, ex, axes.x_min, axes.x_max, false) && fit_axis(ay, ey, axes.y_min, axes.y_max, !axes.image);
    const float left = origin.x + fs * 4.2f, right = origin.x + size.x - fs * 0.8f;
    // The y title sits above the frame's top-left corner, wrapped to the plot's width (on a
    // phone a long one would run into what stands beside the plot, a colour bar say).
    const float y_title_x = std::max(origin.x, left - fs * 2.0f);
    const float y_title_w = std::max(4.0f * fs, origin.x + size.x - y_title_x);
    const float y_title_h = ImGui::CalcTextSize(axes.y_title.c_str(), nullptr, false, y_title_w).y;
    const float top = origin.y + std::max(fs * 1.6f, y_title_h + fs * 0.6f);
    // The legend goes inside the frame, unless it would take much of it (long names in a small
    // plot: an embed, a phone): then in lines below the x title, as many entries to a line as
    // fit, and the frame gives up that height.
    float legend_w = 0;
    int entries = 0;
    for (const Series& s : series) {
        if (s.label.empty()) continue;
        legend_w = std::max(legend_w, ImGui::CalcTextSize(s.label.c_str()).x);
        ++entries;
    }
    const float box_w = legend_w + fs * 2.2f, box_h = static_cast<float>(entries) * fs * 1.25f, inset = fs * 0.2f;
    // The x title, wrapped to the plot's width where it is wider (a narrow plot beside another:
    // it would run under its neighbour); its extra lines come out of the frame's height.
    const float x_title_wrap = std::max(4.0f * fs, size.x - fs);
    const ImVec2 x_title_size = ImGui::CalcTextSize(axes.x_title.c_str(), nullptr, false, x_title_wrap);
    const float x_title_extra = std::max(0.0f, x_title_size.y - ImGui::GetTextLineHeight());
    const float full_bottom = origin.y + size.y - fs * 3.0f - x_title_extra;
    const float below_x = origin.x + fs * 0.5f, below_w = size.x - fs * 0.5f;  // the lines below
    const auto entry_w = [&](const Series& s) { return fs * 2.6f + ImGui::CalcTextSize(s.label.c_str()).x; };
    int below_lines = 0;
    if (entries > 0 && (box_w > 0.55f * (right - left) || box_h > 0.45f * (full_bottom - top))) {
        float x = below_w;  // starts a line
        for (const Series& s : series) {
            if (s.label.empty()) continue;
            if (x + entry_w(s) > below_w && x > 0) {
                ++below_lines;
                x = 0;
            }
            x += entry_w(s);
        }
        if (full_bottom - static_cast<float>(below_lines) * fs * 1.25f - top < 60) below_lines = 0;  // no room
    }
    const bool legend_below = below_lines > 0;
    const float bottom = full_bottom - static_cast<float>(below_lines) * fs * 1.25f;
    if (!ok || right - left < 40 || bottom - top < 40) {
        dl->AddText(ImVec2(origin.x + fs, origin.y + fs), mid, ok ? "(too small to draw)" : "no data to plot yet");
        ImGui::PopID();
        return;
    }
    ax.px_lo = left;
    ax.px_hi = right;
    ay.px_lo = bottom;
    ay.px_hi = top;
    dl->AddRectFilled(ImVec2(left, top), ImVec2(right, bottom), ImGui::GetColorU32(ImGuiCol_FrameBg, 0.35f));
    if (axes.image) dl->AddImage(axes.image, ImVec2(left, top), ImVec2(right, bottom));

    for (const auto& t : ax.ticks(3.5f * fs)) {
        const float px = ax(t.value);
        dl->AddLine(ImVec2(px, top), ImVec2(px, bottom), t.major ? faint : fainter);
        dl->AddLine(ImVec2(px, bottom), ImVec2(px, bottom + (t.major ? fs * 0.4f : fs * 0.2f)), mid);
        if (!t.label.empty()) {
            const ImVec2 ts = ImGui::CalcTextSize(t.label.c_str());
            dl->AddText(ImVec2(px - ts.x * 0.5f, bottom + fs * 0.45f), ink, t.label.c_str());
        }
    }
    const bool dense_y = ay.log && ay.hi - ay.lo > 4;
    for (const auto& t : ay.ticks(1.8f * fs)) {
        const float py = ay(t.value);
        if (t.major || !dense_y) dl->AddLine(ImVec2(left, py), ImVec2(right, py), t.major ? faint : fainter);
        dl->AddLine(ImVec2(left - (t.major ? fs * 0.4f : fs * 0.2f), py), ImVec2(left, py), mid);
        if (!t.label.empty()) {
            const ImVec2 ts = ImGui::CalcTextSize(t.label.c_str());
            dl->AddText(ImVec2(left - fs * 0.55f - ts.x, py - ts.y * 0.5f), ink, t.label.c_str());
        }
    }
    dl->AddRect(ImVec2(left, top), ImVec2(right, bottom), mid);
    const float x_title_x = std::max(origin.x, (left + right - x_title_size.x) * 0.5f);
    dl->AddText(ImGui::GetFont(), fs, ImVec2(x_title_x, bottom + fs * 1.6f), ink, axes.x_title.c_str(), nullptr,
                x_title_wrap);
    // The y title, rotated text being unavailable, sits above the frame's top-left corner.
    dl->AddText(ImGui::GetFont(), ImGui::GetFontSize(), ImVec2(y_title_x, origin.y), ink, axes.y_title.c_str(), nullptr,
                y_title_w);

    dl->PushClipRect(ImVec2(left, top), ImVec2(right, bottom), true);
    std::vector<ImVec2> pts;
    std::vector<std::vector<PixelPoint>> drawn;  // what the legend should not cover
    std::vector<float> marker_xs;
    std::vector<PixelBox> label_boxes;  // the markers' words
    for (const Series& s : series) {
        const float thickness = s.thickness * recorder.line_scale();
        // A point that cannot be drawn (NaN, or <= 0 on a log axis) breaks the line.
        auto flush = [&]() {
            if (s.style == LineStyle::points) {
                for (const ImVec2& p : pts) drawn.push_back({{p.x, p.y}});
            } else if (!pts.empty()) {
                drawn.emplace_back();
                for (const ImVec2& p : pts) drawn.back().push_back({p.x, p.y});
            }
            switch (s.style) {
                case LineStyle::solid:
                    if (pts.size() >= 2)
                        dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), s.color, 0, thickness);
                    break;
                case LineStyle::dashed:
                    dashed_polyline(dl, pts, s.color, thickness, fs * 0.5f);
                    break;
                case LineStyle::points:
                    for (const ImVec2& p : pts) dl->AddCircleFilled(p, thickness, s.color);
                    break;
            }
            pts.clear();
        };
        for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
            if (ax.drawable(s.x[i]) && ay.drawable(s.y[i])) {
                pts.emplace_back(ax(s.x[i]), ay(s.y[i]));
            } else {
                flush();
            }
        }
        flush();
    }
    for (const Marker& m : axes.markers) {
        if (!ax.drawable(m.x)) continue;
        const float px = ax(m.x);
        // Legible on this theme's background: the line at 3:1, its words at 4.5:1 (WCAG).
        const ImU32 asked = m.color != 0 ? m.color : ImGui::GetColorU32(ImGuiCol_Text, 0.8f);
        const ImU32 color = with_rgb(asked, legible_on(rgb_of(asked), rgb_of(background), 3.0));
        const ImU32 words_color = with_rgb(asked, legible_on(rgb_of(asked), rgb_of(background), 4.5)) | IM_COL32_A_MASK;
        dl->AddLine(ImVec2(px, top), ImVec2(px, bottom), color, 2.0f);
        marker_xs.push_back(px);
        if (!m.label.empty()) {
            const ImVec2 ts = ImGui::CalcTextSize(m.label.c_str());
            // Right or left of the line (where it fits, never out of the plot: narrow plots), at
            // the bottom or the top, wherever the curves drawn so far pass through least; on a
            // veil of the background, so a curve under it does not cross the letters.
            const float right_x =
                px + ts.x + fs * 0.6f < right ? px + fs * 0.3f : std::max(left + fs * 0.3f, px - ts.x - fs * 0.3f);
            const float left_x = px - ts.x - fs * 0.3f > left ? px - ts.x - fs * 0.3f : right_x;
            const float low_y = bottom - ts.y - fs * 0.3f, high_y = top + fs * 0.3f;
            const ImVec2 spots[] = {{right_x, low_y}, {left_x, low_y}, {right_x, high_y}, {left_x, high_y}};
            ImVec2 best = spots[0];
            std::size_t fewest = std::numeric_limits<std::size_t>::max();
            for (const ImVec2& at : spots) {
                std::size_t inside = 0;
                for (const auto& line : drawn)
                    for (const PixelPoint& q : line)
                        if (q.x >= at.x - 2 && q.x <= at.x + ts.x + 2 && q.y >= at.y - 2 && q.y <= at.y + ts.y + 2)
                            ++inside;
                const PixelBox here{at.x - 2, at.y, at.x + ts.x + 2, at.y + ts.y};
                for (const PixelBox& l : label_boxes)
                    if (boxes_overlap(here, l)) inside += k_label_weight;  // never on another label
                if (inside < fewest) {
                    fewest = inside;
                    best = at;
                }
            }
            const float lx = best.x, ly = best.y;
            dl->AddRectFilled(ImVec2(lx - 2, ly), ImVec2(lx + ts.x + 2, ly + ts.y),
                              ImGui::GetColorU32(ImGuiCol_WindowBg, 0.92f));
            dl->AddText(ImVec2(lx, ly), words_color, m.label.c_str());
            // So that the legend keeps clear of it too.
            label_boxes.push_back({lx - 2, ly, lx + ts.x + 2, ly + ts.y});
        }
    }
    dl->PopClipRect();

    // Legend: below the plot (see above), or inside the frame in the corner its curves, marker
    // lines and labels cross least (legend_place.hpp); top-right when that is as good as any.
    // Each entry's sample is drawn as its series is: a dot, a line, or a dashed line.
    // A sample nearly invisible on the legend's background (under 1.6:1: a black contour on the
    // dark theme, drawn black because it lies on a colour map) gets a halo of the text's colour.
    const auto entry = [&](const Series& s, float x, float y) {
        const ImVec2 a(x, y + fs * 0.55f), b(x + fs * 1.2f, y + fs * 0.55f);
        if (contrast_ratio(rgb_of(s.color), rgb_of(background)) < 1.6) {
            dl->AddRectFilled(ImVec2(a.x - 2, a.y - 3.5f), ImVec2(b.x + 2, b.y + 3.5f), ink, 2.0f);
        }
        if (s.style == LineStyle::points) {
            dl->AddCircleFilled(ImVec2(x + fs * 0.6f, y + fs * 0.55f), fs * 0.25f, s.color);
        } else if (s.style == LineStyle::dashed) {
            dashed_polyline(dl, {a, b}, s.color, 3.0f, fs * 0.3f);
        } else {
            dl->AddLine(a, b, s.color, 3.0f);
        }
        dl->AddText(ImVec2(x + fs * 1.6f, y), ink, s.label.c_str());
    };
    if (legend_below) {
        float x = 0, y = bottom + fs * 2.9f + x_title_extra;
        for (const Series& s : series) {
            if (s.label.empty()) continue;
            if (x > 0 && x + entry_w(s) > below_w) {
                x = 0;
                y += fs * 1.25f;
            }
            entry(s, below_x + x, y);
            x += entry_w(s);
        }
    } else {
        const PixelBox frame{left, top, right, bottom};
        const PixelBox box =
            corner_box(frame, least_covered_corner(drawn, marker_xs, label_boxes, frame, box_w, box_h, inset), box_w,
                       box_h, inset);
        float ly = box.y0 + fs * 0.05f;
        const float lx = box.x0 + fs * 0.2f;
        for (const Series& s : series) {
            if (s.label.empty()) continue;
            dl->AddRectFilled(ImVec2(lx - fs * 0.2f, ly - fs * 0.05f), ImVec2(box.x1, ly + fs * 1.2f),
                              ImGui::GetColorU32(ImGuiCol_WindowBg, 0.85f));
            entry(s, lx, ly);
            ly += fs * 1.25f;
        }
    }

    // Readout: crosshair and, for each series, the point nearest the cursor's x.
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    if (hovered && mouse.x >= left && mouse.x <= right && mouse.y >= top && mouse.y <= bottom) {
        dl->AddLine(ImVec2(mouse.x, top), ImVec2(mouse.x, bottom), mid);
        const double xv = ax.value_at(mouse.x);
        ImGui::BeginTooltip();
        ImGui::Text("%s", axes.x_title.c_str());
        ImGui::SameLine();
        ImGui::Text(axes.x_format, xv);
        for (const Series& s : series) {
            std::size_t best = s.x.size();
            double best_d = std::numeric_limits<double>::infinity();
            for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
                if (!ax.drawable(s.x[i]) || !ay.drawable(s.y[i])) continue;
                const double d = std::abs(ax.unit(s.x[i]) - ax.unit(xv));
                if (d < best_d) {
                    best_d = d;
                    best = i;
                }
            }
            if (best == s.x.size() || s.label.empty()) continue;
            dl->AddCircleFilled(ImVec2(ax(s.x[best]), ay(s.y[best])), fs * 0.25f, s.color);
            ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(s.color), "%s:", s.label.c_str());
            ImGui::SameLine();
            char xbuf[32], ybuf[32];
            std::snprintf(xbuf, sizeof xbuf, axes.x_format, s.x[best]);
            std::snprintf(ybuf, sizeof ybuf, axes.y_format, s.y[best]);
            ImGui::Text("%s \u2192 %s", xbuf, ybuf);
        }
        ImGui::EndTooltip();
    }
    ImGui::PopID();
}

}  // namespace tide::app
