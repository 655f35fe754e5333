#!/usr/bin/python3
"""Builds Spectral Tide's audio corpus (assets/audio/) from Debian packages.

What it does
  1. Downloads the pinned Debian packages below with `apt-get download` into a work
     directory (default third_party/corpus-downloads/, git-ignored; a .deb already there
     with the pinned version is reused) and unpacks each with `dpkg -x`.
  2. For each clip in CLIPS: decodes the source file to 16-bit PCM (WAV as is, FLAC with
     `flac -d`, Ogg Vorbis with `oggdec`), converts it to float (x / 32768) and
       - for the Frets on Fire songs, sums the backing track song.ogg and the lead-guitar stem
         guitar.ogg sample by sample (that sum is the song as heard in the game) and, where
         the sum exceeds full scale anywhere in the song, scales the whole song by one gain,
         (32767/32768) / peak, so the mix does not clip (the gain is listed per clip);
       - mixes to mono as the mean of the channels;
       - resamples the whole track to 22,050 Hz with scipy.signal.resample_poly(x, up, down)
         (its default Kaiser-windowed FIR, beta 5.0): 8,000 Hz up 441 down 160; 16,000 Hz up
         441 down 320; 22,050 Hz is used as is; 44,100 Hz up 1 down 2;
       - picks one 2.0-second window (44,100 samples) by select_window(): starts on a 0.02 s
         grid (441 output samples), no clipped source sample (|x| at int16 full scale, in any
         channel of any stem) inside it, for speech the first 20 ms at least 20 dB quieter
         than the whole window (so the clip starts in a pause or at an onset, not inside a
         syllable), and among those the highest RMS.
     The clip keeps its original level: no normalisation, no fades. It is converted to int16
     by rounding half up, floor(32768 x + 0.5), and clipping to [-32768, 32767] (the number of
     clipped samples is printed; with the clip-free windows it is 0 for every clip).
  3. Writes assets/audio/<id>.wav (RIFF WAVE, 16-bit PCM, mono, 22,050 Hz, exactly 44,100
     samples, 44-byte header, no other chunks), assets/audio/index.tsv, assets/AUDIO_ATTRIBUTION.md,
     and copies each package's /usr/share/doc/<package>/copyright to
     assets/licenses/<package>.copyright.txt.

Why WAV and not Ogg/Opus: the tests and the reference code compare numbers (spectra, mel
bands, noise mixtures) computed from the clips' samples in C++/WebAssembly and in numpy. Lossless
16-bit PCM gives every reader exactly the same integers with a trivial parser; a lossy codec
would make the samples depend on the decoder and its version, and would need a Vorbis/Opus
decoder in the WebAssembly build. The cost is small: 20 clips x 88,244 bytes = 1.76 MB.

How to run (from anywhere; needs Debian's python3-numpy, python3-scipy and python3-pil, apt
and dpkg, and the decoders `oggdec` (package vorbis-tools) and `flac` (package flac); when
they are missing and the script runs as root it installs them with `apt-get install -y`,
otherwise it stops and says so):
    /usr/bin/python3 scripts/make-audio-corpus.py
    /usr/bin/python3 scripts/make-audio-corpus.py --work-dir /tmp/corpus-work \\
        --spectrograms /tmp/audio-spectrograms.png
    /usr/bin/python3 scripts/make-audio-corpus.py --self-test   # checks the helpers only
Running it again gives byte-identical files (checked with numpy 1.24.2, scipy 1.10.1,
vorbis-tools 1.4.2-1+b1 with libvorbis 1.3.7-1, flac 1.4.2+ds-2).

Labels (index.tsv `label`): `speech` for recorded human voices (no text-to-speech output:
the festvox-ru files are the studio recordings the Russian voice was built from), `music` for
recorded instruments and band mixes. alsa-utils' speaker-test voices are not used: every one
is shorter than 2.0 s (1.31 to 1.53 s).

Bandwidth: the output is always 22,050 Hz, but the asterisk prompts are 8 kHz telephone
recordings (nothing above 4 kHz) and the festvox-ru sentences are 16 kHz recordings (nothing
above 8 kHz); the attribution notes give each clip's source rate. resample_poly's default
filter is -6 dB at the lower of the two Nyquist frequencies and reaches -80 dB about 1.3 times
above it, so an upsampled clip keeps faint images just above its source's Nyquist frequency
(asterisk clips: -51 to -54 dB of the clip's energy lies in 4.2-8 kHz; festvox-ru clips:
about -78 dB in 8.4-11 kHz), and 44.1 kHz sources keep a little aliased energy near 11 kHz. The
Ogg Vorbis sources are lossy: the Fish Fillets lines show the codec's spectral holes above a
few kHz.
"""

