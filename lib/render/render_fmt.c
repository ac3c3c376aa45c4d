/* Numbers, money, percentages and dates for people (Markdown, CSV, SVG):
 * rounded, grouped, with '.' as the decimal point whatever the locale. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "common/date.h"
#include "common/numeric.h"
#include "render/render_fmt.h"

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
    /* A figure for people (grouped, trimmed) that is not zero but rounds to
     * zero says so: "<0.1", never "0". */
    if (group && trim && decimals > 0 && v > 0.0 && llround(a * scale[decimals]) == 0) {
        snprintf(buf, size, "<0.%0*d", decimals, 1);
        return;
    }
    char ip[340], fp[24] = "";
    /* Exact integer arithmetic while the scaled value fits in 2^53; beyond
     * that the fraction is below the double's resolution anyway. */
    if (a * scale[decimals] < SLP_DOUBLE_EXACT_INT) {
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
    slp_fmt_fixed(buf, size, ceil(v - SLP_ROUND_EPS), 0, 1, 1);
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
