/* Tests of the simulation (SPEC §8): p_hit against exact tails computed here
 * by direct summation (binomial and beta-binomial), determinism across thread
 * counts and runs, seeds, size_cv = 0, quantiles against a sort, histograms,
 * options and errors, rendering, and allocation failures. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "salesplan.h"
#include "simulate/simulate_internal.h"
#include "test_alloc.h"
#include "test_near.h"
#include "tjson.h"

/* ---- helpers ------------------------------------------------------------------ */

/* A 90-day plan: Lead 0.3 (5 days) -> Qualified 0.5 (10) -> Proposal 0.4 (10)
 * -> Won, pipeline 10 in Qualified and 20 in Proposal. */
static salesplan_plan *make_plan(double target, double size, double cv)
{
    salesplan_plan *p = NULL;
    assert_int_equal(salesplan_plan_create(&p, "Simulated quarter", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_period(p, "2026-01-05", 90, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_target_revenue(p, target, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_deal_size(p, size, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_deal_size_cv(p, cv, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_stage(p, "Lead", 0.3, 5, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_stage(p, "Qualified", 0.5, 10, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_stage(p, "Proposal", 0.4, 10, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_stage(p, "Won", NAN, 0, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_pipeline(p, "Qualified", 10, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_pipeline(p, "Proposal", 20, NULL), SALESPLAN_OK);
    return p;
}

static salesplan_simulation *simulate(const salesplan_plan *p, unsigned long long trials,
                                      unsigned long long seed, unsigned threads)
{
    salesplan_simulate_options o;
    assert_int_equal(salesplan_simulate_options_init(&o, SALESPLAN_SIMULATE_OPTIONS_VERSION),
                     SALESPLAN_OK);
    o.trials = trials;
    o.seed = seed;
    o.threads = threads;
    salesplan_simulation *sim = NULL;
    salesplan_error err;
    int rc = salesplan_simulate(&sim, p, &o, &err);
    if (rc != SALESPLAN_OK)
        fail_msg("simulate: %d %s", rc, err.message);
    return sim;
}

/* log C(n, k) through lgamma (tests are single-threaded). */
static double log_choose(double n, double k)
{
    return lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1);
}

/* pmf of Binomial(n, p) as a new array of n + 1 values. */
static double *binom_pmf(long n, double p)
{
    double *f = calloc((size_t)n + 1, sizeof *f);
    assert_non_null(f);
    for (long k = 0; k <= n; k++)
        f[k] = p >= 1 ? (k == n) : exp(log_choose((double)n, (double)k) + (double)k * log(p) +
                                       (double)(n - k) * log1p(-p));
    return f;
}

/* Convolution of pmfs a (la values) and b (lb values); *lc gets la + lb - 1. */
static double *convolve(const double *a, size_t la, const double *b, size_t lb, size_t *lc)
{
    *lc = la + lb - 1;
    double *c = calloc(*lc, sizeof *c);
    assert_non_null(c);
    for (size_t i = 0; i < la; i++)
        for (size_t j = 0; j < lb; j++)
            c[i + j] += a[i] * b[j];
    return c;
}

/* ---- exactness ------------------------------------------------------------------ */

static void test_p_hit_exact_binomial(void **state)
{
    (void)state;
    /* T/A = 50 deals; the pipeline is expected to give 0.5·0.4·10 + 0.4·20 = 10. */
    salesplan_plan *p = make_plan(250000, 5000, 0);
    salesplan_result *r = NULL;
    assert_int_equal(salesplan_compute(&r, p, NULL, NULL), SALESPLAN_OK);
    const salesplan_stage_result *lead = salesplan_result_stage(r, 0);
    assert_true(lead->reachable);
    long n0 = (long)lead->required_int;
    assert_int_equal(n0, 667); /* ceil(40 / 0.06) */

    /* Exact: wins = Bin(667, 0.06) + Bin(10, 0.2) + Bin(20, 0.4). */
    double *f0 = binom_pmf(n0, 0.3 * 0.5 * 0.4), *f1 = binom_pmf(10, 0.5 * 0.4);
    double *f2 = binom_pmf(20, 0.4);
    size_t l01, lall;
    double *f01 = convolve(f0, (size_t)n0 + 1, f1, 11, &l01);
    double *fall = convolve(f01, l01, f2, 21, &lall);
    double tail = 0, mean = 0, m2 = 0, cdf = 0;
    long median = -1;
    for (size_t k = 0; k < lall; k++) {
        if (k >= 50)
            tail += fall[k];
        mean += (double)k * fall[k];
        m2 += (double)k * (double)k * fall[k];
        cdf += fall[k];
        if (median < 0 && cdf >= 0.5)
            median = (long)k;
    }
    double var = m2 - mean * mean;

    const unsigned long long trials = 400000;
    salesplan_simulation *sim = simulate(p, trials, 7, 2);
    const salesplan_simulation_summary *s = salesplan_simulation_summary_get(sim);
    double se = sqrt(tail * (1 - tail) / (double)trials);
    assert_within("p_hit vs exact tail", s->p_hit, tail, 4 * se);
    assert_within("p_hit_se", s->p_hit_se, sqrt(s->p_hit * (1 - s->p_hit) / (double)trials),
                  1e-15);
    assert_within("deals mean", s->deals.mean, mean, 4 * sqrt(var / (double)trials));
    assert_within("revenue mean", s->revenue.mean, 5000 * mean,
                  4 * 5000 * sqrt(var / (double)trials));
    assert_true(fabs(s->deals.p50 - (double)median) <= 1.0);
    assert_true(s->trials == trials && s->seed == 7);
    assert_true(s->target == 250000);
    /* size_cv = 0: revenue is deals × A, so its extremes are too. */
    assert_true(s->revenue.min == s->deals.min * 5000);
    assert_true(s->revenue.max == s->deals.max * 5000);
    free(f0);
    free(f1);
    free(f2);
    free(f01);
    free(fall);
    salesplan_simulation_free(sim);
    salesplan_result_free(r);
    salesplan_plan_free(p);
}

static void test_p_hit_exact_beta_binomial(void **state)
{
    (void)state;
    /* One stage with history {advanced 30, lost 70} before Won: with N
     * entries, wins ~ BetaBinomial(N, 31, 71). T/A = 20 and c = 0.4 give N = 50
     * (the plan's rate, not the history's, sets the entries). */
    salesplan_plan *p = NULL;
    assert_int_equal(salesplan_plan_create(&p, "Beta", NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_period(p, "2026-01-05", 30, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_target_revenue(p, 20000, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_deal_size(p, 1000, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_stage(p, "Opportunity", 0.4, 7, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_add_stage(p, "Won", NAN, 0, NULL), SALESPLAN_OK);
    assert_int_equal(salesplan_plan_set_stage_observed(p, 0, 30, 70, NULL), SALESPLAN_OK);
    const long n = 50;
    const double a = 31, b = 71;
    double tail = 0, lbeta_ab = lgamma(a) + lgamma(b) - lgamma(a + b);
    for (long k = 20; k <= n; k++)
        tail += exp(log_choose((double)n, (double)k) + lgamma((double)k + a) + lgamma((double)(n - k) + b) -
                    lgamma((double)n + a + b) - lbeta_ab);
    const unsigned long long trials = 300000;
    salesplan_simulation *sim = simulate(p, trials, 11, 3);
    const salesplan_simulation_summary *s = salesplan_simulation_summary_get(sim);
    assert_within("p_hit vs beta-binomial tail", s->p_hit, tail,
                  4 * sqrt(tail * (1 - tail) / (double)trials));
    /* A fixed conversion of 0.4 would give Pr[Bin(50, 0.4) >= 20] = 0.55, far
     * from the beta-binomial's 0.14: the test tells the two apart. */
    double fixed = 0;
    for (long k = 20; k <= n; k++)
        fixed += exp(log_choose((double)n, (double)k) + (double)k * log(0.4) + (double)(n - k) * log(0.6));
    assert_true(fabs(fixed - tail) > 8 * sqrt(tail * (1 - tail) / (double)trials));
    salesplan_simulation_free(sim);
    salesplan_plan_free(p);
}

static void test_confidence_mode_reaches_q(void **state)
{
    (void)state;
    salesplan_plan *p = make_plan(250000, 5000, 0);
    assert_int_equal(salesplan_plan_set_confidence(p, 0.9, NULL), SALESPLAN_OK);
    const unsigned long long trials = 200000;
    salesplan_simulation *sim = simulate(p, trials, 3, 0);
    const salesplan_simulation_summary *s = salesplan_simulation_summary_get(sim);
    /* The smallest N with Pr >= 0.9: the simulated chance is at least 0.9 and
     * one entry fewer would fall below it, so it is close to 0.9. */
    assert_true(s->p_hit >= 0.9 - 4 * sqrt(0.09 / (double)trials));
    assert_true(s->p_hit < 0.92);
    salesplan_simulation_free(sim);
    salesplan_plan_free(p);
}

static void test_lognormal_sizes(void **state)
{
    (void)state;
    salesplan_plan *p = make_plan(250000, 5000, 0.6);
    salesplan_simulation *sim = simulate(p, 200000, 5, 2);
    const salesplan_simulation_summary *s = salesplan_simulation_summary_get(sim);
    /* E[revenue] = A·E[deals]; Var = E[D]·(cv·A)^2 + Var(D)·A^2, Var(D) <= E[D]. */
    double ed = s->deals.mean;
    double sd = sqrt(ed * 0.36 * 5000 * 5000 + ed * 5000 * 5000);
    assert_within("revenue mean", s->revenue.mean, 5000 * ed, 5 * sd / sqrt(200000.0));
    assert_true(s->revenue.min != s->deals.min * 5000); /* sizes vary */
    salesplan_simulation_free(sim);
    salesplan_plan_free(p);
}

/* ---- determinism ---------------------------------------------------------------- */

static void test_same_for_any_thread_count(void **state)
{
    (void)state;
    salesplan_plan *p = make_plan(250000, 5000, 0.6);
    assert_int_equal(salesplan_plan_set_stage_observed(p, 1, 30, 30, NULL), SALESPLAN_OK);
    const unsigned long long trials = 4096 * 9 + 123; /* a partial last block */
    salesplan_simulation *ref = simulate(p, trials, 99, 1);
    char *ref_json = NULL;
    assert_int_equal(salesplan_simulation_render(&ref_json, NULL, ref, SALESPLAN_FORMAT_JSON, NULL),
                     SALESPLAN_OK);
    const unsigned threads[] = {2, 3, 4, 7, 64, 0, 1};
    for (size_t i = 0; i < sizeof threads / sizeof threads[0]; i++) {
        salesplan_simulation *sim = simulate(p, trials, 99, threads[i]);
        assert_memory_equal(salesplan_simulation_summary_get(sim),
                            salesplan_simulation_summary_get(ref),
                            sizeof(salesplan_simulation_summary));
        char *json = NULL;
        assert_int_equal(salesplan_simulation_render(&json, NULL, sim, SALESPLAN_FORMAT_JSON, NULL),
                         SALESPLAN_OK);
        assert_string_equal(json, ref_json);
        salesplan_free(json);
        salesplan_simulation_free(sim);
    }
    salesplan_free(ref_json);
    salesplan_simulation_free(ref);
    salesplan_plan_free(p);
}

/* The runner itself, on a hand-made model: every per-trial value is the same
 * for 1..8 threads, and with size_cv = 0 revenue is exactly deals × A. */
static void test_runner_per_trial(void **state)
{
    (void)state;
    slp_sim_stage st[3] = {{0.25, 0, 0, 400, 400, UINT64_MAX},
                           {0.5, 13, 7, 0, 0, UINT64_MAX},
                           {0.8, 0, 0, 9, 0, UINT64_MAX}};
    slp_sim_model m = {st, 3, 30000, 1234.5, 0.0, 0};
    const size_t n = 4096 * 3 + 5;
    double *rev[2];
    uint32_t *deals[2];
    for (int i = 0; i < 2; i++) {
        rev[i] = malloc(n * sizeof(double));
        deals[i] = malloc(n * sizeof(uint32_t));
        assert_non_null(rev[i]);
        assert_non_null(deals[i]);
    }
    for (int cv = 0; cv < 2; cv++) {
        m.size_cv = cv ? 0.6 : 0.0;
        slp_sim_totals t0, t1;
        assert_int_equal(slp_sim_run(&m, n, 42, 1, NULL, rev[0], deals[0], &t0, NULL), SALESPLAN_OK);
        for (unsigned th = 2; th <= 8; th++) {
            assert_int_equal(slp_sim_run(&m, n, 42, th, NULL, rev[1], deals[1], &t1, NULL),
                             SALESPLAN_OK);
            assert_memory_equal(rev[0], rev[1], n * sizeof(double));
            assert_memory_equal(deals[0], deals[1], n * sizeof(uint32_t));
            assert_memory_equal(&t0, &t1, sizeof t0);
        }
        uint64_t dsum = 0, hits = 0;
        for (size_t t = 0; t < n; t++) {
            dsum += deals[0][t];
            hits += rev[0][t] >= 30000;
            if (!cv)
                assert_true(rev[0][t] == (double)deals[0][t] * 1234.5);
            assert_true(deals[0][t] <= 409);
        }
        assert_true(dsum == t0.deals_sum);
        assert_true(hits == t0.hits);
        /* Mean deals: (400·0.25·E[c1] + 0)·0.8 + 9·0.8 with E[c1] = 13/20. */
        double want = 400 * 0.25 * 0.65 * 0.8 + 9 * 0.8;
        assert_within("runner mean deals", (double)dsum / (double)n, want, 0.5);
        /* A different seed gives different trials. */
        assert_int_equal(slp_sim_run(&m, n, 43, 2, NULL, rev[1], deals[1], &t1, NULL), SALESPLAN_OK);
        assert_memory_not_equal(deals[0], deals[1], n * sizeof(uint32_t));
    }
    for (int i = 0; i < 2; i++) {
        free(rev[i]);
        free(deals[i]);
    }
}

static void test_seeds_differ_runs_repeat(void **state)
{
    (void)state;
    salesplan_plan *p = make_plan(250000, 5000, 0.6);
    salesplan_simulation *a = simulate(p, 20000, 1, 2), *b = simulate(p, 20000, 1, 2);
    salesplan_simulation *c = simulate(p, 20000, 2, 2);
    const salesplan_simulation_summary *sa = salesplan_simulation_summary_get(a);
    const salesplan_simulation_summary *sc = salesplan_simulation_summary_get(c);
    assert_memory_equal(sa, salesplan_simulation_summary_get(b), sizeof *sa);
    assert_true(sa->revenue.mean != sc->revenue.mean);
    assert_true(sa->revenue.p50 != sc->revenue.p50);
    salesplan_simulation_free(a);
    salesplan_simulation_free(b);
    salesplan_simulation_free(c);
    salesplan_plan_free(p);
}

/* ---- quantiles and histograms ---------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* numpy.quantile(x, q) (linear) written from its definition on a sorted copy. */
static double ref_quantile(const double *sorted, size_t n, double q)
{
    double h = (double)(n - 1) * q;
    size_t i = (size_t)floor(h);
    double g = h - floor(h);
    double a = sorted[i], b = i + 1 < n ? sorted[i + 1] : a;
    return g >= 0.5 ? b - (b - a) * (1 - g) : a + (b - a) * g;
}

static void test_quantiles(void **state)
{
    (void)state;
    /* Hand-worked: numpy.quantile([1..5], [.1, .5, .9]) = [1.4, 3, 4.6]. */
    double x[5] = {5, 3, 1, 4, 2}, out[3];
    const double q[3] = {0.1, 0.5, 0.9};
    slp_sim_quantiles_d(x, 5, q, 3, out);
    assert_within("p10", out[0], 1.4, 1e-12);
    assert_within("p50", out[1], 3, 0);
    assert_within("p90", out[2], 4.6, 1e-12);
    uint32_t u[4] = {7, 7, 7, 9};
    slp_sim_quantiles_u32(u, 4, q, 3, out); /* h = 0.3, 1.5, 2.7 */
    assert_within("u p10", out[0], 7, 0);
    assert_within("u p50", out[1], 7, 0);
    assert_within("u p90", out[2], 8.4, 1e-12); /* 7 + 0.7·(9 - 7) */
    double one = 42;
    slp_sim_quantiles_d(&one, 1, q, 3, out);
    assert_true(out[0] == 42 && out[2] == 42);

    /* Random data with many ties against a full sort. */
    const size_t n = 100003;
    double *v = malloc(n * sizeof *v), *w = malloc(n * sizeof *w);
    uint32_t *vu = malloc(n * sizeof *vu);
    assert_non_null(v);
    assert_non_null(w);
    assert_non_null(vu);
    uint64_t s = 12345;
    for (size_t i = 0; i < n; i++) {
        s = s * 6364136223846793005u + 1442695040888963407u;
        vu[i] = (uint32_t)(s >> 54); /* 0..1023: ties */
        v[i] = i % 3 ? (double)(s >> 11) : (double)vu[i];
        w[i] = v[i];
    }
    const double qs[5] = {0, 0.1, 0.5, 0.9, 1};
    double got[5];
    slp_sim_quantiles_d(v, n, qs, 5, got);
    qsort(w, n, sizeof *w, cmp_double);
    for (int i = 0; i < 5; i++)
        assert_true(got[i] == ref_quantile(w, n, qs[i]));
    for (size_t i = 0; i < n; i++)
        w[i] = (double)vu[i];
    slp_sim_quantiles_u32(vu, n, qs, 5, got);
    qsort(w, n, sizeof *w, cmp_double);
    for (int i = 0; i < 5; i++)
        assert_true(got[i] == ref_quantile(w, n, qs[i]));
    free(v);
    free(w);
    free(vu);
}

static void test_histogram(void **state)
{
    (void)state;
    const double x[7] = {0, 0.5, 1, 2.5, 3.999, 4, 9};
    unsigned long long c[4];
    slp_sim_histogram_d(x, 7, 0, 4, 4, c); /* [0,1) [1,2) [2,3) [3,4] */
    assert_true(c[0] == 2 && c[1] == 1 && c[2] == 1 && c[3] == 2);

    salesplan_plan *p = make_plan(250000, 5000, 0);
    salesplan_simulation *sim = simulate(p, 10000, 1, 1);
    const salesplan_simulation_summary *s = salesplan_simulation_summary_get(sim);
    size_t bins = (size_t)(s->deals.max - s->deals.min) + 1;
    unsigned long long *cd = calloc(bins, sizeof *cd), *cr = calloc(bins, sizeof *cr);
    assert_non_null(cd);
    assert_non_null(cr);
    assert_int_equal(salesplan_simulation_histogram(cd, bins, sim, SALESPLAN_SIMULATION_DEALS,
                                                    s->deals.min - 0.5, s->deals.max + 0.5, NULL),
                     SALESPLAN_OK);
    assert_int_equal(salesplan_simulation_histogram(cr, bins, sim, SALESPLAN_SIMULATION_REVENUE,
                                                    (s->deals.min - 0.5) * 5000,
                                                    (s->deals.max + 0.5) * 5000, NULL),
                     SALESPLAN_OK);
    unsigned long long total = 0;
    for (size_t i = 0; i < bins; i++) {
        assert_true(cd[i] == cr[i]);
        total += cd[i];
    }
    assert_true(total == 10000);
    salesplan_error err;
    assert_int_equal(salesplan_simulation_histogram(cd, 3, sim, SALESPLAN_SIMULATION_DEALS, 1, 1,
                                                    &err),
                     SALESPLAN_EINVAL);
    assert_int_equal(salesplan_simulation_histogram(cd, 0, sim, SALESPLAN_SIMULATION_DEALS, 0, 1,
                                                    NULL),
                     SALESPLAN_EINVAL);
    assert_int_equal(salesplan_simulation_histogram(cd, 1, NULL, SALESPLAN_SIMULATION_DEALS, 0, 1,
                                                    NULL),
                     SALESPLAN_EINVAL);
    assert_int_equal(salesplan_simulation_histogram(cd, 1, sim, (salesplan_simulation_quantity)5,
                                                    0, 1, NULL),
                     SALESPLAN_EINVAL);
    free(cd);
    free(cr);
    salesplan_simulation_free(sim);
    salesplan_plan_free(p);
}

/* ---- options, errors, edge plans ------------------------------------------------- */

static void test_options_and_errors(void **state)
{
    (void)state;
    salesplan_simulate_options o = SALESPLAN_SIMULATE_OPTIONS_INIT, d;
    assert_int_equal(salesplan_simulate_options_init(&d, SALESPLAN_SIMULATE_OPTIONS_VERSION),
                     SALESPLAN_OK);
    assert_true(o.version == d.version && o.trials == d.trials && o.seed == d.seed &&
                o.threads == d.threads);
    assert_true(o.version == SALESPLAN_SIMULATE_OPTIONS_VERSION);
    assert_true(o.trials == 100000 && o.seed == 1 && o.threads == 0);
    assert_int_equal(salesplan_simulate_options_init(NULL, 1), SALESPLAN_EINVAL);
    assert_int_equal(salesplan_simulate_options_init(&d, 99), SALESPLAN_EINVAL);

    salesplan_plan *p = make_plan(250000, 5000, 0);
    salesplan_simulation *sim = (salesplan_simulation *)&o; /* must be reset to NULL */
    salesplan_error err;
    assert_int_equal(salesplan_simulate(&sim, NULL, NULL, &err), SALESPLAN_EINVAL);
    assert_null(sim);
    assert_int_equal(salesplan_simulate(NULL, p, NULL, &err), SALESPLAN_EINVAL);
    o.trials = 0;
    assert_int_equal(salesplan_simulate(&sim, p, &o, &err), SALESPLAN_EINVAL);
    assert_non_null(strstr(err.message, "trials"));
    o.trials = SALESPLAN_SIMULATE_MAX_TRIALS + 1;
    assert_int_equal(salesplan_simulate(&sim, p, &o, &err), SALESPLAN_ELIMIT);
    assert_non_null(strstr(err.message, "100000000"));
    o.trials = 10;
    o.threads = SALESPLAN_SIMULATE_MAX_THREADS + 1;
    assert_int_equal(salesplan_simulate(&sim, p, &o, &err), SALESPLAN_ELIMIT);
    assert_non_null(strstr(err.message, "threads"));
    o.threads = 1;
    o.version = SALESPLAN_SIMULATE_OPTIONS_VERSION + 1;
    assert_int_equal(salesplan_simulate(&sim, p, &o, &err), SALESPLAN_EINVAL);
    assert_null(sim);

    /* One trial and the default options both work. */
    o.version = SALESPLAN_SIMULATE_OPTIONS_VERSION;
    o.trials = 1;
    assert_int_equal(salesplan_simulate(&sim, p, &o, &err), SALESPLAN_OK);
    const salesplan_simulation_summary *s = salesplan_simulation_summary_get(sim);
    assert_true(s->trials == 1);
    assert_true(s->p_hit == 0 || s->p_hit == 1);
    assert_true(s->p_hit_se == 0);
    assert_true(s->deals.p10 == s->deals.p90);
    salesplan_simulation_free(sim);
    assert_int_equal(salesplan_simulate(&sim, p, NULL, NULL), SALESPLAN_OK);
    assert_true(salesplan_simulation_summary_get(sim)->trials == 100000);
    salesplan_simulation_free(sim);
    assert_null(salesplan_simulation_summary_get(NULL));
    salesplan_simulation_free(NULL);

    /* A plan the engine refuses: its error comes back. */
    salesplan_plan *bad = NULL;
    assert_int_equal(salesplan_plan_create(&bad, "No funnel", NULL), SALESPLAN_OK);
    assert_int_not_equal(salesplan_simulate(&sim, bad, NULL, &err), SALESPLAN_OK);
    assert_null(sim);
    salesplan_plan_free(bad);
    salesplan_plan_free(p);
}

static void test_pipeline_only_and_out_of_time(void **state)
{
    (void)state;
    /* The pipeline alone covers the target (20 × 0.4 = 8 >= 5 deals): no new
     * entries are needed, and wins are exactly Bin(20, 0.4) + Bin(10, 0.2). */
    salesplan_plan *p = make_plan(25000, 5000, 0);
    salesplan_simulation *sim = simulate(p, 100000, 8, 2);
    const salesplan_simulation_summary *s = salesplan_simulation_summary_get(sim);
    assert_within("pipeline mean", s->deals.mean, 8 + 2, 4 * sqrt((20 * 0.24 + 10 * 0.16) / 1e5));
    assert_true(s->deals.max <= 30);
    salesplan_simulation_free(sim);
    salesplan_plan_free(p);

    /* A 20-day period: Lead (L = 25 days) and Qualified (L = 20) are not in
     * time, Proposal (L = 10) is; only Proposal's pipeline and entries count. */
    p = make_plan(250000, 5000, 0);
    assert_int_equal(salesplan_plan_set_period(p, "2026-01-05", 20, NULL), SALESPLAN_OK);
    salesplan_result *r = NULL;
    assert_int_equal(salesplan_compute(&r, p, NULL, NULL), SALESPLAN_OK);
    const salesplan_stage_result *prop = salesplan_result_stage(r, 2);
    assert_false(salesplan_result_stage(r, 0)->reachable);
    assert_false(salesplan_result_stage(r, 1)->reachable);
    assert_true(prop->reachable);
    sim = simulate(p, 100000, 8, 2);
    s = salesplan_simulation_summary_get(sim);
    double n = prop->required_int + 20;
    assert_within("proposal-only mean", s->deals.mean, 0.4 * n, 4 * sqrt(n * 0.24 / 1e5));
    salesplan_simulation_free(sim);
    salesplan_result_free(r);
    salesplan_plan_free(p);
}

/* ---- rendering ----------------------------------------------------------------- */

static void test_render(void **state)
{
    (void)state;
    salesplan_plan *p = make_plan(250000, 5000, 0.6);
    salesplan_simulation *sim = simulate(p, 5000, 123, 2);
    const salesplan_simulation_summary *s = salesplan_simulation_summary_get(sim);
    char *text = NULL;
    size_t len = 0;
    assert_int_equal(salesplan_simulation_render(&text, &len, sim, SALESPLAN_FORMAT_JSON, NULL),
                     SALESPLAN_OK);
    assert_int_equal(len, strlen(text));
    tj doc = tj_load(text);
    assert_true(tj_ok(doc));
    assert_true(tj_int(tj_get(doc, "trials")) == 5000);
    assert_true(tj_int(tj_get(doc, "seed")) == 123);
    assert_true(tj_num(tj_get(doc, "p_hit")) == s->p_hit);
    assert_true(tj_num(tj_get(doc, "p_hit_se")) == s->p_hit_se);
    const char *keys[4] = {"mean", "p10", "p50", "p90"};
    const double rv[4] = {s->revenue.mean, s->revenue.p10, s->revenue.p50, s->revenue.p90};
    const double dv[4] = {s->deals.mean, s->deals.p10, s->deals.p50, s->deals.p90};
    for (int i = 0; i < 4; i++) {
        assert_true(tj_num(tj_get(tj_get(doc, "revenue"), keys[i])) ==
                    rv[i]);
        assert_true(tj_num(tj_get(tj_get(doc, "deals"), keys[i])) ==
                    dv[i]);
    }
    assert_string_equal(tj_str(tj_get(doc, "name")), "Simulated quarter");
    tj_drop(doc);
    salesplan_free(text);

    assert_int_equal(salesplan_simulation_render(&text, NULL, sim, SALESPLAN_FORMAT_MARKDOWN, NULL),
                     SALESPLAN_OK);
    assert_non_null(strstr(text, "# Simulation: Simulated quarter"));
    assert_non_null(strstr(text, "5,000 trials"));
    assert_non_null(strstr(text, "Chance of reaching the $250,000 target"));
    assert_non_null(strstr(text, "| Deals won |"));
    salesplan_free(text);

    assert_int_equal(salesplan_simulation_render(&text, &len, sim, SALESPLAN_FORMAT_SVG, NULL),
                     SALESPLAN_OK);
    assert_non_null(strstr(text, "<svg"));
    assert_non_null(strstr(text, "</svg>"));
    assert_int_equal(len, strlen(text));
    salesplan_free(text);

    salesplan_error err;
    assert_int_equal(salesplan_simulation_render(&text, NULL, sim, SALESPLAN_FORMAT_CSV, &err),
                     SALESPLAN_EINVAL);
    assert_null(text);
    assert_int_equal(salesplan_simulation_render(&text, NULL, NULL, SALESPLAN_FORMAT_JSON, NULL),
                     SALESPLAN_EINVAL);
    salesplan_simulation_free(sim);
    salesplan_plan_free(p);
}

/* ---- allocation failures ----------------------------------------------------------- */

static void test_allocation_failures(void **state)
{
    (void)state;
    salesplan_plan *p = make_plan(250000, 5000, 0.6);
    salesplan_simulate_options o = SALESPLAN_SIMULATE_OPTIONS_INIT;
    o.trials = 5000;
    o.threads = 2;
    int ok = 0;
    for (long n = 1; n < 2000 && !ok; n++) {
        assert_int_equal(tst_alloc_install(), SALESPLAN_OK);
        tst_alloc_fail_at(n);
        salesplan_simulation *sim = NULL;
        char *text = NULL;
        int rc = salesplan_simulate(&sim, p, &o, NULL);
        if (rc == SALESPLAN_OK) {
            rc = salesplan_simulation_render(&text, NULL, sim, SALESPLAN_FORMAT_MARKDOWN, NULL);
            ok = rc == SALESPLAN_OK && tst_alloc_state()->calls < n;
        }
        if (rc != SALESPLAN_OK)
            assert_int_equal(rc, SALESPLAN_ENOMEM);
        salesplan_free(text);
        salesplan_simulation_free(sim);
        assert_int_equal(tst_alloc_restore(), SALESPLAN_OK);
        assert_int_equal(tst_alloc_state()->live, 0);
    }
    assert_true(ok);
    salesplan_plan_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_p_hit_exact_binomial),
        cmocka_unit_test(test_p_hit_exact_beta_binomial),
        cmocka_unit_test(test_confidence_mode_reaches_q),
        cmocka_unit_test(test_lognormal_sizes),
        cmocka_unit_test(test_same_for_any_thread_count),
        cmocka_unit_test(test_runner_per_trial),
        cmocka_unit_test(test_seeds_differ_runs_repeat),
        cmocka_unit_test(test_quantiles),
        cmocka_unit_test(test_histogram),
        cmocka_unit_test(test_options_and_errors),
        cmocka_unit_test(test_pipeline_only_and_out_of_time),
        cmocka_unit_test(test_render),
        cmocka_unit_test(test_allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
