/* Rep diagnostics (SPEC §12): every rep's rate in every stage against the
 * rest of the team. The rep column is counted as one more group column (its
 * won/lost counts for a snapshot; per-stage advanced/lost counts tallied by
 * the transitions shape); the statistics come from lib/math/fisher.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/error.h"
#include "common/list_access.h"
#include "estimate/estimate_internal.h"
#include "estimate/group_names.h"
#include "math/fisher.h"

int slp_est_reps_setup(slp_est_ctx *x)
{
    const salesplan_estimate_options *o = x->o;
    x->rep_group = SIZE_MAX;
    if (o->version < 3 || o->rep_column == NULL)
        return SALESPLAN_OK;
    for (size_t g = 0; g < o->group_count; g++)
        if (strcmp(o->group_columns[g], o->rep_column) == 0) {
            x->rep_group = g;
            return SALESPLAN_OK;
        }
    x->rep_groups = slp_calloc(o->group_count + 1, sizeof *x->rep_groups);
    if (x->rep_groups == NULL)
        return SALESPLAN_ENOMEM;
    for (size_t g = 0; g < o->group_count; g++)
        x->rep_groups[g] = o->group_columns[g];
    x->rep_groups[o->group_count] = o->rep_column;
    x->rep_opts = *o;
    x->rep_opts.group_columns = x->rep_groups;
    x->rep_opts.group_count = o->group_count + 1;
    x->rep_group = o->group_count;
    x->rep_hidden = 1;
    x->o = &x->rep_opts;
    return SALESPLAN_OK;
}

void slp_est_reps_ctx_free(slp_est_ctx *x)
{
    slp_free(x->rep_groups);
    x->rep_groups = NULL;
    slp_free(x->rep_counts);
    x->rep_counts = NULL;
}

int slp_est_reps_begin(slp_est_ctx *x)
{
    if (x->rep_group == SIZE_MAX || x->norder == 0)
        return SALESPLAN_OK;
    size_t reps = x->gdict[x->rep_group].count;
    x->rep_counts = slp_calloc(reps ? reps * x->norder * 2 : 1, sizeof *x->rep_counts);
    if (x->rep_counts == NULL || reps > SIZE_MAX / 2 / x->norder)
        return slp_error_set(x->err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    return SALESPLAN_OK;
}

void slp_est_reps_free(salesplan_estimate *e)
{
    for (size_t i = 0; i < e->rep_count; i++)
        slp_free((void *)(uintptr_t)e->reps[i].name);
    slp_free(e->reps);
    slp_free(e->rep_stages);
    slp_free(e->rep_column);
}

static double ratio(long long k, long long n)
{
    return n > 0 ? (double)k / (double)n : (double)NAN;
}

/* The reps with deals, by name, and their names copied into e->reps. */
static int list_reps(slp_est_ctx *x, slp_named **out, size_t *count)
{
    salesplan_estimate *e = x->e;
    int rc = slp_est_group_names(x, x->rep_group, out, count);
    if (rc != SALESPLAN_OK)
        return rc;
    size_t used = *count;
    const slp_named *refs = *out;
    e->reps = slp_calloc(used ? used : 1, sizeof *e->reps);
    if (e->reps == NULL)
        return SALESPLAN_ENOMEM;
    for (size_t r = 0; r < used; r++) {
        char *name = slp_strdup(refs[r].name);
        if (name == NULL)
            return SALESPLAN_ENOMEM;
        e->reps[r].name = name;
        e->rep_count++;
    }
    return SALESPLAN_OK;
}

/* The rep's counts at stage k: [advanced, lost]. */
static void counts(const slp_est_ctx *x, size_t id, size_t k, long long *adv, long long *lost)
{
    if (x->o->shape == SALESPLAN_SHAPE_TRANSITIONS) {
        const long long *c = &x->rep_counts[(id * x->norder + k) * 2];
        *adv = c[0];
        *lost = c[1];
    } else {
        *adv = x->gacc[x->rep_group][id].won;
        *lost = x->gacc[x->rep_group][id].lost;
    }
}

/* Fill the stage records of every rep at stage k (not the q-values). */
static int stage_figures(slp_est_ctx *x, const slp_named *refs, size_t nreps, size_t k,
                         size_t nst, const char *name, long long *kk, long long *nn)
{
    salesplan_estimate *e = x->e;
    long long adv_all = 0, lost_all = 0;
    for (size_t r = 0; r < nreps; r++) {
        long long a, l;
        counts(x, refs[r].id, k, &a, &l);
        kk[r] = a;
        nn[r] = a + l;
        adv_all += a;
        lost_all += l;
    }
    double mean, strength;
    slp_beta_prior_mom(kk, nn, nreps, &mean, &strength);
    long long min_n = e->rep_min_n;
    for (size_t r = 0; r < nreps; r++) {
        salesplan_estimate_rep_stage *s = &e->rep_stages[r * nst + k];
        s->name = name;
        s->advanced = kk[r];
        s->lost = nn[r] - kk[r];
        s->rest_advanced = adv_all - s->advanced;
        s->rest_lost = lost_all - s->lost;
        s->rate = ratio(s->advanced, nn[r]);
        s->rest_rate = ratio(s->rest_advanced, s->rest_advanced + s->rest_lost);
        s->shrunk_rate = slp_beta_shrunk(kk[r], nn[r], mean, strength);
        s->p_value = s->q_value = NAN;
        s->flag = SALESPLAN_REP_NOT_FLAGGED;
        if (nn[r] >= min_n && s->rest_advanced + s->rest_lost > 0)
            s->p_value = slp_fisher_exact(s->advanced, s->lost, s->rest_advanced, s->rest_lost);
    }
    return SALESPLAN_OK;
}