import argparse
import glob
import io
import os
import re
import shutil
import subprocess
import sys
from math import gcd
from pathlib import Path
from typing import NamedTuple

import numpy as np
from scipy.io import wavfile
from scipy.signal import resample_poly

REPO = Path(__file__).resolve().parent.parent
OUT_RATE = 22050
OUT_SAMPLES = 2 * OUT_RATE  # 2.0 s
GRID = OUT_RATE // 50  # window starts every 0.02 s (441 samples)
ONSET_SAMPLES = OUT_RATE // 50  # speech: the first 20 ms ...
ONSET_QUIET_DB = 20.0  # ... at least this much quieter than the window
FULL_SCALE = 32767  # |int16 sample| >= this counts as clipped in a source
MIN_RMS_DBFS = -40.0  # a chosen window quieter than this is an error (silence)

# Debian bookworm package -> pinned version (as `dpkg-deb -f DEB Version` prints it).
PACKAGES = {
    "festvox-ru": "0.5+dfsg-6",
    "fillets-ng-data-cs": "1.0.1-1.1",
    "asterisk-core-sounds-en-wav": "1.6.1-1",
    "sonic-pi-samples": "3.2.2~repack-8",
    "fretsonfire-songs-sectoid": "1.dfsg-3.1",
}

# Decoders: binary -> Debian package that provides it.
TOOLS = {"oggdec": "vorbis-tools", "flac": "flac"}
TOOL_VERSION_PACKAGES = ["vorbis-tools", "libvorbis0a", "libvorbisfile3", "flac", "libflac12"]


class Clip(NamedTuple):
    id: str
    label: str  # "speech" or "music"
    package: str
    path: str  # inside the .deb
    title: str
    mix_with: str = ""  # a second file of the same package, summed with the first


_RU = "usr/share/festival/voices/russian/msu_ru_nsh_clunits/"
_FILLETS = "usr/share/games/fillets-ng/sound/"
_ASTERISK = "usr/share/asterisk/sounds/en_US_f_Allison/"
_SONICPI = "usr/share/sonic-pi/samples/"
_SECTOID = "usr/share/games/fretsonfire/data/songs/sectoid/"

CLIPS = [
    Clip("ru_nsh_0003", "speech", "festvox-ru", _RU + "wav/ru_0003.wav", "Russian read sentence, male voice (ru_0003)"),
    Clip("ru_nsh_0006", "speech", "festvox-ru", _RU + "wav/ru_0006.wav", "Russian read sentence, male voice (ru_0006)"),
    Clip("ru_nsh_0024", "speech", "festvox-ru", _RU + "wav/ru_0024.wav", "Russian read sentence, male voice (ru_0024)"),
    Clip("ru_nsh_0040", "speech", "festvox-ru", _RU + "wav/ru_0040.wav", "Russian read sentence, male voice (ru_0040)"),
    Clip("fillets_cs_kcemu", "speech", "fillets-ng-data-cs", _FILLETS + "computer/cs/poc-m-kcemu.ogg", "Czech voice actor, small fish (poc-m-kcemu)"),
    Clip("fillets_cs_krab", "speech", "fillets-ng-data-cs", _FILLETS + "barrel/cs/bar-v-krab.ogg", "Czech voice actor, big fish (bar-v-krab)"),
    Clip("fillets_cs_zapeklita", "speech", "fillets-ng-data-cs", _FILLETS + "cellar/cs/pra-v-zapeklita.ogg", "Czech voice actor, big fish (pra-v-zapeklita)"),
    Clip("fillets_cs_vejit", "speech", "fillets-ng-data-cs", _FILLETS + "floppy/cs/disk-m-vejit.ogg", "Czech voice actor, small fish (disk-m-vejit)"),
    Clip("asterisk_vm_intro", "speech", "asterisk-core-sounds-en-wav", _ASTERISK + "vm-intro.wav", "US English voice prompt, female (vm-intro)"),
    Clip("asterisk_announce", "speech", "asterisk-core-sounds-en-wav", _ASTERISK + "queue-periodic-announce.wav", "US English voice prompt, female (queue-periodic-announce)"),
    Clip("sonicpi_guit_em9", "music", "sonic-pi-samples", _SONICPI + "guit_em9.flac", "Electric guitar, Em9 chord"),
    Clip("sonicpi_guit_fifths", "music", "sonic-pi-samples", _SONICPI + "guit_e_fifths.flac", "Electric guitar, E fifths"),
    Clip("sonicpi_guit_slide", "music", "sonic-pi-samples", _SONICPI + "guit_e_slide.flac", "Guitar, E slide"),
    Clip("sonicpi_guit_harmonics", "music", "sonic-pi-samples", _SONICPI + "guit_harmonics.flac", "Guitar harmonics"),
    Clip("sonicpi_tabla", "music", "sonic-pi-samples", _SONICPI + "loop_tabla.flac", "Tabla loop"),
    Clip("sonicpi_piano", "music", "sonic-pi-samples", _SONICPI + "ambi_piano.flac", "Piano"),
    Clip("sectoid_feelings", "music", "fretsonfire-songs-sectoid", _SECTOID + "Feelings/song.ogg", "Sectoid, \"Feelings\" (rock band mix)", _SECTOID + "Feelings/guitar.ogg"),
    Clip("sectoid_escape", "music", "fretsonfire-songs-sectoid", _SECTOID + "Escape from chaosland/song.ogg", "Sectoid, \"Escape from chaosland\" (rock band mix)", _SECTOID + "Escape from chaosland/guitar.ogg"),
    Clip("sectoid_metal", "music", "fretsonfire-songs-sectoid", _SECTOID + "Metal madness/song.ogg", "Sectoid, \"Metal madness\" (metal band mix)", _SECTOID + "Metal madness/guitar.ogg"),
    Clip("sectoid_war", "music", "fretsonfire-songs-sectoid", _SECTOID + "War of freedom/song.ogg", "Sectoid, \"War of freedom\" (rock band mix)", _SECTOID + "War of freedom/guitar.ogg"),
]

