"""Tests of the `tide` command-line tool: its native build and its WebAssembly build under node.

Run by ctest (tests/CMakeLists.txt), or by hand from this folder with Debian's python3
(it has numpy and PIL):

    cd tests/cli && TIDE_NATIVE=../../build/native/tide \
        TIDE_WASM=../../build/wasm-cli/src/cli/tide.js TIDE_NODE=node \
        TIDE_ASSETS=../../assets /usr/bin/python3 -m unittest -v test_cli

TIDE_NATIVE is required. Without TIDE_WASM only the native build is tested and the
native-vs-WebAssembly comparisons are skipped, saying so (the sanitizer build runs them that
way). TIDE_NODE defaults to the `node` on PATH and TIDE_ASSETS to this repository's assets folder.

What is checked:
- ParityTest: native and WebAssembly print the same spectrum (1e-12 relative) for corpus PNGs,
  a JPEG, non-square and large PNGs, under every option.
- ReferenceTest: the CLI matches tests/reference/reference.py (numpy, pysteps' rapsd) to 1e-6
  relative per bin, with the image decoded by PIL.
- FormatTest: the CSV layout promised by `tide rapsd --help`.
- ErrorTest: exit status and one-line messages for bad input files and bad command lines,
  identical in both builds; --help and --version.

acceptance_rapsd.py (next to this file) reuses decode_rgb() and reference_field() to check
the CLI against the reference on full-resolution photographs that are not in the repository.
"""
import math
import os
import random
import shutil
import sys
import tempfile
import unittest
from pathlib import Path
from typing import List, NamedTuple

import numpy as np
from PIL import Image

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "reference"))
import reference  # noqa: E402  (tests/reference/reference.py, the independent numpy implementation)
import support  # noqa: E402
from support import BUILDS, COMMANDS, NO_WASM, Run, commands_from_env, relative_errors  # noqa: E402,F401

# Native vs WebAssembly. The builds are not bit-identical (largest difference seen: 7.3e-15
# relative, on a non-square field); every run prints its largest errors at the end.
PARITY_REL_TOL = 1e-12
# The spec's tolerance against the numpy reference. Largest relative errors seen (Debian 12,
# x86-64, 2025-11): 1.9e-14 on corpus PNGs at 320, 2.4e-14 on non-square fields, 6e-14 with
# gray/raw/unit, 1.9e-13 for the 517x389 crop + area average, 1.5e-12 for a 217 -> 320
# upsampling; so 1e-6 leaves a wide margin.
REFERENCE_REL_TOL = 1e-6
RUN_TIMEOUT_S = 60

# A spread of the corpus: KDE, GNOME, scikit-image and Scratch photographs, nature and man-made,
# smooth (sky, mountain) and busy (forest, city) scenes.
CORPUS = ["kde_parrot", "kde_shuttle", "gnome_mountain", "gnome_calculator",
          "skimage_astronaut", "scratch_forest", "scratch_city_water"]
# Non-square crops of a corpus PNG, (width, height): rows x cols odd x odd, odd x even,
# even x odd, even x even.
NON_SQUARE = [(301, 217), (200, 257), (255, 200), (256, 180)]
LARGE = (517, 389)  # a mirrored tiling of a corpus image, larger than the default 320

# The WebAssembly build only when TIDE_WASM names it (see the docstring).
FILES = {}     # name -> path of generated test images, set by setUpModule
OBSERVED = {"parity": 0.0, "reference": 0.0}  # largest relative errors seen, printed at the end
_tmp = None


# ---------------------------------------------------------------------------------------------
# Helpers shared with acceptance_rapsd.py

class Spectrum(NamedTuple):
    header: str
    cells: List[List[str]]  # the numbers as printed, one [freq, power] per row
    freq: np.ndarray
    power: np.ndarray


def run_cli(argv_prefix, *args) -> Run:
    """Runs a CLI (argv prefix + args); stdout and stderr are decoded without newline translation."""
    return support.run_cli(list(argv_prefix) + list(args), timeout=RUN_TIMEOUT_S)


def run_many(argvs) -> List[Run]:
    """run_cli on each argv, in parallel (node's start-up dominates); results in order."""
    return support.run_many(argvs, timeout=RUN_TIMEOUT_S)


