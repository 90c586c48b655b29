/* test_export.c - the exports a user hands to other solvers: the MathProg data
 * section (export_write_dat) and the CPLEX LP file of the model (model_write_lp),
 * on a tiny instance whose model is counted by hand. */
#include "testutil.h"

#include <glpk.h>
#include <unistd.h>

#include "report/export.h"
#include "model/model.h"

/* One team, cap 2: W1 has C1 and C2, W2 none, C3 is new intake; one municipality
 * (no km). The model (DESIGN.md §2): per child one(c) (3 rows), per worker cap(w)
 * and tiers(w) (4 rows); columns x(c,w) (6), u(c) (3), o(w) (2) and the overload
 * tiers d(w,k), k = 1 .. 3 children - cap 2, one per worker (2). */
static const char tiny[] =
    "{\"format\": \"caseload-instance/1\", \"name\": \"tiny\", \"date\": \"2024-10-08\", \"rules\": {\"cap\": 2},"
    " \"municipalities\": [{\"id\": \"M\", \"lat\": 62.2, \"lon\": 25.7}],"
    " \"teams\": [{\"id\": \"T\", \"service\": \"avohuolto\", \"office\": \"M\"}],"
    " \"workers\": [{\"id\": \"W1\", \"team\": \"T\", \"fte\": 1.0}, {\"id\": \"W2\", \"team\": \"T\", \"fte\": 1.0}],"
    " \"children\": [{\"id\": \"C1\", \"service\": \"avohuolto\", \"municipality\": \"M\", \"worker\": \"W1\"},"
    " {\"id\": \"C2\", \"service\": \"avohuolto\", \"municipality\": \"M\", \"worker\": \"W1\"},"
    " {\"id\": \"C3\", \"service\": \"avohuolto\", \"municipality\": \"M\"}]}";

static char *dat_of(const struct instance *instance)
{
    char *text = NULL;
    size_t size = 0;
    FILE *stream = open_memstream(&text, &size);
    assert_non_null(stream);
    assert_true(export_write_dat(instance, stream));
    assert_int_equal(fclose(stream), 0);
    return text;
}

static void export_write_dat_should_write_the_instance_as_given(void **state)
{
    (void)state;
    struct instance *instance = parse_or_fail(tiny, strlen(tiny), "tiny.json");
    char *text = dat_of(instance);
    assert_non_null(strstr(text, "\ndata;\n"));
    assert_non_null(strstr(text, "param cap := 2;\n"));
    assert_non_null(strstr(text, "param road_factor := 1.3;\n"));
    assert_non_null(strstr(text, "  \"move\" 10\n"));
    assert_non_null(strstr(text, "  \"W1\" \"T\" 1 1 0 0\n"));
    assert_non_null(strstr(text, "  \"C3\" \"C3\" \"avohuolto\" \"M\" 0 0 1 0\n"));
    assert_non_null(strstr(text, "param cur :=\n  \"C1\" \"W1\"\n  \"C2\" \"W1\"\n;\n"));
    assert_non_null(strstr(text, "\nend;\n"));
    free(text);
    instance_free(instance);
}

/* Numbers read back exactly, and negative zero is written 0 (it was "-0"). */
static void export_write_dat_should_write_numbers_that_read_back(void **state)
{
    (void)state;
    struct instance *instance = parse_or_fail(tiny, strlen(tiny), "tiny.json");
    instance->rules.road_factor = 0.1 + 0.2;
    instance->rules.target = -0.0;
    char *text = dat_of(instance);
    assert_non_null(strstr(text, "param road_factor := 0.30000000000000004;\n"));
    assert_non_null(strstr(text, "param target := 0;\n"));
    assert_null(strstr(text, "-0"));
    free(text);
    instance_free(instance);
}

static void export_write_dat_should_return_false_when_writing_fails(void **state)
{
    (void)state;
    FILE *full = fopen("/dev/full", "w");
    if (full == NULL)
        skip();
    struct instance *instance = parse_or_fail(tiny, strlen(tiny), "tiny.json");
    assert_false(export_write_dat(instance, full));
    fclose(full);
    instance_free(instance);
}

static double objective_of(glp_prob *problem, const char *column)
{
    int j = glp_find_col(problem, column);
    if (j == 0)
        fail_msg("no column %s", column);
    return glp_get_obj_coef(problem, j);
}

static void model_write_lp_should_write_the_rows_and_costs_of_the_model(void **state)
{
    (void)state;
    struct instance *instance = parse_or_fail(tiny, strlen(tiny), "tiny.json");
    char path[] = "/tmp/test_export_XXXXXX";
    int descriptor = mkstemp(path);
    assert_true(descriptor >= 0);
    close(descriptor);
    char error[256] = "";
    if (!model_write_lp(instance, path, error, sizeof error))
        fail_msg("model_write_lp: %s", error);

    glp_term_out(GLP_OFF);
    glp_prob *problem = glp_create_prob();
    assert_int_equal(glp_read_lp(problem, NULL, path), 0);
    glp_term_out(GLP_ON);
    unlink(path);
    glp_create_index(problem);
    assert_int_equal(glp_get_obj_dir(problem), GLP_MIN);
    assert_int_equal(glp_get_num_rows(problem), 7);
    assert_int_equal(glp_get_num_cols(problem), 13);
    /* weights of DESIGN.md: move 10, unassigned 100000, over_cap 1000, the
     * first overload tier ρ(w)·20 with ρ = 1 for a full-time worker */
    assert_float_equal(objective_of(problem, "x(C1,W2)"), 10, 0);
    assert_float_equal(objective_of(problem, "x(C1,W1)"), 0, 0); /* stays */
    assert_float_equal(objective_of(problem, "x(C3,W1)"), 0, 0); /* intake is no move */
    assert_float_equal(objective_of(problem, "u(C3)"), 100000, 0);
    assert_float_equal(objective_of(problem, "o(W1)"), 1000, 0);
    assert_float_equal(objective_of(problem, "d(W2,1)"), 20, 0);
    int one = glp_find_row(problem, "one(C3)");
    assert_true(one > 0);
    assert_int_equal(glp_get_row_type(problem, one), GLP_FX);
    assert_float_equal(glp_get_row_ub(problem, one), 1, 0);
    int cap = glp_find_row(problem, "cap(W1)");
    assert_true(cap > 0);
    assert_int_equal(glp_get_row_type(problem, cap), GLP_UP);
    assert_float_equal(glp_get_row_ub(problem, cap), 2, 0);
    assert_int_equal(glp_get_mat_row(problem, cap, NULL, NULL), 4); /* - o(W1) + three x */
    glp_delete_prob(problem);
    instance_free(instance);
}

static void model_write_lp_should_say_why_when_the_file_cannot_be_written(void **state)
{
    (void)state;
    struct instance *instance = parse_or_fail(tiny, strlen(tiny), "tiny.json");
    char error[256] = "";
    glp_term_out(GLP_OFF);
    bool written = model_write_lp(instance, "/nonexistent-folder/tiny.lp", error, sizeof error);
    glp_term_out(GLP_ON);
    assert_false(written);
    assert_true(error[0] != '\0');
    instance_free(instance);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(export_write_dat_should_write_the_instance_as_given),
        cmocka_unit_test(export_write_dat_should_write_numbers_that_read_back),
        cmocka_unit_test(export_write_dat_should_return_false_when_writing_fails),
        cmocka_unit_test(model_write_lp_should_write_the_rows_and_costs_of_the_model),
        cmocka_unit_test(model_write_lp_should_say_why_when_the_file_cannot_be_written),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
