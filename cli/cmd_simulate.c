/* salesplan simulate: Monte Carlo of a plan's outcome (SPEC §8, §10). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

#define SIMULATE_FORMATS                                                                    \
    (CLI_FORMAT_BIT(SALESPLAN_FORMAT_MARKDOWN) | CLI_FORMAT_BIT(SALESPLAN_FORMAT_JSON) |     \
     CLI_FORMAT_BIT(SALESPLAN_FORMAT_SVG))

static void simulate_usage(FILE *f)
{
    fprintf(f,
            "Usage: salesplan simulate [FILE] [--trials N] [--seed S] [--threads N]\n"
            "                          [--capacity] [--patch P.json]... [--format md|json|svg]\n"
            "                          [-o OUT]\n\n"
            "Run a Monte Carlo of the plan's period: the required entries and the open\n"
            "pipeline flow through the funnel with random conversions and deal sizes, and\n"
            "the report gives the chance of reaching the target (with its standard error)\n"
            "and the spread of revenue and deals won. Same seed and trials give the same\n"
            "output whatever the thread count. With no FILE the built-in example plan is\n"
            "used; '-' reads standard input.\n\n"
            "  -n, --trials N    number of trials, 1..100000000 (default 100000)\n"
            "  -s, --seed S      seed, 0..18446744073709551615 (default 1)\n"
            "  -j, --threads N   threads, 1..64, or 0 for one per CPU (default 0)\n"
            "  -c, --capacity    also run the trials at the team's capacity: no stage gets\n"
            "                    more new entries than its roles' time allows (SPEC 13),\n"
            "                    and report that chance beside the plan's\n"
            "      --patch P     apply a JSON Merge Patch to the plan first (repeatable)\n"
            "  -f, --format F    md (the default), json or svg (a revenue histogram)\n"
            "  -o, --output OUT  write to OUT (atomically) instead of standard output\n"
            "  -h, --help        show this help\n\n"
            "Exit status: 0 ok, 64 usage, 65 invalid plan, 66 FILE missing, 74 I/O error.\n");
}

int cli_cmd_simulate(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"trials", required_argument, NULL, 'n'}, {"seed", required_argument, NULL, 's'},
        {"threads", required_argument, NULL, 'j'}, {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'}, {"help", no_argument, NULL, 'h'},
        {"capacity", no_argument, NULL, 'c'}, {0, 0, 0, 0}};
    salesplan_simulate_options opts = SALESPLAN_SIMULATE_OPTIONS_INIT;
    salesplan_format format = CLI_FORMAT_DEFAULT;
    const char *out = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "n:s:j:f:o:hc", longopts, NULL)) != -1) {
        switch (c) {
        case 'n':
        case 's':
        case 'j':
            if (cli_parse_sim_option(c, optarg, 1, &opts.trials, &opts.seed, &opts.threads) < 0)
                return CLI_EX_USAGE;
            break;
        case 'f':
            if (cli_parse_format(optarg, SIMULATE_FORMATS, &format) != 0)
                return CLI_EX_USAGE;
            break;
        case 'o': out = optarg; break;
        case 'c': opts.capacity = 1; break;
        case 'h': simulate_usage(stdout); return CLI_EX_OK;
        default: simulate_usage(stderr); return CLI_EX_USAGE;
        }
    }
    if (argc - optind > 1) {
        cli_errorf("simulate takes at most one FILE");
        simulate_usage(stderr);
        return CLI_EX_USAGE;
    }
    const char *path = optind < argc ? argv[optind] : NULL;
    salesplan_plan *plan = NULL;
    int ex = cli_load_plan(path, "simulating", 0, &plan);
    if (ex != CLI_EX_OK)
        return ex;

    salesplan_simulation *sim = NULL;
    salesplan_error err;
    int rc = salesplan_simulate(&sim, plan, &opts, &err);
    salesplan_plan_free(plan);
    if (rc != SALESPLAN_OK) {
        cli_print_problem(path ? path : "example", &err);
        return cli_exit_code(rc);
    }
    char *text = NULL;
    size_t len = 0;
    rc = salesplan_simulation_render(&text, &len, sim, format, &err);
    salesplan_simulation_free(sim);
    if (rc != SALESPLAN_OK) {
        cli_errorf("%s", err.message);
        return cli_exit_code(rc);
    }
    ex = cli_write_output(out, text, len);
    salesplan_free(text);
    return ex;
}
