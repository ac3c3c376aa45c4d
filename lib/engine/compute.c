/* salesplan_compute(): resolve the options, check and copy the plan, then run
 * the engine modules in order (calendar, funnel, team, activities, roles,
 * quota, per-rep schedule, capacity, metrics) and collect warnings. The plan is read only
 * through its public getters. Warning codes are listed in docs/maths.md. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "common/alloc.h"
#include "common/clocale.h"
#include "engine/calendar.h"
#include "common/date.h"
#include "common/error.h"
#include "engine/funnel.h"
#include "engine/metrics.h"
#include "engine/result_internal.h"
#include "engine/schedule.h"
#include "engine/team.h"
#include "engine/workload.h"
#include "model/plan_model.h"

#define DEFAULT_MINUTES_PER_DAY 360.0

typedef struct engine {
    salesplan_result *r;
    const salesplan_plan *p;
    salesplan_error *err;
    slp_calendar cal;
    int H;
    double T, A, q;

    size_t ns;          /* stages, won included */
    double *conv, *days, *P, *L, *pipe, *N;
    int *last;          /* sourcing window's last day index, -1 when not in time */

    size_t nr;          /* roles */
    double **ramp;
    size_t *ramp_n;
    double *quota_monthly;
    size_t *role_first; /* reps of role i: role_reps[role_first[i] .. role_first[i+1]) */
    size_t *role_reps;

    size_t nrep;        /* reps */
    long *rep_role;
    slp_ramp_seg **segs;
    size_t *seg_n;

    size_t na;          /* activities */
    long *act_stage;    /* stage index of each activity */
    long *act_role;     /* role index of each activity, -1 without a role */
    double *hc_cache;   /* HC of role r over stage k's window at [r*ns + k]; NaN = not yet */

    double *weights;    /* slice weights */
    size_t *carrier_rep;  /* the reps that carry a quota (step_quota) ... */
    double *carrier_ramp; /* ... and their ramp by slice, for step_capacity */
} engine;

#define ARR(e, n, type) ((type *)slp_result_array((e)->r, (n), sizeof(type)))

/* ---- options -------------------------------------------------------------- */

salesplan_status salesplan_compute_options_init(salesplan_compute_options *opts, unsigned version)
{
    if (!opts || version != SALESPLAN_COMPUTE_OPTIONS_VERSION)
        return SALESPLAN_EINVAL;
    salesplan_compute_options d = SALESPLAN_COMPUTE_OPTIONS_INIT;
    *opts = d;
    return SALESPLAN_OK;
}

/* q for confidence mode, NaN for expected mode. */
static int resolve_confidence(const salesplan_plan *p, const salesplan_compute_options *o,
                              double *q, salesplan_error *err)
{
    int mode = o ? o->mode : SALESPLAN_MODE_PLAN;
    double oq = o ? o->confidence : 0.0;
    if (o && o->version != SALESPLAN_COMPUTE_OPTIONS_VERSION)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "compute options: version must be %d, got %u",
                             SALESPLAN_COMPUTE_OPTIONS_VERSION, o->version);
    if (!(oq == 0.0 || (oq > 0.0 && oq < 1.0)))
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "compute options: confidence must be 0 (the plan's) or in (0, 1), "
                             "got %.17g", oq);
    double pq = salesplan_plan_confidence(p);
    switch (mode) {
    case SALESPLAN_MODE_PLAN:
        *q = oq != 0.0 ? oq : pq;
        return SALESPLAN_OK;
    case SALESPLAN_MODE_EXPECTED:
        *q = NAN;
        return SALESPLAN_OK;
    case SALESPLAN_MODE_CONFIDENCE:
        *q = oq != 0.0 ? oq : pq;
        if (isnan(*q))
            return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                                 "compute options: confidence mode needs a confidence q, and "
                                 "neither the options nor the plan give one");
        return SALESPLAN_OK;
    default:
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "compute options: unknown mode %d", mode);
    }
}

/* ---- calendar ------------------------------------------------------------- */

static int parse_day(const char *s, slp_day *out)
{
    return s && slp_parse_iso_date_str(s, out) == 0 ? 0 : -1;
}

static int step_calendar(engine *e)
{
    const salesplan_plan *p = e->p;
    salesplan_result *r = e->r;
    slp_day start;
    e->H = p->period_days;
    if (parse_day(salesplan_plan_period_start(p), &start) != 0 || e->H < 1)
        return slp_error_set(e->err, SALESPLAN_EINTERNAL, "period", 0, 0,
                             "the checked plan has no usable period");
    size_t nh = salesplan_plan_holiday_count(p);
    slp_day *hol = ARR(e, nh, slp_day);
    size_t S = slp_cal_slice_count(start, e->H);
    int *wd = ARR(e, (size_t)e->H + 1, int);
    slp_slice *sl = ARR(e, S, slp_slice);
    if (!hol || !wd || !sl)
        return SALESPLAN_ENOMEM;
    size_t m = 0;
    for (size_t i = 0; i < nh; i++)
        if (parse_day(slp_text_at(salesplan_plan_holiday, p, i), &hol[m]) == 0)
            m++;
    m = slp_cal_sort_unique(hol, m);
    slp_cal_init(&e->cal, start, e->H, salesplan_plan_workdays(p), hol, m, wd, sl);

    salesplan_result_overview *ov = &r->overview;
    ov->name = salesplan_plan_name(p);
    ov->currency = salesplan_plan_currency(p);
    slp_format_date(start, r->period_start);
    slp_format_date(start + e->H - 1, r->period_end);
    ov->period_start = r->period_start;
    ov->period_end = r->period_end;
    ov->days = e->H;
    ov->workdays = wd[e->H];
    ov->revenue = e->T;
    ov->team_quota = e->T * (1.0 + salesplan_plan_over_assignment(p));
    ov->mode = isnan(e->q) ? SALESPLAN_MODE_EXPECTED : SALESPLAN_MODE_CONFIDENCE;
    ov->confidence = e->q;
    return SALESPLAN_OK;
}

