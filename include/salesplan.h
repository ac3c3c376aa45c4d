/**
 * @file salesplan.h
 * @brief libsalesplan: turn a revenue goal into a complete, checkable sales plan.
 *
 * The one header a C program includes. Every public name starts with
 * `salesplan_` (functions, types) or `SALESPLAN_` (macros, constants).
 * The library keeps no global state except the optional allocator hook
 * (salesplan_set_allocator()); distinct handles may be used from distinct
 * threads at the same time.
 */
#ifndef SALESPLAN_H
#define SALESPLAN_H

#include "salesplan/version.h"
#include "salesplan/common.h"
#include "salesplan/plan.h"
#include "salesplan/result.h"
#include "salesplan/estimate.h"
#include "salesplan/estimate_state.h"
#include "salesplan/simulate.h"
#include "salesplan/track.h"
#include "salesplan/activities.h"
#include "salesplan/activity_state.h"
#include "salesplan/scenario.h"

#endif /* SALESPLAN_H */
