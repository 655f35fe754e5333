/* KissFFT's SIMD build (USE_SIMD) in double precision, four signals per call.
 *
 * As cmake/kissfft_pair/xmmintrin.h, with kiss_fft_scalar a vector of four doubles instead of
 * two: each complex value holds {re of signals 0 .. 3} and {im of signals 0 .. 3}, and every
 * butterfly computes the four transforms at once. The tide_kissfft_quad library
 * (cmake/Dependencies.cmake) compiles KissFFT's unchanged sources with this folder first on its
 * include path, natively on x86-64 only, with -mavx2 (one instruction per operation on all four
 * lanes) but without -mfma and with -ffp-contract=off: every lane does exactly the separate
 * multiplications and additions of the scalar double build, so the results are bit for bit
 * those of tide_kissfft. src/core/spectrum.cpp calls it only when the processor has AVX2.
 * Used only by this library; nothing else includes it. */
#ifndef TIDE_KISSFFT_QUAD_XMMINTRIN_H
#define TIDE_KISSFFT_QUAD_XMMINTRIN_H

#include <stdlib.h>

/* 32-byte aligned: the vector type's own alignment, which the compiler assumes of every
 * buffer (aligned AVX loads). src/core/spectrum.cpp allocates the buffers it passes aligned to
 * 32; the library's own allocations (plans, scratch of the generic butterfly) come from C11's
 * aligned_alloc below, whose memory free() releases (KISS_FFT_FREE, kiss_fft_free). KissFFT
 * lays its plans out with sizes rounded to 16 bytes only (KISS_FFT_ALIGN_SIZE_UP), but every
 * part of a plan is a multiple of 32 bytes long here (a complex value is 64 bytes; the real
 * transform's header is four pointers), so each array in it stays 32-byte aligned. */
typedef double __m128 __attribute__((vector_size(32)));

static inline __m128 _mm_set1_ps(double x) {
    __m128 v = {x, x, x, x};
    return v;
}

static inline void* tide_kiss_quad_malloc(size_t nbytes) {
    return aligned_alloc(32, (nbytes + 31) / 32 * 32);
}
#define _mm_malloc(nbytes, alignment) tide_kiss_quad_malloc(nbytes)
#define _mm_free free

#endif
