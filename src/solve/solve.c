/* solve.c - solves the model of DESIGN.md §2: splits it into independent parts
 * (parts.c), builds a starting plan (heuristic.c), and runs GLPK's branch-and-cut
 * on each part (search.c) in passes, on threads. This file holds the passes, the
 * shares of the gap (allowances) and of the time, the threads, and the status.
 * The gap tolerance is on the whole; parts share it in proportion to size. */
#include "solve/solve.h"

#include <glpk.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/memory.h"
#include "solve/balance.h"
#include "core/score.h"
#include "solve/search.h"

/* --- Options, status, solution --------------------------------------------- */

void solve_default_options(struct solve_options *options)
{
    memset(options, 0, sizeof *options);
    options->time_limit = 60.0;
    options->gap = 1e-4;
    options->progress = NULL;
    options->decompose = true;
    options->threads = 0;
    options->interrupted = NULL;
    options->trace = NULL;
    options->cuts = true;
    options->gap_on_small = false;
}

const char *solve_engine_version(void)
{
    return glp_version();
}

/* --- One part, in two passes ---------------------------------------------- */

/* Part `index` when its model would not fit in a thread's memory budget or be
 * built in the time left: no model of the whole part is built. Its share of
 * the starting plan is improved by local moves and then team by team (each
 * team's model only where that fits), for the part's share of the time, and
 * its bound is parts_simple_bound's. It keeps no LP basis and is not searched: it is
 * marked skipped, so that the whole plan is scored at the end. */
static bool pass_heuristic(struct search_thread *thread, int index)
{
    struct solve_shared *shared = thread->shared;
    const struct part *part = &shared->parts[index];
    struct part_job *job = &shared->jobs[index];
    job->over_limit = true;
    job->skipped = true;
    double share = shared->total_size > 0 ? (double)part->size / (double)shared->total_size : 1.0;
    double deadline = thread_share_deadline(shared, fmax(TEAM_SHARE, share));
    double moves_deadline =
        thread_share_deadline(shared, fmax(LOCAL_MOVES_SHARE, share / OVER_LIMIT_MOVES_PART));
    /* (the plan depends on the clock here anyway: stop even in a sweep) */
    double sweep_deadline = thread->heuristic.sweep_deadline;
    thread->heuristic.sweep_deadline = moves_deadline;
    bool ok = heuristic_improve(&thread->heuristic, part->children, part->child_count, true,
                                moves_deadline);
    thread->heuristic.sweep_deadline = deadline;
    ok = ok && search_improve_by_team(thread, index, deadline) &&
         heuristic_improve(&thread->heuristic, part->children, part->child_count, true, deadline);
    thread->heuristic.sweep_deadline = sweep_deadline;
    if (!ok)
        return false;
    job->result.bound = parts_simple_bound(&thread->heuristic, part);
    thread_trace_part(shared, index, "bound", NAN, job->result.bound);
    progress_line(shared->options->progress,
                  "caseload: part %d/%d (%d children): its model would not fit the memory or "
                  "the time limit; starting plan improved team by team, bound %.6g",
                index + 1, shared->part_count, part->child_count, job->result.bound);
    return true;
}

/* First pass over part `index`: improve its share of the starting plan by local
 * moves, then solve its LP relaxation, keeping the bound and the optimal basis
 * for the second pass. Returns false when memory runs out. */
