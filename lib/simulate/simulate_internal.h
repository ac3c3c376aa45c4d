/* Internal: the simulation model, the trial runner and the summary helpers
 * behind <salesplan/simulate.h>. Not installed.
 *
 * simulate.c turns a computed plan into an slp_sim_model; sim_run.c runs the
 * trials (in blocks of SLP_SIM_BLOCK, each with its own random stream, so the
 * output does not depend on the thread count); sim_stats.c computes the
 * summary and histograms from the per-trial values; simulate_render.c writes
 * JSON and Markdown. */
#ifndef SLP_SIMULATE_INTERNAL_H
#define SLP_SIMULATE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "salesplan/simulate.h"

/* Trials per block: block b covers trials [b·SLP_SIM_BLOCK, (b+1)·SLP_SIM_BLOCK)
 * and draws from stream b of the seed (rng.h). Part of the output's identity:
 * changing it changes every result. */
#define SLP_SIM_BLOCK 4096u

/* One non-won stage of the funnel as the simulation sees it. */
typedef struct slp_sim_stage {
    double conversion; /* fixed conversion c_k, used when beta_a is 0 */
    double beta_a;     /* > 0: conversion drawn per trial from Beta(beta_a, beta_b) */
    double beta_b;
    uint64_t inflow;   /* deals entering this stage at the start of every trial:
                          new entries (first reachable stage) plus in-time pipeline */
    uint64_t entries;  /* the new entries part of inflow */
    uint64_t cap;      /* capped model: most new deals that may enter this stage
                          (the team's capacity, SPEC §13); UINT64_MAX = no cap */
} slp_sim_stage;

/* Most stages the capped trial handles (the plan format's limit). */
#define SLP_SIM_MAX_STAGES 1000u

typedef struct slp_sim_model {
    const slp_sim_stage *stages; /* the non-won stages, in funnel order */
    size_t nstages;
    double target;    /* T */
    double deal_size; /* A */
    double size_cv;   /* >= 0; 0 gives revenue = deals · A exactly */
    int capped;       /* new entries flow stage by stage, at most `cap` entering each */
} slp_sim_model;

/* Totals of a run, merged block by block in block order. */
typedef struct slp_sim_totals {
    double revenue_sum; /* sum of per-block sums (each in trial order) */
    uint64_t deals_sum;
    uint64_t hits;      /* trials with revenue >= target */
} slp_sim_totals;

/* Largest deal-size cv: sizes are exp(mu + sigma·Z) with |Z| < 14 and the
 * exponential of slp_exp_batch() needs |sigma·Z| <= 708; cv = 1e150 gives
 * sigma = 26.3. */
#define SLP_SIM_MAX_CV 1e150

/* Largest number of deals a trial may produce (they are stored as uint32_t). */
#define SLP_SIM_MAX_DEALS 4294967295ull

/* The caller's progress callback (fn may be NULL). */
typedef struct slp_sim_progress {
    salesplan_progress_fn fn;
    void *ctx;
} slp_sim_progress;

/* Run `trials` trials of `m` with `threads` threads (>= 1), writing the revenue
 * and deal count of trial t to revenue[t] and deals[t]. The model must keep
 * the sum of inflows <= SLP_SIM_MAX_DEALS. A thread that cannot be started is
 * left out (same output, less speed). The calling thread calls `progress`
 * (when its fn is set) after each block it runs; a nonzero answer stops every
 * thread before its next block. Returns SALESPLAN_OK, SALESPLAN_ENOMEM or
 * SALESPLAN_ECANCELED. */
int slp_sim_run(const slp_sim_model *m, uint64_t trials, uint64_t seed, unsigned threads,
                const slp_sim_progress *progress, double *revenue, uint32_t *deals,
                slp_sim_totals *tot, salesplan_error *err);

/* Quantiles by linear interpolation (numpy's default) of x[0..n), n >= 1, for
 * the ascending probabilities q[0..nq); the values are reordered (partial
 * selection, O(n) expected per quantile). */
void slp_sim_quantiles_d(double *x, size_t n, const double *q, size_t nq, double *out);
void slp_sim_quantiles_u32(uint32_t *x, size_t n, const double *q, size_t nq, double *out);

/* Fill `s` from the per-trial values (reordering them) and the totals. */
void slp_sim_summarise(double *revenue, uint32_t *deals, size_t n, const slp_sim_totals *tot,
                       double target, salesplan_simulation_summary *s);

/* Equal-width histogram of doubles or uint32 values (see
 * salesplan_simulation_histogram() for the bin rule); counts is zeroed first. */
void slp_sim_histogram_d(const double *x, size_t n, double lo, double hi, size_t bins,
                         unsigned long long *counts);
void slp_sim_histogram_u32(const uint32_t *x, size_t n, double lo, double hi, size_t bins,
                           unsigned long long *counts);

/* The handle. */
struct salesplan_simulation {
    salesplan_simulation_summary summary;
    double *revenue;  /* per trial (order not meaningful after summarising) */
    uint32_t *deals;
    size_t n;
    char *name;       /* plan name and currency, for the renderers */
    char *currency;
};

#endif
