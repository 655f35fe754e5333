# Third-party code, pinned. FetchContent downloads the upstream release archives (checked by
# SHA256) unless FETCHCONTENT_SOURCE_DIR_<NAME> points at a local copy. scripts/fetch-third-party.sh
# unpacks the same releases from Debian's source packages into third_party/src/<name>, and each
# one found there is used (the Makefile also sets FETCHCONTENT_FULLY_DISCONNECTED, so nothing is
# downloaded here except from Debian). Nothing third-party is committed.
include(FetchContent)
if(POLICY CMP0135)
  cmake_policy(SET CMP0135 NEW)  # extracted files get the time of extraction
endif()

# The copy of <name> that scripts/fetch-third-party.sh unpacked, unless the cache names another.
macro(tide_use_fetched_source name file_inside)
  string(TOUPPER ${name} _upper)
  if(NOT FETCHCONTENT_SOURCE_DIR_${_upper} AND EXISTS ${PROJECT_SOURCE_DIR}/third_party/src/${name}/${file_inside})
    set(FETCHCONTENT_SOURCE_DIR_${_upper} ${PROJECT_SOURCE_DIR}/third_party/src/${name})
  endif()
endmacro()
tide_use_fetched_source(kissfft kiss_fft.c)
tide_use_fetched_source(libsamplerate src/samplerate.c)
tide_use_fetched_source(imgui imgui.cpp)
tide_use_fetched_source(sdl2 CMakeLists.txt)
tide_use_fetched_source(libdeflate lib/deflate_decompress.c)

FetchContent_Declare(kissfft  # KissFFT 131.1.0 (BSD-3-Clause)
  URL https://github.com/mborgerding/kissfft/archive/refs/tags/131.1.0.tar.gz
  URL_HASH SHA256=76c1aac87ddb7258f34b08a13f0eebf9e53afa299857568346aa5c82bcafaf1a)
FetchContent_GetProperties(kissfft)
if(NOT kissfft_POPULATED)
  FetchContent_Populate(kissfft)
endif()

# KissFFT in double precision everywhere (kiss_fft_scalar is float unless defined).
add_library(tide_kissfft STATIC ${kissfft_SOURCE_DIR}/kiss_fft.c ${kissfft_SOURCE_DIR}/kiss_fftr.c)
add_library(tide::kissfft ALIAS tide_kissfft)
target_compile_definitions(tide_kissfft PUBLIC kiss_fft_scalar=double)
target_include_directories(tide_kissfft SYSTEM PUBLIC ${kissfft_SOURCE_DIR})
set_target_properties(tide_kissfft PROPERTIES C_STANDARD 99 POSITION_INDEPENDENT_CODE ON)
target_link_libraries(tide_kissfft PUBLIC m)

# KissFFT's unchanged sources built again as its SIMD build (USE_SIMD), with kiss_fft_scalar the
# vector type of cmake/kissfft_<lanes>/xmmintrin.h: one call transforms several signals, each
# lane bit for bit what tide_kissfft would give one by one. Its exported names are renamed
# (tide_kiss_<lanes>_*) so that every build links into one program; src/core/spectrum.cpp
# declares the ones it calls. C11 for aligned_alloc.
function(tide_kissfft_lanes lanes)
  set(_t tide_kissfft_${lanes})
  set(_p tide_kiss_${lanes})
  add_library(${_t} STATIC ${kissfft_SOURCE_DIR}/kiss_fft.c ${kissfft_SOURCE_DIR}/kiss_fftr.c)
  add_library(tide::kissfft_${lanes} ALIAS ${_t})
  target_include_directories(${_t} BEFORE PRIVATE ${PROJECT_SOURCE_DIR}/cmake/kissfft_${lanes})
  target_include_directories(${_t} SYSTEM PRIVATE ${kissfft_SOURCE_DIR})
  target_compile_definitions(${_t} PRIVATE USE_SIMD=1
    kiss_fft_alloc=${_p}_fft_alloc kiss_fft=${_p}_fft kiss_fft_stride=${_p}_fft_stride
    kiss_fft_cleanup=${_p}_fft_cleanup kiss_fft_next_fast_size=${_p}_fft_next_fast_size
    kf_work=${_p}_kf_work kf_factor=${_p}_kf_factor
    kiss_fftr_alloc=${_p}_fftr_alloc kiss_fftr=${_p}_fftr kiss_fftri=${_p}_fftri)
  set_target_properties(${_t} PROPERTIES C_STANDARD 11 POSITION_INDEPENDENT_CODE ON)
  target_link_libraries(${_t} PUBLIC m)
