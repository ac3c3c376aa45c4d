/* Rep diagnostics of an estimate (SPEC §12, lib/estimate/rep_diag.c): small
 * exports whose tables, p-values, q-values and shrunk rates are worked out by
 * hand in the comments; options; every allocation failure. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "salesplan.h"
#include "test_alloc.h"
#include "test_near.h"

/* A: 3 won 1 lost, B: 1 won 3 lost, C: only an open deal, and a won deal
 * with no owner (nobody's: in no rep's rest either). */
static const char snapshot_csv[] = "id,Owner,stage\n"
                                   "1,A,Won\n2,A,Won\n3,A,Won\n4,A,Lost\n"
                                   "5,B,Won\n6,B,Lost\n7,B,Lost\n8,B,Lost\n"
                                   "9,C,Open\n10,,Won\n";

static salesplan_estimate *run(const char *csv, const salesplan_estimate_options *o)
{
    salesplan_estimate *e = NULL;
    salesplan_error err;
    int rc = salesplan_estimate_buffer(&e, csv, strlen(csv), o, &err);
    if (rc != SALESPLAN_OK)
        print_error("%s\n", err.message);
    assert_int_equal(rc, SALESPLAN_OK);
    return e;
}

static void test_snapshot_by_hand(void **state)
{
    (void)state;
    salesplan_estimate_options o = SALESPLAN_ESTIMATE_OPTIONS_INIT;
    o.rep_column = "owner";
    o.rep_min_n = 4;
    o.rep_q = 0.5;
    salesplan_estimate *e = run(snapshot_csv, &o);
    assert_string_equal(salesplan_estimate_rep_column(e), "Owner");
    assert_int_equal(salesplan_estimate_group_count(e), 0); /* not asked as a group */
    assert_int_equal(salesplan_estimate_group_column_count(e), 0);
    assert_int_equal(salesplan_estimate_rep_count(e), 3);
    assert_null(salesplan_estimate_rep_get(e, 3));
    const salesplan_estimate_rep *a = salesplan_estimate_rep_get(e, 0);
    const salesplan_estimate_rep *b = salesplan_estimate_rep_get(e, 1);
    const salesplan_estimate_rep *c = salesplan_estimate_rep_get(e, 2);
    assert_string_equal(a->name, "A");
    assert_string_equal(b->name, "B");
    assert_string_equal(c->name, "C");
    assert_int_equal(a->stage_count, 1);
    const salesplan_estimate_rep_stage *sa = &a->stages[0], *sb = &b->stages[0],
                                       *sc = &c->stages[0];
    assert_string_equal(sa->name, "Won");
    assert_int_equal(sa->advanced, 3);
    assert_int_equal(sa->lost, 1);
    assert_int_equal(sa->rest_advanced, 1); /* B's, not the ownerless won deal */
    assert_int_equal(sa->rest_lost, 3);
    assert_near(sa->rate, 0.75, 1e-15);
    assert_near(sa->rest_rate, 0.25, 1e-15);
    /* [[3,1],[1,3]]: the tea-tasting table, p = 34/70 = 17/35 */
    assert_near(sa->p_value, 17.0 / 35.0, 1e-13);
    assert_near(sb->p_value, 17.0 / 35.0, 1e-13);
    /* two tests with p = 17/35: q = min(p 2/1, p 2/2) = 17/35 for both */
    assert_near(sa->q_value, 17.0 / 35.0, 1e-13);
    assert_near(sb->q_value, 17.0 / 35.0, 1e-13);
    assert_int_equal(sa->flag, SALESPLAN_REP_ABOVE);
    assert_int_equal(sb->flag, SALESPLAN_REP_BELOW);
    /* prior: m = 4/8, S = 2 (1/4)^2 / 1 = 1/8, h = 1/4,
     * rho = (1/8 / 1/4 - 1/4) / (3/4) = 1/3, alpha + beta = 2:
     * A (3 + 1) / (4 + 2), B (1 + 1) / (4 + 2), C (no decided deal) 1/2 */
    assert_near(sa->shrunk_rate, 2.0 / 3.0, 1e-13);
    assert_near(sb->shrunk_rate, 1.0 / 3.0, 1e-13);
    assert_near(sc->shrunk_rate, 0.5, 1e-13);
    assert_true(isnan(sc->rate));
    assert_true(isnan(sc->p_value) && isnan(sc->q_value));
    assert_int_equal(sc->flag, SALESPLAN_REP_NOT_FLAGGED);
    assert_int_equal(sc->rest_advanced, 4);
    assert_int_equal(sc->rest_lost, 4);

    char *md = NULL, *json = NULL;
    assert_int_equal(salesplan_estimate_render(&md, NULL, e, SALESPLAN_FORMAT_MARKDOWN, NULL),
                     SALESPLAN_OK);
    assert_non_null(strstr(md, "- A wins 75% of decided deals (3 of 4) against 25% for the rest "
                               "of the team; with q = 0.486 that may well be luck."));
    assert_non_null(strstr(md, "- B wins only 25% of decided deals (1 of 4) against 75%"));
    assert_non_null(strstr(md, "| C | Won | 0 | 0 | — | 50.0% | 50.0% | — | — | too few deals |"));
    assert_int_equal(salesplan_estimate_render(&json, NULL, e, SALESPLAN_FORMAT_JSON, NULL),
                     SALESPLAN_OK);
    assert_non_null(strstr(json, "\"rep_column\": \"Owner\""));
    assert_non_null(strstr(json, "\"flag\": \"above\""));
    assert_non_null(strstr(json, "\"p_value\": null, \"q_value\": null, \"flag\": null"));
    salesplan_free(md);
    salesplan_free(json);
    salesplan_estimate_free(e);

    /* the default threshold 0.10 flags nobody; the default min_n (20) tests nobody */
    o.rep_q = 0.10;
    e = run(snapshot_csv, &o);
    assert_int_equal(salesplan_estimate_rep_get(e, 0)->stages[0].flag, SALESPLAN_REP_NOT_FLAGGED);
    salesplan_estimate_free(e);
    o.rep_min_n = 20;
    e = run(snapshot_csv, &o);
    for (size_t i = 0; i < 3; i++)
        assert_true(isnan(salesplan_estimate_rep_get(e, i)->stages[0].p_value));
    salesplan_estimate_free(e);
}

