#!/usr/bin/python3
"""Writes the golden data that tests/core compares against, from the numpy references.

Usage: /usr/bin/python3 tests/reference/make_golden.py OUT_DIR
CTest runs it as a fixture before the core tests (into <build dir>/golden), so the data is
always what today's reference computes; the output is deterministic (seeded generator).
"""
import glob
import os
import struct
import sys
import warnings
import zlib

import numpy as np
import scipy.io.wavfile
import scipy.signal
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
    write_audio_cases(out)
    write_prime_fft_cases(out)
    write_decode_format_cases(out)
    write_live_cases(out)
    write_generate_cases(out, rng)
    write_followup_cases(out)
    write_rfft_cases(out)


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


def png_chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def write_decode_format_cases(out):
    """The other formats decode_image reads (tests/core/image_test.cpp): the first frame of an
    animated GIF, a BMP and a TGA (lossless: exact pixels), an Adobe CMYK JPEG with Pillow's
    RGB conversion; and files it must refuse: a 4-component JPEG without Adobe's marker, a PNG
    whose IDAT CRC is wrong, a PNG header claiming 30000 x 30000 pixels. Their own generator."""
    rng = np.random.default_rng(20251127)
    h, w = 11, 14
    frames = [rng.integers(0, 256, (h, w, 3), dtype=np.uint8) for _ in range(3)]
    gifs = [Image.fromarray(f, "RGB").quantize(colors=32) for f in frames]
    gifs[0].save(os.path.join(out, "decode_anim.gif"), save_all=True, append_images=gifs[1:], duration=100, loop=0)
    with Image.open(os.path.join(out, "decode_anim.gif")) as im:
        assert im.n_frames == 3
        first = np.asarray(im.convert("RGB"))
    reference.write_grid(os.path.join(out, "decode_anim_gif.txt"), first.reshape(h, w * 3))
    for ext in ("bmp", "tga"):
        Image.fromarray(frames[1], "RGB").save(os.path.join(out, f"decode_rgb.{ext}"))
    reference.write_grid(os.path.join(out, "decode_rgb_bmp_tga.txt"), frames[1].reshape(h, w * 3))

    yy, xx = np.mgrid[0:40, 0:32]
    smooth = np.dstack([128 + 100 * np.sin(xx / 6.0 + c) * np.cos(yy / 8.0) for c in range(3)]).astype(np.uint8)
    path = os.path.join(out, "decode_cmyk.jpg")
    Image.fromarray(smooth, "RGB").convert("CMYK").save(path, quality=95)
    with Image.open(path) as im:
        assert im.mode == "CMYK"
        reference.write_grid(os.path.join(out, "decode_cmyk_jpg.txt"), np.asarray(im.convert("RGB")).reshape(40, 32 * 3))
    data = open(path, "rb").read()
    at = data.index(b"Adobe") - 4  # the APP14 marker: FF EE, its length, "Adobe"
    assert data[at:at + 2] == b"\xff\xee"
    length = struct.unpack(">H", data[at + 2:at + 4])[0]
    with open(os.path.join(out, "decode_cmyk_no_adobe.jpg"), "wb") as f:
        f.write(data[:at] + data[at + 2 + length:])

    png = bytearray(open(os.path.join(out, "decode_rgb8.png"), "rb").read())
    idat = png.index(b"IDAT")
    png[idat + 4 + struct.unpack(">I", png[idat - 4:idat])[0]] ^= 0xFF  # first byte of its CRC
    open(os.path.join(out, "decode_bad_crc.png"), "wb").write(bytes(png))
    ihdr = struct.pack(">IIBBBBB", 30000, 30000, 8, 2, 0, 0, 0)
    with open(os.path.join(out, "decode_bomb.png"), "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) +
                png_chunk(b"IDAT", zlib.compress(bytes(30000 * 3 + 1))) + png_chunk(b"IEND", b""))


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


