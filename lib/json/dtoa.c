/* Shortest round-trip decimal of a double (see dtoa.h).
 *
 * Schubfach, as described in R. Giulietti, "The Schubfach way to render
 * doubles" (2020), section numbers below refer to it. A finite double is
 * v = c 2^q. Its rounding interval R (the reals that round to v) has bounds
 * halfway to the neighbours. With k = floor(log10 of the interval's width
 * scale), the scaled bounds 4 v 10^-k and 4 (v +- half ulp) 10^-k are
 * computed from one 126-bit approximation g of 10^-k (dtoa_table.c) with
 * a sticky low bit, which is exact enough to decide every comparison
 * below (section 9.8). Among s 10^k and (s+1) 10^k, and the same one
 * digit shorter, the shortest member of R is taken, the closer to v when
 * two qualify (ties to even). */
#include "json/dtoa.h"

#include <string.h>

#include "json/dtoa_table.h"

#define C_MIN ((uint64_t)1 << 52) /* hidden bit of a normal significand */
#define Q_MIN (-1074)             /* exponent of the subnormals */
#define MASK63 (((uint64_t)1 << 63) - 1)

/* floor(q log10 2), floor(log10(3/4 2^q)), floor(e log2 10): fixed-point
 * forms checked exactly by scripts/gen_dtoa_table.py over the range used. */
static int flog10pow2(int q)
{
    return (int)(((int64_t)q * 661971961083) >> 41);
}

static int flog10_three_quarters_pow2(int q)
{
    return (int)(((int64_t)q * 661971961083 - 274743187321) >> 41);
}

static int flog2pow10(int e)
{
    return (int)(((int64_t)e * 913124641741) >> 38);
}

/* High 64 bits of the 128-bit product a b. */
#if defined(__SIZEOF_INT128__) && !defined(SLP_DTOA_NO_INT128)
__extension__ typedef unsigned __int128 slp_u128;

static uint64_t mul_high(uint64_t a, uint64_t b)
{
    return (uint64_t)(((slp_u128)a * b) >> 64);
}
#else
static uint64_t mul_high(uint64_t a, uint64_t b)
{
    uint64_t a0 = a & 0xFFFFFFFFu, a1 = a >> 32, b0 = b & 0xFFFFFFFFu, b1 = b >> 32;
    uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    uint64_t mid = (p00 >> 32) + (p01 & 0xFFFFFFFFu) + (p10 & 0xFFFFFFFFu);
    return p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
}
#endif

/* floor(g cp / 2^127) with its lowest bit set when the division is not
 * exact ("round to odd", section 9.8.3); g = g1 2^63 + g0. */
static uint64_t rop(uint64_t g1, uint64_t g0, uint64_t cp)
{
    uint64_t x1 = mul_high(g0, cp);
    uint64_t y0 = g1 * cp;
    uint64_t y1 = mul_high(g1, cp);
    uint64_t z = (y0 >> 1) + x1;
    uint64_t vbp = y1 + (z >> 63);
    return vbp | (((z & MASK63) + MASK63) >> 63);
}

/* The decimal f 10^e closest to v = c 2^q among the shortest in R; dk
 * corrects k when c was scaled by 10 (tiny subnormals). */
static void to_decimal(int q, uint64_t c, int dk, uint64_t *f, int *e)
{
    uint64_t out = c & 1;
    uint64_t cb = c << 2, cbr = cb + 2, cbl;
    int k;
    if (c != C_MIN || q == Q_MIN) {
        cbl = cb - 2;
        k = flog10pow2(q);
    } else { /* at a power of two the interval below is half as wide */
        cbl = cb - 1;
        k = flog10_three_quarters_pow2(q);
    }
    int h = q + flog2pow10(-k) + 2; /* 1..4 */
    const uint64_t *g = slp_dtoa_g[k - SLP_DTOA_K_MIN];
    uint64_t vb = rop(g[0], g[1], cb << h);
    uint64_t vbl = rop(g[0], g[1], cbl << h);
    uint64_t vbr = rop(g[0], g[1], cbr << h);
    uint64_t s = vb >> 2;
    {
        /* One digit fewer: s' = floor(s / 10) (section 10: the product by
         * ceil(2^64 / 10) is exact for s < 10^17). The paper tries this
         * only for s >= 100, because Java wants two digits at least; the
         * small subnormals (s < 100) need it to be shortest: 8e-323, not
         * 7.9e-323. */
        uint64_t sp10 = 10 * mul_high(s, (uint64_t)115292150460684698 << 4);
        uint64_t tp10 = sp10 + 10;
        int upin = vbl + out <= sp10 << 2;
        int wpin = (tp10 << 2) + out <= vbr;
        if (upin != wpin) {
            *f = upin ? sp10 : tp10;
            *e = k;
            return;
        }
    }
    uint64_t t = s + 1;
    int uin = vbl + out <= s << 2;
    int win = (t << 2) + out <= vbr;
    if (uin != win) {
        *f = uin ? s : t;
        *e = k + dk;
        return;
    }
    /* Both s and t are in R: the closer to v, the even one on a tie. */
    uint64_t mid = (s + t) << 1;
    *f = (vb < mid || (vb == mid && (s & 1) == 0)) ? s : t;
    *e = k + dk;
}

