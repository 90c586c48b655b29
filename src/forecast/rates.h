/* rates.h - the monthly rates of the forecast's process (DESIGN.md §6 "Rates")
 * counted from history snapshots of one county, and the end of care by age. */
#ifndef CASELOAD_RATES_H
#define CASELOAD_RATES_H

#include <stdbool.h>
#include <stddef.h>

#include "core/instance.h"

#define RATES_MAX_FAMILY_SIZE 12

/* What consecutive snapshots show. Municipalities are those of `reference` (a
 * snapshot's municipality is matched by its id; one the reference lacks is left
 * out). */
struct rates_counts {
    int municipality_count;
    double closures[SERVICE_COUNT]; /* clients present in one snapshot, absent in the next */
    double exposure[SERVICE_COUNT]; /* client-months at risk of closing */
    double *new_families;           /* SERVICE_COUNT * municipality_count, owned: families first seen */
    double months;                  /* months the snapshots span */
    double family_sizes[RATES_MAX_FAMILY_SIZE]; /* first-seen families by size (k + 1 children;
                                                 * larger ones in the last entry) */
    double family_total;
};

/* Count closures, exposure and new families between consecutive snapshots
 * (oldest first, dates strictly increasing: the caller checks). A client whose
 * care ended by age (rates_aged_out) by the later snapshot's date is neither a
 * closure nor exposure. Returns false only when memory runs out; free with
 * rates_counts_free. */
bool rates_count(const struct instance *const *snapshots, int count,
                 const struct instance *reference, struct rates_counts *counts);
void rates_counts_free(struct rates_counts *counts);

/* Care of a client of `service` born in born_year-born_month has ended by age on
 * `date`: open and substitute care at 18 (when the child stops being counted),
 * aftercare at 25. A client without a birth month never ages out. */
bool rates_aged_out(enum service service, bool born_given, int born_year, int born_month,
                    struct date date);

/* Number of ids (children, families, workers) `a` and `b` share. */
long rates_shared_ids(const struct instance *a, const struct instance *b);

#endif
