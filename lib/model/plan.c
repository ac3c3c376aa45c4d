/* The plan model: lifetime, identity, period and calendar, narrative,
 * target, deal and confidence. Funnel parts live in plan_funnel.c, team
 * parts in plan_team.c, cross-field rules in plan_check.c; the value rules
 * and owned strings they all use in plan_rules.c and plan_strings.c, and
 * what the lists of named items share (append, free, copy) in plan_lists.c. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "common/alloc.h"
#include "common/error.h"
#include "json/dtoa.h"
#include "model/plan_model.h"

/* ---- lifetime -------------------------------------------------------------- */

static salesplan_plan *plan_alloc(void)
{
    salesplan_plan *p = slp_calloc(1, sizeof *p);
    if (p == NULL)
        return NULL;
    memcpy(p->currency, "USD", 4);
    p->workdays = SALESPLAN_WEEKDAYS_DEFAULT;
    p->target_revenue = SLP_NAN;
    p->target_kind = SALESPLAN_TARGET_NEW_BUSINESS;
    p->deal_size = SLP_NAN;
    p->confidence = SLP_NAN;
    p->opportunity = -1;
    p->expected_attainment = 1.0;
    for (size_t i = 0; i < 4; i++)
        p->economics[i] = SLP_NAN;
    return p;
}

salesplan_status salesplan_plan_create(salesplan_plan **out, const char *name,
                                       salesplan_error *err)
{
    slp_error_clear(err);
    if (out == NULL)
        return (salesplan_status)slp_refuse(err, SALESPLAN_EINVAL, SLP_RULE_OUT, NULL, "NULL");
    *out = NULL;
    if (slp_check_name(err, SLP_AT("name"), name) != SALESPLAN_OK)
        return SALESPLAN_EINVAL;
    salesplan_plan *p = plan_alloc();
    if (p == NULL)
        return SALESPLAN_ENOMEM;
    p->name = slp_strdup(name);
    if (p->name == NULL) {
        slp_free(p);
        return SALESPLAN_ENOMEM;
    }
    *out = p;
    return SALESPLAN_OK;
}

void salesplan_plan_free(salesplan_plan *p)
{
    if (p == NULL)
        return;
    slp_plan_names_free(p); /* the index first: it points into the lists' names */
    slp_plan_free_lists(p);
    slp_free(p->name);
    slp_free(p->period_start);
    slp_free(p->phases);
    slp_strlist_free(&p->holidays);
    for (size_t i = 0; i < 4; i++)
        slp_free(p->text[i]);
    slp_strlist_free(&p->lists[0]);
    slp_strlist_free(&p->lists[1]);
    slp_free(p->seasonality);
    slp_free(p);
}

static void *dup_mem(const void *src, size_t n, size_t size)
{
    if (n == 0)
        return NULL;
    void *d = slp_reallocarray(NULL, n, size);
    if (d)
        memcpy(d, src, n * size);
    return d;
}

static int copy_head(salesplan_plan *c, const salesplan_plan *p)
{
    if (slp_str_dup_opt(&c->name, p->name) || slp_str_dup_opt(&c->period_start, p->period_start))
        return -1;
    if (p->phase_count && (c->phases = dup_mem(p->phases, p->phase_count, sizeof *p->phases)) == NULL)
        return -1;
    c->phase_count = p->phase_count;
    if (slp_strlist_copy(&c->holidays, &p->holidays))
        return -1;
    for (size_t i = 0; i < 4; i++)
        if (slp_str_dup_opt(&c->text[i], p->text[i]))
            return -1;
    for (size_t i = 0; i < 2; i++)
        if (slp_strlist_copy(&c->lists[i], &p->lists[i]))
            return -1;
    if (p->seasonality_count &&
        (c->seasonality = dup_mem(p->seasonality, p->seasonality_count, sizeof *p->seasonality)) == NULL)
        return -1;
    c->seasonality_count = p->seasonality_count;
    return 0;
}

