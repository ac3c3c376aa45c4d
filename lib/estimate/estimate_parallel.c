/* A large snapshot file on two threads, when the options ask for two or more: the second reads from the first line end
 * after the middle, the first reads up to there; their counts are then merged.
 *
 * A line end inside a quoted field would make the guess wrong: the first thread
 * notices (no record starts exactly at the split), reads on to the end alone,
 * and the second thread's work is dropped. Line numbers of the second half are
 * shifted by the lines of the first, so reports are the same as one thread's. */
#define _POSIX_C_SOURCE 200809L
#define _FILE_OFFSET_BITS 64
#include <pthread.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/alloc.h"
#include "common/error.h"
#include "estimate/estimate_internal.h"
#include "common/io.h"

/* Files smaller than this are read on one thread. */
#define PARALLEL_MIN_BYTES ((uint64_t)16 << 20)

typedef struct half {
    slp_est_ctx x;
    salesplan_error err;
    const char *path;
    const salesplan_estimate_options *o;
    uint64_t split;
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

static void *second_half(void *arg)
{
    half *h = arg;
    slp_reader r;
    slp_csv *csv = NULL;
    uint64_t line;
    char delim = h->o->delimiter ? h->o->delimiter : ',';
    h->rc = slp_est_ctx_init(&h->x, h->o, &h->err);
    if (h->rc != SALESPLAN_OK)
        return NULL;
    /* the header, from the start */
    h->rc = slp_reader_open(&r, h->path, &h->err);
    if (h->rc != SALESPLAN_OK)
        return NULL;
    h->rc = slp_csv_open(&csv, &r, delim, 0, 0, 0, &h->err);
    if (h->rc == SALESPLAN_OK)
        h->rc = slp_est_read_header(&h->x, csv);
    slp_csv_free(csv);
    csv = NULL;
    /* the rows, from the split */
    if (h->rc == SALESPLAN_OK && lseek(r.fd, (off_t)h->split, SEEK_SET) != (off_t)h->split)
        h->rc = slp_error_set(&h->err, SALESPLAN_EIO, NULL, 0, 0, "%s: cannot seek", h->path);
    if (h->rc == SALESPLAN_OK)
        h->rc = slp_csv_open(&csv, &r, h->x.delim ? h->x.delim : delim, 0, 0, 0, &h->err);
    if (h->rc == SALESPLAN_OK) {
        slp_csv_no_bom(csv);
        h->rc = slp_est_read_body(&h->x, csv, 0, &line);
    }
    slp_csv_free(csv);
    slp_reader_close(&r);
    return NULL;
}

static void acc_merge(slp_est_acc *a, const slp_est_acc *b)
{
    a->deals += b->deals;
    a->won += b->won;
    a->lost += b->lost;
    a->open += b->open;
    a->amount_n += b->amount_n;
    slp_ksum_add(&a->amount, b->amount.s);
    slp_ksum_add(&a->amount, b->amount.c);
    a->cycle_n += b->cycle_n;
    a->cycle_sum += b->cycle_sum;
}

static int merge(slp_est_ctx *a, slp_est_ctx *b, long long line_offset)
{
    salesplan_estimate *ea = a->e, *eb = b->e;
    acc_merge(&a->overall, &b->overall);
    ea->info.rows += eb->info.rows;
    ea->info.skipped += eb->info.skipped;
    ea->info.join_unmatched += eb->info.join_unmatched;
    ea->info.bytes += eb->info.bytes;
    for (size_t i = 0; i < eb->problem_count && ea->problem_count < a->o->max_reported; i++) {
        if (slp_grow((void **)&ea->problems, &a->problem_cap, ea->problem_count + 1,
                     sizeof *ea->problems) != 0)
            return SALESPLAN_ENOMEM;
        ea->problems[ea->problem_count].line = eb->problems[i].line + line_offset;
        ea->problems[ea->problem_count].message = eb->problems[i].message;
        eb->problems[i].message = NULL; /* moved */
        ea->problem_count++;
    }
    if (a->first_won_spelling[0] == '\0')
        memcpy(a->first_won_spelling, b->first_won_spelling, sizeof a->first_won_spelling);
    a->amount_comma += b->amount_comma;
    a->amount_point += b->amount_point;
    a->slash_dates += b->slash_dates;
    if (b->day_min != SLP_NO_DAY && (a->day_min == SLP_NO_DAY || b->day_min < a->day_min))
        a->day_min = b->day_min;
    if (b->day_max != SLP_NO_DAY && (a->day_max == SLP_NO_DAY || b->day_max > a->day_max))
        a->day_max = b->day_max;
    int rc;
    /* the stage names the second half saw, for the won/lost checks */
    for (uint32_t i = 0; i < b->stage_values.count; i++) {
        size_t len;
        int cls;
        const char *key = slp_dict_key(&b->stage_values, i, &len);
        if ((rc = slp_est_stage_class(a, key, len, &cls)) != SALESPLAN_OK)
            return rc;
    }
    if ((rc = slp_mset_merge(&a->amount_all, &b->amount_all, NULL)) != SALESPLAN_OK ||
        (rc = slp_mset_merge(&a->cycle_all, &b->cycle_all, NULL)) != SALESPLAN_OK)
        return rc;
    for (size_t g = 0; g < a->ngroups; g++) {
        size_t n = b->gdict[g].count;
        uint32_t *map = slp_calloc(n ? n : 1, sizeof *map);
        if (map == NULL)
            return SALESPLAN_ENOMEM;
        for (size_t i = 0; i < n && rc == SALESPLAN_OK; i++) {
            size_t len;
            const char *key = slp_dict_key(&b->gdict[g], (uint32_t)i, &len);
            rc = slp_est_group_intern(a, g, key, len, &map[i]);
            if (rc == SALESPLAN_OK)
                acc_merge(&a->gacc[g][map[i]], &b->gacc[g][i]);
        }
        if (rc == SALESPLAN_OK)
            rc = slp_mset_merge(&a->amount_by[g], &b->amount_by[g], map);
        if (rc == SALESPLAN_OK)
            rc = slp_mset_merge(&a->cycle_by[g], &b->cycle_by[g], map);
        slp_free(map);
        if (rc != SALESPLAN_OK)
            return rc;
    }
    return SALESPLAN_OK;
}

int slp_est_parallel(salesplan_estimate **out, const char *path,
                     const salesplan_estimate_options *opts, salesplan_error *err, int *done)
{
    *done = 0;
    salesplan_estimate_options full;
    slp_est_options_normalise(&full, opts);
    const salesplan_estimate_options *o = &full;
    if (path == NULL || slp_est_threads(o) < 2 || o->shape != SALESPLAN_SHAPE_SNAPSHOT ||
        o->strict ||
        slp_est_check_options(o, NULL) != SALESPLAN_OK)
        return SALESPLAN_OK;
    /* Look before opening: opening a FIFO or a device here and then again in
     * the single-threaded path would consume the writer (a FIFO's writer sees
     * EPIPE, or the second open waits forever). Only large regular files split. */
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) ||
        (uint64_t)st.st_size < PARALLEL_MIN_BYTES)
        return SALESPLAN_OK;
    slp_reader r;
    if (slp_reader_open(&r, path, NULL) != SALESPLAN_OK)
        return SALESPLAN_OK;
    uint64_t split = 0;
    if (fstat(r.fd, &st) == 0 && S_ISREG(st.st_mode) &&
        (uint64_t)st.st_size >= PARALLEL_MIN_BYTES)
        split = find_split(r.fd, (uint64_t)st.st_size);
    half *h = split ? slp_calloc(1, sizeof *h) : NULL;
    pthread_t tid;
    if (h) {
        h->path = path;
        h->o = o;
        h->split = split;
        if (pthread_create(&tid, NULL, second_half, h) != 0) {
            slp_free(h);
            h = NULL;
        }
    }
    if (h == NULL) {
        slp_reader_close(&r);
        return SALESPLAN_OK;
    }
    *done = 1;
    slp_est_ctx x;
    slp_csv *csv = NULL;
    uint64_t line = 0;
    int rc = slp_est_ctx_init(&x, o, err);
    if (rc == SALESPLAN_OK)
        rc = slp_csv_open(&csv, &r, o->delimiter ? o->delimiter : ',', 0, 0, 0, err);
    if (rc == SALESPLAN_OK)
        rc = slp_est_read_header(&x, csv);
    if (rc == SALESPLAN_OK)
        rc = slp_est_read_body(&x, csv, split, &line);
    slp_csv_free(csv);
    slp_reader_close(&r);
    pthread_join(tid, NULL);
    if (rc == SALESPLAN_OK && line != 0) { /* the split fell on a record: take both halves */
        rc = h->rc;
        if (rc != SALESPLAN_OK) {
            if (err)
                *err = h->err;
        } else if ((rc = merge(&x, &h->x, (long long)line - 1)) != SALESPLAN_OK) {
            rc = slp_error_set(err, rc, NULL, 0, 0, "out of memory");
        }
    }
    if (rc == SALESPLAN_OK)
        rc = slp_est_finish(&x);
    slp_est_ctx_free(&h->x);
    salesplan_estimate_free(h->x.e);
    slp_free(h);
    return slp_est_ctx_deliver(&x, rc, out, err);
}
