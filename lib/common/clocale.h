/* Internal: number text in the "C" locale, whatever locale the host chose.
 *
 * A host (PHP, Python, a desktop app) may call setlocale(LC_ALL, "de_DE.UTF-8"),
 * after which strtod and printf("%f") read and write a decimal comma. The
 * library never changes the process's locale: it switches only the calling
 * thread to the "C" locale for the duration of a parse or a render
 * (uselocale, POSIX.1-2008) and switches it back before returning, or it
 * parses with an explicit locale object (strtod_l). Nothing is cached in a
 * global, so there is no initialisation order and nothing to free at exit.
 */
#ifndef SLP_CLOCALE_H
#define SLP_CLOCALE_H

/* The thread's locale while a guard is active. Opaque to callers: the fields
 * hold POSIX locale_t values (pointers in every libc the library supports). */
typedef struct slp_clocale {
    void *c_locale; /* the "C" locale object (newlocale) */
    void *previous; /* what uselocale() returned, restored by slp_clocale_leave */
} slp_clocale;

/* Switch the calling thread to the "C" locale. Returns 0 (SALESPLAN_OK) or
 * SALESPLAN_ENOMEM when no locale object could be had; on failure nothing
 * changed and slp_clocale_leave() is still safe to call. */
int slp_clocale_enter(slp_clocale *g);
/* Restore the thread's previous locale and free the "C" object. Idempotent. */
void slp_clocale_leave(slp_clocale *g);

/* strtod in the "C" locale, whatever the thread's locale: same contract as
 * strtod (errno ERANGE on overflow and underflow). */
double slp_strtod_c(const char *s, char **end);

#endif
