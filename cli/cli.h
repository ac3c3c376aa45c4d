/* Shared pieces of the salesplan command-line tool. The tool uses only the
 * public API (<salesplan.h>); everything every subcommand needs (the plan
 * loader, the option parsers, the output writer, the error printers) lives
 * here once. */
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

/* ---- reporting (report.c) ------------------------------------------------ */
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

/* ---- option values (options.c) ------------------------------------------- */
/* Each parser prints "salesplan: --OPT must be ..., found 'TEXT'" and returns
 * -1 when the value is refused, 0 otherwise. `opt` is the long option name
 * without its dashes. */

/* Bit of a salesplan_format in a set of allowed formats. */
#define CLI_FORMAT_BIT(f) (1u << (unsigned)(f))
/* Without --format, plan and simulate write Markdown (a report for people);
 * estimate writes JSON (a document for plan files and programs). */
#define CLI_FORMAT_DEFAULT SALESPLAN_FORMAT_MARKDOWN
#define CLI_FORMAT_DEFAULT_ESTIMATE SALESPLAN_FORMAT_JSON
/* The format names, for every subcommand: md (or markdown), json, csv, svg;
 * `allowed` is a set of CLI_FORMAT_BIT()s. */
int cli_parse_format(const char *s, unsigned allowed, salesplan_format *out);
/* A whole decimal number in [lo, hi]: digits only (no sign, no spaces), no
 * trailing characters, no overflow. */
int cli_parse_count(const char *opt, const char *s, unsigned long long lo, unsigned long long hi,
                    unsigned long long *out);
/* A finite decimal number strictly between lo and hi: no trailing
 * characters, no overflow, no NaN or infinity. */
int cli_parse_real_open(const char *opt, const char *s, double lo, double hi, double *out);
/* The simulation options every command that simulates shares: -n/--trials
 * (at least min_trials), -s/--seed, -j/--threads. Returns 1 when `c` is one
 * of them and its value was stored, -1 when the value was refused (printed),
 * 0 when `c` is another option. */
int cli_parse_sim_option(int c, const char *arg, unsigned long long min_trials,
                         unsigned long long *trials, unsigned long long *seed, unsigned *threads);
/* A library message in the tool's words: every "option `name`" becomes the
 * flag (--name, '_' as '-'; stage_column as --stage ...). */
void cli_option_words(char *dst, size_t size, const char *msg);
/* One of `names` (NULL-terminated); *out receives its index. */
int cli_parse_choice(const char *opt, const char *s, const char *const *names, int *out);
/* --delimiter: one character (not a quote or a line end) or "tab" / "\\t". */
int cli_parse_delimiter(const char *s, char *out);
/* --date-order: mdy, dmy or auto, as a salesplan_date_order. */
int cli_parse_date_order(const char *s, int *out);
/* A=B: *left is a malloc'ed copy of the whole value cut at '=' (free it),
 * *right points after the '=' inside it. */
int cli_split_pair(const char *opt, const char *s, char **left, const char **right);

/* ---- input and output (input.c, output.c) -------------------------------- */
/* Load a plan from a file, or from standard input when path is "-", and
 * print every problem as FILE:LINE:COL: PATH: message (not when `quiet`;
 * a file that cannot be opened is always reported). With path NULL the
 * built-in example is used and a note "no plan file given: <what> the
 * built-in example plan" goes to stderr. Returns an exit code; *plan is NULL
 * unless it is CLI_EX_OK. */
int cli_load_plan(const char *path, const char *what, int quiet, salesplan_plan **plan);
/* The same with the given JSON Merge Patch files applied in order (`what`
 * "" loads the example without the note)
 * (salesplan_plan_load_patched); a problem a patch holds is printed with the
 * patch's file name and position. cli_load_plan applies the --patch files
 * that cli_take_patches took from the command line. */
int cli_load_plan_patched(const char *path, const char *what, int quiet,
                          const char *const *patch_paths, size_t npatches, salesplan_plan **plan);
/* Take every "--patch FILE" / "--patch=FILE" (before a "--") out of argv,
 * keeping the order, for cli_load_plan. Returns an exit code. */
int cli_take_patches(int *argc, char **argv);
/* Open an input file for reading ("-": standard input, which is not to be
 * closed). Prints "FILE: reason" and returns -1 with the exit code in *ex
 * when the file cannot be opened or is a directory. */
int cli_open_input(const char *path, int *ex);
/* Write a result: to standard output when path is NULL or "-", else
 * atomically to the file (a temporary file in the same directory, fsync,
 * rename; nothing is left behind on failure). Returns an exit code. */
int cli_write_output(const char *path, const char *data, size_t len);

/* ---- subcommands: each returns an exit code ------------------------------ */
int cli_cmd_example(int argc, char **argv);
int cli_cmd_validate(int argc, char **argv);
int cli_cmd_plan(int argc, char **argv);
int cli_cmd_simulate(int argc, char **argv);
int cli_cmd_estimate(int argc, char **argv);
int cli_cmd_track(int argc, char **argv);
int cli_cmd_activities(int argc, char **argv);
int cli_cmd_compare(int argc, char **argv);
int cli_cmd_sensitivity(int argc, char **argv);

#endif
