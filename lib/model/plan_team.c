/* The plan model's team part: roles, reps, attrition and attainment,
 * unit economics and "x-" extensions. */
#include <math.h>
#include <string.h>

#include "common/alloc.h"
#include "json/json_pos.h"
#include "model/plan_model.h"

/* ---- lifetime ------------------------------------------------------------- */

void slp_role_free(slp_role *r)
{
    slp_free(r->name);
    slp_free(r->ramp);
    r->name = NULL;
    r->ramp = NULL;
    r->ramp_count = 0;
}

void slp_rep_free(slp_rep *r)
{
    slp_free(r->name);
    slp_free(r->role);
    slp_free(r->start);
    r->name = r->role = r->start = NULL;
}

void slp_plan_free_team(salesplan_plan *p)
{
    for (size_t i = 0; i < p->role_count; i++)
        slp_role_free(&p->roles[i]);
    slp_free(p->roles);
    for (size_t i = 0; i < p->rep_count; i++)
        slp_rep_free(&p->reps[i]);
    slp_free(p->reps);
    for (size_t i = 0; i < p->extension_count; i++) {
        slp_free(p->extensions[i].key);
        slp_free(p->extensions[i].json);
    }
    slp_free(p->extensions);
    p->roles = NULL;
    p->reps = NULL;
    p->extensions = NULL;
    p->role_count = p->role_cap = 0;
    p->rep_count = p->rep_cap = 0;
    p->extension_count = p->extension_cap = 0;
}

int slp_plan_copy_team(salesplan_plan *dst, const salesplan_plan *src)
{
    if (src->role_count) {
        if ((dst->roles = slp_calloc(src->role_count, sizeof *dst->roles)) == NULL)
            return SALESPLAN_ENOMEM;
        dst->role_cap = src->role_count;
        for (size_t i = 0; i < src->role_count; i++) {
            const slp_role *s = &src->roles[i];
            slp_role *d = &dst->roles[i];
            d->quota_monthly = s->quota_monthly;
            d->minutes_per_day = s->minutes_per_day;
            dst->role_count++;
            if (slp_str_dup_opt(&d->name, s->name))
                return SALESPLAN_ENOMEM;
            if (s->ramp_count) {
                if ((d->ramp = slp_reallocarray(NULL, s->ramp_count, sizeof *d->ramp)) == NULL)
                    return SALESPLAN_ENOMEM;
                memcpy(d->ramp, s->ramp, s->ramp_count * sizeof *d->ramp);
                d->ramp_count = s->ramp_count;
            }
        }
    }
    if (src->rep_count) {
        if ((dst->reps = slp_calloc(src->rep_count, sizeof *dst->reps)) == NULL)
            return SALESPLAN_ENOMEM;
        dst->rep_cap = src->rep_count;
        for (size_t i = 0; i < src->rep_count; i++) {
            const slp_rep *s = &src->reps[i];
            slp_rep *d = &dst->reps[i];
            *d = *s;
            d->name = d->role = d->start = NULL;
            dst->rep_count++;
            if (slp_str_dup_opt(&d->name, s->name) || slp_str_dup_opt(&d->role, s->role) ||
                slp_str_dup_opt(&d->start, s->start))
                return SALESPLAN_ENOMEM;
        }
    }
    if (src->extension_count) {
        if ((dst->extensions = slp_calloc(src->extension_count, sizeof *dst->extensions)) == NULL)
            return SALESPLAN_ENOMEM;
        dst->extension_cap = src->extension_count;
        for (size_t i = 0; i < src->extension_count; i++) {
            dst->extension_count++;
            if (slp_str_dup_opt(&dst->extensions[i].key, src->extensions[i].key) ||
                slp_str_dup_opt(&dst->extensions[i].json, src->extensions[i].json))
                return SALESPLAN_ENOMEM;
        }
    }
    return SALESPLAN_OK;
}

/* ---- roles ------------------------------------------------------------------- */

int salesplan_plan_add_role(salesplan_plan *p, const char *name)
{
    if (p == NULL || !slp_name_ok(name) || slp_plan_role_index(p, name) >= 0)
        return SALESPLAN_EINVAL;
    if (p->role_count >= SLP_MAX_ITEMS)
        return SALESPLAN_ELIMIT;
    if (slp_grow((void **)&p->roles, &p->role_cap, p->role_count + 1, sizeof *p->roles) != 0)
        return SALESPLAN_ENOMEM;
    slp_role r = {slp_strdup(name), NULL, 0, 0.0, SLP_DEFAULT_MINUTES_PER_DAY};
    if (r.name == NULL ||
        slp_plan_name_add(p, SLP_NAMES_ROLES, r.name, p->role_count) != SALESPLAN_OK) {
        slp_free(r.name);
        return SALESPLAN_ENOMEM;
    }
    p->roles[p->role_count++] = r;
    return SALESPLAN_OK;
}

