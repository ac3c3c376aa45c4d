/* Streaming RFC 4180 tokenizer: chunked reads, zero-copy fields, 64-bit offsets. */
#include "estimate/csv.h"

#include <string.h>
#if defined(__SSE2__)
#  include <emmintrin.h>
#endif

#include "common/alloc.h"
#include "common/error.h"
#include "estimate/csv_fast.h"

#define NEED_MORE 1000
/* Fields allocated up front, so that the fast path's room is there. */
#define FAST_FIELDS 128

typedef struct mem_source {
    const char *buf;
    size_t len;
    size_t pos;
} mem_source;

struct slp_csv {
    slp_reader *r;
    slp_reader mem_reader; /* used by slp_csv_open_buffer */
    mem_source mem;
    char *buf;   /* cap + 1 + SLP_CSV_PAD bytes: a NUL sentinel follows the data */
    size_t cap;
    size_t pos;  /* start of the unconsumed data */
    size_t len;  /* end of the data */
    uint64_t base; /* input offset of buf[0] */
    uint64_t line; /* line on which the next record starts */
    int eof;
    int state;   /* SALESPLAN_OK, SLP_CSV_END or a sticky error */
    int bom_checked;
    int push; /* push mode: no reader, SLP_CSV_MORE instead of a refill */
    size_t chunk, max_record, max_fields;
    slp_csv_field *fields;
    size_t fcap;
    char delim;
    unsigned char special[256]; /* bytes that stop the unquoted scan */
    slp_csv_fast_fn fast; /* csv_fast.h; NULL when there is none */
    slp_csv_blocks blocks; /* its classified block (moved data invalidates it) */
};

static ssize_t mem_read(void *ctx, void *buf, size_t n)
{
    mem_source *m = ctx;
    size_t left = m->len - m->pos;
    if (n > left)
        n = left;
    if (n > 0)
        memcpy(buf, m->buf + m->pos, n);
    m->pos += n;
    return (ssize_t)n;
}

int slp_csv_open(slp_csv **out, slp_reader *r, char delim, size_t chunk, size_t max_record,
                 size_t max_fields, salesplan_error *err)
{
    if (out == NULL || r == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "no CSV output or reader given");
    *out = NULL;
    if (delim == '"' || delim == '\n' || delim == '\r' || delim == '\0')
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "the CSV delimiter cannot be a quote, a line end or NUL");
    slp_csv *c = slp_calloc(1, sizeof *c);
    if (c == NULL)
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    c->r = r;
    c->chunk = chunk ? chunk : SLP_CSV_CHUNK;
    if (c->chunk < 16)
        c->chunk = 16;
    c->max_record = max_record ? max_record : SLP_CSV_MAX_RECORD;
    c->max_fields = max_fields ? max_fields : SLP_CSV_MAX_FIELDS;
    c->cap = c->chunk;
    c->buf = slp_malloc(c->cap + 1 + SLP_CSV_PAD);
    if (c->buf == NULL) {
        slp_free(c);
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    }
    memset(c->buf, 0, 1 + SLP_CSV_PAD);
    /* room for the fast path's block of fields (fast_record) */
    if (c->max_fields >= FAST_FIELDS &&
        slp_grow((void **)&c->fields, &c->fcap, FAST_FIELDS, sizeof *c->fields) != 0) {
        slp_free(c->buf);
        slp_free(c);
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    }
    c->line = 1;
    c->blocks.blk = SLP_CSV_NO_BLOCK;
    c->fast = slp_csv_fast_pick();
    slp_csv_set_delim(c, delim);
    *out = c;
    return SALESPLAN_OK;
}

int slp_csv_open_buffer(slp_csv **out, const char *buf, size_t len, char delim, size_t chunk,
                        size_t max_record, size_t max_fields, salesplan_error *err)
{
    if (buf == NULL && len > 0)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "NULL buffer with a length");
    /* The reader lives inside the tokenizer: open with a placeholder, then point it home. */
    slp_reader tmp = {mem_read, NULL, -1, "(buffer)"};
    int rc = slp_csv_open(out, &tmp, delim, chunk, max_record, max_fields, err);
    if (rc != SALESPLAN_OK)
        return rc;
    slp_csv *c = *out;
    c->mem.buf = buf;
    c->mem.len = len;
    c->mem.pos = 0;
    c->mem_reader = tmp;
    c->mem_reader.ctx = &c->mem;
    c->r = &c->mem_reader;
    return SALESPLAN_OK;
}

