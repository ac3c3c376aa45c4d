/* The trial runner of the simulation: blocks of trials, each with its own
 * random stream, handed out to threads; see simulate_internal.h. */
#define _POSIX_C_SOURCE 200809L

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "common/alloc.h"
#include "common/error.h"
#include "math/rng.h"
#include "math/sample.h"
#include "simulate/simulate_internal.h"

/* Threads: POSIX threads where there are (sanitizers and debuggers know them
 * best), else C11 threads, else none; blocks are handed out through a C11
 * atomic counter. The output never depends on which of these is used. */
#if defined(__STDC_NO_ATOMICS__)
#  define SLP_THREADS_NONE 1
#elif defined(__unix__) || defined(__APPLE__)
#  include <pthread.h>
#  include <stdatomic.h>
#  define SLP_THREADS_POSIX 1
#elif !defined(__STDC_NO_THREADS__)
#  include <stdatomic.h>
#  include <threads.h>
#  define SLP_THREADS_C11 1
#else
#  define SLP_THREADS_NONE 1
#endif
#if defined(SLP_THREADS_NONE)
#  define SLP_HAVE_THREADS 0
#else
#  define SLP_HAVE_THREADS 1
#endif

typedef struct block_totals {
    double revenue;
    uint64_t deals;
    uint64_t hits;
} block_totals;

typedef struct sim_job {
    const slp_sim_model *m;
    slp_ziggurat zig;
    double mu, sigma, scale; /* lognormal: size = scale · exp(sigma·Z), scale = exp(mu) */
    size_t first;            /* first stage with any inflow */
    uint64_t seed, trials, nblocks;
    double *revenue;
    uint32_t *deals;
    block_totals *bt;
#if SLP_HAVE_THREADS
    atomic_uint_fast64_t next; /* next block to run */
    atomic_uint_fast64_t done; /* trials finished */
    atomic_int cancel;         /* set when the progress callback said stop */
#else
    uint64_t next;
    uint64_t done;
    int cancel;
#endif
    const slp_sim_progress *progress; /* called by the calling thread only */
} sim_job;

/* Deals won in one trial. Given the trial's conversions (fixed, or drawn
 * from their Beta), every deal is thinned independently, so thinning the flow
 * stage by stage is the same in distribution as drawing, for each stage j
 * with an inflow, Binomial(inflow_j, c_j·c_{j+1}···c_{n-1}) and adding them
 * up: one binomial per stage with an inflow instead of one per stage. Stages
 * are visited from the last, building the products. */
static uint64_t trial_deals(const sim_job *job, slp_rng *r)
{
    const slp_sim_model *m = job->m;
    uint64_t x = 0;
    double to_close = 1.0;
    for (size_t k = m->nstages; k-- > job->first;) {
        const slp_sim_stage *st = &m->stages[k];
        double c = st->conversion;
        if (st->beta_a > 0.0)
            c = slp_beta(r, &job->zig, st->beta_a, st->beta_b);
        to_close *= c;
        if (st->inflow > 0)
            x += slp_binomial(r, st->inflow, to_close);
    }
    return x;
}

/* Deals won in one trial of the capped model: the in-time pipeline as in
 * trial_deals(); the new entries flow stage by stage from the first stage
 * that has some, and at each stage at most `cap` of them enter (the rest are
 * never worked: the team has no time for them), then Binomial(entering, c_k)
 * advance. */
static uint64_t trial_deals_capped(const sim_job *job, slp_rng *r)
{
    const slp_sim_model *m = job->m;
    double conv[SLP_SIM_MAX_STAGES];
    uint64_t x = 0;
    double to_close = 1.0;
    size_t entry = m->nstages;
    for (size_t k = m->nstages; k-- > job->first;) {
        const slp_sim_stage *st = &m->stages[k];
        double c = st->conversion;
        if (st->beta_a > 0.0)
            c = slp_beta(r, &job->zig, st->beta_a, st->beta_b);
        conv[k] = c;
        to_close *= c;
        if (st->inflow > st->entries)
            x += slp_binomial(r, st->inflow - st->entries, to_close);
        if (st->entries > 0)
            entry = k;
    }
    uint64_t n = entry < m->nstages ? m->stages[entry].entries : 0;
    for (size_t k = entry; k < m->nstages && n > 0; k++) {
        if (n > m->stages[k].cap)
            n = m->stages[k].cap;
        n = slp_binomial(r, n, conv[k]);
    }
    return x + n;
}

