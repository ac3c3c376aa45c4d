/* Internal: the byte writer and the checked byte reader of the serialized
 * states (estimate_state_io.c, activity_state_io.c). Values are written in
 * the machine's byte order; the envelope is a 32-byte header (8-byte magic,
 * version, byte-order mark, payload length, FNV-1a-64 checksum of the
 * payload). The reader never reads past its bytes: a read that does not fit
 * marks it bad (with the name of what was being read) and yields zeros, so a
 * decoder may read on and check once. Not installed. */
#ifndef SLP_STATE_BYTES_H
#define SLP_STATE_BYTES_H

#include <stddef.h>
#include <stdint.h>

#include "salesplan/common.h"

#define SLP_STATE_HEADER_BYTES 32u
/* The largest signed count a state may carry (2^53): exact as a double, and
 * two states' counts add without overflow. */
#define SLP_STATE_MAX_COUNT (1LL << 53)

typedef struct slp_wbuf {
    char *p;
    size_t len, cap;
    int failed; /* out of memory (or a string too long): the bytes are unusable */
} slp_wbuf;

void slp_wb_put(slp_wbuf *w, const void *data, size_t n);
void slp_wb_u8(slp_wbuf *w, unsigned v);
void slp_wb_u32(slp_wbuf *w, uint32_t v);
void slp_wb_i32(slp_wbuf *w, int32_t v);
void slp_wb_u64(slp_wbuf *w, uint64_t v);
void slp_wb_i64(slp_wbuf *w, long long v);
void slp_wb_f64(slp_wbuf *w, double v);
/* A string: length + 1 (0 = NULL), then the bytes. */
void slp_wb_strn(slp_wbuf *w, const char *s, size_t n);
void slp_wb_str(slp_wbuf *w, const char *s);
/* A count, then that many strings. */
void slp_wb_list(slp_wbuf *w, const char *const *l, size_t n);
/* Room for the envelope; call first. */
void slp_wb_begin(slp_wbuf *w);
/* Fill the envelope in: magic (8 bytes), version, mark, length, checksum. */
void slp_wb_seal(slp_wbuf *w, const char *magic, uint32_t version);

/* Hand the bytes out (*out, *len; SALESPLAN_OK), or free them and return
 * SALESPLAN_ENOMEM when a write failed. */
int slp_wb_take(slp_wbuf *w, char **out, size_t *len);

uint64_t slp_fnv1a64(const char *p, size_t n);

typedef struct slp_rbuf {
    const char *p;
    size_t left;
    int bad;
    const char *what; /* the first thing that did not fit */
} slp_rbuf;

/* Check the envelope of `len` bytes: SALESPLAN_OK with *r over the payload,
 * else SALESPLAN_EDATA with the problem in err ("an <kind>" names the state
 * in messages, magic's first 7 bytes are its family, the 8th its version). */
int slp_rb_open(slp_rbuf *r, const char *bytes, size_t len, const char *magic, uint32_t version,
                const char *kind, salesplan_error *err);
void slp_rb_bad(slp_rbuf *r, const char *what);
int slp_rb_get(slp_rbuf *r, void *out, size_t n, const char *what);
unsigned slp_rb_u8(slp_rbuf *r, const char *what);
uint32_t slp_rb_u32(slp_rbuf *r, const char *what);
int32_t slp_rb_i32(slp_rbuf *r, const char *what);
uint64_t slp_rb_u64(slp_rbuf *r, const char *what);
/* A signed count within +-SLP_STATE_MAX_COUNT (else bad). */
long long slp_rb_i64(slp_rbuf *r, const char *what);
double slp_rb_f64(slp_rbuf *r, const char *what);
/* A count of elements of at least min_size bytes each, bounded by the bytes left. */
size_t slp_rb_count(slp_rbuf *r, size_t min_size, const char *what);
/* A string borrowed from the bytes (*s NULL when absent): UTF-8 without NUL. */
void slp_rb_str(slp_rbuf *r, const char **s, size_t *n, const char *what);

/* A string that must be there: 0, or -1 (marked bad) when absent or bad. */
int slp_rb_key(slp_rbuf *r, const char **s, size_t *n, const char *what);

/* The frame of a state reader: the arguments and the envelope checked, then
 * body(r, ctx, err) over the payload. The body returns 0 (it read the whole
 * payload and handed the state out through ctx), -1 (corrupt: r's `what`
 * names the part), -2 (out of memory) or a status it set in err, having
 * freed what it made; the call returns SALESPLAN_OK or the error, with the
 * message ("the <kind> is corrupt (... out of range or cut short)").
 * out_given: the caller's out pointer is not NULL. */
typedef int (*slp_rb_body)(slp_rbuf *r, void *ctx, salesplan_error *err);
int slp_rb_read_state(int out_given, const char *bytes, size_t len, const char *magic,
                      uint32_t version, const char *kind, slp_rb_body body, void *ctx,
                      salesplan_error *err);

/* NUL-terminated copies of a list of strings. */
typedef struct slp_strs {
    char **v;
    size_t n;
} slp_strs;

void slp_strs_free(slp_strs *l);
/* A list written by slp_wb_list (no NULL entries): 0, -1 bad, -2 out of memory. */
int slp_rb_list(slp_rbuf *r, slp_strs *l, const char *what);

#endif
