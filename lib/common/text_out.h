/* Internal: the frame of a public function that writes a text document
 * (render, to_json): the buffer is filled in the C locale (common/clocale.h)
 * and handed to the caller as a salesplan_free()-able string.
 *
 *     slp_strbuf sb = SLP_STRBUF_INIT;
 *     slp_clocale loc;
 *     int rc = slp_text_begin(&loc, err);
 *     if (rc == SALESPLAN_OK)
 *         rc = write_the_document(&sb, ...);
 *     return slp_text_finish(&loc, &sb, rc, out, len, "out of memory ...", err);
 */
#ifndef SLP_TEXT_OUT_H
#define SLP_TEXT_OUT_H

#include <stddef.h>

#include "common/clocale.h"
#include "common/strbuf.h"
#include "salesplan/common.h"

/* Switch the thread to the C locale; SALESPLAN_ENOMEM ("out of memory" in
 * err) when it cannot. slp_text_finish() is safe to call either way. */
int slp_text_begin(slp_clocale *loc, salesplan_error *err);

/* Leave the C locale. When rc is not SALESPLAN_OK, free the buffer and
 * return rc (its message already set); otherwise hand the text to *out and
 * *len, or return SALESPLAN_ENOMEM with the message `oom` when the buffer ran
 * out of memory. */
int slp_text_finish(slp_clocale *loc, slp_strbuf *sb, int rc, char **out, size_t *len,
                    const char *oom, salesplan_error *err);

#endif
