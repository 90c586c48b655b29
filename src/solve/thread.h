/* thread.h - the state of one solve that its threads share (struct
 * solve_shared: the parts, their jobs, the queue, the trace), what one thread
 * holds while it works on a part (struct search_thread), and what a thread asks
 * of them: the time share, the memory budget, whether to stop, the trace. Below
 * search.c (the branch-and-cut of one part) and solve.c (the passes and the
 * threads), internal to src/solve.
 *
 * Threads: solve_shared is written by solve_instance before the threads start
 * and after they are joined; while they run, `lock` serialises the queue, the
 * first failure and the trace, `failed` is atomic, and each thread writes only
 * its own part's job and its own search_thread. */
#ifndef CASELOAD_THREAD_H
#define CASELOAD_THREAD_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "base/clock.h"
#include "model/model.h"
#include "solve/heuristic.h"
#include "solve/parts.h"
#include "solve/solve_options.h"
#include "solve/tuning.h"

/* Passes of a solve: each runs over every part, on the threads. */
enum {
    PASS_ROOT = 1,   /* starting plan, local moves, team re-solve, LP, LP-rounded plan */
    PASS_FIRST = 2,  /* branch-and-cut, root cuts, a sub-MIP and a few nodes */
    PASS_SEARCH = 3  /* branch-and-cut until the part's new allowance or its time share */
};

/* The outcome of one part. */
struct part_result {
    bool has_plan;    /* local_assignee holds a plan */
    bool proven;      /* within its allowance of the gap, or optimal */
    bool infeasible;  /* proven to have no solution */
    double objective;
    double bound;
};

/* What the solve of one part carries from the first pass (starting plan, LP
 * bound) to the second (branch-and-cut). Written only by the thread working on
 * the part; read by the others only after the threads have been joined. */
struct part_job {
    bool skipped;             /* stopped before the part was looked at: it keeps the greedy plan */
    double greedy_objective;  /* the part's share of the greedy plan (NAN: not known yet) */
    bool start_ok;            /* the starting plan after local moves satisfies the part's model */
    double start_objective;
    double lp_bound;          /* LP bound (or the trivial bound when no LP optimum) */
    int *row_status;          /* basis of the LP optimum (NULL: none): 1 + rows */
    int *column_status;       /* 1 + columns */
    int row_count;
    double allowance;         /* absolute gap at which the part may stop */
    bool active;              /* searched in the current pass */
    bool over_limit;          /* its model would not fit in memory or time: heuristic plan only */
    double build_seconds;     /* estimated time to build its model (model_estimate) */
    int searches;             /* branch-and-cut runs on the part */
    bool stopped_on_time;     /* its last branch-and-cut stopped at its share of the time
                               * (not at the gap, a node limit or an interrupt) */
    double root_deadline;     /* PASS_ROOT: end of the part's share for its plan heuristics */
    struct part_result result;
};

/* State shared by the threads of one solve. `lock` serialises the queue of
 * parts, the first failure and the --trace lines; everything else a thread
 * writes belongs to its part alone (disjoint children and assignees). */
struct solve_shared {
    const struct instance *instance;
    const struct solve_options *options;
    struct heuristic *heuristic;     /* the plan of the whole instance; scratch is per thread */
    struct part *parts;
    int part_count;
    struct part_job *jobs;
    int *local_of;                   /* instance assignee -> local assignee of its part */
    double started;                  /* clock_seconds() at solve_instance's start */
    double deadline;                 /* started + time limit */
    int pass;                        /* PASS_ROOT, PASS_FIRST or PASS_SEARCH */
    double unavoidable;              /* unassigned × the children nobody may take */
    int threads;
    pthread_mutex_t lock;
    int next;                        /* parts are taken largest first: next to take is next - 1 */
    long size_pending;               /* size of the active parts not finished in this pass */
    atomic_bool failed;              /* a thread failed: the others stop */
    char error[256];                 /* the first failure */
    /* --trace: the whole plan is the starting plan with each part's best plan in
     * place of its own; the bound is the sum of the parts' bounds (0 for a part
     * with none yet: every weight is >= 0) */
    FILE *trace;
    double start_whole;              /* objective of the starting plan */
    double *trace_objective;         /* per part: best plan known (NAN: the starting plan's) */
    double *trace_bound;             /* per part: proven bound */
    double last_progress;            /* clock_seconds() of the last whole-plan progress line */
    /* the whole plan's objective over time (seconds from the start), one mark per
     * better whole plan, for the time until the plan was within
     * SOLVE_NEAR_FINAL of the final one (solution.near_final_seconds); kept
     * under `lock` with the trace, only when --trace or progress is on */
    double *mark_seconds, *mark_objective;
    int mark_count, mark_capacity;
    double memory_budget;            /* bytes the models of one thread may take */
    long total_size;                 /* sum of the parts' sizes */
};

