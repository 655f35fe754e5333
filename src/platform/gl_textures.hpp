// TextureHost on OpenGL ES 3 / WebGL2.
#pragma once

#include "app/texture_host.hpp"

namespace tide::platform {

class GlTextureHost final : public app::TextureHost {
public:
    ImTextureID create_rgba(const std::uint8_t* rgba, int width, int height) override;
    void update_rgba(ImTextureID texture, const std::uint8_t* rgba, int width, int height) override;
    void destroy(ImTextureID texture) override;
};

}  // namespace tide::platform
