/* salesplan_tracking_render(): pick a renderer by format and run it in the
 * C locale (common/clocale.h), whatever locale the host set. */
#include <stddef.h>

#include "common/text_out.h"
#include "track/track_internal.h"

typedef int (*track_renderer)(const salesplan_tracking *t, slp_strbuf *sb, salesplan_error *err);

salesplan_status salesplan_tracking_render(char **out, size_t *len, const salesplan_tracking *t,
                                           salesplan_format format, salesplan_error *err)
{
    slp_error_clear(err);
    if (len)
        *len = 0;
    if (out == NULL)
        return (salesplan_status)slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                                               "no place to put the text (out is NULL)");
    *out = NULL;
    if (t == NULL)
        return (salesplan_status)slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                                               "no tracking to render (NULL)");
    track_renderer fn = NULL;
    switch (format) {
    case SALESPLAN_FORMAT_JSON: fn = slp_track_render_json; break;
    case SALESPLAN_FORMAT_MARKDOWN: fn = slp_track_render_md; break;
    case SALESPLAN_FORMAT_CSV: fn = slp_track_render_csv; break;
    case SALESPLAN_FORMAT_SVG: fn = slp_track_render_svg; break;
    }
    if (fn == NULL)
        return (salesplan_status)slp_error_set(err, SALESPLAN_EINVAL, NULL, 0, 0,
                                               "unknown output format %d (json, markdown, csv "
                                               "or svg)",
                                               (int)format);
    slp_strbuf sb = SLP_STRBUF_INIT;
    slp_clocale loc;
    int rc = slp_text_begin(&loc, err);
    if (rc == SALESPLAN_OK)
        rc = fn(t, &sb, err);
    return (salesplan_status)slp_text_finish(&loc, &sb, rc, out, len,
                                             "out of memory while rendering", err);
}
