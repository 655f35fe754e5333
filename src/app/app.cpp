// The explainer's page: a table of contents (sidebar when wide, a strip when narrow), the
// current figure's title and caption, and the figure.
#include "app.hpp"

#include <algorithm>
#include <cstdio>

#include "article_numbers.hpp"
#include "core/audio.hpp"
#include "figures.hpp"
#include "plot.hpp"
#include "widgets.hpp"

#include <imgui_internal.h>

namespace tide::app {

namespace {

const char* const k_default_images[] = {"kde_owl", "scratch_forest", "scratch_city_water", "skimage_astronaut"};
const char* const k_default_focus = "kde_parrot";

}  // namespace

App::App(const std::string& assets_dir, TextureHost& textures, AudioHost* sound, AssetSource* assets)
    : assets_dir_(assets_dir),
      textures_(textures),
      assets_(assets ? *assets : disk_assets_),
      sound_(sound),
      microphone_(std::make_unique<Microphone>(textures)) {
    audio_ = std::make_unique<AudioStore>(assets_dir + "/audio", textures_, assets_);
    if (!audio_->clips().empty()) shared_.clip = audio_->clips().front().id;
    auto corpus = Corpus::load(assets_dir + "/images");
    if (!corpus) {
        corpus_error_ = corpus.error();
        return;
    }
    corpus_ = std::make_unique<Corpus>(std::move(corpus).value());
    store_ = std::make_unique<ImageStore>(*corpus_, textures_, assets_);
    const auto& images = corpus_->images();
    for (std::size_t i = 0; i < 4; ++i) {
        shared_.images.push_back(corpus_->find(k_default_images[i]) >= 0 ? k_default_images[i]
                                                                         : images[i % images.size()].id);
    }
    shared_.focus = corpus_->find(k_default_focus) >= 0 ? k_default_focus : images[0].id;
    figures_ = make_figures();
}

App::~App() = default;

void App::load_fonts(float dpr) {
    fonts_ = app::load_fonts((assets_dir_ + "/fonts").c_str(), look_.font_px(), dpr);
    apply_style(look_);
    plots_.set_line_scale(look_.line_scale());
    fonts_changed_ = false;
}

core::Status App::set_look(const std::string& key, const std::string& value) {
    bool on = false;
    if (key == "theme") {
        if (value != "light" && value != "dark") return core::Status::failure("theme: 'light' or 'dark'");
        on = value == "dark";
    } else if (value == "true" || value == "1") {
        on = true;
    } else if (value != "false" && value != "0") {
        return core::Status::failure(key + ": true or false");
    }
    if (key == "theme") {
        look_.dark = on;
        apply_style(look_);
    } else if (key == "touch") {
        look_.touch = on;
        apply_style(look_);
    } else if (key == "compact") {
        fonts_changed_ = fonts_changed_ || look_.compact != on;  // type of another size
        look_.compact = on;
        apply_style(look_);
    } else if (key == "presenter") {
        fonts_changed_ = fonts_changed_ || look_.presenter != on;  // type of another size
        look_.presenter = on;
        apply_style(look_);
        plots_.set_line_scale(look_.line_scale());
    } else if (key == "reduced_motion") {
        // Nothing starts moving by itself: every animation is paused (play still works).
        if (on)
            for (auto& f : figures_) f->pause();
    }
    return {};
}

FigureContext App::context(float dt_s) {
    return FigureContext{*store_, shared_,      fonts_, layout_,      plots_,
                         dt_s,    audio_.get(), sound_, pick_images_, microphone_.get()};
}

FigureView App::view() const {
    return FigureView{*store_, shared_, audio_.get(), microphone_.get()};
}

void App::leave_previous() {
    // A figure that holds something while shown (the microphone) lets go when another opens,
    // whether by the table of contents, a key, set() or a link.
    if (shown_ == current_ || shown_ >= figures_.size()) {
        shown_ = current_;
        return;
    }
    FigureContext ctx = context(0.0f);
    figures_[shown_]->leave(ctx);
    shown_ = current_;
}

void App::handle_keys() {
    if (figures_.empty() || ImGui::IsAnyItemActive() || ImGui::GetIO().WantTextInput) return;
    // Arrow keys step through the figures unless a widget has keyboard focus for itself (an
    // embedded figure or the article's stays where the page puts it).
    // One figure per press: a held key would repeat through figures whose first frame is slow.
    // (ImGui 1.86 indexes keys by the backend's codes: ImGuiKey_* go through GetKeyIndex.)
    const auto pressed = [](ImGuiKey key, bool repeat = true) {
        return ImGui::IsKeyPressed(ImGui::GetKeyIndex(key), repeat);
    };
    // Arrows, and PageDown/PageUp: what a presentation clicker sends.
    const bool next = pressed(ImGuiKey_RightArrow, false) || pressed(ImGuiKey_PageDown, false);
    const bool previous = pressed(ImGuiKey_LeftArrow, false) || pressed(ImGuiKey_PageUp, false);
    if (mode_ == Mode::explore && next && current_ + 1 < figures_.size()) ++current_;
    if (mode_ == Mode::explore && previous && current_ > 0) --current_;
    FigureContext ctx = context(0.0f);
    if (pressed(ImGuiKey_UpArrow)) figures_[current_]->nudge(ctx, +1);
    if (pressed(ImGuiKey_DownArrow)) figures_[current_]->nudge(ctx, -1);
    if (pressed(ImGuiKey_Space, false)) figures_[current_]->toggle_play();
}

void App::report_toc_entry(const char* id) {
    // The part of the entry in view (the strip scrolls sideways, the sidebar down), if its
    // middle is: a test that taps the middle of what it reports taps the entry.
    const ImVec2 pos = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
    const ImVec2 lo = ImGui::GetItemRectMin(), hi = ImGui::GetItemRectMax();
    const ImVec2 mid((lo.x + hi.x) * 0.5f, (lo.y + hi.y) * 0.5f);
    if (mid.x < pos.x || mid.x > pos.x + size.x || mid.y < pos.y || mid.y > pos.y + size.y) return;
    layout_.push_back({"toc", id, ImVec2(std::max(lo.x, pos.x), std::max(lo.y, pos.y)),
                       ImVec2(std::min(hi.x, pos.x + size.x), std::min(hi.y, pos.y + size.y))});
}

float App::strip_gap_before(std::size_t i) const {
    if (i == 0) return 0.0f;
    const bool new_section = std::string(figures_[i]->section()) != figures_[i - 1]->section();
    return new_section ? ImGui::GetFontSize() : ImGui::GetStyle().ItemSpacing.x;
}

void App::draw_navigation(bool sidebar) {
    const char* last_section = nullptr;
    for (std::size_t i = 0; i < figures_.size(); ++i) {
        const Figure& f = *figures_[i];
        const bool new_section = !last_section || std::string(last_section) != f.section();
        if (sidebar) {
            if (new_section) {
                if (last_section) ImGui::Spacing();
                ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
                ImGui::PushTextWrapPos(0.0f);
                ImGui::TextUnformatted(f.section());
                ImGui::PopTextWrapPos();
                ImGui::PopStyleColor();
            }
            char label[96];
            std::snprintf(label, sizeof label, "%zu  %s", i + 1, f.title());
            if (ImGui::Selectable(label, i == current_, 0, ImVec2(0, ImGui::GetFrameHeight()))) current_ = i;
            report_toc_entry(f.id());
        } else {
            // One row of numbers (the strip scrolls sideways), a wider gap between sections.
            if (i > 0) ImGui::SameLine(0, strip_gap_before(i));
            char label[24];
            std::snprintf(label, sizeof label, "%zu", i + 1);
            if (ImGui::Selectable(label, i == current_, 0, ImVec2(ImGui::GetFrameHeight(), ImGui::GetFrameHeight())))
                current_ = i;
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s: %s", f.section(), f.title());
            report_toc_entry(f.id());
            if (i == current_ && strip_follows_ != current_) {  // a new figure: bring its number into view
                ImGui::SetScrollHereX(0.5f);
                strip_follows_ = current_;
            }
        }
        last_section = f.section();
    }
}

void App::frame() {
    layout_.clear();
    plots_.clear();
    // Animations step by at most 0.1 s: after an idle spell (nothing is drawn then) the first
    // frame's DeltaTime is long.
    const float dt = std::min(ImGui::GetIO().DeltaTime, 0.1f);
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::Begin("Spectral Tide", nullptr, flags);
    if (!corpus_) {
        ImGui::PushFont(fonts_.title);
        ImGui::TextUnformatted("Spectral Tide");
        ImGui::PopFont();
        ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1), "The image corpus could not be loaded: %s",
                           corpus_error_.c_str());
        ImGui::End();
        return;
    }
    handle_keys();
    leave_previous();
    const float fs = ImGui::GetFontSize();
    if (mode_ != Mode::explore) {
        draw_alone(dt);
        ImGui::End();
        return;
    }
    const bool sidebar = vp->WorkSize.x >= 70.0f * fs;
    if (sidebar) {
        ImGui::BeginChild("toc", ImVec2(16.0f * fs, 0), false, ImGuiWindowFlags_NoSavedSettings);
        ImGui::PushFont(fonts_.title);
        ImGui::TextUnformatted("Spectral Tide");
        ImGui::PopFont();
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextDisabled(
            "How diffusion models see frequencies: the figures of Sander Dieleman's essay "
            "Diffusion is spectral autoregression (2024), computed live in your browser.");
        ImGui::PopTextWrapPos();
        ImGui::Separator();
        draw_navigation(true);
        ImGui::Spacing();
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextDisabled(
            "Keys: \u2190 \u2192 (or a clicker's PageUp, PageDown) figures, space play/pause, \u2191 \u2193 main "
            "slider, P presenter mode, F full "
            "screen");
        ImGui::PopTextWrapPos();
        ImGui::EndChild();
        layout_.push_back({"navigation", "sidebar", ImGui::GetItemRectMin(), ImGui::GetItemRectMax()});
        ImGui::SameLine();
    } else {
        // A narrow screen (a phone; a projector's large type): the title, then the figures'
        // numbers in one row that scrolls sideways (drag or swipe its scrollbar) and follows the
        // current figure. Presenter mode leaves the title to the page's toolbar.
        if (!look_.presenter) {
            ImGui::PushFont(fonts_.title);
            ImGui::TextUnformatted("Spectral Tide");
            ImGui::PopFont();
        }
        const ImGuiStyle& style = ImGui::GetStyle();
        // Room for the scrollbar only when the numbers overflow the row (a phone): at a
        // projector's width they fit, and the band would be empty space taken from the figure.
        float row_w = 0.0f;
        for (std::size_t i = 0; i < figures_.size(); ++i) row_w += ImGui::GetFrameHeight() + strip_gap_before(i);
        const bool overflows = row_w + 2 * style.WindowPadding.x > ImGui::GetContentRegionAvail().x;
        const float strip_h = ImGui::GetFrameHeight() + (overflows ? style.ScrollbarSize : 0.0f) + style.ItemSpacing.y;
        ImGui::BeginChild("strip", ImVec2(0, strip_h), false,
                          ImGuiWindowFlags_HorizontalScrollbar | ImGuiWindowFlags_NoSavedSettings);
        draw_navigation(false);
        ImGui::EndChild();
        layout_.push_back({"navigation", "strip", ImGui::GetItemRectMin(), ImGui::GetItemRectMax()});
        ImGui::Separator();
    }

    ImGui::BeginGroup();
    Figure& fig = *figures_[current_];
    if (!look_.presenter) {
        ImGui::PushTextWrapPos(0.0f);  // whole on a phone too
        ImGui::TextDisabled("%s \u2022 figure %zu of %zu", fig.section(), current_ + 1, figures_.size());
        ImGui::PopTextWrapPos();
    }
    ImGui::PushFont(fonts_.bold);
    ImGui::TextUnformatted(fig.title());
    ImGui::PopFont();
    layout_.push_back({"title", fig.id(), ImGui::GetItemRectMin(), ImGui::GetItemRectMax()});
    if (look_.presenter) {
        ImGui::SameLine();
        if (ImGui::SmallButton(presenter_caption_ ? "hide the caption" : "caption"))
            presenter_caption_ = !presenter_caption_;
    }
    if (!look_.presenter || presenter_caption_) {
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + std::min(ImGui::GetContentRegionAvail().x, 62.0f * fs));
        ImGui::TextUnformatted(fig.caption());
        ImGui::PopTextWrapPos();
    }
    ImGui::Spacing();
    draw_figure_window(fig, dt);
    ImGui::EndGroup();
    ImGui::End();
}

