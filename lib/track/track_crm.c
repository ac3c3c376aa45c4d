/* Actuals from CRM CSV exports (SPEC §11): the entry point and the options
 * (won and lost names, the stage map). The rows are read in
 * track_crm_rows.c, which looks names up with track_crm_names.c. */
#include <stdio.h>
#include <string.h>

#include "common/alloc.h"
#include "common/free_all.h"
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
    SLP_FREE_ALL(n->index, n->cls, n->rows, n->amount);
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
    slp_crm c = {.p = plan, .o = opts, .err = err};
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
