/* Internal: the per-rep schedule (SPEC §11 "Per-rep schedule", §9 `reps[]`).
 *
 * For rep r of role ρ, month slice s and activity a of role ρ:
 *   per_workday_{a,r,s} = per_workday_a · f(r,S) / sum over ρ's reps of f(r',S),
 * S = the workdays of slice s inside a's sourcing window; NaN (null) when S
 * is empty or the sum is 0. A rep who has not started yet has f = 0 and gets
 * 0, so every month's rep targets add up to the team's per_workday.
 *
 * The ramp means over whole slices are computed once per rep and slice; only
 * the one slice a sourcing window cuts in two needs fresh means. Every array
 * comes from the result's arena: the schedule itself and two scratch arrays
 * (nothing is allocated inside the loops). Not thread-safe on one result. */
#ifndef SLP_SCHEDULE_H
#define SLP_SCHEDULE_H

#include <stddef.h>

#include "engine/calendar.h"
#include "engine/result_internal.h"
#include "engine/team.h"

/* Most targets (reps × months × activities of the rep's role) one result may
 * hold: 4,194,304, i.e. 64 MiB of targets. Past it compute fails with
 * SALESPLAN_ELIMIT (docs/limits.md). */
#define SLP_SCHEDULE_MAX_TARGETS ((size_t)1 << 22)

/* What the engine already knows when the schedule is computed. Arrays are
 * borrowed for the call only. */
typedef struct slp_schedule_in {
    const slp_calendar *cal;
    size_t nrep;                      /* reps, plan order */
    const long *rep_role;             /* role index of each rep, -1 when unknown */
    slp_ramp_seg *const *segs;        /* ramp segments of each rep */
    const size_t *seg_n;
    size_t nr;                        /* roles */
    const size_t *role_first;         /* reps of role i: role_reps[role_first[i] .. [i+1]) */
    const size_t *role_reps;
    const long *act_role;             /* role index of each activity, -1 without one */
    const long *act_stage;            /* stage index of each activity */
    const int *window_last;           /* per stage: last day of its window, -1 if not in time */
} slp_schedule_in;

/* Fill r->rep_schedules (one per rep of the plan, plan order) from r's
 * activities (names, per_workday) and slices (dates), which must be computed.
 * Returns SALESPLAN_OK, SALESPLAN_ENOMEM, or SALESPLAN_ELIMIT (with `err`
 * set) past SLP_SCHEDULE_MAX_TARGETS. */
int slp_schedule_compute(salesplan_result *r, const slp_schedule_in *in, salesplan_error *err);

#endif
