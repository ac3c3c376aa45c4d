/* Reading the two inputs of `salesplan activities` (SPEC §12) into the
 * state's accumulator, whatever way they come (CSV documents fed in chunks,
 * records): the date order sniffed like the estimator's, columns found by
 * header name (given or detected among usual names) once per header, rows
 * parsed and fed; malformed rows are skipped, counted and the first few per
 * input kept by line for the warnings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/alloc.h"
#include "common/error.h"
#include "common/utf8.h"
#include "estimate/activity_state.h"
#include "estimate/csv.h"
#include "estimate/csv_fields.h"
#include "estimate/estimate_internal.h"

/* Usual header names (normalised: lower case without spaces, '_', '-', '.'). */
static const char *const log_date[] = {"activitydate", "date", "duedate", "completeddate",
                                       "donedate", "timestamp", "occurredat", "datetime",
                                       "createdat", "created", "createddate", NULL};
static const char *const log_type[] = {"activitytype", "type", "tasktype", "activitytypeid",
                                       "engagementtype", "kind", "channel", "activity",
                                       "subject", NULL};
static const char *const log_owner[] = {"owner", "assigned", "assignedto", "activityassignedto",
                                        "activityowner", "userid", "user", "salesrep",
                                        "salesagent", "rep", "agent", "ownername",
                                        "hubspotowner", NULL};
static const char *const log_deal[] = {"dealid", "opportunityid", "associateddeal",
                                       "associateddealids", "associateddealid", "resid",
                                       "relatedtoid", "opportunity", "deal", NULL};
static const char *const account_cands[] = {"account", "accountname", "accountid",
                                            "company/account", "company", "companyname",
                                            "associatedcompany", "associatedcompanyids",
                                            "partnerid", "customer", NULL};
/* Tried after the estimator's names (CRM field names such as Odoo's). */
static const char *const more_stage[] = {"stageid", "dealstageid", NULL};
static const char *const more_created[] = {"createdate", "datecreated", "datecreate", NULL};
static const char *const more_closed[] = {"dateclosed", "closingdate", "wondate", NULL};
static const char *const deal_owner[] = {"owner", "dealowner", "opportunityowner", "ownername",
                                         "salesagent", "salesrep", "rep", "agent", "assignedto",
                                         "userid", "user", "salesperson", NULL};

typedef struct reader {
    salesplan_activity_state *s;
    slp_act_input *in;
    const salesplan_activities_options *o;
    salesplan_error *err;
    const char *file; /* "activities" or "deals" */
    slp_csv_row h;    /* the header (column detection only) */
    size_t ncols;
    long long *skipped;
    char list[200];
} reader;

/* The error of counting a row on `line` (ENOMEM, ELIMIT) into x->err. */
static int count_failed(reader *x, int rc, uint64_t line)
{
    if (rc == SALESPLAN_ENOMEM)
        slp_error_set(x->err, rc, NULL, 0, 0, "out of memory");
    else if (rc == SALESPLAN_ELIMIT)
        slp_error_set(x->err, rc, x->file, (long)line, 1,
                      "a limit was reached: more than 4294967295 identical rows or "
                      "too many distinct values");
    return rc;
}

/* A malformed row: counted, named in a warning while under max_reported. */
static int skip(reader *x, uint64_t line, const char *what)
{
    (*x->skipped)++;
    return count_failed(x, slp_act_problem_add(x->s, x->in, (long long)line, what), line);
}

/* Column of a role: given (must exist) or detected. */
static int column(reader *x, const char *given, const char *const *cand, int required,
                  const char *what, const char *option, size_t *idx)
{
    *idx = given ? slp_est_find_column(&x->h, given) : slp_est_detect_column(&x->h, cand);
    if (given && *idx == SIZE_MAX)
        return slp_error_set(x->err, SALESPLAN_EDATA, x->file, (long)x->h.line, 1,
                             "%s column '%.60s' is not in the %s header (%s)", what, given,
                             x->file, x->list);
    if (required && *idx == SIZE_MAX)
        return slp_error_set(x->err, SALESPLAN_EDATA, x->file, (long)x->h.line, 1,
                             "no %s column found in the %s file; name it (option `%s`) "
                             "(header: %s)%s",
                             what, x->file, option, x->list,
                             x->h.count == 1 ? "; is the delimiter right (option `delimiter`)?"
                                             : "");
    return SALESPLAN_OK;
}

