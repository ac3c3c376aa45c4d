/* Column roles chosen by header name (given or detected), and the joined lookup table. */
#include <string.h>

#include "common/alloc.h"
#include "common/error.h"
#include "estimate/estimate_internal.h"
#include "common/strbuf.h"

enum { ROLE_ID, ROLE_STAGE, ROLE_CREATED, ROLE_CLOSED, ROLE_AMOUNT, ROLE_DATE, ROLE_COUNT };

static const char *const role_name[ROLE_COUNT] = {"id", "stage", "created", "closed", "amount",
                                                  "date"};
static const char *const role_flag[ROLE_COUNT] = {"--id", "--stage", "--created", "--closed",
                                                  "--amount", "--date"};

/* Header names tried, in order, when a column is not named (compared after
 * normalising: lower case, without spaces, '_', '-' and '.'). */
static const char *const cand_id[] = {"dealid", "opportunityid", "recordid", "id", "deal",
                                      "opportunity", NULL};
static const char *const cand_stage[] = {"stage", "dealstage", "stagename", "tostage",
                                         "newstage", NULL};
static const char *const cand_created[] = {"created", "createddate", "createdate", "createdon",
                                           "createdat", "engagedate", "opendate", NULL};
static const char *const cand_closed[] = {"closed", "closedate", "closeddate", "closedon",
                                          "closedat", NULL};
static const char *const cand_amount[] = {"amount", "closevalue", "dealamount", "dealvalue",
                                          "value", NULL};
static const char *const cand_date[] = {"date", "entereddate", "enteredat", "entered",
                                        "stagedate", "changedate", "changedat", NULL};
static const char *const cand_owner[] = {"owner", "dealowner", "opportunityowner", "ownername",
                                         "salesagent", "salesrep", "rep", "agent", "assignedto",
                                         "user", NULL};
static const char *const cand_type[] = {"type", "activitytype", "activity", "kind", "channel",
                                        NULL};
static const char *const *const cands[SLP_COL_ROLES] = {
    cand_id, cand_stage, cand_created, cand_closed, cand_amount, cand_date, cand_owner, cand_type};

const char *const *slp_est_column_candidates(slp_col_role role)
{
    return role < SLP_COL_ROLES ? cands[role] : NULL;
}

/* Normalised form of a header name into buf (truncated). */
static size_t normalise(const char *s, size_t n, char *buf, size_t size)
{
    size_t w = 0;
    for (size_t i = 0; i < n && w + 1 < size; i++) {
        char c = s[i];
        if (c == ' ' || c == '_' || c == '-' || c == '.' || c == '\t')
            continue;
        if (c >= 'A' && c <= 'Z')
            c = (char)(c - 'A' + 'a');
        buf[w++] = c;
    }
    buf[w] = '\0';
    return w;
}

/* Index of the header field called `name`: exact first, then normalised. */
size_t slp_est_find_column(const slp_csv_row *h, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < h->count; i++)
        if (h->fields[i].len == n && memcmp(h->fields[i].ptr, name, n) == 0)
            return i;
    char want[128], got[128];
    normalise(name, n, want, sizeof want);
    if (want[0] == '\0')
        return SIZE_MAX;
    for (size_t i = 0; i < h->count; i++) {
        normalise(h->fields[i].ptr, h->fields[i].len, got, sizeof got);
        if (strcmp(want, got) == 0)
            return i;
    }
    return SIZE_MAX;
}

size_t slp_est_detect_column(const slp_csv_row *h, const char *const *cand)
{
    char got[128];
    for (size_t c = 0; cand[c]; c++)
        for (size_t i = 0; i < h->count; i++) {
            normalise(h->fields[i].ptr, h->fields[i].len, got, sizeof got);
            if (strcmp(got, cand[c]) == 0)
                return i;
        }
    return SIZE_MAX;
}

/* "a, b, c" list of the header for messages (truncated). */
void slp_est_header_list(const slp_csv_row *h, char *buf, size_t size)
{
    size_t w = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < h->count && w + 6 < size; i++) {
        size_t n = h->fields[i].len;
        if (w + n + 6 >= size) {
            memcpy(buf + w, "...", 4);
            return;
        }
        if (i > 0) {
            memcpy(buf + w, ", ", 2);
            w += 2;
        }
        memcpy(buf + w, h->fields[i].ptr, n);
        w += n;
        buf[w] = '\0';
    }
}

static int check_header(slp_est_ctx *x, const slp_csv_row *h)
{
    for (size_t i = 0; i < h->count; i++)
        if (!slp_utf8_valid(h->fields[i].ptr, h->fields[i].len) ||
            memchr(h->fields[i].ptr, '\0', h->fields[i].len) != NULL)
            return slp_error_set(x->err, SALESPLAN_ESYNTAX, NULL, (long)h->line, 0,
                                 "line %llu: header field %zu is not valid UTF-8 text",
                                 (unsigned long long)h->line, i + 1);
    return SALESPLAN_OK;
}

