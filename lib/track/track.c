/* salesplan_track(): the figures of SPEC §11 as of day a.
 *
 * The plan's own result (engine) gives the slices, their weights, the quota
 * per rep and slice, P_k, L_k and the original activity rates; bookings,
 * pipeline and activities come from the actuals; the re-plan of the
 * remaining days is track_replan.c. Per-rep remaining plans reuse the
 * engine's funnel functions (E_r, D_r) and the ramp segments of
 * engine/team.h; the exact pipeline probability reuses the engine's pipeline
 * distribution (slp_funnel_pipeline_pmf). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common/alloc.h"
#include "common/free_all.h"
#include "engine/funnel.h"
#include "engine/result_internal.h"
#include "engine/team.h"
#include "model/plan_model.h"
#include "track/track_internal.h"

/* ---- options and status ------------------------------------------------------ */

salesplan_status salesplan_track_options_init(salesplan_track_options *opts, unsigned version)
{
    if (!opts || version != SALESPLAN_TRACK_OPTIONS_VERSION)
        return SALESPLAN_EINVAL;
    salesplan_track_options d = SALESPLAN_TRACK_OPTIONS_INIT;
    *opts = d;
    return SALESPLAN_OK;
}

const char *salesplan_track_status_name(salesplan_track_status s)
{
    /* by value (include/salesplan/track.h numbers them): SALESPLAN_TRACK_NONE has none */
    static const char *const names[] = {NULL, "ahead", "on_track", "behind", "at_risk"};
    return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : NULL;
}

static salesplan_track_status status_of(double pace, const salesplan_track_options *o)
{
    if (isnan(pace))
        return SALESPLAN_TRACK_NONE;
    if (pace >= o->ahead)
        return SALESPLAN_TRACK_AHEAD;
    if (pace >= o->on_track)
        return SALESPLAN_TRACK_ON_TRACK;
    if (pace >= o->behind)
        return SALESPLAN_TRACK_BEHIND;
    return SALESPLAN_TRACK_AT_RISK;
}

/* x / y, NaN when y is 0 (or either is NaN). */
static double ratio(double x, double y)
{
    return y != 0.0 && !isnan(y) ? x / y : (double)NAN;
}

/* ---- the computation ------------------------------------------------------------ */

typedef struct track_ctx {
    salesplan_tracking *t;
    const salesplan_plan *p;
    const salesplan_actuals *act;
    const salesplan_track_options *o;
    salesplan_error *err;
    slp_track_cal cal;  /* the period */
    slp_track_cal rcal; /* the remaining days (when any) */
    int H, a;
    size_t ns;
    double *P, *L, *pipe;
    double *booked_rep;
} track_ctx;

/* Workdays among days 0..min(a, last) (last = -1: none, NaN). */
static double workdays_to_date(const track_ctx *x, int last)
{
    if (last < 0)
        return NAN;
    int to = last < x->a ? last : x->a;
    return (double)slp_cal_workdays(&x->cal.c, 0, to + 1);
}

static int step_bookings(track_ctx *x)
{
    salesplan_tracking *t = x->t;
    const salesplan_actuals *act = x->act;
    slp_day start = act->period_start, as_of = act->as_of;
    double B = 0.0, norep = 0.0;
    size_t norep_n = 0;
    for (size_t i = 0; i < act->booking_count; i++) {
        const slp_booking *b = &act->bookings[i];
        if (b->date < start || b->date > as_of) {
            char d[11];
            slp_format_date(b->date, d);
            int rc = slp_track_warn(t, "booking_ignored", b->label,
                                    "booking %s%s%s dated %s (%.2f %s) is %s, so it is not "
                                    "counted",
                                    b->id ? "\"" : "", b->id ? b->id : "", b->id ? "\"" : "", d,
                                    b->amount, x->p->currency,
                                    b->date < start ? "before the period's start"
                                                    : "after the as-of day");
            if (rc != SALESPLAN_OK)
                return rc;
            continue;
        }
        B += b->amount;
        int t_day = (int)(b->date - start);
        t->cum_booked[t_day] += b->amount;
        if (b->rep >= 0) {
            x->booked_rep[b->rep] += b->amount;
        } else {
            norep += b->amount;
            norep_n++;
        }
    }
    for (int d = 1; d <= x->a; d++)
        t->cum_booked[d] += t->cum_booked[d - 1];
    t->summary.booked = B;
    if (norep_n > 0)
        return slp_track_warn(t, "booking_no_rep", "bookings",
                              "%zu booking(s) worth %.2f %s name no rep: they count for the team, "
                              "not for any rep",
                              norep_n, norep, x->p->currency);
    return SALESPLAN_OK;
}