void App::draw_figure_window(Figure& fig, float dt) {
    ImGui::BeginChild("figure", ImVec2(0, 0), false, ImGuiWindowFlags_NoSavedSettings);
    FigureContext ctx = context(dt);
    fig.draw(ctx, ImGui::GetContentRegionAvail());
    // The figure's whole extent, down to its lowest item (text included), below the window's
    // bottom edge when it scrolls: whether a figure fits its screen is read from this.
    const ImGuiWindow* w = ImGui::GetCurrentWindow();
    layout_.push_back({"figure", fig.id(), w->Pos, ImVec2(w->Pos.x + w->Size.x, w->DC.CursorMaxPos.y)});
    ImGui::EndChild();
}

void App::draw_alone(float dt) {
    // In an embed, the title, kept clear of the page's "open in Spectral Tide" link in the top
    // right corner (web/embed.html); then the figure with its controls.
    const float fs = ImGui::GetFontSize();
    Figure& fig = *figures_[current_];
    if (mode_ == Mode::embed) {
        const float avail = ImGui::GetContentRegionAvail().x;
        ImGui::PushFont(fonts_.bold);
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + std::max(12.0f * fs, avail - 12.0f * fs));
        ImGui::TextUnformatted(fig.title());
        ImGui::PopTextWrapPos();
        ImGui::PopFont();
        layout_.push_back({"title", fig.id(), ImGui::GetItemRectMin(), ImGui::GetItemRectMax()});
        ImGui::Spacing();
    }
    draw_figure_window(fig, dt);
}

