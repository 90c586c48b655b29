/* parts.h - the decomposition of an instance into independent parts (internal to
 * solve), and what a part's model would take and is bound to cost without it. */
#ifndef CASELOAD_PARTS_H
#define CASELOAD_PARTS_H

#include <stdbool.h>

#include "solve/heuristic.h"
#include "model/model.h"

/* One independent part: its children and assignees in instance order. */
struct part {
    int *children;
    int child_count;
    int *assignees;
    int assignee_count;
    long size; /* eligible pairs + children: the share of time it gets */
};

/* Split the instance of `h` into independent parts (one part when !decompose),
 * smallest first; *parts_out (owned by the caller, free with parts_free) gets
 * *count_out of them. Returns false when memory runs out (nothing to free). */
bool parts_make(const struct heuristic *h, bool decompose, struct part **parts_out,
                int *count_out);

/* Which part each child and each assignee is in: part_of_child[c] (child_count
 * entries) and part_of_assignee[a] (assignee_count entries, -1 for an assignee in
 * no part), new arrays the caller frees with mem_free. Returns false when memory
 * runs out (nothing to free). */
bool parts_owners(const struct part *parts, int count, int child_count, int assignee_count,
                  int **part_of_child, int **part_of_assignee);

/* Free `count` parts and the array; NULL is fine. */
void parts_free(struct part *parts, int count);

/* The counts of the model of `children` and `assignees` (of one team when `team`
 * >= 0, else of a whole part) from the heuristic's eligible pairs, without
 * building it. Cannot fail. */
void parts_count_model(const struct heuristic *h, const int *children, int child_count,
                 const int *assignees, int assignee_count, int team,
                 struct model_counts *counts);

/* A lower bound on `part`'s objective that needs no model. Cannot fail. */
double parts_simple_bound(const struct heuristic *h, const struct part *part);

#endif
