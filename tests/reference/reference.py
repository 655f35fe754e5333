"""Independent numpy references for the spectral core (run with Debian's /usr/bin/python3).

Each function re-implements, line for line, the definition the C++ core claims to match, so
that the tests compare two implementations, never one with itself:
- rapsd: pysteps.utils.spectral.rapsd(field, fft_method=numpy.fft, return_freq=True)
  (pysteps 1.x, including its compute_centred_coord_array helper);
- resize_area: exact area averaging by integrating the piecewise-constant input
  (cumulative sums), a different algorithm from the core's sparse weights;
- crop_center_square, image_channel: the preprocessing conventions of the CLI.
"""
import numpy as np


def compute_centred_coord_array(m, n):
    """pysteps.utils.arrays.compute_centred_coord_array."""
    if m % 2 == 1:
        s1 = np.s_[-int(m / 2):int(m / 2) + 1]
    else:
        s1 = np.s_[-int(m / 2):int(m / 2)]
    if n % 2 == 1:
        s2 = np.s_[-int(n / 2):int(n / 2) + 1]
    else:
        s2 = np.s_[-int(n / 2):int(n / 2)]
    yc, xc = np.ogrid[s1, s2]
    return yc, xc


def rapsd(field):
    """pysteps.utils.spectral.rapsd(field, fft_method=np.fft, return_freq=True, d=1.0).

    Returns (power, freq): power[r] is the mean of |fftshift(fft2(field))|^2 / field.size over
    round(sqrt(x^2 + y^2)) == r, r = 0 .. ceil(L/2) - 1, L = max(rows, cols); freq = r / L.
    """
    if field.ndim != 2:
        raise ValueError("2-D field expected")
    if np.any(np.isnan(field)):
        raise ValueError("input array must not contain any nan values")
    m, n = field.shape
    yc, xc = compute_centred_coord_array(m, n)
    r_grid = np.sqrt(xc * xc + yc * yc).round()
    l = max(m, n)
    if l % 2 == 1:
        r_range = np.arange(0, int(l / 2) + 1)
    else:
        r_range = np.arange(0, int(l / 2))
    psd = np.fft.fftshift(np.fft.fft2(field))
    psd = np.abs(psd) ** 2 / psd.size
    result = np.array([np.mean(psd[r_grid == r]) for r in r_range])
    freq = np.fft.fftfreq(l, d=1.0)[r_range]
    return result, freq


def resize_area_1d(a, out_len, axis):
    """Exact area average along one axis: out[j] = (I((j+1)s) - I(js)) / s, s = n/out_len,
    where I is the integral of the piecewise-constant input (pixel i covers [i, i+1))."""
    a = np.moveaxis(np.asarray(a, dtype=np.float64), axis, 0)
    n = a.shape[0]
    cum = np.concatenate([np.zeros((1,) + a.shape[1:]), np.cumsum(a, axis=0)])

    def integral(x):  # x: 1-D array of positions in [0, n]
        i = np.minimum(np.floor(x).astype(np.int64), n - 1)
        frac = (x - i).reshape((-1,) + (1,) * (a.ndim - 1))
        return cum[i] + frac * a[i]

    edges = np.arange(out_len + 1, dtype=np.float64) * n / out_len
    edges[-1] = n
    out = (integral(edges[1:]) - integral(edges[:-1])) * (out_len / n)
    return np.moveaxis(out, 0, axis)


def resize_area(field, out_rows, out_cols):
    return resize_area_1d(resize_area_1d(field, out_cols, 1), out_rows, 0)


def crop_center_square(field):
    rows, cols = field.shape[:2]
    s = min(rows, cols)
    r0, c0 = (rows - s) // 2, (cols - s) // 2
    return field[r0:r0 + s, c0:c0 + s]


def image_channel(rgb, channel="green", scale="pm1"):
    """rgb: uint8 array (H, W, 3). Returns float64 (H, W)."""
    rgb = rgb.astype(np.float64)
    if channel == "green":
        v = rgb[..., 1]
    elif channel == "gray":
        v = 0.299 * rgb[..., 0] + 0.587 * rgb[..., 1] + 0.114 * rgb[..., 2]
    else:
        raise ValueError(channel)
    return {"pm1": v / 127.5 - 1.0, "unit": v / 255.0, "raw": v}[scale]


