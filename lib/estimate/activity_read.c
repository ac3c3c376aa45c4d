/* Reading the two CSV files of `salesplan activities` (SPEC §12) into the
 * accumulator: the delimiter and the date order sniffed like the estimator's,
 * columns found by header name (given or detected among usual names), rows
 * parsed and fed; malformed rows are skipped, counted and named by line in
 * the warnings (the first few per file). */
#include <stdio.h>
#include <string.h>

#include "common/alloc.h"
#include "common/error.h"
#include "common/utf8.h"
#include "estimate/activity_internal.h"
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
    slp_act_acc *acc;
    salesplan_activities *r;
    const salesplan_activities_options *o;
    salesplan_error *err;
    const char *file; /* "activities" or "deals" */
    slp_csv *csv;
    slp_csv_row h;
    int dmy;
    size_t ncols;
    long long *skipped;
    char list[200];
    slp_scache *cache; /* log: date, type, owner, deal, account (NULL: none) */
} reader;

/* A malformed row: counted, named in a warning while under max_reported. */
static int skip(reader *x, uint64_t line, const char *what)
{
    long long k = (*x->skipped)++;
    if ((size_t)k >= x->o->max_reported)
        return SALESPLAN_OK;
    return slp_act_warn(x->r, "%s line %llu skipped: %s", x->file, (unsigned long long)line,
                        what);
}

static int open_csv(reader *x, slp_reader *rd, const char *buf, size_t len)
{
    int rc = rd ? slp_csv_open(&x->csv, rd, ',', 0, 0, 0, x->err)
                : slp_csv_open_buffer(&x->csv, buf, len, ',', 0, 0, 0, x->err);
    if (rc != SALESPLAN_OK)
        return rc;
    const char *data;
    size_t n;
    rc = slp_csv_peek(x->csv, &data, &n, x->err);
    if (rc != SALESPLAN_OK)
        return rc;
    char delim = x->o->delimiter;
    if (delim == '\0') {
        const char *nl = memchr(data, '\n', n);
        delim = slp_est_sniff_delimiter(data, nl ? (size_t)(nl - data) : n);
    }
    slp_csv_set_delim(x->csv, delim);
    x->dmy = x->o->date_order == SALESPLAN_DATE_DMY;
    if (x->o->date_order == SALESPLAN_DATE_AUTO) {
        long mdy, dmy;
        slp_est_sniff_dates(data, n, &mdy, &dmy);
        x->dmy = dmy > 0 && mdy == 0;
    }
    do {
        rc = slp_csv_next(x->csv, &x->h, x->err);
    } while (rc == SALESPLAN_OK && x->h.count == 0);
    if (rc == SLP_CSV_END)
        return slp_error_set(x->err, SALESPLAN_EDATA, x->file, 0, 0,
                             "the %s file is empty (no header row)", x->file);
    if (rc != SALESPLAN_OK)
        return rc;
    for (size_t i = 0; i < x->h.count; i++)
        if (!slp_utf8_valid(x->h.fields[i].ptr, x->h.fields[i].len) ||
            memchr(x->h.fields[i].ptr, '\0', x->h.fields[i].len) != NULL)
            return slp_error_set(x->err, SALESPLAN_ESYNTAX, x->file, (long)x->h.line, 1,
                                 "header field %zu is not valid UTF-8 text", i + 1);
    x->ncols = x->h.count;
    slp_est_header_list(&x->h, x->list, sizeof x->list);
    return SALESPLAN_OK;
}