salesplan_status salesplan_plan_clone(salesplan_plan **out, const salesplan_plan *p)
{
    if (out == NULL)
        return SALESPLAN_EINVAL;
    *out = NULL;
    if (p == NULL)
        return SALESPLAN_EINVAL;
    salesplan_plan *c = slp_calloc(1, sizeof *c);
    if (c == NULL)
        return SALESPLAN_ENOMEM;
    /* Copy the scalars, then drop every pointer so that a partial copy frees cleanly. */
    *c = *p;
    memset(c->names, 0, sizeof c->names);
    c->name = c->period_start = NULL;
    c->phases = NULL;
    c->phase_count = 0;
    memset(&c->holidays, 0, sizeof c->holidays);
    memset(c->text, 0, sizeof c->text);
    memset(c->lists, 0, sizeof c->lists);
    c->seasonality = NULL;
    c->seasonality_count = 0;
    slp_plan_forget_lists(c);
    if (copy_head(c, p) != 0 || slp_plan_copy_lists(c, p) != SALESPLAN_OK ||
        slp_plan_names_rebuild(c) != SALESPLAN_OK) {
        salesplan_plan_free(c);
        return SALESPLAN_ENOMEM;
    }
    *out = c;
    return SALESPLAN_OK;
}

/* ---- identity -------------------------------------------------------------- */

salesplan_status salesplan_plan_set_name(salesplan_plan *p, const char *name,
                                         salesplan_error *err)
{
    int rc = slp_check_plan(err, p);
    if (rc == SALESPLAN_OK)
        rc = slp_check_name(err, SLP_AT("name"), name);
    if (rc == SALESPLAN_OK)
        rc = slp_str_replace(&p->name, name);
    return (salesplan_status)rc;
}

const char *salesplan_plan_name(const salesplan_plan *p)
{
    return p ? p->name : NULL;
}

static int currency_ok(const char *code)
{
    if (code == NULL)
        return 0;
    for (size_t i = 0; i < 3; i++)
        if (code[i] < 'A' || code[i] > 'Z')
            return 0;
    return code[3] == '\0';
}

salesplan_status salesplan_plan_set_currency(salesplan_plan *p, const char *code,
                                             salesplan_error *err)
{
    int rc = slp_check_plan(err, p);
    if (rc != SALESPLAN_OK)
        return (salesplan_status)rc;
    if (!currency_ok(code))
        return (salesplan_status)slp_refuse_text(err, SLP_RULE_CURRENCY, SLP_AT("currency"), code);
    memcpy(p->currency, code, 4);
    return SALESPLAN_OK;
}

const char *salesplan_plan_currency(const salesplan_plan *p)
{
    return p ? p->currency : NULL;
}

/* ---- period and calendar --------------------------------------------------- */

salesplan_status salesplan_plan_set_period(salesplan_plan *p, const char *start, long days,
                                           salesplan_error *err)
{
    slp_day d = 0;
    int rc = slp_check_plan(err, p);
    if (rc == SALESPLAN_OK)
        rc = slp_check_date(err, SLP_AT("period.start"), start, &d);
    if (rc == SALESPLAN_OK && !slp_rule_ok(SLP_RULE_PERIOD_DAYS, (double)days))
        rc = slp_refuse_int(err, SLP_RULE_PERIOD_DAYS, SLP_AT("period.days"), days);
    /* The last day must still be a date the format can write (year <= 9999). */
    if (rc == SALESPLAN_OK && d + days - 1 > slp_days_from_civil(9999, 12, 31)) {
        char found[64];
        snprintf(found, sizeof found, "%ld days from %s", days, start);
        rc = slp_refuse(err, SALESPLAN_EINVAL, SLP_RULE_PERIOD_END, SLP_AT("period.days"), found);
    }
    if (rc == SALESPLAN_OK)
        rc = slp_str_replace(&p->period_start, start);
    if (rc != SALESPLAN_OK)
        return (salesplan_status)rc;
    p->start_day = d;
    p->period_days = (int)days;
    return SALESPLAN_OK;
}

const char *salesplan_plan_period_start(const salesplan_plan *p)
{
    return p ? p->period_start : NULL;
}

long salesplan_plan_period_days(const salesplan_plan *p)
{
    return p ? p->period_days : 0;
}

size_t salesplan_plan_phase_count(const salesplan_plan *p)
{
    return p ? p->phase_count : 0;
}

salesplan_status salesplan_plan_phase(long *out, const salesplan_plan *p, size_t i)
{
    SLP_GET_ITEM(out, p, i, phase_count, -1L, p->phases[i]);
}