static bool pass_one(struct search_thread *thread, int index)
{
    struct solve_shared *shared = thread->shared;
    const struct part *part = &shared->parts[index];
    struct part_job *job = &shared->jobs[index];
    /* past the time limit a part is not even built: it keeps the starting plan */
    if (thread_must_stop(shared) || clock_seconds() >= shared->deadline) {
        job->skipped = true;
        job->result.bound = parts_simple_bound(&thread->heuristic, part); /* (one look at its pairs) */
        return true;
    }
    struct model_counts counts;
    struct model_size size;
    parts_count_model(&thread->heuristic, part->children, part->child_count, part->assignees,
                part->assignee_count, -1, &counts);
    if (!thread_model_fits(shared, &counts, shared->deadline, &size))
        return pass_heuristic(thread, index);
    job->build_seconds = size.build_seconds;
    bool greedy_ok;
    double greedy_objective;
    if (!thread_build(thread, index, &greedy_ok, &greedy_objective))
        return false;
    job->greedy_objective = greedy_objective;
    /* local moves */
    double improve_deadline = fmin(thread_share_deadline(shared, LOCAL_MOVES_SHARE), job->root_deadline);
    if (!heuristic_improve(&thread->heuristic, part->children, part->child_count, true,
                           improve_deadline))
        return false;
    /* then team by team, and local moves again (measured on four generated
     * counties: a second round of both never found more) */
    double team_deadline = fmin(thread_share_deadline(shared, TEAM_SHARE), job->root_deadline);
    if (!search_improve_by_team(thread, index, team_deadline) ||
        !heuristic_improve(&thread->heuristic, part->children, part->child_count, true,
                           improve_deadline))
        return false;
    thread_read_plan(thread, index, &job->start_ok, &job->start_objective);
    thread_trace_part(shared, index, "plan", job->start_ok ? job->start_objective : INFINITY, NAN);
    const struct model *model = &thread->model;
    job->lp_bound = fmax(model_trivial_bound(model), parts_simple_bound(&thread->heuristic, part));
    /* (the simplex copies the matrix before it looks at the clock: about what
     * building the model took) */
    if (clock_seconds() + job->build_seconds >= shared->deadline || thread_must_stop(shared))
        return true;
    double lp_started = clock_seconds();
    int rounds = 0;
    int status = model_solve_relaxation(model, job->start_ok ? thread->start_local : NULL,
                                        shared->deadline - clock_seconds(), &rounds);
    glp_prob *problem = model->problem;
    progress_line(shared->options->progress,
                  "caseload: part %d/%d (%d children, %d columns): LP bound %.6g after %.1f s "
                  "(%.1f s, %d pricing rounds)",
                index + 1, shared->part_count, model->child_count, model->column_count,
                glp_get_obj_val(problem), clock_seconds() - shared->started,
                clock_seconds() - lp_started, rounds);
    if (status != 0 || glp_get_status(problem) != GLP_OPT) {
        if (status == 0 && glp_get_status(problem) == GLP_NOFEAS)
            job->result.infeasible = !job->start_ok;
        return true;
    }
    if (glp_get_obj_val(problem) > job->lp_bound)
        job->lp_bound = glp_get_obj_val(problem);
    job->row_count = glp_get_num_rows(problem);
    job->row_status = mem_alloc(((size_t)job->row_count + 1) * sizeof(int));
    job->column_status = mem_alloc(((size_t)model->column_count + 1) * sizeof(int));
    if (job->row_status == NULL || job->column_status == NULL) {
        mem_free(job->row_status);
        mem_free(job->column_status);
        job->row_status = job->column_status = NULL; /* the second pass solves the LP again */
    } else {
        for (int r = 1; r <= job->row_count; r++)
            job->row_status[r] = glp_get_row_stat(problem, r);
        for (int c = 1; c <= model->column_count; c++)
            job->column_status[c] = glp_get_col_stat(problem, c);
    }
    thread_trace_part(shared, index, "lp", NAN, job->lp_bound);
    /* (a part within the gap tolerance on its own needs no better plan: if every
     * part is, so is the whole) */
    bool within = job->start_ok && job->start_objective - job->lp_bound <=
                                       shared->options->gap *
                                           fmax(1.0, job->lp_bound - model_unavoidable(model));
    if (job->start_ok && !within && !thread_must_stop(shared) && clock_seconds() < job->root_deadline &&
        !search_improve_from_lp(thread, index))
        return false;
    return true;
}

/* --- Threads ------------------------------------------------------------------ */

/* Record the first failure and make every thread stop. */
static void solve_fail(struct solve_shared *shared, const char *message)
{
    pthread_mutex_lock(&shared->lock);
    if (!atomic_load(&shared->failed))
        snprintf(shared->error, sizeof shared->error, "%s", message);
    atomic_store(&shared->failed, true);
    pthread_mutex_unlock(&shared->lock);
}

/* The end of `fraction` of part `index`'s share of the time left: a share in
 * proportion to its size among the parts not yet done in this pass, times the
 * threads (so unused time passes on). The root pass's plan heuristics take
 * ROOT_HEURISTICS_SHARE of it (tuning.h), a search all of it. Call with
 * shared->lock held. */
