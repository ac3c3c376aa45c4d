/* Internal: funnel arithmetic (SPEC §4). Pure functions on plain arrays,
 * no allocation except in slp_funnel_confidence_entries (through lib/common/alloc.h).
 * Stages are 0..n with n = count - 1 the won stage. Thread-safe. */
#ifndef SLP_FUNNEL_H
#define SLP_FUNNEL_H

#include <stddef.h>

#include "salesplan/result.h"

/* The engine's tolerance for "whole" counts: ceil(x - SLP_EPS). */
#define SLP_EPS 1e-9

/* ceil(x - 1e-9), with -0 and negatives turned into 0; NaN stays NaN. */
double slp_ceil_count(double x);

/* P_k = c_k···c_{n-1} (P_n = 1) and L_k = days_k + ... + days_{n-1} (L_n = 0).
 * conv[k] and days[k] are read for k < count - 1 only. */
void slp_funnel_close(const double *conv, const double *days, size_t count, double *P,
                      double *L);

/* 1 when a deal entering a stage L days from closing on day 0 can be won in
 * a period of H days: L <= H - 1. */
int slp_funnel_in_time(double L, int days);

/* E = sum over in-time stages k of pipe[k]·P_k (pipe[n] is ignored). */
double slp_funnel_existing(const double *P, const double *L, const double *pipe, size_t count,
                           int days);

/* Expected mode: D = ceil(max(0, T/A - E) - 1e-9). */
double slp_funnel_deals_expected(double revenue, double deal_size, double existing);

/* Confidence mode: D = ceil(T/A - 1e-9). */
double slp_funnel_deals_confidence(double revenue, double deal_size);

/* Expected mode: N_k = D / P_k (N_n = D). */
void slp_funnel_expected_entries(const double *P, size_t count, double deals, double *N);

/* The exact distribution of the wins of the in-time pipeline (stages k < n
 * with pipe[k] > 0 and L_k <= days - 1): (*pmf)[y] = Pr[Y = y], y < *len,
 * allocated with slp_malloc (free with slp_free). SALESPLAN_OK, SALESPLAN_ENOMEM,
 * SALESPLAN_ELIMIT (more than SLP_PIPELINE_MAX_DEALS open deals; `err` says so). */
int slp_funnel_pipeline_pmf(const double *P, const double *L, const double *pipe, size_t count,
                            int days, double **pmf, size_t *len, salesplan_error *err);

/* Confidence mode: N_k = smallest integer N with Pr[X + Y >= D] >= q, X ~
 * Bin(N, P_k), Y the exact wins of the in-time pipeline (independent
 * Bin(pipe[j], P_j) over in-time j). Returns SALESPLAN_OK, SALESPLAN_ENOMEM,
 * or SALESPLAN_ELIMIT when the exact computation is out of reach (then the
 * message, if `err` is given, says why). */
int slp_funnel_confidence_entries(const double *P, const double *L, const double *pipe,
                                  size_t count, int days, double deals, double q, double *N,
                                  salesplan_error *err);

/* Inputs of one activity's figures. */
typedef struct slp_activity_in {
    double per_entry;       /* e */
    double share;           /* sigma */
    double entries;         /* N_s of its stage */
    double to_close;        /* P_s */
    double window_workdays; /* W_s; NaN when the stage is unreachable */
    double headcount;       /* HC of its role over the window; NaN without a role */
    double minutes;         /* per unit; NaN when absent */
    double minutes_per_day; /* of its role (360 without a role) */
} slp_activity_in;

/* total = σ·e·N_s; per_workday = total / W_s; per_rep_per_workday =
 * per_workday / HC (NaN when HC is NaN or 0); per_deal = σ·e / P_s;
 * fte = per_workday·minutes / minutes_per_day (NaN without minutes).
 * Name, stage and role of `out` are left untouched. */
void slp_activity_figures(const slp_activity_in *in, salesplan_activity_result *out);

#endif
