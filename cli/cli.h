/* Shared pieces of the salesplan command-line tool. The tool uses only the
 * public API (<salesplan.h>); everything every subcommand needs (the plan
 * loader, the option parsers, the output writer, the error printers) lives
 * here once. */
#ifndef SALESPLAN_CLI_H
#define SALESPLAN_CLI_H

#include <getopt.h>
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
/* --threads N of the commands that read a file in parts: 0..max. */
int cli_parse_threads(const char *s, unsigned max, unsigned *out);
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

/* ---- reading CRM exports (csv_options.c) -------------------------------- */
/* The options estimate and activities share: --won NAME, --lost NAME
 * (repeatable), --date-order, --delimiter, --decimal-comma, --allow-skips,
 * --strict, --max-reported, and the column flags (--stage COL...). A
 * command points to the fields they set; it takes the flags whose field is
 * not NULL. The values they get from getopt_long are CLI_O_SHARED and up:
 * a command's own values stay below CLI_O_SHARED. */
#define CLI_MAX_NAMES 64
#define CLI_O_SHARED 0x1000
#define CLI_O_COLUMN 0x1100 /* + the index of the column flag */

/* A repeatable option's values (borrowed from argv). */
typedef struct cli_names {
    const char *v[CLI_MAX_NAMES];
    size_t n;
} cli_names;
/* Repeatable LEFT=RIGHT values (--join FILE:KEY, --map-stage CRM=PLAN...):
 * owned copies, cut in two; free with cli_pairs_free(). */
typedef struct cli_pairs {
    char *text[CLI_MAX_NAMES];
    const char *left[CLI_MAX_NAMES], *right[CLI_MAX_NAMES];
    size_t n;
} cli_pairs;
/* --NAME COL sets the `const char *` member at `offset` of the options struct. */
typedef struct cli_column_flag {
    const char *name;
    size_t offset;
} cli_column_flag;
typedef struct cli_csv_fields {
    cli_names *won, *lost;
    int *date_order;      /* a salesplan_date_order */
    char *delimiter;
    int *decimal_comma;   /* set to SALESPLAN_DECIMAL_COMMA */
    int *allow_skips, *strict;
    size_t *max_reported;
    const cli_column_flag *columns;
    size_t ncolumns;
    void *base;           /* the options struct the column offsets are in */
} cli_csv_fields;

/* Append to a list; "too many WHAT (at most 64)" and -1 when it is full. */
int cli_push_name(cli_names *l, const char *s, const char *what);
/* Append "LEFT<sep>RIGHT" cut at the first `sep` (the last with at_last),
 * both sides non-empty; else "--OPT must be FORM, found 'S'" and -1 (and
 * "too many WHAT" when the list is full). */
int cli_push_pair(cli_pairs *p, const char *opt, const char *form, char sep, int at_last,
                  const char *what, const char *s);
void cli_pairs_free(cli_pairs *p);
/* What cli_csv_getopt returns for a refused value (its message is printed). */
#define CLI_OPT_REFUSED 0
/* getopt_long over the command's `own` options (ended by a zero entry; their
 * values must not be 0) and the shared ones of `f`: stores the shared ones
 * and returns the next option of the command's own (or '?' for an unknown
 * one, as getopt_long), CLI_OPT_REFUSED, or -1 at the end. Set optind first. */
int cli_csv_getopt(int argc, char **argv, const char *shortopts, const struct option *own,
                   const cli_csv_fields *f);
/* A list of names into an options struct's pointer and count. */
#define CLI_NAMES_INTO(list, names, count) ((names) = (list).n ? (list).v : NULL, (count) = (list).n)

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
