// Figure "spectra": the essay's first figure, four photographs with log-magnitude and phase
// spectra, and their radially averaged power spectral densities on log-log axes.
#include "fig_spectra.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "colormap.hpp"
#include "core/image.hpp"
#include "core/spectrum.hpp"
#include "plot.hpp"

namespace tide::app {

namespace {

const char* const k_default_images[SpectraFigure::k_slots] = {"kde_owl", "scratch_forest", "scratch_city_water",
                                                               "skimage_astronaut"};

constexpr int k_analysis_size = 320;  // the essay's image size

Texture upload(TextureHost& host, const std::vector<std::uint8_t>& rgba, int w, int h) {
    return Texture(&host, host.create_rgba(rgba.data(), w, h), w, h);
}

std::vector<std::string> split_list(const std::string& s) {
    std::vector<std::string> out;
    std::string item;
    std::istringstream in(s);
    while (std::getline(in, item, ',')) {
        item.erase(0, item.find_first_not_of(" \t"));
        item.erase(item.find_last_not_of(" \t") + 1);
        if (!item.empty()) out.push_back(item);
    }
    return out;
}

std::unique_ptr<ImageSpectra> analyse(TextureHost& host, const std::string& path) {
    auto out = std::make_unique<ImageSpectra>();
    auto bytes = core::read_file_bytes(path);
    if (!bytes) {
        out->error = bytes.error();
        return out;
    }
    auto image = core::decode_image(bytes.value().data(), bytes.value().size());
    if (!image) {
        out->error = image.error();
        return out;
    }
    const core::RgbImage& rgb = image.value();
    core::Field field = core::crop_center_square(core::image_channel(rgb, core::Channel::green, core::Scale::pm1));
    if (field.rows != k_analysis_size) field = core::resize_area(field, k_analysis_size, k_analysis_size);

    std::vector<std::uint8_t> rgba(static_cast<std::size_t>(rgb.width) * rgb.height * 4, 255);
    for (std::size_t i = 0; i < static_cast<std::size_t>(rgb.width) * rgb.height; ++i)
        for (int c = 0; c < 3; ++c) rgba[4 * i + c] = rgb.rgb[3 * i + c];
    out->photo = upload(host, rgba, rgb.width, rgb.height);

    const core::ComplexField spec = core::fft2(field);
    const core::Field power = core::power_spectrum(spec);
    out->log_power_values = core::log10_power(core::fftshift(power));
    const double hi = *std::max_element(out->log_power_values.data.begin(), out->log_power_values.data.end());
    const double lo = quantile(out->log_power_values, 0.01);
    out->log_power = upload(host, colorize(out->log_power_values, lo, hi, Colormap::viridis), field.cols, field.rows);
    out->phase = upload(host, colorize(core::fftshift(core::phase(spec)), -M_PI, M_PI, Colormap::rdbu), field.cols,
                        field.rows);
    out->rapsd = core::rapsd_of_power(power);
    return out;
}

}  // namespace

SpectraFigure::SpectraFigure(const Corpus& corpus) {
    for (int i = 0; i < k_slots; ++i) {
        const bool known = corpus.find(k_default_images[i]) >= 0;
        selected_.push_back(known ? k_default_images[i] : corpus.images()[i % corpus.images().size()].id);
    }
}

const char* SpectraFigure::caption() const {
    return "Four photographs (the green channel is analysed, scaled to [-1, 1]), and below each "
           "the log power of its 2-D Fourier transform, centred so that the lowest frequencies "
           "are in the middle, and its phase. Power falls off steeply away from the centre. "
           "Averaging the power over rings of equal frequency gives the RAPSD, plotted alongside: "
           "on log-log axes every photograph gives a nearly straight line, a power law.";
}

const ImageSpectra& SpectraFigure::spectra_of(FigureContext& ctx, const std::string& image_id) {
    auto it = cache_.find(image_id);
    if (it == cache_.end()) {
        const int index = ctx.corpus.find(image_id);
        auto result = index >= 0 ? analyse(ctx.textures, ctx.corpus.path_of(index)) : std::make_unique<ImageSpectra>();
        if (index < 0) result->error = "unknown image '" + image_id + "'";
        it = cache_.emplace(image_id, std::move(result)).first;
    }
    return *it->second;
}

void SpectraFigure::draw_column(FigureContext& ctx, int slot, float side) {
    ImGui::PushID(slot);
    ImGui::BeginGroup();
    const Corpus& corpus = ctx.corpus;
    const int current = corpus.find(selected_[slot]);
    ImGui::SetNextItemWidth(side);
    if (ImGui::BeginCombo("##image", current >= 0 ? corpus.images()[current].title.c_str() : selected_[slot].c_str(),
                          ImGuiComboFlags_HeightLarge)) {
        for (std::size_t i = 0; i < corpus.images().size(); ++i) {
            const CorpusImage& img = corpus.images()[i];
            if (ImGui::Selectable(img.title.c_str(), static_cast<int>(i) == current)) selected_[slot] = img.id;
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s (%s)", img.id.c_str(), img.label.c_str());
        }
        ImGui::EndCombo();
    }
    const ImageSpectra& s = spectra_of(ctx, selected_[slot]);
    if (!s.error.empty()) {
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + side);
        ImGui::TextColored(ImVec4(0.75f, 0.1f, 0.1f, 1), "%s", s.error.c_str());
        ImGui::PopTextWrapPos();
        ImGui::Dummy(ImVec2(side, 3 * side));
    } else {
        const Texture* textures[3] = {&s.photo, &s.log_power, &s.phase};
        const char* kinds[3] = {"image", "spectrum", "phase"};
        const char* row_labels[3] = {nullptr, "log power, centred", "phase (\u2212\u03c0 \u2026 \u03c0)"};
        for (int row = 0; row < 3; ++row) {
            const ImVec2 p0 = ImGui::GetCursorScreenPos();
            ImGui::Image(textures[row]->id(), ImVec2(side, side));
            if (slot == 0 && row_labels[row]) {
                // Name the row on its first image, on a light band so it stays readable.
                ImDrawList* dl = ImGui::GetWindowDrawList();
                const ImVec2 ts = ImGui::CalcTextSize(row_labels[row]);
                const float pad = 3.0f;
                dl->AddRectFilled(p0, ImVec2(p0.x + ts.x + 2 * pad, p0.y + ts.y + 2 * pad), IM_COL32(255, 255, 255, 210));
                dl->AddText(ImVec2(p0.x + pad, p0.y + pad), IM_COL32(20, 20, 20, 255), row_labels[row]);
            }
            ctx.layout.push_back({kinds[row], selected_[slot], p0, ImVec2(p0.x + side, p0.y + side)});
            if (row == 1 && ImGui::IsItemHovered()) {
                // Readout: the frequency under the cursor and its log power.
                const ImVec2 m = ImGui::GetIO().MousePos;
                const int n = s.log_power_values.cols;
                const int c = std::clamp(static_cast<int>((m.x - p0.x) / side * static_cast<float>(n)), 0, n - 1);
                const int r = std::clamp(static_cast<int>((m.y - p0.y) / side * static_cast<float>(n)), 0, n - 1);
                ImGui::SetTooltip("fx = %+.4f, fy = %+.4f cycles/pixel\nlog10 power = %.2f",
                                  static_cast<double>(c - n / 2) / n, static_cast<double>(n / 2 - r) / n,
                                  s.log_power_values.at(r, c));
            }
        }
    }
    ImGui::EndGroup();
    ImGui::PopID();
}

