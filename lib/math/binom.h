/* Internal: exact binomial probabilities for the confidence mode of the
 * planning engine (SPEC §4 "Confidence mode").
 *
 * Pure computation: no global state, nothing printed; every function is
 * reentrant and thread-safe (no lgamma()/signgam either). The only
 * allocations are the output of slp_pipeline_pmf(), made with slp_malloc()
 * and released by the caller with slp_free().
 *
 * Method (no normal approximation anywhere):
 *  - point probabilities by Loader's saddle-point form (stirlerr + bd0),
 *    accurate to ~1e-15 relative for n up to 1e12;
 *  - tails by the regularised incomplete beta I_x(a, b), evaluated with the
 *    continued fraction (modified Lentz) on the side x < (a+1)/(a+b+2) and
 *    the symmetry I_x(a,b) = 1 - I_{1-x}(b,a) on the other, its prefactor
 *    x^a (1-x)^b / (a B(a,b)) computed as a binomial point probability, so
 *    both tails keep their relative accuracy. Measured against 50-digit
 *    mpmath: <= 1.3e-13 relative for n <= 1e6, 3e-13 at n = 1e8, 1.5e-12 at
 *    n = 1e9 (the continued fraction needs ~sqrt(npq) terms near the mean);
 *    far-tail values carry ~1e-15 * |log value| more, like any exp().
 */
#ifndef SLP_BINOM_H
#define SLP_BINOM_H

#include <stddef.h>

/** Largest total number of open deals slp_pipeline_pmf() accepts (sum of counts). */
#define SLP_PIPELINE_MAX_DEALS 1000000LL
/** Largest N slp_confidence_entries() searches; beyond it the target is ELIMIT. */
#define SLP_CONFIDENCE_MAX_ENTRIES 1e12

/**
 * @brief log Gamma(x) for x > 0, without touching `signgam` (thread-safe).
 * Absolute error ~1e-15 for x >= 16 and half-integers, ~1e-14 otherwise
 * (so not relative near the zeros x = 1, 2).
 * @return NaN for x <= 0 or NaN; +inf for x = +inf.
 */
double slp_lgamma(double x);

/**
 * @brief log B(a, b) = log Gamma(a) + log Gamma(b) - log Gamma(a+b), a, b > 0,
 * computed without cancellation for large arguments.
 * @return NaN for a or b <= 0 or NaN.
 */
double slp_lbeta(double a, double b);

/**
 * @brief Regularised incomplete beta I_x(a, b) (the Beta(a, b) cdf at x).
 * @param x in [0, 1]; a, b > 0.
 * @return In [0, 1]; NaN for arguments out of range. Accurate in relative
 * terms when the value is small.
 */
double slp_betainc(double x, double a, double b);

/**
 * @brief 1 - I_x(a, b), computed directly (relative accuracy when small).
 * @return In [0, 1]; NaN for arguments out of range.
 */
double slp_betainc_compl(double x, double a, double b);

/**
 * @brief Pr[X = k] for X ~ Binomial(n, p).
 * @param n A non-negative integer value (up to 2^53).
 * @param p In [0, 1].
 * @param k Any value; non-integer or out-of-range k gives 0.
 * @return NaN if n is negative/non-integer/NaN or p is outside [0, 1] or NaN.
 */
double slp_binom_pmf(double n, double p, double k);

/**
 * @brief Pr[X >= k] for X ~ Binomial(n, p) (the survival function).
 *
 * Exact at the edges: k <= 0 gives 1, k > n gives 0, p = 1 gives 1 (k <= n),
 * p = 0 gives 0 (k >= 1). A non-integer k is rounded up (Pr[X >= k] =
 * Pr[X >= ceil(k)]). Otherwise I_p(k, n-k+1), relative accuracy ~1e-13 in the
 * body and in the upper tail (down to the smallest normal double). Cost:
 * ~0.3 us for n ~ 1e3, ~7 us at n = 1e6 and ~30 us at n = 1e8 near the mean,
 * less in the tails or when np is small.
 * @param n A non-negative integer value (up to 2^53; tested to 1e12).
 * @param p In [0, 1].
 * @param k Any number; +-inf allowed.
 * @return In [0, 1]; NaN for a bad n or p, or a NaN argument.
 */
double slp_binom_sf(double n, double p, double k);

