/* test_search.c - unit tests of solve/search: the branch-and-cut of one part and
 * the team-by-team re-solve, run on one thread's state (thread.h) as the solver's
 * passes run them, against the known optimum of every small instance
 * (instances/small/NAME.expected, checked against models/caseload.mod). */
#include "testutil.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>

#include "core/score.h"
#include "solve/search.h"
#include "solve/solve.h"

/* The state of a solve of one part: the whole instance, not decomposed. */
struct one_part {
    struct instance *instance;
    struct solve_options options;
    struct heuristic heuristic;
    struct part *parts;
    int part_count;
    struct part_job *jobs;
    int *local_of, *assignee, *part_of_child, *part_of_assignee;
    double trace_objective[1], trace_bound[1];
    struct solve_shared shared;
    struct search_thread thread;
};

/* Set up `s` for `path` with the heuristic's starting plan, as solve_instance
 * does before its passes. */
static void one_part_init(struct one_part *s, const char *path)
{
    memset(s, 0, sizeof *s);
    s->instance = load_or_fail(path);
    solve_default_options(&s->options);
    s->options.gap = 0.0;
    s->options.threads = 1;
    s->options.decompose = false;
    const struct instance *instance = s->instance;
    int assignees = instance_assignee_count(instance);
    s->assignee = mem_alloc(((size_t)instance->child_count + 1) * sizeof(int));
    assert_non_null(s->assignee);
    assert_true(heuristic_init(&s->heuristic, instance));
    s->heuristic.assignee = s->assignee;
    heuristic_start(&s->heuristic);
    assert_true(parts_make(&s->heuristic, false, &s->parts, &s->part_count));
    assert_int_equal(s->part_count, 1);
    assert_true(parts_owners(s->parts, 1, instance->child_count, assignees, &s->part_of_child,
                             &s->part_of_assignee));
    s->heuristic.part_of_child = s->part_of_child;
    s->heuristic.part_of_assignee = s->part_of_assignee;
    s->local_of = mem_alloc(((size_t)assignees + 1) * sizeof(int));
    s->jobs = mem_calloc(2, sizeof *s->jobs);
    assert_true(s->local_of != NULL && s->jobs != NULL);
    s->trace_objective[0] = NAN;
    s->jobs[0].greedy_objective = NAN;
    double now = clock_seconds();
    s->shared = (struct solve_shared){
        .instance = instance,
        .options = &s->options,
        .heuristic = &s->heuristic,
        .parts = s->parts,
        .part_count = 1,
        .jobs = s->jobs,
        .local_of = s->local_of,
        .started = now,
        .deadline = now + 60.0,
        .threads = 1,
        .trace_objective = s->trace_objective,
        .trace_bound = s->trace_bound,
        .memory_budget = 1e12,
        .total_size = s->parts[0].size,
    };
    atomic_init(&s->shared.failed, false);
    assert_int_equal(pthread_mutex_init(&s->shared.lock, NULL), 0);
    s->thread.shared = &s->shared;
    s->thread.heuristic = s->heuristic;
    s->thread.heuristic.scratch = mem_alloc(((size_t)instance->child_count + 1) * sizeof(int));
    assert_non_null(s->thread.heuristic.scratch);
    s->thread.heuristic.part = 0;
}

static void one_part_free(struct one_part *s)
{
    thread_clear(&s->thread);
    mem_free(s->thread.heuristic.scratch);
    pthread_mutex_destroy(&s->shared.lock);
    mem_free(s->jobs[0].row_status);
    mem_free(s->jobs[0].column_status);
    mem_free(s->jobs);
    mem_free(s->local_of);
    mem_free(s->part_of_child);
    mem_free(s->part_of_assignee);
    parts_free(s->parts, s->part_count);
    heuristic_free(&s->heuristic);
    mem_free(s->assignee);
    instance_free(s->instance);
}