/* column() over two lists of usual names: the second is tried when the
 * first finds nothing (and no name is given). */
static int column2(reader *x, const char *given, const char *const *cand,
                   const char *const *more, int required, const char *what, const char *option,
                   size_t *idx)
{
    int rc = column(x, given, cand, 0, what, option, idx);
    if (rc != SALESPLAN_OK || given != NULL || *idx != SIZE_MAX)
        return rc;
    return column(x, NULL, more, required, what, option, idx);
}

/* Field `col` trimmed (NULL, 0 when the column is absent); 1 when not UTF-8. */
static int field(const slp_csv_row *row, size_t col, const char **s, size_t *n)
{
    *s = NULL;
    *n = 0;
    if (col == SIZE_MAX)
        return 0;
    *s = row->fields[col].ptr;
    *n = row->fields[col].len;
    slp_est_trim(s, n);
    return !slp_utf8_valid(*s, *n);
}

/* A date [s, s+n) read in the input's order: 0 with *day, -1 when malformed. */
static int parse_day(slp_act_input *in, const char *s, size_t n, int32_t *day)
{
    if (slp_est_parse_date(s, n, in->dmy, day) != 0)
        return -1;
    const char *slash = memchr(s, '/', n);
    if (slash != NULL && slash - s <= 2) /* M/D/YYYY or D/M/YYYY: the order mattered */
        in->slash_dates++;
    return 0;
}

/* Date field: 0 with *day (SLP_NO_DAY when empty or absent), -1 when malformed. */
static int date(const reader *x, const slp_csv_row *row, size_t col, int32_t *day)
{
    const char *s;
    size_t n;
    *day = SLP_NO_DAY;
    field(row, col, &s, &n);
    if (n == 0)
        return 0;
    return parse_day(x->in, s, n, day);
}

/* Common row checks; 1 when the row was skipped. */
static int bad_row(reader *x, const slp_csv_row *row, int *rc)
{
    char msg[96];
    if (row->count != x->ncols) {
        snprintf(msg, sizeof msg, "expected %zu fields, found %zu", x->ncols, row->count);
        *rc = skip(x, row->line, msg);
    } else if (row->flags & SLP_CSV_NUL) {
        *rc = skip(x, row->line, "a field contains a NUL byte");
    } else if (row->flags & SLP_CSV_BADQUOTE) {
        *rc = skip(x, row->line, "text follows a closing quote inside a field");
    } else {
        return 0;
    }
    return 1;
}

static int name_in(const char *const *names, size_t count, const char *const *dflt,
                   const char *s, size_t n)
{
    if (names == NULL) {
        names = dflt;
        count = 2;
    }
    for (size_t i = 0; i < count; i++)
        if (names[i] && slp_est_name_eq(names[i], strlen(names[i]), s, n))
            return 1;
    return 0;
}

static int stage_class(const salesplan_activities_options *o, const char *s, size_t n)
{
    static const char *const won[] = {"won", "closed won"};
    static const char *const lost[] = {"lost", "closed lost"};
    if (name_in(o->won_names, o->won_count, won, s, n))
        return SLP_ACT_WON;
    if (name_in(o->lost_names, o->lost_count, lost, s, n))
        return SLP_ACT_LOST;
    return SLP_ACT_OPEN;
}

/* The fields every row needs (h and list are set by header_row() for the
 * header alone: no per-row clearing of them). */
static void reader_init(reader *x, salesplan_activity_state *s, int in)
{
    x->s = s;
    x->in = &s->in[in];
    x->o = &s->o;
    x->err = s->err;
    x->file = x->in->file;
    x->ncols = x->in->header_n;
    x->skipped = in == SALESPLAN_INPUT_LOG ? &s->acc.log_skipped : &s->acc.deals_skipped;
}

/* ---- deals ------------------------------------------------------------------ */

