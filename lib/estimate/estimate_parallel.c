/* A large regular file on two threads, when the options ask for two or more:
 * two estimate states (estimate_state.c), one fed the bytes up to the first
 * line end after the middle, the other the header and the rest; then merged
 * (estimate_state_merge.c), exactly as any host merges states.
 *
 * A line end inside a quoted field would make the guess wrong: the first
 * state then ends inside a quote, and the file is read again on one thread.
 * Line numbers of the second half are shifted by the lines of the first, so
 * reports are the same as one thread's. The second state reads the header
 * with the delimiter and date order the first one sniffed. */
#define _POSIX_C_SOURCE 200809L
#define _FILE_OFFSET_BITS 64
#include <fcntl.h>
#include <pthread.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/alloc.h"
#include "common/error.h"
#include "estimate/estimate_state.h"

/* Files smaller than this are read on one thread. */
#define PARALLEL_MIN_BYTES ((uint64_t)16 << 20)

typedef struct half {
    salesplan_estimate_state *s;
    salesplan_error err;
    int fd;
    uint64_t header_bytes, from, to;
    int rc;
} half;

/* Offset just after the first '\n' at or after the middle, 0 when none is near. */
static uint64_t find_split(int fd, uint64_t size)
{
    char buf[65536];
    uint64_t pos = size / 2;
    for (int tries = 0; tries < 256 && pos < size; tries++) {
        ssize_t k = pread(fd, buf, sizeof buf, (off_t)pos);
        if (k <= 0)
            return 0;
        const char *nl = memchr(buf, '\n', (size_t)k);
        if (nl) {
            uint64_t split = pos + (uint64_t)(nl - buf) + 1;
            return split < size ? split : 0;
        }
        pos += (uint64_t)k;
    }
    return 0;
}

/* Feed bytes [from, to) of fd to the state. */
static int feed_range(salesplan_estimate_state *s, int fd, uint64_t from, uint64_t to,
                      char *buf, salesplan_error *err)
{
    while (from < to) {
        size_t want = to - from < SLP_CSV_CHUNK ? (size_t)(to - from) : SLP_CSV_CHUNK;
        ssize_t k = pread(fd, buf, want, (off_t)from);
        if (k <= 0)
            return slp_error_set(err, SALESPLAN_EIO, NULL, 0, 0, "cannot read the file");
        int rc = salesplan_estimate_state_feed_csv(s, buf, (size_t)k, err);
        if (rc != SALESPLAN_OK)
            return rc;
        from += (uint64_t)k;
    }
    return SALESPLAN_OK;
}

static void *second_half(void *arg)
{
    half *h = arg;
    char *buf = slp_malloc(SLP_CSV_CHUNK);
    if (buf == NULL) {
        h->rc = slp_error_set(&h->err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
        return NULL;
    }
    h->rc = feed_range(h->s, h->fd, 0, h->header_bytes, buf, &h->err);
    if (h->rc == SALESPLAN_OK)
        h->rc = feed_range(h->s, h->fd, h->from, h->to, buf, &h->err);
    if (h->rc == SALESPLAN_OK)
        h->rc = salesplan_estimate_state_feed_csv_end(h->s, &h->err);
    slp_free(buf);
    return NULL;
}

int slp_est_parallel(salesplan_estimate **out, const char *path,
                     const salesplan_estimate_options *opts, salesplan_error *err, int *done)
{
    *done = 0;
    salesplan_estimate_options full;
    slp_est_options_normalise(&full, opts);
    const salesplan_estimate_options *o = &full;
    if (path == NULL || slp_est_threads(o) < 2 || o->strict ||
        slp_est_check_options(o, NULL) != SALESPLAN_OK)
        return SALESPLAN_OK;
    /* Look before opening: opening a FIFO or a device here and then again in
     * the single-threaded path would consume the writer. Only large regular files split. */
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
        (uint64_t)st.st_size < PARALLEL_MIN_BYTES)
        return SALESPLAN_OK;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return SALESPLAN_OK;
    uint64_t size = 0, split = 0;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (uint64_t)st.st_size >= PARALLEL_MIN_BYTES) {
        size = (uint64_t)st.st_size;
        split = find_split(fd, size);
    }
    char *buf = split ? slp_malloc(SLP_CSV_CHUNK) : NULL;
    salesplan_estimate_state *a = NULL;
    half h;
    memset(&h, 0, sizeof h);
    int rc = buf ? slp_est_state_new(&a, o, NULL) : SALESPLAN_ENOMEM;
    /* the first state reads the header (and sniffs) from the first chunks */
    uint64_t pos = 0;
    while (rc == SALESPLAN_OK && !a->doc_header && pos < split) {
        uint64_t to = pos + SLP_CSV_CHUNK < split ? pos + SLP_CSV_CHUNK : split;
        rc = feed_range(a, fd, pos, to, buf, err);
        pos = to;
    }
    pthread_t tid;
    int started = 0;
    if (rc == SALESPLAN_OK && a->doc_header) {
        salesplan_estimate_options bo = a->o;
        bo.delimiter = a->x.delim;
        bo.date_order = a->x.dmy ? SALESPLAN_DATE_DMY : SALESPLAN_DATE_MDY;
        h.fd = fd;
        h.header_bytes = a->doc_header_bytes;
        h.from = split;
        h.to = size;
        if (slp_est_state_new(&h.s, &bo, NULL) == SALESPLAN_OK &&
            pthread_create(&tid, NULL, second_half, &h) == 0)
            started = 1;
    }
    if (!started) { /* not worth it, or no thread: one thread reads it all */
        salesplan_estimate_state_free(h.s);
        salesplan_estimate_state_free(a);
        slp_free(buf);
        close(fd);
        if (rc != SALESPLAN_OK && rc != SALESPLAN_ENOMEM && a != NULL) {
            *done = 1; /* a data error in the first chunk: the same on one thread */
            return rc;
        }
        return SALESPLAN_OK;
    }
    *done = 1;
    rc = feed_range(a, fd, pos, split, buf, err);
    uint64_t next_line = slp_est_state_csv_line(a);
    int ended_in_quote = 0;
    if (rc == SALESPLAN_OK && slp_csv_pending(a->csv) > 0)
        ended_in_quote = 1; /* the split fell inside a record */
    pthread_join(tid, NULL);
    if (rc == SALESPLAN_OK && !ended_in_quote) {
        rc = salesplan_estimate_state_feed_csv_end(a, err);
        if (rc == SALESPLAN_OK && h.rc != SALESPLAN_OK) {
            rc = h.rc;
            if (err)
                *err = h.err;
        }
        if (rc == SALESPLAN_OK)
            rc = slp_est_state_merge_at(a, h.s, (long long)next_line - (long long)a->doc_first_line,
                                        0, err);
        if (rc == SALESPLAN_OK)
            rc = slp_est_state_take(out, a, err);
    }
    salesplan_estimate_state_free(h.s);
    salesplan_estimate_state_free(a);
    slp_free(buf);
    close(fd);
    if (ended_in_quote && rc == SALESPLAN_OK)
        *done = 0; /* read it again on one thread */
    return rc;
}
