#!/usr/bin/python3
"""Acceptance check of `tide rapsd` against the numpy reference on full-resolution images.

usage: /usr/bin/python3 tests/cli/acceptance_rapsd.py [--tide PATH] DIR...

Runs the native CLI on every PNG under the given folders (for instance the original
photographs that scripts/make-image-corpus.py unpacks under third_party/corpus-downloads/,
which are not in the repository), once with --size 0 --no-crop (the whole image as it is)
and once with the default size (centre crop, area average to 320x320), and compares each
spectrum with tests/reference/reference.py after decoding the PNG with PIL (see decode_rgb in
test_cli.py). Prints one line per file with the largest relative error over its bins and both
runs, then the summary line 'N files, max relative error X'.

Relative error of a bin: |cli - ref| / max(|cli|, |ref|, floor), floor = 1e-16 x the mean square
m of the analysed field (by Parseval, the mean of |F|^2/N over all N frequencies). The floor
only matters for bins whose exact power is zero or nearly (a chessboard, or an image upsampled
from a few pixels, has nothing between its harmonics): a double-precision FFT gets a bin of
power P right to only about 2e-16 x sqrt(m/P) relative, and exact zeros come out as rounding
noise (up to ~1e-16 x N x m, N the number of pixels), different in each implementation. Such
bins are counted and reported as 'at noise level'; at the floor itself the rounding error is
still ~1e-8, so no measurable bin is excused.

Files the CLI refuses (exit status 1) are listed as refused, with its message; that is correct
when PIL cannot read them either or they are smaller than 8x8 pixels, and a mismatch
otherwise. Exit status: 0 if every compared file is within 1e-6 relative and there is no
mismatch, 1 otherwise, 2 for a bad command line. Not part of the unit tests (it takes minutes).
Needs Debian's /usr/bin/python3 (numpy, PIL).
"""
import argparse
import os
import sys
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_cli import (REFERENCE_REL_TOL, decode_rgb, parse_csv,  # noqa: E402
                      reference, reference_field, relative_errors, run_cli)

NOISE_FLOOR = 1e-16  # of the field's mean square
REPO = Path(__file__).resolve().parent.parent.parent
RUNS = [  # (CLI options, reference_spectrum keywords)
    (["--size", "0", "--no-crop"], dict(size=0, crop=False)),
    ([], dict(size=320, crop=True)),
]


def check_file(tide, path):
    """Returns (max relative error or None if refused, note or problem text)."""
    try:
        rgb = decode_rgb(path)
        pil_error = ""
    except Exception as e:  # noqa: BLE001  (PIL raises many kinds)
        rgb, pil_error = None, f"{type(e).__name__}: {e}"
    worst, noisy = 0.0, 0
    for options, keywords in RUNS:
        r = run_cli([tide], "rapsd", path, *options)
        if r.code != 0:
            legit = r.code == 1 and (rgb is None or min(rgb.shape[:2]) < 8)
            return None, ("refused: " if legit else "MISMATCH, refused a readable image: ") + r.err.strip()
        if rgb is None:
            return None, f"MISMATCH, the CLI read it but PIL did not ({pil_error})"
        got = parse_csv(r.out)
        field = reference_field(rgb, **keywords)
        power, freq = reference.rapsd(field)
        if len(got.power) != len(power):
            return None, f"MISMATCH, {len(got.power)} bins, reference {len(power)}"
        floor = NOISE_FLOOR * np.mean(field * field)
        noisy += int(np.sum(np.maximum(got.power, power) < floor))
        worst = max(worst, relative_errors(got.freq, freq).max(),
                    relative_errors(got.power, power, floor).max())
    return worst, f"{noisy} bins at noise level" if noisy else ""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dirs", nargs="+", metavar="DIR", type=Path)
    parser.add_argument("--tide", default=os.environ.get("TIDE_NATIVE", REPO / "build/native/tide"),
                        help="native tide binary (default: $TIDE_NATIVE or build/native/tide)")
    args = parser.parse_args()
    for d in args.dirs:
        if not d.is_dir():
            parser.error(f"{d} is not a folder")
    warnings.simplefilter("ignore")  # PIL's notes on palette transparency and large images

    files = sorted({p for d in args.dirs for p in d.rglob("*") if p.suffix.lower() == ".png" and p.is_file()})
    compared, refused, mismatches, max_rel = 0, 0, 0, 0.0
    for path in files:
        rel, problem = check_file(args.tide, path)
        if rel is None:
            refused += problem.startswith("refused")
            mismatches += problem.startswith("MISMATCH")
            print(f"{'-':>9}  {path}  {problem}", flush=True)
        else:
            compared += 1
            max_rel = max(max_rel, rel)
            flag = "  OVER TOLERANCE" if rel > REFERENCE_REL_TOL else ""
            print(f"{rel:9.3g}  {path}{flag}{'  (' + problem + ')' if problem else ''}", flush=True)
    if refused or mismatches:
        print(f"{refused} files refused as unusable, {mismatches} mismatches")
    print(f"{compared} files, max relative error {max_rel:.3g}")
    return 0 if compared and not mismatches and max_rel <= REFERENCE_REL_TOL else 1


if __name__ == "__main__":
    sys.exit(main())