/* ---- funnel --------------------------------------------------------------- */

static int warn_stage(engine *e, size_t k)
{
    const char *name = slp_text_at(salesplan_plan_stage_name, e->p, k);
    char path[48];
    snprintf(path, sizeof path, "funnel.stages[%zu]", k);
    if (e->last[k] < 0)
        return slp_result_warn(e->r, "stage_unreachable", path,
                               "stage \"%s\" is %.17g days from closing, so a deal entering it "
                               "cannot be won within the %d-day period; its daily figures are "
                               "null", name, e->L[k], e->H);
    return slp_result_warn(e->r, "stage_unreachable", path,
                           "stage \"%s\": its sourcing window (days 0..%d) has no workday, so "
                           "it cannot be worked this period; its daily figures are null",
                           name, e->last[k]);
}

static int step_funnel(engine *e)
{
    const salesplan_plan *p = e->p;
    salesplan_result *r = e->r;
    size_t ns = e->ns = salesplan_plan_stage_count(p);
    double *figures = ARR(e, 6 * ns, double); /* the six per-stage figures, one block */
    e->last = ARR(e, ns, int);
    r->stages = ARR(e, ns, salesplan_stage_result);
    if (!figures || !e->last || !r->stages)
        return SALESPLAN_ENOMEM;
    double **per_stage[6] = {&e->conv, &e->days, &e->P, &e->L, &e->pipe, &e->N};
    for (size_t f = 0; f < 6; f++)
        *per_stage[f] = figures + f * ns;
    if (ns < 2)
        return slp_error_set(e->err, SALESPLAN_EINTERNAL, "funnel.stages", 0, 0,
                             "the checked plan has fewer than 2 stages");
    for (size_t k = 0; k < ns; k++) {
        e->conv[k] = slp_num_at(salesplan_plan_stage_conversion, p, k);
        e->days[k] = slp_num_at(salesplan_plan_stage_days, p, k);
    }
    slp_funnel_close(e->conv, e->days, ns, e->P, e->L);

    size_t np = salesplan_plan_pipeline_count(p);
    long *pipe_stage = ARR(e, np, long);
    if (!pipe_stage)
        return SALESPLAN_ENOMEM;
    for (size_t i = 0; i < np; i++) {
        long k = pipe_stage[i] = salesplan_plan_find_stage(p, slp_text_at(salesplan_plan_pipeline_stage, p, i));
        long long deals = slp_llong_at(salesplan_plan_pipeline_deals, p, i);
        if (k >= 0 && (size_t)k + 1 < ns && deals > 0)
            e->pipe[k] += (double)deals;
    }
    double E = slp_funnel_existing(e->P, e->L, e->pipe, ns, e->H);
    double D;
    if (isnan(e->q)) {
        D = slp_funnel_deals_expected(e->T, e->A, E);
        slp_funnel_expected_entries(e->P, ns, D, e->N);
    } else {
        D = slp_funnel_deals_confidence(e->T, e->A);
        int rc = slp_funnel_confidence_entries(e->P, e->L, e->pipe, ns, e->H, D, e->q, e->N,
                                               e->err);
        if (rc != SALESPLAN_OK)
            return rc;
    }
    r->overview.deals_needed = D;
    r->overview.pipeline_expected_deals = E;
    r->stage_count = ns;

    for (size_t k = 0; k < ns; k++) {
        salesplan_stage_result *st = &r->stages[k];
        st->name = slp_text_at(salesplan_plan_stage_name, p, k);
        st->conversion = k + 1 < ns ? e->conv[k] : (double)NAN;
        st->to_close = e->P[k];
        st->days_to_close = e->L[k];
        st->required = e->N[k];
        st->required_int = slp_ceil_count(e->N[k]);
        e->last[k] = slp_cal_window_last(e->H, e->L[k]);
        int W = e->last[k] >= 0 ? slp_cal_workdays(&e->cal, 0, e->last[k] + 1) : 0;
        st->reachable = e->last[k] >= 0 && W > 0;
        st->window_workdays = st->reachable ? (double)W : (double)NAN;
        if (!st->reachable && warn_stage(e, k) != SALESPLAN_OK)
            return SALESPLAN_ENOMEM;
    }
    for (size_t i = 0; i < np; i++) {
        long k = pipe_stage[i];
        long long deals = slp_llong_at(salesplan_plan_pipeline_deals, p, i);
        if (k < 0 || (size_t)k + 1 >= ns || deals <= 0 || e->last[k] >= 0)
            continue;
        const char *name = slp_text_at(salesplan_plan_pipeline_stage, p, i);
        char path[SALESPLAN_ERROR_PATH_SIZE];
        snprintf(path, sizeof path, "pipeline.%s", name);
        if (slp_result_warn(r, "pipeline_out_of_time", path,
                            "%lld open deal(s) in stage \"%s\" are %.17g days from closing, "
                            "beyond the period: they are left out of the expected wins",
                            deals, name, e->L[k]) != SALESPLAN_OK)
            return SALESPLAN_ENOMEM;
    }
    return SALESPLAN_OK;
}

