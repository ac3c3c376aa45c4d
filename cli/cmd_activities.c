/* salesplan activities: what each activity yields, from an activity log and a
 * deals export (SPEC §12). */
#include <getopt.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

#define ACT_FORMATS                                                                         \
    (CLI_FORMAT_BIT(SALESPLAN_FORMAT_JSON) | CLI_FORMAT_BIT(SALESPLAN_FORMAT_MARKDOWN))

static void act_usage(FILE *f)
{
    fprintf(f,
            "Usage: salesplan activities LOG.csv --deals DEALS.csv [OPTIONS]\n\n"
            "What each activity yields (SPEC §12): per activity type the activities done in\n"
            "the range, the entries into the stage it feeds, activities per entry and per\n"
            "won deal, the same per owner; how many are attributed to a deal, and the mean\n"
            "activities per won and per lost deal. LOG has one row per activity done (date,\n"
            "type, owner; optionally a deal id or an account); DEALS is a deals export\n"
            "(a snapshot or stage transitions, detected from its columns) with an owner\n"
            "column. See docs/estimate.md, \"Activity logs\".\n\n"
            "  -d, --deals CSV      the deals export (required)\n"
            "  -p, --plan FILE      a plan: its activities, the stages they feed, its funnel\n"
            "  -m, --map TYPE=ACT   the log's type TYPE is the plan's activity ACT\n"
            "                       (without a plan: reported under the name ACT); repeatable\n"
            "      --from DATE      first day of the range (default: the first day both\n"
            "      --to DATE        files cover); last day, inclusive (default: the last)\n"
            "  -w, --window-days N  an account's activity belongs to its deal created within\n"
            "                       N days after it (default 30)\n"
            "Columns (detected by header name when not given):\n"
            "      --date --type --owner --deal --account COL       of the activity log\n"
            "      --deals-id --deals-stage --deals-created --deals-closed --deals-date\n"
            "      --deals-owner --deals-account COL                of the deals file\n"
            "      --deals-shape auto|snapshot|transitions   (default auto)\n"
            "      --won NAME, --lost NAME  stage names meaning won / lost (repeatable)\n"
            "      --date-order mdy|dmy|auto  slash dates (default auto)\n"
            "      --delimiter C    field separator of both files (default: sniffed)\n"
            "  -j, --threads N      read a large log file (16 MiB or more) in up to N parts\n"
            "                       of 8 MiB or more on as many threads, 0..64 (default 0:\n"
            "                       one thread); the figures do not change\n"
            "Output:\n"
            "  -f, --format json|md the yields as JSON (the default) or Markdown\n"
            "      --emit-activities  the plan's activities list with measured per_entry\n"
            "                       (JSON ready to paste into the plan; needs --plan)\n"
            "  -o, --output OUT     write to OUT atomically instead of standard output\n"
            "  -h, --help           show this help\n\n"
            "Exit status: 0 ok (warnings on stderr), 64 usage, 65 bad data, 66 missing\n"
            "input, 74 I/O error.\n");
}

enum { O_DEALS = 'd', O_PLAN = 'p', O_MAP = 'm', O_WINDOW = 'w', O_FROM = 256, O_TO, O_DSHAPE,
       O_EMIT };

typedef struct args {
    const char *deals, *plan, *out;
    salesplan_format format;
    int emit;
    cli_pairs map;
    cli_names won, lost;
} args;

#define COLUMN(flag, member) {flag, offsetof(salesplan_activities_options, member)}
static const cli_column_flag act_columns[] = {
    COLUMN("date", date_column),
    COLUMN("type", type_column),
    COLUMN("owner", owner_column),
    COLUMN("deal", deal_column),
    COLUMN("account", account_column),
    COLUMN("deals-id", deals_id_column),
    COLUMN("deals-stage", deals_stage_column),
    COLUMN("deals-created", deals_created_column),
    COLUMN("deals-closed", deals_closed_column),
    COLUMN("deals-date", deals_date_column),
    COLUMN("deals-owner", deals_owner_column),
    COLUMN("deals-account", deals_account_column)};
