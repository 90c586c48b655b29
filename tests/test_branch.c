/* test_branch.c - the branching rule of branch.h: its penalties on a small LP
 * worked out by hand and against GLPK's own simplex-table row and dual ratio
 * test (also with cut rows added after branch_new), its choice (a fractional
 * integer column, its cheaper branch first, the one GLPK then branches on), and
 * the exhaustive optimum of small integer programs searched with it. */
#include "testutil.h"

#include <glpk.h>
#include <math.h>

#include "solve/branch.h"

/* min -5 x1 - 4 x2 + c3 x3 subject to 6 x1 + 4 x2 + 3 x3 <= 24 (row 1) and
 * x1 + 2 x2 + x3 <= 6 (row 2), 0 <= x <= 10, x1 and x2 integer, x3 of `kind3`.
 * With c3 = -2.6 its LP optimum is x = (3, 1.5, 0), objective -21, both rows
 * at their bounds with duals -0.75 and -0.5; x3's reduced cost is
 * -2.6 + 3 * 0.75 + 0.5 = 0.15. The row of the simplex table of x2:
 *   x2 = 1.5 - 0.125 r1 + 0.75 r2 - 0.375 x3    (r: the rows' activities)
 * Down to x2 <= 1 (x2 falls by 0.5): r2 may fall (ratio 0.5 / 0.75 = 0.667) or
 * x3 rise (ratio 0.15 / 0.375 = 0.4): x3 enters, moving by 0.5 / 0.375 = 1.33,
 * penalty 0.15 x 1.33 = 0.2, or 0.15 x 2 = 0.3 when x3 is integer (Tomlin).
 * Up to x2 >= 2: only r1 may fall (ratio 0.75 / 0.125 = 6), by 4: penalty 3
 * (the LP of x2 >= 2 is x = (2, 2, 0), -18: exactly 3 worse). */
static glp_prob *hand_lp(int kind3)
{
    glp_prob *lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MIN);
    glp_add_rows(lp, 2);
    glp_set_row_bnds(lp, 1, GLP_UP, 0.0, 24.0);
    glp_set_row_bnds(lp, 2, GLP_UP, 0.0, 6.0);
    glp_add_cols(lp, 3);
    const double cost[4] = {0, -5, -4, -2.6};
    for (int j = 1; j <= 3; j++) {
        glp_set_col_bnds(lp, j, GLP_DB, 0.0, 10.0);
        glp_set_col_kind(lp, j, j == 3 ? kind3 : GLP_IV);
        glp_set_obj_coef(lp, j, cost[j]);
    }
    const int ia[] = {0, 1, 1, 1, 2, 2, 2}, ja[] = {0, 1, 2, 3, 1, 2, 3};
    const double ar[] = {0, 6, 4, 3, 1, 2, 1};
    glp_load_matrix(lp, 6, ia, ja, ar);
    glp_smcp simplex;
    glp_init_smcp(&simplex);
    simplex.msg_lev = GLP_MSG_OFF;
    assert_int_equal(glp_simplex(lp, &simplex), 0);
    assert_int_equal(glp_get_status(lp), GLP_OPT);
    assert_true(fabs(glp_get_obj_val(lp) + 21.0) < 1e-9);
    return lp;
}

static void branch_penalties_should_match_the_hand_computed_lp(void **state)
{
    (void)state;
    const int kinds[2] = {GLP_IV, GLP_CV};
    const double expected_down[2] = {0.3, 0.2};
    for (int k = 0; k < 2; k++) {
        glp_prob *lp = hand_lp(kinds[k]);
        struct branch *branch = branch_new(lp);
        assert_non_null(branch);
        double down, up;
        assert_true(branch_penalties(branch, lp, 2, &down, &up));
        assert_true(fabs(down - expected_down[k]) < 1e-9);
        assert_true(fabs(up - 3.0) < 1e-9);
        /* x1 = 3 is basic: rounding it costs nothing; x3 is not basic */
        assert_true(branch_penalties(branch, lp, 1, &down, &up));
        assert_true(down < 1e-9 && up < 1e-9);
        assert_false(branch_penalties(branch, lp, 3, &down, &up));
        /* the only fractional column, its cheaper branch (down) first */
        const int candidates[1] = {2};
        struct branch_choice choice;
        assert_true(branch_select(branch, lp, candidates, 1, &choice));
        assert_int_equal(choice.column, 2);
        assert_int_equal(choice.first, GLP_DN_BRNCH);
        assert_true(fabs(choice.up - 3.0) < 1e-9);
        branch_free(branch);
        glp_delete_prob(lp);
    }
}

