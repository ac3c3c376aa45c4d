/* A large regular file on several threads, when the options ask for two or
 * more: the file is cut into parts at line ends, each part is fed to its own
 * estimate state (estimate_state.c), the first on the calling thread and the
 * others on threads of their own (each fed the header first), and the states
 * are merged (estimate_state_merge.c) exactly as any host merges states.
 * Every shape merges, so every shape splits.
 *
 * A line end inside a quoted field would make a cut wrong: the part before it
 * then ends inside a quote, and the file is read again on one thread. Line
 * numbers of each part are shifted by the lines of the parts before it, so
 * reports are the same as one thread's. The other parts read the header with
 * the delimiter and date order the first one sniffed. */
#define _POSIX_C_SOURCE 200809L
#define _FILE_OFFSET_BITS 64
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/alloc.h"
#include "common/error.h"
#include "estimate/estimate_state.h"

/* Files smaller than this are read on one thread; no part is smaller than half of it. */
#define PARALLEL_MIN_BYTES ((uint64_t)16 << 20)
#define PART_MIN_BYTES (PARALLEL_MIN_BYTES / 2)

typedef struct part {
    salesplan_estimate_state *s;
    salesplan_error err;
    int fd;
    uint64_t header_bytes, from, to;
    uint64_t end_line; /* line of the record after the part (its own numbering) */
    int last;          /* the part ends the file */
    int in_quote;      /* the part ended inside a record: the cut was inside a quote */
    int started;       /* a thread runs it */
    pthread_t tid;
    int rc;
} part;

