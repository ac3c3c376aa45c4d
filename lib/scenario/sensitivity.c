/* salesplan_sensitivity_run(): one lever at a time, the others at base (SPEC §13).
 * Every setting is computed, and with trials simulated with the same seed and
 * trials (common random numbers: the differences between settings are the
 * levers', not the noise's). Levers are then ranked by the swing of rank_by. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/error.h"
#include "common/free_all.h"
#include "scenario/scenario_internal.h"

const char *const slp_sens_output_names[SLP_SENS_OUTPUTS] = {
    "deals_needed", "first_stage_entries", "activity_per_rep_per_workday",
    "hires_needed", "capacity_gap",        "p_hit"};

/* The outputs of one setting. */
static int outputs_of(const salesplan_plan *p, const salesplan_scenario_options *o, long act,
                      double *v, salesplan_error *err)
{
    salesplan_result *r = NULL;
    salesplan_simulation *sim = NULL;
    int rc = slp_scenario_run(p, o, 0, &r, &sim, err);
    if (rc != SALESPLAN_OK)
        return rc;
    v[SLP_OUT_DEALS] = salesplan_result_overview_get(r)->deals_needed;
    const salesplan_stage_result *st = salesplan_result_stage(r, 0);
    v[SLP_OUT_ENTRIES] = st ? st->required : (double)NAN;
    const salesplan_activity_result *a = act >= 0 ? salesplan_result_activity(r, (size_t)act)
                                                  : NULL;
    v[SLP_OUT_ACTIVITY] = a ? a->per_rep_per_workday : (double)NAN;
    v[SLP_OUT_HIRES] = salesplan_result_capacity(r)->hires_total;
    v[SLP_OUT_GAP] = salesplan_result_capacity(r)->gap;
    v[SLP_OUT_PHIT] = sim ? salesplan_simulation_summary_get(sim)->p_hit : (double)NAN;
    salesplan_result_free(r);
    salesplan_simulation_free(sim);
    return SALESPLAN_OK;
}

static double elasticity(double out_lo, double out_hi, double lev_lo, double lev_hi)
{
    if (!(out_lo > 0.0 && out_hi > 0.0 && lev_lo > 0.0 && lev_hi > 0.0) || lev_lo == lev_hi)
        return NAN;
    return (log(out_hi) - log(out_lo)) / (log(lev_hi) - log(lev_lo));
}

void salesplan_sensitivity_free(salesplan_sensitivity *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; s->texts && i < 2 * s->nlev; i++)
        slp_free(s->texts[i]);
    SLP_FREE_ALL(s->texts, s->levers, s->outs, s->activity, s->currency, s->name, s);
}

/* Rank by swing of output k, largest first, NaN last, ties in lever order. */
static void rank(salesplan_sensitivity *s, size_t *order)
{
    int k = s->rank_by;
    for (size_t i = 1; i < s->nlev; i++) { /* insertion sort: stable, n is small */
        size_t x = order[i], j = i;
        double sx = s->outs[x * SLP_SENS_OUTPUTS + (size_t)k].swing;
        while (j > 0) {
            double sy = s->outs[order[j - 1] * SLP_SENS_OUTPUTS + (size_t)k].swing;
            int before = !isnan(sx) && (isnan(sy) || sx > sy);
            if (!before)
                break;
            order[j] = order[j - 1];
            j--;
        }
        order[j] = x;
    }
}

