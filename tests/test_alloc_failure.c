/* test_alloc_failure.c - make every allocation of loading, modelling, planning and writing a real instance fail in turn (mem_fail_at): each run must fail cleanly, then succeed once nothing fails. Run it under `make asan` or `make valgrind` for the "no leak" half. */
#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/common.h"
#include "io/fileio.h"
#include "core/instance.h"
#include "model/model.h"
#include "report/plan.h"
#include "io/scenario.h"
#include "solve/solve.h"

/* Hand-checked small instances: hard siblings (a hard rule), and an opened hire. */
#define SIBLINGS_FILE REPO_ROOT "/instances/small/05-siblings-hard.json"
#define HIRE_FILE REPO_ROOT "/instances/small/13-hire-opened.json"
/* A hand-checked scenario and its base instance. */
#define SCENARIO_BASE_FILE REPO_ROOT "/instances/small/16-leave-rebalance.json"
#define SCENARIO_FILE REPO_ROOT "/instances/small/scenarios/16-leave-rebalance.json"

/* A walk stops with a test failure when an operation still fails after this many
 * allocations were allowed: far more than any of these small runs needs. */
#define WALK_LIMIT 100000

static char error[512];

static struct solve_options quick_options(void)
{
    struct solve_options options;
    solve_default_options(&options);
    options.time_limit = 10;
    return options;
}

static void solve_or_fail(const struct instance *instance, struct solution *solution)
{
    struct solve_options options = quick_options();
    memset(solution, 0, sizeof *solution);
    if (!solve_instance(instance, &options, solution, error, sizeof error))
        fail_msg("%s", error);
    assert_int_equal(solution->status, SOLVE_OPTIMAL);
}

/* Names of the entries of `directory` other than . and .., counted. */
static int directory_entries(const char *directory)
{
    DIR *listing = opendir(directory);
    assert_non_null(listing);
    int count = 0;
    struct dirent *entry;
    while ((entry = readdir(listing)) != NULL)
        if (strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, "..") != 0)
            count++;
    closedir(listing);
    return count;
}

static void fileio_read_all_should_set_enomem_only_when_memory_runs_out(void **state)
{
    (void)state;
    size_t length = 0;
    mem_fail_at(1);
    char *text = fileio_read_all(SIBLINGS_FILE, &length, error, sizeof error);
    mem_fail_at(0);
    assert_null(text);
    assert_int_equal(errno, ENOMEM);
    errno = ENOMEM; /* stale: a file that is not there is not a lack of memory */
    assert_null(fileio_read_all(REPO_ROOT "/no/such/file.json", &length, error, sizeof error));
    assert_int_equal(errno, 0);
    errno = ENOMEM;
    assert_null(fileio_read_all(REPO_ROOT "/instances", &length, error, sizeof error));
    assert_int_equal(errno, 0);
}

static void instance_load_should_fail_cleanly_at_every_allocation(void **state)
{
    (void)state;
    int misreported = 0;
    char first[600] = "";
    long n = 1;
    for (; n < WALK_LIMIT; n++) {
        struct diag diag;
        diag_init(&diag, SIBLINGS_FILE);
        mem_fail_at(n);
        struct instance *instance = instance_load(SIBLINGS_FILE, &diag);
        long attempts = mem_alloc_count();
        mem_fail_at(0);
        if (instance != NULL) {
            assert_true(attempts < n); /* succeeded only because nothing failed */
            assert_int_equal(diag.count, 0);
            instance_free(instance);
            diag_free(&diag);
            break;
        }
        /* a valid file: the only failure is memory, never "invalid input" (exit 5,
         * not 3); the walk goes on to check every other allocation first */
        if (diag.count != 0 || !diag.out_of_memory) {
            if (misreported == 0)
                snprintf(first, sizeof first, "allocation %ld: reported as an input error: %s", n,
                         diag.kept > 0 ? diag.messages[0] : "(no message kept)");
            misreported++;
        }
        diag_free(&diag);
    }
    assert_true(n > 20); /* reading, cJSON and the instance all allocate */
    if (misreported > 0)
        fail_msg("%d failed allocations misreported; first: %s", misreported, first);
}

