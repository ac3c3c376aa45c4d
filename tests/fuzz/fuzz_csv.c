/* Fuzz target: the streaming CSV tokenizer (lib/estimate/csv.h) over arbitrary bytes.
 *
 * Input: 4 configuration bytes, then the CSV data.
 *   byte 0: delimiter (',' ';' '\t' '|' or the byte itself when it is allowed),
 *   byte 1: chunk size (16 + 4*b, or the 1 MiB default when b == 255),
 *   byte 2: bits 0-3 the reader's step (1..16 bytes per read), bit 4 an EINTR
 *           every few reads, bit 5 skip no BOM (slp_csv_no_bom), bit 6 a read
 *           error (EIO) after the first half of the data, bit 7 small limits,
 *   byte 3: max_fields (with small limits: 1 + b % 32) / max_record.
 *
 * The data is tokenized three ways: from memory (slp_csv_open_buffer), through
 * a reader that returns it in small chunks (slp_csv_open), and by a plain
 * byte-at-a-time reference tokenizer written here from the rules in csv.h. The
 * rows must agree field for field, with the same line, offset and flags, and
 * both tokenizers must end the same way. Fields must stay inside the buffer,
 * with SLP_CSV_PAD readable bytes after each one. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "estimate/csv.h"
#include "common/io.h"
#include "fuzz_check.h"
#include "salesplan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);


/* ---- a reader that trickles the data ------------------------------------------ */

typedef struct trickle {
    const char *buf;
    size_t len, pos;
    size_t step;      /* bytes per read at most */
    int eintr;        /* fail every third read with EINTR */
    size_t fail_at;   /* EIO once pos reaches this (SIZE_MAX: never) */
    unsigned calls;
} trickle;

static ssize_t trickle_read(void *ctx, void *buf, size_t n)
{
    trickle *t = ctx;
    t->calls++;
    if (t->eintr && t->calls % 3 == 0) {
        errno = EINTR;
        return -1;
    }
    if (t->pos >= t->fail_at) {
        errno = EIO;
        return -1;
    }
    size_t k = t->len - t->pos;
    if (k > n)
        k = n;
    if (k > t->step)
        k = t->step;
    if (t->fail_at != SIZE_MAX && k > t->fail_at - t->pos)
        k = t->fail_at - t->pos;
    memcpy(buf, t->buf + t->pos, k);
    t->pos += k;
    return (ssize_t)k;
}

/* ---- the reference tokenizer ------------------------------------------------------ */

typedef struct ref_row {
    char **fields; /* each malloc'ed, NUL-terminated, with its length in lens */
    size_t *lens;
    size_t count;
    uint64_t line, offset;
    unsigned flags;
} ref_row;

typedef struct ref_csv {
    const unsigned char *s;
    size_t len, pos;
    uint64_t line;
    char delim;
} ref_csv;

typedef struct field_buf {
    char *p;
    size_t len, cap;
} field_buf;

static void fb_put(field_buf *f, char c)
{
    if (f->len + 1 >= f->cap) {
        f->cap = f->cap ? f->cap * 2 : 32;
        f->p = realloc(f->p, f->cap);
        CHECK(f->p != NULL);
    }
    f->p[f->len++] = c;
    f->p[f->len] = '\0';
}

static void row_push(ref_row *r, field_buf *f)
{
    r->fields = realloc(r->fields, (r->count + 1) * sizeof *r->fields);
    r->lens = realloc(r->lens, (r->count + 1) * sizeof *r->lens);
    CHECK(r->fields != NULL && r->lens != NULL);
    if (f->p == NULL) { /* an empty field */
        fb_put(f, 'x');
        f->len = 0;
        f->p[0] = '\0';
    }
    r->fields[r->count] = f->p;
    r->lens[r->count] = f->len;
    r->count++;
    f->p = NULL;
    f->len = f->cap = 0;
}

static void row_clear(ref_row *r)
{
    for (size_t i = 0; i < r->count; i++)
        free(r->fields[i]);
    free(r->fields);
    free(r->lens);
    memset(r, 0, sizeof *r);
}

