/* salesplan estimate: funnel rates from a CRM export (SPEC §7, §10). */
#include <getopt.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define ESTIMATE_FORMATS                                                                    \
    (CLI_FORMAT_BIT(SALESPLAN_FORMAT_JSON) | CLI_FORMAT_BIT(SALESPLAN_FORMAT_MARKDOWN))

static void estimate_usage(FILE *f)
{
    fprintf(f,
            "Usage: salesplan estimate CSV [OPTIONS]\n\n"
            "Estimate win rate, deal sizes, cycle days and stage conversions from a CRM\n"
            "export (CSV with a header row; '-' reads standard input), and a funnel that a\n"
            "plan file can take. See docs/estimate.md.\n\n"
            "Shape and columns (names from the header; detected when not given):\n"
            "  --shape snapshot|transitions  one row per deal (default) or per stage entry\n"
            "  --id COL         deal id (transitions)\n"
            "  --stage COL      stage (current stage for a snapshot)\n"
            "  --created COL    created date (snapshot)\n"
            "  --closed COL     closed date (snapshot)\n"
            "  --amount COL     amount\n"
            "  --date COL       date the stage was entered (transitions)\n"
            "  --group COL      also report per value of COL (repeatable)\n"
            "  --join FILE:KEY  look group columns up in FILE by KEY (e.g. a team table);\n"
            "                   repeatable: a column comes from the first table that has it\n"
            "  --rep COL        rep diagnostics: every rep (value of COL) against the rest\n"
            "                   of the team, per stage (Fisher's exact test, Benjamini-\n"
            "                   Hochberg q-values, flags, empirical-Bayes rates)\n"
            "  --rep-min-n N    decided deals a rep needs in a stage to be tested (default 20)\n"
            "  --rep-q Q        flag a rep when its q-value is at most Q, 0 < Q < 1\n"
            "                   (default 0.10)\n\n"
            "Stages and values:\n"
            "  --won NAME       a stage meaning won (repeatable; default won, closed won)\n"
            "  --lost NAME      a stage meaning lost (repeatable; default lost, closed lost)\n"
            "  --stages A,B,C   stage order, first to last open stage (transitions)\n"
            "  --date-order mdy|dmy|auto  how to read dates with slashes (default auto: a\n"
            "                   first number above 12 means D/M, else M/D with a warning)\n"
            "  --delimiter C    field separator (default: sniffed from the header among\n"
            "                   , ; tab |)\n"
            "  --decimal-comma  amounts use a decimal comma (1.054,00); by default a value\n"
            "                   with a comma is read so and others with a point\n"
            "  --allow-skips    accept an input with more than half of its rows malformed\n"
            "                   (otherwise exit 65 with a summary)\n"
            "  --strict         fail on the first malformed row instead of skipping it\n"
            "  --max-reported N malformed rows reported by line (default 20)\n"
            "  -j, --threads N  read a large file (16 MiB or more, not --strict) in up to N\n"
            "                   parts of 8 MiB or more on as many threads, 0..64 (default 0:\n"
            "                   one thread); the figures do not change\n\n"
            "Output:\n"
            "  -f, --format json|md  the estimate as JSON (the default) or Markdown\n"
            "  --emit-funnel    print only the funnel fragment: the value of a plan's \"funnel\"\n"
            "  --plan FILE      print FILE (a plan; '-' for standard input) fitted to the\n"
            "                   estimate: transitions set the stages of the same name, a\n"
            "                   snapshot rescales the stages from the opportunity stage so\n"
            "                   that they give the win rate; exit 65 if it would not validate\n"
            "  --map-stage CRM=PLAN  the export's stage CRM is the plan's stage PLAN\n"
            "                   (repeatable)\n"
            "  -o, --output OUT write to OUT atomically instead of standard output\n"
            "  -h, --help       show this help\n\n"
            "Exit status: 0 ok (malformed rows are skipped and reported on stderr),\n"
            "64 usage, 65 bad data, 66 missing input, 74 I/O error.\n");
}

struct lists {
    cli_names won, lost, groups, stages;
    char *stage_text; /* owned copy split in place */
    cli_pairs joins, map;
};

