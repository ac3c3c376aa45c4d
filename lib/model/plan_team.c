/* The plan model's team part: roles, reps, attrition and attainment,
 * unit economics and "x-" extensions. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "common/alloc.h"
#include "json/json_pos.h"
#include "model/plan_model.h"

/* ---- lifetime ------------------------------------------------------------- */

void slp_rep_free(slp_rep *r)
{
    slp_plan_item_free(SLP_NAMES_REPS, r);
}

/* ---- roles ------------------------------------------------------------------- */

salesplan_status salesplan_plan_add_role(salesplan_plan *p, const char *name, salesplan_error *err)
{
    size_t n = 0;
    int rc = slp_plan_check_new_item(err, p, SLP_NAMES_ROLES, name, &n);
    if (rc != SALESPLAN_OK)
        return (salesplan_status)rc;
    slp_role r = {slp_strdup(name), NULL, 0, 0.0, SLP_DEFAULT_MINUTES_PER_DAY};
    rc = r.name ? slp_plan_append(p, SLP_NAMES_ROLES, &r, r.name, err) : SALESPLAN_ENOMEM;
    if (rc != SALESPLAN_OK)
        slp_plan_item_free(SLP_NAMES_ROLES, &r);
    return (salesplan_status)rc;
}

long salesplan_plan_find_role(const salesplan_plan *p, const char *name)
{
    return slp_plan_role_index(p, name);
}

static int role_at(salesplan_error *err, const salesplan_plan *p, size_t i)
{
    return slp_plan_item_at(err, p, SLP_NAMES_ROLES, i);
}

salesplan_status salesplan_plan_set_role_ramp(salesplan_plan *p, size_t i, const double *factors,
                                              size_t n, salesplan_error *err)
{
    int rc = role_at(err, p, i);
    double *c = NULL;
    if (rc == SALESPLAN_OK)
        rc = slp_copy_numbers(&c, p, factors, n, SLP_RULE_RAMP,
                              SLP_AT1("team.roles[#].ramp[#]", i), err);
    if (rc != SALESPLAN_OK)
        return (salesplan_status)rc;
    slp_free(p->roles[i].ramp);
    p->roles[i].ramp = c;
    p->roles[i].ramp_count = n;
    return SALESPLAN_OK;
}

salesplan_status salesplan_plan_set_role_quota_monthly(salesplan_plan *p, size_t i, double quota,
                                                       salesplan_error *err)
{
    return slp_plan_set_item_num(p, SLP_NAMES_ROLES, i, offsetof(slp_role, quota_monthly), quota,
                                 SLP_RULE_QUOTA, "team.roles[#].quota_monthly", 0, err);
}

salesplan_status salesplan_plan_set_role_minutes_per_day(salesplan_plan *p, size_t i,
                                                         double minutes, salesplan_error *err)
{
    return slp_plan_set_item_num(p, SLP_NAMES_ROLES, i, offsetof(slp_role, minutes_per_day), minutes,
                                 SLP_RULE_MINUTES_PER_DAY, "team.roles[#].minutes_per_day", 0, err);
}

salesplan_status salesplan_plan_role_name(const char **out, const salesplan_plan *p, size_t i)
{
    SLP_GET_ITEM(out, p, i, role_count, NULL, p->roles[i].name);
}

salesplan_status salesplan_plan_role_ramp_count(size_t *out, const salesplan_plan *p, size_t i)
{
    SLP_GET_ITEM(out, p, i, role_count, 0, p->roles[i].ramp_count);
}

salesplan_status salesplan_plan_role_ramp(double *out, const salesplan_plan *p, size_t i,
                                          size_t m)
{
    SLP_GET_ITEM(out, p, i, role_count, SLP_NAN,
                 m < p->roles[i].ramp_count ? p->roles[i].ramp[m] : 1.0);
}

salesplan_status salesplan_plan_role_quota_monthly(double *out, const salesplan_plan *p, size_t i)
{
    SLP_GET_ITEM(out, p, i, role_count, SLP_NAN, p->roles[i].quota_monthly);
}