/* A deterministic pseudo-random number in [0, 1). */
static double next_random(uint64_t *seed)
{
    return (double)test_random_bits(seed) / 2147483648.0;
}

/* A random integer program: `n` integer columns in [0, `top`], `m` rows of
 * the form sum a x <= b (a in {-2..5}, about half of them zero), costs in
 * [-10, 2]. Every x = 0 is feasible (b >= 1). */
static glp_prob *random_program(uint64_t seed, int m, int n, int top)
{
    glp_prob *lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MIN);
    glp_add_rows(lp, m);
    glp_add_cols(lp, n);
    for (int j = 1; j <= n; j++) {
        glp_set_col_bnds(lp, j, GLP_DB, 0.0, top);
        glp_set_col_kind(lp, j, GLP_IV);
        glp_set_obj_coef(lp, j, floor(next_random(&seed) * 13.0) - 10.0);
    }
    int ind[64];
    double val[64];
    for (int i = 1; i <= m; i++) {
        int length = 0;
        double positive = 0.0;
        for (int j = 1; j <= n; j++) {
            if (next_random(&seed) < 0.5)
                continue;
            double a = floor(next_random(&seed) * 8.0) - 2.0;
            if (a == 0.0)
                continue;
            ind[++length] = j;
            val[length] = a;
            positive += a > 0 ? a : 0;
        }
        glp_set_mat_row(lp, i, length, ind, val);
        glp_set_row_bnds(lp, i, GLP_UP, 0.0, 1.0 + floor(next_random(&seed) * positive * top / 2.0));
    }
    return lp;
}

/* The penalties of basic column j the way GLPK's own GLP_BR_DTH computes them:
 * the full row of the simplex table (glp_eval_tab_row), GLPK's dual ratio test,
 * Tomlin's rounding for an integer column entering. */
static void reference_penalties(glp_prob *lp, int j, double *down, double *up)
{
    int m = glp_get_num_rows(lp), n = glp_get_num_cols(lp);
    int *ind = malloc(sizeof *ind * (size_t)(m + n + 1));
    double *val = malloc(sizeof *val * (size_t)(m + n + 1));
    assert_non_null(ind);
    assert_non_null(val);
    int length = glp_eval_tab_row(lp, m + j, ind, val);
    double x = glp_get_col_prim(lp, j);
    for (int direction = -1; direction <= 1; direction += 2) {
        int p = glp_dual_rtest(lp, length, ind, val, direction, 1e-9);
        double change = INFINITY;
        if (p != 0) {
            int k = ind[p];
            double move = ((direction < 0 ? floor(x) : ceil(x)) - x) / val[p];
            if (k > m && glp_get_col_kind(lp, k - m) != GLP_CV &&
                fabs(move - floor(move + 0.5)) > 1e-3)
                move = move > 0 ? ceil(move) : floor(move);
            int status = k <= m ? glp_get_row_stat(lp, k) : glp_get_col_stat(lp, k - m);
            double dual = k <= m ? glp_get_row_dual(lp, k) : glp_get_col_dual(lp, k - m);
            if ((status == GLP_NL && dual < 0) || (status == GLP_NU && dual > 0) ||
                status == GLP_NF)
                dual = 0;
            change = fmax(dual * move, 0.0);
        }
        *(direction < 0 ? down : up) = change;
    }
    free(ind);
    free(val);
}

static bool same_penalty(double mine, double reference)
{
    if (isinf(reference) || isinf(mine))
        return isinf(reference) && isinf(mine);
    return fabs(mine - reference) <= 1e-7 * (1.0 + fabs(reference));
}

/* Compare the penalties of every fractional basic column of `lp` (just solved)
 * with the reference; returns how many were compared. */
