/* From accumulators to figures: rates, intervals, medians, groups, funnel fragment. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/error.h"
#include "estimate/estimate_internal.h"
#include "estimate/group_names.h"

/* The spelling of the won stage as the export writes it, whatever order the
 * rows and merged parts came in: the first won name (options, else "won" then
 * "closed won") that occurs, spelled as the export does (the bytewise smallest
 * spelling when it varies). */
static const char *default_won_names[] = {"won", "closed won"};

static void won_spelling(slp_est_ctx *x)
{
    const char *const *names = x->o->won_count ? x->o->won_names : default_won_names;
    size_t count = x->o->won_count ? x->o->won_count : 2;
    char *best = x->first_won_spelling;
    best[0] = '\0';
    for (size_t i = 0; i < count && best[0] == '\0'; i++)
        for (uint32_t id = 0; id < x->stage_values.count; id++) {
            if (x->stage_class[id] != SLP_CLASS_WON)
                continue;
            size_t n;
            const char *k = slp_dict_key(&x->stage_values, id, &n);
            slp_est_trim(&k, &n);
            if (n >= sizeof x->first_won_spelling || !slp_utf8_valid(k, n) ||
                !slp_est_name_eq(names[i], strlen(names[i]), k, n))
                continue;
            size_t bn = strlen(best);
            int c = memcmp(k, best, n < bn ? n : bn);
            if (best[0] == '\0' || c < 0 || (c == 0 && n < bn)) {
                memcpy(best, k, n);
                best[n] = '\0';
            }
        }
}

const char *slp_est_won_name(const slp_est_ctx *x)
{
    if (x->won_in_order)
        return x->won_in_order;
    won_spelling((slp_est_ctx *)(uintptr_t)x);
    if (x->first_won_spelling[0])
        return x->first_won_spelling;
    return x->o->won_count ? x->o->won_names[0] : "Won";
}

static void fill(const slp_est_acc *a, salesplan_estimate_figures *f)
{
    f->deals = a->deals;
    f->won = a->won;
    f->lost = a->lost;
    f->open = a->open;
    long long closed = a->won + a->lost;
    f->win_rate = closed > 0 ? (double)a->won / (double)closed : (double)NAN;
    slp_wilson(a->won, closed, &f->win_rate_low, &f->win_rate_high);
    f->won_amount_count = a->amount_n;
    double sum = slp_xsum_value(&a->amount);
    f->won_amount_sum = a->amount_n > 0 ? sum : (double)NAN;
    f->won_amount_mean = a->amount_n > 0 ? sum / (double)a->amount_n : (double)NAN;
    f->won_amount_median = NAN;
    f->cycle_count = a->cycle_n;
    f->cycle_days_mean = a->cycle_n > 0 ? (double)a->cycle_sum / (double)a->cycle_n : (double)NAN;
    f->cycle_days_median = NAN;
    f->cycle_days_p90 = NAN;
}

/* Medians and p90 from the value sets of one column (or the overall ones). */
static int medians(slp_mset *amounts, slp_mset *cycles, salesplan_estimate_figures *figs,
                   size_t n)
{
    double *tmp = slp_calloc(n * 3 + 1, sizeof *tmp);
    if (tmp == NULL)
        return SALESPLAN_ENOMEM;
    int rc = slp_mset_stats(amounts, n, 0.5, tmp, NULL);
    if (rc == SALESPLAN_OK)
        rc = slp_mset_stats(cycles, n, 0.9, tmp + n, tmp + 2 * n);
    for (size_t i = 0; rc == SALESPLAN_OK && i < n; i++) {
        figs[i].won_amount_median = tmp[i];
        figs[i].cycle_days_median = tmp[n + i];
        figs[i].cycle_days_p90 = tmp[2 * n + i];
    }
    slp_free(tmp);
    return rc;
}