salesplan_status salesplan_plan_set_phases(salesplan_plan *p, const long *days, size_t n,
                                           salesplan_error *err)
{
    int rc = slp_check_plan(err, p);
    if (rc != SALESPLAN_OK)
        return (salesplan_status)rc;
    if (n > 0 && days == NULL)
        return (salesplan_status)slp_refuse(err, SALESPLAN_EINVAL, SLP_RULE_ARRAY,
                                            SLP_AT("period.phases"), "NULL");
    if (n > SLP_MAX_PHASES)
        return (salesplan_status)slp_check_room(err, SLP_AT("period.phases"), n, SLP_MAX_PHASES);
    for (size_t i = 0; i < n; i++)
        if (!slp_rule_ok(SLP_RULE_PHASE, (double)days[i]) || (i > 0 && days[i] <= days[i - 1]))
            return (salesplan_status)slp_refuse_int(err, SLP_RULE_PHASE,
                                                    SLP_AT1("period.phases[#]", i), days[i]);
    int *c = NULL;
    if (n > 0 && (c = slp_reallocarray(NULL, n, sizeof *c)) == NULL)
        return SALESPLAN_ENOMEM;
    for (size_t i = 0; i < n; i++)
        c[i] = (int)days[i];
    slp_free(p->phases);
    p->phases = c;
    p->phase_count = n;
    return SALESPLAN_OK;
}

salesplan_status salesplan_plan_set_workdays(salesplan_plan *p, unsigned mask,
                                             salesplan_error *err)
{
    int rc = slp_check_plan(err, p);
    if (rc != SALESPLAN_OK)
        return (salesplan_status)rc;
    if (mask == 0)
        return (salesplan_status)slp_refuse(err, SALESPLAN_EINVAL, SLP_RULE_WORKDAYS,
                                            SLP_AT("calendar.workdays"), "none");
    if (mask >= 128u)
        return (salesplan_status)slp_refuse_int(err, SLP_RULE_WEEKDAY_BITS,
                                                SLP_AT("calendar.workdays"), mask);
    p->workdays = mask;
    return SALESPLAN_OK;
}

unsigned salesplan_plan_workdays(const salesplan_plan *p)
{
    return p ? p->workdays : SALESPLAN_WEEKDAYS_DEFAULT;
}

salesplan_status salesplan_plan_add_holiday(salesplan_plan *p, const char *date,
                                            salesplan_error *err)
{
    int rc = slp_check_plan(err, p);
    if (rc != SALESPLAN_OK)
        return (salesplan_status)rc;
    const slp_at *at = SLP_AT1("calendar.holidays[#]", p->holidays.count);
    rc = slp_check_date(err, at, date, NULL);
    if (rc == SALESPLAN_OK && slp_plan_name_index(p, SLP_NAMES_HOLIDAYS, date) >= 0)
        rc = slp_refuse_text(err, SLP_RULE_HOLIDAY_TWICE, at, date);
    if (rc == SALESPLAN_OK)
        rc = slp_check_room(err, at, p->holidays.count, SLP_MAX_ITEMS);
    if (rc == SALESPLAN_OK)
        rc = slp_strlist_push(&p->holidays, date);
    if (rc != SALESPLAN_OK)
        return (salesplan_status)rc;
    size_t last = p->holidays.count - 1;
    if (slp_plan_name_add(p, SLP_NAMES_HOLIDAYS, p->holidays.items[last], last) != SALESPLAN_OK) {
        slp_free(p->holidays.items[last]);
        p->holidays.count = last;
        return SALESPLAN_ENOMEM;
    }
    return SALESPLAN_OK;
}

size_t salesplan_plan_holiday_count(const salesplan_plan *p)
{
    return p ? p->holidays.count : 0;
}

salesplan_status salesplan_plan_holiday(const char **out, const salesplan_plan *p, size_t i)
{
    SLP_GET_ITEM(out, p, i, holidays.count, NULL, p->holidays.items[i]);
}

/* ---- narrative ------------------------------------------------------------- */

static const char *const text_paths[4] = {"narrative.mission", "narrative.positioning",
                                          "narrative.value_proposition",
                                          "narrative.target_market"};
static const char *const list_paths[2] = {"narrative.strategies[#]", "narrative.kpis[#]"};

/* SALESPLAN_OK when `v` is below `n` values of an enum, else refused. */
static int check_enum(salesplan_error *err, unsigned v, unsigned n)
{
    return v < n ? SALESPLAN_OK : slp_refuse_int(err, SLP_RULE_ENUM, NULL, (long long)v);
}

salesplan_status salesplan_plan_set_text(salesplan_plan *p, salesplan_text_field field,
                                         const char *text, salesplan_error *err)
{
    int rc = slp_check_plan(err, p);
    if (rc == SALESPLAN_OK)
        rc = check_enum(err, (unsigned)field, 4u);
    if (rc == SALESPLAN_OK && text != NULL)
        rc = slp_check_text(err, SLP_RULE_TEXT, SLP_AT(text_paths[field]), text);
    if (rc == SALESPLAN_OK)
        rc = slp_str_replace(&p->text[field], text);
    return (salesplan_status)rc;
}

