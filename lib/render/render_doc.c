/* The frame of the public render functions (render_doc.h). */
#include "render/render_doc.h"

#include <stdio.h>

#include "common/error.h"
#include "common/text_out.h"

#define NFORMATS (sizeof((slp_doc_kind *)0)->writer / sizeof(slp_doc_writer))

static int has(const slp_doc_kind *kind, size_t f)
{
    return kind->writer[f] != NULL || (f == SALESPLAN_FORMAT_JSON && kind->json != NULL);
}

/* A JSON document: one pretty object, its members written by kind->json. */
static int json_doc(const slp_doc_kind *kind, const void *obj, slp_strbuf *sb)
{
    slp_jw w;
    slp_jw_init(&w, sb);
    slp_jw_object(&w, SLP_JW_PRETTY);
    kind->json(&w, obj);
    slp_jw_end(&w);
    slp_sb_putc(sb, '\n');
    return SALESPLAN_OK;
}

/* "json, markdown or svg": the formats the kind has a writer for. */
static void format_list(char *buf, size_t size, const slp_doc_kind *kind)
{
    static const char *const names[NFORMATS] = {"json", "markdown", "csv", "svg"};
    size_t n = 0, used = 0;
    for (size_t f = 0; f < NFORMATS; f++)
        n += has(kind, f) != 0;
    buf[0] = '\0';
    for (size_t f = 0, k = 0; f < NFORMATS; f++) {
        if (!has(kind, f))
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
    if (f >= NFORMATS || !has(kind, f)) {
        char formats[64];
        format_list(formats, sizeof formats, kind);
        return (salesplan_status)slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                                               "unknown output format %d (%s)", (int)format,
                                               formats);
    }
    slp_strbuf sb = SLP_STRBUF_INIT;
    slp_clocale loc;
    int rc = slp_text_begin(&loc, err);
    if (rc == SALESPLAN_OK && kind->writer[f] == NULL)
        rc = json_doc(kind, obj, &sb);
    else if (rc == SALESPLAN_OK)
        rc = kind->writer[f](obj, &sb, err);
    char oom[96] = "out of memory"; /* worded only when needed: off the common path */
    if (rc == SALESPLAN_OK && (sb.failed || sb.data == NULL))
        snprintf(oom, sizeof oom, "out of memory rendering the %s", kind->noun);
    return (salesplan_status)slp_text_finish(&loc, &sb, rc, out, len, oom, err);
}