static ssize_t no_read(void *ctx, void *buf, size_t n)
{
    (void)ctx;
    (void)buf;
    (void)n;
    return 0;
}

int slp_csv_open_push(slp_csv **out, char delim, salesplan_error *err)
{
    slp_reader none = {no_read, NULL, -1, "(pushed bytes)"};
    int rc = slp_csv_open(out, &none, delim, 0, 0, 0, err);
    if (rc != SALESPLAN_OK)
        return rc;
    (*out)->mem_reader = none;
    (*out)->r = &(*out)->mem_reader;
    (*out)->push = 1;
    return SALESPLAN_OK;
}

int slp_csv_push_room(slp_csv *c, size_t want, char **dst, size_t *room,
                      salesplan_error *err)
{
    *dst = NULL;
    *room = 0;
    if (c->state != SALESPLAN_OK && c->state != SLP_CSV_END)
        return slp_error_set(err, c->state, NULL, 0, 0, "the CSV input already failed");
    if (c->eof)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "bytes given after the end of the CSV input");
    c->blocks.blk = SLP_CSV_NO_BLOCK;
    if (c->pos > 0 && want > c->cap - c->len) { /* drop what was consumed */
        size_t keep = c->len - c->pos;
        memmove(c->buf, c->buf + c->pos, keep);
        c->base += c->pos;
        c->len = keep;
        c->pos = 0;
    }
    if (want > c->cap - c->len) {
        size_t ncap = c->cap;
        while (want > ncap - c->len) {
            if (ncap > (SIZE_MAX - 1 - SLP_CSV_PAD) / 2)
                return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
            ncap *= 2;
        }
        char *nb = slp_realloc(c->buf, ncap + 1 + SLP_CSV_PAD);
        if (nb == NULL)
            return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
        c->buf = nb;
        c->cap = ncap;
    }
    *dst = c->buf + c->len;
    *room = c->cap - c->len;
    return SALESPLAN_OK;
}

void slp_csv_pushed(slp_csv *c, size_t n)
{
    c->len += n;
    memset(c->buf + c->len, 0, 1 + SLP_CSV_PAD);
}

int slp_csv_push(slp_csv *c, const char *data, size_t len, salesplan_error *err)
{
    char *dst;
    size_t room;
    int rc = slp_csv_push_room(c, len, &dst, &room, err);
    if (rc != SALESPLAN_OK || len == 0)
        return rc;
    memcpy(dst, data, len);
    slp_csv_pushed(c, len);
    return SALESPLAN_OK;
}

void slp_csv_push_end(slp_csv *c)
{
    if (c)
        c->eof = 1;
}

uint64_t slp_csv_line(const slp_csv *c)
{
    return c ? c->line : 0;
}

const char *slp_csv_pending_data(const slp_csv *c)
{
    return c->buf + c->pos;
}

size_t slp_csv_pending(const slp_csv *c)
{
    return c ? c->len - c->pos : 0;
}

void slp_csv_free(slp_csv *c)
{
    if (c == NULL)
        return;
    slp_free(c->buf);
    slp_free(c->fields);
    slp_free(c);
}

static int refill(slp_csv *c, salesplan_error *err);

int slp_csv_peek(slp_csv *c, const char **data, size_t *len, salesplan_error *err)
{
    if (!c->push && c->state == SALESPLAN_OK && c->len - c->pos < c->chunk / 2 && !c->eof) {
        int rc = refill(c, err);
        if (rc != SALESPLAN_OK) {
            c->state = rc;
            return rc;
        }
    }
    *data = c->buf + c->pos;
    *len = c->len - c->pos;
    if (c->push && *len > c->chunk)
        *len = c->chunk; /* the window a file read sees first */
    if (c->base == 0 && c->pos == 0 && *len >= 3 && memcmp(*data, "\xEF\xBB\xBF", 3) == 0) {
        *data += 3;
        *len -= 3;
    }
    return SALESPLAN_OK;
}

void slp_csv_set_delim(slp_csv *c, char delim)
{
    c->special[(unsigned char)c->delim] = 0;
    c->delim = delim;
    c->special[(unsigned char)delim] = 1;
    c->special['"'] = 1;
    c->special['\n'] = 1;
    c->special['\r'] = 1;
    c->special[0] = 1;
}

