#!/usr/bin/python3
"""Writes the golden data that tests/core compares against, from the numpy references.

Usage: /usr/bin/python3 tests/reference/make_golden.py OUT_DIR
CTest runs it as a fixture before the core tests (into <build dir>/golden), so the data is
always what today's reference computes; the output is deterministic (seeded generator).
"""
import os
import sys

import numpy as np
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import reference  # noqa: E402

# Shapes: even, odd, non-square both ways, a single row, and the essay's size.
SHAPES = {"even16": (16, 16), "odd15": (15, 15), "wide12x20": (12, 20), "tall21x10": (21, 10),
          "odd7x9": (7, 9), "row1x8": (1, 8), "essay320": (320, 320)}
FFT_SHAPES = ("odd7x9", "wide12x20", "tall21x10", "even16")
RESIZES = {"down320to100": ((320, 320), (100, 100)), "down17x23to5x7": ((17, 23), (5, 7)),
           "up5to8": ((5, 5), (8, 8)), "down9to3": ((9, 9), (3, 3))}


def main(out):
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(20240905)
    for name, shape in SHAPES.items():
        field = rng.standard_normal(shape)
        # Add some structure so bins differ: a smooth ramp and an oriented cosine.
        yy, xx = np.mgrid[0:shape[0], 0:shape[1]]
        field += 0.3 * yy / shape[0] + np.cos(2 * np.pi * (3 * xx / shape[1] + 2 * yy / shape[0]))
        power, freq = reference.rapsd(field)
        reference.write_grid(os.path.join(out, f"field_{name}.txt"), field)
        reference.write_grid(os.path.join(out, f"rapsd_{name}.txt"), np.vstack([freq, power]))
        if name in FFT_SHAPES:
            spec = np.fft.fft2(field)
            reference.write_grid(os.path.join(out, f"fft_{name}.txt"),
                                 np.hstack([spec.real, spec.imag]))
    for name, (shape_in, shape_out) in RESIZES.items():
        field = rng.uniform(-1, 1, shape_in)
        reference.write_grid(os.path.join(out, f"resize_in_{name}.txt"), field)
        reference.write_grid(os.path.join(out, f"resize_out_{name}.txt"),
                             reference.resize_area(field, *shape_out))

    write_decode_cases(out, rng)


def write_decode_cases(out, rng):
    """Small PNGs of several pixel formats, each with the 8-bit RGB that decoding must give
    (PNG is lossless, so exactly), and one JPEG with PIL's (libjpeg's) decoded pixels."""
    h, w = 9, 13
    rgb = rng.integers(0, 256, (h, w, 3), dtype=np.uint8)
    cases = {"rgb8": (Image.fromarray(rgb, "RGB"), rgb)}
    gray = rgb[..., 1]
    cases["gray8"] = (Image.fromarray(gray, "L"), np.repeat(gray[..., None], 3, axis=2))
    gray16 = rng.integers(0, 65536, (h, w)).astype(np.uint16)
    top = (gray16 >> 8).astype(np.uint8)  # stb_image keeps the high byte of 16-bit samples
    cases["gray16"] = (Image.fromarray(gray16, "I;16"), np.repeat(top[..., None], 3, axis=2))
    rgba = np.dstack([rgb, rng.integers(0, 256, (h, w), dtype=np.uint8)])
    cases["rgba8"] = (Image.fromarray(rgba, "RGBA"), rgb)
    palette = Image.fromarray(rgb, "RGB").quantize(colors=16)
    cases["palette"] = (palette, np.asarray(palette.convert("RGB")))
    for name, (image, expected) in cases.items():
        image.save(os.path.join(out, f"decode_{name}.png"))
        reference.write_grid(os.path.join(out, f"decode_{name}.txt"), expected.reshape(h, w * 3))
    # A smooth photo-like JPEG: decoders may differ by rounding in the inverse DCT.
    yy, xx = np.mgrid[0:64, 0:48]
    smooth = np.dstack([128 + 100 * np.sin(xx / 7.0 + c) * np.cos(yy / 9.0) for c in range(3)])
    Image.fromarray(smooth.astype(np.uint8), "RGB").save(os.path.join(out, "decode_smooth.jpg"),
                                                         quality=95)
    decoded = np.asarray(Image.open(os.path.join(out, "decode_smooth.jpg")).convert("RGB"))
    reference.write_grid(os.path.join(out, "decode_smooth_jpg.txt"), decoded.reshape(64, 48 * 3))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: make_golden.py OUT_DIR")
    main(sys.argv[1])