/* Revenue of the trials of one block from their deal counts, lognormal
 * sizes: a stream of sizes is drawn SLP_EXP_BATCH at a time (normals one by
 * one, then the exponentials as one vectorisable batch) and dealt out to the
 * trials in order; what is left of the last batch is dropped. */
static void lognormal_revenue(const sim_job *job, slp_rng *r, uint64_t begin, uint64_t end)
{
    double buf[SLP_EXP_BATCH];
    size_t pos = SLP_EXP_BATCH;
    const double sigma = job->sigma, scale = job->scale;
    const slp_ziggurat *z = &job->zig;
    for (uint64_t t = begin; t < end; t++) {
        double s = 0.0;
        for (uint32_t i = job->deals[t]; i > 0; i--) {
            if (pos == SLP_EXP_BATCH) {
                for (size_t j = 0; j < SLP_EXP_BATCH; j++)
                    buf[j] = sigma * slp_normal(r, z);
                slp_exp_batch(buf);
                pos = 0;
            }
            s += buf[pos++];
        }
        job->revenue[t] = scale * s;
    }
}

/* Block b: the deal counts of all its trials first, then their revenue, both
 * from stream b of the seed. */
static void run_block(const sim_job *job, uint64_t b, block_totals *bt)
{
    slp_rng r;
    slp_rng_seed(&r, job->seed, b);
    uint64_t begin = b * SLP_SIM_BLOCK;
    uint64_t end = begin + SLP_SIM_BLOCK < job->trials ? begin + SLP_SIM_BLOCK : job->trials;
    const double target = job->m->target, a = job->m->deal_size;
    uint64_t deals_sum = 0;
    for (uint64_t t = begin; t < end; t++) {
        uint64_t d = job->m->capped ? trial_deals_capped(job, &r) : trial_deals(job, &r);
        job->deals[t] = (uint32_t)d;
        deals_sum += d;
    }
    if (job->m->size_cv > 0.0) {
        lognormal_revenue(job, &r, begin, end);
    } else {
        for (uint64_t t = begin; t < end; t++)
            job->revenue[t] = (double)job->deals[t] * a;
    }
    double rev_sum = 0.0;
    uint64_t hits = 0;
    for (uint64_t t = begin; t < end; t++) {
        rev_sum += job->revenue[t];
        hits += job->revenue[t] >= target;
    }
    bt->revenue = rev_sum;
    bt->deals = deals_sum;
    bt->hits = hits;
}

static uint64_t take_block(sim_job *job)
{
#if SLP_HAVE_THREADS
    return (uint64_t)atomic_fetch_add(&job->next, 1);
#else
    return job->next++;
#endif
}

static int cancelled(sim_job *job)
{
#if SLP_HAVE_THREADS
    return atomic_load(&job->cancel);
#else
    return job->cancel;
#endif
}

/* Ask the progress callback (calling thread only) whether to go on. */
static void report(sim_job *job, uint64_t done)
{
    if (job->progress == NULL || job->progress->fn == NULL)
        return;
    if (job->progress->fn(job->progress->ctx, (unsigned long long)done,
                          (unsigned long long)job->trials) != 0) {
#if SLP_HAVE_THREADS
        atomic_store(&job->cancel, 1);
#else
        job->cancel = 1;
#endif
    }
}

/* After block b: count its trials; the calling thread (`caller` = 1) asks
 * the progress callback whether to go on. */
static void block_done(sim_job *job, uint64_t b, int caller)
{
    uint64_t begin = b * SLP_SIM_BLOCK;
    uint64_t n = begin + SLP_SIM_BLOCK < job->trials ? SLP_SIM_BLOCK : job->trials - begin;
#if SLP_HAVE_THREADS
    uint64_t done = (uint64_t)atomic_fetch_add(&job->done, n) + n;
#else
    uint64_t done = (job->done += n);
#endif
    if (caller)
        report(job, done);
}

