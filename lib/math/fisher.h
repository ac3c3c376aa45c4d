/* Internal: tests that compare one rep's rate with the rest of the team
 * (SPEC §12 "Rep diagnostics"): Fisher's exact test on a 2x2 table, the
 * Benjamini-Hochberg step-up adjustment, and an empirical-Bayes beta prior
 * fitted by the method of moments (docs/maths.md §10).
 *
 * Pure computation: nothing printed, no global state (slp_lgamma, not
 * lgamma/signgam); reentrant and thread-safe. slp_bh_adjust allocates
 * through slp_malloc and frees before it returns.
 */
#ifndef SLP_FISHER_H
#define SLP_FISHER_H

#include <stddef.h>

/** Relative tolerance under which a table counts as "as likely as the
 *  observed one" in the two-sided sum (R's fisher.test uses 1 + 1e-7). */
#define SLP_FISHER_REL_TOL 1e-7

/**
 * @brief Two-sided p-value of Fisher's exact test on [[a, b], [c, d]].
 *
 * With the margins fixed, X (the top-left cell) is hypergeometric:
 * Pr[X = x] = C(a+b, x) C(c+d, a+c-x) / C(n, a+c). The p-value is the sum of
 * Pr[X = x] over every x with Pr[X = x] <= Pr[X = a] (1 + SLP_FISHER_REL_TOL),
 * capped at 1. Probabilities are exp of log-gamma sums; the two tails are
 * found by bisection on the monotone sides of the mode and summed outward
 * until the remaining terms cannot reach 1e-17 of the sum, so the cost is
 * about the spread of the distribution, not the table size.
 * @return In [0, 1] (0 only when the p-value underflows); NaN for a negative cell;
 *         1 when a margin is 0 (one table only).
 */
double slp_fisher_exact(long long a, long long b, long long c, long long d);

/**
 * @brief Benjamini-Hochberg q-values: with p sorted ascending as
 * p_(1) <= ... <= p_(m), q_(i) = min over j >= i of min(1, p_(j) m / j),
 * written back in the input order. NaN p-values are left out (their q is NaN
 * and they do not count in m).
 * @return 0, or -1 when the scratch index cannot be allocated (q untouched).
 */
int slp_bh_adjust(const double *p, size_t n, double *q);

/**
 * @brief A Beta(mean * strength, (1 - mean) * strength) prior fitted to
 * groups with k[i] successes in n[i] trials by the method of moments
 * (docs/maths.md §10). Groups with n[i] = 0 are ignored.
 * @param mean     Out: the pooled rate sum k / sum n (NaN when sum n = 0).
 * @param strength Out: alpha + beta. +inf means full pooling (the rates vary
 *                 no more than binomial noise, or fewer than 2 groups, or
 *                 the pooled rate is 0 or 1); 0 means no pooling (the
 *                 moments ask for a prior with alpha + beta <= 0).
 */
void slp_beta_prior_mom(const long long *k, const long long *n, size_t count, double *mean,
                        double *strength);

/**
 * @brief Posterior mean (k + mean s) / (n + s) of a rate under the prior of
 * slp_beta_prior_mom(): mean when s is +inf or n = 0, k / n when s = 0.
 */
double slp_beta_shrunk(long long k, long long n, double mean, double strength);

#endif
