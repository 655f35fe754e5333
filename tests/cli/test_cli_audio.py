"""Tests of the `tide` sound commands (spectrum1d, melspec, melrapsd, mfcc): the native build
and the WebAssembly build under node.

Run by ctest together with test_cli.py (tests/CMakeLists.txt), or by hand from this folder
with Debian's python3 (numpy, scipy), with the same variables as test_cli.py (without
TIDE_WASM only the native build is tested):

    cd tests/cli && TIDE_NATIVE=../../build/native/tide \\
        TIDE_WASM=../../build/wasm/src/cli/tide.js TIDE_NODE=node \\
        TIDE_ASSETS=../../assets /usr/bin/python3 -m unittest -v test_cli_audio

Clips are written into a temporary folder by setUpModule (scipy.io.wavfile and
reference.wav_bytes); the Ogg Vorbis file is tests/data/tone_stereo_22050.ogg; clips from
assets/audio/ are used when that folder has any.

What is checked:
- ParityTest: native and WebAssembly print the same numbers for every command on WAVs of
  several formats and rates (resampled or not) and the Ogg file.
- ReferenceTest: without resampling, the CLI matches tests/reference/reference.py (numpy
  transcriptions of librosa): spectrum1d, log-mel dB, the mel RAPSD and MFCCs; a clip cut
  inside its data is read as far as it goes.
- ResampleTest: 8 kHz, 44.1 kHz and 192 kHz clips become 22,050 Hz for the mel commands
  (frame count, a tone's band) and --sr changes spectrum1d's rate.
- FormatTest: headers, row counts and order (mel-major long format), 17 significant digits.
- ErrorTest: exit status 1 (data) or 2 (usage), one line on stderr naming the problem, the
  same message in both builds, for every bad input: truncated header, 0 samples, NaN
  samples, A-law, 65 channels, 500 Hz, a one-hour file (over the 600 s limit, refused from
  its header in bounded time), and every bad option; --help of every command.
"""
import math
import os
import shutil
import sys
import tempfile
import unittest
from pathlib import Path

import numpy as np
import scipy.io.wavfile

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "reference"))
import reference  # noqa: E402  (tests/reference/reference.py, the independent numpy implementation)
from support import (BUILDS, COMMANDS, NO_WASM, Run, Table, both, commands_from_env, parse_table,  # noqa: E402
                     run_cli, run_many)

# Native vs WebAssembly, 1e-12: melrapsd per bin; spectrum1d relative to its largest power
# (FFT rounding is relative to max |X|: a power 1e-11 of the max differs by up to 1e-10 of
# itself); dB and MFCC values relative to the largest |value| of their table (a dB value near
# 0 has no relative accuracy). The builds differ by libm's last bits (cos/sin of the window,
# KissFFT's twiddles and stb_vorbis's tables, log10). Largest differences seen (Debian 12,
# x86-64, node 20): spectrum1d 4.2e-16 of the max power; melspec/mfcc 2.2e-13 of the max
# |value| (a --top_db 0 spectrogram of a pure tone, whose empty bands sit at rounding-noise
# level), otherwise below 2e-15; melrapsd 4e-15 per bin. Each run prints its own maxima.
PARITY_REL_TOL = 1e-12
# Against numpy (reference.py): powers 1e-9 relative to the table's max, dB 1e-6 dB absolute,
# MFCC 1e-9 relative to the largest coefficient. Seen: 1.8e-12 relative, 1.2e-12 dB.
REFERENCE_REL_TOL = 1e-9
REFERENCE_DB_TOL = 1e-6
RUN_TIMEOUT_S = 120
# The one-hour file must be refused quickly: it is read (57.6 MB) and its header checked.
LIMIT_TIMEOUT_S = 20

# The WebAssembly build only when TIDE_WASM names it (as in test_cli.py).
FILES = {}     # name -> path
OBSERVED = {"parity": 0.0, "parity_db": 0.0, "parity_spectrum": 0.0, "reference": 0.0, "reference_db": 0.0}
_tmp = None
SR = 22050


