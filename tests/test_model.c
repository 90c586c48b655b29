/* test_model.c - the model of DESIGN.md §2 as built in GLPK, on a tiny instance
 * whose rows, columns and objective coefficients are counted by hand below. */
#include "testutil.h"

#include <glpk.h>
#include <math.h>

#include "core/instance.h"
#include "model/model.h"

/* Municipalities A and B, 10 km apart by the table; team T (open care, office A,
 * the whole region); W1 and W2 full time; cap 1 and target 1, default weights.
 * C1 (home A) is W1's, C2 (home B) is W2's, C3 (home B) is new; three families,
 * so no sibling group. Every child may go to either worker: 3 × 2 pairs. */
static const char tiny[] =
    "{\"format\": \"caseload-instance/1\", \"name\": \"model\", \"date\": \"2024-10-08\","
    " \"rules\": {\"cap\": 1, \"target\": 1},"
    " \"municipalities\": [{\"id\": \"A\", \"lat\": 62.0, \"lon\": 25.0},"
    "  {\"id\": \"B\", \"lat\": 62.1, \"lon\": 25.0}],"
    " \"distances\": [{\"from\": \"A\", \"to\": \"B\", \"km\": 10}],"
    " \"teams\": [{\"id\": \"T\", \"service\": \"avohuolto\", \"office\": \"A\"}],"
    " \"workers\": [{\"id\": \"W1\", \"team\": \"T\", \"fte\": 1.0},"
    "  {\"id\": \"W2\", \"team\": \"T\", \"fte\": 1.0}],"
    " \"children\": [{\"id\": \"C1\", \"family\": \"F1\", \"service\": \"avohuolto\","
    "   \"municipality\": \"A\", \"worker\": \"W1\"},"
    "  {\"id\": \"C2\", \"family\": \"F2\", \"service\": \"avohuolto\", \"municipality\": \"B\","
    "   \"worker\": \"W2\"},"
    "  {\"id\": \"C3\", \"family\": \"F3\", \"service\": \"avohuolto\", \"municipality\": \"B\"}]}";

static void build_tiny(struct instance **instance, struct model *model)
{
    *instance = parse_or_fail(tiny, strlen(tiny), "model.json");
    int children[] = {0, 1, 2}, assignees[] = {0, 1};
    char error[256];
    memset(model, 0, sizeof *model);
    if (!model_build(*instance, children, 3, assignees, 2, MODEL_SIBLINGS_PER_CHILD, model, error,
                     sizeof error))
        fail_msg("model_build: %s", error);
}

/* The objective coefficient of the pair (child c, assignee a), both local. */
static double pair_cost(const struct model *model, int c, int a)
{
    for (int p = model->pair_start[c]; p < model->pair_start[c + 1]; p++)
        if (model->pair_assignee[p] == a)
            return glp_get_obj_coef(model->problem, model->x_column[p]);
    fail_msg("no pair (%d, %d)", c, a);
    return NAN;
}

static void model_build_should_make_one_row_per_rule_that_can_bind(void **state)
{
    (void)state;
    struct instance *instance;
    struct model model;
    build_tiny(&instance, &model);
    /* (1) one per child: 3; (2) cap 1 < 3 counted children a worker could get:
     * one per worker, 2; (3) target 1 < 3: 2; (7) the tiers of each o[w]: 2 */
    assert_int_equal(glp_get_num_rows(model.problem), 3 + 2 + 2 + 2);
    /* x: 6 pairs; u: 3; o and e: one per worker, 2 + 2; the overload tiers
     * δ[w,1..2] (at most 3 - 1 children over the cap): 4 */
    assert_int_equal(model.pair_count, 6);
    assert_int_equal(glp_get_num_cols(model.problem), 6 + 3 + 2 + 2 + 4);
    assert_int_equal(model.column_count, glp_get_num_cols(model.problem));
    assert_int_equal(model.group_count, 0);
    for (int a = 0; a < 2; a++)
        assert_int_equal(model.tier_count[a], 2);
    model_free(&model);
    instance_free(instance);
}

static void model_build_should_price_each_column_by_its_term(void **state)
{
    (void)state;
    struct instance *instance;
    struct model model;
    build_tiny(&instance, &model);
    glp_prob *problem = model.problem;
    assert_int_equal(glp_get_obj_dir(problem), GLP_MIN);
    /* x[c,w]: move 10 when c leaves its worker, km 0.1 per km from the office A */
    assert_true(fabs(pair_cost(&model, 0, 0) - 0.0) < 1e-9);  /* C1 stays, home A */
    assert_true(fabs(pair_cost(&model, 0, 1) - 10.0) < 1e-9); /* C1 moves, home A */
    assert_true(fabs(pair_cost(&model, 1, 0) - 11.0) < 1e-9); /* C2 moves, 10 km */
    assert_true(fabs(pair_cost(&model, 1, 1) - 1.0) < 1e-9);  /* C2 stays, 10 km */
    assert_true(fabs(pair_cost(&model, 2, 0) - 1.0) < 1e-9);  /* C3 is new, 10 km */
    assert_true(fabs(pair_cost(&model, 2, 1) - 1.0) < 1e-9);
    for (int c = 0; c < 3; c++) /* unassigned */
        assert_true(fabs(glp_get_obj_coef(problem, model.u_column[c]) - 100000.0) < 1e-9);
    for (int a = 0; a < 2; a++) {
        assert_true(fabs(glp_get_obj_coef(problem, model.o_column[a]) - 1000.0) < 1e-9); /* over cap */
        assert_true(fabs(glp_get_obj_coef(problem, model.e_column[a]) - 2.0) < 1e-9);    /* above target */
        /* overload: tier k costs 20·k·ρ(w), ρ = 1 at full time */
        assert_true(fabs(glp_get_obj_coef(problem, model.tier_column[a]) - 20.0) < 1e-9);
        assert_true(fabs(glp_get_obj_coef(problem, model.tier_column[a] + 1) - 40.0) < 1e-9);
    }
    model_free(&model);
    instance_free(instance);
}

int main(void)
{
    glp_term_out(GLP_OFF);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(model_build_should_make_one_row_per_rule_that_can_bind),
        cmocka_unit_test(model_build_should_price_each_column_by_its_term),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
