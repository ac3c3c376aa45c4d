/* Actuals from CRM CSV exports: the lookups of owners, stages and activity
 * types (each distinct value resolved once against the plan), and the
 * notes about skipped rows and unknown names. Leaves of the CRM reader:
 * they call nothing of track_crm.c or track_crm_rows.c. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common/alloc.h"
#include "common/hash.h"
#include "estimate/csv_fields.h"
#include "model/plan_model.h"
#include "track/track_crm.h"

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
