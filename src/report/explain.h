/* explain.h - why a plan puts a child where it does: what every single move of that
 * child to another eligible worker or hire would change in the objective, term by
 * term, and why the other workers are not eligible. */
#ifndef CASELOAD_EXPLAIN_H
#define CASELOAD_EXPLAIN_H

#include <stdbool.h>
#include <stdio.h>

#include "core/instance.h"
#include "core/score.h"

/* Why a worker cannot take the child at all (DESIGN.md §2 "Eligible pairs"), the
 * first that applies in this order. */
enum explain_cause {
    CAUSE_OTHER_SERVICE,  /* the worker's team serves another service */
    CAUSE_LEAVING,        /* the worker leaves */
    CAUSE_LOCKED,         /* the child is locked to its current worker */
    CAUSE_NOT_ACCEPTING,  /* the worker accepts no new children */
    CAUSE_OUTSIDE_AREA,   /* the home is outside the team's area and cross_team is off */
    CAUSE_COUNT
};

const char *explain_cause_text(enum explain_cause cause); /* "other service" ... */

/* The plan with only the child moved to one other assignee. */
struct explain_alternative {
    int assignee;                  /* worker or hire index (instance.h) */
    bool feasible;                 /* the moved assignment keeps every hard rule */
    char infeasible[256];          /* when not: the rule it breaks (score_assignment's reason) */
    double delta;                  /* objective(moved) - objective(plan), when feasible */
    double term_delta[TERM_COUNT]; /* weight × change of each term, when feasible */
    /* where over_cap and above_target change (weighted): at the plan's assignee of
     * the child and at this alternative; they add up to the two term deltas */
    double over_cap_at_chosen, over_cap_at_alternative;
    double overload_at_chosen, overload_at_alternative; /* likewise for the overload term */
    double above_target_at_chosen, above_target_at_alternative;
};

/* A move the plan made because of another one: `taker` (the child's current
 * worker) received `taken`, a sibling of `sibling` (a child it keeps; -1 when the
 * received child has no sibling there), and so had no room left for the child. */
struct explain_link {
    int taker;   /* worker, -1 when there is no such link */
    int taken;   /* child received by the taker */
    int sibling; /* a sibling of `taken` the taker keeps, or -1 */
};

struct explanation {
    int child;
    int current;                  /* the child's current worker, -1 for intake */
    int chosen;                   /* the plan's assignee, -1 when unassigned */
    struct score plan_score;      /* the plan re-scored */
    /* every eligible assignee but the chosen one (of a team's unopened hires only
     * the first): feasible ones by delta (cheapest first), then infeasible ones */
    struct explain_alternative *alternatives;
    int alternative_count;
    int ineligible[CAUSE_COUNT];  /* workers that are not eligible, by cause */
    int ties;                     /* feasible alternatives that cost exactly the same (|delta| <= 1e-9) */
    struct explain_link link;     /* why the child left its current worker, when another move caused it */
};

/* Explain child `child` of the assignment `assignee` (child_count entries, as
 * score_assignment takes; the plan must keep every hard rule). Fills
 * `explanation`, which the caller releases with explain_free. Returns false with
 * the reason in `error` when the plan itself breaks a rule or memory runs out. */
bool explain_build(const struct instance *instance, const int *assignee, int child,
                   struct explanation *explanation, char *error, size_t error_size);

/* Free what explain_build allocated; a zeroed explanation is fine. */
void explain_free(struct explanation *explanation);

/* Print the explanation for a person: the child, where it was, where the plan puts
 * it and the plan's `reason` (NULL: none given), the `shown` cheapest
 * alternatives with the terms that make up each difference, the moves that are
 * not possible and why, and the ineligible workers counted by cause. Returns false
 * only when writing fails. */
bool explain_write(const struct explanation *explanation, const struct instance *instance,
                   const char *reason, int shown, FILE *stream);

/* "Why not W?": why the child is not with assignee `assignee` (a worker, or a
 * hire), in one answer: the plan's choice; not eligible and by which rule; a move
 * that breaks a hard rule (max_new, a hire's cap, hard siblings); a tie; or how
 * many points dearer, term by term (W over the cap, km, siblings, continuity).
 * Returns false only when writing fails. */
bool explain_write_worker(const struct explanation *explanation, const struct instance *instance, int assignee,
                          FILE *stream);

#endif