salesplan_status salesplan_plan_role_minutes_per_day(double *out, const salesplan_plan *p,
                                                     size_t i)
{
    SLP_GET_ITEM(out, p, i, role_count, SLP_NAN, p->roles[i].minutes_per_day);
}

/* ---- reps -------------------------------------------------------------------- */

/* Append a rep; `start` NULL means by tenure. Checks every argument. */
static salesplan_status push_rep(salesplan_plan *p, const char *name, const char *role,
                                 const char *start, long tenure, salesplan_error *err)
{
    size_t n = 0;
    slp_day start_day = 0;
    int rc = slp_plan_check_new_item(err, p, SLP_NAMES_REPS, name, &n);
    if (rc == SALESPLAN_OK)
        rc = slp_check_name(err, SLP_AT1("team.reps[#].role", n), role);
    if (rc == SALESPLAN_OK && start != NULL)
        rc = slp_check_date(err, SLP_AT1("team.reps[#].start", n), start, &start_day);
    if (rc == SALESPLAN_OK && start == NULL && !slp_rule_ok(SLP_RULE_TENURE, (double)tenure))
        rc = slp_refuse_int(err, SLP_RULE_TENURE, SLP_AT1("team.reps[#].tenure_months", n),
                            tenure);
    if (rc != SALESPLAN_OK)
        return (salesplan_status)rc;
    slp_rep r = {slp_strdup(name), slp_strdup(role), NULL, start_day,
                 start != NULL ? -1 : (int)tenure, 1.0};
    if (start != NULL)
        r.start = slp_strdup(start);
    rc = r.name && r.role && (start == NULL || r.start)
             ? slp_plan_append(p, SLP_NAMES_REPS, &r, r.name, err)
             : SALESPLAN_ENOMEM;
    if (rc != SALESPLAN_OK)
        slp_plan_item_free(SLP_NAMES_REPS, &r);
    return (salesplan_status)rc;
}

salesplan_status salesplan_plan_add_rep(salesplan_plan *p, const char *name, const char *role,
                                        const char *start, salesplan_error *err)
{
    if (start == NULL) /* a rep by start date needs one */
        return (salesplan_status)slp_refuse_text(
            err, SLP_RULE_DATE, SLP_AT1("team.reps[#].start", p ? p->rep_count : 0), NULL);
    return push_rep(p, name, role, start, -1, err);
}

salesplan_status salesplan_plan_add_rep_tenure(salesplan_plan *p, const char *name,
                                               const char *role, long tenure_months,
                                               salesplan_error *err)
{
    return push_rep(p, name, role, NULL, tenure_months, err);
}

salesplan_status salesplan_plan_set_rep_territory_weight(salesplan_plan *p, size_t i, double w,
                                                         salesplan_error *err)
{
    return slp_plan_set_item_num(p, SLP_NAMES_REPS, i, offsetof(slp_rep, territory_weight), w,
                                 SLP_RULE_TERRITORY_WEIGHT, "team.reps[#].territory_weight", 0, err);
}

salesplan_status salesplan_plan_rep_name(const char **out, const salesplan_plan *p, size_t i)
{
    SLP_GET_ITEM(out, p, i, rep_count, NULL, p->reps[i].name);
}

salesplan_status salesplan_plan_rep_role(const char **out, const salesplan_plan *p, size_t i)
{
    SLP_GET_ITEM(out, p, i, rep_count, NULL, p->reps[i].role);
}

salesplan_status salesplan_plan_rep_start(const char **out, const salesplan_plan *p, size_t i)
{
    SLP_GET_ITEM(out, p, i, rep_count, NULL, p->reps[i].start);
}

salesplan_status salesplan_plan_rep_tenure_months(long *out, const salesplan_plan *p, size_t i)
{
    SLP_GET_ITEM(out, p, i, rep_count, -1L, p->reps[i].tenure_months);
}