static void test_rep_also_a_group(void **state)
{
    (void)state;
    const char *groups[] = {"Owner"};
    salesplan_estimate_options o = SALESPLAN_ESTIMATE_OPTIONS_INIT;
    o.group_columns = groups;
    o.group_count = 1;
    o.rep_column = "Owner";
    salesplan_estimate *e = run(snapshot_csv, &o);
    assert_int_equal(salesplan_estimate_group_count(e), 3);
    assert_int_equal(salesplan_estimate_group_column_count(e), 1);
    assert_int_equal(salesplan_estimate_rep_count(e), 3);
    assert_int_equal(salesplan_estimate_rep_get(e, 1)->stages[0].lost, 3);
    salesplan_estimate_free(e);
    /* without rep_column there are no reps */
    o.rep_column = NULL;
    e = run(snapshot_csv, &o);
    assert_int_equal(salesplan_estimate_rep_count(e), 0);
    assert_null(salesplan_estimate_rep_column(e));
    char *json = NULL;
    assert_int_equal(salesplan_estimate_render(&json, NULL, e, SALESPLAN_FORMAT_JSON, NULL),
                     SALESPLAN_OK);
    assert_null(strstr(json, "\"reps\""));
    salesplan_free(json);
    salesplan_estimate_free(e);
}