#undef COLUMN

/* 0 ok, 1 help, -1 unknown option (getopt said which), -2 a refused value. */
static int parse(int argc, char **argv, salesplan_activities_options *o, args *a)
{
    static const struct option own[] = {
        {"deals", required_argument, NULL, O_DEALS},
        {"plan", required_argument, NULL, O_PLAN},
        {"map", required_argument, NULL, O_MAP},
        {"window-days", required_argument, NULL, O_WINDOW},
        {"from", required_argument, NULL, O_FROM},
        {"to", required_argument, NULL, O_TO},
        {"deals-shape", required_argument, NULL, O_DSHAPE},
        {"format", required_argument, NULL, 'f'},
        {"emit-activities", no_argument, NULL, O_EMIT},
        {"output", required_argument, NULL, 'o'},
        {"threads", required_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    /* the CSV options of estimate that apply to both files; no --decimal-comma,
     * --allow-skips, --strict or --max-reported */
    const cli_csv_fields csv = {&a->won,
                                &a->lost,
                                &o->date_order,
                                &o->delimiter,
                                NULL,
                                NULL,
                                NULL,
                                NULL,
                                act_columns,
                                sizeof act_columns / sizeof act_columns[0],
                                o};
    int c;
    optind = 1;
    while ((c = cli_csv_getopt(argc, argv, "d:p:m:w:f:o:j:h", own, &csv)) != -1) {
        switch (c) {
        case O_DEALS: a->deals = optarg; break;
        case O_PLAN: a->plan = optarg; break;
        case O_MAP:
            if (cli_push_pair(&a->map, "map", "A=B", '=', 0, "--map", optarg) != 0)
                return -2;
            break;
        case O_WINDOW: {
            unsigned long long v = 0;
            if (cli_parse_count("window-days", optarg, 0, 36600, &v) != 0)
                return -2;
            o->window_days = (long)v;
            break;
        }
        case O_FROM: o->from = optarg; break;
        case O_TO: o->to = optarg; break;
        case O_DSHAPE: {
            static const char *const shapes[] = {"auto", "snapshot", "transitions", NULL};
            int i = 0;
            if (cli_parse_choice("deals-shape", optarg, shapes, &i) != 0)
                return -2;
            o->deals_shape = i;
            break;
        }
        case 'f':
            if (cli_parse_format(optarg, ACT_FORMATS, &a->format) != 0)
                return -2;
            break;
        case O_EMIT: a->emit = 1; break;
        case 'j':
            if (cli_parse_threads(optarg, SALESPLAN_ACTIVITIES_MAX_THREADS, &o->threads) != 0)
                return -2;
            break;
        case 'o': a->out = optarg; break;
        case 'h': return 1;
        case CLI_OPT_REFUSED: return -2;
        default: return -1;
        }
    }
    return 0;
}

static void print_error(const salesplan_error *e, const char *log, const char *deals)
{
    char msg[sizeof e->message + 256];
    cli_option_words(msg, sizeof msg, e->message);
    const char *file = strcmp(e->path, "activities") == 0 ? log
                       : strcmp(e->path, "deals") == 0    ? deals
                                                          : NULL;
    if (file && e->line > 0)
        fprintf(stderr, "%s:%ld: %s\n", file, e->line, msg);
    else if (file)
        fprintf(stderr, "%s: %s\n", file, msg);
    else
        cli_errorf("%s", msg);
}

static int regular(int fd)
{
    struct stat st;
    return fd != STDIN_FILENO && fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
}

static int run(const char *log, salesplan_activities_options *o, const args *a)
{
    salesplan_plan *plan = NULL;
    int ex = CLI_EX_OK;
    if (a->plan) {
        ex = cli_load_plan(a->plan, "using", 0, &plan);
        if (ex != CLI_EX_OK)
            return ex;
        o->plan = plan;
    }
    int lfd = cli_open_input(log, &ex);
    if (lfd < 0) {
        salesplan_plan_free(plan);
        return ex;
    }
    int dfd = cli_open_input(a->deals, &ex);
    if (dfd < 0) {
        if (lfd != STDIN_FILENO)
            close(lfd);
        salesplan_plan_free(plan);
        return ex;
    }
    salesplan_activities *r = NULL;
    salesplan_error err = {0};
    salesplan_status rc;
    if (o->threads >= 2 && regular(lfd) && regular(dfd)) {
        /* threads read parts of a file by name: the library opens both again
         * (only regular files: a pipe's bytes would be gone) */
        close(lfd);
        close(dfd);
        rc = salesplan_activities_file(&r, log, a->deals, o, &err);
    } else {
        rc = salesplan_activities_fd(&r, lfd, dfd, o, &err);
        if (lfd != STDIN_FILENO)
            close(lfd);
        if (dfd != STDIN_FILENO)
            close(dfd);
    }
    if (rc != SALESPLAN_OK) {
        print_error(&err, log, a->deals);
        salesplan_plan_free(plan);
        return cli_exit_code(rc);
    }
    for (size_t i = 0; i < salesplan_activities_warning_count(r); i++) {
        char msg[1024];
        cli_option_words(msg, sizeof msg, salesplan_activities_warning(r, i));
        cli_errorf("warning: %s", msg);
    }
    char *text = NULL;
    size_t len = 0;
    rc = a->emit ? salesplan_activities_emit(&text, &len, r, &err)
                 : salesplan_activities_render(&text, &len, r, a->format, &err);
    if (rc == SALESPLAN_OK)
        ex = cli_write_output(a->out, text, len);
    else {
        print_error(&err, log, a->deals);
        ex = cli_exit_code(rc);
    }
    salesplan_free(text);
    salesplan_activities_free(r);
    salesplan_plan_free(plan);
    return ex;
}

int cli_cmd_activities(int argc, char **argv)
{
    salesplan_activities_options o = SALESPLAN_ACTIVITIES_OPTIONS_INIT;
    args a;
    memset(&a, 0, sizeof a);
    a.format = SALESPLAN_FORMAT_JSON;
    int ex, prc = parse(argc, argv, &o, &a);
    if (prc > 0) {
        act_usage(stdout);
        ex = CLI_EX_OK;
    } else if (prc == -1) {
        act_usage(stderr);
        ex = CLI_EX_USAGE;
    } else if (prc < 0) {
        ex = CLI_EX_USAGE;
    } else if (argc - optind != 1) {
        cli_errorf("activities needs exactly one activity log (CSV, or '-')");
        act_usage(stderr);
        ex = CLI_EX_USAGE;
    } else if (a.deals == NULL) {
        cli_errorf("activities needs the deals export (--deals CSV)");
        ex = CLI_EX_USAGE;
    } else if (a.emit && a.plan == NULL) {
        cli_errorf("--emit-activities needs --plan");
        ex = CLI_EX_USAGE;
    } else if (strcmp(argv[optind], "-") == 0 &&
               (strcmp(a.deals, "-") == 0 || (a.plan && strcmp(a.plan, "-") == 0))) {
        cli_errorf("only one input can be standard input ('-')");
        ex = CLI_EX_USAGE;
    } else {
        o.map_types = a.map.n ? a.map.left : NULL;
        o.map_activities = a.map.n ? a.map.right : NULL;
        o.map_count = a.map.n;
        CLI_NAMES_INTO(a.won, o.won_names, o.won_count);
        CLI_NAMES_INTO(a.lost, o.lost_names, o.lost_count);
        ex = run(argv[optind], &o, &a);
    }
    cli_pairs_free(&a.map);
    return ex;
}