static int build_groups(slp_est_ctx *x)
{
    salesplan_estimate *e = x->e;
    size_t total = 0;
    for (size_t g = 0; g < x->ngroups; g++)
        total += x->gdict[g].count;
    e->groups = slp_calloc(total ? total : 1, sizeof *e->groups);
    if (e->groups == NULL)
        return SALESPLAN_ENOMEM;
    for (size_t g = 0; g < x->ngroups; g++) {
        size_t n = x->gdict[g].count;
        if (n == 0 || (g == x->rep_group && x->rep_hidden))
            continue; /* the rep column alone is shown as reps[] */
        salesplan_estimate_figures *figs = slp_calloc(n, sizeof *figs);
        size_t *off = slp_calloc(n, sizeof *off);
        slp_named *refs = NULL;
        size_t used = 0;
        if (figs == NULL || off == NULL ||
            slp_est_group_names(x, g, &refs, &used) != SALESPLAN_OK) {
            slp_free(figs);
            slp_free(off);
            slp_free(refs);
            return SALESPLAN_ENOMEM;
        }
        for (size_t i = 0; i < n; i++)
            fill(&x->gacc[g][i], &figs[i]);
        int mrc = medians(&x->amount_by[g], &x->cycle_by[g], figs, n);
        if (mrc != SALESPLAN_OK) {
            slp_free(figs);
            slp_free(off);
            slp_free(refs);
            return mrc;
        }
        int rc = SALESPLAN_OK;
        for (size_t i = 0; i < used; i++) {
            salesplan_estimate_group *grp = &e->groups[e->group_count];
            char *v = slp_strdup(refs[i].name);
            if (v == NULL) {
                rc = SALESPLAN_ENOMEM;
                break;
            }
            grp->column = e->group_columns[g];
            grp->value = v;
            grp->figures = figs[refs[i].id];
            e->group_count++;
        }
        slp_free(figs);
        slp_free(off);
        slp_free(refs);
        if (rc != SALESPLAN_OK)
            return rc;
    }
    return SALESPLAN_OK;
}

static int build_funnel(slp_est_ctx *x)
{
    salesplan_estimate *e = x->e;
    size_t n = e->stage_count + (x->o->shape == SALESPLAN_SHAPE_SNAPSHOT ? 1 : 0) + 1;
    e->funnel = slp_calloc(n, sizeof *e->funnel);
    if (e->funnel == NULL)
        return SALESPLAN_ENOMEM;
    if (x->o->shape == SALESPLAN_SHAPE_SNAPSHOT) {
        salesplan_estimate_funnel_stage *f = &e->funnel[e->funnel_count];
        if ((f->name = slp_strdup("Opportunity")) == NULL)
            return SALESPLAN_ENOMEM;
        e->funnel_count++;
        f->conversion = e->overall.win_rate;
        f->days = e->overall.cycle_days_mean;
        f->advanced = e->overall.won;
        f->lost = e->overall.lost;
    }
    for (size_t k = 0; k < e->stage_count; k++) {
        salesplan_estimate_funnel_stage *f = &e->funnel[e->funnel_count];
        if ((f->name = slp_strdup(e->stages[k].name)) == NULL)
            return SALESPLAN_ENOMEM;
        e->funnel_count++;
        f->conversion = e->stages[k].conversion;
        f->days = e->stages[k].days_mean;
        f->advanced = e->stages[k].advanced;
        f->lost = e->stages[k].lost;
    }
    salesplan_estimate_funnel_stage *w = &e->funnel[e->funnel_count];
    if ((w->name = slp_strdup(slp_est_won_name(x))) == NULL)
        return SALESPLAN_ENOMEM;
    e->funnel_count++;
    w->conversion = NAN;
    w->days = NAN;
    w->advanced = -1;
    w->lost = -1;
    return SALESPLAN_OK;
}

int slp_est_finish_figures(slp_est_ctx *x)
{
    salesplan_estimate *e = x->e;
    fill(&x->overall, &e->overall);
    int rc = medians(&x->amount_all, &x->cycle_all, &e->overall, 1);
    if (rc == SALESPLAN_OK)
        rc = build_groups(x);
    if (rc == SALESPLAN_OK)
        rc = build_funnel(x);
    if (rc != SALESPLAN_OK)
        return slp_error_set(x->err, rc, NULL, 0, 0, "out of memory");
    return SALESPLAN_OK;
}
