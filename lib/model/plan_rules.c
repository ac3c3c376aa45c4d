/* The value rules every plan setter applies: names, free text, numeric
 * ranges, dates, uniqueness and limits. Each rule is stated once, in the
 * table below; setters refuse a value through slp_refuse*() and the plan
 * reader forwards the message they write. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "common/error.h"
#include "common/utf8.h"
#include "json/dtoa.h"
#include "model/plan_model.h"

typedef struct rule {
    const char *text;
    double lo, hi;     /* numeric rules only */
    int lo_incl, hi_incl;
} rule;

#define TEXT_RULE(t) {t, 0.0, 0.0, 0, 0}
#define NUM_RULE(t, lo, lo_incl, hi, hi_incl) {t, lo, hi, lo_incl, hi_incl}

static const rule rules[SLP_RULE_COUNT] = {
    [SLP_RULE_PLAN] = TEXT_RULE("needs a plan"),
    [SLP_RULE_OUT] = TEXT_RULE("needs a place to store the result"),
    [SLP_RULE_ARRAY] = TEXT_RULE("needs an array of the values when the count is not 0"),
    [SLP_RULE_INDEX] = TEXT_RULE("must be the index of an existing element"),
    [SLP_RULE_LIMIT] = TEXT_RULE("must stay within the size limits of the plan format"),
    [SLP_RULE_NAME] = TEXT_RULE("must be 1 to 200 characters"),
    [SLP_RULE_TEXT] = TEXT_RULE("must be at most 10000 characters"),
    [SLP_RULE_ITEM_TEXT] = TEXT_RULE("must be a non-empty text of at most 10000 characters"),
    [SLP_RULE_CURRENCY] =
        TEXT_RULE("must be an ISO 4217 code of 3 upper-case letters such as \"USD\""),
    [SLP_RULE_DATE] = TEXT_RULE("must be a real calendar date written YYYY-MM-DD"),
    [SLP_RULE_PERIOD_DAYS] = NUM_RULE("must be an integer from 1 to 3660", 1.0, 1,
                                      SLP_MAX_PERIOD_DAYS, 1),
    [SLP_RULE_PERIOD_END] = TEXT_RULE("must end by 9999-12-31"),
    [SLP_RULE_PHASE] = NUM_RULE("must be strictly ascending day counts from 1 to 3660", 1.0, 1,
                                SLP_MAX_PERIOD_DAYS, 1),
    [SLP_RULE_WORKDAYS] = TEXT_RULE("must list at least one weekday"),
    [SLP_RULE_WEEKDAY_BITS] = TEXT_RULE("must hold only salesplan_weekday bits (below 128)"),
    [SLP_RULE_HOLIDAY_TWICE] = TEXT_RULE("must be a date not listed before"),
    [SLP_RULE_ENUM] = TEXT_RULE("must be one of the values of its enum"),
    [SLP_RULE_UNIQUE_COMPETITOR] = TEXT_RULE("must not repeat an earlier competitor's name"),
    [SLP_RULE_UNIQUE_STAGE] = TEXT_RULE("must not repeat an earlier stage's name"),
    [SLP_RULE_UNIQUE_ACTIVITY] = TEXT_RULE("must not repeat an earlier activity's name"),
    [SLP_RULE_UNIQUE_ROLE] = TEXT_RULE("must not repeat an earlier role's name"),
    [SLP_RULE_UNIQUE_REP] = TEXT_RULE("must not repeat an earlier rep's name"),
    [SLP_RULE_REVENUE] = NUM_RULE("must be a number > 0", 0.0, 0, SLP_INF, 0),
    [SLP_RULE_OVER_ASSIGNMENT] =
        NUM_RULE("must be in [0, 1), e.g. 0.1 for 110%", 0.0, 1, 1.0, 0),
    [SLP_RULE_SEASONALITY] =
        NUM_RULE("weights must be >= 0 with a sum > 0", 0.0, 1, SLP_INF, 0),
    [SLP_RULE_DEAL_SIZE] = NUM_RULE("must be a number > 0", 0.0, 0, SLP_INF, 0),
    [SLP_RULE_DEAL_SIZE_CV] = NUM_RULE("must be >= 0", 0.0, 1, SLP_INF, 0),
    [SLP_RULE_CONFIDENCE] =
        NUM_RULE("must be a probability in (0, 1), e.g. 0.9", 0.0, 0, 1.0, 0),
    [SLP_RULE_CONVERSION] =
        NUM_RULE("must be in (0, 1], e.g. 0.25 for 25%", 0.0, 0, 1.0, 1),
    [SLP_RULE_STAGE_DAYS] =
        NUM_RULE("must be >= 0 (mean days until the stage advances)", 0.0, 1, SLP_INF, 0),
    [SLP_RULE_PIPELINE] = NUM_RULE("must be a count of open deals >= 0", 0.0, 1, SLP_INF, 0),
    [SLP_RULE_PER_ENTRY] = NUM_RULE(
        "must be > 0 (units of the activity per entry into the stage)", 0.0, 0, SLP_INF, 0),
    [SLP_RULE_SHARE] = NUM_RULE("must be in (0, 1]", 0.0, 0, 1.0, 1),
    [SLP_RULE_MINUTES] = NUM_RULE("must be > 0 (minutes per unit)", 0.0, 0, SLP_INF, 0),
    [SLP_RULE_RAMP] =
        NUM_RULE("factors must be in [0, 1], one per tenure month", 0.0, 1, 1.0, 1),
    [SLP_RULE_QUOTA] =
        NUM_RULE("must be >= 0 (0: the role carries no quota)", 0.0, 1, SLP_INF, 0),
    [SLP_RULE_MINUTES_PER_DAY] =
        NUM_RULE("must be > 0 and at most 1440", 0.0, 0, 1440.0, 1),
    [SLP_RULE_TENURE] = NUM_RULE("must be an integer from 0 to 12000", 0.0, 1,
                                 SLP_MAX_TENURE_MONTHS, 1),
    [SLP_RULE_TERRITORY_WEIGHT] = NUM_RULE("must be > 0", 0.0, 0, SLP_INF, 0),
    [SLP_RULE_ATTRITION] = NUM_RULE("must be in [0, 1)", 0.0, 1, 1.0, 0),
    [SLP_RULE_ATTAINMENT] = NUM_RULE("must be in (0, 1]", 0.0, 0, 1.0, 1),
    [SLP_RULE_ECON_POSITIVE] = NUM_RULE("must be > 0", 0.0, 0, SLP_INF, 0),
    [SLP_RULE_ECON_UNIT] = NUM_RULE("must be in (0, 1]", 0.0, 0, 1.0, 1),
    [SLP_RULE_EXTENSION_KEY] =
        TEXT_RULE("must start with \"x-\" and be 1 to 200 characters"),
    [SLP_RULE_EXTENSION_JSON] = TEXT_RULE("must be one complete JSON value"),
    [SLP_RULE_EXTENSION_SIZE] = TEXT_RULE("must be at most 16 MiB of JSON text"),
};

