// Catch2 v2 entry point of the core tests (native and WebAssembly under node).
#define CATCH_CONFIG_MAIN
#include <catch.hpp>