/* X: d1 A->B->Won, d2 A->Lost, d3 A->B->Lost; Y: d4 A->Lost, d5 A (open). */
static const char transitions_csv[] = "deal,rep,stage,date\n"
                                      "d1,X,A,2024-01-01\nd1,X,B,2024-01-02\nd1,X,Won,2024-01-03\n"
                                      "d2,X,A,2024-01-01\nd2,X,Lost,2024-01-04\n"
                                      "d3,X,A,2024-01-01\nd3,X,B,2024-01-05\nd3,X,Lost,2024-01-06\n"
                                      "d4,Y,A,2024-01-01\nd4,Y,Lost,2024-01-02\n"
                                      "d5,Y,A,2024-01-01\n";

static void test_transitions_by_hand(void **state)
{
    (void)state;
    const char *order[] = {"A", "B"};
    salesplan_estimate_options o = SALESPLAN_ESTIMATE_OPTIONS_INIT;
    o.shape = SALESPLAN_SHAPE_TRANSITIONS;
    o.stages = order;
    o.stage_count = 2;
    o.rep_column = "rep";
    o.rep_min_n = 1;
    salesplan_estimate *e = run(transitions_csv, &o);
    assert_int_equal(salesplan_estimate_rep_count(e), 2);
    const salesplan_estimate_rep *x = salesplan_estimate_rep_get(e, 0);
    const salesplan_estimate_rep *y = salesplan_estimate_rep_get(e, 1);
    assert_int_equal(x->stage_count, 2);
    assert_string_equal(x->stages[0].name, "A");
    assert_string_equal(x->stages[1].name, "B");
    /* X at A: advanced d1 d3, lost d2; at B: advanced d1, lost d3 */
    assert_int_equal(x->stages[0].advanced, 2);
    assert_int_equal(x->stages[0].lost, 1);
    assert_int_equal(x->stages[1].advanced, 1);
    assert_int_equal(x->stages[1].lost, 1);
    /* Y at A: lost d4 (d5 is open); never at B */
    assert_int_equal(y->stages[0].advanced, 0);
    assert_int_equal(y->stages[0].lost, 1);
    assert_int_equal(y->stages[1].advanced + y->stages[1].lost, 0);
    /* A: [[2,1],[0,1]]: x in {1, 2}, Pr = 3/6 each: p = 1 */
    assert_near(x->stages[0].p_value, 1.0, 1e-13);
    assert_near(y->stages[0].p_value, 1.0, 1e-13);
    /* B: X's rest has no decided deal, Y has none: neither is tested */
    assert_true(isnan(x->stages[1].p_value));
    assert_true(isnan(y->stages[1].p_value));
    assert_true(isnan(x->stages[1].rest_rate));
    /* one rep with data at B: the prior is the pooled rate itself (full pooling) */
    assert_near(x->stages[1].shrunk_rate, 0.5, 1e-15);
    assert_near(y->stages[1].shrunk_rate, 0.5, 1e-15);
    salesplan_estimate_free(e);
}

static void test_options(void **state)
{
    (void)state;
    salesplan_estimate_options o = SALESPLAN_ESTIMATE_OPTIONS_INIT;
    salesplan_estimate *e = NULL;
    salesplan_error err;
    o.rep_column = "";
    assert_int_equal(salesplan_estimate_buffer(&e, snapshot_csv, strlen(snapshot_csv), &o, &err),
                     SALESPLAN_EINVAL);
    assert_null(e);
    o.rep_column = "seller";
    assert_int_equal(salesplan_estimate_buffer(&e, snapshot_csv, strlen(snapshot_csv), &o, &err),
                     SALESPLAN_EDATA);
    assert_non_null(strstr(err.message, "rep column 'seller' is not in the header"));
    o.rep_column = "Owner";
    o.rep_q = 1.5;
    assert_int_equal(salesplan_estimate_buffer(&e, snapshot_csv, strlen(snapshot_csv), &o, &err),
                     SALESPLAN_EINVAL);
    assert_string_equal(err.path, "rep_q");
    /* a version-2 struct has no rep fields: no reps */
    salesplan_estimate_options v2;
    assert_int_equal(salesplan_estimate_options_init(&v2, 2), SALESPLAN_OK);
    e = run(snapshot_csv, &v2);
    assert_int_equal(salesplan_estimate_rep_count(e), 0);
    salesplan_estimate_free(e);
    assert_int_equal(salesplan_estimate_rep_count(NULL), 0);
    assert_null(salesplan_estimate_rep_get(NULL, 0));
    assert_null(salesplan_estimate_rep_column(NULL));
}

