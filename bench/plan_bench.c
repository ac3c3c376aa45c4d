/* Throughput of salesplan_compute() on the built-in example plan in expected
 * and in confidence mode (q = 0.9): plans per second on 1 and 2 threads, each
 * thread computing and freeing results from its own copy of the plan; then the
 * cost of rendering the result as JSON, as a ratio to the compute itself.
 * Baselines: the goal of 100,000 plans a second (expected mode, 2 cores), and
 * a JSON rendering that costs at most twice the compute (render_json/compute,
 * measured by rendering one result over and over, 1 thread).
 * Usage: plan_bench [seconds-per-run, default 1]. */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "salesplan.h"

typedef struct job {
    const salesplan_plan *plan;
    const salesplan_compute_options *opts;
    int render;
    double seconds;
    long done;
    int failed;
} job;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void *run(void *arg)
{
    job *j = arg;
    double end = now() + j->seconds;
    long n = 0;
    while (!j->failed) {
        for (int i = 0; i < 256; i++) {
            salesplan_result *r = NULL;
            if (salesplan_compute(&r, j->plan, j->opts, NULL) != SALESPLAN_OK) {
                j->failed = 1;
                break;
            }
            if (j->render) {
                char *text = NULL;
                if (salesplan_result_render(&text, NULL, r, SALESPLAN_FORMAT_JSON, NULL) !=
                    SALESPLAN_OK)
                    j->failed = 1;
                salesplan_free(text);
            }
            salesplan_result_free(r);
            n++;
        }
        if (now() >= end)
            break;
    }
    j->done = n;
    return NULL;
}

static double rate(int threads, const salesplan_plan *const *plans,
                   const salesplan_compute_options *opts, int render, double seconds)
{
    pthread_t tid[2];
    job jobs[2];
    double t0 = now();
    for (int i = 0; i < threads; i++) {
        jobs[i].plan = plans[i];
        jobs[i].opts = opts;
        jobs[i].render = render;
        jobs[i].seconds = seconds;
        jobs[i].done = 0;
        jobs[i].failed = 0;
        if (pthread_create(&tid[i], NULL, run, &jobs[i]) != 0)
            return -1.0;
    }
    long total = 0;
    int failed = 0;
    for (int i = 0; i < threads; i++) {
        pthread_join(tid[i], NULL);
        total += jobs[i].done;
        failed |= jobs[i].failed;
    }
    double dt = now() - t0;
    return failed ? -1.0 : (double)total / dt;
}

/* Renders of one result per second (JSON), 1 thread; -1 on failure. */
static double render_rate(const salesplan_plan *plan, const salesplan_compute_options *opts,
                          double seconds)
{
    salesplan_result *r = NULL;
    if (salesplan_compute(&r, plan, opts, NULL) != SALESPLAN_OK)
        return -1.0;
    double t0 = now(), end = t0 + seconds;
    long n = 0;
    int failed = 0;
    do {
        for (int i = 0; i < 256 && !failed; i++, n++) {
            char *text = NULL;
            failed = salesplan_result_render(&text, NULL, r, SALESPLAN_FORMAT_JSON, NULL) !=
                     SALESPLAN_OK;
            salesplan_free(text);
        }
    } while (!failed && now() < end);
    double dt = now() - t0;
    salesplan_result_free(r);
    return failed ? -1.0 : (double)n / dt;
}

int main(int argc, char **argv)
{
    double seconds = argc > 1 ? atof(argv[1]) : 1.0;
    if (!(seconds > 0.0))
        seconds = 1.0;
    salesplan_plan *p[2] = {NULL, NULL};
    if (salesplan_example_plan(&p[0]) != SALESPLAN_OK ||
        salesplan_plan_clone(&p[1], p[0]) != SALESPLAN_OK) {
        fprintf(stderr, "plan_bench: cannot load the example plan\n");
        return 1;
    }
    const salesplan_plan *const plans[2] = {p[0], p[1]};
    salesplan_compute_options expected = SALESPLAN_COMPUTE_OPTIONS_INIT;
    expected.mode = SALESPLAN_MODE_EXPECTED;
    salesplan_compute_options confident = SALESPLAN_COMPUTE_OPTIONS_INIT;
    confident.mode = SALESPLAN_MODE_CONFIDENCE;
    confident.confidence = 0.9;
    double r1 = rate(1, plans, &expected, 0, seconds);
    double r2 = rate(2, plans, &expected, 0, seconds);
    double c1 = rate(1, plans, &confident, 0, seconds);
    double c2 = rate(2, plans, &confident, 0, seconds);
    double j1 = rate(1, plans, &expected, 1, seconds);
    double rr = render_rate(plans[0], &expected, seconds);
    printf("salesplan_compute, built-in example\n");
    printf("  expected,   1 thread : %10.0f plans/s (%.2f us/plan)\n", r1, 1e6 / r1);
    printf("  expected,   2 threads: %10.0f plans/s (vs goal 100000: %.2fx)\n", r2,
           r2 / 100000.0);
    printf("  confidence, 1 thread : %10.0f plans/s (%.2f us/plan)\n", c1, 1e6 / c1);
    printf("  confidence, 2 threads: %10.0f plans/s (%.2fx expected mode)\n", c2, c2 / r2);
    printf("  compute + JSON render, 1 thread: %10.0f plans/s; rendering costs %.2f us "
           "(%.2fx the compute)\n", j1, 1e6 / j1 - 1e6 / r1, (1e6 / j1 - 1e6 / r1) / (1e6 / r1));
    printf("  JSON render alone, 1 thread: %10.0f results/s (%.2f us/result)\n", rr, 1e6 / rr);
    printf("  render_json/compute = %.2f (goal <= 2.00)\n", (1e6 / rr) / (1e6 / r1));
    r1 = r1 < 0 || c1 < 0 || j1 < 0 || rr < 0 ? -1 : r1;
    salesplan_plan_free(p[0]);
    salesplan_plan_free(p[1]);
    return r1 < 0 || r2 < 0;
}
