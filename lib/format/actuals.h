/* Internal: the actuals of a period (SPEC §11), the struct behind the opaque
 * salesplan_actuals handle. Actuals are always read against one plan: reps,
 * stages and activities are kept as indices into that plan's lists, and the
 * handle remembers the plan's period and list sizes so that tracking can
 * refuse a different plan. Not installed.
 *
 * Files: format/actuals.c (lifetime, adding bookings and counts, as_of),
 * format/actuals_read.c (the JSON document). The CRM CSV reader lives above,
 * in lib/track/track_crm.c, because it uses lib/estimate/'s tokenizer. */
#ifndef SLP_ACTUALS_H
#define SLP_ACTUALS_H

#include <stddef.h>

#include "common/date.h"
#include "common/error.h"
#include "model/name_set.h"
#include "salesplan/plan.h"

typedef struct salesplan_actuals salesplan_actuals;

/* One won deal. `label` names it in warnings ("bookings[3]", "deals.csv
 * line 12"); `id` is NULL when it has none. */
typedef struct slp_booking {
    slp_day date;
    double amount;
    long rep; /* index into the plan's reps, -1 when none */
    char *id;
    char *label;
} slp_booking;

/* A warning found while reading (e.g. skipped CSV rows), passed on to the tracking. */
typedef struct slp_act_note {
    char *code;
    char *path;
    char *message;
} slp_act_note;

struct salesplan_actuals {
    /* the plan the actuals were read against */
    slp_day period_start;
    int days;
    size_t stage_count, rep_count, activity_count;

    slp_day as_of; /* day number; valid when has_as_of */
    int has_as_of;
    char as_of_text[11];
    int from_csv; /* read from CRM exports: as_of is fixed (the rows were chosen by it) */

    slp_booking *bookings;
    size_t booking_count, booking_cap;
    slp_name_set ids; /* booking ids -> booking index */

    int pipeline_given;   /* a pipeline was given (else: no open deal) */
    int pipeline_per_rep; /* given as a list {rep, stage, count} */
    double *pipe_team;    /* stage_count entries; the block that holds all four tables */
    double *pipe_rep;     /* rep_count * stage_count entries ([rep * stage_count + stage]) */

    int activities_given;
    double *act_team; /* activity_count entries: done to date, all reps and none */
    double *act_rep;  /* rep_count * activity_count entries */

    slp_act_note *notes;
    size_t note_count, note_cap;
};

/* A new, empty actuals handle shaped for `plan` (which must have a period).
 * SALESPLAN_OK, SALESPLAN_EINVAL (no period), SALESPLAN_ENOMEM. */
int slp_actuals_new(salesplan_actuals **out, const salesplan_plan *plan, salesplan_error *err);
/* 1 when `a` was read against a plan of this shape and period. */
int slp_actuals_fits(const salesplan_actuals *a, const salesplan_plan *plan);
/* Append a booking (id and label copied; id may be NULL). SALESPLAN_OK, ENOMEM, ELIMIT. */
int slp_actuals_add_booking(salesplan_actuals *a, slp_day date, double amount, long rep,
                            const char *id, const char *label);
/* Append a note (copied). SALESPLAN_OK or ENOMEM. */
int slp_actuals_note(salesplan_actuals *a, const char *code, const char *path, const char *fmt,
                     ...) SLP_PRINTF(4, 5);
/* Set as_of to day number d: SALESPLAN_OK, or SALESPLAN_ERANGE outside the period. */
int slp_actuals_set_as_of_day(salesplan_actuals *a, slp_day d);
/* Index of the booking with this id, -1 when none. */
long slp_actuals_find_id(const salesplan_actuals *a, const char *id);

/* Largest number of bookings one actuals handle holds. */
#define SLP_MAX_BOOKINGS 1000000u

#endif
