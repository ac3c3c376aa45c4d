/* Summary figures and histograms of the simulation from its per-trial values:
 * exact quantiles by selection (no full sort). See simulate_internal.h. */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "simulate/simulate_internal.h"

/* numpy's _lerp: a + (b-a)·t, computed from b's side when t >= 1/2. */
static double lerp(double a, double b, double t)
{
    double diff = b - a;
    return t >= 0.5 ? b - diff * (1.0 - t) : a + diff * t;
}

/* Quickselect with a three-way partition (many equal values are common: deal
 * counts, or revenue when size_cv = 0): afterwards x[k] is the k-th smallest
 * of x[l..r), everything before it in [l, k) is <= x[k] and everything in
 * (k, r) is >= x[k]. A median of three picks the pivot. */
#define DEFINE_SELECT(name, T)                                                                   \
    static void name(T *x, size_t l, size_t r, size_t k)                                          \
    {                                                                                             \
        while (r - l > 1) {                                                                       \
            T a = x[l], b = x[l + (r - l) / 2], c = x[r - 1];                                     \
            T p = a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b));          \
            size_t lt = l, i = l, gt = r;                                                         \
            while (i < gt) {                                                                      \
                T v = x[i];                                                                       \
                if (v < p) {                                                                      \
                    x[i++] = x[lt];                                                               \
                    x[lt++] = v;                                                                  \
                } else if (p < v) {                                                               \
                    x[i] = x[--gt];                                                               \
                    x[gt] = v;                                                                    \
                } else {                                                                          \
                    i++;                                                                          \
                }                                                                                 \
            }                                                                                     \
            if (k < lt)                                                                           \
                r = lt;                                                                           \
            else if (k >= gt)                                                                     \
                l = gt;                                                                           \
            else                                                                                  \
                return;                                                                           \
        }                                                                                         \
    }

DEFINE_SELECT(select_d, double)
DEFINE_SELECT(select_u32, uint32_t)

/* For ascending q: select the floor index of each virtual index h = (n-1)·q
 * inside what is left right of the previous one, and take the next order
 * statistic as the minimum of the part right of it. */
#define DEFINE_QUANTILES(name, T, select)                                                        \
    void name(T *x, size_t n, const double *q, size_t nq, double *out)                           \
    {                                                                                             \
        size_t l = 0;                                                                             \
        for (size_t j = 0; j < nq; j++) {                                                         \
            double h = (double)(n - 1) * q[j];                                                   \
            double fl = floor(h);                                                                 \
            size_t i = (size_t)fl;                                                                \
            if (i >= n)                                                                           \
                i = n - 1;                                                                        \
            double g = h - fl;                                                                    \
            select(x, l, n, i);                                                                   \
            double a = (double)x[i], b = a;                                                       \
            if (i + 1 < n) {                                                                      \
                T m = x[i + 1];                                                                   \
                for (size_t t = i + 2; t < n; t++)                                                \
                    if (x[t] < m)                                                                 \
                        m = x[t];                                                                 \
                b = (double)m;                                                                    \
            }                                                                                     \
            out[j] = lerp(a, b, g);                                                               \
            l = i;                                                                                \
        }                                                                                         \
    }

DEFINE_QUANTILES(slp_sim_quantiles_d, double, select_d)
DEFINE_QUANTILES(slp_sim_quantiles_u32, uint32_t, select_u32)

void slp_sim_summarise(double *revenue, uint32_t *deals, size_t n, const slp_sim_totals *tot,
                       double target, salesplan_simulation_summary *s)
{
    static const double q[3] = {0.1, 0.5, 0.9};
    double out[3];
    s->target = target;
    s->trials = (unsigned long long)n;
    double dn = (double)n;
    s->p_hit = (double)tot->hits / dn;
    s->p_hit_se = sqrt(s->p_hit * (1.0 - s->p_hit) / dn);

    double rmin = revenue[0], rmax = revenue[0];
    uint32_t dmin = deals[0], dmax = deals[0];
    for (size_t t = 1; t < n; t++) {
        rmin = revenue[t] < rmin ? revenue[t] : rmin;
        rmax = revenue[t] > rmax ? revenue[t] : rmax;
        dmin = deals[t] < dmin ? deals[t] : dmin;
        dmax = deals[t] > dmax ? deals[t] : dmax;
    }
    slp_sim_quantiles_d(revenue, n, q, 3, out);
    s->revenue.mean = tot->revenue_sum / dn;
    s->revenue.p10 = out[0];
    s->revenue.p50 = out[1];
    s->revenue.p90 = out[2];
    s->revenue.min = rmin;
    s->revenue.max = rmax;
    slp_sim_quantiles_u32(deals, n, q, 3, out);
    s->deals.mean = (double)tot->deals_sum / dn;
    s->deals.p10 = out[0];
    s->deals.p50 = out[1];
    s->deals.p90 = out[2];
    s->deals.min = (double)dmin;
    s->deals.max = (double)dmax;
}

static size_t bin_of(double v, double lo, double hi, size_t bins, int *inside)
{
    *inside = v >= lo && v <= hi;
    if (!*inside)
        return 0;
    double pos = (v - lo) / (hi - lo) * (double)bins;
    size_t b = pos >= (double)bins ? bins - 1 : (size_t)pos;
    return b;
}

void slp_sim_histogram_d(const double *x, size_t n, double lo, double hi, size_t bins,
                         unsigned long long *counts)
{
    memset(counts, 0, bins * sizeof *counts);
    for (size_t t = 0; t < n; t++) {
        int in;
        size_t b = bin_of(x[t], lo, hi, bins, &in);
        counts[b] += (unsigned long long)in;
    }
}

void slp_sim_histogram_u32(const uint32_t *x, size_t n, double lo, double hi, size_t bins,
                           unsigned long long *counts)
{
    memset(counts, 0, bins * sizeof *counts);
    for (size_t t = 0; t < n; t++) {
        int in;
        size_t b = bin_of((double)x[t], lo, hi, bins, &in);
        counts[b] += (unsigned long long)in;
    }
}
