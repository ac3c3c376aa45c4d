/* Where results go: standard output, or a file written atomically. The
 * library's own atomic writer is internal, so the tool has this small one. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static int write_all(int fd, const char *p, size_t left)
{
    while (left > 0) {
        ssize_t k = write(fd, p, left);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            return errno;
        }
        p += k;
        left -= (size_t)k;
    }
    return 0;
}

/* A temporary file next to `path`, fsync, rename over `path`; on failure
 * the temporary file is removed and `path` is untouched. Returns 0 or an
 * errno value. */
static int write_atomic(const char *path, const char *data, size_t len)
{
    static const char suffix[] = ".tmp.XXXXXX";
    size_t plen = strlen(path);
    char *tmp = malloc(plen + sizeof suffix);
    if (tmp == NULL)
        return ENOMEM;
    memcpy(tmp, path, plen);
    memcpy(tmp + plen, suffix, sizeof suffix);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int e = errno;
        free(tmp);
        return e;
    }
    int e = write_all(fd, data, len);
    /* mkstemp creates 0600; results are ordinary documents. */
    if (e == 0 && fchmod(fd, 0644) != 0)
        e = errno;
    if (e == 0 && fsync(fd) != 0 && errno != EINVAL && errno != EROFS)
        e = errno;
    if (close(fd) != 0 && e == 0)
        e = errno;
    if (e == 0 && rename(tmp, path) != 0)
        e = errno;
    if (e != 0)
        unlink(tmp);
    free(tmp);
    return e;
}

int cli_write_output(const char *path, const char *data, size_t len)
{
    if (path == NULL || strcmp(path, "-") == 0) {
        if ((len > 0 && fwrite(data, 1, len, stdout) != len) || fflush(stdout) != 0) {
            cli_errorf("cannot write to standard output");
            return CLI_EX_IOERR;
        }
        return CLI_EX_OK;
    }
    int e = write_atomic(path, data, len);
    if (e != 0) {
        cli_errorf("%s: cannot write: %s", path, strerror(e));
        return CLI_EX_IOERR;
    }
    return CLI_EX_OK;
}
