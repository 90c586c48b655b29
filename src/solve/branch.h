/* branch.h - the branching rule of the branch-and-cut searches: Driebeck and
 * Tomlin's penalties (the rule GLPK calls GLP_BR_DTH), computed from sparse rows
 * of the simplex table. Internal to the solver. */
#ifndef CASELOAD_BRANCH_H
#define CASELOAD_BRANCH_H

#include <stdbool.h>

struct glp_prob; /* GLPK's problem and search tree (glpk.h) */
struct glp_tree;

/* The rule's state for one problem: a row-wise copy of the problem's own rows
 * (those it had at branch_new; rows added later are cuts, read at each call)
 * and scratch arrays. Opaque. */
struct branch;

/* A branching state for `problem`, whose rows 1..glp_get_num_rows(problem) at
 * this call never change afterwards (GLPK's branch-and-cut with presolve off
 * only appends and deletes cut rows after them). NULL when out of memory.
 * Free with branch_free (NULL is fine). */
struct branch *branch_new(struct glp_prob *problem);
void branch_free(struct branch *branch);

/* The penalties of basic column `column` of `problem` (an optimal basis whose
 * factorization exists): a lower estimate of how much the objective gets worse
 * (>= 0; INFINITY when that branch has no feasible LP) if the column's value is
 * rounded down (`down`) or up (`up`), from one dual simplex step with Tomlin's
 * rounding for an integer entering column. Returns false when the column is not
 * basic or memory runs out. */
bool branch_penalties(struct branch *branch, struct glp_prob *problem, int column, double *down,
                      double *up);

/* A choice of column and of the branch to solve first. */
struct branch_choice {
    int column;  /* 0: none */
    int first;   /* GLP_DN_BRNCH or GLP_UP_BRNCH */
    double down; /* its penalties (branch_penalties; 0 and 0 when chosen as most fractional) */
    double up;
};

/* Among `count` columns `candidates` of `problem` (integer, fractional and basic
 * in its optimal basis), the column whose larger penalty is the largest (the
 * first in `candidates` on a tie), its branch with the smaller penalty first;
 * when no penalty is above BRANCH_TINY_PENALTY (tuning.h) relative to the
 * objective, the most fractional column instead. Returns false (and column 0)
 * when nothing could be chosen: no candidate, no factorization, or out of memory. */
bool branch_select(struct branch *branch, struct glp_prob *problem, const int *candidates, int count,
                   struct branch_choice *choice);

/* At GLP_IBRANCH in a callback of glp_intopt: choose among the columns GLPK may
 * branch on (glp_ios_can_branch) with branch_select and branch upon the choice,
 * also written to `choice` unless NULL. Returns false when it chose nothing,
 * leaving the choice to GLPK's own rule. A build with CASELOAD_GLPK_BRANCHING
 * defined always leaves it to GLPK's GLP_BR_DTH (to compare the two). */
bool branch_choose(struct branch *branch, struct glp_tree *tree, struct branch_choice *choice);

/* Columns to branch on before any other: while one of `columns` (count of
 * them, GLPK numbers) may be branched upon, branch_choose chooses among those
 * alone. Returns false when memory runs out (the rule is then unchanged). */
bool branch_prefer(struct branch *branch, const int *columns, int count);

#endif
