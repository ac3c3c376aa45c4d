/* The byte writer and checked reader of serialized states: see state_bytes.h. */
#include <string.h>

#include "common/alloc.h"
#include "common/error.h"
#include "common/utf8.h"
#include "estimate/state_bytes.h"

#define BOM 0x01020304u

/* ---- writing ------------------------------------------------------------------------ */

void slp_wb_put(slp_wbuf *w, const void *data, size_t n)
{
    if (w->failed)
        return;
    if (n > SIZE_MAX - w->len || slp_grow((void **)&w->p, &w->cap, w->len + n, 1) != 0) {
        w->failed = 1;
        return;
    }
    if (n)
        memcpy(w->p + w->len, data, n);
    w->len += n;
}

void slp_wb_u8(slp_wbuf *w, unsigned v)
{
    unsigned char b = (unsigned char)v;
    slp_wb_put(w, &b, 1);
}
void slp_wb_u32(slp_wbuf *w, uint32_t v) { slp_wb_put(w, &v, 4); }
void slp_wb_i32(slp_wbuf *w, int32_t v) { slp_wb_put(w, &v, 4); }
void slp_wb_u64(slp_wbuf *w, uint64_t v) { slp_wb_put(w, &v, 8); }
void slp_wb_i64(slp_wbuf *w, long long v)
{
    int64_t x = (int64_t)v;
    slp_wb_put(w, &x, 8);
}
void slp_wb_f64(slp_wbuf *w, double v) { slp_wb_put(w, &v, 8); }

void slp_wb_strn(slp_wbuf *w, const char *s, size_t n)
{
    if (s == NULL) {
        slp_wb_u32(w, 0);
        return;
    }
    if (n >= UINT32_MAX) {
        w->failed = 1;
        return;
    }
    slp_wb_u32(w, (uint32_t)n + 1);
    slp_wb_put(w, s, n);
}

void slp_wb_str(slp_wbuf *w, const char *s) { slp_wb_strn(w, s, s ? strlen(s) : 0); }

void slp_wb_list(slp_wbuf *w, const char *const *l, size_t n)
{
    slp_wb_u64(w, n);
    for (size_t i = 0; i < n; i++)
        slp_wb_str(w, l[i]);
}

void slp_wb_begin(slp_wbuf *w)
{
    char head[SLP_STATE_HEADER_BYTES] = {0};
    slp_wb_put(w, head, sizeof head);
}

int slp_wb_take(slp_wbuf *w, char **out, size_t *len)
{
    if (w->failed) {
        slp_free(w->p);
        *w = (slp_wbuf){0};
        return SALESPLAN_ENOMEM;
    }
    *out = w->p;
    *len = w->len;
    return SALESPLAN_OK;
}

uint64_t slp_fnv1a64(const char *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)p[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

void slp_wb_seal(slp_wbuf *w, const char *magic, uint32_t version)
{
    if (w->failed || w->len < SLP_STATE_HEADER_BYTES)
        return;
    uint32_t bom = BOM;
    uint64_t plen = w->len - SLP_STATE_HEADER_BYTES;
    uint64_t sum = slp_fnv1a64(w->p + SLP_STATE_HEADER_BYTES, plen);
    memcpy(w->p, magic, 8);
    memcpy(w->p + 8, &version, 4);
    memcpy(w->p + 12, &bom, 4);
    memcpy(w->p + 16, &plen, 8);
    memcpy(w->p + 24, &sum, 8);
}

/* ---- reading ------------------------------------------------------------------------ */

int slp_rb_open(slp_rbuf *r, const char *bytes, size_t len, const char *magic, uint32_t version,
                const char *kind, salesplan_error *err)
{
    const unsigned hb = SLP_STATE_HEADER_BYTES;
    if (len < hb)
        return slp_error_set(err, SALESPLAN_EDATA, NULL, 0, 0,
                             "not an %s: %zu bytes, shorter than its %u-byte header", kind, len,
                             hb);
    if (memcmp(bytes, magic, 7) != 0)
        return slp_error_set(err, SALESPLAN_EDATA, NULL, 0, 0,
                             "not an %s (the bytes do not start with %.7s)", kind, magic);
    uint32_t v, bom;
    uint64_t plen, sum;
    memcpy(&v, bytes + 8, 4);
    memcpy(&bom, bytes + 12, 4);
    memcpy(&plen, bytes + 16, 8);
    memcpy(&sum, bytes + 24, 8);
    if (bom != BOM)
        return slp_error_set(err, SALESPLAN_EDATA, NULL, 0, 0,
                             "the %s was written on a machine of another byte order (or is "
                             "corrupt)",
                             kind);
    if (bytes[7] != magic[7] || v != version)
        return slp_error_set(err, SALESPLAN_EDATA, NULL, 0, 0,
                             "%s format version %u is not supported (this library reads %u)",
                             kind, v, version);
    if (plen != len - hb)
        return slp_error_set(err, SALESPLAN_EDATA, NULL, 0, 0,
                             "the %s is truncated or padded: its header says %llu bytes of "
                             "payload, %zu given",
                             kind, (unsigned long long)plen, len - hb);
    if (slp_fnv1a64(bytes + hb, (size_t)plen) != sum)
        return slp_error_set(err, SALESPLAN_EDATA, NULL, 0, 0,
                             "the %s is corrupt (checksum mismatch)", kind);
    *r = (slp_rbuf){bytes + hb, (size_t)plen, 0, NULL};
    return SALESPLAN_OK;
}

int slp_rb_read_state(int out_given, const char *bytes, size_t len, const char *magic,
                      uint32_t version, const char *kind, slp_rb_body body, void *ctx,
                      salesplan_error *err)
{
    if (!out_given || (bytes == NULL && len > 0))
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "NULL argument");
    slp_rbuf r;
    int rc = slp_rb_open(&r, bytes, len, magic, version, kind, err);
    if (rc != SALESPLAN_OK)
        return rc;
    rc = body(&r, ctx, err);
    if (rc == -2)
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    if (rc == -1)
        return slp_error_set(err, SALESPLAN_EDATA, NULL, 0, 0,
                             "the %s is corrupt (%s out of range or cut short)", kind,
                             r.what ? r.what : "a value");
    if (rc == 0)
        slp_error_clear(err);
    return rc;
}

