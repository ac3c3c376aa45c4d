/* The frame of the public render functions (render_doc.h). */
#include "render/render_doc.h"

#include <stdio.h>

#include "common/error.h"
#include "common/text_out.h"

#define NFORMATS (sizeof((slp_doc_kind *)0)->writer / sizeof(slp_doc_writer))

/* "json, markdown or svg": the formats the kind has a writer for. */
static void format_list(char *buf, size_t size, const slp_doc_kind *kind)
{
    static const char *const names[NFORMATS] = {"json", "markdown", "csv", "svg"};
    size_t n = 0, used = 0;
    for (size_t f = 0; f < NFORMATS; f++)
        n += kind->writer[f] != NULL;
    buf[0] = '\0';
    for (size_t f = 0, k = 0; f < NFORMATS; f++) {
        if (kind->writer[f] == NULL)
            continue;
        const char *sep = k == 0 ? "" : k + 1 == n ? " or " : ", ";
        int w = snprintf(buf + used, size - used, "%s%s", sep, names[f]);
        if (w < 0 || (size_t)w >= size - used)
            return;
        used += (size_t)w;
        k++;
    }
}

salesplan_status slp_render_doc(char **out, size_t *len, const void *obj, salesplan_format format,
                                const slp_doc_kind *kind, salesplan_error *err)
{
    slp_error_clear(err);
    if (len)
        *len = 0;
    if (out == NULL)
        return (salesplan_status)slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                                               "no place to put the text (out is NULL)");
    *out = NULL;
    if (obj == NULL)
        return (salesplan_status)slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                                               "no %s to render (NULL)", kind->noun);
    unsigned f = (unsigned)format;
    slp_doc_writer write = f < NFORMATS ? kind->writer[f] : NULL;
    if (write == NULL) {
        char formats[64];
        format_list(formats, sizeof formats, kind);
        return (salesplan_status)slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                                               "unknown output format %d (%s)", (int)format,
                                               formats);
    }
    char oom[96];
    snprintf(oom, sizeof oom, "out of memory rendering the %s", kind->noun);
    slp_strbuf sb = SLP_STRBUF_INIT;
    slp_clocale loc;
    int rc = slp_text_begin(&loc, err);
    if (rc == SALESPLAN_OK)
        rc = write(obj, &sb, err);
    return (salesplan_status)slp_text_finish(&loc, &sb, rc, out, len, oom, err);
}