bool App::animating() const {
    if (figures_.empty()) return false;
    // A sound playing moves its playhead.
    return figures_[current_]->animating(view()) || (sound_ && sound_->playing());
}

bool App::computing() const {
    if (figures_.empty()) return false;
    return figures_[current_]->computing(view());
}

std::string App::figures_json() const {
    std::string out = "[";
    for (std::size_t i = 0; i < figures_.size(); ++i) {
        out += (i ? "," : "") + figures_[i]->json();
    }
    return out + "]";
}

StateWriter App::current_state() const {
    StateWriter w;
    if (figures_.empty()) return w;
    const Figure& f = *figures_[current_];
    w.add_string("fig", f.id());
    f.write_state(view(), w);
    return w;
}

std::string App::state_json() const {
    return current_state().json();
}

std::string App::params_json() const {
    return current_state().params_json();
}

void App::state_and_params_json(std::string& state, std::string& params) const {
    const StateWriter w = current_state();
    state = w.json();
    params = w.params_json();
}

core::Status App::set(const std::string& key, const std::string& value) {
    if (key == "theme" || key == "presenter" || key == "touch" || key == "compact" || key == "reduced_motion")
        return set_look(key, value);
    if (figures_.empty()) return core::Status::failure("no figures are loaded");
    if (key == "fig") {
        for (std::size_t i = 0; i < figures_.size(); ++i) {
            if (value == figures_[i]->id()) {
                current_ = i;
                return {};
            }
        }
        return core::Status::failure("fig: no figure '" + value + "'");
    }
    FigureContext ctx = context(0.0f);
    return figures_[current_]->set(ctx, key, value);
}

