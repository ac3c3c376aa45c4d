/* A plan at the documented count limits (docs/plan-format.md), built only
 * through the public setters: shared by tests/test_plan_names.c and
 * bench/plan_limits_bench.c. */
#ifndef PLAN_AT_LIMITS_H
#define PLAN_AT_LIMITS_H

#include "salesplan.h"

/* The documented limits: stages, and items of any other list. */
#define LIMIT_STAGES 1000u
#define LIMIT_ITEMS 10000u

/* Names used for element i of each list ("stage 17", "rep 9999", ...). */
void limits_name(char *buf, size_t size, const char *what, size_t i);
/* Holiday i: consecutive days from 1990-01-01. */
void limits_holiday(char *buf, size_t size, size_t i);

/* Build a valid plan with LIMIT_STAGES stages, LIMIT_STAGES - 1 pipeline
 * entries, and LIMIT_ITEMS roles, reps, activities, competitors, holidays
 * and extensions. Returns SALESPLAN_OK or the first failing setter's status. */
int build_plan_at_limits(salesplan_plan **out);

#endif