static int split_stages(struct lists *l, const char *arg)
{
    free(l->stage_text);
    l->stages.n = 0;
    l->stage_text = malloc(strlen(arg) + 1);
    if (l->stage_text == NULL) {
        cli_errorf("out of memory");
        return -1;
    }
    strcpy(l->stage_text, arg);
    for (char *p = l->stage_text;;) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        while (*p == ' ')
            p++;
        size_t n = strlen(p);
        while (n > 0 && p[n - 1] == ' ')
            p[--n] = '\0';
        if (*p == '\0') {
            cli_errorf("--stages: an empty stage name in '%s'", arg);
            return -1;
        }
        if (cli_push_name(&l->stages, p, "stages") != 0)
            return -1;
        if (!comma)
            break;
        p = comma + 1;
    }
    return 0;
}

static void report_skipped(const char *path, const salesplan_estimate *e)
{
    const salesplan_estimate_info *in = salesplan_estimate_info_get(e);
    if (in->skipped == 0)
        return;
    cli_errorf("%s: %lld malformed row(s) skipped (of %lld)", path, in->skipped, in->rows);
    size_t n = salesplan_estimate_problem_count(e);
    for (size_t i = 0; i < n; i++) {
        const salesplan_estimate_problem *p = salesplan_estimate_problem_get(e, i);
        fprintf(stderr, "%s:%lld: %s\n", path, p->line, p->message);
    }
    if ((long long)n < in->skipped)
        fprintf(stderr, "%s: ... and %lld more\n", path, in->skipped - (long long)n);
}

static void report_columns(const char *path, const salesplan_estimate *e)
{
    const salesplan_estimate_info *in = salesplan_estimate_info_get(e);
    if (in->shape == SALESPLAN_SHAPE_SNAPSHOT) {
        if (in->created_column == NULL || in->closed_column == NULL)
            cli_errorf("%s: no %s column found (--%s): cycle days are null", path,
                       in->created_column ? "closed" : "created",
                       in->created_column ? "closed" : "created");
    }
    if (in->amount_column == NULL)
        cli_errorf("%s: no amount column found (--amount): won amounts are null", path);
    for (size_t i = 0; i < salesplan_estimate_warning_count(e); i++) {
        char words[2 * SALESPLAN_ERROR_MESSAGE_SIZE];
        cli_option_words(words, sizeof words, salesplan_estimate_warning(e, i));
        cli_errorf("%s: %s", path, words);
    }
    if (in->join_unmatched > 0)
        cli_errorf("%s: %lld row(s) have no match in the joined table (in no group of its "
                   "columns)",
                   path, in->join_unmatched);
}

/* The plan after a change must still validate; prints why not. Exit code. */
static int check_plan(const char *plan_path, const salesplan_plan *p)
{
    salesplan_diagnostics *d = NULL;
    int rc = salesplan_plan_check(&d, p);
    for (size_t i = 0; i < salesplan_diagnostics_count(d); i++)
        cli_print_problem(plan_path, salesplan_diagnostics_get(d, i));
    salesplan_diagnostics_free(d);
    if (rc == SALESPLAN_EPLAN)
        cli_errorf("%s: the plan would not validate with this estimate: not written",
                   plan_path);
    return rc == SALESPLAN_EPLAN ? CLI_EX_DATAERR : cli_exit_code(rc);
}

/* The plan file `plan_path` fitted to the estimate; returns an exit code. */
static int output_plan(const char *plan_path, const salesplan_estimate *e,
                       const struct lists *l, char **text, size_t *len)
{
    salesplan_plan *p = NULL;
    int ex = cli_load_plan(plan_path, NULL, 0, &p);
    if (ex != CLI_EX_OK)
        return ex;
    salesplan_error err;
    int rc = salesplan_plan_apply_estimate_mapped(p, e, l->map.left, l->map.right, l->map.n,
                                                    &err);
    if (rc != SALESPLAN_OK) {
        cli_print_problem(plan_path, &err);
        salesplan_plan_free(p);
        return cli_exit_code(rc);
    }
    ex = check_plan(plan_path, p);
    if (ex == CLI_EX_OK) {
        rc = salesplan_plan_to_json(text, len, p, &err);
        if (rc != SALESPLAN_OK)
            cli_print_problem(plan_path, &err);
        ex = cli_exit_code(rc);
    }
    salesplan_plan_free(p);
    return ex;
}

