/* Internal: Markdown escaping shared by the renderers (render_escape.c);
 * small on its own so that renderers above render/ can include it alone. */
#ifndef SLP_RENDER_ESCAPE_H
#define SLP_RENDER_ESCAPE_H

#include "common/strbuf.h"

/* Markdown text: inside a table cell ('|' escaped, line breaks as spaces)
 * or a heading (line breaks as spaces). NULL writes nothing. */
void slp_md_cell(slp_strbuf *sb, const char *s);
/* The same with every line-break byte as a space (a CR LF gives two): the
 * estimate's cells, which quote CSV text byte for byte. */
void slp_md_cell_bytes(slp_strbuf *sb, const char *s);

#endif