static int deals_columns(reader *x, size_t *k)
{
    const salesplan_activities_options *o = x->o;
    int shape = o->deals_shape;
    int rc = column2(x, o->deals_stage_column, slp_est_column_candidates(SLP_COL_STAGE),
                     more_stage, 1, "stage", "deals_stage_column", &k[SLP_D_STAGE]);
    if (rc == SALESPLAN_OK && shape != SALESPLAN_DEALS_TRANSITIONS) {
        rc = column2(x, o->deals_created_column, slp_est_column_candidates(SLP_COL_CREATED),
                     more_created, shape == SALESPLAN_DEALS_SNAPSHOT, "created",
                     "deals_created_column", &k[SLP_D_CREATED]);
        if (rc == SALESPLAN_OK)
            rc = column2(x, o->deals_closed_column, slp_est_column_candidates(SLP_COL_CLOSED),
                         more_closed, shape == SALESPLAN_DEALS_SNAPSHOT, "closed",
                         "deals_closed_column", &k[SLP_D_CLOSED]);
        if (rc == SALESPLAN_OK && shape == SALESPLAN_DEALS_AUTO)
            shape = k[SLP_D_CREATED] != SIZE_MAX && k[SLP_D_CLOSED] != SIZE_MAX
                        ? SALESPLAN_DEALS_SNAPSHOT
                        : SALESPLAN_DEALS_TRANSITIONS;
    }
    if (rc != SALESPLAN_OK)
        return rc;
    if (shape == SALESPLAN_DEALS_TRANSITIONS) {
        k[SLP_D_CREATED] = k[SLP_D_CLOSED] = SIZE_MAX;
        rc = column(x, o->deals_date_column, slp_est_column_candidates(SLP_COL_DATE), 1, "date",
                    "deals_date_column", &k[SLP_D_DATE]);
        if (rc == SALESPLAN_EDATA && o->deals_shape == SALESPLAN_DEALS_AUTO &&
            o->deals_date_column == NULL)
            return slp_error_set(x->err, SALESPLAN_EDATA, x->file, (long)x->h.line, 1,
                                 "the deals file has neither created and closed dates (a "
                                 "snapshot) nor one date per row (transitions); name the "
                                 "columns (options `deals_created_column`, "
                                 "`deals_closed_column` or `deals_date_column`) (header: %s)",
                                 x->list);
    } else {
        k[SLP_D_DATE] = SIZE_MAX;
    }
    if (rc == SALESPLAN_OK)
        rc = column(x, o->deals_id_column, slp_est_column_candidates(SLP_COL_ID),
                    shape == SALESPLAN_DEALS_TRANSITIONS, "id", "deals_id_column", &k[SLP_D_ID]);
    if (rc == SALESPLAN_OK)
        rc = column(x, o->deals_owner_column, deal_owner, 0, "owner", "deals_owner_column",
                    &k[SLP_D_OWNER]);
    if (rc == SALESPLAN_OK)
        rc = column(x, o->deals_account_column, account_cands, 0, "account",
                    "deals_account_column", &k[SLP_D_ACCOUNT]);
    x->in->shape = shape;
    return rc;
}

