// What the Figure base class derives from a figure's parameter table: state, set(), nudges,
// play/pause and the figure's description for the page (figure.hpp).
#include "figure.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdio>

#include "params.hpp"
#include "widgets.hpp"

namespace tide::app {

namespace {

constexpr double k_seed_max = 4294967295.0;  // seeds are 32-bit, as `tide noisy --seed` takes them

Param base_row(const char* key, ParamKind kind, const char* spoken) {
    Param p;
    p.key = key;
    p.kind = kind;
    p.spoken = spoken;
    return p;
}

std::string json_number_text(double v) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return buf;
}

}  // namespace

const char* param_kind_name(ParamKind kind) {
    switch (kind) {
        case ParamKind::log:
            return "log";
        case ParamKind::linear:
            return "linear";
        case ParamKind::integer:
            return "int";
        case ParamKind::boolean:
            return "bool";
        case ParamKind::seed:
            return "seed";
        case ParamKind::choice:
            return "choice";
        case ParamKind::image:
            return "image";
        case ParamKind::images:
            return "images";
        case ParamKind::clip:
            return "clip";
        case ParamKind::group:
            return "group";
    }
    return "";
}

Param Param::log(const char* key, double& value, double min, double max, double def, const char* format,
                 const char* spoken) {
    Param p = linear(key, value, min, max, def, format, spoken);
    p.kind = ParamKind::log;
    return p;
}

Param Param::linear(const char* key, double& value, double min, double max, double def, const char* format,
                    const char* spoken) {
    Param p = base_row(key, ParamKind::linear, spoken);
    p.number = &value;
    p.min = min;
    p.max = max;
    p.default_value = def;
    p.format = format;
    return p;
}

Param Param::integer(const char* key, double& value, double min, double max, double def, const char* spoken) {
    Param p = linear(key, value, min, max, def, "%.0f", spoken);
    p.kind = ParamKind::integer;
    return p;
}

Param Param::boolean(const char* key, bool& value, bool def, const char* spoken) {
    Param p = base_row(key, ParamKind::boolean, spoken);
    p.flag = &value;
    p.max = 1.0;
    p.default_value = def ? 1.0 : 0.0;
    return p;
}

Param Param::playing(bool& value, bool def) {
    Param p = boolean("playing", value, def, "playing");
    p.play = PlayRole::runs;
    return p;
}

Param Param::choice(const char* key, int& index, std::vector<const char*> choices, int def, const char* spoken) {
    Param p = base_row(key, ParamKind::choice, spoken);
    p.index = &index;
    p.max = static_cast<double>(choices.size()) - 1.0;
    p.choices = std::move(choices);
    p.default_value = def;
    return p;
}

Param Param::image() {
    Param p = base_row("image", ParamKind::image, "photograph");
    p.shared = SharedField::focus;
    return p;
}

Param Param::images(int count) {
    Param p = base_row("images", ParamKind::images, "photographs");
    p.shared = SharedField::images;
    p.min = 1.0;
    p.max = count;
    return p;
}

Param Param::seed() {
    Param p = base_row("seed", ParamKind::seed, "noise seed");
    p.shared = SharedField::seed;
    p.max = k_seed_max;
    p.format = "%.0f";
    return p;
}

Param Param::clip(const char* spoken) {
    Param p = base_row("clip", ParamKind::clip, spoken);
    p.shared = SharedField::clip;
    return p;
}

Param Param::group() {
    Param p = base_row("group", ParamKind::group, "clips averaged");
    p.shared = SharedField::group;
    p.choices = {"all", "speech", "music"};
    p.max = 2.0;
    return p;
}

Param Param::shared_t(double min, double max, const char* format) {
    Param p = base_row("t", ParamKind::linear, "diffusion time t");
    p.shared = SharedField::t;
    p.min = min;
    p.max = max;
    p.default_value = 0.5;  // SharedState::t
    p.format = format;
    return p;
}

Param Param::schedule() {
    Param p = base_row("schedule", ParamKind::choice, "noise schedule");
    p.shared = SharedField::schedule;
    p.choices = {"rf", "cosine"};
    p.max = 1.0;
    return p;
}

