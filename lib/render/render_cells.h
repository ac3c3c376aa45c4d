/* Internal: table rows written from a list of cells (Markdown and CSV).
 *
 * A row of a Markdown or CSV table is the members of one struct, each
 * formatted its own way, with a separator before each. A table of slp_cell
 * names the member (checked against its C type at compile time), the
 * function that writes it and that function's parameter (decimals...); one
 * loop writes the row:
 *
 *     static const slp_cell stage_cells[] = {
 *         SLP_CELL(salesplan_estimate_stage, long long, entered, slp_cell_lld, 0),
 *         SLP_CELL(salesplan_estimate_stage, double, days_mean, md_num, 1),
 *     };
 *     slp_sb_puts(sb, "| ");
 *     slp_md_cell(sb, s->name);
 *     slp_cells(sb, " | ", s, SLP_CELL_TABLE(stage_cells), NULL);
 *     slp_sb_puts(sb, " |\n");
 */
#ifndef SLP_RENDER_CELLS_H
#define SLP_RENDER_CELLS_H

#include <stddef.h>

#include "common/strbuf.h"

typedef struct slp_cell slp_cell;

/* Writes cell `c` of the row struct `obj`; ctx is the caller's (a currency...). */
typedef void (*slp_cell_put)(slp_strbuf *sb, const void *obj, const slp_cell *c, const void *ctx);

struct slp_cell {
    slp_cell_put put;
    size_t off;  /* the member the cell reads */
    size_t off2; /* a second member (the high end of an interval), else 0 */
    int arg;     /* the put function's parameter */
};

/* Member `m` of struct T, of C type `type`, written by `put` with `arg`. */
#define SLP_CELL(T, type, m, put, arg) {(put), _Generic(((T *)0)->m, type: offsetof(T, m)), 0, (arg)}
/* Two double members (an interval) written by one `put`. */
#define SLP_CELL_PAIR(T, lo, hi, put, arg)                                                         \
    {(put), _Generic(((T *)0)->lo, double: offsetof(T, lo)),                                       \
     _Generic(((T *)0)->hi, double: offsetof(T, hi)), (arg)}
/* Shorter entries for a table of one struct type, named by the macro
 * SLP_CELL_STRUCT while the table is written (as json/json_fields.h does):
 * D a double, LL a long long, S a const char *, E(type) an enum. */
#define SLP_CELL_D(m, put, arg) SLP_CELL(SLP_CELL_STRUCT, double, m, put, arg)
#define SLP_CELL_LL(m, put, arg) SLP_CELL(SLP_CELL_STRUCT, long long, m, put, arg)
#define SLP_CELL_S(m, put, arg) SLP_CELL(SLP_CELL_STRUCT, const char *, m, put, arg)
#define SLP_CELL_E(type, m, put, arg) SLP_CELL(SLP_CELL_STRUCT, type, m, put, arg)
#define SLP_CELL_DD(lo, hi, put, arg) SLP_CELL_PAIR(SLP_CELL_STRUCT, lo, hi, put, arg)
#define SLP_CELL_COUNT(t) (sizeof(t) / sizeof((t)[0]))
#define SLP_CELL_TABLE(t) (t), SLP_CELL_COUNT(t)

/* The member a cell reads, by its C type (slp_cell_num2: the second one). */
double slp_cell_num(const void *obj, const slp_cell *c);
double slp_cell_num2(const void *obj, const slp_cell *c);
long long slp_cell_lld_value(const void *obj, const slp_cell *c);
int slp_cell_int(const void *obj, const slp_cell *c);
const char *slp_cell_text(const void *obj, const slp_cell *c);

/* Puts for any table: a long long as "%lld"; a text as a Markdown cell. */
void slp_cell_lld(slp_strbuf *sb, const void *obj, const slp_cell *c, const void *ctx);
void slp_cell_md(slp_strbuf *sb, const void *obj, const slp_cell *c, const void *ctx);

/* For each of the n cells, `sep` then the cell; only the separators when obj is NULL. */
void slp_cells(slp_strbuf *sb, const char *sep, const void *obj, const slp_cell *cells, size_t n,
               const void *ctx);

/* A Markdown table row: "| ", the label (escaped by slp_md_cell, or by
 * slp_md_cell_bytes when `bytes`), the cells each after " | ", then " |\n". */
void slp_md_row(slp_strbuf *sb, const char *label, int bytes, const void *obj,
                const slp_cell *cells, size_t n, const void *ctx);

#endif
