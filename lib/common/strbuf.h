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

/* Writing in place, for the hot paths of the writers: slp_sb_room() makes room
 * for up to n more bytes (and the NUL) and returns where they go, or NULL once
 * the buffer has failed; slp_sb_commit() then adds the k <= n bytes written. */
char *slp_sb_room_slow(slp_strbuf *sb, size_t n);
static inline char *slp_sb_room(slp_strbuf *sb, size_t n)
{
    if (n < sb->cap - sb->len && !sb->failed)
        return sb->data + sb->len;
    return slp_sb_room_slow(sb, n);
}
static inline void slp_sb_commit(slp_strbuf *sb, size_t k)
{
    sb->len += k;
    sb->data[sb->len] = '\0';
}
void slp_sb_puts(slp_strbuf *sb, const char *s);
void slp_sb_putc(slp_strbuf *sb, char c);
void slp_sb_printf(slp_strbuf *sb, const char *fmt, ...) SLP_PRINTF(2, 3);
/* Hand the text to the caller (NUL-terminated; free with slp_free/salesplan_free).
 * Returns SALESPLAN_OK or SALESPLAN_ENOMEM (then the buffer is released). */
int slp_sb_finish(slp_strbuf *sb, char **out, size_t *len);
void slp_sb_release(slp_strbuf *sb);

#endif
