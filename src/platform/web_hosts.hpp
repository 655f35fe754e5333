// The app's ports on the web (src/app/audio_host.hpp, assets.hpp): sound through the page's
// Web Audio helper and the microphone through web/tide-microphone.js, and the corpus files the
// page fetches and hands over. TextureHost is gl_textures.hpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "app/assets.hpp"
#include "app/audio_host.hpp"
#include "core/result.hpp"

namespace tide::platform {

/// Playback through the page's Web Audio helper (Module.tideAudio in web/tide-page.js).
class WebAudioHost final : public app::AudioHost {
public:
    std::string play(const std::vector<float>& samples, double sample_rate_hz) override;
    void stop() override;
    bool playing() const override;
    double position_s() const override;
    bool pick_file() override;
    // The microphone's capture lives in web/tide-microphone.js (window.tideMicrophone); it
    // reports back through tide_microphone_started / _failed / _samples (bridge.cpp).
    bool start_microphone() override;
    void stop_microphone() override;
};

/// The page's corpus files: tide-page.js fetches the photographs and clips after the first
/// figure (in App::asset_paths_json order, a file a figure asks for first) and hands each one
/// over (tide_asset_arrived / tide_asset_failed); it is written to the in-memory file system
/// where the stores read it.
class WebAssets final : public app::AssetSource {
public:
    Status status(const std::string& path, std::string* why) override;

    /// Stores a file's bytes; fails (and the file with it) if it is not a corpus path or
    /// cannot be written.
    core::Status arrived(const std::string& path, const std::uint8_t* bytes, std::size_t size);
    void failed(const std::string& path, const std::string& message);

    /// Whether a figure found a file still on its way since the last call.
    bool take_waited();

private:
    struct File {
        Status status;
        std::string message;
    };
    std::map<std::string, File> files_;
    bool waited_ = false;
};

}  // namespace tide::platform