def long_to_grid(t: Table) -> np.ndarray:
    """A 'row,col,value' long table as a rows x cols array (checking the row-major order)."""
    rows = int(t.values[:, 0].max()) + 1
    cols = int(t.values[:, 1].max()) + 1
    if len(t.values) != rows * cols:
        raise ValueError("not a full grid")
    grid = t.values[:, 2].reshape(rows, cols)
    expected_r, expected_c = np.divmod(np.arange(rows * cols), cols)
    if not (np.array_equal(t.values[:, 0], expected_r) and np.array_equal(t.values[:, 1], expected_c)):
        raise ValueError("rows are not in row-major order")
    return grid


# ---------------------------------------------------------------------------------------------
# Clips

def chirp_clip(rng, sr=SR, seconds=2.0):
    """A logarithmic chirp 100 Hz .. 0.36 sr, a 440 Hz tone and a little noise, with fades."""
    t = np.arange(int(round(sr * seconds))) / sr
    f0, f1 = 100.0, 0.36 * sr
    k = np.log(f1 / f0) / seconds
    chirp = np.sin(2 * np.pi * f0 * (np.exp(k * t) - 1) / k)
    x = 0.4 * chirp + 0.2 * np.sin(2 * np.pi * 440.0 * t) + 0.03 * rng.standard_normal(len(t))
    return x * np.minimum(1.0, np.minimum(t, seconds - t) / 0.05)


def write_pcm16(path, sr, x):
    scipy.io.wavfile.write(path, sr, np.round(np.clip(x, -1, 1) * 32767).astype(np.int16))


