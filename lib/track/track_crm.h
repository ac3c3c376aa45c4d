/* Internal: actuals from CRM CSV exports (SPEC §11). track_crm.c holds the
 * entry point and the options (won/lost names, the stage map);
 * track_crm_rows.c reads the deals snapshot and the activity log row by row;
 * track_crm_names.c resolves owners, stages and activity types and writes
 * the notes (skipped rows, unknown names). Calls go one way: entry -> rows
 * -> names. Not installed. */
#ifndef SLP_TRACK_CRM_H
#define SLP_TRACK_CRM_H

#include <stddef.h>
#include <stdint.h>

#include "common/error.h"
#include "estimate/csv.h"
#include "estimate/dict.h"
#include "format/actuals.h"
#include "salesplan/track.h"

/* Skipped rows reported by line, per file (the rest are counted). */
#define SLP_CRM_MAX_REPORTED 20
/* Distinct unknown owners / stages / types named one by one in warnings. */
#define SLP_CRM_MAX_NAMED 10

/* Class of a deal's stage value. */
enum { SLP_CRM_OPEN = 0, SLP_CRM_WON = 1, SLP_CRM_LOST = 2, SLP_CRM_UNKNOWN = 3 };

/* Distinct values of one column -> what they mean, with the rows that had
 * them (for the warnings about unknown values). */
typedef struct slp_crm_names {
    slp_dict dict;
    long *index;       /* per id: plan index (rep, stage, activity), -1 when unknown */
    int *cls;          /* per id (stages only): SLP_CRM_* */
    long long *rows;   /* per id: rows that had it */
    double *amount;    /* per id: booked amount (owners only) */
    size_t cap;
} slp_crm_names;

/* One "CRM=PLAN" pair of the stage map. */
typedef struct slp_crm_map {
    const char *crm;
    size_t crm_len;
    long stage; /* plan stage index; stage_count - 1 is the won stage */
} slp_crm_map;

typedef struct slp_crm {
    salesplan_actuals *a;
    const salesplan_plan *p;
    const salesplan_actuals_csv_options *o;
    salesplan_error *err;
    const char *file; /* "deals" or "activities": the file being read */
    int dmy;
    slp_day start, as_of;

    /* won / lost names: comma-separated lists, kept as (ptr, len) pairs */
    const char *won[32], *lost[32];
    size_t won_len[32], lost_len[32];
    size_t won_count, lost_count;
    slp_crm_map *map;
    size_t map_count;

    slp_crm_names owners, stages, types;
    slp_dict ids;           /* deal ids seen */
    uint64_t *id_line;      /* per id: the line that first had it */
    size_t id_cap;

    long long skipped;      /* rows skipped in the current file */
    long long reported;
    long long after_as_of;  /* won deals closed (or activities done) after as_of */
    long long before_start; /* activities before the period's start */
    slp_day latest;         /* latest closed date of a decided deal (or activity) */
} slp_crm;

/* A skipped row: counted, reported by line (first few). SALESPLAN_OK or ENOMEM. */
int slp_crm_skip(slp_crm *c, uint64_t line, const char *fmt, ...) SLP_PRINTF(3, 4);
/* Warn that the current file had more skipped rows than were listed. */
int slp_crm_skip_summary(slp_crm *c);
/* Id of value [s, s+n) in `names`, resolved on first sight with `resolve`
 * (plan index, and class for stages). SALESPLAN_OK, ENOMEM, ELIMIT. */
int slp_crm_lookup(slp_crm *c, slp_crm_names *names, const char *s, size_t n,
                   void (*resolve)(const slp_crm *, const char *, size_t, long *, int *),
                   uint32_t *id);
void slp_crm_resolve_owner(const slp_crm *c, const char *s, size_t n, long *index, int *cls);
void slp_crm_resolve_stage(const slp_crm *c, const char *s, size_t n, long *index, int *cls);
void slp_crm_resolve_type(const slp_crm *c, const char *s, size_t n, long *index, int *cls);
/* Notes naming the unknown values of `names` (what: "owner", "stage", "activity type"). */
int slp_crm_unknown_notes(slp_crm *c, const slp_crm_names *names, const char *what);

/* The two files (track_crm_rows.c): header, then every row. */
int slp_crm_read_deals(slp_crm *c, const char *buf, size_t len);
int slp_crm_read_activities(slp_crm *c, const char *buf, size_t len);

#endif
