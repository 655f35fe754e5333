// Figure "spectra": photographs, their centred log-power and phase spectra, and their RAPSDs.
#pragma once

#include <map>
#include <memory>

#include "core/rapsd.hpp"
#include "figure.hpp"

namespace tide::app {

/// Everything shown for one photograph, computed once per image.
struct ImageSpectra {
    std::string error;  ///< non-empty if the image could not be analysed
    Texture photo, log_power, phase;
    core::Field log_power_values;  ///< fftshift(log10 power), for the hover readout
    core::Rapsd rapsd;
};

class SpectraFigure final : public Figure {
public:
    static constexpr int k_slots = 4;
    explicit SpectraFigure(const Corpus& corpus);

    const char* id() const override { return "spectra"; }
    const char* title() const override { return "Images and their spectra"; }
    const char* section() const override { return "Image spectra"; }
    const char* caption() const override;
    void draw(FigureContext& ctx, ImVec2 size) override;
    void write_state(StateWriter& out) const override;
    std::string set(const std::string& key, const std::string& value, const Corpus& corpus) override;

private:
    const ImageSpectra& spectra_of(FigureContext& ctx, const std::string& image_id);
    void draw_column(FigureContext& ctx, int slot, float side);
    void draw_rapsd_plot(FigureContext& ctx, ImVec2 size);

    std::vector<std::string> selected_;  ///< k_slots corpus ids
    std::map<std::string, std::unique_ptr<ImageSpectra>> cache_;
};

}  // namespace tide::app
