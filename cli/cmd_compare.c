/* salesplan compare: the headline figures of several plans, or of a base
 * plan and its patched scenarios, side by side (SPEC §13). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define COMPARE_FORMATS                                                                     \
    (CLI_FORMAT_BIT(SALESPLAN_FORMAT_MARKDOWN) | CLI_FORMAT_BIT(SALESPLAN_FORMAT_JSON) |     \
     CLI_FORMAT_BIT(SALESPLAN_FORMAT_CSV))

static void compare_usage(FILE *f)
{
    fprintf(f,
            "Usage: salesplan compare A.json B.json [...] [options]\n"
            "       salesplan compare [BASE.json] --patch P1.json [--patch P2.json ...] [options]\n\n"
            "Put the headline figures of plans side by side, each with its difference to\n"
            "the first: deals needed, entries per stage, activities per rep per workday,\n"
            "quota, capacity, hires, metrics, and with --trials the chance of reaching the\n"
            "target (and at the team's capacity), simulated with the same seed for every\n"
            "plan. With one plan (or none: the built-in example) and patches, the\n"
            "scenarios are the plan itself and the plan with each patch applied alone.\n\n"
            "  -p, --patch P     a scenario: the base plan with this JSON Merge Patch\n"
            "  -n, --trials N    simulate each plan with N trials (default 0: no P(hit))\n"
            "  -s, --seed S      seed of every simulation (default 1)\n"
            "  -j, --threads N   threads per simulation, 0 = one per CPU (default 0)\n"
            "  -f, --format F    md (default), json or csv\n"
            "  -o, --output OUT  write to OUT (atomically)\n"
            "  -h, --help        show this help\n\n"
            "Exit status: 0 ok, 64 usage, 65 invalid plan, 66 FILE missing, 74 I/O error.\n");
}

int cli_cmd_compare(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"patch", required_argument, NULL, 'p'},  {"trials", required_argument, NULL, 'n'},
        {"seed", required_argument, NULL, 's'},   {"threads", required_argument, NULL, 'j'},
        {"format", required_argument, NULL, 'f'}, {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},         {0, 0, 0, 0}};
    salesplan_scenario_options opts = SALESPLAN_SCENARIO_OPTIONS_INIT;
    salesplan_format format = CLI_FORMAT_DEFAULT;
    const char *out = NULL;
    const char **patches = calloc((size_t)argc + 1, sizeof *patches);
    size_t np = 0;
    int c;
    if (patches == NULL) {
        cli_errorf("out of memory");
        return CLI_EX_SOFTWARE;
    }
    optind = 1;
    int ex = CLI_EX_OK;
    while (ex == CLI_EX_OK && (c = getopt_long(argc, argv, "p:n:s:j:f:o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'p': patches[np++] = optarg; break;
        case 'n':
        case 's':
        case 'j':
            if (cli_parse_sim_option(c, optarg, 0, &opts.trials, &opts.seed, &opts.threads) < 0)
                ex = CLI_EX_USAGE;
            break;
        case 'f':
            if (cli_parse_format(optarg, COMPARE_FORMATS, &format) != 0)
                ex = CLI_EX_USAGE;
            break;
        case 'o': out = optarg; break;
        case 'h': compare_usage(stdout); free(patches); return CLI_EX_OK;
        default: compare_usage(stderr); ex = CLI_EX_USAGE; break;
        }
    }
    size_t nfiles = (size_t)(argc - optind);
    if (ex == CLI_EX_OK && nfiles > 1 && np > 0) {
        cli_errorf("give either several plans or one base plan with --patch, not both");
        ex = CLI_EX_USAGE;
    }
    if (ex == CLI_EX_OK && np == 0 && nfiles < 2) {
        cli_errorf("compare needs at least two plans, or a base plan and a --patch");
        compare_usage(stderr);
        ex = CLI_EX_USAGE;
    }
    if (ex != CLI_EX_OK) {
        free(patches);
        return ex;
    }
    size_t n = np > 0 ? np + 1 : nfiles;
    salesplan_plan **plans = calloc(n, sizeof *plans);
    char **labels = calloc(n, sizeof *labels);
    if (plans == NULL || labels == NULL)
        ex = CLI_EX_SOFTWARE;
    const char *base = nfiles == 1 ? argv[optind] : NULL;
    for (size_t i = 0; i < n && ex == CLI_EX_OK; i++) {
        const char *file = np > 0 ? base : argv[optind + (int)i];
        const char *const *ps = np > 0 && i > 0 ? &patches[i - 1] : NULL;
        /* the note about the built-in example once ("" keeps it quiet) */
        ex = cli_load_plan_patched(file, i == 0 ? "comparing" : "", 0, ps, ps ? 1 : 0,
                                   &plans[i]);
        const char *name = file ? file : "example";
        size_t len = strlen(name) + (ps ? strlen(ps[0]) + 3 : 0) + 1;
        labels[i] = malloc(len);
        if (labels[i] == NULL) {
            ex = CLI_EX_SOFTWARE;
            break;
        }
        snprintf(labels[i], len, "%s%s%s", name, ps ? " + " : "", ps ? ps[0] : "");
    }
    char *text = NULL;
    size_t len = 0;
    if (ex == CLI_EX_OK) {
        salesplan_comparison *cmp = NULL;
        salesplan_error err;
        int rc = salesplan_compare(&cmp, (const salesplan_plan *const *)plans,
                                   (const char *const *)labels, n, &opts, &err);
        if (rc == SALESPLAN_OK)
            rc = salesplan_comparison_render(&text, &len, cmp, format, &err);
        if (rc != SALESPLAN_OK)
            cli_print_problem(NULL, &err);
        salesplan_comparison_free(cmp);
        ex = cli_exit_code(rc);
    }
    if (ex == CLI_EX_OK)
        ex = cli_write_output(out, text, len);
    salesplan_free(text);
    for (size_t i = 0; plans && i < n; i++)
        salesplan_plan_free(plans[i]);
    for (size_t i = 0; labels && i < n; i++)
        free(labels[i]);
    free(plans);
    free(labels);
    free(patches);
    return ex;
}