# Author and licence per package, from its copyright file (sonic-pi-samples names the author
# of every sample in its own stanza; that is read by sonic_pi_credit()).
PACKAGE_CREDITS = {
    "festvox-ru": ("Nickolay V. Shmyrev, 2005 (voice msu_ru_nsh; the speaker is not named)",
                   "BSD-like (festvox-ru's own licence, see licenses/festvox-ru.copyright.txt)"),
    "fillets-ng-data-cs": ("Fish Fillets NG: ALTAR interactive, Ivo and Pavel Danihelka et al. (the Czech voice actors are not named)",
                           "GPL-2"),
    "asterisk-core-sounds-en-wav": ("Allison Smith (recorded by; financial contributions Digium, Inc.), 2003-2010",
                                    "CC-BY-SA-3.0"),
    "fretsonfire-songs-sectoid": ("Carlos Viola Iborra (\"Sectoid\"), 2006/2007: composed and performed by Sectoid",
                                  "Expat (MIT) permission notice"),
}


# Candidates looked at and left out, with the reason (listed in AUDIO_ATTRIBUTION.md).
NOT_USED = [
    ("alsa-utils /usr/share/sounds/alsa/*.wav (the speaker-test voices)",
     "every file is 1.31 to 1.53 s long, shorter than a 2.0 s clip"),
    ("fillets-ng-data-cs /usr/share/games/fillets-ng/sound/reactor/cs/rea-m-cojavim.ogg",
     "its speech-dense stretch contains 8 clipped (full-scale) samples; the best clip-free "
     "window is about half near-silence; replaced by floppy/cs/disk-m-vejit.ogg (of the "
     "small-fish lines of 4 s or more whose chosen window is speech throughout, the loudest "
     "that peaks below -0.5 dBFS)"),
]


class ClipError(Exception):
    """The clip cannot be made as specified (reason in the message)."""


# ----------------------------------------------------------------------------- packages

def run(cmd, cwd=None):
    """Runs a command, returning its stdout; raises with its stderr on failure."""
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{done.stderr.strip()}")
    return done.stdout


def deb_field(deb, field):
    return run(["dpkg-deb", "-f", str(deb), field]).strip()


def fetch_package(name, version, download_dir):
    """Returns the path of NAME's .deb at VERSION, downloading it if not cached."""
    def cached():
        for deb in sorted(glob.glob(str(download_dir / f"{glob.escape(name)}_*.deb"))):
            if deb_field(deb, "Package") == name and deb_field(deb, "Version") == version:
                return Path(deb)
        return None

    deb = cached()
    if deb is None:
        print(f"make-audio-corpus: apt-get download {name}={version}")
        try:
            run(["apt-get", "download", "-q", f"{name}={version}"], cwd=download_dir)
        except RuntimeError as err:
            sys.exit(f"make-audio-corpus: cannot download {name}={version} ({err}).\n"
                     f"If Debian moved on, update PACKAGES in {Path(__file__).name} "
                     f"(apt-cache policy {name}) and check the new version's licence.")
        deb = cached()
    return deb


def extract_package(deb, dest):
    """Unpacks DEB into a fresh directory DEST and returns DEST."""
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    run(["dpkg", "-x", str(deb), str(dest)])
    return dest