static void work(sim_job *job, int caller)
{
    int reported = 0;
    while (!cancelled(job)) {
        uint64_t b = take_block(job);
        if (b >= job->nblocks)
            break;
        run_block(job, b, &job->bt[b]);
        block_done(job, b, caller);
        reported = caller;
    }
    /* With several threads the others may take every block before the
     * calling thread gets one: it still reports once, so a host always hears
     * from the run at least once. */
    if (caller && !reported && !cancelled(job)) {
#if SLP_HAVE_THREADS
        report(job, (uint64_t)atomic_load(&job->done));
#else
        report(job, job->done);
#endif
    }
}

#if defined(SLP_THREADS_POSIX)
typedef pthread_t slp_thread;
static void *thread_main(void *arg)
{
    work(arg, 0);
    return NULL;
}
static int thread_start(slp_thread *t, sim_job *job)
{
    return pthread_create(t, NULL, thread_main, job) == 0;
}
static void thread_join(slp_thread t)
{
    pthread_join(t, NULL);
}
#elif defined(SLP_THREADS_C11)
typedef thrd_t slp_thread;
static int thread_main(void *arg)
{
    work(arg, 0);
    return 0;
}
static int thread_start(slp_thread *t, sim_job *job)
{
    return thrd_create(t, thread_main, job) == thrd_success;
}
static void thread_join(slp_thread t)
{
    thrd_join(t, NULL);
}
#endif

int slp_sim_run(const slp_sim_model *m, uint64_t trials, uint64_t seed, unsigned threads,
                const slp_sim_progress *progress, double *revenue, uint32_t *deals,
                slp_sim_totals *tot, salesplan_error *err)
{
    memset(tot, 0, sizeof *tot);
    if (trials == 0)
        return SALESPLAN_OK;
    sim_job *job = slp_malloc(sizeof *job);
    if (job == NULL)
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    job->m = m;
    slp_ziggurat_init(&job->zig);
    job->mu = job->sigma = 0.0;
    if (m->size_cv > 0.0)
        slp_lognormal_params(m->deal_size, m->size_cv, &job->mu, &job->sigma);
    job->scale = exp(job->mu);
    job->first = 0;
    while (job->first < m->nstages && m->stages[job->first].inflow == 0)
        job->first++;
    job->seed = seed;
    job->trials = trials;
    job->nblocks = (trials + SLP_SIM_BLOCK - 1) / SLP_SIM_BLOCK;
    job->revenue = revenue;
    job->deals = deals;
    job->bt = slp_calloc((size_t)job->nblocks, sizeof *job->bt);
    if (job->bt == NULL) {
        slp_free(job);
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    }
    job->progress = progress;
#if SLP_HAVE_THREADS
    atomic_init(&job->next, 0);
    atomic_init(&job->done, 0);
    atomic_init(&job->cancel, 0);
#else
    job->next = 0;
    job->done = 0;
    job->cancel = 0;
#endif
    if ((uint64_t)threads > job->nblocks)
        threads = (unsigned)job->nblocks;
#if SLP_HAVE_THREADS
    slp_thread tids[SALESPLAN_SIMULATE_MAX_THREADS];
    unsigned started = 0;
    /* A thread that cannot be started is simply not used: the blocks it would
     * have run are taken by the others, and the output is the same. */
    for (unsigned i = 1; i < threads && i < SALESPLAN_SIMULATE_MAX_THREADS; i++) {
        if (!thread_start(&tids[started], job))
            break;
        started++;
    }
    work(job, 1); /* the calling thread works too */
    for (unsigned i = 0; i < started; i++)
        thread_join(tids[i]);
#else
    (void)threads;
    work(job, 1);
#endif
    if (cancelled(job)) {
        unsigned long long done = (unsigned long long)job->done;
        slp_free(job->bt);
        slp_free(job);
        return slp_error_set(err, SALESPLAN_ECANCELED, NULL, 0, 0,
                             "simulation cancelled by the progress callback after %llu of "
                             "%llu trials", done, (unsigned long long)trials);
    }
    /* Merge in block order: the same sums whatever thread ran which block. */
    for (uint64_t b = 0; b < job->nblocks; b++) {
        tot->revenue_sum += job->bt[b].revenue;
        tot->deals_sum += job->bt[b].deals;
        tot->hits += job->bt[b].hits;
    }
    slp_free(job->bt);
    slp_free(job);
    return SALESPLAN_OK;
}
