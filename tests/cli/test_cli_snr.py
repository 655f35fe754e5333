"""Tests of `tide snr` and `tide effort` (issue 16), in the native build and the WebAssembly
build under node.

Run by ctest with the other CLI modules (tests/CMakeLists.txt), or by hand from this folder:

    cd tests/cli && TIDE_NATIVE=../../build/native/tide \\
        TIDE_WASM=../../build/wasm/src/cli/tide.js TIDE_NODE=node \\
        TIDE_ASSETS=../../assets /usr/bin/python3 -m unittest -v test_cli_snr

What is checked:
- ContourTest: `tide snr --contour TAU` prints exactly what `tide fmax --tau TAU` prints for
  the same schedule and corpus (the 63 photographs) at every t of the default grid (99 steps),
  for every schedule, in both builds; in the map, the contour's bin is above TAU and every
  higher bin at or below it.
- ReferenceTest: the SNR map matches numpy's 10 log10(alpha^2 P / sigma^2) (reference.py's
  schedule_level) to 1e-9 dB; the exact effort density matches reference.py's
  effort_probabilities (1e-9), integrates to 1 (1e-6); the Monte Carlo estimate (--samples,
  --seed) lies within 5 binomial standard errors of it in every bin, and a seed repeats.
- ParityTest: native and WebAssembly print the same numbers (1e-12 relative).
- ErrorTest: exit status 2 for bad command lines, 1 for unusable files, one line on stderr.
"""
import os
import shutil
import sys
import unittest
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "reference"))
import reference  # noqa: E402
from support import BUILDS, COMMANDS, both, commands_from_env, parse_table, relative_errors, run_cli, run_many  # noqa: E402
from test_cli_figures import reference_mean_spectrum  # noqa: E402

PARITY_REL_TOL = 1e-12
FILES = {}
# --schedule arguments and reference.py's (kind, shift, resolution) at --size 128.
SCHEDULES = {"rf": ([], ("rf", 3.0, 128.0)), "cosine": (["--schedule", "cosine"], ("cosine", 3.0, 128.0)),
             "sd3": (["--schedule", "sd3", "--shift", "2.5"], ("sd3", 2.5, 128.0)),
             "edm": (["--schedule", "edm"], ("edm", 3.0, 128.0)),
             "simple": (["--schedule", "simple"], ("simple", 3.0, 128.0))}


def setUpModule():
    native, wasm = os.environ.get("TIDE_NATIVE"), os.environ.get("TIDE_WASM")
    if not native:
        raise RuntimeError("TIDE_NATIVE not set: see the docstring of tests/cli/test_cli_snr.py")
    node = os.environ.get("TIDE_NODE") or shutil.which("node")
    commands_from_env(native, wasm, node)
    assets = Path(os.environ.get("TIDE_ASSETS") or HERE.parent.parent / "assets")
    FILES["corpus"] = assets / "images"
    FILES["owl"] = assets / "images" / "kde_owl.png"
    FILES["parrot"] = assets / "images" / "kde_parrot.png"


def ok_table(test, run, header):
    test.assertEqual(run.code, 0, run.err)
    table = parse_table(run.out)
    test.assertEqual(table.header, header)
    return table


class ContourTest(unittest.TestCase):
    def test_contour_is_fmax_for_every_schedule(self):
        corpus = FILES["corpus"]
        for name, (args, _) in SCHEDULES.items():
            for tau in ("1", "0.3"):
                argvs = both("snr", corpus, "--size", 128, "--contour", tau, *args) + \
                    both("fmax", corpus, "--size", 128, "--tau", tau, *args)
                runs = run_many(argvs)
                with self.subTest(schedule=name, tau=tau):
                    for run in runs:
                        self.assertEqual(run.code, 0, run.err)
                    contours, fmaxes = runs[:len(BUILDS)], runs[len(BUILDS):]
                    for build, contour, fmax in zip(BUILDS, contours, fmaxes):
                        self.assertEqual(contour.out, fmax.out, build)
                    self.assertEqual(len(parse_table(contours[0].out).cells), 99)

    def test_contour_bounds_the_map(self):
        for name, (args, _) in SCHEDULES.items():
            with self.subTest(schedule=name):
                runs = run_many([COMMANDS["native"] + [str(a) for a in ["snr", FILES["owl"], "--size", 64, "--steps", 19] + args],
                                 COMMANDS["native"] + [str(a) for a in ["snr", FILES["owl"], "--size", 64, "--steps", 19,
                                                                        "--contour", 2] + args]])
                m = ok_table(self, runs[0], "t,freq,snr_db").values
                c = ok_table(self, runs[1], "t,fmax").values
                self.assertEqual(len(m), 19 * 31)
                for t, fmax in c:
                    rows = m[m[:, 0] == t]
                    self.assertTrue(np.all(rows[rows[:, 1] > fmax, 2] <= 10 * np.log10(2) + 1e-9))
                    if fmax > 0:
                        self.assertGreater(rows[rows[:, 1] == fmax, 2][0], 10 * np.log10(2) - 1e-9)


