/* Internal: pipeline and unit-economics metrics (SPEC §6). Pure, thread-safe. */
#ifndef SLP_METRICS_H
#define SLP_METRICS_H

#include "salesplan/result.h"

/* Inputs; economics fields are NaN when absent. */
typedef struct slp_metrics_in {
    double win_rate;           /* P_o of the opportunity stage */
    double cycle_days;         /* L_o */
    double open_opportunities; /* open deals at or past the opportunity stage */
    double deal_size;          /* A */
    double revenue;            /* T */
    double existing;           /* E (in-time pipeline, expected wins) */
    double arpa_monthly;
    double gross_margin;
    double churn_monthly;
    double cac;
} slp_metrics_in;

/* Fill every field of `out`; a figure whose inputs are absent (or whose
 * formula is undefined: no open opportunities, zero cycle) is NaN, never 0. */
void slp_metrics_compute(const slp_metrics_in *in, salesplan_metrics_result *out);

#endif
