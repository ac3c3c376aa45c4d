/* salesplan_result_render(): pick a renderer by format; the presentation
 * helpers shared by the Markdown and CSV renderers. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "common/alloc.h"
#include "common/clocale.h"
#include "common/date.h"
#include "common/error.h"
#include "json/json_write.h"
#include "render/render.h"
#include "render/render_svg.h"

typedef int (*renderer_fn)(const salesplan_result *r, slp_strbuf *sb, salesplan_error *err);

/* One row per salesplan_format, in enum order; NULL = not available. */
static const struct {
    salesplan_format format;
    const char *name;
    renderer_fn fn;
} renderers[] = {
    {SALESPLAN_FORMAT_JSON, "json", slp_render_json},
    {SALESPLAN_FORMAT_MARKDOWN, "markdown", slp_render_markdown},
    {SALESPLAN_FORMAT_CSV, "csv", slp_render_csv},
    {SALESPLAN_FORMAT_SVG, "svg", slp_render_svg},
};

int salesplan_result_render(const salesplan_result *r, salesplan_format format, char **out,
                            size_t *len, salesplan_error *err)
{
    if (len)
        *len = 0;
    if (out == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "no place to put the text (out is NULL)");
    *out = NULL;
    if (r == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "no result to render (NULL)");
    renderer_fn fn = NULL;
    const char *name = NULL;
    for (size_t i = 0; i < sizeof renderers / sizeof renderers[0]; i++)
        if (renderers[i].format == format) {
            fn = renderers[i].fn;
            name = renderers[i].name;
        }
    if (name == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "unknown output format %d (json, markdown, csv or svg)", (int)format);
    if (fn == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "the %s format is not available for plan results in this version",
                             name);
    slp_strbuf sb = SLP_STRBUF_INIT;
    slp_clocale loc; /* printf writes '.' whatever locale the host set */
    int rc = slp_clocale_enter(&loc);
    rc = rc ? slp_error_set(err, rc, NULL, 0, 0, "out of memory") : fn(r, &sb, err);
    slp_clocale_leave(&loc);
    if (rc != SALESPLAN_OK) {
        slp_sb_release(&sb);
        return rc;
    }
    if (slp_sb_finish(&sb, out, len) != SALESPLAN_OK)
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory while rendering");
    return SALESPLAN_OK;
}

/* ---- strings ------------------------------------------------------------------ */

/* Length of the well-formed UTF-8 sequence at `s`, or 0 (RFC 3629: no
 * overlong forms, no surrogates, nothing above U+10FFFF). */
static size_t utf8_len(const unsigned char *s)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t n;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else {
        return 0;
    }
    if (s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return n;
}

void slp_sb_json_text(slp_strbuf *sb, const char *s)
{
    const unsigned char *u = (const unsigned char *)(s ? s : "");
    size_t i = 0;
    while (u[i] && utf8_len(u + i) > 0)
        i += utf8_len(u + i);
    if (u[i] == '\0') { /* the usual case: all well-formed */
        slp_json_string(sb, (const char *)u);
        return;
    }
    slp_strbuf clean = SLP_STRBUF_INIT;
    for (i = 0; u[i];) {
        size_t n = utf8_len(u + i);
        if (n == 0) {
            slp_sb_puts(&clean, "\xEF\xBF\xBD");
            i++;
        } else {
            slp_sb_append(&clean, (const char *)u + i, n);
            i += n;
        }
    }
    if (clean.failed)
        sb->failed = 1;
    else
        slp_json_string(sb, clean.data);
    slp_sb_release(&clean);
}

/* ---- shared lookups ------------------------------------------------------------ */

static int same_name(const char *a, const char *b)
{
    return a != NULL && b != NULL && strcmp(a, b) == 0;
}

int slp_render_activity_roles(const salesplan_result *r, long **out)
{
    *out = NULL;
    size_t n = salesplan_result_activity_count(r), nr = salesplan_result_role_count(r);
    if (n == 0)
        return SALESPLAN_OK;
    long *role_of = slp_calloc(n, sizeof *role_of);
    if (role_of == NULL)
        return SALESPLAN_ENOMEM;
    const salesplan_plan *p = salesplan_result_plan(r);
    for (size_t i = 0; i < n; i++) {
        const salesplan_activity_result *a = salesplan_result_activity(r, i);
        role_of[i] = -1;
        if (a == NULL || a->role == NULL)
            continue;
        /* Result roles keep the plan's order, so the plan's index is the
         * result's; check the name, and search when it does not match. */
        long k = salesplan_plan_find_role(p, a->role);
        const salesplan_role_result *ro = k >= 0 ? salesplan_result_role(r, (size_t)k) : NULL;
        if (ro != NULL && same_name(ro->name, a->role)) {
            role_of[i] = k;
            continue;
        }
        for (size_t j = 0; j < nr; j++) {
            ro = salesplan_result_role(r, j);
            if (ro != NULL && same_name(ro->name, a->role)) {
                role_of[i] = (long)j;
                break;
            }
        }
    }
    *out = role_of;
    return SALESPLAN_OK;
}

/* ---- numbers for people ----------------------------------------------------- */

/* Insert ',' every three digits into the run of digits `d` (n of them). */
static void put_grouped(char *buf, size_t size, size_t *at, const char *d, size_t n, int group)
{
    for (size_t i = 0; i < n; i++) {
        if (group && i > 0 && (n - i) % 3 == 0 && *at + 1 < size)
            buf[(*at)++] = ',';
        if (*at + 1 < size)
            buf[(*at)++] = d[i];
    }
    buf[*at < size ? *at : size - 1] = '\0';
}

