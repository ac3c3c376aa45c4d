/* Allocation failure, SQLite-style, for the operations test_alloc.c does not
 * cover: compute in confidence mode, plan validation and saving, the Monte
 * Carlo (simulate, histogram, every format) and the CSV estimate (both shapes,
 * groups, a join-free run, rendering, the funnel fragment, applying it to a
 * plan). Allocation 1, 2, 3, ... of the operation fails in turn until the
 * operation succeeds; each failure must give SALESPLAN_ENOMEM, leave no block
 * allocated and no half-built handle behind. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "salesplan.h"
#include "test_alloc.h"
#include "model/plan_model.h"

/* A rendered text is NULL after a failure. */
#define RENDER_CHECK(rc, text)                                                                     \
    do {                                                                                           \
        if ((rc) != SALESPLAN_OK && (text) != NULL)                                                \
            return -200;                                                                           \
        salesplan_free(text);                                                                      \
        (text) = NULL;                                                                             \
    } while (0)

/* ---- plan: validate, clone, save to JSON, confidence mode ------------------------ */

static int op_validate(void *ctx)
{
    (void)ctx;
    /* A plan with several problems: the diagnostics list grows as it is read. */
    static const char bad[] =
        "{\"salesplan\": 1, \"name\": \"\", \"period\": {\"start\": \"2026-13-01\", \"days\": 0},"
        " \"target\": {\"revenue\": -5}, \"deal\": {\"average_size\": 0},"
        " \"funnel\": {\"stages\": [{\"name\": \"A\", \"conversion\": 2}, {\"name\": \"Won\"}]}}";
    salesplan_diagnostics *d = NULL;
    int rc = salesplan_plan_validate_buffer(&d, bad, sizeof bad - 1);
    if (rc == SALESPLAN_ENOMEM) {
        salesplan_diagnostics_free(d);
        return rc;
    }
    /* Without a failure: invalid, with at least four problems listed. */
    size_t n = salesplan_diagnostics_count(d);
    salesplan_diagnostics_free(d);
    if (rc != SALESPLAN_EPLAN || n < 4)
        return -300;
    return SALESPLAN_OK;
}

static int op_clone_and_save(void *ctx)
{
    (void)ctx;
    salesplan_plan *p = NULL;
    int rc = tst_alloc_example_plan(&p);
    if (rc != SALESPLAN_OK)
        return -301;
    salesplan_plan *q = NULL;
    rc = salesplan_plan_clone(&q, p);
    if (rc != SALESPLAN_OK && q != NULL)
        rc = -302;
    char *json = NULL;
    size_t len = 0;
    if (rc == SALESPLAN_OK) {
        rc = salesplan_plan_to_json(&json, &len, q, NULL);
        if (rc == SALESPLAN_OK && strcmp(json, salesplan_example_json()) != 0)
            rc = -303;
        RENDER_CHECK(rc, json);
    }
    salesplan_plan_free(q);
    salesplan_plan_free(p);
    return rc;
}

static int op_compute_confidence(void *ctx)
{
    (void)ctx;
    salesplan_plan *p = NULL;
    int rc = tst_alloc_example_plan(&p);
    if (rc != SALESPLAN_OK)
        return -304;
    salesplan_compute_options o = SALESPLAN_COMPUTE_OPTIONS_INIT;
    o.mode = SALESPLAN_MODE_CONFIDENCE;
    o.confidence = 0.8;
    salesplan_result *r = NULL;
    rc = salesplan_compute(&r, p, &o, NULL);
    if (rc != SALESPLAN_OK && r != NULL)
        rc = -305;
    for (int f = SALESPLAN_FORMAT_JSON; f <= SALESPLAN_FORMAT_SVG && rc == SALESPLAN_OK; f++) {
        char *text = NULL;
        rc = salesplan_result_render(&text, NULL, r, (salesplan_format)f, NULL);
        RENDER_CHECK(rc, text);
    }
    salesplan_result_free(r);
    salesplan_plan_free(p);
    return rc;
}

/* ---- simulate --------------------------------------------------------------------- */

