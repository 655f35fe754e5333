#include "legend_place.hpp"

#include <algorithm>

namespace tide::app {

namespace {

bool inside(const PixelBox& b, PixelPoint p) {
    return p.x >= b.x0 && p.x <= b.x1 && p.y >= b.y0 && p.y <= b.y1;
}

/// Whether segment a-b meets box b (Liang-Barsky clipping).
bool crosses(const PixelBox& box, PixelPoint a, PixelPoint b) {
    float t0 = 0.0f, t1 = 1.0f;
    const float dx = b.x - a.x, dy = b.y - a.y;
    const float p[4] = {-dx, dx, -dy, dy};
    const float q[4] = {a.x - box.x0, box.x1 - a.x, a.y - box.y0, box.y1 - a.y};
    for (int i = 0; i < 4; ++i) {
        if (p[i] == 0.0f) {
            if (q[i] < 0.0f) return false;  // parallel to this edge and outside it
            continue;
        }
        const float t = q[i] / p[i];
        if (p[i] < 0.0f) {
            t0 = std::max(t0, t);
        } else {
            t1 = std::min(t1, t);
        }
        if (t0 > t1) return false;
    }
    return true;
}

}  // namespace

bool boxes_overlap(const PixelBox& a, const PixelBox& b) {
    return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

PixelBox corner_box(PixelBox frame, int corner, float w, float h, float inset) {
    const bool right = corner == 0 || corner == 2, top = corner < 2;
    const float x0 = right ? frame.x1 - inset - w : frame.x0 + inset;
    const float y0 = top ? frame.y0 + inset : frame.y1 - inset - h;
    return {x0, y0, x0 + w, y0 + h};
}

int least_covered_corner(const std::vector<std::vector<PixelPoint>>& polylines, const std::vector<float>& marker_xs,
                         const std::vector<PixelBox>& labels, PixelBox frame, float w, float h, float inset) {
    int best = 0, best_score = -1;
    for (int corner = 0; corner < 4; ++corner) {
        const PixelBox box = corner_box(frame, corner, w, h, inset);
        int score = 0;
        for (const auto& line : polylines) {
            if (line.size() == 1 && inside(box, line[0])) ++score;
            for (std::size_t i = 1; i < line.size(); ++i) score += crosses(box, line[i - 1], line[i]) ? 1 : 0;
        }
        for (float x : marker_xs) score += x >= box.x0 && x <= box.x1 ? 3 : 0;
        for (const PixelBox& l : labels) score += boxes_overlap(box, l) ? k_label_weight : 0;
        if (best_score < 0 || score < best_score) {
            best = corner;
            best_score = score;
        }
    }
    return best;
}

}  // namespace tide::app
