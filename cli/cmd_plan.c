/* salesplan plan: compute a plan file and print the result as a written
 * plan (Markdown), the result document (JSON) or a CRM table (CSV). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

#define PLAN_FORMATS                                                                        \
    (CLI_FORMAT_BIT(SALESPLAN_FORMAT_MARKDOWN) | CLI_FORMAT_BIT(SALESPLAN_FORMAT_JSON) |     \
     CLI_FORMAT_BIT(SALESPLAN_FORMAT_CSV) | CLI_FORMAT_BIT(SALESPLAN_FORMAT_SVG))

static void plan_usage(FILE *f)
{
    fprintf(f,
            "Usage: salesplan plan [FILE] [--format md|json|csv|svg]\n"
            "                      [--confidence Q | --expected] [-o OUT]\n\n"
            "Compute a plan file and print the sales plan it implies: the funnel volumes,\n"
            "daily activities per rep, quota by rep and month, 30/60/90-day targets,\n"
            "capacity and hiring, metrics. FILE '-' reads standard input; with no FILE\n"
            "the built-in example plan is used (see 'salesplan example').\n\n"
            "  -f, --format FMT    md (a written plan, the default), json (the result\n"
            "                      document, docs/result-format.md), csv (one row per\n"
            "                      rep, docs/csv-output.md) or svg (charts: funnel, quota\n"
            "                      by month, capacity; docs/charts.md)\n"
            "  -c, --confidence Q  size the funnel to reach the deals needed with\n"
            "                      probability Q, 0 < Q < 1 (overrides the plan's)\n"
            "  -e, --expected      use expected values even if the plan sets a confidence\n"
            "  -o, --output OUT    write to OUT (atomically: nothing is left on failure)\n"
            "  -h, --help          show this help\n\n"
            "Exit status: 0 ok, 64 usage, 65 invalid plan, 66 FILE cannot be read,\n"
            "74 output cannot be written.\n");
}

int cli_cmd_plan(int argc, char **argv)
{
    static const struct option longopts[] = {{"format", required_argument, NULL, 'f'},
                                              {"confidence", required_argument, NULL, 'c'},
                                              {"expected", no_argument, NULL, 'e'},
                                              {"output", required_argument, NULL, 'o'},
                                              {"help", no_argument, NULL, 'h'},
                                              {0, 0, 0, 0}};
    salesplan_format format = CLI_FORMAT_DEFAULT;
    salesplan_compute_options opts = SALESPLAN_COMPUTE_OPTIONS_INIT;
    const char *out = NULL;
    int c, expected = 0, confident = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:c:eo:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (cli_parse_format(optarg, PLAN_FORMATS, &format) != 0)
                return CLI_EX_USAGE;
            break;
        case 'c':
            if (cli_parse_real_open("confidence", optarg, 0.0, 1.0, &opts.confidence) != 0)
                return CLI_EX_USAGE;
            confident = 1;
            break;
        case 'e': expected = 1; break;
        case 'o': out = optarg; break;
        case 'h': plan_usage(stdout); return CLI_EX_OK;
        default: plan_usage(stderr); return CLI_EX_USAGE;
        }
    }
    if (expected && confident) {
        cli_errorf("--expected and --confidence exclude each other");
        return CLI_EX_USAGE;
    }
    if (argc - optind > 1) {
        cli_errorf("plan takes at most one FILE");
        plan_usage(stderr);
        return CLI_EX_USAGE;
    }
    opts.mode = confident ? SALESPLAN_MODE_CONFIDENCE
                : expected ? SALESPLAN_MODE_EXPECTED
                           : SALESPLAN_MODE_PLAN;
    const char *path = optind < argc ? argv[optind] : NULL;
    salesplan_plan *plan = NULL;
    int ex = cli_load_plan(path, "using", 0, &plan);
    if (ex != CLI_EX_OK)
        return ex;

    salesplan_error err;
    salesplan_result *res = NULL;
    int rc = salesplan_compute(&res, plan, &opts, &err);
    salesplan_plan_free(plan);
    if (rc != SALESPLAN_OK) {
        cli_print_problem(path ? path : "example", &err);
        return cli_exit_code(rc);
    }
    for (size_t i = 0, n = salesplan_result_warning_count(res); i < n; i++) {
        const salesplan_warning *w = salesplan_result_warning(res, i);
        if (w && w->path && w->path[0])
            fprintf(stderr, "salesplan: warning: %s: %s\n", w->path, w->message);
        else if (w)
            fprintf(stderr, "salesplan: warning: %s\n", w->message);
    }
    char *text = NULL;
    size_t len = 0;
    rc = salesplan_result_render(&text, &len, res, format, &err);
    salesplan_result_free(res);
    if (rc != SALESPLAN_OK) {
        cli_errorf("%s", err.message);
        return cli_exit_code(rc);
    }
    ex = cli_write_output(out, text, len);
    salesplan_free(text);
    return ex;
}