int slp_est_map_columns(slp_est_ctx *x, const slp_csv_row *h)
{
    const salesplan_estimate_options *o = x->o;
    const char *given[ROLE_COUNT] = {o->id_column,     o->stage_column, o->created_column,
                                     o->closed_column, o->amount_column, o->date_column};
    int transitions = o->shape == SALESPLAN_SHAPE_TRANSITIONS;
    int required[ROLE_COUNT] = {transitions, 1, 0, 0, 0, transitions};
    int used[ROLE_COUNT] = {1, 1, !transitions, !transitions, 1, transitions};
    size_t idx[ROLE_COUNT];
    char list[200];
    int rc = check_header(x, h);
    if (rc != SALESPLAN_OK)
        return rc;
    x->ncols = h->count;
    for (int r = 0; r < ROLE_COUNT; r++) {
        idx[r] = SIZE_MAX;
        if (given[r] != NULL) {
            idx[r] = slp_est_find_column(h, given[r]);
            if (idx[r] == SIZE_MAX) {
                slp_est_header_list(h, list, sizeof list);
                return slp_error_set(x->err, SALESPLAN_EDATA, NULL, (long)h->line, 0,
                                     "%s column '%.40s' is not in the header (%s)", role_name[r],
                                     given[r], list);
            }
        } else if (used[r]) {
            idx[r] = slp_est_detect_column(h, cands[r]);
        }
        if (!used[r])
            idx[r] = SIZE_MAX;
        if (required[r] && idx[r] == SIZE_MAX) {
            slp_est_header_list(h, list, sizeof list);
            return slp_error_set(x->err, SALESPLAN_EDATA, NULL, (long)h->line, 0,
                                 "no %s column found; name it with %s (header: %s)",
                                 role_name[r], role_flag[r], list);
        }
        if (idx[r] != SIZE_MAX) {
            x->e->cols[r] = slp_strndup(h->fields[idx[r]].ptr, h->fields[idx[r]].len);
            if (x->e->cols[r] == NULL)
                return slp_error_set(x->err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
        }
    }
    x->col_id = idx[ROLE_ID];
    x->col_stage = idx[ROLE_STAGE];
    x->col_created = idx[ROLE_CREATED];
    x->col_closed = idx[ROLE_CLOSED];
    x->col_amount = idx[ROLE_AMOUNT];
    x->col_date = idx[ROLE_DATE];
    salesplan_estimate_info *info = &x->e->info;
    info->id_column = x->e->cols[ROLE_ID];
    info->stage_column = x->e->cols[ROLE_STAGE];
    info->created_column = x->e->cols[ROLE_CREATED];
    info->closed_column = x->e->cols[ROLE_CLOSED];
    info->amount_column = x->e->cols[ROLE_AMOUNT];
    info->date_column = x->e->cols[ROLE_DATE];

    for (size_t g = 0; g < x->ngroups; g++) {
        const char *name = o->group_columns[g];
        x->group_col[g] = slp_est_find_column(h, name);
        if (x->group_col[g] == SIZE_MAX && o->join_path == NULL) {
            slp_est_header_list(h, list, sizeof list);
            return slp_error_set(x->err, SALESPLAN_EDATA, NULL, (long)h->line, 0,
                                 "group column '%.40s' is not in the header (%s)", name, list);
        }
        if (x->group_col[g] != SIZE_MAX)
            x->e->group_columns[g] =
                slp_strndup(h->fields[x->group_col[g]].ptr, h->fields[x->group_col[g]].len);
        else
            x->e->group_columns[g] = slp_strdup(name);
        if (x->e->group_columns[g] == NULL)
            return slp_error_set(x->err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    }
    return SALESPLAN_OK;
}

/* ---- the joined lookup table ------------------------------------------------- */

static int join_rows(slp_est_ctx *x, slp_csv *csv, size_t ncols, size_t key,
                     const size_t *jcol, const char *path)
{
    slp_csv_row row;
    int rc;
    size_t jcap = 1;
    while ((rc = slp_csv_next(csv, &row, x->err)) == SALESPLAN_OK) {
        if (row.count == 0)
            continue;
        char shown[64];
        if (row.count != ncols || row.flags)
            return slp_error_set(x->err, SALESPLAN_EDATA, NULL, (long)row.line, 0,
                                 "%s:%llu: expected %zu fields, found %zu", path,
                                 (unsigned long long)row.line, ncols, row.count);
        const char *k = row.fields[key].ptr;
        size_t kn = row.fields[key].len;
        uint32_t id;
        int added;
        rc = slp_dict_intern(&x->join_keys, k, kn, slp_hash_bytes(k, kn), &id, &added);
        if (rc != SALESPLAN_OK)
            return slp_error_set(x->err, rc, NULL, 0, 0, "out of memory reading %s", path);
        if (!added) {
            slp_est_show(shown, sizeof shown, k, kn);
            return slp_error_set(x->err, SALESPLAN_EDATA, NULL, (long)row.line, 0,
                                 "%s:%llu: join key %s appears more than once", path,
                                 (unsigned long long)row.line, shown);
        }
        if (id >= jcap) {
            size_t ncap = x->join_keys.cap;
            for (size_t g = 0; g < x->ngroups; g++) {
                if (x->join_gid[g] == NULL)
                    continue;
                uint32_t *a = slp_reallocarray(x->join_gid[g], ncap, sizeof *a);
                if (a == NULL)
                    return slp_error_set(x->err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
                x->join_gid[g] = a;
            }
            jcap = ncap;
        }
        for (size_t g = 0; g < x->ngroups; g++) {
            if (x->join_gid[g] == NULL)
                continue;
            uint32_t *a = x->join_gid[g];
            const char *v = row.fields[jcol[g]].ptr;
            size_t vn = row.fields[jcol[g]].len;
            a[id] = SLP_NO_ID;
            if (vn > 0) {
                rc = slp_est_group_intern(x, g, v, vn, &a[id]);
                if (rc == SALESPLAN_ESYNTAX)
                    return slp_error_set(x->err, SALESPLAN_EDATA, NULL, (long)row.line, 0,
                                         "%s:%llu: a value is not valid UTF-8", path,
                                         (unsigned long long)row.line);
                if (rc != SALESPLAN_OK)
                    return slp_error_set(x->err, rc, NULL, 0, 0, "out of memory");
            }
        }
    }
    return rc == SLP_CSV_END ? SALESPLAN_OK : rc;
}

int slp_est_load_join(slp_est_ctx *x, const slp_csv_row *h)
{
    const salesplan_estimate_options *o = x->o;
    if (o->join_path == NULL)
        return SALESPLAN_OK;
    if (o->join_key == NULL || o->join_key[0] == '\0')
        return slp_error_set(x->err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "a join table needs a key column (FILE:KEY)");
    x->join_col = slp_est_find_column(h, o->join_key);
    if (x->join_col == SIZE_MAX) {
        char list[200];
        slp_est_header_list(h, list, sizeof list);
        return slp_error_set(x->err, SALESPLAN_EDATA, NULL, (long)h->line, 0,
                             "join key '%.40s' is not in the export's header (%s)", o->join_key,
                             list);
    }
    x->has_join = 1;
    slp_reader r;
    int rc = slp_reader_open(&r, o->join_path, x->err);
    if (rc != SALESPLAN_OK)
        return rc;
    slp_csv *csv = NULL;
    rc = slp_csv_open(&csv, &r, o->delimiter ? o->delimiter : ',', 0, 0, 0, x->err);
    if (rc != SALESPLAN_OK) {
        slp_reader_close(&r);
        return rc;
    }
    slp_csv_row jh;
    do {
        rc = slp_csv_next(csv, &jh, x->err);
    } while (rc == SALESPLAN_OK && jh.count == 0);
    size_t jkey = SIZE_MAX;
    size_t *jcol = NULL;
    if (rc == SLP_CSV_END)
        rc = slp_error_set(x->err, SALESPLAN_EDATA, NULL, 0, 0, "%s: the join table is empty",
                           o->join_path);
    if (rc == SALESPLAN_OK) {
        jkey = slp_est_find_column(&jh, o->join_key);
        if (jkey == SIZE_MAX)
            rc = slp_error_set(x->err, SALESPLAN_EDATA, NULL, 0, 0,
                               "%s: join key '%.40s' is not in its header", o->join_path,
                               o->join_key);
    }
    if (rc == SALESPLAN_OK) {
        jcol = slp_calloc(x->ngroups ? x->ngroups : 1, sizeof *jcol);
        if (jcol == NULL)
            rc = slp_error_set(x->err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t g = 0; rc == SALESPLAN_OK && g < x->ngroups; g++) {
        if (x->group_col[g] != SIZE_MAX)
            continue;
        jcol[g] = slp_est_find_column(&jh, o->group_columns[g]);
        if (jcol[g] == SIZE_MAX) {
            rc = slp_error_set(x->err, SALESPLAN_EDATA, NULL, 0, 0,
                               "group column '%.40s' is neither in the export nor in %s",
                               o->group_columns[g], o->join_path);
            break;
        }
        x->join_gid[g] = slp_malloc(sizeof(uint32_t));
        if (x->join_gid[g] == NULL)
            rc = slp_error_set(x->err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    }
    if (rc == SALESPLAN_OK)
        rc = join_rows(x, csv, jh.count, jkey, jcol, o->join_path);
    slp_free(jcol);
    slp_csv_free(csv);
    slp_reader_close(&r);
    return rc;
}
