/* Internal: the JSON plan reader. It walks the node table of the scanner
 * (json/json_pos.h) directly; values are named by their node index.
 *
 * Files, bottom first (no file calls back into one above it):
 *   plan_read_util.c      paths, problems, typed reads, the members walker,
 *                         name sets (the helpers every walker uses)
 *   plan_read_funnel.c    funnel, pipeline, activities, team
 *   plan_read_sections.c  the top level and the small sections
 *   plan_read.c           the driver and the public entry points */
#ifndef SLP_PLAN_READ_H
#define SLP_PLAN_READ_H

#include <stddef.h>

#include "common/error.h"
#include "common/strbuf.h"
#include "json/json_pos.h"
#include "salesplan/plan.h"

/* At most this many problems are listed; then one "too many problems" line. */
#define SLP_PLAN_MAX_PROBLEMS 1000

/* The number of items of array `a`. */
#define SLP_NMEMB(a) (sizeof(a) / sizeof((a)[0]))

/* Reader state. */
typedef struct slp_rd {
    slp_jpos *jp;     /* the scan (slp_rd_open, slp_rd_close) */
    salesplan_plan *p;
    salesplan_diagnostics *d;
    slp_strbuf path;  /* path of the value being read */
    int nomem;        /* an allocation failed: give up with SALESPLAN_ENOMEM */
    int stop;         /* too many problems: stop reading */
    long opp_stage;   /* index of the stage flagged `opportunity`, -1 */
    unsigned misaligned; /* lists whose model indices no longer match the file (bits) */
    /* names the model accepted so far, for "duplicate ... name" */
} slp_rd;

/* Bits of slp_rd::misaligned. */
enum { SLP_MIS_STAGES = 1, SLP_MIS_ACTIVITIES = 2, SLP_MIS_ROLES = 4, SLP_MIS_REPS = 8 };

/* One collected member value. */
typedef struct slp_fval {
    int state;     /* 0 absent, 1 read, 2 present but wrong (already reported) */
    size_t node;   /* its node in the scan */
    double num;
    long long i;
    const char *s; /* decoded, NUL-terminated */
    size_t len;    /* of s */
} slp_fval;

typedef enum slp_fkind {
    SLP_F_NUM,  /* a number */
    SLP_F_INT,  /* an integer in [lo, hi] */
    SLP_F_STR,  /* a string */
    SLP_F_BOOL, /* true or false */
    SLP_F_DATE, /* a string holding an ISO date (the model's date rule) */
    SLP_F_ANY,  /* any value, kept for later (its node) */
    SLP_F_FN    /* handled by fn */
} slp_fkind;

typedef void (*slp_member_fn)(slp_rd *r, size_t node, void *ctx);

/* How to read one member of an object into a context struct. */
typedef struct slp_member {
    const char *key;
    slp_fkind kind;
    size_t off;        /* offset of its slp_fval in the context (not for SLP_F_FN) */
    slp_member_fn fn;  /* SLP_F_FN only */
    int required;
    long long lo, hi;  /* SLP_F_INT range */
} slp_member;

/* ---- plan_read_util.c ---- */

/* Path handling: push returns the old length for slp_rd_pop. */
size_t slp_rd_push_key(slp_rd *r, const char *key);
size_t slp_rd_push_index(slp_rd *r, size_t i);
void slp_rd_pop(slp_rd *r, size_t old);
const char *slp_rd_path(const slp_rd *r);

/* Record a problem at the current path, positioned at `node` (at its key when
 * at_key is set). */
void slp_rd_prob(slp_rd *r, size_t node, int at_key, const char *fmt, ...) SLP_PRINTF(4, 5);
/* The same at member `key` of the current object. */
void slp_rd_prob_at(slp_rd *r, const char *key, size_t node, int at_key, const char *fmt, ...)
    SLP_PRINTF(5, 6);
/* Describe the value found, for messages ("-5", "\"abc\"", "an object"). */
void slp_rd_describe(const slp_rd *r, size_t node, char *out, size_t size);
/* "<rule>; found <value>" at the current path. */
void slp_rd_refused(slp_rd *r, size_t node, const char *rule);
/* The same at member `key` of the current object. */
void slp_rd_refused_at(slp_rd *r, const char *key, size_t node, const char *rule);

/* Report a setter's refusal at the current path and node `node`, with the
 * message the model wrote in `e` (its rule and the value found): nothing
 * for SALESPLAN_OK, ENOMEM stops the reader. Returns rc. */
