/* salesplan validate: list every problem of a plan file, one per line. */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"

static void validate_usage(FILE *f)
{
    fprintf(f, "Usage: salesplan validate FILE\n\n"
               "Check a plan file against every rule of the plan format and print each\n"
               "problem as FILE:LINE:COL: PATH: message. FILE may be '-' for standard input.\n"
               "Exit status 0 when the plan is valid, 65 when it is not, 66 when FILE\n"
               "cannot be read.\n\n"
               "  -q, --quiet  print nothing, only set the exit status\n"
               "  -h, --help   show this help\n");
}

int cli_cmd_validate(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"quiet", no_argument, NULL, 'q'}, {"help", no_argument, NULL, 'h'}, {0, 0, 0, 0}};
    int quiet = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'q': quiet = 1; break;
        case 'h': validate_usage(stdout); return CLI_EX_OK;
        default: validate_usage(stderr); return CLI_EX_USAGE;
        }
    }
    if (argc - optind != 1) {
        cli_errorf("validate needs exactly one FILE (or '-')");
        validate_usage(stderr);
        return CLI_EX_USAGE;
    }
    const char *path = argv[optind];
    salesplan_plan *plan = NULL;
    int ex = cli_load_plan(path, NULL, quiet, &plan);
    salesplan_plan_free(plan);
    if (ex == CLI_EX_OK && !quiet)
        fprintf(stderr, "%s: valid plan\n", path);
    return ex;
}
