/* The tracking document (SPEC §11 keys, version 1): team figures, reps,
 * activity pacing, the re-plan (a whole §9 result document, or null) and the
 * warnings. Doubles round-trip; absent figures are null. */
#include <string.h>

#include "common/alloc.h"
#include "json/json_fields.h"
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

/* The team's activity pacing and the warnings, in the document's tail. */
#define SLP_JF_STRUCT salesplan_tracking_activity
static const slp_jfield activity_fields[] = {
    SLP_JFT(name), SLP_JFN(done_to_date), SLP_JFN(planned_to_date), SLP_JFN(ratio),
};
#undef SLP_JF_STRUCT
#define SLP_JF_STRUCT salesplan_warning
static const slp_jfield warning_fields[] = {SLP_JFS(code), SLP_JFT(path), SLP_JFT(message)};
#undef SLP_JF_STRUCT

static void write_status(slp_jw *w, salesplan_track_status s)
{
    slp_jw_kstring(w, "status", salesplan_track_status_name(s));
}

#define SLP_JF_STRUCT salesplan_tracking_rep
static const slp_jfield rep_fields[] = {
    SLP_JFT(name), SLP_JFT(role), SLP_JFN(quota), SLP_JFN(quota_to_date), SLP_JFN(booked),
    SLP_JFN(attainment), SLP_JFN(pace),
};
static const slp_jfield rep_need_fields[] = {SLP_JFN(remaining), SLP_JFN(deals_needed)};
#undef SLP_JF_STRUCT

static void write_reps(slp_jw *w, const salesplan_tracking *t)
{
#define SLP_JF_STRUCT salesplan_tracking_rep_activity
    static const slp_jfield rep_activity_fields[] = {
        SLP_JFT(name), SLP_JFN(per_workday), SLP_JFN(done_to_date), SLP_JFN(planned_to_date),
    };
#undef SLP_JF_STRUCT
    slp_jw_karray(w, "reps", SLP_JW_PRETTY);
    for (size_t i = 0; i < t->rep_count; i++) {
        const salesplan_tracking_rep *r = &t->reps[i];
        slp_jw_object(w, SLP_JW_PRETTY);
        slp_jw_fields(w, r, SLP_JF_TABLE(rep_fields));
        write_status(w, r->status);
        slp_jw_fields(w, r, SLP_JF_TABLE(rep_need_fields));
        slp_jw_krecords(w, "activities", SLP_JW_INLINE, r->activities, r->activity_count,
                        sizeof *r->activities, SLP_JF_TABLE(rep_activity_fields));
        slp_jw_end(w);
    }
    slp_jw_end(w);
}

#define SLP_JF_STRUCT salesplan_tracking_summary
static const slp_jfield summary_fields[] = {
    SLP_JFN(booked), SLP_JFN(attainment), SLP_JFN(expected_to_date), SLP_JFN(pace),
};
static const slp_jfield projection_fields[] = {
    SLP_JFN(gap), SLP_JFN(projected_on_pace), SLP_JFN(projected_from_pipeline),
    SLP_JFN(p_hit_from_pipeline),
};
#undef SLP_JF_STRUCT

int slp_track_render_json(const void *obj, slp_strbuf *sb, salesplan_error *err)
{
    const salesplan_tracking *t = obj;
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
    slp_jw_fields(&w, s, SLP_JF_TABLE(summary_fields));
    write_status(&w, s->status);
    slp_jw_fields(&w, s, SLP_JF_TABLE(projection_fields));
    write_reps(&w, t);
    slp_jw_krecords(&w, "activities", SLP_JW_INLINE, t->acts, t->act_count, sizeof *t->acts,
                    SLP_JF_TABLE(activity_fields));
    int rc = write_replan(&w, t->replan, err);
    if (rc != SALESPLAN_OK)
        return rc;
    slp_jw_krecords(&w, "warnings", SLP_JW_INLINE, t->warnings, t->warning_count,
                    sizeof *t->warnings, SLP_JF_TABLE(warning_fields));
    slp_jw_end(&w);
    slp_sb_putc(sb, '\n');
    return sb->failed ? SALESPLAN_ENOMEM : SALESPLAN_OK;
}
