/* The rows of the CRM exports (SPEC §11): a deals snapshot (SPEC §7 with an
 * owner column) gives bookings and the open pipeline, an activity log the
 * activities done. Columns are chosen by name (given or detected as
 * `salesplan estimate` does); malformed rows are skipped, counted and
 * reported by line; unknown owners, stages and activity types are named in
 * warnings. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "common/alloc.h"
#include "common/hash.h"
#include "common/utf8.h"
#include "estimate/csv_fields.h"
#include "model/plan_model.h"
#include "track/track_crm.h"

/* Header names of an activity log's date column, beyond the usual ones. */
static const char *const cand_act_date[] = {"date",     "activitydate", "timestamp", "occurredat",
                                            "datetime", "createdat",    "created",   "createddate",
                                            NULL};

static void set_path(salesplan_error *err, const char *file)
{
    if (err && err->path[0] == '\0')
        snprintf(err->path, sizeof err->path, "%s", file);
}

/* Column `what` of header h: the given name, else detected; SIZE_MAX when
 * absent and not required. */
static int column(slp_crm *c, const slp_csv_row *h, const char *given, const char *const *cand,
                  int required, const char *what, const char *flag, const char *why,
                  size_t *idx)
{
    char list[200];
    *idx = given ? slp_est_find_column(h, given) : slp_est_detect_column(h, cand);
    if (given && *idx == SIZE_MAX) {
        slp_est_header_list(h, list, sizeof list);
        return slp_error_set(c->err, SALESPLAN_EDATA, c->file, (long)h->line, 1,
                             "%s column '%.60s' is not in the header (%s)", what, given, list);
    }
    if (required && *idx == SIZE_MAX) {
        slp_est_header_list(h, list, sizeof list);
        return slp_error_set(c->err, SALESPLAN_EDATA, c->file, (long)h->line, 1,
                             "no %s column found%s; name it with %s (header: %s)", what, why,
                             flag, list);
    }
    return SALESPLAN_OK;
}

/* The owner column, required when the plan has reps (their figures need
 * each `item`'s owner). */
static int owner_column(slp_crm *c, const slp_csv_row *h, const char *item, size_t *idx)
{
    int need = c->p->rep_count > 0;
    char why[96];
    snprintf(why, sizeof why, ": the plan has reps, and their figures need each %s's owner", item);
    return column(c, h, c->o->owner_column, slp_est_column_candidates(SLP_COL_OWNER), need,
                  "owner", "--owner (owner_column)", need ? why : "", idx);
}

/* Every data row through `row` (with the file's columns and counts), to the
 * end of the file: SALESPLAN_OK, or the first failure. */
static int read_rows(slp_crm *c, slp_csv *csv,
                     int (*row)(slp_crm *c, const void *cols, const slp_csv_row *r, void *counts),
                     const void *cols, void *counts)
{
    slp_csv_row r;
    int rc;
    while ((rc = slp_csv_next(csv, &r, c->err)) == SALESPLAN_OK)
        if ((rc = row(c, cols, &r, counts)) != SALESPLAN_OK)
            return rc;
    return rc == SLP_CSV_END ? SALESPLAN_OK : rc;
}

/* Open the tokenizer and read the header row. */
static int open_file(slp_crm *c, const char *buf, size_t len, slp_csv **csv, slp_csv_row *h)
{
    int rc = slp_csv_open_buffer(csv, buf, len, ',', 0, 0, 0, c->err);
    if (rc != SALESPLAN_OK)
        return rc;
    do {
        rc = slp_csv_next(*csv, h, c->err);
    } while (rc == SALESPLAN_OK && h->count == 0);
    if (rc == SLP_CSV_END)
        return slp_error_set(c->err, SALESPLAN_EDATA, c->file, 0, 0,
                             "the %s export is empty (no header row)", c->file);
    if (rc != SALESPLAN_OK)
        return rc;
    for (size_t i = 0; i < h->count; i++)
        if (!slp_utf8_valid(h->fields[i].ptr, h->fields[i].len) ||
            memchr(h->fields[i].ptr, '\0', h->fields[i].len) != NULL)
            return slp_error_set(c->err, SALESPLAN_ESYNTAX, c->file, (long)h->line, 1,
                                 "header field %zu is not valid UTF-8 text", i + 1);
    return SALESPLAN_OK;
}