def ensure_tools(may_install):
    """Makes sure oggdec and flac exist (installing their Debian packages as root if allowed).

    Returns {package: version} of the decoder packages, for the attribution file.
    """
    missing = sorted({pkg for tool, pkg in TOOLS.items() if shutil.which(tool) is None})
    if missing:
        if not may_install or os.geteuid() != 0:
            sys.exit(f"make-audio-corpus: missing decoders; install them with\n"
                     f"    apt-get install -y {' '.join(missing)}")
        print(f"make-audio-corpus: apt-get install -y {' '.join(missing)}")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        done = subprocess.run(["apt-get", "install", "-y", "-q", *missing], env=env,
                              capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"make-audio-corpus: apt-get install failed:\n{done.stderr.strip()}")
    versions = {}
    for pkg in TOOL_VERSION_PACKAGES:
        done = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", pkg],
                              capture_output=True, text=True)
        versions[pkg] = done.stdout.strip() if done.returncode == 0 else "?"
    return versions


# ------------------------------------------------------------------------------- audio

def decode(path, scratch_dir):
    """Decodes PATH to (rate, int16 array of shape [samples, channels])."""
    suffix = path.suffix.lower()
    if suffix == ".wav":
        rate, data = wavfile.read(path)
    elif suffix == ".flac":
        out = subprocess.run(["flac", "--decode", "--silent", "--stdout", str(path)],
                             capture_output=True, check=True).stdout
        rate, data = wavfile.read(io.BytesIO(out))
    elif suffix == ".ogg":
        tmp = scratch_dir / "decoded.wav"
        run(["oggdec", "--quiet", "--bits", "16", "--output", str(tmp), str(path)])
        rate, data = wavfile.read(tmp)
        tmp.unlink()
    else:
        raise ClipError(f"unknown audio format: {path.name}")
    if data.dtype != np.int16:
        raise ClipError(f"{path.name}: expected 16-bit PCM, got {data.dtype}")
    if data.ndim == 1:
        data = data[:, None]
    return int(rate), data


def rate_factors(rate):
    """(up, down) for resample_poly from RATE to OUT_RATE, in lowest terms."""
    g = gcd(rate, OUT_RATE)
    return OUT_RATE // g, rate // g


def to_output_rate(mono, rate):
    up, down = rate_factors(rate)
    if (up, down) == (1, 1):
        return mono.copy()
    return resample_poly(mono, up, down)


def dbfs(value):
    """20 log10 of an amplitude in full-scale units (a full-scale sine has RMS -3.01 dBFS)."""
    return 20.0 * np.log10(max(value, 1e-12))


def window_rms(signal, starts, length):
    csum = np.concatenate([[0.0], np.cumsum(signal * signal)])
    return np.sqrt((csum[starts + length] - csum[starts]) / length)


def select_window(signal, clipped_out, label):
    """Start (in output samples) of the chosen 2.0 s window; see the module docstring.

    SIGNAL is the mono track at OUT_RATE (float, full scale 1); CLIPPED_OUT[i] is True where
    output sample i lies within the span of a clipped source sample.
    """
    if len(signal) < OUT_SAMPLES:
        raise ClipError(f"shorter than 2.0 s ({len(signal) / OUT_RATE:.2f} s)")
    starts = np.arange(0, len(signal) - OUT_SAMPLES + 1, GRID)
    rms = window_rms(signal, starts, OUT_SAMPLES)
    clip_count = np.concatenate([[0], np.cumsum(clipped_out)])
    ok = clip_count[starts + OUT_SAMPLES] - clip_count[starts] == 0
    if label == "speech":
        onset = window_rms(signal, starts, ONSET_SAMPLES)
        ok &= onset <= rms * 10.0 ** (-ONSET_QUIET_DB / 20.0)
    if not ok.any():
        raise ClipError("no 2.0 s window satisfies the rules (clipping / quiet start)")
    best = int(np.argmax(np.where(ok, rms, -1.0)))  # first of equal maxima
    return int(starts[best])


def clipped_to_output(clipped_src, rate, n_out):
    """Marks output samples whose time falls within one source sample of a clipped one."""
    mask = np.zeros(n_out, dtype=bool)
    idx = np.flatnonzero(clipped_src)
    if idx.size:
        lo = np.floor((idx - 1) * OUT_RATE / rate).astype(np.int64)
        hi = np.ceil((idx + 1) * OUT_RATE / rate).astype(np.int64)
        for a, b in zip(np.clip(lo, 0, n_out), np.clip(hi + 1, 0, n_out)):  # [lo, hi]
            mask[a:b] = True
    return mask


def quantise(x):
    """float (full scale 1) -> int16, rounding half up and clipping; returns (pcm, n_clipped)."""
    scaled = np.floor(x * 32768.0 + 0.5)
    n_clipped = int(np.count_nonzero((scaled > 32767) | (scaled < -32768)))
    return np.clip(scaled, -32768, 32767).astype(np.int16), n_clipped


