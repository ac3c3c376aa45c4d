/* Shared pieces of the salesplan command-line tool. */
#ifndef SALESPLAN_CLI_H
#define SALESPLAN_CLI_H

#include <stddef.h>

#include "salesplan.h"

/* sysexits.h values, spelled out so the tool does not depend on that header. */
enum {
    CLI_EX_OK = 0,
    CLI_EX_USAGE = 64,
    CLI_EX_DATAERR = 65,
    CLI_EX_NOINPUT = 66,
    CLI_EX_SOFTWARE = 70,
    CLI_EX_IOERR = 74
};

/* Largest input file the tool reads whole (plans): 16 MiB. */
#define CLI_MAX_INPUT ((size_t)16 * 1024 * 1024)

/* Map a library status to an exit code. */
int cli_exit_code(int status);
/* Print "salesplan: <message>" to stderr. */
void cli_errorf(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
/* Print a problem as "FILE:LINE:COL: PATH: message" (parts omitted when unknown). */
void cli_print_problem(const char *file, const salesplan_error *e);
/* Read a whole input: a file name, or "-" for standard input. */
int cli_read_input(const char *path, char **buf, size_t *len, salesplan_error *err);
/* Write a result: to standard output when path is NULL or "-", else atomically
 * to the file. Returns an exit code. */
int cli_write_output(const char *path, const char *data, size_t len);

/* Subcommands: each returns an exit code. */
int cli_cmd_example(int argc, char **argv);
int cli_cmd_validate(int argc, char **argv);
int cli_cmd_plan(int argc, char **argv);
int cli_cmd_simulate(int argc, char **argv);
int cli_cmd_estimate(int argc, char **argv);

#endif