static int op_simulate(void *ctx)
{
    (void)ctx;
    salesplan_plan *p = NULL;
    int rc = tst_alloc_example_plan(&p);
    if (rc != SALESPLAN_OK)
        return -400;
    salesplan_simulate_options o = SALESPLAN_SIMULATE_OPTIONS_INIT;
    o.trials = 3000;
    o.seed = 11;
    o.threads = 1;
    salesplan_simulation *sim = NULL;
    rc = salesplan_simulate(&sim, p, &o, NULL);
    if (rc != SALESPLAN_OK && sim != NULL)
        rc = -401;
    if (rc == SALESPLAN_OK) {
        unsigned long long counts[10];
        rc = salesplan_simulation_histogram(counts, 10, sim, SALESPLAN_SIMULATION_REVENUE, 0.0,
                                            500000.0, NULL);
        if (rc == SALESPLAN_OK) {
            unsigned long long total = 0;
            for (int i = 0; i < 10; i++)
                total += counts[i];
            if (total > 3000)
                rc = -402;
        }
    }
    static const salesplan_format formats[] = {SALESPLAN_FORMAT_JSON, SALESPLAN_FORMAT_MARKDOWN,
                                               SALESPLAN_FORMAT_SVG};
    for (size_t f = 0; f < 3 && rc == SALESPLAN_OK; f++) {
        char *text = NULL;
        rc = salesplan_simulation_render(&text, NULL, sim, formats[f], NULL);
        RENDER_CHECK(rc, text);
    }
    salesplan_simulation_free(sim);
    salesplan_plan_free(p);
    return rc;
}

/* ---- estimate --------------------------------------------------------------------- */

static const char snapshot_csv[] =
    "\xEF\xBB\xBF" "id,stage,created,closed,amount,region,\"Owner Name\"\r\n"
    "1,Won,2024-01-01,2024-01-11,100,East,ann\r\n"
    "2,Closed Won,1/5/2024,1/25/2024,300,West,bob\r\n"
    "3,Lost,2024-01-02,2024-01-05,0,East,ann\r\n"
    "4,won,2024-02-01,2024-03-02,200,East,\"cid, jr\"\r\n"
    "5,Negotiation,2024-02-03,,,North,bob\r\n"
    "6,Won,2024-13-45,2024-03-01,50,West,ann\r\n" /* a bad date: skipped, reported */
    "7,Lost,2024-03-01,2024-03-09,,South,dee\r\n"
    "8,Won,2024-03-02,2024-04-02,\"1250\",North,dee\r\n";

static const char transitions_csv[] = "deal,stage,date,amount,team\n"
                                      "d1,A,2024-01-01,,X\n"
                                      "d1,B,2024-01-05,,X\n"
                                      "d1,C,2024-01-15,,X\n"
                                      "d1,Won,2024-01-20,1000,X\n"
                                      "d2,A,2024-01-02,,Y\n"
                                      "d2,B,2024-01-04,,Y\n"
                                      "d2,Lost,2024-01-09,,Y\n"
                                      "d3,A,2024-01-03,,X\n"
                                      "d3,Lost,2024-01-04,,X\n"
                                      "d4,A,2024-01-05,,Y\n"
                                      "d4,B,2024-01-06,,Y\n"
                                      "d4,C,2024-01-08,,Y\n"
                                      "d4,Won,2024-01-30,700,Y\n"
                                      "d5,A,2024-01-10,,X\n";

static int render_estimate(const salesplan_estimate *e)
{
    int rc = SALESPLAN_OK;
    static const salesplan_format formats[] = {SALESPLAN_FORMAT_JSON, SALESPLAN_FORMAT_MARKDOWN};
    for (size_t f = 0; f < 2 && rc == SALESPLAN_OK; f++) {
        char *text = NULL;
        rc = salesplan_estimate_render(&text, NULL, e, formats[f], NULL);
        RENDER_CHECK(rc, text);
    }
    if (rc == SALESPLAN_OK) {
        char *text = NULL;
        rc = salesplan_estimate_funnel_json(&text, NULL, e, NULL);
        RENDER_CHECK(rc, text);
    }
    return rc;
}