def parse_csv(text) -> Spectrum:
    """Parses `tide rapsd` output; raises ValueError if it is not two numeric columns."""
    if not text.endswith("\n"):
        raise ValueError("output does not end with a newline")
    header, *rows = text[:-1].split("\n")
    cells = [row.split(",") for row in rows]
    if any(len(c) != 2 for c in cells):
        raise ValueError("a row without exactly two fields")
    numbers = np.array([[float(v) for v in c] for c in cells], dtype=np.float64).reshape(-1, 2)
    return Spectrum(header, cells, numbers[:, 0], numbers[:, 1])


def decode_rgb(path):
    """8-bit RGB pixels of an image as the core's decoder (stb_image) yields them: grey is
    replicated, alpha is dropped (not composited), 16-bit samples keep their top 8 bits.
    Exact for PNG; JPEG decoders differ, so use it for PNGs only."""
    with Image.open(path) as im:
        if im.mode.startswith("I"):  # 16-bit grey PNG ("I;16", or "I" in older PIL)
            grey = (np.asarray(im).astype(np.uint32) >> 8).astype(np.uint8)
            return np.repeat(grey[..., None], 3, axis=2)
        return np.asarray(im.convert("RGB"))


def reference_field(rgb, size=320, scale="pm1", channel="green", crop=True):
    """The field the CLI analyses with --size/--scale/--channel/--no-crop, computed by
    tests/reference/reference.py from an RGB array (the CLI resizes only when the side differs)."""
    field = reference.image_channel(rgb, channel, scale)
    if crop:
        field = reference.crop_center_square(field)
    if size and field.shape != (size, size):
        field = reference.resize_area(field, size, size)
    return field


def reference_spectrum(rgb, **options):
    """(freq, power) of reference.rapsd on reference_field(rgb, **options)."""
    power, freq = reference.rapsd(reference_field(rgb, **options))
    return freq, power


# ---------------------------------------------------------------------------------------------
# Fixtures

def _require_env():
    if not os.environ.get("TIDE_NATIVE"):
        raise RuntimeError(
            "TIDE_NATIVE not set: these tests need the path of the native `tide` binary "
            "(TIDE_NATIVE) and, for the WebAssembly half, of the node build's tide.js (TIDE_WASM); "
            "ctest sets them, see the docstring of tests/cli/test_cli.py to run by hand")
    native, wasm = os.environ["TIDE_NATIVE"], os.environ.get("TIDE_WASM")
    node = os.environ.get("TIDE_NODE") or shutil.which("node")
    assets = Path(os.environ.get("TIDE_ASSETS") or HERE.parent.parent / "assets")
    problems = []
    if not (os.path.isfile(native) and os.access(native, os.X_OK)):
        problems.append(f"TIDE_NATIVE={native} is not an executable file")
    if wasm and not os.path.isfile(wasm):
        problems.append(f"TIDE_WASM={wasm} is not a file")
    if wasm and not node:
        problems.append("node not found: set TIDE_NODE")
    if not (assets / "images" / "index.tsv").is_file():
        problems.append(f"{assets}/images/index.tsv not found: set TIDE_ASSETS")
    if problems:
        raise RuntimeError("; ".join(problems))
    return native, wasm, node, assets