/* Offset just after the first '\n' at or after `pos`, 0 when none is near. */
static uint64_t find_split(int fd, uint64_t pos, uint64_t size)
{
    char buf[65536];
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

/* Bytes [pos, to) of a file, as a reader. */
typedef struct range {
    int fd;
    uint64_t pos, to;
} range;

static ssize_t range_read(void *ctx, void *buf, size_t n)
{
    range *g = ctx;
    if (n > g->to - g->pos)
        n = (size_t)(g->to - g->pos);
    if (n == 0)
        return 0;
    ssize_t k = pread(g->fd, buf, n, (off_t)g->pos);
    if (k == 0) { /* the file shrank under us */
        errno = EIO;
        return -1;
    }
    if (k > 0)
        g->pos += (uint64_t)k;
    return k;
}

/* Feed bytes [from, to) of fd to the state. */
static int feed_range(salesplan_estimate_state *s, int fd, uint64_t from, uint64_t to,
                      salesplan_error *err)
{
    range g = {fd, from, to};
    slp_reader r = {range_read, &g, -1, "(file part)"};
    return slp_est_state_feed_reader(s, &r, err);
}

/* Feed a part's range; it ends the part's document unless the range ended
 * inside a record that the next part would have to finish. */
static int run_part(part *p, salesplan_error *err)
{
    int rc = feed_range(p->s, p->fd, p->from, p->to, err);
    p->end_line = slp_est_state_csv_line(p->s);
    if (rc == SALESPLAN_OK && !p->last && slp_csv_pending(p->s->csv) > 0) {
        p->in_quote = 1;
        return SALESPLAN_OK;
    }
    if (rc == SALESPLAN_OK)
        rc = salesplan_estimate_state_feed_csv_end(p->s, err);
    return rc;
}

static void *part_thread(void *arg)
{
    part *p = arg;
    p->rc = feed_range(p->s, p->fd, 0, p->header_bytes, &p->err);
    if (p->rc == SALESPLAN_OK)
        p->rc = run_part(p, &p->err);
    return NULL;
}

/* Cut [pos, size) into at most n parts of at least PART_MIN_BYTES at line
 * ends: cut[0] = pos < cut[1] < ... < cut[k] = size; returns k (1: no cut). */
static size_t cut_file(int fd, uint64_t pos, uint64_t size, size_t n, uint64_t *cut)
{
    if (n > (size - pos) / PART_MIN_BYTES)
        n = (size_t)((size - pos) / PART_MIN_BYTES);
    size_t k = 0;
    cut[k++] = pos;
    for (size_t i = 1; i < n; i++) {
        uint64_t at = pos + (size - pos) / n * i;
        uint64_t c = at > cut[k - 1] ? find_split(fd, at, size) : 0;
        if (c > cut[k - 1])
            cut[k++] = c;
    }
    cut[k] = size;
    return k;
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
    uint64_t size = 0;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (uint64_t)st.st_size >= PARALLEL_MIN_BYTES)
        size = (uint64_t)st.st_size;
    salesplan_estimate_state *a = NULL;
    int rc = size ? slp_est_state_new(&a, o, NULL) : SALESPLAN_ENOMEM;
    /* the first state reads the header (and sniffs) from the first chunks */
    uint64_t pos = 0;
    while (rc == SALESPLAN_OK && !a->doc_header && pos < size / 2) {
        uint64_t to = pos + SLP_CSV_CHUNK < size ? pos + SLP_CSV_CHUNK : size;
        rc = feed_range(a, fd, pos, to, err);
        pos = to;
    }
    uint64_t cut[SALESPLAN_ESTIMATE_MAX_THREADS + 1];
    part parts[SALESPLAN_ESTIMATE_MAX_THREADS];
    size_t nparts = 0;
    if (rc == SALESPLAN_OK && a->doc_header) {
        unsigned want = slp_est_threads(o);
        nparts = cut_file(fd, pos, size,
                          want < SALESPLAN_ESTIMATE_MAX_THREADS ? want
                                                                : SALESPLAN_ESTIMATE_MAX_THREADS,
                          cut);
    }
    memset(parts, 0, sizeof parts);
    size_t started = 0;
    if (nparts >= 2) {
        salesplan_estimate_options bo = a->o;
        bo.delimiter = a->x.delim;
        bo.date_order = a->x.dmy ? SALESPLAN_DATE_DMY : SALESPLAN_DATE_MDY;
        for (size_t i = 0; i < nparts; i++) {
            part *p = &parts[i];
            p->fd = fd;
            p->header_bytes = a->doc_header_bytes;
            p->from = cut[i];
            p->to = cut[i + 1];
            p->last = i + 1 == nparts;
            if (i == 0) {
                p->s = a;
                continue;
            }
            if (slp_est_state_new(&p->s, &bo, NULL) != SALESPLAN_OK ||
                pthread_create(&p->tid, NULL, part_thread, p) != 0)
                break;
            p->started = 1;
            started++;
        }
    }
    if (started + 1 < nparts || nparts < 2) {
        /* not worth it, or no thread: one thread reads it all */
        for (size_t i = 1; i < nparts; i++) {
            if (parts[i].started)
                pthread_join(parts[i].tid, NULL);
            salesplan_estimate_state_free(parts[i].s);
        }
        salesplan_estimate_state_free(a);
        close(fd);
        if (rc != SALESPLAN_OK && rc != SALESPLAN_ENOMEM && a != NULL) {
            *done = 1; /* a data error in the first chunk: the same on one thread */
            return rc;
        }
        return SALESPLAN_OK;
    }
    *done = 1;
    parts[0].rc = rc = run_part(&parts[0], err);
    int in_quote = parts[0].in_quote;
    for (size_t i = 1; i < nparts; i++) {
        pthread_join(parts[i].tid, NULL);
        in_quote |= parts[i].in_quote;
    }
    /* Merge in file order: part i's lines follow those of the parts before it. */
    long long next_line = (long long)parts[0].end_line;
    for (size_t i = 1; rc == SALESPLAN_OK && !in_quote && i < nparts; i++) {
        part *p = &parts[i];
        long long shift = next_line - (long long)p->s->doc_first_line;
        next_line = (long long)p->end_line + shift;
        if (p->rc != SALESPLAN_OK) {
            rc = p->rc;
            if (err)
                *err = p->err;
            break;
        }
        rc = slp_est_state_merge_at(a, p->s, shift, 0, err);
    }
    if (rc == SALESPLAN_OK && !in_quote)
        rc = slp_est_state_take(out, a, err);
    for (size_t i = 1; i < nparts; i++)
        salesplan_estimate_state_free(parts[i].s);
    salesplan_estimate_state_free(a);
    close(fd);
    if (in_quote && rc == SALESPLAN_OK)
        *done = 0; /* read it again on one thread */
    return rc;
}
