/* Exact binomial probabilities for the confidence mode (SPEC §4); see binom.h.
 *
 * References for the methods (re-derived and written here):
 *  - C. Loader, "Fast and Accurate Computation of Binomial Probabilities"
 *    (2000): point probabilities through stirlerr() and bd0().
 *  - The continued fraction of I_x(a, b) (Abramowitz & Stegun 26.5.8) with the
 *    modified Lentz algorithm, as in Numerical Recipes' betacf.
 */
#include "math/binom.h"

#include <float.h>
#include <math.h>
#include <stdint.h>

#include "common/alloc.h"
#include "common/numeric.h"
#include "salesplan/common.h"

#define LN_SQRT_2PI 0.918938533204672741780329736406 /* log(sqrt(2 pi)) */
#define LN_2PI 1.837877066409345483560659472811      /* log(2 pi) */
#define TINY 1e-300                                   /* truncation of pmf tails */

/* ---- log-gamma, Stirling error, deviance --------------------------------- */

/* stirlerr(n) = log(n!) - log(sqrt(2 pi n) (n/e)^n) at n = 0, 0.5, ..., 15
 * (40-digit mpmath values, rounded). */
static const double sferr_halves[31] = {
    0.0,
    0.1534264097200273452914, 0.08106146679532725821967, 0.05481412105191765389614,
    0.04134069595540929409382, 0.03316287351993628748511, 0.02767792568499833914879,
    0.02374616365629749597133, 0.02079067210376509311152, 0.01848845053267318523078,
    0.01664469118982119216319, 0.01513497322191737887351, 0.01387612882307074799875,
    0.01281046524292022692425, 0.01189670994589177009506, 0.01110455975820691732663,
    0.01041126526197209649748, 0.00979941612615880329839, 0.009255462182712732917729,
    0.008768700134139385462955, 0.008330563433362871256469, 0.00793411456431402054725,
    0.007573675487951840794972, 0.007244554301320383179546, 0.006942840107209529865664,
    0.006665247032707682442356, 0.00640899418800420706844, 0.006171712263039457647535,
    0.005951370112758847735624, 0.005746216513010115682026, 0.005554733551962801371039,
};

/* Asymptotic series of stirlerr(n), n > 15 (error < 1e-17 there). */
static double stirlerr_series(double n)
{
    const double s0 = 1.0 / 12, s1 = 1.0 / 360, s2 = 1.0 / 1260, s3 = 1.0 / 1680,
                 s4 = 1.0 / 1188;
    double nn = n * n;
    if (n > 500)
        return (s0 - s1 / nn) / n;
    if (n > 80)
        return (s0 - (s1 - s2 / nn) / nn) / n;
    if (n > 35)
        return (s0 - (s1 - (s2 - s3 / nn) / nn) / nn) / n;
    return (s0 - (s1 - (s2 - (s3 - s4 / nn) / nn) / nn) / nn) / n;
}

double slp_lgamma(double x)
{
    if (!(x > 0))
        return (double)NAN;
    if (isinf(x))
        return x;
    if (x >= 16)
        return stirlerr_series(x) + (x - 0.5) * log(x) - x + LN_SQRT_2PI;
    if (x + x == floor(x + x)) /* tabulated Stirling error: ~1e-16 absolute */
        return sferr_halves[(int)(x + x)] + (x - 0.5) * log(x) - x + LN_SQRT_2PI;
    /* Shift up: Gamma(x) = Gamma(x + m) / (x (x+1) ... (x+m-1)); absolute
     * error ~1e-14. */
    double prod = 1, y = x;
    while (y < 16) {
        prod *= y;
        y += 1;
    }
    return stirlerr_series(y) + (y - 0.5) * log(y) - y + LN_SQRT_2PI - log(prod);
}