static double part_share_deadline(const struct solve_shared *shared, int index, double fraction)
{
    double now = clock_seconds(), left = fmax(0.0, shared->deadline - now);
    double share = shared->size_pending > 0 ? (double)shared->threads *
                                                  (double)shared->parts[index].size /
                                                  (double)shared->size_pending
                                            : 1.0;
    return now + fraction * left * fmin(1.0, share);
}

/* Take parts, largest first, and run the current pass on each until none is left
 * or the solve failed. */
static void thread_run(struct search_thread *thread)
{
    struct solve_shared *shared = thread->shared;
    if (setjmp(thread->guard.jump) != 0) {
        model_guard_failed(&thread->guard);
        thread->model.problem = NULL; /* gone with GLPK's environment */
        thread_clear(thread);
        char message[sizeof thread->guard.message + 32];
        snprintf(message, sizeof message, "GLPK failed: %s", thread->guard.message);
        solve_fail(shared, message);
        return;
    }
    model_guard_install(&thread->guard, shared->options->progress);
    for (;;) {
        pthread_mutex_lock(&shared->lock);
        int index = atomic_load(&shared->failed) || shared->next <= 0 ? -1 : --shared->next;
        double deadline = shared->deadline;
        if (index >= 0 && shared->pass == PASS_ROOT)
            shared->jobs[index].root_deadline =
                part_share_deadline(shared, index, ROOT_HEURISTICS_SHARE);
        if (index >= 0 && shared->pass != PASS_ROOT)
            deadline = part_share_deadline(shared, index, 1.0);
        pthread_mutex_unlock(&shared->lock);
        if (index < 0)
            break;
        double part_started = clock_seconds();
        if (shared->pass != PASS_ROOT && !shared->jobs[index].active)
            continue;
        thread->heuristic.part = index; /* the only part this thread changes now */
        bool ok = shared->pass == PASS_ROOT ? pass_one(thread, index)
                                            : search_pass(thread, index, deadline);
        thread->heuristic.part = -1;
        thread_clear(thread);
        if (!ok) {
            solve_fail(shared, "out of memory solving the model");
            break;
        }
        pthread_mutex_lock(&shared->lock);
        shared->size_pending -= shared->parts[index].size;
        pthread_mutex_unlock(&shared->lock);
        if (shared->pass != PASS_ROOT) {
            const struct part_result *result = &shared->jobs[index].result;
            if (progress_on(shared->options->progress) &&
                clock_seconds() - part_started >= PROGRESS_SECONDS) {
                char plan_text[32];
                progress_number(result->has_plan ? result->objective : NAN, 1, false, plan_text,
                                sizeof plan_text);
                progress_line(shared->options->progress,
                              "caseload: part %d/%d done after %.1f s: plan %s, bound %.1f",
                        index + 1, shared->part_count, clock_seconds() - shared->started,
                        plan_text, result->bound);
            }
            thread_trace_part(shared, index, "part", result->has_plan ? result->objective : INFINITY,
                       result->bound);
        }
    }
    model_guard_remove();
}

void solve_thread_end(void)
{
    glp_free_env(); /* this thread's GLPK environment (thread-local in this GLPK) */
}

static void *thread_main(void *argument)
{
    thread_run(argument);
    solve_thread_end();
    return NULL;
}

/* Run one pass over every part on shared->threads threads (the calling thread
 * alone when 1, or when no thread can be started). */
static void run_pass(struct solve_shared *shared, struct search_thread *threads, int pass)
{
    shared->pass = pass;
    shared->next = shared->part_count;
    shared->size_pending = 0;
    for (int i = 0; i < shared->part_count; i++)
        if (pass == PASS_ROOT || shared->jobs[i].active)
            shared->size_pending += shared->parts[i].size;
    if (shared->threads <= 1) {
        thread_run(&threads[0]);
        return;
    }
    pthread_t handles[SOLVE_MAX_THREADS];
    int started = 0;
    for (int t = 0; t < shared->threads; t++)
        if (pthread_create(&handles[started], NULL, thread_main, &threads[t]) == 0)
            started++;
    if (started == 0)
        thread_run(&threads[0]);
    for (int t = 0; t < started; t++)
        pthread_join(handles[t], NULL);
}

/* --- The whole solve -------------------------------------------------------- */

/* Everything solve_instance allocates, on the heap so that it survives a jump
 * out of GLPK. */
