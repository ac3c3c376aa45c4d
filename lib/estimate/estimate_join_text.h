/* Internal: the lookup tables given as CSV text in memory
 * (salesplan_estimate_options::join_texts, version 4). */
#ifndef SLP_ESTIMATE_JOIN_TEXT_H
#define SLP_ESTIMATE_JOIN_TEXT_H

#include <string.h>

#include "salesplan/estimate.h"

/* The text of extra table i (0-based in join_paths) with its length, or NULL
 * when that table is a file. `o` is normalised (current version). */
static inline const char *slp_est_join_text(const salesplan_estimate_options *o, size_t i,
                                            size_t *len)
{
    const char *t = o->join_texts != NULL ? o->join_texts[i] : NULL;
    *len = t == NULL ? 0 : o->join_text_lens != NULL ? o->join_text_lens[i] : strlen(t);
    return t;
}

#endif
