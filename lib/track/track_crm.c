/* Actuals from CRM CSV exports (SPEC §11): the entry point, the options
 * (won and lost names, the stage map), the lookups of owners, stages and
 * activity types, and the notes about skipped rows and unknown names. The
 * rows themselves are read in track_crm_rows.c. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common/alloc.h"
#include "common/hash.h"
#include "estimate/csv_fields.h"
#include "model/plan_model.h"
#include "track/track_crm.h"

salesplan_status salesplan_actuals_csv_options_init(salesplan_actuals_csv_options *opts,
                                                    unsigned version)
{
    if (!opts || version != SALESPLAN_ACTUALS_CSV_OPTIONS_VERSION)
        return SALESPLAN_EINVAL;
    salesplan_actuals_csv_options d = SALESPLAN_ACTUALS_CSV_OPTIONS_INIT;
    *opts = d;
    return SALESPLAN_OK;
}

/* ---- skipped rows and unknown names ------------------------------------------ */

int slp_crm_skip(slp_crm *c, uint64_t line, const char *fmt, ...)
{
    c->skipped++;
    if (c->reported >= SLP_CRM_MAX_REPORTED)
        return SALESPLAN_OK;
    c->reported++;
    char msg[SALESPLAN_ERROR_MESSAGE_SIZE], path[48];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(path, sizeof path, "%s line %llu", c->file, (unsigned long long)line);
    return slp_actuals_note(c->a, "row_skipped", path, "row skipped: %s", msg);
}

int slp_crm_skip_summary(slp_crm *c)
{
    if (c->skipped <= c->reported)
        return SALESPLAN_OK;
    return slp_actuals_note(c->a, "rows_skipped", c->file,
                            "%lld rows of the %s export were skipped; the first %lld are listed",
                            c->skipped, c->file, c->reported);
}

int slp_crm_lookup(slp_crm *c, slp_crm_names *names, const char *s, size_t n,
                   void (*resolve)(const slp_crm *, const char *, size_t, long *, int *),
                   uint32_t *id)
{
    int added = 0;
    int rc = slp_dict_intern(&names->dict, s, n, slp_hash_bytes(s, n), id, &added);
    if (rc != SALESPLAN_OK || !added)
        return rc;
    size_t need = (size_t)*id + 1;
    if (need > names->cap) {
        /* the arrays grow one by one; cap changes only when all have grown */
        size_t cap = names->cap ? names->cap * 2 : 16;
        long *ix = slp_reallocarray(names->index, cap, sizeof *ix);
        if (ix)
            names->index = ix;
        int *cl = ix ? slp_reallocarray(names->cls, cap, sizeof *cl) : NULL;
        if (cl)
            names->cls = cl;
        long long *rw = cl ? slp_reallocarray(names->rows, cap, sizeof *rw) : NULL;
        if (rw)
            names->rows = rw;
        double *am = rw ? slp_reallocarray(names->amount, cap, sizeof *am) : NULL;
        if (!am)
            return SALESPLAN_ENOMEM;
        names->amount = am;
        names->cap = cap;
    }
    names->index[*id] = -1;
    names->cls[*id] = SLP_CRM_UNKNOWN;
    names->rows[*id] = 0;
    names->amount[*id] = 0.0;
    resolve(c, s, n, &names->index[*id], &names->cls[*id]);
    return SALESPLAN_OK;
}

void slp_crm_resolve_owner(const slp_crm *c, const char *s, size_t n, long *index, int *cls)
{
    const salesplan_plan *p = c->p;
    *cls = SLP_CRM_UNKNOWN;
    for (size_t r = 0; r < p->rep_count; r++)
        if (slp_est_name_eq(p->reps[r].name, strlen(p->reps[r].name), s, n)) {
            *index = (long)r;
            *cls = SLP_CRM_OPEN;
            return;
        }
}

static int in_list(const char *const *names, const size_t *lens, size_t count, const char *s,
                   size_t n)
{
    for (size_t i = 0; i < count; i++)
        if (slp_est_name_eq(names[i], lens[i], s, n))
            return 1;
    return 0;
}

void slp_crm_resolve_stage(const slp_crm *c, const char *s, size_t n, long *index, int *cls)
{
    const salesplan_plan *p = c->p;
    long won_stage = (long)p->stage_count - 1;
    long k = -1;
    for (size_t m = 0; m < c->map_count && k < 0; m++)
        if (slp_est_name_eq(c->map[m].crm, c->map[m].crm_len, s, n))
            k = c->map[m].stage;
    if (k < 0 && in_list(c->won, c->won_len, c->won_count, s, n)) {
        *cls = SLP_CRM_WON;
        return;
    }
    if (k < 0 && in_list(c->lost, c->lost_len, c->lost_count, s, n)) {
        *cls = SLP_CRM_LOST;
        return;
    }
    for (size_t i = 0; i < p->stage_count && k < 0; i++)
        if (slp_est_name_eq(p->stages[i].name, strlen(p->stages[i].name), s, n))
            k = (long)i;
    if (k < 0) {
        *cls = SLP_CRM_UNKNOWN;
        return;
    }
    *index = k;
    *cls = k == won_stage ? SLP_CRM_WON : SLP_CRM_OPEN;
}