def write_grid(path, grid):
    """Text format read by tests/core/golden.hpp: 'rows cols' then the values, row-major,
    17 significant digits."""
    grid = np.atleast_2d(np.asarray(grid, dtype=np.float64))
    with open(path, "w") as f:
        f.write(f"{grid.shape[0]} {grid.shape[1]}\n")
        for row in grid:
            f.write(" ".join(f"{v:.17g}" for v in row) + "\n")


# ---------------------------------------------------------------------------------------------
# The image chapter: noise, power-law fits, f_max, slices (src/core/noise, powerlaw, schedule,
# slices). Written from the conventions stated in the headers, not from the C++.

MASK64 = (1 << 64) - 1


def splitmix64(state):
    """One step of splitmix64 on a Python int: returns (new state, output), both < 2^64."""
    state = (state + 0x9E3779B97F4A7C15) & MASK64
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return state, z ^ (z >> 31)


def _rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & MASK64


def portable_log(x):
    """The operations src/core/noise.cpp documents for tide::core::portable_log, in Python
    floats (IEEE doubles, no fused multiply-add), so the result is the same double."""
    import math
    if math.isnan(x) or x <= 0.0:
        return math.nan
    if math.isinf(x):
        return x
    m, e = math.frexp(x)
    if m < 0.70710678118654752440:
        m *= 2.0
        e -= 1
    f = m - 1.0
    s = f / (2.0 + f)
    s2 = s * s
    p = 1.0 / 25.0
    for k in range(23, 2, -2):
        p = p * s2 + 1.0 / k
    r = 2.0 * s2 * p
    h = 0.5 * f * f
    two_atanh = f - (h - s * (h + r))
    de = float(e)
    return de * 6.93147180369123816490e-01 + (de * 1.90821492927058770002e-10 + two_atanh)


class GaussianNoise:
    """tide::core::GaussianNoise as its header documents it: xoshiro256** (Blackman & Vigna)
    seeded by four splitmix64 outputs, uniforms (x >> 11) * 2^-53, Marsaglia's polar method.
    `log` is math.log by default (it may differ from portable_log in the last bit)."""

    def __init__(self, seed, log=None):
        import math
        self.log = log or math.log
        state = seed & MASK64
        self.s = []
        for _ in range(4):
            state, out = splitmix64(state)
            self.s.append(out)
        self.spare = None

    def next_u64(self):
        s = self.s
        result = (_rotl((s[1] * 5) & MASK64, 7) * 9) & MASK64
        t = (s[1] << 17) & MASK64
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = _rotl(s[3], 45)
        return result

    def uniform(self):
        return (self.next_u64() >> 11) * 2.0 ** -53

    def next(self):
        import math
        if self.spare is not None:
            z, self.spare = self.spare, None
            return z
        while True:
            v1 = 2.0 * self.uniform() - 1.0
            v2 = 2.0 * self.uniform() - 1.0
            s = v1 * v1 + v2 * v2
            if 0.0 < s < 1.0:
                break
        factor = math.sqrt(-2.0 * self.log(s) / s)
        self.spare = v2 * factor
        return v1 * factor


def gaussian_noise(rows, cols, seed, log=None):
    g = GaussianNoise(seed, log)
    return np.array([g.next() for _ in range(rows * cols)], dtype=np.float64).reshape(rows, cols)