void slp_csv_no_bom(slp_csv *c)
{
    if (c)
        c->bom_checked = 1;
}

uint64_t slp_csv_bytes(const slp_csv *c)
{
    return c ? c->base + c->pos : 0;
}

/* Move the unconsumed tail to the front, grow when it fills half the buffer,
 * and read until at least half a chunk was added or the input ends. */
static int refill(slp_csv *c, salesplan_error *err)
{
    c->blocks.blk = SLP_CSV_NO_BLOCK;
    if (c->pos > 0) {
        size_t keep = c->len - c->pos;
        memmove(c->buf, c->buf + c->pos, keep);
        c->base += c->pos;
        c->len = keep;
        c->pos = 0;
    }
    if (c->cap - c->len < c->chunk / 2) {
        if (c->len >= c->max_record)
            return slp_error_set(err, SALESPLAN_ELIMIT, NULL, (long)c->line, 0,
                                 "line %llu: a record longer than %zu bytes (an unbalanced "
                                 "quote?)",
                                 (unsigned long long)c->line, c->max_record);
        size_t ncap = c->cap * 2;
        if (ncap < c->cap || ncap > SIZE_MAX - 1 - SLP_CSV_PAD)
            return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
        char *nb = slp_realloc(c->buf, ncap + 1 + SLP_CSV_PAD);
        if (nb == NULL)
            return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
        c->buf = nb;
        c->cap = ncap;
    }
    size_t added = 0;
    while (!c->eof && added < c->chunk / 2 && c->len < c->cap) {
        size_t got = 0;
        int rc = slp_reader_read(c->r, c->buf + c->len, c->cap - c->len, &got, err);
        if (rc != SALESPLAN_OK) {
            c->buf[c->len] = '\0';
            return rc;
        }
        if (got == 0)
            c->eof = 1;
        c->len += got;
        added += got;
    }
    memset(c->buf + c->len, 0, 1 + SLP_CSV_PAD);
    return SALESPLAN_OK;
}

static uint64_t count_newlines(const char *p, const char *q)
{
    uint64_t n = 0;
    while (p < q) {
        const char *nl = memchr(p, '\n', (size_t)(q - p));
        if (nl == NULL)
            break;
        n++;
        p = nl + 1;
    }
    return n;
}

/* Unescape a quoted field in place: [s, e) starts with the opening quote. */
static size_t unquote(char *s, const char *e)
{
    char *w = s;
    const char *p = s + 1;
    int inq = 1;
    while (p < e) {
        if (inq && *p == '"') {
            if (p + 1 < e && p[1] == '"') {
                *w++ = '"';
                p += 2;
            } else {
                inq = 0;
                p++;
            }
        } else {
            *w++ = *p++;
        }
    }
    return (size_t)(w - s);
}

static int grow_fields(slp_csv *c, size_t nf, salesplan_error *err)
{
    if (nf >= c->max_fields)
        return slp_error_set(err, SALESPLAN_ELIMIT, NULL, (long)c->line, 0,
                             "line %llu: more than %zu fields in a record",
                             (unsigned long long)c->line, c->max_fields);
    if (slp_grow((void **)&c->fields, &c->fcap, nf + 1, sizeof *c->fields) != 0)
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    return SALESPLAN_OK;
}

/* Append field [ptr, ptr+len) as number nf (then nf++); returns from
 * parse_record on failure. */
#define PUSH(ptr_, len_)                                                              \
    do {                                                                              \
        if (nf >= flim) {                                                             \
            if ((rc = grow_fields(c, nf, err)) != SALESPLAN_OK)                       \
                return rc;                                                            \
            fl = c->fields;                                                           \
            flim = c->fcap < c->max_fields ? c->fcap : c->max_fields;                 \
        }                                                                             \
        fl[nf].ptr = (ptr_);                                                          \
        fl[nf].len = (size_t)(len_);                                                  \
        nf++;                                                                         \
    } while (0)

#if defined(__GNUC__)
#  define CTZ(x) ((unsigned)__builtin_ctz(x))
#else
static unsigned CTZ(unsigned x)
{
    unsigned n = 0;
    while (!(x & 1u)) {
        x >>= 1;
        n++;
    }
    return n;
}
#endif

/* Parse one record from buf[pos, len). Nothing is modified until the record is
 * known to be complete, so NEED_MORE can restart it after a refill. */
