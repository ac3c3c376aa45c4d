/* salesplan simulate: Monte Carlo of a plan's outcome (SPEC §8, §10). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void simulate_usage(FILE *f)
{
    fprintf(f,
            "Usage: salesplan simulate [FILE] [--trials N] [--seed S] [--threads N]\n"
            "                          [--format json|md|svg] [-o OUT]\n\n"
            "Run a Monte Carlo of the plan's period: the required entries and the open\n"
            "pipeline flow through the funnel with random conversions and deal sizes, and\n"
            "the report gives the chance of reaching the target (with its standard error)\n"
            "and the spread of revenue and deals won. Same seed and trials give the same\n"
            "output whatever the thread count. With no FILE the built-in example plan is\n"
            "used; '-' reads standard input.\n\n"
            "  -n, --trials N    number of trials, 1..100000000 (default 100000)\n"
            "  -s, --seed S      seed, 0..18446744073709551615 (default 1)\n"
            "  -j, --threads N   threads, 1..64, or 0 for one per CPU (default 0)\n"
            "  -f, --format F    json, md or svg (a revenue histogram; default md)\n"
            "  -o, --output OUT  write to OUT (atomically) instead of standard output\n"
            "  -h, --help        show this help\n\n"
            "Exit status: 0 ok, 64 usage, 65 invalid plan, 66 FILE missing, 74 I/O error.\n");
}

/* A whole decimal number in [lo, hi]; no sign, no trailing characters. */
static int parse_count(const char *opt, const char *s, unsigned long long lo,
                       unsigned long long hi, unsigned long long *out)
{
    char *end = NULL;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (s[0] < '0' || s[0] > '9' || *end != '\0' || errno == ERANGE || v < lo || v > hi) {
        cli_errorf("--%s must be a whole number in %llu..%llu, found '%s'", opt, lo, hi, s);
        return -1;
    }
    *out = v;
    return 0;
}

static int load_plan(const char *path, salesplan_plan **plan)
{
    salesplan_error err;
    if (path == NULL) {
        fprintf(stderr, "salesplan: no plan file given; simulating the built-in example plan "
                        "(see 'salesplan example')\n");
        int rc = salesplan_example_plan(plan);
        if (rc != SALESPLAN_OK)
            cli_errorf("cannot load the example plan: %s", salesplan_strerror(rc));
        return rc;
    }
    char *buf = NULL;
    size_t len = 0;
    int rc = cli_read_input(path, &buf, &len, &err);
    if (rc == SALESPLAN_OK) {
        rc = salesplan_plan_load_buffer(plan, buf, len, &err);
        salesplan_free(buf);
    }
    if (rc != SALESPLAN_OK)
        cli_print_problem(path, &err);
    return rc;
}

int cli_cmd_simulate(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"trials", required_argument, NULL, 'n'}, {"seed", required_argument, NULL, 's'},
        {"threads", required_argument, NULL, 'j'}, {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'}, {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0}};
    salesplan_simulate_options opts = SALESPLAN_SIMULATE_OPTIONS_INIT;
    salesplan_format format = SALESPLAN_FORMAT_MARKDOWN;
    const char *out = NULL;
    unsigned long long v;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "n:s:j:f:o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'n':
            if (parse_count("trials", optarg, 1, SALESPLAN_SIMULATE_MAX_TRIALS, &v) != 0)
                return CLI_EX_USAGE;
            opts.trials = v;
            break;
        case 's':
            if (parse_count("seed", optarg, 0, 18446744073709551615ULL, &v) != 0)
                return CLI_EX_USAGE;
            opts.seed = v;
            break;
        case 'j':
            if (parse_count("threads", optarg, 0, SALESPLAN_SIMULATE_MAX_THREADS, &v) != 0)
                return CLI_EX_USAGE;
            opts.threads = (unsigned)v;
            break;
        case 'f':
            if (strcmp(optarg, "json") == 0) {
                format = SALESPLAN_FORMAT_JSON;
            } else if (strcmp(optarg, "md") == 0 || strcmp(optarg, "markdown") == 0) {
                format = SALESPLAN_FORMAT_MARKDOWN;
            } else if (strcmp(optarg, "svg") == 0) {
                format = SALESPLAN_FORMAT_SVG;
            } else {
                cli_errorf("--format must be json, md or svg, found '%s'", optarg);
                return CLI_EX_USAGE;
            }
            break;
        case 'o': out = optarg; break;
        case 'h': simulate_usage(stdout); return CLI_EX_OK;
        default: simulate_usage(stderr); return CLI_EX_USAGE;
        }
    }
    if (argc - optind > 1) {
        cli_errorf("simulate takes at most one FILE");
        simulate_usage(stderr);
        return CLI_EX_USAGE;
    }
    salesplan_plan *plan = NULL;
    int rc = load_plan(optind < argc ? argv[optind] : NULL, &plan);
    if (rc != SALESPLAN_OK)
        return cli_exit_code(rc);

    salesplan_simulation *sim = NULL;
    salesplan_error err;
    rc = salesplan_simulate(&sim, plan, &opts, &err);
    salesplan_plan_free(plan);
    if (rc != SALESPLAN_OK) {
        cli_print_problem(optind < argc ? argv[optind] : NULL, &err);
        return cli_exit_code(rc);
    }
    char *text = NULL;
    size_t len = 0;
    rc = salesplan_simulation_render(sim, format, &text, &len, &err);
    salesplan_simulation_free(sim);
    if (rc != SALESPLAN_OK) {
        cli_errorf("%s", err.message);
        return cli_exit_code(rc);
    }
    int ex = cli_write_output(out, text, len);
    salesplan_free(text);
    return ex;
}
