/* The hardware reference line for `make bench`: FFTW's real 2-D FFT of a 320 x 320 double
 * field (fftw_plan_dft_r2c_2d, FFTW_MEASURE, out of place, half spectrum 320 x 161), Debian's
 * libfftw3-dev. Planning is not timed; each timed run is one fftw_execute (no allocation).
 * Prints `BENCH fft_half <median> <min> <max>` (ms), as bench_core.cpp does.
 *   cc -O2 tests/bench/bench_fftw.c -lfftw3 -lm -o bench_fftw && ./bench_fftw */
#include <fftw3.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

enum { N = 320, REPEATS = 500 };

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec * 1e-6;
}

static int by_value(const void* a, const void* b) {
    const double x = *(const double*)a, y = *(const double*)b;
    return (x > y) - (x < y);
}

int main(void) {
    double* in = fftw_alloc_real(N * N);
    fftw_complex* out = fftw_alloc_complex(N * (N / 2 + 1));
    const double t0 = now_ms();
    fftw_plan plan = fftw_plan_dft_r2c_2d(N, N, in, out, FFTW_MEASURE); /* overwrites `in` */
    const double plan_ms = now_ms() - t0;
    unsigned state = 12345u;
    for (int i = 0; i < N * N; ++i) { /* values in [-1, 1), like a pm1 image */
        state = state * 1664525u + 1013904223u;
        in[i] = (state >> 8) / 8388608.0 - 1.0;
    }
    static double ms[REPEATS];
    fftw_execute(plan); /* warm-up */
    for (int i = 0; i < REPEATS; ++i) {
        const double start = now_ms();
        fftw_execute(plan);
        ms[i] = now_ms() - start;
    }
    qsort(ms, REPEATS, sizeof ms[0], by_value);
    printf("FFTW %s r2c %d x %d (FFTW_MEASURE, planning %.0f ms): median %.3f ms\n", fftw_version, N, N, plan_ms,
           ms[REPEATS / 2]);
    printf("BENCH fft_half %.6f %.6f %.6f\n", ms[REPEATS / 2], ms[0], ms[REPEATS - 1]);
    fftw_destroy_plan(plan);
    fftw_free(in);
    fftw_free(out);
    return 0;
}
