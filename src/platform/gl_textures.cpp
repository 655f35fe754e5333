// RGBA8 textures with linear or nearest filtering and clamped edges; all of them forgotten at once when the
// WebGL context is lost.
#include "gl_textures.hpp"

#include <cstdint>

#include <GLES3/gl3.h>

namespace tide::platform {

ImTextureID GlTextureHost::create_rgba(const std::uint8_t* rgba, int width, int height, app::Sampling sampling) {
    GLuint tex = 0;
    glGenTextures(1, &tex);
    glBindTexture(GL_TEXTURE_2D, tex);
    const GLint filter = sampling == app::Sampling::nearest ? GL_NEAREST : GL_LINEAR;
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    // Immutable storage of one level, then the pixels: a texture made by glTexImage2D cost
    // Chromium's GPU process (ANGLE) about 2.5 times as much memory in our measurements (60
    // textures of 320 x 320 in five embeds: 25-30 MB more), since such a texture may yet
    // grow levels or change size.
    glTexStorage2D(GL_TEXTURE_2D, 1, GL_RGBA8, width, height);
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
    live_.insert(tex);
    return reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(tex));
}

void GlTextureHost::update_rgba(ImTextureID texture, const std::uint8_t* rgba, int width, int height) {
    glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(reinterpret_cast<std::uintptr_t>(texture)));
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
}

void GlTextureHost::destroy(ImTextureID texture) {
    const auto tex = static_cast<GLuint>(reinterpret_cast<std::uintptr_t>(texture));
    glDeleteTextures(1, &tex);
    live_.erase(tex);
}

void GlTextureHost::context_lost() {
    for (const GLuint tex : live_) glDeleteTextures(1, &tex);
    live_.clear();
    all_textures_lost();
}

}  // namespace tide::platform