/* ---- team ----------------------------------------------------------------- */

static int step_team(engine *e)
{
    const salesplan_plan *p = e->p;
    size_t nr = e->nr = salesplan_plan_role_count(p);
    size_t nrep = e->nrep = salesplan_plan_rep_count(p);
    e->ramp = ARR(e, nr, double *);
    e->ramp_n = ARR(e, nr, size_t);
    e->quota_monthly = ARR(e, nr, double);
    e->role_first = ARR(e, nr + 1, size_t);
    e->role_reps = ARR(e, nrep, size_t);
    e->rep_role = ARR(e, nrep, long);
    e->segs = ARR(e, nrep, slp_ramp_seg *);
    e->seg_n = ARR(e, nrep, size_t);
    if (!e->ramp || !e->ramp_n || !e->quota_monthly || !e->role_first || !e->role_reps ||
        !e->rep_role || !e->segs || !e->seg_n)
        return SALESPLAN_ENOMEM;
    for (size_t i = 0; i < nr; i++) {
        size_t n = e->ramp_n[i] = slp_size_at(salesplan_plan_role_ramp_count, p, i);
        e->ramp[i] = ARR(e, n, double);
        if (!e->ramp[i])
            return SALESPLAN_ENOMEM;
        for (size_t m = 0; m < n; m++)
            e->ramp[i][m] = slp_ramp_at(p, i, m);
        e->quota_monthly[i] = slp_num_at(salesplan_plan_role_quota_monthly, p, i);
    }
    for (size_t j = 0; j < nrep; j++) {
        long ri = e->rep_role[j] = salesplan_plan_find_role(p, slp_text_at(salesplan_plan_rep_role, p, j));
        slp_day start;
        const char *s = slp_text_at(salesplan_plan_rep_start, p, j);
        if (s) {
            if (parse_day(s, &start) != 0)
                start = e->cal.start;
        } else {
            start = slp_add_months(e->cal.start, -(long)slp_long_at(salesplan_plan_rep_tenure_months, p, j));
        }
        size_t rn = ri >= 0 ? e->ramp_n[ri] : 0;
        e->segs[j] = ARR(e, slp_ramp_seg_cap(rn, e->H), slp_ramp_seg);
        if (!e->segs[j])
            return SALESPLAN_ENOMEM;
        e->seg_n[j] = slp_ramp_segments(e->cal.start, e->H, start, ri >= 0 ? e->ramp[ri] : NULL,
                                        rn, e->segs[j]);
        if (ri >= 0)
            e->role_first[ri + 1]++;
    }
    /* group reps by role (counting sort, plan order kept within a role) */
    for (size_t i = 0; i < nr; i++)
        e->role_first[i + 1] += e->role_first[i];
    size_t *fill = ARR(e, nr, size_t);
    if (!fill)
        return SALESPLAN_ENOMEM;
    for (size_t j = 0; j < nrep; j++)
        if (e->rep_role[j] >= 0) {
            size_t ri = (size_t)e->rep_role[j];
            e->role_reps[e->role_first[ri] + fill[ri]++] = j;
        }
    return SALESPLAN_OK;
}

/* HC of role ri over the workdays among day indices [a, b). */
static double headcount(const engine *e, size_t ri, int a, int b)
{
    double hc = 0.0;
    for (size_t i = e->role_first[ri]; i < e->role_first[ri + 1]; i++) {
        size_t j = e->role_reps[i];
        hc += slp_ramp_mean(&e->cal, e->segs[j], e->seg_n[j], a, b);
    }
    return hc;
}

/* ---- activities and roles ---------------------------------------------------- */

/* HC of role ri over stage s's sourcing window, cached per (role, stage). */
static double window_headcount(engine *e, size_t ri, size_t s)
{
    double *slot = e->hc_cache ? &e->hc_cache[ri * e->ns + s] : NULL;
    if (slot && !isnan(*slot))
        return *slot;
    double hc = headcount(e, ri, 0, e->last[s] + 1);
    if (slot)
        *slot = hc;
    return hc;
}