/* A child's strongest pair in an LP solution. */
struct rank {
    double value; /* x of the pair (or u) */
    int local;    /* local child */
    int target;   /* local assignee, -1 for unassigned */
};

/* What one thread holds while it works on a part, on the heap so that it
 * survives a jump out of GLPK. */
struct search_thread {
    struct solve_shared *shared;
    struct heuristic heuristic; /* a copy of the shared one: shared arrays, its own scratch;
                                 * heuristic.part is the part it works on (asserted) */
    struct model model;
    double *values;             /* column values of the starting plan */
    int *start_local;           /* the starting plan in the part's numbering */
    int *local_assignee;        /* the part's best plan */
    int *plan;                  /* scratch of the rounding heuristic */
    double *search_values;
    struct rank *rank;
    double *sub_values;
    struct model_guard guard;
};

/* Write one --trace line "seconds part event objective bound gap"; part 0 is
 * the whole. Call with shared->lock held, or before or after the threads run. */
void thread_trace_line(struct solve_shared *shared, int part, const char *event, double objective,
                       double bound);

/* Record part `index`'s best plan and bound (NAN: unchanged) and report the
 * whole plan to --trace and the progress handle. Takes shared->lock. */
void thread_trace_part(struct solve_shared *shared, int index, const char *event,
                       double objective, double bound);

/* Record the whole plan's objective at `seconds` (from the start) when it is
 * better than the last mark (call with shared->lock held, or before or after the
 * threads run). Out of memory: the marks stop, near_final_seconds stays unknown. */
void thread_mark_whole(struct solve_shared *shared, double seconds, double whole);

/* The seconds of the first mark within SOLVE_NEAR_FINAL (solve_options.h) of `final`
 * (relative to final less the unavoidable constant), or NAN without one. */
double thread_near_final(const struct solve_shared *shared, double final);

/* Whether the search must stop now: Ctrl-C or another thread failed. */
bool thread_must_stop(const struct solve_shared *shared);

/* Whether GLPK's memory in this thread has reached the thread's budget. */
bool thread_memory_exhausted(const struct solve_shared *shared);

/* Whether a model of `counts` fits a thread's memory budget and can be built
 * before `deadline`; *size gets its estimate. */
bool thread_model_fits(const struct solve_shared *shared, const struct model_counts *counts,
                       double deadline, struct model_size *size);

/* The deadline of a step that may take `share` of the time limit from now,
 * never past the solve's. */
double thread_share_deadline(const struct solve_shared *shared, double share);

/* The heuristic's plan of part `index` into thread->start_local and
 * thread->values; *plan_ok says whether it satisfies the part's model and
 * *objective is then its objective (else NAN). Cannot fail. */
void thread_read_plan(struct search_thread *thread, int index, bool *plan_ok, double *objective);

/* Free the model and buffers of the part the thread was on; a zeroed thread is
 * fine. */
void thread_clear(struct search_thread *thread);

/* Build part `index`'s model and the thread's buffers, then thread_read_plan.
 * Returns false when memory runs out (thread_clear frees what was made). */
bool thread_build(struct search_thread *thread, int index, bool *plan_ok, double *objective);

#endif