/* The field count and the tokenizer's flags; 1 when the row was skipped. */
static int bad_shape(slp_crm *c, const slp_csv_row *row, size_t ncols, int *rc)
{
    if (row->count != ncols)
        *rc = slp_crm_skip(c, row->line, "expected %zu fields, found %zu", ncols, row->count);
    else if (row->flags & SLP_CSV_NUL)
        *rc = slp_crm_skip(c, row->line, "a field contains a NUL byte");
    else if (row->flags & SLP_CSV_BADQUOTE)
        *rc = slp_crm_skip(c, row->line, "text follows a closing quote inside a field");
    else
        return 0;
    return 1;
}

/* Field `col` trimmed; 1 when it is not valid UTF-8 (the row was skipped). */
static int text_field(slp_crm *c, const slp_csv_row *row, size_t col, const char *what,
                      const char **s, size_t *n, int *rc)
{
    *s = row->fields[col].ptr;
    *n = row->fields[col].len;
    slp_est_trim(s, n);
    if (slp_utf8_valid(*s, *n))
        return 0;
    *rc = slp_crm_skip(c, row->line, "%s: the value is not valid UTF-8", what);
    return 1;
}

/* The start of a data row: its shape, then its key, the trimmed text of
 * column `col` (the stage of a deal, the type of an activity: `what` in the
 * messages, `empty` the reason to skip a row without it). 1 when the row
 * ends there, *rc the status to return (SALESPLAN_OK for a blank or skipped
 * row); 0 with the key in *s, *n. */
static int row_key(slp_crm *c, const slp_csv_row *row, size_t ncols, size_t col, const char *what,
                   const char *empty, const char **s, size_t *n, int *rc)
{
    *rc = SALESPLAN_OK;
    if (row->count == 0 || bad_shape(c, row, ncols, rc) || text_field(c, row, col, what, s, n, rc))
        return 1;
    if (*n > 0)
        return 0;
    *rc = slp_crm_skip(c, row->line, "%s", empty);
    return 1;
}

/* Field `col` as a date: 0 and *day, 1 when empty, -1 when malformed. */
static int date_field(const slp_crm *c, const slp_csv_row *row, size_t col, slp_day *day,
                      char *shown, size_t size)
{
    const char *s = row->fields[col].ptr;
    size_t n = row->fields[col].len;
    slp_est_trim(&s, &n);
    if (n == 0)
        return 1;
    int32_t d;
    if (slp_est_parse_date(s, n, c->dmy, &d) != 0) {
        slp_est_show(shown, size, s, n);
        return -1;
    }
    *day = d;
    return 0;
}

/* Field `col` as a date the row cannot do without: 0 with *day, or 1 with
 * *rc the status of skipping the row (`empty` when the field is empty,
 * "<what>: ... is not a date" when it is malformed). */
static int needed_date(slp_crm *c, const slp_csv_row *row, size_t col, const char *what,
                       const char *empty, slp_day *day, int *rc)
{
    char shown[64];
    int d = date_field(c, row, col, day, shown, sizeof shown);
    if (d == 0)
        return 0;
    if (d == 1)
        *rc = slp_crm_skip(c, row->line, "%s", empty);
    else
        *rc = slp_crm_skip(c, row->line, "%s: %s is not a date", what, shown);
    return 1;
}

/* The owner's rep (-1: none or unknown) and its id in c->owners (SLP_NO_ID: empty). */
static int owner_of(slp_crm *c, const slp_csv_row *row, size_t col, long *rep, uint32_t *oid,
                    int *skipped)
{
    *rep = -1;
    *oid = SLP_NO_ID;
    *skipped = 0;
    if (col == SIZE_MAX)
        return SALESPLAN_OK;
    const char *s;
    size_t n;
    int rc = SALESPLAN_OK;
    if (text_field(c, row, col, "owner", &s, &n, &rc)) {
        *skipped = 1;
        return rc;
    }
    if (n == 0)
        return SALESPLAN_OK;
    rc = slp_crm_lookup(c, &c->owners, s, n, slp_crm_resolve_owner, oid);
    if (rc == SALESPLAN_OK)
        *rep = c->owners.index[*oid];
    return rc;
}

/* ---- deals ------------------------------------------------------------------ */

