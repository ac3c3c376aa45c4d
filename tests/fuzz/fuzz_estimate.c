/* Fuzz target: estimate end to end (salesplan_estimate_buffer and friends).
 *
 * Input: 2 option bytes, then the CSV export.
 *   byte 0: bit 0 transitions shape, bit 1 strict, bit 2 D/M/Y dates, bit 3 ';'
 *           as delimiter, bits 4-5 group columns (none, region, team,
 *           agent+region), bit 6 custom won/lost names, bit 7 max_reported = 1;
 *   byte 1: bits 0-1 stage order, bits 2-3 explicit column names, bit 4 apply
 *           the funnel to the example plan and compute it, bit 5 a join table:
 *           the text after the first form feed (\f) is written to a temporary
 *           file and joined on `agent` (and the same table given as text in
 *           memory must give the same status and document), bit 6
 *           max_reported = 0, bit 7 also read the export through
 *           salesplan_estimate_fd() and compare.
 *
 * Checked on success: the JSON renderings parse (the library's own reader), the counts add up
 * (deals = won + lost + open, win rates and intervals in [0, 1]), at most
 * max_reported problems, every accessor in and out of range, and the fd path
 * gives the same document as the buffer path. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "json/json_pos.h"
#include "fuzz_check.h"
#include "salesplan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);


static void check_json(const char *text, size_t len)
{
    slp_jpos *j = NULL;
    salesplan_error jerr;
    if (slp_jpos_scan_value(&j, text, len, &jerr) != SALESPLAN_OK) {
        fprintf(stderr, "invalid JSON (%s at line %ld col %ld):\n%.2000s\n", jerr.message,
                jerr.line, jerr.column, text);
        abort();
    }
    CHECK(slp_jpos_type(j, 0) == SLP_JT_OBJECT);
    slp_jpos_free(j);
}

static void check_rate(double r, double lo, double hi)
{
    if (isnan(r))
        return;
    CHECK(r >= 0.0 && r <= 1.0);
    CHECK(lo >= 0.0 && lo <= r + 1e-12);
    CHECK(hi <= 1.0 && hi >= r - 1e-12);
}

static void check_figures(const salesplan_estimate_figures *f)
{
    CHECK(f != NULL);
    CHECK(f->deals >= 0 && f->won >= 0 && f->lost >= 0 && f->open >= 0);
    CHECK(f->deals == f->won + f->lost + f->open);
    check_rate(f->win_rate, f->win_rate_low, f->win_rate_high);
    CHECK(f->won_amount_count >= 0 && f->won_amount_count <= f->won);
    CHECK(f->cycle_count >= 0 && f->cycle_count <= f->won);
    if (f->cycle_count > 0 && !isnan(f->cycle_days_median))
        CHECK(f->cycle_days_p90 >= f->cycle_days_median - 1e-9);
}

static void inspect(const salesplan_estimate *e, const salesplan_estimate_options *o)
{
    const salesplan_estimate_info *in = salesplan_estimate_info_get(e);
    CHECK(in != NULL);
    CHECK(in->shape == o->shape);
    CHECK(in->rows >= 0 && in->skipped >= 0 && in->skipped <= in->rows);
    check_figures(salesplan_estimate_overall(e));
    size_t ng = salesplan_estimate_group_count(e);
    for (size_t i = 0; i < ng; i++) {
        const salesplan_estimate_group *g = salesplan_estimate_group_get(e, i);
        CHECK(g != NULL && g->column != NULL && g->value != NULL);
        check_figures(&g->figures);
    }
    CHECK(salesplan_estimate_group_get(e, ng) == NULL);
    size_t ngc = salesplan_estimate_group_column_count(e);
    CHECK(ngc == o->group_count);
    for (size_t i = 0; i < ngc; i++)
        CHECK(salesplan_estimate_group_column(e, i) != NULL);
    CHECK(salesplan_estimate_group_column(e, ngc) == NULL);
    size_t ns = salesplan_estimate_stage_count(e);
    for (size_t i = 0; i < ns; i++) {
        const salesplan_estimate_stage *s = salesplan_estimate_stage_get(e, i);
        CHECK(s != NULL && s->name != NULL);
        CHECK(s->advanced >= 0 && s->lost >= 0 && s->open >= 0);
        CHECK(s->entered == s->advanced + s->lost + s->open);
        check_rate(s->conversion, s->conversion_low, s->conversion_high);
    }
    CHECK(salesplan_estimate_stage_get(e, ns) == NULL);
    size_t nf = salesplan_estimate_funnel_count(e);
    for (size_t i = 0; i < nf; i++) {
        const salesplan_estimate_funnel_stage *f = salesplan_estimate_funnel_get(e, i);
        CHECK(f != NULL && f->name != NULL);
        if (!isnan(f->conversion))
            CHECK(f->conversion >= 0.0 && f->conversion <= 1.0);
    }
    CHECK(salesplan_estimate_funnel_get(e, nf) == NULL);
    size_t np = salesplan_estimate_problem_count(e);
    CHECK(np <= o->max_reported);
    CHECK(np <= (size_t)in->skipped);
    for (size_t i = 0; i < np; i++) {
        const salesplan_estimate_problem *p = salesplan_estimate_problem_get(e, i);
        CHECK(p != NULL && p->message != NULL && p->line >= 1);
    }
    CHECK(salesplan_estimate_problem_get(e, np) == NULL);
}

static char *render(const salesplan_estimate *e, salesplan_format fmt, size_t *len)
{
    char *out = NULL;
    salesplan_error err;
    int rc = salesplan_estimate_render(&out, len, e, fmt, &err);
    if (fmt == SALESPLAN_FORMAT_JSON || fmt == SALESPLAN_FORMAT_MARKDOWN) {
        CHECK(rc == SALESPLAN_OK || rc == SALESPLAN_ENOMEM);
    } else {
        CHECK(rc != SALESPLAN_OK || out != NULL);
    }
    if (rc == SALESPLAN_OK) {
        CHECK(out != NULL && strlen(out) == *len);
    }
    return out;
}

/* Write `len` bytes to a new temporary file; returns its descriptor (-1 on
 * failure) and its name in `path`. */
