/* Every public renderer writes the same bytes whatever LC_NUMERIC the host
 * set: result (JSON, Markdown, CSV, SVG), plan file, estimate (JSON,
 * Markdown, funnel), simulation (JSON, Markdown, SVG). The renderers run in
 * the C locale (common/clocale.h) and give the host's locale back.
 *
 * Needs a decimal-comma locale (de_DE.UTF-8 or fr_FR.UTF-8); skipped when
 * none is installed. Without root one can be built for a run:
 *   localedef -i de_DE -f UTF-8 /tmp/loc/de_DE.UTF-8 && LOCPATH=/tmp/loc ctest ... */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "salesplan.h"

#define NDOCS 11

static const char csv[] = "id,stage,created,closed,amount,region\n"
                          "1,Won,2024-01-01,2024-01-11,100.5,East\n"
                          "2,Lost,2024-01-02,2024-01-05,0,East\n"
                          "3,Won,2024-02-01,2024-03-02,200.25,West\n"
                          "4,Open,2024-02-10,,,West\n"
                          "5,Won,2024-03-01,2024-03-04,0.1,West\n";

/* What gets rendered; built (parsed, computed) in the C locale, because
 * this test is about the renderers only. */
typedef struct subjects {
    salesplan_plan *plan;
    salesplan_result *result;
    salesplan_estimate *estimate;
    salesplan_simulation *sim;
} subjects;

static void build(subjects *s)
{
    assert_int_equal(salesplan_example_plan(&s->plan), SALESPLAN_OK);
    salesplan_compute_options co = SALESPLAN_COMPUTE_OPTIONS_INIT;
    co.mode = SALESPLAN_MODE_CONFIDENCE;
    co.confidence = 0.85;
    assert_int_equal(salesplan_compute(&s->result, s->plan, &co, NULL), SALESPLAN_OK);
    salesplan_estimate_options eo = SALESPLAN_ESTIMATE_OPTIONS_INIT;
    assert_int_equal(salesplan_estimate_buffer(&s->estimate, csv, sizeof csv - 1, &eo, NULL),
                     SALESPLAN_OK);
    salesplan_simulate_options so = SALESPLAN_SIMULATE_OPTIONS_INIT;
    so.trials = 500;
    so.threads = 1;
    assert_int_equal(salesplan_simulate(&s->sim, s->plan, &so, NULL), SALESPLAN_OK);
}

static void release(subjects *s)
{
    salesplan_simulation_free(s->sim);
    salesplan_estimate_free(s->estimate);
    salesplan_result_free(s->result);
    salesplan_plan_free(s->plan);
}

/* All documents, in a fixed order; each a new string. */
static void render_all(const subjects *s, char *docs[NDOCS])
{
    const salesplan_format formats[4] = {SALESPLAN_FORMAT_JSON, SALESPLAN_FORMAT_MARKDOWN,
                                         SALESPLAN_FORMAT_CSV, SALESPLAN_FORMAT_SVG};
    for (int i = 0; i < 4; i++)
        assert_int_equal(salesplan_result_render(&docs[i], NULL, s->result, formats[i], NULL),
                         SALESPLAN_OK);
    assert_int_equal(salesplan_plan_to_json(&docs[4], NULL, s->plan, NULL), SALESPLAN_OK);
    assert_int_equal(
        salesplan_estimate_render(&docs[5], NULL, s->estimate, SALESPLAN_FORMAT_JSON, NULL),
        SALESPLAN_OK);
    assert_int_equal(
        salesplan_estimate_render(&docs[6], NULL, s->estimate, SALESPLAN_FORMAT_MARKDOWN, NULL),
        SALESPLAN_OK);
    assert_int_equal(salesplan_estimate_funnel_json(&docs[7], NULL, s->estimate, NULL),
                     SALESPLAN_OK);
    for (int i = 0; i < 3; i++)
        assert_int_equal(salesplan_simulation_render(&docs[8 + i], NULL, s->sim,
                                                     formats[i == 2 ? 3 : i], NULL),
                         SALESPLAN_OK);
}

static int comma_locale(void)
{
    return setlocale(LC_NUMERIC, "de_DE.UTF-8") != NULL ||
           setlocale(LC_NUMERIC, "fr_FR.UTF-8") != NULL;
}

static void test_same_bytes_under_decimal_comma(void **state)
{
    (void)state;
    if (!comma_locale())
        skip(); /* no decimal-comma locale installed */
    setlocale(LC_NUMERIC, "C");
    subjects subj;
    build(&subj);
    char *before[NDOCS], *after[NDOCS];
    render_all(&subj, before);
    assert_true(comma_locale());
    char probe[16];
    snprintf(probe, sizeof probe, "%.1f", 1.5);
    assert_string_equal(probe, "1,5"); /* the locale does write a comma */
    render_all(&subj, after);
    snprintf(probe, sizeof probe, "%.1f", 1.5);
    assert_string_equal(probe, "1,5"); /* and the host keeps its locale */
    setlocale(LC_NUMERIC, "C");
    release(&subj);
    for (int i = 0; i < NDOCS; i++) {
        if (strcmp(before[i], after[i]) != 0)
            print_error("document %d differs under a decimal-comma locale\n", i);
        assert_string_equal(before[i], after[i]);
        salesplan_free(before[i]);
        salesplan_free(after[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_bytes_under_decimal_comma),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
