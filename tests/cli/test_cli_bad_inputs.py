"""The `tide` CLI on bad, odd and hostile inputs (issue #6, "Hardening"): image files, sound
files and option values, in the native build and the WebAssembly build under node.

Run by ctest with the other CLI tests (tests/CMakeLists.txt), or by hand from this folder with
Debian's python3 (numpy, PIL), with the same variables as test_cli.py (without TIDE_WASM only
the native build is tested):

    cd tests/cli && TIDE_NATIVE=../../build/native/tide \\
        TIDE_WASM=../../build/wasm/src/cli/tide.js TIDE_NODE=node \\
        TIDE_ASSETS=../../assets /usr/bin/python3 -m unittest -v test_cli_bad_inputs

Every file is generated here (PIL, numpy, zlib, struct) into a temporary folder, except the
Ogg Vorbis stream, which is tests/data/tone_stereo_22050.ogg damaged in several ways (nothing
on the test machine encodes Vorbis). Every run has a timeout; a refusal must be exit status 1
(unusable file) or 2 (bad command line), never a signal or a WebAssembly abort, with nothing on
stdout and one line 'tide: ...' on stderr, the same in both builds.

The matrix (case: behaviour):
- Images (ImageTest). Empty file, text named .png, truncated PNG and JPEG, a JPEG cut in its
  header, a PNG whose IDAT or IHDR CRC is wrong, 1x1, 2x2 and 4000x3 pixels, a header
  claiming 30000x30000 pixels (refused from the header, natively within a 1 GiB address
  space), 16385x8 and 8193x8192 (over the side and pixel limits, which the message, --help
  and README state), a field over 4096x4096 with --size 0, a 4-component JPEG without
  Adobe's marker, WebP, the JPEGs in tests/fuzz/regressions/image (a Huffman table of 287
  codes; a progressive scan using a table the file has not defined): refused, each with its
  message. A JPEG named .png: read by content,
  the same output as named .jpg. 8- and 16-bit gray and RGB, gray+alpha, RGBA, palette with
  transparency (PNG); the first frame of an animated GIF; BMP (24-bit, palette); TGA (plain,
  RLE): the exact pixels (the numpy reference on PIL's decoding, 1e-9). Adobe CMYK and
  progressive JPEGs: PIL's pixels within JPEG rounding (mean within half a level, RAPSD bins
  within 2%). 4000x8: the centre crop is 8x8, upsampled to 320 (as the reference computes);
  with --no-crop --size 0 the whole 4000x8 field. 4001x3001 (both prime) with --no-crop
  --size 0 and cropped to 3001x3001: the reference to 1e-6, in seconds (Bluestein's
  algorithm; KissFFT alone took ~90 s).
- Sounds (AudioTest), beyond test_cli_audio.py: a data chunk longer than the file (analysed
  as far as it goes, with 'tide: warning: ...'); data size 0xFFFFFFFF (to the end of the
  file, no warning), also with a stray byte at the end, and refused when no fmt chunk comes
  before it; LIST before fmt, data before fmt, odd-sized chunks with and without their pad
  byte, an odd-sized data chunk followed by its pad byte and another chunk, a wrong RIFF
  size: the same output as the plain file. Ogg: a page whose capture pattern, version or CRC
  is wrong, stray bytes between pages: refused naming the byte; cut inside its audio:
  analysed with a warning; cut before any audio: refused.
- Option values (OptionTest): NaN, Inf, -Inf, negative, huge and non-numeric values of every
  numeric option (--size, --jobs, --sigma, --seed, --tau, --steps, --angles, --sr, --n_fft,
  --hop, --n_mels, --top_db, --n_mfcc): exit 2 naming the option and the value; the largest
  accepted --sigma, --tau and --top_db give finite numbers.
"""
import math
import os
import shutil
import struct
import sys
import tempfile
import unittest
import zlib
from pathlib import Path

import numpy as np
from PIL import Image

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "reference"))
import reference  # noqa: E402  (tests/reference/reference.py)
from support import BUILDS, COMMANDS, Run, both, commands_from_env, run_cli, run_many  # noqa: E402
from test_cli import decode_rgb, parse_csv, reference_spectrum, relative_errors  # noqa: E402

FILES = {}     # name -> path
SANITIZED = False  # TIDE_NATIVE is a sanitizer build (slower; terabytes of shadow memory)
_tmp = None

RUN_TIMEOUT_S = 120    # any run; a hang fails the test instead of stalling it
REFUSE_TIMEOUT_S = 30  # files refused from their header or a quick check
PRIME_LIMIT_S = 60     # 4001x3001 with --no-crop --size 0 (KissFFT alone: ~90 s natively)
REFERENCE_REL_TOL = 1e-6  # as test_cli.py: the CLI against the numpy reference
PARITY_REL_TOL = 1e-12    # native vs WebAssembly
JPEG_BIN_TOL = 2e-2       # a JPEG decoded by stb_image vs PIL (libjpeg): IDCT rounding
BOMB_ADDRESS_SPACE = 1 << 30  # a 30000x30000 RGB decode would need 2.7 GB