void App::show_user_clip(const std::string& id) {
    shared_.clip = id;
    // Stay on a figure that shows one clip; otherwise open the first that does (the clips figure).
    if (figures_.empty() || figures_[current_]->needs(Input::one_clip)) return;
    for (std::size_t i = 0; i < figures_.size(); ++i) {
        if (figures_[i]->needs(Input::one_clip)) {
            current_ = i;
            return;
        }
    }
}

std::string App::add_audio_file(const std::string& name, const std::uint8_t* bytes, std::size_t size) {
    if (!audio_) return "sound is not available";
    auto decoded = core::decode_audio(bytes, size);
    if (!decoded) return name + ": " + decoded.error();
    const std::string warning = decoded.value().warning;  // e.g. a truncated file, analysed as far as it goes
    std::string result = add_audio_samples(name, std::move(decoded.value().samples), decoded.value().sample_rate_hz);
    if (result.empty() && !warning.empty()) notice_ = name + ": " + warning + (notice_.empty() ? "" : ". " + notice_);
    return result;
}

std::string App::add_audio_samples(const std::string& name, std::vector<float> samples, double sample_rate_hz) {
    if (!audio_) return "sound is not available";
    auto id = audio_->add_clip(name, std::move(samples), sample_rate_hz);
    if (!id) return id.error();
    if (const auto& dropped = audio_->dropped(); !dropped.empty()) {
        std::string names;
        for (const auto& t : dropped) names += (names.empty() ? "" : ", ") + t;
        notice_ = "To make room, " +
                  std::string(dropped.size() == 1 ? "your oldest sound was" : "your oldest sounds were") +
                  " let go: " + names + " (at most " + std::to_string(k_max_user_clips) + " of your own, " +
                  std::to_string(static_cast<int>(k_max_user_clip_s)) + " s in all, are kept)";
    }
    show_user_clip(id.value());
    return "";
}