const char *salesplan_plan_text(const salesplan_plan *p, salesplan_text_field field)
{
    return p && (unsigned)field <= 3u ? p->text[field] : NULL;
}

salesplan_status salesplan_plan_add_competitor(salesplan_plan *p, const char *name,
                                               salesplan_competitor_kind kind, const char *notes,
                                               salesplan_error *err)
{
    size_t n = 0;
    int rc = slp_plan_check_new_item(err, p, SLP_NAMES_COMPETITORS, name, &n);
    if (rc == SALESPLAN_OK && (unsigned)kind > 1u)
        rc = slp_refuse_int(err, SLP_RULE_ENUM, SLP_AT1("narrative.competitors[#].kind", n),
                            (long long)kind);
    if (rc == SALESPLAN_OK && notes != NULL)
        rc = slp_check_text(err, SLP_RULE_TEXT, SLP_AT1("narrative.competitors[#].notes", n),
                            notes);
    if (rc != SALESPLAN_OK)
        return (salesplan_status)rc;
    slp_competitor c = {slp_strdup(name), (int)kind, NULL};
    rc = c.name && slp_str_dup_opt(&c.notes, notes) == 0
             ? slp_plan_append(p, SLP_NAMES_COMPETITORS, &c, c.name, err)
             : SALESPLAN_ENOMEM;
    if (rc != SALESPLAN_OK)
        slp_plan_item_free(SLP_NAMES_COMPETITORS, &c);
    return (salesplan_status)rc;
}

salesplan_status salesplan_plan_competitor_name(const char **out, const salesplan_plan *p,
                                                size_t i)
{
    SLP_GET_ITEM(out, p, i, competitor_count, NULL, p->competitors[i].name);
}

salesplan_status salesplan_plan_competitor_kind(salesplan_competitor_kind *out,
                                                const salesplan_plan *p, size_t i)
{
    SLP_GET_ITEM(out, p, i, competitor_count, SALESPLAN_COMPETITOR_DIRECT,
                 (salesplan_competitor_kind)p->competitors[i].kind);
}

salesplan_status salesplan_plan_competitor_notes(const char **out, const salesplan_plan *p,
                                                 size_t i)
{
    SLP_GET_ITEM(out, p, i, competitor_count, NULL, p->competitors[i].notes);
}

salesplan_status salesplan_plan_add_list_item(salesplan_plan *p, salesplan_list list,
                                              const char *text, salesplan_error *err)
{
    int rc = slp_check_plan(err, p);
    if (rc == SALESPLAN_OK)
        rc = check_enum(err, (unsigned)list, 2u);
    if (rc != SALESPLAN_OK)
        return (salesplan_status)rc;
    const slp_at *at = SLP_AT1(list_paths[list], p->lists[list].count);
    rc = slp_check_text(err, SLP_RULE_ITEM_TEXT, at, text);
    if (rc == SALESPLAN_OK)
        rc = slp_check_room(err, at, p->lists[list].count, SLP_MAX_ITEMS);
    if (rc == SALESPLAN_OK)
        rc = slp_strlist_push(&p->lists[list], text);
    return (salesplan_status)rc;
}

size_t salesplan_plan_list_count(const salesplan_plan *p, salesplan_list list)
{
    return p && (unsigned)list <= 1u ? p->lists[list].count : 0;
}

salesplan_status salesplan_plan_list_item(const char **out, const salesplan_plan *p,
                                          salesplan_list list, size_t i)
{
    if (out == NULL)
        return SALESPLAN_EINVAL;
    *out = NULL;
    if (p == NULL || (unsigned)list > 1u)
        return SALESPLAN_EINVAL;
    SLP_GET_ITEM(out, p, i, lists[list].count, NULL, p->lists[list].items[i]);
}

/* ---- target, deal, confidence ---------------------------------------------- */

SLP_NUMBER_FIELD(salesplan_plan_set_target_revenue, salesplan_plan_target_revenue,
                 target_revenue, SLP_RULE_REVENUE, "target.revenue", 0)

salesplan_status salesplan_plan_set_target_kind(salesplan_plan *p, salesplan_target_kind kind,
                                                salesplan_error *err)
{
    int rc = slp_check_plan(err, p);
    if (rc == SALESPLAN_OK && (unsigned)kind > 3u)
        rc = slp_refuse_int(err, SLP_RULE_ENUM, SLP_AT("target.kind"), (long long)kind);
    if (rc == SALESPLAN_OK)
        p->target_kind = (int)kind;
    return (salesplan_status)rc;
}

