/**
 * @file salesplan/common.h
 * @brief Version, export macro, status codes, error details, allocator hook.
 *
 * Include <salesplan.h> rather than this file directly.
 */
#ifndef SALESPLAN_COMMON_H
#define SALESPLAN_COMMON_H

#include <stddef.h>

#include "salesplan/version.h"

#ifdef __cplusplus
extern "C" {
#endif

/** @defgroup salesplan_common Common: export, status, errors, memory
 *  @{
 */

/**
 * @def SALESPLAN_API
 * @brief Marks a public function of the library: exported from the shared
 * library (default visibility, or dllexport/dllimport on Windows).
 *
 * Define SALESPLAN_STATIC before including the header when linking the static
 * library on Windows; nothing to do elsewhere.
 */
#if defined(_WIN32) || defined(__CYGWIN__)
#  if defined(SALESPLAN_BUILDING)
#    define SALESPLAN_API __declspec(dllexport)
#  elif defined(SALESPLAN_STATIC)
#    define SALESPLAN_API
#  else
#    define SALESPLAN_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__) && __GNUC__ >= 4
#  define SALESPLAN_API __attribute__((visibility("default")))
#else
#  define SALESPLAN_API
#endif

/**
 * @brief Status codes returned by every fallible function.
 *
 * The numbers are part of the ABI: they are never renumbered, new codes are
 * only appended. Exit codes of the CLI are derived from them (see docs/cli.md).
 */
typedef enum salesplan_status {
    SALESPLAN_OK = 0,          /**< Success. */
    SALESPLAN_ENOMEM = 1,      /**< An allocation failed. */
    SALESPLAN_EINVAL = 2,      /**< A caller passed a bad argument (NULL, out of range, NaN...). */
    SALESPLAN_ESYNTAX = 3,     /**< Input text is not well-formed (JSON or CSV syntax, encoding). */
    SALESPLAN_EPLAN = 4,       /**< A plan breaks a rule of the plan format. */
    SALESPLAN_EDATA = 5,       /**< CSV data cannot be used (missing column, bad rows in strict mode). */
    SALESPLAN_EIO = 6,         /**< Reading or writing a file failed. */
    SALESPLAN_ENOENT = 7,      /**< An input file does not exist or cannot be opened. */
    SALESPLAN_ERANGE = 8,      /**< An index is out of range or a name is unknown. */
    SALESPLAN_ELIMIT = 9,      /**< A documented size limit was exceeded. */
    SALESPLAN_EINTERNAL = 10,  /**< A bug in the library; please report it. */
    SALESPLAN_ECANCELED = 11   /**< The caller cancelled the work (a progress callback said stop). */
} salesplan_status;

/** Size of salesplan_error::message. */
#define SALESPLAN_ERROR_MESSAGE_SIZE 256
/**
 * Size of salesplan_error::path: room for any path of a legal plan. The
 * longest is `pipeline.` followed by a stage name of 200 characters of UTF-8
 * (up to 800 bytes), 809 bytes; indexed paths such as
 * `activities[9999].skills[9999]` are far shorter. Paths of values a plan may
 * not hold (an unknown key of 2,000 bytes) are cut at a character boundary.
 */
#define SALESPLAN_ERROR_PATH_SIZE 1024

/**
 * @brief Details of a failure, filled by functions that take a
 * `salesplan_error *err` argument.
 *
 * The struct is caller-allocated (on the stack is fine) and its layout is
 * frozen for the life of SOVERSION 2 (SOVERSION 1 had a 160-byte path). Passing NULL for `err` is always allowed
 * and simply drops the details; the status code is still returned.
 */
typedef struct salesplan_error {
    int code;                                   /**< A salesplan_status value. */
    long line;                                  /**< 1-based line of the bad input, 0 if unknown. */
    long column;                                /**< 1-based column (in bytes), 0 if unknown. */
    char path[SALESPLAN_ERROR_PATH_SIZE];       /**< JSON path such as `funnel.stages[2].conversion`, or "" */
    char message[SALESPLAN_ERROR_MESSAGE_SIZE]; /**< Human-readable message: the rule and the value found. */
} salesplan_error;

/**
 * @brief Text for a status code.
 * @return A static string (never NULL, never to be freed); unknown codes give "unknown status".
 * Thread-safe.
 */
SALESPLAN_API const char *salesplan_strerror(salesplan_status code);

/**
 * @brief Custom allocator. All three functions must be set.
 *
 * `realloc_fn(p, 0)` is never called by the library; `free_fn(NULL)` may be.
 */
typedef struct salesplan_allocator {
    void *(*malloc_fn)(void *ctx, size_t size);          /**< Like malloc(). */
    void *(*realloc_fn)(void *ctx, void *ptr, size_t size); /**< Like realloc(). */
    void (*free_fn)(void *ctx, void *ptr);                /**< Like free(). */
    void *ctx;                                            /**< Passed to each function. */
} salesplan_allocator;

/**
 * @brief Route every allocation of the library through `alloc`.
 *
 * This is the library's only process-wide setting. Call it before any other
 * salesplan function, from one thread, while no salesplan object is alive;
 * objects must be freed with the allocator that created them. Pass NULL to go
 * back to the C library's malloc/realloc/free. The setting is the library's
 * own: no other library's global state is touched.
 *
 * @param alloc The allocator, copied; NULL restores the default.
 * @return SALESPLAN_OK, or SALESPLAN_EINVAL if a function pointer is NULL.
 * Not thread-safe.
 */
SALESPLAN_API salesplan_status salesplan_set_allocator(const salesplan_allocator *alloc);

/**
 * @brief Free memory that the library handed to the caller (rendered text,
 * JSON strings). NULL is a no-op. Thread-safe.
 */
SALESPLAN_API void salesplan_free(void *ptr);

/**
 * @brief Version of the library actually loaded, e.g. "0.1.0".
 * @return A static string. Thread-safe.
 */
SALESPLAN_API const char *salesplan_version(void);

/**
 * @brief Version of the library actually loaded as a number,
 * SALESPLAN_VERSION_NUMBER style (major*10000 + minor*100 + patch). Thread-safe.
 */
SALESPLAN_API long salesplan_version_number(void);

/**
 * @brief A list of problems, each a salesplan_error, as reported by validation.
 *
 * Created by the validating functions; free with salesplan_diagnostics_free().
 */
typedef struct salesplan_diagnostics salesplan_diagnostics;

/** @brief Number of problems (0 for NULL). Thread-safe on a const list. */
SALESPLAN_API size_t salesplan_diagnostics_count(const salesplan_diagnostics *d);

/**
 * @brief Problem `i` (0-based).
 * @return A pointer borrowed from `d`, valid until salesplan_diagnostics_free(),
 *         or NULL if `d` is NULL or `i` is out of range.
 */
SALESPLAN_API const salesplan_error *salesplan_diagnostics_get(const salesplan_diagnostics *d,
                                                              size_t i);

/** @brief Free a list of problems. NULL is a no-op. */
SALESPLAN_API void salesplan_diagnostics_free(salesplan_diagnostics *d);

/** @} */

#ifdef __cplusplus
}
#endif

#endif /* SALESPLAN_COMMON_H */