static int step_activities(engine *e)
{
    const salesplan_plan *p = e->p;
    salesplan_result *r = e->r;
    size_t na = e->na = salesplan_plan_activity_count(p);
    r->activities = ARR(e, na, salesplan_activity_result);
    e->act_stage = ARR(e, na, long);
    e->act_role = ARR(e, na, long);
    if (!r->activities || !e->act_stage || !e->act_role)
        return SALESPLAN_ENOMEM;
    /* a small (role x stage) cache of window headcounts; none when huge */
    if (e->nr > 0 && e->nr <= 4096u / e->ns) {
        e->hc_cache = ARR(e, e->nr * e->ns, double);
        if (!e->hc_cache)
            return SALESPLAN_ENOMEM;
        for (size_t i = 0; i < e->nr * e->ns; i++)
            e->hc_cache[i] = NAN;
    }
    r->activity_count = na;
    for (size_t i = 0; i < na; i++) {
        salesplan_activity_result *out = &r->activities[i];
        out->name = slp_text_at(salesplan_plan_activity_name, p, i);
        out->stage = slp_text_at(salesplan_plan_activity_stage, p, i);
        out->role = slp_text_at(salesplan_plan_activity_role, p, i);
        long s = e->act_stage[i] = salesplan_plan_find_stage(p, out->stage);
        long ri = e->act_role[i] = out->role ? salesplan_plan_find_role(p, out->role) : -1;
        if (s < 0)
            return slp_error_set(e->err, SALESPLAN_EINTERNAL, "activities", 0, 0,
                                 "activity %zu names an unknown stage", i);
        const salesplan_stage_result *st = &r->stages[s];
        slp_activity_in in;
        in.per_entry = slp_num_at(salesplan_plan_activity_per_entry, p, i);
        in.share = slp_num_at(salesplan_plan_activity_share, p, i);
        in.entries = e->N[s];
        in.to_close = e->P[s];
        in.window_workdays = st->window_workdays;
        in.headcount = NAN;
        if (ri >= 0 && st->reachable)
            in.headcount = window_headcount(e, (size_t)ri, (size_t)s);
        in.minutes = slp_num_at(salesplan_plan_activity_minutes, p, i);
        in.minutes_per_day =
            ri >= 0 ? slp_num_at(salesplan_plan_role_minutes_per_day, p, (size_t)ri) : DEFAULT_MINUTES_PER_DAY;
        slp_activity_figures(&in, out);
        out->headcount = in.headcount;
        if (in.headcount == 0.0) {
            char path[48];
            snprintf(path, sizeof path, "activities[%zu].role", i);
            if (slp_result_warn(r, "activity_no_headcount", path,
                                "activity \"%s\": role \"%s\" has no working rep during the "
                                "sourcing window of stage \"%s\"; per-rep figures are null",
                                out->name, out->role, out->stage) != SALESPLAN_OK)
                return SALESPLAN_ENOMEM;
        }
    }
    return SALESPLAN_OK;
}

static int step_roles(engine *e)
{
    const salesplan_plan *p = e->p;
    salesplan_result *r = e->r;
    r->roles = ARR(e, e->nr, salesplan_role_result);
    if (!r->roles)
        return SALESPLAN_ENOMEM;
    r->role_count = e->nr;
    for (size_t i = 0; i < e->nr; i++) {
        r->roles[i].name = slp_text_at(salesplan_plan_role_name, p, i);
        r->roles[i].headcount = headcount(e, i, 0, e->H);
        r->roles[i].fte_required = NAN; /* stays null without a timed activity */
    }
    /* one pass over the activities: fte of timed ones, null ftes add nothing */
    for (size_t a = 0; a < r->activity_count; a++) {
        long ri = e->act_role[a];
        if (ri < 0 || isnan(slp_num_at(salesplan_plan_activity_minutes, p, a)))
            continue;
        salesplan_role_result *out = &r->roles[ri];
        if (isnan(out->fte_required))
            out->fte_required = 0.0;
        if (!isnan(r->activities[a].fte))
            out->fte_required += r->activities[a].fte;
    }
    for (size_t i = 0; i < e->nr; i++) {
        salesplan_role_result *out = &r->roles[i];
        out->hires_needed = isnan(out->fte_required)
                                ? (double)NAN
                                : slp_ceil_count(out->fte_required - out->headcount);
    }
    return SALESPLAN_OK;
}

/* ---- what the team can really do (engine/workload.c) ------------------------- */