static int run_estimate(const char *path, const salesplan_estimate_options *o,
                        const struct lists *l, salesplan_format format,
                        int emit_funnel, const char *plan_path, const char *out_path)
{
    salesplan_estimate *e = NULL;
    salesplan_error err;
    salesplan_status rc = strcmp(path, "-") == 0
                              ? salesplan_estimate_fd(&e, STDIN_FILENO, "-", o, &err)
                              : salesplan_estimate_file(&e, path, o, &err);
    if (rc != SALESPLAN_OK) {
        cli_print_problem(path, &err);
        return cli_exit_code(rc);
    }
    report_columns(path, e);
    report_skipped(path, e);
    char *text = NULL;
    size_t len = 0;
    int ex = CLI_EX_OK;
    if (plan_path) {
        ex = output_plan(plan_path, e, l, &text, &len);
    } else {
        if (emit_funnel)
            rc = salesplan_estimate_funnel_json(&text, &len, e, &err);
        else
            rc = salesplan_estimate_render(&text, &len, e, format, &err);
        if (rc != SALESPLAN_OK)
            cli_errorf("%s", err.message);
        ex = cli_exit_code(rc);
    }
    salesplan_estimate_free(e);
    if (ex != CLI_EX_OK)
        return ex;
    ex = cli_write_output(out_path, text, len);
    salesplan_free(text);
    return ex;
}

static const cli_column_flag estimate_columns[] = {
    {"id", offsetof(salesplan_estimate_options, id_column)},
    {"stage", offsetof(salesplan_estimate_options, stage_column)},
    {"created", offsetof(salesplan_estimate_options, created_column)},
    {"closed", offsetof(salesplan_estimate_options, closed_column)},
    {"amount", offsetof(salesplan_estimate_options, amount_column)},
    {"date", offsetof(salesplan_estimate_options, date_column)},
    {"rep", offsetof(salesplan_estimate_options, rep_column)}};

static int parse_options(int argc, char **argv, salesplan_estimate_options *o, struct lists *l,
                         salesplan_format *format, int *emit_funnel, const char **plan_path,
                         const char **out_path)
{
    enum { O_SHAPE = 256, O_GROUP, O_JOIN, O_STAGES, O_EMIT, O_PLAN, O_MAP_STAGE, O_REP_MIN_N,
           O_REP_Q };
    static const struct option own[] = {
        {"shape", required_argument, NULL, O_SHAPE},
        {"group", required_argument, NULL, O_GROUP},
        {"join", required_argument, NULL, O_JOIN},
        {"rep-min-n", required_argument, NULL, O_REP_MIN_N},
        {"rep-q", required_argument, NULL, O_REP_Q},
        {"stages", required_argument, NULL, O_STAGES},
        {"map-stage", required_argument, NULL, O_MAP_STAGE},
        {"threads", required_argument, NULL, 'j'},
        {"format", required_argument, NULL, 'f'},
        {"emit-funnel", no_argument, NULL, O_EMIT},
        {"plan", required_argument, NULL, O_PLAN},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0}};
    const cli_csv_fields csv = {&l->won,
                                &l->lost,
                                &o->date_order,
                                &o->delimiter,
                                &o->decimal_comma,
                                &o->allow_skips,
                                &o->strict,
                                &o->max_reported,
                                estimate_columns,
                                sizeof estimate_columns / sizeof estimate_columns[0],
                                o};
    int c;
    optind = 1;
    while ((c = cli_csv_getopt(argc, argv, "f:o:j:h", own, &csv)) != -1) {
        switch (c) {
        case O_SHAPE: {
            static const char *const shapes[] = {"snapshot", "transitions", NULL};
            int i = 0;
            if (cli_parse_choice("shape", optarg, shapes, &i) != 0)
                return -2;
            o->shape = i == 0 ? SALESPLAN_SHAPE_SNAPSHOT : SALESPLAN_SHAPE_TRANSITIONS;
            break;
        }
        case O_GROUP:
            if (cli_push_name(&l->groups, optarg, "--group columns") != 0)
                return -2;
            break;
        case O_JOIN:
            if (cli_push_pair(&l->joins, "join", "FILE:KEY", ':', 1, "--join tables", optarg) != 0)
                return -2;
            break;
        case O_STAGES:
            if (split_stages(l, optarg) != 0)
                return -2;
            break;
        case O_REP_MIN_N: {
            unsigned long long v = 0;
            if (cli_parse_count("rep-min-n", optarg, 1, 1000000000ull, &v) != 0)
                return -2;
            o->rep_min_n = (size_t)v;
            break;
        }
        case O_REP_Q:
            if (cli_parse_real_open("rep-q", optarg, 0.0, 1.0, &o->rep_q) != 0)
                return -2;
            break;
        case O_MAP_STAGE:
            if (cli_push_pair(&l->map, "map-stage", "CRM=PLAN", '=', 0, "--map-stage", optarg) !=
                0)
                return -2;
            break;
        case 'j':
            if (cli_parse_threads(optarg, SALESPLAN_ESTIMATE_MAX_THREADS, &o->threads) != 0)
                return -2;
            break;
        case 'f':
            if (cli_parse_format(optarg, ESTIMATE_FORMATS, format) != 0)
                return -2;
            break;
        case O_EMIT: *emit_funnel = 1; break;
        case O_PLAN: *plan_path = optarg; break;
        case 'o': *out_path = optarg; break;
        case 'h': return 1;
        case CLI_OPT_REFUSED: return -2;
        default: return -1;
        }
    }
    return 0;
}

