/* Benchmark of salesplan_simulate(): a 5-stage plan (4 conversions, then
 * Won) with lognormal deal sizes (cv 0.6) and an open pipeline, run for
 * --trials trials (default 1,000,000) with --threads threads (default 2).
 *
 * Prints the best wall time of --repeat runs and the figures, and with
 * --model FILE writes the per-trial model (inflows, conversions, sizes) as
 * JSON for the numpy baseline (simulate_numpy.py); run_bench.sh prints the
 * ratio. Uses only the public API. */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "salesplan.h"
#include "model/plan_model.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int check(int rc, const salesplan_error *err, const char *what)
{
    if (rc != SALESPLAN_OK) {
        fprintf(stderr, "bench_simulate: %s: %s\n", what, err->message);
        exit(1);
    }
    return rc;
}

/* Lead 0.3 -> Qualified 0.5 -> Demo 0.6 -> Proposal 0.45 -> Won over a
 * 90-day quarter, $250,000 target, $5,000 deals with cv 0.6, pipeline 10 in
 * Demo and 8 in Proposal. */
static salesplan_plan *bench_plan(void)
{
    salesplan_plan *p = NULL;
    salesplan_error err;
    err.message[0] = '\0';
    check(salesplan_plan_create(&p, "Benchmark quarter", NULL), &err, "create");
    check(salesplan_plan_set_period(p, "2026-01-05", 90, NULL), &err, "period");
    check(salesplan_plan_set_target_revenue(p, 250000, NULL), &err, "target");
    check(salesplan_plan_set_deal_size(p, 5000, NULL), &err, "deal size");
    check(salesplan_plan_set_deal_size_cv(p, 0.6, NULL), &err, "size cv");
    check(salesplan_plan_add_stage(p, "Lead", 0.3, 3, NULL), &err, "stage");
    check(salesplan_plan_add_stage(p, "Qualified", 0.5, 5, NULL), &err, "stage");
    check(salesplan_plan_add_stage(p, "Demo", 0.6, 7, NULL), &err, "stage");
    check(salesplan_plan_add_stage(p, "Proposal", 0.45, 10, NULL), &err, "stage");
    check(salesplan_plan_add_stage(p, "Won", NAN, 0, NULL), &err, "stage");
    check(salesplan_plan_set_pipeline(p, "Demo", 10, NULL), &err, "pipeline");
    check(salesplan_plan_set_pipeline(p, "Proposal", 8, NULL), &err, "pipeline");
    return p;
}

/* The model the simulation runs, for the numpy baseline: inflow per stage
 * (required entries of the first reachable stage plus in-time pipeline). */
static void write_model(const salesplan_plan *p, unsigned long long trials,
                        unsigned long long seed, const char *path)
{
    salesplan_result *r = NULL;
    salesplan_error err;
    check(salesplan_compute(&r, p, NULL, &err), &err, "compute");
    const salesplan_result_overview *ov = salesplan_result_overview_get(r);
    size_t n = salesplan_result_stage_count(r);
    FILE *f = fopen(path, "w");
    if (f == NULL) {
        perror(path);
        exit(1);
    }
    fprintf(f, "{\"trials\": %llu, \"seed\": %llu, \"target\": %.17g, \"deal_size\": %.17g, "
               "\"size_cv\": %.17g,\n \"stages\": [",
            trials, seed, ov->revenue, salesplan_plan_deal_size(p),
            salesplan_plan_deal_size_cv(p));
    int entered = 0;
    for (size_t k = 0; k + 1 < n; k++) {
        const salesplan_stage_result *st = salesplan_result_stage(r, k);
        double inflow = 0;
        if (!entered && st->reachable) {
            entered = 1;
            inflow = st->required_int;
        }
        for (size_t i = 0; i < salesplan_plan_pipeline_count(p); i++)
            if (strcmp(slp_text_at(salesplan_plan_pipeline_stage, p, i), st->name) == 0 &&
                st->days_to_close <= ov->days - 1)
                inflow += (double)slp_llong_at(salesplan_plan_pipeline_deals, p, i);
        fprintf(f, "%s{\"name\": \"%s\", \"conversion\": %.17g, \"inflow\": %.0f}",
                k ? ", " : "", st->name, st->conversion, inflow);
    }
    fprintf(f, "]}\n");
    fclose(f);
    salesplan_result_free(r);
}

int main(int argc, char **argv)
{
    unsigned long long trials = 1000000, seed = 1;
    unsigned threads = 2;
    int repeat = 3;
    const char *model = NULL;
    for (int i = 1; i < argc; i++) {
        if (i + 1 < argc && strcmp(argv[i], "--trials") == 0)
            trials = strtoull(argv[++i], NULL, 10);
        else if (i + 1 < argc && strcmp(argv[i], "--threads") == 0)
            threads = (unsigned)strtoul(argv[++i], NULL, 10);
        else if (i + 1 < argc && strcmp(argv[i], "--seed") == 0)
            seed = strtoull(argv[++i], NULL, 10);
        else if (i + 1 < argc && strcmp(argv[i], "--repeat") == 0)
            repeat = atoi(argv[++i]);
        else if (i + 1 < argc && strcmp(argv[i], "--model") == 0)
            model = argv[++i];
        else {
            fprintf(stderr, "usage: bench_simulate [--trials N] [--threads N] [--seed S] "
                            "[--repeat R] [--model FILE]\n");
            return 64;
        }
    }
    salesplan_plan *p = bench_plan();
    if (model)
        write_model(p, trials, seed, model);
    salesplan_simulate_options o = SALESPLAN_SIMULATE_OPTIONS_INIT;
    o.trials = trials;
    o.seed = seed;
    o.threads = threads;
    double best = INFINITY;
    char *json = NULL;
    for (int r = 0; r < (repeat > 0 ? repeat : 1); r++) {
        salesplan_simulation *sim = NULL;
        salesplan_error err;
        double t0 = now();
        check(salesplan_simulate(&sim, p, &o, &err), &err, "simulate");
        double t = now() - t0;
        best = t < best ? t : best;
        salesplan_free(json);
        json = NULL;
        check(salesplan_simulation_render(&json, NULL, sim, SALESPLAN_FORMAT_JSON, &err), &err,
              "render");
        salesplan_simulation_free(sim);
    }
    printf("c_seconds %.6f\ntrials %llu\nthreads %u\n%s", best, trials, threads, json);
    salesplan_free(json);
    salesplan_plan_free(p);
    return 0;
}
