/* The per-rep schedule (SPEC §11): each rep's share of every activity of the
 * role, month slice by month slice, following start date and ramp. */
#include "engine/schedule.h"

#include <math.h>

#include "common/error.h"
#include "model/plan_model.h"

#define ARR(r, n, type) ((type *)slp_result_array((r), (n), sizeof(type)))

/* Activities of role `ri` in the counting-sort layout built below. */
static size_t role_acts(const size_t *first, size_t ri)
{
    return first[ri + 1] - first[ri];
}

/* Targets the schedule holds: reps of each role × months × activities of
 * the role; SLP_SCHEDULE_MAX_TARGETS + 1 as soon as the total goes past the
 * limit (so it never overflows). */
static size_t count_targets(const slp_schedule_in *in, const size_t *act_first)
{
    size_t S = in->cal->slice_count, total = 0;
    for (size_t ri = 0; ri < in->nr; ri++) {
        size_t per_rep = S * role_acts(act_first, ri); /* <= 132 x 10^4 */
        size_t reps = in->role_first[ri + 1] - in->role_first[ri];
        if (per_rep == 0 || reps == 0)
            continue;
        if (per_rep > SLP_SCHEDULE_MAX_TARGETS ||
            reps > (SLP_SCHEDULE_MAX_TARGETS - total) / per_rep)
            return SLP_SCHEDULE_MAX_TARGETS + 1;
        total += reps * per_rep;
    }
    return total;
}

/* Team per_workday of activity `a` shared over the reps of its role in slice
 * s: writes the rep's target at out[pos[j] + s*k_role + kidx] for every rep j
 * of the role. `full` holds f(r, slice) per rep, `full_sum` their sum per role
 * and slice; `scratch` has room for the role's reps. */
typedef struct share_ctx {
    const slp_schedule_in *in;
    const double *full;     /* f(r, whole slice s) at [j*S + s] */
    const double *full_sum; /* sum of f over the role's reps at [ri*S + s] */
    double *scratch;        /* f(r, S) of a cut slice, one per rep of the role */
    salesplan_rep_target *targets;
    const size_t *pos;      /* first target of rep j */
} share_ctx;

static void share_slice(const share_ctx *c, size_t ri, size_t k_role, size_t kidx, double team,
                        const char *name, size_t s, int window_end)
{
    const slp_schedule_in *in = c->in;
    const slp_slice *sl = &in->cal->slices[s];
    size_t S = in->cal->slice_count;
    int b = sl->end < window_end ? sl->end : window_end;
    size_t r0 = in->role_first[ri], r1 = in->role_first[ri + 1];
    double sum = NAN;
    int cut = 0;
    if (!isnan(team) && b > sl->first && slp_cal_workdays(in->cal, sl->first, b) > 0) {
        cut = b < sl->end;
        if (cut) { /* the window ends inside this slice: means over its first part */
            sum = 0.0;
            for (size_t i = r0; i < r1; i++) {
                size_t j = in->role_reps[i];
                c->scratch[i - r0] =
                    slp_ramp_mean(in->cal, in->segs[j], in->seg_n[j], sl->first, b);
                sum += c->scratch[i - r0];
            }
        } else {
            sum = c->full_sum[ri * S + s];
        }
    }
    for (size_t i = r0; i < r1; i++) {
        size_t j = in->role_reps[i];
        salesplan_rep_target *t = &c->targets[c->pos[j] + s * k_role + kidx];
        t->name = name;
        if (isnan(sum) || !(sum > 0.0)) {
            t->per_workday = NAN;
            continue;
        }
        double f = cut ? c->scratch[i - r0] : c->full[j * S + s];
        t->per_workday = f > 0.0 ? team * (f / sum) : 0.0;
    }
}