typedef struct deal_cols {
    size_t id, stage, closed, amount, owner, created, ncols;
} deal_cols;

typedef struct deal_counts {
    long long won_after, lost_after, open_after, open_no_owner;
} deal_counts;

/* The deal id: 1 when it repeats an earlier row's (the row was skipped). */
static int repeated_id(slp_crm *c, const deal_cols *k, const slp_csv_row *row, int *rc)
{
    if (k->id == SIZE_MAX)
        return 0;
    const char *s;
    size_t n;
    if (text_field(c, row, k->id, "id", &s, &n, rc))
        return 1;
    if (n == 0)
        return 0;
    uint32_t id;
    int added;
    *rc = slp_dict_intern(&c->ids, s, n, slp_hash_bytes(s, n), &id, &added);
    if (*rc != SALESPLAN_OK)
        return 1;
    if (!added) {
        char shown[64];
        slp_est_show(shown, sizeof shown, s, n);
        *rc = slp_crm_skip(c, row->line, "deal id %s appears again (first on line %llu)", shown,
                           (unsigned long long)c->id_line[id]);
        return 1;
    }
    if (slp_grow((void **)&c->id_line, &c->id_cap, (size_t)id + 1, sizeof *c->id_line) != 0) {
        *rc = SALESPLAN_ENOMEM;
        return 1;
    }
    c->id_line[id] = row->line;
    return 0;
}

static int won_deal(slp_crm *c, const deal_cols *k, const slp_csv_row *row, long rep,
                    uint32_t oid, deal_counts *dc)
{
    int rc;
    slp_day day = 0;
    if (needed_date(c, row, k->closed, "closed", "a won deal without a closed date", &day, &rc))
        return rc;
    char shown[64];
    const char *s = row->fields[k->amount].ptr;
    size_t n = row->fields[k->amount].len;
    slp_est_trim(&s, &n);
    double amount;
    if (n == 0)
        return slp_crm_skip(c, row->line, "a won deal without an amount");
    slp_est_show(shown, sizeof shown, s, n);
    if (slp_est_parse_amount(s, n, &amount) != 0)
        return slp_crm_skip(c, row->line, "amount: %s is not a finite number", shown);
    if (!(amount > 0.0))
        return slp_crm_skip(c, row->line, "amount: must be a number > 0; found %s", shown);
    if (day < c->start)
        return SALESPLAN_OK; /* history: closed before the period */
    if (day > c->as_of) {
        dc->won_after++;
        return SALESPLAN_OK;
    }
    char label[48];
    snprintf(label, sizeof label, "deals line %llu", (unsigned long long)row->line);
    const char *id = NULL;
    char idbuf[256];
    if (k->id != SIZE_MAX) {
        const char *is = row->fields[k->id].ptr;
        size_t in = row->fields[k->id].len;
        slp_est_trim(&is, &in);
        if (in > 0 && in < sizeof idbuf) {
            memcpy(idbuf, is, in);
            idbuf[in] = '\0';
            id = idbuf;
        }
    }
    if (oid != SLP_NO_ID) {
        c->owners.rows[oid]++;
        c->owners.amount[oid] += amount;
    }
    rc = slp_actuals_add_booking(c->a, day, amount, rep, id, label);
    if (rc == SALESPLAN_ELIMIT)
        return slp_error_set(c->err, rc, c->file, (long)row->line, 1,
                             "too many bookings (at most %u)", SLP_MAX_BOOKINGS);
    return rc;
}

static int open_deal(slp_crm *c, const deal_cols *k, const slp_csv_row *row, long stage,
                     long rep, uint32_t oid, deal_counts *dc)
{
    if (k->created != SIZE_MAX) {
        char shown[64];
        slp_day day = 0;
        if (date_field(c, row, k->created, &day, shown, sizeof shown) == 0 && day > c->as_of) {
            dc->open_after++;
            return SALESPLAN_OK; /* did not exist yet on the as-of day */
        }
    }
    salesplan_actuals *a = c->a;
    a->pipe_team[stage] += 1.0;
    if (rep >= 0)
        a->pipe_rep[(size_t)rep * a->stage_count + (size_t)stage] += 1.0;
    else if (oid == SLP_NO_ID && k->owner != SIZE_MAX)
        dc->open_no_owner++;
    if (oid != SLP_NO_ID)
        c->owners.rows[oid]++;
    return SALESPLAN_OK;
}