salesplan_status salesplan_sensitivity_run(salesplan_sensitivity **out, const salesplan_plan *plan,
                                       const salesplan_scenario_options *opts,
                                       salesplan_error *err)
{
    slp_error_clear(err);
    if (out)
        *out = NULL;
    if (out == NULL || plan == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "salesplan_sensitivity_run: %s is NULL", out ? "plan" : "out");
    salesplan_scenario_options o;
    int rc = slp_scenario_options(opts, &o, err);
    if (rc != SALESPLAN_OK)
        return rc;
    int rank_by = SLP_OUT_DEALS;
    if (o.rank_by) {
        rank_by = -1;
        for (int k = 0; k < SLP_SENS_OUTPUTS; k++)
            if (strcmp(o.rank_by, slp_sens_output_names[k]) == 0)
                rank_by = k;
        if (rank_by < 0 || (rank_by == SLP_OUT_PHIT && o.trials == 0))
            return slp_error_set(err, SALESPLAN_EINVAL, "rank_by", 0, 0,
                                 "rank_by must be one of deals_needed, first_stage_entries, "
                                 "activity_per_rep_per_workday, hires_needed, capacity_gap, "
                                 "p_hit (with trials); found \"%.60s\"",
                                 o.rank_by);
    }
    long act = salesplan_plan_activity_count(plan) > 0 ? 0 : -1;
    if (o.activity) {
        act = -1;
        for (size_t i = 0, n = salesplan_plan_activity_count(plan); i < n && act < 0; i++) {
            const char *nm = NULL;
            if (salesplan_plan_activity_name(&nm, plan, i) == SALESPLAN_OK && nm &&
                strcmp(nm, o.activity) == 0)
                act = (long)i;
        }
        if (act < 0)
            return slp_error_set(err, SALESPLAN_EINVAL, "activity", 0, 0,
                                 "no activity is named \"%.60s\"", o.activity);
    }
    salesplan_sensitivity *s = slp_calloc(1, sizeof *s);
    if (s == NULL)
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    s->nout = o.trials > 0 ? SLP_SENS_OUTPUTS : SLP_SENS_OUTPUTS - 1;
    s->rank_by = rank_by;
    s->step = o.step;
    s->trials = o.trials;
    s->seed = o.seed;
    const char *an = NULL;
    if (act >= 0)
        salesplan_plan_activity_name(&an, plan, (size_t)act);
    s->activity = an ? slp_strdup(an) : NULL;
    s->name = slp_strdup(salesplan_plan_name(plan) ? salesplan_plan_name(plan) : "");
    s->currency = slp_strdup(salesplan_plan_currency(plan) ? salesplan_plan_currency(plan)
                                                            : "USD");
    slp_lever *lv = NULL;
    size_t nlev = 0;
    if ((an && !s->activity) || !s->name || !s->currency) {
        salesplan_sensitivity_free(s);
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    }
    rc = outputs_of(plan, &o, act, s->base, err);
    if (rc == SALESPLAN_OK)
        rc = slp_levers_build(plan, o.step, &lv, &nlev, err);
    double *raw = NULL; /* per lever: low outputs, then high outputs */
    size_t *order = NULL;
    if (rc == SALESPLAN_OK) {
        raw = slp_reallocarray(NULL, nlev ? nlev : 1, 2 * SLP_SENS_OUTPUTS * sizeof *raw);
        order = slp_reallocarray(NULL, nlev ? nlev : 1, sizeof *order);
        s->outs = slp_reallocarray(NULL, nlev ? nlev : 1, SLP_SENS_OUTPUTS * sizeof *s->outs);
        s->levers = slp_calloc(nlev ? nlev : 1, sizeof *s->levers);
        s->texts = slp_calloc(2 * (nlev ? nlev : 1), sizeof *s->texts);
        if (!raw || !order || !s->outs || !s->levers || !s->texts)
            rc = slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t i = 0; i < nlev && rc == SALESPLAN_OK; i++) {
        double *lo = &raw[i * 2 * SLP_SENS_OUTPUTS], *hi = lo + SLP_SENS_OUTPUTS;
        salesplan_error e;
        rc = outputs_of(lv[i].lo, &o, act, lo, &e);
        if (rc == SALESPLAN_OK)
            rc = outputs_of(lv[i].hi, &o, act, hi, &e);
        if (rc != SALESPLAN_OK) {
            slp_error_set(err, rc, e.path, 0, 0, "lever \"%.80s\": %s", lv[i].name, e.message);
            break;
        }
        salesplan_sensitivity_output *so = &s->outs[i * SLP_SENS_OUTPUTS];
        for (int k = 0; k < SLP_SENS_OUTPUTS; k++) {
            so[k].name = slp_sens_output_names[k];
            so[k].low = lo[k];
            so[k].high = hi[k];
            so[k].swing = fabs(hi[k] - lo[k]);
            so[k].elasticity = elasticity(lo[k], hi[k], lv[i].low, lv[i].high);
        }
        order[i] = i;
    }
    if (rc == SALESPLAN_OK) {
        s->nlev = nlev;
        rank(s, order);
        /* levers in rank order, each pointing at its outputs */
        for (size_t r = 0; r < nlev; r++) {
            size_t i = order[r];
            salesplan_sensitivity_lever *L = &s->levers[r];
            L->lever = s->texts[2 * r] = lv[i].name;
            L->path = s->texts[2 * r + 1] = lv[i].path;
            lv[i].name = lv[i].path = NULL; /* moved */
            L->base = lv[i].base;
            L->low = lv[i].low;
            L->high = lv[i].high;
            L->outputs = &s->outs[i * SLP_SENS_OUTPUTS];
        }
    }
    slp_levers_free(lv, nlev);
    slp_free(raw);
    slp_free(order);
    if (rc != SALESPLAN_OK) {
        salesplan_sensitivity_free(s);
        return rc;
    }
    *out = s;
    return SALESPLAN_OK;
}

size_t salesplan_sensitivity_output_count(const salesplan_sensitivity *s)
{
    return s ? s->nout : 0;
}

const char *salesplan_sensitivity_output_name(const salesplan_sensitivity *s, size_t i)
{
    return s && i < s->nout ? slp_sens_output_names[i] : NULL;
}

double salesplan_sensitivity_base(const salesplan_sensitivity *s, size_t i)
{
    return s && i < s->nout ? s->base[i] : (double)NAN;
}

const char *salesplan_sensitivity_rank_by(const salesplan_sensitivity *s)
{
    return s ? slp_sens_output_names[s->rank_by] : NULL;
}

size_t salesplan_sensitivity_lever_count(const salesplan_sensitivity *s)
{
    return s ? s->nlev : 0;
}

const salesplan_sensitivity_lever *salesplan_sensitivity_lever_get(const salesplan_sensitivity *s,
                                                                   size_t i)
{
    return s && i < s->nlev ? &s->levers[i] : NULL;
}
