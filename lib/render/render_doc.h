/* Internal: the frame every public render function shares (result,
 * estimate, simulation, tracking, comparison, sensitivity analysis): check
 * the arguments, pick the writer of the format, write the document in the C
 * locale and hand it to the caller as a salesplan_free()-able string.
 *
 *     static const slp_doc_kind kind = {"simulation", {NULL, markdown, NULL, svg}, members};
 *     return slp_render_doc(out, len, sim, format, &kind, err);
 *
 * Errors: SALESPLAN_EINVAL "no place to put the text (out is NULL)", "no
 * simulation to render (NULL)", or "unknown output format 2 (json, markdown
 * or svg)" for a format the kind has no writer for; SALESPLAN_ENOMEM "out of
 * memory rendering the simulation"; or the writer's own status. *out is NULL
 * and *len 0 after any failure. */
#ifndef SLP_RENDER_DOC_H
#define SLP_RENDER_DOC_H

#include <stddef.h>

#include "common/strbuf.h"
#include "json/json_write.h"
#include "salesplan/result.h"

/* Appends the document of `obj` to sb; returns a salesplan_status (with its
 * message in err when not SALESPLAN_OK). */
typedef int (*slp_doc_writer)(const void *obj, slp_strbuf *sb, salesplan_error *err);

/* Writes the members of `obj`'s JSON document into its open top object. */
typedef void (*slp_doc_members)(slp_jw *w, const void *obj);

typedef struct slp_doc_kind {
    const char *noun;         /* what is rendered, for the messages */
    slp_doc_writer writer[4]; /* by salesplan_format (JSON, MARKDOWN, CSV, SVG); NULL: none */
    /* Instead of writer[SALESPLAN_FORMAT_JSON], when set: the frame opens the
     * document's top object (pretty), has this write the members, closes it
     * and ends the line. */
    slp_doc_members json;
} slp_doc_kind;

salesplan_status slp_render_doc(char **out, size_t *len, const void *obj, salesplan_format format,
                                const slp_doc_kind *kind, salesplan_error *err);

#endif