static int step_workload(engine *e)
{
    const salesplan_plan *p = e->p;
    salesplan_result *r = e->r;
    size_t na = r->activity_count;
    slp_workload_act *acts = ARR(e, na, slp_workload_act);
    double *mpd = ARR(e, e->nr, double);
    double *rmin = ARR(e, e->nr, double);
    double *act_cap = ARR(e, na, double);
    double *stage_cap = ARR(e, e->ns, double);
    if ((na && (!acts || !act_cap)) || (e->nr && (!mpd || !rmin)) || !stage_cap)
        return SALESPLAN_ENOMEM;
    for (size_t i = 0; i < e->nr; i++)
        mpd[i] = slp_num_at(salesplan_plan_role_minutes_per_day, p, i);
    for (size_t a = 0; a < na; a++) {
        long s = e->act_stage[a], ri = e->act_role[a];
        const salesplan_stage_result *st = &r->stages[s];
        acts[a].stage = s;
        acts[a].role = ri;
        acts[a].per_entry = slp_num_at(salesplan_plan_activity_per_entry, p, a);
        acts[a].share = slp_num_at(salesplan_plan_activity_share, p, a);
        acts[a].minutes = slp_num_at(salesplan_plan_activity_minutes, p, a);
        acts[a].total = r->activities[a].total;
        acts[a].window_workdays = st->reachable ? st->window_workdays : (double)NAN;
        acts[a].window_hc = ri >= 0 && st->reachable ? window_headcount(e, (size_t)ri, (size_t)s)
                                                     : (double)NAN;
    }
    slp_workload_caps(acts, na, mpd, e->nr, rmin, act_cap, stage_cap, e->ns);
    for (size_t a = 0; a < na; a++)
        r->activities[a].capacity = act_cap[a];
    for (size_t s = 0; s < e->ns; s++)
        r->stages[s].entries_capacity = stage_cap[s];
    for (size_t i = 0; i < e->nr; i++) {
        salesplan_role_result *ro = &r->roles[i];
        double short_by = ro->fte_required - ro->headcount;
        ro->fte_short = isnan(ro->fte_required) ? (double)NAN : short_by > 0.0 ? short_by : 0.0;
        if (!(short_by > 1e-9))
            continue;
        /* the share of the needed entries the role's time can feed */
        double frac = INFINITY;
        for (size_t a = 0; a < na; a++) {
            if (e->act_role[a] != (long)i || isnan(act_cap[a]) || !(r->activities[a].total > 0.0))
                continue;
            double f = act_cap[a] / r->activities[a].total;
            if (f < frac)
                frac = f;
        }
        char path[48];
        snprintf(path, sizeof path, "team.roles[%zu]", i);
        int rc;
        if (isfinite(frac))
            rc = slp_result_warn(r, "workload_exceeds_capacity", path,
                                 "role \"%s\": the planned activities need %.2f full-time reps "
                                 "but the team has %.2f ramped reps, %.2f FTE short; its time "
                                 "covers %.0f%% of the planned volume",
                                 ro->name, ro->fte_required, ro->headcount, short_by,
                                 frac < 1.0 ? frac * 100.0 : 100.0);
        else
            rc = slp_result_warn(r, "workload_exceeds_capacity", path,
                                 "role \"%s\": the planned activities need %.2f full-time reps "
                                 "but the team has %.2f ramped reps, %.2f FTE short",
                                 ro->name, ro->fte_required, ro->headcount, short_by);
        if (rc != SALESPLAN_OK)
            return rc;
    }
    return SALESPLAN_OK;
}

/* ---- quota, phases, capacity ------------------------------------------------- */

/* A rep whose quota in a month exceeds the role's quota_monthly prorated to
 * the slice (workdays of the slice / workdays of its calendar month): one
 * warning per rep, naming the month where the excess is largest. */
static int warn_quota_above_role(engine *e, const size_t *rep)
{
    salesplan_result *r = e->r;
    size_t S = e->cal.slice_count;
    for (size_t c = 0; c < r->rep_quota_count; c++) {
        double qm = e->quota_monthly[e->rep_role[rep[c]]];
        size_t worst = S;
        double worst_ratio = 1.0 + 1e-9;
        for (size_t s = 0; s < S; s++) {
            const slp_slice *sl = &e->cal.slices[s];
            if (sl->month_workdays <= 0)
                continue;
            double prorated = qm * (double)sl->workdays / (double)sl->month_workdays;
            double q = r->rep_quotas[c].slices[s];
            if (q > 0.0 && (prorated <= 0.0 || q / prorated > worst_ratio)) {
                worst = s;
                worst_ratio = prorated > 0.0 ? q / prorated : (double)INFINITY;
                if (prorated <= 0.0)
                    break;
            }
        }
        if (worst == S)
            continue;
        const slp_slice *sl = &e->cal.slices[worst];
        char path[48];
        snprintf(path, sizeof path, "team.reps[%zu]", rep[c]);
        if (slp_result_warn(r, "quota_above_role_quota", path,
                            "rep \"%s\" (%s) is asked for %.2f %s in %s..%s, more than the "
                            "role's quota_monthly of %.2f prorated to %d of %ld workdays (%.2f)",
                            r->rep_quotas[c].name, r->rep_quotas[c].role,
                            r->rep_quotas[c].slices[worst], r->overview.currency,
                            r->slices[worst].start, r->slices[worst].end, qm, sl->workdays,
                            sl->month_workdays,
                            qm * (double)sl->workdays / (double)sl->month_workdays) != SALESPLAN_OK)
            return SALESPLAN_ENOMEM;
    }
    return SALESPLAN_OK;
}