static int deal_row(reader *x, const slp_csv_row *row)
{
    const size_t *k = x->in->col;
    const char *f[SLP_D_COUNT];
    size_t n[SLP_D_COUNT];
    int rc = SALESPLAN_OK;
    if (bad_row(x, row, &rc))
        return rc;
    for (int i = 0; i < SLP_D_COUNT; i++)
        if (i != SLP_D_CREATED && i != SLP_D_CLOSED && i != SLP_D_DATE &&
            field(row, k[i], &f[i], &n[i]))
            return skip(x, row->line, "a value is not valid UTF-8 text");
    if (n[SLP_D_STAGE] == 0)
        return skip(x, row->line, "no stage");
    int cls = stage_class(x->o, f[SLP_D_STAGE], n[SLP_D_STAGE]);
    int32_t created, closed, day;
    if (x->in->shape == SALESPLAN_DEALS_SNAPSHOT) {
        if (date(x, row, k[SLP_D_CREATED], &created) != 0)
            return skip(x, row->line, "the created date does not parse");
        if (date(x, row, k[SLP_D_CLOSED], &closed) != 0)
            return skip(x, row->line, "the closed date does not parse");
        int repeated;
        rc = slp_act_acc_deal(&x->s->acc, f[SLP_D_ID], n[SLP_D_ID], cls, created, closed,
                              f[SLP_D_OWNER], n[SLP_D_OWNER], f[SLP_D_ACCOUNT], n[SLP_D_ACCOUNT],
                              &repeated);
        if (rc == SALESPLAN_OK && repeated)
            return skip(x, row->line, "the deal id appears again");
        return rc;
    }
    if (n[SLP_D_ID] == 0)
        return skip(x, row->line, "no deal id");
    if (date(x, row, k[SLP_D_DATE], &day) != 0 || day == SLP_NO_DAY)
        return skip(x, row->line, "the date is missing or does not parse");
    return slp_act_acc_transition(&x->s->acc, f[SLP_D_ID], n[SLP_D_ID], f[SLP_D_STAGE],
                                  n[SLP_D_STAGE], cls, day, f[SLP_D_OWNER], n[SLP_D_OWNER],
                                  f[SLP_D_ACCOUNT], n[SLP_D_ACCOUNT]);
}

/* ---- the activity log ------------------------------------------------------- */

static int log_columns(reader *x, size_t *k)
{
    const salesplan_activities_options *o = x->o;
    int rc = column(x, o->date_column, log_date, 1, "date", "date_column", &k[SLP_L_DATE]);
    if (rc == SALESPLAN_OK)
        rc = column(x, o->type_column, log_type, 1, "type", "type_column", &k[SLP_L_TYPE]);
    if (rc == SALESPLAN_OK)
        rc = column(x, o->owner_column, log_owner, 0, "owner", "owner_column", &k[SLP_L_OWNER]);
    if (rc == SALESPLAN_OK)
        rc = column(x, o->deal_column, log_deal, 0, "deal", "deal_column", &k[SLP_L_DEAL]);
    if (rc == SALESPLAN_OK)
        rc = column(x, o->account_column, account_cands, 0, "account", "account_column",
                    &k[SLP_L_ACCOUNT]);
    return rc;
}

/* The id of short value k of column i: in the shared ids, else the input's own. */
static inline int find_id(const slp_act_input *in, int i, const slp_act_idkey *k, uint32_t *id)
{
    return (in->base != NULL && slp_act_ids_find(&in->base[i], k, id)) ||
           slp_act_ids_find(&in->ids[i], k, id);
}

/* Value [s, s+n) of column `which` (SLP_L_TYPE..) as an id, through the
 * column's table of short values. */
static int cached_id(reader *x, int which, const char *s, size_t n, uint32_t *id)
{
    static const int dict_of[SLP_L_COUNT] = {0, SLP_ACT_TYPES, SLP_ACT_OWNERS, SLP_ACT_DEALS,
                                             SLP_ACT_ACCOUNTS};
    *id = SLP_NO_ID;
    if (s == NULL || n == 0)
        return SALESPLAN_OK;
    slp_act_idkey k = {0, 0, 0};
    if (n <= 16) {
        slp_act_ids_key(&k, s, n);
        if (find_id(x->in, which, &k, id))
            return SALESPLAN_OK;
    }
    if (!slp_utf8_valid(s, n)) /* checked once per distinct value: hits were valid */
        return SALESPLAN_ESYNTAX;
    int rc = slp_act_acc_intern(&x->s->acc, dict_of[which], s, n, id);
    if (rc == SALESPLAN_OK && n <= 16)
        slp_act_ids_put(&x->in->ids[which], &k, *id);
    return rc;
}