def make_clip(clip, root, scratch_dir):
    """Decodes, mixes, resamples and cuts one clip. Returns (pcm int16, info dict)."""
    rate, data = decode(root / clip.path, scratch_dir)
    clipped_src = np.any(np.abs(data.astype(np.int32)) >= FULL_SCALE, axis=1)
    x = data.astype(np.float64) / 32768.0
    notes, gain = [], 1.0
    if clip.mix_with:
        rate2, data2 = decode(root / clip.mix_with, scratch_dir)
        if rate2 != rate or data2.shape[1] != data.shape[1]:
            raise ClipError("stems differ in rate or channel count")
        n = min(len(x), len(data2))
        if max(len(x), len(data2)) - n > rate // 10:
            raise ClipError(f"stems differ in length ({len(x)} vs {len(data2)} samples)")
        clipped_src = clipped_src[:n] | np.any(np.abs(data2[:n].astype(np.int32)) >= FULL_SCALE, axis=1)
        x = x[:n] + data2[:n].astype(np.float64) / 32768.0
        peak = float(np.max(np.abs(x)))
        if peak > 32767.0 / 32768.0:
            gain = (32767.0 / 32768.0) / peak
            x *= gain
        notes.append(f"song.ogg + guitar.ogg, whole-song gain {dbfs(gain):+.2f} dB "
                     f"(sum peaked at {peak:.3f} of full scale)")
    mono = x.mean(axis=1)
    signal = to_output_rate(mono, rate)
    start = select_window(signal, clipped_to_output(clipped_src, rate, len(signal)), clip.label)
    segment = signal[start:start + OUT_SAMPLES]
    pcm, n_clipped = quantise(segment)
    if len(pcm) != OUT_SAMPLES:
        raise ClipError(f"cut {len(pcm)} samples instead of {OUT_SAMPLES}")
    level = pcm.astype(np.float64) / 32768.0
    rms, peak = float(np.sqrt(np.mean(level * level))), float(np.max(np.abs(level)))
    if dbfs(rms) < MIN_RMS_DBFS:
        raise ClipError(f"chosen window is nearly silent ({dbfs(rms):.1f} dBFS)")
    up, down = rate_factors(rate)
    src = f"{rate} Hz, {data.shape[1]} ch, {len(data) / rate:.2f} s"
    if (up, down) != (1, 1):
        src += f", resampled up {up} down {down}"
    if Path(clip.path).suffix == ".ogg":
        src += ", lossy Ogg Vorbis source"
    return pcm, {"start": start, "gain": gain, "rms_dbfs": dbfs(rms),
                 "peak_dbfs": dbfs(peak), "n_clipped": n_clipped,
                 "note": "; ".join([src] + notes), "rate": rate}


def write_wav(pcm, path):
    """16-bit PCM mono WAV with the plain 44-byte header; same samples give the same bytes."""
    wavfile.write(path, OUT_RATE, pcm.astype("<i2"))


# ----------------------------------------------------------------------------- credits

def parse_dep5(text):
    """Stanzas of a machine-readable (DEP-5) copyright file as lists of (field, value)."""
    stanzas = []
    for block in re.split(r"\n\s*\n", text):
        fields, key = [], None
        for line in block.splitlines():
            if line[:1] in (" ", "\t") and key is not None:
                fields[-1] = (key, fields[-1][1] + "\n" + line.strip())
            elif ":" in line:
                key, value = line.split(":", 1)
                fields.append((key.strip(), value.strip()))
            elif key is not None:  # a continuation line without indentation
                fields[-1] = (key, fields[-1][1] + "\n" + line.strip())
        if fields:
            stanzas.append(fields)
    return stanzas


def sonic_pi_credit(root, sample_name):
    """(author, licence, source URL) of one sample from sonic-pi-samples' copyright file."""
    text = (root / "usr/share/doc/sonic-pi-samples/copyright").read_text(encoding="utf-8")
    for stanza in parse_dep5(text):
        fields = dict(stanza)
        if fields.get("Files", "").split() == [f"etc/samples/{sample_name}"]:
            author = fields.get("Copyright", "").replace("\n", " ").strip()
            licence = fields.get("License", "").split("\n")[0].strip()
            url = fields.get("Source", "").strip()
            if not url:  # one stanza puts its URL on a continuation line
                found = re.search(r"https?://\S+", fields.get("Copyright", ""))
                url = found.group(0) if found else ""
                author = re.sub(r"\s*https?://\S+", "", author)
            return author, ("CC0-1.0" if licence == "CC0" else licence), url
    raise ClipError(f"no copyright stanza for etc/samples/{sample_name}")


def festvox_transcripts(root):
    """{utterance id: text} from festvox-ru's etc/txt.done.data."""
    text = (root / _RU / "etc/txt.done.data").read_text(encoding="utf-8")
    return dict(re.findall(r'\(\s*(\S+)\s+"(.*)"\s*\)', text))


