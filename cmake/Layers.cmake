# Per-layer include roots: the layering (platform -> app -> core, cli -> core) enforced by the
# compiler, not by discipline. src/ itself is never an include root. Each layer instead gets
# its own root in the build folder, <build>/layers/<layer>, holding a single symbolic link
# <layer> -> src/<layer>, published by the INTERFACE target tide::<layer>_headers. The code
# keeps writing #include "core/...", "app/...", but only what a target links is on its path:
#   tide::core   sees core (and KissFFT, stb, libsamplerate, privately)
#   tide::app    sees app and core, and Dear ImGui
#   tide (cli)   sees core
#   platform     sees app and core, Dear ImGui, SDL2, GL and Emscripten
# So a core file that includes "app/..." fails to compile ("No such file or directory").
# What the include roots cannot hide (system headers such as <emscripten.h>, relative paths
# such as "../app/x.hpp") is checked by the `layering` test (tests/layering/check_includes.py).
function(tide_layer_headers layer)
  set(_root ${CMAKE_BINARY_DIR}/layers/${layer})
  file(MAKE_DIRECTORY ${_root})
  if(NOT EXISTS ${_root}/${layer})
    file(CREATE_LINK ${PROJECT_SOURCE_DIR}/src/${layer} ${_root}/${layer} SYMBOLIC)
  endif()
  add_library(tide_${layer}_headers INTERFACE)
  add_library(tide::${layer}_headers ALIAS tide_${layer}_headers)
  target_include_directories(tide_${layer}_headers INTERFACE ${_root})
endfunction()

tide_layer_headers(core)
tide_layer_headers(app)
