/**
 * @file salesplan/scenario.h
 * @brief Scenarios (a plan plus JSON Merge Patches), comparison of plans and
 * one-lever-at-a-time sensitivity (SPEC §13).
 *
 * Include <salesplan.h> rather than this file directly. docs/scenarios.md
 * describes the rules with worked examples.
 */
#ifndef SALESPLAN_SCENARIO_H
#define SALESPLAN_SCENARIO_H

#include "salesplan/common.h"
#include "salesplan/plan.h"
#include "salesplan/result.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @defgroup salesplan_scenario Scenarios, comparison and sensitivity
 *  @{
 */

/**
 * @brief JSON Merge Patch (RFC 7386) of two JSON texts.
 *
 * A patch that is not an object replaces the document; an object patch sets
 * each of its members in the document (merging objects recursively), and a
 * member whose value is null removes that member. Arrays are replaced whole.
 * The document's members keep their order; new members follow in the
 * patch's order. Numbers are copied as written.
 *
 * @param out       Receives the merged JSON text, NUL-terminated; free with
 *                  salesplan_free(). NULL on failure.
 * @param len       Optional; receives the length without the NUL.
 * @param doc       The document (any JSON value), doc_len bytes, UTF-8.
 * @param patch     The patch (any JSON value), patch_len bytes.
 * @param err       Optional; for a syntax error the message starts with
 *                  "document: " or "patch: " and line/column are in that text.
 * @return SALESPLAN_OK, SALESPLAN_EINVAL (NULL out, NULL text with a length),
 *         SALESPLAN_ESYNTAX, SALESPLAN_ELIMIT (a text over the JSON limits, or
 *         a merged document nesting deeper than 32 containers), SALESPLAN_ENOMEM.
 * Thread-safe.
 */
SALESPLAN_API salesplan_status salesplan_json_merge_patch(char **out, size_t *len,
                                                          const char *doc, size_t doc_len,
                                                          const char *patch, size_t patch_len,
                                                          salesplan_error *err);

/**
 * @brief Load a plan file with patches applied in order (a scenario).
 *
 * The patches are merged into the plan text (salesplan_json_merge_patch(),
 * first patch first) and the merged text is read and validated as one plan
 * file. Problems name paths in the merged plan. Their line and column point
 * at the source of the value: the last patch that sets that path (then the
 * message starts with "patch N: ", N counting from 1), else the plan file;
 * a value no source holds exactly (a required member that is missing) is
 * located at its deepest enclosing value, preferring the patches.
 *
 * @param out        Receives the plan (free with salesplan_plan_free()); NULL on failure.
 * @param plan_json  The plan file's text, len bytes.
 * @param patches    npatches patch texts (may be NULL when npatches is 0).
 * @param patch_lens Their lengths.
 * @param err        Optional; the first problem.
 * @return As salesplan_plan_load_buffer(), plus the errors of
 *         salesplan_json_merge_patch(). Thread-safe.
 */
SALESPLAN_API salesplan_status salesplan_plan_load_patched(salesplan_plan **out,
                                                           const char *plan_json, size_t len,
                                                           const char *const *patches,
                                                           const size_t *patch_lens,
                                                           size_t npatches,
                                                           salesplan_error *err);

/**
 * @brief Every problem of a patched plan, located as in salesplan_plan_load_patched().
 * @param out Receives the list (free with salesplan_diagnostics_free()), empty
 *            when the patched plan is valid; NULL only on SALESPLAN_ENOMEM or
 *            SALESPLAN_EINVAL (NULL out).
 * @return SALESPLAN_OK when valid, else the code of the first problem. Thread-safe.
 */
SALESPLAN_API salesplan_status salesplan_plan_validate_patched(salesplan_diagnostics **out,
                                                               const char *plan_json, size_t len,
                                                               const char *const *patches,
                                                               const size_t *patch_lens,
                                                               size_t npatches);

/**
 * @brief A new plan: `base` written as a plan file, `patch` merged into it, read back.
 * @param out   Receives the plan (free with salesplan_plan_free()); NULL on failure.
 * @param base  The plan, unchanged.
 * @param patch The patch text (a JSON object to change the plan), len bytes.
 * @param err   Optional; problems located in the patch as in salesplan_plan_load_patched().
 * @return As salesplan_plan_load_patched(). Thread-safe on a const base.
 */
SALESPLAN_API salesplan_status salesplan_plan_patched(salesplan_plan **out,
                                                      const salesplan_plan *base,
                                                      const char *patch, size_t len,
                                                      salesplan_error *err);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* SALESPLAN_SCENARIO_H */