static int parse_record(slp_csv *c, slp_csv_row *row, salesplan_error *err)
{
    char *const start = c->buf + c->pos;
    char *const end = c->buf + c->len;
    const unsigned char *sp = c->special;
    const char delim = c->delim;
    char *p = start;
    size_t nf = 0, nfix = 0;
    /* the field array and its usable length in locals: stores through it
     * could otherwise alias c's members and force reloads on every field */
    slp_csv_field *fl = c->fields;
    size_t flim = c->fcap < c->max_fields ? c->fcap : c->max_fields;
    uint64_t nl = 0;
    unsigned flags = 0;
    int rc;
#if defined(__SSE2__)
    const __m128i vd = _mm_set1_epi8(delim), vq = _mm_set1_epi8('"'),
                  vc = _mm_set1_epi8('\r'); /* '\0', '\n', '\r' are all <= '\r' */
#endif

    if (p == end)
        return c->eof ? SLP_CSV_END : NEED_MORE;
    size_t fend;
    if (c->fast && c->fast(&c->blocks, c->buf, c->pos, c->len, delim, fl, flim, &fend, &nf)) {
        p = c->buf + fend;
        goto complete;
    }
    for (;;) { /* a field starts at p */
        char *fs = p;
        if (*p == '"') {
            int fix = 0;
            p++;
            for (;;) {
                char *q = memchr(p, '"', (size_t)(end - p));
                if (q == NULL) {
                    if (!c->eof)
                        return NEED_MORE;
                    return slp_error_set(err, SALESPLAN_ESYNTAX, NULL, (long)c->line, 0,
                                         "line %llu: a quoted field is never closed (the "
                                         "input ends inside it)",
                                         (unsigned long long)c->line);
                }
                nl += count_newlines(p, q);
                if (memchr(p, '\0', (size_t)(q - p)) != NULL)
                    flags |= SLP_CSV_NUL; /* a NUL inside quotes flags the row too */
                if (q + 1 == end && !c->eof)
                    return NEED_MORE;
                if (q + 1 < end && q[1] == '"') {
                    fix = 1;
                    p = q + 2;
                    continue;
                }
                p = q + 1;
                break;
            }
            if (p == end || *p == delim || *p == '\n' || *p == '\r') {
                if (fix) {
                    PUSH(fs, p - fs); /* unescaped once the record is complete */
                    nfix++;
                } else {
                    PUSH(fs + 1, p - fs - 2);
                }
                goto terminator;
            }
            /* "ab"c: keep the rest as unquoted text, like Python's csv module */
            flags |= SLP_CSV_BADQUOTE;
            nfix++;
        }
        /* Unquoted text: cut a field at every delimiter until a special byte. */
        for (;;) {
#if defined(__SSE2__)
            while (end - p >= 16) {
                __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
                unsigned md = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, vd));
                /* candidate stops: quotes and every byte <= '\r' (unsigned); the
                 * other control bytes are sorted out after `special` */
                __m128i st = _mm_or_si128(_mm_cmpeq_epi8(v, vq),
                                          _mm_cmpeq_epi8(_mm_min_epu8(v, vc), v));
                unsigned ms = (unsigned)_mm_movemask_epi8(st) & ~md;
                if (ms)
                    md &= (ms & (0u - ms)) - 1u; /* delimiters before the first stop */
                if (md && nf + 16 > flim && nf + 16 <= c->max_fields) {
                    /* room for a whole vector of fields */
                    if (slp_grow((void **)&c->fields, &c->fcap, nf + 16, sizeof *c->fields) != 0)
                        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
                    fl = c->fields;
                    flim = c->fcap < c->max_fields ? c->fcap : c->max_fields;
                }
                if (nf + 16 <= flim && md) {
                    slp_csv_field *f = fl + nf; /* no bound checks: at most 16 fields */
                    do {
                        char *q = p + CTZ(md);
                        f->ptr = fs;
                        f->len = (size_t)(q - fs);
                        f++;
                        fs = q + 1;
                        md &= md - 1u;
                    } while (md);
                    nf = (size_t)(f - fl);
                }
                while (md) {
                    char *q = p + CTZ(md);
                    PUSH(fs, q - fs);
                    fs = q + 1;
                    md &= md - 1u;
                }
                if (ms) {
                    p += CTZ(ms);
                    goto special;
                }
                p += 16;
            }
#endif
            while (!sp[(unsigned char)*p])
                p++;
        special:
            if (!sp[(unsigned char)*p]) { /* a control byte the vector test let through */
                p++;
                continue;
            }
            if (*p == delim) {
                PUSH(fs, p - fs);
                p++;
                fs = p;
                if (*p == '"')
                    break; /* the next field is quoted */
                continue;
            }
            if (*p == '"') {
                if (p == fs)
                    break; /* a quoted field starts right after a delimiter */
                p++;       /* a quote inside unquoted text is literal */
                continue;
            }
            if (*p == '\0' && p != end) {
                flags |= SLP_CSV_NUL;
                p++;
                continue;
            }
            /* '\n', '\r' or the end of the data */
            if (p == end && !c->eof)
                return NEED_MORE;
            PUSH(fs, p - fs);
            goto terminator;
        }
        continue; /* quoted field at p */
    terminator:
        if (p == end)
            break;
        if (*p == delim) {
            p++;
            continue;
        }
        if (*p == '\n') {
            p++;
            break;
        }
        /* '\r', alone or before '\n' */
        if (p + 1 == end && !c->eof)
            return NEED_MORE;
        p++;
        if (p < end && *p == '\n')
            p++;
        break;
    }
