/* KissFFT's SIMD build (USE_SIMD) in double precision, two signals per call.
 *
 * Built with USE_SIMD, KissFFT takes kiss_fft_scalar to be __m128 (four floats) and uses three
 * things from <xmmintrin.h>: the type, _mm_set1_ps (a constant in every lane) and
 * _mm_malloc/_mm_free. The tide_kissfft_pair library (cmake/Dependencies.cmake) puts this
 * folder first on its include path, so that KissFFT's unchanged sources get a vector of two
 * doubles instead: each complex value holds {re of signal 0, re of signal 1} and
 * {im of signal 0, im of signal 1}, every butterfly computes both transforms at once, and each
 * lane does exactly the arithmetic of the scalar double build (same twiddles, same order: the
 * results are bit for bit those of tide_kissfft). GCC and clang compile the vector arithmetic
 * to SSE2 natively and to WebAssembly's f64x2 with -msimd128 (two scalar operations without).
 * Used only by this library; nothing else includes it. */
#ifndef TIDE_KISSFFT_PAIR_XMMINTRIN_H
#define TIDE_KISSFFT_PAIR_XMMINTRIN_H

#include <stdlib.h>

/* 16-byte aligned, as the SIMD build expects of every buffer it is given (src/core/spectrum.cpp
 * allocates them aligned to 32). Its own allocations are aligned to 32 here: malloc gives only 8
 * in WebAssembly, and a vector that straddles cache lines costs a second access. C11's
 * aligned_alloc, whose memory free() releases (KISS_FFT_FREE, kiss_fft_free). */
typedef double __m128 __attribute__((vector_size(16)));

static inline __m128 _mm_set1_ps(double x) {
    __m128 v = {x, x};
    return v;
}

static inline void* tide_kiss_pair_malloc(size_t nbytes) {
    return aligned_alloc(32, (nbytes + 31) / 32 * 32);
}
#define _mm_malloc(nbytes, alignment) tide_kiss_pair_malloc(nbytes)
#define _mm_free free

#endif
