/* heuristic.h - the starting plan and the local moves of the solver (internal to
 * solve): a plan of the whole instance with the counts the objective depends on,
 * kept up to date move by move, and the greedy and local search over it. */
#ifndef CASELOAD_HEURISTIC_H
#define CASELOAD_HEURISTIC_H

#include <stdbool.h>

#include "core/instance.h"

/* The state of the greedy and local search: a plan of the whole instance and
 * the counts the objective depends on. */
struct heuristic {
    const struct instance *instance;
    const double *weight;   /* rules.weights */
    int assignee_count;
    int *pair_start;        /* child_count + 1: eligible assignees of child c */
    int *pair_assignee;
    double *pair_cost;      /* move + cross_team + km cost of the pair */
    int *assignee;          /* the plan: per child, assignee or -1 */
    bool *counted;          /* κ(c) per child */
    int *cap, *target;      /* per assignee */
    int *max_new;           /* per assignee, -1 none */
    int *counted_load;      /* per assignee: Σ κ */
    double *load;           /* per assignee: Σ ω */
    /* per assignee, kept by heuristic_apply: the over_cap and overload that worker a
     * pays (delta_over_cap of its counted children above its cap) at counted_load[a]
     * (over_at), one more (over_up) and one fewer (over_down); 0 for hires. The
     * values are those delta_over_cap gives, so a move's change is the same bits
     * as asking it twice (heuristic_check_counts compares them). */
    double *over_at, *over_up, *over_down;
    int *taken;             /* per assignee: children */
    int *received;          /* per assignee: children whose current worker is another */
    int *hire_team, *hire_k;/* per hire */
    int *team_first_hire;   /* per team: first hire number or -1 */
    int *team_end_hire;     /* per team: one past its last hire worth a place, -1 when none
                             * (model_hires.h: the hires past it have no pair) */
    int *group_of;          /* per child: sibling group or -1 */
    int *group_start, *group_child;
    int group_count;
    int *scratch;           /* group size scratch */
    bool hard;              /* hard sibling rule */
    int *first_at;          /* per assignee: first child it has, -1 none */
    int *next_at, *prev_at; /* per child: the assignee's other children, a list */
    bool exhaustive_chains; /* for the tests: an ejection chain asks heuristic_best of every
                             * child of its assignee, none skipped by chain_cannot_beat's bound */
    double sweep_deadline;  /* clock_seconds() past which local moves stop even in the middle
                             * of a sweep (0: never); else a sweep ends before its deadline is
                             * looked at, so that the plan does not depend on the clock */
    /* Ownership. The solver's threads each work on a copy of this struct: the
     * arrays above are the whole instance's and shared by every copy (all but
     * `scratch`, which is each copy's own). That is safe only because parts are
     * disjoint and a copy changes the plan and the counts of the children and
     * assignees of one part alone: `part`, or any when it is -1 (the plan of the
     * whole instance before the parts are solved, on one thread). heuristic_apply
     * asserts it (part_of_child and part_of_assignee, NULL: not known yet). */
    int part;
    const int *part_of_child;    /* per child: the part it is in (parts.h) */
    const int *part_of_assignee; /* per assignee: its part, -1 when in none */
};

/* Whether copy `h` may change child c and assignee a (-1: none), that is both are
 * in its part (see Ownership above). */
bool heuristic_owns(const struct heuristic *h, int c, int a);

/* Fill `h` for `instance`: eligible pairs with their costs (delta_pair_cost),
 * caps, targets, sibling groups, hires. h->assignee is the caller's (set it
 * before heuristic_start). Returns false when memory runs out; heuristic_free
 * then frees what was made. */
bool heuristic_init(struct heuristic *h, const struct instance *instance);

/* Free what heuristic_init allocated (not h->assignee). A zeroed struct is fine. */
void heuristic_free(struct heuristic *h);

/* Build the greedy starting plan of the whole instance into h->assignee (every
 * child stays with a current worker who may keep it, the others go where the
 * objective rises least). Cannot fail. */
void heuristic_start(struct heuristic *h);

/* Change of the objective when child c goes from its assignee to `to` (-1:
 * unassigned); INFINITY when a hard rule forbids it. `check_family` off skips the
 * hard sibling rule. Writes only h->scratch. */
double heuristic_delta(const struct heuristic *h, int c, int to, bool check_family);

/* Move child c to `to` (-1: unassigned) and update every count. Cannot fail. */
void heuristic_apply(struct heuristic *h, int c, int to);

/* Whether every count of `h` (counted_load, load, taken, received, the lists of
 * each assignee's children and over_at/over_up/over_down) equals what the plan
 * h->assignee gives from scratch; the loads must be equal to the bit when the
 * children were added in the order of the lists' history, so `load` is compared
 * within 1e-9. For the tests; false also when memory runs out. */
bool heuristic_check_counts(const struct heuristic *h);

/* The best place for child c (its assignee included); *best_delta gets its change. */
int heuristic_best(const struct heuristic *h, int c, double *best_delta);

/* Improve the plan of `children` (count of them, NULL: all) by single moves,
 * moves of whole sibling groups and (when `chains`) ejection chains while
 * anything lowers the objective, at most until `deadline` (clock_seconds()). The
 * children must be an independent part. Returns false only when memory runs out. */
bool heuristic_improve(struct heuristic *h, const int *children, int count, bool chains,
                       double deadline);

#endif