/* ---- value checks ------------------------------------------------------------ */

int slp_name_ok(const char *s)
{
    if (s == NULL || s[0] == '\0')
        return 0;
    size_t n = slp_utf8_count(s, SLP_NAME_MAX);
    return n != (size_t)-1 && n <= SLP_NAME_MAX;
}

int slp_text_ok(const char *s, size_t min_chars)
{
    if (s == NULL)
        return 0;
    size_t n = slp_utf8_count(s, SLP_TEXT_MAX);
    return n != (size_t)-1 && n >= min_chars && n <= SLP_TEXT_MAX;
}

int slp_in_range(double x, double lo, int lo_incl, double hi, int hi_incl)
{
    if (!isfinite(x))
        return 0;
    if (lo_incl ? x < lo : x <= lo)
        return 0;
    if (hi_incl ? x > hi : x >= hi)
        return 0;
    return 1;
}

int slp_rule_ok(slp_rule id, double x)
{
    const rule *r = &rules[id];
    return slp_in_range(x, r->lo, r->lo_incl, r->hi, r->hi_incl);
}

double slp_no_negzero(double x)
{
    return x == 0.0 ? 0.0 : x;
}

/* ---- refusals ------------------------------------------------------------------ */

/* Expand at->tmpl: each '#' takes the next of at->i, at->j; '@' takes at->s. */
static void expand_path(char *out, size_t cap, const slp_at *at)
{
    size_t k = 0, idx = 0;
    const char *t = at != NULL && at->tmpl != NULL ? at->tmpl : "";
    for (; *t != '\0' && k + 1 < cap; t++) {
        int w = 0;
        if (*t == '#')
            w = snprintf(out + k, cap - k, "%zu", idx++ == 0 ? at->i : at->j);
        else if (*t == '@')
            w = snprintf(out + k, cap - k, "%s", at->s ? at->s : "");
        else {
            out[k] = *t;
            w = 1;
        }
        if (w < 0)
            break;
        k += (size_t)w;
        if (k >= cap)
            k = cap - 1;
    }
    /* never cut a UTF-8 character in two */
    while (k > 0 && k + 1 >= cap && ((unsigned char)out[k - 1] & 0xC0u) == 0x80u)
        k--;
    out[k] = '\0';
}

int slp_refuse(salesplan_error *err, int code, slp_rule id, const slp_at *at, const char *found)
{
    if (err == NULL)
        return code;
    char path[SALESPLAN_ERROR_PATH_SIZE];
    expand_path(path, sizeof path, at);
    return slp_error_set(err, code, path, 0, 0, "%s; found %s", rules[id].text, found);
}