int cli_cmd_estimate(int argc, char **argv)
{
    salesplan_estimate_options o = SALESPLAN_ESTIMATE_OPTIONS_INIT;
    struct lists l;
    memset(&l, 0, sizeof l);
    salesplan_format format = CLI_FORMAT_DEFAULT_ESTIMATE;
    int emit_funnel = 0, ex;
    const char *plan_path = NULL, *out_path = NULL;
    int prc = parse_options(argc, argv, &o, &l, &format, &emit_funnel, &plan_path, &out_path);
    if (prc > 0) {
        estimate_usage(stdout);
        ex = CLI_EX_OK;
    } else if (prc == -1) {
        estimate_usage(stderr); /* an unknown option: getopt said which */
        ex = CLI_EX_USAGE;
    } else if (prc < 0) {
        ex = CLI_EX_USAGE; /* a refused value: its message is printed */
    } else if (argc - optind != 1) {
        cli_errorf("estimate needs exactly one CSV file (or '-')");
        estimate_usage(stderr);
        ex = CLI_EX_USAGE;
    } else if (emit_funnel && plan_path) {
        cli_errorf("--emit-funnel and --plan cannot be used together");
        ex = CLI_EX_USAGE;
    } else if (plan_path && strcmp(plan_path, "-") == 0 && strcmp(argv[optind], "-") == 0) {
        cli_errorf("the CSV and --plan cannot both be standard input ('-')");
        ex = CLI_EX_USAGE;
    } else {
        CLI_NAMES_INTO(l.won, o.won_names, o.won_count);
        CLI_NAMES_INTO(l.lost, o.lost_names, o.lost_count);
        CLI_NAMES_INTO(l.groups, o.group_columns, o.group_count);
        CLI_NAMES_INTO(l.stages, o.stages, o.stage_count);
        if (l.joins.n > 0) {
            o.join_path = l.joins.left[0];
            o.join_key = l.joins.right[0];
            o.join_paths = l.joins.left + 1;
            o.join_keys = l.joins.right + 1;
            o.join_count = l.joins.n - 1;
        }
        ex = run_estimate(argv[optind], &o, &l, format, emit_funnel, plan_path, out_path);
    }
    free(l.stage_text);
    cli_pairs_free(&l.joins);
    cli_pairs_free(&l.map);
    return ex;
}
