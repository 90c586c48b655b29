/* compliance.h - the regulators' measures of DESIGN.md §2 ("Compliance measures"):
 * THL counts the workers over the cap, Valvira every child of a worker over the
 * cap. Measured on the current assignment ("before") and on a plan ("after"). */
#ifndef CASELOAD_COMPLIANCE_H
#define CASELOAD_COMPLIANCE_H

#include <stdbool.h>
#include <stdio.h>

#include "core/instance.h"

struct compliance {
    int workers_over_cap;              /* workers with o[w] > 0 */
    int children_over_cap;             /* Σ o[w] */
    int children_with_worker_over_cap; /* Σ counted(w) over workers with o[w] > 0 */
    double max_load_ratio;             /* max counted(w) / cap(w) over workers with cap(w) >= 1; 0 when none */
    int children_to_place;             /* of the current assignment only (assignee NULL): counted
                                        * children with no worker or a leaving one, whom a plan
                                        * must place (new intake, leavers' children); 0 otherwise */
};

/* Measure `assignee` (child_count entries: assignee index or -1), or the current
 * assignment when it is NULL (every child with its current worker, leaving workers
 * included as they are now). Hires are never over their cap and do not enter the
 * load ratio. Returns false only when memory runs out. */
bool compliance_measure(const struct instance *instance, const int *assignee,
                        struct compliance *compliance);

/* The same over the workers of team `team` only. */
bool compliance_measure_team(const struct instance *instance, const int *assignee, int team,
                             struct compliance *compliance);

/* Is nobody over the cap? */
bool compliance_met(const struct compliance *compliance);

/* The verdict for a person, one line with its newline, before → after (`before`
 * may be NULL: only the state `after`, e.g. for `check`):
 *   "verdict: NOT COMPLIANT: after the plan 4 workers over the cap, 46 children over it,
 *    164 children with a worker over it, highest load 140 %; before it 4, 38, 133 and
 *    167 %, with 12 children to place (new intake, leavers' children)" */
void compliance_write_verdict(FILE *stream, const struct compliance *before,
                              const struct compliance *after);

/* The same as a short phrase without newline, e.g. for a table cell:
 * "4 workers over the cap, 46 children over it, 164 children with a worker over
 * it, highest load 142 %". */
void compliance_write_phrase(FILE *stream, const struct compliance *compliance);

/* The JSON object { "workers_over_cap": .., "children_over_cap": ..,
 * "children_with_worker_over_cap": .., "max_load_ratio": .. } (max_load_ratio at
 * full precision). */
void compliance_write_json(FILE *stream, const struct compliance *compliance);

#endif
