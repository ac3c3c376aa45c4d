/* The option-value parsers every subcommand shares: one wording per kind of
 * refusal ("--OPT must be ..., found 'TEXT'"). */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const struct {
    const char *name;
    salesplan_format format;
} format_names[] = {{"md", SALESPLAN_FORMAT_MARKDOWN},
                    {"json", SALESPLAN_FORMAT_JSON},
                    {"csv", SALESPLAN_FORMAT_CSV},
                    {"svg", SALESPLAN_FORMAT_SVG},
                    {"markdown", SALESPLAN_FORMAT_MARKDOWN}};
/* The first entries are the names listed in messages; later ones are aliases. */
#define FORMAT_LISTED 4u

/* "a, b or c" into buf (names that do not fit are left out). */
static void join_names(char *buf, size_t size, const char *const *names, size_t n)
{
    size_t used = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        const char *sep = i == 0 ? "" : i + 1 == n ? " or " : ", ";
        size_t need = strlen(sep) + strlen(names[i]);
        if (used + need + 1 > size)
            break;
        strcat(buf, sep);
        strcat(buf, names[i]);
        used += need;
    }
}

int cli_parse_format(const char *s, unsigned allowed, salesplan_format *out)
{
    for (size_t i = 0; i < sizeof format_names / sizeof format_names[0]; i++)
        if ((allowed & CLI_FORMAT_BIT(format_names[i].format)) &&
            strcmp(s, format_names[i].name) == 0) {
            *out = format_names[i].format;
            return 0;
        }
    /* "md, json or svg": the allowed names in a fixed order. */
    const char *names[FORMAT_LISTED];
    size_t n = 0;
    for (size_t i = 0; i < FORMAT_LISTED; i++)
        if (allowed & CLI_FORMAT_BIT(format_names[i].format))
            names[n++] = format_names[i].name;
    char list[64];
    join_names(list, sizeof list, names, n);
    cli_errorf("--format must be %s, found '%s'", list, s);
    return -1;
}

int cli_parse_count(const char *opt, const char *s, unsigned long long lo, unsigned long long hi,
                    unsigned long long *out)
{
    char *end = NULL;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    /* strtoull skips spaces and accepts a sign: refuse both. */
    if (s[0] < '0' || s[0] > '9' || end == s || *end != '\0' || errno == ERANGE || v < lo ||
        v > hi) {
        cli_errorf("--%s must be a whole number in %llu..%llu, found '%s'", opt, lo, hi, s);
        return -1;
    }
    *out = v;
    return 0;
}

int cli_parse_threads(const char *s, unsigned max, unsigned *out)
{
    unsigned long long v = 0;
    if (cli_parse_count("threads", s, 0, max, &v) != 0)
        return -1;
    *out = (unsigned)v;
    return 0;
}

int cli_parse_real_open(const char *opt, const char *s, double lo, double hi, double *out)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    /* strtod skips leading spaces: refuse them as the count parser does. */
    if (end == s || isspace((unsigned char)s[0]) || *end != '\0' || errno == ERANGE || !isfinite(v) || !(v > lo && v < hi)) {
        cli_errorf("--%s must be a number between %g and %g (exclusive), found '%s'", opt, lo,
                   hi, s);
        return -1;
    }
    *out = v;
    return 0;
}

int cli_parse_choice(const char *opt, const char *s, const char *const *names, int *out)
{
    size_t n = 0;
    for (; names[n] != NULL; n++)
        if (strcmp(s, names[n]) == 0) {
            *out = (int)n;
            return 0;
        }
    char list[128];
    join_names(list, sizeof list, names, n);
    cli_errorf("--%s must be %s, found '%s'", opt, list, s);
    return -1;
}

/* Library option names whose flag is not the name with '-' for '_'. */
static const struct {
    const char *option, *flag;
} option_flags[] = {{"id_column", "--id"},         {"stage_column", "--stage"},
                    {"created_column", "--created"}, {"closed_column", "--closed"},
                    {"amount_column", "--amount"}, {"date_column", "--date"},
                    {"join_key", "--join FILE:KEY"}, {"rep_column", "--rep"},
                    {"type_column", "--type"}, {"owner_column", "--owner"},
                    {"deal_column", "--deal"}, {"account_column", "--account"},
                    {"deals_id_column", "--deals-id"}, {"deals_stage_column", "--deals-stage"},
                    {"deals_created_column", "--deals-created"},
                    {"deals_closed_column", "--deals-closed"},
                    {"deals_date_column", "--deals-date"},
                    {"deals_owner_column", "--deals-owner"},
                    {"deals_account_column", "--deals-account"}};

void cli_option_words(char *dst, size_t size, const char *msg)
{
    static const char open[] = "option `";
    size_t w = 0;
    if (size == 0)
        return;
    while (*msg && w + 1 < size) {
        const char *end;
        if (strncmp(msg, open, sizeof open - 1) == 0 &&
            (end = strchr(msg + sizeof open - 1, '`')) != NULL) {
            const char *name = msg + sizeof open - 1;
            size_t n = (size_t)(end - name);
            char flag[64] = "--";
            size_t k = 2;
            for (size_t i = 0; i < sizeof option_flags / sizeof option_flags[0]; i++)
                if (strlen(option_flags[i].option) == n &&
                    strncmp(option_flags[i].option, name, n) == 0) {
                    snprintf(flag, sizeof flag, "%s", option_flags[i].flag);
                    k = strlen(flag);
                    break;
                }
            if (k == 2)
                for (size_t i = 0; i < n && k + 1 < sizeof flag; i++)
                    flag[k++] = name[i] == '_' ? '-' : name[i];
            flag[k] = '\0';
            for (size_t i = 0; i < k && w + 1 < size; i++)
                dst[w++] = flag[i];
            msg = end + 1;
            continue;
        }
        dst[w++] = *msg++;
    }
    dst[w] = '\0';
}

int cli_parse_delimiter(const char *s, char *out)
{
    if (strcmp(s, "\\t") == 0 || strcmp(s, "tab") == 0)
        *out = '\t';
    else if (strlen(s) == 1 && s[0] != '"' && s[0] != '\n' && s[0] != '\r')
        *out = s[0];
    else {
        cli_errorf("--delimiter must be one character or 'tab', found '%s'", s);
        return -1;
    }
    return 0;
}

int cli_parse_date_order(const char *s, int *out)
{
    static const char *const orders[] = {"mdy", "dmy", "auto", NULL};
    int i = 0;
    if (cli_parse_choice("date-order", s, orders, &i) != 0)
        return -1;
    *out = i == 0 ? SALESPLAN_DATE_MDY : i == 1 ? SALESPLAN_DATE_DMY : SALESPLAN_DATE_AUTO;
    return 0;
}

int cli_parse_sim_option(int c, const char *arg, unsigned long long min_trials,
                         unsigned long long *trials, unsigned long long *seed, unsigned *threads)
{
    unsigned long long v;
    switch (c) {
    case 'n':
        if (cli_parse_count("trials", arg, min_trials, SALESPLAN_SIMULATE_MAX_TRIALS, &v) != 0)
            return -1;
        *trials = v;
        return 1;
    case 's':
        if (cli_parse_count("seed", arg, 0, 18446744073709551615ULL, &v) != 0)
            return -1;
        *seed = v;
        return 1;
    case 'j':
        if (cli_parse_count("threads", arg, 0, SALESPLAN_SIMULATE_MAX_THREADS, &v) != 0)
            return -1;
        *threads = (unsigned)v;
        return 1;
    default: return 0;
    }
}
