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

void slp_est_sniff_dates(const char *s, size_t n, long *mdy, long *dmy)
{
    *mdy = *dmy = 0;
    for (size_t i = 0; i + 5 < n; i++) {
        /* a date starts at a digit that does not follow a digit or a '/' */
        if (!digit(s[i]) || (i > 0 && (digit(s[i - 1]) || s[i - 1] == '/')))
            continue;
        size_t j = i;
        int a = 0, b = 0, k = 0;
        while (j < n && digit(s[j]) && k < 3)
            a = a * 10 + (s[j++] - '0'), k++;
        if (k > 2 || j >= n || s[j] != '/')
            continue;
        j++;
        k = 0;
        while (j < n && digit(s[j]) && k < 3)
            b = b * 10 + (s[j++] - '0'), k++;
        if (k == 0 || k > 2 || j >= n || s[j] != '/')
            continue;
        j++;
        k = 0;
        while (j < n && digit(s[j]) && k < 5)
            j++, k++;
        if (k != 4)
            continue;
        if (a > 12 && a <= 31 && b >= 1 && b <= 12)
            (*dmy)++;
        else if (b > 12 && b <= 31 && a >= 1 && a <= 12)
            (*mdy)++;
        i = j - 1;
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
