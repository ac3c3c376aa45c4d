/**
 * @file salesplan/simulate.h
 * @brief Monte Carlo of the period's outcome (SPEC §8).
 *
 * Include <salesplan.h> rather than this file directly.
 *
 * A simulation computes the plan (salesplan_compute()), then runs `trials`
 * independent trials of the funnel: the required entries into the first
 * reachable stage and the in-time open pipeline are thinned stage by stage
 * with exact binomial draws (conversions fixed, or drawn per trial from
 * Beta(1 + advanced, 1 + lost) when the stage has `observed`), and each won
 * deal gets a size (A when `size_cv` is 0, else lognormal with mean A and
 * that coefficient of variation). docs/simulation.md describes the generator,
 * the samplers and the seeding.
 *
 * Results are a pure function of (plan, trials, seed) for a given build: the
 * thread count changes the speed, never a single bit of the output.
 */
#ifndef SALESPLAN_SIMULATE_H
#define SALESPLAN_SIMULATE_H

#include "salesplan/common.h"
#include "salesplan/plan.h"
#include "salesplan/result.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @defgroup salesplan_simulate Simulation
 *  @{
 */

/** Version of salesplan_simulate_options understood by this header: 2 adds
 *  `progress` and `progress_ctx`, 3 adds `capacity`. The library still
 *  accepts versions 1 and 2 (the struct without the later fields: their
 *  defaults). */
#define SALESPLAN_SIMULATE_OPTIONS_VERSION 3

/**
 * @brief Progress callback of salesplan_simulate(): told how many trials are
 * done so far out of `total`; returning nonzero cancels the simulation, which
 * then frees everything it holds and returns SALESPLAN_ECANCELED.
 *
 * It is called only by the thread that called salesplan_simulate(), between
 * the blocks of trials that thread runs (a few thousand trials each), and at
 * least once per run (when the other threads took every block, once when the
 * calling thread runs out of blocks), never concurrently with itself; a host can check its own interrupt flag there
 * (PostgreSQL's InterruptPending, a GUI's cancel button). It must not unwind
 * (longjmp, exceptions) through the library: return nonzero instead.
 */
typedef int (*salesplan_progress_fn)(void *ctx, unsigned long long done,
                                     unsigned long long total);

/** Largest number of trials; more gives SALESPLAN_ELIMIT. */
#define SALESPLAN_SIMULATE_MAX_TRIALS 100000000ULL

/** Largest number of threads; more gives SALESPLAN_ELIMIT. */
#define SALESPLAN_SIMULATE_MAX_THREADS 64u

/**
 * @brief Options for salesplan_simulate(); initialise with
 * SALESPLAN_SIMULATE_OPTIONS_INIT or salesplan_simulate_options_init().
 * New fields are only ever appended (with a new version number).
 */
typedef struct salesplan_simulate_options {
    unsigned version;         /**< SALESPLAN_SIMULATE_OPTIONS_VERSION. */
    unsigned long long trials; /**< 1..SALESPLAN_SIMULATE_MAX_TRIALS; default 100000. */
    unsigned long long seed;  /**< Any value; default 1. */
    unsigned threads;         /**< 1..SALESPLAN_SIMULATE_MAX_THREADS, or 0 (default) for
                                   one per online CPU (capped at the maximum). */
    /* Version 2. */
    salesplan_progress_fn progress; /**< Optional (NULL by default); see salesplan_progress_fn. */
    void *progress_ctx;             /**< Passed to `progress` as its first argument. */
    /* Version 3. */
    int capacity;             /**< Nonzero: also run the trials at the team's capacity
                                   (SPEC §13): new entries flow stage by stage and at
                                   most salesplan_stage_result::entries_capacity of
                                   them enter each stage; the summary's *_capacity
                                   figures hold the outcome. Default 0. */
} salesplan_simulate_options;

/** Static initialiser for salesplan_simulate_options (the defaults). */
#define SALESPLAN_SIMULATE_OPTIONS_INIT \
    { SALESPLAN_SIMULATE_OPTIONS_VERSION, 100000ULL, 1ULL, 0u, NULL, NULL, 0 }

/**
 * @brief Initialise options to their defaults.
 * @param opts    The struct to fill.
 * @param version SALESPLAN_SIMULATE_OPTIONS_VERSION, or 1 for the version-1
 *                struct (only its fields are written).
 * @return SALESPLAN_OK, or SALESPLAN_EINVAL for a NULL pointer or an unknown version.
 * Thread-safe.
 */
SALESPLAN_API salesplan_status salesplan_simulate_options_init(salesplan_simulate_options *opts,
                                                              unsigned version);

/** Opaque outcome of a simulation; free with salesplan_simulation_free(). */
typedef struct salesplan_simulation salesplan_simulation;

/**
 * @brief Summary of one simulated quantity over the trials.
 *
 * Quantiles use linear interpolation between order statistics (numpy's
 * default): with the n values sorted as x_0 <= ... <= x_{n-1} and
 * h = (n-1)·q, the q-quantile is x_floor(h) + (h - floor(h))·(x_floor(h)+1 - x_floor(h)).
 */
typedef struct salesplan_simulation_stats {
    double mean; /**< Mean over the trials. */
    double p10;  /**< 10th percentile. */
    double p50;  /**< Median. */
    double p90;  /**< 90th percentile. */
    double min;  /**< Smallest value. */
    double max;  /**< Largest value. */
} salesplan_simulation_stats;

/** Figures of a simulation (SPEC §8). */
typedef struct salesplan_simulation_summary {
    unsigned long long trials;          /**< Number of trials run. */
    unsigned long long seed;            /**< Seed used. */
    double target;                      /**< Target revenue T. */
    double p_hit;                       /**< Fraction of trials with revenue >= T. */
    double p_hit_se;                    /**< Standard error sqrt(p_hit·(1 - p_hit)/trials). */
    salesplan_simulation_stats revenue; /**< Revenue won per trial. */
    salesplan_simulation_stats deals;   /**< Deals won per trial (whole numbers). */
    /* ---- appended in 2.1 (read them only when `capacity` is 1) ---- */
    int capacity;                       /**< 1 when the run at capacity was made. */
    double p_hit_capacity;              /**< P(revenue >= T) at the team's capacity; NaN without. */
    double p_hit_capacity_se;           /**< Its standard error; NaN without. */
    salesplan_simulation_stats revenue_capacity; /**< Revenue per trial at capacity. */
    salesplan_simulation_stats deals_capacity;   /**< Deals per trial at capacity. */
} salesplan_simulation_summary;

/**
 * @brief Run the Monte Carlo of a plan.
 *
 * Memory: 12 bytes per trial are kept (revenue as a double and the deal count
 * as a 32-bit integer) so that quantiles are exact; 10^8 trials need 1.2 GB.
 *
 * @param out  Receives the simulation (caller frees with salesplan_simulation_free());
 *             set to NULL on failure.
 * @param plan The plan; it is computed (salesplan_compute() with default
 *             options, so a plan with `confidence` uses confidence-mode entries)
 *             and not kept.
 * @param opts NULL for the defaults.
 * @param err  Optional; the first problem.
 * @return SALESPLAN_OK; SALESPLAN_EINVAL (NULL `out` or `plan`, bad options
 *         version, zero trials); SALESPLAN_ELIMIT (trials or threads above
 *         their maximum, or more than 4,294,967,295 deals possible in a trial);
 *         any error of salesplan_compute() (SALESPLAN_EPLAN...);
 *         SALESPLAN_ENOMEM; SALESPLAN_ECANCELED when the progress callback
 *         returned nonzero (nothing is kept, `*out` is NULL). A thread that cannot be started is left out
 *         (same output, less speed).
 * Thread-safe (it starts and joins its own threads; distinct calls share nothing).
 */
SALESPLAN_API salesplan_status salesplan_simulate(salesplan_simulation **out,
                                                 const salesplan_plan *plan,
                                                 const salesplan_simulate_options *opts,
                                                 salesplan_error *err);

/** @brief Free a simulation. NULL is a no-op. */
SALESPLAN_API void salesplan_simulation_free(salesplan_simulation *sim);

/**
 * @brief The figures of a simulation.
 * @return A read-only struct borrowed from `sim` (valid until
 *         salesplan_simulation_free()), or NULL when `sim` is NULL. Thread-safe.
 */
SALESPLAN_API const salesplan_simulation_summary *
salesplan_simulation_summary_get(const salesplan_simulation *sim);

/** Quantities that can be counted into a histogram. */
typedef enum salesplan_simulation_quantity {
    SALESPLAN_SIMULATION_REVENUE = 0, /**< Revenue per trial. */
    SALESPLAN_SIMULATION_DEALS = 1    /**< Deals won per trial. */
} salesplan_simulation_quantity;

/**
 * @brief Count the trials into `bins` equal-width bins over [lo, hi].
 *
 * Bin i holds values in [lo + i·w, lo + (i+1)·w), w = (hi - lo)/bins; the
 * last bin also holds hi. Values outside [lo, hi] are not counted. Use the
 * summary's min and max for the whole range.
 *
 * @param counts Caller-owned array of `bins` entries, overwritten.
 * @param bins   Number of bins, >= 1.
 * @param sim    The simulation.
 * @param what   A salesplan_simulation_quantity.
 * @param lo,hi  Finite, lo < hi.
 * @param err    Optional.
 * @return SALESPLAN_OK or SALESPLAN_EINVAL. Thread-safe on a const simulation.
 */
SALESPLAN_API salesplan_status salesplan_simulation_histogram(unsigned long long *counts,
                                                              size_t bins,
                                                              const salesplan_simulation *sim,
                                                              salesplan_simulation_quantity what,
                                                              double lo, double hi,
                                                              salesplan_error *err);

/**
 * @brief Render a simulation.
 * @param out    Receives NUL-terminated text; free with salesplan_free(). NULL on failure.
 * @param len    Optional; receives the length without the NUL.
 * @param sim    The simulation.
 * @param format SALESPLAN_FORMAT_JSON (keys `trials`, `seed`, `p_hit`,
 *               `p_hit_se`, `revenue` and `deals` {`mean`, `p10`, `p50`,
 *               `p90`, `min`, `max`}, plus `name`, `currency`, `target`),
 *               SALESPLAN_FORMAT_MARKDOWN (a short written summary) or
 *               SALESPLAN_FORMAT_SVG (a histogram of revenue with the target
 *               and P10/P50/P90 marked, see docs/charts.md).
 * @param err    Optional.
 * @return SALESPLAN_OK, SALESPLAN_EINVAL (NULL argument or another format),
 *         SALESPLAN_ENOMEM. Thread-safe on a const simulation.
 */
SALESPLAN_API salesplan_status salesplan_simulation_render(char **out, size_t *len,
                                                          const salesplan_simulation *sim,
                                                          salesplan_format format,
                                                          salesplan_error *err);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* SALESPLAN_SIMULATE_H */
