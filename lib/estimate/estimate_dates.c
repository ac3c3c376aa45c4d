/* Field values of CRM exports: dates, amounts, names, UTF-8 checks. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/date.h"
#include "estimate/estimate_internal.h"

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Read 1..maxd digits at s[*i]; returns -1 when none. */
static long digits(const char *s, size_t n, size_t *i, size_t mind, size_t maxd)
{
    long v = 0;
    size_t k = 0;
    while (*i < n && is_digit(s[*i]) && k < maxd) {
        v = v * 10 + (s[*i] - '0');
        (*i)++;
        k++;
    }
    if (k < mind || (*i < n && is_digit(s[*i])))
        return -1;
    return v;
}

/* What may follow a date: nothing, or 'T'/' ' then a time made of digits, ':',
 * '.', a zone (Z, +hh:mm, -hh:mm), spaces and AM/PM. */
static int time_ok(const char *s, size_t n, size_t i)
{
    if (i == n)
        return 1;
    if (s[i] != 'T' && s[i] != ' ')
        return 0;
    i++;
    if (i == n || !is_digit(s[i]))
        return 0;
    for (; i < n; i++) {
        char c = s[i];
        if (!(is_digit(c) || c == ':' || c == '.' || c == '+' || c == '-' || c == ' ' ||
              c == 'Z' || c == 'z' || c == 'A' || c == 'P' || c == 'M' || c == 'a' ||
              c == 'p' || c == 'm'))
            return 0;
    }
    return 1;
}

int slp_est_parse_date(const char *s, size_t n, int dmy, int32_t *day)
{
    size_t i = 0;
    long y, m, d;
    /* ISO fast path: YYYY-MM-DD */
    if (n >= 10 && s[4] == '-' && s[7] == '-' && is_digit(s[0]) && is_digit(s[1]) &&
        is_digit(s[2]) && is_digit(s[3]) && is_digit(s[5]) && is_digit(s[6]) &&
        is_digit(s[8]) && is_digit(s[9])) {
        y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
        m = (s[5] - '0') * 10 + (s[6] - '0');
        d = (s[8] - '0') * 10 + (s[9] - '0');
        i = 10;
    } else {
        long a = digits(s, n, &i, 1, 4);
        if (a < 0 || i >= n || s[i] != '/')
            return -1;
        size_t alen = i;
        i++;
        long b = digits(s, n, &i, 1, 2);
        if (b < 0 || i >= n || s[i] != '/')
            return -1;
        i++;
        if (alen == 4) { /* YYYY/MM/DD */
            long c = digits(s, n, &i, 1, 2);
            if (c < 0)
                return -1;
            y = a;
            m = b;
            d = c;
        } else {
            if (alen > 2)
                return -1;
            long c = digits(s, n, &i, 4, 4);
            if (c < 0)
                return -1;
            y = c;
            m = dmy ? b : a;
            d = dmy ? a : b;
        }
    }
    if (!time_ok(s, n, i) || m < 1 || m > 12 || d < 1 || d > 31 ||
        !slp_valid_civil(y, (unsigned)m, (unsigned)d))
        return -1;
    *day = (int32_t)slp_days_from_civil(y, (unsigned)m, (unsigned)d);
    return 0;
}

const double slp_est_pow10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                  1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                  1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

int slp_est_parse_amount(const char *s, size_t n, double *out)
{
    int point;
    if (slp_est_amount_plain(s, n, out, &point))
        return 0;
    size_t i = 0;
    int neg = 0;
    if (i < n && (s[i] == '+' || s[i] == '-')) {
        neg = s[i] == '-';
        i++;
    }
    uint64_t mant = 0;
    int nd = 0, dropped = 0, frac = 0, any = 0;
    while (i < n && is_digit(s[i])) {
        any = 1;
        if (mant < 1000000000000000000ull)
            mant = mant * 10 + (uint64_t)(s[i] - '0'), nd++;
        else
            dropped++;
        i++;
    }
    if (i < n && s[i] == '.') {
        i++;
        while (i < n && is_digit(s[i])) {
            any = 1;
            if (mant < 1000000000000000000ull)
                mant = mant * 10 + (uint64_t)(s[i] - '0'), nd++, frac++;
            else if (s[i] != '0')
                dropped = 1000; /* needs the slow path */
            i++;
        }
    }
    if (!any)
        return -1;
    long ex = 0;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        int eneg = 0;
        if (i < n && (s[i] == '+' || s[i] == '-')) {
            eneg = s[i] == '-';
            i++;
        }
        if (i == n || !is_digit(s[i]))
            return -1;
        while (i < n && is_digit(s[i])) {
            if (ex < 100000)
                ex = ex * 10 + (s[i] - '0');
            i++;
        }
        if (eneg)
            ex = -ex;
    }
    if (i != n)
        return -1;
    long e10 = ex - frac + dropped;
    double v;
    if (dropped == 0 && mant <= (1ull << 53) && e10 >= -22 && e10 <= 22) {
        v = (double)mant;
        v = e10 < 0 ? v / slp_est_pow10[-e10] : v * slp_est_pow10[e10];
    } else {
        /* rare: long mantissas or large exponents; the C library rounds exactly */
        char tmp[512];
        if (n >= sizeof tmp)
            return -1;
        memcpy(tmp, s, n);
        tmp[n] = '\0';
        char *endp = NULL;
        v = strtod(tmp, &endp);
        if (endp != tmp + n)
            return -1;
        neg = 0;
    }
    if (neg)
        v = -v;
    if (!isfinite(v))
        return -1;
    *out = v;
    return 0;
}

int slp_est_parse_amount_comma(const char *s, size_t n, double *out)
{
    char tmp[128];
    size_t w = 0, i = 0, run = 0;
    int grouped = 0;
    if (n >= sizeof tmp)
        return -1;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        tmp[w++] = s[i++];
    for (; i < n && s[i] != ','; i++) {
        if (s[i] == '.') {
            /* a thousands point: 1 to 3 digits before the first, exactly 3 between */
            if (run == 0 || run > 3 || (grouped && run != 3))
                return -1;
            grouped = 1;
            run = 0;
            continue;
        }
        if (!is_digit(s[i]))
            return -1;
        tmp[w++] = s[i];
        run++;
    }
    if (run == 0 || (grouped && run != 3))
        return -1;
    if (i < n) { /* the decimal comma and its digits */
        tmp[w++] = '.';
        i++;
        if (i == n)
            return -1;
        for (; i < n; i++) {
            if (!is_digit(s[i]))
                return -1;
            tmp[w++] = s[i];
        }
    }
    return slp_est_parse_amount(tmp, w, out);
}

void slp_est_show(char *buf, size_t size, const char *s, size_t n)
{
    size_t w = 0;
    if (size < 8) {
        if (size)
            buf[0] = '\0';
        return;
    }
    buf[w++] = '\'';
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (w + 8 >= size) {
            buf[w++] = '.';
            buf[w++] = '.';
            buf[w++] = '.';
            break;
        }
        if (c >= 0x20 && c < 0x7F && c != '\\') {
            buf[w++] = (char)c;
        } else {
            snprintf(buf + w, size - w, "\\x%02X", c);
            w += 4;
        }
    }
    buf[w++] = '\'';
    buf[w] = '\0';
}

static char lower(char c)
{
    return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

int slp_est_name_eq(const char *a, size_t an, const char *b, size_t bn)
{
    slp_est_trim(&a, &an);
    slp_est_trim(&b, &bn);
    if (an != bn)
        return 0;
    for (size_t i = 0; i < an; i++)
        if (lower(a[i]) != lower(b[i]))
            return 0;
    return 1;
}
