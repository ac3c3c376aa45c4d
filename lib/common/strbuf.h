/* Internal growable text buffer used by every writer and renderer.
 * JSON strings and numbers are written by json/json_write.h. */
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
/* Hand the text to the caller (NUL-terminated; free with slp_free/salesplan_free).
 * Returns SALESPLAN_OK or SALESPLAN_ENOMEM (then the buffer is released). */
int slp_sb_finish(slp_strbuf *sb, char **out, size_t *len);
void slp_sb_release(slp_strbuf *sb);

#endif
