/* date.h - calendar dates (the Gregorian calendar), written once for the readers,
 * the law's dates, the forecast's months and the generator. */
#ifndef CASELOAD_DATE_H
#define CASELOAD_DATE_H

#include <stdbool.h>

/* A day on the calendar; month 1 to 12, day 1 to 31. */
struct date {
    int year, month, day;
};

/* Every fourth year, but not a century unless divisible by 400 (1900 is not, 2000 is). */
bool date_is_leap_year(int year);

/* Days of month `month` (1 to 12) of `year`: 28 to 31. */
int date_days_in_month(int year, int month);

/* Read "YYYY-MM-DD" (exactly ten characters, digits where the 9s are in
 * "9999-99-99") into *date; false, *date untouched, when the text has another
 * shape. It does not check the calendar: date_on_calendar does. */
bool date_parse_digits(const char *text, struct date *date);

/* Read a month "YYYY-MM" (exactly seven characters, digits where the 9s are in
 * "9999-99") into *year and *month; false, both untouched, for another shape.
 * The month is not checked to be 1 to 12. */
bool date_parse_month(const char *text, int *year, int *month);

/* True when `date` is a day on the calendar from 1900 on. */
bool date_on_calendar(struct date date);

/* `date` moved by `months` months (negative: back), its day clamped to the
 * length of the month reached (31 January + 1 month = 28 or 29 February). */
struct date date_add_months(struct date date, int months);

/* Whole calendar months from `from`'s month to `to`'s month (days ignored). */
int date_months_between(struct date from, struct date to);

/* The day of the week of a date: 0 = Sunday ... 6 = Saturday. */
int date_day_of_week(struct date date);

/* The second Tuesday of a month: THL's census day in April and October. */
struct date date_second_tuesday(int year, int month);

#endif