# Fields whose sides have a prime factor above 100, which the core transforms with Bluestein's
# algorithm (tests/core/spectrum_test.cpp, rapsd_test.cpp): a prime column length (1009 x 17),
# a prime row length (17 x 1009), an even row length whose half is prime (211 x 202 = 2 x 101)
# with a prime column length. Their own generator, so the cases above keep their data.
PRIME_SHAPES = {"prime1009x17": (1009, 17), "prime17x1009": (17, 1009), "prime211x202": (211, 202)}


def write_prime_fft_cases(out):
    rng = np.random.default_rng(20251126)
    for name, shape in PRIME_SHAPES.items():
        yy, xx = np.mgrid[0:shape[0], 0:shape[1]]
        field = rng.standard_normal(shape) + np.cos(2 * np.pi * (5 * xx / shape[1] + 3 * yy / shape[0]))
        reference.write_grid(os.path.join(out, f"field_{name}.txt"), field)
        spec = np.fft.fft2(field)
        reference.write_grid(os.path.join(out, f"fft_{name}.txt"), np.hstack([spec.real, spec.imag]))
        power, freq = reference.rapsd(field)
        reference.write_grid(os.path.join(out, f"rapsd_{name}.txt"), np.vstack([freq, power]))
        spec = rng.standard_normal(shape) + 1j * rng.standard_normal(shape)  # not Hermitian
        reference.write_grid(os.path.join(out, f"ifft_in_{name}.txt"), np.hstack([spec.real, spec.imag]))
        reference.write_grid(os.path.join(out, f"ifft_out_{name}.txt"), np.fft.ifft2(spec).real)


# ---------------------------------------------------------------------------------------------
# The audio chapter (tests/core/audio_test.cpp, resample_test.cpp, stft_test.cpp,
# mel_test.cpp, spectrum1d_test.cpp). Its own generator, so the image cases above keep their
# numbers.

AUDIO_SR = 22050
# (name, sr, n_fft, n_mels, fmin, fmax or None): librosa's defaults, speech-like settings, a
# high rate, an odd n_fft, and so many mels for a small n_fft that some filters are empty.
MEL_BANKS = [("default", 22050, 2048, 128, 0.0, None), ("speech16k", 16000, 512, 40, 20.0, 7600.0),
             ("hifi44k", 44100, 1024, 64, 300.0, 8000.0), ("odd255", 22050, 255, 20, 0.0, None),
             ("sparse", 22050, 256, 128, 0.0, None)]
# (name, length, n_fft, hop, center)
STFT_CASES = [("even", 1000, 256, 64, True), ("odd_nfft", 1000, 255, 100, True),
              ("short", 100, 256, 64, True), ("one", 1, 16, 4, True), ("hop_gt_nfft", 777, 64, 100, True),
              ("nocenter", 1000, 256, 128, False)]
RESAMPLE_RATES = [44100, 48000, 8000, 16000]
SPECTRUM1D_LENGTHS = [1000, 999, 44101, 1, 2]


