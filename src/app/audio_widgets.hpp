// Pieces the sound figures share: clip and group pickers, a play button, and the plots of a
// clip's waveform and spectrogram.
#pragma once

#include <string>
#include <vector>

#include "figure.hpp"
#include "plot.hpp"

namespace tide::app {

/// Combo of all clips by title ("speech: ..." / "music: ..."); true when changed.
bool clip_combo(const char* label, AudioStore& audio, std::string& id, float width);
/// Radio buttons all / speech / music; true when changed.
bool group_picker(std::string& group);

/// Shown instead of a figure when the sound corpus is missing.
bool audio_unavailable(FigureContext& ctx);

/// Waveform as its min/max envelope over time (s), in a plot of the given size; a playhead at
/// playhead_s when it is not negative (reported in the layout as "playhead").
void waveform_plot(FigureContext& ctx, const char* id, const AnalysedClip& clip, ImVec2 size, double playhead_s = -1.0);
/// A field drawn as an image inside plot axes: x time in s, y from y0 to y1 (units in title),
/// with a colour bar of `scale` at its right (inside `size`); a playhead as above.
void image_plot(FigureContext& ctx, const char* id, const char* kind, const std::string& clip_id,
                const Texture& texture, double duration_s, double y0, double y1, const char* y_title, ImVec2 size,
                const ColourScale& scale, double playhead_s = -1.0);

}  // namespace tide::app