def setUpModule():
    global _tmp
    if not os.environ.get("TIDE_NATIVE"):
        raise RuntimeError("TIDE_NATIVE not set: see the docstring of tests/cli/test_cli_audio.py")
    native, wasm = os.environ["TIDE_NATIVE"], os.environ.get("TIDE_WASM")
    node = os.environ.get("TIDE_NODE") or shutil.which("node")
    assets = Path(os.environ.get("TIDE_ASSETS") or HERE.parent.parent / "assets")
    if not (os.path.isfile(native) and (not wasm or (os.path.isfile(wasm) and node))):
        raise RuntimeError(f"need TIDE_NATIVE ({native}), TIDE_WASM ({wasm}) and node ({node}) to exist")
    commands_from_env(native, wasm, node)

    _tmp = tempfile.TemporaryDirectory(prefix="tide-cli-audio-")
    tmp = Path(_tmp.name)
    rng = np.random.default_rng(20240903)

    # Good clips.
    FILES["chirp"] = tmp / "chirp_22050_pcm16.wav"
    write_pcm16(FILES["chirp"], SR, chirp_clip(rng))
    FILES["stereo24_44k"] = tmp / "stereo_44100_pcm24.wav"
    x = np.stack([chirp_clip(rng, 44100, 1.0), 0.3 * np.sin(2 * np.pi * 1000 * np.arange(44100) / 44100)], axis=1)
    FILES["stereo24_44k"].write_bytes(reference.wav_bytes(np.round(x * (2 ** 23 - 1)).astype(np.int64), 44100, "i24"))
    FILES["float8ch_16k"] = tmp / "eight_16000_float32.wav"
    x8 = np.stack([chirp_clip(rng, 16000, 1.0) * (c + 1) / 8 for c in range(8)], axis=1).astype(np.float32)
    scipy.io.wavfile.write(FILES["float8ch_16k"], 16000, x8)
    FILES["tone_8k"] = tmp / "tone_8000_pcm16.wav"  # 1 kHz at 0.5: mel band of 1 kHz after resampling
    write_pcm16(FILES["tone_8k"], 8000, 0.5 * np.sin(2 * np.pi * 1000 * np.arange(8000) / 8000))
    FILES["tone_192k"] = tmp / "tone_192000_float32.wav"
    scipy.io.wavfile.write(FILES["tone_192k"], 192000,
                           (0.5 * np.sin(2 * np.pi * 1000 * np.arange(96000) / 192000)).astype(np.float32))
    FILES["odd_length"] = tmp / "odd_22050_pcm8.wav"  # 22051 samples, 8-bit unsigned
    scipy.io.wavfile.write(FILES["odd_length"], SR,
                           np.round(chirp_clip(rng, SR, 22051 / SR) * 127 + 128).astype(np.uint8))
    FILES["short"] = tmp / "short_300.wav"  # shorter than one frame
    write_pcm16(FILES["short"], SR, 0.5 * np.sin(np.arange(300) * 0.3))
    FILES["silence"] = tmp / "silence.wav"
    write_pcm16(FILES["silence"], SR, np.zeros(SR))
    FILES["ogg"] = HERE.parent / "data" / "tone_stereo_22050.ogg"
    data = FILES["chirp"].read_bytes()
    FILES["cut_in_data"] = tmp / "cut_in_data.wav"  # header claims 44100 samples, 30000.5 present
    FILES["cut_in_data"].write_bytes(data[:44 + 60001])
    audio_assets = sorted((assets / "audio").glob("*.wav"))
    FILES["assets"] = audio_assets[:2]

    # Unusable inputs.
    FILES["missing"] = tmp / "missing.wav"
    FILES["directory"] = tmp / "folder.wav"
    FILES["directory"].mkdir()
    FILES["empty"] = tmp / "empty.wav"
    FILES["empty"].write_bytes(b"")
    FILES["text"] = tmp / "text.wav"
    FILES["text"].write_text("this is not a sound\n")
    FILES["cut_in_header"] = tmp / "cut_in_header.wav"
    FILES["cut_in_header"].write_bytes(data[:30])
    FILES["zero_samples"] = tmp / "zero.wav"
    FILES["zero_samples"].write_bytes(reference.wav_bytes(np.zeros((0, 1)), SR, "i16"))
    FILES["nan"] = tmp / "nan.wav"
    bad = np.zeros(1000, dtype=np.float32)
    bad[123] = np.nan
    scipy.io.wavfile.write(FILES["nan"], SR, bad)
    FILES["inf"] = tmp / "inf.wav"
    bad[123] = np.inf
    scipy.io.wavfile.write(FILES["inf"], SR, bad.astype(np.float64))
    FILES["alaw"] = tmp / "alaw.wav"
    alaw = bytearray(reference.wav_bytes(np.zeros((100, 1), dtype=np.int64) + 0x55, 8000, "u8"))
    alaw[20:22] = (6).to_bytes(2, "little")  # format tag 6: A-law
    FILES["alaw"].write_bytes(bytes(alaw))
    FILES["ch65"] = tmp / "ch65.wav"
    FILES["ch65"].write_bytes(reference.wav_bytes(np.zeros((10, 65), dtype=np.int64), SR, "i16"))
    FILES["rate500"] = tmp / "rate500.wav"
    write_pcm16(FILES["rate500"], 500, np.zeros(500))
    FILES["ogg_cut"] = tmp / "cut.ogg"
    FILES["ogg_cut"].write_bytes(FILES["ogg"].read_bytes()[:200])
    # One hour at 8 kHz, 16-bit mono: 57.6 MB of zeros behind a valid header (sparse file).
    FILES["hour"] = tmp / "one_hour_8000.wav"
    n_bytes = 3600 * 8000 * 2
    header = bytearray(reference.wav_bytes(np.zeros((0, 1)), 8000, "i16"))  # ends with data size 0
    header[-4:] = n_bytes.to_bytes(4, "little")
    header[4:8] = (len(header) - 8 + n_bytes).to_bytes(4, "little")
    with open(FILES["hour"], "wb") as f:
        f.write(header)
        f.truncate(len(header) + n_bytes)