def write_audio_cases(out):
    rng = np.random.default_rng(20240902)
    w = reference.write_grid
    # Mel scale at awkward points (both sides of 1000 Hz / 15 mel).
    hz = np.array([0.0, 1.0, 100.0, 500.0, 999.9999, 1000.0, 1000.0001, 2000.0, 6400.0, 11025.0,
                   22050.0, 96000.0])
    mels = np.array([0.0, 0.5, 7.5, 14.9999, 15.0, 15.0001, 20.0, 42.0, 60.0, 100.0, 142.0])
    w(os.path.join(out, "mel_hz_to_mel.txt"), np.vstack([hz, reference.hz_to_mel(hz)]))
    w(os.path.join(out, "mel_mel_to_hz.txt"), np.vstack([mels, reference.mel_to_hz(mels)]))
    for name, sr, n_fft, n_mels, fmin, fmax in MEL_BANKS:
        w(os.path.join(out, f"melfb_{name}.txt"), reference.mel_filterbank(sr, n_fft, n_mels, fmin, fmax))

    for name, length, n_fft, hop, center in STFT_CASES:
        x = rng.uniform(-1, 1, length).astype(np.float32)
        w(os.path.join(out, f"stft_x_{name}.txt"), x.astype(np.float64))
        w(os.path.join(out, f"stft_{name}.txt"), reference.stft_power(x, n_fft, hop, center))

    # power_to_db on powers spanning 1e-14 .. 1e4, with exact zeros.
    power = 10.0 ** rng.uniform(-14, 4, (9, 11))
    power[rng.uniform(size=power.shape) < 0.1] = 0.0
    w(os.path.join(out, "db_in.txt"), power)
    w(os.path.join(out, "db_default.txt"), reference.power_to_db(power))
    w(os.path.join(out, "db_ref_amin_top.txt"), reference.power_to_db(power, ref=power.max(), amin=1e-5, top_db=40.0))
    w(os.path.join(out, "db_nofloor.txt"), reference.power_to_db(power, ref=-2.5, top_db=None))

    # DCT-II ortho of a mel-shaped field and of a small odd one.
    for name, shape, n in (("mel128x30", (128, 30), 20), ("odd13x7", (13, 7), 13), ("one1x4", (1, 4), 1)):
        field = rng.standard_normal(shape) * 20 - 40
        w(os.path.join(out, f"dct_in_{name}.txt"), field)
        w(os.path.join(out, f"dct_out_{name}.txt"), (reference.dct2_ortho_matrix(shape[0]) @ field)[:n])

    write_clip_cases(out, rng)
    write_wav_cases(out, rng)
    write_resample_cases(out, rng)
    for n in SPECTRUM1D_LENGTHS:
        x = (rng.standard_normal(n) * 0.3).astype(np.float32)
        w(os.path.join(out, f"spec1d_x_{n}.txt"), x.astype(np.float64))
        w(os.path.join(out, f"spec1d_{n}.txt"), np.vstack(reference.spectrum1d(x, AUDIO_SR)))


def write_clip_cases(out, rng):
    """A 2-s synthetic clip (a chirp from 100 Hz to 8 kHz, a steady 440 Hz tone, and noise) as
    a 16-bit WAV, with its log-mel spectrogram (librosa's defaults and other settings), its
    RAPSD and MFCCs; and the same for the first clip in assets/audio/ if there is one."""
    sr = AUDIO_SR
    t = np.arange(2 * sr) / sr
    chirp = scipy.signal.chirp(t, f0=100.0, t1=2.0, f1=8000.0, method="logarithmic")
    clip = 0.4 * chirp + 0.2 * np.sin(2 * np.pi * 440.0 * t) + 0.05 * rng.standard_normal(len(t))
    clip *= np.minimum(1.0, np.minimum(t, 2.0 - t) / 0.05)  # 50 ms fades
    path = os.path.join(out, "clip_chirp.wav")
    scipy.io.wavfile.write(path, sr, np.round(clip * 32767).astype(np.int16))
    write_clip_features(out, "chirp", path)

    assets = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "assets", "audio")
    wavs = sorted(glob.glob(os.path.join(assets, "*.wav")))
    marker = os.path.join(out, "asset_clip_path.txt")
    if wavs:
        write_clip_features(out, "asset", wavs[0])
        with open(marker, "w") as f:
            f.write(os.path.abspath(wavs[0]) + "\n")
    elif os.path.exists(marker):
        os.remove(marker)


def write_clip_features(out, name, path):
    w = reference.write_grid
    sr, y, _ = reference.wav_to_mono(path)
    db = reference.log_mel(y, sr=sr)
    w(os.path.join(out, f"logmel_{name}.txt"), db)
    power, freq = reference.rapsd(db)
    w(os.path.join(out, f"melrapsd_{name}.txt"), np.vstack([freq, power]))
    w(os.path.join(out, f"mfcc_{name}.txt"), reference.mfcc(y, 20, sr=sr))
    w(os.path.join(out, f"logmel_{name}_1024_256_64_60.txt"),
      reference.log_mel(y, sr=sr, n_fft=1024, hop_length=256, n_mels=64, top_db=60.0))
    w(os.path.join(out, f"melpower_{name}.txt"),
      reference.mel_filterbank(sr, 2048, 128) @ reference.stft_power(y, 2048, 512))


