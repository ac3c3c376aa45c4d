#define _POSIX_C_SOURCE 200809L
/* Four threads, each with its own handles, run the whole library at once:
 * load a plan, compute it in expected and confidence mode, render every
 * format, simulate on two inner threads, estimate from CSV and render that.
 * Every output must equal the one computed before on the main thread
 * (the library has no shared mutable state). Built with -fsanitize=thread by
 * scripts/reliability.sh, where it also proves the absence of data races. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "salesplan.h"

#define NTHREADS 4
#define ROUNDS 2
/* outputs: 2 modes x 4 result formats, 3 simulation formats, 2 estimate formats */
#define NOUT 13

static const char csv[] = "deal,stage,date,amount,team\n"
                          "d1,A,2024-01-01,,X\n"
                          "d1,B,2024-01-05,,X\n"
                          "d1,Won,2024-01-20,1000,X\n"
                          "d2,A,2024-01-02,,Y\n"
                          "d2,Lost,2024-01-09,,Y\n"
                          "d3,A,2024-01-03,,X\n"
                          "d3,B,2024-01-04,,X\n"
                          "d4,A,2024-01-05,,Y\n"
                          "d4,B,2024-01-06,,Y\n"
                          "d4,Won,2024-01-30,700,Y\n";

/* Everything one worker produces, as texts; NULL when a step failed. */
typedef struct outputs {
    char *text[NOUT];
    int rc;       /* first failing status, SALESPLAN_OK when all went well */
    double p_hit; /* simulation: chance of reaching the target */
} outputs;

static void keep(outputs *o, size_t *k, int rc, char *text)
{
    if (rc != SALESPLAN_OK && o->rc == SALESPLAN_OK)
        o->rc = rc;
    o->text[(*k)++] = text;
}

static void run_all(outputs *o)
{
    size_t k = 0;
    memset(o, 0, sizeof *o);
    const char *json = salesplan_example_json();
    salesplan_plan *p = NULL;
    int rc = salesplan_plan_load_buffer(&p, json, strlen(json), NULL);
    if (rc != SALESPLAN_OK) {
        o->rc = rc;
        return;
    }
    for (int mode = SALESPLAN_MODE_EXPECTED; mode <= SALESPLAN_MODE_CONFIDENCE; mode++) {
        salesplan_compute_options co = SALESPLAN_COMPUTE_OPTIONS_INIT;
        co.mode = mode;
        co.confidence = 0.8;
        salesplan_result *r = NULL;
        rc = salesplan_compute(&r, p, &co, NULL);
        for (int f = SALESPLAN_FORMAT_JSON; f <= SALESPLAN_FORMAT_SVG; f++) {
            char *text = NULL;
            int frc = rc == SALESPLAN_OK
                          ? (int)salesplan_result_render(&text, NULL, r, (salesplan_format)f, NULL)
                          : rc;
            keep(o, &k, frc, text);
        }
        salesplan_result_free(r);
    }

    salesplan_simulate_options so = SALESPLAN_SIMULATE_OPTIONS_INIT;
    so.trials = 20000;
    so.seed = 42;
    so.threads = 2;
    salesplan_simulation *sim = NULL;
    rc = salesplan_simulate(&sim, p, &so, NULL);
    if (rc == SALESPLAN_OK)
        o->p_hit = salesplan_simulation_summary_get(sim)->p_hit;
    static const salesplan_format sf[] = {SALESPLAN_FORMAT_JSON, SALESPLAN_FORMAT_MARKDOWN,
                                          SALESPLAN_FORMAT_SVG};
    for (size_t f = 0; f < 3; f++) {
        char *text = NULL;
        int frc = rc == SALESPLAN_OK
                      ? (int)salesplan_simulation_render(&text, NULL, sim, sf[f], NULL)
                      : rc;
        keep(o, &k, frc, text);
    }
    salesplan_simulation_free(sim);
    salesplan_plan_free(p);

    static const char *const stages[] = {"A", "B"};
    static const char *const groups[] = {"team"};
    salesplan_estimate_options eo = SALESPLAN_ESTIMATE_OPTIONS_INIT;
    eo.shape = SALESPLAN_SHAPE_TRANSITIONS;
    eo.stages = stages;
    eo.stage_count = 2;
    eo.group_columns = groups;
    eo.group_count = 1;
    salesplan_estimate *e = NULL;
    rc = salesplan_estimate_buffer(&e, csv, sizeof csv - 1, &eo, NULL);
    static const salesplan_format ef[] = {SALESPLAN_FORMAT_JSON, SALESPLAN_FORMAT_MARKDOWN};
    for (size_t f = 0; f < 2; f++) {
        char *text = NULL;
        int frc =
            rc == SALESPLAN_OK ? (int)salesplan_estimate_render(&text, NULL, e, ef[f], NULL) : rc;
        keep(o, &k, frc, text);
    }
    salesplan_estimate_free(e);
}

static void free_outputs(outputs *o)
{
    for (size_t k = 0; k < NOUT; k++)
        salesplan_free(o->text[k]);
}

typedef struct worker {
    pthread_t tid;
    const outputs *want;
    int mismatches; /* outputs that differ from the main thread's */
    int rc;
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    for (int round = 0; round < ROUNDS; round++) {
        outputs o;
        run_all(&o);
        if (o.rc != SALESPLAN_OK && w->rc == SALESPLAN_OK)
            w->rc = o.rc;
        for (size_t k = 0; k < NOUT; k++)
            if (o.text[k] == NULL || strcmp(o.text[k], w->want->text[k]) != 0)
                w->mismatches++;
        if (o.p_hit != w->want->p_hit)
            w->mismatches++;
        free_outputs(&o);
    }
    return NULL;
}

static void test_four_threads_separate_handles(void **state)
{
    (void)state;
    outputs want;
    run_all(&want);
    assert_int_equal(want.rc, SALESPLAN_OK);
    for (size_t k = 0; k < NOUT; k++)
        assert_non_null(want.text[k]);
    /* the outputs are what they claim to be */
    assert_non_null(strstr(want.text[0], "\"mode\": \"expected\""));
    assert_non_null(strstr(want.text[4], "\"mode\": \"confidence\""));
    assert_non_null(strstr(want.text[3], "<svg"));
    assert_non_null(strstr(want.text[8], "\"trials\": 20000"));
    assert_non_null(strstr(want.text[11], "\"shape\": \"transitions\""));
    assert_true(want.p_hit > 0.0 && want.p_hit < 1.0);
    /* the two modes give different plans */
    assert_true(strcmp(want.text[0], want.text[4]) != 0);

    worker w[NTHREADS];
    for (int i = 0; i < NTHREADS; i++) {
        w[i].want = &want;
        w[i].mismatches = 0;
        w[i].rc = SALESPLAN_OK;
        assert_int_equal(pthread_create(&w[i].tid, NULL, work, &w[i]), 0);
    }
    for (int i = 0; i < NTHREADS; i++)
        assert_int_equal(pthread_join(w[i].tid, NULL), 0);
    for (int i = 0; i < NTHREADS; i++) {
        assert_int_equal(w[i].rc, SALESPLAN_OK);
        assert_int_equal(w[i].mismatches, 0);
    }
    free_outputs(&want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_four_threads_separate_handles),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