/* One record: SALESPLAN_OK, SLP_CSV_END or SALESPLAN_ESYNTAX (unclosed quote). */
static int ref_next(ref_csv *c, ref_row *row)
{
    memset(row, 0, sizeof *row);
    if (c->pos >= c->len)
        return SLP_CSV_END;
    const unsigned char *s = c->s;
    size_t p = c->pos, end = c->len;
    uint64_t nl = 0;
    int quoted_first = 0;
    row->offset = p;
    row->line = c->line;
    for (;;) { /* a field starts at p */
        field_buf f = {NULL, 0, 0};
        int done = 0;
        if (p < end && s[p] == '"') {
            if (row->count == 0)
                quoted_first = 1;
            p++;
            for (;;) {
                if (p >= end) {
                    free(f.p);
                    row_clear(row);
                    return SALESPLAN_ESYNTAX;
                }
                if (s[p] == '"') {
                    if (p + 1 < end && s[p + 1] == '"') {
                        fb_put(&f, '"');
                        p += 2;
                        continue;
                    }
                    p++;
                    break;
                }
                if (s[p] == '\n')
                    nl++;
                if (s[p] == '\0') /* csv.h: "A NUL byte is kept and flags the row" */
                    row->flags |= SLP_CSV_NUL;
                fb_put(&f, (char)s[p++]);
            }
            if (p == end || s[p] == (unsigned char)c->delim || s[p] == '\n' || s[p] == '\r')
                done = 1;
            else
                row->flags |= SLP_CSV_BADQUOTE;
        }
        while (!done) { /* unquoted text (or the rest after a closing quote) */
            if (p == end || s[p] == (unsigned char)c->delim || s[p] == '\n' || s[p] == '\r')
                break;
            if (s[p] == '\0')
                row->flags |= SLP_CSV_NUL;
            fb_put(&f, (char)s[p++]);
        }
        row_push(row, &f);
        if (p < end && s[p] == (unsigned char)c->delim) {
            p++;
            continue;
        }
        if (p < end && s[p] == '\r') { /* a lone CR or a CRLF */
            p++;
            if (p < end && s[p] == '\n')
                p++;
        } else if (p < end && s[p] == '\n') {
            p++;
        }
        break;
    }
    if (row->count == 1 && row->lens[0] == 0 && !quoted_first) {
        uint64_t line = row->line, offset = row->offset;
        row_clear(row); /* a blank line: no fields */
        row->line = line;
        row->offset = offset;
    }
    c->line += nl + 1;
    c->pos = p;
    return SALESPLAN_OK;
}

/* ---- comparing -------------------------------------------------------------------- */

static void check_row_bounds(const slp_csv_row *r)
{
    for (size_t i = 0; i < r->count; i++) {
        const slp_csv_field *f = &r->fields[i];
        CHECK(f->ptr != NULL || f->len == 0);
        if (f->ptr == NULL)
            continue;
        volatile char sink = 0;
        for (size_t k = 0; k < f->len; k++)
            sink ^= f->ptr[k];
        /* SLP_CSV_PAD readable bytes after the field (ASan reports an overrun) */
        for (size_t k = 0; k < SLP_CSV_PAD; k++)
            sink ^= f->ptr[f->len + k];
        (void)sink;
    }
}

static int same_row(const slp_csv_row *a, const ref_row *b)
{
    if (a->count != b->count || a->line != b->line || a->offset != b->offset ||
        a->flags != b->flags)
        return 0;
    for (size_t i = 0; i < a->count; i++)
        if (a->fields[i].len != b->lens[i] ||
            (a->fields[i].len && memcmp(a->fields[i].ptr, b->fields[i], b->lens[i]) != 0))
            return 0;
    return 1;
}