void slp_crm_resolve_type(const slp_crm *c, const char *s, size_t n, long *index, int *cls)
{
    const salesplan_plan *p = c->p;
    *cls = SLP_CRM_UNKNOWN;
    for (size_t i = 0; i < p->activity_count; i++)
        if (slp_est_name_eq(p->activities[i].name, strlen(p->activities[i].name), s, n)) {
            *index = (long)i;
            *cls = SLP_CRM_OPEN;
            return;
        }
}

int slp_crm_unknown_notes(slp_crm *c, const slp_crm_names *names, const char *what)
{
    size_t named = 0, more = 0;
    long long more_rows = 0;
    const char *cur = c->p->currency;
    for (uint32_t id = 0; id < names->dict.count; id++) {
        if (names->cls[id] != SLP_CRM_UNKNOWN || names->rows[id] == 0)
            continue;
        if (named >= SLP_CRM_MAX_NAMED) {
            more++;
            more_rows += names->rows[id];
            continue;
        }
        named++;
        size_t len;
        const char *key = slp_dict_key(&names->dict, id, &len);
        char shown[96];
        slp_est_show(shown, sizeof shown, key, len);
        int rc;
        if (strcmp(what, "owner") == 0 && strcmp(c->file, "deals") == 0)
            rc = slp_actuals_note(c->a, "unknown_owner", c->file,
                                  "owner %s is not a rep of the plan: its %lld deal(s) (%.2f %s "
                                  "booked) count for the team, not for any rep",
                                  shown, names->rows[id], names->amount[id], cur);
        else if (strcmp(what, "owner") == 0)
            rc = slp_actuals_note(c->a, "unknown_owner", c->file,
                                  "owner %s is not a rep of the plan: its %lld activit%s count "
                                  "for the team, not for any rep",
                                  shown, names->rows[id], names->rows[id] == 1 ? "y" : "ies");
        else if (strcmp(what, "stage") == 0)
            rc = slp_actuals_note(c->a, "unknown_stage", c->file,
                                  "stage %s is not a stage of the plan, nor won or lost: its "
                                  "%lld open deal(s) are not pipeline; map it with "
                                  "--map-stage CRM=PLAN",
                                  shown, names->rows[id]);
        else
            rc = slp_actuals_note(c->a, "unknown_activity", c->file,
                                  "activity type %s is not an activity of the plan: its %lld "
                                  "row(s) are not counted",
                                  shown, names->rows[id]);
        if (rc != SALESPLAN_OK)
            return rc;
    }
    if (more == 0)
        return SALESPLAN_OK;
    return slp_actuals_note(c->a, "unknown_names", c->file,
                            "%zu more unknown %s value(s) (%lld row(s)) are not counted %s", more,
                            what, more_rows,
                            strcmp(what, "owner") == 0 ? "for any rep" : "either");
}

/* ---- options ------------------------------------------------------------------- */

/* Split a comma-separated list into (ptr, len) pairs (trimmed, empty ones dropped). */
static int split_names(const char *list, const char *const *defaults, size_t ndefault,
                       const char **names, size_t *lens, size_t *count, size_t cap)
{
    *count = 0;
    if (list == NULL) {
        for (size_t i = 0; i < ndefault; i++) {
            names[i] = defaults[i];
            lens[i] = strlen(defaults[i]);
        }
        *count = ndefault;
        return 0;
    }
    const char *s = list;
    for (;;) {
        const char *e = strchr(s, ',');
        size_t n = e ? (size_t)(e - s) : strlen(s);
        const char *t = s;
        slp_est_trim(&t, &n);
        if (n > 0) {
            if (*count >= cap)
                return -1;
            names[*count] = t;
            lens[(*count)++] = n;
        }
        if (!e)
            return 0;
        s = e + 1;
    }
}

