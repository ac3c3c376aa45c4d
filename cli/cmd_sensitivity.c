/* salesplan sensitivity: one lever at a time, the others at base, ranked by
 * the swing of an output (SPEC §13); svg draws the tornado. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

#define SENSITIVITY_FORMATS                                                                 \
    (CLI_FORMAT_BIT(SALESPLAN_FORMAT_MARKDOWN) | CLI_FORMAT_BIT(SALESPLAN_FORMAT_JSON) |     \
     CLI_FORMAT_BIT(SALESPLAN_FORMAT_SVG))

static void sensitivity_usage(FILE *f)
{
    fprintf(f,
            "Usage: salesplan sensitivity [FILE] [--step 0.1] [--rank-by OUTPUT]\n"
            "                             [--activity NAME] [--trials N] [--seed S]\n"
            "                             [--threads N] [--patch P.json]...\n"
            "                             [--format md|json|svg] [-o OUT]\n\n"
            "Move each lever of the plan alone by -STEP and +STEP (relative, clamped to\n"
            "its valid range; headcount by one rep) and show how the outputs respond,\n"
            "levers ranked by the swing of OUTPUT. Levers: each stage's conversion and\n"
            "days, average deal size, ramp, expected attainment, attrition, target,\n"
            "headcount of each role. Outputs: deals_needed, first_stage_entries,\n"
            "activity_per_rep_per_workday, hires_needed, capacity_gap, p_hit.\n"
            "With no FILE the built-in example plan is used.\n\n"
            "  -t, --step X      relative step, 0 < X < 1 (default 0.1)\n"
            "  -r, --rank-by O   the output that ranks the levers (default deals_needed)\n"
            "  -a, --activity A  the activity of activity_per_rep_per_workday (default:\n"
            "                    the plan's first)\n"
            "  -n, --trials N    trials per setting for p_hit, 0 for none (default 20000)\n"
            "  -s, --seed S      the seed of every setting (default 1)\n"
            "  -j, --threads N   threads per simulation, 0 = one per CPU (default 0)\n"
            "      --patch P     apply a JSON Merge Patch to the plan first (repeatable)\n"
            "  -f, --format F    md (default), json or svg (a tornado chart)\n"
            "  -o, --output OUT  write to OUT (atomically)\n"
            "  -h, --help        show this help\n\n"
            "Exit status: 0 ok, 64 usage, 65 invalid plan, 66 FILE missing, 74 I/O error.\n");
}

int cli_cmd_sensitivity(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"step", required_argument, NULL, 't'},    {"rank-by", required_argument, NULL, 'r'},
        {"activity", required_argument, NULL, 'a'}, {"trials", required_argument, NULL, 'n'},
        {"seed", required_argument, NULL, 's'},    {"threads", required_argument, NULL, 'j'},
        {"format", required_argument, NULL, 'f'},  {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},          {0, 0, 0, 0}};
    salesplan_scenario_options opts = SALESPLAN_SCENARIO_OPTIONS_INIT;
    opts.trials = 20000;
    salesplan_format format = CLI_FORMAT_DEFAULT;
    const char *out = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "t:r:a:n:s:j:f:o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 't':
            if (cli_parse_real_open("step", optarg, 0.0, 1.0, &opts.step) != 0)
                return CLI_EX_USAGE;
            break;
        case 'r': opts.rank_by = optarg; break;
        case 'a': opts.activity = optarg; break;
        case 'n':
        case 's':
        case 'j':
            if (cli_parse_sim_option(c, optarg, 0, &opts.trials, &opts.seed, &opts.threads) < 0)
                return CLI_EX_USAGE;
            break;
        case 'f':
            if (cli_parse_format(optarg, SENSITIVITY_FORMATS, &format) != 0)
                return CLI_EX_USAGE;
            break;
        case 'o': out = optarg; break;
        case 'h': sensitivity_usage(stdout); return CLI_EX_OK;
        default: sensitivity_usage(stderr); return CLI_EX_USAGE;
        }
    }
    if (argc - optind > 1) {
        cli_errorf("sensitivity takes at most one FILE");
        sensitivity_usage(stderr);
        return CLI_EX_USAGE;
    }
    const char *path = optind < argc ? argv[optind] : NULL;
    salesplan_plan *plan = NULL;
    int ex = cli_load_plan(path, "analysing", 0, &plan);
    if (ex != CLI_EX_OK)
        return ex;
    salesplan_sensitivity *s = NULL;
    salesplan_error err;
    int rc = salesplan_sensitivity_run(&s, plan, &opts, &err);
    salesplan_plan_free(plan);
    if (rc == SALESPLAN_EINVAL) { /* an option the plan cannot take: --rank-by, --activity */
        cli_errorf("%s", err.message);
        return CLI_EX_USAGE;
    }
    char *text = NULL;
    size_t len = 0;
    if (rc == SALESPLAN_OK)
        rc = salesplan_sensitivity_render(&text, &len, s, format, &err);
    salesplan_sensitivity_free(s);
    if (rc != SALESPLAN_OK) {
        cli_print_problem(path ? path : "example", &err);
        return cli_exit_code(rc);
    }
    ex = cli_write_output(out, text, len);
    salesplan_free(text);
    return ex;
}
