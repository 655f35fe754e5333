#!/usr/bin/python3
"""Writes the fuzzers' seed corpora (tests/fuzz/corpus/<harness>/): a few tiny real files each.
Run from the repository root with Debian's python3 (numpy, PIL); the files are committed, so
this only documents where they come from and regenerates them.

    /usr/bin/python3 tests/fuzz/make-seeds.py

image: corners of corpus photographs as PNG (8-bit RGB, RGBA, palette, 16-bit grey, grey +
       alpha), JPEG (baseline 4:2:0, progressive 4:4:4, grey), GIF, BMP and TGA (plain and
       run-length coded), 9 to 24 pixels a side.
audio: 60 to 200 frames of a corpus clip as WAV in every format decode_audio reads (8/16/24/32
       bit PCM, 32/64 bit float, WAVE_FORMAT_EXTENSIBLE, stereo, a LIST chunk, fmt after
       data), tests/data/tone_stereo_22050.ogg, and 0.1 s of mono Ogg Vorbis at 8 kHz (made
       with vorbis-tools' oggenc when it is installed; otherwise the committed file stays).
state: URL hashes the page takes, one per line (several lines: successive hash changes).
"""
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "reference"))
import reference  # noqa: E402  (wav_bytes: WAV files written field by field)

OUT = ROOT / "tests" / "fuzz" / "corpus"


def images(out):
    parrot = Image.open(ROOT / "assets/images/kde_parrot.png").convert("RGB")
    forest = Image.open(ROOT / "assets/images/scratch_forest.png").convert("RGB")
    parrot.crop((150, 150, 166, 166)).save(out / "rgb_16x16.png")
    parrot.crop((100, 120, 120, 129)).quantize(16).save(out / "palette_20x9.png")
    grey16 = (np.asarray(forest.convert("L").crop((0, 0, 12, 10)), dtype=np.uint16) * 257)
    Image.fromarray(grey16, "I;16").save(out / "grey16_12x10.png")
    la = forest.crop((40, 40, 49, 57)).convert("LA")
    la.save(out / "grey_alpha_9x17.png")
    rgba = parrot.crop((10, 10, 26, 26)).convert("RGBA")
    rgba.putalpha(Image.linear_gradient("L").resize((16, 16)))
    rgba.save(out / "rgba_16x16.png")
    parrot.crop((160, 100, 184, 116)).save(out / "baseline_24x16.jpg", quality=75)
    forest.crop((0, 0, 16, 16)).save(out / "progressive_16x16.jpg", quality=80, progressive=True, subsampling=0)
    forest.crop((16, 16, 32, 32)).convert("L").save(out / "grey_16x16.jpg", quality=90)
    parrot.crop((200, 60, 216, 72)).quantize(8).save(out / "palette_16x12.gif")
    forest.crop((100, 100, 110, 118)).save(out / "rgb_10x18.bmp")
    parrot.crop((60, 200, 72, 212)).save(out / "rgb_12x12.tga")
    parrot.crop((90, 30, 102, 42)).save(out / "rle_12x12.tga", compression="tga_rle")


def audio(out):
    rate, y, _ = reference.wav_to_mono(ROOT / "assets/audio/sonicpi_piano.wav")
    x = y[11025:11025 + 200]  # mid-clip, where the sound is
    i16 = np.round(x * 32767).astype(np.int64)
    stereo = np.stack([i16, -i16], axis=1)
    write = lambda name, data: (out / name).write_bytes(data)  # noqa: E731
    write("pcm16_mono_22050.wav", reference.wav_bytes(i16[:120], rate, "i16"))
    write("pcm8_stereo_8000.wav", reference.wav_bytes((stereo[:80] >> 8) + 128, 8000, "u8"))
    write("pcm24_mono_44100.wav", reference.wav_bytes(i16[:60] << 8, 44100, "i24"))
    write("pcm32_extensible_48000.wav", reference.wav_bytes(i16[:60] << 16, 48000, "i32", extensible=True))
    write("float32_stereo_16000.wav", reference.wav_bytes(stereo[:60] / 32768.0, 16000, "f32"))
    write("float64_mono_11025_list.wav", reference.wav_bytes(x[:60], 11025, "f64",
                                                            extra_chunks=[(b"LIST", b"INFOISFT\x03\x00\x00\x00ab\x00")]))
    write("pcm16_fmt_after_data.wav", reference.wav_bytes(i16[:60], rate, "i16", fmt_after_data=True))
    shutil.copy(ROOT / "tests/data/tone_stereo_22050.ogg", out / "tone_stereo_22050.ogg")
    oggenc = shutil.which("oggenc")
    if oggenc:
        with tempfile.TemporaryDirectory() as tmp:
            t = np.arange(800) / 8000.0
            wav = Path(tmp) / "chirp.wav"
            wav.write_bytes(reference.wav_bytes(np.round(0.4 * np.sin(2 * np.pi * (300 + 2000 * t) * t) * 32767), 8000, "i16"))
            subprocess.run([oggenc, "-Q", "-q", "0", "--serial", "2", "-o", str(out / "chirp_mono_8000.ogg"), str(wav)],
                           check=True)


STATE = [
    "fig=hinge&sigma=0.3&image=kde_parrot&seed=7",
    "#fig=spectra&images=kde_owl,kde_parrot,scratch_forest,skimage_astronaut",
    "fig=rising-tide&sigma=2&playing=false",
    "fig=slices&angle=45.5&speed=3&playing=true&image=gnome_mountain",
    "fig=diffusion&schedule=cosine&t=0.25&seed=4294967295",
    "fig=fmax&tau=1.5&t=0.75&schedule=rf\nfig=mean-fit&resample=off",
    "fig=noise&seed=12\nfig=rapsd&images=kde_owl,gnome_cat",
    "fig=ideal&alpha=2.5&sigma=0.01",
    "fig=audio-tide&clip=sonicpi_piano&group=music&sigma=0.05&seed=3",
    "fig=audio-spectra&group=speech&clip=ru_nsh_0003\nfig=audio-mean&group=all",
    "fig=mel&clip=sectoid_war\nfig=cepstrum&clip=fillets_cs_krab\nfig=mel-rapsd&group=speech",
    "fig=audio-clips&clip=asterisk_announce&sigma=%20nan",
    "fig=hinge&sigma=1e400&image=+kde_parrot+&seed=-1&sigma=0.5",
    "fig=rising-tide&theme=dark&presenter=1&touch=true&reduced_motion=1&playing=true",
]


def state(out):
    for i, text in enumerate(STATE):
        (out / f"hash_{i:02d}.txt").write_text(text)


def main():
    for name, make in (("image", images), ("audio", audio), ("state", state)):
        folder = OUT / name
        folder.mkdir(parents=True, exist_ok=True)
        make(folder)
    total = sum(p.stat().st_size for p in OUT.rglob("*") if p.is_file())
    print(f"{OUT}: {sum(1 for p in OUT.rglob('*') if p.is_file())} files, {total} bytes")


if __name__ == "__main__":
    main()