int slp_schedule_compute(salesplan_result *r, const slp_schedule_in *in, salesplan_error *err)
{
    const salesplan_plan *p = r->plan;
    size_t S = in->cal->slice_count, na = r->activity_count, nrep = in->nrep, nr = in->nr;

    /* activities grouped by role, plan order kept (counting sort) */
    size_t *act_first = ARR(r, nr + 1, size_t);
    size_t *acts = ARR(r, na, size_t);
    size_t *fill = ARR(r, nr, size_t);
    if (!act_first || !acts || !fill)
        return SALESPLAN_ENOMEM;
    size_t max_reps = 0;
    for (size_t a = 0; a < na; a++)
        if (in->act_role[a] >= 0)
            act_first[in->act_role[a] + 1]++;
    for (size_t ri = 0; ri < nr; ri++) {
        act_first[ri + 1] += act_first[ri];
        size_t n = in->role_first[ri + 1] - in->role_first[ri];
        max_reps = n > max_reps ? n : max_reps;
    }
    size_t total = count_targets(in, act_first);
    if (total > SLP_SCHEDULE_MAX_TARGETS)
        return slp_error_set(err, SALESPLAN_ELIMIT, "team.reps", 0, 0,
                             "the per-rep schedule would hold more than %zu targets (reps x "
                             "months x activities of each rep's role)",
                             (size_t)SLP_SCHEDULE_MAX_TARGETS);
    salesplan_rep_schedule *reps = ARR(r, nrep, salesplan_rep_schedule);
    salesplan_rep_month *months = slp_result_array(r, nrep, S * sizeof(salesplan_rep_month));
    salesplan_rep_target *targets = ARR(r, total, salesplan_rep_target);
    size_t *pos = ARR(r, nrep, size_t);
    double *full = slp_result_array(r, nrep, S * sizeof(double));
    double *full_sum = slp_result_array(r, nr, S * sizeof(double));
    double *scratch = ARR(r, max_reps, double);
    if (!reps || !months || !targets || !pos || !full || !full_sum || !scratch)
        return SALESPLAN_ENOMEM;
    for (size_t a = 0; a < na; a++)
        if (in->act_role[a] >= 0) {
            size_t ri = (size_t)in->act_role[a];
            acts[act_first[ri] + fill[ri]++] = a;
        }

    /* the reps, their months, and f(r, whole slice) */
    size_t next = 0;
    for (size_t j = 0; j < nrep; j++) {
        long ri = in->rep_role[j];
        size_t k = ri >= 0 ? role_acts(act_first, (size_t)ri) : 0;
        reps[j].name = slp_text_at(salesplan_plan_rep_name, p, j);
        reps[j].role = slp_text_at(salesplan_plan_rep_role, p, j);
        reps[j].months = &months[j * S];
        reps[j].month_count = S;
        pos[j] = next;
        for (size_t s = 0; s < S; s++) {
            salesplan_rep_month *m = &months[j * S + s];
            m->start = r->slices[s].start;
            m->end = r->slices[s].end;
            m->activities = k ? &targets[next + s * k] : NULL;
            m->activity_count = k;
            if (k == 0)
                continue;
            double f = slp_ramp_mean(in->cal, in->segs[j], in->seg_n[j], in->cal->slices[s].first,
                                     in->cal->slices[s].end);
            full[j * S + s] = f;
            full_sum[(size_t)ri * S + s] += f;
        }
        next += S * k;
    }

    share_ctx c = {in, full, full_sum, scratch, targets, pos};
    for (size_t ri = 0; ri < nr; ri++) {
        size_t k = role_acts(act_first, ri);
        for (size_t kidx = 0; kidx < k; kidx++) {
            size_t a = acts[act_first[ri] + kidx];
            const salesplan_activity_result *ar = &r->activities[a];
            int window_end = in->window_last[in->act_stage[a]] + 1; /* 0 when not in time */
            for (size_t s = 0; s < S; s++)
                share_slice(&c, ri, k, kidx, ar->per_workday, ar->name, s, window_end);
        }
    }
    r->rep_schedules = reps;
    r->rep_schedule_count = nrep;
    return SALESPLAN_OK;
}
