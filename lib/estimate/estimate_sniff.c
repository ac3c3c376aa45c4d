/* What a real-life export leaves unsaid, read from the start of the input:
 * the field separator (from the header line) and the order of slash dates
 * (a first number above 12 is a day). */
#include <string.h>

#include "common/error.h"
#include "estimate/estimate_internal.h"

static const char sniff_delims[] = {',', ';', '\t', '|'};
#define NDELIMS (sizeof sniff_delims / sizeof sniff_delims[0])

char slp_est_sniff_delimiter(const char *s, size_t n)
{
    size_t count[NDELIMS] = {0};
    int quoted = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && (c == '\n' || c == '\r'))
            break;
        else if (!quoted)
            for (size_t k = 0; k < NDELIMS; k++)
                count[k] += c == sniff_delims[k];
    }
    size_t best = 0;
    for (size_t k = 1; k < NDELIMS; k++)
        if (count[k] > count[best])
            best = k;
    return sniff_delims[best];
}

static int digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Digits at s[j..] (at most max + 1 read): their count, their value in *v. */
static size_t digits(const char *s, size_t n, size_t j, size_t max, int *v)
{
    size_t k = 0;
    *v = 0;
    while (j + k < n && digit(s[j + k]) && k <= max)
        *v = *v * 10 + (s[j + k] - '0'), k++;
    return k;
}

/* Slash dates D/D/YYYY (one or two digits, then four) that start after
 * neither a digit nor a slash: a first number above 12 votes for day first,
 * a second one for month first. The scan jumps from slash to slash (a date's
 * first number ends at a slash), so a sample without slashes costs a memchr. */
void slp_est_sniff_dates(const char *s, size_t n, long *mdy, long *dmy)
{
    *mdy = *dmy = 0;
    size_t at = 0; /* where the next slash is looked for */
    const char *p;
    while (at < n && (p = memchr(s + at, '/', n - at)) != NULL) {
        size_t slash = (size_t)(p - s), i = slash;
        at = slash + 1;
        while (i > 0 && digit(s[i - 1]) && slash - i < 3)
            i--;
        if (slash - i == 0 || slash - i > 2 || (i > 0 && (digit(s[i - 1]) || s[i - 1] == '/')) ||
            i + 5 >= n)
            continue;
        int a, b, year;
        (void)digits(s, n, i, 2, &a);
        size_t kb = digits(s, n, slash + 1, 2, &b);
        size_t j = slash + 1 + kb;
        if (kb == 0 || kb > 2 || j >= n || s[j] != '/')
            continue;
        size_t ky = digits(s, n, j + 1, 4, &year);
        if (ky != 4)
            continue;
        if (a > 12 && a <= 31 && b >= 1 && b <= 12)
            (*dmy)++;
        else if (b > 12 && b <= 31 && a >= 1 && a <= 12)
            (*mdy)++;
        at = j + 1 + ky;
    }
}

int slp_est_sniff(slp_est_ctx *x, slp_csv *csv)
{
    const salesplan_estimate_options *o = x->o;
    x->delim = o->delimiter;
    x->dmy = o->date_order == SALESPLAN_DATE_DMY;
    if (o->delimiter != '\0' && o->date_order != SALESPLAN_DATE_AUTO)
        return SALESPLAN_OK;
    const char *data;
    size_t len;
    int rc = slp_csv_peek(csv, &data, &len, x->err);
    if (rc != SALESPLAN_OK)
        return rc;
    if (o->delimiter == '\0') {
        x->delim = slp_est_sniff_delimiter(data, len);
        slp_csv_set_delim(csv, x->delim);
    }
    if (o->date_order == SALESPLAN_DATE_AUTO) {
        long mdy, dmy;
        slp_est_sniff_dates(data, len, &mdy, &dmy);
        x->dmy = dmy > 0 && mdy == 0;
        x->date_decided = dmy > 0 || mdy > 0;
        if (dmy > 0 && mdy > 0)
            rc = slp_est_warn(x,
                              "dates such as 13/1/YYYY and 1/13/YYYY both occur: read as "
                              "M/D/YYYY; name the order (option `date_order`)");
        else if (dmy == 0 && mdy == 0 && memchr(data, '/', len) != NULL)
            x->date_undecided = 1; /* warned about when a slash date is read */
    }
    x->e->info.delimiter = x->delim;
    x->e->info.date_order = x->dmy ? SALESPLAN_DATE_DMY : SALESPLAN_DATE_MDY;
    return rc;
}
