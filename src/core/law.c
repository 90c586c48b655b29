/* law.c - the legal cap of a date, own caps and the children counted (law.h). */
#include "core/law.h"

#include <limits.h>
#include <math.h>

int law_cap_for_date(struct date date)
{
    /* Lastensuojelulaki 13 b §: 35 in 2022-2023, 30 from 2024-01-01. */
    return date.year < 2024 ? 35 : 30;
}

int law_floor_scaled(double value)
{
    double floored = floor(value + 1e-9);
    if (floored > INT_MAX)
        return INT_MAX;
    return floored < 0 ? 0 : (int)floored;
}

int law_own_cap(int cap, double fte)
{
    return law_floor_scaled(cap * fte);
}

bool law_under_age(int born_year, int born_month, struct date date, int years)
{
    return date.year * 12 + date.month < (born_year + years) * 12 + born_month;
}

bool law_child_counted(int born_year, int born_month, struct date date)
{
    return law_under_age(born_year, born_month, date, LAW_ADULT_AGE);
}
