"""Tests of `tide denoise` and `tide sample` (src/cli/commands_generate.cpp), natively and as
WebAssembly under node, against tests/reference/reference.py (numpy, scipy).

Run by ctest with the other CLI modules, or by hand as test_cli_figures.py says:

    cd tests/cli && TIDE_NATIVE=../../build/native/tide \\
        TIDE_WASM=../../build/wasm/src/cli/tide.js TIDE_NODE=node \\
        TIDE_ASSETS=../../assets /usr/bin/python3 -m unittest -v test_cli_generate

What is checked:
- denoise: the gain table against the formulas (1e-12), the Wiener gain 1/2 at f_max; the
  PSNRs against numpy's estimates on the same image and noise (1e-9 dB); the PNGs it writes.
- sample, Gaussian model: the sample's RAPSD against numpy's sampler (DDIM and DDPM, shifted
  schedule) on a 32 x 32 field (1e-9); native and WebAssembly agree (1e-12).
- sample, corpus model: with 100 steps, 10 seeds each end on one corpus photograph, which is
  named on stderr with the step at which its weight passed 0.5; --weights agrees with it;
  the WebAssembly build reaches the same photograph at the same step.
- errors: every bad option or file gives one line on stderr and exit status 1 or 2.
"""
import math
import os
import re
import tempfile
import unittest
from pathlib import Path

import numpy as np
from PIL import Image

import test_cli_figures as figures  # run_cli, both, parse_table, reference_field ...
from test_cli_figures import BUILDS, NO_WASM, reference

TOL = 1e-9
_tmp = None


def setUpModule():
    global _tmp
    figures.setUpModule()
    _tmp = tempfile.TemporaryDirectory(prefix="tide-cli-generate-")


def tearDownModule():
    figures.tearDownModule()
    _tmp.cleanup()


def table(run):
    assert run.code == 0, run.err
    return figures.parse_table(run.out)


class DenoiseTest(unittest.TestCase):
    prior = ("--alpha", "2.6", "--intercept", "-3.5")

    def test_gains_follow_their_formulas(self):
        for argv in figures.both("denoise", figures.FILES["kde_owl"], "--t", "0.4", *self.prior):
            t = table(figures.run_cli(argv))
            self.assertEqual(t.header, "freq,gain_wiener,gain_cut,gain_heat")
            f, wiener, cut, heat = t.values.T
            alpha, sigma = 0.6, 0.4
            P = 10 ** -3.5 * np.maximum(f, 1 / 320) ** -2.6
            np.testing.assert_allclose(wiener, alpha ** 2 * P / (alpha ** 2 * P + sigma ** 2), rtol=1e-12)
            f_max = (alpha ** 2 * 10 ** -3.5 / sigma ** 2) ** (1 / 2.6)
            np.testing.assert_array_equal(cut, (f <= f_max).astype(float))
            sigma_b = math.sqrt(2 * math.log(2)) / (2 * math.pi * f_max)
            np.testing.assert_allclose(heat, np.exp(-(2 * np.pi * f) ** 2 * sigma_b ** 2 / 2), rtol=1e-12)
            # Wiener's gain crosses 1/2 where the cut steps down.
            last_kept = np.nonzero(cut)[0][-1]
            self.assertGreater(wiener[last_kept], 0.5)
            self.assertLess(wiener[last_kept + 1], 0.5)

    def test_psnrs_match_numpy(self):
        path = figures.FILES["kde_parrot"]
        x0 = figures.reference_field(path)
        sigma, seed = 0.3, 4
        eps = reference.gaussian_noise(320, 320, seed, log=reference.portable_log)
        x_t = x0 + sigma * eps
        f_max = (10 ** -3.5 / sigma ** 2) ** (1 / 2.6)
        sigma_b = math.sqrt(2 * math.log(2)) / (2 * math.pi * f_max)
        psnr = lambda e: 10 * math.log10(4 / np.mean((e - x0) ** 2))
        expected = {"noisy": psnr(x_t), "wiener": psnr(reference.wiener_denoise(x_t, -3.5, 2.6, 1.0, sigma)),
                    "cut": psnr(reference.low_pass_cut(x_t, f_max)), "heat": psnr(reference.heat_blur(x0, sigma_b)),
                    "cut_clean": psnr(reference.low_pass_cut(x0, f_max))}
        for argv in figures.both("denoise", path, "--sigma", sigma, "--seed", seed, "--psnr", *self.prior):
            run = figures.run_cli(argv)
            self.assertEqual(run.code, 0, run.err)
            rows = dict(line.split(",") for line in run.out.splitlines()[1:])
            self.assertEqual(list(rows), list(expected))
            for name, value in expected.items():
                self.assertAlmostEqual(float(rows[name]), value, delta=TOL * abs(value), msg=name)
        self.assertGreater(expected["wiener"], expected["cut"])

    def test_out_prefix_writes_the_four_pictures(self):
        prefix = Path(_tmp.name) / "owl"
        run = figures.run_cli(figures.both("denoise", figures.FILES["kde_owl"], "--sigma", "1",
                                           "--out-prefix", prefix, *self.prior)[0])
        self.assertEqual(run.code, 0, run.err)
        for suffix in ("noisy", "wiener", "cut", "heat"):
            with Image.open(f"{prefix}-{suffix}.png") as im:
                self.assertEqual((im.size, im.mode), ((320, 320), "L"))
                pixels = np.asarray(im)
            if suffix == "noisy":  # scaled to its own range: black and white both used
                self.assertEqual((pixels.min(), pixels.max()), (0, 255))