/* Parse "CRM=PLAN" pairs separated by ';' or newlines. */
static int parse_map(slp_crm *c, const char *m)
{
    if (m == NULL)
        return SALESPLAN_OK;
    size_t n = 1;
    for (const char *q = m; *q; q++)
        n += *q == ';' || *q == '\n';
    c->map = slp_calloc(n, sizeof *c->map);
    if (!c->map)
        return slp_error_set(c->err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    const char *s = m;
    for (;;) {
        size_t len = strcspn(s, ";\n");
        const char *eq = memchr(s, '=', len);
        const char *crm = s, *plan = eq ? eq + 1 : NULL;
        size_t crm_len = eq ? (size_t)(eq - s) : len, plan_len = eq ? len - crm_len - 1 : 0;
        slp_est_trim(&crm, &crm_len);
        if (plan)
            slp_est_trim(&plan, &plan_len);
        if (len > 0 && (!eq || crm_len == 0 || plan_len == 0))
            return slp_error_set(c->err, SALESPLAN_EINVAL, "stage_map", 0, 0,
                                 "each entry must be CRM=PLAN; found \"%.*s\"",
                                 (int)(len < 80 ? len : 80), s);
        if (len > 0) {
            long k = -1;
            for (size_t i = 0; i < c->p->stage_count && k < 0; i++)
                if (slp_est_name_eq(c->p->stages[i].name, strlen(c->p->stages[i].name), plan,
                                    plan_len))
                    k = (long)i;
            if (k < 0)
                return slp_error_set(c->err, SALESPLAN_EDATA, "stage_map", 0, 0,
                                     "the plan has no stage named \"%.*s\" (in \"%.*s\")",
                                     (int)(plan_len < 80 ? plan_len : 80), plan,
                                     (int)(len < 120 ? len : 120), s);
            c->map[c->map_count].crm = crm;
            c->map[c->map_count].crm_len = crm_len;
            c->map[c->map_count].stage = k;
            c->map_count++;
        }
        if (s[len] == '\0')
            return SALESPLAN_OK;
        s += len + 1;
    }
}

static int setup(slp_crm *c, const salesplan_actuals_csv_options *o)
{
    static const char *const won[] = {"won", "closed won"};
    static const char *const lost[] = {"lost", "closed lost"};
    if (split_names(o->won, won, 2, c->won, c->won_len, &c->won_count, 32) != 0)
        return slp_error_set(c->err, SALESPLAN_EINVAL, "won", 0, 0,
                             "at most 32 won stage names");
    if (split_names(o->lost, lost, 2, c->lost, c->lost_len, &c->lost_count, 32) != 0)
        return slp_error_set(c->err, SALESPLAN_EINVAL, "lost", 0, 0,
                             "at most 32 lost stage names");
    c->dmy = o->dmy != 0;
    return parse_map(c, o->stage_map);
}

static void names_free(slp_crm_names *n)
{
    slp_dict_free(&n->dict);
    slp_free(n->index);
    slp_free(n->cls);
    slp_free(n->rows);
    slp_free(n->amount);
}

/* ---- entry point ------------------------------------------------------------------ */

salesplan_status salesplan_actuals_from_csv(salesplan_actuals **out, const salesplan_plan *plan,
                                            const char *deals, size_t deals_len,
                                            const char *activities, size_t activities_len,
                                            const salesplan_actuals_csv_options *opts,
                                            salesplan_error *err)
{
    slp_error_clear(err);
    if (out)
        *out = NULL;
    if (!out || !plan || !opts || (!deals && deals_len > 0) || (!activities && activities_len > 0))
        return (salesplan_status)slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                                               "no output, plan, options or input buffer");
    if (opts->version != SALESPLAN_ACTUALS_CSV_OPTIONS_VERSION)
        return (salesplan_status)slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                                               "options of version %u; this library reads %u",
                                               opts->version,
                                               SALESPLAN_ACTUALS_CSV_OPTIONS_VERSION);
    if (!opts->as_of)
        return (salesplan_status)slp_error_set(err, SALESPLAN_EINVAL, "as_of", 0, 0,
                                               "the as-of day is required with CRM exports");
    if (plan->stage_count < 1)
        return (salesplan_status)slp_error_set(err, SALESPLAN_EPLAN, "funnel.stages", 0, 0,
                                               "the plan has no funnel to track");
    slp_crm c;
    memset(&c, 0, sizeof c);
    c.p = plan;
    c.o = opts;
    c.err = err;
    int rc = slp_actuals_new(&c.a, plan, err);
    if (rc == SALESPLAN_OK)
        rc = salesplan_actuals_set_as_of(c.a, opts->as_of, err);
    if (rc == SALESPLAN_OK) {
        c.start = c.a->period_start;
        c.as_of = c.a->as_of;
        rc = setup(&c, opts);
    }
    if (rc == SALESPLAN_OK)
        rc = slp_crm_read_deals(&c, deals ? deals : "", deals_len);
    if (rc == SALESPLAN_OK && activities)
        rc = slp_crm_read_activities(&c, activities, activities_len);
    names_free(&c.owners);
    names_free(&c.stages);
    names_free(&c.types);
    slp_dict_free(&c.ids);
    slp_free(c.id_line);
    slp_free(c.map);
    if (rc != SALESPLAN_OK) {
        if (rc == SALESPLAN_ENOMEM && err && err->code != SALESPLAN_ENOMEM)
            slp_error_set(err, rc, NULL, 0, 0, "out of memory reading the CRM exports");
        salesplan_actuals_free(c.a);
        return (salesplan_status)rc;
    }
    c.a->from_csv = 1;
    *out = c.a;
    return SALESPLAN_OK;
}
