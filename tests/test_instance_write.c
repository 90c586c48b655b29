/* test_instance_write.c - an instance written back reads as the same instance; after a plan, as the plan left it. */
#include "testutil.h"

#include <stdlib.h>

#include "base/common.h"
#include "core/instance.h"
#include "io/instance_write.h"

/* Two teams, one with a hire; W1 leaves; C1 and C2 are siblings (F1), C3 is locked
 * to W2, C4 is new intake, C5 has a family id of its own. */
static const char text[] =
    "{\"format\":\"caseload-instance/1\",\"name\":\"w\",\"date\":\"2024-10-08\","
    "\"rules\":{\"cap\":3,\"target\":2.5,\"cross_team\":true,\"weights\":{\"km\":0.25}},"
    "\"municipalities\":[{\"id\":\"Jyväskylä\",\"lat\":62.2405,\"lon\":25.7513},"
    "{\"id\":\"Laukaa\",\"lat\":62.4174,\"lon\":25.9469}],"
    "\"distances\":[{\"from\":\"Jyväskylä\",\"to\":\"Laukaa\",\"km\":30.5}],"
    "\"teams\":[{\"id\":\"a\",\"service\":\"avohuolto\",\"office\":\"Jyväskylä\",\"area\":[\"Jyväskylä\"],\"max_hires\":2},"
    "{\"id\":\"b\",\"service\":\"avohuolto\",\"office\":\"Laukaa\",\"target\":20}],"
    "\"workers\":[{\"id\":\"W1\",\"team\":\"a\",\"leaving\":true},{\"id\":\"W2\",\"team\":\"a\",\"fte\":0.6,\"max_new\":1},"
    "{\"id\":\"W3\",\"team\":\"b\",\"accepts_new\":false}],"
    "\"children\":[{\"id\":\"C1\",\"family\":\"F1\",\"service\":\"avohuolto\",\"municipality\":\"Jyväskylä\",\"worker\":\"W1\",\"born\":\"2010-03\"},"
    "{\"id\":\"C2\",\"family\":\"F1\",\"service\":\"avohuolto\",\"municipality\":\"Jyväskylä\",\"worker\":\"W1\",\"weight\":1.5},"
    "{\"id\":\"C3\",\"service\":\"avohuolto\",\"municipality\":\"Laukaa\",\"worker\":\"W2\",\"locked\":true},"
    "{\"id\":\"C4\",\"service\":\"avohuolto\",\"municipality\":\"Laukaa\"},"
    "{\"id\":\"C5\",\"family\":\"G9\",\"service\":\"avohuolto\",\"municipality\":\"Laukaa\",\"worker\":\"W3\"}]}";

static struct instance *parse(const char *document, size_t length)
{
    struct diag diag;
    diag_init(&diag, "i.json");
    struct instance *instance = instance_parse(document, length, &diag);
    if (instance == NULL)
        fail_msg("refused: %s", diag.kept > 0 ? diag.messages[0] : "(out of memory)");
    diag_free(&diag);
    return instance;
}

/* The instance written to memory; the caller frees the text with free. */
static char *written(const struct instance *instance, const int *assignee, size_t *length)
{
    char *out = NULL;
    FILE *stream = open_memstream(&out, length);
    assert_non_null(stream);
    assert_true(instance_write_json(instance, assignee, stream));
    assert_int_equal(fclose(stream), 0);
    return out;
}

