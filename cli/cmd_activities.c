/* salesplan activities: what each activity yields, from an activity log and a
 * deals export (SPEC §12). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define MAX_LIST 64
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
            "Output:\n"
            "  -f, --format json|md the yields as JSON (the default) or Markdown\n"
            "      --emit-activities  the plan's activities list with measured per_entry\n"
            "                       (JSON ready to paste into the plan; needs --plan)\n"
            "  -o, --output OUT     write to OUT atomically instead of standard output\n"
            "  -h, --help           show this help\n\n"
            "Exit status: 0 ok (warnings on stderr), 64 usage, 65 bad data, 66 missing\n"
            "input, 74 I/O error.\n");
}

enum {
    O_DEALS = 'd',
    O_PLAN = 'p',
    O_MAP = 'm',
    O_WINDOW = 'w',
    O_FROM = 256,
    O_TO,
    O_DATE,
    O_TYPE,
    O_OWNER,
    O_DEAL,
    O_ACCOUNT,
    O_DID,
    O_DSTAGE,
    O_DCREATED,
    O_DCLOSED,
    O_DDATE,
    O_DOWNER,
    O_DACCOUNT,
    O_DSHAPE,
    O_WON,
    O_LOST,
    O_DATE_ORDER,
    O_DELIM,
    O_EMIT
};

typedef struct args {
    const char *deals, *plan, *out;
    salesplan_format format;
    int emit;
    char *map_text[MAX_LIST];
    const char *map_type[MAX_LIST], *map_act[MAX_LIST];
    size_t nmap;
    const char *won[MAX_LIST], *lost[MAX_LIST];
    size_t nwon, nlost;
} args;

static int push(const char **list, size_t *n, const char *s, const char *opt)
{
    if (*n >= MAX_LIST) {
        cli_errorf("too many --%s (at most %d)", opt, MAX_LIST);
        return -1;
    }
    list[(*n)++] = s;
    return 0;
}

/* 0 ok, 1 help, -1 unknown option (getopt said which), -2 a refused value. */
static int parse(int argc, char **argv, salesplan_activities_options *o, args *a)
{
    static const struct option longs[] = {
        {"deals", required_argument, NULL, O_DEALS},
        {"plan", required_argument, NULL, O_PLAN},
        {"map", required_argument, NULL, O_MAP},
        {"window-days", required_argument, NULL, O_WINDOW},
        {"from", required_argument, NULL, O_FROM},
        {"to", required_argument, NULL, O_TO},
        {"date", required_argument, NULL, O_DATE},
        {"type", required_argument, NULL, O_TYPE},
        {"owner", required_argument, NULL, O_OWNER},
        {"deal", required_argument, NULL, O_DEAL},
        {"account", required_argument, NULL, O_ACCOUNT},
        {"deals-id", required_argument, NULL, O_DID},
        {"deals-stage", required_argument, NULL, O_DSTAGE},
        {"deals-created", required_argument, NULL, O_DCREATED},
        {"deals-closed", required_argument, NULL, O_DCLOSED},
        {"deals-date", required_argument, NULL, O_DDATE},
        {"deals-owner", required_argument, NULL, O_DOWNER},
        {"deals-account", required_argument, NULL, O_DACCOUNT},
        {"deals-shape", required_argument, NULL, O_DSHAPE},
        {"won", required_argument, NULL, O_WON},
        {"lost", required_argument, NULL, O_LOST},
        {"date-order", required_argument, NULL, O_DATE_ORDER},
        {"delimiter", required_argument, NULL, O_DELIM},
        {"format", required_argument, NULL, 'f'},
        {"emit-activities", no_argument, NULL, O_EMIT},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "d:p:m:w:f:o:h", longs, NULL)) != -1) {
        switch (c) {
        case O_DEALS: a->deals = optarg; break;
        case O_PLAN: a->plan = optarg; break;
        case O_MAP: {
            char *l;
            const char *r;
            if (a->nmap >= MAX_LIST) {
                cli_errorf("too many --map (at most %d)", MAX_LIST);
                return -2;
            }
            if (cli_split_pair("map", optarg, &l, &r) != 0)
                return -2;
            a->map_text[a->nmap] = l;
            a->map_type[a->nmap] = l;
            a->map_act[a->nmap++] = r;
            break;
        }
        case O_WINDOW: {
            unsigned long long v = 0;
            if (cli_parse_count("window-days", optarg, 0, 36600, &v) != 0)
                return -2;
            o->window_days = (long)v;
            break;
        }
        case O_FROM: o->from = optarg; break;
        case O_TO: o->to = optarg; break;
        case O_DATE: o->date_column = optarg; break;
        case O_TYPE: o->type_column = optarg; break;
        case O_OWNER: o->owner_column = optarg; break;
        case O_DEAL: o->deal_column = optarg; break;
        case O_ACCOUNT: o->account_column = optarg; break;
        case O_DID: o->deals_id_column = optarg; break;
        case O_DSTAGE: o->deals_stage_column = optarg; break;
        case O_DCREATED: o->deals_created_column = optarg; break;
        case O_DCLOSED: o->deals_closed_column = optarg; break;
        case O_DDATE: o->deals_date_column = optarg; break;
        case O_DOWNER: o->deals_owner_column = optarg; break;
        case O_DACCOUNT: o->deals_account_column = optarg; break;
        case O_DSHAPE: {
            static const char *const shapes[] = {"auto", "snapshot", "transitions", NULL};
            int i = 0;
            if (cli_parse_choice("deals-shape", optarg, shapes, &i) != 0)
                return -2;
            o->deals_shape = i;
            break;
        }
        case O_WON:
            if (push(a->won, &a->nwon, optarg, "won") != 0)
                return -2;
            break;
        case O_LOST:
            if (push(a->lost, &a->nlost, optarg, "lost") != 0)
                return -2;
            break;
        case O_DATE_ORDER:
            if (cli_parse_date_order(optarg, &o->date_order) != 0)
                return -2;
            break;
        case O_DELIM:
            if (cli_parse_delimiter(optarg, &o->delimiter) != 0)
                return -2;
            break;
        case 'f':
            if (cli_parse_format(optarg, ACT_FORMATS, &a->format) != 0)
                return -2;
            break;
        case O_EMIT: a->emit = 1; break;
        case 'o': a->out = optarg; break;
        case 'h': return 1;
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
    salesplan_status rc = salesplan_activities_fd(&r, lfd, dfd, o, &err);
    if (lfd != STDIN_FILENO)
        close(lfd);
    if (dfd != STDIN_FILENO)
        close(dfd);
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
        o.map_types = a.nmap ? a.map_type : NULL;
        o.map_activities = a.nmap ? a.map_act : NULL;
        o.map_count = a.nmap;
        o.won_names = a.nwon ? a.won : NULL;
        o.won_count = a.nwon;
        o.lost_names = a.nlost ? a.lost : NULL;
        o.lost_count = a.nlost;
        ex = run(argv[optind], &o, &a);
    }
    for (size_t i = 0; i < a.nmap; i++)
        free(a.map_text[i]);
    return ex;
}
