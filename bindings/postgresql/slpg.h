/* Internal header of the PostgreSQL extension (bindings/postgresql): the
 * module is a thin layer over the public C API (<salesplan.h>) and these are
 * its shared helpers. See docs/postgresql.md. */
#ifndef SLPG_H
#define SLPG_H

#include "postgres.h"

#include "fmgr.h"
#include "utils/date.h"
#include "utils/jsonb.h"

#include <salesplan.h>

/* Library objects one SQL call may hold. Every pointer starts NULL; the call
 * runs the library inside PG_TRY and frees them all in PG_FINALLY, before any
 * error is raised and before PostgreSQL resets the memory they came from. */
typedef struct slpg_held {
    salesplan_plan *plan;
    salesplan_result *result;
    salesplan_actuals *actuals;
    salesplan_tracking *tracking;
    salesplan_simulation *simulation;
    salesplan_diagnostics *diagnostics;
    char *text; /* rendered output, salesplan_free() */
} slpg_held;

/* Free everything `h` holds (salesplan_*_free) and set its pointers to NULL. */
void slpg_held_free(slpg_held *h);

/* The text handed to the library for a jsonb argument: jsonb_pretty's layout,
 * so that a line:column from the library points into jsonb_pretty(arg).
 * palloc'd in the current memory context. */
char *slpg_jsonb_to_text(Jsonb *jb, size_t *len);

/* The library's JSON output as a jsonb Datum (palloc'd; may raise on OOM). */
Datum slpg_text_to_jsonb(const char *text);

/* Raise the library status `rc` with its error: SQLSTATE 22P02 for
 * malformed input, 22023 for a rule broken by a value, 53200 for memory,
 * XX000 otherwise; the path and line:column of `what` (the argument name) in
 * DETAIL. Call only after slpg_held_free(): it does not return. */
void slpg_raise(const char *fn, const char *what, salesplan_status rc,
                const salesplan_error *err) pg_attribute_noreturn();

/* YYYY-MM-DD of a finite SQL date into buf (11 bytes); raises 22023 for an
 * infinite date or a year outside 1..9999. */
void slpg_date_text(char buf[11], const char *fn, DateADT d);

/* The progress callback of salesplan_simulate(): nonzero (stop) when an
 * interrupt is pending that CHECK_FOR_INTERRUPTS could serve now. */
int slpg_progress(void *ctx, unsigned long long done, unsigned long long total);

#endif
