/* Internal: one string hash for every hash table in the library (the
 * estimator's dictionaries, the plan's name sets, the JSON scanner's
 * duplicate keys). Not cryptographic; the
 * same bytes always give the same value on one machine. */
#ifndef SLP_HASH_H
#define SLP_HASH_H

#include <stddef.h>
#include <stdint.h>

/* Hash of the n bytes at s. */
uint64_t slp_hash_bytes(const char *s, size_t n);
/* Hash of the NUL-terminated s (its bytes without the NUL). */
uint64_t slp_hash_str(const char *s);

#endif