int slp_refuse_num(salesplan_error *err, slp_rule id, const slp_at *at, double x)
{
    char found[SLP_DTOA_SIZE];
    slp_dtoa(x, found);
    return slp_refuse(err, SALESPLAN_EINVAL, id, at, found);
}

int slp_refuse_int(salesplan_error *err, slp_rule id, const slp_at *at, long long x)
{
    char found[32];
    snprintf(found, sizeof found, "%lld", x);
    return slp_refuse(err, SALESPLAN_EINVAL, id, at, found);
}

int slp_refuse_text(salesplan_error *err, slp_rule id, const slp_at *at, const char *s)
{
    char found[96];
    slp_describe_text(s, found, sizeof found);
    return slp_refuse(err, SALESPLAN_EINVAL, id, at, found);
}

void slp_describe_text(const char *s, char *out, size_t size)
{
    if (s == NULL) {
        snprintf(out, size, "NULL");
        return;
    }
    size_t n = strlen(s);
    if (!slp_utf8_valid(s, n)) {
        snprintf(out, size, "a text that is not valid UTF-8");
        return;
    }
    /* the first 40 characters, control bytes hidden, then the length */
    size_t k = 0, chars = 0, i = 0;
    out[k++] = '"';
    while (i < n && chars < 40 && k + 12 < size) {
        size_t len = slp_utf8_decode((const unsigned char *)s + i, n - i, NULL);
        if ((unsigned char)s[i] < 0x20u)
            out[k++] = '?';
        else
            for (size_t b = 0; b < len; b++)
                out[k++] = s[i + b];
        i += len;
        chars++;
    }
    out[k] = '\0';
    if (i < n)
        snprintf(out + k, size - k, "...\" (%zu characters)", slp_utf8_count(s, (size_t)-2));
    else
        snprintf(out + k, size - k, "\"");
}

int slp_check_num(salesplan_error *err, slp_rule id, const slp_at *at, double x)
{
    return slp_rule_ok(id, x) ? SALESPLAN_OK : slp_refuse_num(err, id, at, x);
}

int slp_check_name(salesplan_error *err, const slp_at *at, const char *s)
{
    return slp_name_ok(s) ? SALESPLAN_OK : slp_refuse_text(err, SLP_RULE_NAME, at, s);
}

int slp_check_text(salesplan_error *err, slp_rule id, const slp_at *at, const char *s)
{
    return slp_text_ok(s, id == SLP_RULE_ITEM_TEXT ? 1 : 0) ? SALESPLAN_OK
                                                             : slp_refuse_text(err, id, at, s);
}

int slp_check_date(salesplan_error *err, const slp_at *at, const char *s, slp_day *out)
{
    slp_day d;
    if (slp_parse_iso_date_str(s, out ? out : &d) == 0)
        return SALESPLAN_OK;
    return slp_refuse_text(err, SLP_RULE_DATE, at, s);
}

int slp_check_plan(salesplan_error *err, const salesplan_plan *p)
{
    slp_error_clear(err);
    return p != NULL ? SALESPLAN_OK
                     : slp_refuse(err, SALESPLAN_EINVAL, SLP_RULE_PLAN, NULL, "NULL");
}

int slp_check_index(salesplan_error *err, const salesplan_plan *p, const slp_at *list, size_t i,
                    size_t count)
{
    int rc = slp_check_plan(err, p);
    if (rc != SALESPLAN_OK || i < count)
        return rc;
    char found[64];
    snprintf(found, sizeof found, "%zu of a list of %zu", i, count);
    slp_at at = *list;
    at.i = i;
    return slp_refuse(err, SALESPLAN_ERANGE, SLP_RULE_INDEX, &at, found);
}

int slp_check_room(salesplan_error *err, const slp_at *at, size_t count, size_t max)
{
    if (count < max)
        return SALESPLAN_OK;
    char found[64];
    snprintf(found, sizeof found, "more than %zu items", max);
    return slp_refuse(err, SALESPLAN_ELIMIT, SLP_RULE_LIMIT, at, found);
}

int slp_check_new_name(salesplan_error *err, const salesplan_plan *p, slp_names_kind kind,
                       slp_rule dup, const slp_at *at, const char *name)
{
    int rc = slp_check_name(err, at, name);
    if (rc == SALESPLAN_OK && slp_plan_name_index(p, kind, name) >= 0)
        rc = slp_refuse_text(err, dup, at, name);
    return rc;
}

salesplan_status slp_set_num(salesplan_plan *p, double *slot, double x, slp_rule id,
                             const slp_at *at, int nan_clears, salesplan_error *err)
{
    int rc = slp_check_plan(err, p);
    if (rc != SALESPLAN_OK)
        return (salesplan_status)rc;
    if (nan_clears && isnan(x)) {
        *slot = SLP_NAN;
        return SALESPLAN_OK;
    }
    rc = slp_check_num(err, id, at, x);
    if (rc == SALESPLAN_OK)
        *slot = slp_no_negzero(x);
    return (salesplan_status)rc;
}