class ReferenceTest(unittest.TestCase):
    def test_map_matches_numpy(self):
        paths = [FILES["owl"], FILES["parrot"]]
        freq, mean = reference_mean_spectrum(paths, size=128)
        power = 10.0 ** mean
        for name, (args, (kind, shift, res)) in SCHEDULES.items():
            with self.subTest(schedule=name):
                t = ok_table(self, run_cli(COMMANDS["native"] + [str(a) for a in ["snr", *paths, "--size", 128,
                                                                                   "--steps", 9] + args]),
                             "t,freq,snr_db").values
                want = []
                for j in range(1, 10):
                    a, s = reference.schedule_level(kind, j / 10, shift, res)
                    want += [[j / 10, f, 10 * np.log10(a * a * p / (s * s))] for f, p in zip(freq[1:], power[1:])]
                want = np.array(want)
                np.testing.assert_array_equal(t[:, 0], want[:, 0])
                self.assertLess(np.max(np.abs(t[:, 1] - want[:, 1])), 1e-15)
                self.assertLess(np.max(np.abs(t[:, 2] - want[:, 2])), 1e-9)

    def test_effort_matches_numpy_and_monte_carlo(self):
        paths = [FILES["owl"], FILES["parrot"]]
        freq, mean = reference_mean_spectrum(paths, size=128)
        power = 10.0 ** mean
        n = 200000
        for name, (args, (kind, shift, res)) in SCHEDULES.items():
            with self.subTest(schedule=name):
                base = ["effort", *paths, "--size", 128] + args
                exact, mc, mc_again = run_many([COMMANDS["native"] + [str(a) for a in base],
                                                COMMANDS["native"] + [str(a) for a in base + ["--samples", n, "--seed", 5]],
                                                COMMANDS["native"] + [str(a) for a in base + ["--samples", n, "--seed", 5]]])
                e = ok_table(self, exact, "freq,density").values
                m = ok_table(self, mc, "freq,density").values
                self.assertEqual(mc.out, mc_again.out)
                df = 1 / 128
                want = reference.effort_probabilities(freq, power, 1.0, kind, shift, res)
                self.assertLess(np.max(np.abs(e[:, 1] * df - want)), 1e-9)
                self.assertLess(abs(np.sum(e[:, 1]) * df - 1), 1e-6)
                self.assertLess(abs(np.sum(m[:, 1]) * df - 1), 1e-6)
                se = np.sqrt(want * (1 - want) / n)
                self.assertTrue(np.all(np.abs(m[:, 1] * df - want) <= 5 * se + 1 / n),
                                np.max(np.abs(m[:, 1] * df - want) / (se + 1e-300)))


class ParityTest(unittest.TestCase):
    @unittest.skipUnless("wasm" in BUILDS, "TIDE_WASM is not set: only the native build is tested")
    def test_same_numbers(self):
        cases = [["snr", FILES["owl"], "--size", 64, "--steps", 7, "--schedule", "edm"],
                 ["snr", FILES["owl"], FILES["parrot"], "--size", 96, "--steps", 5, "--schedule", "simple"],
                 ["effort", FILES["owl"], "--schedule", "sd3", "--shift", 3],
                 ["effort", FILES["parrot"], "--size", 64, "--samples", 5000, "--seed", 9]]
        for args in cases:
            with self.subTest(args=args[0]):
                native, wasm = run_many(both(*args))
                a, b = parse_table(native.out), parse_table(wasm.out)
                self.assertEqual(a.header, b.header)
                self.assertLessEqual(np.max(relative_errors(a.values, b.values)), PARITY_REL_TOL)


class ErrorTest(unittest.TestCase):
    def test_errors(self):
        owl = FILES["owl"]
        cases = [
            (["snr"], 2, "snr needs at least one IMAGE file or folder"),
            (["snr", owl, "--schedule", "linear"], 2, "--schedule must be rf, cosine, sd3, edm or simple; got 'linear'"),
            (["snr", owl, "--schedule"], 2, "--schedule needs a value"),
            (["snr", owl, "--shift", "2"], 2, "--shift applies to --schedule sd3 only"),
            (["snr", owl, "--schedule", "sd3", "--shift", "0"], 2, "--shift must be a finite number >= 0.01; got '0'"),
            (["snr", owl, "--schedule", "sd3", "--shift", "nan"], 2, "--shift must be a finite number"),
            (["snr", owl, "--contour", "0"], 2, "--contour must be a finite number > 0; got '0'"),
            (["snr", owl, "--steps", "0"], 2, "--steps must be an integer from 1 to 100000; got '0'"),
            (["snr", owl, "--bogus"], 2, "unknown option '--bogus'"),
            (["snr", owl.parent / "missing.png"], 1, "missing.png"),
            (["effort"], 2, "effort needs at least one IMAGE file or folder"),
            (["effort", owl, "--samples", "0"], 2, "--samples must be an integer from 1 to 100000000; got '0'"),
            (["effort", owl, "--seed", "3"], 2, "--seed needs --samples"),
            (["effort", owl, "--seed", "-1", "--samples", "5"], 2, "--seed must be an integer"),
            (["effort", owl, "--schedule", "edm", "--shift", "3"], 2, "--shift applies to --schedule sd3 only"),
            (["effort", owl, "--tau", "inf"], 2, "--tau must be a finite number > 0"),
        ]
        argvs = [argv for args, _, _ in cases for argv in both(*args)]
        runs = iter(run_many(argvs))
        for args, code, message in cases:
            for build in BUILDS:
                run = next(runs)
                with self.subTest(args=[str(a) for a in args], build=build):
                    self.assertEqual(run.code, code, run.err)
                    self.assertEqual(run.out, "")
                    self.assertIn(message, run.err)
                    self.assertEqual(run.err.count("\n"), 1, run.err)

    def test_help(self):
        for command in ("snr", "effort"):
            for run in run_many(both(command, "--help")):
                self.assertEqual(run.code, 0)
                self.assertIn(f"usage: tide {command} PATH...", run.out)
                self.assertIn("--schedule S", run.out)


if __name__ == "__main__":
    unittest.main()