salesplan_status salesplan_plan_rep_territory_weight(double *out, const salesplan_plan *p,
                                                     size_t i)
{
    SLP_GET_ITEM(out, p, i, rep_count, SLP_NAN, p->reps[i].territory_weight);
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

SLP_NUMBER_FIELD(salesplan_plan_set_attrition_monthly, salesplan_plan_attrition_monthly,
                 attrition_monthly, SLP_RULE_ATTRITION, "team.attrition_monthly", 0)

SLP_NUMBER_FIELD(salesplan_plan_set_expected_attainment, salesplan_plan_expected_attainment,
                 expected_attainment, SLP_RULE_ATTAINMENT, "team.expected_attainment", 0)

/* ---- economics --------------------------------------------------------------- */

salesplan_status salesplan_plan_set_economics(salesplan_plan *p, salesplan_economics_field field,
                                              double value, salesplan_error *err)
{
    static const char *const paths[4] = {"economics.arpa_monthly", "economics.gross_margin",
                                         "economics.churn_monthly", "economics.cac"};
    int rc = slp_check_plan(err, p);
    if (rc == SALESPLAN_OK && (unsigned)field > 3u)
        rc = slp_refuse_int(err, SLP_RULE_ENUM, NULL, (long long)field);
    if (rc != SALESPLAN_OK)
        return (salesplan_status)rc;
    slp_rule id = field == SALESPLAN_ECON_GROSS_MARGIN || field == SALESPLAN_ECON_CHURN_MONTHLY
                      ? SLP_RULE_ECON_UNIT
                      : SLP_RULE_ECON_POSITIVE;
    return slp_set_num(p, &p->economics[field], value, id, SLP_AT(paths[field]), 1, err);
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

salesplan_status salesplan_plan_set_extension(salesplan_plan *p, const char *key,
                                              const char *json, salesplan_error *err)
{
    int rc = slp_check_plan(err, p);
    if (rc != SALESPLAN_OK)
        return (salesplan_status)rc;
    int key_ok = slp_name_ok(key) && strncmp(key, "x-", 2) == 0;
    const slp_at *at = key_ok ? SLP_ATS("@", key) : NULL;
    if (!key_ok)
        return (salesplan_status)slp_refuse_text(err, SLP_RULE_EXTENSION_KEY, NULL, key);
    if (json == NULL)
        return (salesplan_status)slp_refuse_text(err, SLP_RULE_EXTENSION_JSON, at, json);
    size_t len = strlen(json);
    if (len > SLP_MAX_EXTENSION_JSON) {
        char found[48];
        snprintf(found, sizeof found, "%zu bytes", len);
        return (salesplan_status)slp_refuse(err, SALESPLAN_ELIMIT, SLP_RULE_EXTENSION_SIZE, at,
                                            found);
    }
    rc = json_value_check(json);
    if (rc == SALESPLAN_EINVAL)
        return (salesplan_status)slp_refuse_text(err, SLP_RULE_EXTENSION_JSON, at, json);
    if (rc != SALESPLAN_OK)
        return (salesplan_status)rc;
    long found = slp_plan_name_index(p, SLP_NAMES_EXTENSIONS, key);
    size_t idx = found >= 0 ? (size_t)found : p->extension_count;
    if (idx == p->extension_count) {
        rc = slp_check_room(err, at, p->extension_count, SLP_MAX_ITEMS);
        if (rc != SALESPLAN_OK)
            return (salesplan_status)rc;
    }
    char *v = slp_strdup(json);
    if (v == NULL)
        return SALESPLAN_ENOMEM;
    if (idx < p->extension_count) {
        slp_free(p->extensions[idx].json);
        p->extensions[idx].json = v;
        return SALESPLAN_OK;
    }
    slp_extension x = {slp_strdup(key), v};
    rc = x.key ? slp_plan_append(p, SLP_NAMES_EXTENSIONS, &x, x.key, err) : SALESPLAN_ENOMEM;
    if (rc != SALESPLAN_OK)
        slp_plan_item_free(SLP_NAMES_EXTENSIONS, &x);
    return (salesplan_status)rc;
}

salesplan_status salesplan_plan_extension_key(const char **out, const salesplan_plan *p, size_t i)
{
    SLP_GET_ITEM(out, p, i, extension_count, NULL, p->extensions[i].key);
}

salesplan_status salesplan_plan_extension_json(const char **out, const salesplan_plan *p,
                                               size_t i)
{
    SLP_GET_ITEM(out, p, i, extension_count, NULL, p->extensions[i].json);
}
