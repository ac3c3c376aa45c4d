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

/* Read everything from fd into *buf (malloc'd), *len bytes. */
static int read_all(int fd, char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
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
    *out = buf;
    *len = used;
    return SALESPLAN_OK;
}

/* List every problem (validate) and load the plan: standard input can be
 * read only once, and the tool prints all the problems, where
 * salesplan_plan_load_patched() reports the first. */
static int load_plan_text(salesplan_plan **out, const char *buf, size_t used,
                          const char *const *patches, const size_t *lens, size_t npatches,
                          salesplan_diagnostics **diag)
{
    int rc = salesplan_plan_validate_patched(diag, buf, used, patches, lens, npatches);
    if (rc == SALESPLAN_OK)
        rc = salesplan_plan_load_patched(out, buf, used, patches, lens, npatches, NULL);
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

/* The patches of --patch (cli_take_patches), applied by cli_load_plan. */
static const char **g_patches;
static size_t g_npatches;

int cli_take_patches(int *argc, char **argv)
{
    int w = 1;
    for (int i = 1; i < *argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            while (i < *argc)
                argv[w++] = argv[i++];
            break;
        }
        const char *val = NULL;
        if (strcmp(a, "--patch") == 0) {
            if (i + 1 >= *argc) {
                cli_errorf("option '--patch' requires an argument (a JSON Merge Patch file)");
                return CLI_EX_USAGE;
            }
            val = argv[++i];
        } else if (strncmp(a, "--patch=", 8) == 0) {
            val = a + 8;
        } else {
            argv[w++] = argv[i];
            continue;
        }
        const char **more = realloc(g_patches, (g_npatches + 1) * sizeof *more);
        if (more == NULL) {
            cli_errorf("out of memory");
            return CLI_EX_SOFTWARE;
        }
        g_patches = more;
        g_patches[g_npatches++] = val;
    }
    argv[w] = NULL;
    *argc = w;
    return CLI_EX_OK;
}

/* Print every problem of a failed load; the status text when there is none.
 * A problem a patch holds ("patch N: ...") is printed with the patch's file. */
static void print_problems(const char *path, const char *const *patch_paths, size_t npatches,
                           int rc, const salesplan_diagnostics *diag)
{
    size_t n = diag ? salesplan_diagnostics_count(diag) : 0;
    for (size_t i = 0; i < n; i++) {
        const salesplan_error *e = salesplan_diagnostics_get(diag, i);
        unsigned long k = 0;
        int used = 0;
        if (npatches > 0 && sscanf(e->message, "patch %lu: %n", &k, &used) == 1 && used > 0 &&
            k >= 1 && k <= npatches) {
            salesplan_error moved = *e;
            memmove(moved.message, moved.message + used, strlen(moved.message + used) + 1);
            cli_print_problem(patch_paths[k - 1], &moved);
        } else {
            cli_print_problem(path, e);
        }
    }
    if (n == 0)
        cli_errorf("%s: %s", path, salesplan_strerror(rc));
}

/* Read one input (a file or "-") whole; prints the reason and returns an
 * exit code on failure. */
static int read_input(const char *path, char **buf, size_t *len)
{
    int ex = CLI_EX_OK;
    int fd = cli_open_input(path, &ex);
    if (fd < 0)
        return ex;
    int rc = read_all(fd, buf, len);
    if (fd != STDIN_FILENO)
        close(fd);
    if (rc != SALESPLAN_OK)
        cli_errorf("%s: %s", path, salesplan_strerror(rc));
    return cli_exit_code(rc);
}

int cli_load_plan_patched(const char *path, const char *what, int quiet,
                          const char *const *patch_paths, size_t npatches, salesplan_plan **plan)
{
    *plan = NULL;
    if (path == NULL && what == NULL) {
        cli_errorf("no plan file given");
        return CLI_EX_USAGE;
    }
    char *text = NULL;
    size_t len = 0;
    int ex = CLI_EX_OK;
    if (path == NULL) {
        if (what[0] != '\0')
            fprintf(stderr,
                    "salesplan: no plan file given: %s the built-in example plan "
                    "('salesplan example' prints it)\n",
                    what);
        const char *ex_json = salesplan_example_json();
        len = strlen(ex_json);
        text = malloc(len + 1);
        if (text == NULL) {
            cli_errorf("out of memory");
            return CLI_EX_SOFTWARE;
        }
        memcpy(text, ex_json, len + 1);
    } else {
        ex = read_input(path, &text, &len);
        if (ex != CLI_EX_OK)
            return ex;
    }
    char **ptexts = npatches ? calloc(npatches, sizeof *ptexts) : NULL;
    size_t *plens = npatches ? calloc(npatches, sizeof *plens) : NULL;
    if (npatches && (ptexts == NULL || plens == NULL)) {
        cli_errorf("out of memory");
        ex = CLI_EX_SOFTWARE;
    }
    for (size_t i = 0; i < npatches && ex == CLI_EX_OK; i++)
        ex = read_input(patch_paths[i], &ptexts[i], &plens[i]);
    if (ex == CLI_EX_OK) {
        salesplan_diagnostics *diag = NULL;
        int rc = load_plan_text(plan, text, len, (const char *const *)ptexts, plens, npatches,
                                &diag);
        if (rc != SALESPLAN_OK && !quiet)
            print_problems(path ? path : "example", patch_paths, npatches, rc, diag);
        salesplan_diagnostics_free(diag);
        ex = cli_exit_code(rc);
    }
    for (size_t i = 0; ptexts && i < npatches; i++)
        free(ptexts[i]);
    free(ptexts);
    free(plens);
    free(text);
    return ex;
}

int cli_load_plan(const char *path, const char *what, int quiet, salesplan_plan **plan)
{
    return cli_load_plan_patched(path, what, quiet, g_patches, g_npatches, plan);
}
