/* The CSV tokenizer's fast path (csv_fast.h): SSE2 everywhere on x86-64,
 * AVX2 when the processor has it (chosen at run time). */
#include "estimate/csv_fast.h"

#if defined(__SSE2__) && defined(__GNUC__)
#  include <emmintrin.h>

/* Bits of 16 bytes equal to b. */
static inline uint64_t eq16(__m128i v, char b)
{
    return (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(b)));
}

/* Bits of 16 bytes <= CR (unsigned): NUL, LF, CR and the other control bytes. */
static inline uint64_t low16(__m128i v)
{
    return (uint64_t)(unsigned)_mm_movemask_epi8(
        _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8('\r')), v));
}

static inline void classify_sse2(slp_csv_blocks *b, const char *buf, size_t at, char delim)
{
    uint64_t d = 0, term = 0, other = 0;
    for (unsigned i = 0; i < 4; i++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(buf + at + 16 * i));
        d |= eq16(v, delim) << 16 * i;
        term |= (eq16(v, '\n') | eq16(v, '\r')) << 16 * i;
        other |= (eq16(v, '"') | low16(v)) << 16 * i;
    }
    b->blk = at;
    b->delim = d;
    b->term = term;
    b->slow = other & ~(d | term);
}

#  define FAST_NAME fast_sse2
#  define FAST_ATTR
#  define CLASSIFY classify_sse2
#  include "estimate/csv_fast_body.h"
#  undef FAST_NAME
#  undef FAST_ATTR
#  undef CLASSIFY

#  if defined(__x86_64__)
#    include <immintrin.h>
#    define AVX2 __attribute__((target("avx2")))

AVX2 static inline uint64_t eq32(__m256i v, char b)
{
    return (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, _mm256_set1_epi8(b)));
}

AVX2 static inline uint64_t low32(__m256i v)
{
    return (uint32_t)_mm256_movemask_epi8(
        _mm256_cmpeq_epi8(_mm256_min_epu8(v, _mm256_set1_epi8('\r')), v));
}

AVX2 static inline void classify_avx2(slp_csv_blocks *b, const char *buf, size_t at, char delim)
{
    __m256i v0 = _mm256_loadu_si256((const __m256i *)(const void *)(buf + at));
    __m256i v1 = _mm256_loadu_si256((const __m256i *)(const void *)(buf + at + 32));
    uint64_t d = eq32(v0, delim) | eq32(v1, delim) << 32;
    uint64_t term = eq32(v0, '\n') | eq32(v0, '\r') | (eq32(v1, '\n') | eq32(v1, '\r')) << 32;
    uint64_t other = eq32(v0, '"') | low32(v0) | (eq32(v1, '"') | low32(v1)) << 32;
    b->blk = at;
    b->delim = d;
    b->term = term;
    b->slow = other & ~(d | term);
}

#    define FAST_NAME fast_avx2
#    define FAST_ATTR AVX2
#    define CLASSIFY classify_avx2
#    include "estimate/csv_fast_body.h"
#    undef FAST_NAME
#    undef FAST_ATTR
#    undef CLASSIFY
#  endif

slp_csv_fast_fn slp_csv_fast_pick(void)
{
#  if defined(__x86_64__)
    if (__builtin_cpu_supports("avx2"))
        return fast_avx2;
#  endif
    return fast_sse2;
}
#else
slp_csv_fast_fn slp_csv_fast_pick(void)
{
    return NULL;
}
#endif
