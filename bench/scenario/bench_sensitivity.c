/* Benchmark of salesplan_sensitivity_run() on the built-in example with
 * 20,000 trials per setting (issue 14: well under a second on 2 cores),
 * against a named baseline: one plain salesplan_simulate() of the same plan
 * and trials. Every setting (the base and each lever's low and high) is one
 * such simulation plus a compute, so the ratio shows the overhead over
 * "settings x one simulate".
 *
 * With --stability it also measures how many trials make the ranking by
 * p_hit stable: for each trial count, the share of seeds 1..S whose top-5
 * levers (in order) equal those of a 400,000-trial reference run.
 *
 * Usage: bench_sensitivity [--trials N] [--repeat R] [--stability] */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "salesplan.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return v[n / 2];
}

/* The top-k lever names by p_hit swing, joined, into buf. */
static int top_levers(const salesplan_plan *p, unsigned long long trials, unsigned long long seed,
                      size_t k, char *buf, size_t size)
{
    salesplan_scenario_options o = SALESPLAN_SCENARIO_OPTIONS_INIT;
    o.trials = trials;
    o.seed = seed;
    o.rank_by = "p_hit";
    salesplan_sensitivity *s = NULL;
    if (salesplan_sensitivity_run(&s, p, &o, NULL) != SALESPLAN_OK)
        return -1;
    buf[0] = '\0';
    for (size_t i = 0; i < k && i < salesplan_sensitivity_lever_count(s); i++) {
        strncat(buf, salesplan_sensitivity_lever_get(s, i)->lever, size - strlen(buf) - 2);
        strncat(buf, "|", size - strlen(buf) - 1);
    }
    salesplan_sensitivity_free(s);
    return 0;
}

int main(int argc, char **argv)
{
    unsigned long long trials = 20000;
    int repeat = 7, stability = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--trials") == 0 && i + 1 < argc)
            trials = strtoull(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc)
            repeat = atoi(argv[++i]);
        else if (strcmp(argv[i], "--stability") == 0)
            stability = 1;
    }
    if (repeat < 1 || repeat > 100)
        repeat = 7;
    salesplan_plan *p = NULL;
    if (salesplan_example_plan(&p) != SALESPLAN_OK)
        return 1;
    double t_sens[100], t_sim[100];
    size_t levers = 0;
    for (int r = 0; r < repeat; r++) {
        salesplan_scenario_options o = SALESPLAN_SCENARIO_OPTIONS_INIT;
        o.trials = trials;
        salesplan_sensitivity *s = NULL;
        double t0 = now();
        if (salesplan_sensitivity_run(&s, p, &o, NULL) != SALESPLAN_OK)
            return 1;
        t_sens[r] = now() - t0;
        levers = salesplan_sensitivity_lever_count(s);
        salesplan_sensitivity_free(s);
        salesplan_simulate_options so = SALESPLAN_SIMULATE_OPTIONS_INIT;
        so.trials = trials;
        salesplan_simulation *sim = NULL;
        t0 = now();
        if (salesplan_simulate(&sim, p, &so, NULL) != SALESPLAN_OK)
            return 1;
        t_sim[r] = now() - t0;
        salesplan_simulation_free(sim);
    }
    double ms = median(t_sens, repeat), base = median(t_sim, repeat);
    size_t settings = 2 * levers + 1;
    printf("sensitivity of the built-in example: %zu levers, %zu settings, %llu trials each\n",
           levers, settings, trials);
    printf("  whole analysis (median of %d): %.3f s\n", repeat, ms);
    printf("  baseline, one plain simulate of %llu trials: %.4f s\n", trials, base);
    printf("  ratio: %.1f baselines (%zu settings: %.2f baselines per setting)\n", ms / base,
           settings, ms / base / (double)settings);
    if (stability) {
        static const unsigned long long counts[] = {1000, 2000, 5000, 10000, 20000, 50000};
        const int seeds = 10;
        char ref3[2048], ref5[2048], got[2048];
        if (top_levers(p, 400000, 12345, 3, ref3, sizeof ref3) != 0 ||
            top_levers(p, 400000, 12345, 5, ref5, sizeof ref5) != 0)
            return 1;
        printf("ranking by p_hit, top 5 of a 400,000-trial run: %s\n", ref5);
        for (size_t c = 0; c < sizeof counts / sizeof counts[0]; c++) {
            int same3 = 0, same5 = 0;
            for (int sd = 1; sd <= seeds; sd++) {
                if (top_levers(p, counts[c], (unsigned long long)sd, 5, got, sizeof got) != 0)
                    return 1;
                same5 += strcmp(got, ref5) == 0;
                same3 += strncmp(got, ref3, strlen(ref3)) == 0;
            }
            printf("  %6llu trials: same top 3 for %2d of %d seeds, same top 5 for %2d\n",
                   counts[c], same3, seeds, same5);
        }
    }
    salesplan_plan_free(p);
    return 0;
}
