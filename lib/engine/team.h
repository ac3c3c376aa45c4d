/* Internal: team, ramp, quota and capacity arithmetic (SPEC §5).
 *
 * A rep's ramp factor f(r,d) is constant between tenure-month boundaries, so
 * it is kept as a short list of segments over the period's day indices and
 * every mean over a set of workdays is a sum over segments of
 * factor × workdays (from the calendar's prefix sums): no per-day loops.
 * The caller provides every array; nothing here allocates. Thread-safe. */
#ifndef SLP_TEAM_H
#define SLP_TEAM_H

#include <stddef.h>

#include "engine/calendar.h"
#include "common/date.h"

/* f(r,d) = f for day indices [from, next segment's from). */
typedef struct slp_ramp_seg {
    int from;
    double f;
} slp_ramp_seg;

/* First day number d with slp_months_between(start, d) >= m (m >= 0): the
 * day tenure month m begins. A start day-of-month that month m lacks (the
 * 31st in a 30-day month) moves the boundary to the 1st of the next month. */
slp_day slp_tenure_month_start(slp_day start, long m);

/* Number of segments slp_ramp_segments() may write for a period of `days`
 * days and a ramp of `ramp_count` factors. */
size_t slp_ramp_seg_cap(size_t ramp_count, int days);

/* Segments of f(r, d) over day indices [0, days) of a period starting on
 * `period_start`, for a rep starting on `rep_start` with the given ramp
 * (factor by tenure month; 1 past the list; 0 before the start). The first
 * segment starts at index 0; adjacent equal factors are merged. Returns the
 * count written (>= 1). */
size_t slp_ramp_segments(slp_day period_start, int days, slp_day rep_start, const double *ramp,
                         size_t ramp_count, slp_ramp_seg *segs);

/* f(r, S) for S = the workdays among day indices [a, b): the mean factor over
 * S, 0 when S is empty. */
double slp_ramp_mean(const slp_calendar *c, const slp_ramp_seg *segs, size_t n, int a, int b);

/* Slice weights ŝ_s: `seasonality` (n == slice count) normalised to sum 1,
 * else workdays of the slice / workdays of the period. */
void slp_slice_weights(const slp_calendar *c, const double *seasonality, size_t n, double *out);

/* Quota per carrier and slice: quota[r*S + s] = Q·ŝ_s·w_{r,s} / sum_r' w_{r',s},
 * w_{r,s} = territory[r]·ramp[r*S + s] (S = slice count). A slice whose
 * weights sum to 0 assigns nothing; its share Q·ŝ_s is added to the returned
 * unassigned amount and counted in *empty_slices (when its share is > 0). */
double slp_quota_assign(double team_quota, const double *weights, size_t slices,
                        const double *territory, const double *ramp, size_t reps, double *quota,
                        size_t *empty_slices);

/* Cumulative team target before day index b:
 * T·sum_s ŝ_s·(workdays of s before b)/(workdays of s), calendar days for a
 * slice without workdays. */
double slp_phase_target(const slp_calendar *c, const double *weights, double revenue, int b);

/* Capacity of one rep: sum_s quota_monthly·f(r,s)·(workdays(s)/workdays of
 * the calendar month of s)·attainment·(1-a)^s; `ramp` holds f(r,s) per slice.
 * A slice whose calendar month has no workday contributes 0. */
double slp_capacity_rep(const slp_calendar *c, const double *ramp, double quota_monthly,
                        double attainment, double attrition);

/* Team hires: 0 when gap <= 0, ceil(gap / c_new - 1e-9) when c_new > 0, else NaN. */
double slp_hires_needed(double gap, double new_hire_capacity);

#endif
