// TextureHost: what the app needs from the platform to show pixel images (RGBA8 textures).
#pragma once

#include <cstdint>
#include <utility>

#include <imgui.h>

namespace tide::app {

class TextureHost {
public:
    virtual ~TextureHost() = default;
    /// Uploads width x height RGBA8 pixels (row-major, top row first); returns a handle for
    /// ImGui::Image. Sampling is linear when magnified.
    virtual ImTextureID create_rgba(const std::uint8_t* rgba, int width, int height) = 0;
    /// Replaces all pixels of a texture made by create_rgba (same size).
    virtual void update_rgba(ImTextureID texture, const std::uint8_t* rgba, int width, int height) = 0;
    virtual void destroy(ImTextureID texture) = 0;
};

/// Owns one texture; releases it when replaced or destroyed.
class Texture {
public:
    Texture() = default;
    Texture(TextureHost* host, ImTextureID id, int width, int height)
        : host_(host), id_(id), width_(width), height_(height) {}
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
            o.host_ = nullptr;
            o.id_ = nullptr;
        }
        return *this;
    }
    ~Texture() { reset(); }

    void reset() {
        if (host_ && id_) host_->destroy(id_);
        host_ = nullptr;
        id_ = nullptr;
    }
    ImTextureID id() const { return id_; }
    int width() const { return width_; }
    int height() const { return height_; }
    explicit operator bool() const { return id_ != nullptr; }

private:
    TextureHost* host_ = nullptr;
    ImTextureID id_ = nullptr;
    int width_ = 0;
    int height_ = 0;
};

}  // namespace tide::app