static void test_json_call(void **state)
{
    (void)state;
    static const char req[] =
        "{\"op\": \"estimate\", \"csv\": \"id,Owner,stage\\n1,A,Won\\n2,A,Won\\n3,A,Won\\n"
        "4,A,Lost\\n5,B,Won\\n6,B,Lost\\n7,B,Lost\\n8,B,Lost\\n\", "
        "\"options\": {\"rep\": \"Owner\", \"rep_min_n\": 4, \"rep_q\": 0.5}}";
    char *reply = salesplan_json_call(req, strlen(req));
    assert_non_null(reply);
    assert_non_null(strstr(reply, "\"rep_column\": \"Owner\""));
    assert_non_null(strstr(reply, "\"flag\": \"above\""));
    assert_non_null(strstr(reply, "\"flag\": \"below\""));
    salesplan_free(reply);
    static const char bad[] = "{\"op\": \"estimate\", \"csv\": \"id,stage\\n\", "
                              "\"options\": {\"rep_q\": \"high\"}}";
    reply = salesplan_json_call(bad, strlen(bad));
    assert_non_null(strstr(reply, "options.rep_q"));
    salesplan_free(reply);
}

typedef struct alloc_case {
    const char *csv;
    const salesplan_estimate_options *o;
} alloc_case;

static int estimate_and_render(void *ctx)
{
    const alloc_case *c = ctx;
    salesplan_estimate *e = NULL;
    int rc = salesplan_estimate_buffer(&e, c->csv, strlen(c->csv), c->o, NULL);
    char *json = NULL, *md = NULL;
    if (rc == SALESPLAN_OK)
        rc = salesplan_estimate_render(&json, NULL, e, SALESPLAN_FORMAT_JSON, NULL);
    if (rc == SALESPLAN_OK)
        rc = salesplan_estimate_render(&md, NULL, e, SALESPLAN_FORMAT_MARKDOWN, NULL);
    if (rc == SALESPLAN_OK)
        assert_int_equal(salesplan_estimate_rep_count(e), 3 - (c->o->shape != 0));
    salesplan_free(json);
    salesplan_free(md);
    salesplan_estimate_free(e);
    return rc;
}

static void test_every_allocation_failure_is_clean(void **state)
{
    (void)state;
    salesplan_estimate_options o = SALESPLAN_ESTIMATE_OPTIONS_INIT;
    o.rep_column = "Owner";
    o.rep_min_n = 1;
    alloc_case snap = {snapshot_csv, &o};
    assert_true(tst_alloc_until_success(estimate_and_render, &snap, 2000) > 20);
    const char *order[] = {"A", "B"};
    salesplan_estimate_options t = SALESPLAN_ESTIMATE_OPTIONS_INIT;
    t.shape = SALESPLAN_SHAPE_TRANSITIONS;
    t.stages = order;
    t.stage_count = 2;
    t.rep_column = "rep";
    t.rep_min_n = 1;
    alloc_case trans = {transitions_csv, &t};
    assert_true(tst_alloc_until_success(estimate_and_render, &trans, 2000) > 20);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_snapshot_by_hand),
        cmocka_unit_test(test_rep_also_a_group),
        cmocka_unit_test(test_transitions_by_hand),
        cmocka_unit_test(test_options),
        cmocka_unit_test(test_json_call),
        TST_ALLOC_TEST(test_every_allocation_failure_is_clean),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
