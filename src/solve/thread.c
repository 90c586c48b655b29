/* thread.c - what a thread of a solve asks of the shared state (the trace, the
 * time share, the memory budget, whether to stop) and the model and buffers it
 * builds for one part. */
#include "solve/thread.h"

#include <glpk.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifdef __EMSCRIPTEN__
/* In a browser tab: web/engine.c gives the worker a moment now and then to
 * receive "stop", which sets *options->interrupted as SIGINT does, and to post
 * progress; between those moments it returns at once. */
void web_poll(void);
#endif

static bool interrupted(const struct solve_options *options)
{
#ifdef __EMSCRIPTEN__
    web_poll();
#endif
    return options->interrupted != NULL && *options->interrupted != 0;
}

/* Write one line "seconds part event objective bound gap"; part 0 is the whole.
 * Call with shared->lock held. */
void thread_trace_line(struct solve_shared *shared, int part, const char *event, double objective,
                       double bound)
{
    double gap = isfinite(objective) ? fmax(0.0, objective - bound) / fmax(1.0, fabs(objective))
                                     : INFINITY;
    fprintf(shared->trace, "%.3f\t%d/%d\t%s\t%.10g\t%.10g\t%.6g\n", clock_seconds() - shared->started,
            part, shared->part_count, event, objective, bound, gap);
}

void thread_mark_whole(struct solve_shared *shared, double seconds, double whole)
{
    if (!isfinite(whole) ||
        (shared->mark_count > 0 && !(whole < shared->mark_objective[shared->mark_count - 1])))
        return;
    if (shared->mark_count == shared->mark_capacity) {
        if (shared->mark_capacity < 0)
            return;
        int capacity = shared->mark_capacity ? 2 * shared->mark_capacity : 64;
        double *times = mem_realloc(shared->mark_seconds, (size_t)capacity * sizeof *times);
        if (times != NULL)
            shared->mark_seconds = times;
        double *values =
            times == NULL ? NULL
                          : mem_realloc(shared->mark_objective, (size_t)capacity * sizeof *values);
        if (values == NULL) {
            shared->mark_capacity = -1;
            return;
        }
        shared->mark_objective = values;
        shared->mark_capacity = capacity;
    }
    shared->mark_seconds[shared->mark_count] = seconds;
    shared->mark_objective[shared->mark_count++] = whole;
}

double thread_near_final(const struct solve_shared *shared, double final)
{
    if (shared->mark_capacity < 0)
        return NAN;
    double allowed = SOLVE_NEAR_FINAL * fmax(1.0, fabs(final - shared->unavoidable)) + 1e-9;
    for (int k = 0; k < shared->mark_count; k++)
        if (shared->mark_objective[k] <= final + allowed)
            return shared->mark_seconds[k];
    return NAN;
}

/* Record part `index`'s best plan and bound (NAN: unchanged) and write a line
 * for it in terms of the whole plan: to --trace, and to the progress handle at
 * most once a second (the plan and gap Ctrl-C would give). */
void thread_trace_part(struct solve_shared *shared, int index, const char *event,
                       double objective, double bound)
{
    if (shared->trace == NULL && !progress_on(shared->options->progress))
        return;
    pthread_mutex_lock(&shared->lock);
    if (!isnan(objective))
        shared->trace_objective[index] = objective;
    if (!isnan(bound) && bound > shared->trace_bound[index])
        shared->trace_bound[index] = bound;
    double whole = shared->start_whole, whole_bound = 0.0;
    for (int i = 0; i < shared->part_count; i++) {
        const struct part_job *job = &shared->jobs[i];
        if (!isnan(shared->trace_objective[i]))
            whole += shared->trace_objective[i] - job->greedy_objective;
        whole_bound += shared->trace_bound[i] > 0 ? shared->trace_bound[i] : 0.0;
    }
    if (shared->trace != NULL)
        thread_trace_line(shared, index + 1, event, whole, whole_bound);
    double now = clock_seconds();
    thread_mark_whole(shared, now - shared->started, whole);
    if (progress_on(shared->options->progress) && now - shared->last_progress >= PROGRESS_SECONDS) {
        shared->last_progress = now;
        progress_line(shared->options->progress,
                      "caseload: %.1f s: whole plan %.1f, bound %.1f, gap %.2f %%",
                now - shared->started, whole, whole_bound,
                100.0 * fmax(0.0, whole - whole_bound) / fmax(1.0, fabs(whole)));
    }
    pthread_mutex_unlock(&shared->lock);
}

