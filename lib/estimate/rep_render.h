/* Internal: the rep diagnostics part of an estimate's JSON and Markdown. */
#ifndef SLP_EST_REP_RENDER_H
#define SLP_EST_REP_RENDER_H

#include "common/strbuf.h"
#include "json/json_write.h"
#include "salesplan/estimate.h"

/* "rep_column" and "reps" members (nothing when the estimate has no rep column). */
void slp_est_json_reps(slp_jw *w, const salesplan_estimate *e);
/* A "## Reps compared with the rest of the team" section (nothing without a rep column). */
void slp_est_md_reps(slp_strbuf *sb, const salesplan_estimate *e);

#endif
