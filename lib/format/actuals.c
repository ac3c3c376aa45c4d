/* Lifetime of the actuals handle and the few ways to fill it, shared by the
 * JSON reader (actuals_read.c) and the CRM CSV reader (track/track_crm.c). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common/alloc.h"
#include "format/actuals.h"
#include "model/plan_model.h"
#include "salesplan/track.h"

int slp_actuals_new(salesplan_actuals **out, const salesplan_plan *plan, salesplan_error *err)
{
    *out = NULL;
    if (!plan || !plan->period_start || plan->period_days < 1)
        return slp_error_set(err, SALESPLAN_EINVAL, "period", 0, 0,
                             "the plan has no period to track");
    salesplan_actuals *a = slp_calloc(1, sizeof *a);
    if (!a)
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    a->period_start = plan->start_day;
    a->days = plan->period_days;
    a->stage_count = plan->stage_count;
    a->rep_count = plan->rep_count;
    a->activity_count = plan->activity_count;
    /* the four tables of counts (team and per rep, by stage and by
     * activity) in one block, each with a spare cell so none is empty */
    size_t S = a->stage_count, R = a->rep_count, A = a->activity_count;
    a->pipe_team = slp_calloc((R + 1) * (S + A) + 4, sizeof(double));
    if (!a->pipe_team) {
        salesplan_actuals_free(a);
        return slp_error_set(err, SALESPLAN_ENOMEM, NULL, 0, 0, "out of memory");
    }
    a->pipe_rep = a->pipe_team + S + 1;
    a->act_team = a->pipe_rep + R * S + 1;
    a->act_rep = a->act_team + A + 1;
    *out = a;
    return SALESPLAN_OK;
}

int slp_actuals_fits(const salesplan_actuals *a, const salesplan_plan *plan)
{
    return a && plan && plan->period_start && a->period_start == plan->start_day &&
           a->days == plan->period_days && a->stage_count == plan->stage_count &&
           a->rep_count == plan->rep_count && a->activity_count == plan->activity_count;
}

void salesplan_actuals_free(salesplan_actuals *a)
{
    if (!a)
        return;
    for (size_t i = 0; i < a->booking_count; i++) {
        slp_free(a->bookings[i].id);
        slp_free(a->bookings[i].label);
    }
    slp_free(a->bookings);
    slp_name_set_free(&a->ids);
    for (size_t i = 0; i < a->note_count; i++) {
        slp_free(a->notes[i].code);
        slp_free(a->notes[i].path);
        slp_free(a->notes[i].message);
    }
    slp_free(a->notes);
    slp_free(a->pipe_team); /* the block of all four tables */
    slp_free(a);
}

long slp_actuals_find_id(const salesplan_actuals *a, const char *id)
{
    return id ? slp_name_set_find(&a->ids, id) : -1;
}

int slp_actuals_add_booking(salesplan_actuals *a, slp_day date, double amount, long rep,
                            const char *id, const char *label)
{
    if (a->booking_count >= SLP_MAX_BOOKINGS)
        return SALESPLAN_ELIMIT;
    if (slp_grow((void **)&a->bookings, &a->booking_cap, a->booking_count + 1,
                 sizeof *a->bookings) != 0)
        return SALESPLAN_ENOMEM;
    slp_booking *b = &a->bookings[a->booking_count];
    memset(b, 0, sizeof *b);
    if (slp_str_dup_opt(&b->id, id) != 0 || slp_str_dup_opt(&b->label, label) != 0)
        goto nomem;
    if (b->id && slp_name_set_add(&a->ids, b->id, a->booking_count) != SALESPLAN_OK)
        goto nomem;
    b->date = date;
    b->amount = amount;
    b->rep = rep;
    a->booking_count++;
    return SALESPLAN_OK;
nomem:
    slp_free(b->id);
    slp_free(b->label);
    return SALESPLAN_ENOMEM;
}

int slp_actuals_note(salesplan_actuals *a, const char *code, const char *path, const char *fmt,
                     ...)
{
    if (slp_grow((void **)&a->notes, &a->note_cap, a->note_count + 1, sizeof *a->notes) != 0)
        return SALESPLAN_ENOMEM;
    char msg[SALESPLAN_ERROR_MESSAGE_SIZE];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    slp_act_note *n = &a->notes[a->note_count];
    memset(n, 0, sizeof *n);
    if (slp_str_dup_opt(&n->code, code) != 0 || slp_str_dup_opt(&n->path, path ? path : "") != 0 ||
        slp_str_dup_opt(&n->message, msg) != 0) {
        slp_free(n->code);
        slp_free(n->path);
        slp_free(n->message);
        return SALESPLAN_ENOMEM;
    }
    a->note_count++;
    return SALESPLAN_OK;
}

const char *salesplan_actuals_as_of(const salesplan_actuals *a)
{
    return a && a->has_as_of ? a->as_of_text : NULL;
}

int slp_actuals_set_as_of_day(salesplan_actuals *a, slp_day d)
{
    if (d < a->period_start || d > a->period_start + a->days - 1)
        return SALESPLAN_ERANGE;
    a->as_of = d;
    a->has_as_of = 1;
    slp_format_date(d, a->as_of_text);
    return SALESPLAN_OK;
}

salesplan_status salesplan_actuals_set_as_of(salesplan_actuals *a, const char *date,
                                             salesplan_error *err)
{
    slp_error_clear(err);
    slp_day d;
    if (!a || !date)
        return (salesplan_status)slp_error_set(err, SALESPLAN_EINVAL, "as_of", 0, 0,
                                               "no actuals or no date");
    if (slp_parse_iso_date_str(date, &d) != 0)
        return (salesplan_status)slp_error_set(
            err, SALESPLAN_EINVAL, "as_of", 0, 0,
            "must be a real calendar date written YYYY-MM-DD; found \"%.40s\"", date);
    if (a->from_csv && a->has_as_of && d != a->as_of)
        return (salesplan_status)slp_error_set(
            err, SALESPLAN_EINVAL, "as_of", 0, 0,
            "these actuals were read from CRM exports as of %s (bookings and pipeline were "
            "chosen by that day); read the exports again as of %s",
            a->as_of_text, date);
    if (slp_actuals_set_as_of_day(a, d) != SALESPLAN_OK) {
        char first[11], last[11];
        slp_format_date(a->period_start, first);
        slp_format_date(a->period_start + a->days - 1, last);
        return (salesplan_status)slp_error_set(
            err, SALESPLAN_ERANGE, "as_of", 0, 0,
            "must be a day of the period, %s to %s; found %s", first, last, date);
    }
    return SALESPLAN_OK;
}