void slp_fmt_fixed(char *buf, size_t size, double v, int decimals, int group, int trim)
{
    if (size == 0)
        return;
    if (!isfinite(v)) {
        snprintf(buf, size, "n/a");
        return;
    }
    if (decimals < 0)
        decimals = 0;
    if (decimals > 3)
        decimals = 3;
    static const double scale[] = {1.0, 10.0, 100.0, 1000.0};
    double a = fabs(v);
    char ip[340], fp[24] = "";
    /* Exact integer arithmetic while the scaled value fits in 2^53; beyond
     * that the fraction is below the double's resolution anyway. */
    if (a * scale[decimals] < 9007199254740992.0) {
        unsigned long long s = (unsigned long long)llround(a * scale[decimals]);
        unsigned long long div = (unsigned long long)scale[decimals];
        snprintf(ip, sizeof ip, "%llu", s / div);
        if (decimals > 0)
            snprintf(fp, sizeof fp, "%0*llu", decimals, s % div);
        if (s == 0)
            v = 0.0; /* no "-0" */
    } else {
        snprintf(ip, sizeof ip, "%.0f", a); /* no decimal point: locale-free */
    }
    if (trim) {
        size_t k = strlen(fp);
        while (k > 0 && fp[k - 1] == '0')
            fp[--k] = '\0';
    }
    size_t at = 0;
    if (v < 0 && at + 1 < size)
        buf[at++] = '-';
    put_grouped(buf, size, &at, ip, strlen(ip), group);
    if (fp[0]) {
        if (at + 1 < size)
            buf[at++] = '.';
        put_grouped(buf, size, &at, fp, strlen(fp), 0);
    }
    buf[at < size ? at : size - 1] = '\0';
}

void slp_fmt_money(char *buf, size_t size, double v, const char *currency)
{
    if (!isfinite(v)) {
        snprintf(buf, size, "n/a");
        return;
    }
    char num[SLP_FMT_SIZE];
    double a = fabs(v);
    /* Cents only where they matter: small non-zero amounts. */
    slp_fmt_fixed(num, sizeof num, a, (a >= 99.995 || a < 0.005) ? 0 : 2, 1, 0);
    const char *sign = (v < 0 && strcmp(num, "0") != 0) ? "-" : "";
    if (currency == NULL || strcmp(currency, "USD") == 0)
        snprintf(buf, size, "%s$%s", sign, num);
    else
        snprintf(buf, size, "%s%s %s", sign, num, currency);
}

void slp_fmt_percent(char *buf, size_t size, double v)
{
    if (!isfinite(v)) {
        snprintf(buf, size, "n/a");
        return;
    }
    char num[SLP_FMT_SIZE];
    slp_fmt_fixed(num, sizeof num, v * 100.0, 1, 1, 1);
    snprintf(buf, size, "%s%%", num);
}

void slp_fmt_count_up(char *buf, size_t size, double v)
{
    if (!isfinite(v)) {
        snprintf(buf, size, "n/a");
        return;
    }
    slp_fmt_fixed(buf, size, ceil(v - 1e-9), 0, 1, 1);
}

static const char *const month_abbr[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

void slp_fmt_slice_label(char *buf, size_t size, const char *start, const char *end)
{
    slp_day a, b;
    if (start == NULL || end == NULL || slp_parse_iso_date_str(start, &a) != 0 ||
        slp_parse_iso_date_str(end, &b) != 0) {
        snprintf(buf, size, "%s", start ? start : "?");
        return;
    }
    long ya, yb;
    unsigned ma, da, mb, db;
    slp_civil_from_days(a, &ya, &ma, &da);
    slp_civil_from_days(b, &yb, &mb, &db);
    if (ya == yb && ma == mb && da == 1 && db == slp_days_in_month(yb, mb))
        snprintf(buf, size, "%s %ld", month_abbr[ma - 1], ya);
    else if (ya == yb && ma == mb)
        snprintf(buf, size, "%u\u2013%u %s %ld", da, db, month_abbr[ma - 1], ya);
    else
        snprintf(buf, size, "%u %s %ld\u2013%u %s %ld", da, month_abbr[ma - 1], ya, db,
                 month_abbr[mb - 1], yb);
}

void slp_fmt_date_long(char *buf, size_t size, const char *iso, long offset)
{
    slp_day d;
    if (iso == NULL || slp_parse_iso_date_str(iso, &d) != 0) {
        snprintf(buf, size, "%s", iso ? iso : "?");
        return;
    }
    long y;
    unsigned m, day;
    slp_civil_from_days(d + offset, &y, &m, &day);
    snprintf(buf, size, "%u %s %ld", day, month_abbr[m - 1], y);
}

void slp_md_cell(slp_strbuf *sb, const char *s)
{
    if (s == NULL)
        return;
    const char *run = s;
    for (const char *q = s; *q; q++) {
        if (*q != '|' && *q != '\n' && *q != '\r')
            continue;
        slp_sb_append(sb, run, (size_t)(q - run));
        run = q + 1;
        if (*q == '|')
            slp_sb_puts(sb, "\\|");
        else if (!(*q == '\n' && q > s && q[-1] == '\r'))
            slp_sb_putc(sb, ' ');
    }
    slp_sb_puts(sb, run);
}

void slp_fmt_append(char *buf, size_t size, const char *s)
{
    size_t used = strlen(buf), n = strlen(s);
    if (size == 0 || used + 1 >= size)
        return;
    if (n > size - 1 - used)
        n = size - 1 - used;
    memcpy(buf + used, s, n);
    buf[used + n] = '\0';
}
