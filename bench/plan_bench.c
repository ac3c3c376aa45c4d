/* Throughput of salesplan_compute() on the built-in example plan (expected
 * mode): plans per second on 1 and 2 threads, each thread computing and
 * freeing results from its own copy of the plan. Goal: >= 100,000 plans a
 * second on 2 cores. Usage: plan_bench [seconds-per-run, default 1]. */
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "salesplan.h"

typedef struct job {
    const salesplan_plan *plan;
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
            if (salesplan_compute(&r, j->plan, NULL, NULL) != SALESPLAN_OK) {
                j->failed = 1;
                break;
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

static double rate(int threads, const salesplan_plan *const *plans, double seconds)
{
    pthread_t tid[2];
    job jobs[2];
    double t0 = now();
    for (int i = 0; i < threads; i++) {
        jobs[i].plan = plans[i];
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
    double r1 = rate(1, plans, seconds);
    double r2 = rate(2, plans, seconds);
    printf("salesplan_compute, built-in example, expected mode\n");
    printf("  1 thread : %10.0f plans/s (%.2f us/plan)\n", r1, 1e6 / r1);
    printf("  2 threads: %10.0f plans/s (baseline goal 100000: %.2fx)\n", r2, r2 / 100000.0);
    salesplan_plan_free(p[0]);
    salesplan_plan_free(p[1]);
    return r1 < 0 || r2 < 0;
}