salesplan_target_kind salesplan_plan_target_kind(const salesplan_plan *p)
{
    return p ? (salesplan_target_kind)p->target_kind : SALESPLAN_TARGET_NEW_BUSINESS;
}

SLP_NUMBER_FIELD(salesplan_plan_set_over_assignment, salesplan_plan_over_assignment,
                 over_assignment, SLP_RULE_OVER_ASSIGNMENT, "target.over_assignment", 0)

salesplan_status salesplan_plan_set_seasonality(salesplan_plan *p, const double *weights,
                                                size_t n, salesplan_error *err)
{
    double *c = NULL;
    int rc = slp_copy_numbers(&c, p, weights, n, SLP_RULE_SEASONALITY,
                              SLP_AT("target.seasonality[#]"), err);
    if (rc != SALESPLAN_OK)
        return (salesplan_status)rc;
    double sum = 0.0;
    for (size_t i = 0; i < n; i++)
        sum += c[i];
    if (n > 0 && !(sum > 0.0 && isfinite(sum))) {
        char found[SLP_DTOA_SIZE + 16];
        memcpy(found, "a sum of ", 9);
        slp_dtoa(sum, found + 9);
        slp_free(c);
        return (salesplan_status)slp_refuse(err, SALESPLAN_EINVAL, SLP_RULE_SEASONALITY,
                                            SLP_AT("target.seasonality"), found);
    }
    slp_free(p->seasonality);
    p->seasonality = c;
    p->seasonality_count = n;
    return SALESPLAN_OK;
}

size_t salesplan_plan_seasonality_count(const salesplan_plan *p)
{
    return p ? p->seasonality_count : 0;
}

salesplan_status salesplan_plan_seasonality(double *out, const salesplan_plan *p, size_t i)
{
    SLP_GET_ITEM(out, p, i, seasonality_count, SLP_NAN, p->seasonality[i]);
}

SLP_NUMBER_FIELD(salesplan_plan_set_deal_size, salesplan_plan_deal_size,
                 deal_size, SLP_RULE_DEAL_SIZE, "deal.average_size", 0)

SLP_NUMBER_FIELD(salesplan_plan_set_deal_size_cv, salesplan_plan_deal_size_cv,
                 deal_size_cv, SLP_RULE_DEAL_SIZE_CV, "deal.size_cv", 0)

SLP_NUMBER_FIELD(salesplan_plan_set_confidence, salesplan_plan_confidence,
                 confidence, SLP_RULE_CONFIDENCE, "confidence", 1)

/* ---- derived facts ----------------------------------------------------------- */

int slp_plan_default_phases(const salesplan_plan *p, int out[3])
{
    int n = 0;
    if (p == NULL || p->period_start == NULL)
        return 0;
    for (int b = 30; b <= 90; b += 30)
        if (b <= p->period_days)
            out[n++] = b;
    return n;
}

size_t slp_plan_phases(const salesplan_plan *p, int *out, size_t cap)
{
    if (p == NULL)
        return 0;
    if (p->phase_count > 0) {
        size_t n = p->phase_count < cap ? p->phase_count : cap;
        memcpy(out, p->phases, n * sizeof *out);
        return n;
    }
    int def[3];
    size_t n = (size_t)slp_plan_default_phases(p, def);
    if (n > cap)
        n = cap;
    memcpy(out, def, n * sizeof *out);
    return n;
}

size_t slp_plan_month_slice_count(const salesplan_plan *p)
{
    if (p == NULL || p->period_start == NULL)
        return 0;
    long y1, y2;
    unsigned m1, m2, d1, d2;
    slp_civil_from_days(p->start_day, &y1, &m1, &d1);
    slp_civil_from_days(p->start_day + p->period_days - 1, &y2, &m2, &d2);
    return (size_t)((y2 * 12L + (long)m2) - (y1 * 12L + (long)m1) + 1L);
}

long slp_plan_workdays_between(const salesplan_plan *p, slp_day from, slp_day to)
{
    long n = slp_weekdays_between(p->workdays, from, to);
    /* Holidays are unique, so each one removes at most one workday. */
    for (size_t i = 0; i < p->holidays.count; i++) {
        slp_day h;
        if (slp_parse_iso_date_str(p->holidays.items[i], &h) == 0 && h >= from && h < to &&
            (p->workdays & (1u << slp_weekday(h))))
            n--;
    }
    return n;
}
