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