int slp_rd_setter(slp_rd *r, int rc, size_t node, const salesplan_error *e);
/* The same at member `key` of the current object. */
int slp_rd_setter_at(slp_rd *r, const char *key, int rc, size_t node, const salesplan_error *e);
/* The same for a setter that takes a whole list (node `node`): a value the
 * model names by index (its path ends in "[k]") is reported at item k. */
int slp_rd_list_setter(slp_rd *r, int rc, size_t node, const salesplan_error *e);
/* The same for an add_* of an item read with members `m` into `ctx`: the
 * refusal is reported at the member the model's path names (the last key),
 * at its node, or at `node`. Returns that member's index in `m`, or -1. */
int slp_rd_refused_member(slp_rd *r, int rc, size_t node, const salesplan_error *e,
                          const slp_member *m, size_t nm, const void *ctx);

/* Setters of one number: of the plan, or of item i of one of its lists. */
typedef salesplan_status (*slp_num_setter)(salesplan_plan *p, double x, salesplan_error *err);
typedef salesplan_status (*slp_item_num_setter)(salesplan_plan *p, size_t i, double x,
                                                salesplan_error *err);
/* When member `key` of the current object was read (f->state 1), hand its
 * number to `set` (of item `i`), a refusal reported at the member. */
void slp_rd_set_num(slp_rd *r, const char *key, const slp_fval *f, slp_num_setter set);
void slp_rd_set_item_num(slp_rd *r, const char *key, const slp_fval *f, slp_item_num_setter set,
                         size_t i);

/* Call fn for each item of array `node` with the path pushed; reports a
 * problem when it is not an array. */
typedef void (*slp_item_fn)(slp_rd *r, size_t node, size_t i, void *ctx);
void slp_rd_each(slp_rd *r, size_t node, slp_item_fn fn, void *ctx);

/* Type checks: 0 when `node` has the type (value in *out), else a problem and -1. */
int slp_rd_object(slp_rd *r, size_t node);
int slp_rd_array(slp_rd *r, size_t node);
int slp_rd_string(slp_rd *r, size_t node, const char **out, size_t *len);
int slp_rd_number(slp_rd *r, size_t node, double *out);
int slp_rd_int(slp_rd *r, size_t node, long long lo, long long hi, long long *out);
int slp_rd_date(slp_rd *r, size_t node, const char **out);

/* A list of numbers read by slp_rd_numbers (free v with slp_free). */
typedef struct slp_numlist {
    double *v;
    size_t n;
    int bad;
} slp_numlist;
/* Read an array of numbers: 0 when every item is a number (l->v then holds
 * them), else problems and -1 (l->v is NULL). */
int slp_rd_numbers(slp_rd *r, size_t node, slp_numlist *l);

/* Read the members of object `node` as described by `m`; keys starting with
 * "x-" are ignored unless `top` (then kept as extensions). */
void slp_rd_members(slp_rd *r, size_t node, const slp_member *m, size_t nm, void *ctx, int top);
/* Read object `node` into `ctx` (`size` bytes, zeroed first) as described by
 * `m`: 0, or -1 with a problem when `node` is not an object. */
int slp_rd_record(slp_rd *r, size_t node, const slp_member *m, size_t nm, void *ctx, size_t size);
/* The node of item i of array node `node`. */
size_t slp_rd_item(const slp_rd *r, size_t node, size_t i);

/* The driver's frame around a walk: slp_rd_open scans `buf` and sets `r` up
 * to list problems in `d`; it returns SALESPLAN_OK, the scanner's status
 * (its problem added to `d`) or SALESPLAN_ENOMEM, and `r` needs no closing
 * unless it succeeded. slp_rd_close releases the scan and returns the
 * outcome: `rc`, SALESPLAN_ENOMEM when the walk ran out of memory, else the
 * first problem's code. */
int slp_rd_open(slp_rd *r, const char *buf, size_t len, salesplan_diagnostics *d);
int slp_rd_close(slp_rd *r, int rc);

/* ---- plan_read_funnel.c: funnel, pipeline, activities, team ---- */
void slp_rd_funnel(slp_rd *r, size_t node, void *ctx);
void slp_rd_pipeline(slp_rd *r, size_t node, void *ctx);
void slp_rd_activities(slp_rd *r, size_t node, void *ctx);
void slp_rd_team(slp_rd *r, size_t node, void *ctx);

/* ---- plan_read_sections.c: the plan's top-level members ---- */
void slp_rd_plan(slp_rd *r);

#endif
