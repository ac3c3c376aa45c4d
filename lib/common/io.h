/* Internal file I/O: the one reader and the one atomic writer of the library. */
#ifndef SLP_IO_H
#define SLP_IO_H

#include <stddef.h>
#include <sys/types.h>

#include "salesplan/common.h"

/* A byte source. `read_fn` behaves like read(2): returns bytes read, 0 at end,
 * -1 with errno set on error (EINTR is retried by slp_reader_read). Tests swap
 * read_fn to inject short reads, EINTR and EIO. */
typedef struct slp_reader {
    ssize_t (*read_fn)(void *ctx, void *buf, size_t n);
    void *ctx;
    int fd;              /* -1 when not backed by a file we opened */
    const char *name;    /* for messages (borrowed) */
} slp_reader;

/* Open `path` for reading. ENOENT-like failures give SALESPLAN_ENOENT. */
int slp_reader_open(slp_reader *r, const char *path, salesplan_error *err);
/* Wrap an already open descriptor (not closed by slp_reader_close). */
void slp_reader_from_fd(slp_reader *r, int fd, const char *name);
/* Read up to n bytes; *got = 0 means end of input. Retries EINTR; short reads are normal. */
int slp_reader_read(slp_reader *r, void *buf, size_t n, size_t *got, salesplan_error *err);
void slp_reader_close(slp_reader *r);

/* Read a whole input into a NUL-terminated buffer (free with slp_free).
 * More than `max` bytes gives SALESPLAN_ELIMIT. */
int slp_reader_slurp(slp_reader *r, size_t max, char **out, size_t *len, salesplan_error *err);
int slp_read_file(const char *path, size_t max, char **out, size_t *len, salesplan_error *err);

/* Write `len` bytes to `path` atomically: a temporary file in the same
 * directory, fsync, then rename. On failure nothing is left behind. */
int slp_write_atomic(const char *path, const void *data, size_t len, salesplan_error *err);

#endif
