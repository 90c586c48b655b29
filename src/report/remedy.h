/* remedy.h - what would remove the excess a plan leaves (issue 13): per team with
 * children over the cap after the plan, the hires that would take them and how
 * many of them a neighbouring team of the same service could take under
 * cross_team, at what distance. Read from the plan alone, no new solve. */
#ifndef CASELOAD_REMEDY_H
#define CASELOAD_REMEDY_H

#include <stdbool.h>
#include <stdio.h>

#include "core/instance.h"
#include "report/plan.h"

#define REMEDY_NEIGHBOURS 3 /* neighbouring teams named per team, nearest first */

struct remedy_neighbour {
    int team;       /* the neighbouring team */
    int children;   /* how many of the excess it could take: min(excess, its room, movable children) */
    double mean_km; /* mean km from its office to the homes of those children (the nearest ones) */
};

struct remedy {
    int team;       /* a team with children over the cap after the plan */
    int excess;     /* Σ o[w] over its workers after the plan */
    int hires;      /* hires of FTE 1 that would take the excess: ceil(excess / cap) */
    int movable;    /* children of its workers over the cap that are not locked (could move) */
    struct remedy_neighbour neighbours[REMEDY_NEIGHBOURS];
    int neighbour_count;
};

/* The remedies of `plan`, one per team with an excess, in team order; *count gets
 * their number. Returns NULL with *count 0 when there is none; NULL with *count -1
 * when memory runs out. Free with mem_free. */
struct remedy *remedy_compute(const struct plan *plan, const struct instance *instance, int *count);

/* Writers: a JSON array (`[]` when none), lines for the terminal (nothing when
 * none), an HTML section (nothing when none). They return false when memory runs
 * out or writing fails. */
bool remedy_write_json(FILE *stream, const struct plan *plan, const struct instance *instance);
bool remedy_write_text(FILE *stream, const struct plan *plan, const struct instance *instance);
bool remedy_write_html(FILE *stream, const struct plan *plan, const struct instance *instance);

#endif