def credit_for(clip, roots):
    """(author, licence, source URL or extra note) for one clip."""
    if clip.package == "sonic-pi-samples":
        return sonic_pi_credit(roots[clip.package], Path(clip.path).name)
    author, licence = PACKAGE_CREDITS[clip.package]
    extra = ""
    if clip.package == "festvox-ru":
        utt = Path(clip.path).stem
        extra = f"whole sentence: \"{festvox_transcripts(roots[clip.package]).get(utt, '?')}\""
    return author, licence, extra


# ------------------------------------------------------------------------------ output

INDEX_HEADER = ["id", "label", "title", "package", "version", "source_path", "start_s", "licence"]

ATTRIBUTION_HEADER = """\
# Audio attribution

Generated by `scripts/make-audio-corpus.py`; do not edit by hand.

Every file in `audio/` is a 2.0-second excerpt of a recording taken from a Debian 12 (bookworm)
package: real human voices (`speech`; no text-to-speech) and recorded instruments or band mixes
(`music`). Processing, which makes each file a modified version of its source: decode to 16-bit
PCM (Ogg Vorbis with `oggdec`, FLAC with `flac`); for the Frets on Fire songs, add the backing
track `song.ogg` and the lead-guitar stem `guitar.ogg` and scale the whole song by one gain so
the sum does not clip; mix to mono (mean of the channels); resample to 22,050 Hz with
`scipy.signal.resample_poly` (8,000 Hz: up 441 down 160; 16,000 Hz: up 441 down 320; 22,050 Hz:
unchanged; 44,100 Hz: up 1 down 2); cut 44,100 samples starting at `start_s` seconds of the
original; keep the level (no normalisation, no fades); round to 16-bit PCM. Files: WAV, 16-bit
PCM, mono, 22,050 Hz, exactly 44,100 samples.

Each file keeps the licence of its source recording, listed below; the excerpts are
modifications of those recordings and are distributed under the same terms: CC-BY-SA-3.0 for
the Asterisk prompts (credit Allison Smith), GPL-2 for the Fish Fillets NG voices (the complete
source is the Debian package named below, and this script regenerates the excerpt from it),
the festvox-ru licence (which asks that modifications be marked as such, as done here, and that
the authors' names be kept), the Expat permission notice for the Sectoid songs (the notice must
accompany copies), CC0-1.0 for the Sonic Pi samples. The copyright file of each source package,
as shipped, is in `licenses/<package>.copyright.txt`; for sonic-pi-samples each sample has its
own stanza there (author and freesound.org address, repeated below). The fillets-ng-data-cs
and festvox-ru packages do not name their speakers.
"""