static int step_quota(engine *e)
{
    const salesplan_plan *p = e->p;
    salesplan_result *r = e->r;
    size_t S = e->cal.slice_count;
    r->slices = ARR(e, S, salesplan_slice_result);
    e->weights = ARR(e, S, double);
    size_t ns = salesplan_plan_seasonality_count(p);
    double *season = ARR(e, ns, double);
    if (!r->slices || !e->weights || !season)
        return SALESPLAN_ENOMEM;
    for (size_t s = 0; s < ns; s++)
        season[s] = slp_num_at(salesplan_plan_seasonality, p, s);
    slp_slice_weights(&e->cal, ns ? season : NULL, ns, e->weights);
    r->slice_count = S;
    for (size_t s = 0; s < S; s++) {
        const slp_slice *sl = &e->cal.slices[s];
        char *dates = slp_result_alloc(r, 22);
        if (!dates)
            return SALESPLAN_ENOMEM;
        slp_cal_slice_dates(sl, dates, dates + 11);
        r->slices[s].start = dates;
        r->slices[s].end = dates + 11;
        r->slices[s].workdays = sl->workdays;
        r->slices[s].weight = e->weights[s];
    }

    size_t C = 0;
    for (size_t j = 0; j < e->nrep; j++)
        if (e->rep_role[j] >= 0 && e->quota_monthly[e->rep_role[j]] > 0.0)
            C++;
    size_t *rep = e->carrier_rep = ARR(e, C, size_t);
    double *terr = ARR(e, C, double);
    double *ramp = e->carrier_ramp = slp_result_array(r, C, S * sizeof(double));
    double *quota = slp_result_array(r, C, S * sizeof(double));
    r->rep_quotas = ARR(e, C, salesplan_rep_quota);
    if (!rep || !terr || !ramp || !quota || !r->rep_quotas)
        return SALESPLAN_ENOMEM;
    size_t c = 0;
    for (size_t j = 0; j < e->nrep; j++) {
        if (!(e->rep_role[j] >= 0 && e->quota_monthly[e->rep_role[j]] > 0.0))
            continue;
        rep[c] = j;
        terr[c] = slp_num_at(salesplan_plan_rep_territory_weight, p, j);
        for (size_t s = 0; s < S; s++)
            ramp[c * S + s] = slp_ramp_mean(&e->cal, e->segs[j], e->seg_n[j],
                                            e->cal.slices[s].first, e->cal.slices[s].end);
        c++;
    }
    size_t empty = 0;
    double Q = r->overview.team_quota;
    r->unassigned = slp_quota_assign(Q, e->weights, S, terr, ramp, C, quota, &empty);
    r->rep_quota_count = C;
    for (c = 0; c < C; c++) {
        salesplan_rep_quota *rq = &r->rep_quotas[c];
        rq->name = slp_text_at(salesplan_plan_rep_name, p, rep[c]);
        rq->role = slp_text_at(salesplan_plan_rep_role, p, rep[c]);
        rq->slices = &quota[c * S];
        double t = 0.0;
        for (size_t s = 0; s < S; s++)
            t += quota[c * S + s];
        rq->total = t;
    }
    if (empty > 0 &&
        slp_result_warn(r, "quota_unassigned", "team.reps",
                        "%zu of %zu month slice(s) have no working quota-carrying rep, so "
                        "%.2f %s of the team quota is unassigned",
                        empty, S, r->unassigned, r->overview.currency) != SALESPLAN_OK)
        return SALESPLAN_ENOMEM;
    if (warn_quota_above_role(e, rep) != SALESPLAN_OK)
        return SALESPLAN_ENOMEM;

    /* phases: explicit boundaries, else those of 30, 60, 90 within the period,
     * and the period's last day when the period is longer than the last of
     * them, so that the phase table reaches the target */
    size_t np = salesplan_plan_phase_count(p);
    int defaults[4] = {30, 60, 90, 0};
    size_t nd = 0;
    while (nd < 3 && defaults[nd] <= e->H)
        nd++;
    if (nd == 0 || defaults[nd - 1] < e->H)
        defaults[nd++] = e->H;
    size_t n = np ? np : nd;
    r->phases = ARR(e, n, salesplan_phase_result);
    if (!r->phases)
        return SALESPLAN_ENOMEM;
    r->phase_count = n;
    for (size_t i = 0; i < n; i++) {
        int b = np ? p->phases[i] : defaults[i];
        r->phases[i].day = b;
        r->phases[i].cumulative_target = slp_phase_target(&e->cal, e->weights, e->T, b);
    }
    return SALESPLAN_OK;
}

/* capacity.hires_total: per role the larger of its workload hires and the
 * capacity hires (first quota-carrying role fq, or none), added up. */
static void hires_total(engine *e, size_t fq)
{
    salesplan_result *r = e->r;
    double total = 0.0;
    for (size_t i = 0; i < r->role_count; i++) {
        double w = isfinite(r->roles[i].hires_needed) ? r->roles[i].hires_needed : 0.0;
        double c = i == fq && isfinite(r->capacity.hires_needed) ? r->capacity.hires_needed : 0.0;
        total += w > c ? w : c;
    }
    r->capacity.hires_total = total;
}

