/* Exit codes and the tool's two ways of printing an error. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cli_exit_code(int status)
{
    switch (status) {
    case SALESPLAN_OK: return CLI_EX_OK;
    case SALESPLAN_EINVAL: return CLI_EX_USAGE;
    case SALESPLAN_ESYNTAX:
    case SALESPLAN_EPLAN:
    case SALESPLAN_EDATA:
    case SALESPLAN_ELIMIT:
    case SALESPLAN_ERANGE: return CLI_EX_DATAERR;
    case SALESPLAN_ENOENT: return CLI_EX_NOINPUT;
    case SALESPLAN_EIO: return CLI_EX_IOERR;
    default: return CLI_EX_SOFTWARE;
    }
}

void cli_errorf(const char *fmt, ...)
{
    va_list ap;
    fputs("salesplan: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void cli_print_problem(const char *file, const salesplan_error *e)
{
    /* Messages about the file as a whole (cannot open, too large) already
     * start with its name: do not print it twice. */
    size_t flen = file ? strlen(file) : 0;
    if (file && e->line == 0 && e->path[0] == '\0' && strncmp(e->message, file, flen) == 0 &&
        e->message[flen] == ':')
        file = NULL;
    if (file)
        fprintf(stderr, "%s:", file);
    if (e->line > 0)
        fprintf(stderr, "%ld:%ld:", e->line, e->column);
    if (file || e->line > 0)
        fputc(' ', stderr);
    if (e->path[0])
        fprintf(stderr, "%s: ", e->path);
    char words[2 * SALESPLAN_ERROR_MESSAGE_SIZE];
    cli_option_words(words, sizeof words, e->message);
    fprintf(stderr, "%s\n", e->message[0] ? words : salesplan_strerror(e->code));
}
