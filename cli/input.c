/* The tool's one plan loader: a file, standard input ("-") or the built-in
 * example, with every problem printed as FILE:LINE:COL: PATH: message. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

/* A plan file is at most 16 MiB (docs/limits.md); one byte more is read so
 * that the library reports the limit. */
#define CLI_MAX_PLAN_READ ((size_t)16 * 1024 * 1024)

/* Read everything from fd, then list every problem (validate) and load the
 * plan: standard input can be read only once, and the tool prints all the
 * problems, where salesplan_plan_load_fd() reports the first. */
static int load_plan_fd(salesplan_plan **out, int fd, salesplan_diagnostics **diag)
{
    *out = NULL;
    *diag = NULL;
    size_t cap = 65536, used = 0;
    char *buf = malloc(cap);
    if (buf == NULL)
        return SALESPLAN_ENOMEM;
    for (;;) {
        if (used == cap) {
            char *bigger = cap > CLI_MAX_PLAN_READ ? NULL : realloc(buf, cap * 2);
            if (bigger == NULL)
                break; /* over the limit: validation reports it */
            buf = bigger;
            cap *= 2;
        }
        ssize_t k = read(fd, buf + used, cap - used);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            free(buf);
            return errno == EISDIR ? SALESPLAN_ENOENT : SALESPLAN_EIO;
        }
        if (k == 0)
            break;
        used += (size_t)k;
    }
    int rc = salesplan_plan_validate_buffer(diag, buf, used);
    if (rc == SALESPLAN_OK)
        rc = salesplan_plan_load_buffer(out, buf, used, NULL);
    free(buf);
    return rc;
}

int cli_open_input(const char *path, int *ex)
{
    if (strcmp(path, "-") == 0)
        return STDIN_FILENO;
    int fd;
    do {
        fd = open(path, O_RDONLY | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    int e = errno;
    struct stat st;
    if (fd >= 0 && fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        close(fd);
        fd = -1;
        e = EISDIR;
    }
    if (fd >= 0)
        return fd;
    /* A name that leads nowhere readable is missing input (66); anything
     * else (EIO, EMFILE...) is an I/O error (74). */
    *ex = (e == ENOENT || e == EACCES || e == ENOTDIR || e == ENAMETOOLONG || e == ELOOP ||
           e == EISDIR)
              ? CLI_EX_NOINPUT
              : CLI_EX_IOERR;
    fprintf(stderr, "%s: %s\n", path, strerror(e));
    return -1;
}

/* Print every problem of a failed load; the status text when there is none. */
static void print_problems(const char *path, int rc, const salesplan_diagnostics *diag)
{
    size_t n = diag ? salesplan_diagnostics_count(diag) : 0;
    for (size_t i = 0; i < n; i++)
        cli_print_problem(path, salesplan_diagnostics_get(diag, i));
    if (n == 0)
        cli_errorf("%s: %s", path, salesplan_strerror(rc));
}

int cli_load_plan(const char *path, const char *what, int quiet, salesplan_plan **plan)
{
    *plan = NULL;
    if (path == NULL && what == NULL) {
        cli_errorf("no plan file given");
        return CLI_EX_USAGE;
    }
    if (path == NULL) {
        fprintf(stderr,
                "salesplan: no plan file given: %s the built-in example plan "
                "('salesplan example' prints it)\n",
                what);
        int rc = salesplan_example_plan(plan);
        if (rc != SALESPLAN_OK)
            cli_errorf("cannot load the example plan: %s", salesplan_strerror(rc));
        return cli_exit_code(rc);
    }
    int ex = CLI_EX_OK;
    int fd = cli_open_input(path, &ex);
    if (fd < 0)
        return ex;
    salesplan_diagnostics *diag = NULL;
    int rc = load_plan_fd(plan, fd, &diag);
    if (fd != STDIN_FILENO)
        close(fd);
    if (rc != SALESPLAN_OK && !quiet)
        print_problems(path, rc, diag);
    salesplan_diagnostics_free(diag);
    return cli_exit_code(rc);
}
