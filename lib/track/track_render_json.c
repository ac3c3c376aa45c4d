/* The tracking document (SPEC §11 keys, version 1): team figures, reps,
 * activity pacing, the re-plan (a whole §9 result document, or null) and the
 * warnings. Doubles round-trip; absent figures are null. */
#include <string.h>

#include "common/alloc.h"
#include "json/json_write.h"
#include "model/plan_model.h"
#include "render/render.h"
#include "track/track_internal.h"

/* The re-plan document, indented one level deeper (no raw newline can occur
 * inside a JSON string, so every newline is layout). */
static int write_replan(slp_jw *w, const salesplan_result *r, salesplan_error *err)
{
    slp_jw_key(w, "replan");
    if (!r) {
        slp_jw_null(w);
        return SALESPLAN_OK;
    }
    slp_strbuf sub = SLP_STRBUF_INIT, ind = SLP_STRBUF_INIT;
    int rc = slp_render_json(r, &sub, err);
    if (rc == SALESPLAN_OK && !sub.failed) {
        size_t n = sub.len;
        while (n > 0 && sub.data[n - 1] == '\n')
            n--;
        for (size_t i = 0; i < n; i++) {
            if (sub.data[i] == '\n')
                slp_sb_puts(&ind, "\n  ");
            else
                slp_sb_putc(&ind, sub.data[i]);
        }
        slp_sb_putc(&ind, '\0');
        if (!ind.failed)
            slp_jw_raw(w, ind.data);
    }
    if (rc == SALESPLAN_OK && (sub.failed || ind.failed))
        rc = SALESPLAN_ENOMEM;
    slp_sb_release(&sub);
    slp_sb_release(&ind);
    return rc;
}

static void write_status(slp_jw *w, const char *key, salesplan_track_status s)
{
    slp_jw_kstring(w, key, salesplan_track_status_name(s));
}

static void write_reps(slp_jw *w, const salesplan_tracking *t)
{
    slp_jw_karray(w, "reps", SLP_JW_PRETTY);
    for (size_t i = 0; i < t->rep_count; i++) {
        const salesplan_tracking_rep *r = &t->reps[i];
        slp_jw_object(w, SLP_JW_PRETTY);
        slp_jw_ktext(w, "name", r->name);
        slp_jw_ktext(w, "role", r->role);
        slp_jw_knumber(w, "quota", r->quota);
        slp_jw_knumber(w, "quota_to_date", r->quota_to_date);
        slp_jw_knumber(w, "booked", r->booked);
        slp_jw_knumber(w, "attainment", r->attainment);
        slp_jw_knumber(w, "pace", r->pace);
        write_status(w, "status", r->status);
        slp_jw_knumber(w, "remaining", r->remaining);
        slp_jw_knumber(w, "deals_needed", r->deals_needed);
        slp_jw_karray(w, "activities", SLP_JW_PRETTY);
        for (size_t k = 0; k < r->activity_count; k++) {
            const salesplan_tracking_rep_activity *a = &r->activities[k];
            slp_jw_object(w, SLP_JW_INLINE);
            slp_jw_ktext(w, "name", a->name);
            slp_jw_knumber(w, "per_workday", a->per_workday);
            slp_jw_knumber(w, "done_to_date", a->done_to_date);
            slp_jw_knumber(w, "planned_to_date", a->planned_to_date);
            slp_jw_end(w);
        }
        slp_jw_end(w);
        slp_jw_end(w);
    }
    slp_jw_end(w);
}

int slp_track_render_json(const salesplan_tracking *t, slp_strbuf *sb, salesplan_error *err)
{
    slp_jw w;
    slp_jw_init(&w, sb);
    const salesplan_tracking_summary *s = &t->summary;
    slp_jw_object(&w, SLP_JW_PRETTY);
    slp_jw_kint(&w, "salesplan_tracking", 1);
    slp_jw_ktext(&w, "name", t->plan->name);
    slp_jw_kstring(&w, "currency", t->plan->currency);
    slp_jw_kstring(&w, "as_of", s->as_of);
    slp_jw_kint(&w, "as_of_day", s->as_of_day);
    slp_jw_knumber(&w, "target", t->revenue);
    slp_jw_knumber(&w, "booked", s->booked);
    slp_jw_knumber(&w, "attainment", s->attainment);
    slp_jw_knumber(&w, "expected_to_date", s->expected_to_date);
    slp_jw_knumber(&w, "pace", s->pace);
    write_status(&w, "status", s->status);
    slp_jw_knumber(&w, "gap", s->gap);
    slp_jw_knumber(&w, "projected_on_pace", s->projected_on_pace);
    slp_jw_knumber(&w, "projected_from_pipeline", s->projected_from_pipeline);
    slp_jw_knumber(&w, "p_hit_from_pipeline", s->p_hit_from_pipeline);
    write_reps(&w, t);
    slp_jw_karray(&w, "activities", SLP_JW_PRETTY);
    for (size_t i = 0; i < t->act_count; i++) {
        const salesplan_tracking_activity *a = &t->acts[i];
        slp_jw_object(&w, SLP_JW_INLINE);
        slp_jw_ktext(&w, "name", a->name);
        slp_jw_knumber(&w, "done_to_date", a->done_to_date);
        slp_jw_knumber(&w, "planned_to_date", a->planned_to_date);
        slp_jw_knumber(&w, "ratio", a->ratio);
        slp_jw_end(&w);
    }
    slp_jw_end(&w);
    int rc = write_replan(&w, t->replan, err);
    if (rc != SALESPLAN_OK)
        return rc;
    slp_jw_karray(&w, "warnings", SLP_JW_PRETTY);
    for (size_t i = 0; i < t->warning_count; i++) {
        slp_jw_object(&w, SLP_JW_INLINE);
        slp_jw_kstring(&w, "code", t->warnings[i].code);
        slp_jw_ktext(&w, "path", t->warnings[i].path);
        slp_jw_ktext(&w, "message", t->warnings[i].message);
        slp_jw_end(&w);
    }
    slp_jw_end(&w);
    slp_jw_end(&w);
    slp_sb_putc(sb, '\n');
    return sb->failed ? SALESPLAN_ENOMEM : SALESPLAN_OK;
}
