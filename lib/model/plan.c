/* The plan model: lifetime, identity, period and calendar, narrative,
 * target, deal and confidence. Funnel parts live in plan_funnel.c, team
 * parts in plan_team.c, cross-field rules in plan_check.c; the value rules
 * and owned strings they all use in plan_rules.c and plan_strings.c. */
#include <math.h>
#include <string.h>

#include "common/alloc.h"
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

int salesplan_plan_create(salesplan_plan **out, const char *name)
{
    if (out == NULL)
        return SALESPLAN_EINVAL;
    *out = NULL;
    if (!slp_name_ok(name))
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
    slp_free(p->name);
    slp_free(p->period_start);
    slp_free(p->phases);
    slp_strlist_free(&p->holidays);
    for (size_t i = 0; i < 4; i++)
        slp_free(p->text[i]);
    for (size_t i = 0; i < p->competitor_count; i++) {
        slp_free(p->competitors[i].name);
        slp_free(p->competitors[i].notes);
    }
    slp_free(p->competitors);
    slp_strlist_free(&p->lists[0]);
    slp_strlist_free(&p->lists[1]);
    slp_free(p->seasonality);
    slp_plan_free_funnel(p);
    slp_plan_free_team(p);
    slp_plan_names_free(p);
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
    if (p->competitor_count) {
        c->competitors = slp_calloc(p->competitor_count, sizeof *c->competitors);
        if (c->competitors == NULL)
            return -1;
        c->competitor_cap = p->competitor_count;
        for (size_t i = 0; i < p->competitor_count; i++) {
            slp_competitor *d = &c->competitors[i];
            const slp_competitor *s = &p->competitors[i];
            d->kind = s->kind;
            c->competitor_count++;
            if (slp_str_dup_opt(&d->name, s->name) || slp_str_dup_opt(&d->notes, s->notes))
                return -1;
        }
    }
    for (size_t i = 0; i < 2; i++)
        if (slp_strlist_copy(&c->lists[i], &p->lists[i]))
            return -1;
    if (p->seasonality_count &&
        (c->seasonality = dup_mem(p->seasonality, p->seasonality_count, sizeof *p->seasonality)) == NULL)
        return -1;
    c->seasonality_count = p->seasonality_count;
    return 0;
}

int salesplan_plan_clone(salesplan_plan **out, const salesplan_plan *p)
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
    c->competitors = NULL;
    c->competitor_count = c->competitor_cap = 0;
    memset(c->lists, 0, sizeof c->lists);
    c->seasonality = NULL;
    c->seasonality_count = 0;
    c->stages = NULL;
    c->stage_count = c->stage_cap = 0;
    c->pipeline = NULL;
    c->pipeline_count = c->pipeline_cap = 0;
    c->activities = NULL;
    c->activity_count = c->activity_cap = 0;
    c->roles = NULL;
    c->role_count = c->role_cap = 0;
    c->reps = NULL;
    c->rep_count = c->rep_cap = 0;
    c->extensions = NULL;
    c->extension_count = c->extension_cap = 0;
    if (copy_head(c, p) != 0 || slp_plan_copy_funnel(c, p) != SALESPLAN_OK ||
        slp_plan_copy_team(c, p) != SALESPLAN_OK || slp_plan_names_rebuild(c) != SALESPLAN_OK) {
        salesplan_plan_free(c);
        return SALESPLAN_ENOMEM;
    }
    *out = c;
    return SALESPLAN_OK;
}

/* ---- identity -------------------------------------------------------------- */

int salesplan_plan_set_name(salesplan_plan *p, const char *name)
{
    if (p == NULL || !slp_name_ok(name))
        return SALESPLAN_EINVAL;
    return slp_str_replace(&p->name, name);
}

const char *salesplan_plan_name(const salesplan_plan *p)
{
    return p ? p->name : NULL;
}

int salesplan_plan_set_currency(salesplan_plan *p, const char *code)
{
    if (p == NULL || code == NULL)
        return SALESPLAN_EINVAL;
    for (size_t i = 0; i < 3; i++)
        if (code[i] < 'A' || code[i] > 'Z')
            return SALESPLAN_EINVAL;
    if (code[3] != '\0')
        return SALESPLAN_EINVAL;
    memcpy(p->currency, code, 4);
    return SALESPLAN_OK;
}

const char *salesplan_plan_currency(const salesplan_plan *p)
{
    return p ? p->currency : NULL;
}

/* ---- period and calendar --------------------------------------------------- */

int salesplan_plan_set_period(salesplan_plan *p, const char *start, int days)
{
    slp_day d;
    if (p == NULL || days < 1 || days > SLP_MAX_PERIOD_DAYS || slp_parse_iso_date_str(start, &d) != 0)
        return SALESPLAN_EINVAL;
    /* The last day must still be a date the format can write (year <= 9999). */
    if (d + days - 1 > slp_days_from_civil(9999, 12, 31))
        return SALESPLAN_EINVAL;
    int rc = slp_str_replace(&p->period_start, start);
    if (rc != SALESPLAN_OK)
        return rc;
    p->start_day = d;
    p->period_days = days;
    return SALESPLAN_OK;
}

