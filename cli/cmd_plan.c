/* salesplan plan: compute a plan file and print the result as a written
 * plan (Markdown), the result document (JSON) or a CRM table (CSV). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

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

static int parse_format(const char *s, salesplan_format *out)
{
    static const struct {
        const char *name;
        salesplan_format fmt;
    } names[] = {{"md", SALESPLAN_FORMAT_MARKDOWN}, {"markdown", SALESPLAN_FORMAT_MARKDOWN},
                 {"json", SALESPLAN_FORMAT_JSON},   {"csv", SALESPLAN_FORMAT_CSV},
                 {"svg", SALESPLAN_FORMAT_SVG}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(s, names[i].name) == 0) {
            *out = names[i].fmt;
            return 0;
        }
    return -1;
}

static int parse_confidence(const char *s, double *q)
{
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (end == s || *end != '\0' || errno != 0 || !(v > 0.0 && v < 1.0))
        return -1;
    *q = v;
    return 0;
}

/* Read and load the plan; the built-in example when path is NULL. */
static int load(const char *path, salesplan_plan **plan)
{
    salesplan_error err;
    int rc;
    if (path == NULL) {
        fprintf(stderr, "salesplan: no plan file given: using the built-in example plan "
                        "('salesplan example' prints it)\n");
        rc = salesplan_example_plan(plan);
        if (rc != SALESPLAN_OK)
            cli_errorf("cannot load the example plan: %s", salesplan_strerror(rc));
        return rc;
    }
    char *buf = NULL;
    size_t len = 0;
    rc = cli_read_input(path, &buf, &len, &err);
    if (rc != SALESPLAN_OK) {
        cli_print_problem(path, &err);
        return rc;
    }
    rc = salesplan_plan_load_buffer(plan, buf, len, &err);
    salesplan_free(buf);
    if (rc != SALESPLAN_OK)
        cli_print_problem(path, &err);
    return rc;
}

int cli_cmd_plan(int argc, char **argv)
{
    static const struct option longopts[] = {{"format", required_argument, NULL, 'f'},
                                              {"confidence", required_argument, NULL, 'c'},
                                              {"expected", no_argument, NULL, 'e'},
                                              {"output", required_argument, NULL, 'o'},
                                              {"help", no_argument, NULL, 'h'},
                                              {0, 0, 0, 0}};
    salesplan_format format = SALESPLAN_FORMAT_MARKDOWN;
    salesplan_compute_options opts = SALESPLAN_COMPUTE_OPTIONS_INIT;
    const char *out = NULL;
    int c, expected = 0, confident = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:c:eo:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'f':
            if (parse_format(optarg, &format) != 0) {
                cli_errorf("unknown format '%s': md, json, csv or svg", optarg);
                return CLI_EX_USAGE;
            }
            break;
        case 'c':
            if (parse_confidence(optarg, &opts.confidence) != 0) {
                cli_errorf("--confidence needs a number between 0 and 1 (exclusive), not '%s'",
                           optarg);
                return CLI_EX_USAGE;
            }
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
    int rc = load(path, &plan);
    if (rc != SALESPLAN_OK)
        return cli_exit_code(rc);

    salesplan_error err;
    salesplan_result *res = NULL;
    rc = salesplan_compute(&res, plan, &opts, &err);
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
    rc = salesplan_result_render(res, format, &text, &len, &err);
    salesplan_result_free(res);
    if (rc != SALESPLAN_OK) {
        cli_errorf("%s", err.message);
        return cli_exit_code(rc);
    }
    int ex = cli_write_output(out, text, len);
    salesplan_free(text);
    return ex;
}
