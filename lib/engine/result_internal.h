/* Internal: the struct behind the opaque salesplan_result handle.
 *
 * A result owns a copy of the plan and one arena: a chain of chunks from
 * which every array, date string and warning message is carved. The result
 * struct itself lives at the start of the first chunk, so a typical plan costs
 * one allocation besides the plan copy. Strings that come from the plan
 * (names) are borrowed from the copy. Not installed. */
#ifndef SLP_RESULT_INTERNAL_H
#define SLP_RESULT_INTERNAL_H

#include <stddef.h>

#include "common/error.h"
#include "salesplan/result.h"

typedef struct slp_arena_chunk slp_arena_chunk;

struct salesplan_result {
    slp_arena_chunk *arena;    /* first chunk holds this struct; freed last */
    salesplan_plan *plan;      /* the copy the figures were computed from */

    salesplan_result_overview overview;
    char period_start[11];
    char period_end[11];

    salesplan_stage_result *stages;
    size_t stage_count;
    salesplan_activity_result *activities;
    size_t activity_count;
    salesplan_role_result *roles;
    size_t role_count;
    salesplan_slice_result *slices;
    size_t slice_count;
    salesplan_rep_quota *rep_quotas;
    size_t rep_quota_count;
    double unassigned;
    salesplan_phase_result *phases;
    size_t phase_count;
    salesplan_capacity_result capacity;
    salesplan_metrics_result metrics;
    salesplan_rep_schedule *rep_schedules; /* one per rep of the plan (engine/schedule.c) */
    size_t rep_schedule_count;
    salesplan_warning *warnings;
    size_t warning_count;
    size_t warning_cap;
};

/* Create an empty result whose first arena chunk has room for about
 * `reserve` bytes besides the struct. NULL when memory runs out. */
salesplan_result *slp_result_new(size_t reserve);

/* `size` bytes from the result's arena, aligned for any type, zero-filled;
 * NULL when memory runs out (or on overflow). */
void *slp_result_alloc(salesplan_result *r, size_t size);

/* Array of n elements of `size` bytes from the arena (overflow-checked). */
void *slp_result_array(salesplan_result *r, size_t n, size_t size);

/* Append a warning; the message is formatted into the arena. `code` and
 * `path` are copied. Returns SALESPLAN_OK or SALESPLAN_ENOMEM. */
int slp_result_warn(salesplan_result *r, const char *code, const char *path, const char *fmt,
                    ...) SLP_PRINTF(4, 5);

/* Compute every figure of `r` from `r->plan` (already checked and copied).
 * `confidence` is q in confidence mode, NaN in expected mode. Defined in
 * compute.c. Returns SALESPLAN_OK, SALESPLAN_ENOMEM or SALESPLAN_ELIMIT. */
int slp_result_compute(salesplan_result *r, double confidence, salesplan_error *err);

#endif
