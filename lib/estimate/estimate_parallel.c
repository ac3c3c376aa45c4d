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
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include "common/alloc.h"
#include "common/error.h"
#include "estimate/estimate_state.h"
#include "estimate/file_parts.h"

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

/* Feed bytes [from, to) of fd to the state. */
static int feed_range(salesplan_estimate_state *s, int fd, uint64_t from, uint64_t to,
                      salesplan_error *err)
{
    slp_parts_range g;
    slp_reader r;
    slp_parts_reader(&r, &g, fd, from, to);
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
    uint64_t size = 0;
    int fd = slp_parts_open(path, &size);
    if (fd < 0)
        return SALESPLAN_OK;
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
        nparts = slp_parts_cut(fd, pos, size,
                               want < SALESPLAN_ESTIMATE_MAX_THREADS
                                   ? want
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
