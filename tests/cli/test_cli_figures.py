"""Tests of the `tide` subcommands behind the essay's figures: fit, noisy, fmax and slices,
in the native build and the WebAssembly build under node.

Run by ctest together with test_cli.py (tests/CMakeLists.txt), or by hand from this folder
with Debian's python3 (it has numpy and PIL), with the same variables as test_cli.py (without
TIDE_WASM only the native build is tested):

    cd tests/cli && TIDE_NATIVE=../../build/native/tide \\
        TIDE_WASM=../../build/wasm/src/cli/tide.js TIDE_NODE=node \\
        TIDE_ASSETS=../../assets /usr/bin/python3 -m unittest -v test_cli_figures

What is checked:
- ParityTest: native and WebAssembly print the same numbers (1e-12 relative) for every new
  subcommand under several option sets.
- ReferenceTest: fit, fit --curve, fmax and slices match tests/reference/reference.py (numpy
  on the same images decoded by PIL): fits to 1e-9, curves and slices to 1e-9, f_max the
  same bin at every step;
  noisy matches numpy on the Python re-implementation of the noise generator.
- NoisyTest: a seed reproduces the same output, run after run, in both builds; other seeds
  differ; --sigma 0 gives clean = noisy.
- FolderTest: a folder means its .png/.jpg/.jpeg files (any case), sorted, not recursing.
- FormatTest: headers, row counts, t = j/(N+1), 17 significant digits.
- JobsTest: fit, fit --curve and fmax print the same bytes for --jobs 1, 2, 3 and the
  default (the images are analysed on threads but averaged in input order); --progress
  ends with the summary line 'tide: N images in S s (R images/s)' and changes nothing on
  stdout; the WebAssembly build (no threads) accepts --jobs 2 and prints native's numbers.
- ErrorTest: exit status 1 (data) or 2 (usage), one line on stderr naming the problem, the
  same message in both builds; --help of every command.
"""
import math
import os
import re
import shutil
import sys
import tempfile
import unittest
from pathlib import Path

import numpy as np
from PIL import Image

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "reference"))
import reference  # noqa: E402  (tests/reference/reference.py, the independent numpy implementation)
from support import (BUILDS, COMMANDS, NO_WASM, Run, Table, both, commands_from_env,  # noqa: E402,F401
                     parse_table, relative_errors, run_cli, run_many)

# Native vs WebAssembly: not bit-identical (KissFFT's twiddles come from each platform's libm).
PARITY_REL_TOL = 1e-12
# Against numpy: the fits' and curves' tolerance of tests/core (1e-9); f_max selects bins, so
# it must pick the same bin.
REFERENCE_REL_TOL = 1e-9
RUN_TIMEOUT_S = 120

CORPUS = ["kde_owl", "kde_parrot", "gnome_mountain", "scratch_forest", "skimage_astronaut"]
# The WebAssembly build only when TIDE_WASM names it (as in test_cli.py).
FILES = {}     # name -> path
OBSERVED = {"parity": 0.0, "reference": 0.0}
_tmp = None


def decode_rgb(path):
    """8-bit RGB of a PNG, as stb_image decodes it (the corpus is 8-bit RGB)."""
    with Image.open(path) as im:
        return np.asarray(im.convert("RGB"))


def reference_field(path, size=320, scale="pm1", channel="green", crop=True):
    """The field the CLI analyses, computed by reference.py from PIL's pixels."""
    field = reference.image_channel(decode_rgb(path), channel, scale)
    if crop:
        field = reference.crop_center_square(field)
    if size and field.shape != (size, size):
        field = reference.resize_area(field, size, size)
    return field


def reference_mean_spectrum(paths, **options):
    """(freq, mean log10 power) of reference.rapsd over the images."""
    spectra = [reference.rapsd(reference_field(p, **options)) for p in paths]
    return spectra[0][1], reference.mean_log10([power for power, _ in spectra])


# ---------------------------------------------------------------------------------------------