/* stirlerr(n) = log Gamma(n+1) - (n + 1/2) log n + n - log sqrt(2 pi), n > 0. */
static double stirlerr(double n)
{
    if (n <= 15) {
        double nn = n + n;
        if (nn == floor(nn))
            return sferr_halves[(int)nn];
        return slp_lgamma(n + 1) - (n + 0.5) * log(n) + n - LN_SQRT_2PI;
    }
    return stirlerr_series(n);
}

/* bd0(x, M) = x log(x/M) + M - x for M = mh + ml (a double-double, so that
 * the rounding of n*p does not leak into large-n results), computed without
 * cancellation near x = M. */
static double bd0(double x, double mh, double ml)
{
    double m = mh + ml;
    if (fabs(x - m) < 0.5 * (x + m)) { /* series in v^2 <= 1/4: no cancellation */
        double dx = (x - mh) - ml; /* x - mh is exact here (Sterbenz) */
        double v = dx / (x + m);
        double s = dx * v;
        if (fabs(s) < DBL_MIN)
            return s;
        double ej = 2 * x * v;
        v = v * v;
        for (int j = 1; j < 1000; j++) {
            ej *= v;
            double s1 = s + ej / (2 * j + 1);
            if (s1 == s)
                return s1;
            s = s1;
        }
        return s;
    }
    return x * log(x / mh) - x * log1p(ml / mh) + (mh - x) + ml;
}

/* Pr[X = x] for X ~ Binomial(x + nmx, p), q = 1 - p given separately;
 * x, nmx >= 0 real (the Beta prefactor uses non-integer values). The smaller
 * of p and q is taken as exact (it is the caller's input, the other one
 * being its rounded complement), and n*p, n*q are formed as double-doubles. */
static double dbinom_raw(double x, double nmx, double p, double q)
{
    double n = x + nmx;
    if (p == 0)
        return x == 0 ? 1 : 0;
    if (q == 0)
        return nmx == 0 ? 1 : 0;
    if (x == 0)
        return nmx == 0 ? 1 : exp(p < 0.1 ? n * log1p(-p) : n * log(q));
    if (nmx == 0)
        return exp(q < 0.1 ? n * log1p(-q) : n * log(p));
    double small = p <= q ? p : q;
    double sh = n * small, sl = fma(n, small, -sh); /* n * small = sh + sl exactly */
    double bh = n - sh, be = (n - bh) - sh;          /* n - sh = bh + be exactly (Fast2Sum) */
    double bl = be - sl;
    double nph = p <= q ? sh : bh, npl = p <= q ? sl : bl;
    double nqh = p <= q ? bh : sh, nql = p <= q ? bl : sl;
    double lc = stirlerr(n) - stirlerr(x) - stirlerr(nmx) - bd0(x, nph, npl)
                - bd0(nmx, nqh, nql);
    double lf = LN_2PI + log(x) + log(nmx) - log(n);
    return exp(lc - 0.5 * lf);
}

/* ---- incomplete beta ------------------------------------------------------ */

/* x^a y^b / (a B(a, b)) with y = 1 - x, as a binomial point probability. */
static double ibeta_front(double x, double y, double a, double b)
{
    if (b >= 1)
        return dbinom_raw(a, b - 1, x, y) * y;
    if (a >= 1)
        return dbinom_raw(b, a - 1, y, x) * x * (b / a);
    return exp(a * log(x) + b * log(y) - slp_lbeta(a, b)) / a;
}

/* I_x(a, b) / (x^a y^b / (a B(a, b))) by the continued fraction of
 * A&S 26.5.8, in the cancellation-free form of TOMS 708's BFRAC: the
 * coefficients use lambda = a - (a + b) x (> 0 here, computed by the caller
 * without cancellation) and y = 1 - x instead of 1 - (a+b)x/(a+1). */