def live_signal(sr, seconds=6.0):
    """A voice-like sound sampled at sr from one continuous definition (so any rate samples
    the same sound): a fundamental gliding around 140 Hz with harmonics 1/k up to 8 kHz (below
    the medium resampler's band edge), in 'syllables' about 3 per second."""
    t = np.arange(int(round(seconds * sr))) / sr
    # phase = 2 pi * integral of f0, f0(t) = 140 + 60 sin(2 pi 0.7 t) + 30 sin(2 pi 0.23 t)
    cycles = (140.0 * t + 60.0 / (2 * np.pi * 0.7) * (1 - np.cos(2 * np.pi * 0.7 * t))
              + 30.0 / (2 * np.pi * 0.23) * (1 - np.cos(2 * np.pi * 0.23 * t)))
    x = np.zeros_like(t)
    for k in range(1, 35):  # 34 * 230 Hz < 8 kHz
        x += np.sin(2 * np.pi * k * cycles) / k
    envelope = 0.05 + 0.95 * np.sin(np.pi * 3.1 * t) ** 2
    return 0.25 * envelope * x / 3.0


def write_live_cases(out):
    """The microphone figure's window (tests/app/live_sound_test.cpp): 6 s of live_signal as
    16-bit WAVs at 22,050 and 44,100 Hz; the log-mel of the last 4 s at 22,050 Hz, its RAPSD
    and power-law fit (alpha, intercept, r2)."""
    for rate in (AUDIO_SR, 44100):
        x = np.round(np.clip(live_signal(rate), -1, 1) * 32767).astype(np.int16)
        scipy.io.wavfile.write(os.path.join(out, f"live_{rate}.wav"), rate, x)
    _, y, _ = reference.wav_to_mono(os.path.join(out, f"live_{AUDIO_SR}.wav"))
    window = y[-4 * AUDIO_SR:]
    db = reference.log_mel(window, sr=AUDIO_SR)
    reference.write_grid(os.path.join(out, "live_logmel.txt"), db)
    power, freq = reference.rapsd(db)
    reference.write_grid(os.path.join(out, "live_rapsd.txt"), np.vstack([freq, power]))
    reference.write_grid(os.path.join(out, "live_fit.txt"),
                         np.array([reference.fit_power_law(freq, np.log10(power), True)]))


# (file name, stored format, channels, written by): scipy's writer where it has the format,
# reference.wav_bytes for 24-bit, WAVE_FORMAT_EXTENSIBLE and odd chunk layouts.
WAV_CASES = [("pcm8", "u8", 1, "scipy"), ("pcm16", "i16", 1, "scipy"), ("pcm24", "i24", 1, "bytes"),
             ("pcm32", "i32", 1, "scipy"), ("float32", "f32", 1, "scipy"), ("float64", "f64", 1, "scipy"),
             ("stereo16", "i16", 2, "scipy"), ("stereo24", "i24", 2, "bytes"), ("stereo_f64", "f64", 2, "scipy"),
             ("ch8_16", "i16", 8, "scipy"), ("ch8_24", "i24", 8, "bytes"), ("ch8_f32", "f32", 8, "scipy"),
             ("ext16", "i16", 2, "ext"), ("ext24", "i24", 6, "ext"), ("ext_f32", "f32", 2, "ext"),
             ("odd_chunks", "i16", 2, "odd"), ("fmt_after_data", "i16", 1, "late")]