static void instance_parse_should_fail_cleanly_at_every_allocation_of_a_bad_file(void **state)
{
    (void)state;
    /* many errors: the diagnostic messages themselves need memory */
    static const char text[] =
        "{\"format\":\"caseload-instance/1\",\"name\":\"bad\",\"date\":\"2024-02-30\","
        "\"municipalities\":[{\"id\":\"A\",\"lat\":95,\"lon\":0}],"
        "\"teams\":[{\"id\":\"t\",\"service\":\"avo\",\"office\":\"B\"}],"
        "\"workers\":[{\"id\":\"W1\",\"team\":\"u\",\"fte\":2}],"
        "\"children\":[{\"id\":\"010203A123B\",\"service\":\"avohuolto\",\"municipality\":\"A\"}]}";
    long n = 1;
    int full_count = -1;
    for (; n < WALK_LIMIT; n++) {
        struct diag diag;
        diag_init(&diag, "bad.json");
        mem_fail_at(n);
        struct instance *instance = instance_parse(text, strlen(text), &diag);
        long attempts = mem_alloc_count();
        mem_fail_at(0);
        assert_null(instance);
        /* either out of memory, or the errors found so far with their messages */
        assert_true(diag.out_of_memory || diag.count > 0);
        assert_true(diag.kept <= diag.count);
        for (int i = 0; i < diag.kept; i++)
            assert_non_null(strstr(diag.messages[i], "bad.json: "));
        if (attempts < n) {
            full_count = diag.count;
            assert_false(diag.out_of_memory);
            diag_free(&diag);
            break;
        }
        diag_free(&diag);
    }
    assert_true(full_count >= 5); /* date, lat, service, office, team, fte, identity code */
    assert_true(n > 10);
}

static void scenario_load_and_apply_should_fail_cleanly_at_every_allocation(void **state)
{
    (void)state;
    int misreported = 0;
    char first[600] = "";
    long n = 1;
    for (; n < WALK_LIMIT; n++) {
        struct instance *instance = load_or_fail(SCENARIO_BASE_FILE);
        struct diag diag;
        diag_init(&diag, SCENARIO_FILE);
        mem_fail_at(n);
        struct scenario *scenario = scenario_load(SCENARIO_FILE, &diag);
        bool applied = scenario != NULL && scenario_apply(scenario, instance, &diag);
        long attempts = mem_alloc_count();
        mem_fail_at(0);
        scenario_free(scenario);
        instance_free(instance);
        if (applied) {
            assert_true(attempts < n);
            assert_int_equal(diag.count, 0);
            diag_free(&diag);
            break;
        }
        /* a valid scenario: the only failure is memory (exit 5, not 3) */
        if (diag.count != 0 || !diag.out_of_memory) {
            if (misreported == 0)
                snprintf(first, sizeof first, "allocation %ld: reported as an input error: %s", n,
                         diag.kept > 0 ? diag.messages[0] : "(no message kept)");
            misreported++;
        }
        diag_free(&diag);
    }
    assert_true(n > 10);
    if (misreported > 0)
        fail_msg("%d failed allocations misreported; first: %s", misreported, first);
}

