// AudioHost: what the app needs from the platform to let people hear a clip, add their own
// and use their microphone.
#pragma once

#include <string>
#include <vector>

namespace tide::app {

class AudioHost {
public:
    virtual ~AudioHost() = default;
    /// Plays mono samples (in [-1, 1]) at sample_rate_hz, replacing whatever was playing.
    /// Returns "" on success, else a message a person can act on (e.g. audio blocked).
    virtual std::string play(const std::vector<float>& samples, double sample_rate_hz) = 0;
    virtual void stop() = 0;
    /// True while something plays (for the play buttons' labels).
    virtual bool playing() const = 0;
    /// Seconds into what plays now (for a playhead), or a negative number when nothing plays or
    /// the host cannot tell.
    virtual double position_s() const { return -1.0; }
    /// Asks the person for a sound file of their own; it arrives later through the platform
    /// (App::add_audio_file / add_audio_samples). False where there is no file chooser.
    virtual bool pick_file() = 0;
    /// Starts capturing the microphone (called from a click, so the browser may ask the
    /// person). What happens arrives later through the platform: App::microphone() hears
    /// started(), failed() or the samples. False where there is no way to capture at all.
    virtual bool start_microphone() { return false; }
    /// Stops the capture (and any request still waiting for permission).
    virtual void stop_microphone() {}
};

}  // namespace tide::app