def setUpModule():
    global _tmp
    if not os.environ.get("TIDE_NATIVE"):
        raise RuntimeError("TIDE_NATIVE not set: see the docstring of tests/cli/test_cli_figures.py")
    native, wasm = os.environ["TIDE_NATIVE"], os.environ.get("TIDE_WASM")
    node = os.environ.get("TIDE_NODE") or shutil.which("node")
    assets = Path(os.environ.get("TIDE_ASSETS") or HERE.parent.parent / "assets")
    if not (os.path.isfile(native) and (not wasm or (os.path.isfile(wasm) and node)) and (assets / "images").is_dir()):
        raise RuntimeError(f"need TIDE_NATIVE ({native}), TIDE_WASM ({wasm}), node ({node}) and "
                           f"TIDE_ASSETS ({assets}) to exist")
    commands_from_env(native, wasm, node)

    _tmp = tempfile.TemporaryDirectory(prefix="tide-cli-figures-")
    tmp = Path(_tmp.name)
    images = assets / "images"
    for name in CORPUS:
        FILES[name] = images / f"{name}.png"

    # A folder: three PNGs (one with an upper-case extension), a JPEG, a text file and a
    # sub-folder with an image, which must be ignored.
    folder = tmp / "folder"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(FILES["kde_parrot"], folder / "b_parrot.png")
    shutil.copy(FILES["kde_owl"], folder / "a_owl.PNG")
    shutil.copy(FILES["gnome_mountain"], folder / "d_mountain.png")
    Image.open(FILES["scratch_forest"]).convert("RGB").save(folder / "c_forest.jpeg", quality=92)
    (folder / "notes.txt").write_text("not an image\n")
    shutil.copy(FILES["skimage_astronaut"], folder / "sub" / "astronaut.png")
    FILES["folder"] = folder
    FILES["folder_sorted"] = [folder / n for n in ("a_owl.PNG", "b_parrot.png", "c_forest.jpeg", "d_mountain.png")]

    # Non-square images, for --no-crop --size 0.
    FILES["wide"] = tmp / "wide_301x217.png"
    Image.open(FILES["gnome_mountain"]).crop((7, 11, 308, 228)).save(FILES["wide"])
    FILES["tall"] = tmp / "tall_200x257.png"
    Image.open(FILES["kde_parrot"]).crop((60, 20, 260, 277)).save(FILES["tall"])

    # Unusable inputs.
    FILES["missing"] = tmp / "missing.png"
    FILES["empty_folder"] = tmp / "empty_folder"
    FILES["empty_folder"].mkdir()
    (FILES["empty_folder"] / "readme.txt").write_text("no images here\n")
    bad = tmp / "bad_folder"
    bad.mkdir()
    shutil.copy(FILES["kde_owl"], bad / "a_good.png")
    data = FILES["kde_parrot"].read_bytes()
    (bad / "b_truncated.png").write_bytes(data[:len(data) // 2])
    FILES["bad_folder"] = bad
    # Many images with two unusable ones: with --jobs N the error is still the first in
    # input order.
    bad_many = tmp / "bad_many"
    bad_many.mkdir()
    for i in range(24):
        shutil.copy(FILES[CORPUS[i % len(CORPUS)]], bad_many / f"{i:02d}.png")
    (bad_many / "09.png").write_bytes(data[:len(data) // 2])
    (bad_many / "05.png").write_text("not a picture either\n")
    FILES["bad_many"] = bad_many
    FILES["images"] = images
    FILES["text"] = tmp / "text.png"
    FILES["text"].write_text("this is not a picture\n")
    FILES["flat"] = tmp / "flat.png"  # a constant image: no power above DC, nothing to fit
    Image.new("RGB", (32, 32), (10, 200, 30)).save(FILES["flat"])


def tearDownModule():
    if _tmp is not None:
        _tmp.cleanup()
    if COMMANDS:
        print(f"\ntest_cli_figures: largest relative error seen: native vs wasm {OBSERVED['parity']:.3g}, "
              f"CLI vs numpy reference {OBSERVED['reference']:.3g}", file=sys.stderr)


class CliTestCase(unittest.TestCase):
    maxDiff = None

    def table(self, r: Run, header, what="") -> Table:
        """The CSV of a successful, quiet run, with the expected header."""
        self.assertEqual((r.code, r.err), (0, ""), f"{what} failed")
        try:
            t = parse_table(r.out)
        except ValueError as e:
            self.fail(f"{what}: unreadable CSV ({e}):\n{r.out[:500]}")
        self.assertEqual(t.header, header, what)
        return t

    def tide(self, build, *args) -> Run:
        return run_cli(COMMANDS[build] + [str(a) for a in args])

    def assert_close(self, got, want, rel_tol, kind, what=""):
        got, want = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
        self.assertEqual(got.shape, want.shape, f"{what}: shape")
        rel = relative_errors(got, want).ravel()
        if rel.size:
            worst = int(np.argmax(rel))
            OBSERVED[kind] = max(OBSERVED[kind], float(rel[worst]))
            self.assertLessEqual(rel[worst], rel_tol,
                                 f"{what}: element {worst}: {got.ravel()[worst]!r} vs {want.ravel()[worst]!r}")


# ---------------------------------------------------------------------------------------------

@unittest.skipUnless("wasm" in BUILDS, NO_WASM)
class ParityTest(CliTestCase):
    """Native and WebAssembly print the same table for every new subcommand."""

    CASES = [  # (args, header)
        (["fit", "@kde_owl", "@kde_parrot", "@gnome_mountain"], "alpha,intercept,n_images"),
        (["fit", "@folder"], "alpha,intercept,n_images"),
        (["fit", "@folder", "--raw-bins", "--size", "64"], "alpha,intercept,n_images"),
        (["fit", "@scratch_forest", "--channel", "gray", "--scale", "unit", "--size", "101"],
         "alpha,intercept,n_images"),
        (["fit", "--curve", "@folder"], "freq,log10_power"),
        (["fit", "--curve", "@wide", "--size", "0", "--no-crop"], "freq,log10_power"),
        (["noisy", "@kde_owl", "--sigma", "0.5", "--seed", "42"], "freq,clean,noisy,expected"),
        (["noisy", "@wide", "--sigma", "2", "--seed", "18446744073709551615", "--size", "0", "--no-crop"],
         "freq,clean,noisy,expected"),
        (["noisy", "@tall", "--sigma", "0.1", "--size", "77", "--scale", "raw"], "freq,clean,noisy,expected"),
        (["fmax", "@folder"], "t,fmax"),
        (["fit", "@images", "--jobs", "2"], "alpha,intercept,n_images"),
        (["fit", "--curve", "@folder", "--jobs", "2", "--size", "64"], "freq,log10_power"),
        (["fmax", "@folder", "--jobs", "2", "--steps", "9"], "t,fmax"),
        (["fmax", "@kde_owl", "@kde_parrot", "--schedule", "cosine", "--tau", "0.3", "--steps", "7"], "t,fmax"),
        (["fmax", "@gnome_mountain", "--size", "101", "--steps", "1000", "--tau", "4"], "t,fmax"),
        (["slices", "@kde_owl"], "angle_deg,freq,power"),
        (["slices", "@skimage_astronaut", "--angles", "7", "--size", "101"], "angle_deg,freq,power"),
        (["slices", "@tall", "--angles", "1", "--size", "0", "--no-crop"], "angle_deg,freq,power"),
    ]

    def test_parity(self):
        cases = [([str(FILES[a[1:]]) if a.startswith("@") else a for a in args], header)
                 for args, header in self.CASES]
        runs = iter(run_many(argv for args, _ in cases for argv in both(*args)))
        for (args, header), (label, _) in zip(cases, self.CASES):
            native, wasm = next(runs), next(runs)
            with self.subTest(" ".join(label)):
                n = self.table(native, header, "native")
                w = self.table(wasm, header, "wasm")
                self.assertEqual(len(w.cells), len(n.cells), "number of rows")
                self.assertGreater(len(n.cells), 0)
                self.assert_close(w.values, n.values, PARITY_REL_TOL, "parity", "wasm vs native")


class ReferenceTest(CliTestCase):
    """The CLI against tests/reference/reference.py on corpus images."""

    def test_fit_matches_numpy(self):
        paths = [FILES[n] for n in ("kde_owl", "kde_parrot", "gnome_mountain")]
        for options, kwargs in [((), {}), (("--size", "64"), {"size": 64}),
                                (("--channel", "gray", "--scale", "raw"), {"channel": "gray", "scale": "raw"})]:
            freq, mean = reference_mean_spectrum(paths, **kwargs)
            for raw_bins in (False, True):
                alpha, intercept, _ = reference.fit_power_law(freq, mean, resample=not raw_bins)
                extra = ("--raw-bins",) if raw_bins else ()
                for build in BUILDS:
                    with self.subTest(options=" ".join(options + extra), build=build):
                        t = self.table(self.tide(build, "fit", *paths, *options, *extra), "alpha,intercept,n_images")
                        self.assertEqual(t.cells[0][2], "3")
                        self.assert_close(t.values[0, :2], [alpha, intercept], REFERENCE_REL_TOL, "reference",
                                          "alpha, intercept vs numpy")

    def test_single_corpus_images_fit_numpy(self):
        for name in CORPUS:
            freq, mean = reference_mean_spectrum([FILES[name]])
            alpha, intercept, _ = reference.fit_power_law(freq, mean)
            with self.subTest(name):
                t = self.table(self.tide("native", "fit", FILES[name]), "alpha,intercept,n_images")
                self.assert_close(t.values[0, :2], [alpha, intercept], REFERENCE_REL_TOL, "reference", name)

    def test_curve_matches_numpy(self):
        paths = [FILES[n] for n in ("kde_owl", "scratch_forest")]
        freq, mean = reference_mean_spectrum(paths)
        for build in BUILDS:
            with self.subTest(build=build):
                t = self.table(self.tide(build, "fit", "--curve", *paths), "freq,log10_power")
                # freq = r/L (numpy's fftfreq computes r * (1/L), which may differ in the last bit).
                self.assertEqual(list(t.values[:, 0]), [r / 320 for r in range(1, 160)], "bins 1 .. 159, DC removed")
                self.assert_close(t.values[:, 0], freq[1:], 1e-15, "reference", "freq vs numpy")
                self.assert_close(t.values[:, 1], mean[1:], REFERENCE_REL_TOL, "reference", "log10 power vs numpy")

    def test_fmax_matches_numpy(self):
        paths = [FILES[n] for n in ("kde_owl", "kde_parrot")]
        freq, mean = reference_mean_spectrum(paths)
        power = 10.0 ** mean
        for schedule, tau, steps in [("rf", 1.0, 99), ("cosine", 0.25, 40), ("rf", 10.0, 13)]:
            want = np.array(reference.f_max_curve(freq, power, tau, schedule, steps))
            with self.subTest(schedule=schedule, tau=tau, steps=steps):
                t = self.table(self.tide("native", "fmax", *paths, "--schedule", schedule, "--tau", tau,
                                         "--steps", steps), "t,fmax")
                np.testing.assert_array_equal(t.values[:, 0], want[:, 0])
                # The same bin r at every step (frequencies r/L vs numpy's r * (1/L)).
                np.testing.assert_array_equal(np.rint(t.values[:, 1] * 320), np.rint(want[:, 1] * 320))
                self.assert_close(t.values[:, 1], want[:, 1], 1e-15, "reference", "f_max vs numpy")

    def test_slices_match_numpy(self):
        field = reference_field(FILES["skimage_astronaut"], size=64)
        shifted = np.fft.fftshift(np.abs(np.fft.fft2(field)) ** 2 / field.size)
        t = self.table(self.tide("native", "slices", FILES["skimage_astronaut"], "--size", 64, "--angles", 12),
                       "angle_deg,freq,power")
        want = []
        for k in range(12):
            freq, power = reference.spectrum_slice(shifted, k * 360 / 12)
            want += [[k * 360 / 12, f, p] for f, p in zip(freq, power)]
        want = np.array(want)
        np.testing.assert_array_equal(t.values[:, :2], want[:, :2])
        self.assert_close(t.values[:, 2], want[:, 2], REFERENCE_REL_TOL, "reference", "slices vs numpy")

    def test_noisy_matches_numpy(self):
        # eps from the Python re-implementation of the generator (with the transcription of
        # portable_log: the same doubles), at 64 x 64 to keep pure Python quick.
        seed, sigma = 2024, 0.75
        field = reference_field(FILES["kde_owl"], size=64)
        eps = reference.gaussian_noise(64, 64, seed, log=reference.portable_log)
        clean, freq = reference.rapsd(field)
        noisy, _ = reference.rapsd(field + sigma * eps)
        for build in BUILDS:
            with self.subTest(build=build):
                t = self.table(self.tide(build, "noisy", FILES["kde_owl"], "--size", 64, "--sigma", sigma,
                                         "--seed", seed), "freq,clean,noisy,expected")
                np.testing.assert_array_equal(t.values[:, 0], freq)
                self.assert_close(t.values[:, 1], clean, REFERENCE_REL_TOL, "reference", "clean vs numpy")
                self.assert_close(t.values[:, 2], noisy, REFERENCE_REL_TOL, "reference", "noisy vs numpy")


class NoisyTest(CliTestCase):
    """A seed fixes the noise: the same numbers run after run and on both builds."""

    def test_seed_reproduces(self):
        args = ["noisy", FILES["kde_parrot"], "--sigma", "0.3", "--seed", "7"]
        runs = iter(run_many(both(*args) + both(*args) + both("noisy", FILES["kde_parrot"], "--sigma", "0.3", "--seed", "8")))
        seed7, again, seed8 = ({build: next(runs) for build in BUILDS} for _ in range(3))
        header = "freq,clean,noisy,expected"
        for build in BUILDS:
            self.assertEqual(again[build].out, seed7[build].out, f"{build}: same seed, same output")
        n, n8 = self.table(seed7["native"], header, "native"), self.table(seed8["native"], header, "native")
        # Another seed: other noise (the clean spectrum stays).
        np.testing.assert_array_equal(n8.values[:, 1], n.values[:, 1])
        self.assertGreater(np.max(relative_errors(n8.values[:, 2], n.values[:, 2])), 1e-3)
        if "wasm" in BUILDS:
            w, w8 = self.table(seed7["wasm"], header, "wasm"), self.table(seed8["wasm"], header, "wasm")
            self.assert_close(w.values, n.values, PARITY_REL_TOL, "parity", "seed 7, wasm vs native")
            self.assert_close(w8.values, n8.values, PARITY_REL_TOL, "parity", "seed 8, wasm vs native")

    def test_default_seed_is_0(self):
        r0, rd = run_many([COMMANDS["native"] + ["noisy", str(FILES["kde_owl"]), "--sigma", "1", "--seed", "0"],
                           COMMANDS["native"] + ["noisy", str(FILES["kde_owl"]), "--sigma", "1"]])
        self.assertEqual(rd.out, r0.out)

    def test_noise_adds_sigma_squared_on_average(self):
        sigma = 0.5
        t = self.table(self.tide("native", "noisy", FILES["kde_owl"], "--sigma", sigma, "--seed", 3),
                       "freq,clean,noisy,expected")
        freq, clean, noisy, expected = t.values.T
        np.testing.assert_array_equal(expected, clean + sigma ** 2)
        # Over all bins but the lowest, the added power averages sigma^2 (white noise).
        added = (noisy - clean)[20:]
        self.assertAlmostEqual(float(np.mean(added)) / sigma ** 2, 1.0, delta=0.05)

    def test_sigma_zero_is_clean(self):
        t = self.table(self.tide("native", "noisy", FILES["kde_owl"], "--sigma", "0"), "freq,clean,noisy,expected")
        np.testing.assert_array_equal(t.values[:, 2], t.values[:, 1])
        np.testing.assert_array_equal(t.values[:, 3], t.values[:, 1])


class FolderTest(CliTestCase):
    """PATH as a folder: its .png/.jpg/.jpeg files (any case), sorted by name, not recursing."""

    def test_folder_is_its_sorted_images(self):
        for args in (["fit"], ["fit", "--curve"], ["fmax", "--steps", "9"]):
            runs = run_many([COMMANDS["native"] + args + [str(FILES["folder"])],
                             COMMANDS["native"] + args + [str(p) for p in FILES["folder_sorted"]],
                             COMMANDS["native"] + args + [str(p) for p in reversed(FILES["folder_sorted"])]])
            with self.subTest(" ".join(args)):
                folder, listed, _ = runs
                self.assertEqual((folder.code, folder.err), (0, ""))
                self.assertEqual(folder.out, listed.out, "the folder is its four images in name order")
        t = self.table(self.tide("native", "fit", FILES["folder"]), "alpha,intercept,n_images")
        self.assertEqual(t.cells[0][2], "4", "a_owl.PNG, b_parrot.png, c_forest.jpeg, d_mountain.png")

    def test_files_and_folders_mix(self):
        t = self.table(self.tide("native", "fit", FILES["folder"], FILES["kde_owl"], FILES["folder"]),
                       "alpha,intercept,n_images")
        self.assertEqual(t.cells[0][2], "9")


class FormatTest(CliTestCase):
    """Headers, rows and number format as each --help promises."""

    def check_digits(self, t: Table):
        for text in (v for row in t.cells for v in row):
            self.assertEqual("%.17g" % float(text), text, "17 significant digits")

    def test_fit(self):
        t = self.table(self.tide("native", "fit", FILES["kde_owl"]), "alpha,intercept,n_images")
        self.assertEqual(len(t.cells), 1)
        self.assertEqual(t.cells[0][2], "1")
        self.check_digits(t)
        self.assertTrue(1.0 < t.values[0, 0] < 4.0, "a photograph's alpha")
        for size, rows in ((320, 159), (101, 50), (5, 2)):
            c = self.table(self.tide("native", "fit", "--curve", FILES["kde_owl"], "--size", size), "freq,log10_power")
            self.assertEqual(len(c.cells), rows, f"--size {size}: bins 1 .. ceil(L/2)-1")
            self.assertEqual(list(c.values[:, 0]), [r / size for r in range(1, rows + 1)])
            self.check_digits(c)

    def test_fmax(self):
        for steps in (1, 99, 250):
            t = self.table(self.tide("native", "fmax", FILES["kde_owl"], "--steps", steps), "t,fmax")
            self.assertEqual(len(t.cells), steps)
            self.assertEqual([c[0] for c in t.cells], ["%.17g" % (j / (steps + 1)) for j in range(1, steps + 1)])
            self.check_digits(t)
            self.assertTrue(np.all(np.diff(t.values[:, 1]) <= 0), "f_max never rises with more noise")
            self.assertTrue(np.all((t.values[:, 1] >= 0) & (t.values[:, 1] < 0.5)))
        default = self.table(self.tide("native", "fmax", FILES["kde_owl"]), "t,fmax")
        self.assertEqual(len(default.cells), 99)
        self.assertEqual(default.cells[0][0], "0.01")

    def test_slices(self):
        for angles, size in ((60, 320), (7, 101), (1, 4)):
            t = self.table(self.tide("native", "slices", FILES["kde_owl"], "--angles", angles, "--size", size),
                           "angle_deg,freq,power")
            radius = size // 2 - 1
            self.assertEqual(len(t.cells), angles * radius)
            np.testing.assert_array_equal(t.values[:, 0], np.repeat([k * 360 / angles for k in range(angles)], radius))
            np.testing.assert_array_equal(t.values[:, 1], np.tile([r / size for r in range(1, radius + 1)], angles))
            self.assertTrue(np.all(t.values[:, 2] >= 0))
            self.check_digits(t)
        default = self.table(self.tide("native", "slices", FILES["kde_owl"]), "angle_deg,freq,power")
        self.assertEqual(len(default.cells), 60 * 159)

    def test_noisy(self):
        t = self.table(self.tide("native", "noisy", FILES["wide"], "--sigma", "1", "--size", "0", "--no-crop"),
                       "freq,clean,noisy,expected")
        self.assertEqual(len(t.cells), math.ceil(301 / 2))
        self.assertEqual(t.cells[0][0], "0")
        self.check_digits(t)


class JobsTest(CliTestCase):
    """--jobs N: the same output for every N; --progress: a summary line on stderr."""

    COMMANDS = (["fit"], ["fit", "--curve"], ["fmax"], ["fit", "--raw-bins", "--size", "64"])
    SUMMARY = r"tide: (\d+) images in \d+\.\d\d s \(\d+(\.\d+)? images/s\)"

    def test_jobs_identical(self):
        images = str(FILES["images"])
        variants = ([], ["--jobs", "1"], ["--jobs", "2"], ["--jobs", "3"], ["--jobs", "256"])
        runs = iter(run_many(COMMANDS["native"] + args + [images] + v for args in self.COMMANDS for v in variants))
        for args in self.COMMANDS:
            outs = [next(runs) for _ in variants]
            with self.subTest(" ".join(args)):
                for v, r in zip(variants, outs):
                    self.assertEqual((r.code, r.err), (0, ""), " ".join(v))
                    self.assertGreater(len(r.out), 0)
                    self.assertEqual(r.out, outs[1].out, f"{' '.join(v) or 'default --jobs'} vs --jobs 1: bit-identical")
        n = self.table(self.tide("native", "fit", images, "--jobs", "2"), "alpha,intercept,n_images")
        self.assertEqual(int(n.cells[0][2]), len([p for p in Path(images).iterdir() if p.suffix.lower() == ".png"]))

    @unittest.skipUnless("wasm" in BUILDS, NO_WASM)
    def test_wasm_jobs_sequential_same_bytes(self):
        one, two = run_many([COMMANDS["wasm"] + ["fit", "--curve", str(FILES["folder"]), "--jobs", j] for j in "12"])
        self.assertEqual((two.code, two.err), (0, ""))
        self.assertEqual(two.out, one.out, "wasm: --jobs 2 reads one image at a time, same bytes")

    def test_progress(self):
        images = str(FILES["images"])
        args_list = [COMMANDS["native"] + ["fit", images, "--progress"] + j for j in ([], ["--jobs", "1"], ["--jobs", "2"])]
        args_list += [COMMANDS["native"] + ["fit", images]]
        *progress, quiet = run_many(args_list)
        count = len([p for p in Path(images).iterdir() if p.suffix.lower() == ".png"])
        for r in progress:
            self.assertEqual(r.code, 0, r.err)
            self.assertEqual(r.out, quiet.out, "--progress changes nothing on stdout")
            lines = r.err.splitlines()
            self.assertTrue(r.err.endswith("\n"))
            self.assertRegex(lines[-1], r"\A" + self.SUMMARY + r"\Z")
            self.assertEqual(int(re.match(self.SUMMARY, lines[-1]).group(1)), count)
            for line in lines[:-1]:
                self.assertRegex(line, r"\Atide: \d+/%d images \(\d+(\.\d+)? images/s\)\Z" % count)

    @unittest.skipUnless("wasm" in BUILDS, NO_WASM)
    def test_wasm_progress(self):
        wasm = run_cli(COMMANDS["wasm"] + ["fmax", str(FILES["folder"]), "--progress"])
        self.assertEqual(wasm.code, 0, wasm.err)
        self.assertRegex(wasm.err.splitlines()[-1], r"\Atide: 4 images in ")

    def test_first_error_in_input_order(self):
        runs = run_many(COMMANDS["native"] + [cmd, str(FILES["bad_many"]), "--jobs", j]
                        for cmd in ("fit", "fmax") for j in ("1", "2", "5", "24"))
        for r in runs:
            self.assertEqual(r.code, 1)
            self.assertEqual(r.out, "")
            self.assertEqual(r.err, f"tide: {FILES['bad_many'] / '05.png'}: not a PNG, JPEG, GIF, BMP or TGA image "
                                    "(its header matches none of them)\n")


class ErrorTest(CliTestCase):
    """Every failure: exit status 1 or 2, nothing on stdout, one line 'tide: ...' on stderr,
    the same in both builds."""

    def cases(self):
        owl, folder = FILES["kde_owl"], FILES["folder"]
        return [  # (what, args, exit status, phrase in the message)
            # fit
            ("fit without paths", ["fit"], 2, "fit needs at least one IMAGE file or folder"),
            ("fit --raw-bins only", ["fit", "--raw-bins"], 2, "fit needs at least one IMAGE"),
            ("fit unknown option", ["fit", owl, "--frobnicate"], 2, "unknown option '--frobnicate'"),
            ("fit --curve --raw-bins", ["fit", "--curve", "--raw-bins", owl], 2, "--raw-bins"),
            ("fit --size 4", ["fit", owl, "--size", "4"], 2, "--size must be at least 5"),
            ("fit --size abc", ["fit", owl, "--size", "abc"], 2, "--size must be an integer from 1 to 4096"),
            ("fit --no-crop", ["fit", owl, "--no-crop"], 2, "needs --size 0"),
            ("fit --scale bogus", ["fit", owl, "--scale", "bogus"], 2, "--scale must be pm1, unit or raw"),
            ("fit missing file", ["fit", owl, FILES["missing"]], 1, f"{FILES['missing']}: No such file"),
            # One analysing thread, the files read ahead on another: the read error in its place.
            ("fit --jobs 1 missing file", ["fit", owl, FILES["missing"], owl, "--jobs", "1"], 1,
             f"{FILES['missing']}: No such file"),
            ("fit not an image", ["fit", FILES["text"]], 1, f"{FILES['text']}: not a PNG, JPEG, GIF, BMP or TGA"),
            ("fit truncated image in a folder", ["fit", FILES["bad_folder"]], 1,
             f"{FILES['bad_folder'] / 'b_truncated.png'}: the image data is corrupt or truncated"),
            ("fit folder without images", ["fit", FILES["empty_folder"]], 1,
             "has no .png, .jpg, .jpeg, .gif, .bmp or .tga files"),
            ("fit mixed sizes", ["fit", owl, FILES["wide"], "--size", "0"], 1, "averaging spectra needs one size"),
            ("fit flat image", ["fit", FILES["flat"], "--size", "0"], 1, "zero power"),
            ("fit --jobs 0", ["fit", owl, "--jobs", "0"], 2, "--jobs must be an integer from 1 to 256; got '0'"),
            ("fit --jobs -1", ["fit", owl, "--jobs", "-1"], 2, "--jobs must be an integer from 1 to 256; got '-1'"),
            ("fit --jobs abc", ["fit", owl, "--jobs", "abc"], 2, "--jobs must be an integer from 1 to 256; got 'abc'"),
            ("fit --jobs 1000", ["fit", "--curve", owl, "--jobs", "1000"], 2, "got '1000'"),
            ("fit --jobs 2.5", ["fit", owl, "--jobs", "2.5"], 2, "got '2.5'"),
            ("fit --jobs no value", ["fit", owl, "--jobs"], 2, "--jobs needs a value"),
            ("fit --jobs 2 truncated image in a folder", ["fit", FILES["bad_folder"], "--jobs", "2"], 1,
             f"{FILES['bad_folder'] / 'b_truncated.png'}: the image data is corrupt or truncated"),
            ("fit --jobs 4 first bad file", ["fit", FILES["bad_many"], "--jobs", "4"], 1,
             f"{FILES['bad_many'] / '05.png'}: not a PNG, JPEG, GIF, BMP or TGA"),
            # noisy
            ("noisy without image", ["noisy", "--sigma", "1"], 2, "noisy needs an IMAGE file"),
            ("noisy without --sigma", ["noisy", owl], 2, "noisy needs --sigma"),
            ("noisy --sigma no value", ["noisy", owl, "--sigma"], 2, "--sigma needs a value"),
            ("noisy --sigma nan", ["noisy", owl, "--sigma", "nan"], 2, "--sigma must be a finite number >= 0; got 'nan'"),
            ("noisy --sigma inf", ["noisy", owl, "--sigma", "inf"], 2, "--sigma must be a finite number >= 0; got 'inf'"),
            ("noisy --sigma -1", ["noisy", owl, "--sigma", "-1"], 2, "--sigma must be a finite number >= 0; got '-1'"),
            ("noisy --sigma abc", ["noisy", owl, "--sigma", "abc"], 2, "got 'abc'"),
            ("noisy --sigma 1e999", ["noisy", owl, "--sigma", "1e999"], 2, "got '1e999'"),
            ("noisy --sigma empty", ["noisy", owl, "--sigma", ""], 2, "got ''"),
            ("noisy --seed -1", ["noisy", owl, "--sigma", "1", "--seed", "-1"], 2,
             "--seed must be an integer from 0 to 18446744073709551615; got '-1'"),
            ("noisy --seed 1.5", ["noisy", owl, "--sigma", "1", "--seed", "1.5"], 2, "got '1.5'"),
            ("noisy --seed 2^64", ["noisy", owl, "--sigma", "1", "--seed", "18446744073709551616"], 2,
             "got '18446744073709551616'"),
            ("noisy two images", ["noisy", owl, FILES["wide"], "--sigma", "1"], 2, "one IMAGE at a time"),
            ("noisy missing file", ["noisy", FILES["missing"], "--sigma", "1"], 1, "No such file or directory"),
            ("noisy --channel bogus", ["noisy", owl, "--sigma", "1", "--channel", "x"], 2, "--channel must be green or gray"),
            # fmax
            ("fmax without paths", ["fmax", "--tau", "2"], 2, "fmax needs at least one IMAGE file or folder"),
            ("fmax --tau 0", ["fmax", owl, "--tau", "0"], 2, "--tau must be a finite number > 0; got '0'"),
            ("fmax --tau -2", ["fmax", owl, "--tau", "-2"], 2, "--tau must be a finite number > 0; got '-2'"),
            ("fmax --tau nan", ["fmax", owl, "--tau", "nan"], 2, "got 'nan'"),
            ("fmax --tau inf", ["fmax", owl, "--tau", "inf"], 2, "got 'inf'"),
            ("fmax --tau 1x", ["fmax", owl, "--tau", "1x"], 2, "got '1x'"),
            ("fmax --steps 0", ["fmax", owl, "--steps", "0"], 2, "--steps must be an integer from 1 to 100000; got '0'"),
            ("fmax --steps 100001", ["fmax", owl, "--steps", "100001"], 2, "got '100001'"),
            ("fmax --steps 2.5", ["fmax", owl, "--steps", "2.5"], 2, "got '2.5'"),
            ("fmax --steps no value", ["fmax", owl, "--steps"], 2, "--steps needs a value"),
            ("fmax --schedule linear", ["fmax", owl, "--schedule", "linear"], 2, "--schedule must be rf, cosine, sd3, edm or simple"),
            ("fmax --schedule no value", ["fmax", owl, "--schedule"], 2, "--schedule needs a value: rf, cosine, sd3, edm or simple"),
            ("fmax missing file", ["fmax", folder, FILES["missing"]], 1, "missing.png: No such file"),
            ("fmax --jobs 2 missing file", ["fmax", FILES["missing"], folder, "--jobs", "2"], 1,
             "missing.png: No such file"),
            ("fmax --jobs 0", ["fmax", owl, "--jobs", "0"], 2, "--jobs must be an integer from 1 to 256; got '0'"),
            ("fmax --jobs 257", ["fmax", owl, "--jobs", "257"], 2, "got '257'"),
            ("fmax --jobs abc", ["fmax", owl, "--jobs", "abc"], 2, "got 'abc'"),
            # slices
            ("slices without image", ["slices"], 2, "slices needs an IMAGE file"),
            ("slices --angles 0", ["slices", owl, "--angles", "0"], 2, "--angles must be an integer from 1 to 3600; got '0'"),
            ("slices --angles 3601", ["slices", owl, "--angles", "3601"], 2, "got '3601'"),
            ("slices --angles nan", ["slices", owl, "--angles", "nan"], 2, "got 'nan'"),
            ("slices --angles -5", ["slices", owl, "--angles", "-5"], 2, "got '-5'"),
            ("slices --size 3", ["slices", owl, "--size", "3"], 2, "--size must be at least 4"),
            ("slices two images", ["slices", owl, owl], 2, "one IMAGE at a time"),
            ("slices not an image", ["slices", FILES["text"]], 1, "not a PNG, JPEG, GIF, BMP or TGA"),
            ("slices unknown option", ["slices", owl, "--angle", "5"], 2, "unknown option '--angle'"),
        ]

    def test_errors(self):
        cases = self.cases()
        results = iter(run_many(argv for _, args, _, _ in cases for argv in both(*args)))
        for what, args, code, phrase in cases:
            runs = {build: next(results) for build in BUILDS}
            with self.subTest(what):
                for build, r in runs.items():
                    self.assertEqual(r.code, code, f"{build} exit status; stderr: {r.err!r}")
                    self.assertEqual(r.out, "", f"{build} stdout")
                    self.assertRegex(r.err, r"\Atide: [^\n]+\n\Z", f"{build}: one line 'tide: ...'")
                    self.assertIn(phrase, r.err, build)
                    if code == 2:
                        self.assertIn(f"(see 'tide {args[0]} --help')", r.err, build)
                if "wasm" in runs:
                    self.assertEqual(runs["wasm"].err, runs["native"].err, "same message in both builds")

    def test_help(self):
        cases = [
            (["--help"], ["rapsd", "fit", "noisy", "fmax", "slices"]),
            (["fit", "--help"], ["usage", "--raw-bins", "--curve", "alpha,intercept,n_images", "freq,log10_power",
                                 "--size", "--scale", "--channel", "--no-crop", "folder", "--jobs",
                                 "--progress", "no threads"]),
            (["noisy", "-h"], ["usage", "--sigma", "--seed", "freq,clean,noisy,expected", "--size"]),
            (["fmax", "--help"], ["usage", "--tau", "--schedule", "--steps", "t,fmax", "--channel", "--jobs",
                                  "--progress"]),
            (["slices", "--help"], ["usage", "--angles", "angle_deg,freq,power", "--scale"]),
            (["rapsd", "--help"], ["usage", "--size", "--scale", "--channel", "--no-crop"]),
        ]
        runs = iter(run_many(argv for args, _ in cases for argv in both(*args)))
        for args, words in cases:
            by_build = {build: next(runs) for build in BUILDS}
            with self.subTest(" ".join(args)):
                for build, r in by_build.items():
                    self.assertEqual((r.code, r.err), (0, ""), build)
                    for word in words:
                        self.assertIn(word, r.out, build)
                    self.assertTrue(all(len(line) <= 100 for line in r.out.splitlines()), "lines fit a terminal")
                if "wasm" in by_build:
                    self.assertEqual(by_build["wasm"].out, by_build["native"].out)


if __name__ == "__main__":
    unittest.main()
