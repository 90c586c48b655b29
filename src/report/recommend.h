/* recommend.h - "who should take this new family?" (caseload suggest, DESIGN.md §4):
 * every worker and every first hire of a team ranked by the increase of the §2
 * objective when the family's children all go to them and every other child keeps
 * its worker, each with the facts behind it. */
#ifndef CASELOAD_RECOMMEND_H
#define CASELOAD_RECOMMEND_H

#include <stdbool.h>
#include <stdio.h>

#include "core/instance.h"

/* One assignee who could take the whole family. */
struct recommendation {
    int assignee;                 /* instance.h numbering: a worker, or a team's first hire */
    double increase;              /* the objective's increase, in points */
    double over_cap;              /* its parts, weighted: over_cap and overload */
    double above_target;          /* above_target */
    double km_cost, cross_cost;   /* km and cross_team */
    double hire_cost, split_cost; /* hire (a hire opened) and family_split */
    int counted_before, counted_after, cap;
    double workload_before, workload_after;
    int target;
    double km_mean;               /* km from the office, mean over the family's children */
    int outside_area;             /* children whose home the team's area lacks */
    int siblings_with;            /* siblings already in care with this assignee */
};

struct recommendations {
    int first, count;                  /* the family: instance children first .. first + count - 1 */
    int service;                       /* their service */
    int siblings;                      /* siblings already in care (same family and service) */
    struct recommendation *items;      /* best first; item_count of them, owned */
    int item_count;
    int ineligible;                    /* assignees of the service who may not take them */
    double unassigned_cost;            /* leaving the family without a worker */
    /* The optimum of the §2 model with every other child kept, when it splits the
     * family and costs less than any one assignee (none has room for them all). */
    bool split;
    double split_increase;
    int *split_assignee;               /* per child of the family, owned; NULL unless split */
    bool exact;                        /* the optimum was computed (no other child without a
                                        * worker or with a leaving worker) */
};

/* Rank the assignees for the new children first .. instance->child_count - 1 (no
 * worker; one service), and solve the model with every other child held to find
 * whether splitting the family costs less (the instance's locks are as before on
 * return). False with a reason in `error` when they span services (nothing is
 * ranked), memory runs out or the solver fails. The caller frees with
 * recommend_free. */
bool recommend_family(struct instance *instance, int first, struct recommendations *out, char *error,
                      size_t error_size);
void recommend_free(struct recommendations *recommendations);

/* The `top` best for a person: each with its reasons in words, what the next-best
 * costs more, and when nobody has room, that, with the least harmful choice and
 * the remedy. */
bool recommend_write_text(const struct recommendations *recommendations, const struct instance *instance,
                          int top, FILE *stream);

/* caseload-suggestions/1 JSON: {"format", "family": [child ids], "suggestions":
 * [{"worker", "objective_increase", "reasons": [...]}]}, the `top` best. */
bool recommend_write_json(const struct recommendations *recommendations, const struct instance *instance,
                          int top, FILE *stream);

#endif