static int step_team(track_ctx *x)
{
    salesplan_tracking *t = x->t;
    const salesplan_result *base = t->base;
    double T = t->revenue;
    double *w = slp_calloc(base->slice_count + 1, sizeof(double));
    if (!w)
        return SALESPLAN_ENOMEM;
    for (size_t s = 0; s < base->slice_count; s++)
        w[s] = base->slices[s].weight;
    for (int b = 0; b <= x->H; b++)
        t->cum_target[b] = slp_phase_target(&x->cal.c, w, T, b);
    slp_free(w);
    salesplan_tracking_summary *s = &t->summary;
    s->attainment = s->booked / T;
    s->expected_to_date = t->cum_target[x->a + 1];
    s->pace = ratio(s->booked, s->expected_to_date);
    s->status = status_of(s->pace, x->o);
    s->gap = T - s->booked > 0.0 ? T - s->booked : 0.0;
    s->projected_on_pace = T * s->pace;
    return SALESPLAN_OK;
}

/* Exact Pr[wins of the in-time pipeline >= ceil(gap/A - 1e-9)] over the
 * remaining days, and the p10/p90 of those wins for the chart. */
static int step_probability(track_ctx *x)
{
    salesplan_tracking *t = x->t;
    double *pmf = NULL;
    size_t len = 0;
    int rc = slp_funnel_pipeline_pmf(x->P, x->L, x->pipe, x->ns, x->H - x->a - 1, &pmf, &len,
                                     x->err);
    if (rc != SALESPLAN_OK)
        return rc;
    double need = slp_ceil_count(t->summary.gap / t->deal_size);
    double tail = 0.0, cum = 0.0;
    t->wins_p10 = t->wins_p90 = NAN;
    for (size_t y = len; y-- > 0;)
        if ((double)y >= need)
            tail += pmf[y];
    for (size_t y = 0; y < len; y++) {
        cum += pmf[y];
        if (isnan(t->wins_p10) && cum >= 0.1)
            t->wins_p10 = (double)y;
        if (isnan(t->wins_p90) && cum >= 0.9)
            t->wins_p90 = (double)y;
    }
    if (isnan(t->wins_p90))
        t->wins_p90 = (double)(len - 1);
    if (isnan(t->wins_p10))
        t->wins_p10 = t->wins_p90;
    t->summary.p_hit_from_pipeline = t->summary.gap > 0.0 ? (tail < 1.0 ? tail : 1.0) : 1.0;
    slp_free(pmf);
    return SALESPLAN_OK;
}

/* Quota due through day a: sum_s quota_s · W(slice s up to a) / W(s). */
static double quota_to_date(const track_ctx *x, const double *quota)
{
    const slp_calendar *c = &x->cal.c;
    double q = 0.0;
    for (size_t s = 0; s < c->slice_count; s++) {
        const slp_slice *sl = &c->slices[s];
        int to = sl->end < x->a + 1 ? sl->end : x->a + 1;
        if (to <= sl->first)
            continue;
        double frac = sl->workdays > 0
                          ? (double)slp_cal_workdays(c, sl->first, to) / (double)sl->workdays
                          : (double)(to - sl->first) / (double)(sl->end - sl->first);
        q += quota[s] * frac;
    }
    return q;
}

/* f(r, window') of rep j over the remaining days [0, last'] (0 without re-plan). */
static int rep_window_ramp(const track_ctx *x, size_t j, double *out)
{
    const salesplan_result *rp = x->t->replan;
    size_t ns = x->ns;
    for (size_t k = 0; k < ns; k++)
        out[k] = 0.0;
    if (!rp)
        return SALESPLAN_OK;
    const salesplan_plan *p = x->p;
    const slp_rep *rep = &p->reps[j];
    long ri = slp_plan_role_index(p, rep->role);
    const slp_role *role = ri >= 0 ? &p->roles[ri] : NULL;
    size_t rn = role ? role->ramp_count : 0;
    int H2 = x->rcal.c.days;
    slp_day start;
    if (slp_plan_rep_start_day(p, j, &start) != 0)
        start = x->cal.c.start;
    slp_ramp_seg *segs = slp_calloc(slp_ramp_seg_cap(rn, H2), sizeof *segs);
    if (!segs)
        return SALESPLAN_ENOMEM;
    size_t n = slp_ramp_segments(x->rcal.c.start, H2, start, role ? role->ramp : NULL, rn, segs);
    for (size_t k = 0; k < ns; k++) {
        int last = slp_cal_window_last(H2, x->L[k]);
        if (last >= 0)
            out[k] = slp_ramp_mean(&x->rcal.c, segs, n, 0, last + 1);
    }
    slp_free(segs);
    return SALESPLAN_OK;
}

