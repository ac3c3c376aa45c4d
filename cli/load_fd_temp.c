/* TEMP until load_fd lands: salesplan_plan_load_fd() over the public buffer
 * functions, so the tool needs no internal header meanwhile. Delete this file
 * (and its declaration in cli.h) when include/salesplan/plan.h declares it. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli.h"

/* A plan file is at most 16 MiB (docs/limits.md); one byte more is read so
 * that the library reports the limit. */
#define TEMP_MAX_PLAN ((size_t)16 * 1024 * 1024)

int salesplan_plan_load_fd(salesplan_plan **out, int fd, const char *name,
                           salesplan_diagnostics **diag)
{
    (void)name;
    *out = NULL;
    *diag = NULL;
    size_t cap = 65536, used = 0;
    char *buf = malloc(cap);
    if (buf == NULL)
        return SALESPLAN_ENOMEM;
    for (;;) {
        if (used == cap) {
            char *bigger = cap > TEMP_MAX_PLAN ? NULL : realloc(buf, cap * 2);
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
    int rc = salesplan_plan_validate_buffer(buf, used, diag);
    if (rc == SALESPLAN_OK)
        rc = salesplan_plan_load_buffer(out, buf, used, NULL);
    free(buf);
    return rc;
}