class SampleTest(unittest.TestCase):
    def test_gaussian_model_matches_numpy(self):
        prior = (-3.48, 2.618)
        denoise = lambda x, a, s: reference.wiener_denoise(x, *prior, a, s)
        for kind, schedule, steps, shift, seed in (("ddim", "rf", 12, 1.0, 2), ("ddpm", "cosine", 7, 3.0, 9)):
            x, _ = reference.sample(kind, schedule, steps, shift, seed, (32, 32), denoise)
            power, freq = reference.rapsd(x)
            out = Path(_tmp.name) / f"g_{kind}.png"
            runs = figures.run_many(figures.both(
                "sample", "--model", "gaussian", "--alpha", "2.618", "--intercept", "-3.48", "--size", "32",
                "--steps", steps, "--schedule", schedule, "--shift", shift, "--sampler", kind, "--seed", seed,
                "--out", out))
            tables = [table(r) for r in runs]
            for t in tables:
                self.assertEqual(t.header, "freq,power")
                np.testing.assert_allclose(t.values[:, 1], power, rtol=TOL)
                np.testing.assert_allclose(t.values[:, 0], freq, rtol=1e-15)
            if len(tables) == 2:
                np.testing.assert_allclose(tables[0].values, tables[1].values, rtol=figures.PARITY_REL_TOL)

    def test_corpus_model_reaches_a_photograph(self):
        images = Path(os.environ.get("TIDE_ASSETS") or figures.HERE.parent.parent / "assets") / "images"
        pattern = re.compile(r"the sample is (\S+) \(PSNR (\S+) dB\); the weight of (\S+) first passed 0.5 at "
                             r"step (\d+) of 100")
        reached = {}
        argvs = [figures.COMMANDS["native"] + ["sample", "--model", "corpus", str(images), "--steps", "100",
                                               "--seed", str(seed), "--out", str(Path(_tmp.name) / f"c{seed}.png")]
                 for seed in range(10)]
        for seed, run in enumerate(figures.run_many(argvs)):
            self.assertEqual(run.code, 0, run.err)
            m = pattern.search(run.err)
            self.assertIsNotNone(m, run.err)
            psnr = float(m.group(2))
            self.assertGreaterEqual(psnr, 40.0)
            self.assertEqual(m.group(1), m.group(3))
            reached[seed] = (Path(m.group(1)).name, int(m.group(4)))
        # --weights: the first step with a weight above 0.5 is the one named.
        weights = figures.run_cli(argvs[0] + ["--weights"])
        rows = [line.split(",") for line in weights.out.splitlines()[1:]]
        first = next(r for r in rows if float(r[3]) > 0.5)
        self.assertEqual((Path(first[2]).name, int(first[0])), reached[0])
        if "wasm" in BUILDS:
            run = figures.run_cli(figures.COMMANDS["wasm"] + argvs[3][1:])
            m = pattern.search(run.err)
            self.assertIsNotNone(m, run.err)
            self.assertEqual((Path(m.group(1)).name, int(m.group(4))), reached[3])


class ErrorTest(unittest.TestCase):
    def test_bad_command_lines(self):
        owl = figures.FILES["kde_owl"]
        out = Path(_tmp.name) / "x.png"
        cases = [
            (("denoise", owl), 2, "one of --sigma S or --t T"),
            (("denoise", owl, "--sigma", "1", "--t", "0.5"), 2, "one of --sigma S or --t T"),
            (("denoise", owl, "--t", "1"), 2, "alpha = 0"),
            (("denoise", owl, "--t", "nan"), 2, "--t"),
            (("denoise", owl, "--sigma", "1", "--alpha", "3"), 2, "--alpha and --intercept go together"),
            (("denoise", owl, "--sigma", "1", "--alpha", "30", "--intercept", "0"), 2, "--alpha"),
            (("denoise", Path(_tmp.name) / "missing.png", "--sigma", "1"), 1, "missing.png"),
            (("denoise", owl, "--sigma", "1", "--out-prefix", Path(_tmp.name) / "no" / "dir"), 1, "cannot write"),
            (("sample", "--out", out), 2, "--model"),
            (("sample", "--model", "vae", "--out", out), 2, "gaussian or corpus"),
            (("sample", "--model", "corpus", "--out", out), 2, "needs the images"),
            (("sample", "--model", "gaussian", "--out", out), 2, "--alpha A --intercept C"),
            (("sample", "--model", "gaussian", "--alpha", "2", "--intercept", "-3"), 2, "--out"),
            (("sample", "--model", "gaussian", "--alpha", "2", "--intercept", "-3", "--out", out, "--steps", "0"), 2,
             "--steps"),
            (("sample", "--model", "gaussian", "--alpha", "2", "--intercept", "-3", "--out", out, "--shift", "7"), 2,
             "--shift"),
            (("sample", "--model", "gaussian", "--alpha", "2", "--intercept", "-3", "--out", out, "--sampler", "euler"),
             2, "ddim or ddpm"),
            (("sample", "--model", "gaussian", "--alpha", "2", "--intercept", "-3", "--out", out, "--weights"), 2,
             "corpus model"),
            (("sample", "--model", "gaussian", "--alpha", "2", "--intercept", "-3", "--size", "16",
              "--out", Path(_tmp.name) / "no" / "x.png"), 1, "cannot write"),
        ]
        for args, code, words in cases:
            for run in figures.run_many(figures.both(*args)):
                with self.subTest(args=args):
                    self.assertEqual(run.code, code, run.err)
                    self.assertIn(words, run.err)
                    self.assertEqual(run.err.count("\n"), 1, run.err)


if __name__ == "__main__":
    unittest.main()