void Figure::declare(std::vector<Param> params, std::vector<Readout> readouts) {
    params_ = std::move(params);
    readouts_ = std::move(readouts);
    for (Param& p : params_) {
        if (p.number) *p.number = p.default_value;
        if (p.flag) *p.flag = p.default_value != 0.0;
        if (p.index) *p.index = static_cast<int>(p.default_value);
    }
}

const Param* Figure::param(const std::string& key) const {
    for (const Param& p : params_)
        if (key == p.key) return &p;
    return nullptr;
}

Param* Figure::find(const std::string& key) {
    for (Param& p : params_)
        if (key == p.key) return &p;
    return nullptr;
}

namespace {

/// The number a log, linear or integer row reads and writes: the figure's member or SharedState::t.
double* number_of(const Param& p, SharedState& shared) {
    if (p.shared == SharedField::t) return &shared.t;
    return p.number;
}

}  // namespace

void Figure::write_state(const FigureView& view, StateWriter& out) const {
    const SharedState& shared = view.shared;
    for (const Param& p : params_) {
        switch (p.kind) {
            case ParamKind::log:
            case ParamKind::linear:
            case ParamKind::integer:
                out.add_number(p.key, p.shared == SharedField::t ? shared.t : *p.number);
                break;
            case ParamKind::boolean:
                out.add_bool(p.key, *p.flag);
                break;
            case ParamKind::seed:
                out.add_number(p.key, static_cast<double>(shared.seed));
                break;
            case ParamKind::choice:
                out.add_string(p.key, p.shared == SharedField::schedule
                                          ? core::schedule_name(shared.schedule)
                                          : p.choices[static_cast<std::size_t>(*p.index)]);
                break;
            case ParamKind::image:
                out.add_string(p.key, shared.focus);
                break;
            case ParamKind::images: {  // the first `max` of the shared list: what set() takes back
                const auto n = std::min(shared.images.size(), static_cast<std::size_t>(p.max));
                out.add_strings(p.key, std::vector<std::string>(shared.images.begin(), shared.images.begin() + n));
                break;
            }
            case ParamKind::clip:
                out.add_string(p.key, shared.clip);
                break;
            case ParamKind::group:
                out.add_string(p.key, shared.group.empty() ? "all" : shared.group);
                break;
        }
    }
    write_readouts(view, out);
}

core::Status Figure::set(FigureContext& ctx, const std::string& key, const std::string& value) {
    Param* p = find(key);
    if (!p) {
        std::string known;
        for (const Param& q : params_) known += (known.empty() ? "" : ", ") + std::string(q.key);
        return unknown_key(id(), key, known);
    }
    SharedState& shared = ctx.shared;
    core::Status status;
    switch (p->kind) {
        case ParamKind::log:
        case ParamKind::linear:
            status = parse_number(key, value, p->min, p->max, *number_of(*p, shared));
            break;
        case ParamKind::integer: {
            long long v = 0;
            status = parse_int(key, value, static_cast<long long>(p->min), static_cast<long long>(p->max), v);
            if (status) *p->number = static_cast<double>(v);
            break;
        }
        case ParamKind::boolean:
            status = parse_bool(key, value, *p->flag);
            break;
        case ParamKind::seed:
            status = parse_seed(key, value, shared.seed);
            break;
        case ParamKind::choice: {
            if (p->shared == SharedField::schedule) {
                auto parsed = core::parse_schedule(value);
                if (parsed)
                    shared.schedule = parsed.value();
                else
                    status = core::Status::failure(key + ": '" + value + "' is not rf or cosine");
                break;
            }
            const auto it =
                std::find_if(p->choices.begin(), p->choices.end(), [&](const char* c) { return value == c; });
            if (it == p->choices.end()) {
                std::string words;  // 'a', 'b' or 'c'
                for (std::size_t i = 0; i < p->choices.size(); ++i) {
                    const char* before = i == 0 ? "'" : i + 1 == p->choices.size() ? " or '" : ", '";
                    words += before + std::string(p->choices[i]) + "'";
                }
                status = core::Status::failure(key + ": " + words);
            } else {
                *p->index = static_cast<int>(it - p->choices.begin());
            }
            break;
        }
        case ParamKind::image:
            status = parse_image(key, value, ctx.store.corpus(), shared.focus);
            break;
        case ParamKind::images:
            status = parse_images(key, value, ctx.store.corpus(), static_cast<std::size_t>(p->max), shared.images);
            break;
        case ParamKind::clip:
            if (!ctx.audio || ctx.audio->find(value) < 0) {
                status = core::Status::failure("clip: no clip '" + value + "' in the sound corpus");
            } else {
                shared.clip = value;
            }
            break;
        case ParamKind::group:
            if (value == "all" || value.empty()) {
                shared.group = "";
            } else if (value == "speech" || value == "music") {
                shared.group = value;
            } else {
                status = core::Status::failure("group: '" + value + "' is not all, speech or music");
            }
            break;
    }
    // A value set from outside (a link, a script) should stay put, not be swept on by the animation.
    if (status && p->is_animated) pause();
    return status;
}

