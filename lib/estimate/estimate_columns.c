/* Column roles chosen by header name (given or detected), and the joined lookup table. */
#include <string.h>

#include "common/alloc.h"
#include "common/error.h"
#include "estimate/estimate_internal.h"
#include "common/strbuf.h"

enum { ROLE_ID, ROLE_STAGE, ROLE_CREATED, ROLE_CLOSED, ROLE_AMOUNT, ROLE_DATE, ROLE_COUNT };

static const char *const role_name[ROLE_COUNT] = {"id", "stage", "created", "closed", "amount",
                                                  "date"};
/* The option naming each role (the library names options neutrally). */
static const char *const role_option[ROLE_COUNT] = {"id_column",     "stage_column",
                                                    "created_column", "closed_column",
                                                    "amount_column", "date_column"};

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
                                 "no %s column found; name it (option `%s`) (header: %s)%s",
                                 role_name[r], role_option[r], list,
                                 h->count == 1 ? "; is the delimiter right (option `delimiter`)?"
                                               : "");
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
        if (x->group_col[g] == SIZE_MAX && o->join_path == NULL && o->join_count == 0) {
            slp_est_header_list(h, list, sizeof list);
            return slp_error_set(x->err, SALESPLAN_EDATA, NULL, (long)h->line, 0,
                                 "%s column '%.40s' is not in the header (%s)",
                                 g == x->rep_group ? "rep" : "group", name, list);
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

