#!/usr/bin/python3
"""Writes the golden data that tests/core compares against, from the numpy references.

Usage: /usr/bin/python3 tests/reference/make_golden.py OUT_DIR
CTest runs it as a fixture before the core tests (into <build dir>/golden), so the data is
always what today's reference computes; the output is deterministic (seeded generator).
"""
import os
import struct
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
    write_noise_cases(out)
    write_powerlaw_cases(out, rng)
    write_slice_cases(out, rng)
    write_ifft_cases(out, rng)


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


NOISE_SEEDS = {"seed0": 0, "seed42": 42, "seedmax": (1 << 64) - 1}


def write_noise_cases(out):
    """GaussianNoise re-implemented in Python: the first 16 raw xoshiro256** outputs (integers,
    exact) and the first 1000 samples, once with math.log and once with the Python transcription
    of portable_log (that one must agree bit for bit)."""
    for name, seed in NOISE_SEEDS.items():
        g = reference.GaussianNoise(seed)
        with open(os.path.join(out, f"noise_u64_{name}.txt"), "w") as f:
            f.write(f"{seed}\n" + " ".join(str(g.next_u64()) for _ in range(16)) + "\n")
        with_math_log = reference.gaussian_noise(1, 1000, seed)
        with_portable_log = reference.gaussian_noise(1, 1000, seed, log=reference.portable_log)
        reference.write_grid(os.path.join(out, f"noise_{name}.txt"),
                             np.vstack([with_math_log, with_portable_log]))
    # portable_log at awkward arguments: subnormals, near 1, powers of two, huge.
    xs = np.concatenate([[5e-324, 1e-310, 2.2250738585072014e-308, 1e-300, 0.5, 0.7071067811865475,
                          0.7071067811865476, 1.0, 1.0000000000000002, 0.9999999999999999, 2.0,
                          3.0, 10.0, 1e300, 1.7976931348623157e308],
                         np.exp(np.linspace(-690, 690, 85))])
    # As IEEE-754 bit patterns (integers): exact, and libc++'s stream input rejects subnormals.
    def bits(v):
        return struct.unpack("<Q", struct.pack("<d", v))[0]
    with open(os.path.join(out, "portable_log_bits.txt"), "w") as f:
        for x in xs:
            f.write(f"{bits(float(x))} {bits(reference.portable_log(float(x)))}\n")


def power_law_field(rng, n, alpha):
    """White noise shaped in Fourier space by |k|^(-alpha/2) (k in cycles/pixel), DC 0."""
    k = np.hypot(np.fft.fftfreq(n)[:, None], np.fft.fftfreq(n)[None, :])
    k[0, 0] = 1.0
    shaping = k ** (-alpha / 2)
    shaping[0, 0] = 0.0
    return np.fft.ifft2(np.fft.fft2(rng.standard_normal((n, n))) * shaping).real


def write_powerlaw_cases(out, rng):
    """mean_log10, resample_loglog, fit_power_law and f_max_curve on RAPSDs of a flat (white)
    field, a power-law field, an odd-sized field and a short spectrum."""
    spectra = {"essay320": reference.rapsd(np.loadtxt(os.path.join(out, "field_essay320.txt"),
                                                      skiprows=1)),
               "powerlaw320": reference.rapsd(power_law_field(rng, 320, 2.5)),
               "odd15": reference.rapsd(np.loadtxt(os.path.join(out, "field_odd15.txt"), skiprows=1)),
               "powerlaw9": reference.rapsd(power_law_field(rng, 9, 2.0))}
    for name, (power, freq) in spectra.items():
        log10_power = np.log10(power)
        reference.write_grid(os.path.join(out, f"fit_in_{name}.txt"), np.vstack([freq, log10_power, power]))
        reference.write_grid(os.path.join(out, f"resample_{name}.txt"),
                             np.vstack(reference.resample_loglog(freq, log10_power)))
        reference.write_grid(os.path.join(out, f"resample_{name}_n7_first2.txt"),
                             np.vstack(reference.resample_loglog(freq, log10_power, 7, 2)))
        reference.write_grid(os.path.join(out, f"fit_{name}.txt"),
                             [*reference.fit_power_law(freq, log10_power, True),
                              *reference.fit_power_law(freq, log10_power, False)])
        for schedule in ("rf", "cosine"):
            for tau in (1.0, 0.25):
                curve = reference.f_max_curve(freq, power, tau, schedule, 99)
                reference.write_grid(os.path.join(out, f"fmax_{name}_{schedule}_tau{tau:g}.txt"),
                                     np.array(curve).T)
    # mean_log10 of three positive curves (zeros give -inf; the C++ test checks that itself).
    curves = rng.uniform(0.01, 100.0, (3, 50)) ** 2
    reference.write_grid(os.path.join(out, "mean_log10_in.txt"), curves)
    reference.write_grid(os.path.join(out, "mean_log10_out.txt"), reference.mean_log10(curves))


SLICE_SHAPES = {"even16": (16, 16), "odd15x17": (15, 17), "wide12x20": (12, 20), "tall9x6": (9, 6),
                "small4": (4, 4)}
SLICE_ANGLES = [0.0, 90.0, 180.0, 270.0, 45.0, 33.3, 123.4, -30.0, 400.0, 359.9]


def write_slice_cases(out, rng):
    """Slices of positive random 'shifted power spectra' at awkward angles."""
    for name, shape in SLICE_SHAPES.items():
        power = rng.uniform(0.0, 2.0, shape) ** 3
        reference.write_grid(os.path.join(out, f"slice_in_{name}.txt"), power)
        rows = []
        for angle in SLICE_ANGLES:
            freq, values = reference.spectrum_slice(power, angle)
            rows.append(np.concatenate([[angle], values]))
        reference.write_grid(os.path.join(out, f"slice_out_{name}.txt"), np.array(rows))


def write_ifft_cases(out, rng):
    """numpy.fft.ifft2(F).real of spectra that are not Hermitian (so the real part matters)."""
    for name, shape in {"odd7x9": (7, 9), "even16": (16, 16), "wide12x20": (12, 20),
                        "tall21x10": (21, 10), "one1x5": (1, 5)}.items():
        spec = rng.standard_normal(shape) + 1j * rng.standard_normal(shape)
        reference.write_grid(os.path.join(out, f"ifft_in_{name}.txt"), np.hstack([spec.real, spec.imag]))
        reference.write_grid(os.path.join(out, f"ifft_out_{name}.txt"), np.fft.ifft2(spec).real)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: make_golden.py OUT_DIR")
    main(sys.argv[1])