/* The date field through the cache: 0 with *day, -1 when empty or malformed. */
static int cached_day(reader *x, const slp_csv_row *row, size_t col, int32_t *day)
{
    const char *s = row->fields[col].ptr; /* a date is ASCII: no UTF-8 check needed */
    size_t n = row->fields[col].len;
    slp_est_trim(&s, &n);
    if (n == 0)
        return -1;
    uint64_t ka = 0, kb = 0;
    slp_scache_entry *e = slp_scache_slot(x->in->cache, s, n, &ka, &kb);
    if (e && slp_scache_hit(e, ka, kb, n)) {
        *day = e->v;
        return *day == SLP_NO_DAY ? -1 : 0;
    }
    if (parse_day(x->in, s, n, day) != 0)
        *day = SLP_NO_DAY;
    if (e)
        slp_scache_put(e, ka, kb, n, *day);
    return *day == SLP_NO_DAY ? -1 : 0;
}

/* Resolve the ids of pending row q in column order (stopping at the first
 * value that is not UTF-8: the row is skipped and q->day set to SLP_NO_DAY). */
static int pending_ids(reader *x, slp_act_pending *q)
{
    for (int i = SLP_L_TYPE; i < SLP_L_COUNT; i++) {
        const slp_act_idkey *k = &q->key[i];
        q->id[i] = SLP_NO_ID;
        if (k->n == 0 || find_id(x->in, i, k, &q->id[i]))
            continue;
        char text[17];
        slp_act_ids_text(k, text);
        int rc = cached_id(x, i, text, k->n, &q->id[i]);
        if (rc == SALESPLAN_ESYNTAX) {
            q->day = SLP_NO_DAY;
            return skip(x, q->line, "a value is not valid UTF-8 text");
        }
        if (rc != SALESPLAN_OK)
            return rc;
    }
    return SALESPLAN_OK;
}

/* Count the pending rows: their values' ids, then their cells, each step
 * fetched ahead for the whole batch (the rows are in memory order anyway:
 * the dictionaries see the values in row order, as without the batch). */
static int flush(reader *x)
{
    slp_act_input *in = x->in;
    slp_act_acc *a = &x->s->acc;
    size_t n = in->npend;
    in->npend = 0;
    /* a log of more rows than the values known: they will mostly be met */
    if (!in->prefilled && (uint64_t)a->log_rows >= (uint64_t)a->deals.count + a->accounts.count +
                                                       a->owners.count + 65536u)
        slp_act_input_prefill_ids(x->s);
    for (int i = SLP_L_TYPE; i < SLP_L_COUNT; i++) {
        const slp_act_ids *t = in->base ? &in->base[i] : &in->ids[i]; /* where most are */
        if (t->mask >= SLP_ACT_IDS_NEAR) /* small tables are near anyway */
            for (size_t r = 0; r < n; r++)
                if (in->pend[r].key[i].n)
                    slp_act_ids_prefetch(t, &in->pend[r].key[i]);
    }
    for (size_t r = 0; r < n; r++) {
        int rc = pending_ids(x, &in->pend[r]);
        if (rc != SALESPLAN_OK)
            return count_failed(x, rc, in->pend[r].line);
    }
    for (size_t r = 0; r < n; r++) {
        const slp_act_pending *q = &in->pend[r];
        if (q->day != SLP_NO_DAY)
            slp_act_acc_prefetch(a, q->day, q->id[SLP_L_TYPE], q->id[SLP_L_OWNER],
                                 q->id[SLP_L_DEAL], q->id[SLP_L_ACCOUNT]);
    }
    for (size_t r = 0; r < n; r++) {
        const slp_act_pending *q = &in->pend[r];
        if (q->day == SLP_NO_DAY)
            continue;
        int rc = slp_act_acc_log_ids(a, q->day, q->id[SLP_L_TYPE], q->id[SLP_L_OWNER],
                                     q->id[SLP_L_DEAL], q->id[SLP_L_ACCOUNT]);
        if (rc != SALESPLAN_OK)
            return count_failed(x, rc, q->line);
    }
    return SALESPLAN_OK;
}