struct solve_state {
    struct heuristic heuristic;
    struct part *parts;
    int part_count;
    struct part_job *jobs;
    int *local_of;
    int *part_of_child, *part_of_assignee; /* parts_owners */
    double *trace_objective;
    double *trace_bound;
    struct search_thread *threads;
    int thread_count;
};

static void state_free(struct solve_state *state)
{
    if (state == NULL)
        return;
    for (int t = 0; state->threads != NULL && t < state->thread_count; t++) {
        thread_clear(&state->threads[t]);
        mem_free(state->threads[t].heuristic.scratch);
    }
    mem_free(state->threads);
    for (int i = 0; state->jobs != NULL && i < state->part_count; i++) {
        mem_free(state->jobs[i].row_status);
        mem_free(state->jobs[i].column_status);
    }
    mem_free(state->jobs);
    heuristic_free(&state->heuristic);
    parts_free(state->parts, state->part_count);
    mem_free(state->local_of);
    mem_free(state->part_of_child);
    mem_free(state->part_of_assignee);
    mem_free(state->trace_objective);
    mem_free(state->trace_bound);
    mem_free(state);
}

/* Threads to use: options->threads (0: the online cores, at most
 * SOLVE_DEFAULT_THREADS), no more than the parts worth a thread. */
static int thread_count(const struct solve_options *options, const struct part *parts, int count)
{
    int threads = options->threads;
    if (threads <= 0) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        threads = cores < 1 ? 1 : cores > SOLVE_DEFAULT_THREADS ? SOLVE_DEFAULT_THREADS : (int)cores;
    }
    if (threads > SOLVE_MAX_THREADS)
        threads = SOLVE_MAX_THREADS;
    int worth = 0;
    for (int i = 0; i < count; i++)
        if (parts[i].size >= THREAD_MIN_PART_SIZE)
            worth++;
    return threads < worth ? threads : worth > 1 ? worth : 1;
}

/* The part's gap after the passes so far: plan - bound, or (no plan yet) its
 * bound, at least 1, as a stand-in for what a plan may cost. */
static double part_gap(const struct part_job *job, int pass)
{
    if (pass == PASS_ROOT)
        return job->start_ok ? fmax(0.0, job->start_objective - job->lp_bound) : fmax(1.0, job->lp_bound);
    const struct part_result *result = &job->result;
    return result->has_plan ? fmax(0.0, result->objective - result->bound) : fmax(1.0, result->bound);
}

/* Whether part `job` is within the gap tolerance on its own after `pass`: it has
 * a plan and its gap is at most the tolerance times its bound (at least 1). */
static bool own_within(const struct solve_shared *shared, const struct part_job *job, int pass)
{
    bool planned = pass == PASS_ROOT ? job->start_ok : job->result.has_plan;
    double bound = pass == PASS_ROOT ? job->lp_bound : job->result.bound;
    return planned && !job->skipped && !job->result.infeasible &&
           part_gap(job, pass) <= fmax(0.0, shared->options->gap) * fmax(1.0, bound);
}

/* The gap tolerance is on the whole: the sum over the parts of (objective -
 * bound) may be gap * (sum of the bounds), which is at most gap * objective.
 * Before each branch-and-cut pass, each part's allowance is its share of that in
 * proportion to its gap after the previous pass (`pass`), so that every part must
 * close the same fraction of its gap; the parts whose gap is within it are not
 * searched again. A part within the tolerance on its own (own_within) keeps its
 * whole gap when all such gaps fit in the whole's, and is not searched: the
 * parts that are not share the rest (before, such a part was searched to close
 * the same fraction of its gap as the hard ones; doc/performance.md, 21
 * counties). The shares depend on the previous pass alone, not on which part
 * finished first. Returns whether the whole is already within the tolerance (no
 * part need be searched). The status still says optimal only when the whole's gap
 * is within the tolerance at the end. */