def write_wav_cases(out, rng):
    """WAVs of every supported format, each with the mono float32 samples reference.wav_to_mono
    reads from it through scipy.io.wavfile."""
    frames, rate = 301, 16000  # odd, so odd-sized chunks occur
    full = {"u8": (0, 256), "i16": (-32768, 32768), "i24": (-(1 << 23), 1 << 23), "i32": (-(1 << 31), 1 << 31)}
    for name, fmt, channels, how in WAV_CASES:
        if fmt in full:
            lo, hi = full[fmt]
            stored = rng.integers(lo, hi, (frames, channels), dtype=np.int64)
            stored[0, :] = lo       # the extremes
            stored[1, :] = hi - 1
        else:
            stored = rng.uniform(-1, 1, (frames, channels))
            if fmt == "f32":
                stored = stored.astype(np.float32)
            stored[0, :] = -1.0
            stored[1, :] = 1.5  # float data beyond full scale is kept
        path = os.path.join(out, f"wav_{name}.wav")
        if how == "scipy":
            dtype = {"u8": np.uint8, "i16": np.int16, "i32": np.int32, "f32": np.float32, "f64": np.float64}[fmt]
            data = stored.astype(dtype)
            scipy.io.wavfile.write(path, rate, data[:, 0] if channels == 1 else data)
        else:
            extra = [(b"LIST", b"INFOISFT\x05\x00\x00\x00tide\x00"), (b"junk", b"abc")] if how == "odd" else []
            with open(path, "wb") as f:
                f.write(reference.wav_bytes(stored, rate, fmt, extensible=how == "ext", extra_chunks=extra,
                                            fmt_after_data=how == "late"))
        if how == "late":  # scipy wants fmt first: read the same samples in the usual layout
            with open(path + ".usual.wav", "wb") as f:
                f.write(reference.wav_bytes(stored, rate, fmt))
            got_rate, mono, got_channels = reference.wav_to_mono(path + ".usual.wav")
            os.remove(path + ".usual.wav")
        else:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", scipy.io.wavfile.WavFileWarning)  # LIST, junk
                got_rate, mono, got_channels = reference.wav_to_mono(path)
        assert got_rate == rate and got_channels == channels, name
        reference.write_grid(os.path.join(out, f"wav_{name}.txt"), mono.astype(np.float64))


def band_limited_signal(rng, sr, seconds, f_top):
    """Three sines and band-limited noise, all below f_top Hz, peak about 0.7."""
    n = int(round(sr * seconds))
    t = np.arange(n) / sr
    x = sum(0.15 * np.sin(2 * np.pi * f * t + rng.uniform(0, 2 * np.pi))
            for f in (0.05 * f_top, 0.37 * f_top, 0.93 * f_top))
    spec = np.fft.rfft(rng.standard_normal(n))
    spec[np.fft.rfftfreq(n, 1.0 / sr) >= f_top] = 0.0
    noise = np.fft.irfft(spec, n)
    return (x + 0.1 * noise / noise.std()).astype(np.float32)