static int log_row(reader *x, const slp_csv_row *row)
{
    const size_t *k = x->in->col;
    const char *f[SLP_L_COUNT];
    size_t n[SLP_L_COUNT];
    uint32_t id[SLP_L_COUNT];
    int rc = SALESPLAN_OK, is_long = 0;
    if (bad_row(x, row, &rc))
        return rc;
    for (int i = SLP_L_TYPE; i < SLP_L_COUNT; i++) { /* trimmed; UTF-8 is checked by cached_id */
        f[i] = NULL;
        n[i] = 0;
        if (k[i] != SIZE_MAX && (i != SLP_L_ACCOUNT || n[SLP_L_DEAL] == 0)) {
            f[i] = row->fields[k[i]].ptr;
            n[i] = row->fields[k[i]].len;
            slp_est_trim(&f[i], &n[i]);
            is_long |= n[i] > 16;
        }
    }
    int32_t day;
    if (cached_day(x, row, k[SLP_L_DATE], &day) != 0)
        return skip(x, row->line, "the date is missing or does not parse");
    if (n[SLP_L_TYPE] == 0)
        return skip(x, row->line, "no activity type");
    if (!is_long) { /* the values fit the batch: counted with it */
        slp_act_pending *q = &x->in->pend[x->in->npend++];
        q->line = row->line;
        q->day = day;
        for (int i = SLP_L_TYPE; i < SLP_L_COUNT; i++)
            slp_act_ids_key(&q->key[i], f[i], n[i]); /* n == 0: no value */
        return x->in->npend == SLP_ACT_BATCH ? flush(x) : SALESPLAN_OK;
    }
    rc = flush(x); /* the rows before first: values get their ids in row order */
    if (rc != SALESPLAN_OK)
        return rc;
    for (int i = SLP_L_TYPE; i < SLP_L_COUNT && rc == SALESPLAN_OK; i++)
        rc = cached_id(x, i, f[i], n[i], &id[i]);
    if (rc == SALESPLAN_ESYNTAX)
        return skip(x, row->line, "a value is not valid UTF-8 text");
    if (rc == SALESPLAN_OK)
        rc = slp_act_acc_log_ids(&x->s->acc, day, id[SLP_L_TYPE], id[SLP_L_OWNER],
                                 id[SLP_L_DEAL], id[SLP_L_ACCOUNT]);
    return count_failed(x, rc, row->line);
}

int slp_act_input_flush(salesplan_activity_state *s, int which)
{
    reader x;
    reader_init(&x, s, which);
    return which == SALESPLAN_INPUT_LOG ? flush(&x) : SALESPLAN_OK;
}

/* ---- headers, rows, sniffing ------------------------------------------------ */

/* The input's header as a row, for column detection (fields borrowed). */
static int header_row(reader *x, slp_csv_field **f, uint64_t line)
{
    slp_act_input *in = x->in;
    *f = slp_calloc(in->header_n ? in->header_n : 1, sizeof **f);
    if (*f == NULL)
        return slp_error_set(x->err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < in->header_n; i++)
        (*f)[i] = (slp_csv_field){in->header[i], strlen(in->header[i])};
    x->h = (slp_csv_row){*f, in->header_n, line, 0, 0};
    slp_est_header_list(&x->h, x->list, sizeof x->list);
    return SALESPLAN_OK;
}

