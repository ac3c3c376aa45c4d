/* Internal growable text buffer used by every writer and renderer. */
#ifndef SLP_STRBUF_H
#define SLP_STRBUF_H

#include <stddef.h>

#include "common/error.h"

typedef struct slp_strbuf {
    char *data;  /* always NUL-terminated once anything was appended */
    size_t len;
    size_t cap;
    int failed;  /* sticky: an allocation failed, later appends are no-ops */
} slp_strbuf;

#define SLP_STRBUF_INIT {NULL, 0, 0, 0}

void slp_sb_append(slp_strbuf *sb, const char *s, size_t n);
void slp_sb_puts(slp_strbuf *sb, const char *s);
void slp_sb_putc(slp_strbuf *sb, char c);
void slp_sb_printf(slp_strbuf *sb, const char *fmt, ...) SLP_PRINTF(2, 3);
/* A JSON string literal, quotes included, with escapes. */
void slp_sb_json_string(slp_strbuf *sb, const char *s);
/* A JSON number that round-trips a double (shortest of %.15g..%.17g);
 * NaN and infinities are written as null. */
void slp_sb_json_number(slp_strbuf *sb, double v);
/* Hand the text to the caller (NUL-terminated; free with slp_free/salesplan_free).
 * Returns SALESPLAN_OK or SALESPLAN_ENOMEM (then the buffer is released). */
int slp_sb_finish(slp_strbuf *sb, char **out, size_t *len);
void slp_sb_release(slp_strbuf *sb);

/* Shortest "%.{15,16,17}g" text that parses back to v; buf needs 32 bytes. */
void slp_format_double(char *buf, size_t size, double v);

#endif