/* q-values over every test, and the flags. */
static int adjust(salesplan_estimate *e, size_t total, double q_max)
{
    double *p = slp_malloc((total ? total : 1) * sizeof *p);
    double *q = slp_malloc((total ? total : 1) * sizeof *q);
    int rc = p && q ? SALESPLAN_OK : SALESPLAN_ENOMEM;
    if (rc == SALESPLAN_OK) {
        for (size_t i = 0; i < total; i++)
            p[i] = e->rep_stages[i].p_value;
        if (slp_bh_adjust(p, total, q) != 0)
            rc = SALESPLAN_ENOMEM;
    }
    for (size_t i = 0; rc == SALESPLAN_OK && i < total; i++) {
        salesplan_estimate_rep_stage *s = &e->rep_stages[i];
        s->q_value = q[i];
        if (!isnan(q[i]) && q[i] <= q_max && s->rate != s->rest_rate)
            s->flag = s->rate > s->rest_rate ? SALESPLAN_REP_ABOVE : SALESPLAN_REP_BELOW;
    }
    slp_free(p);
    slp_free(q);
    return rc;
}

static int build(slp_est_ctx *x)
{
    salesplan_estimate *e = x->e;
    size_t g = x->rep_group;
    /* the rep column, as the header spells it, leaves the group columns when hidden */
    if (x->rep_hidden) {
        e->rep_column = e->group_columns[g];
        e->group_columns[g] = NULL;
        e->group_column_count--;
    } else if ((e->rep_column = slp_strdup(e->group_columns[g])) == NULL) {
        return SALESPLAN_ENOMEM;
    }
    e->rep_min_n = x->o->rep_min_n > 0 ? (long long)x->o->rep_min_n : 1;
    e->rep_q = x->o->rep_q;
    int transitions = x->o->shape == SALESPLAN_SHAPE_TRANSITIONS;
    size_t nst = transitions ? e->stage_count : 1;
    slp_named *refs = NULL;
    size_t nreps = 0;
    int rc = list_reps(x, &refs, &nreps);
    long long *kk = NULL, *nn = NULL;
    if (rc == SALESPLAN_OK && transitions && x->rep_counts == NULL)
        nst = 0; /* no stage order: nothing counted */
    if (rc == SALESPLAN_OK) {
        e->rep_stages = slp_calloc(nreps && nst ? nreps * nst : 1, sizeof *e->rep_stages);
        kk = slp_calloc(nreps ? nreps : 1, sizeof *kk);
        nn = slp_calloc(nreps ? nreps : 1, sizeof *nn);
        if (e->rep_stages == NULL || kk == NULL || nn == NULL)
            rc = SALESPLAN_ENOMEM;
    }
    for (size_t k = 0; rc == SALESPLAN_OK && k < nst; k++) {
        const char *name = transitions ? e->stages[k].name : e->funnel[e->funnel_count - 1].name;
        rc = stage_figures(x, refs, nreps, k, nst, name, kk, nn);
    }
    for (size_t r = 0; rc == SALESPLAN_OK && r < nreps; r++) {
        e->reps[r].stages = &e->rep_stages[r * nst];
        e->reps[r].stage_count = nst;
    }
    if (rc == SALESPLAN_OK)
        rc = adjust(e, nreps * nst, x->o->rep_q);
    slp_free(refs);
    slp_free(kk);
    slp_free(nn);
    return rc;
}

int slp_est_reps_finish(slp_est_ctx *x)
{
    if (x->rep_group == SIZE_MAX)
        return SALESPLAN_OK;
    int rc = build(x);
    if (rc != SALESPLAN_OK)
        return slp_error_set(x->err, rc, NULL, 0, 0, "out of memory");
    return SALESPLAN_OK;
}

const char *salesplan_estimate_rep_column(const salesplan_estimate *e)
{
    return e ? e->rep_column : NULL;
}

SLP_LIST_ACCESSORS(salesplan_estimate_rep_count, salesplan_estimate_rep_get, salesplan_estimate,
                   salesplan_estimate_rep, rep_count, &h->reps[i])
