// The explainer's page: header with the table of contents, caption, and the current figure.
#include "app.hpp"

#include <cstdio>

#include "fig_spectra.hpp"

namespace tide::app {

App::App(const std::string& assets_dir, TextureHost& textures) : assets_dir_(assets_dir), textures_(textures) {
    auto corpus = Corpus::load(assets_dir + "/images");
    if (!corpus) {
        corpus_error_ = corpus.error();
        return;
    }
    corpus_ = std::make_unique<Corpus>(std::move(corpus).value());
    figures_.push_back(std::make_unique<SpectraFigure>(*corpus_));
}

void App::load_fonts(float dpr) {
    fonts_ = app::load_fonts((assets_dir_ + "/fonts").c_str(), 15.0f, dpr);
    apply_style();
}

void App::handle_keys() {
    if (figures_.empty() || ImGui::IsAnyItemActive() || ImGui::GetIO().WantTextInput) return;
    if (ImGui::IsKeyPressed(ImGuiKey_RightArrow) && current_ + 1 < figures_.size()) ++current_;
    if (ImGui::IsKeyPressed(ImGuiKey_LeftArrow) && current_ > 0) --current_;
}

void App::draw_header() {
    ImGui::PushFont(fonts_.title);
    ImGui::TextUnformatted("Spectral Tide");
    ImGui::PopFont();
    const char* subtitle = "how diffusion models see frequencies, after S. Dieleman's \"Diffusion is spectral autoregression\"";
    if (ImGui::GetContentRegionAvail().x - ImGui::GetItemRectSize().x > ImGui::CalcTextSize(subtitle).x + 40) {
        ImGui::SameLine(0, 24);
        ImGui::AlignTextToFramePadding();
    }
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextDisabled("%s", subtitle);
    ImGui::PopTextWrapPos();

    // Table of contents: one tab per figure, grouped by section, in the essay's order.
    const char* last_section = nullptr;
    for (std::size_t i = 0; i < figures_.size(); ++i) {
        const Figure& f = *figures_[i];
        if (!last_section || std::string(last_section) != f.section()) {
            if (last_section) ImGui::SameLine();
            ImGui::AlignTextToFramePadding();
            ImGui::TextDisabled("%s:", f.section());
            last_section = f.section();
        }
        ImGui::SameLine();
        if (ImGui::Selectable(f.title(), i == current_, 0, ImGui::CalcTextSize(f.title()))) current_ = i;
    }
    ImGui::Separator();
}

void App::frame() {
    layout_.clear();
    handle_keys();
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::Begin("Spectral Tide", nullptr, flags);
    draw_header();
    if (!corpus_) {
        ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1), "The image corpus could not be loaded: %s", corpus_error_.c_str());
        ImGui::End();
        return;
    }
    Figure& fig = *figures_[current_];
    ImGui::PushFont(fonts_.bold);
    ImGui::TextUnformatted(fig.title());
    ImGui::PopFont();
    ImGui::PushTextWrapPos(std::min(ImGui::GetContentRegionAvail().x, 70.0f * ImGui::GetFontSize()));
    ImGui::TextUnformatted(fig.caption());
    ImGui::PopTextWrapPos();
    ImGui::Spacing();

    ImGui::BeginChild("figure", ImVec2(0, 0), false, ImGuiWindowFlags_NoSavedSettings);
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    FigureContext ctx{textures_, *corpus_, fonts_, layout_};
    fig.draw(ctx, avail);
    ImGui::EndChild();
    ImGui::End();
}

std::string App::figures_json() const {
    std::string out = "[";
    for (std::size_t i = 0; i < figures_.size(); ++i) {
        const Figure& f = *figures_[i];
        out += (i ? "," : "") + std::string("{\"id\":") + json_quote(f.id()) + ",\"title\":" + json_quote(f.title()) +
               ",\"section\":" + json_quote(f.section()) + ",\"caption\":" + json_quote(f.caption()) + "}";
    }
    return out + "]";
}

std::string App::state_json() const {
    StateWriter w;
    if (figures_.empty()) return "{}";
    const Figure& f = *figures_[current_];
    w.add_string("fig", f.id());
    f.write_state(w);
    return w.json();
}

std::string App::set(const std::string& key, const std::string& value) {
    if (figures_.empty()) return "no figures are loaded";
    if (key == "fig") {
        for (std::size_t i = 0; i < figures_.size(); ++i) {
            if (value == figures_[i]->id()) {
                current_ = i;
                return "";
            }
        }
        return "fig: no figure '" + value + "'";
    }
    return figures_[current_]->set(key, value, *corpus_);
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