# The limits the core states (src/core/image.hpp), as `tide --help` and the messages give them.
MAX_SIDE, MAX_PIXELS, MAX_FIELD = 16384, 67108864, 4096 * 4096


# ---------------------------------------------------------------------------------------------
# Writers: PNG by hand (16-bit RGB, bad CRCs, huge headers), WAV chunk by chunk, Ogg pages.

def png_chunk(kind: bytes, body: bytes, crc=None) -> bytes:
    crc = zlib.crc32(kind + body) if crc is None else crc
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)


def png_bytes(width, height, color_type, bit_depth, raw_rows: bytes) -> bytes:
    """A PNG of already filtered scanlines (each starting with its filter byte)."""
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", zlib.compress(raw_rows)) +
            png_chunk(b"IEND", b""))


def png_header_only(width, height) -> bytes:
    """A well-formed PNG that claims width x height RGB pixels and holds one row of them."""
    return png_bytes(width, height, 2, 8, bytes(1 + 3 * min(width, 4096)))


def riff_chunk(cid: bytes, body: bytes, pad=True, size=None) -> bytes:
    out = cid + struct.pack("<I", len(body) if size is None else size) + body
    return out + (b"\0" if pad and len(body) % 2 else b"")


def fmt_chunk(channels=1, rate=22050, bits=16) -> bytes:
    align = channels * bits // 8
    return riff_chunk(b"fmt ", struct.pack("<HHIIHH", 1, channels, rate, rate * align, align, bits))


def riff(*chunks, size=None) -> bytes:
    body = b"WAVE" + b"".join(chunks)
    return b"RIFF" + struct.pack("<I", len(body) if size is None else size) + body


def ogg_pages(data: bytes):
    """[(offset, length)] of the Ogg pages of a well-formed stream."""
    pages, pos = [], 0
    while pos < len(data):
        assert data[pos:pos + 4] == b"OggS"
        segments = data[pos + 26]
        length = 27 + segments + sum(data[pos + 27:pos + 27 + segments])
        pages.append((pos, length))
        pos += length
    return pages


# ---------------------------------------------------------------------------------------------
# Fixtures

def textured(width, height, seed):
    """8-bit RGB with detail at every scale (smooth waves plus noise), so every RAPSD bin has
    power well above rounding."""
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:height, 0:width]
    rgb = np.dstack([110 + 60 * np.sin(xx / (9.0 + 3 * c)) * np.cos(yy / 13.0) for c in range(3)])
    rgb += rng.normal(0, 25, rgb.shape)
    return np.clip(np.round(rgb), 0, 255).astype(np.uint8)


