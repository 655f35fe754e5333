#!/usr/bin/env python3
"""The layering of src/ as a test: every #include in src/<layer>/ names only what that layer may
see (platform -> app -> core, cli -> core; README, "Architecture").

The include roots of cmake/Layers.cmake already make the compiler refuse "app/..." in a core
file; this check also catches what include roots cannot hide: system headers (<emscripten.h> is
on every WebAssembly target's path, <SDL.h> or <imgui.h> may be installed system-wide) and
relative paths ("../app/x.hpp"). Exit status 1 and one line per forbidden include, as
`path:line: layer 'core' may not include "app/figure.hpp" (app)`.

Usage: check_includes.py [SRC_DIR]   (default: the repository's src/)
"""
import os
import re
import sys

# Which layers (quoted "layer/..." includes and relative paths into src/<layer>) and which
# third-party packages (angle-bracket includes) each layer may use.
ALLOWED = {
    'core': ({'core'}, {'kissfft', 'stb', 'deflate', 'samplerate'}),
    'app': ({'app', 'core'}, {'imgui'}),
    'cli': ({'cli', 'core'}, set()),
    'platform': ({'platform', 'app', 'core'}, {'imgui', 'imgui_backends', 'sdl', 'gl', 'emscripten'}),
}

# Third-party headers by package; anything else in <...> (the C and C++ standard libraries,
# POSIX) is allowed everywhere.
PACKAGES = [
    ('kissfft', re.compile(r'^kiss_fft')),
    ('stb', re.compile(r'^stb_|^stb/')),
    ('samplerate', re.compile(r'^samplerate\.h$')),
    ('deflate', re.compile(r'^libdeflate\.h$')),
    ('imgui_backends', re.compile(r'^imgui_impl_')),
    ('imgui', re.compile(r'^imgui|^imconfig|^imstb')),
    ('sdl', re.compile(r'^SDL2?[/_.]|^SDL\.h$')),
    ('gl', re.compile(r'^(GLES\d?|GL|EGL|KHR)/')),
    ('emscripten', re.compile(r'^emscripten[/.]')),
]

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
SOURCE_SUFFIXES = ('.cpp', '.hpp', '.h', '.c', '.cc', '.inc')


def package_of(header):
    for name, pattern in PACKAGES:
        if pattern.search(header):
            return name
    return None


def layer_of_quoted(src_dir, including_file, header):
    """The layer a quoted include reaches: the file beside the includer if there is one (the
    compiler looks there first), else the first path component ("core/x.hpp")."""
    beside = os.path.normpath(os.path.join(os.path.dirname(including_file), header))
    if os.path.exists(beside):
        rel = os.path.relpath(beside, src_dir)
        if rel.startswith('..'):
            return '(outside src)'
        return rel.split(os.sep)[0]
    first = header.split('/')[0]
    return first if first in ALLOWED else None


def check(src_dir):
    problems = []
    for layer in sorted(os.listdir(src_dir)):
        layer_dir = os.path.join(src_dir, layer)
        if not os.path.isdir(layer_dir):
            continue
        if layer not in ALLOWED:
            problems.append(f'{layer_dir}: a folder of src/ that is no known layer ({", ".join(sorted(ALLOWED))})')
            continue
        layers, packages = ALLOWED[layer]
        for dirpath, _, files in os.walk(layer_dir):
            for name in sorted(files):
                if not name.endswith(SOURCE_SUFFIXES):
                    continue
                path = os.path.join(dirpath, name)
                with open(path, encoding='utf-8', errors='replace') as f:
                    for number, line in enumerate(f, 1):
                        m = INCLUDE.match(line)
                        if not m:
                            continue
                        kind, header = m.groups()
                        if kind == '"':
                            reached = layer_of_quoted(src_dir, path, header)
                            if reached is not None and reached not in layers:
                                problems.append(f'{path}:{number}: layer \'{layer}\' may not include '
                                                f'"{header}" ({reached})')
                        else:
                            package = package_of(header)
                            if package is not None and package not in packages:
                                problems.append(f'{path}:{number}: layer \'{layer}\' may not include '
                                                f'<{header}> ({package})')
    return problems


def main(argv):
    src_dir = argv[1] if len(argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'src')
    src_dir = os.path.normpath(src_dir)
    if not os.path.isdir(src_dir):
        print(f'{src_dir}: not a folder', file=sys.stderr)
        return 2
    problems = check(src_dir)
    for p in problems:
        print(p)
    if problems:
        print(f'{len(problems)} forbidden include(s): platform -> app -> core, cli -> core (README, "Architecture")')
        return 1
    print(f'{src_dir}: every include within its layer')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