void SpectraFigure::draw_rapsd_plot(FigureContext& ctx, ImVec2 size) {
    std::vector<Series> series;
    for (int i = 0; i < k_slots; ++i) {
        const ImageSpectra& s = spectra_of(ctx, selected_[i]);
        if (!s.error.empty()) continue;
        Series line;
        const int idx = ctx.corpus.find(selected_[i]);
        line.label = idx >= 0 ? ctx.corpus.images()[idx].title : selected_[i];
        line.color = series_color(static_cast<std::size_t>(i));
        // DC (bin 0) is dropped: it has frequency 0, which a log axis cannot show.
        line.x.assign(s.rapsd.freq.begin() + 1, s.rapsd.freq.end());
        line.y.assign(s.rapsd.power.begin() + 1, s.rapsd.power.end());
        series.push_back(std::move(line));
    }
    LogLogAxes axes;
    axes.x_title = "frequency (cycles/pixel)";
    axes.y_title = "power |F|\u00b2/(rows\u00b7cols), mean over each ring";
    axes.x_max = 0.5;
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    loglog_plot("rapsd", size, series, axes);
    std::string ids;
    for (const auto& id : selected_) ids += (ids.empty() ? "" : ",") + id;
    ctx.layout.push_back({"plot", ids, p0, ImVec2(p0.x + size.x, p0.y + size.y)});
}

void SpectraFigure::draw(FigureContext& ctx, ImVec2 size) {
    const ImGuiStyle& style = ImGui::GetStyle();
    const float gap = style.ItemSpacing.x;
    const float text_h = ImGui::GetFrameHeightWithSpacing();
    const float row_gap = style.ItemSpacing.y;
    // Side by side when wide, stacked (and scrolling) when tall.
    const bool wide = size.x > 1.45f * size.y;
    float side;
    if (wide) {
        const float by_height = (size.y - text_h - 3 * row_gap) / 3.0f;
        const float by_width = (size.x * 0.56f - 3 * gap) / k_slots;
        side = std::max(48.0f, std::min(by_height, by_width));
    } else {
        side = std::max(48.0f, std::min((size.x - 3 * gap) / k_slots, (size.y * 0.62f - text_h) / 3.0f));
    }
    for (int i = 0; i < k_slots; ++i) {
        if (i > 0) ImGui::SameLine(0, gap);
        draw_column(ctx, i, side);
    }
    ImVec2 plot_size;
    if (wide) {
        ImGui::SameLine(0, gap * 2);
        plot_size = ImVec2(std::max(200.0f, ImGui::GetContentRegionAvail().x),
                           std::min(size.y, text_h + 3 * (side + row_gap)));
    } else {
        plot_size = ImVec2(size.x, std::max(240.0f, ImGui::GetContentRegionAvail().y));
    }
    draw_rapsd_plot(ctx, plot_size);
}

void SpectraFigure::write_state(StateWriter& out) const { out.add_strings("images", selected_); }

std::string SpectraFigure::set(const std::string& key, const std::string& value, const Corpus& corpus) {
    if (key != "images") return "unknown parameter '" + key + "' for figure spectra (known: images)";
    const auto ids = split_list(value);
    if (ids.empty() || ids.size() > static_cast<std::size_t>(k_slots)) {
        return "images: give 1 to " + std::to_string(k_slots) + " image ids separated by commas";
    }
    for (const auto& id : ids) {
        if (corpus.find(id) < 0) return "images: no image '" + id + "' in the corpus";
    }
    for (std::size_t i = 0; i < ids.size(); ++i) selected_[i] = ids[i];
    return "";
}

}  // namespace tide::app
