/* test_model_size.c - the estimate of a model's size before it is built, the
 * memory limit, and the solver's plan when a part's model may not be built. */
#include "testutil.h"

#include <glpk.h>
#include <math.h>
#include <sys/resource.h>

#include "generate/generate.h"
#include "base/memory.h"
#include "core/instance.h"
#include "model/model.h"
#include "report/plan.h"
#include "solve/solve.h"

/* A small open-care county where most children have siblings: its LP bound
 * does not prove the starting plan, so branch-and-cut and its sub-MIP run. */
static struct instance *sibling_county_or_fail(bool hard)
{
    struct generate_options options;
    generate_default_options(&options);
    options.open_care_teams = 2;
    options.workers_per_team = 8;
    options.siblings = 0.8;
    options.load = 1.1;
    options.substitute_care_teams = 0;
    options.aftercare_teams = 0;
    return generate_or_fail(&options, hard);
}

static const char *small_instances[] = {
    "01-worker-leaves", "02-over-cap-no-hires", "03-siblings-soft-together",
    "04-siblings-soft-split", "05-siblings-hard", "06-adult-not-counted", "07-cap-35-in-2023",
    "08-locked-over-cap", "09-max-new", "10-cross-team-forbidden", "11-cross-team-allowed",
    "12-distance-table", "13-hire-opened", "14-part-time-fte", "15-services",
    "16-leave-rebalance", "17-size-cap-drop",
};
#define SMALL_COUNT ((int)(sizeof small_instances / sizeof small_instances[0]))

static struct instance *small_or_fail(int index)
{
    char path[256];
    snprintf(path, sizeof path, REPO_ROOT "/instances/small/%s.json", small_instances[index]);
    return load_or_fail(path);
}

/* Build the whole model of `instance` and check that the estimate of its counts
 * bounds its rows, columns and nonzeros from above, and is not far above (the
 * nonzeros, which the memory estimate follows, within 1.6 times). */
static void check_estimate(const struct instance *instance, enum model_siblings siblings,
                           const char *name)
{
    struct model_counts counts;
    assert_true(model_count(instance, NULL, -1, NULL, -1, &counts));
    struct model_size size;
    model_estimate(instance, &counts, siblings, &size);
    struct model_guard guard;
    struct model *model = calloc(1, sizeof *model);
    assert_non_null(model);
    if (setjmp(guard.jump) != 0)
        fail_msg("%s: GLPK failed: %s", name, guard.message);
    model_guard_install(&guard, NULL);
    char error[256];
    assert_true(model_build(instance, NULL, -1, NULL, -1, siblings, model, error, sizeof error));
    double rows = glp_get_num_rows(model->problem), columns = glp_get_num_cols(model->problem);
    double nonzeros = glp_get_num_nz(model->problem);
    model_free(model);
    model_guard_remove();
    free(model);
    if (!(rows <= size.rows && columns <= size.columns && nonzeros <= size.nonzeros))
        fail_msg("%s: built %.0f rows, %.0f columns, %.0f nonzeros; estimated %.0f, %.0f, %.0f",
                 name, rows, columns, nonzeros, size.rows, size.columns, size.nonzeros);
    if (!(size.nonzeros <= 1.6 * nonzeros + 64))
        fail_msg("%s: %.0f nonzeros estimated for %.0f built", name, size.nonzeros, nonzeros);
    assert_true(size.bytes > 0 && size.build_seconds >= 0);
}

static void model_estimate_should_bound_every_built_model(void **state)
{
    (void)state;
    for (int i = 0; i < SMALL_COUNT; i++) {
        struct instance *instance = small_or_fail(i);
        check_estimate(instance, MODEL_SIBLINGS_PER_CHILD, small_instances[i]);
        check_estimate(instance, MODEL_SIBLINGS_AGGREGATED, small_instances[i]);
        instance_free(instance);
    }
    const char *counties[] = {REPO_ROOT "/instances/keski-suomi.json",
                              REPO_ROOT "/instances/kymenlaakso.json"};
    for (int i = 0; i < 2; i++) {
        struct instance *instance = load_or_fail(counties[i]);
        check_estimate(instance, MODEL_SIBLINGS_PER_CHILD, counties[i]);
        instance_free(instance);
    }
    for (int hard = 0; hard < 2; hard++) {
        struct instance *instance = sibling_county_or_fail(hard);
        check_estimate(instance, MODEL_SIBLINGS_PER_CHILD, hard ? "generated, hard" : "generated");
        instance_free(instance);
    }
}