void App::show_user_image(const std::string& id) {
    // The new photograph leads the four of the multi-image figures and is the one photograph
    // of the others; a figure without photographs gives way to the first figure.
    shared_.images.insert(shared_.images.begin(), id);
    shared_.images.pop_back();
    shared_.focus = id;
    const unsigned shows_photos = Input::four_photos | Input::one_photo | Input::own_photos;
    if (figures_.empty() || figures_[current_]->needs(shows_photos)) return;
    current_ = 0;
}

std::string App::add_image_file(const std::string& name, const std::uint8_t* bytes, std::size_t size) {
    if (!store_) return "the photographs are not available";
    auto id = store_->add_image(name, bytes, size);
    if (!id) return id.error();
    show_user_image(id.value());
    return "";
}

std::string App::data_csv() const {
    return plots_.csv();
}

void App::prefetch() {
    if (figures_.empty()) return;
    const Figure& f = *figures_[current_];
    if (store_ && f.needs(Input::four_photos)) {
        for (const auto& image : shared_.images) store_->image(image);
    } else if (store_ && f.needs(Input::one_photo)) {
        store_->image(shared_.focus);
    } else if (audio_ && f.needs(Input::one_clip)) {
        audio_->clip(shared_.clip);
    }
    // The corpus-wide figures take the files in corpus order, as the page fetches them anyway.
}

std::string App::asset_paths_json() const {
    std::vector<std::string> paths;
    // The corpus summaries first: the corpus-wide figures open from them (corpus_summary.hpp).
    if (corpus_) paths.push_back(corpus_->dir() + "/summary.bin");
    if (audio_) paths.push_back(audio_->dir() + "/summary.bin");
    if (corpus_)
        for (std::size_t i = 0; i < corpus_->images().size(); ++i)
            if (corpus_->images()[i].label != "yours") paths.push_back(corpus_->path_of(static_cast<int>(i)));
    if (audio_)
        for (const auto& c : audio_->clips())
            if (c.label != "yours") paths.push_back(audio_->path_of(c.id));
    std::string out = "[";
    for (std::size_t i = 0; i < paths.size(); ++i) out += (i ? "," : "") + json_quote(paths[i]);
    return out + "]";
}

std::string App::article_numbers_json(double budget_ms) {
    if (!store_) return "{\"complete\":false}";
    if (!numbers_) numbers_ = std::make_unique<ArticleNumbers>();
    return numbers_->json(*store_, audio_.get(), budget_ms);
}

std::string App::layout_json() const {
    std::string out = "[";
    char buf[160];
    for (std::size_t i = 0; i < layout_.size(); ++i) {
        const LayoutItem& it = layout_[i];
        std::snprintf(buf, sizeof buf, ",\"x\":%.1f,\"y\":%.1f,\"w\":%.1f,\"h\":%.1f}", it.min.x, it.min.y,
                      it.max.x - it.min.x, it.max.y - it.min.y);
        out += (i ? "," : "") + std::string("{\"kind\":") + json_quote(it.kind) + ",\"id\":" + json_quote(it.id) + buf;
    }
    return out + "]";
}

}  // namespace tide::app