void slp_rb_bad(slp_rbuf *r, const char *what)
{
    if (!r->bad)
        r->what = what;
    r->bad = 1;
}

int slp_rb_get(slp_rbuf *r, void *out, size_t n, const char *what)
{
    if (r->bad || n > r->left) {
        slp_rb_bad(r, what);
        memset(out, 0, n);
        return -1;
    }
    memcpy(out, r->p, n);
    r->p += n;
    r->left -= n;
    return 0;
}

/* A fixed-size value (zero once the reader is bad). */
#define RB_GETTER(RET, STORED, NAME)                                                    \
    RET slp_rb_##NAME(slp_rbuf *r, const char *what)                                      \
    {                                                                                     \
        STORED v;                                                                         \
        return slp_rb_get(r, &v, sizeof v, what) == 0 ? (RET)v : 0;                       \
    }
RB_GETTER(unsigned, unsigned char, u8)
RB_GETTER(uint32_t, uint32_t, u32)
RB_GETTER(int32_t, int32_t, i32)
RB_GETTER(uint64_t, uint64_t, u64)
RB_GETTER(double, double, f64)

long long slp_rb_i64(slp_rbuf *r, const char *what)
{
    int64_t v;
    slp_rb_get(r, &v, 8, what);
    if (v > SLP_STATE_MAX_COUNT || v < -SLP_STATE_MAX_COUNT) {
        slp_rb_bad(r, what);
        return 0;
    }
    return (long long)v;
}
size_t slp_rb_count(slp_rbuf *r, size_t min_size, const char *what)
{
    uint64_t n = slp_rb_u64(r, what);
    if (r->bad)
        return 0;
    if (n > r->left / (min_size ? min_size : 1)) {
        slp_rb_bad(r, what);
        return 0;
    }
    return (size_t)n;
}

void slp_rb_str(slp_rbuf *r, const char **s, size_t *n, const char *what)
{
    *s = NULL;
    *n = 0;
    uint32_t l = slp_rb_u32(r, what);
    if (r->bad || l == 0)
        return;
    if ((size_t)l - 1 > r->left) {
        slp_rb_bad(r, what);
        return;
    }
    *s = r->p;
    *n = (size_t)l - 1;
    r->p += *n;
    r->left -= *n;
    if (!slp_utf8_valid(*s, *n) || memchr(*s, '\0', *n) != NULL)
        slp_rb_bad(r, what);
}

int slp_rb_key(slp_rbuf *r, const char **s, size_t *n, const char *what)
{
    slp_rb_str(r, s, n, what);
    if (r->bad || *s == NULL) {
        slp_rb_bad(r, what);
        return -1;
    }
    return 0;
}

void slp_strs_free(slp_strs *l)
{
    slp_free_strings(l->v, l->n);
    l->v = NULL;
    l->n = 0;
}

int slp_rb_list(slp_rbuf *r, slp_strs *l, const char *what)
{
    size_t n = slp_rb_count(r, 4, what);
    if (r->bad)
        return -1;
    l->v = slp_calloc(n ? n : 1, sizeof *l->v);
    if (l->v == NULL)
        return -2;
    for (size_t i = 0; i < n; i++) {
        const char *s;
        size_t sn;
        if (slp_rb_key(r, &s, &sn, what) != 0)
            return -1;
        if ((l->v[i] = slp_strndup(s, sn)) == NULL)
            return -2;
        l->n++;
    }
    return 0;
}