static void instance_write_json_should_read_back_to_the_same_instance(void **state)
{
    (void)state;
    struct instance *first = parse(text, strlen(text));
    size_t length;
    char *again = written(first, NULL, &length);
    struct instance *second = parse(again, length);
    size_t length2;
    char *third = written(second, NULL, &length2);
    assert_string_equal(again, third); /* a fixed point */
    assert_int_equal(second->rules.cap, 3);
    assert_true(second->rules.cap_given);
    assert_true(second->rules.cross_team);
    assert_true(second->rules.weights[TERM_KM] == 0.25);
    assert_int_equal(second->distance_table_count, 1);
    assert_int_equal(second->teams[0].max_hires, 2);
    assert_true(second->teams[1].target_given && second->teams[1].target == 20);
    assert_true(second->teams[1].area_all);
    assert_true(second->workers[0].leaving);
    assert_true(second->workers[1].fte == 0.6 && second->workers[1].max_new == 1);
    assert_false(second->workers[2].accepts_new);
    assert_int_equal(second->children[0].family, second->children[1].family); /* siblings */
    assert_int_not_equal(second->children[3].family, second->children[4].family);
    assert_string_equal(second->families[second->children[4].family].id, "G9");
    assert_true(second->children[0].born_given && second->children[0].born_year == 2010);
    assert_true(second->children[1].weight == 1.5);
    assert_true(second->children[2].locked);
    assert_int_equal(second->children[3].worker, -1);
    free(again);
    free(third);
    instance_free(first);
    instance_free(second);
}

static void instance_write_json_should_write_the_instance_after_a_plan(void **state)
{
    (void)state;
    struct instance *instance = parse(text, strlen(text));
    /* assignees: W1 0, W2 1, W3 2, a/hire-1 3, a/hire-2 4 */
    int plan[] = {3, 3, 1, 2, 2};
    size_t length;
    char *next_text = written(instance, plan, &length);
    struct instance *next = parse(next_text, length);
    assert_int_equal(next->worker_count, 3); /* W1 gone, a/hire-1 came */
    int hire = instance_find_worker(next, "a/hire-1");
    assert_true(hire >= 0);
    assert_int_equal(next->workers[hire].team, 0);
    assert_true(next->workers[hire].fte == 1.0);
    assert_int_equal(instance_find_worker(next, "W1"), -1);
    assert_int_equal(next->teams[0].max_hires, 1); /* one of two hires used */
    assert_int_equal(next->children[0].worker, hire);
    assert_int_equal(next->children[3].worker, instance_find_worker(next, "W3"));
    assert_true(next->children[2].locked); /* the file's lock is kept */
    free(next_text);
    instance_free(next);
    instance_free(instance);
}

static void instance_write_json_should_drop_holds_and_released_locks(void **state)
{
    (void)state;
    /* W1 leaves: its locked child is released; under moves intake C3 is held */
    static const char locked[] =
        "{\"format\":\"caseload-instance/1\",\"date\":\"2024-10-08\",\"rules\":{\"moves\":\"intake\"},"
        "\"municipalities\":[{\"id\":\"Laukaa\",\"lat\":62.4174,\"lon\":25.9469}],"
        "\"teams\":[{\"id\":\"a\",\"service\":\"avohuolto\",\"office\":\"Laukaa\"}],"
        "\"workers\":[{\"id\":\"W1\",\"team\":\"a\",\"leaving\":true},{\"id\":\"W2\",\"team\":\"a\"}],"
        "\"children\":[{\"id\":\"C1\",\"service\":\"avohuolto\",\"municipality\":\"Laukaa\",\"worker\":\"W1\",\"locked\":true},"
        "{\"id\":\"C3\",\"service\":\"avohuolto\",\"municipality\":\"Laukaa\",\"worker\":\"W2\"}]}";
    struct instance *instance = parse(locked, strlen(locked));
    assert_true(instance->children[0].released);
    assert_int_equal(instance_hold_for_moves(instance), 1);
    assert_true(instance->children[1].locked && instance->children[1].held);
    int plan[] = {1, 1};
    size_t length;
    char *next_text = written(instance, plan, &length);
    assert_null(strstr(next_text, "\"locked\""));
    assert_non_null(strstr(next_text, "\"moves\": \"intake\""));
    free(next_text);
    instance_free(instance);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(instance_write_json_should_read_back_to_the_same_instance),
        cmocka_unit_test(instance_write_json_should_write_the_instance_after_a_plan),
        cmocka_unit_test(instance_write_json_should_drop_holds_and_released_locks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
