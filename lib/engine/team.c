/* Team, ramp, quota and capacity arithmetic (SPEC §5). */
#include "engine/team.h"

#include <math.h>

#include "engine/funnel.h"

slp_day slp_tenure_month_start(slp_day start, long m)
{
    return slp_add_months_past_end(start, m, 1); /* past the end: the 1st of the next month */
}

size_t slp_ramp_seg_cap(size_t ramp_count, int days)
{
    /* a tenure month lasts at least 28 days, so a period of `days` days meets
     * at most days/28 + 2 of them; plus the "before start" and the "past the
     * ramp" segments */
    size_t months = (size_t)(days > 0 ? days : 0) / 28u + 2u;
    return (ramp_count < months ? ramp_count : months) + 2u;
}

static size_t push_seg(slp_ramp_seg *segs, size_t n, int from, double f)
{
    if (n > 0 && segs[n - 1].f == f)
        return n; /* same factor: extend the previous segment */
    segs[n].from = from;
    segs[n].f = f;
    return n + 1;
}

size_t slp_ramp_segments(slp_day period_start, int days, slp_day rep_start, const double *ramp,
                         size_t ramp_count, slp_ramp_seg *segs)
{
    size_t n = 0;
    slp_day rel = rep_start - period_start;
    if (rel > 0) {
        n = push_seg(segs, n, 0, 0.0);
        if (rel >= (slp_day)days)
            return n;
    }
    int from = rel > 0 ? (int)rel : 0;
    long m = slp_months_between(rep_start, period_start + from);
    while (from < days) {
        if (m < 0 || (size_t)m >= ramp_count) {
            n = push_seg(segs, n, from, 1.0);
            break;
        }
        n = push_seg(segs, n, from, ramp[m]);
        slp_day next = slp_tenure_month_start(rep_start, m + 1) - period_start;
        if (next >= (slp_day)days)
            break;
        from = (int)next;
        m++;
    }
    return n;
}

double slp_ramp_mean(const slp_calendar *c, const slp_ramp_seg *segs, size_t n, int a, int b)
{
    int total = slp_cal_workdays(c, a, b);
    if (total <= 0)
        return 0.0;
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        int lo = segs[i].from;
        int hi = i + 1 < n ? segs[i + 1].from : c->days;
        if (hi <= a)
            continue;
        if (lo >= b)
            break;
        if (segs[i].f == 0.0)
            continue;
        sum += segs[i].f * (double)slp_cal_workdays(c, lo > a ? lo : a, hi < b ? hi : b);
    }
    return sum / (double)total;
}

void slp_slice_weights(const slp_calendar *c, const double *seasonality, size_t n, double *out)
{
    size_t S = c->slice_count;
    double sum = 0.0;
    if (seasonality && n == S) {
        for (size_t s = 0; s < S; s++)
            sum += seasonality[s];
    }
    if (seasonality && n == S && sum > 0.0) {
        for (size_t s = 0; s < S; s++)
            out[s] = seasonality[s] / sum;
        return;
    }
    double total = (double)c->wd[c->days];
    for (size_t s = 0; s < S; s++)
        out[s] = total > 0.0 ? (double)c->slices[s].workdays / total : 0.0;
}

double slp_quota_assign(double team_quota, const double *weights, size_t slices,
                        const double *territory, const double *ramp, size_t reps, double *quota,
                        size_t *empty_slices)
{
    double unassigned = 0.0;
    size_t empty = 0;
    for (size_t s = 0; s < slices; s++) {
        double share = team_quota * weights[s];
        double wsum = 0.0;
        for (size_t r = 0; r < reps; r++)
            wsum += territory[r] * ramp[r * slices + s];
        for (size_t r = 0; r < reps; r++)
            quota[r * slices + s] =
                wsum > 0.0 ? share * (territory[r] * ramp[r * slices + s]) / wsum : 0.0;
        if (!(wsum > 0.0) && share > 0.0) {
            unassigned += share;
            empty++;
        }
    }
    if (empty_slices)
        *empty_slices = empty;
    return unassigned;
}

double slp_phase_target(const slp_calendar *c, const double *weights, double revenue, int b)
{
    double sum = 0.0;
    for (size_t s = 0; s < c->slice_count; s++) {
        const slp_slice *sl = &c->slices[s];
        double frac;
        if (b >= sl->end) {
            frac = 1.0;
        } else if (b <= sl->first) {
            frac = 0.0;
        } else if (sl->workdays > 0) {
            frac = (double)slp_cal_workdays(c, sl->first, b) / (double)sl->workdays;
        } else {
            frac = (double)(b - sl->first) / (double)(sl->end - sl->first);
        }
        sum += weights[s] * frac;
    }
    return revenue * sum;
}

double slp_capacity_rep(const slp_calendar *c, const double *ramp, double quota_monthly,
                        double attainment, double attrition)
{
    double sum = 0.0;
    double keep = 1.0; /* (1 - a)^s */
    for (size_t s = 0; s < c->slice_count; s++) {
        const slp_slice *sl = &c->slices[s];
        if (sl->month_workdays > 0 && ramp[s] != 0.0)
            sum += quota_monthly * ramp[s] * ((double)sl->workdays / (double)sl->month_workdays) *
                   attainment * keep;
        keep *= 1.0 - attrition;
    }
    return sum;
}

double slp_hires_needed(double gap, double new_hire_capacity)
{
    if (!(gap > 0.0))
        return 0.0;
    if (new_hire_capacity > 0.0)
        return slp_ceil_count(gap / new_hire_capacity);
    return NAN;
}
