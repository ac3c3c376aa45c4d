/* Internal: numeric tolerances shared by every layer, named once. */
#ifndef SLP_NUMERIC_H
#define SLP_NUMERIC_H

/* Rounding tolerance for "whole" counts and "at most" comparisons: a value
 * within this of an integer (or bound) from above counts as that integer,
 * so 3.0000000000000004 deals are 3 and ceil(x - SLP_ROUND_EPS) is the
 * count for people. Relative uses scale it by the magnitude compared. */
#define SLP_ROUND_EPS 1e-9

/* 2^53: below it every integer is exactly representable as a double. */
#define SLP_DOUBLE_EXACT_INT 9007199254740992.0

#endif