size_t salesplan_plan_role_count(const salesplan_plan *p)
{
    return p ? p->role_count : 0;
}

long salesplan_plan_find_role(const salesplan_plan *p, const char *name)
{
    return slp_plan_role_index(p, name);
}

static int role_at(const salesplan_plan *p, size_t i)
{
    if (p == NULL)
        return SALESPLAN_EINVAL;
    return i < p->role_count ? SALESPLAN_OK : SALESPLAN_ERANGE;
}

int salesplan_plan_set_role_ramp(salesplan_plan *p, size_t i, const double *factors, size_t n)
{
    int rc = role_at(p, i);
    if (rc != SALESPLAN_OK)
        return rc;
    if (n > 0 && factors == NULL)
        return SALESPLAN_EINVAL;
    if (n > SLP_MAX_ITEMS)
        return SALESPLAN_ELIMIT;
    for (size_t k = 0; k < n; k++)
        if (!slp_in_range(factors[k], 0.0, 1, 1.0, 1))
            return SALESPLAN_EINVAL;
    double *c = NULL;
    if (n > 0) {
        if ((c = slp_reallocarray(NULL, n, sizeof *c)) == NULL)
            return SALESPLAN_ENOMEM;
        for (size_t k = 0; k < n; k++)
            c[k] = slp_no_negzero(factors[k]);
    }
    slp_free(p->roles[i].ramp);
    p->roles[i].ramp = c;
    p->roles[i].ramp_count = n;
    return SALESPLAN_OK;
}

int salesplan_plan_set_role_quota_monthly(salesplan_plan *p, size_t i, double quota)
{
    int rc = role_at(p, i);
    if (rc != SALESPLAN_OK)
        return rc;
    if (!slp_in_range(quota, 0.0, 1, SLP_INF, 0))
        return SALESPLAN_EINVAL;
    p->roles[i].quota_monthly = slp_no_negzero(quota);
    return SALESPLAN_OK;
}

int salesplan_plan_set_role_minutes_per_day(salesplan_plan *p, size_t i, double minutes)
{
    int rc = role_at(p, i);
    if (rc != SALESPLAN_OK)
        return rc;
    if (!slp_in_range(minutes, 0.0, 0, 1440.0, 1))
        return SALESPLAN_EINVAL;
    p->roles[i].minutes_per_day = minutes;
    return SALESPLAN_OK;
}

const char *salesplan_plan_role_name(const salesplan_plan *p, size_t i)
{
    return p && i < p->role_count ? p->roles[i].name : NULL;
}

size_t salesplan_plan_role_ramp_count(const salesplan_plan *p, size_t i)
{
    return p && i < p->role_count ? p->roles[i].ramp_count : 0;
}

double salesplan_plan_role_ramp(const salesplan_plan *p, size_t i, size_t m)
{
    if (p == NULL || i >= p->role_count)
        return SLP_NAN;
    return m < p->roles[i].ramp_count ? p->roles[i].ramp[m] : 1.0;
}

double salesplan_plan_role_quota_monthly(const salesplan_plan *p, size_t i)
{
    return p && i < p->role_count ? p->roles[i].quota_monthly : SLP_NAN;
}

double salesplan_plan_role_minutes_per_day(const salesplan_plan *p, size_t i)
{
    return p && i < p->role_count ? p->roles[i].minutes_per_day : SLP_NAN;
}

/* ---- reps -------------------------------------------------------------------- */