static int step_capacity(engine *e)
{
    const double *carrier_ramp = e->carrier_ramp;
    const size_t *carrier_rep = e->carrier_rep;
    const salesplan_plan *p = e->p;
    salesplan_result *r = e->r;
    size_t S = e->cal.slice_count;
    double att = salesplan_plan_expected_attainment(p);
    double a = salesplan_plan_attrition_monthly(p);
    double C = 0.0;
    for (size_t c = 0; c < r->rep_quota_count; c++) {
        size_t ri = (size_t)e->rep_role[carrier_rep[c]];
        C += slp_capacity_rep(&e->cal, &carrier_ramp[c * S], e->quota_monthly[ri], att, a);
    }
    salesplan_capacity_result *cap = &r->capacity;
    cap->expected = C;
    cap->coverage = C / e->T;
    cap->gap = e->T - C > 0.0 ? e->T - C : 0.0;

    size_t fq = 0;
    while (fq < e->nr && !(e->quota_monthly[fq] > 0.0))
        fq++;
    if (fq == e->nr) {
        hires_total(e, fq);
        cap->new_hire_capacity = NAN;
        cap->hires_needed = cap->gap > 0.0 ? (double)NAN : 0.0;
        if (cap->gap > 0.0)
            return slp_result_warn(r, "no_quota_role", "team.roles",
                                   "no role carries a quota (quota_monthly > 0), so capacity is "
                                   "0 and hires cannot be sized");
        return SALESPLAN_OK;
    }
    slp_ramp_seg *segs = ARR(e, slp_ramp_seg_cap(e->ramp_n[fq], e->H), slp_ramp_seg);
    double *ramp = ARR(e, S, double);
    if (!segs || !ramp)
        return SALESPLAN_ENOMEM;
    size_t n = slp_ramp_segments(e->cal.start, e->H, e->cal.start, e->ramp[fq], e->ramp_n[fq],
                                 segs);
    for (size_t s = 0; s < S; s++)
        ramp[s] = slp_ramp_mean(&e->cal, segs, n, e->cal.slices[s].first, e->cal.slices[s].end);
    cap->new_hire_capacity = slp_capacity_rep(&e->cal, ramp, e->quota_monthly[fq], att, a);
    cap->hires_needed = slp_hires_needed(cap->gap, cap->new_hire_capacity);
    hires_total(e, fq);
    if (isnan(cap->hires_needed)) {
        char path[48];
        snprintf(path, sizeof path, "team.roles[%zu].ramp", fq);
        return slp_result_warn(r, "hire_cannot_ramp", path,
                               "a %s hired on the first day would sell nothing within the "
                               "period (ramp), so the capacity gap of %.2f %s cannot be closed "
                               "by hiring; hires_needed is null",
                               slp_text_at(salesplan_plan_role_name, p, fq), cap->gap,
                               r->overview.currency);
    }
    return SALESPLAN_OK;
}

/* ---- per-rep schedule (engine/schedule.c) -------------------------------------- */

static int step_schedule(engine *e)
{
    slp_schedule_in in;
    in.cal = &e->cal;
    in.nrep = e->nrep;
    in.rep_role = e->rep_role;
    in.segs = e->segs;
    in.seg_n = e->seg_n;
    in.nr = e->nr;
    in.role_first = e->role_first;
    in.role_reps = e->role_reps;
    in.act_role = e->act_role;
    in.act_stage = e->act_stage;
    in.window_last = e->last;
    return slp_schedule_compute(e->r, &in, e->err);
}

/* ---- metrics ------------------------------------------------------------------ */

static int step_metrics(engine *e)
{
    const salesplan_plan *p = e->p;
    long o = salesplan_plan_opportunity_stage(p);
    if (o < 0 || (size_t)o >= e->ns)
        o = 0;
    slp_metrics_in in;
    in.win_rate = e->P[o];
    in.cycle_days = e->L[o];
    in.open_opportunities = 0.0;
    for (size_t k = (size_t)o; k + 1 < e->ns; k++)
        in.open_opportunities += e->pipe[k];
    in.deal_size = e->A;
    in.revenue = e->T;
    in.existing = e->r->overview.pipeline_expected_deals;
    in.arpa_monthly = salesplan_plan_economics(p, SALESPLAN_ECON_ARPA_MONTHLY);
    in.gross_margin = salesplan_plan_economics(p, SALESPLAN_ECON_GROSS_MARGIN);
    in.churn_monthly = salesplan_plan_economics(p, SALESPLAN_ECON_CHURN_MONTHLY);
    in.cac = salesplan_plan_economics(p, SALESPLAN_ECON_CAC);
    slp_metrics_compute(&in, &e->r->metrics);
    return SALESPLAN_OK;
}

/* The steps of the computation, in order: each one reads what the ones
 * before it left in the engine. */
static int (*const steps[])(engine *e) = {
    step_calendar, step_funnel,   step_team,     step_activities, step_roles,
    step_workload, step_quota,    step_schedule, step_capacity,   step_metrics};

