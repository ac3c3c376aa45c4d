/* salesplan_activities_file() on several threads, when the options ask for
 * two or more and the log is a large regular file. The calling thread's
 * state reads the deals file whole (it is small), then the log's header and
 * first chunk, which decide its delimiter and date order. The rest of the log
 * is cut at line ends (file_parts.h); every part after the first gets a
 * state of its own, fed the header and then its bytes on its own thread,
 * with the first part's delimiter and date order instead of sniffing. The
 * states merge in file order (activity_state_merge.c), each part's skipped
 * rows moved down by the lines before it, so the result and the reported
 * lines are the ones a single reader gives: the merge law holds for any split
 * of the log's rows, and attribution is decided at the finish, over all of
 * them.
 *
 * Anything unusual -- a cut inside a quoted field (a line end that is not a
 * record end), an error in any part, a thread that does not start -- and the
 * whole call is read again on the calling thread alone, which then reports
 * exactly what it always does. */
#define _POSIX_C_SOURCE 200809L
#define _FILE_OFFSET_BITS 64
#include <pthread.h>
#include <string.h>
#include <unistd.h>

#include "common/alloc.h"
#include "common/error.h"
#include "estimate/activity_state.h"
#include "estimate/csv_feed.h"
#include "estimate/file_parts.h"

typedef struct log_part {
    salesplan_activity_state *s;
    int fd;
    uint64_t from, to, header_bytes;
    int last;          /* it ends the file */
    uint64_t next;     /* line where the record after it starts, in its own numbering */
    int split_quote;   /* its bytes ended inside a record */
    int rc;
    salesplan_error err;
    pthread_t tid;
    int running;
} log_part;

/* Bytes [from, to) of the log to a state. */
static int log_bytes(salesplan_activity_state *s, int fd, uint64_t from, uint64_t to,
                     salesplan_error *err)
{
    slp_parts_range g;
    slp_reader r;
    slp_parts_reader(&r, &g, fd, from, to);
    return slp_act_state_feed_reader(s, SALESPLAN_INPUT_LOG, &r, err);
}

/* A part's own bytes; the log document ends with them unless they stop
 * inside a record (then the cut was in a quoted field). */
static int read_part(log_part *p, salesplan_error *err)
{
    int rc = log_bytes(p->s, p->fd, p->from, p->to, err);
    if (rc != SALESPLAN_OK)
        return rc;
    p->next = slp_act_state_csv_line(p->s, SALESPLAN_INPUT_LOG);
    const slp_act_input *in = &p->s->in[SALESPLAN_INPUT_LOG];
    if (!p->last && in->csv != NULL && slp_csv_pending(in->csv) > 0) {
        p->split_quote = 1;
        return SALESPLAN_OK;
    }
    return salesplan_activity_state_feed_csv_end(p->s, SALESPLAN_INPUT_LOG, err);
}

static void *part_main(void *arg)
{
    log_part *p = arg;
    p->rc = log_bytes(p->s, p->fd, 0, p->header_bytes, &p->err);
    if (p->rc == SALESPLAN_OK)
        p->rc = read_part(p, &p->err);
    return NULL;
}

/* A state for a later part: the options of the first, its delimiter and
 * date order given rather than sniffed from the part's own first bytes, and
 * seeded with the first's values (the deals file's deal ids, accounts and
 * owners, the types of the log's first chunk) under the same ids, so that it
 * does not intern them again and merges without looking them up. Those
 * values are frozen into read-only dictionaries that every part shares (no
 * copy); each part, the first too, adds the values it meets beside them. */
static int part_state(salesplan_activity_state **out, const salesplan_activity_state *first)
{
    int rc = slp_act_state_new(out, &first->o, NULL);
    if (rc == SALESPLAN_OK)
        rc = slp_act_state_seed(*out, first);
    if (rc != SALESPLAN_OK)
        return rc;
    const slp_act_input *a = &first->in[SALESPLAN_INPUT_LOG];
    slp_act_input *b = &(*out)->in[SALESPLAN_INPUT_LOG];
    b->preset = 1;
    b->delim = a->delim;
    b->dmy = a->dmy;
    b->decided = a->decided;
    return SALESPLAN_OK;
}

/* Read parts 1.. on threads and part 0 here; merge them into part 0's state
 * in file order. *again set: read it all on one thread. */