static void solve_instance_should_fail_cleanly_at_every_allocation(void **state)
{
    (void)state;
    struct instance *instance = load_or_fail(SIBLINGS_FILE);
    struct solution reference;
    solve_or_fail(instance, &reference);
    struct solve_options options = quick_options();
    long n = 1;
    int failures = 0;
    for (; n < WALK_LIMIT; n++) {
        struct solution solution;
        memset(&solution, 0, sizeof solution);
        error[0] = '\0';
        mem_fail_at(n);
        bool solved = solve_instance(instance, &options, &solution, error, sizeof error);
        long attempts = mem_alloc_count();
        mem_fail_at(0);
        if (!solved) {
            failures++;
            if (strstr(error, "memory") == NULL)
                fail_msg("allocation %ld: failed without saying memory ran out: \"%s\"", n, error);
            assert_null(solution.assignee);
        } else {
            /* an optional step (a heuristic) may give up for lack of memory; the
             * answer must still be the optimal plan */
            assert_int_equal(solution.status, SOLVE_OPTIMAL);
            assert_float_equal(solution.objective, reference.objective,
                               1e-6 * (1 + reference.objective));
            struct plan *plan = plan_build(instance, &solution, NULL, error, sizeof error);
            if (plan == NULL)
                fail_msg("allocation %ld: the plan after a survived failure is refused: %s", n,
                         error);
            plan_free(plan);
        }
        solution_free(&solution);
        if (attempts < n)
            break;
    }
    assert_true(n < WALK_LIMIT);
    assert_true(failures > 10);
    solution_free(&reference);
    instance_free(instance);
}

/* Two threads allocate at once: a failure at any attempt (sampled across the
 * whole solve of two generated counties, whose open-care parts each get a
 * thread) still ends in "out of memory" with nothing left over, or, when only a
 * heuristic lost its memory, in a valid plan. Run under ASan by make asan. */
static void solve_instance_should_fail_cleanly_on_two_threads(void **state)
{
    (void)state;
    SKIP_UNDER_VALGRIND(); /* a solve per allocation on two threads, ~25 s plain; `make asan` and `make tsan` run it */
    struct instance *instance = two_counties_or_fail();
    struct solve_options options = quick_options();
    options.threads = 2;
    options.gap = 1e-3;
    mem_fail_at(0);
    struct solution reference;
    if (!solve_instance(instance, &options, &reference, error, sizeof error))
        fail_msg("%s", error);
    long total = mem_alloc_count();
    assert_true(total > 100);
    int failures = 0;
    for (long n = 1; n <= total; n += total / 40 + 1) {
        struct solution solution;
        memset(&solution, 0, sizeof solution);
        error[0] = '\0';
        mem_fail_at(n);
        bool solved = solve_instance(instance, &options, &solution, error, sizeof error);
        mem_fail_at(0);
        if (!solved) {
            failures++;
            if (strstr(error, "memory") == NULL)
                fail_msg("allocation %ld: failed without saying memory ran out: \"%s\"", n, error);
            assert_null(solution.assignee);
            continue;
        }
        struct plan *plan = plan_build(instance, &solution, NULL, error, sizeof error);
        if (plan == NULL)
            fail_msg("allocation %ld: the plan after a survived failure is refused: %s", n, error);
        plan_free(plan);
        solution_free(&solution);
    }
    assert_true(failures > 5);
    solution_free(&reference);
    instance_free(instance);
}


static void plan_build_should_fail_cleanly_at_every_allocation(void **state)
{
    (void)state;
    struct instance *instance = load_or_fail(HIRE_FILE);
    struct solution solution;
    solve_or_fail(instance, &solution);
    long n = 1;
    for (; n < WALK_LIMIT; n++) {
        error[0] = '\0';
        mem_fail_at(n);
        struct plan *plan = plan_build(instance, &solution, NULL, error, sizeof error);
        long attempts = mem_alloc_count();
        mem_fail_at(0);
        if (plan != NULL) {
            assert_true(attempts < n);
            assert_int_equal(plan->assignment_count, instance->child_count);
            plan_free(plan);
            break;
        }
        if (strstr(error, "out of memory") == NULL)
            fail_msg("allocation %ld: \"%s\"", n, error);
    }
    assert_true(n > 5);
    solution_free(&solution);
    instance_free(instance);
}

typedef bool (*plan_writer)(const struct plan *plan, const struct instance *instance,
                            FILE *stream);