int slp_result_compute(salesplan_result *r, double confidence, salesplan_error *err)
{
    engine e;
    memset(&e, 0, sizeof e);
    e.r = r;
    e.p = r->plan;
    e.err = err;
    e.q = confidence;
    e.T = salesplan_plan_target_revenue(r->plan);
    e.A = salesplan_plan_deal_size(r->plan);
    /* warnings format numbers: '.' whatever locale the host set */
    slp_clocale loc;
    if (slp_clocale_enter(&loc) != SALESPLAN_OK)
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    int rc = SALESPLAN_OK;
    for (size_t i = 0; i < sizeof steps / sizeof steps[0] && rc == SALESPLAN_OK; i++)
        rc = steps[i](&e);
    slp_clocale_leave(&loc);
    if (rc == SALESPLAN_ENOMEM)
        slp_error_set(err, rc, NULL, 0, 0, "out of memory while computing the plan");
    return rc;
}

/* ---- entry point ------------------------------------------------------------ */

/* Bytes the arena will need for `p` (a generous estimate; it grows if short). */
static size_t arena_estimate(const salesplan_plan *p)
{
    size_t H = (size_t)salesplan_plan_period_days(p);
    size_t S = H / 28u + 2u;
    size_t ns = salesplan_plan_stage_count(p);
    size_t na = salesplan_plan_activity_count(p);
    size_t nr = salesplan_plan_role_count(p);
    size_t nrep = salesplan_plan_rep_count(p);
    size_t ramps = 0, longest = 0;
    for (size_t i = 0; i < nr; i++) {
        size_t n = slp_size_at(salesplan_plan_role_ramp_count, p, i);
        ramps += n;
        longest = n > longest ? n : longest;
    }
    size_t segs = slp_ramp_seg_cap(longest, (int)H);
    size_t est = (H + 1) * sizeof(int) + salesplan_plan_holiday_count(p) * sizeof(slp_day) +
                 S * (sizeof(slp_slice) + sizeof(salesplan_slice_result) + 32 + 16) +
                 ns * (sizeof(salesplan_stage_result) + 7 * sizeof(double)) +
                 na * sizeof(salesplan_activity_result) +
                 nr * (sizeof(salesplan_role_result) + 5 * sizeof(double)) +
                 ramps * sizeof(double) +
                 (nrep + 1) * (segs * sizeof(slp_ramp_seg) + 2 * S * sizeof(double) +
                               sizeof(salesplan_rep_quota) + 8 * sizeof(double)) +
                 (salesplan_plan_phase_count(p) + 3) * sizeof(salesplan_phase_result) +
                 salesplan_plan_seasonality_count(p) * sizeof(double) + 64 * 16 + 2048;
    /* per-rep schedule: months, plus targets bounded by every rep doing every
     * activity that has a role (exact with one role); past 1 MiB the arena
     * grows instead of reserving a bound that may be far too high */
    size_t roled = 0;
    for (size_t i = 0; i < na; i++)
        roled += slp_text_at(salesplan_plan_activity_role, p, i) != NULL;
    size_t sched = nrep * (sizeof(salesplan_rep_schedule) + (S + 1) * sizeof(double) +
                           S * sizeof(salesplan_rep_month));
    size_t targets = (size_t)1 << 20;
    if (roled == 0 || nrep * S <= targets / (roled * sizeof(salesplan_rep_target)))
        targets = nrep * S * roled * sizeof(salesplan_rep_target);
    return est + sched + targets + (nr + 1) * (S + 4) * sizeof(double) + na * sizeof(size_t);
}

salesplan_status salesplan_compute(salesplan_result **out, const salesplan_plan *plan,
                                   const salesplan_compute_options *opts, salesplan_error *err)
{
    slp_error_clear(err);
    if (!out)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "salesplan_compute: out is NULL");
    *out = NULL;
    if (!plan)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "salesplan_compute: plan is NULL");
    double q = NAN;
    int rc = resolve_confidence(plan, opts, &q, err);
    if (rc != SALESPLAN_OK)
        return rc;

    salesplan_diagnostics *diags = NULL;
    rc = salesplan_plan_check(&diags, plan);
    if (rc == SALESPLAN_EPLAN || (rc == SALESPLAN_OK && salesplan_diagnostics_count(diags) > 0)) {
        const salesplan_error *first = salesplan_diagnostics_get(diags, 0);
        if (err && first)
            *err = *first;
        else
            slp_error_set(err, SALESPLAN_EPLAN, NULL, 0, 0, "the plan is incomplete or invalid");
        if (err)
            err->code = SALESPLAN_EPLAN;
        salesplan_diagnostics_free(diags);
        return SALESPLAN_EPLAN;
    }
    salesplan_diagnostics_free(diags);
    if (rc != SALESPLAN_OK)
        return slp_error_set(err, rc, NULL, 0, 0, "checking the plan failed: %s",
                             salesplan_strerror(rc));

    salesplan_result *r = slp_result_new(arena_estimate(plan));
    if (!r)
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    rc = salesplan_plan_clone(&r->plan, plan);
    if (rc != SALESPLAN_OK) {
        salesplan_result_free(r);
        return slp_error_set(err, rc, NULL, 0, 0, "copying the plan failed: %s",
                             salesplan_strerror(rc));
    }
    rc = slp_result_compute(r, q, err);
    if (rc != SALESPLAN_OK) {
        salesplan_result_free(r);
        return rc;
    }
    *out = r;
    return SALESPLAN_OK;
}