static bool set_allowances(struct solve_shared *shared, int pass)
{
    double bounds = 0.0, gaps = 0.0;
    for (int i = 0; i < shared->part_count; i++) {
        const struct part_job *job = &shared->jobs[i];
        bounds += fmax(0.0, pass == PASS_ROOT ? job->lp_bound : job->result.bound);
        gaps += part_gap(job, pass);
    }
    double total = fmax(0.0, shared->options->gap) * fmax(1.0, bounds - shared->unavoidable);
    bool within = gaps <= total;
    /* the parts within the tolerance on their own keep their gaps when the sum of
     * those fits in the whole's; the others share what is left */
    double kept = 0.0;
    for (int i = 0; !within && i < shared->part_count; i++)
        if (own_within(shared, &shared->jobs[i], pass))
            kept += part_gap(&shared->jobs[i], pass);
    bool keep = !within && kept <= total;
    double rest = keep ? total - kept : total, rest_gaps = keep ? gaps - kept : gaps;
    for (int i = 0; i < shared->part_count; i++) {
        struct part_job *job = &shared->jobs[i];
        double own = part_gap(job, pass);
        if (keep && own_within(shared, job, pass))
            job->allowance = own;
        else
            job->allowance = rest_gaps > 0 ? rest * own / rest_gaps : 0.0;
        job->active = !within && !job->skipped && !job->result.infeasible &&
                      (pass == PASS_ROOT || (job->result.has_plan && own > job->allowance));
    }
    return within;
}

/* The starting plan, the parts and every array of `state`, and each thread's copy
 * of the heuristic: everything solve_instance needs before the threads start.
 * Returns false when memory runs out (state_free frees what was made). */
static bool state_prepare(struct solve_state *state, const struct instance *instance,
                          const struct solve_options *options, struct solution *solution,
                          struct solve_shared *shared, double started)
{
    if (!heuristic_init(&state->heuristic, instance))
        return false;
    state->heuristic.assignee = solution->assignee;
    state->heuristic.sweep_deadline = started + fmax(0.0, options->time_limit);
    heuristic_start(&state->heuristic);
    solution->first_plan_seconds = clock_seconds() - started;
    progress_line(options->progress, "caseload: starting plan after %.2f s",
                  solution->first_plan_seconds);
    if (!parts_make(&state->heuristic, options->decompose, &state->parts, &state->part_count))
        return false;
    solution->part_count = state->part_count;
    int count = state->part_count;
    int assignees = instance_assignee_count(instance);
    state->local_of = mem_alloc(((size_t)assignees + 1) * sizeof(int));
    state->jobs = mem_calloc((size_t)count + 1, sizeof *state->jobs);
    state->trace_objective = mem_alloc(((size_t)count + 1) * sizeof(double));
    state->trace_bound = mem_calloc((size_t)count + 1, sizeof(double));
    if (state->local_of == NULL || state->jobs == NULL || state->trace_objective == NULL ||
        state->trace_bound == NULL)
        return false;
    for (int i = 0; i < count; i++) {
        state->trace_objective[i] = NAN;
        state->jobs[i].greedy_objective = NAN;
    }
    /* from here on, each thread's copy of the heuristic changes its part alone */
    if (!parts_owners(state->parts, count, instance->child_count, assignees,
                      &state->part_of_child, &state->part_of_assignee))
        return false;
    state->heuristic.part_of_child = state->part_of_child;
    state->heuristic.part_of_assignee = state->part_of_assignee;
    state->thread_count = thread_count(options, state->parts, count);
    state->threads = mem_calloc((size_t)state->thread_count, sizeof *state->threads);
    if (state->threads == NULL)
        return false;
    int largest = 1;
    for (int g = 0; g < state->heuristic.group_count; g++)
        if (state->heuristic.group_start[g + 1] - state->heuristic.group_start[g] > largest)
            largest = state->heuristic.group_start[g + 1] - state->heuristic.group_start[g];
    for (int t = 0; t < state->thread_count; t++) {
        struct search_thread *thread = &state->threads[t];
        thread->shared = shared;
        thread->heuristic = state->heuristic;
        thread->heuristic.scratch = mem_alloc(((size_t)largest + 1) * sizeof(int));
        if (thread->heuristic.scratch == NULL)
            return false;
    }
    return true;
}

/* The state the threads share, from `state` and the starting plan (scored as the
 * trace's whole plan): the constant no plan avoids, the memory budget of each
 * thread, the lock. Returns false when the lock cannot be made. */
