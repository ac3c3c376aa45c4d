/* salesplan track: where the period stands and what each rep does from
 * tomorrow (SPEC §11). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

#define TRACK_FORMATS                                                                       \
    (CLI_FORMAT_BIT(SALESPLAN_FORMAT_MARKDOWN) | CLI_FORMAT_BIT(SALESPLAN_FORMAT_JSON) |     \
     CLI_FORMAT_BIT(SALESPLAN_FORMAT_CSV) | CLI_FORMAT_BIT(SALESPLAN_FORMAT_SVG))

/* CSV exports may be large; the actuals document is at most 16 MiB. */
#define TRACK_MAX_READ ((size_t)1 << 30)

static void track_usage(FILE *f)
{
    fprintf(f,
            "Usage: salesplan track PLAN (--actuals FILE | --deals CSV [--activities CSV])\n"
            "                       [--as-of DATE] [--map-stage CRM=PLAN]... [--owner COL]\n"
            "                       [--won NAMES] [--lost NAMES] [--date-order mdy|dmy]\n"
            "                       [--format md|json|csv|svg] [-o OUT]\n\n"
            "Compare the period's actuals with the plan as of a day: booked, pace and\n"
            "status for the team and every rep, the chance that the open pipeline closes\n"
            "the gap, and the re-plan of the remaining days (what each rep does per day\n"
            "from tomorrow). Actuals come from an actuals document (JSON) or straight from\n"
            "CRM exports: a deals snapshot (won deals closed in the period up to the as-of\n"
            "day are bookings, open deals are pipeline) and an activity log.\n\n"
            "  -a, --actuals FILE     actuals document (JSON; '-' reads standard input)\n"
            "  -d, --deals CSV        deals snapshot with an owner column\n"
            "  -A, --activities CSV   activity log (date, type, owner)\n"
            "  -t, --as-of DATE       the day the actuals are as of (YYYY-MM-DD); overrides\n"
            "                         the document's; with CSV exports the default is today\n"
            "  -m, --map-stage C=P    CRM stage C is plan stage P (repeatable)\n"
            "      --owner COL        the owner column (default: detected)\n"
            "      --won NAMES        won stage names, comma-separated\n"
            "      --lost NAMES       lost stage names, comma-separated\n"
            "      --date-order ORD   mdy (default) or dmy for slash dates\n"
            "  -f, --format F         md (the default: a pacing review), json, csv (one row\n"
            "                         per rep with today's targets) or svg (a burn-up chart)\n"
            "  -o, --output OUT       write to OUT (atomically) instead of standard output\n"
            "  -h, --help             show this help\n\n"
            "Exit status: 0 ok, 64 usage, 65 invalid plan or actuals, 66 a file is missing,\n"
            "74 I/O error.\n");
}

