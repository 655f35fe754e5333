// Microphone: the live sound of the "microphone" figure. The platform captures it (on the
// page: getUserMedia in web/tide-microphone.js, started only by the figure's button) and
// reports here whether it runs and what it hears; this keeps the last seconds (LiveSound),
// their latest analysis and the log-mel spectrogram as a texture.
#pragma once

#include <cstddef>
#include <string>

#include "live_sound.hpp"
#include "texture_host.hpp"

namespace tide::app {

class Microphone {
public:
    enum class Status {
        off,        ///< never started, or stopped on request
        asking,     ///< the browser is asking the person (or opening the device)
        listening,  ///< sound arrives
        failed,     ///< could not start, or stopped on its own; message() says why
    };

    /// Keeps window_s seconds of sound.
    explicit Microphone(TextureHost& textures, double window_s = 4.0);

    Status status() const { return status_; }
    /// "off", "asking", "listening" or "failed" (for the page's state()).
    const char* status_name() const;
    /// Why it failed, in words a person can act on; empty otherwise.
    const std::string& message() const { return message_; }

    // What the platform reports.
    /// The person asked for the microphone; the platform is asking the browser.
    void asking();
    /// Sound will arrive at sample_rate_hz; the window starts empty. An unusable rate fails.
    void started(double sample_rate_hz);
    /// It could not start, or the device went away mid-stream: the last picture stays.
    void failed(std::string message);
    /// Stopped on request (the figure's button, or leaving the figure): the last picture stays.
    void stopped();
    /// n mono samples at the started rate; ignored unless listening.
    void push(const float* samples, std::size_t n);

    /// Analyses the window again if sound arrived since the last call (at most once a call, so
    /// at most once a frame, and over a window of fixed length: the work per frame is bounded)
    /// and redraws the spectrogram texture. Returns true if it did.
    bool update();

    const LiveSound& sound() const { return sound_; }
    const LiveAnalysis& analysis() const { return analysis_; }
    /// The log-mel of the window, magma over its own dB range, low bands at the bottom:
    /// window_frames() columns, the newest on the right; columns not heard yet are transparent.
    /// Made again here if it was lost with the graphics context (even while frozen or stopped).
    const Texture& spectrogram() {
        if (texture_.lost()) draw_texture();
        return texture_;
    }

private:
    void draw_texture();

    TextureHost& host_;
    LiveSound sound_;
    LiveAnalysis analysis_;
    Texture texture_;
    Status status_ = Status::off;
    std::string message_;
};

}  // namespace tide::app