static double ibeta_cf(double a, double b, double x, double y, double lambda)
{
    const double eps = 1e-15;
    double c = lambda + 1, c0 = b / a, c1 = 1 / a + 1, yp1 = y + 1;
    double p = 1, s = a + 1;
    double an = 0, bn = 1, anp1 = 1, bnp1 = c / c1;
    double r = c1 / c;
    double limit = 1000 + 50 * sqrt(a + b);
    for (double n = 1; n <= limit; n += 1) {
        double t = n / a;
        double w = n * (b - n) * x;
        double e = a / s;
        double alpha = p * (p + c0) * e * e * (w * x);
        e = (t + 1) / (c1 + t + t);
        double beta = n + w / s + e * (c + n * yp1);
        p = t + 1;
        s += 2;
        t = alpha * an + beta * anp1;
        an = anp1;
        anp1 = t;
        t = alpha * bn + beta * bnp1;
        bn = bnp1;
        bnp1 = t;
        double r0 = r;
        r = anp1 / bnp1;
        if (fabs(r - r0) <= eps * r)
            break;
        an /= bnp1;
        bn /= bnp1;
        anp1 = r;
        bnp1 = 1;
    }
    return r * a;
}

/* I_x(a, b) (upper = 0) or 1 - I_x(a, b) (upper = 1), y = 1 - x given exactly. */
static double ibeta_xy(double x, double y, double a, double b, int upper)
{
    if (x <= 0)
        return upper ? 1 : 0;
    if (y <= 0)
        return upper ? 0 : 1;
    /* lambda = a - (a + b) x, from whichever side avoids cancellation. */
    double lambda = a > b ? (a + b) * y - b : a - (a + b) * x;
    double v;
    if (lambda >= 0) {
        v = ibeta_front(x, y, a, b) * ibeta_cf(a, b, x, y, lambda); /* I_x(a, b) */
        if (v > 1)
            v = 1;
        return upper ? 1 - v : v;
    }
    v = ibeta_front(y, x, b, a) * ibeta_cf(b, a, y, x, -lambda); /* 1 - I_x(a, b) */
    if (v > 1)
        v = 1;
    return upper ? v : 1 - v;
}

double slp_lbeta(double a, double b)
{
    if (!(a > 0) || !(b > 0))
        return (double)NAN;
    if (isinf(a) || isinf(b))
        return -(double)INFINITY;
    if (a >= 16 && b >= 16) {
        double s = a + b;
        return LN_SQRT_2PI - 0.5 * log(s) + (a - 0.5) * log(a / s) + (b - 0.5) * log(b / s)
               + stirlerr(a) + stirlerr(b) - stirlerr(s);
    }
    return slp_lgamma(a) + slp_lgamma(b) - slp_lgamma(a + b);
}

static int beta_args_ok(double x, double a, double b)
{
    return x >= 0 && x <= 1 && a > 0 && b > 0 && isfinite(a) && isfinite(b);
}

double slp_betainc(double x, double a, double b)
{
    if (!beta_args_ok(x, a, b))
        return (double)NAN;
    return ibeta_xy(x, 1 - x, a, b, 0);
}

double slp_betainc_compl(double x, double a, double b)
{
    if (!beta_args_ok(x, a, b))
        return (double)NAN;
    return ibeta_xy(x, 1 - x, a, b, 1);
}

/* ---- binomial ------------------------------------------------------------- */

static int binom_args_ok(double n, double p)
{
    return n >= 0 && n <= SLP_DOUBLE_EXACT_INT && n == floor(n) && p >= 0 && p <= 1;
}

double slp_binom_pmf(double n, double p, double k)
{
    if (!binom_args_ok(n, p) || isnan(k))
        return (double)NAN;
    if (k < 0 || k > n || k != floor(k))
        return 0;
    return dbinom_raw(k, n - k, p, 1 - p);
}

/* Pr[X >= k], X ~ Binomial(n, p), q = 1 - p, k integer. */
static double sf_pq(double n, double p, double q, double k)
{
    if (k <= 0)
        return 1;
    if (k > n || p == 0)
        return 0;
    if (q == 0)
        return 1;
    /* Pr[X >= k] = I_p(k, n - k + 1). */
    return ibeta_xy(p, q, k, n - k + 1, 0);
}