def write_index(rows, path):
    lines = ["\t".join(INDEX_HEADER)]
    lines += ["\t".join(row[key] for key in INDEX_HEADER) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def md_cell(text):
    return text.replace("|", "\\|") if text else "-"


def write_attribution(rows, versions, tool_versions, dropped, path):
    out = [ATTRIBUTION_HEADER, "## Packages\n", "| package | version |", "| --- | --- |"]
    out += [f"| {name} | {versions[name]} |" for name in sorted(versions)]
    out += ["", "Decoders used: " + ", ".join(f"{name} {ver}" for name, ver in tool_versions.items()) + "."]
    out += ["", "## Files\n",
            "| file | label | package | original file | start (s) | author | licence | source / notes |",
            "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for row in rows:
        original = f"`/{row['source_path']}`"
        if row["mix_with"]:
            original += f" + `/{row['mix_with']}`"
        notes = "; ".join(part for part in (row["url"], row["note"]) if part)
        out.append(f"| audio/{row['id']}.wav | {row['label']} | {row['package']} {row['version']} "
                   f"| {original} | {row['start_s']} | {md_cell(row['author'])} "
                   f"| {md_cell(row['licence'])} | {md_cell(notes)} |")
    out += ["", "## Candidates not used\n"]
    out += [f"- {what}: {reason}." for what, reason in NOT_USED]
    out += [f"- {clip_id}: {reason}." for clip_id, reason in dropped]
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def copy_copyright_files(roots, licenses_dir):
    licenses_dir.mkdir(parents=True, exist_ok=True)
    for name, root in sorted(roots.items()):
        shutil.copyfile(root / "usr/share/doc" / name / "copyright",
                        licenses_dir / f"{name}.copyright.txt")


def remove_stale_clips(audio_dir, keep_ids):
    for wav in sorted(audio_dir.glob("*.wav")):
        if wav.stem not in keep_ids:
            print(f"make-audio-corpus: removing stale {wav.relative_to(REPO)}")
            wav.unlink()


# ------------------------------------------------------------------------ spectrograms

def log_spectrogram(pcm, n_fft=1024, hop=256):
    """|STFT|^2 in dB (Hann window, frames inside the clip only), shape [n_fft/2+1, frames]."""
    x = pcm.astype(np.float64) / 32768.0
    window = np.hanning(n_fft + 1)[:-1]
    frames = 1 + (len(x) - n_fft) // hop
    idx = np.arange(n_fft)[None, :] + hop * np.arange(frames)[:, None]
    spec = np.fft.rfft(x[idx] * window, axis=1)
    power = (np.abs(spec) ** 2) / np.sum(window ** 2)
    return 10.0 * np.log10(power.T + 1e-12)


def heat_colours(t):
    """A black-purple-orange-yellow ramp for values t in [0, 1]."""
    anchors = np.array([[0, 0, 4], [60, 15, 110], [150, 40, 120], [230, 90, 60],
                        [252, 180, 40], [252, 253, 190]], dtype=np.float64)
    pos = np.clip(t, 0, 1) * (len(anchors) - 1)
    lo = np.minimum(pos.astype(int), len(anchors) - 2)
    frac = (pos - lo)[..., None]
    return (anchors[lo] * (1 - frac) + anchors[lo + 1] * frac).astype(np.uint8)


def write_spectrogram_sheet(audio_dir, rows, path, columns=4, floor_db=-100.0):
    """Grid of log-power spectrograms (0 to 11,025 Hz, 2 s, -100 to 0 dB) with a waveform
    strip under each, labelled with id, label and RMS, for looking at the corpus by eye."""
    from PIL import Image, ImageDraw, ImageFont
    panel_w, spec_h, wave_h, text_h, pad = 340, 200, 40, 30, 6
    cell_w, cell_h = panel_w + 2 * pad, text_h + spec_h + wave_h + 2 * pad
    sheet_rows = (len(rows) + columns - 1) // columns
    sheet = Image.new("RGB", (columns * cell_w, sheet_rows * cell_h), (30, 30, 30))
    draw = ImageDraw.Draw(sheet)
    font_path = REPO / "assets" / "fonts" / "DejaVuSans.ttf"
    font = ImageFont.truetype(str(font_path), 12) if font_path.exists() else ImageFont.load_default()
    for k, row in enumerate(rows):
        _, pcm = wavfile.read(audio_dir / f"{row['id']}.wav")
        db = log_spectrogram(pcm)
        rgb = heat_colours((db - floor_db) / -floor_db)[::-1]  # low frequencies at the bottom
        spec = Image.fromarray(rgb, "RGB").resize((panel_w, spec_h), Image.BILINEAR)
        x0, y0 = (k % columns) * cell_w + pad, (k // columns) * cell_h + pad
        draw.text((x0, y0), f"{row['id']} [{row['label']}]", fill=(255, 255, 255), font=font)
        draw.text((x0, y0 + 14), f"RMS {row['rms_dbfs']:.1f} dBFS, peak {row['peak_dbfs']:.1f}, "
                  f"src {row['rate']} Hz", fill=(190, 190, 190), font=font)
        sheet.paste(spec, (x0, y0 + text_h))
        # waveform: min/max per column
        x = pcm.astype(np.float64) / 32768.0
        cols = np.array_split(x, panel_w)
        mid = y0 + text_h + spec_h + wave_h // 2
        for c, chunk in enumerate(cols):
            draw.line([(x0 + c, mid - chunk.max() * wave_h / 2),
                       (x0 + c, mid - chunk.min() * wave_h / 2)], fill=(120, 200, 255))
    sheet.save(path)
    print(f"make-audio-corpus: spectrogram sheet {path}")


# -------------------------------------------------------------------------------- main

def self_test():
    """Checks the resampling factors, window choice, clipping map and quantisation."""
    assert rate_factors(8000) == (441, 160) and rate_factors(16000) == (441, 320)
    assert rate_factors(22050) == (1, 1) and rate_factors(44100) == (1, 2)
    assert rate_factors(48000) == (147, 320)
    # A 1 kHz sine keeps its frequency and amplitude through each resampling.
    for rate in (8000, 16000, 44100):
        t = np.arange(3 * rate) / rate
        out = to_output_rate(0.5 * np.sin(2 * np.pi * 1000 * t), rate)
        assert abs(len(out) - 3 * OUT_RATE) <= 1
        ref = 0.5 * np.sin(2 * np.pi * 1000 * np.arange(len(out)) / OUT_RATE)
        assert np.max(np.abs(out - ref)[OUT_RATE:2 * OUT_RATE]) < 2e-3, rate
    # The loudest window wins; a clipped sample inside it moves the choice elsewhere.
    sig = np.zeros(6 * OUT_RATE)
    rng = np.random.default_rng(0)
    sig[2 * OUT_RATE:4 * OUT_RATE] = 0.3 * rng.standard_normal(2 * OUT_RATE)
    sig[4 * OUT_RATE:5 * OUT_RATE] = 0.1 * rng.standard_normal(OUT_RATE)
    none = np.zeros(len(sig), dtype=bool)
    assert select_window(sig, none, "music") == 2 * OUT_RATE
    assert select_window(sig, none, "speech") == 2 * OUT_RATE - GRID  # starts in the pause
    clipped = none.copy()
    clipped[3 * OUT_RATE] = True
    assert select_window(sig, clipped, "music") > 3 * OUT_RATE
    mapped = clipped_to_output(np.array([False, False, True, False]), 8000, 12)
    assert mapped.tolist() == [False, False] + [True] * 8 + [False, False]
    pcm, n = quantise(np.array([0.0, 0.5 / 32768, -0.5 / 32768, 1.0, -1.0, 1.5 / 32768]))
    assert pcm.tolist() == [0, 1, 0, 32767, -32768, 2] and n == 1
    print("make-audio-corpus: self-test passed")


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work-dir", type=Path,
                        default=REPO / "third_party" / "corpus-downloads",
                        help="where .deb files are downloaded and unpacked")
    parser.add_argument("--spectrograms", type=Path,
                        help="also write a PNG sheet of every clip's spectrogram here")
    parser.add_argument("--no-install", action="store_true",
                        help="do not apt-get install missing decoders (vorbis-tools, flac)")
    parser.add_argument("--self-test", action="store_true",
                        help="only check the helper functions")
    return parser.parse_args()


def main():
    args = parse_args()
    self_test()
    if args.self_test:
        return
    tool_versions = ensure_tools(not args.no_install)
    work_dir = args.work_dir.resolve()
    (work_dir / "debs").mkdir(parents=True, exist_ok=True)
    scratch_dir = work_dir / "scratch"
    scratch_dir.mkdir(parents=True, exist_ok=True)
    roots, versions = {}, {}
    for name, version in PACKAGES.items():
        deb = fetch_package(name, version, work_dir / "debs")
        roots[name] = extract_package(deb, work_dir / "root" / name)
        versions[name] = deb_field(deb, "Version")

    audio_dir = REPO / "assets" / "audio"
    audio_dir.mkdir(parents=True, exist_ok=True)
    rows, dropped = [], []
    for clip in CLIPS:
        try:
            pcm, info = make_clip(clip, roots[clip.package], scratch_dir)
            author, licence, extra = credit_for(clip, roots)
        except ClipError as reason:
            dropped.append((clip.id, str(reason)))
            print(f"make-audio-corpus: skipped {clip.id}: {reason}")
            continue
        write_wav(pcm, audio_dir / f"{clip.id}.wav")
        start_s = f"{info['start'] / OUT_RATE:.2f}"
        url = extra if extra.startswith("http") else ""
        note = "; ".join(part for part in (info["note"], "" if url else extra) if part)
        rows.append({"id": clip.id, "label": clip.label, "title": clip.title,
                     "package": clip.package, "version": versions[clip.package],
                     "source_path": clip.path, "mix_with": clip.mix_with, "start_s": start_s,
                     "licence": licence, "author": author, "url": url, "note": note,
                     "rms_dbfs": info["rms_dbfs"], "peak_dbfs": info["peak_dbfs"],
                     "rate": info["rate"]})
        print(f"make-audio-corpus: {clip.id:24s} {clip.label:6s} start {start_s:>6s} s  "
              f"RMS {info['rms_dbfs']:6.1f} dBFS  peak {info['peak_dbfs']:6.1f} dBFS  "
              f"clipped {info['n_clipped']}")
    shutil.rmtree(scratch_dir, ignore_errors=True)

    used = {row["package"] for row in rows}
    remove_stale_clips(audio_dir, {row["id"] for row in rows})
    write_index(rows, audio_dir / "index.tsv")
    write_attribution(rows, {name: versions[name] for name in used}, tool_versions, dropped,
                      REPO / "assets" / "AUDIO_ATTRIBUTION.md")
    copy_copyright_files({name: roots[name] for name in used}, REPO / "assets" / "licenses")
    if args.spectrograms:
        write_spectrogram_sheet(audio_dir, rows, args.spectrograms)
    labels = [row["label"] for row in rows]
    size = sum((audio_dir / f"{row['id']}.wav").stat().st_size for row in rows)
    print(f"make-audio-corpus: wrote {len(rows)} clips ({labels.count('speech')} speech, "
          f"{labels.count('music')} music, {size} bytes), {len(dropped)} skipped")


if __name__ == "__main__":
    main()
