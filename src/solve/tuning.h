/* tuning.h - the solver's tuning constants in one place, each with the
 * measurement or the reason behind it ("not measured" where none is known).
 * Measurements are from doc/performance.md and the commits that set them (git log
 * -S NAME); rerun `make bench` before changing one. Schedules are counts of
 * subproblems, not seconds, so that a run that finishes gives the same plan on
 * every machine and with any number of threads. Internal to the solver. */
#ifndef CASELOAD_TUNING_H
#define CASELOAD_TUNING_H

/* --- Tolerances ---------------------------------------------------------------- */

/* Relative gap that is rounding, not a gap: GLPK's bound and objective of the same
 * plan may differ in the last bits. (A reason, not a measurement.) */
#define GAP_ROUNDING 1e-12

/* --- Starting plan and local moves (heuristic.c, solve.c) ------------------------ */

/* Sweeps of single and group moves heuristic_improve makes at most: a guard, not
 * the stopping rule (it stops when a sweep improves nothing). Not measured. */
#define LOCAL_MOVES_MAX_SWEEPS 100

/* Local moves may take this share of the time limit per part, the team re-solve
 * this one: safeguards for parts of tens of thousands of children (they usually
 * need far less; the 98,000-child instance of issue 11 holds the time limit with
 * them, commit 35f454d). The shares themselves were not tuned. */
#define LOCAL_MOVES_SHARE 0.02
#define TEAM_SHARE 0.1

/* A part whose model would not fit (pass_heuristic) gets its share of the time
 * (by size; at least TEAM_SHARE) for local moves and the team re-solve, and a
 * 1/OVER_LIMIT_MOVES_PART of that share (at least LOCAL_MOVES_SHARE) for the
 * first local moves alone. Not measured. */
#define OVER_LIMIT_MOVES_PART 4

/* Subproblems a team's MIP may create in the team re-solve (search_improve_by_team). On
 * four generated counties the re-solve took the gap between the starting plan
 * and the LP bound from 461 to 209, in about 1 s for the largest part (commit
 * c74212d, doc/performance.md); the limit was set with it, not tuned apart. */
#define TEAM_NODE_LIMIT 200

/* In the root pass a part's plan heuristics (local moves, team re-solve, the
 * LP-rounded plan) stop at this share of its share of the time left (threads x
 * its size / the size of the parts not yet done), so that under a short limit
 * every part still gets its LP bound: on 21 strained counties under load, 60 s
 * gave 16 of 157 parts their LP before (the heuristics of the first parts took
 * the time), doc/performance.md. It binds only when time is short; a run that
 * finishes within its limit on an idle machine is not cut by it. */
#define ROOT_HEURISTICS_SHARE 0.5

/* --- Branch-and-cut (search.c) ---------------------------------------------------- */

/* Subproblems the first branch-and-cut pass may create in a part once its root
 * sub-MIP has run. With the allowance shared out again after this pass, 4
 * counties went from 26 s to 21 s (9.4 s with the team re-solve; commit c74212d).
 * A count, not a time: a part stopped by it ends the same on every machine. */
#define FIRST_PASS_NODES 16

/* The sub-MIP's subproblems: SUB_MIP_NODE_BUDGET / free pairs, within
 * [SUB_MIP_MIN_NODES, SUB_MIP_MAX_NODES]. A node of a county's open-care part
 * (19,000 free pairs) takes about 40 ms; after the team re-solve and the
 * LP-rounded plan more nodes seldom found more. Replacing "half the part's time"
 * by this count made the plan the same on 1 and 2 threads (doc/performance.md). */
#define SUB_MIP_NODE_BUDGET 1000000L
#define SUB_MIP_MIN_NODES 50
#define SUB_MIP_MAX_NODES 2000

/* The sub-MIP may take this share of the time left to the part's deadline (its
 * node count usually stops it first). Not measured. */
#define SUB_MIP_TIME_SHARE 0.5

/* When the next sub-MIP runs: after the root's, once the search has created
 * SUB_MIP_SPACING times max(created, SUB_MIP_LATER_NODES) subproblems; a second
 * pass, which starts from the first pass's plan, runs its first at
 * SUB_MIP_LATER_NODES. Set with the sub-MIP (commit bf08fc9); not tuned apart. */
#define SUB_MIP_SPACING 4
#define SUB_MIP_LATER_NODES 64

/* The LP solution of a node is rounded into a plan again once the search has
 * created ROUNDING_SPACING times the subproblems it had at the last rounding.
 * Set with the rounding (commit bf08fc9); not measured apart. */
#define ROUNDING_SPACING 2

/* The branching rule (branch.c), Driebeck and Tomlin's as GLPK's GLP_BR_DTH has
 * it, so that replacing GLPK's implementation keeps the rule (the values are the
 * rule's, not tuned here): table entries below BRANCH_PIVOT_TOLERANCE take no
 * part in the dual ratio test; an integer entering column's move is rounded away
 * from zero unless within BRANCH_INTEGER_STEP_TOLERANCE of a whole number; when
 * no penalty is above BRANCH_TINY_PENALTY x (1 + BRANCH_TINY_RELATIVE x
 * |objective|), the most fractional column is taken instead. With them the
 * bound is the same as with GLPK's rule at every node count printed on the seed-1
 * and seed-3 counties, at about half the CPU on seed 1 (doc/performance.md). */
#define BRANCH_PIVOT_TOLERANCE 1e-9
#define BRANCH_INTEGER_STEP_TOLERANCE 1e-3
#define BRANCH_TINY_PENALTY 1e-6
#define BRANCH_TINY_RELATIVE 1e-3

/* --- Threads and memory (solve.c) ----------------------------------------------- */

/* Parts worth a thread of their own: below this size (pairs + children) a part
 * is solved in milliseconds and a thread costs more than it saves (commit
 * 716d3cf). The threshold itself was not tuned. */
#define THREAD_MIN_PART_SIZE 2000

/* The share of the memory limit the models may take, less what the process holds
 * when the search starts; the rest is kept for writing the plan (commit 35f454d).
 * A reason, not a measurement. */
#define MODELS_SHARE_OF_LIMIT 0.9

/* --- Progress ------------------------------------------------------------------- */

/* At most one whole-plan progress line, and one per part, per this many seconds;
 * a part's "done" line only when the part took at least this long. */
#define PROGRESS_SECONDS 1.0

/* Rounds of area-cut separation (cuts_area.c) at the root of a branch-and-cut
 * and at every other node (0 at the root: no area cuts). */
#ifndef CUTS_AREA_ROUNDS_ROOT
#define CUTS_AREA_ROUNDS_ROOT 20
#endif
#ifndef CUTS_AREA_ROUNDS
#define CUTS_AREA_ROUNDS 1
#endif

/* Branch on the hires (y columns) before any other column (branch_prefer)
 * when 1. */
#ifndef BRANCH_HIRES_FIRST
#define BRANCH_HIRES_FIRST 1
#endif

/* After the second branch-and-cut pass, while the whole is not within the gap
 * and at least SEARCH_AGAIN_SECONDS are left, the parts above their shares are
 * searched again, at most SEARCH_AGAIN_PASSES times. */
#ifndef SEARCH_AGAIN_PASSES
#define SEARCH_AGAIN_PASSES 8
#endif
#define SEARCH_AGAIN_SECONDS 1.0

/* At most one --trace "bound" line per part per this many seconds. */
#define TRACE_BOUND_SECONDS 0.1

#endif