double slp_binom_sf(double n, double p, double k)
{
    if (!binom_args_ok(n, p) || isnan(k))
        return (double)NAN;
    return sf_pq(n, p, 1 - p, ceil(k));
}

double slp_binom_cdf(double n, double p, double k)
{
    if (!binom_args_ok(n, p) || isnan(k))
        return (double)NAN;
    k = floor(k);
    if (k < 0)
        return 0;
    if (k >= n)
        return 1;
    /* Pr[X <= k] = Pr[failures >= n - k]. */
    return sf_pq(n, 1 - p, p, n - k);
}

/* ---- the pipeline distribution ------------------------------------------- */

/* pmf of Binomial(c, p) into out[lo..hi] (indices are values of the variable);
 * terms below TINY at either end are left out. Returns hi, sets *lo. */
static size_t binom_vec(long long c, double p, double *out, size_t *lo)
{
    double q = 1 - p, n = (double)c;
    if (p == 0 || c == 0) {
        out[0] = 1;
        *lo = 0;
        return 0;
    }
    if (q == 0) {
        out[c] = 1;
        *lo = (size_t)c;
        return (size_t)c;
    }
    double fm = floor((n + 1) * p);
    if (fm > n)
        fm = n;
    size_t mode = (size_t)fm, cc = (size_t)c;
    double r = p / q;
    out[mode] = dbinom_raw(fm, n - fm, p, q);
    size_t hi = mode;
    while (hi < cc) {
        size_t k = hi + 1;
        double kd = (double)k;
        double v = (k - mode) % 64 == 0 ? dbinom_raw(kd, n - kd, p, q)
                                        : out[hi] * ((n - kd + 1) / kd) * r;
        if (v < TINY)
            break;
        out[k] = v;
        hi = k;
    }
    size_t l = mode;
    while (l > 0) {
        size_t k = l - 1;
        double kd = (double)k;
        double v = (mode - k) % 64 == 0 ? dbinom_raw(kd, n - kd, p, q)
                                        : out[l] * ((kd + 1) / (n - kd)) / r;
        if (v < TINY)
            break;
        out[k] = v;
        l = k;
    }
    *lo = l;
    return hi;
}

int slp_pipeline_pmf(const long long *counts, const double *probs, size_t n, double **pmf,
                     size_t *len)
{
    if (pmf)
        *pmf = NULL;
    if (len)
        *len = 0;
    if (!pmf || !len || (n > 0 && (!counts || !probs)))
        return SALESPLAN_EINVAL;
    long long total = 0, maxc = 0;
    for (size_t j = 0; j < n; j++) {
        if (counts[j] < 0 || !(probs[j] >= 0 && probs[j] <= 1))
            return SALESPLAN_EINVAL;
        if (counts[j] > SLP_PIPELINE_MAX_DEALS || total + counts[j] > SLP_PIPELINE_MAX_DEALS)
            return SALESPLAN_ELIMIT;
        total += counts[j];
        if (counts[j] > maxc)
            maxc = counts[j];
    }
    size_t size = (size_t)total + 1;
    double *cur = slp_calloc(size, sizeof *cur);
    double *nxt = slp_calloc(size, sizeof *nxt);
    double *term = slp_calloc((size_t)maxc + 1, sizeof *term);
    if (!cur || !nxt || !term) {
        slp_free(cur);
        slp_free(nxt);
        slp_free(term);
        return SALESPLAN_ENOMEM;
    }
    size_t clo = 0, chi = 0; /* support of cur */
    cur[0] = 1;
    for (size_t j = 0; j < n; j++) {
        if (counts[j] == 0 || probs[j] == 0)
            continue;
        size_t tlo, thi = binom_vec(counts[j], probs[j], term, &tlo);
        for (size_t i = clo + tlo; i <= chi + thi; i++)
            nxt[i] = 0;
        for (size_t i = clo; i <= chi; i++) {
            double ci = cur[i];
            if (ci == 0)
                continue;
            double *dst = nxt + i;
            for (size_t t = tlo; t <= thi; t++)
                dst[t] += ci * term[t];
        }
        for (size_t i = clo; i <= chi; i++)
            cur[i] = 0;
        double *tmp = cur;
        cur = nxt;
        nxt = tmp;
        clo += tlo;
        chi += thi;
        while (clo < chi && cur[clo] < TINY)
            cur[clo++] = 0;
        while (chi > clo && cur[chi] < TINY)
            cur[chi--] = 0;
    }
    slp_free(nxt);
    slp_free(term);
    *pmf = cur;
    *len = chi + 1;
    return SALESPLAN_OK;
}