const char *salesplan_plan_period_start(const salesplan_plan *p)
{
    return p ? p->period_start : NULL;
}

int salesplan_plan_period_days(const salesplan_plan *p)
{
    return p ? p->period_days : 0;
}

int salesplan_plan_set_phases(salesplan_plan *p, const int *days, size_t n)
{
    if (p == NULL || (n > 0 && days == NULL))
        return SALESPLAN_EINVAL;
    if (n > SLP_MAX_PHASES)
        return SALESPLAN_ELIMIT;
    for (size_t i = 0; i < n; i++)
        if (days[i] < 1 || (i > 0 && days[i] <= days[i - 1]))
            return SALESPLAN_EINVAL;
    int *c = NULL;
    if (n > 0 && (c = dup_mem(days, n, sizeof *days)) == NULL)
        return SALESPLAN_ENOMEM;
    slp_free(p->phases);
    p->phases = c;
    p->phase_count = n;
    return SALESPLAN_OK;
}

size_t salesplan_plan_phase_count(const salesplan_plan *p)
{
    return p ? p->phase_count : 0;
}

int salesplan_plan_phase(const salesplan_plan *p, size_t i)
{
    return p && i < p->phase_count ? p->phases[i] : -1;
}

int salesplan_plan_set_workdays(salesplan_plan *p, unsigned mask)
{
    if (p == NULL || mask == 0 || mask >= 128u)
        return SALESPLAN_EINVAL;
    p->workdays = mask;
    return SALESPLAN_OK;
}

unsigned salesplan_plan_workdays(const salesplan_plan *p)
{
    return p ? p->workdays : SALESPLAN_WEEKDAYS_DEFAULT;
}

int salesplan_plan_add_holiday(salesplan_plan *p, const char *date)
{
    slp_day d;
    if (p == NULL || slp_parse_iso_date_str(date, &d) != 0 ||
        slp_plan_name_index(p, SLP_NAMES_HOLIDAYS, date) >= 0)
        return SALESPLAN_EINVAL;
    int rc = slp_strlist_push(&p->holidays, date);
    if (rc != SALESPLAN_OK)
        return rc;
    size_t at = p->holidays.count - 1;
    if (slp_plan_name_add(p, SLP_NAMES_HOLIDAYS, p->holidays.items[at], at) != SALESPLAN_OK) {
        slp_free(p->holidays.items[at]);
        p->holidays.count = at;
        return SALESPLAN_ENOMEM;
    }
    return SALESPLAN_OK;
}

size_t salesplan_plan_holiday_count(const salesplan_plan *p)
{
    return p ? p->holidays.count : 0;
}

const char *salesplan_plan_holiday(const salesplan_plan *p, size_t i)
{
    return p && i < p->holidays.count ? p->holidays.items[i] : NULL;
}

/* ---- narrative ------------------------------------------------------------- */

int salesplan_plan_set_text(salesplan_plan *p, salesplan_text_field field, const char *text)
{
    if (p == NULL || (unsigned)field > 3u || (text != NULL && !slp_text_ok(text, 0)))
        return SALESPLAN_EINVAL;
    return slp_str_replace(&p->text[field], text);
}

const char *salesplan_plan_text(const salesplan_plan *p, salesplan_text_field field)
{
    return p && (unsigned)field <= 3u ? p->text[field] : NULL;
}

int salesplan_plan_add_competitor(salesplan_plan *p, const char *name,
                                  salesplan_competitor_kind kind, const char *notes)
{
    if (p == NULL || !slp_name_ok(name) || (unsigned)kind > 1u ||
        (notes != NULL && !slp_text_ok(notes, 0)))
        return SALESPLAN_EINVAL;
    if (slp_plan_name_index(p, SLP_NAMES_COMPETITORS, name) >= 0)
        return SALESPLAN_EINVAL;
    if (p->competitor_count >= SLP_MAX_ITEMS)
        return SALESPLAN_ELIMIT;
    if (slp_grow((void **)&p->competitors, &p->competitor_cap, p->competitor_count + 1,
                 sizeof *p->competitors) != 0)
        return SALESPLAN_ENOMEM;
    slp_competitor c = {slp_strdup(name), (int)kind, NULL};
    if (c.name == NULL || slp_str_dup_opt(&c.notes, notes) != 0 ||
        slp_plan_name_add(p, SLP_NAMES_COMPETITORS, c.name, p->competitor_count) != SALESPLAN_OK) {
        slp_free(c.name);
        slp_free(c.notes);
        return SALESPLAN_ENOMEM;
    }
    p->competitors[p->competitor_count++] = c;
    return SALESPLAN_OK;
}

size_t salesplan_plan_competitor_count(const salesplan_plan *p)
{
    return p ? p->competitor_count : 0;
}