/* Column of a role: given (must exist) or detected; *name = its header. */
static int column(reader *x, const char *given, const char *const *cand, int required,
                  const char *what, const char *option, size_t *idx, const char **name)
{
    *idx = given ? slp_est_find_column(&x->h, given) : slp_est_detect_column(&x->h, cand);
    *name = NULL;
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
    if (*idx != SIZE_MAX) {
        *name = slp_act_keep(x->r, x->h.fields[*idx].ptr, x->h.fields[*idx].len);
        if (*name == NULL)
            return slp_error_set(x->err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    }
    return SALESPLAN_OK;
}

/* column() over two lists of usual names: the second is tried when the
 * first finds nothing (and no name is given). */
static int column2(reader *x, const char *given, const char *const *cand,
                   const char *const *more, int required, const char *what, const char *option,
                   size_t *idx, const char **name)
{
    int rc = column(x, given, cand, 0, what, option, idx, name);
    if (rc != SALESPLAN_OK || given != NULL || *idx != SIZE_MAX)
        return rc;
    return column(x, NULL, more, required, what, option, idx, name);
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

/* Date field: 0 with *day (SLP_NO_DAY when empty or absent), -1 when malformed. */
static int date(const reader *x, const slp_csv_row *row, size_t col, int32_t *day)
{
    const char *s;
    size_t n;
    *day = SLP_NO_DAY;
    field(row, col, &s, &n);
    if (n == 0)
        return 0;
    return slp_est_parse_date(s, n, x->dmy, day) == 0 ? 0 : -1;
}

/* Common row checks; 1 when the row was skipped. */
static int bad_row(reader *x, const slp_csv_row *row, int *rc)
{
    char msg[96];
    if (row->count != x->ncols) {
        snprintf(msg, sizeof msg, "expected %zu fields, found %zu", x->ncols, row->count);
        *rc = skip(x, row->line, msg);
    } else if (row->flags & (SLP_CSV_NUL | SLP_CSV_BADQUOTE)) {
        *rc = skip(x, row->line,
                   row->flags & SLP_CSV_NUL ? "a field contains a NUL byte"
                                            : "text follows a closing quote inside a field");
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

static void close_csv(reader *x)
{
    slp_csv_free(x->csv);
    x->csv = NULL;
    slp_free(x->cache);
    x->cache = NULL;
}

/* ---- deals ------------------------------------------------------------------ */

enum { D_ID, D_STAGE, D_CREATED, D_CLOSED, D_DATE, D_OWNER, D_ACCOUNT, D_COUNT };

static int deals_columns(reader *x, size_t *k)
{
    const salesplan_activities_options *o = x->o;
    const char **names = x->r->info.deals_columns;
    int shape = o->deals_shape;
    int rc = column2(x, o->deals_stage_column, slp_est_column_candidates(SLP_COL_STAGE),
                     more_stage, 1, "stage", "deals_stage_column", &k[D_STAGE], &names[D_STAGE]);
    if (rc == SALESPLAN_OK && shape != SALESPLAN_DEALS_TRANSITIONS) {
        rc = column2(x, o->deals_created_column, slp_est_column_candidates(SLP_COL_CREATED),
                     more_created, shape == SALESPLAN_DEALS_SNAPSHOT, "created", "deals_created_column",
                    &k[D_CREATED], &names[D_CREATED]);
        if (rc == SALESPLAN_OK)
            rc = column2(x, o->deals_closed_column, slp_est_column_candidates(SLP_COL_CLOSED),
                         more_closed, shape == SALESPLAN_DEALS_SNAPSHOT, "closed", "deals_closed_column",
                        &k[D_CLOSED], &names[D_CLOSED]);
        if (rc == SALESPLAN_OK && shape == SALESPLAN_DEALS_AUTO)
            shape = k[D_CREATED] != SIZE_MAX && k[D_CLOSED] != SIZE_MAX
                        ? SALESPLAN_DEALS_SNAPSHOT
                        : SALESPLAN_DEALS_TRANSITIONS;
    }
    if (rc != SALESPLAN_OK)
        return rc;
    if (shape == SALESPLAN_DEALS_TRANSITIONS) {
        k[D_CREATED] = k[D_CLOSED] = SIZE_MAX;
        names[D_CREATED] = names[D_CLOSED] = NULL;
        rc = column(x, o->deals_date_column, slp_est_column_candidates(SLP_COL_DATE), 1, "date",
                    "deals_date_column", &k[D_DATE], &names[D_DATE]);
        if (rc == SALESPLAN_EDATA && o->deals_shape == SALESPLAN_DEALS_AUTO &&
            o->deals_date_column == NULL)
            return slp_error_set(x->err, SALESPLAN_EDATA, x->file, (long)x->h.line, 1,
                                 "the deals file has neither created and closed dates (a "
                                 "snapshot) nor one date per row (transitions); name the "
                                 "columns (options `deals_created_column`, "
                                 "`deals_closed_column` or `deals_date_column`) (header: %s)",
                                 x->list);
    } else {
        k[D_DATE] = SIZE_MAX;
    }
    if (rc == SALESPLAN_OK)
        rc = column(x, o->deals_id_column, slp_est_column_candidates(SLP_COL_ID),
                    shape == SALESPLAN_DEALS_TRANSITIONS, "id", "deals_id_column", &k[D_ID],
                    &names[D_ID]);
    if (rc == SALESPLAN_OK)
        rc = column(x, o->deals_owner_column, deal_owner, 0, "owner", "deals_owner_column",
                    &k[D_OWNER], &names[D_OWNER]);
    if (rc == SALESPLAN_OK)
        rc = column(x, o->deals_account_column, account_cands, 0, "account",
                    "deals_account_column", &k[D_ACCOUNT], &names[D_ACCOUNT]);
    if (rc == SALESPLAN_OK && k[D_OWNER] == SIZE_MAX)
        rc = slp_act_warn(x->r, "the deals file has no owner column (option "
                                "`deals_owner_column`): no figures per owner");
    x->r->info.deals_shape = shape;
    return rc;
}

static int deal_row(reader *x, const size_t *k, const slp_csv_row *row)
{
    const char *f[D_COUNT];
    size_t n[D_COUNT];
    int rc = SALESPLAN_OK;
    if (bad_row(x, row, &rc))
        return rc;
    for (int i = 0; i < D_COUNT; i++)
        if (i != D_CREATED && i != D_CLOSED && i != D_DATE && field(row, k[i], &f[i], &n[i]))
            return skip(x, row->line, "a value is not valid UTF-8 text");
    if (n[D_STAGE] == 0)
        return skip(x, row->line, "no stage");
    int cls = stage_class(x->o, f[D_STAGE], n[D_STAGE]);
    int32_t created, closed, day;
    if (x->r->info.deals_shape == SALESPLAN_DEALS_SNAPSHOT) {
        if (date(x, row, k[D_CREATED], &created) != 0)
            return skip(x, row->line, "the created date does not parse");
        if (date(x, row, k[D_CLOSED], &closed) != 0)
            return skip(x, row->line, "the closed date does not parse");
        int repeated;
        rc = slp_act_acc_deal(x->acc, f[D_ID], n[D_ID], cls, created, closed, f[D_OWNER],
                              n[D_OWNER], f[D_ACCOUNT], n[D_ACCOUNT], &repeated);
        if (rc == SALESPLAN_OK && repeated)
            return skip(x, row->line, "the deal id appears again");
        return rc;
    }
    if (n[D_ID] == 0)
        return skip(x, row->line, "no deal id");
    if (date(x, row, k[D_DATE], &day) != 0 || day == SLP_NO_DAY)
        return skip(x, row->line, "the date is missing or does not parse");
    return slp_act_acc_transition(x->acc, f[D_ID], n[D_ID], f[D_STAGE], n[D_STAGE], cls, day,
                                  f[D_OWNER], n[D_OWNER], f[D_ACCOUNT], n[D_ACCOUNT]);
}

static int read_rows(reader *x, const size_t *k, long long *rows,
                     int (*row_fn)(reader *, const size_t *, const slp_csv_row *))
{
    slp_csv_row row;
    int rc;
    while ((rc = slp_csv_next(x->csv, &row, x->err)) == SALESPLAN_OK) {
        if (row.count == 0)
            continue;
        (*rows)++;
        rc = row_fn(x, k, &row);
        if (rc != SALESPLAN_OK) {
            if (rc == SALESPLAN_ENOMEM)
                slp_error_set(x->err, rc, NULL, 0, 0, "out of memory");
            else if (rc == SALESPLAN_ELIMIT)
                slp_error_set(x->err, rc, x->file, (long)row.line, 1,
                              "a limit was reached: more than 4294967295 identical rows or "
                              "too many distinct values");
            return rc;
        }
    }
    if (rc == SLP_CSV_END)
        return SALESPLAN_OK;
    if (x->err && x->err->path[0] == '\0')
        snprintf(x->err->path, sizeof x->err->path, "%s", x->file);
    return rc;
}

static int summary(reader *x)
{
    long long k = *x->skipped;
    if ((size_t)k <= x->o->max_reported)
        return SALESPLAN_OK;
    return slp_act_warn(x->r, "%s: %lld more rows skipped (%lld in all)", x->file,
                        k - (long long)x->o->max_reported, k);
}

int slp_act_read_deals(slp_act_acc *acc, salesplan_activities *r,
                       const salesplan_activities_options *o, slp_reader *rd, const char *buf,
                       size_t len, salesplan_error *err)
{
    reader x = {acc, r, o, err, "deals", NULL, {0}, 0, 0, &acc->deals_skipped, {0}, NULL};
    size_t k[D_COUNT];
    int rc = open_csv(&x, rd, buf, len);
    if (rc == SALESPLAN_OK)
        rc = deals_columns(&x, k);
    if (rc == SALESPLAN_OK)
        rc = read_rows(&x, k, &acc->deals_rows, deal_row);
    if (rc == SALESPLAN_OK)
        rc = summary(&x);
    close_csv(&x);
    return rc;
}

/* ---- the activity log ------------------------------------------------------- */

enum { L_DATE, L_TYPE, L_OWNER, L_DEAL, L_ACCOUNT, L_COUNT };

/* Value [s, s+n) of column `which` (L_TYPE..) as an id through the cache. */
static int cached_id(reader *x, int which, const char *s, size_t n, uint32_t *id)
{
    static const int dict_of[L_COUNT] = {0, SLP_ACT_TYPES, SLP_ACT_OWNERS, SLP_ACT_DEALS,
                                         SLP_ACT_ACCOUNTS};
    *id = SLP_NO_ID;
    if (s == NULL || n == 0)
        return SALESPLAN_OK;
    uint64_t ka, kb;
    slp_scache_entry *e = slp_scache_slot(&x->cache[which], s, n, &ka, &kb);
    if (e && slp_scache_hit(e, ka, kb, n)) {
        *id = (uint32_t)e->v;
        return SALESPLAN_OK;
    }
    if (!slp_utf8_valid(s, n)) /* checked once per distinct value: hits were valid */
        return SALESPLAN_ESYNTAX;
    int rc = slp_act_acc_intern(x->acc, dict_of[which], s, n, id);
    if (rc == SALESPLAN_OK && e && *id <= INT32_MAX)
        slp_scache_put(e, ka, kb, n, (int32_t)*id);
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
    uint64_t ka, kb;
    slp_scache_entry *e = slp_scache_slot(&x->cache[L_DATE], s, n, &ka, &kb);
    if (e && slp_scache_hit(e, ka, kb, n)) {
        *day = e->v;
        return *day == SLP_NO_DAY ? -1 : 0;
    }
    if (slp_est_parse_date(s, n, x->dmy, day) != 0)
        *day = SLP_NO_DAY;
    if (e)
        slp_scache_put(e, ka, kb, n, *day);
    return *day == SLP_NO_DAY ? -1 : 0;
}

static int log_row(reader *x, const size_t *k, const slp_csv_row *row)
{
    const char *f[L_COUNT];
    size_t n[L_COUNT];
    uint32_t id[L_COUNT];
    int rc = SALESPLAN_OK;
    if (bad_row(x, row, &rc))
        return rc;
    for (int i = L_TYPE; i < L_COUNT; i++) { /* trimmed; UTF-8 is checked by cached_id */
        f[i] = NULL;
        n[i] = 0;
        if (k[i] != SIZE_MAX) {
            f[i] = row->fields[k[i]].ptr;
            n[i] = row->fields[k[i]].len;
            slp_est_trim(&f[i], &n[i]);
        }
    }
    int32_t day;
    if (cached_day(x, row, k[L_DATE], &day) != 0)
        return skip(x, row->line, "the date is missing or does not parse");
    if (n[L_TYPE] == 0)
        return skip(x, row->line, "no activity type");
    for (int i = L_TYPE; i < L_COUNT && rc == SALESPLAN_OK; i++)
        if (i != L_ACCOUNT || n[L_DEAL] == 0)
            rc = cached_id(x, i, f[i], n[i], &id[i]);
        else
            id[i] = SLP_NO_ID;
    if (rc == SALESPLAN_ESYNTAX)
        return skip(x, row->line, "a value is not valid UTF-8 text");
    if (rc != SALESPLAN_OK)
        return rc;
    return slp_act_acc_log_ids(x->acc, day, id[L_TYPE], id[L_OWNER], id[L_DEAL], id[L_ACCOUNT]);
}

int slp_act_read_log(slp_act_acc *acc, salesplan_activities *r,
                     const salesplan_activities_options *o, slp_reader *rd, const char *buf,
                     size_t len, salesplan_error *err)
{
    reader x = {acc, r, o, err, "activities", NULL, {0}, 0, 0, &acc->log_skipped, {0}, NULL};
    size_t k[L_COUNT];
    const char **names = r->info.log_columns;
    x.cache = slp_calloc(L_COUNT, sizeof *x.cache);
    if (x.cache == NULL)
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    int rc = open_csv(&x, rd, buf, len);
    if (rc == SALESPLAN_OK)
        rc = column(&x, o->date_column, log_date, 1, "date", "date_column", &k[L_DATE],
                    &names[L_DATE]);
    if (rc == SALESPLAN_OK)
        rc = column(&x, o->type_column, log_type, 1, "type", "type_column", &k[L_TYPE],
                    &names[L_TYPE]);
    if (rc == SALESPLAN_OK)
        rc = column(&x, o->owner_column, log_owner, 0, "owner", "owner_column", &k[L_OWNER],
                    &names[L_OWNER]);
    if (rc == SALESPLAN_OK)
        rc = column(&x, o->deal_column, log_deal, 0, "deal", "deal_column", &k[L_DEAL],
                    &names[L_DEAL]);
    if (rc == SALESPLAN_OK)
        rc = column(&x, o->account_column, account_cands, 0, "account", "account_column",
                    &k[L_ACCOUNT], &names[L_ACCOUNT]);
    if (rc == SALESPLAN_OK)
        rc = read_rows(&x, k, &acc->log_rows, log_row);
    if (rc == SALESPLAN_OK)
        rc = summary(&x);
    close_csv(&x);
    return rc;
}
