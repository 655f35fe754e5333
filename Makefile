# Spectral Tide: the two commands (`make serve`, `make test`) and the builds behind them.
# Each target installs what is missing first (Debian packages, pinned third-party sources,
# npm packages), so a fresh Debian 12 machine needs nothing else. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := web

# Debian's Emscripten needs Debian's node modules (acorn) when run by a non-Debian node.
export NODE_PATH := /usr/share/nodejs
JOBS ?= $(shell nproc)
PORT ?= 8000
# The folders of CMakePresets.json's presets (binaryDir, TIDE_SITE_DIR).
NATIVE_DIR := build/native
WASM_DIR := build/wasm
SITE_DIR := build/web
SANITIZE_DIR := build/sanitize
FUZZ_DIR := build/fuzz
FUZZ_SECONDS ?= 600
FUZZERS ?= image audio state
# The pinned third-party sources are unpacked into third_party/src (cmake/Dependencies.cmake
# finds them there); nothing is downloaded at configure time (every preset sets
# FETCHCONTENT_FULLY_DISCONNECTED).

.PHONY: deps deps-web native wasm web test format sanitize sanitize-build fuzz serve bench clean distclean

## deps-web: what the page needs (make web, make serve): Debian packages, the pinned sources and
## the npm package that typesets the article's formulas (temml)
deps-web:
	@scripts/install-deps.sh web
	@scripts/fetch-third-party.sh
	@scripts/install-npm.sh

## deps: everything, for the tests too (native toolchain, Chromium, numpy, npm packages ...)
deps:
	@scripts/install-deps.sh test
	@scripts/fetch-third-party.sh
	@scripts/install-npm.sh

# The three builds are CMakePresets.json's configure presets (native, wasm, sanitize): their
# folders and cache settings live there, so `cmake --preset native` by hand is the same build.
$(NATIVE_DIR)/CMakeCache.txt:
	cmake --preset native

# ASan + UBSan (and libFuzzer) need clang (the preset names it); this build has its own folder.
$(SANITIZE_DIR)/CMakeCache.txt:
	cmake --preset sanitize

# The page alone (make web) configures without the tests, which need more packages; the first
# `make wasm` turns them on (TIDE_BUILD_TESTS).
$(WASM_DIR)/CMakeCache.txt:
	emcmake cmake --preset wasm -DTIDE_BUILD_TESTS=$(if $(WASM_TESTS),ON,OFF)

## native: the CLI at build/native/tide, and the native tests
native: deps $(NATIVE_DIR)/CMakeCache.txt
	cmake --build $(NATIVE_DIR) -j $(JOBS)

## wasm: everything for WebAssembly (the app, the CLI and tests for node)
wasm: WASM_TESTS := 1
wasm: deps $(WASM_DIR)/CMakeCache.txt
	@grep -q '^TIDE_BUILD_TESTS:BOOL=ON' $(WASM_DIR)/CMakeCache.txt || \
	  emcmake cmake -S . -B $(WASM_DIR) -DTIDE_BUILD_TESTS=ON >/dev/null
	cmake --build $(WASM_DIR) -j $(JOBS)

## web: the static site in build/web (all a web server needs)
web: deps-web $(WASM_DIR)/CMakeCache.txt
	cmake --build $(WASM_DIR) -j $(JOBS) --target site

sanitize-build: deps $(SANITIZE_DIR)/CMakeCache.txt
	cmake --build $(SANITIZE_DIR) -j $(JOBS)

## sanitize: the core tests, the CLI tests and each fuzzer for 30 s, under ASan and UBSan
sanitize: sanitize-build
	ctest --test-dir $(SANITIZE_DIR) --output-on-failure

## fuzz: each fuzzer (FUZZERS) for FUZZ_SECONDS, one after another; the corpus grows in build/fuzz
fuzz: sanitize-build
	@status=0; for name in $(FUZZERS); do \
	  tests/fuzz/run-fuzzer.sh $(SANITIZE_DIR)/tests/fuzz/fuzz_$$name tests/fuzz/corpus/$$name \
	      $(FUZZ_DIR)/$$name $(FUZZ_SECONDS) || status=1; \
	done; exit $$status

## test: every test (core natively and under node, CLI both ways, the page in Chromium), then
## the sanitizer build's (`make sanitize`); fails if any fails
test: native wasm sanitize-build
	@status=0; cmake --build $(NATIVE_DIR) --target format-check || status=1; \
	ctest --test-dir $(NATIVE_DIR) --output-on-failure || status=1; \
	ctest --test-dir $(SANITIZE_DIR) --output-on-failure || status=1; exit $$status

## format: clang-format-14 over src/ and tests/ (make test checks it)
format: $(NATIVE_DIR)/CMakeCache.txt
	cmake --build $(NATIVE_DIR) --target format

## bench: one table: the core natively and as WebAssembly (node) against numpy, and FFTW; the
## whole `tide fit` process on datasets against numpy + PIL, and its peak memory; then the page in headless Chromium (first frame, first figure, bytes, idle CPU, the sampler's frames, peak memory with twenty embeds)
bench: native wasm $(NATIVE_DIR)/bench_fftw
	/usr/bin/python3 tests/bench/compare.py --native $(NATIVE_DIR)/tests/tide_bench \
	    --wasm $(WASM_DIR)/tests/tide_bench.js --fftw $(NATIVE_DIR)/bench_fftw
	/usr/bin/python3 tests/bench/bench_fit.py --tide $(NATIVE_DIR)/tide --work $(NATIVE_DIR)/bench-data
	node tests/bench/page_bench.mjs $(SITE_DIR)
	node tests/bench/weight_bench.mjs $(SITE_DIR)

# FFTW (libfftw3-dev) is the benchmark's reference line only: one plain compile, no CMake.
$(NATIVE_DIR)/bench_fftw: tests/bench/bench_fftw.c | $(NATIVE_DIR)/CMakeCache.txt
	cc -O2 -Wall -Wextra -o $@ $< -lfftw3 -lm

## serve: build the page and serve it at http://localhost:$(PORT)/
serve: web
	node scripts/serve.mjs $(SITE_DIR) $(PORT)

clean:
	rm -rf build

distclean: clean
	rm -rf third_party node_modules
