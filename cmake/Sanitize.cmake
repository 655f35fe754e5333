# Sanitizer and fuzzing builds (native only; the Makefile configures them in build/sanitize).
# TIDE_SANITIZE: AddressSanitizer and UndefinedBehaviorSanitizer on everything compiled here,
# our code and the third-party code built with it (KissFFT, libsamplerate, stb, Dear ImGui);
# the first error ends the program (-fno-sanitize-recover=all), so a test cannot pass over one.
# TIDE_FUZZ: the libFuzzer harnesses of tests/fuzz (clang only; implies TIDE_SANITIZE); every
# object is also compiled with coverage instrumentation for libFuzzer (-fsanitize=fuzzer-no-link;
# programs without libFuzzer, such as the CLI and the core tests, take the ASan runtime's
# no-op coverage callbacks).
option(TIDE_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
option(TIDE_FUZZ "Build the libFuzzer harnesses in tests/fuzz (clang; implies TIDE_SANITIZE)" OFF)

if(TIDE_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang" OR NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "TIDE_FUZZ needs clang (libFuzzer): configure with CC=clang CXX=clang++ "
                        "(Debian: clang and libclang-rt-14-dev)")
  endif()
  set(TIDE_SANITIZE ON CACHE BOOL "Build with AddressSanitizer and UndefinedBehaviorSanitizer" FORCE)
endif()

if(TIDE_SANITIZE)
  if(EMSCRIPTEN)
    message(FATAL_ERROR "TIDE_SANITIZE is for native builds")
  endif()
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=address,undefined)
  if(TIDE_FUZZ)
    add_compile_options(-fsanitize=fuzzer-no-link)
  endif()
endif()
