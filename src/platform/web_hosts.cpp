// WebAudioHost and WebAssets (web_hosts.hpp): the page's JavaScript through EM_ASM, and the
// corpus files in Emscripten's in-memory file system.
#include "web_hosts.hpp"

#include <cstdio>
#include <utility>

#include <emscripten.h>

namespace tide::platform {

std::string WebAudioHost::play(const std::vector<float>& samples, double sample_rate_hz) {
    if (samples.empty()) return "nothing to play";
    const int ok = EM_ASM_INT(
        {
            if (!Module.tideAudio) return 0;
            return Module.tideAudio.play(HEAPF32.subarray($0 >> 2, ($0 >> 2) + $1), $2) ? 1 : 0;
        },
        samples.data(), static_cast<int>(samples.size()), sample_rate_hz);
    return ok ? "" : "this browser cannot play sound (no Web Audio)";
}

void WebAudioHost::stop() {
    EM_ASM({
        if (Module.tideAudio) Module.tideAudio.stop();
    });
}

double WebAudioHost::position_s() const {
    return EM_ASM_DOUBLE({ return Module.tideAudio ? Module.tideAudio.position() : -1; });
}

bool WebAudioHost::playing() const {
    return EM_ASM_INT({ return Module.tideAudio && Module.tideAudio.playing() ? 1 : 0; }) != 0;
}

bool WebAudioHost::pick_file() {
    return EM_ASM_INT({
               if (!Module.tideOpenAudioPicker) return 0;
               Module.tideOpenAudioPicker();
               return 1;
           }) != 0;
}

bool WebAudioHost::start_microphone() {
    return EM_ASM_INT({
               if (!window.tideMicrophone) return 0;
               window.tideMicrophone.start();
               return 1;
           }) != 0;
}

void WebAudioHost::stop_microphone() {
    EM_ASM({
        if (window.tideMicrophone) window.tideMicrophone.stop();
    });
}

WebAssets::Status WebAssets::status(const std::string& path, std::string* why) {
    auto it = files_.find(path);
    if (it == files_.end()) {
        it = files_.emplace(path, File{Status::pending, ""}).first;
        EM_ASM(
            {
                if (Module.tideWantAsset) Module.tideWantAsset(UTF8ToString($0));
            },
            path.c_str());
    }
    if (it->second.status == Status::pending) waited_ = true;
    if (it->second.status == Status::failed && why) *why = it->second.message;
    return it->second.status;
}

core::Status WebAssets::arrived(const std::string& path, const std::uint8_t* bytes, std::size_t size) {
    if (path.rfind("/assets/", 0) != 0 || path.find("..") != std::string::npos)
        return core::Status::failure("not a corpus file: " + path);
    std::string error;
    if (FILE* f = std::fopen(path.c_str(), "wb")) {
        if (std::fwrite(bytes, 1, size, f) != size) error = "could not be stored (out of memory?)";
        if (std::fclose(f) != 0 && error.empty()) error = "could not be stored";
    } else {
        error = "could not be stored";
    }
    if (!error.empty()) {
        files_[path] = File{Status::failed, error};
        return core::Status::failure(error);
    }
    files_[path] = File{Status::ready, ""};
    return {};
}

void WebAssets::failed(const std::string& path, const std::string& message) {
    files_[path] = File{Status::failed, message};
}

bool WebAssets::take_waited() {
    return std::exchange(waited_, false);
}

}  // namespace tide::platform
