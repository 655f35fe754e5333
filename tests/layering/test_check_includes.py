"""The layering check catches what it should: planted forbidden includes in a small src/ tree
fail it, each named with its file and line; the allowed ones pass."""
import os
import tempfile
import unittest

import check_includes


def plant(root, files):
    for rel, text in files.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'w') as f:
            f.write(text)


ALLOWED_TREE = {
    'core/field.hpp': '#pragma once\n#include <vector>\n',
    'core/spectrum.cpp': '#include "field.hpp"\n#include <kiss_fft.h>\n#include <cmath>\n',
    'app/figure.hpp': '#pragma once\n#include <imgui.h>\n#include "core/field.hpp"\n',
    'cli/main.cpp': '#include "core/field.hpp"\n#include <unistd.h>\n',
    'platform/main_web.cpp': ('#include <emscripten.h>\n#include <SDL.h>\n#include <GLES3/gl3.h>\n'
                              '#include "app/figure.hpp"\n'),
}


class CheckIncludes(unittest.TestCase):
    def run_on(self, extra):
        with tempfile.TemporaryDirectory() as root:
            plant(root, {**ALLOWED_TREE, **extra})
            return [p.replace(root + os.sep, '') for p in check_includes.check(root)]

    def test_allowed_includes_pass(self):
        self.assertEqual(self.run_on({}), [])

    def test_core_including_app(self):
        problems = self.run_on({'core/rapsd.cpp': '#include <vector>\n#include "app/figure.hpp"\n'})
        self.assertEqual(problems, ['core/rapsd.cpp:2: layer \'core\' may not include "app/figure.hpp" (app)'])

    def test_relative_path_into_another_layer(self):
        problems = self.run_on({'core/rapsd.cpp': '#include "../app/figure.hpp"\n'})
        self.assertEqual(problems, ['core/rapsd.cpp:1: layer \'core\' may not include "../app/figure.hpp" (app)'])

    def test_emscripten_outside_platform(self):
        problems = self.run_on({'cli/inputs.cpp': '#include <cstdio>\n#  include <emscripten.h>\n'})
        self.assertEqual(problems, ['cli/inputs.cpp:2: layer \'cli\' may not include <emscripten.h> (emscripten)'])

    def test_sdl_gl_and_imgui_where_not_allowed(self):
        problems = self.run_on({
            'app/window.cpp': '#include <SDL.h>\n#include <GLES3/gl3.h>\n',
            'core/plot.cpp': '#include <imgui.h>\n',
            'cli/draw.cpp': '#include "app/figure.hpp"\n',
        })
        self.assertEqual(sorted(problems), sorted([
            'app/window.cpp:1: layer \'app\' may not include <SDL.h> (sdl)',
            'app/window.cpp:2: layer \'app\' may not include <GLES3/gl3.h> (gl)',
            'core/plot.cpp:1: layer \'core\' may not include <imgui.h> (imgui)',
            'cli/draw.cpp:1: layer \'cli\' may not include "app/figure.hpp" (app)',
        ]))

    def test_third_party_of_the_core_stays_there(self):
        problems = self.run_on({'app/fft.cpp': '#include <kiss_fftr.h>\n#include <stb_image.h>\n'})
        self.assertEqual(len(problems), 2)

    def test_unknown_folder_in_src(self):
        problems = self.run_on({'util/x.cpp': '#include <vector>\n'})
        self.assertEqual(len(problems), 1)
        self.assertIn('no known layer', problems[0])

    def test_the_repository_passes(self):
        src = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'src')
        self.assertEqual(check_includes.check(os.path.normpath(src)), [])


if __name__ == '__main__':
    unittest.main()
