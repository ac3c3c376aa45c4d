/* Text escaping shared by the renderers: Markdown table cells and headings,
 * CSV fields. (JSON string literals that always parse: slp_json_text,
 * json/json_write.h.) */
#include <stddef.h>
#include <string.h>

#include "render/render.h"

/* A Markdown cell; with `crlf_one` a CR LF pair gives one space, else two. */
static void md_escape(slp_strbuf *sb, const char *s, int crlf_one)
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
        else if (!(crlf_one && *q == '\n' && q > s && q[-1] == '\r'))
            slp_sb_putc(sb, ' ');
    }
    slp_sb_puts(sb, run);
}

void slp_md_cell(slp_strbuf *sb, const char *s)
{
    md_escape(sb, s, 1);
}

void slp_md_cell_bytes(slp_strbuf *sb, const char *s)
{
    md_escape(sb, s, 0);
}

void slp_csv_field(slp_strbuf *sb, const char *s)
{
    if (s == NULL)
        return;
    if (strpbrk(s, ",\"\r\n") == NULL) {
        slp_sb_puts(sb, s);
        return;
    }
    slp_sb_putc(sb, '"');
    for (const char *q = s; *q; q++) {
        if (*q == '"')
            slp_sb_putc(sb, '"');
        slp_sb_putc(sb, *q);
    }
    slp_sb_putc(sb, '"');
}