static void run_parts(log_part *parts, size_t n, salesplan_error *err, int *again)
{
    size_t i;
    slp_act_input_prefill_ids(parts[0].s); /* the values the parts will share */
    slp_act_input_freeze_ids(parts[0].s);
    /* its values too: the parts read them, the first part adds its own beside */
    int frozen = slp_act_acc_freeze(&parts[0].s->acc) == SALESPLAN_OK;
    for (i = 1; frozen && i < n; i++) {
        if (part_state(&parts[i].s, parts[0].s) != SALESPLAN_OK ||
            pthread_create(&parts[i].tid, NULL, part_main, &parts[i]) != 0)
            break;
        parts[i].running = 1;
    }
    int rc = i == n ? read_part(&parts[0], err) : SALESPLAN_OK;
    *again = i < n || rc != SALESPLAN_OK || parts[0].split_quote;
    for (size_t k = 1; k < n; k++) {
        if (parts[k].running)
            pthread_join(parts[k].tid, NULL);
        *again |= parts[k].rc != SALESPLAN_OK || parts[k].split_quote;
    }
    uint64_t line = parts[0].next; /* where part k's first record is, in the file */
    for (size_t k = 1; !*again && k < n; k++) {
        const log_part *p = &parts[k];
        const slp_act_input *in = &p->s->in[SALESPLAN_INPUT_LOG];
        long long shift = (long long)line - (long long)in->doc_first_line;
        line = (uint64_t)((long long)p->next + shift);
        rc = slp_act_state_merge_at(parts[0].s, p->s, shift, err);
        if (rc != SALESPLAN_OK)
            *again = 1;
    }
    if (*again)
        slp_error_clear(err);
}

int slp_act_parallel(salesplan_activities **out, const char *log, const char *deals,
                     const salesplan_activities_options *opts, salesplan_error *err, int *done)
{
    *done = 0;
    salesplan_activities_options o;
    if (slp_act_options_normalise(&o, opts, NULL) != SALESPLAN_OK ||
        slp_act_check_options(&o, NULL) != SALESPLAN_OK || o.threads < 2)
        return SALESPLAN_OK; /* one thread, which reports any problem */
    uint64_t size = 0;
    int fd = slp_parts_open(log, &size);
    if (fd < 0)
        return SALESPLAN_OK;
    salesplan_activity_state *s = NULL;
    int rc = slp_act_state_new(&s, &o, NULL);
    if (rc == SALESPLAN_OK) { /* the deals first, as on one thread */
        slp_reader dr;
        rc = slp_reader_open(&dr, deals, err);
        if (rc == SALESPLAN_OK) {
            rc = slp_act_feed_whole(s, SALESPLAN_INPUT_DEALS, &dr, NULL, 0, err);
            slp_reader_close(&dr);
        }
        if (rc != SALESPLAN_OK) { /* the error one thread gives: it reads the deals first */
            salesplan_activity_state_free(s);
            close(fd);
            *done = 1;
            return rc;
        }
    }
    /* the header of the log and the first chunk, which decide how it is read */
    uint64_t pos = 0;
    const slp_act_input *in = s ? &s->in[SALESPLAN_INPUT_LOG] : NULL;
    while (rc == SALESPLAN_OK && !in->doc_header && pos < size / 2) {
        uint64_t to = pos + SLP_CSV_CHUNK < size ? pos + SLP_CSV_CHUNK : size;
        rc = log_bytes(s, fd, pos, to, NULL);
        pos = to;
    }
    log_part parts[SALESPLAN_ACTIVITIES_MAX_THREADS];
    uint64_t cut[SALESPLAN_ACTIVITIES_MAX_THREADS + 1];
    size_t n = 0;
    if (rc == SALESPLAN_OK && in->doc_header)
        n = slp_parts_cut(fd, pos, size,
                          o.threads < SALESPLAN_ACTIVITIES_MAX_THREADS
                              ? o.threads
                              : SALESPLAN_ACTIVITIES_MAX_THREADS,
                          cut);
    memset(parts, 0, sizeof parts);
    for (size_t i = 0; i < n; i++)
        parts[i] = (log_part){.s = i == 0 ? s : NULL,
                              .fd = fd,
                              .from = cut[i],
                              .to = cut[i + 1],
                              .header_bytes = in->doc_header_bytes,
                              .last = i + 1 == n};
    int again = 1;
    if (n >= 1)
        run_parts(parts, n, err, &again);
    for (size_t i = 1; i < n; i++)
        salesplan_activity_state_free(parts[i].s);
    close(fd);
    if (!again) {
        slp_act_input_forget_ids(&s->in[SALESPLAN_INPUT_LOG]); /* nothing more is fed */
        rc = salesplan_activity_state_finish(out, s, err);
        *done = 1;
    }
    salesplan_activity_state_free(s);
    return again ? SALESPLAN_OK : rc;
}