static bool shared_prepare(struct solve_shared *shared, struct solve_state *state,
                           const struct instance *instance, const struct solve_options *options,
                           const struct solution *solution, double started)
{
    int count = state->part_count;
    struct score start_score;
    char score_error[256];
    bool start_scored = score_assignment(instance, solution->assignee, &start_score, score_error,
                                         sizeof score_error);
    *shared = (struct solve_shared){
        .instance = instance,
        .options = options,
        .heuristic = &state->heuristic,
        .parts = state->parts,
        .part_count = count,
        .jobs = state->jobs,
        .local_of = state->local_of,
        .started = started,
        .deadline = started + fmax(0.0, options->time_limit),
        .threads = state->thread_count,
        .trace = options->trace,
        .start_whole = start_scored ? start_score.objective : NAN,
        .trace_objective = state->trace_objective,
        .trace_bound = state->trace_bound,
    };
    for (int c = 0; c < instance->child_count; c++)
        if (state->heuristic.pair_start[c] == state->heuristic.pair_start[c + 1])
            shared->unavoidable += instance->rules.weights[TERM_UNASSIGNED];
    /* what the models may take: the limit less what the process holds now (the
     * instance, the starting plan) and a tenth for writing the plan, shared
     * among the threads */
    for (int i = 0; i < count; i++)
        shared->total_size += state->parts[i].size;
    double memory_limit = model_memory_limit(options->memory_limit);
    shared->memory_budget =
        (MODELS_SHARE_OF_LIMIT * memory_limit - memory_in_use()) / state->thread_count;
    atomic_init(&shared->failed, false);
    return pthread_mutex_init(&shared->lock, NULL) == 0;
}

/* The starting plan and the LP bound of each part; then branch-and-cut in two
 * passes, each only while the whole is not within the gap tolerance; then, while
 * time is left (SEARCH_AGAIN_SECONDS), the parts still above their shares again,
 * at most SEARCH_AGAIN_PASSES times. */
static void run_passes(struct solve_shared *shared, struct solve_state *state)
{
    run_pass(shared, state->threads, PASS_ROOT);
    int again = 0; /* searches after the second pass: the parts above their shares once more */
    for (int pass = PASS_FIRST; pass <= PASS_SEARCH && !atomic_load(&shared->failed); pass++) {
        bool within = set_allowances(shared, pass == PASS_FIRST ? PASS_ROOT : PASS_FIRST);
        if (pass == PASS_FIRST)
            for (int i = 0; i < state->part_count; i++)
                state->jobs[i].active = !state->jobs[i].skipped; /* every part gets a result */
        else if (within)
            break;
        if (again > 0)
            for (int i = 0; i < state->part_count; i++)
                state->jobs[i].active = state->jobs[i].active && state->jobs[i].stopped_on_time;
        run_pass(shared, state->threads, pass);
        /* a part stopped at its share of the time while another closed early
         * leaves time unused: search the ones still above their shares again.
         * Only those: a part stopped at the node limit would spend the same
         * effort again (the forecast's placements: seconds each, for nothing) */
        bool timed_out = false;
        for (int i = 0; i < state->part_count; i++)
            timed_out = timed_out || (state->jobs[i].active && state->jobs[i].stopped_on_time);
        if (pass == PASS_SEARCH && timed_out && again < SEARCH_AGAIN_PASSES && !thread_must_stop(shared) &&
            shared->deadline - clock_seconds() >= SEARCH_AGAIN_SECONDS) {
            again++;
            pass--;
        }
    }
}

/* The parts' results into `solution`: their plans (a part without one leaves its
 * children unassigned), the sums of objective and bound in part order (so that
 * they are alike run to run), the gap and the status. */
static void collect_results(struct solve_state *state, const struct solve_shared *shared,
                            const struct instance *instance, const struct solve_options *options,
                            struct solution *solution, bool *all_planned_out)
{
    int count = state->part_count;
    for (int i = 0; i < count; i++) {
        solution->searched += state->jobs[i].searches >= 1;
        solution->searched_again += state->jobs[i].searches >= 2;
        solution->over_limit += state->jobs[i].over_limit;
        if (state->jobs[i].searches > solution->most_searches)
            solution->most_searches = state->jobs[i].searches;
    }
    progress_line(options->progress, "caseload: %d parts, branch-and-cut on %d, again on %d",
                  count,
                solution->searched, solution->searched_again);
    double objective = 0.0, bound = 0.0;
    bool any_infeasible = false, all_planned = true, any_skipped = false;
    for (int i = 0; i < count; i++) {
        const struct part *part = &state->parts[i];
        const struct part_result *result = &state->jobs[i].result;
        if (state->jobs[i].skipped) {
            any_skipped = true; /* the greedy plan, bound 0 (every weight is >= 0) */
        } else if (result->has_plan) {
            objective += result->objective;
        } else {
            all_planned = false;
            for (int k = 0; k < part->child_count; k++)
                solution->assignee[part->children[k]] = -1;
        }
        if (result->infeasible)
            any_infeasible = true;
        bound += result->bound;
    }
    if (any_skipped && all_planned) {
        /* stopped before every part had its share of the plan scored: score the whole */
        struct score score;
        char score_error[256];
        if (score_assignment(instance, solution->assignee, &score, score_error, sizeof score_error))
            objective = score.objective;
        else
            all_planned = false;
    }
    solution->objective = objective;
    solution->bound = bound > objective ? objective : bound;
    solution->gap = solution_relative_gap(solution->objective, solution->bound, shared->unavoidable);
    solution->unavoidable = shared->unavoidable;
    if (any_infeasible)
        solution->status = SOLVE_INFEASIBLE;
    else if (!all_planned)
        solution->status = SOLVE_NO_PLAN;
    else if (solution->gap <= options->gap + GAP_ROUNDING)
        solution->status = SOLVE_OPTIMAL;
    else
        solution->status = SOLVE_FEASIBLE;
    *all_planned_out = all_planned;
}