/* Whether the search must stop now: Ctrl-C or another thread failed. */
bool thread_must_stop(const struct solve_shared *shared)
{
    return interrupted(shared->options) || atomic_load(&shared->failed);
}

/* Whether GLPK's memory in this thread has reached the thread's budget: a
 * search stops there with its best plan, so that a tree that keeps growing
 * never takes GLPK to its out-of-memory abort. */
bool thread_memory_exhausted(const struct solve_shared *shared)
{
    size_t total = 0;
    glp_mem_usage(NULL, NULL, &total, NULL);
    return (double)total > shared->memory_budget;
}

/* Whether a model of `counts` fits a thread's memory budget and can be built
 * before `deadline`; *size gets its estimate. */
bool thread_model_fits(const struct solve_shared *shared, const struct model_counts *counts,
                       double deadline, struct model_size *size)
{
    model_estimate(shared->instance, counts, MODEL_SIBLINGS_PER_CHILD, size);
    return size->bytes <= shared->memory_budget && clock_seconds() + size->build_seconds <= deadline;
}

/* Free the model and buffers of the part the thread was on. */
void thread_clear(struct search_thread *thread)
{
    model_free(&thread->model);
    memset(&thread->model, 0, sizeof thread->model);
    mem_free(thread->values);
    mem_free(thread->start_local);
    mem_free(thread->local_assignee);
    mem_free(thread->plan);
    mem_free(thread->search_values);
    mem_free(thread->rank);
    mem_free(thread->sub_values);
    thread->values = thread->search_values = thread->sub_values = NULL;
    thread->start_local = thread->local_assignee = thread->plan = NULL;
    thread->rank = NULL;
}

/* The heuristic's plan of part `index` into start_local and values. */
void thread_read_plan(struct search_thread *thread, int index, bool *plan_ok, double *objective)
{
    struct solve_shared *shared = thread->shared;
    const struct part *part = &shared->parts[index];
    for (int k = 0; k < part->child_count; k++) {
        int a = thread->heuristic.assignee[part->children[k]];
        thread->start_local[k] = a >= 0 ? shared->local_of[a] : -1;
    }
    char reason[256];
    *plan_ok = model_values_from_assignment(&thread->model, thread->start_local, thread->values) &&
               model_check_values(&thread->model, thread->values, reason, sizeof reason);
    *objective = *plan_ok ? model_objective(&thread->model, thread->values) : NAN;
}

/* Build part `index`'s model and its buffers, and put the plan the heuristic
 * holds into the part's numbering (start_local and values). Returns false when
 * memory runs out; *plan_ok says whether that plan satisfies the model, and
 * *objective is then its objective. */
bool thread_build(struct search_thread *thread, int index, bool *plan_ok, double *objective)
{
    struct solve_shared *shared = thread->shared;
    const struct part *part = &shared->parts[index];
    char error[256];
    if (!model_build(shared->instance, part->children, part->child_count, part->assignees,
                     part->assignee_count, MODEL_SIBLINGS_PER_CHILD, &thread->model, error,
                     sizeof error))
        return false;
    size_t columns = (size_t)thread->model.column_count + 1, children = (size_t)part->child_count + 1;
    thread->values = mem_alloc(columns * sizeof(double));
    thread->start_local = mem_alloc(children * sizeof(int));
    thread->local_assignee = mem_alloc(children * sizeof(int));
    thread->plan = mem_alloc(children * sizeof(int));
    thread->search_values = mem_alloc(columns * sizeof(double));
    thread->rank = mem_alloc(children * sizeof(struct rank));
    thread->sub_values = mem_alloc(columns * sizeof(double));
    if (thread->values == NULL || thread->start_local == NULL || thread->local_assignee == NULL ||
        thread->plan == NULL || thread->search_values == NULL || thread->rank == NULL ||
        thread->sub_values == NULL)
        return false;
    for (int j = 0; j < part->assignee_count; j++)
        shared->local_of[part->assignees[j]] = j; /* (its own assignees: disjoint) */
    thread_read_plan(thread, index, plan_ok, objective);
    return true;
}

/* The deadline of a step that may take `share` of the time limit from now, and
 * never past the solve's deadline. */
double thread_share_deadline(const struct solve_shared *shared, double share)
{
    return fmin(shared->deadline,
                clock_seconds() + share * fmax(0.0, shared->options->time_limit));
}
