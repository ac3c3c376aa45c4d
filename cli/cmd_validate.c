/* salesplan validate: list every problem of a plan file, one per line. */
#include <getopt.h>
#include <stdio.h>

#include "common/alloc.h"
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
    char *buf = NULL;
    size_t len = 0;
    salesplan_error err;
    int rc = cli_read_input(path, &buf, &len, &err);
    if (rc != SALESPLAN_OK) {
        cli_print_problem(path, &err);
        return cli_exit_code(rc);
    }
    salesplan_diagnostics *diags = NULL;
    rc = salesplan_plan_validate_buffer(buf, len, &diags);
    salesplan_free(buf);
    if (diags == NULL) {
        cli_errorf("%s", salesplan_strerror(rc));
        return cli_exit_code(rc);
    }
    size_t n = salesplan_diagnostics_count(diags);
    if (!quiet)
        for (size_t i = 0; i < n; i++)
            cli_print_problem(path, salesplan_diagnostics_get(diags, i));
    salesplan_diagnostics_free(diags);
    if (rc == SALESPLAN_OK && !quiet)
        fprintf(stderr, "%s: valid plan\n", path);
    return cli_exit_code(rc);
}
