"""`make bench`: runs the core benchmark natively and as WebAssembly under node, its numpy
counterpart and FFTW, and prints one table: per workload the median [min, max] in ms of each
and the ratios numpy/native and numpy/wasm (above 1: numpy is slower).

    compare.py --native build/native/tests/tide_bench --wasm build/wasm/tests/tide_bench.js \
               [--fftw build/native/bench_fftw] [--node node] [--python /usr/bin/python3] [-v]
"""
import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# key, label. Images are 320 x 320, green channel, pm1.
WORKLOADS = [
    ("fft2_full", "real 2-D FFT 320x320, full spectrum (fft2; np.fft.fft2)"),
    ("fft_half", "real 2-D FFT 320x320, half spectrum (FFTW r2c; np.fft.rfft2)"),
    ("rfft2", "real 2-D FFT 320x320, half spectrum (rfft2; np.fft.rfft2)"),
    ("wiener", "Wiener filter 320x320 (rfft2, gain, irfft2; numpy fft2, ifft2)"),
    ("rapsd_one", "RAPSD of one image (kde_owl)"),
    ("corpus_decode", "corpus mean RAPSD + power-law fit, PNG decode included"),
    ("corpus_fields", "corpus mean RAPSD + power-law fit, decoded beforehand"),
    ("tide_frame", "rising-tide frame, 4 images (RAPSD + noisy image)"),
    ("logmel_rapsd", "log-mel + its RAPSD, one 2-s clip"),
    ("stft_power", "  of which: STFT power spectrogram (1025 x 87)"),
    ("mel_power", "  of which: STFT + mel filterbank product (128 x 87)"),
    ("fmax", "f_max(t) over 99 steps"),
    ("sampler_corpus", "sampler step, corpus model (63 photos), x0_hat + DDIM"),
    ("sampler_gauss", "sampler step, Gaussian model (Wiener filter), x0_hat + DDIM"),
]


def run(name, cmd, verbose):
    """{key: (median, min, max)} from the BENCH lines of cmd's output; {} if it fails."""
    print(f"bench: running {name}: {' '.join(cmd)}", file=sys.stderr, flush=True)
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if verbose or proc.returncode != 0:
        sys.stderr.write(proc.stdout + proc.stderr)
    if proc.returncode != 0:
        print(f"bench: {name} failed (exit {proc.returncode})", file=sys.stderr)
        return {}
    out = {}
    for line in proc.stdout.splitlines():
        parts = line.split()
        if len(parts) == 5 and parts[0] == "BENCH":
            out[parts[1]] = tuple(float(v) for v in parts[2:])
    return out


def cell(t):
    if t is None:
        return "-"
    return f"{t[0]:.3f} [{t[1]:.3f}, {t[2]:.3f}]"


def ratio(numer, denom):
    return f"{numer[0] / denom[0]:.1f}x" if numer and denom else "-"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--native", required=True)
    ap.add_argument("--wasm", required=True)
    ap.add_argument("--fftw")
    ap.add_argument("--node", default="node")
    ap.add_argument("--python", default="/usr/bin/python3")
    ap.add_argument("--assets", default=os.path.join(HERE, "..", "..", "assets"))
    ap.add_argument("-v", "--verbose", action="store_true", help="also print each benchmark's own output")
    args = ap.parse_args()

    native = run("native", [args.native, args.assets], args.verbose)
    wasm = run("wasm", [args.node, "--no-experimental-fetch", args.wasm, args.assets], args.verbose)
    numpy = run("numpy", [args.python, os.path.join(HERE, "bench_numpy.py"), args.assets], args.verbose)
    if args.fftw and os.path.exists(args.fftw):
        native.update(run("fftw", [args.fftw], args.verbose))  # the native column's fft_half
    else:
        print("bench: no FFTW benchmark (libfftw3-dev missing?)", file=sys.stderr)

    header = ["workload (ms: median [min, max])", "native", "wasm (node)", "numpy", "numpy/native", "numpy/wasm"]
    rows = [header]
    for key, label in WORKLOADS:
        n, w, p = native.get(key), wasm.get(key), numpy.get(key)
        rows.append([label, cell(n), cell(w), cell(p), ratio(p, n), ratio(p, w)])
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    sys.stderr.flush()
    print()
    for i, r in enumerate(rows):
        print("  ".join([r[0].ljust(widths[0])] + [c.rjust(wd) for c, wd in zip(r[1:], widths[1:])]))
        if i == 0:
            print("  ".join("-" * wd for wd in widths))
    print()
    print("Medians of repeated runs after one warm-up; the benchmarks run one after another. Native, wasm")
    print("and numpy run the same workloads on the same data; numpy is written as the essay's notebook:")
    print("numpy.fft, pysteps' RAPSD (one mask per radius), librosa's log-mel (tests/reference/reference.py).")
    print("Half-spectrum FFT: in the FFTW row the native column is FFTW (fftw_plan_dft_r2c_2d,")
    print("FFTW_MEASURE, double, fftw_execute only), the hardware reference; the rfft2 row is the core's.")
    print("Corpus: all assets/images/*.png; 'decode included' times reading + decoding each PNG +")
    print("green channel + crop (+ resize) in all three (stb_image in the core, Pillow for numpy).")
    print("Rising-tide frame: per image |F0 + s Fe|^2 binned (precomputed radius map) and x0 + s eps")
    print("mapped to 8-bit gray (the core writes RGBA, as the page does). Log-mel: assets/audio/")
    print("ru_nsh_0003.wav (the corpus's first clip), n_fft 2048, hop 512, 128 mels, filterbank included.")


if __name__ == "__main__":
    main()