def setUpModule():
    global _tmp
    native, wasm, node, assets = _require_env()
    commands_from_env(native, wasm, node)

    _tmp = tempfile.TemporaryDirectory(prefix="tide-cli-test-")
    tmp = Path(_tmp.name)
    images = assets / "images"
    for name in CORPUS:
        FILES[name] = images / f"{name}.png"
    ids = [line.split("\t")[0] for line in (images / "index.tsv").read_text().splitlines()[1:]]
    assert set(CORPUS) <= set(ids), "CORPUS names images that assets/images/index.tsv lacks"

    source = Image.open(FILES["kde_parrot"]).convert("RGB")  # 320x320
    source.save(tmp / "baseline.jpg", quality=90)  # 4:2:0 chroma, baseline
    source.save(tmp / "progressive.jpg", quality=75, progressive=True, subsampling=0)
    FILES["jpeg"], FILES["progressive_jpeg"] = tmp / "baseline.jpg", tmp / "progressive.jpg"
    for w, h in NON_SQUARE:
        FILES[f"crop_{w}x{h}"] = tmp / f"crop_{w}x{h}.png"
        Image.open(FILES["gnome_mountain"]).crop((7, 11, 7 + w, 11 + h)).save(FILES[f"crop_{w}x{h}"])
    w, h = LARGE
    tile = np.asarray(Image.open(FILES["scratch_forest"]).convert("RGB"))
    tile = np.concatenate([tile, tile[:, ::-1]], axis=1)
    tile = np.concatenate([tile, tile[::-1]], axis=0)  # 640x640, mirrored so edges meet
    FILES["large"] = tmp / f"large_{w}x{h}.png"
    Image.fromarray(np.ascontiguousarray(tile[:h, :w])).save(FILES["large"])

    # Unusable inputs.
    FILES["missing"] = tmp / "missing.png"
    FILES["directory"] = tmp / "folder.png"
    FILES["directory"].mkdir()
    FILES["empty"] = tmp / "empty.png"
    FILES["empty"].write_bytes(b"")
    FILES["text"] = tmp / "text.png"
    FILES["text"].write_text("this is not a picture\n")
    FILES["truncated"] = tmp / "truncated.png"
    data = (images / "kde_cat.png").read_bytes()
    FILES["truncated"].write_bytes(data[:len(data) // 2])
    jpeg = FILES["jpeg"].read_bytes()
    sos = jpeg.index(b"\xff\xda")  # start of scan: every header segment before it is intact
    scan = sos + 2 + int.from_bytes(jpeg[sos + 2:sos + 4], "big")
    garbage = bytes(random.Random(20240601).randrange(256) for _ in range(4000))
    FILES["corrupt_jpeg"] = tmp / "corrupt.jpg"
    FILES["corrupt_jpeg"].write_bytes(jpeg[:scan] + garbage)
    FILES["tiny"] = tmp / "tiny.png"
    Image.new("RGB", (4, 4), (10, 200, 30)).save(FILES["tiny"])


def tearDownModule():
    if _tmp is not None:
        _tmp.cleanup()
    if COMMANDS:
        print(f"\nlargest relative error seen: native vs wasm {OBSERVED['parity']:.3g}, "
              f"CLI vs numpy reference {OBSERVED['reference']:.3g}", file=sys.stderr)


class CliTestCase(unittest.TestCase):
    maxDiff = None

    def rapsd(self, build, path, *options) -> Spectrum:
        """Runs `tide rapsd PATH OPTIONS` and checks that it succeeded quietly."""
        return self.spectrum(build, run_cli(COMMANDS[build], "rapsd", path, *options))

    def spectrum(self, build, r) -> Spectrum:
        """The spectrum printed by a successful, quiet run."""
        self.assertEqual((r.code, r.err), (0, ""), f"{build} failed")
        try:
            return parse_csv(r.out)
        except ValueError as e:
            self.fail(f"{build}: unreadable CSV ({e}):\n{r.out[:500]}")

    def assert_close(self, got, want, rel_tol, kind, what=""):
        self.assertEqual(len(got), len(want), f"{what}: number of bins")
        rel = relative_errors(got, want)
        worst = int(np.argmax(rel)) if len(rel) else 0
        if len(rel):
            OBSERVED[kind] = max(OBSERVED[kind], float(rel[worst]))
        self.assertLessEqual(rel.max(initial=0.0), rel_tol,
                             f"{what}: bin {worst}: {got[worst]!r} vs {want[worst]!r}")


# ---------------------------------------------------------------------------------------------

@unittest.skipUnless("wasm" in BUILDS, NO_WASM)
class ParityTest(CliTestCase):
    """The native and the WebAssembly CLI print the same spectrum."""

    OPTIONS = [(), ("--size", "64"), ("--size", "0"), ("--size", "101"), ("--scale", "unit"),
               ("--scale", "raw"), ("--channel", "gray"),
               ("--channel", "gray", "--scale", "raw", "--size", "77")]

    def check(self, paths, option_sets):
        """Every path with every option set, in both builds."""
        cases = [(path, options) for path in paths for options in option_sets]
        runs = iter(run_many(COMMANDS[build] + ["rapsd", str(path), *options]
                             for path, options in cases for build in BUILDS))
        for path, options in cases:
            native, wasm = next(runs), next(runs)
            with self.subTest(image=Path(path).name, options=" ".join(options) or "(defaults)"):
                self.compare(self.spectrum("native", native), self.spectrum("wasm", wasm))

    def compare(self, native, wasm):
        self.assertEqual(native.header, "freq,power")
        self.assertEqual(wasm.header, native.header)
        self.assertEqual(len(wasm.cells), len(native.cells), "number of bins")
        self.assert_close(wasm.freq, native.freq, PARITY_REL_TOL, "parity", "freq, wasm vs native")
        self.assert_close(wasm.power, native.power, PARITY_REL_TOL, "parity", "power, wasm vs native")

    def test_corpus_pngs(self):
        # All corpus images are 320x320: --size 0 and the default analyse them as they are,
        # 64, 101 and 77 downsample (integer and non-integer ratios).
        self.check([FILES[name] for name in CORPUS], self.OPTIONS)

    def test_jpegs(self):
        self.check([FILES["jpeg"], FILES["progressive_jpeg"]], self.OPTIONS)

    def test_non_square_pngs(self):
        self.check([FILES[f"crop_{w}x{h}"] for w, h in NON_SQUARE],
                   [("--size", "0", "--no-crop"),
                    ("--size", "0", "--no-crop", "--channel", "gray", "--scale", "unit"),
                    ("--size", "0"),  # centre crop only
                    ()])  # centre crop, then area-average up to 320

    def test_large_png(self):
        self.check([FILES["large"]],
                   [(), ("--size", "100"), ("--size", "0"), ("--size", "0", "--no-crop"),
                    ("--channel", "gray", "--scale", "unit", "--size", "333")])


class ReferenceTest(CliTestCase):
    """The CLI matches the numpy reference (pysteps' rapsd after the same preprocessing)."""

    def check(self, path, size=320, scale="pm1", channel="green", crop=True, builds=("native",)):
        options = ["--size", str(size), "--scale", scale, "--channel", channel]
        options += [] if crop else ["--no-crop"]
        freq, power = reference_spectrum(decode_rgb(path), size=size, scale=scale,
                                         channel=channel, crop=crop)
        for build in builds:
            with self.subTest(image=Path(path).name, options=" ".join(options), build=build):
                got = self.rapsd(build, path, *options)
                self.assert_close(got.freq, freq, REFERENCE_REL_TOL, "reference", "freq, CLI vs reference")
                self.assert_close(got.power, power, REFERENCE_REL_TOL, "reference", "power, CLI vs reference")

    def test_corpus_default_size(self):
        for name in ("kde_parrot", "gnome_mountain", "scratch_forest"):
            self.check(FILES[name], builds=BUILDS)

    def test_non_square_no_crop(self):
        for w, h in NON_SQUARE:
            self.check(FILES[f"crop_{w}x{h}"], size=0, crop=False, builds=BUILDS)

    def test_large_crop_and_downsample(self):
        # 517x389: centre crop to 389x389 at offset (0, 64), then a non-integer area average.
        self.check(FILES["large"], builds=BUILDS)
        self.check(FILES["large"], size=100)
        self.check(FILES["large"], size=0)

    def test_upsample(self):
        self.check(FILES["crop_301x217"])  # 217x217 crop area-averaged up to 320x320

    def test_gray_raw_and_unit(self):
        self.check(FILES["skimage_astronaut"], channel="gray", scale="raw", builds=BUILDS)
        self.check(FILES["large"], size=100, channel="gray", scale="raw")
        self.check(FILES["kde_shuttle"], size=64, scale="unit")


class FormatTest(CliTestCase):
    """CSV as documented: 'freq,power', ceil(L/2) rows, freq = r/L, 17 significant digits."""

    def test_layout(self):
        cases = [  # (file, options, L)
            ("kde_parrot", (), 320), ("kde_parrot", ("--size", "101"), 101),
            ("kde_parrot", ("--size", "1"), 1), ("kde_parrot", ("--size", "2"), 2),
            ("large", ("--size", "0"), 389),
        ] + [(f"crop_{w}x{h}", ("--size", "0", "--no-crop"), max(w, h)) for w, h in NON_SQUARE]
        for build in BUILDS:
            for name, options, side in cases:
                with self.subTest(build=build, image=name, options=" ".join(options)):
                    r = run_cli(COMMANDS[build], "rapsd", FILES[name], *options)
                    self.assertEqual((r.code, r.err), (0, ""))
                    self.assertNotIn("\r", r.out)
                    s = parse_csv(r.out)
                    self.assertEqual(s.header, "freq,power")
                    self.assertEqual(len(s.cells), math.ceil(side / 2), "one row per radial bin")
                    self.assertEqual(s.cells[0][0], "0")
                    self.assertEqual(list(s.freq), [k / side for k in range(len(s.cells))])
                    for text in (t for row in s.cells for t in row):
                        self.assertEqual("%.17g" % float(text), text, "17 significant digits")
                    self.assertTrue(np.all(s.power >= 0) and np.all(np.isfinite(s.power)))


class ErrorTest(CliTestCase):
    """Every failure: exit status 1 (unusable input) or 2 (bad command line), nothing on stdout,
    one line 'tide: ...' on stderr; the two builds say exactly the same."""

    def cases(self):
        good = FILES["kde_parrot"]
        return [  # (what, args, exit status, phrase in the message)
            ("missing file", ["rapsd", FILES["missing"]], 1, "No such file or directory"),
            ("directory", ["rapsd", FILES["directory"]], 1, "is a directory"),
            ("empty file", ["rapsd", FILES["empty"]], 1, "the file is empty"),
            ("text file named .png", ["rapsd", FILES["text"]], 1, "not a PNG, JPEG, GIF, BMP or TGA image"),
            ("truncated PNG", ["rapsd", FILES["truncated"]], 1, "corrupt or truncated"),
            ("corrupt JPEG", ["rapsd", FILES["corrupt_jpeg"]], 1, "corrupt or truncated"),
            ("4x4 PNG", ["rapsd", FILES["tiny"]], 1, "need at least 8x8"),
            ("unknown option", ["rapsd", good, "--frobnicate"], 2, "unknown option '--frobnicate'"),
            ("--size 5000", ["rapsd", good, "--size", "5000"], 2, "--size must be an integer from 1 to 4096"),
            ("--size -1", ["rapsd", good, "--size", "-1"], 2, "--size must be an integer from 1 to 4096"),
            ("--size abc", ["rapsd", good, "--size", "abc"], 2, "got 'abc'"),
            ("--size 3.5", ["rapsd", good, "--size", "3.5"], 2, "got '3.5'"),
            ("--size without value", ["rapsd", good, "--size"], 2, "--size needs a value"),
            ("--scale bogus", ["rapsd", good, "--scale", "bogus"], 2, "--scale must be pm1, unit or raw"),
            ("--scale without value", ["rapsd", good, "--scale"], 2, "--scale needs a value"),
            ("--channel bogus", ["rapsd", good, "--channel", "bogus"], 2, "--channel must be green or gray"),
            ("--no-crop without --size 0", ["rapsd", good, "--no-crop"], 2, "needs --size 0"),
            ("--no-crop with --size 64", ["rapsd", good, "--no-crop", "--size", "64"], 2, "needs --size 0"),
            ("two image paths", ["rapsd", good, FILES["large"]], 2, "one IMAGE at a time"),
            ("no image path", ["rapsd", "--size", "64"], 2, "rapsd needs an IMAGE file"),
            ("rapsd alone", ["rapsd"], 2, "rapsd needs an IMAGE file"),
            ("unknown command", ["frobnicate", good], 2, "unknown command 'frobnicate'"),
        ]

    def test_errors(self):
        cases = self.cases()
        results = iter(run_many(COMMANDS[build] + [str(a) for a in args]
                                for _, args, _, _ in cases for build in BUILDS))
        for what, args, code, phrase in cases:
            runs = {build: next(results) for build in BUILDS}
            with self.subTest(what):
                for build, r in runs.items():
                    self.assertEqual(r.code, code, f"{build} exit status; stderr: {r.err!r}")
                    self.assertEqual(r.out, "", f"{build} stdout")
                    self.assertRegex(r.err, r"\Atide: [^\n]+\n\Z", f"{build}: one line 'tide: ...'")
                    self.assertIn(phrase, r.err, build)
                if "wasm" in runs:
                    self.assertEqual(runs["wasm"].err, runs["native"].err, "same message in both builds")

    def test_no_arguments(self):
        runs = {build: run_cli(COMMANDS[build]) for build in BUILDS}
        for build, r in runs.items():
            with self.subTest(build):
                self.assertEqual((r.code, r.out), (2, ""))
                self.assertIn("usage", r.err.lower())
        if "wasm" in runs:
            self.assertEqual(runs["wasm"].err, runs["native"].err)

    def test_help_and_version(self):
        for args, must_mention in [
                (["--help"], ["usage", "rapsd", "--help", "--version"]),
                (["-h"], ["usage", "rapsd"]),
                (["rapsd", "--help"], ["usage", "--size", "--scale", "--channel", "--no-crop"]),
                (["rapsd", "-h"], ["usage", "--size", "--scale", "--channel", "--no-crop"]),
                (["--version"], ["tide "])]:
            runs = {build: run_cli(COMMANDS[build], *args) for build in BUILDS}
            for build, r in runs.items():
                with self.subTest(" ".join(args), build=build):
                    self.assertEqual((r.code, r.err), (0, ""))
                    for word in must_mention:
                        self.assertIn(word, r.out)
            if "wasm" in runs:
                self.assertEqual(runs["wasm"].out, runs["native"].out, " ".join(args))


if __name__ == "__main__":
    unittest.main()
