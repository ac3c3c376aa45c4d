/* Text escaping shared by the renderers: JSON string literals that always
 * parse, Markdown table cells and headings. */
#include <stddef.h>

#include "common/utf8.h"
#include "render/render.h"

void slp_sb_json_text(slp_strbuf *sb, const char *s)
{
    const unsigned char *u = (const unsigned char *)(s ? s : "");
    size_t i = 0;
    size_t n;
    while (u[i] && (n = slp_utf8_decode(u + i, SLP_UTF8_NUL_TERMINATED, NULL)) > 0)
        i += n;
    if (u[i] == '\0') { /* the usual case: all well-formed */
        slp_sb_json_string(sb, (const char *)u);
        return;
    }
    slp_strbuf clean = SLP_STRBUF_INIT;
    for (i = 0; u[i];) {
        n = slp_utf8_decode(u + i, SLP_UTF8_NUL_TERMINATED, NULL);
        if (n == 0) {
            slp_sb_puts(&clean, "\xEF\xBF\xBD");
            i++;
        } else {
            slp_sb_append(&clean, (const char *)u + i, n);
            i += n;
        }
    }
    if (clean.failed)
        sb->failed = 1;
    else
        slp_sb_json_string(sb, clean.data);
    slp_sb_release(&clean);
}

void slp_md_cell(slp_strbuf *sb, const char *s)
{
    if (s == NULL)
        return;
    const char *run = s;
    for (const char *q = s; *q; q++) {
        if (*q != '|' && *q != '\n' && *q != '\r')
            continue;
        slp_sb_append(sb, run, (size_t)(q - run));
        run = q + 1;
        if (*q == '|')
            slp_sb_puts(sb, "\\|");
        else if (!(*q == '\n' && q > s && q[-1] == '\r'))
            slp_sb_putc(sb, ' ');
    }
    slp_sb_puts(sb, run);
}
