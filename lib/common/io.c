/* File reader with retry on EINTR, and an atomic writer. */
#define _POSIX_C_SOURCE 200809L
#include "common/io.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/alloc.h"
#include "common/error.h"

static ssize_t fd_read(void *ctx, void *buf, size_t n)
{
    return read(*(int *)ctx, buf, n);
}

void slp_reader_from_fd(slp_reader *r, int fd, const char *name)
{
    r->fd = fd;
    r->ctx = &r->fd;
    r->read_fn = fd_read;
    r->name = name ? name : "-";
}

int slp_reader_open(slp_reader *r, const char *path, salesplan_error *err)
{
    r->fd = -1;
    r->read_fn = NULL;
    r->ctx = NULL;
    r->name = path;
    if (path == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "no file name given");
    int fd;
    do {
        fd = open(path, O_RDONLY | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        int e = errno;
        int code = (e == ENOENT || e == EACCES || e == ENOTDIR || e == ENAMETOOLONG ||
                    e == ELOOP || e == EISDIR)
                       ? SALESPLAN_ENOENT
                       : SALESPLAN_EIO;
        return slp_error_set(err, code, NULL, 0, 0, "%s: %s", path, strerror(e));
    }
    slp_reader_from_fd(r, fd, path);
    return SALESPLAN_OK;
}

int slp_reader_read(slp_reader *r, void *buf, size_t n, size_t *got, salesplan_error *err)
{
    for (;;) {
        ssize_t k = r->read_fn(r->ctx, buf, n);
        if (k >= 0) {
            *got = (size_t)k;
            return SALESPLAN_OK;
        }
        if (errno == EINTR)
            continue;
        int e = errno;
        *got = 0;
        if (e == EISDIR)
            return slp_error_set(err, SALESPLAN_ENOENT, NULL, 0, 0, "%s: %s", r->name,
                                 strerror(e));
        return slp_error_set(err, SALESPLAN_EIO, NULL, 0, 0, "%s: read error: %s", r->name,
                             strerror(e));
    }
}

void slp_reader_close(slp_reader *r)
{
    if (r->fd >= 0 && r->ctx == &r->fd && r->name && strcmp(r->name, "-") != 0)
        close(r->fd);
    r->fd = -1;
}

int slp_reader_slurp(slp_reader *r, size_t max, char **out, size_t *len, salesplan_error *err)
{
    size_t cap = 0, used = 0;
    char *buf = NULL;
    *out = NULL;
    for (;;) {
        if (slp_grow((void **)&buf, &cap, used + 65536 + 1, 1) != 0) {
            slp_free(buf);
            return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory reading %s",
                                 r->name);
        }
        size_t got;
        int rc = slp_reader_read(r, buf + used, cap - used - 1, &got, err);
        if (rc != SALESPLAN_OK) {
            slp_free(buf);
            return rc;
        }
        if (got == 0)
            break;
        used += got;
        if (used > max) {
            slp_free(buf);
            return slp_error_set(err, SALESPLAN_ELIMIT, NULL, 0, 0,
                                 "%s: larger than the limit of %zu bytes", r->name, max);
        }
    }
    buf[used] = '\0';
    *out = buf;
    if (len)
        *len = used;
    return SALESPLAN_OK;
}

int slp_read_file(const char *path, size_t max, char **out, size_t *len, salesplan_error *err)
{
    slp_reader r;
    int rc = slp_reader_open(&r, path, err);
    if (rc != SALESPLAN_OK) {
        *out = NULL;
        return rc;
    }
    rc = slp_reader_slurp(&r, max, out, len, err);
    slp_reader_close(&r);
    return rc;
}

int slp_write_atomic(const char *path, const void *data, size_t len, salesplan_error *err)
{
    if (path == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "no output file name given");
    size_t plen = strlen(path);
    char *tmp = slp_malloc(plen + 16);
    if (tmp == NULL)
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    memcpy(tmp, path, plen);
    memcpy(tmp + plen, ".tmp.XXXXXX", 12);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        int e = errno;
        slp_free(tmp);
        return slp_error_set(err, SALESPLAN_EIO, NULL, 0, 0, "%s: cannot create: %s", path,
                             strerror(e));
    }
    const char *p = data;
    size_t left = len;
    int e = 0;
    while (left > 0) {
        ssize_t k = write(fd, p, left);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            e = errno;
            break;
        }
        p += k;
        left -= (size_t)k;
    }
    /* mkstemp creates 0600; results are ordinary documents. umask() is
     * process-wide and not ours to touch, so use a fixed 0644. */
    if (e == 0 && fchmod(fd, 0644) != 0)
        e = errno;
    if (e == 0 && fsync(fd) != 0 && errno != EINVAL && errno != EROFS)
        e = errno;
    if (close(fd) != 0 && e == 0)
        e = errno;
    if (e == 0) {
        if (rename(tmp, path) != 0)
            e = errno;
    }
    if (e != 0) {
        unlink(tmp);
        slp_free(tmp);
        return slp_error_set(err, SALESPLAN_EIO, NULL, 0, 0, "%s: cannot write: %s", path,
                             strerror(e));
    }
    slp_free(tmp);
    return SALESPLAN_OK;
}