/* Walk the allocations of one writer into a temporary stream. */
static void walk_writer(plan_writer write)
{
    struct instance *instance = load_or_fail(HIRE_FILE);
    struct solution solution;
    solve_or_fail(instance, &solution);
    struct plan *plan = plan_build(instance, &solution, NULL, error, sizeof error);
    assert_non_null(plan);
    FILE *complete = tmpfile();
    assert_non_null(complete);
    assert_true(write(plan, instance, complete));
    long complete_size = ftell(complete);
    fclose(complete);
    assert_true(complete_size > 100);

    for (long n = 1; n < WALK_LIMIT; n++) {
        FILE *stream = tmpfile();
        assert_non_null(stream);
        mem_fail_at(n);
        bool written = write(plan, instance, stream);
        long attempts = mem_alloc_count();
        mem_fail_at(0);
        long size = ftell(stream);
        fclose(stream);
        if (attempts < n) {
            assert_true(written);
            assert_int_equal(size, complete_size);
            break;
        }
        /* an allocation failed: the writer must say so (the caller then aborts
         * the output file) rather than report a shorter file as written */
        if (written && size != complete_size)
            fail_msg("allocation %ld: a truncated file (%ld of %ld bytes) reported as written", n,
                     size, complete_size);
    }
    plan_free(plan);
    solution_free(&solution);
    instance_free(instance);
}

static void plan_write_json_should_fail_cleanly_at_every_allocation(void **state)
{
    (void)state;
    walk_writer(plan_write_json);
}

static void plan_write_csv_should_fail_cleanly_at_every_allocation(void **state)
{
    (void)state;
    walk_writer(plan_write_csv);
}

static void write_earlier(const char *path)
{
    FILE *stream = fopen(path, "w");
    assert_non_null(stream);
    fputs("{\"earlier\": true}\n", stream);
    assert_int_equal(fclose(stream), 0);
}

/* The whole of `caseload plan -o FILE` as main.c runs it: on every failure no
 * output file and no temporary file may exist, and an earlier file stays intact. */
static void plan_pipeline_should_leave_no_file_at_every_allocation(void **state)
{
    (void)state;
    char directory[] = "/tmp/caseload-alloc-XXXXXX";
    assert_non_null(mkdtemp(directory));
    char path[256], earlier[256];
    snprintf(path, sizeof path, "%s/plan.json", directory);
    snprintf(earlier, sizeof earlier, "%s/earlier.json", directory);
    write_earlier(earlier);

    struct solve_options options = quick_options();
    long n = 1;
    int misreported = 0;
    bool succeeded = false;
    for (; n < WALK_LIMIT && !succeeded; n++) {
        struct diag diag;
        diag_init(&diag, SIBLINGS_FILE);
        struct solution solution;
        memset(&solution, 0, sizeof solution);
        struct plan *plan = NULL;
        struct output_file file, earlier_file;
        bool out_of_memory = false, replaced_earlier = false;
        mem_fail_at(n);
        struct instance *instance = instance_load(SIBLINGS_FILE, &diag);
        if (instance == NULL) {
            misreported += diag.count != 0; /* see instance_load_should_fail_cleanly... */
            out_of_memory = true;
        } else if (!solve_instance(instance, &options, &solution, error, sizeof error)) {
            out_of_memory = true;
        } else if ((plan = plan_build(instance, &solution, NULL, error, sizeof error)) == NULL) {
            out_of_memory = true;
        } else if (!fileio_open(&file, path, error, sizeof error)) {
            out_of_memory = true;
        } else if (!plan_write_json(plan, instance, file.stream)) {
            fileio_abort(&file);
            out_of_memory = true;
        } else if (!fileio_commit(&file, error, sizeof error)) {
            out_of_memory = true;
        } else if (!fileio_open(&earlier_file, earlier, error, sizeof error)) {
            out_of_memory = true; /* replacing an earlier file: it must survive a failure */
        } else if (!plan_write_json(plan, instance, earlier_file.stream)) {
            fileio_abort(&earlier_file);
            out_of_memory = true;
        } else if (!fileio_commit(&earlier_file, error, sizeof error)) {
            out_of_memory = true;
        } else {
            replaced_earlier = true;
        }
        long attempts = mem_alloc_count();
        mem_fail_at(0);
        plan_free(plan);
        solution_free(&solution);
        instance_free(instance);
        diag_free(&diag);

        struct stat status;
        if (out_of_memory) {
            assert_true(attempts >= n);
            /* plan.json exists only when the failure came after it was committed */
            if (stat(path, &status) == 0)
                assert_int_equal(status.st_mode & 0777, 0600);
            FILE *kept = fopen(earlier, "r");
            assert_non_null(kept);
            char line[64] = "";
            assert_non_null(fgets(line, sizeof line, kept));
            fclose(kept);
            assert_string_equal(line, "{\"earlier\": true}\n");
            unlink(path);
            /* nothing else: no temporary file left behind */
            assert_int_equal(directory_entries(directory), 1);
        } else {
            /* done, possibly without an optional step that ran out of memory */
            assert_true(replaced_earlier);
            assert_int_equal(stat(path, &status), 0);
            assert_int_equal(status.st_mode & 0777, 0600);
            assert_int_equal(stat(earlier, &status), 0);
            assert_int_equal(status.st_mode & 0777, 0600);
            assert_int_equal(directory_entries(directory), 2);
            succeeded = attempts < n;
            unlink(path);
            write_earlier(earlier);
        }
    }
    assert_true(succeeded);
    assert_true(n > 50);
    unlink(earlier);
    assert_int_equal(rmdir(directory), 0);
    assert_int_equal(misreported, 0); /* out of memory while loading is not an input error */
}