static void dump(const char *what, const slp_csv_row *a, const ref_row *b)
{
    fprintf(stderr, "%s: lib count=%zu line=%llu off=%llu flags=%u | ref count=%zu line=%llu "
                    "off=%llu flags=%u\n",
            what, a->count, (unsigned long long)a->line, (unsigned long long)a->offset,
            a->flags, b->count, (unsigned long long)b->line, (unsigned long long)b->offset,
            b->flags);
    for (size_t i = 0; i < a->count; i++)
        fprintf(stderr, "  lib[%zu] = '%.*s'\n", i, (int)a->fields[i].len, a->fields[i].ptr);
    for (size_t i = 0; i < b->count; i++)
        fprintf(stderr, "  ref[%zu] = '%.*s'\n", i, (int)b->lens[i], b->fields[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 4)
        return 0;
    static const char delims[] = {',', ';', '\t', '|'};
    char delim = data[0] < 4 ? delims[data[0]] : (char)data[0];
    int delim_ok = !(delim == '"' || delim == '\n' || delim == '\r' || delim == '\0');
    size_t chunk = data[1] == 255 ? 0 : 16 + 4u * data[1];
    size_t step = 1 + (data[2] & 15u);
    int eintr = (data[2] >> 4) & 1, no_bom = (data[2] >> 5) & 1;
    int eio = (data[2] >> 6) & 1, small = (data[2] >> 7) & 1;
    size_t max_fields = small ? 1 + data[3] % 32u : 0;
    size_t max_record = small ? 8 + 16u * data[3] : 0;
    const char *text = (const char *)data + 4;
    size_t len = size - 4;

    salesplan_error err;
    slp_csv *mem = NULL, *str = NULL;
    int rc = slp_csv_open_buffer(&mem, text, len, delim, chunk, max_record, max_fields, &err);
    if (!delim_ok) {
        CHECK(rc == SALESPLAN_EINVAL && mem == NULL);
        return 0;
    }
    if (rc != SALESPLAN_OK) {
        CHECK(rc == SALESPLAN_ENOMEM);
        return 0;
    }
    trickle t = {text, len, 0, step, eintr, eio ? len / 2 : SIZE_MAX, 0};
    slp_reader reader = {trickle_read, &t, -1, "(fuzz)"};
    rc = slp_csv_open(&str, &reader, delim, chunk, max_record, max_fields, &err);
    if (rc != SALESPLAN_OK) {
        slp_csv_free(mem);
        CHECK(rc == SALESPLAN_ENOMEM);
        return 0;
    }
    if (no_bom) {
        slp_csv_no_bom(mem);
        slp_csv_no_bom(str);
    }
    ref_csv ref = {(const unsigned char *)text, len, 0, 1, delim};
    if (!no_bom && len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        ref.pos = 3;

    int mem_done = 0, str_done = 0;
    uint64_t rows = 0;
    while (!mem_done || !str_done) {
        slp_csv_row a, b;
        ref_row r;
        int rr = ref_next(&ref, &r);
        int ra = mem_done ? mem_done : slp_csv_next(mem, &a, &err);
        if (!mem_done) {
            if (ra == SALESPLAN_OK) {
                check_row_bounds(&a);
                CHECK(max_fields == 0 || a.count <= max_fields);
                if (rr != SALESPLAN_OK || !same_row(&a, &r)) {
                    dump("memory tokenizer differs from the reference", &a, &r);
                    CHECK(0);
                }
            } else if (ra == SALESPLAN_ELIMIT) {
                CHECK(small);
                CHECK(err.line > 0);
            } else {
                if (ra != rr)
                    fprintf(stderr, "memory tokenizer ends with %d, reference with %d\n", ra, rr);
                CHECK(ra == rr); /* END or ESYNTAX, like the reference */
                if (ra == SALESPLAN_ESYNTAX)
                    CHECK(err.line == (long)ref.line);
            }
            if (ra != SALESPLAN_OK) {
                mem_done = ra;
                /* sticky */
                slp_csv_row again;
                CHECK(slp_csv_next(mem, &again, NULL) == ra);
            }
        }
        int rb = str_done ? str_done : slp_csv_next(str, &b, &err);
        if (!str_done) {
            if (rb == SALESPLAN_OK) {
                check_row_bounds(&b);
                if (rr != SALESPLAN_OK || !same_row(&b, &r)) {
                    dump("trickle tokenizer differs from the reference", &b, &r);
                    CHECK(0);
                }
            } else if (rb == SALESPLAN_EIO) {
                CHECK(eio); /* the rows before it matched */
            } else if (rb == SALESPLAN_ELIMIT) {
                CHECK(small);
            } else {
                if (rb != rr)
                    fprintf(stderr, "trickle tokenizer ends with %d, reference with %d\n", rb, rr);
                CHECK(rb == rr);
            }
            if (rb != SALESPLAN_OK)
                str_done = rb;
        }
        row_clear(&r);
        if (rr != SALESPLAN_OK) {
            /* the reference ended: so must both tokenizers, at the latest now */
            CHECK(mem_done && str_done);
        }
        rows++;
    }
    CHECK(slp_csv_bytes(mem) <= len);
    slp_csv_free(mem);
    slp_csv_free(str);
    return 0;
}