static int compare_penalties(struct branch *branch, glp_prob *lp)
{
    int compared = 0;
    for (int j = 1; j <= glp_get_num_cols(lp); j++) {
        double x = glp_get_col_prim(lp, j);
        if (glp_get_col_stat(lp, j) != GLP_BS || fabs(x - floor(x + 0.5)) < 1e-6)
            continue;
        double down, up, reference_down, reference_up;
        assert_true(branch_penalties(branch, lp, j, &down, &up));
        reference_penalties(lp, j, &reference_down, &reference_up);
        if (!same_penalty(down, reference_down) || !same_penalty(up, reference_up))
            fail_msg("column %d: penalties %g %g, GLPK's %g %g", j, down, up, reference_down,
                     reference_up);
        compared++;
    }
    return compared;
}

static void branch_penalties_should_match_glpk_simplex_table_with_cut_rows(void **state)
{
    (void)state;
    glp_smcp simplex;
    glp_init_smcp(&simplex);
    simplex.msg_lev = GLP_MSG_OFF;
    int compared = 0, compared_with_cuts = 0;
    for (uint64_t seed = 1; seed <= 40; seed++) {
        glp_prob *lp = random_program(seed, 6, 14, 3);
        assert_int_equal(glp_simplex(lp, &simplex), 0);
        struct branch *branch = branch_new(lp);
        assert_non_null(branch);
        compared += compare_penalties(branch, lp);
        /* two rows after branch_new, as cuts are: the LP's activity of a random
         * combination less one half, then re-solved */
        uint64_t cut_seed = seed * 977;
        for (int cut = 0; cut < 2 && glp_get_status(lp) == GLP_OPT; cut++) {
            int ind[32];
            double val[32], activity = 0.0;
            int length = 0;
            for (int j = 1; j <= glp_get_num_cols(lp); j++) {
                if (next_random(&cut_seed) < 0.6)
                    continue;
                ind[++length] = j;
                val[length] = 1.0 + floor(next_random(&cut_seed) * 3.0);
                activity += val[length] * glp_get_col_prim(lp, j);
            }
            if (length == 0 || activity < 1.0)
                break;
            int row = glp_add_rows(lp, 1);
            glp_set_mat_row(lp, row, length, ind, val);
            glp_set_row_bnds(lp, row, GLP_UP, 0.0, floor(activity - 0.5));
            simplex.meth = GLP_DUALP;
            assert_int_equal(glp_simplex(lp, &simplex), 0);
            simplex.meth = GLP_PRIMAL;
            if (glp_get_status(lp) == GLP_OPT)
                compared_with_cuts += compare_penalties(branch, lp);
        }
        branch_free(branch);
        glp_delete_prob(lp);
    }
    print_message("compared %d columns, %d after cut rows\n", compared, compared_with_cuts);
    assert_true(compared >= 40);
    assert_true(compared_with_cuts >= 20);
}

/* What the callback checks and counts while glp_intopt searches with the rule. */
struct watch {
    struct branch *branch;
    int branched;     /* nodes branched by branch_choose */
    int followed;     /* children seen first after a branching, with the chosen bound */
    int parent;       /* the node last branched, 0: none waiting */
    int column, first;
    double value;
};

