/* Table rows from a list of cells (render_cells.h). */
#include "render/render_cells.h"

#include "render/render_escape.h"

static const void *member(const void *obj, size_t off)
{
    return (const char *)obj + off;
}

double slp_cell_num(const void *obj, const slp_cell *c)
{
    return *(const double *)member(obj, c->off);
}

double slp_cell_num2(const void *obj, const slp_cell *c)
{
    return *(const double *)member(obj, c->off2);
}

long long slp_cell_lld_value(const void *obj, const slp_cell *c)
{
    return *(const long long *)member(obj, c->off);
}

int slp_cell_int(const void *obj, const slp_cell *c)
{
    return *(const int *)member(obj, c->off);
}

const char *slp_cell_text(const void *obj, const slp_cell *c)
{
    return *(const char *const *)member(obj, c->off);
}

void slp_cell_lld(slp_strbuf *sb, const void *obj, const slp_cell *c, const void *ctx)
{
    (void)ctx;
    slp_sb_printf(sb, "%lld", slp_cell_lld_value(obj, c));
}

void slp_cell_md(slp_strbuf *sb, const void *obj, const slp_cell *c, const void *ctx)
{
    (void)ctx;
    slp_md_cell(sb, slp_cell_text(obj, c));
}

void slp_cells(slp_strbuf *sb, const char *sep, const void *obj, const slp_cell *cells, size_t n,
               const void *ctx)
{
    for (const slp_cell *c = cells, *end = cells + n; c < end; c++) {
        slp_sb_puts(sb, sep);
        if (obj != NULL)
            c->put(sb, obj, c, ctx);
    }
}

void slp_md_row(slp_strbuf *sb, const char *label, int bytes, const void *obj,
                const slp_cell *cells, size_t n, const void *ctx)
{
    slp_sb_puts(sb, "| ");
    if (bytes)
        slp_md_cell_bytes(sb, label);
    else
        slp_md_cell(sb, label);
    slp_cells(sb, " | ", obj, cells, n, ctx);
    slp_sb_puts(sb, " |\n");
}
