/* salesplan: the command-line face of libsalesplan. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
    int patches; /* reads a plan: takes --patch FILE (repeatable) */
};

static const struct command commands[] = {
    {"example", cli_cmd_example, "print the built-in example plan file", 0},
    {"validate", cli_cmd_validate, "check a plan file and list every problem", 0},
    {"plan", cli_cmd_plan, "compute a plan: funnel, activities, quotas, hiring (md, json, csv)", 1},
    {"simulate", cli_cmd_simulate, "Monte Carlo of the period: chance of reaching the target", 1},
    {"estimate", cli_cmd_estimate, "estimate funnel rates from a CRM export (CSV)", 0},
    {"activities", cli_cmd_activities, "what each activity yields, from an activity log and deals", 0},
    {"track", cli_cmd_track, "track the period from actuals and re-plan the remaining days", 1},
    {"compare", cli_cmd_compare, "put plans or patched scenarios side by side (md, json, csv)", 0},
    {"sensitivity", cli_cmd_sensitivity, "which lever matters most: one at a time (tornado)", 1},
};

static void usage(FILE *f)
{
    fprintf(f, "Usage: salesplan COMMAND [OPTIONS] [ARGS]\n"
               "       salesplan --help | --version\n\n"
               "Turn a revenue goal into a complete, checkable sales plan.\n\nCommands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\nRun 'salesplan COMMAND --help' for a command's options. Every command that\n"
               "reads a plan (plan, simulate, track, sensitivity) also takes --patch FILE,\n"
               "repeatable: a JSON Merge Patch (RFC 7386) applied to the plan, in order.\n"
               "Exit status: 0 ok, 64 usage, 65 bad input data, 66 missing input,\n"
               "70 internal error, 74 I/O error.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return CLI_EX_USAGE;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        usage(stdout);
        return CLI_EX_OK;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        printf("salesplan %s (library %s)\n", SALESPLAN_VERSION, salesplan_version());
        return CLI_EX_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(cmd, commands[i].name) == 0) {
            int n = argc - 1;
            if (commands[i].patches) {
                int ex = cli_take_patches(&n, argv + 1);
                if (ex != CLI_EX_OK)
                    return ex;
            }
            return commands[i].run(n, argv + 1);
        }
    cli_errorf("unknown command '%s'; try 'salesplan --help'", cmd);
    return CLI_EX_USAGE;
}
