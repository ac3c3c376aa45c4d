/* Load time of a plan at the documented count limits (docs/plan-format.md:
 * 1000 stages, 10,000 roles, reps, activities, competitors, holidays and
 * extensions): built through the public setters, written as JSON, and read
 * back with salesplan_plan_load_buffer(). Baseline: well under 100 ms per
 * load (before the name sets, the quadratic name checks took ~1.5 s).
 * Usage: plan_limits_bench [runs, default 5]; prints the best of the runs. */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "plan_at_limits.h"
#include "salesplan.h"

#define BASELINE_MS 100.0

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

int main(int argc, char **argv)
{
    int runs = argc > 1 ? atoi(argv[1]) : 5;
    if (runs < 1)
        runs = 1;
    double best_build = 1e300, best_load = 1e300;
    size_t bytes = 0;
    for (int k = 0; k < runs; k++) {
        double t0 = now_ms();
        salesplan_plan *p = NULL;
        if (build_plan_at_limits(&p) != SALESPLAN_OK) {
            fprintf(stderr, "plan_limits_bench: cannot build the plan\n");
            return 1;
        }
        double t1 = now_ms();
        char *json = NULL;
        if (salesplan_plan_to_json(&json, &bytes, p, NULL) != SALESPLAN_OK) {
            fprintf(stderr, "plan_limits_bench: cannot write the plan\n");
            return 1;
        }
        salesplan_plan_free(p);
        double t2 = now_ms();
        salesplan_plan *q = NULL;
        salesplan_error err;
        if (salesplan_plan_load_buffer(&q, json, bytes, &err) != SALESPLAN_OK) {
            fprintf(stderr, "plan_limits_bench: cannot load the plan: %s\n", err.message);
            return 1;
        }
        double t3 = now_ms();
        salesplan_plan_free(q);
        salesplan_free(json);
        if (t1 - t0 < best_build)
            best_build = t1 - t0;
        if (t3 - t2 < best_load)
            best_load = t3 - t2;
    }
    printf("plan at the count limits (%zu bytes of JSON), best of %d:\n", bytes, runs);
    printf("  built through the setters: %8.2f ms (vs %.0f ms: %.2fx)\n", best_build,
           BASELINE_MS, best_build / BASELINE_MS);
    printf("  loaded from JSON:          %8.2f ms (vs %.0f ms: %.2fx)\n", best_load, BASELINE_MS,
           best_load / BASELINE_MS);
    return 0;
}