bool Figure::nudge(FigureContext& ctx, int steps) {
    const auto it = std::find_if(params_.begin(), params_.end(), [](const Param& p) { return p.is_main; });
    if (it == params_.end()) return false;
    double& v = *number_of(*it, ctx.shared);
    if (it->kind == ParamKind::log) {
        v = std::clamp(v * std::pow(10.0, it->step * steps), it->min, it->max);
    } else if (it->wraps) {
        const double span = it->max - it->min;
        v = it->min + std::fmod(v - it->min + steps * it->step + span, span);
    } else {
        v = std::clamp(v + it->step * steps, it->min, it->max);
    }
    if (it->is_animated) pause();
    return true;
}

bool Figure::toggle_play() {
    for (Param& p : params_) {
        if (p.play != PlayRole::none) {
            *p.flag = !*p.flag;
            return true;
        }
    }
    return false;
}

void Figure::pause() {
    for (Param& p : params_)
        if (p.play == PlayRole::runs) *p.flag = false;
}

bool Figure::playing() const {
    for (const Param& p : params_)
        if (p.play == PlayRole::runs) return *p.flag;
    return false;
}

bool Figure::slider(FigureContext& ctx, const char* key, const char* label) {
    Param* p = find(key);
    assert(p && (p->kind == ParamKind::log || p->kind == ParamKind::linear));
    double& v = *number_of(*p, ctx.shared);
    const bool moved = p->kind == ParamKind::log ? log_slider(label, v, p->min, p->max, p->format)
                                                 : linear_slider(label, v, p->min, p->max, p->format);
    if (moved && p->is_animated) pause();
    const SliderFrame frame = last_slider_frame();
    ctx.layout.push_back({"slider", p->key, frame.min, frame.max});
    return moved;
}

bool Figure::play_pause() {
    for (Param& p : params_)
        if (p.play == PlayRole::runs) return play_button(*p.flag);
    return false;
}

std::string Figure::json() const {
    std::string out = "{\"id\":" + json_quote(id()) + ",\"title\":" + json_quote(title()) +
                      ",\"section\":" + json_quote(section()) + ",\"caption\":" + json_quote(caption()) +
                      ",\"params\":[";
    for (std::size_t i = 0; i < params_.size(); ++i) {
        const Param& p = params_[i];
        out += (i ? "," : "") + std::string("{\"key\":") + json_quote(p.key) +
               ",\"kind\":" + json_quote(param_kind_name(p.kind)) + ",\"spoken\":" + json_quote(p.spoken);
        if (p.kind == ParamKind::log || p.kind == ParamKind::linear || p.kind == ParamKind::integer) {
            out += ",\"min\":" + json_number_text(p.min) + ",\"max\":" + json_number_text(p.max) +
                   ",\"default\":" + json_number_text(p.default_value);
        }
        if (!p.choices.empty()) {
            out += ",\"choices\":[";
            for (std::size_t c = 0; c < p.choices.size(); ++c) out += (c ? "," : "") + json_quote(p.choices[c]);
            out += "]";
        }
        if (p.is_main) out += ",\"main\":true";
        if (p.is_animated) out += ",\"animated\":true";
        out += "}";
    }
    out += "],\"readouts\":{";
    for (std::size_t i = 0; i < readouts_.size(); ++i) {
        out += (i ? "," : "") + json_quote(readouts_[i].key) + ":" + json_quote(readouts_[i].spoken);
    }
    return out + "}}";
}

}  // namespace tide::app