static void model_estimate_should_grow_linearly_with_the_counts(void **state)
{
    (void)state;
    struct instance *instance = load_or_fail(REPO_ROOT "/instances/keski-suomi.json");
    struct model_counts none = {0}, counts;
    assert_true(model_count(instance, NULL, -1, NULL, -1, &counts));
    struct model_counts twice = counts;
    twice.children *= 2, twice.assignees *= 2, twice.hires *= 2, twice.pairs *= 2;
    twice.hire_pairs *= 2, twice.group_pairs *= 2, twice.groups *= 2;
    twice.tiers *= 2, twice.tier_rows *= 2;
    struct model_size fixed, once, doubled;
    model_estimate(instance, &none, MODEL_SIBLINGS_PER_CHILD, &fixed);
    model_estimate(instance, &counts, MODEL_SIBLINGS_PER_CHILD, &once);
    model_estimate(instance, &twice, MODEL_SIBLINGS_PER_CHILD, &doubled);
    assert_true(fixed.nonzeros == 0 && fixed.rows == 0 && fixed.columns == 0);
    assert_true(fabs((doubled.bytes - fixed.bytes) - 2 * (once.bytes - fixed.bytes)) <= 1.0);
    assert_true(fabs(doubled.build_seconds - 2 * once.build_seconds) <= 1e-9);
    /* more than the model's records alone: at least 100 bytes per nonzero */
    assert_true(once.bytes - fixed.bytes >= 100.0 * once.nonzeros);
    instance_free(instance);
}

/* GLPK's own peak while the whole model is built and solved (LP,
 * branch-and-cut, the sub-MIP) stays below the estimate's part that grows with
 * the model: the calibration holds on a part it was not fitted on. */
static void model_estimate_should_cover_what_glpk_uses_solving(void **state)
{
    (void)state;
    struct instance *instance = sibling_county_or_fail(false);
    struct model_counts counts, none = {0};
    assert_true(model_count(instance, NULL, -1, NULL, -1, &counts));
    struct model_size size, fixed;
    model_estimate(instance, &counts, MODEL_SIBLINGS_PER_CHILD, &size);
    model_estimate(instance, &none, MODEL_SIBLINGS_PER_CHILD, &fixed);
    glp_free_env(); /* a fresh environment: its peak is this solve's */
    struct solve_options options;
    solve_default_options(&options);
    options.threads = 1; /* GLPK's environment is this thread's */
    options.decompose = false;
    options.time_limit = 2; /* (it needs 14 s to prove its optimum) */
    struct solution solution;
    char error[256];
    assert_true(solve_instance(instance, &options, &solution, error, sizeof error));
    size_t peak = 0;
    glp_mem_usage(NULL, NULL, NULL, &peak);
    if (solution.searched == 0) {
        /* the LP did not end within the time limit (under valgrind): nothing to
         * measure */
        solution_free(&solution);
        instance_free(instance);
        skip();
    }
    if (!((double)peak <= size.bytes - fixed.bytes))
        fail_msg("GLPK's peak %zu bytes, estimated %.0f for %.0f nonzeros", peak,
                 size.bytes - fixed.bytes, size.nonzeros);
    solution_free(&solution);
    instance_free(instance);
}

static void model_memory_limit_should_honour_the_request_and_rlimit_as(void **state)
{
    (void)state;
    struct rlimit saved;
    assert_int_equal(getrlimit(RLIMIT_AS, &saved), 0);
    if (saved.rlim_cur == RLIM_INFINITY || saved.rlim_cur > (rlim_t)4e9)
        assert_true(model_memory_limit(3e9) == 3e9);
    double physical = model_memory_limit(0);
    assert_true(physical > 0);
    struct rlimit lower = saved;
    lower.rlim_cur = (rlim_t)2e9 < saved.rlim_cur ? (rlim_t)2e9 : saved.rlim_cur;
    assert_int_equal(setrlimit(RLIMIT_AS, &lower), 0);
    double with_rlimit = model_memory_limit(3e9), default_limit = model_memory_limit(0);
    assert_int_equal(setrlimit(RLIMIT_AS, &saved), 0);
    assert_true(with_rlimit <= (double)lower.rlim_cur);
    assert_true(default_limit <= (double)lower.rlim_cur && default_limit <= physical);
    assert_true(memory_in_use() > 0);
}