static int deal_row(slp_crm *c, const void *cols, const slp_csv_row *row, void *counts)
{
    const deal_cols *k = cols;
    deal_counts *dc = counts;
    int rc;
    const char *s;
    size_t n;
    if (row_key(c, row, k->ncols, k->stage, "stage", "the stage is empty", &s, &n, &rc))
        return rc;
    uint32_t sid, oid;
    if ((rc = slp_crm_lookup(c, &c->stages, s, n, slp_crm_resolve_stage, &sid)) != SALESPLAN_OK)
        return rc;
    if (repeated_id(c, k, row, &rc))
        return rc;
    long rep;
    int skipped;
    if ((rc = owner_of(c, row, k->owner, &rep, &oid, &skipped)) != SALESPLAN_OK || skipped)
        return rc;
    switch (c->stages.cls[sid]) {
    case SLP_CRM_WON: return won_deal(c, k, row, rep, oid, dc);
    case SLP_CRM_OPEN: return open_deal(c, k, row, c->stages.index[sid], rep, oid, dc);
    case SLP_CRM_LOST: {
        char shown[64];
        slp_day day = 0;
        if (date_field(c, row, k->closed, &day, shown, sizeof shown) == 0 && day > c->as_of)
            dc->lost_after++;
        return SALESPLAN_OK;
    }
    default: c->stages.rows[sid]++; return SALESPLAN_OK;
    }
}

/* The notes of a file after its rows: the skipped rows, then the keys
 * (stages, activity types) and the owners the plan does not know. */
static int row_notes(slp_crm *c, slp_crm_names *keys, const char *what)
{
    int rc = slp_crm_skip_summary(c);
    if (rc == SALESPLAN_OK)
        rc = slp_crm_unknown_notes(c, keys, what);
    if (rc == SALESPLAN_OK)
        rc = slp_crm_unknown_notes(c, &c->owners, "owner");
    return rc;
}

static int deal_notes(slp_crm *c, const deal_counts *dc)
{
    int rc = row_notes(c, &c->stages, "stage");
    if (rc == SALESPLAN_OK && dc->open_no_owner > 0)
        rc = slp_actuals_note(c->a, "no_owner", "deals",
                              "%lld open deal(s) have no owner: team pipeline, no rep's",
                              dc->open_no_owner);
    if (rc == SALESPLAN_OK && dc->won_after + dc->lost_after + dc->open_after > 0)
        rc = slp_actuals_note(
            c->a, "export_after_as_of", "deals",
            "the deals export is newer than the as-of day %s: %lld won and %lld lost deal(s) "
            "closed after it, and %lld open deal(s) created after it, are neither bookings nor "
            "pipeline (their stage on the as-of day is unknown)",
            c->a->as_of_text, dc->won_after, dc->lost_after, dc->open_after);
    return rc;
}

int slp_crm_read_deals(slp_crm *c, const char *buf, size_t len)
{
    const salesplan_actuals_csv_options *o = c->o;
    c->file = "deals";
    slp_csv *csv = NULL;
    slp_csv_row h;
    deal_cols k;
    deal_counts dc;
    memset(&dc, 0, sizeof dc);
    int rc = open_file(c, buf, len, &csv, &h);
    if (rc == SALESPLAN_OK)
        rc = column(c, &h, o->stage_column, slp_est_column_candidates(SLP_COL_STAGE), 1, "stage",
                    "stage_column", "", &k.stage);
    if (rc == SALESPLAN_OK)
        rc = column(c, &h, o->closed_column, slp_est_column_candidates(SLP_COL_CLOSED), 1,
                    "closed date", "closed_column", " (won deals are booked on it)", &k.closed);
    if (rc == SALESPLAN_OK)
        rc = column(c, &h, o->amount_column, slp_est_column_candidates(SLP_COL_AMOUNT), 1,
                    "amount", "amount_column", " (a booking is a won deal's amount)", &k.amount);
    if (rc == SALESPLAN_OK)
        rc = owner_column(c, &h, "deal", &k.owner);
    if (rc == SALESPLAN_OK)
        rc = column(c, &h, o->id_column, slp_est_column_candidates(SLP_COL_ID), 0, "id",
                    "id_column", "", &k.id);
    if (rc == SALESPLAN_OK)
        rc = column(c, &h, NULL, slp_est_column_candidates(SLP_COL_CREATED), 0, "created", "",
                    "", &k.created);
    k.ncols = h.count;
    if (rc == SALESPLAN_OK) {
        c->a->pipeline_given = 1;
        c->a->pipeline_per_rep = k.owner != SIZE_MAX;
        rc = read_rows(c, csv, deal_row, &k, &dc);
    }
    if (rc == SALESPLAN_OK)
        rc = deal_notes(c, &dc);
    slp_csv_free(csv);
    if (rc != SALESPLAN_OK && rc != SALESPLAN_ENOMEM)
        set_path(c->err, c->file);
    return rc;
}

