// TextureHost: what the app needs from the platform to show pixel images (RGBA8 textures).
#pragma once

#include <cstdint>
#include <utility>

#include <imgui.h>

namespace tide::app {

/// How a texture is sampled when drawn larger or smaller than it is: smooth (linear) for
/// photographs, nearest for data images (spectrograms, mel and SNR maps), whose cells are values.
enum class Sampling { smooth, nearest };

class TextureHost {
public:
    virtual ~TextureHost() = default;
    /// Uploads width x height RGBA8 pixels (row-major, top row first); returns a handle for
    /// ImGui::Image.
    virtual ImTextureID create_rgba(const std::uint8_t* rgba, int width, int height, Sampling sampling) = 0;
    ImTextureID create_rgba(const std::uint8_t* rgba, int width, int height) {
        return create_rgba(rgba, width, height, Sampling::smooth);
    }
    /// Replaces all pixels of a texture made by create_rgba (same size).
    virtual void update_rgba(ImTextureID texture, const std::uint8_t* rgba, int width, int height) = 0;
    virtual void destroy(ImTextureID texture) = 0;

    /// Counts the times every texture was lost at once (a WebGL context is lost with the GPU's
    /// memory, then restored empty). A Texture made in an earlier generation is gone: it reads
    /// as empty, and whoever owns it makes it again on the next frame that shows it.
    std::uint64_t generation() const { return generation_; }

protected:
    /// The platform calls this when every texture has been lost (before any new one is made).
    void all_textures_lost() { ++generation_; }

private:
    std::uint64_t generation_ = 0;
};

/// Owns one texture; releases it when replaced or destroyed. A texture lost with the graphics
/// context (TextureHost::generation) reads as empty: test it before drawing or updating it.
class Texture {
public:
    Texture() = default;
    Texture(TextureHost* host, ImTextureID id, int width, int height)
        : host_(host), id_(id), width_(width), height_(height), generation_(host ? host->generation() : 0) {}
    Texture(const Texture&) = delete;
    Texture& operator=(const Texture&) = delete;
    Texture(Texture&& o) noexcept { *this = std::move(o); }
    Texture& operator=(Texture&& o) noexcept {
        if (this != &o) {
            reset();
            host_ = o.host_;
            id_ = o.id_;
            width_ = o.width_;
            height_ = o.height_;
            generation_ = o.generation_;
            o.host_ = nullptr;
            o.id_ = nullptr;
        }
        return *this;
    }
    ~Texture() { reset(); }

    void reset() {
        if (*this) host_->destroy(id_);  // a lost texture is gone already
        host_ = nullptr;
        id_ = nullptr;
    }
    /// The handle for ImGui::Image; null when empty or lost.
    ImTextureID id() const { return *this ? id_ : nullptr; }
    int width() const { return width_; }
    int height() const { return height_; }
    explicit operator bool() const { return host_ && id_ && host_->generation() == generation_; }
    /// Made, then lost with the graphics context: its owner should make it again.
    bool lost() const { return host_ && id_ && host_->generation() != generation_; }

private:
    TextureHost* host_ = nullptr;
    ImTextureID id_ = nullptr;
    int width_ = 0;
    int height_ = 0;
    std::uint64_t generation_ = 0;
};

/// Textures that are only handles: nothing is uploaded anywhere (headless tools and tests).
class NullTextureHost final : public TextureHost {
public:
    using TextureHost::create_rgba;
    ImTextureID create_rgba(const std::uint8_t*, int, int, Sampling) override {
        return reinterpret_cast<ImTextureID>(++made_);
    }
    void update_rgba(ImTextureID, const std::uint8_t*, int, int) override {}
    void destroy(ImTextureID) override {}

private:
    std::uintptr_t made_ = 0;
};

}  // namespace tide::app