static void model_write_lp_should_fail_cleanly_at_every_allocation(void **state)
{
    (void)state;
    struct instance *instance = load_or_fail(SIBLINGS_FILE);
    char directory[] = "/tmp/caseload-alloc-XXXXXX";
    assert_non_null(mkdtemp(directory));
    char path[256];
    snprintf(path, sizeof path, "%s/model.lp", directory);
    long n = 1;
    for (; n < WALK_LIMIT; n++) {
        error[0] = '\0';
        mem_fail_at(n);
        bool written = model_write_lp(instance, path, error, sizeof error);
        long attempts = mem_alloc_count();
        mem_fail_at(0);
        if (written) {
            assert_true(attempts < n);
            break;
        }
        if (strstr(error, "memory") == NULL)
            fail_msg("allocation %ld: \"%s\"", n, error);
    }
    assert_true(n > 5);
    unlink(path);
    assert_int_equal(rmdir(directory), 0);
    instance_free(instance);
}

static void diag_error_should_count_an_error_it_cannot_store(void **state)
{
    (void)state;
    struct diag diag;
    diag_init(&diag, "x.json");
    mem_fail_at(1);
    diag_error(&diag, "children[0].id", "looks like %s", "an identity code");
    mem_fail_at(0);
    assert_int_equal(diag.count, 1);
    assert_int_equal(diag.kept, 0);
    assert_true(diag.out_of_memory);
    diag_error(&diag, "children[1].id", "again");
    assert_int_equal(diag.count, 2);
    assert_int_equal(diag.kept, 1);
    assert_string_equal(diag.messages[0], "x.json: children[1].id: again");
    diag_free(&diag);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fileio_read_all_should_set_enomem_only_when_memory_runs_out),
        cmocka_unit_test(instance_load_should_fail_cleanly_at_every_allocation),
        cmocka_unit_test(instance_parse_should_fail_cleanly_at_every_allocation_of_a_bad_file),
        cmocka_unit_test(scenario_load_and_apply_should_fail_cleanly_at_every_allocation),
        cmocka_unit_test(solve_instance_should_fail_cleanly_at_every_allocation),
        cmocka_unit_test(solve_instance_should_fail_cleanly_on_two_threads),
        cmocka_unit_test(plan_build_should_fail_cleanly_at_every_allocation),
        cmocka_unit_test(plan_write_json_should_fail_cleanly_at_every_allocation),
        cmocka_unit_test(plan_write_csv_should_fail_cleanly_at_every_allocation),
        cmocka_unit_test(plan_pipeline_should_leave_no_file_at_every_allocation),
        cmocka_unit_test(model_write_lp_should_fail_cleanly_at_every_allocation),
        cmocka_unit_test(diag_error_should_count_an_error_it_cannot_store),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