endfunction()

# Two doubles per lane (cmake/kissfft_pair): SSE2 natively, WebAssembly's f64x2 in the page.
tide_kissfft_lanes(pair)
set(_tide_kiss_builds tide_kissfft tide_kissfft_pair)

# Natively on x86-64, four doubles per lane (cmake/kissfft_quad). -mavx2 makes each operation
# one instruction on the four lanes; no -mfma and -ffp-contract=off keep every multiplication
# and addition separate and rounded as in the scalar build. src/core/spectrum.cpp uses it only
# when the processor reports AVX2 at run time (TIDE_KISSFFT_QUAD), the pair build otherwise:
# the program still runs on any x86-64. Not for WebAssembly, whose SIMD is 128 bits wide (the
# pair build is already one f64x2 instruction per operation there), nor other processors.
if(NOT EMSCRIPTEN AND CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$")
  tide_kissfft_lanes(quad)
  target_compile_definitions(tide_kissfft_quad INTERFACE TIDE_KISSFFT_QUAD=1)
  target_compile_options(tide_kissfft_quad PRIVATE -mavx2 -mno-fma -ffp-contract=off)
  list(APPEND _tide_kiss_builds tide_kissfft_quad)
endif()

# The transforms are most of the spectral core's time: -O3 for every build in every
# optimised configuration (RelWithDebInfo would give -O2).
foreach(_kiss ${_tide_kiss_builds})
  target_compile_options(${_kiss} PRIVATE $<$<NOT:$<CONFIG:Debug>>:-O3>)
endforeach()

# libsamplerate 0.2.2 (BSD-2-Clause): band-limited resampling for the audio chapter.
# SHA256 of the upstream release tarball as Homebrew's formula and other pinned builds (e.g.
# Essentia's wheel script) record it. Debian's orig tarball (libsamplerate_0.2.2.orig.tar.gz,
# which scripts/fetch-third-party.sh unpacks) is instead GitHub's archive of tag 0.2.2, SHA256
# 16e881487f184250deb4fcb60432d7556ab12cb58caea71ef23960aec6c0405a (the hash conan-center's
# recipe pins for that archive); both hold the same src/ and include/ files.
FetchContent_Declare(libsamplerate
  URL https://github.com/libsndfile/libsamplerate/releases/download/0.2.2/libsamplerate-0.2.2.tar.xz
  URL_HASH SHA256=3258da280511d24b49d6b08615bbe824d0cacc9842b0e4caf11c52cf2b043893)
FetchContent_GetProperties(libsamplerate)
if(NOT libsamplerate_POPULATED)
  FetchContent_Populate(libsamplerate)
endif()

# Our own static builds of its converters (its CMakeLists would also build tests and examples
# and install things); what its config.h would say is passed as definitions.
# tide::samplerate has every converter; tide::samplerate_compact leaves out the best sinc
# converter, whose ~1.4 MB filter table would otherwise be most of the page's WebAssembly
# download. tide::core links the compact one into executables whose TIDE_COMPACT_RESAMPLER
# property is ON (the page), the full one everywhere else (src/core/resample.hpp).
function(tide_add_samplerate name)
  add_library(${name} STATIC
    ${libsamplerate_SOURCE_DIR}/src/samplerate.c ${libsamplerate_SOURCE_DIR}/src/src_sinc.c
    ${libsamplerate_SOURCE_DIR}/src/src_linear.c ${libsamplerate_SOURCE_DIR}/src/src_zoh.c)
  target_compile_definitions(${name} PRIVATE HAVE_STDBOOL_H PACKAGE="libsamplerate" VERSION="0.2.2" ${ARGN})
  target_include_directories(${name} SYSTEM PUBLIC ${libsamplerate_SOURCE_DIR}/include)
  set_target_properties(${name} PROPERTIES C_STANDARD 99 POSITION_INDEPENDENT_CODE ON)
  target_link_libraries(${name} PUBLIC m)
endfunction()
tide_add_samplerate(tide_samplerate ENABLE_SINC_BEST_CONVERTER ENABLE_SINC_MEDIUM_CONVERTER ENABLE_SINC_FAST_CONVERTER)
tide_add_samplerate(tide_samplerate_compact ENABLE_SINC_MEDIUM_CONVERTER ENABLE_SINC_FAST_CONVERTER)
add_library(tide::samplerate ALIAS tide_samplerate)
add_library(tide::samplerate_compact ALIAS tide_samplerate_compact)

# libdeflate 1.14 (MIT): the inflate under stb_image's PNG decoder (src/core/image.cpp defines
# stb_image's zlib entry point with it), about three times as fast as stb_image's own, and the
# CRC-32 of PNG chunks. Only its decompressor and checksums are built. Debian's orig tarball
# (libdeflate_1.14.orig.tar.gz) is GitHub's archive of tag v1.14, the one pinned here (Homebrew's
# formula records the same SHA256); Debian's one patch touches only armhf builds.
FetchContent_Declare(libdeflate
  URL https://github.com/ebiggers/libdeflate/archive/refs/tags/v1.14.tar.gz
  URL_HASH SHA256=89e7df898c37c3427b0f39aadcf733731321a278771d20fc553f92da8d4808ac)
FetchContent_GetProperties(libdeflate)
if(NOT libdeflate_POPULATED)
  FetchContent_Populate(libdeflate)
endif()
add_library(tide_libdeflate STATIC
  ${libdeflate_SOURCE_DIR}/lib/deflate_decompress.c ${libdeflate_SOURCE_DIR}/lib/zlib_decompress.c
  ${libdeflate_SOURCE_DIR}/lib/adler32.c ${libdeflate_SOURCE_DIR}/lib/crc32.c ${libdeflate_SOURCE_DIR}/lib/utils.c
  ${libdeflate_SOURCE_DIR}/lib/x86/cpu_features.c ${libdeflate_SOURCE_DIR}/lib/arm/cpu_features.c)
add_library(tide::libdeflate ALIAS tide_libdeflate)
target_include_directories(tide_libdeflate SYSTEM PUBLIC ${libdeflate_SOURCE_DIR})
set_target_properties(tide_libdeflate PROPERTIES C_STANDARD 99 POSITION_INDEPENDENT_CODE ON)

# stb (stb_image, stb_vorbis) and Catch2 v2 are header-only and come from Debian's libstb-dev and catch2.
# Only their own folders are put on the include path, never /usr/include itself.
find_path(TIDE_STB_INCLUDE_DIR stb_image.h PATHS /usr/include/stb NO_DEFAULT_PATH NO_CMAKE_FIND_ROOT_PATH)
if(NOT TIDE_STB_INCLUDE_DIR)
  message(FATAL_ERROR "stb_image.h not found: install Debian's libstb-dev, or pass "
                      "-DTIDE_STB_INCLUDE_DIR=<folder with stb_image.h>")
endif()
add_library(tide_stb INTERFACE)
add_library(tide::stb ALIAS tide_stb)
target_include_directories(tide_stb SYSTEM INTERFACE ${TIDE_STB_INCLUDE_DIR})

# Dear ImGui for the app's library, which builds everywhere (natively without SDL or GL: the
# headless figure test and the fuzzers draw or drive it without a window).
FetchContent_Declare(imgui  # Dear ImGui 1.86 (MIT)
  URL https://github.com/ocornut/imgui/archive/v1.86.tar.gz
  URL_HASH SHA256=6ba6ae8425a19bc52c5e067702c48b70e4403cd339cba02073a462730a63e825)
FetchContent_GetProperties(imgui)
if(NOT imgui_POPULATED)
  FetchContent_Populate(imgui)
endif()
add_library(tide_imgui STATIC
  ${imgui_SOURCE_DIR}/imgui.cpp ${imgui_SOURCE_DIR}/imgui_draw.cpp
  ${imgui_SOURCE_DIR}/imgui_tables.cpp ${imgui_SOURCE_DIR}/imgui_widgets.cpp)
add_library(tide::imgui ALIAS tide_imgui)
target_include_directories(tide_imgui SYSTEM PUBLIC ${imgui_SOURCE_DIR})
target_compile_definitions(tide_imgui PUBLIC IMGUI_DISABLE_OBSOLETE_FUNCTIONS)
set(TIDE_IMGUI_BACKENDS_DIR ${imgui_SOURCE_DIR}/backends)
if(NOT EMSCRIPTEN)
  # Natively a failed IM_ASSERT goes through a handler a test can set (the headless figure
  # test turns it into an exception; without one it aborts like assert()), and ImGui reports
  # every item it lays out to a handler when asked (the test checks each is on screen). The
  # page keeps ImGui's own assert and has no hooks.
  target_sources(tide_imgui PRIVATE ${PROJECT_SOURCE_DIR}/cmake/imgui/tide_imgui_hooks.cpp)
  target_compile_definitions(tide_imgui PUBLIC IMGUI_USER_CONFIG="${PROJECT_SOURCE_DIR}/cmake/imgui/tide_imconfig.h")
endif()

if(TIDE_BUILD_APP)
  if(EMSCRIPTEN)
    # SDL2 2.26.5 (zlib licence), built from source for the web: Emscripten's own SDL port
    # (-sUSE_SDL=2) downloads at build time, which a pinned, offline build cannot do.
    FetchContent_Declare(sdl2
      URL https://github.com/libsdl-org/SDL/releases/download/release-2.26.5/SDL2-2.26.5.tar.gz
      URL_HASH SHA256=ad8fea3da1be64c83c45b1d363a6b4ba8fd60f5bde3b23ec73855709ec5eabf7)
    set(SDL_SHARED OFF CACHE BOOL "" FORCE)
    set(SDL_STATIC ON CACHE BOOL "" FORCE)
    set(SDL_TEST OFF CACHE BOOL "" FORCE)
    set(SDL2_DISABLE_UNINSTALL ON CACHE BOOL "" FORCE)
    FetchContent_MakeAvailable(sdl2)
    add_library(tide_sdl2 INTERFACE)
    target_link_libraries(tide_sdl2 INTERFACE SDL2::SDL2-static)
  else()
    find_package(SDL2 REQUIRED)
    add_library(tide_sdl2 INTERFACE)
    target_link_libraries(tide_sdl2 INTERFACE SDL2::SDL2)
  endif()
  add_library(tide::sdl2 ALIAS tide_sdl2)
endif()

if(TIDE_BUILD_TESTS)
  find_path(TIDE_CATCH2_INCLUDE_DIR catch.hpp PATHS /usr/include/catch2 NO_DEFAULT_PATH NO_CMAKE_FIND_ROOT_PATH)
  if(NOT TIDE_CATCH2_INCLUDE_DIR)
    message(FATAL_ERROR "Catch2 v2 (catch.hpp) not found: install Debian's catch2, or pass "
                        "-DTIDE_CATCH2_INCLUDE_DIR=<folder with catch.hpp>")
  endif()
  add_library(tide_catch2 INTERFACE)
  add_library(tide::catch2 ALIAS tide_catch2)
  target_include_directories(tide_catch2 SYSTEM INTERFACE ${TIDE_CATCH2_INCLUDE_DIR})
endif()