def write_resample_cases(out, rng):
    """Band-limited signals (below 0.4 * min(rates)) at each rate, and
    scipy.signal.resample_poly's conversion to 22,050 Hz."""
    for rate in RESAMPLE_RATES:
        from math import gcd
        x = band_limited_signal(rng, rate, 0.5, 0.4 * min(rate, AUDIO_SR))
        g = gcd(rate, AUDIO_SR)
        y = scipy.signal.resample_poly(x.astype(np.float64), AUDIO_SR // g, rate // g)
        reference.write_grid(os.path.join(out, f"resample_x_{rate}.txt"), x.astype(np.float64))
        reference.write_grid(os.path.join(out, f"resample_poly_{rate}.txt"), y)


def write_generate_cases(out, rng):
    """Wiener denoiser, hard cut and heat blur on an even non-square and an odd field, and the
    sampler (DDIM and DDPM, Gaussian and corpus models, a shifted schedule) on small fields."""
    prior = (-3.5, 2.6)
    for name, shape in (("wide24x20", (24, 20)), ("odd17", (17, 17))):
        yy, xx = np.mgrid[0:shape[0], 0:shape[1]]
        x0 = 0.5 * np.cos(2 * np.pi * (xx / shape[1] + 2 * yy / shape[0])) + 0.3 * rng.standard_normal(shape)
        x_t = 0.7 * x0 + 0.4 * rng.standard_normal(shape)
        reference.write_grid(os.path.join(out, f"denoise_in_{name}.txt"), x_t)
        reference.write_grid(os.path.join(out, f"denoise_wiener_{name}.txt"),
                             reference.wiener_denoise(x_t, *prior, 0.7, 0.4))
        reference.write_grid(os.path.join(out, f"denoise_cut_{name}.txt"), reference.low_pass_cut(x_t, 0.2, 1 / 0.7))
        reference.write_grid(os.path.join(out, f"denoise_heat_{name}.txt"), reference.heat_blur(x_t, 1.3))
    gaussian = lambda x, a, s: reference.wiener_denoise(x, *prior, a, s)
    photos = np.stack([power_law_field(rng, 16, 2.5) * 3 for _ in range(4)])
    reference.write_grid(os.path.join(out, "sampler_photos.txt"), photos.reshape(4 * 16, 16))
    cases = {"gauss_ddim_rf": ("ddim", "rf", 10, 1.0, 7, gaussian),
             "gauss_ddpm_cos_shift3": ("ddpm", "cosine", 6, 3.0, 3, gaussian),
             "corpus_ddim_rf": ("ddim", "rf", 8, 1.0, 5, reference.corpus_denoise(photos)),
             "corpus_ddpm_rf_shift2": ("ddpm", "rf", 8, 2.0, 11, reference.corpus_denoise(photos))}
    for name, (kind, schedule, steps, shift, seed, denoise) in cases.items():
        x, _ = reference.sample(kind, schedule, steps, shift, seed, (16, 16), denoise)
        reference.write_grid(os.path.join(out, f"sampler_{name}.txt"), x)


# (name, kind, shift, resolution): every schedule of issue 16, SD3 at two shifts, simple
# diffusion at the resolutions of the snr-map figure (64 is the plain cosine).
FOLLOWUP_SCHEDULES = [("rf", "rf", 3.0, 64.0), ("cosine", "cosine", 3.0, 64.0), ("sd3s3", "sd3", 3.0, 64.0),
                      ("sd3s1.7", "sd3", 1.7, 64.0), ("edm", "edm", 3.0, 64.0), ("simple64", "simple", 3.0, 64.0),
                      ("simple128", "simple", 3.0, 128.0), ("simple256", "simple", 3.0, 256.0),
                      ("simple320", "simple", 3.0, 320.0)]


def write_followup_cases(out):
    """Schedules (t, alpha, sigma, logSNR at interior t), EDM's sampling steps, the SNR map of a
    spectrum and the exact effort probabilities (tests/core/schedule_test.cpp, tidemap_test.cpp).
    No random numbers: the spectra are the fit_in_* files written above."""
    t = np.concatenate([[1e-9, 1e-6, 1e-3], np.linspace(0, 1, 101)[1:-1], [1 - 1e-3, 1 - 1e-6, 1 - 1e-9]])
    for name, kind, shift, res in FOLLOWUP_SCHEDULES:
        levels = np.array([reference.schedule_level(kind, v, shift, res) for v in t])
        lam = np.array([reference.schedule_log_snr(kind, v, shift, res) for v in t])
        reference.write_grid(os.path.join(out, f"schedule_{name}.txt"), np.vstack([t, levels.T, lam]))
    reference.write_grid(os.path.join(out, "edm_steps.txt"),
                         np.vstack([np.pad(reference.edm_sigma_steps(n), (0, 40 - n)) for n in (2, 18, 40)]))
    # Phase swap (Oppenheim and Lim 1981): magnitude of field_odd15, phase of its upside-down
    # copy times 2 plus 0.1, and the other way round.
    a = np.loadtxt(os.path.join(out, "field_odd15.txt"), skiprows=1)
    b = 2 * a[::-1, :] + 0.1
    swap = lambda m, p: np.real(np.fft.ifft2(np.abs(np.fft.fft2(m)) * np.exp(1j * np.angle(np.fft.fft2(p)))))
    reference.write_grid(os.path.join(out, "phase_swap_odd15.txt"), np.vstack([swap(a, b), swap(b, a)]))
    # Gradient correlation (periodic forward differences, np.roll) of a with b, with its own
    # swap and with a constant shift and scale of itself.
    def gradient_corr(x, y):
        gx = [np.roll(x, -1, axis) - x for axis in (0, 1)]
        gy = [np.roll(y, -1, axis) - y for axis in (0, 1)]
        dot = lambda u, v: sum(np.sum(p * q) for p, q in zip(u, v))
        return dot(gx, gy) / np.sqrt(dot(gx, gx) * dot(gy, gy))
    reference.write_grid(os.path.join(out, "gradient_correlation_odd15.txt"),
                         np.array([[gradient_corr(a, b), gradient_corr(a, swap(a, b)), gradient_corr(a, 3 * a - 1)]]))
    for spectrum in ("essay320", "powerlaw320"):
        freq, _, power = np.loadtxt(os.path.join(out, f"fit_in_{spectrum}.txt"), skiprows=1)
        for name, kind, shift, res in FOLLOWUP_SCHEDULES:
            steps = 9
            ts = np.arange(1, steps + 1) / (steps + 1)
            snr = np.array([[10 * np.log10(a * a * p / (s * s)) for p in power[1:]]
                            for a, s in (reference.schedule_level(kind, v, shift, res) for v in ts)])
            reference.write_grid(os.path.join(out, f"snrmap_{spectrum}_{name}.txt"), snr)
            for tau in (1.0, 0.25):
                reference.write_grid(os.path.join(out, f"effort_{spectrum}_{name}_tau{tau:g}.txt"),
                                     reference.effort_probabilities(freq, power, tau, kind, shift, res))


# The half-spectrum pair rfft2 / irfft2 (tests/core/spectrum_test.cpp): odd, even and prime
# sides, a single row and a single column. Prime 1009 x 17 and 17 x 1009 go through Bluestein's
# algorithm on the columns and rows; 211 x 202 has an even row length whose half (101) is prime;
# 7 x 5 is small and odd both ways. Its own generator, so the cases above keep their data.
RFFT_SHAPES = {"odd7x5": (7, 5), "odd7x9": (7, 9), "even16": (16, 16), "wide12x20": (12, 20),
               "tall21x10": (21, 10), "row1x8": (1, 8), "row1x9": (1, 9), "col8x1": (8, 1), "col9x1": (9, 1),
               "prime1009x17": (1009, 17), "prime17x1009": (17, 1009), "prime211x202": (211, 202)}


def write_rfft_cases(out):
    """numpy.fft.rfft2 of real fields, and numpy.fft.irfft2(H, s=shape) of half spectra H whose
    every value is random (not the half of a Hermitian spectrum, so that the parts irfft2 drops,
    Im H[:, 0] and, cols even, Im H[:, cols/2] after the column transforms, are tested too)."""
    rng = np.random.default_rng(20260115)
    for name, shape in RFFT_SHAPES.items():
        yy, xx = np.mgrid[0:shape[0], 0:shape[1]]
        field = rng.standard_normal(shape) + np.cos(2 * np.pi * (2 * xx / shape[1] + 3 * yy / shape[0]))
        reference.write_grid(os.path.join(out, f"rfft_field_{name}.txt"), field)
        spec = np.fft.rfft2(field)
        reference.write_grid(os.path.join(out, f"rfft_{name}.txt"), np.hstack([spec.real, spec.imag]))
        half = (shape[0], shape[1] // 2 + 1)
        spec = rng.standard_normal(half) + 1j * rng.standard_normal(half)
        reference.write_grid(os.path.join(out, f"irfft_in_{name}.txt"), np.hstack([spec.real, spec.imag]))
        reference.write_grid(os.path.join(out, f"irfft_out_{name}.txt"), np.fft.irfft2(spec, s=shape))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: make_golden.py OUT_DIR")
    main(sys.argv[1])
