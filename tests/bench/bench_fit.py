"""`make bench`'s dataset rows: the whole `tide fit` process on folders of photographs, beside
numpy + PIL doing the same work in a whole Python process, and the peak memory of one large
photograph. Prints a small table; nothing is asserted.

    bench_fit.py --tide build/native/tide [--work build/native/bench-data] [--repeats 3]

The datasets are written into --work once (kept for later runs; never committed):
- fit160: 160 PNGs of 320x320, the corpus (assets/images/*.png) cycled;
- fit1000: 1,000 such PNGs, for `tide fit --jobs 2` in images per second;
- big.png: one 8192x8192 RGB PNG, kde_owl upscaled 26x (nearest) with seeded +-3 noise,
  written by PIL (about 90 MB), for the peak resident memory of `tide fit big.png`.
Times are medians of --repeats runs of the whole process (start-up included), wall clock.
"""
import argparse
import glob
import os
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ASSETS = os.path.join(HERE, "..", "..", "assets")


def make_folder(path, count):
    """count PNGs in path, the corpus cycled (file copies: the same bytes as the corpus)."""
    corpus = sorted(glob.glob(os.path.join(ASSETS, "images", "*.png")))
    if len(glob.glob(os.path.join(path, "*.png"))) == count:
        return
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    for i in range(count):
        shutil.copyfile(corpus[i % len(corpus)], os.path.join(path, f"{i:04d}.png"))


def make_big(path):
    if os.path.exists(path):
        return
    import numpy as np
    from PIL import Image

    im = np.asarray(Image.open(os.path.join(ASSETS, "images", "kde_owl.png")).convert("RGB"))
    big = np.repeat(np.repeat(im, 26, axis=0), 26, axis=1)[:8192, :8192]
    big = np.pad(big, ((0, 8192 - big.shape[0]), (0, 8192 - big.shape[1]), (0, 0)), mode="edge")
    noise = np.random.default_rng(0).integers(-3, 4, big.shape, dtype=np.int16)
    big = np.clip(big.astype(np.int16) + noise, 0, 255).astype(np.uint8)
    Image.fromarray(big).save(path + ".tmp.png", compress_level=6)
    os.replace(path + ".tmp.png", path)


def numpy_fit(folder):
    """What `tide fit folder` computes, the essay's way (tests/reference/reference.py)."""
    sys.path.insert(0, os.path.join(HERE, "..", "reference"))
    import numpy as np  # noqa: F401
    from PIL import Image
    import reference as ref

    results = []
    for p in sorted(glob.glob(os.path.join(folder, "*.png"))):
        rgb = np.asarray(Image.open(p).convert("RGB"))
        field = ref.crop_center_square(ref.image_channel(rgb, "green", "pm1"))
        if field.shape != (320, 320):
            field = ref.resize_area(field, 320, 320)
        results.append(ref.rapsd(field))
    alpha = ref.fit_power_law(results[0][1], ref.mean_log10([r[0] for r in results]), resample=True)
    print(alpha)


def wall(cmd, repeats):
    """Median, min and max wall-clock seconds of running cmd (output discarded)."""
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times), min(times), max(times)


def peak_rss_mb(cmd):
    """Peak resident memory (MB) of cmd, measured in a fresh Python process of its own."""
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True);"
             " print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", probe] + cmd, stdout=subprocess.PIPE, text=True, check=True)
    return int(out.stdout.strip()) / 1024.0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tide", required=True)
    ap.add_argument("--work", default=os.path.join(HERE, "..", "..", "build", "native", "bench-data"))
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--numpy-fit", help=argparse.SUPPRESS)  # the numpy side, run as its own process
    args = ap.parse_args()
    if args.numpy_fit:
        numpy_fit(args.numpy_fit)
        return

    fit160, fit1000, big = (os.path.join(args.work, n) for n in ("fit160", "fit1000", "big.png"))
    print("bench: writing the datasets (once) ...", file=sys.stderr, flush=True)
    make_folder(fit160, 160)
    make_folder(fit1000, 1000)
    make_big(big)

    rows = []
    tide1 = wall([args.tide, "fit", fit160, "--jobs", "1"], args.repeats)
    numpy1 = wall([sys.executable, os.path.abspath(__file__), "--tide", args.tide, "--numpy-fit", fit160],
                  args.repeats)
    rows.append(("tide fit --jobs 1, 160 PNGs of 320x320 (s)", tide1))
    rows.append(("numpy + PIL, the same fit, whole process (s)", numpy1))
    tide2 = wall([args.tide, "fit", fit1000, "--jobs", "2"], args.repeats)
    rows.append(("tide fit --jobs 2, 1,000 PNGs of 320x320 (s)", tide2))
    width = max(len(r[0]) for r in rows)
    print()
    print(f"{'whole process (s: median [min, max])'.ljust(width)}  value")
    for label, t in rows:
        print(f"{label.ljust(width)}  {t[0]:.3f} [{t[1]:.3f}, {t[2]:.3f}]")
    print(f"{'numpy+PIL / tide --jobs 1'.ljust(width)}  {numpy1[0] / tide1[0]:.1f}x")
    print(f"{'tide fit --jobs 2 on 1,000 PNGs (images/s)'.ljust(width)}  {1000 / tide2[0]:.0f}")
    print(f"{'peak memory, tide fit of one 8192x8192 PNG (MB)'.ljust(width)}  {peak_rss_mb([args.tide, 'fit', big]):.0f}")


if __name__ == "__main__":
    main()
