/* salesplan_result_render(): pick a renderer by format. The helpers the
 * renderers share live below them (render_fmt.c, render_escape.c,
 * render_roles.c), so this dispatcher only calls down. */
#include <stddef.h>

#include "common/error.h"
#include "common/text_out.h"
#include "json/json_write.h"
#include "render/render.h"
#include "render/render_svg.h"

typedef int (*renderer_fn)(const salesplan_result *r, slp_strbuf *sb, salesplan_error *err);

/* One row per salesplan_format, in enum order; NULL = not available. */
static const struct {
    salesplan_format format;
    const char *name;
    renderer_fn fn;
} renderers[] = {
    {SALESPLAN_FORMAT_JSON, "json", slp_render_json},
    {SALESPLAN_FORMAT_MARKDOWN, "markdown", slp_render_markdown},
    {SALESPLAN_FORMAT_CSV, "csv", slp_render_csv},
    {SALESPLAN_FORMAT_SVG, "svg", slp_render_svg},
};

salesplan_status salesplan_result_render(char **out, size_t *len, const salesplan_result *r,
                                         salesplan_format format, salesplan_error *err)
{
    if (len)
        *len = 0;
    if (out == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "no place to put the text (out is NULL)");
    *out = NULL;
    if (r == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0, "no result to render (NULL)");
    renderer_fn fn = NULL;
    const char *name = NULL;
    for (size_t i = 0; i < sizeof renderers / sizeof renderers[0]; i++)
        if (renderers[i].format == format) {
            fn = renderers[i].fn;
            name = renderers[i].name;
        }
    if (name == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "unknown output format %d (json, markdown, csv or svg)", (int)format);
    if (fn == NULL)
        return slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                             "the %s format is not available for plan results in this version",
                             name);
    slp_strbuf sb = SLP_STRBUF_INIT;
    slp_clocale loc; /* printf writes '.' whatever locale the host set */
    int rc = slp_text_begin(&loc, err);
    if (rc == SALESPLAN_OK)
        rc = fn(r, &sb, err);
    return slp_text_finish(&loc, &sb, rc, out, len, "out of memory while rendering", err);
}