static void model_fits_memory_should_refuse_a_model_over_the_limit(void **state)
{
    (void)state;
    struct instance *instance = load_or_fail(REPO_ROOT "/instances/keski-suomi.json");
    char error[512] = "";
    bool fits = true;
    assert_true(model_fits_memory(instance, 1024.0 * 1024, &fits, error, sizeof error));
    assert_false(fits);
    assert_non_null(strstr(error, "memory limit of 1 MB"));
    assert_non_null(strstr(error, "nonzeros"));
    assert_true(model_fits_memory(instance, 1e12, &fits, error, sizeof error));
    assert_true(fits);
    /* out of memory counting: false, whatever the limit */
    mem_fail_at(1);
    assert_false(model_fits_memory(instance, 1e12, &fits, error, sizeof error));
    mem_fail_at(0);
    assert_non_null(strstr(error, "out of memory"));
    instance_free(instance);
}

/* Solve with the default limit and with a limit that no model fits: the second
 * plan is a plan (plan_build re-checks every child once, eligibility and the
 * objective), and its bound is a true lower bound, at most the first's plan
 * (whose objective is at least the optimum, whatever the clock allowed). */
static void check_tiny_limit(const struct instance *instance, const char *name, bool *bounded)
{
    struct solve_options options;
    solve_default_options(&options);
    options.time_limit = 20;
    struct solution normal, tiny;
    char error[256];
    assert_true(solve_instance(instance, &options, &normal, error, sizeof error));
    options.memory_limit = 1.0;
    assert_true(solve_instance(instance, &options, &tiny, error, sizeof error));
    if (tiny.status != SOLVE_FEASIBLE && tiny.status != SOLVE_OPTIMAL)
        fail_msg("%s: status %s under a tiny limit", name, solution_status_name(tiny.status));
    struct plan *plan = plan_build(instance, &tiny, NULL, error, sizeof error);
    if (plan == NULL)
        fail_msg("%s: the plan under a tiny limit fails its check: %s", name, error);
    plan_free(plan);
    assert_true(tiny.searched == 0); /* no part was built */
    if (!(tiny.bound <= normal.objective + 1e-6 * fmax(1.0, normal.objective)) ||
        !(tiny.bound <= tiny.objective + 1e-9))
        fail_msg("%s: tiny limit plan %.17g bound %.17g; default limit plan %.17g", name,
                 tiny.objective, tiny.bound, normal.objective);
    if (tiny.bound > 0)
        *bounded = true;
    solution_free(&normal);
    solution_free(&tiny);
}

static void solve_instance_should_plan_every_child_with_a_true_bound_under_a_tiny_limit(void **state)
{
    (void)state;
    SKIP_UNDER_VALGRIND(); /* solves big instances under a tiny limit, ~40 s plain */
    bool bounded = false;
    for (int i = 0; i < SMALL_COUNT; i++) {
        struct instance *instance = small_or_fail(i);
        check_tiny_limit(instance, small_instances[i], &bounded);
        instance_free(instance);
    }
    struct instance *instance = load_or_fail(REPO_ROOT "/instances/keski-suomi.json");
    bool county_bounded = false;
    check_tiny_limit(instance, "keski-suomi", &county_bounded);
    instance_free(instance);
    /* a county over its capacity, where the starting plan is not optimal: the
     * bound is checked against the optimum, not just against the plan it came
     * with (which caps it) */
    struct generate_options options;
    generate_default_options(&options);
    options.seed = 5;
    options.load = 1.1;
    instance = generate_or_fail(&options, false);
    check_tiny_limit(instance, "generated, load 1.1", &county_bounded);
    instance_free(instance);
    assert_true(bounded && county_bounded); /* the bound is not just 0 */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(model_estimate_should_bound_every_built_model),
        cmocka_unit_test(model_estimate_should_grow_linearly_with_the_counts),
        cmocka_unit_test(model_estimate_should_cover_what_glpk_uses_solving),
        cmocka_unit_test(model_memory_limit_should_honour_the_request_and_rlimit_as),
        cmocka_unit_test(model_fits_memory_should_refuse_a_model_over_the_limit),
        cmocka_unit_test(solve_instance_should_plan_every_child_with_a_true_bound_under_a_tiny_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