/* Append a rep; `start` NULL means by tenure. Arguments already checked. */
static int push_rep(salesplan_plan *p, const char *name, const char *role, const char *start,
                    slp_day start_day, int tenure)
{
    if (slp_plan_name_index(p, SLP_NAMES_REPS, name) >= 0)
        return SALESPLAN_EINVAL;
    if (p->rep_count >= SLP_MAX_ITEMS)
        return SALESPLAN_ELIMIT;
    if (slp_grow((void **)&p->reps, &p->rep_cap, p->rep_count + 1, sizeof *p->reps) != 0)
        return SALESPLAN_ENOMEM;
    slp_rep r = {slp_strdup(name), slp_strdup(role), NULL, start_day, tenure, 1.0};
    if (start != NULL)
        r.start = slp_strdup(start);
    if (r.name == NULL || r.role == NULL || (start != NULL && r.start == NULL) ||
        slp_plan_name_add(p, SLP_NAMES_REPS, r.name, p->rep_count) != SALESPLAN_OK) {
        slp_rep_free(&r);
        return SALESPLAN_ENOMEM;
    }
    p->reps[p->rep_count++] = r;
    return SALESPLAN_OK;
}

int salesplan_plan_add_rep(salesplan_plan *p, const char *name, const char *role,
                           const char *start)
{
    slp_day d;
    if (p == NULL || !slp_name_ok(name) || !slp_name_ok(role) ||
        slp_parse_iso_date_str(start, &d) != 0)
        return SALESPLAN_EINVAL;
    return push_rep(p, name, role, start, d, -1);
}

int salesplan_plan_add_rep_tenure(salesplan_plan *p, const char *name, const char *role,
                                  int tenure_months)
{
    if (p == NULL || !slp_name_ok(name) || !slp_name_ok(role) || tenure_months < 0 ||
        tenure_months > SLP_MAX_TENURE_MONTHS)
        return SALESPLAN_EINVAL;
    return push_rep(p, name, role, NULL, 0, tenure_months);
}

int salesplan_plan_set_rep_territory_weight(salesplan_plan *p, size_t i, double w)
{
    if (p == NULL)
        return SALESPLAN_EINVAL;
    if (i >= p->rep_count)
        return SALESPLAN_ERANGE;
    if (!slp_in_range(w, 0.0, 0, SLP_INF, 0))
        return SALESPLAN_EINVAL;
    p->reps[i].territory_weight = w;
    return SALESPLAN_OK;
}

size_t salesplan_plan_rep_count(const salesplan_plan *p)
{
    return p ? p->rep_count : 0;
}

const char *salesplan_plan_rep_name(const salesplan_plan *p, size_t i)
{
    return p && i < p->rep_count ? p->reps[i].name : NULL;
}

const char *salesplan_plan_rep_role(const salesplan_plan *p, size_t i)
{
    return p && i < p->rep_count ? p->reps[i].role : NULL;
}

const char *salesplan_plan_rep_start(const salesplan_plan *p, size_t i)
{
    return p && i < p->rep_count ? p->reps[i].start : NULL;
}

int salesplan_plan_rep_tenure_months(const salesplan_plan *p, size_t i)
{
    return p && i < p->rep_count ? p->reps[i].tenure_months : -1;
}

double salesplan_plan_rep_territory_weight(const salesplan_plan *p, size_t i)
{
    return p && i < p->rep_count ? p->reps[i].territory_weight : SLP_NAN;
}

int slp_plan_rep_start_day(const salesplan_plan *p, size_t i, slp_day *out)
{
    if (p == NULL || i >= p->rep_count)
        return -1;
    const slp_rep *r = &p->reps[i];
    if (r->start != NULL) {
        *out = r->start_day;
        return 0;
    }
    if (p->period_start == NULL)
        return -1;
    slp_day d = slp_add_months(p->start_day, -(long)r->tenure_months);
    if (d < slp_days_from_civil(1, 1, 1))
        return -1;
    *out = d;
    return 0;
}

int salesplan_plan_set_attrition_monthly(salesplan_plan *p, double a)
{
    if (p == NULL || !slp_in_range(a, 0.0, 1, 1.0, 0))
        return SALESPLAN_EINVAL;
    p->attrition_monthly = slp_no_negzero(a);
    return SALESPLAN_OK;
}

double salesplan_plan_attrition_monthly(const salesplan_plan *p)
{
    return p ? p->attrition_monthly : SLP_NAN;
}

int salesplan_plan_set_expected_attainment(salesplan_plan *p, double attainment)
{
    if (p == NULL || !slp_in_range(attainment, 0.0, 0, 1.0, 1))
        return SALESPLAN_EINVAL;
    p->expected_attainment = attainment;
    return SALESPLAN_OK;
}

double salesplan_plan_expected_attainment(const salesplan_plan *p)
{
    return p ? p->expected_attainment : SLP_NAN;
}

/* ---- economics --------------------------------------------------------------- */