/**
 * @brief Pr[X <= k] for X ~ Binomial(n, p), accurate in the lower tail.
 * Same rules as slp_binom_sf() (a non-integer k is rounded down).
 */
double slp_binom_cdf(double n, double p, double k);

/**
 * @brief The exact distribution of Y = sum_j Binomial(counts[j], probs[j])
 * (independent), i.e. the wins coming from the existing pipeline.
 *
 * Each binomial pmf is computed from its mode outward (re-anchored on exact
 * point probabilities every 64 terms) and the pmfs are convolved directly:
 * cost ~ product of the stages' spreads (~75 sd each), e.g. 25 us for
 * {200, 100, 50} deals, 1.4 ms for 50 000, ~0.75 s at the 10^6 cap.
 * Terms below 1e-300 at the two ends of a distribution are dropped (set to
 * 0); nothing else is approximated.
 *
 * @param counts Number of open deals per stage (>= 0); NULL only if n = 0.
 * @param probs  Win probability per stage, in [0, 1]; NULL only if n = 0.
 * @param n      Number of stages (0 gives Y = 0: *pmf = {1}, *len = 1).
 * @param pmf    Out: (*pmf)[y] = Pr[Y = y] for y in [0, *len); allocated with
 *               slp_malloc(), owned by the caller (free with slp_free()).
 *               The last entry is non-zero. Set to NULL on failure.
 * @param len    Out: number of entries (>= 1); 0 on failure.
 * @return SALESPLAN_OK; SALESPLAN_EINVAL for NULL outputs, NULL inputs with
 *         n > 0, a negative count or a probability outside [0, 1] or NaN;
 *         SALESPLAN_ELIMIT when the counts sum to more than
 *         SLP_PIPELINE_MAX_DEALS (10^6); SALESPLAN_ENOMEM.
 */
int slp_pipeline_pmf(const long long *counts, const double *probs, size_t n, double **pmf,
                     size_t *len);

/**
 * @brief Pr[X + Y >= D] for X ~ Binomial(N, P) independent of Y ~ ypmf.
 *
 * @param N    Number of entries, a non-negative integer value (<= 2^53).
 * @param P    Win probability of one entry, in [0, 1].
 * @param D    Deals needed; a non-integer D is rounded up, D <= 0 gives 1.
 * @param ypmf Pr[Y = y] for y in [0, ylen); NULL (or ylen 0) means Y = 0.
 * @param ylen Its length.
 * @return The probability (sum_y ypmf[y] Pr[X >= D - y]); NaN for bad arguments.
 */
double slp_confidence_prob(double N, double P, double D, const double *ypmf, size_t ylen);

/**
 * @brief Confidence-mode entries (SPEC §4): the smallest integer N >= 0 with
 * Pr[X + Y >= D] >= q, X ~ Binomial(N, P), Y ~ ypmf.
 *
 * Bracketing from a normal-theory first guess, then bisection on integers;
 * each probe costs one continued fraction plus O(min(ylen, D)) terms.
 * Measured: ~4 us for D = 20, P = 0.05 (with or without a small pipeline),
 * ~25 us for D = 1e5, P = 0.3, ~20 us when N ~ 1e8, ~1 ms for D = 1e5 with
 * a 50 000-deal pipeline.
 * D <= 0, or a pipeline alone already reaching q, gives N = 0; P = 1 is
 * solved exactly on Y's tail sums.
 *
 * @param P     Win probability of an entry, in (0, 1].
 * @param D     Deals needed (a non-integer D is rounded up); must not be NaN.
 * @param ypmf  Pr[Y = y] for y in [0, ylen) (e.g. from slp_pipeline_pmf()),
 *              entries >= 0; NULL with ylen 0 means Y = 0.
 * @param ylen  Its length.
 * @param q     Required confidence, in (0, 1).
 * @param N_out Out: the smallest such N (an integer value); untouched on error.
 * @return SALESPLAN_OK; SALESPLAN_EINVAL for N_out NULL, P outside (0, 1],
 *         q outside (0, 1), NaN D, ypmf NULL with ylen > 0 or a negative or
 *         NaN entry; SALESPLAN_ELIMIT when N would exceed
 *         SLP_CONFIDENCE_MAX_ENTRIES (10^12).
 */
int slp_confidence_entries(double P, double D, const double *ypmf, size_t ylen, double q,
                           double *N_out);

#endif