complete:
    /* The record is complete: unescape what needs it. */
    if (nfix > 0) {
        for (size_t i = 0; i < nf; i++) {
            char *f = (char *)(uintptr_t)c->fields[i].ptr;
            /* only a field that still starts with its opening quote needs it */
            if (c->fields[i].len > 0 && *f == '"')
                c->fields[i].len = unquote(f, f + c->fields[i].len);
        }
    }
    row->fields = c->fields;
    row->count = nf;
    if (nf == 1 && c->fields[0].len == 0 && c->fields[0].ptr == start)
        row->count = 0; /* a blank line */
    row->line = c->line;
    row->offset = c->base + c->pos;
    row->flags = flags;
    c->line += nl + 1;
    c->pos = (size_t)(p - c->buf);
    return SALESPLAN_OK;
}

int slp_csv_next(slp_csv *c, slp_csv_row *row, salesplan_error *err)
{
    if (c == NULL || row == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "NULL tokenizer or row");
    if (c->state != SALESPLAN_OK) {
        if (c->state != SLP_CSV_END)
            slp_error_set(err, c->state, NULL, 0, 0, "the CSV input already failed");
        return c->state;
    }
    for (;;) {
        if (!c->bom_checked && (c->len - c->pos >= 3 || c->eof)) {
            c->bom_checked = 1;
            if (c->base == 0 && c->pos == 0 && c->len >= 3 &&
                memcmp(c->buf, "\xEF\xBB\xBF", 3) == 0)
                c->pos = 3;
        }
        int rc = c->bom_checked ? parse_record(c, row, err) : NEED_MORE;
        if (c->push && rc == NEED_MORE && !c->eof && c->len - c->pos >= c->max_record)
            rc = slp_error_set(err, SALESPLAN_ELIMIT, NULL, (long)c->line, 0,
                               "line %llu: a record longer than %zu bytes (an unbalanced "
                               "quote?)",
                               (unsigned long long)c->line, c->max_record);
        else if (c->push && rc == SALESPLAN_OK &&
                 c->base + c->pos - row->offset > c->max_record)
            rc = slp_error_set(err, SALESPLAN_ELIMIT, NULL, (long)row->line, 0,
                               "line %llu: a record longer than %zu bytes (an unbalanced "
                               "quote?)",
                               (unsigned long long)row->line, c->max_record);
        if (rc == NEED_MORE && c->push && !c->eof)
            return SLP_CSV_MORE; /* not sticky: the host pushes more */
        if (rc == NEED_MORE) {
            if (c->eof) { /* cannot happen: parse_record finishes at the end */
                c->state = SALESPLAN_EINTERNAL;
                return slp_error_set(err, SALESPLAN_EINTERNAL, NULL, 0, 0,
                                     "CSV tokenizer stalled at the end of input");
            }
            rc = refill(c, err);
            if (rc != SALESPLAN_OK) {
                c->state = rc;
                return rc;
            }
            continue;
        }
        if (rc != SALESPLAN_OK)
            c->state = rc;
        return rc;
    }
}