void slp_dtoa_shortest(double v, uint64_t *digits, int *exp10)
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    uint64_t t = bits & (C_MIN - 1);
    int bq = (int)((bits >> 52) & 0x7FF);
    uint64_t f;
    int e;
    if (bq != 0) {
        int mq = -Q_MIN + 1 - bq; /* -q */
        uint64_t c = C_MIN | t;
        if (mq > 0 && mq < 53 && ((c >> mq) << mq) == c) { /* a whole number */
            f = c >> mq;
            e = 0;
        } else {
            to_decimal(-mq, c, 0, &f, &e);
        }
    } else if (t < 3) {
        /* The two smallest subnormals, 4.94e-324 and 9.88e-324, are below
         * the range where the 126-bit products are proven exact (the paper
         * scales c by 10, which finds a 2-digit form, not the shortest).
         * Their intervals are (2.47e-324, 7.41e-324) and [7.41e-324,
         * 1.24e-323]: the closest 1-digit members are 5e-324 and 1e-323. */
        f = t == 1 ? 5 : 1;
        e = t == 1 ? -324 : -323;
    } else {
        to_decimal(Q_MIN, t, 0, &f, &e);
    }
    while (f != 0 && f % 10 == 0) {
        f /= 10;
        e++;
    }
    *digits = f;
    *exp10 = e;
}

/* Decimal digits of u into d (most significant first), two at a time;
 * returns the count. */
static int put_digits(uint64_t u, char *d)
{
    static const char pairs[201] = "00010203040506070809101112131415161718192021222324"
                                   "25262728293031323334353637383940414243444546474849"
                                   "50515253545556575859606162636465666768697071727374"
                                   "75767778798081828384858687888990919293949596979899";
    char tmp[20];
    int n = 20;
    while (u >= 100) {
        unsigned r = (unsigned)(u % 100);
        u /= 100;
        tmp[--n] = pairs[2 * r + 1];
        tmp[--n] = pairs[2 * r];
    }
    if (u >= 10) {
        tmp[--n] = pairs[2 * u + 1];
        tmp[--n] = pairs[2 * u];
    } else {
        tmp[--n] = (char)('0' + (int)u);
    }
    memcpy(d, tmp + n, (size_t)(20 - n));
    return 20 - n;
}

size_t slp_dtoa(double v, char *buf)
{
    char *o = buf;
    if (v != v) {
        memcpy(buf, "nan", 4);
        return 3;
    }
    if (v < 0) {
        *o++ = '-';
        v = -v;
    }
    if (v == 0.0) { /* +0 and -0 alike */
        memcpy(buf, "0", 2);
        return 1;
    }
    if (v > 1.7976931348623157e308) {
        memcpy(o, "inf", 4);
        return (size_t)(o - buf) + 3;
    }
    if (v < 1e15 && v == (double)(uint64_t)v) { /* the common case: a count */
        o += put_digits((uint64_t)v, o);
        *o = '\0';
        return (size_t)(o - buf);
    }
    uint64_t f;
    int e;
    slp_dtoa_shortest(v, &f, &e);
    char d[20];
    int n = put_digits(f, d);
    int x = e + n - 1; /* v = d.ddd x 10^x */
    int p = n > 15 ? n : 15;
    if (x < -4 || x >= p) {
        *o++ = d[0];
        if (n > 1) {
            *o++ = '.';
            memcpy(o, d + 1, (size_t)(n - 1));
            o += n - 1;
        }
        *o++ = 'e';
        *o++ = x < 0 ? '-' : '+';
        int ax = x < 0 ? -x : x;
        if (ax >= 100)
            *o++ = (char)('0' + ax / 100);
        *o++ = (char)('0' + ax / 10 % 10);
        *o++ = (char)('0' + ax % 10);
    } else if (x < 0) {
        *o++ = '0';
        *o++ = '.';
        for (int i = -1; i > x; i--)
            *o++ = '0';
        memcpy(o, d, (size_t)n);
        o += n;
    } else if (n <= x + 1) { /* whole: digits then zeros */
        memcpy(o, d, (size_t)n);
        o += n;
        for (int i = n; i <= x; i++)
            *o++ = '0';
    } else {
        memcpy(o, d, (size_t)(x + 1));
        o += x + 1;
        *o++ = '.';
        memcpy(o, d + x + 1, (size_t)(n - x - 1));
        o += n - x - 1;
    }
    *o = '\0';
    return (size_t)(o - buf);
}
