/* test_remedy.c - what would remove the excess a plan leaves: hires and the room
 * of neighbouring teams of the same service, at their distance. */
#include "testutil.h"

#include "report/plan.h"
#include "report/remedy.h"
#include "core/score.h"

#include "fixture_tiny.h"

static struct plan *plan_of(const struct instance *instance, int *assignee)
{
    struct score score;
    char error[256];
    if (!score_assignment(instance, assignee, &score, error, sizeof error))
        fail_msg("%s", error);
    struct solution solution = {.status = SOLVE_OPTIMAL, .objective = score.objective,
                                .bound = score.objective, .assignee = assignee};
    struct plan *plan = plan_build(instance, &solution, NULL, error, sizeof error);
    if (plan == NULL)
        fail_msg("%s", error);
    return plan;
}

/* Cap 3. avo-a (office Alpha) W1 with six counted children at home in Beta and
 * Gamma, one of them locked (3 over the cap); avo-b (office Beta) W2 with one
 * child (room 2); avo-c (office Gamma) W3 full; sij (office Alpha) W4 empty, of
 * another service. */
static void remedy_compute_should_name_hires_and_the_room_of_neighbours_of_the_service(void **state)
{
    (void)state;
    struct instance *instance = fixture_new();
    int a = fixture_team(instance, "avo-a", SERVICE_AVOHUOLTO, ALPHA, 0, 0);
    int b = fixture_team(instance, "avo-b", SERVICE_AVOHUOLTO, BETA, 0, 0);
    int c = fixture_team(instance, "avo-c", SERVICE_AVOHUOLTO, GAMMA, 0, 0);
    int s = fixture_team(instance, "sij", SERVICE_SIJAISHUOLTO, ALPHA, 0, 0);
    int w1 = fixture_worker(instance, "W1", a, 1.0);
    int w2 = fixture_worker(instance, "W2", b, 1.0);
    int w3 = fixture_worker(instance, "W3", c, 1.0);
    fixture_worker(instance, "W4", s, 1.0);
    int assignee[16], n = 0;
    const int homes[6] = {BETA, BETA, GAMMA, GAMMA, GAMMA, GAMMA};
    char id[16];
    for (int i = 0; i < 6; i++, n++) {
        snprintf(id, sizeof id, "A%d", i);
        assignee[fixture_child(instance, id, id, SERVICE_AVOHUOLTO, homes[i], w1, false)] = w1;
    }
    instance->children[0].locked = true; /* A0 (Beta) may not move */
    assignee[fixture_child(instance, "B0", "B0", SERVICE_AVOHUOLTO, BETA, w2, false)] = w2;
    n++;
    for (int i = 0; i < 3; i++, n++) {
        snprintf(id, sizeof id, "C%d", i);
        assignee[fixture_child(instance, id, id, SERVICE_AVOHUOLTO, GAMMA, w3, false)] = w3;
    }
    assert_int_equal(instance->child_count, n);
    struct plan *plan = plan_of(instance, assignee);
    int count;
    struct remedy *remedies = remedy_compute(plan, instance, &count);
    assert_int_equal(count, 1);
    assert_int_equal(remedies[0].team, a);
    assert_int_equal(remedies[0].excess, 3);
    assert_int_equal(remedies[0].hires, 1); /* ceil(3 / 3) */
    assert_int_equal(remedies[0].movable, 5);
    /* only avo-b has room (2): the two nearest movable children to Beta are A1 (Beta,
     * 0 km) and one in Gamma (20 km); the locked A0 does not count */
    assert_int_equal(remedies[0].neighbour_count, 1);
    assert_int_equal(remedies[0].neighbours[0].team, b);
    assert_int_equal(remedies[0].neighbours[0].children, 2);
    assert_float_equal(remedies[0].neighbours[0].mean_km, (0 + 20) / 2.0, 1e-12);
    mem_free(remedies);

    char *text = NULL;
    size_t length = 0;
    FILE *stream = open_memstream(&text, &length);
    assert_non_null(stream);
    assert_true(remedy_write_text(stream, plan, instance));
    fclose(stream);
    assert_string_equal(text, "remedy avo-a: 3 children over the cap; 1 hire (FTE 1, cap 3) would "
                              "take them; under cross_team avo-b could take 2 at 10.0 km on average\n");
    free(text);
    plan_free(plan);

    /* within the cap (A3, A4 to W2, A5 left without a worker): no remedy */
    assignee[3] = assignee[4] = w2;
    assignee[5] = -1;
    plan = plan_of(instance, assignee);
    remedies = remedy_compute(plan, instance, &count);
    assert_null(remedies);
    assert_int_equal(count, 0);
    plan_free(plan);
    fixture_free(instance);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(remedy_compute_should_name_hires_and_the_room_of_neighbours_of_the_service),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