static int step_reps(track_ctx *x)
{
    salesplan_tracking *t = x->t;
    const salesplan_plan *p = x->p;
    const salesplan_result *base = t->base;
    const salesplan_result *rp = t->replan;
    const salesplan_actuals *act = x->act;
    size_t nrep = p->rep_count, na = p->activity_count, ns = x->ns;
    int H2 = x->H - x->a - 1;
    /* f(r, window'_k) for every rep and stage; sums per role and for all */
    double *f = slp_calloc(nrep * ns + 1, sizeof(double));
    double *role_sum = slp_calloc(p->role_count * ns + 1, sizeof(double));
    double *all_sum = slp_calloc(ns + 1, sizeof(double));
    double *pipe_r = slp_calloc(ns + 1, sizeof(double));
    long *carrier = slp_calloc(nrep + 1, sizeof(long));
    long *role_of = slp_calloc(nrep + 1, sizeof(long));
    int rc = SALESPLAN_ENOMEM;
    if (!f || !role_sum || !all_sum || !pipe_r || !carrier || !role_of)
        goto done;
    for (size_t j = 0; j < nrep; j++) {
        carrier[j] = -1;
        role_of[j] = slp_plan_role_index(p, p->reps[j].role);
        if ((rc = rep_window_ramp(x, j, &f[j * ns])) != SALESPLAN_OK)
            goto done;
        for (size_t k = 0; k < ns; k++) {
            all_sum[k] += f[j * ns + k];
            if (role_of[j] >= 0)
                role_sum[(size_t)role_of[j] * ns + k] += f[j * ns + k];
        }
    }
    for (size_t c = 0; c < base->rep_quota_count; c++) {
        long j = slp_plan_name_index(p, SLP_NAMES_REPS, base->rep_quotas[c].name);
        if (j >= 0)
            carrier[j] = (long)c;
    }
    rc = SALESPLAN_OK;
    size_t ai_out = 0;
    for (size_t j = 0; j < nrep; j++) {
        salesplan_tracking_rep *tr = &t->reps[j];
        tr->name = p->reps[j].name;
        tr->role = p->reps[j].role;
        tr->booked = x->booked_rep[j];
        tr->quota = tr->quota_to_date = tr->attainment = tr->pace = NAN;
        tr->remaining = tr->deals_needed = NAN;
        tr->status = SALESPLAN_TRACK_NONE;
        double D = NAN;
        if (carrier[j] >= 0) {
            const salesplan_rep_quota *rq = &base->rep_quotas[carrier[j]];
            tr->quota = rq->total;
            tr->quota_to_date = quota_to_date(x, rq->slices);
            tr->attainment = ratio(tr->booked, tr->quota);
            tr->pace = ratio(tr->booked, tr->quota_to_date);
            tr->status = status_of(tr->pace, x->o);
            tr->remaining = tr->quota - tr->booked > 0.0 ? tr->quota - tr->booked : 0.0;
            for (size_t k = 0; k < ns; k++)
                pipe_r[k] = act->pipeline_per_rep ? act->pipe_rep[j * act->stage_count + k] : 0.0;
            double E = slp_funnel_existing(x->P, x->L, pipe_r, ns, H2);
            D = tr->deals_needed = slp_funnel_deals_expected(tr->remaining, t->deal_size, E);
        }
        tr->activities = &t->rep_acts[ai_out];
        for (size_t i = 0; i < na; i++) {
            const slp_activity *pa = &p->activities[i];
            long ri = pa->role ? slp_plan_role_index(p, pa->role) : -1;
            if (ri >= 0 && ri != role_of[j])
                continue;
            salesplan_tracking_rep_activity *ra = &t->rep_acts[ai_out++];
            tr->activity_count++;
            ra->name = pa->name;
            ra->per_workday = NAN;
            long k = slp_plan_stage_index(p, pa->stage);
            const salesplan_stage_result *st = rp && k >= 0 ? &rp->stages[k] : NULL;
            if (st && st->reachable) {
                if (ri >= 0 && carrier[j] >= 0) {
                    double N = D / x->P[k];
                    ra->per_workday = pa->share * pa->per_entry * N / st->window_workdays;
                } else {
                    double sum = ri >= 0 ? role_sum[(size_t)ri * ns + (size_t)k] : all_sum[k];
                    double pw = rp->activities[i].per_workday;
                    ra->per_workday = sum > 0.0 ? pw * f[j * ns + (size_t)k] / sum : (double)NAN;
                }
            }
            ra->done_to_date = act->activities_given ? act->act_rep[j * na + i] : (double)NAN;
            int last = k >= 0 ? slp_cal_window_last(x->H, x->L[k]) : -1;
            ra->planned_to_date =
                base->activities[i].per_rep_per_workday * workdays_to_date(x, last);
        }
    }
done:
    SLP_FREE_ALL(f, role_sum, all_sum, pipe_r, carrier, role_of);
    return rc;
}

