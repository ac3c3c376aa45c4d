/* JSON number tokens to doubles without the locale.
 *
 * Most numbers in a plan are short: an integer mantissa of at most 2^53 and a
 * power of ten of at most 22 are both exact doubles, so one multiplication or
 * division gives the correctly rounded value (the classic fast path). Any
 * other token goes to slp_strtod_c, which reads it in the "C" locale.
 *
 * A token that is not 0 but nearer to 0 than half the smallest subnormal
 * double (about 2.5e-324; 1e-400, say) would read as 0: it is refused, as
 * one that overflows is, so no value is silently replaced by another. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "common/alloc.h"
#include "common/clocale.h"
#include "json/json_pos_internal.h"

static const double pow10_exact[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                       1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                       1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

#define MANTISSA_EXACT ((uint64_t)1 << 53)

/* 0 and *out when the token takes the fast path, -1 otherwise. */
static int fast_path(const char *s, size_t n, double *out)
{
    size_t i = 0;
    int neg = 0;
    uint64_t m = 0;
    long e10 = 0;
    if (i < n && s[i] == '-') {
        neg = 1;
        i++;
    }
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
        if (m > (MANTISSA_EXACT - 9) / 10)
            return -1;
        m = m * 10u + (uint64_t)(s[i] - '0');
    }
    if (i < n && s[i] == '.') {
        for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
            if (m > (MANTISSA_EXACT - 9) / 10)
                return -1;
            m = m * 10u + (uint64_t)(s[i] - '0');
            e10--;
        }
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        int eneg = 0;
        long x = 0;
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            eneg = s[i++] == '-';
        for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
            if (x > 1000)
                return -1;
            x = x * 10 + (s[i] - '0');
        }
        e10 += eneg ? -x : x;
    }
    if (i != n || e10 < -22 || e10 > 22)
        return -1;
    double v = (double)m;
    if (e10 >= 0)
        v *= pow10_exact[e10];
    else
        v /= pow10_exact[-e10];
    *out = neg ? -v : v;
    return 0;
}

/* 1 when a digit of the token's mantissa (before any exponent) is not 0. */
static int nonzero_mantissa(const char *s, size_t n)
{
    for (size_t i = 0; i < n && s[i] != 'e' && s[i] != 'E'; i++)
        if (s[i] >= '1' && s[i] <= '9')
            return 1;
    return 0;
}

int slp_jpos_read_number(const char *s, size_t n, double *out)
{
    if (fast_path(s, n, out) == 0)
        return 0;
    char small[64];
    char *tmp = n < sizeof small ? small : slp_strndup(s, n);
    if (tmp == NULL)
        return -2;
    if (tmp == small) {
        memcpy(small, s, n);
        small[n] = '\0';
    }
    double v = slp_strtod_c(tmp, NULL);
    if (tmp != small)
        slp_free(tmp);
    if (isinf(v))
        return -1;
    if (v == 0.0 && nonzero_mantissa(s, n))
        return -3;
    *out = v;
    return 0;
}