bool solve_instance(const struct instance *instance, const struct solve_options *options,
                    struct solution *solution, char *error, size_t error_size)
{
    double started = clock_seconds();
    /* a small instance is solved exactly, whatever the gap asked for */
    struct solve_options exact;
    if (instance->child_count <= SOLVE_EXACT_CHILDREN && options->gap > 0 && !options->gap_on_small) {
        exact = *options;
        exact.gap = 0.0;
        options = &exact;
    }
    memset(solution, 0, sizeof *solution);
    solution->near_final_seconds = NAN;
    solution->assignee = mem_alloc(((size_t)instance->child_count + 1) * sizeof(int));
    struct solve_state *state = mem_calloc(1, sizeof *state);
    struct solve_shared shared;
    memset(&shared, 0, sizeof shared);
    bool lock_made = false;
    if (solution->assignee == NULL || state == NULL ||
        !state_prepare(state, instance, options, solution, &shared, started))
        goto out_of_memory;
    if (!shared_prepare(&shared, state, instance, options, solution, started))
        goto out_of_memory;
    lock_made = true;
    if (shared.trace != NULL)
        thread_trace_line(&shared, 0, "first-plan", shared.start_whole, 0.0);
    if (shared.trace != NULL || progress_on(options->progress))
        thread_mark_whole(&shared, solution->first_plan_seconds, shared.start_whole);

    run_passes(&shared, state);
    if (atomic_load(&shared.failed)) {
        snprintf(error, error_size, "%s", shared.error);
        mem_free(shared.mark_seconds);
        mem_free(shared.mark_objective);
        pthread_mutex_destroy(&shared.lock);
        state->heuristic.assignee = NULL; /* owned by the solution */
        state_free(state);
        solution_free(solution);
        return false;
    }

    bool all_planned;
    collect_results(state, &shared, instance, options, solution, &all_planned);
    /* among plans of this objective, spread each team's incoming children evenly */
    if (all_planned && !balance_assignment(instance, solution->assignee))
        goto out_of_memory;
    solution->seconds = clock_seconds() - started;
    if (shared.trace != NULL || progress_on(options->progress)) {
        thread_mark_whole(&shared, solution->seconds, solution->objective);
        solution->near_final_seconds = thread_near_final(&shared, solution->objective);
        if (isfinite(solution->near_final_seconds))
            progress_line(options->progress,
                          "caseload: the plan was within 0.1 %% of this one after %.1f s (of %.1f s)",
                          solution->near_final_seconds, solution->seconds);
    }
    mem_free(shared.mark_seconds);
    mem_free(shared.mark_objective);
    if (shared.trace != NULL)
        thread_trace_line(&shared, 0, "done", solution->objective, solution->bound);
    pthread_mutex_destroy(&shared.lock);
    state->heuristic.assignee = NULL;
    state_free(state);
    return true;

out_of_memory:
    mem_free(shared.mark_seconds);
    mem_free(shared.mark_objective);
    if (lock_made)
        pthread_mutex_destroy(&shared.lock);
    if (state != NULL)
        state->heuristic.assignee = NULL;
    state_free(state);
    solution_free(solution);
    snprintf(error, error_size, "out of memory solving the model");
    return false;
}