static int temp_file(const char *text, size_t len, char path[64])
{
    snprintf(path, 64, "/tmp/salesplan-fuzz-XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    size_t done = 0;
    while (done < len) {
        ssize_t k = write(fd, text + done, len - done);
        if (k <= 0) {
            close(fd);
            unlink(path);
            return -1;
        }
        done += (size_t)k;
    }
    if (lseek(fd, 0, SEEK_SET) != 0) {
        close(fd);
        unlink(path);
        return -1;
    }
    return fd;
}

/* `e`'s JSON document must be `json` (jlen bytes); `what` names the two ways in. */
static void same_json(const salesplan_estimate *e, const char *json, size_t jlen,
                      const char *what)
{
    size_t n = 0;
    char *j2 = render(e, SALESPLAN_FORMAT_JSON, &n);
    if (j2 != NULL && (n != jlen || memcmp(j2, json, n) != 0)) {
        fprintf(stderr, "%s differ:\n%s\n----\n%s\n", what, json, j2);
        abort();
    }
    salesplan_free(j2);
}

/* The join table of `o` (a file) given as text instead: the same status, and
 * on success the same JSON document (`json`, NULL when the run failed). */
static void join_as_text(const char *text, size_t csv_len, const char *table, size_t tlen,
                         const salesplan_estimate_options *o, int rc, const char *json,
                         size_t jlen)
{
    salesplan_estimate_options t = *o;
    const char *keys[] = {"agent"}, *texts[] = {table};
    size_t lens[] = {tlen};
    t.join_path = NULL;
    t.join_key = NULL;
    t.join_paths = NULL;
    t.join_keys = keys;
    t.join_texts = texts;
    t.join_text_lens = lens;
    t.join_count = 1;
    salesplan_estimate *e = NULL;
    salesplan_error err;
    int rc2 = salesplan_estimate_buffer(&e, text, csv_len, &t, &err);
    if (rc2 != rc && rc2 != SALESPLAN_ENOMEM && rc != SALESPLAN_ENOMEM) {
        fprintf(stderr, "join file gave %d, join text %d (%s)\n", rc, rc2, err.message);
        abort();
    }
    if (rc2 == SALESPLAN_OK && json != NULL)
        same_json(e, json, jlen, "join file and join text");
    salesplan_estimate_free(e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    unsigned b0 = data[0], b1 = data[1];
    const char *text = (const char *)data + 2;
    size_t len = size - 2;

    static const char *const groups_region[] = {"region"};
    static const char *const groups_team[] = {"team"};
    static const char *const groups_two[] = {"agent", "region"};
    static const char *const won[] = {"Won", "Closed Won", "gewonnen"};
    static const char *const lost[] = {"Lost", "verloren"};
    static const char *const order_abc[] = {"A", "B", "C"};
    static const char *const order_funnel[] = {"Lead", "Qualified", "Demo", "Proposal"};
    static const char *const order_won[] = {"A", "B", "C", "Won"};
    static const char *const order_odd[] = {"Stage 1", "stage_2"};

    salesplan_estimate_options o;
    CHECK(salesplan_estimate_options_init(&o, SALESPLAN_ESTIMATE_OPTIONS_VERSION) == SALESPLAN_OK);
    o.shape = (b0 & 1u) ? SALESPLAN_SHAPE_TRANSITIONS : SALESPLAN_SHAPE_SNAPSHOT;
    o.strict = (b0 >> 1) & 1;
    o.date_order = (b0 & 4u) ? SALESPLAN_DATE_DMY : SALESPLAN_DATE_MDY;
    o.delimiter = (b0 & 8u) ? ';' : ',';
    switch ((b0 >> 4) & 3u) {
    case 1: o.group_columns = groups_region; o.group_count = 1; break;
    case 2: o.group_columns = groups_team; o.group_count = 1; break;
    case 3: o.group_columns = groups_two; o.group_count = 2; break;
    default: break;
    }
    if (b0 & 0x40u) {
        o.won_names = won;
        o.won_count = 3;
        o.lost_names = lost;
        o.lost_count = 2;
    }
    if (b0 & 0x80u)
        o.max_reported = 1;
    if (b1 & 0x40u)
        o.max_reported = 0;
    switch (b1 & 3u) {
    case 0: o.stages = order_abc; o.stage_count = 3; break;
    case 1: o.stages = order_funnel; o.stage_count = 4; break;
    case 2: o.stages = order_won; o.stage_count = 4; break;
    default: o.stages = order_odd; o.stage_count = 2; break;
    }
    if (o.shape == SALESPLAN_SHAPE_SNAPSHOT && (b1 & 3u) != 1)
        o.stage_count = 0, o.stages = NULL; /* mostly without, as the CLI does */
    switch ((b1 >> 2) & 3u) {
    case 1: o.id_column = "deal"; o.date_column = "date"; o.stage_column = "stage"; break;
    case 2: o.amount_column = "Amount"; o.created_column = "created"; o.closed_column = "closed"; break;
    case 3: o.amount_column = "nope"; break;
    default: break;
    }

    /* An optional join table after the first form feed. */
    size_t csv_len = len;
    char join_path[64] = "";
    const char *ff = memchr(text, '\f', len);
    if ((b1 & 0x20u) && ff != NULL) {
        csv_len = (size_t)(ff - text);
        int jfd = temp_file(ff + 1, len - csv_len - 1, join_path);
        if (jfd >= 0) {
            close(jfd);
            o.join_path = join_path;
            o.join_key = "agent";
        } else {
            join_path[0] = '\0';
        }
    }

    salesplan_estimate *e = NULL;
    salesplan_error err;
    int rc = salesplan_estimate_buffer(&e, text, csv_len, &o, &err);
    if (getenv("SALESPLAN_FUZZ_VERBOSE") != NULL) /* corpus upkeep: what each input reaches */
        fprintf(stderr, "estimate: %s%s%s\n", salesplan_strerror(rc), rc ? ": " : "",
                rc ? err.message : "");
    if (rc != SALESPLAN_OK) {
        CHECK(e == NULL);
        CHECK(rc == SALESPLAN_ESYNTAX || rc == SALESPLAN_EDATA || rc == SALESPLAN_EINVAL ||
              rc == SALESPLAN_ELIMIT || rc == SALESPLAN_ENOMEM || rc == SALESPLAN_ENOENT ||
              rc == SALESPLAN_EIO);
        CHECK(err.code == rc && err.message[0] != '\0');
        CHECK(memchr(err.message, '\0', sizeof err.message) != NULL);
        if (join_path[0] != '\0')
            join_as_text(text, csv_len, ff + 1, len - csv_len - 1, &o, rc, NULL, 0);
    } else {
        CHECK(e != NULL);
        inspect(e, &o);
        size_t jlen = 0, mlen = 0, flen = 0;
        char *json = render(e, SALESPLAN_FORMAT_JSON, &jlen);
        if (json)
            check_json(json, jlen);
        if (join_path[0] != '\0')
            join_as_text(text, csv_len, ff + 1, len - csv_len - 1, &o, rc, json, jlen);
        char *md = render(e, SALESPLAN_FORMAT_MARKDOWN, &mlen);
        salesplan_free(md);
        salesplan_free(render(e, SALESPLAN_FORMAT_CSV, &mlen));
        salesplan_free(render(e, (salesplan_format)99, &mlen));
        char *funnel = NULL;
        if (salesplan_estimate_funnel_json(&funnel, &flen, e, &err) == SALESPLAN_OK) {
            check_json(funnel, flen);
            salesplan_free(funnel);
        }
        if (b1 & 0x10u) {
            salesplan_plan *p = NULL;
            CHECK(salesplan_example_plan(&p) == SALESPLAN_OK);
            rc = salesplan_plan_apply_estimate(p, e, &err);
            CHECK(rc == SALESPLAN_OK || rc == SALESPLAN_EDATA || rc == SALESPLAN_ENOMEM);
            salesplan_result *r = NULL;
            if (salesplan_compute(&r, p, NULL, &err) == SALESPLAN_OK) {
                char *out = NULL;
                size_t olen = 0;
                if (salesplan_result_render(&out, &olen, r, SALESPLAN_FORMAT_JSON, &err) ==
                    SALESPLAN_OK) {
                    check_json(out, olen);
                    salesplan_free(out);
                }
                salesplan_result_free(r);
            }
            char *pj = NULL;
            size_t pjlen = 0;
            if (salesplan_plan_to_json(&pj, &pjlen, p, &err) == SALESPLAN_OK) {
                check_json(pj, pjlen);
                salesplan_free(pj);
            }
            salesplan_plan_free(p);
        }
        /* The same export through a file descriptor gives the same document. */
        if ((b1 & 0x80u) && json != NULL) {
            char path[64];
            int fd = temp_file(text, csv_len, path);
            if (fd >= 0) {
                salesplan_estimate *e2 = NULL;
                if (salesplan_estimate_fd(&e2, fd, "(fuzz)", &o, &err) == SALESPLAN_OK) {
                    same_json(e2, json, jlen, "buffer and fd");
                    salesplan_estimate_free(e2);
                }
                close(fd);
                unlink(path);
            }
        }
        salesplan_free(json);
        salesplan_estimate_free(e);
    }
    if (join_path[0] != '\0')
        unlink(join_path);
    return 0;
}