/* ---- confidence mode ------------------------------------------------------ */

/* Pr[X + Y >= m], X ~ Binomial(N, P), m >= 1 an integer, ypmf non-empty.
 * Pr[X >= m - y] for y = 0, 1, ... is built from the smallest tail (y = 0,
 * by the continued fraction) by adding point probabilities, so every step
 * is an addition of positive terms. */
static double conf_prob(double N, double P, double Q, double m, const double *ypmf,
                        size_t ylen)
{
    size_t ny = ylen; /* terms with y < m need a tail; the rest count fully */
    if ((double)ny > m)
        ny = (size_t)m;
    double acc = 0;
    for (size_t y = ny; y < ylen; y++)
        acc += ypmf[y];
    size_t y0 = 0;
    while (y0 < ny && ypmf[y0] == 0)
        y0++;
    if (y0 == ny)
        return acc > 1 ? 1 : acc;
    double s = sf_pq(N, P, Q, m - (double)y0); /* Pr[X >= m - y] for the current y */
    acc += ypmf[y0] * s;
    double pk = 0; /* Pr[X = k] for the current k = m - y */
    double r = P / Q;
    size_t y = y0 + 1;
    for (; y < ny; y++) {
        double k = m - (double)y;
        if (k > N)
            continue; /* Pr[X >= k] = 0 still */
        if (pk == 0 || (y - y0) % 32 == 0 || Q == 0) {
            pk = dbinom_raw(k, N - k, P, Q);
            if (pk == 0 && k < N * P)
                break; /* below the mean and underflowed: s is final */
        } else {
            pk *= ((k + 1) / (N - k)) / r; /* Pr[X = k] from Pr[X = k + 1] */
        }
        s += pk;
        if (s >= 1) {
            s = 1;
            break;
        }
        acc += ypmf[y] * s;
    }
    for (; y < ny; y++) /* every remaining tail equals s */
        acc += ypmf[y] * s;
    return acc > 1 ? 1 : acc;
}

double slp_confidence_prob(double N, double P, double D, const double *ypmf, size_t ylen)
{
    static const double one = 1;
    if (!binom_args_ok(N, P) || isnan(D) || (ylen > 0 && !ypmf))
        return (double)NAN;
    if (ylen == 0) {
        ypmf = &one;
        ylen = 1;
    }
    double m = ceil(D);
    if (m <= 0) {
        double t = 0;
        for (size_t y = 0; y < ylen; y++)
            t += ypmf[y];
        return t;
    }
    if (m > SLP_DOUBLE_EXACT_INT)
        return 0;
    return conf_prob(N, P, 1 - P, m, ypmf, ylen);
}

/* Rough inverse normal cdf (Tukey lambda fit, |error| ~ 0.01): only seeds
 * the bracket, the answer never depends on it. */
static double rough_z(double q)
{
    return 4.91 * (pow(q, 0.14) - pow(1 - q, 0.14));
}

/* Pr >= q, allowing for the last bits of rounding in the sums: a probability
 * that equals q exactly (Pr[Bin(2D-1, 1/2) >= D] = 1/2) must count as reaching
 * it, and the sums are accurate to about 1e-13. */
#define SLP_CONFIDENCE_TOLERANCE 1e-12