static int map_columns(salesplan_activity_state *s, int which, uint64_t line)
{
    reader x;
    reader_init(&x, s, which);
    slp_csv_field *f;
    int rc = header_row(&x, &f, line);
    if (rc != SALESPLAN_OK)
        return rc;
    for (size_t i = 0; i < SLP_D_COUNT; i++)
        x.in->col[i] = SIZE_MAX;
    rc = which == SALESPLAN_INPUT_LOG ? log_columns(&x, x.in->col) : deals_columns(&x, x.in->col);
    slp_free(f);
    if (rc == SALESPLAN_OK && which == SALESPLAN_INPUT_LOG && x.in->cache == NULL &&
        (x.in->cache = slp_calloc(1, sizeof *x.in->cache)) == NULL)
        rc = slp_error_set(x.err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    return rc;
}

int slp_act_input_header(salesplan_activity_state *s, int which, const char *const *names,
                         const size_t *lens, size_t n, uint64_t line)
{
    slp_act_input *in = &s->in[which];
    for (size_t i = 0; i < n; i++)
        if (!slp_utf8_valid(names[i], lens[i]) || memchr(names[i], '\0', lens[i]) != NULL)
            return slp_error_set(s->err, SALESPLAN_ESYNTAX, in->file, (long)line, 1,
                                 "header field %zu is not valid UTF-8 text", i + 1);
    if (in->header != NULL) {
        int same = in->header_n == n;
        for (size_t i = 0; same && i < n; i++)
            same = strlen(in->header[i]) == lens[i] && memcmp(in->header[i], names[i], lens[i]) == 0;
        if (!same)
            return slp_error_set(s->err, SALESPLAN_EINVAL, in->file, (long)line, 1,
                                 "this %s header differs from the state's (%zu columns first, "
                                 "%zu now): every part must have the same columns",
                                 in->file, in->header_n, n);
        return SALESPLAN_OK;
    }
    in->header = slp_calloc(n ? n : 1, sizeof *in->header);
    if (in->header == NULL)
        return slp_error_set(s->err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < n; i++) {
        if ((in->header[i] = slp_strndup(names[i], lens[i])) == NULL) {
            slp_free_strings(in->header, i);
            in->header = NULL;
            return slp_error_set(s->err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
        }
    }
    in->header_n = n;
    int rc = map_columns(s, which, line);
    if (rc != SALESPLAN_OK) { /* forget a header that cannot be used */
        slp_free_strings(in->header, n);
        in->header = NULL;
        in->header_n = 0;
    }
    return rc;
}

int slp_act_input_row(salesplan_activity_state *s, int which, const slp_csv_row *row)
{
    reader x;
    reader_init(&x, s, which);
    int rc;
    if (which == SALESPLAN_INPUT_LOG) {
        s->acc.log_rows++;
        rc = log_row(&x, row);
    } else {
        s->acc.deals_rows++;
        rc = count_failed(&x, deal_row(&x, row), row->line);
    }
    return rc;
}

char slp_act_input_sniff(salesplan_activity_state *s, int which, const char *data, size_t len)
{
    slp_act_input *in = &s->in[which];
    if (in->preset)
        return in->delim; /* and the date order stays as given */
    char delim = s->o.delimiter;
    if (delim == '\0') {
        const char *nl = memchr(data, '\n', len);
        delim = slp_est_sniff_delimiter(data, nl ? (size_t)(nl - data) : len);
    }
    if (s->o.date_order == SALESPLAN_DATE_AUTO) {
        long mdy, dmy;
        slp_est_sniff_dates(data, len, &mdy, &dmy);
        if (dmy > 0 || mdy > 0) { /* decided here; else the order decided before stays */
            in->dmy = dmy > 0 && mdy == 0;
            in->decided = 1;
        }
    } else {
        in->dmy = s->o.date_order == SALESPLAN_DATE_DMY;
    }
    if (in->cache != NULL) /* days cached under another order are stale */
        memset(in->cache, 0, sizeof *in->cache);
    in->delim = delim;
    return delim;
}

/* ---- skipped rows ----------------------------------------------------------- */

static int cmp_problem(const slp_act_problem *a, long long line, const char *msg)
{
    if (a->line != line)
        return a->line < line ? -1 : 1;
    return strcmp(a->msg, msg);
}

int slp_act_problem_add(salesplan_activity_state *s, slp_act_input *x, long long line,
                        const char *msg)
{
    size_t max = s->o.max_reported;
    size_t at = x->nprob;
    while (at > 0 && cmp_problem(&x->prob[at - 1], line, msg) > 0)
        at--;
    if (at >= max)
        return SALESPLAN_OK;
    char *m = slp_strdup(msg);
    if (m == NULL || slp_grow((void **)&x->prob, &x->prob_cap, x->nprob + 1, sizeof *x->prob)) {
        slp_free(m);
        return SALESPLAN_ENOMEM;
    }
    if (x->nprob == max) /* the last one drops out */
        slp_free(x->prob[--x->nprob].msg);
    memmove(&x->prob[at + 1], &x->prob[at], (x->nprob - at) * sizeof *x->prob);
    x->prob[at] = (slp_act_problem){line, m};
    x->nprob++;
    return SALESPLAN_OK;
}

int slp_act_input_warnings(const salesplan_activity_state *s, int which, salesplan_activities *r)
{
    const slp_act_input *in = &s->in[which];
    int rc = SALESPLAN_OK;
    if (which == SALESPLAN_INPUT_DEALS && in->col[SLP_D_OWNER] == SIZE_MAX)
        rc = slp_act_warn(r, "the deals file has no owner column (option "
                             "`deals_owner_column`): no figures per owner");
    for (size_t i = 0; rc == SALESPLAN_OK && i < in->nprob; i++)
        rc = slp_act_warn(r, "%s line %lld skipped: %s", in->file, in->prob[i].line,
                          in->prob[i].msg);
    long long k = which == SALESPLAN_INPUT_LOG ? s->acc.log_skipped : s->acc.deals_skipped;
    if (rc == SALESPLAN_OK && (size_t)k > s->o.max_reported)
        rc = slp_act_warn(r, "%s: %lld more rows skipped (%lld in all)", in->file,
                          k - (long long)s->o.max_reported, k);
    return rc;
}

void slp_act_input_prefill_ids(salesplan_activity_state *s)
{
    slp_act_input *in = &s->in[SALESPLAN_INPUT_LOG];
    if (in->prefilled || in->header == NULL)
        return;
    in->prefilled = 1;
    const slp_dict *of[SLP_L_COUNT] = {NULL, &s->acc.types, &s->acc.owners, &s->acc.deals,
                                       &s->acc.accounts};
    for (int i = SLP_L_TYPE; i < SLP_L_COUNT; i++) {
        if (in->col[i] == SIZE_MAX)
            continue;
        slp_act_ids *t = &in->ids[i];
        slp_act_ids_reserve(t, of[i]->count);
        enum { AHEAD = 16 }; /* keys made and their cells fetched ahead, then added */
        slp_act_idkey key[AHEAD];
        uint32_t kid[AHEAD];
        char text[AHEAD][16 + SLP_CSV_PAD]; /* the key's loads read past its end */
        for (uint32_t id = 0; id < of[i]->count;) {
            size_t nk = 0;
            for (; nk < AHEAD && id < of[i]->count; id++) {
                size_t n;
                const char *k = slp_dict_key(of[i], id, &n);
                /* a deal without an id has a private key starting with a zero byte */
                if (n == 0 || n > 16 || k[0] == '\0' || !slp_utf8_valid(k, n))
                    continue;
                memset(text[nk], 0, sizeof text[nk]);
                memcpy(text[nk], k, n);
                slp_act_ids_key(&key[nk], text[nk], n);
                slp_act_ids_prefetch(t, &key[nk]);
                kid[nk++] = id;
            }
            for (size_t j = 0; j < nk; j++)
                slp_act_ids_add(t, &key[j], kid[j]);
        }
    }
}

void slp_act_input_freeze_ids(salesplan_activity_state *s)
{
    slp_act_input *in = &s->in[SALESPLAN_INPUT_LOG];
    if (in->base != NULL)
        return;
    memcpy(in->frozen, in->ids, sizeof in->ids);
    memset(in->ids, 0, sizeof in->ids);
    in->base = in->frozen;
}

void slp_act_input_forget_ids(slp_act_input *x)
{
    x->base = NULL; /* another state's, or `frozen` */
    for (int i = 0; i < SLP_L_COUNT; i++) {
        slp_act_ids_free(&x->ids[i]);
        slp_act_ids_free(&x->frozen[i]);
    }
}

void slp_act_input_free(slp_act_input *x)
{
    slp_free_strings(x->header, x->header_n);
    slp_csv_free(x->csv);
    slp_free(x->cache);
    slp_act_input_forget_ids(x);
    for (size_t i = 0; i < x->nprob; i++)
        slp_free(x->prob[i].msg);
    slp_free(x->prob);
    const char *file = x->file;
    memset(x, 0, sizeof *x);
    x->file = file;
}

int slp_act_input_open(const salesplan_activity_state *s, int which)
{
    const slp_act_input *in = &s->in[which];
    return in->csv != NULL && (slp_csv_pending(in->csv) > 0 || !in->doc_header);
}