def make_images(tmp: Path):
    rgb = textured(48, 40, 1)
    base = Image.fromarray(rgb, "RGB")

    # Unusable.
    FILES["empty"] = tmp / "empty.png"
    FILES["empty"].write_bytes(b"")
    FILES["text_png"] = tmp / "text.png"
    FILES["text_png"].write_text("a text file renamed .png\n")
    base.save(tmp / "good.png")
    png = (tmp / "good.png").read_bytes()
    FILES["png_truncated"] = tmp / "truncated.png"
    FILES["png_truncated"].write_bytes(png[:len(png) * 3 // 5])
    base.save(tmp / "good.jpg", quality=90)
    jpeg = (tmp / "good.jpg").read_bytes()
    FILES["jpeg_truncated"] = tmp / "truncated.jpg"
    FILES["jpeg_truncated"].write_bytes(jpeg[:len(jpeg) * 3 // 5])
    FILES["jpeg_cut_in_header"] = tmp / "cut_in_header.jpg"
    FILES["jpeg_cut_in_header"].write_bytes(jpeg[:jpeg.index(b"\xff\xc0") + 5])  # inside the frame header
    for chunk in (b"IDAT", b"IHDR"):
        bad = bytearray(png)
        at = bad.index(chunk)
        bad[at + 4 + struct.unpack(">I", bad[at - 4:at])[0]] ^= 0x55  # the first byte of its CRC
        FILES[f"png_bad_crc_{chunk.decode()}"] = tmp / f"bad_crc_{chunk.decode().lower()}.png"
        FILES[f"png_bad_crc_{chunk.decode()}"].write_bytes(bytes(bad))
    for w, h in ((1, 1), (2, 2), (4000, 3)):
        FILES[f"tiny_{w}x{h}"] = tmp / f"tiny_{w}x{h}.png"
        Image.fromarray(textured(w, h, w), "RGB").save(FILES[f"tiny_{w}x{h}"])
    for name, (w, h) in {"bomb": (30000, 30000), "too_wide": (MAX_SIDE + 1, 8),
                         "too_many": (8193, 8192)}.items():
        FILES[name] = tmp / f"{name}_{w}x{h}.png"
        FILES[name].write_bytes(png_header_only(w, h))
    FILES["field_too_big"] = tmp / "flat_4100x4100.png"  # decodes; too big to analyse whole
    Image.new("RGB", (4100, 4100), (40, 80, 120)).save(FILES["field_too_big"])
    cmyk = Image.fromarray(textured(40, 32, 2), "RGB").convert("CMYK")
    cmyk.save(tmp / "cmyk.jpg", quality=95)
    data = (tmp / "cmyk.jpg").read_bytes()
    at = data.index(b"Adobe") - 4  # APP14: FF EE, length, "Adobe"
    assert data[at:at + 2] == b"\xff\xee"
    FILES["cmyk_no_adobe"] = tmp / "cmyk_no_adobe.jpg"
    FILES["cmyk_no_adobe"].write_bytes(data[:at] + data[at + 2 + struct.unpack(">H", data[at + 2:at + 4])[0]:])
    FILES["webp"] = tmp / "photo.webp"
    base.save(FILES["webp"])

    # Valid but odd: decoded exactly (lossless formats).
    lossless = {}
    FILES["jpeg_named_png"] = tmp / "really_a_jpeg.png"
    FILES["jpeg_named_png"].write_bytes(jpeg)
    FILES["jpeg"] = tmp / "good.jpg"
    gray = rgb[..., 1]
    lossless["gray8"] = (Image.fromarray(gray, "L"), "png")
    gray16 = (textured(48, 40, 3)[..., 0].astype(np.uint16) * 257 + 77)
    lossless["gray16"] = (Image.fromarray(gray16, "I;16"), "png")
    lossless["gray_alpha"] = (Image.fromarray(np.dstack([gray, rgb[..., 0]]), "LA"), "png")
    lossless["rgba"] = (Image.fromarray(np.dstack([rgb, rgb[..., 2]]), "RGBA"), "png")
    palette = base.quantize(colors=64)
    palette.info["transparency"] = 3  # a tRNS chunk: stb_image keeps the palette colour
    lossless["palette"] = (palette, "png")
    lossless["bmp24"] = (base, "bmp")
    lossless["bmp_palette"] = (base.quantize(colors=32), "bmp")
    lossless["tga"] = (base, "tga")
    lossless["tga_rle"] = (base, "tga")
    for name, (image, ext) in lossless.items():
        FILES[name] = tmp / f"{name}.{ext}"
        image.save(FILES[name], **({"compression": "tga_rle"} if name == "tga_rle" else {}))
    FILES["lossless"] = list(lossless)
    # 16-bit RGB PNG, by hand (PIL writes no 16-bit colour): stb_image keeps the high bytes.
    rgb16 = textured(48, 40, 4).astype(np.uint16) * 256 + textured(48, 40, 5)
    rows = b"".join(b"\0" + row.astype(">u2").tobytes() for row in rgb16)
    FILES["rgb16"] = tmp / "rgb16.png"
    FILES["rgb16"].write_bytes(png_bytes(48, 40, 2, 16, rows))
    FILES["rgb16_expected"] = (rgb16 >> 8).astype(np.uint8)

    frames = [Image.fromarray(textured(48, 40, 10 + k), "RGB").quantize(colors=64) for k in range(3)]
    FILES["gif"] = tmp / "animated.gif"
    frames[0].save(FILES["gif"], save_all=True, append_images=frames[1:], duration=80, loop=0)
    with Image.open(FILES["gif"]) as im:
        assert im.n_frames == 3
        FILES["gif_frames"] = []
        for k in range(3):
            im.seek(k)
            FILES["gif_frames"].append(np.asarray(im.convert("RGB")))

    FILES["cmyk"] = tmp / "cmyk.jpg"
    FILES["progressive"] = tmp / "progressive.jpg"
    Image.fromarray(textured(64, 56, 6), "RGB").save(FILES["progressive"], quality=90, progressive=True)

    FILES["wide_4000x8"] = tmp / "wide_4000x8.png"
    Image.fromarray(textured(4000, 8, 7), "RGB").save(FILES["wide_4000x8"])
    FILES["prime"] = tmp / "prime_4001x3001.png"
    yy, xx = np.mgrid[0:3001, 0:4001]
    green = 128 + 50 * np.sin(xx / 17.0 + yy / 29.0) + 30 * np.cos(np.hypot(xx - 1700, yy - 900) / 11.0)
    prime = np.repeat(np.round(green).astype(np.uint8)[..., None], 3, axis=2)
    prime[::7, ::5, 1] ^= 0x3F  # sharp detail: power up to the highest frequencies
    Image.fromarray(prime, "RGB").save(FILES["prime"], compress_level=1)


def make_sounds(tmp: Path):
    rng = np.random.default_rng(6)
    t = np.arange(3001) / 22050
    x = np.round(12000 * np.sin(2 * np.pi * 440 * t) + 800 * rng.standard_normal(len(t))).astype("<i2")
    data = x.tobytes()
    sounds = {
        "plain": riff(fmt_chunk(), riff_chunk(b"data", data)),
        "list_first": riff(riff_chunk(b"LIST", b"INFOISFT" + struct.pack("<I", 5) + b"tide\0"), fmt_chunk(),
                           riff_chunk(b"data", data)),
        "data_first": riff(riff_chunk(b"data", data), fmt_chunk()),
        "odd_chunk_padded": riff(fmt_chunk(), riff_chunk(b"junk", b"abc"), riff_chunk(b"data", data)),
        "odd_chunk_unpadded": riff(fmt_chunk(), riff_chunk(b"junk", b"abc", pad=False), riff_chunk(b"data", data)),
        "riff_size_wrong": riff(fmt_chunk(), riff_chunk(b"data", data), size=12),
        "stream": riff(fmt_chunk(), riff_chunk(b"data", data, size=0xFFFFFFFF), size=0xFFFFFFFF),
        "stream_stray_byte": riff(fmt_chunk(), riff_chunk(b"data", data + b"\x01", pad=False, size=0xFFFFFFFF),
                                  size=0xFFFFFFFF),
        "stream_before_fmt": riff(riff_chunk(b"data", data, size=0xFFFFFFFF), fmt_chunk(), size=0xFFFFFFFF),
        "longer_than_file": riff(fmt_chunk(), riff_chunk(b"data", data, size=3 * len(data))),
        # The same samples as 'held' (the first 1000 frames): what a truncated file holds.
        "held": riff(fmt_chunk(), riff_chunk(b"data", data[:2000])),
        "truncated": riff(fmt_chunk(), riff_chunk(b"data", data, size=len(data)))[:44 + 2001],
    }
    u8 = (np.round(x / 256.0) + 128).astype(np.uint8)  # 3001 bytes: an odd-sized data chunk
    sounds["odd_data_u8"] = riff(fmt_chunk(bits=8), riff_chunk(b"data", u8.tobytes()),
                                 riff_chunk(b"LIST", b"INFOICMT" + struct.pack("<I", 3) + b"ok\0"))
    sounds["odd_data_u8_plain"] = riff(fmt_chunk(bits=8), riff_chunk(b"data", u8.tobytes()))
    for name, content in sounds.items():
        FILES[f"wav_{name}"] = tmp / f"{name}.wav"
        FILES[f"wav_{name}"].write_bytes(content)

    ogg = (HERE.parent / "data" / "tone_stereo_22050.ogg").read_bytes()
    pages = ogg_pages(ogg)
    audio_at, audio_len = pages[-1]  # the last page holds the audio (the first two the headers)
    FILES["ogg"] = HERE.parent / "data" / "tone_stereo_22050.ogg"
    FILES["ogg_audio_page"] = audio_at
    damaged = {}
    b = bytearray(ogg)
    b[audio_at + 3] = ord("X")
    damaged["capture"] = bytes(b)
    b = bytearray(ogg)
    b[audio_at + 4] = 1
    damaged["version"] = bytes(b)
    b = bytearray(ogg)
    b[audio_at + audio_len // 2] ^= 0x5A
    damaged["crc"] = bytes(b)
    damaged["stray_bytes"] = ogg[:audio_at] + b"\0\1\2\3junk" * 20 + ogg[audio_at:]
    damaged["cut_in_audio"] = ogg[:audio_at + audio_len // 2]
    damaged["cut_before_audio"] = ogg[:audio_at + 20]
    for name, content in damaged.items():
        FILES[f"ogg_{name}"] = tmp / f"{name}.ogg"
        FILES[f"ogg_{name}"].write_bytes(content)


def setUpModule():
    global _tmp, SANITIZED
    if not os.environ.get("TIDE_NATIVE"):
        raise RuntimeError("TIDE_NATIVE not set: see the docstring of tests/cli/test_cli_bad_inputs.py")
    native, wasm = os.environ["TIDE_NATIVE"], os.environ.get("TIDE_WASM")
    node = os.environ.get("TIDE_NODE") or shutil.which("node")
    if not (os.path.isfile(native) and (not wasm or (os.path.isfile(wasm) and node))):
        raise RuntimeError(f"need TIDE_NATIVE ({native}), TIDE_WASM ({wasm}) and node ({node}) to exist")
    commands_from_env(native, wasm, node)
    SANITIZED = b"__asan_init" in Path(native).read_bytes()
    _tmp = tempfile.TemporaryDirectory(prefix="tide-cli-bad-inputs-")
    make_images(Path(_tmp.name))
    make_sounds(Path(_tmp.name))


def tearDownModule():
    if _tmp is not None:
        _tmp.cleanup()


class CliTestCase(unittest.TestCase):
    maxDiff = None

    def assert_refused(self, runs, code, message, usage_command=None):
        """Every run (one per build) failed cleanly: exit status `code`, not a signal or an
        abort, nothing on stdout, exactly one line 'tide: ...' containing `message`; the same
        line in every build."""
        for build, r in zip(BUILDS, runs):
            self.assertEqual(r.code, code, f"{build} exit status; stderr: {r.err!r}")
            self.assertEqual(r.out, "", f"{build} stdout")
            self.assertRegex(r.err, r"\Atide: [^\n]+\n\Z", f"{build}: one line 'tide: ...'")
            self.assertIn(message, r.err, build)
            if usage_command:
                self.assertIn(f"(see 'tide {usage_command} --help')", r.err, build)
        self.assertEqual(len({r.err for r in runs}), 1, "the same message in every build")

    def csv(self, r: Run, build="", allow_warning=False):
        """(header, values) of a successful run; stderr empty (or one warning line)."""
        self.assertEqual(r.code, 0, f"{build} failed: {r.err!r}")
        if allow_warning:
            self.assertRegex(r.err, r"\A(tide: warning: [^\n]+\n)?\Z", build)
        else:
            self.assertEqual(r.err, "", build)
        header, *rows = r.out[:-1].split("\n")
        return header, np.array([[float(v) for v in row.split(",")] for row in rows], dtype=np.float64)

    def assert_rel(self, got, want, tol, what=""):
        got, want = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
        self.assertEqual(got.shape, want.shape, f"{what}: shape")
        rel = relative_errors(got, want)
        worst = int(np.argmax(rel)) if rel.size else 0
        self.assertLessEqual(rel.max(initial=0.0), tol, f"{what}: element {worst}: {got.ravel()[worst]!r} vs "
                                                        f"{want.ravel()[worst]!r}")


# ---------------------------------------------------------------------------------------------

class ImageTest(CliTestCase):
    """Bad, odd and huge image files."""

    def test_unusable_files_are_refused_with_their_reason(self):
        limits = f"images of 8 to {MAX_SIDE} pixels per side and at most {MAX_PIXELS} pixels in all are accepted"
        cases = [  # (file, options, message)
            ("empty", [], "the file is empty"),
            ("text_png", [], "not a PNG, JPEG, GIF, BMP or TGA image (its header matches none of them)"),
            ("png_truncated", [], "the image data is corrupt or truncated"),
            ("jpeg_truncated", [], "the image data is corrupt or truncated"),
            ("jpeg_cut_in_header", [], "the image data is corrupt or truncated (the JPEG header is incomplete)"),
            ("png_bad_crc_IDAT", [], "the image data is corrupt: the checksum (CRC) of the PNG's IDAT chunk does "
                                     "not match its contents"),
            ("png_bad_crc_IHDR", [], "the image data is corrupt: the checksum (CRC) of the PNG's IHDR chunk does "
                                     "not match its contents"),
            ("tiny_1x1", [], "the image is 1x1 pixels; need at least 8x8"),
            ("tiny_2x2", ["--size", "0"], "the image is 2x2 pixels; need at least 8x8"),
            ("tiny_4000x3", [], "the image is 4000x3 pixels; need at least 8x8"),
            ("bomb", [], f"the image is 30000x30000 pixels; {limits}"),
            ("too_wide", [], f"the image is {MAX_SIDE + 1}x8 pixels; {limits}"),
            ("too_many", [], f"the image is 8193x8192 pixels; {limits}"),
            ("field_too_big", ["--size", "0"], f"kept at its own size (size 0) the field to analyse would be "
                                               f"4100x4100 pixels; at most {MAX_FIELD} pixels are analysed: resize "
                                               "it (a size from 1 to 4096)"),
            ("cmyk_no_adobe", [], "the JPEG has 4 colour components (CMYK) without an Adobe marker saying how to "
                                  "read them; convert it to RGB"),
            ("webp", [], "WebP images are not supported; convert it to PNG or JPEG"),
        ]
        runs = iter(run_many([argv for name, options, _ in cases for argv in both("rapsd", FILES[name], *options)],
                             timeout=REFUSE_TIMEOUT_S))
        for name, options, message in cases:
            with self.subTest(name):
                self.assert_refused([next(runs) for _ in BUILDS], 1, f"tide: {FILES[name]}: {message}")

    def test_fuzzer_finds_are_refused_with_their_reason(self):
        # Inputs tests/fuzz/fuzz_image.cpp found that stb_image 2.27 mishandles (committed in
        # tests/fuzz/regressions/image): refused before it reads them, with the reason.
        folder = HERE.parent / "fuzz" / "regressions" / "image"
        cases = [  # (file, message)
            ("jpeg_dht_287_codes.jpg", "the image data is corrupt (a JPEG Huffman table of 287 codes; a table has "
                                       "at most 256)"),
            ("jpeg_progressive_undefined_ac_table.jpg", "the image data is corrupt (a JPEG scan uses AC Huffman "
                                                        "table 0, which the file does not define before it)"),
        ]
        runs = iter(run_many([argv for name, _ in cases for argv in both("fit", folder / name)],
                             timeout=REFUSE_TIMEOUT_S))
        for name, message in cases:
            with self.subTest(name):
                self.assert_refused([next(runs) for _ in BUILDS], 1, f"tide: {folder / name}: {message}")

    def test_every_image_command_refuses_alike(self):
        for cmd, extra in (("fit", []), ("fmax", ["--steps", "3"]), ("noisy", ["--sigma", "1"]), ("slices", [])):
            with self.subTest(cmd):
                self.assert_refused(run_many(both(cmd, FILES["bomb"], *extra), timeout=REFUSE_TIMEOUT_S), 1,
                                    f"tide: {FILES['bomb']}: the image is 30000x30000 pixels")

    def test_decompression_bomb_is_refused_before_allocating(self):
        # Decoding 30000x30000 RGB would take 2.7 GB: with 1 GiB of address space the native
        # CLI must still give its message (it reads the header and stops). A sanitizer build
        # reserves terabytes of shadow memory, so it runs without the limit.
        r = run_cli(COMMANDS["native"] + ["rapsd", FILES["bomb"]], timeout=REFUSE_TIMEOUT_S,
                    address_space=None if SANITIZED else BOMB_ADDRESS_SPACE)
        self.assert_refused([r], 1, "the image is 30000x30000 pixels")
        self.assertLess(r.seconds, REFUSE_TIMEOUT_S)

    def test_limits_are_stated_in_help(self):
        for build, r in zip(BUILDS, run_many(both("--help"))):
            with self.subTest(build):
                self.assertEqual((r.code, r.err), (0, ""))
                text = " ".join(r.out.split())
                for words in ("PNG, JPEG", "GIF (its first frame), BMP or TGA", f"8 to {MAX_SIDE} pixels per side",
                              f"at most {MAX_PIXELS} (64 Mi) pixels", f"at most {MAX_FIELD} pixels (4096x4096)",
                              "by its content, not its name"):
                    self.assertIn(words, text)
        readme = " ".join((HERE.parent.parent / "README.md").read_text().split())
        for words in (f"8 to {MAX_SIDE} pixels per side", f"{MAX_PIXELS}", f"{MAX_FIELD}", "GIF", "TGA"):
            self.assertIn(words, readme, "README states the limits and formats")

    def test_jpeg_named_png_is_read_by_content(self):
        a, b = run_many([COMMANDS["native"] + ["rapsd", str(FILES["jpeg_named_png"])],
                         COMMANDS["native"] + ["rapsd", str(FILES["jpeg"])]])
        self.assertEqual((a.code, a.err), (0, ""))
        self.assertEqual(a.out, b.out)

    def check_exact(self, path, rgb, options=("--size", "0", "--no-crop", "--scale", "raw")):
        """Both builds match the reference on `rgb` (1e-9: the pixels are exact) and each other."""
        size = int(options[options.index("--size") + 1]) if "--size" in options else 320
        freq, power = reference_spectrum(rgb, size=size, crop="--no-crop" not in options,
                                         scale=options[options.index("--scale") + 1] if "--scale" in options else "pm1")
        runs = run_many(both("rapsd", path, *options))
        results = []
        for build, r in zip(BUILDS, runs):
            header, values = self.csv(r, build)
            self.assertEqual(header, "freq,power")
            self.assert_rel(values[:, 0], freq, 1e-15, f"{build} freq")
            self.assert_rel(values[:, 1], power, 1e-9, f"{build} power vs the reference")
            results.append(values)
        if len(results) == 2:
            self.assert_rel(results[1], results[0], PARITY_REL_TOL, "wasm vs native")

    def test_png_pixel_formats_and_lossless_formats_are_exact(self):
        for name in FILES["lossless"]:
            with self.subTest(name):
                self.check_exact(FILES[name], decode_rgb(FILES[name]))
        with self.subTest("rgb16"):
            self.check_exact(FILES["rgb16"], FILES["rgb16_expected"])

    def test_animated_gif_gives_its_first_frame(self):
        self.check_exact(FILES["gif"], FILES["gif_frames"][0])
        self.assertFalse(np.array_equal(FILES["gif_frames"][0], FILES["gif_frames"][1]), "the frames differ")

    def check_jpeg(self, path):
        """Within JPEG rounding of PIL's decoding: the mean green level (from the DC bin) within
        half a level, every other bin within JPEG_BIN_TOL."""
        rgb = np.asarray(Image.open(path).convert("RGB"))
        freq, power = reference_spectrum(rgb, size=0, crop=False, scale="raw")
        n = rgb.shape[0] * rgb.shape[1]
        for build, r in zip(BUILDS, run_many(both("rapsd", path, "--size", "0", "--no-crop", "--scale", "raw"))):
            _, values = self.csv(r, build)
            self.assertAlmostEqual(math.sqrt(values[0, 1] / n), math.sqrt(power[0] / n), delta=0.5,
                                   msg=f"{build}: mean green level vs PIL")
            self.assert_rel(values[1:, 1], power[1:], JPEG_BIN_TOL, f"{build} power vs PIL's pixels")

    def test_cmyk_and_progressive_jpegs(self):
        with Image.open(FILES["cmyk"]) as im:
            self.assertEqual(im.mode, "CMYK")
        with self.subTest("Adobe CMYK"):
            self.check_jpeg(FILES["cmyk"])
        with self.subTest("progressive"):
            self.check_jpeg(FILES["progressive"])

    def test_extreme_aspect_ratio(self):
        # 4000x8: the default centre crop is its middle 8x8, area-averaged up to 320x320; with
        # --no-crop --size 0 the whole field (2000 radial bins).
        rgb = decode_rgb(FILES["wide_4000x8"])
        self.check_exact(FILES["wide_4000x8"], rgb, options=("--scale", "pm1"))
        self.check_exact(FILES["wide_4000x8"], rgb)

    def test_large_prime_sizes_are_fast_and_right(self):
        # 4001 x 3001, both prime: Bluestein's algorithm on both axes. --size 0 --no-crop keeps
        # the whole field; --size 0 crops it to 3001 x 3001.
        rgb = decode_rgb(FILES["prime"])
        for options in (("--size", "0", "--no-crop"), ("--size", "0")):
            freq, power = reference_spectrum(rgb, size=0, crop="--no-crop" not in options)
            runs = [run_cli(argv, timeout=PRIME_LIMIT_S * 4) for argv in both("rapsd", FILES["prime"], *options)]
            results = []
            for build, r in zip(BUILDS, runs):
                with self.subTest(build=build, options=" ".join(options)):
                    print(f"\n  tide rapsd 4001x3001 {' '.join(options)} ({build}): {r.seconds:.2f} s",
                          file=sys.stderr)
                    _, values = self.csv(r, build)
                    self.assert_rel(values[:, 0], freq, 1e-15, "freq")
                    self.assert_rel(values[:, 1], power, REFERENCE_REL_TOL, "power vs the numpy reference")
                    if not (build == "native" and SANITIZED):  # the time says nothing there
                        self.assertLess(r.seconds, PRIME_LIMIT_S)
                    results.append(values)
            if len(results) == 2:
                self.assert_rel(results[1], results[0], PARITY_REL_TOL, "wasm vs native")


class AudioTest(CliTestCase):
    """WAV files with odd chunk layouts, streams and truncation; damaged Ogg pages."""

    def outputs(self, name, cmd="spectrum1d"):
        return run_many(both(cmd, FILES[name]))

    def test_chunk_layouts_give_the_plain_files_output(self):
        for cmd in ("spectrum1d", "melspec"):
            plain = self.outputs("wav_plain", cmd)
            for build, r in zip(BUILDS, plain):
                self.csv(r, build)
            for name in ("list_first", "data_first", "odd_chunk_padded", "odd_chunk_unpadded", "riff_size_wrong",
                         "stream", "stream_stray_byte"):
                with self.subTest(f"{cmd} {name}"):
                    for build, r, want in zip(BUILDS, self.outputs(f"wav_{name}", cmd), plain):
                        self.assertEqual((r.code, r.err), (0, ""), build)
                        self.assertEqual(r.out, want.out, f"{build}: the same numbers as the plain file")
        with self.subTest("odd-sized 8-bit data chunk, its pad byte, then a LIST chunk"):
            for build, r, want in zip(BUILDS, self.outputs("wav_odd_data_u8"), self.outputs("wav_odd_data_u8_plain")):
                _, values = self.csv(r, build)
                self.assertEqual(len(values), 3001 // 2 + 1, "all 3001 samples")
                self.assertEqual(r.out, want.out, build)
            sr, y, _ = reference.wav_to_mono(FILES["wav_odd_data_u8_plain"])
            _, want = reference.spectrum1d(y, sr)
            _, values = self.csv(run_cli(COMMANDS["native"] + ["spectrum1d", FILES["wav_odd_data_u8"]]))
            self.assertLessEqual(np.max(np.abs(values[:, 1] - want)), 1e-9 * want.max(), "spectrum vs numpy")

    def test_stream_without_fmt_before_its_data_is_refused(self):
        self.assert_refused(self.outputs("wav_stream_before_fmt"), 1,
                            f"tide: {FILES['wav_stream_before_fmt']}: the WAV file has no fmt chunk before its data "
                            "chunk, whose size 0xFFFFFFFF (a stream) runs to the end of the file")

    def test_data_chunk_longer_than_the_file_is_used_with_a_warning(self):
        for name, held in (("longer_than_file", 3001), ("truncated", 1000)):
            with self.subTest(name):
                claimed = 3001 if name == "truncated" else 3 * 3001
                want = (f"tide: warning: {FILES['wav_' + name]}: the WAV file is truncated: its data chunk says "
                        f"{claimed} frames ({claimed / 22050:.2f} s), the file holds {held} ({held / 22050:.2f} s); "
                        "using those\n")
                reference_runs = self.outputs("wav_plain" if held == 3001 else "wav_held")
                for build, r, plain in zip(BUILDS, self.outputs(f"wav_{name}"), reference_runs):
                    self.assertEqual(r.code, 0, build)
                    self.assertEqual(r.err, want, build)
                    self.assertEqual(r.out, plain.out, f"{build}: the frames the file holds")

    def test_damaged_ogg_pages_are_refused(self):
        at = FILES["ogg_audio_page"]
        cases = [
            ("capture", f"the Ogg file is damaged: no Ogg page starts at byte {at} (stray or overwritten data)"),
            ("version", f"the Ogg file is damaged: the page at byte {at} has version 1 (only 0 exists)"),
            ("crc", f"the Ogg file is damaged: the checksum (CRC) of the page at byte {at} does not match its "
                    "contents"),
            ("stray_bytes", f"the Ogg file is damaged: no Ogg page starts at byte {at} (stray or overwritten data)"),
            ("cut_before_audio", "the Ogg Vorbis file is truncated before its first sample"),
        ]
        for name, message in cases:
            for cmd in ("spectrum1d", "mfcc"):
                with self.subTest(f"{cmd} {name}"):
                    self.assert_refused(run_many(both(cmd, FILES[f"ogg_{name}"]), timeout=REFUSE_TIMEOUT_S), 1,
                                        f"tide: {FILES['ogg_' + name]}: {message}")

    def test_ogg_cut_in_its_audio_is_used_with_a_warning(self):
        runs = self.outputs("ogg_cut_in_audio")
        whole = self.outputs("ogg")
        spectra = []
        for build, r, full in zip(BUILDS, runs, whole):
            _, values = self.csv(r, build, allow_warning=True)
            self.assertRegex(r.err, r"\Atide: warning: " + str(FILES["ogg_cut_in_audio"]).replace(".", r"\.") +
                             r": the Ogg Vorbis file is truncated \(its last page is cut off\); using the 0\.\d\d s "
                             r"decoded before the cut\n\Z", build)
            self.assertGreater(len(values), 1000)
            self.assertLess(len(values), len(full.out.splitlines()) - 1)
            spectra.append(values)
        self.assertEqual(len({r.err for r in runs}), 1, "the same warning in every build")
        if len(spectra) == 2:  # stb_vorbis's tables come from each platform's libm: not bit-identical
            self.assertEqual(spectra[0].shape, spectra[1].shape)
            self.assertLessEqual(np.max(np.abs(spectra[1][:, 1] - spectra[0][:, 1])),
                                 PARITY_REL_TOL * spectra[0][:, 1].max(), "wasm vs native")


class OptionTest(CliTestCase):
    """NaN, Inf, -Inf, negative, huge and non-numeric values of every numeric option."""

    IMAGE = "@image"
    AUDIO = "@audio"
    # (command and its other arguments, option)
    OPTIONS = [
        (["rapsd", IMAGE], "--size"), (["slices", IMAGE], "--size"), (["fit", IMAGE], "--jobs"),
        (["fmax", IMAGE], "--jobs"), (["noisy", IMAGE], "--sigma"), (["noisy", IMAGE, "--sigma", "1"], "--seed"),
        (["fmax", IMAGE], "--tau"), (["fmax", IMAGE], "--steps"), (["slices", IMAGE], "--angles"),
        (["spectrum1d", AUDIO], "--sr"), (["melspec", AUDIO], "--sr"), (["melspec", AUDIO], "--n_fft"),
        (["melrapsd", AUDIO], "--hop"), (["melspec", AUDIO], "--n_mels"), (["melspec", AUDIO], "--top_db"),
        (["mfcc", AUDIO], "--n_mfcc"),
    ]
    VALUES = ["nan", "NaN", "inf", "-inf", "Infinity", "-1", "-1e308", "1e308", "1e999",
              "99999999999999999999999", "abc", "12abc", ""]

    def argv(self, args):
        image = Path(os.environ.get("TIDE_ASSETS") or HERE.parent.parent / "assets") / "images" / "kde_owl.png"
        return [str(image) if a == self.IMAGE else str(FILES["wav_plain"]) if a == self.AUDIO else a for a in args]

    def test_bad_values_are_usage_errors(self):
        cases = [(args, option, value) for args, option in self.OPTIONS for value in self.VALUES]
        runs = iter(run_many([argv for args, option, value in cases
                              for argv in both(*self.argv(args), option, value)], timeout=REFUSE_TIMEOUT_S))
        for args, option, value in cases:
            with self.subTest(f"{args[0]} {option} {value!r}"):
                pair = [next(runs) for _ in BUILDS]
                self.assert_refused(pair, 2, f"got '{value}'", usage_command=args[0])
                self.assertTrue(pair[0].err.startswith(f"tide: {option} must be "), "names the option and its range")

    def test_largest_accepted_values_give_finite_numbers(self):
        cases = [(["noisy", self.IMAGE, "--sigma", "1e6", "--size", "64"], 4),
                 (["fmax", self.IMAGE, "--tau", "1e12", "--steps", "5"], 2),
                 (["melspec", self.AUDIO, "--top_db", "1000"], 3),
                 (["noisy", self.IMAGE, "--sigma", "1", "--seed", "18446744073709551615", "--size", "64"], 4)]
        runs = iter(run_many([argv for args, _ in cases for argv in both(*self.argv(args))]))
        for args, columns in cases:
            with self.subTest(" ".join(args)):
                for build in BUILDS:
                    _, values = self.csv(next(runs), build)
                    self.assertEqual(values.shape[1], columns)
                    self.assertTrue(np.all(np.isfinite(values)), f"{build}: every number finite")

    def test_just_over_the_largest_values_are_refused(self):
        cases = [(["noisy", self.IMAGE, "--sigma", "1.000001e6"], "noisy", "--sigma must be at most 1e+06"),
                 (["fmax", self.IMAGE, "--tau", "2e12"], "fmax", "--tau must be at most 1e+12"),
                 (["melspec", self.AUDIO, "--top_db", "1000.5"], "melspec", "--top_db must be at most 1000")]
        for args, cmd, message in cases:
            with self.subTest(" ".join(args)):
                self.assert_refused(run_many(both(*self.argv(args))), 2, message, usage_command=cmd)


if __name__ == "__main__":
    unittest.main()
