/* Statistics of the estimator: compensated sums, Wilson intervals, quantiles. */
#include <math.h>
#include <stdlib.h>

#include "estimate/estimate_internal.h"

void slp_ksum_add(slp_ksum *k, double x)
{
    double t = k->s + x;
    if (fabs(k->s) >= fabs(x))
        k->c += (k->s - t) + x;
    else
        k->c += (x - t) + k->s;
    k->s = t;
}

double slp_ksum_value(const slp_ksum *k)
{
    return k->s + k->c;
}

void slp_wilson(long long x, long long n, double *low, double *high)
{
    if (n <= 0) {
        *low = NAN;
        *high = NAN;
        return;
    }
    const double z = 1.959964;
    double nn = (double)n;
    double p = (double)x / nn;
    double z2 = z * z;
    double denom = 1.0 + z2 / nn;
    double center = (p + z2 / (2.0 * nn)) / denom;
    double half = z * sqrt(p * (1.0 - p) / nn + z2 / (4.0 * nn * nn)) / denom;
    double lo = center - half, hi = center + half;
    *low = lo < 0.0 ? 0.0 : lo;
    *high = hi > 1.0 ? 1.0 : hi;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* k-th smallest of v[0..n) (0-based), moving it to v[k] with smaller or equal
 * values before and larger or equal values after (quickselect, median of
 * three, falling back to a sort when the partitions keep coming out lopsided). */
static double select_k(double *v, size_t n, size_t k)
{
    ptrdiff_t lo = 0, hi = (ptrdiff_t)n - 1, kk = (ptrdiff_t)k;
    int budget = 16;
    for (size_t m = n; m > 1; m >>= 1)
        budget += 2;
    while (hi > lo) {
        if (budget-- == 0) {
            qsort(v + lo, (size_t)(hi - lo + 1), sizeof *v, cmp_double);
            return v[k];
        }
        ptrdiff_t mid = lo + (hi - lo) / 2;
        double t;
        if (v[mid] < v[lo]) { t = v[mid]; v[mid] = v[lo]; v[lo] = t; }
        if (v[hi] < v[lo]) { t = v[hi]; v[hi] = v[lo]; v[lo] = t; }
        if (v[hi] < v[mid]) { t = v[hi]; v[hi] = v[mid]; v[mid] = t; }
        double pivot = v[mid];
        ptrdiff_t i = lo, j = hi;
        while (i <= j) {
            while (v[i] < pivot)
                i++;
            while (v[j] > pivot)
                j--;
            if (i <= j) {
                t = v[i];
                v[i] = v[j];
                v[j] = t;
                i++;
                j--;
            }
        }
        if (kk <= j)
            hi = j;
        else if (kk >= i)
            lo = i;
        else
            return v[k];
    }
    return v[k];
}

static double min_from(const double *v, size_t from, size_t n)
{
    double m = v[from];
    for (size_t i = from + 1; i < n; i++)
        if (v[i] < m)
            m = v[i];
    return m;
}

void slp_quantile_index(size_t n, double q, size_t *lo, double *g)
{
    /* numpy's "linear" method: virtual index (n-1)*q, computed as numpy does */
    double nn = (double)n;
    double h = (nn - 1.0) * q;
    if (h < 0.0)
        h = 0.0;
    if (h > nn - 1.0)
        h = nn - 1.0;
    double fl = floor(h);
    *lo = (size_t)fl;
    *g = h - fl;
}

double slp_lerp(double a, double b, double g)
{
    double d = b - a;
    return g >= 0.5 ? b - d * (1.0 - g) : a + d * g;
}

double slp_mid(double a, double b)
{
    double m = (a + b) / 2.0;
    if (isinf(m) && isfinite(a) && isfinite(b))
        m = a / 2.0 + b / 2.0;
    return m;
}

double slp_quantile(double *v, size_t n, double q)
{
    if (n == 0)
        return NAN;
    size_t lo;
    double g;
    slp_quantile_index(n, q, &lo, &g);
    double a = select_k(v, n, lo);
    if (lo + 1 >= n)
        return a;
    return slp_lerp(a, min_from(v, lo + 1, n), g);
}

double slp_median(double *v, size_t n)
{
    if (n == 0)
        return NAN;
    size_t k = n / 2;
    double b = select_k(v, n, k);
    if (n % 2 == 1)
        return b;
    /* the largest value before k is the lower middle */
    double a = v[0];
    for (size_t i = 1; i < k; i++)
        if (v[i] > a)
            a = v[i];
    return slp_mid(a, b);
}
