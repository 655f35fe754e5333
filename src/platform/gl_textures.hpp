// TextureHost on OpenGL ES 3 / WebGL2.
#pragma once

#include <set>

#include "app/texture_host.hpp"

namespace tide::platform {

class GlTextureHost final : public app::TextureHost {
public:
    using app::TextureHost::create_rgba;
    ImTextureID create_rgba(const std::uint8_t* rgba, int width, int height, app::Sampling sampling) override;
    void update_rgba(ImTextureID texture, const std::uint8_t* rgba, int width, int height) override;
    void destroy(ImTextureID texture) override;

    /// The WebGL context was lost and every texture with it: forgets them all (deleting is a
    /// no-op on a lost context, and frees Emscripten's table entries) and starts a new
    /// generation, so the app makes its textures again once the context is restored.
    void context_lost();

private:
    std::set<unsigned> live_;  ///< GL names of the textures made and not yet destroyed
};

}  // namespace tide::platform
