/* Where the tests find the project's shared data (the real CRM export of
 * /work/shared/data), for the tests that use it when it is here. Test code only.
 *
 * Looked for first next to the source tree (SALESPLAN_SOURCE_DIR/../shared/data:
 * the main checkout and every worktree sit beside shared/), then in
 * $SALESPLAN_SHARED_DATA. */
#ifndef SALESPLAN_TESTS_SUPPORT_SHARED_DATA_H
#define SALESPLAN_TESTS_SUPPORT_SHARED_DATA_H

/** The shared CRM export, a name below the shared data folder. */
#define SHARED_EXPORT "crm-sales-opportunities/sales_pipeline.csv"

/** The path of `name` in the shared data folder (a static buffer, valid until
 * the next call), or NULL when the file is not there. */
const char *shared_data_path(const char *name);

/** Why a test of `name` is skipped: where it was looked for (a static buffer). */
const char *shared_data_missing(const char *name);

/** In a cmocka test: `var` = the path of `name`, or print where it was looked
 * for and skip the test. */
#define SHARED_DATA_OR_SKIP(var, name)                                                       \
    do {                                                                                    \
        (var) = shared_data_path(name);                                                     \
        if ((var) == NULL) {                                                                \
            print_message("%s\n", shared_data_missing(name));                               \
            skip();                                                                         \
        }                                                                                   \
    } while (0)

#endif
