/* salesplan example: print the built-in example plan file. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void example_usage(FILE *f)
{
    fprintf(f, "Usage: salesplan example [-o OUT]\n\n"
               "Print the built-in example plan (a $250,000 new-business quarter) as a plan\n"
               "file, to start your own from.\n\n"
               "  -o, --output OUT  write to OUT (atomically) instead of standard output\n"
               "  -h, --help        show this help\n");
}

int cli_cmd_example(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'}, {"help", no_argument, NULL, 'h'}, {0, 0, 0, 0}};
    const char *out = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': out = optarg; break;
        case 'h': example_usage(stdout); return CLI_EX_OK;
        default: example_usage(stderr); return CLI_EX_USAGE;
        }
    }
    if (optind != argc) {
        cli_errorf("example takes no arguments");
        return CLI_EX_USAGE;
    }
    const char *text = salesplan_example_json();
    return cli_write_output(out, text, strlen(text));
}