static void step_activities(track_ctx *x)
{
    salesplan_tracking *t = x->t;
    const salesplan_plan *p = x->p;
    for (size_t i = 0; i < p->activity_count; i++) {
        salesplan_tracking_activity *ta = &t->acts[i];
        ta->name = p->activities[i].name;
        ta->done_to_date = x->act->activities_given ? x->act->act_team[i] : (double)NAN;
        long k = slp_plan_stage_index(p, p->activities[i].stage);
        int last = k >= 0 ? slp_cal_window_last(x->H, x->L[k]) : -1;
        ta->planned_to_date = t->base->activities[i].per_workday * workdays_to_date(x, last);
        ta->ratio = ta->planned_to_date > 0.0 ? ta->done_to_date / ta->planned_to_date
                                              : (double)NAN;
    }
}

/* Everything after the allocations. */
static int run(track_ctx *x)
{
    salesplan_tracking *t = x->t;
    const salesplan_actuals *act = x->act;
    int rc;
    for (size_t i = 0; i < act->note_count; i++)
        if ((rc = slp_track_warn(t, act->notes[i].code, act->notes[i].path, "%s",
                                 act->notes[i].message)) != SALESPLAN_OK)
            return rc;
    if (!act->pipeline_given &&
        (rc = slp_track_warn(t, "no_pipeline", "pipeline",
                             "the actuals give no pipeline: no open deal is counted")) !=
            SALESPLAN_OK)
        return rc;
    if ((rc = step_bookings(x)) != SALESPLAN_OK || (rc = step_team(x)) != SALESPLAN_OK)
        return rc;
    rc = slp_track_replan(t, x->p, &x->cal, x->a, t->summary.gap, x->pipe, &t->replan, x->err);
    if (rc != SALESPLAN_OK)
        return rc;
    if (t->replan &&
        (rc = slp_track_cal_init(&x->rcal, x->p, x->cal.c.start + x->a + 1, x->H - x->a - 1)) !=
            SALESPLAN_OK)
        return rc;
    double E2 = t->replan ? t->replan->overview.pipeline_expected_deals : 0.0;
    t->summary.projected_from_pipeline = t->summary.booked + t->deal_size * E2;
    if ((rc = step_probability(x)) != SALESPLAN_OK || (rc = step_reps(x)) != SALESPLAN_OK)
        return rc;
    step_activities(x);
    return SALESPLAN_OK;
}

static int check_options(const salesplan_track_options *o, salesplan_error *err)
{
    if (o->version != SALESPLAN_TRACK_OPTIONS_VERSION)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "track options: version must be %d, got %u",
                             SALESPLAN_TRACK_OPTIONS_VERSION, o->version);
    if (!(isfinite(o->ahead) && o->ahead >= o->on_track && o->on_track >= o->behind &&
          o->behind >= 0.0))
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "track options: thresholds must satisfy ahead >= on_track >= "
                             "behind >= 0; got %.17g, %.17g, %.17g",
                             o->ahead, o->on_track, o->behind);
    return SALESPLAN_OK;
}

/* Free what the computation needs only while it runs (the handle keeps the rest). */
static void release_scratch(track_ctx *x)
{
    slp_track_cal_free(&x->cal);
    slp_track_cal_free(&x->rcal);
    SLP_FREE_ALL(x->P, x->L, x->pipe, x->booked_rep);
}