int salesplan_plan_set_economics(salesplan_plan *p, salesplan_economics_field field, double value)
{
    if (p == NULL || (unsigned)field > 3u)
        return SALESPLAN_EINVAL;
    if (isnan(value)) {
        p->economics[field] = SLP_NAN;
        return SALESPLAN_OK;
    }
    int ok;
    switch (field) {
    case SALESPLAN_ECON_GROSS_MARGIN:
    case SALESPLAN_ECON_CHURN_MONTHLY:
        ok = slp_in_range(value, 0.0, 0, 1.0, 1);
        break;
    default:
        ok = slp_in_range(value, 0.0, 0, SLP_INF, 0);
        break;
    }
    if (!ok)
        return SALESPLAN_EINVAL;
    p->economics[field] = value;
    return SALESPLAN_OK;
}

double salesplan_plan_economics(const salesplan_plan *p, salesplan_economics_field field)
{
    return p && (unsigned)field <= 3u ? p->economics[field] : SLP_NAN;
}

/* ---- extensions -------------------------------------------------------------- */

/* One complete JSON value (the same scanner, rules and limits as plan files):
 * SALESPLAN_OK, SALESPLAN_EINVAL, SALESPLAN_ELIMIT or SALESPLAN_ENOMEM. */
static int json_value_check(const char *json)
{
    /* The scanner reads documents (an object or array at the top): wrap the
     * value in an array so scalars are checked too. */
    size_t n = strlen(json);
    char *wrapped = slp_malloc(n + 3);
    if (wrapped == NULL)
        return SALESPLAN_ENOMEM;
    wrapped[0] = '[';
    memcpy(wrapped + 1, json, n);
    wrapped[n + 1] = ']';
    wrapped[n + 2] = '\0';
    slp_jpos *j = NULL;
    int rc = slp_jpos_scan(&j, wrapped, n + 2, NULL);
    /* Exactly one value: "[]" (blank input) and "[1,2]" ("1,2") are refused. */
    if (rc == SALESPLAN_OK && slp_jpos_nkids(j, 0) != 1)
        rc = SALESPLAN_EINVAL;
    slp_jpos_free(j);
    slp_free(wrapped);
    return rc == SALESPLAN_ESYNTAX ? SALESPLAN_EINVAL : rc;
}

int salesplan_plan_set_extension(salesplan_plan *p, const char *key, const char *json)
{
    if (p == NULL || !slp_name_ok(key) || strncmp(key, "x-", 2) != 0 || json == NULL)
        return SALESPLAN_EINVAL;
    if (strlen(json) > SLP_MAX_EXTENSION_JSON)
        return SALESPLAN_ELIMIT;
    int vrc = json_value_check(json);
    if (vrc != SALESPLAN_OK)
        return vrc;
    long found = slp_plan_name_index(p, SLP_NAMES_EXTENSIONS, key);
    size_t at = found >= 0 ? (size_t)found : p->extension_count;
    if (at == p->extension_count) {
        if (p->extension_count >= SLP_MAX_ITEMS)
            return SALESPLAN_ELIMIT;
        if (slp_grow((void **)&p->extensions, &p->extension_cap, p->extension_count + 1,
                     sizeof *p->extensions) != 0)
            return SALESPLAN_ENOMEM;
    }
    char *v = slp_strdup(json);
    if (v == NULL)
        return SALESPLAN_ENOMEM;
    if (at < p->extension_count) {
        slp_free(p->extensions[at].json);
        p->extensions[at].json = v;
        return SALESPLAN_OK;
    }
    char *k = slp_strdup(key);
    if (k == NULL || slp_plan_name_add(p, SLP_NAMES_EXTENSIONS, k, at) != SALESPLAN_OK) {
        slp_free(k);
        slp_free(v);
        return SALESPLAN_ENOMEM;
    }
    p->extensions[at].key = k;
    p->extensions[at].json = v;
    p->extension_count++;
    return SALESPLAN_OK;
}

size_t salesplan_plan_extension_count(const salesplan_plan *p)
{
    return p ? p->extension_count : 0;
}

const char *salesplan_plan_extension_key(const salesplan_plan *p, size_t i)
{
    return p && i < p->extension_count ? p->extensions[i].key : NULL;
}

const char *salesplan_plan_extension_json(const salesplan_plan *p, size_t i)
{
    return p && i < p->extension_count ? p->extensions[i].json : NULL;
}