const char *salesplan_plan_competitor_name(const salesplan_plan *p, size_t i)
{
    return p && i < p->competitor_count ? p->competitors[i].name : NULL;
}

int salesplan_plan_competitor_kind(const salesplan_plan *p, size_t i)
{
    return p && i < p->competitor_count ? p->competitors[i].kind : -1;
}

const char *salesplan_plan_competitor_notes(const salesplan_plan *p, size_t i)
{
    return p && i < p->competitor_count ? p->competitors[i].notes : NULL;
}

int salesplan_plan_add_list_item(salesplan_plan *p, salesplan_list list, const char *text)
{
    if (p == NULL || (unsigned)list > 1u || !slp_text_ok(text, 1))
        return SALESPLAN_EINVAL;
    return slp_strlist_push(&p->lists[list], text);
}

size_t salesplan_plan_list_count(const salesplan_plan *p, salesplan_list list)
{
    return p && (unsigned)list <= 1u ? p->lists[list].count : 0;
}

const char *salesplan_plan_list_item(const salesplan_plan *p, salesplan_list list, size_t i)
{
    if (p == NULL || (unsigned)list > 1u || i >= p->lists[list].count)
        return NULL;
    return p->lists[list].items[i];
}

/* ---- target, deal, confidence ---------------------------------------------- */

int salesplan_plan_set_target_revenue(salesplan_plan *p, double revenue)
{
    if (p == NULL || !slp_in_range(revenue, 0.0, 0, SLP_INF, 0))
        return SALESPLAN_EINVAL;
    p->target_revenue = revenue;
    return SALESPLAN_OK;
}

double salesplan_plan_target_revenue(const salesplan_plan *p)
{
    return p ? p->target_revenue : SLP_NAN;
}

int salesplan_plan_set_target_kind(salesplan_plan *p, salesplan_target_kind kind)
{
    if (p == NULL || (unsigned)kind > 3u)
        return SALESPLAN_EINVAL;
    p->target_kind = (int)kind;
    return SALESPLAN_OK;
}

int salesplan_plan_target_kind(const salesplan_plan *p)
{
    return p ? p->target_kind : -1;
}

int salesplan_plan_set_over_assignment(salesplan_plan *p, double o)
{
    if (p == NULL || !slp_in_range(o, 0.0, 1, 1.0, 0))
        return SALESPLAN_EINVAL;
    p->over_assignment = slp_no_negzero(o);
    return SALESPLAN_OK;
}

double salesplan_plan_over_assignment(const salesplan_plan *p)
{
    return p ? p->over_assignment : SLP_NAN;
}

int salesplan_plan_set_seasonality(salesplan_plan *p, const double *weights, size_t n)
{
    if (p == NULL || (n > 0 && weights == NULL))
        return SALESPLAN_EINVAL;
    if (n > SLP_MAX_ITEMS)
        return SALESPLAN_ELIMIT;
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (!slp_in_range(weights[i], 0.0, 1, SLP_INF, 0))
            return SALESPLAN_EINVAL;
        sum += weights[i];
    }
    if (n > 0 && !(sum > 0.0 && isfinite(sum)))
        return SALESPLAN_EINVAL;
    double *c = NULL;
    if (n > 0) {
        if ((c = dup_mem(weights, n, sizeof *weights)) == NULL)
            return SALESPLAN_ENOMEM;
        for (size_t i = 0; i < n; i++)
            c[i] = slp_no_negzero(c[i]);
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

double salesplan_plan_seasonality(const salesplan_plan *p, size_t i)
{
    return p && i < p->seasonality_count ? p->seasonality[i] : SLP_NAN;
}

int salesplan_plan_set_deal_size(salesplan_plan *p, double average)
{
    if (p == NULL || !slp_in_range(average, 0.0, 0, SLP_INF, 0))
        return SALESPLAN_EINVAL;
    p->deal_size = average;
    return SALESPLAN_OK;
}

double salesplan_plan_deal_size(const salesplan_plan *p)
{
    return p ? p->deal_size : SLP_NAN;
}

int salesplan_plan_set_deal_size_cv(salesplan_plan *p, double cv)
{
    if (p == NULL || !slp_in_range(cv, 0.0, 1, SLP_INF, 0))
        return SALESPLAN_EINVAL;
    p->deal_size_cv = slp_no_negzero(cv);
    return SALESPLAN_OK;
}

double salesplan_plan_deal_size_cv(const salesplan_plan *p)
{
    return p ? p->deal_size_cv : SLP_NAN;
}

int salesplan_plan_set_confidence(salesplan_plan *p, double q)
{
    if (p == NULL || (!isnan(q) && !slp_in_range(q, 0.0, 0, 1.0, 0)))
        return SALESPLAN_EINVAL;
    p->confidence = q;
    return SALESPLAN_OK;
}

double salesplan_plan_confidence(const salesplan_plan *p)
{
    return p ? p->confidence : SLP_NAN;
}

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