salesplan_status salesplan_track(salesplan_tracking **out, const salesplan_plan *plan,
                                 const salesplan_actuals *actuals,
                                 const salesplan_track_options *opts, salesplan_error *err)
{
    slp_error_clear(err);
    if (!out)
        return (salesplan_status)slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                                               "salesplan_track: out is NULL");
    *out = NULL;
    if (!plan || !actuals)
        return (salesplan_status)slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                                               "salesplan_track: no plan or no actuals");
    salesplan_track_options defaults = SALESPLAN_TRACK_OPTIONS_INIT;
    const salesplan_track_options *o = opts ? opts : &defaults;
    int rc = check_options(o, err);
    if (rc != SALESPLAN_OK)
        return (salesplan_status)rc;
    if (!slp_actuals_fits(actuals, plan))
        return (salesplan_status)slp_error_set(
            err, SALESPLAN_EINVAL, NULL, 0, 0,
            "the actuals were read against another plan (period, stages, reps or activities "
            "differ)");
    if (!actuals->has_as_of)
        return (salesplan_status)slp_error_set(err, SALESPLAN_EINVAL, "as_of", 0, 0,
                                               "the actuals have no as_of day");

    salesplan_tracking *t = slp_calloc(1, sizeof *t);
    if (!t)
        return (salesplan_status)slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0,
                                               "out of memory");
    track_ctx x = {.t = t, .act = actuals, .o = o, .err = err};
    rc = salesplan_compute(&t->base, plan, NULL, err);
    if (rc != SALESPLAN_OK)
        goto fail;
    rc = salesplan_plan_clone(&t->plan, plan);
    if (rc != SALESPLAN_OK)
        goto fail_msg;
    const salesplan_plan *p = x.p = t->plan;
    x.H = p->period_days;
    x.a = (int)(actuals->as_of - actuals->period_start);
    x.ns = p->stage_count;
    t->revenue = p->target_revenue;
    t->deal_size = p->deal_size;
    memcpy(t->as_of, actuals->as_of_text, sizeof t->as_of);
    t->summary.as_of = t->as_of;
    t->summary.as_of_day = x.a;
    size_t nra = 0;
    for (size_t j = 0; j < p->rep_count; j++)
        nra += p->activity_count;
    t->rep_count = p->rep_count;
    t->act_count = p->activity_count;
    t->reps = slp_calloc(p->rep_count + 1, sizeof *t->reps);
    t->rep_acts = slp_calloc(nra + 1, sizeof *t->rep_acts);
    t->acts = slp_calloc(p->activity_count + 1, sizeof *t->acts);
    t->cum_target = slp_calloc((size_t)x.H + 1, sizeof(double));
    t->cum_booked = slp_calloc((size_t)x.H + 1, sizeof(double));
    x.P = slp_calloc(x.ns + 1, sizeof(double));
    x.L = slp_calloc(x.ns + 1, sizeof(double));
    x.pipe = slp_calloc(x.ns + 1, sizeof(double));
    x.booked_rep = slp_calloc(p->rep_count + 1, sizeof(double));
    rc = SALESPLAN_ENOMEM;
    if (!t->reps || !t->rep_acts || !t->acts || !t->cum_target || !t->cum_booked || !x.P ||
        !x.L || !x.pipe || !x.booked_rep)
        goto fail_msg;
    for (size_t k = 0; k < x.ns; k++) {
        x.P[k] = t->base->stages[k].to_close;
        x.L[k] = t->base->stages[k].days_to_close;
        x.pipe[k] = actuals->pipeline_given ? actuals->pipe_team[k] : 0.0;
    }
    if ((rc = slp_track_cal_init(&x.cal, p, p->start_day, x.H)) != SALESPLAN_OK)
        goto fail_msg;
    rc = run(&x);
    if (rc != SALESPLAN_OK)
        goto fail_msg;
    release_scratch(&x);
    *out = t;
    return SALESPLAN_OK;
fail_msg:
    if (rc == SALESPLAN_ENOMEM)
        slp_error_set(err, rc, NULL, 0, 0, "out of memory while tracking");
    else if (err && err->code == SALESPLAN_OK)
        slp_error_set(err, rc, NULL, 0, 0, "tracking failed: %s", salesplan_strerror(rc));
fail:
    release_scratch(&x);
    salesplan_tracking_free(t);
    return (salesplan_status)rc;
}