/* Read all of `path` ("-": standard input). Returns an exit code. */
static int read_all(const char *path, char **out, size_t *len)
{
    int ex = CLI_EX_OK;
    int fd = cli_open_input(path, &ex);
    if (fd < 0)
        return ex;
    size_t cap = 65536, used = 0;
    char *buf = malloc(cap);
    ex = buf ? CLI_EX_OK : CLI_EX_SOFTWARE;
    while (ex == CLI_EX_OK) {
        if (used == cap) {
            char *bigger = cap >= TRACK_MAX_READ ? NULL : realloc(buf, cap * 2);
            if (!bigger) {
                cli_errorf("%s: too large (more than %zu bytes)", path, cap);
                ex = CLI_EX_DATAERR;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
        ssize_t k = read(fd, buf + used, cap - used);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            fprintf(stderr, "%s: %s\n", path, strerror(errno));
            ex = CLI_EX_IOERR;
        } else if (k == 0) {
            break;
        } else {
            used += (size_t)k;
        }
    }
    if (fd != STDIN_FILENO)
        close(fd);
    if (ex != CLI_EX_OK) {
        free(buf);
        return ex;
    }
    *out = buf;
    *len = used;
    return CLI_EX_OK;
}

/* The actuals document: every problem printed, exit 65 when any. */
static int load_document(const char *path, const salesplan_plan *plan, salesplan_actuals **out)
{
    char *buf = NULL;
    size_t len = 0;
    int ex = read_all(path, &buf, &len);
    if (ex != CLI_EX_OK)
        return ex;
    salesplan_diagnostics *d = NULL;
    salesplan_status rc = salesplan_actuals_validate_buffer(&d, plan, buf, len);
    if (rc == SALESPLAN_OK)
        rc = salesplan_actuals_load_buffer(out, plan, buf, len, NULL);
    for (size_t i = 0; i < salesplan_diagnostics_count(d); i++)
        cli_print_problem(path, salesplan_diagnostics_get(d, i));
    if (rc == SALESPLAN_ENOMEM)
        cli_errorf("out of memory reading %s", path);
    salesplan_diagnostics_free(d);
    free(buf);
    return cli_exit_code(rc);
}

typedef struct track_args {
    const char *actuals, *deals, *activities, *as_of, *out;
    salesplan_actuals_csv_options csv;
    char *stage_map; /* joined --map-stage values */
    salesplan_format format;
} track_args;

static int add_map(track_args *a, const char *v)
{
    if (!strchr(v, '=') || v[0] == '=' || strchr(v, '=')[1] == '\0') {
        cli_errorf("--map-stage must be CRM=PLAN, found '%s'", v);
        return -1;
    }
    size_t old = a->stage_map ? strlen(a->stage_map) : 0, n = strlen(v);
    char *m = realloc(a->stage_map, old + n + 2);
    if (!m)
        return -1;
    if (old)
        m[old++] = '\n';
    memcpy(m + old, v, n + 1);
    a->stage_map = m;
    return 0;
}

static int parse_args(int argc, char **argv, track_args *a)
{
    enum { OPT_OWNER = 256, OPT_WON, OPT_LOST, OPT_ORDER };
    static const struct option longopts[] = {
        {"actuals", required_argument, NULL, 'a'}, {"deals", required_argument, NULL, 'd'},
        {"activities", required_argument, NULL, 'A'}, {"as-of", required_argument, NULL, 't'},
        {"map-stage", required_argument, NULL, 'm'}, {"owner", required_argument, NULL, OPT_OWNER},
        {"won", required_argument, NULL, OPT_WON}, {"lost", required_argument, NULL, OPT_LOST},
        {"date-order", required_argument, NULL, OPT_ORDER},
        {"format", required_argument, NULL, 'f'}, {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'}, {0, 0, 0, 0}};
    static const char *const orders[] = {"mdy", "dmy", NULL};
    int c, order;
    optind = 1;
    while ((c = getopt_long(argc, argv, "a:d:A:t:m:f:o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'a': a->actuals = optarg; break;
        case 'd': a->deals = optarg; break;
        case 'A': a->activities = optarg; break;
        case 't': a->as_of = optarg; break;
        case 'm':
            if (add_map(a, optarg) != 0)
                return CLI_EX_USAGE;
            break;
        case OPT_OWNER: a->csv.owner_column = optarg; break;
        case OPT_WON: a->csv.won = optarg; break;
        case OPT_LOST: a->csv.lost = optarg; break;
        case OPT_ORDER:
            if (cli_parse_choice("date-order", optarg, orders, &order) != 0)
                return CLI_EX_USAGE;
            a->csv.dmy = order;
            break;
        case 'f':
            if (cli_parse_format(optarg, TRACK_FORMATS, &a->format) != 0)
                return CLI_EX_USAGE;
            break;
        case 'o': a->out = optarg; break;
        case 'h': track_usage(stdout); return -1;
        default: track_usage(stderr); return CLI_EX_USAGE;
        }
    }
    if (argc - optind != 1) {
        cli_errorf("track takes exactly one PLAN file");
        track_usage(stderr);
        return CLI_EX_USAGE;
    }
    if (!a->actuals == !a->deals) {
        cli_errorf("give the actuals either as --actuals FILE or as --deals CSV");
        track_usage(stderr);
        return CLI_EX_USAGE;
    }
    if (a->activities && !a->deals) {
        cli_errorf("--activities goes with --deals (an actuals document lists its activities)");
        return CLI_EX_USAGE;
    }
    return CLI_EX_OK;
}

/* Actuals from the CRM exports. */
static int load_csv(track_args *a, const salesplan_plan *plan, salesplan_actuals **out)
{
    char today[11];
    if (!a->as_of) {
        time_t now = time(NULL);
        struct tm tm;
        if (localtime_r(&now, &tm) == NULL || strftime(today, sizeof today, "%Y-%m-%d", &tm) == 0)
            return CLI_EX_SOFTWARE;
        a->as_of = today;
    }
    char *deals = NULL, *acts = NULL;
    size_t dlen = 0, alen = 0;
    int ex = read_all(a->deals, &deals, &dlen);
    if (ex == CLI_EX_OK && a->activities)
        ex = read_all(a->activities, &acts, &alen);
    if (ex == CLI_EX_OK) {
        salesplan_error err;
        a->csv.as_of = a->as_of;
        a->csv.stage_map = a->stage_map;
        salesplan_status rc =
            salesplan_actuals_from_csv(out, plan, deals, dlen, acts, alen, &a->csv, &err);
        if (rc != SALESPLAN_OK) {
            /* the error's path says which input it is about */
            const char *file = strcmp(err.path, "as_of") == 0       ? "--as-of"
                               : strcmp(err.path, "stage_map") == 0 ? "--map-stage"
                               : strcmp(err.path, "activities") == 0 ? a->activities
                                                                     : a->deals;
            if (strcmp(err.path, "deals") == 0 || strcmp(err.path, "activities") == 0)
                err.path[0] = '\0';
            cli_print_problem(file, &err);
            ex = cli_exit_code(rc);
        }
    }
    free(deals);
    free(acts);
    return ex;
}

int cli_cmd_track(int argc, char **argv)
{
    track_args a;
    memset(&a, 0, sizeof a);
    salesplan_actuals_csv_options d = SALESPLAN_ACTUALS_CSV_OPTIONS_INIT;
    a.csv = d;
    a.format = CLI_FORMAT_DEFAULT;
    int ex = parse_args(argc, argv, &a);
    if (ex != CLI_EX_OK) {
        free(a.stage_map);
        return ex < 0 ? CLI_EX_OK : ex;
    }
    const char *path = argv[optind];
    salesplan_plan *plan = NULL;
    salesplan_actuals *act = NULL;
    salesplan_tracking *t = NULL;
    char *text = NULL;
    size_t len = 0;
    salesplan_error err;
    ex = cli_load_plan(path, "tracking", 0, &plan);
    if (ex == CLI_EX_OK)
        ex = a.actuals ? load_document(a.actuals, plan, &act) : load_csv(&a, plan, &act);
    if (ex == CLI_EX_OK && a.actuals && a.as_of &&
        salesplan_actuals_set_as_of(act, a.as_of, &err) != SALESPLAN_OK) {
        cli_print_problem("--as-of", &err);
        ex = CLI_EX_DATAERR;
    }
    if (ex == CLI_EX_OK) {
        salesplan_status rc = salesplan_track(&t, plan, act, NULL, &err);
        if (rc != SALESPLAN_OK) {
            cli_print_problem(path, &err);
            ex = cli_exit_code(rc);
        }
    }
    if (ex == CLI_EX_OK) {
        salesplan_status rc = salesplan_tracking_render(&text, &len, t, a.format, &err);
        if (rc != SALESPLAN_OK) {
            cli_errorf("%s", err.message);
            ex = cli_exit_code(rc);
        }
    }
    if (ex == CLI_EX_OK)
        ex = cli_write_output(a.out, text, len);
    salesplan_free(text);
    salesplan_tracking_free(t);
    salesplan_actuals_free(act);
    salesplan_plan_free(plan);
    free(a.stage_map);
    return ex;
}
