/* law.h - the rules of Lastensuojelulaki 13 b § as caseload counts them, written
 * once for the instance, the forecast, the rates and the generator:
 *   - the full-time cap of a date: 35 children in 2022-2023, 30 from 1.1.2024;
 *   - a worker's own cap: cap(w) = floor(cap·φ(w) + 1e-9) (DESIGN.md §2);
 *   - which children count (κ = 1): the 0-17-year-olds, that is while the date is
 *     before the first day of the birth month 18 years on. */
#ifndef CASELOAD_LAW_H
#define CASELOAD_LAW_H

#include <stdbool.h>

#include "base/date.h"

/* The age from which a child no longer counts toward the cap. */
#define LAW_ADULT_AGE 18

/* The full-time legal cap on `date`. */
int law_cap_for_date(struct date date);

/* floor(value + 1e-9), clamped to 0 .. INT_MAX: a cap or target scaled by FTE. */
int law_floor_scaled(double value);

/* A worker's own cap: floor(cap·fte + 1e-9), clamped as law_floor_scaled. */
int law_own_cap(int cap, double fte);

/* True while `date` is before the first day of the birth month (born_year,
 * born_month) `years` years on: LAW_ADULT_AGE for the cap's count, 25 for
 * aftercare's end. */
bool law_under_age(int born_year, int born_month, struct date date, int years);

/* κ of a child born in (born_year, born_month), on `date`: counted toward the cap. */
bool law_child_counted(int born_year, int born_month, struct date date);

#endif
