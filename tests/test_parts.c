/* test_parts.c - unit tests of solve/parts: the independent parts the solver
 * splits an instance into (children and workers no eligible pair joins), and the
 * bound a part's model need not be built for. */
#include "testutil.h"

#include "solve/heuristic.h"
#include "solve/parts.h"

#include "fixture_tiny.h"

/* Two teams with areas apart (Alpha; Gamma) and no cross-team service: two
 * parts, each with its team's workers and the children it may take, largest
 * last. A child nobody may take (Beta) is a part of its own. */
static struct instance *two_areas(void)
{
    struct instance *instance = fixture_new();
    int north = fixture_team(instance, "north", SERVICE_AVOHUOLTO, ALPHA, 1u << ALPHA, 0);
    int south = fixture_team(instance, "south", SERVICE_AVOHUOLTO, GAMMA, 1u << GAMMA, 0);
    int n1 = fixture_worker(instance, "N1", north, 1.0);
    fixture_worker(instance, "N2", north, 1.0);
    int s1 = fixture_worker(instance, "S1", south, 1.0);
    fixture_child(instance, "C0", "F0", SERVICE_AVOHUOLTO, ALPHA, n1, false);
    fixture_child(instance, "C1", "F1", SERVICE_AVOHUOLTO, GAMMA, s1, false);
    fixture_child(instance, "C2", "F2", SERVICE_AVOHUOLTO, ALPHA, -1, false);
    fixture_child(instance, "C3", "F3", SERVICE_AVOHUOLTO, BETA, -1, false);
    return instance;
}

/* Which part holds child c (-1: none), checking that exactly one does. */
static int part_of_child(const struct part *parts, int count, int c)
{
    int found = -1;
    for (int i = 0; i < count; i++)
        for (int k = 0; k < parts[i].child_count; k++)
            if (parts[i].children[k] == c) {
                assert_int_equal(found, -1);
                found = i;
            }
    return found;
}

static void parts_make_should_split_teams_no_pair_joins(void **state)
{
    (void)state;
    struct instance *instance = two_areas();
    struct heuristic h;
    assert_true(heuristic_init(&h, instance));
    struct part *parts = NULL;
    int count = 0;
    assert_true(parts_make(&h, true, &parts, &count));
    assert_int_equal(count, 3);
    /* every child in exactly one part; the north's children together */
    for (int c = 0; c < instance->child_count; c++)
        assert_true(part_of_child(parts, count, c) >= 0);
    assert_int_equal(part_of_child(parts, count, 0), part_of_child(parts, count, 2));
    assert_true(part_of_child(parts, count, 0) != part_of_child(parts, count, 1));
    assert_true(part_of_child(parts, count, 3) != part_of_child(parts, count, 0));
    for (int i = 1; i < count; i++)
        assert_true(parts[i - 1].size <= parts[i].size);
    const struct part *north = &parts[part_of_child(parts, count, 0)];
    assert_int_equal(north->child_count, 2);
    assert_int_equal(north->assignee_count, 2);
    assert_int_equal(north->size, 2 * 2 + 2); /* pairs + children */
    int *child_part = NULL, *assignee_part = NULL;
    assert_true(parts_owners(parts, count, instance->child_count, h.assignee_count, &child_part,
                             &assignee_part));
    assert_int_equal(child_part[2], part_of_child(parts, count, 0));
    assert_int_equal(assignee_part[0], assignee_part[1]);
    assert_int_equal(assignee_part[2], part_of_child(parts, count, 1));
    mem_free(child_part);
    mem_free(assignee_part);
    parts_free(parts, count);
    heuristic_free(&h);
    fixture_free(instance);
}

/* Without decomposition the whole instance is one part. */
static void parts_make_should_keep_one_part_when_asked_not_to_split(void **state)
{
    (void)state;
    struct instance *instance = two_areas();
    struct heuristic h;
    assert_true(heuristic_init(&h, instance));
    struct part *parts = NULL;
    int count = 0;
    assert_true(parts_make(&h, false, &parts, &count));
    assert_int_equal(count, 1);
    assert_int_equal(parts[0].child_count, instance->child_count);
    assert_int_equal(parts[0].assignee_count, 3);
    parts_free(parts, count);
    heuristic_free(&h);
    fixture_free(instance);
}

/* One full-time worker (own cap 3) and five counted children only it may take,
 * all its own today: every plan leaves two over the cap, each costing at least
 * over_cap (1000) - less than leaving one unassigned. The optimum is 2000 plus
 * the overload 20·(1 + 2) = 2060; the bound needs no model and gives 2000. */
static void parts_simple_bound_should_charge_the_children_beyond_the_capacity(void **state)
{
    (void)state;
    struct instance *instance = fixture_new();
    int team = fixture_team(instance, "avo", SERVICE_AVOHUOLTO, ALPHA, 1u << ALPHA, 0);
    int worker = fixture_worker(instance, "W1", team, 1.0);
    char id[8];
    for (int i = 0; i < 5; i++) {
        snprintf(id, sizeof id, "C%d", i);
        fixture_child(instance, id, id, SERVICE_AVOHUOLTO, ALPHA, worker, false);
    }
    fixture_child(instance, "A0", "A0", SERVICE_AVOHUOLTO, ALPHA, worker, true); /* not counted */
    struct heuristic h;
    assert_true(heuristic_init(&h, instance));
    struct part *parts = NULL;
    int count = 0;
    assert_true(parts_make(&h, true, &parts, &count));
    assert_int_equal(count, 1);
    assert_float_equal(parts_simple_bound(&h, &parts[0]), 2000.0, 1e-9);
    struct model_counts counts;
    parts_count_model(&h, parts[0].children, parts[0].child_count, parts[0].assignees,
                      parts[0].assignee_count, -1, &counts);
    assert_float_equal(counts.children, 6, 0);
    assert_float_equal(counts.assignees, 1, 0);
    assert_float_equal(counts.pairs, 6, 0);
    assert_float_equal(counts.groups, 0, 0);
    parts_free(parts, count);
    heuristic_free(&h);
    fixture_free(instance);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(parts_make_should_split_teams_no_pair_joins),
        cmocka_unit_test(parts_make_should_keep_one_part_when_asked_not_to_split),
        cmocka_unit_test(parts_simple_bound_should_charge_the_children_beyond_the_capacity),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
