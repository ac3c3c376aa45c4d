/* The options of the commands that read CRM exports (estimate, activities):
 * stage names meaning won and lost, how the CSV is written (delimiter, date
 * order, decimal comma), how strict the reading is, and the column flags.
 * One table of getopt entries and one parser; each command says which of
 * them it takes by the fields it points to. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* getopt values of the shared options; a command's own values stay below. */
enum {
    O_WON = CLI_O_SHARED,
    O_LOST,
    O_DATE_ORDER,
    O_DELIMITER,
    O_DECIMAL_COMMA,
    O_ALLOW_SKIPS,
    O_STRICT,
    O_MAX_REPORTED
};

/* Largest --max-reported. */
#define MAX_REPORTED 1000000ULL

int cli_push_name(cli_names *l, const char *s, const char *what)
{
    if (l->n >= CLI_MAX_NAMES) {
        cli_errorf("too many %s (at most %d)", what, CLI_MAX_NAMES);
        return -1;
    }
    l->v[l->n++] = s;
    return 0;
}

int cli_push_pair(cli_pairs *p, const char *opt, const char *form, char sep, int at_last,
                  const char *what, const char *s)
{
    const char *cut = at_last ? strrchr(s, sep) : strchr(s, sep);
    if (cut == NULL || cut == s || cut[1] == '\0') {
        cli_errorf("--%s must be %s, found '%s'", opt, form, s);
        return -1;
    }
    if (p->n >= CLI_MAX_NAMES) {
        cli_errorf("too many %s (at most %d)", what, CLI_MAX_NAMES);
        return -1;
    }
    size_t n = strlen(s);
    char *t = malloc(n + 1);
    if (t == NULL) {
        cli_errorf("out of memory");
        return -1;
    }
    memcpy(t, s, n + 1);
    t[cut - s] = '\0';
    p->text[p->n] = t;
    p->left[p->n] = t;
    p->right[p->n++] = t + (cut - s) + 1;
    return 0;
}

void cli_pairs_free(cli_pairs *p)
{
    for (size_t i = 0; i < p->n; i++)
        free(p->text[i]);
    p->n = 0;
}

/* Append one getopt entry; -1 when the table is full (a bug of the caller). */
static int add(struct option *dst, size_t cap, size_t *n, const char *name, int has_arg, int val)
{
    if (*n + 1 >= cap)
        return -1;
    dst[*n].name = name;
    dst[*n].has_arg = has_arg;
    dst[*n].flag = NULL;
    dst[*n].val = val;
    (*n)++;
    return 0;
}

/* getopt_long's table: `own` (ended by a zero entry), then the shared options
 * of `f`. -1 when `cap` entries are too few. */
static int longopts(struct option *dst, size_t cap, const struct option *own,
                    const cli_csv_fields *f)
{
    size_t n = 0;
    int bad = 0;
    for (; own[n].name != NULL; n++)
        if (n + 1 >= cap)
            return -1;
        else
            dst[n] = own[n];
    const struct {
        const void *field;
        const char *name;
        int has_arg, val;
    } shared[] = {{f->won, "won", required_argument, O_WON},
                  {f->lost, "lost", required_argument, O_LOST},
                  {f->date_order, "date-order", required_argument, O_DATE_ORDER},
                  {f->delimiter, "delimiter", required_argument, O_DELIMITER},
                  {f->decimal_comma, "decimal-comma", no_argument, O_DECIMAL_COMMA},
                  {f->allow_skips, "allow-skips", no_argument, O_ALLOW_SKIPS},
                  {f->strict, "strict", no_argument, O_STRICT},
                  {f->max_reported, "max-reported", required_argument, O_MAX_REPORTED}};
    for (size_t i = 0; i < sizeof shared / sizeof shared[0]; i++)
        if (shared[i].field != NULL)
            bad |= add(dst, cap, &n, shared[i].name, shared[i].has_arg, shared[i].val);
    for (size_t i = 0; i < f->ncolumns; i++)
        bad |= add(dst, cap, &n, f->columns[i].name, required_argument, CLI_O_COLUMN + (int)i);
    if (bad)
        return -1;
    memset(&dst[n], 0, sizeof dst[n]);
    return 0;
}

/* 1 when `c` is one of the shared options of `f` and its value was stored,
 * -1 when the value was refused (printed), 0 when `c` is another option. */
static int parse(int c, const char *arg, const cli_csv_fields *f)
{
    unsigned long long v = 0;
    if (c >= CLI_O_COLUMN && (size_t)(c - CLI_O_COLUMN) < f->ncolumns) {
        const cli_column_flag *col = &f->columns[c - CLI_O_COLUMN];
        *(const char **)(void *)((char *)f->base + col->offset) = arg;
        return 1;
    }
    switch (c) {
    case O_WON: return cli_push_name(f->won, arg, "--won names") == 0 ? 1 : -1;
    case O_LOST: return cli_push_name(f->lost, arg, "--lost names") == 0 ? 1 : -1;
    case O_DATE_ORDER: return cli_parse_date_order(arg, f->date_order) == 0 ? 1 : -1;
    case O_DELIMITER: return cli_parse_delimiter(arg, f->delimiter) == 0 ? 1 : -1;
    case O_DECIMAL_COMMA: *f->decimal_comma = SALESPLAN_DECIMAL_COMMA; return 1;
    case O_ALLOW_SKIPS: *f->allow_skips = 1; return 1;
    case O_STRICT: *f->strict = 1; return 1;
    case O_MAX_REPORTED:
        if (cli_parse_count("max-reported", arg, 0, MAX_REPORTED, &v) != 0)
            return -1;
        *f->max_reported = (size_t)v;
        return 1;
    default: return 0;
    }
}

int cli_csv_getopt(int argc, char **argv, const char *shortopts, const struct option *own,
                   const cli_csv_fields *f)
{
    /* the table is built again at each call: getopt_long keeps its place in
     * argv, not in the table */
    struct option table[64];
    if (longopts(table, sizeof table / sizeof table[0], own, f) != 0) {
        cli_errorf("internal error: too many options");
        return CLI_OPT_REFUSED;
    }
    for (;;) {
        int c = getopt_long(argc, argv, shortopts, table, NULL);
        int done = c == -1 ? 0 : parse(c, optarg, f);
        if (done < 0)
            return CLI_OPT_REFUSED;
        if (done == 0)
            return c;
    }
}
