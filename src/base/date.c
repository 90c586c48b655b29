/* date.c - calendar dates: leap years, month lengths, month arithmetic, weekdays. */
#include "base/date.h"

#include <stddef.h>

bool date_is_leap_year(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int date_days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && date_is_leap_year(year) ? 29 : days[month - 1];
}

/* The number written by `count` decimal digits at `text`. */
static int read_digits(const char *text, int count)
{
    int value = 0;
    for (int i = 0; i < count; i++)
        value = value * 10 + (text[i] - '0');
    return value;
}

/* Whether `text` has exactly the shape of `shape`, where '9' stands for a digit. */
static bool has_shape(const char *text, const char *shape)
{
    for (; *shape != '\0'; text++, shape++) {
        bool digit = *text >= '0' && *text <= '9';
        if (*shape == '9' ? !digit : *text != *shape)
            return false;
    }
    return *text == '\0';
}

bool date_parse_digits(const char *text, struct date *date)
{
    if (text == NULL || !has_shape(text, "9999-99-99"))
        return false;
    *date = (struct date){read_digits(text, 4), read_digits(text + 5, 2), read_digits(text + 8, 2)};
    return true;
}

bool date_parse_month(const char *text, int *year, int *month)
{
    if (text == NULL || !has_shape(text, "9999-99"))
        return false;
    *year = read_digits(text, 4);
    *month = read_digits(text + 5, 2);
    return true;
}

bool date_on_calendar(struct date date)
{
    return date.year >= 1900 && date.month >= 1 && date.month <= 12 && date.day >= 1 &&
           date.day <= date_days_in_month(date.year, date.month);
}

struct date date_add_months(struct date date, int months)
{
    int index = date.year * 12 + (date.month - 1) + months;
    struct date moved = {index / 12, index % 12 + 1, date.day};
    int last = date_days_in_month(moved.year, moved.month);
    if (moved.day > last)
        moved.day = last;
    return moved;
}

int date_months_between(struct date from, struct date to)
{
    return (to.year * 12 + to.month) - (from.year * 12 + from.month);
}

int date_day_of_week(struct date date)
{
    /* Sakamoto's method. */
    static const int offset[12] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
    int year = date.month < 3 ? date.year - 1 : date.year;
    return (year + year / 4 - year / 100 + year / 400 + offset[date.month - 1] + date.day) % 7;
}

struct date date_second_tuesday(int year, int month)
{
    int first = date_day_of_week((struct date){year, month, 1});
    int first_tuesday = 1 + (2 - first + 7) % 7;
    return (struct date){year, month, first_tuesday + 7};
}