def tearDownModule():
    if _tmp is not None:
        _tmp.cleanup()
    if COMMANDS:
        print(f"\ntest_cli_audio: largest errors seen: native vs wasm {OBSERVED['parity']:.3g} relative "
              f"(melrapsd, freq), {OBSERVED['parity_spectrum']:.3g} relative to the max power (spectrum1d), "
              f"{OBSERVED['parity_db']:.3g} relative to the table's max |value| (dB, MFCC); CLI vs numpy "
              f"{OBSERVED['reference']:.3g} relative, {OBSERVED['reference_db']:.3g} dB", file=sys.stderr)


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

    def assert_rel(self, got, want, tol, kind, what="", scale=None):
        """|got - want| <= tol * max(|got|, |want|) per element, or <= tol * scale."""
        got, want = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
        self.assertEqual(got.shape, want.shape, f"{what}: shape")
        diff = np.abs(got - want)
        denom = np.maximum(np.abs(got), np.abs(want)) if scale is None else np.full(diff.shape, scale)
        rel = np.divide(diff, denom, out=np.where(diff == 0, 0.0, np.inf), where=denom > 0).ravel()
        if rel.size:
            worst = int(np.argmax(rel))
            OBSERVED[kind] = max(OBSERVED[kind], float(rel[worst]))
            self.assertLessEqual(rel[worst], tol, f"{what}: element {worst}: {got.ravel()[worst]!r} vs "
                                                  f"{want.ravel()[worst]!r}")

    def assert_abs(self, got, want, tol, kind, what=""):
        got, want = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
        self.assertEqual(got.shape, want.shape, f"{what}: shape")
        worst = float(np.max(np.abs(got - want), initial=0.0))
        OBSERVED[kind] = max(OBSERVED[kind], worst)
        self.assertLessEqual(worst, tol, what)


HEADERS = {"spectrum1d": "freq_hz,power", "melspec": "mel,frame,db", "melrapsd": "freq,power",
           "mfcc": "coef,frame,value"}


# ---------------------------------------------------------------------------------------------

@unittest.skipUnless("wasm" in BUILDS, NO_WASM)
class ParityTest(CliTestCase):
    """Native and WebAssembly print the same numbers."""

    CASES = [  # (command, file, options)
        ("spectrum1d", "chirp", []), ("spectrum1d", "odd_length", []), ("spectrum1d", "ogg", []),
        ("spectrum1d", "stereo24_44k", ["--sr", "22050"]), ("spectrum1d", "tone_192k", ["--sr", "48000"]),
        ("melspec", "chirp", []), ("melspec", "stereo24_44k", []), ("melspec", "float8ch_16k", []),
        ("melspec", "tone_8k", ["--n_fft", "1024", "--hop", "256", "--n_mels", "64", "--top_db", "60"]),
        ("melspec", "ogg", []), ("melspec", "short", []), ("melspec", "silence", []),
        ("melspec", "tone_192k", ["--sr", "16000", "--n_mels", "40", "--n_fft", "511", "--top_db", "0"]),
        ("melrapsd", "chirp", []), ("melrapsd", "stereo24_44k", []), ("melrapsd", "odd_length", ["--hop", "100"]),
        ("mfcc", "chirp", []), ("mfcc", "float8ch_16k", ["--n_mfcc", "13"]),
        ("mfcc", "ogg", ["--n_mfcc", "40", "--n_mels", "40"]),
    ]

    def test_parity(self):
        runs = iter(run_many(argv for cmd, name, opts in self.CASES for argv in both(cmd, FILES[name], *opts)))
        for cmd, name, opts in self.CASES:
            native, wasm = next(runs), next(runs)
            with self.subTest(f"{cmd} {name} {' '.join(opts)}"):
                n = self.table(native, HEADERS[cmd], "native")
                w = self.table(wasm, HEADERS[cmd], "wasm")
                self.assertEqual(len(w.cells), len(n.cells), "number of rows")
                self.assertGreater(len(n.cells), 0)
                if cmd in ("melspec", "mfcc"):
                    self.assertTrue(np.array_equal(w.values[:, :2], n.values[:, :2]), "indices")
                    scale = max(np.abs(n.values[:, 2]).max(), 1e-300)
                    self.assert_rel(w.values[:, 2], n.values[:, 2], PARITY_REL_TOL, "parity_db",
                                    "wasm vs native", scale=scale)
                elif cmd == "spectrum1d":
                    # FFT rounding is relative to the largest power, not to each tiny one.
                    self.assert_rel(w.values[:, 0], n.values[:, 0], PARITY_REL_TOL, "parity", "freq_hz")
                    self.assert_rel(w.values[:, 1], n.values[:, 1], PARITY_REL_TOL, "parity_spectrum",
                                    "power, wasm vs native", scale=n.values[:, 1].max())
                else:
                    self.assert_rel(w.values, n.values, PARITY_REL_TOL, "parity", "wasm vs native")


