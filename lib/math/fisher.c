/* Fisher's exact test on a 2x2 table (two-sided, as R and scipy define it). */
#include <math.h>

#include "math/binom.h"
#include "math/fisher.h"

/* The hypergeometric law of the top-left cell with fixed margins. */
typedef struct hyper {
    double r1, r2, c1; /* first row total, second row total, first column total */
    double lnorm;      /* log C(r1 + r2, c1) */
} hyper;

static double lchoose(double n, double k)
{
    return slp_lgamma(n + 1) - slp_lgamma(k + 1) - slp_lgamma(n - k + 1);
}

/* log Pr[X = x] */
static double lpmf(const hyper *h, double x)
{
    return lchoose(h->r1, x) + lchoose(h->r2, h->c1 - x) - h->lnorm;
}

/* Sum of Pr[X = x] for x = from, from + step, ... up to and including `to`
 * (step +-1), the terms decreasing along the way (log-concavity): stop once
 * the ratio of successive terms is at most 1/2 and the term is below 1e-17 of
 * the sum, since the rest is then at most that term. */
static double tail_sum(const hyper *h, double from, double to, double step)
{
    double sum = 0, prev = -1;
    for (double x = from; step > 0 ? x <= to : x >= to; x += step) {
        double t = exp(lpmf(h, x));
        sum += t;
        if (prev > 0 && t <= 0.5 * prev && t < 1e-17 * sum)
            break;
        if (t == 0 && prev == 0)
            break;
        prev = t;
    }
    return sum;
}

double slp_fisher_exact(long long a, long long b, long long c, long long d)
{
    if (a < 0 || b < 0 || c < 0 || d < 0)
        return (double)NAN;
    hyper h = {(double)a + (double)b, (double)c + (double)d, (double)a + (double)c, 0};
    double n = h.r1 + h.r2;
    if (h.r1 == 0 || h.r2 == 0 || h.c1 == 0 || h.c1 == n)
        return 1.0; /* one table only */
    h.lnorm = lchoose(n, h.c1);
    double lo = h.c1 > h.r2 ? h.c1 - h.r2 : 0;
    double hi = h.r1 < h.c1 ? h.r1 : h.c1;
    double mode = floor((h.r1 + 1) * (h.c1 + 1) / (n + 2));
    if (mode < lo)
        mode = lo;
    if (mode > hi)
        mode = hi;
    double limit = lpmf(&h, (double)a) + log1p(SLP_FISHER_REL_TOL);
    /* Left side [lo, mode] is non-decreasing: the tail is [lo, xl] with xl the
     * largest x there whose log-probability is <= limit (lo - 1 when none). */
    double xl = lo - 1, l = lo, r = mode;
    while (l <= r) {
        double mid = floor((l + r) / 2);
        if (lpmf(&h, mid) <= limit) {
            xl = mid;
            l = mid + 1;
        } else {
            r = mid - 1;
        }
    }
    /* Right side [mode + 1, hi] is non-increasing: the tail is [xu, hi]. */
    double xu = hi + 1;
    l = mode + 1;
    r = hi;
    while (l <= r) {
        double mid = floor((l + r) / 2);
        if (lpmf(&h, mid) <= limit) {
            xu = mid;
            r = mid - 1;
        } else {
            l = mid + 1;
        }
    }
    double p = 0;
    if (xl >= lo)
        p += tail_sum(&h, xl, lo, -1);
    if (xu <= hi)
        p += tail_sum(&h, xu, hi, +1);
    return p < 1 ? p : 1.0;
}
