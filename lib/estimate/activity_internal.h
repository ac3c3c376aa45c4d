/* Internal: the activity-yield result (salesplan/activities.h) and the pieces
 * that build it: the state (activity_state.h) reads the two inputs into an
 * accumulator (activity_acc.h), activity_finish.c turns the accumulator into
 * the result, activity_render.c writes it. Not installed. */
#ifndef SLP_ACTIVITY_INTERNAL_H
#define SLP_ACTIVITY_INTERNAL_H

#include <stddef.h>

#include "common/error.h"
#include "estimate/activity_acc.h"
#include "salesplan/activities.h"

struct salesplan_activities {
    salesplan_activities_info info;
    char from[11], to[11];
    int has_plan;
    salesplan_activity_yield *act; /* per activity */
    size_t act_count;
    size_t *owner_start;           /* per activity: first owner record; act_count + 1 entries */
    salesplan_activity_yield *own; /* owner records, grouped by activity */
    size_t *type_start;            /* per activity: first type; act_count + 1 entries */
    const char **types;            /* log types, grouped by activity (into `strings`) */
    char **strings;                /* owned strings (names, owners, stages, columns) */
    size_t string_count, string_cap;
    char **warnings;
    size_t warning_count, warning_cap;
    char *emitted;                 /* the plan's activities with measured per_entry, or NULL */
};

/* A new empty result (SALESPLAN_OK or ENOMEM). */
int slp_act_result_new(salesplan_activities **out);
/* A copy of [s, s+n) owned by the result (NULL on ENOMEM). */
const char *slp_act_keep(salesplan_activities *r, const char *s, size_t n);
/* Add a warning (SALESPLAN_OK or ENOMEM). */
int slp_act_warn(salesplan_activities *r, const char *fmt, ...) SLP_PRINTF(2, 3);

/* Turn the accumulator into r's figures. */
int slp_act_finish(const slp_act_acc *acc, salesplan_activities *r,
                   const salesplan_activities_options *o, salesplan_error *err);
/* The plan's activities list with measured per_entry (r->emitted). */
int slp_act_emit_build(salesplan_activities *r, const salesplan_plan *p, salesplan_error *err);

#endif