class ReferenceTest(CliTestCase):
    """The CLI against the numpy transcription of librosa (no resampling involved)."""

    def clips(self):
        return [FILES["chirp"], FILES["odd_length"], FILES["float8ch_16k"], FILES["short"]] + FILES["assets"]

    def check_clip(self, path, builds=("native",)):
        sr, y, _ = reference.wav_to_mono(path)
        options = ["--sr", str(sr)]
        for build in builds:
            with self.subTest(clip=Path(path).name, build=build):
                spec = self.table(self.tide(build, "spectrum1d", path), HEADERS["spectrum1d"], "spectrum1d")
                freq, power = reference.spectrum1d(y, sr)
                self.assert_rel(spec.values[:, 0], freq, 1e-15, "reference", "freq_hz", scale=max(freq.max(), 1))
                self.assert_rel(spec.values[:, 1], power, REFERENCE_REL_TOL, "reference", "power",
                                scale=power.max())

                db = long_to_grid(self.table(self.tide(build, "melspec", path, *options), HEADERS["melspec"]))
                want_db = reference.log_mel(y, sr=sr)
                self.assert_abs(db, want_db, REFERENCE_DB_TOL, "reference_db", "log-mel dB")

                r = self.table(self.tide(build, "melrapsd", path, *options), HEADERS["melrapsd"])
                want_power, want_freq = reference.rapsd(want_db)
                self.assert_rel(r.values[:, 0], want_freq, 1e-15, "reference", "melrapsd freq", scale=0.5)
                self.assert_rel(r.values[:, 1], want_power, REFERENCE_REL_TOL, "reference", "melrapsd power")

                coefs = long_to_grid(self.table(self.tide(build, "mfcc", path, *options), HEADERS["mfcc"]))
                want = reference.mfcc(y, 20, sr=sr)
                self.assert_rel(coefs, want, REFERENCE_REL_TOL, "reference", "mfcc", scale=np.abs(want).max())

    def test_clips(self):
        for path in self.clips():
            self.check_clip(path, builds=BUILDS if path == FILES["chirp"] else ("native",))

    def test_mel_options(self):
        sr, y, _ = reference.wav_to_mono(FILES["chirp"])
        for opts, kwargs in [(["--n_fft", "1024", "--hop", "256", "--n_mels", "64", "--top_db", "60"],
                              dict(n_fft=1024, hop_length=256, n_mels=64, top_db=60.0)),
                             (["--n_fft", "511", "--hop", "1000", "--n_mels", "20", "--top_db", "0"],
                              dict(n_fft=511, hop_length=1000, n_mels=20, top_db=None))]:
            with self.subTest(" ".join(opts)):
                db = long_to_grid(self.table(self.tide("native", "melspec", FILES["chirp"], *opts), HEADERS["melspec"]))
                self.assert_abs(db, reference.log_mel(y, sr=sr, **kwargs), REFERENCE_DB_TOL, "reference_db",
                                "log-mel dB")

    def test_wav_cut_in_data_is_read_as_far_as_it_goes(self):
        # The header says 44100 samples; 30000 whole ones (and half of the next) are there: they
        # are analysed, with a warning on stderr.
        _, y, _ = reference.wav_to_mono(FILES["chirp"])
        r = self.tide("native", "spectrum1d", FILES["cut_in_data"])
        self.assertEqual(r.err, f"tide: warning: {FILES['cut_in_data']}: the WAV file is truncated: its data chunk "
                                "says 44100 frames (2.00 s), the file holds 30000 (1.36 s); using those\n")
        t = self.table(r._replace(err=""), HEADERS["spectrum1d"])
        _, power = reference.spectrum1d(y[:30000], SR)
        self.assertEqual(len(t.cells), 30000 // 2 + 1)
        self.assert_rel(t.values[:, 1], power, REFERENCE_REL_TOL, "reference", "power", scale=power.max())

    def test_silence_is_amin(self):
        db = long_to_grid(self.table(self.tide("native", "melspec", FILES["silence"]), HEADERS["melspec"]))
        self.assertTrue(np.all(db == -100.0), "10 log10(1e-10) everywhere")

    def test_ogg_tones(self):
        t = self.table(self.tide("native", "spectrum1d", FILES["ogg"]), HEADERS["spectrum1d"])
        self.assertEqual(len(t.cells), 22050 // 2 + 1)
        peaks = sorted(np.argsort(t.values[:, 1])[-2:])
        self.assertEqual([t.values[p, 0] for p in peaks], [440.0, 660.0])


class ResampleTest(CliTestCase):
    """Clips at other rates are resampled to 22,050 Hz for the mel commands (--sr changes it)."""

    def test_mel_commands_resample_to_22050(self):
        # 1 s at 8 kHz, 0.5 s at 192 kHz: frames = 1 + round(n * 22050 / sr) // 512.
        for name, seconds in (("tone_8k", 1.0), ("tone_192k", 0.5)):
            with self.subTest(name):
                db = long_to_grid(self.table(self.tide("native", "melspec", FILES[name]), HEADERS["melspec"]))
                self.assertEqual(db.shape, (128, 1 + int(round(seconds * SR)) // 512))
                # The 1 kHz tone: the loudest band in the middle frame is the one whose centre
                # (mel point m + 1) is nearest 1000 Hz.
                centres = reference.mel_to_hz(np.linspace(0, reference.hz_to_mel(SR / 2), 130))[1:-1]
                band = int(np.argmax(db[:, db.shape[1] // 2]))
                self.assertEqual(band, int(np.argmin(np.abs(centres - 1000.0))))

    def test_mel_of_resampled_clip_is_close_to_numpy_on_resample_poly(self):
        # 44.1 kHz stereo: libsamplerate and scipy's resample_poly differ by ~1e-3 of full scale
        # in their passbands, and a lot in their (different) transition bands below 11,025 Hz.
        # In mel bands below 8 kHz, where the spectrogram is within 30 dB of its max, the dB
        # values agree to 0.1 dB (observed: 0.013 dB).
        rate, y, _ = reference.wav_to_mono(FILES["stereo24_44k"])
        import scipy.signal
        want = reference.log_mel(scipy.signal.resample_poly(y.astype(np.float64), 1, 2), sr=SR)
        got = long_to_grid(self.table(self.tide("native", "melspec", FILES["stereo24_44k"]), HEADERS["melspec"]))
        self.assertEqual(got.shape, want.shape)
        upper_edges = reference.mel_to_hz(np.linspace(0, reference.hz_to_mel(SR / 2), 130))[2:]
        loud = (want > want.max() - 30) & (upper_edges < 8000)[:, None]
        self.assertGreater(loud.sum(), 300)
        worst = np.abs(got - want)[loud].max()
        print(f"\n  log-mel after libsamplerate vs after resample_poly, loud bands below 8 kHz: "
              f"{worst:.3g} dB", file=sys.stderr)
        self.assertLess(worst, 0.1)

    def test_sr_option(self):
        t = self.table(self.tide("native", "spectrum1d", FILES["tone_8k"], "--sr", "22050"), HEADERS["spectrum1d"])
        self.assertEqual(len(t.cells), 22050 // 2 + 1)
        self.assertEqual(t.values[-1, 0], 11025.0)
        self.assertEqual(t.values[int(np.argmax(t.values[:, 1])), 0], 1000.0)
        # --sr equal to the file's rate changes nothing.
        a = self.tide("native", "melspec", FILES["chirp"])
        b = self.tide("native", "melspec", FILES["chirp"], "--sr", "22050")
        self.assertEqual(a.out, b.out)


class FormatTest(CliTestCase):
    """Headers, row counts and order, 17 significant digits."""

    def check_numbers(self, t: Table, integer_columns=0):
        for row in t.cells:
            for i, text in enumerate(row):
                if i < integer_columns:
                    self.assertEqual(str(int(text)), text, "an integer index")
                else:
                    self.assertEqual("%.17g" % float(text), text, "17 significant digits")

    def test_layouts(self):
        for build in BUILDS:
            with self.subTest(build=build):
                s = self.table(self.tide(build, "spectrum1d", FILES["odd_length"]), HEADERS["spectrum1d"])
                self.assertEqual(len(s.cells), 22051 // 2 + 1)
                self.assertEqual(list(s.values[:, 0]), [k * SR / 22051 for k in range(22051 // 2 + 1)])
                self.check_numbers(s)

                m = self.table(self.tide(build, "melspec", FILES["chirp"], "--n_mels", "40"), HEADERS["melspec"])
                frames = 1 + 44100 // 512
                self.assertEqual(len(m.cells), 40 * frames)
                grid = long_to_grid(m)  # mel-major: band 0 frames 0.., band 1 ...
                self.assertEqual(grid.shape, (40, frames))
                self.assertLessEqual(grid.max() - grid.min(), 80.0 + 1e-9)  # the top_db floor
                self.check_numbers(m, integer_columns=2)

                r = self.table(self.tide(build, "melrapsd", FILES["chirp"], "--n_mels", "40"), HEADERS["melrapsd"])
                side = max(40, frames)
                self.assertEqual(len(r.cells), math.ceil(side / 2))
                self.assertEqual(list(r.values[:, 0]), [k / side for k in range(len(r.cells))])
                self.check_numbers(r)

                c = self.table(self.tide(build, "mfcc", FILES["chirp"], "--n_mfcc", "13"), HEADERS["mfcc"])
                self.assertEqual(long_to_grid(c).shape, (13, frames))
                self.check_numbers(c, integer_columns=2)
                self.assertNotIn("\r", c.cells[0][2])

    def test_short_clip_is_one_centred_frame(self):
        m = self.table(self.tide("native", "melspec", FILES["short"]), HEADERS["melspec"])
        self.assertEqual(long_to_grid(m).shape, (128, 1))


class ErrorTest(CliTestCase):
    """Every failure: exit status 1 or 2, nothing on stdout, one line 'tide: ...' on stderr,
    the same in both builds."""

    def cases(self):
        clip = FILES["chirp"]
        data = [  # (what, file, phrase): each through every command
            ("missing file", FILES["missing"], "No such file or directory"),
            ("directory", FILES["directory"], "is a directory"),
            ("empty file", FILES["empty"], "the file is empty"),
            ("text file", FILES["text"], "not a WAV or Ogg Vorbis file (unrecognised header)"),
            ("WAV cut in its header", FILES["cut_in_header"], "the WAV header is truncated (the fmt chunk is cut off)"),
            ("0 samples", FILES["zero_samples"], "the WAV file has no samples (its data chunk is empty)"),
            ("NaN sample", FILES["nan"], "the WAV file contains NaN or infinite samples (first at frame 123)"),
            ("infinite sample", FILES["inf"], "the WAV file contains NaN or infinite samples"),
            ("A-law", FILES["alaw"], "WAV format 6 (A-law) is not supported; convert to PCM"),
            ("65 channels", FILES["ch65"], "the file has 65 channels; at most 64 are supported"),
            ("500 Hz", FILES["rate500"], "the sample rate is 500 Hz; supported rates are 1000 to 384000 Hz"),
            ("Ogg cut in its headers", FILES["ogg_cut"], "the Ogg Vorbis file is truncated (its headers are cut off)"),
        ]
        cases = [(f"{cmd}: {what}", [cmd, path], 1, f"{path}: {phrase}" if "No such" not in phrase and
                  "directory" not in phrase else phrase)
                 for what, path, phrase in data for cmd in HEADERS]
        usage = [
            ("spectrum1d without AUDIO", ["spectrum1d"], "spectrum1d needs an AUDIO file"),
            ("melspec without AUDIO", ["melspec", "--n_mels", "40"], "melspec needs an AUDIO file"),
            ("melrapsd without AUDIO", ["melrapsd"], "melrapsd needs an AUDIO file"),
            ("mfcc without AUDIO", ["mfcc"], "mfcc needs an AUDIO file"),
            ("two files", ["melspec", clip, clip], "one AUDIO file at a time"),
            ("unknown option", ["melspec", clip, "--frobnicate"], "unknown option '--frobnicate'"),
            ("mel option on spectrum1d", ["spectrum1d", clip, "--n_fft", "512"], "unknown option '--n_fft'"),
            ("--n_mfcc on melspec", ["melspec", clip, "--n_mfcc", "13"], "unknown option '--n_mfcc'"),
            ("--sr 500", ["melspec", clip, "--sr", "500"], "--sr must be from 1000 to 384000 Hz; got '500'"),
            ("--sr 400000", ["spectrum1d", clip, "--sr", "400000"], "--sr must be from 1000 to 384000 Hz"),
            ("--sr 0", ["spectrum1d", clip, "--sr", "0"], "--sr must be a finite number > 0; got '0'"),
            ("--sr abc", ["mfcc", clip, "--sr", "abc"], "got 'abc'"),
            ("--sr nan", ["mfcc", clip, "--sr", "nan"], "got 'nan'"),
            ("--sr without value", ["melspec", clip, "--sr"], "--sr needs a value"),
            ("--n_fft 1", ["melspec", clip, "--n_fft", "1"], "--n_fft must be an integer from 2 to 65536; got '1'"),
            ("--n_fft 100000", ["melrapsd", clip, "--n_fft", "100000"], "got '100000'"),
            ("--n_fft 2.5", ["melspec", clip, "--n_fft", "2.5"], "got '2.5'"),
            ("--hop 0", ["melspec", clip, "--hop", "0"], "--hop must be an integer from 1 to 65536; got '0'"),
            ("--n_mels 0", ["mfcc", clip, "--n_mels", "0"], "--n_mels must be an integer from 1 to 1024; got '0'"),
            ("--n_mels 2000", ["melspec", clip, "--n_mels", "2000"], "got '2000'"),
            ("--top_db -1", ["melspec", clip, "--top_db", "-1"], "--top_db must be a finite number >= 0; got '-1'"),
            ("--top_db inf", ["melspec", clip, "--top_db", "inf"], "got 'inf'"),
            ("--n_mfcc 0", ["mfcc", clip, "--n_mfcc", "0"], "--n_mfcc must be an integer from 1 to 1024; got '0'"),
            ("--n_mfcc > --n_mels", ["mfcc", clip, "--n_mels", "20", "--n_mfcc", "21"],
             "--n_mfcc (21) must not exceed --n_mels (20)"),
        ]
        return cases + [(what, args, 2, phrase) for what, args, phrase in usage]

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

    def test_one_hour_file_is_refused_by_the_limit(self):
        # 3600 s at 8 kHz, 16-bit: over AudioLimits::max_seconds (600 s). The file is read and
        # its header checked; nothing is decoded, so it is quick and small in memory.
        for build in BUILDS:
            for cmd in ("spectrum1d", "melspec"):
                with self.subTest(build=build, command=cmd):
                    r = run_cli(COMMANDS[build] + [cmd, str(FILES["hour"])], timeout=LIMIT_TIMEOUT_S)
                    self.assertEqual(r.code, 1, r.err)
                    self.assertEqual(r.out, "")
                    self.assertEqual(r.err, f"tide: {FILES['hour']}: the clip is 3600.0 s long; at most 600 s "
                                            "are supported (cut it shorter)\n")
                    self.assertLess(r.seconds, LIMIT_TIMEOUT_S)
                    print(f"\n  one-hour WAV refused by {build} {cmd} in {r.seconds:.2f} s", file=sys.stderr)

    def test_help(self):
        cases = [
            (["--help"], ["spectrum1d", "melspec", "melrapsd", "mfcc", "WAV or Ogg Vorbis"]),
            (["spectrum1d", "--help"], ["usage", "freq_hz,power", "--sr", "|X_k|^2 / N", "WAV"]),
            (["melspec", "--help"], ["usage", "mel,frame,db", "--n_fft", "--hop", "--n_mels", "--top_db", "--sr",
                                     "22050", "librosa"]),
            (["melrapsd", "-h"], ["usage", "freq,power", "--n_mels", "pysteps"]),
            (["mfcc", "--help"], ["usage", "coef,frame,value", "--n_mfcc", "ortho", "--top_db"]),
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