def mean_log10(curves):
    """Element-wise mean of log10 over curves (k, n); non-positive values count as -inf."""
    curves = np.asarray(curves, dtype=np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        logs = np.where(curves > 0, np.log10(np.where(curves > 0, curves, 1.0)), -np.inf)
    return np.mean(logs, axis=0)


def resample_loglog(freq, log10_power, n=100, first=1):
    """n points evenly spaced in log10 f from freq[first] to freq[-1], log10 power by
    np.interp in (log10 f, log10 power). Returns (log10_freq, log10_power)."""
    x = np.log10(np.asarray(freq, dtype=np.float64)[first:])
    y = np.asarray(log10_power, dtype=np.float64)[first:]
    xs = np.linspace(x[0], x[-1], n)
    return xs, np.interp(xs, x, y)


def fit_line(x, y):
    """np.polyfit(x, y, 1): returns (alpha = -slope, intercept, r2)."""
    slope, intercept = np.polyfit(x, y, 1)
    residual = y - (slope * x + intercept)
    r2 = 1.0 - np.sum(residual ** 2) / np.sum((y - np.mean(y)) ** 2)
    return -slope, intercept, r2


def fit_power_law(freq, log10_power, resample=True):
    """The essay's fit: DC dropped; log10 power against log10 f, resampled onto 100
    log-spaced points (resample_loglog) or the raw bins 1 .. end."""
    if resample:
        x, y = resample_loglog(freq, log10_power, 100, 1)
    else:
        x = np.log10(np.asarray(freq, dtype=np.float64)[1:])
        y = np.asarray(log10_power, dtype=np.float64)[1:]
    return fit_line(x, y)


def noise_level(schedule, t):
    """(alpha, sigma) of x_t = alpha x0 + sigma eps; t clamped to [0, 1]."""
    t = min(max(t, 0.0), 1.0)
    if schedule == "rf":
        return 1.0 - t, t
    if t == 1.0:
        return 0.0, 1.0
    return np.cos(np.pi * t / 2), np.sin(np.pi * t / 2)


def f_max(freq, power, tau, noise_power):
    """Largest freq[i], i >= 1, with power[i] > tau * noise_power; 0 if there is none."""
    above = np.nonzero(np.asarray(power)[1:] > tau * noise_power)[0]
    return float(np.asarray(freq)[1:][above[-1]]) if above.size else 0.0


def f_max_curve(freq, power, tau, schedule, steps):
    """[(t, f_max)] at t = j / (steps + 1), j = 1 .. steps."""
    out = []
    for j in range(1, steps + 1):
        t = j / (steps + 1)
        alpha, sigma = noise_level(schedule, t)
        noise_power = (sigma / alpha) ** 2 if alpha > 0 else np.inf
        out.append((t, f_max(freq, power, tau, noise_power)))
    return out


def spectrum_slice(shifted_power, angle_deg):
    """Bilinear samples of an fftshift-ed power spectrum along the ray at angle_deg
    (counter-clockwise from +kx, +ky up) at radii r = 1 .. min(rows, cols)//2 - 1, written out
    as the explicit four-point formula. Returns (freq, power), freq = r / max(rows, cols)."""
    p = np.asarray(shifted_power, dtype=np.float64)
    rows, cols = p.shape
    cy, cx = rows // 2, cols // 2
    radii = np.arange(1, min(rows, cols) // 2)
    theta = np.deg2rad(angle_deg)
    x = cx + radii * np.cos(theta)
    y = cy - radii * np.sin(theta)
    out = np.empty(len(radii))
    for i, (xi, yi) in enumerate(zip(x, y)):
        x0, y0 = int(np.floor(xi)), int(np.floor(yi))
        fx, fy = xi - x0, yi - y0
        # At the far edge (fx or fy == 0 on the last row/column) the fourth sample has weight 0.
        x1, y1 = min(x0 + 1, cols - 1), min(y0 + 1, rows - 1)
        out[i] = ((1 - fx) * (1 - fy) * p[y0, x0] + fx * (1 - fy) * p[y0, x1]
                  + (1 - fx) * fy * p[y1, x0] + fx * fy * p[y1, x1])
    return radii / max(rows, cols), out


# ---------------------------------------------------------------------------------------------
# The audio chapter: WAV reading, librosa's STFT, mel filterbank, power_to_db and MFCC, the
# 1-D spectrum (src/core/audio, stft, mel, dct, spectrum1d). librosa is not packaged in
# Debian 12, so its definitions (librosa 0.10: core/convert.py, filters.py, spectrum.py,
# feature/spectral.py) are transcribed here in float64 numpy; the window comes from scipy, as
# librosa's does.

def wav_to_mono(path):
    """(rate, float32 mono samples, channels, bits) of a WAV as scipy.io.wavfile reads it,
    scaled as librosa/soundfile do (ints / 2^(bits-1), unsigned 8-bit (x - 128) / 128, float
    as is; scipy returns 24-bit samples left-justified in int32, so / 2^31), channels
    averaged in float64, then rounded to float32."""
    import scipy.io.wavfile
    rate, data = scipy.io.wavfile.read(path)
    if data.dtype == np.uint8:
        x = (data.astype(np.float64) - 128.0) / 128.0
    elif data.dtype == np.int16:
        x = data.astype(np.float64) / 32768.0
    elif data.dtype == np.int32:
        x = data.astype(np.float64) / 2147483648.0
    elif data.dtype in (np.float32, np.float64):
        x = data.astype(np.float64)
    else:
        raise ValueError(f"unexpected dtype {data.dtype}")
    channels = 1 if x.ndim == 1 else x.shape[1]
    mono = x if x.ndim == 1 else np.mean(x, axis=1)
    return rate, mono.astype(np.float32), channels


def wav_bytes(samples, rate, fmt, extensible=False, extra_chunks=(), fmt_after_data=False):
    """A WAV file as bytes, written field by field (independent of scipy's writer).
    samples: (frames, channels) array of the stored values (ints or floats);
    fmt: 'u8', 'i16', 'i24', 'i32', 'f32', 'f64'. extra_chunks: [(id, body bytes)] placed
    before fmt (odd sizes get their pad byte)."""
    import struct
    samples = np.asarray(samples)
    if samples.ndim == 1:
        samples = samples[:, None]
    frames, channels = samples.shape
    bits = {"u8": 8, "i16": 16, "i24": 24, "i32": 32, "f32": 32, "f64": 64}[fmt]
    tag = 3 if fmt.startswith("f") else 1
    if fmt == "u8":
        data = samples.astype(np.uint8).tobytes()
    elif fmt == "i16":
        data = samples.astype("<i2").tobytes()
    elif fmt == "i24":
        v = samples.astype(np.int64).reshape(-1) & 0xFFFFFF
        data = np.stack([v & 0xFF, (v >> 8) & 0xFF, (v >> 16) & 0xFF], axis=1).astype(np.uint8).tobytes()
    elif fmt == "i32":
        data = samples.astype("<i4").tobytes()
    elif fmt == "f32":
        data = samples.astype("<f4").tobytes()
    else:
        data = samples.astype("<f8").tobytes()
    block_align = channels * bits // 8
    common = struct.pack("<HHIIHH", 0xFFFE if extensible else tag, channels, rate, rate * block_align,
                         block_align, bits)
    if extensible:
        guid = struct.pack("<H", tag) + bytes([0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00,
                                               0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71])
        fmt_body = common + struct.pack("<HHI", 22, bits, (1 << channels) - 1 if channels < 32 else 0) + guid
    else:
        fmt_body = common

    def chunk(cid, body):
        return cid + struct.pack("<I", len(body)) + body + (b"\0" if len(body) % 2 else b"")

    chunks = b"".join(chunk(cid, body) for cid, body in extra_chunks)
    if fmt_after_data:
        chunks += chunk(b"data", data) + chunk(b"fmt ", fmt_body)
    else:
        chunks += chunk(b"fmt ", fmt_body) + chunk(b"data", data)
    return b"RIFF" + struct.pack("<I", 4 + len(chunks)) + b"WAVE" + chunks


def hz_to_mel(frequencies):
    """librosa.hz_to_mel(frequencies, htk=False) (Slaney)."""
    frequencies = np.asanyarray(frequencies, dtype=np.float64)
    f_min = 0.0
    f_sp = 200.0 / 3
    mels = (frequencies - f_min) / f_sp
    min_log_hz = 1000.0
    min_log_mel = (min_log_hz - f_min) / f_sp
    logstep = np.log(6.4) / 27.0
    if frequencies.ndim:
        log_t = frequencies >= min_log_hz
        mels[log_t] = min_log_mel + np.log(frequencies[log_t] / min_log_hz) / logstep
    elif frequencies >= min_log_hz:
        mels = min_log_mel + np.log(frequencies / min_log_hz) / logstep
    return mels


def mel_to_hz(mels):
    """librosa.mel_to_hz(mels, htk=False)."""
    mels = np.asanyarray(mels, dtype=np.float64)
    f_min = 0.0
    f_sp = 200.0 / 3
    freqs = f_min + f_sp * mels
    min_log_hz = 1000.0
    min_log_mel = (min_log_hz - f_min) / f_sp
    logstep = np.log(6.4) / 27.0
    if mels.ndim:
        log_t = mels >= min_log_mel
        freqs[log_t] = min_log_hz * np.exp(logstep * (mels[log_t] - min_log_mel))
    elif mels >= min_log_mel:
        freqs = min_log_hz * np.exp(logstep * (mels - min_log_mel))
    return freqs


def mel_filterbank(sr, n_fft, n_mels=128, fmin=0.0, fmax=None):
    """librosa.filters.mel(sr=sr, n_fft=n_fft, n_mels=n_mels, fmin=fmin, fmax=fmax, htk=False,
    norm='slaney', dtype=np.float64)."""
    if fmax is None:
        fmax = float(sr) / 2
    weights = np.zeros((n_mels, int(1 + n_fft // 2)), dtype=np.float64)
    fftfreqs = np.fft.rfftfreq(n=n_fft, d=1.0 / sr)  # librosa.fft_frequencies
    mel_f = mel_to_hz(np.linspace(hz_to_mel(fmin), hz_to_mel(fmax), n_mels + 2))  # mel_frequencies
    fdiff = np.diff(mel_f)
    ramps = np.subtract.outer(mel_f, fftfreqs)
    for i in range(n_mels):
        lower = -ramps[i] / fdiff[i]
        upper = ramps[i + 2] / fdiff[i + 1]
        weights[i] = np.maximum(0, np.minimum(lower, upper))
    enorm = 2.0 / (mel_f[2:n_mels + 2] - mel_f[:n_mels])
    weights *= enorm[:, np.newaxis]
    return weights


def stft_power(y, n_fft=2048, hop_length=512, center=True):
    """np.abs(librosa.stft(y, n_fft, hop_length, window='hann', center, pad_mode='constant'))**2,
    in float64: explicit zero padding, framing, periodic Hann window (scipy's get_window, as
    librosa.filters.get_window calls it), numpy's rfft."""
    import scipy.signal
    y = np.asarray(y, dtype=np.float64)
    window = scipy.signal.get_window("hann", n_fft, fftbins=True)
    if center:
        y = np.pad(y, (n_fft // 2, n_fft // 2), mode="constant")
    n_frames = 1 + (len(y) - n_fft) // hop_length
    frames = np.stack([y[t * hop_length:t * hop_length + n_fft] for t in range(n_frames)], axis=1)
    return np.abs(np.fft.rfft(window[:, None] * frames, axis=0)) ** 2


def power_to_db(S, ref=1.0, amin=1e-10, top_db=80.0):
    """librosa.power_to_db(S, ref=ref, amin=amin, top_db=top_db) (top_db=None: no floor)."""
    S = np.asarray(S, dtype=np.float64)
    log_spec = 10.0 * np.log10(np.maximum(amin, S))
    log_spec -= 10.0 * np.log10(np.maximum(amin, np.abs(ref)))
    if top_db is not None:
        log_spec = np.maximum(log_spec, log_spec.max() - top_db)
    return log_spec


def log_mel(y, sr=22050, n_fft=2048, hop_length=512, n_mels=128, fmin=0.0, fmax=None, top_db=80.0):
    """librosa.power_to_db(librosa.feature.melspectrogram(y=y, sr=sr, n_fft=n_fft,
    hop_length=hop_length, n_mels=n_mels, fmin=fmin, fmax=fmax), ref=1.0) in float64."""
    mel = mel_filterbank(sr, n_fft, n_mels, fmin, fmax) @ stft_power(y, n_fft, hop_length)
    return power_to_db(mel, top_db=top_db)


def dct2_ortho_matrix(n):
    """The n x n matrix of scipy.fft.dct(type=2, norm='ortho'), row k = sqrt((1 or 2)/n) *
    cos(pi k (2j + 1) / (2n))."""
    k = np.arange(n)[:, None]
    j = np.arange(n)[None, :]
    m = np.cos(np.pi * k * (2 * j + 1) / (2 * n)) * np.sqrt(2.0 / n)
    m[0] /= np.sqrt(2.0)
    return m


def mfcc(y, n_mfcc=20, **mel_options):
    """librosa.feature.mfcc(y=y, n_mfcc=n_mfcc, **mel_options) (dct_type 2, norm 'ortho',
    lifter 0), with the DCT as an explicit matrix product."""
    db = log_mel(y, **mel_options)
    return (dct2_ortho_matrix(db.shape[0]) @ db)[:n_mfcc]


def spectrum1d(x, sr):
    """The essay's 1-D spectrum: (freq_hz, |rfft(x)|^2 / N)."""
    x = np.asarray(x, dtype=np.float64)
    n = len(x)
    return np.arange(n // 2 + 1) * sr / n, np.abs(np.fft.rfft(x)) ** 2 / n


# ---------------------------------------------------------------------------------------------
# Denoising as low-pass filtering, and samplers with exact denoisers (src/core/denoise, sampler).
# Written from the formulas in the headers: numpy's FFT, scipy's DCT, plain loops.

def prior_power(f, log10_amplitude, exponent, f_floor):
    """P(max(f, f_floor)) = 10^c max(f, f_floor)^-exponent."""
    return 10.0 ** log10_amplitude * np.maximum(f, f_floor) ** (-exponent)


def radial_frequency(rows, cols):
    """sqrt(fy^2 + fx^2) of each DFT coefficient, numpy.fft.fftfreq's signs, cycles/pixel."""
    return np.hypot(np.fft.fftfreq(rows)[:, None], np.fft.fftfreq(cols)[None, :])


def wiener_denoise(x_t, log10_amplitude, exponent, alpha, sigma):
    """E[x0 | x_t] for the Gaussian model: alpha P / (alpha^2 P + sigma^2) per DFT coefficient."""
    if alpha == 0.0:
        return np.zeros_like(x_t)
    rows, cols = x_t.shape
    P = prior_power(radial_frequency(rows, cols), log10_amplitude, exponent, 1.0 / max(rows, cols))
    return np.fft.ifft2(np.fft.fft2(x_t) * (alpha * P / (alpha ** 2 * P + sigma ** 2))).real


def low_pass_cut(x, f_cut, scale=1.0):
    keep = radial_frequency(*x.shape) <= f_cut
    return np.fft.ifft2(np.fft.fft2(x) * np.where(keep, scale, 0.0)).real


def heat_blur(x, sigma_b):
    """Rissanen et al.'s heat dissipation: orthonormal DCT-II coefficients (n, m) times
    exp(-lambda sigma_b^2 / 2), lambda = (pi n / N)^2 + (pi m / M)^2, then the inverse DCT."""
    import scipy.fft
    n, m = x.shape
    lam = (np.pi * np.arange(n)[:, None] / n) ** 2 + (np.pi * np.arange(m)[None, :] / m) ** 2
    return scipy.fft.idctn(scipy.fft.dctn(x, norm="ortho") * np.exp(-lam * sigma_b ** 2 / 2), norm="ortho")


def shift_time(t, s):
    return s * t / (1.0 + (s - 1.0) * t)


def sample(kind, schedule, steps, shift, seed, shape, denoise):
    """A sampler from t = 1 (x = eps) to t = 0: DDIM or DDPM's ancestral step (the posterior of
    x_t = alpha x0 + sigma eps), the noise from GaussianNoise(seed): eps first, then one field a
    step. denoise(x_t, alpha, sigma) -> x0_hat. Returns (the sample, the last x0_hat)."""
    import math
    g = GaussianNoise(seed, log=portable_log)
    rows, cols = shape
    draw = lambda: np.array([g.next() for _ in range(rows * cols)]).reshape(rows, cols)
    times = [0.0] + [shift_time(k / steps, shift) for k in range(1, steps)] + [1.0]
    x = noise_level(schedule, 1.0)[1] * draw()
    x0 = None
    for k in range(steps, 0, -1):
        a_now, s_now = noise_level(schedule, times[k])
        a_next, s_next = noise_level(schedule, times[k - 1])
        x0 = denoise(x, a_now, s_now)
        if k == 1:
            return x0, x0
        if kind == "ddim":
            x = a_next * x0 + s_next * (x - a_now * x0) / s_now
        else:
            a = a_now / a_next
            s2 = max(0.0, s_now ** 2 - a ** 2 * s_next ** 2)
            mean = (a * s_next ** 2 * x + a_next * s2 * x0) / s_now ** 2
            x = mean + math.sqrt(s2 * s_next ** 2 / s_now ** 2) * draw()
    return x, x0


def corpus_denoise(photos):
    """The exact denoiser of the empirical distribution of `photos` (k, rows, cols): the mean of
    the photos weighted by softmax(-||x_t - alpha x0_i||^2 / (2 sigma^2)), computed in full."""
    def denoise(x_t, alpha, sigma):
        d2 = np.array([np.sum((x_t - alpha * p) ** 2) for p in photos])
        logits = -d2 / (2 * sigma ** 2)
        w = np.exp(logits - logits.max())
        w /= w.sum()
        return np.tensordot(w, photos, axes=1)
    return denoise


# ---------------------------------------------------------------------------------------------
# Issue 16: schedules, the SNR map, where training effort goes, equal-SNR noise, phase swap and
# cepstral variance (src/core/schedule, tidemap). Written from the formulas of the papers.

EDM_SIGMA_MIN, EDM_SIGMA_MAX, EDM_RHO = 0.002, 80.0, 7.0


def edm_sigma_steps(n, sigma_min=EDM_SIGMA_MIN, sigma_max=EDM_SIGMA_MAX, rho=EDM_RHO):
    """Karras et al. (2022) eq. 5: sigma_i, i = 0 .. n-1, from sigma_max down to sigma_min."""
    i = np.arange(n, dtype=np.float64)
    return (sigma_max ** (1 / rho) + i / (n - 1) * (sigma_min ** (1 / rho) - sigma_max ** (1 / rho))) ** rho


def schedule_log_snr(kind, t, shift=3.0, resolution=64.0):
    """ln(alpha^2/sigma^2) at t in (0, 1)."""
    if kind in ("rf", "sd3"):
        u = shift_time(t, shift) if kind == "sd3" else t
        return 2 * np.log((1 - u) / u)
    if kind in ("cosine", "simple"):
        base = -2 * np.log(np.tan(np.pi * t / 2))
        return base + (2 * np.log(64.0 / resolution) if kind == "simple" else 0.0)
    if kind == "edm":
        lo, hi = EDM_SIGMA_MIN ** (1 / EDM_RHO), EDM_SIGMA_MAX ** (1 / EDM_RHO)
        return -2 * np.log((lo + t * (hi - lo)) ** EDM_RHO)
    raise ValueError(kind)


def schedule_level(kind, t, shift=3.0, resolution=64.0):
    """(alpha, sigma) at t in (0, 1): variance preserving ones from logSNR through the sigmoid,
    rectified flow and SD3 directly, EDM with alpha = 1."""
    if kind in ("rf", "sd3"):
        u = shift_time(t, shift) if kind == "sd3" else t
        return 1 - u, u
    if kind == "edm":
        return 1.0, float(np.exp(-schedule_log_snr(kind, t) / 2))
    lam = schedule_log_snr(kind, t, shift, resolution)
    return float(np.sqrt(1 / (1 + np.exp(-lam)))), float(np.sqrt(1 / (1 + np.exp(lam))))


def training_log_snr_cdf(kind, x, shift=3.0, resolution=64.0):
    """P(logSNR <= x) under each schedule's training distribution: uniform t (rf, cosine,
    simple); logit-normal(0, 1) t then SD3's shift (logSNR = -2 n - 2 ln s, n ~ N(0, 1));
    EDM's ln sigma ~ N(-1.2, 1.2^2) (logSNR = -2 ln sigma)."""
    import scipy.special
    if kind == "rf":
        return scipy.special.expit(x / 2)
    if kind in ("cosine", "simple"):
        if kind == "simple":
            x = x - 2 * np.log(64.0 / resolution)
        return 1 - 2 / np.pi * np.arctan(np.exp(-x / 2))
    if kind == "sd3":
        return scipy.special.ndtr((x + 2 * np.log(shift)) / 2)
    if kind == "edm":
        return scipy.special.ndtr((x - 2.4) / 2.4)
    raise ValueError(kind)


def effort_probabilities(freq, power, tau, kind, shift=3.0, resolution=64.0):
    """P(f_max = freq[i]) for each bin (bin 0: f_max = 0, nothing above the noise), by the
    definition of f_max: bin i >= 1 is f_max when its power beats tau q and no later bin does."""
    power = np.asarray(power, dtype=np.float64)
    n = len(power)
    out = np.zeros(n)
    cdf = lambda x: training_log_snr_cdf(kind, x, shift, resolution)
    for i in range(1, n):
        later = power[i + 1:].max() if i + 1 < n else 0.0
        if power[i] <= later:
            continue
        upper = 1.0 if later == 0 else cdf(np.log(tau) - np.log(later))
        out[i] = upper - cdf(np.log(tau) - np.log(power[i]))
    out[0] = cdf(np.log(tau) - np.log(power[1:].max()))
    return out