static void watch_callback(glp_tree *tree, void *info)
{
    struct watch *watch = info;
    glp_prob *lp = glp_ios_get_prob(tree);
    int reason = glp_ios_reason(tree);
    int node = glp_ios_curr_node(tree);
    if (watch->parent != 0 && node != 0 && glp_ios_up_node(tree, node) == watch->parent) {
        /* the child solved next carries the chosen column's bound of the chosen branch */
        if (watch->first == GLP_DN_BRNCH)
            assert_true(glp_get_col_ub(lp, watch->column) <= floor(watch->value) + 1e-9);
        else
            assert_true(glp_get_col_lb(lp, watch->column) >= ceil(watch->value) - 1e-9);
        watch->followed++;
        watch->parent = 0;
    }
    if (reason != GLP_IBRANCH)
        return;
    struct branch_choice choice;
    assert_true(branch_choose(watch->branch, tree, &choice));
    int j = choice.column;
    double x = glp_get_col_prim(lp, j);
    assert_true(glp_ios_can_branch(tree, j));
    assert_int_not_equal(glp_get_col_kind(lp, j), GLP_CV);
    assert_true(fabs(x - floor(x + 0.5)) > 1e-6);
    /* its penalties are the column's, its cheaper branch goes first, and no
     * other candidate has a larger penalty (unless every one is tiny: then
     * it is the most fractional) */
    double down, up;
    assert_true(branch_penalties(watch->branch, lp, j, &down, &up));
    assert_true(same_penalty(choice.down, down) || (choice.down == 0 && choice.up == 0));
    double largest = fmax(down, up);
    bool tiny = choice.down == 0 && choice.up == 0;
    if (!tiny) {
        assert_int_equal(choice.first, down < up ? GLP_DN_BRNCH : GLP_UP_BRNCH);
        for (int k = 1; k <= glp_get_num_cols(lp); k++) {
            double other_down, other_up;
            if (glp_ios_can_branch(tree, k) &&
                branch_penalties(watch->branch, lp, k, &other_down, &other_up))
                assert_true(fmax(other_down, other_up) <= largest);
        }
    }
    watch->branched++;
    watch->parent = glp_ios_curr_node(tree);
    watch->column = j;
    watch->first = choice.first;
    watch->value = x;
}

/* The optimum of `lp` by enumerating every integer point of its box. */
static double exhaustive_optimum(glp_prob *lp, int top)
{
    int m = glp_get_num_rows(lp), n = glp_get_num_cols(lp);
    int x[16] = {0};
    int ind[32];
    double val[32], best = INFINITY;
    for (;;) {
        bool feasible = true;
        for (int i = 1; i <= m && feasible; i++) {
            int length = glp_get_mat_row(lp, i, ind, val);
            double sum = 0;
            for (int t = 1; t <= length; t++)
                sum += val[t] * x[ind[t]];
            feasible = sum <= glp_get_row_ub(lp, i) + 1e-9;
        }
        if (feasible) {
            double objective = 0;
            for (int j = 1; j <= n; j++)
                objective += glp_get_obj_coef(lp, j) * x[j];
            best = fmin(best, objective);
        }
        int j = 1;
        while (j <= n && x[j] == top)
            x[j++] = 0;
        if (j > n)
            return best;
        x[j]++;
    }
}

static void branch_choose_should_reach_the_exhaustive_optimum(void **state)
{
    (void)state;
    int branched = 0, followed = 0;
    for (uint64_t seed = 1; seed <= 30; seed++) {
        glp_prob *lp = random_program(seed, 4, 8, 2);
        double optimum = exhaustive_optimum(lp, 2);
        struct watch watch = {.branch = branch_new(lp)};
        assert_non_null(watch.branch);
        glp_iocp parameters;
        glp_init_iocp(&parameters);
        parameters.msg_lev = GLP_MSG_OFF;
        parameters.presolve = GLP_OFF;
        parameters.cb_func = watch_callback;
        parameters.cb_info = &watch;
        glp_smcp simplex;
        glp_init_smcp(&simplex);
        simplex.msg_lev = GLP_MSG_OFF;
        assert_int_equal(glp_simplex(lp, &simplex), 0);
        assert_int_equal(glp_intopt(lp, &parameters), 0);
        assert_int_equal(glp_mip_status(lp), GLP_OPT);
        if (fabs(glp_mip_obj_val(lp) - optimum) > 1e-6)
            fail_msg("seed %lu: optimum %g, exhaustive %g", (unsigned long)seed, glp_mip_obj_val(lp), optimum);
        branched += watch.branched;
        followed += watch.followed;
        branch_free(watch.branch);
        glp_delete_prob(lp);
    }
    print_message("branched %d nodes, %d children followed\n", branched, followed);
    assert_true(branched >= 30);
    assert_true(followed >= branched / 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(branch_penalties_should_match_the_hand_computed_lp),
        cmocka_unit_test(branch_penalties_should_match_glpk_simplex_table_with_cut_rows),
        cmocka_unit_test(branch_choose_should_reach_the_exhaustive_optimum),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