/* The objective of the plan the heuristic holds, by the independent re-scorer. */
static double plan_objective(const struct one_part *s)
{
    struct score score;
    char error[256];
    if (!score_assignment(s->instance, s->assignee, &score, error, sizeof error))
        fail_msg("the plan breaks a rule: %s", error);
    return score.objective;
}

/* The objective on the first line of instances/small/NAME.expected. */
static double expected_objective(const char *name)
{
    char path[512];
    snprintf(path, sizeof path, REPO_ROOT "/instances/small/%s.expected", name);
    FILE *file = fopen(path, "r");
    assert_non_null(file);
    double objective = NAN;
    assert_int_equal(fscanf(file, "objective %lf", &objective), 1);
    fclose(file);
    return objective;
}

static const char *const small[] = {
    "01-worker-leaves", "02-over-cap-no-hires", "03-siblings-soft-together",
    "04-siblings-soft-split", "05-siblings-hard",
};

/* search_pass as the second pass runs it: from the starting plan to the proven
 * optimum, the plan left in the heuristic's plan, the bound at the optimum. */
static void search_pass_should_prove_the_optimum_of_a_small_part(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof small / sizeof small[0]; i++) {
        char path[512];
        snprintf(path, sizeof path, REPO_ROOT "/instances/small/%s.json", small[i]);
        struct one_part s;
        one_part_init(&s, path);
        struct part_job *job = &s.jobs[0];
        struct search_thread *thread = &s.thread;
        if (setjmp(thread->guard.jump) != 0)
            fail_msg("%s: GLPK failed: %s", small[i], thread->guard.message);
        model_guard_install(&thread->guard, NULL);
        assert_true(thread_build(thread, 0, &job->start_ok, &job->start_objective));
        thread_clear(thread);
        s.shared.pass = PASS_SEARCH;
        job->active = true;
        job->allowance = 0.0;
        job->result.has_plan = job->start_ok;
        job->result.objective = job->start_objective;
        job->result.bound = 0.0;
        assert_true(search_pass(thread, 0, s.shared.deadline));
        model_guard_remove();
        double expected = expected_objective(small[i]);
        if (!job->result.has_plan || !job->result.proven ||
            fabs(job->result.objective - expected) > 1e-6 * fmax(1.0, expected))
            fail_msg("%s: plan %d proven %d objective %.10g, expected %.10g", small[i],
                     job->result.has_plan, job->result.proven, job->result.objective, expected);
        assert_true(job->result.bound <= job->result.objective + 1e-6);
        assert_true(job->result.bound >= expected - 1e-6 * fmax(1.0, expected));
        assert_true(fabs(plan_objective(&s) - expected) <= 1e-6 * fmax(1.0, expected));
        one_part_free(&s);
    }
}

/* The team-by-team re-solve never makes the starting plan worse, and on these
 * one-team instances it reaches the optimum. */
static void search_improve_by_team_should_never_worsen_the_plan(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof small / sizeof small[0]; i++) {
        char path[512];
        snprintf(path, sizeof path, REPO_ROOT "/instances/small/%s.json", small[i]);
        struct one_part s;
        one_part_init(&s, path);
        double before = plan_objective(&s);
        struct search_thread *thread = &s.thread;
        if (setjmp(thread->guard.jump) != 0)
            fail_msg("%s: GLPK failed: %s", small[i], thread->guard.message);
        model_guard_install(&thread->guard, NULL);
        assert_true(search_improve_by_team(thread, 0, s.shared.deadline));
        model_guard_remove();
        double after = plan_objective(&s);
        assert_true(after <= before + 1e-9);
        assert_true(after >= expected_objective(small[i]) - 1e-6);
        one_part_free(&s);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(search_pass_should_prove_the_optimum_of_a_small_part),
        cmocka_unit_test(search_improve_by_team_should_never_worsen_the_plan),
    };
    int failed = cmocka_run_group_tests(tests, NULL, NULL);
    solve_thread_end();
    return failed;
}