static int reaches(double prob, double q)
{
    return prob >= q - SLP_CONFIDENCE_TOLERANCE;
}

int slp_confidence_entries(double P, double D, const double *ypmf, size_t ylen, double q,
                           double *N_out)
{
    static const double one = 1;
    if (!N_out || !(P > 0 && P <= 1) || !(q > 0 && q < 1) || isnan(D) || (ylen > 0 && !ypmf))
        return SALESPLAN_EINVAL;
    for (size_t y = 0; y < ylen; y++)
        if (!(ypmf[y] >= 0))
            return SALESPLAN_EINVAL;
    if (ylen == 0) {
        ypmf = &one;
        ylen = 1;
    }
    double m = ceil(D);
    if (m <= 0) {
        *N_out = 0;
        return SALESPLAN_OK;
    }
    if (m > SLP_CONFIDENCE_MAX_ENTRIES)
        return SALESPLAN_ELIMIT;
    double Q = 1 - P;
    if (Q == 0) {
        /* X = N surely: the smallest N with Pr[Y >= m - N] >= q (N = m always
         * works). Pr[Y >= j] = 0 for j >= ylen, so start at j = min(m, ylen). */
        double j = m < (double)ylen ? m : (double)ylen, tail = 0;
        for (size_t y = (size_t)j; y < ylen; y++)
            tail += ypmf[y];
        while (j > 0) {
            if (reaches(tail, q)) {
                *N_out = m - j;
                return SALESPLAN_OK;
            }
            j -= 1;
            tail += ypmf[(size_t)j];
        }
        *N_out = m;
        return SALESPLAN_OK;
    }
    if (reaches(conf_prob(0, P, Q, m, ypmf, ylen), q)) {
        *N_out = 0;
        return SALESPLAN_OK;
    }
    /* First guess: N P - z sqrt(N P Q) = m - E[Y], solved for sqrt(N). */
    double ey = 0;
    for (size_t y = 0; y < ylen; y++)
        ey += (double)y * ypmf[y];
    double need = m - ey > 1 ? m - ey : 1;
    double z = rough_z(q), sd1 = sqrt(P * Q);
    double u = (z * sd1 + sqrt(z * z * sd1 * sd1 + 4 * P * need)) / (2 * P);
    double guess = floor(u * u);
    if (guess < 1)
        guess = 1;
    if (guess > SLP_CONFIDENCE_MAX_ENTRIES)
        guess = SLP_CONFIDENCE_MAX_ENTRIES;
    double step = floor(0.5 * sqrt(guess * Q / P)) + 1; /* ~ half an sd of N */
    double lo = 0, hi; /* invariant: f(lo) < q <= f(hi) */
    if (reaches(conf_prob(guess, P, Q, m, ypmf, ylen), q)) {
        hi = guess;
        for (;;) {
            double t = hi - step;
            if (t <= 0)
                break; /* lo = 0 already known to fail */
            if (reaches(conf_prob(t, P, Q, m, ypmf, ylen), q)) {
                hi = t;
                step *= 2;
            } else {
                lo = t;
                break;
            }
        }
    } else {
        lo = guess;
        for (;;) {
            double t = lo + step;
            if (t > SLP_CONFIDENCE_MAX_ENTRIES) {
                t = SLP_CONFIDENCE_MAX_ENTRIES;
                if (lo >= t || !reaches(conf_prob(t, P, Q, m, ypmf, ylen), q))
                    return SALESPLAN_ELIMIT;
                hi = t;
                break;
            }
            if (reaches(conf_prob(t, P, Q, m, ypmf, ylen), q)) {
                hi = t;
                break;
            }
            lo = t;
            step *= 2;
        }
    }
    while (hi - lo > 1) {
        double mid = lo + floor((hi - lo) / 2);
        if (reaches(conf_prob(mid, P, Q, m, ypmf, ylen), q))
            hi = mid;
        else
            lo = mid;
    }
    *N_out = hi;
    return SALESPLAN_OK;
}