static int op_estimate_snapshot(void *ctx)
{
    (void)ctx;
    static const char *const groups[] = {"region", "Owner Name"};
    salesplan_estimate_options o = SALESPLAN_ESTIMATE_OPTIONS_INIT;
    o.group_columns = groups;
    o.group_count = 2;
    salesplan_estimate *e = NULL;
    int rc = salesplan_estimate_buffer(&e, snapshot_csv, sizeof snapshot_csv - 1, &o, NULL);
    if (rc != SALESPLAN_OK && e != NULL)
        rc = -500;
    if (rc == SALESPLAN_OK) {
        const salesplan_estimate_figures *f = salesplan_estimate_overall(e);
        /* 7 usable rows: won 1, 2, 4, 8; lost 3, 7; open 5. */
        if (f->won != 4 || f->lost != 2 || f->open != 1 ||
            salesplan_estimate_info_get(e)->skipped != 1)
            rc = -501;
    }
    if (rc == SALESPLAN_OK)
        rc = render_estimate(e);
    salesplan_estimate_free(e);
    return rc;
}

static int op_estimate_transitions(void *ctx)
{
    (void)ctx;
    static const char *const stages[] = {"A", "B", "C"};
    static const char *const groups[] = {"team"};
    salesplan_estimate_options o = SALESPLAN_ESTIMATE_OPTIONS_INIT;
    o.shape = SALESPLAN_SHAPE_TRANSITIONS;
    o.stages = stages;
    o.stage_count = 3;
    o.group_columns = groups;
    o.group_count = 1;
    salesplan_estimate *e = NULL;
    int rc = salesplan_estimate_buffer(&e, transitions_csv, sizeof transitions_csv - 1, &o, NULL);
    if (rc != SALESPLAN_OK && e != NULL)
        rc = -502;
    if (rc == SALESPLAN_OK) {
        const salesplan_estimate_stage *a = salesplan_estimate_stage_get(e, 0);
        /* A: 5 entered, 3 advanced (d1, d2, d4), 1 lost (d3), 1 open (d5). */
        if (a == NULL || a->entered != 5 || a->advanced != 3 || a->lost != 1)
            rc = -503;
    }
    if (rc == SALESPLAN_OK)
        rc = render_estimate(e);
    if (rc == SALESPLAN_OK) {
        /* Apply the fragment to a plan made without failures; the plan's
         * stages are A, B, C, Won afterwards or the call failed cleanly. */
        salesplan_plan *p = NULL;
        int prc = tst_alloc_example_plan(&p);
        if (prc != SALESPLAN_OK)
            rc = -504;
        else {
            salesplan_error err;
            /* a plan without stages takes the fragment as it is */
            rc = salesplan_plan_clear_stages(p);
            if (rc == SALESPLAN_OK)
                rc = salesplan_plan_apply_estimate(p, e, &err);
            if (rc == SALESPLAN_OK && (salesplan_plan_stage_count(p) != 4 ||
                                       strcmp(slp_text_at(salesplan_plan_stage_name, p, 1), "B") != 0))
                rc = -505;
            if (rc == SALESPLAN_ENOMEM && err.code != SALESPLAN_ENOMEM)
                rc = -506;
        }
        salesplan_plan_free(p);
    }
    salesplan_estimate_free(e);
    return rc;
}

/* ---- tests ------------------------------------------------------------------------ */

/* An operation and the number of failed allocations it must at least go through. */
typedef struct alloc_case {
    tst_alloc_op op;
    long more_than;
} alloc_case;

static void test_fail_each_allocation(void **state)
{
    const alloc_case *c = *state;
    assert_true(tst_alloc_until_success(c->op, NULL, 1000000) > c->more_than);
}

/* A cmocka test named `label` that runs the case (setup installs the allocator). */
#define ALLOC_CASE(label, operation, failures)                                                     \
    {label, test_fail_each_allocation, tst_alloc_setup, tst_alloc_teardown,                        \
     &(alloc_case){(operation), (failures)}}

int main(void)
{
    const struct CMUnitTest tests[] = {
        ALLOC_CASE("test_validate", op_validate, 10),
        ALLOC_CASE("test_clone_and_save", op_clone_and_save, 50),
        ALLOC_CASE("test_compute_confidence", op_compute_confidence, 5),
        ALLOC_CASE("test_simulate", op_simulate, 3),
        ALLOC_CASE("test_estimate_snapshot", op_estimate_snapshot, 10),
        ALLOC_CASE("test_estimate_transitions", op_estimate_transitions, 10),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
