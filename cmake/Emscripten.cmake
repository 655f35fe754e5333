# Emscripten settings shared by every WebAssembly target. The version is pinned in
# emsdk-version.txt; a different one gets a warning, not an error.
file(STRINGS ${PROJECT_SOURCE_DIR}/emsdk-version.txt TIDE_EMSDK_VERSION LIMIT_COUNT 1)
if(DEFINED EMSCRIPTEN_VERSION AND NOT EMSCRIPTEN_VERSION VERSION_EQUAL TIDE_EMSDK_VERSION)
  message(WARNING "Emscripten ${EMSCRIPTEN_VERSION} found; Spectral Tide is tested with "
                  "${TIDE_EMSDK_VERSION} (emsdk-version.txt)")
endif()

# Programs that run under node (CLI, tests): real file system, exit code reaches node.
# node 20's fetch() cannot read file paths, which Emscripten 3.1.6 tries first.
set(TIDE_NODE_LINK_OPTIONS -sNODERAWFS=1 -sEXIT_RUNTIME=1 -sALLOW_MEMORY_GROWTH=1 -sENVIRONMENT=node)
find_program(TIDE_NODE node REQUIRED)
set(CMAKE_CROSSCOMPILING_EMULATOR "${TIDE_NODE};--no-experimental-fetch")

# WebAssembly SIMD: the core's double arithmetic as f64x2 where the compiler can (KissFFT's pair
# build above all, cmake/kissfft_pair). For the project's own targets (all made after this) and
# KissFFT; the same operations in the same order as without it, so results do not change. A
# module with SIMD instructions needs a browser with WebAssembly SIMD (Chrome and Edge 91,
# Firefox 89, Safari 16.4 and later, node 16.4); older ones refuse to compile it.
add_compile_options(-msimd128)
foreach(_kiss tide_kissfft tide_kissfft_pair)
  target_compile_options(${_kiss} PRIVATE -msimd128)
endforeach()
