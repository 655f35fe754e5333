"""The numpy side of `make bench`: the workloads of bench_core.cpp written the way the essay's
notebook would (numpy.fft, the pysteps RAPSD with one mask per radius, the librosa log-mel as
transcribed in tests/reference/reference.py), timed the same way: one warm-up, then the
median, min and max of repeated runs. Prints `BENCH <key> <median> <min> <max>` (ms).

    /usr/bin/python3 tests/bench/bench_numpy.py [assets_dir]
"""
import glob
import os
import statistics
import sys
import time

import numpy as np
from PIL import Image

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "reference"))
import reference as ref  # noqa: E402


def time_it(repeats, work):
    work()  # warm-up
    ms = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        work()
        ms.append((time.perf_counter() - t0) * 1e3)
    return statistics.median(ms), min(ms), max(ms)


def report(key, timing):
    print(f"BENCH {key} {timing[0]:.6f} {timing[1]:.6f} {timing[2]:.6f}", flush=True)


def load(path, size=320):
    """As core::prepare_field with the defaults: decode, green channel, pm1, centre square,
    exact area resize to size x size (skipped when already that size, a no-op there)."""
    rgb = np.asarray(Image.open(path).convert("RGB"))
    field = ref.crop_center_square(ref.image_channel(rgb, "green", "pm1"))
    if field.shape != (size, size):
        field = ref.resize_area(field, size, size)
    return field


def main():
    assets = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..", "assets")
    ids = ["kde_owl", "scratch_forest", "scratch_city_water", "skimage_astronaut"]
    fields = [load(os.path.join(assets, "images", i + ".png")) for i in ids]
    x = fields[0]
    n = x.shape[0]

    report("fft2_full", time_it(200, lambda: np.fft.fft2(x)))
    fft_half = time_it(200, lambda: np.fft.rfft2(x))
    report("fft_half", fft_half)
    report("rfft2", fft_half)  # the same transform, the core's row
    report("wiener", time_it(200, lambda: ref.wiener_denoise(x, -3.48, 2.618, 0.5, 0.5)))
    report("rapsd_one", time_it(20, lambda: ref.rapsd(x)))

    # One rising-tide frame for 4 images: spectra of x0 and eps computed once; per frame and
    # image |F0 + s Fe|^2 / N binned by a precomputed radius map (unshifted layout, bins as
    # pysteps: round(r), r < n/2), and the noisy image x0 + s eps mapped to uint8 gray.
    spectra = [np.fft.fft2(f) for f in fields]
    eps = np.random.default_rng(0).standard_normal((n, n))
    eps_spec = np.fft.fft2(eps)
    k = np.fft.fftfreq(n, d=1.0 / n)
    radius = np.rint(np.hypot(k[:, None], k[None, :])).astype(np.int64).ravel()
    bins = n // 2
    counts = np.bincount(radius, minlength=bins)[:bins]
    sigma = [0.02]

    def frame():
        sigma[0] = 0.02 if sigma[0] > 50 else sigma[0] * 1.05
        s = sigma[0]
        for f, spec in zip(fields, spectra):
            power = np.abs(spec + s * eps_spec) ** 2 / spec.size
            _ = np.bincount(radius, weights=power.ravel(), minlength=bins)[:bins] / counts
            _ = (np.clip((f + s * eps + 1.0) * 127.5, 0.0, 255.0) + 0.5).astype(np.uint8)

    report("tide_frame", time_it(100, frame))

    # The corpus: every assets/images/*.png, each image's RAPSD, mean of log10, the fit.
    corpus = sorted(glob.glob(os.path.join(assets, "images", "*.png")))
    corpus_fields = [load(p) for p in corpus]

    def corpus_fit(fs):
        results = [ref.rapsd(f) for f in fs]
        freq = results[0][1]
        return ref.fit_power_law(freq, ref.mean_log10([r[0] for r in results]), resample=True)

    report("corpus_decode", time_it(3, lambda: corpus_fit([load(p) for p in corpus])))
    report("corpus_fields", time_it(3, lambda: corpus_fit(corpus_fields)))

    power, freq = ref.rapsd(x)
    report("fmax", time_it(200, lambda: ref.f_max_curve(freq, power, 1.0, "rf", 99)))

    # The audio corpus's first clip (assets/audio/index.tsv), 2 s at 22,050 Hz.
    _, clip, _ = ref.wav_to_mono(os.path.join(assets, "audio", "ru_nsh_0003.wav"))
    report("logmel_rapsd", time_it(20, lambda: ref.rapsd(ref.log_mel(clip))))
    report("stft_power", time_it(20, lambda: ref.stft_power(clip)))
    fb = ref.mel_filterbank(22050, 2048)
    report("mel_power", time_it(20, lambda: fb @ ref.stft_power(clip)))

    # One sampler step at t = 0.5 (100 rectified-flow steps): x0_hat and the DDIM update.
    photos = np.stack(corpus_fields)
    x_t = 0.5 * photos[0] + 0.5 * np.random.default_rng(1).standard_normal(photos[0].shape)

    def corpus_step():  # the usual numpy way: all distances at once, then the weighted mean
        d2 = np.sum((x_t[None] - 0.5 * photos) ** 2, axis=(1, 2))
        w = np.exp(-(d2 - d2.min()) / (2 * 0.25))
        x0 = np.tensordot(w / w.sum(), photos, axes=1)
        return 0.49 * x0 + 0.51 * (x_t - 0.5 * x0) / 0.5

    def gauss_step():
        x0 = ref.wiener_denoise(x_t, -3.48, 2.618, 0.5, 0.5)
        return 0.49 * x0 + 0.51 * (x_t - 0.5 * x0) / 0.5
    report("sampler_corpus", time_it(10, corpus_step))
    report("sampler_gauss", time_it(50, gauss_step))


if __name__ == "__main__":
    main()