/* ---- activities ------------------------------------------------------------------ */

typedef struct act_cols {
    size_t date, type, owner, ncols;
} act_cols;

static int act_row(slp_crm *c, const void *cols, const slp_csv_row *row, void *unused)
{
    (void)unused;
    const act_cols *k = cols;
    int rc;
    const char *s;
    size_t n;
    if (row_key(c, row, k->ncols, k->type, "type", "the activity type is empty", &s, &n, &rc))
        return rc;
    slp_day day = 0;
    if (needed_date(c, row, k->date, "date", "the date is empty", &day, &rc))
        return rc;
    uint32_t tid, oid;
    if ((rc = slp_crm_lookup(c, &c->types, s, n, slp_crm_resolve_type, &tid)) != SALESPLAN_OK)
        return rc;
    long rep;
    int skipped;
    if ((rc = owner_of(c, row, k->owner, &rep, &oid, &skipped)) != SALESPLAN_OK || skipped)
        return rc;
    if (day < c->start)
        return SALESPLAN_OK;
    if (day > c->as_of) {
        c->after_as_of++;
        return SALESPLAN_OK;
    }
    if (c->types.cls[tid] == SLP_CRM_UNKNOWN) {
        c->types.rows[tid]++;
        return SALESPLAN_OK;
    }
    if (oid != SLP_NO_ID)
        c->owners.rows[oid]++;
    salesplan_actuals *a = c->a;
    size_t ai = (size_t)c->types.index[tid];
    a->act_team[ai] += 1.0;
    if (rep >= 0)
        a->act_rep[(size_t)rep * a->activity_count + ai] += 1.0;
    return SALESPLAN_OK;
}

int slp_crm_read_activities(slp_crm *c, const char *buf, size_t len)
{
    const salesplan_actuals_csv_options *o = c->o;
    /* owners are named per file */
    slp_dict_free(&c->owners.dict);
    memset(&c->owners.dict, 0, sizeof c->owners.dict);
    c->file = "activities";
    c->skipped = c->reported = c->after_as_of = 0;
    slp_csv *csv = NULL;
    slp_csv_row h;
    act_cols k;
    int rc = open_file(c, buf, len, &csv, &h);
    if (rc == SALESPLAN_OK)
        rc = column(c, &h, o->date_column, cand_act_date, 1, "date", "date_column", "", &k.date);
    if (rc == SALESPLAN_OK)
        rc = column(c, &h, o->type_column, slp_est_column_candidates(SLP_COL_TYPE), 1,
                    "activity type", "type_column", "", &k.type);
    if (rc == SALESPLAN_OK)
        rc = owner_column(c, &h, "activity", &k.owner);
    k.ncols = h.count;
    if (rc == SALESPLAN_OK) {
        c->a->activities_given = 1;
        rc = read_rows(c, csv, act_row, &k, NULL);
    }
    if (rc == SALESPLAN_OK)
        rc = row_notes(c, &c->types, "activity type");
    if (rc == SALESPLAN_OK && c->after_as_of > 0)
        rc = slp_actuals_note(c->a, "export_after_as_of", "activities",
                              "%lld activit%s dated after the as-of day %s %s not counted",
                              c->after_as_of, c->after_as_of == 1 ? "y" : "ies",
                              c->a->as_of_text, c->after_as_of == 1 ? "is" : "are");
    slp_csv_free(csv);
    if (rc != SALESPLAN_OK && rc != SALESPLAN_ENOMEM)
        set_path(c->err, c->file);
    return rc;
}
