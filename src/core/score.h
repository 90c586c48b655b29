/* score.h - re-score an assignment from the instance alone, independently of the
 * model and the solver: every objective term of DESIGN.md §2 and every rule a plan
 * must keep. */
#ifndef CASELOAD_SCORE_H
#define CASELOAD_SCORE_H

#include <stddef.h>

#include "core/instance.h"

struct score {
    double amount[TERM_COUNT]; /* raw amounts: children, hires, km ... */
    double objective;          /* Σ weight × amount */
};

/* Compute every term for `assignee` (child_count entries: assignee index or -1).
 * Hires opened are the hires that serve at least one child. Returns false with a
 * reason in `error` when the assignment breaks a hard rule: an ineligible pair, a
 * hire above the cap, max_new exceeded, hires of a team not opened in order, hard
 * siblings split. */
bool score_assignment(const struct instance *instance, const int *assignee, struct score *score,
                      char *error, size_t error_size);

#endif
