/* test_scenario.c - unit tests of caseload-scenario/1: every key applied to an instance, every error with its path. */
#include "testutil.h"

#include "base/common.h"
#include "core/instance.h"
#include "io/scenario.h"

/* Teams: avo-south (Jyväskylä, area Jyväskylä + Laukaa), avo-north (Äänekoski,
 * area Äänekoski), sijais (whole region). Workers W1, W2 south, W3 north, W4
 * sijais. C2 is locked to W3; C4 and C5 are siblings (F1); C5 is new intake. */
static const char base_text[] =
    "{\"format\":\"caseload-instance/1\",\"name\":\"base\",\"date\":\"2023-10-01\","
    "\"rules\":{\"weights\":{\"move\":12.5}},"
    "\"municipalities\":["
    "{\"id\":\"Jyväskylä\",\"lat\":62.2405,\"lon\":25.7513},"
    "{\"id\":\"Laukaa\",\"lat\":62.4174,\"lon\":25.9469},"
    "{\"id\":\"Äänekoski\",\"lat\":62.6170,\"lon\":25.6843}],"
    "\"teams\":["
    "{\"id\":\"avo-south\",\"service\":\"avohuolto\",\"office\":\"Jyväskylä\",\"area\":[\"Jyväskylä\",\"Laukaa\"]},"
    "{\"id\":\"avo-north\",\"service\":\"avohuolto\",\"office\":\"Äänekoski\",\"area\":[\"Äänekoski\"]},"
    "{\"id\":\"sijais\",\"service\":\"sijaishuolto\",\"office\":\"Jyväskylä\"}],"
    "\"workers\":["
    "{\"id\":\"W1\",\"team\":\"avo-south\"},{\"id\":\"W2\",\"team\":\"avo-south\"},"
    "{\"id\":\"W3\",\"team\":\"avo-north\"},{\"id\":\"W4\",\"team\":\"sijais\"}],"
    "\"children\":["
    "{\"id\":\"C1\",\"service\":\"avohuolto\",\"municipality\":\"Laukaa\",\"worker\":\"W1\"},"
    "{\"id\":\"C2\",\"service\":\"avohuolto\",\"municipality\":\"Äänekoski\",\"worker\":\"W3\",\"locked\":true},"
    "{\"id\":\"C3\",\"service\":\"sijaishuolto\",\"municipality\":\"Jyväskylä\",\"worker\":\"W4\",\"born\":\"2006-10\"},"
    "{\"id\":\"C4\",\"family\":\"F1\",\"service\":\"avohuolto\",\"municipality\":\"Jyväskylä\",\"worker\":\"W2\"},"
    "{\"id\":\"C5\",\"family\":\"F1\",\"service\":\"avohuolto\",\"municipality\":\"Jyväskylä\"}]}";

enum { W1, W2, W3, W4 };
enum { SOUTH, NORTH, SIJAIS };
enum { JYVASKYLA, LAUKAA, AANEKOSKI };

#define SCENARIO(body) "{\"format\":\"caseload-scenario/1\",\"name\":\"what if\"" body "}"

static struct instance *load_base(void)
{
    struct diag diag;
    diag_init(&diag, "base.json");
    struct instance *instance = instance_parse(base_text, strlen(base_text), &diag);
    if (instance == NULL)
        fail_msg("base instance refused: %s", diag.kept > 0 ? diag.messages[0] : "(out of memory)");
    diag_free(&diag);
    return instance;
}

/* Parse and apply `text` as scenario file "s.json"; returns whether it worked,
 * with the messages in `diag` (the caller frees it). */
static bool apply_text(struct instance *instance, const char *text, struct diag *diag)
{
    diag_init(diag, "s.json");
    struct scenario *scenario = scenario_parse(text, strlen(text), "s", diag);
    bool applied = scenario != NULL && scenario_apply(scenario, instance, diag);
    scenario_free(scenario);
    return applied;
}

/* Apply a scenario that must be valid to a fresh base instance. */
static struct instance *apply_valid(const char *text)
{
    struct instance *instance = load_base();
    struct diag diag;
    if (!apply_text(instance, text, &diag))
        fail_msg("scenario refused: %s", diag.kept > 0 ? diag.messages[0] : "(out of memory)");
    diag_free(&diag);
    return instance;
}

/* Assert that `text` is refused with a message containing `expected`. */
static void assert_refused(const char *text, const char *expected)
{
    struct instance *instance = load_base();
    struct diag diag;
    assert_false(apply_text(instance, text, &diag));
    assert_true(diag.count > 0);
    bool found = false;
    for (int i = 0; i < diag.kept; i++)
        if (strstr(diag.messages[i], expected) != NULL)
            found = true;
    if (!found)
        fail_msg("no message contains \"%s\"; first: %s", expected, diag.kept > 0 ? diag.messages[0] : "-");
    diag_free(&diag);
    instance_free(instance);
}

/* --- the keys ------------------------------------------------------------- */

static void scenario_parse_should_read_the_name_or_default_it(void **state)
{
    (void)state;
    struct diag diag;
    diag_init(&diag, "s.json");
    const char named[] = SCENARIO("");
    struct scenario *scenario = scenario_parse(named, strlen(named), "fallback", &diag);
    assert_non_null(scenario);
    assert_string_equal(scenario_name(scenario), "what if");
    scenario_free(scenario);
    const char unnamed[] = "{\"format\":\"caseload-scenario/1\"}";
    scenario = scenario_parse(unnamed, strlen(unnamed), "fallback", &diag);
    assert_non_null(scenario);
    assert_string_equal(scenario_name(scenario), "fallback");
    scenario_free(scenario);
    assert_int_equal(diag.count, 0);
    diag_free(&diag);
}

static void scenario_apply_should_change_the_date_and_resolve_the_cap(void **state)
{
    (void)state;
    struct instance *instance = load_base();
    assert_int_equal(instance->rules.cap, 35);
    assert_true(instance_child_counted(instance, 2));
    instance_free(instance);
    instance = apply_valid(SCENARIO(",\"date\":\"2024-10-01\""));
    assert_int_equal(instance->date.year, 2024);
    assert_int_equal(instance->rules.cap, 30);     /* from the new date */
    assert_false(instance_child_counted(instance, 2)); /* C3 turned 18 in 2024-10 */
    instance_free(instance);
}

static void scenario_apply_should_override_rules_and_merge_weights(void **state)
{
    (void)state;
    struct instance *instance =
        apply_valid(SCENARIO(",\"date\":\"2024-10-01\",\"rules\":{\"cap\":28,\"cross_team\":true,"
                             "\"weights\":{\"km\":0.5}}"));
    assert_int_equal(instance->rules.cap, 28); /* given: the date does not decide it */
    assert_true(instance->rules.cap_given);
    assert_true(instance->rules.cross_team);
    assert_true(instance->rules.weights[TERM_KM] == 0.5);
    assert_true(instance->rules.weights[TERM_MOVE] == 12.5); /* the instance's, kept */
    assert_true(instance->rules.weights[TERM_HIRE] == 300.0);
    assert_true(instance->rules.target == 27.0);
    instance_free(instance);
}

static void scenario_apply_should_let_workers_leave(void **state)
{
    (void)state;
    struct instance *instance = apply_valid(SCENARIO(",\"leave\":[\"W1\",\"W4\"]"));
    assert_true(instance->workers[W1].leaving);
    assert_false(instance->workers[W2].leaving);
    assert_true(instance->workers[W4].leaving);
    assert_false(instance_eligible(instance, 0, W1));
    instance_free(instance);
}

static void scenario_apply_should_patch_teams_by_id(void **state)
{
    (void)state;
    struct instance *instance =
        apply_valid(SCENARIO(",\"teams\":[{\"id\":\"avo-north\",\"office\":\"Laukaa\","
                             "\"area\":[\"Äänekoski\",\"Laukaa\"],\"max_hires\":2,\"target\":25},"
                             "{\"id\":\"sijais\",\"area\":[\"Jyväskylä\"]}]"));
    const struct team *north = &instance->teams[NORTH];
    assert_int_equal(north->office, LAUKAA);
    assert_false(north->area_all);
    assert_int_equal(north->area_count, 2);
    assert_true(instance_team_covers(instance, NORTH, LAUKAA));
    assert_int_equal(north->max_hires, 2);
    assert_true(north->max_hires_given);
    assert_true(north->target_given && north->target == 25.0);
    assert_int_equal(instance_hire_count(instance), 2);
    assert_false(instance->teams[SIJAIS].area_all);
    assert_false(instance_team_covers(instance, SIJAIS, AANEKOSKI));
    /* distances follow the new office */
    assert_true(instance_pair_km(instance, 1, W3) == instance_distance(instance, LAUKAA, AANEKOSKI));
    instance_free(instance);
}

static void scenario_apply_should_add_teams_workers_and_children(void **state)
{
    (void)state;
    struct instance *instance =
        apply_valid(SCENARIO(",\"add_teams\":[{\"id\":\"avo-laukaa\",\"service\":\"avohuolto\","
                             "\"office\":\"Laukaa\",\"area\":[\"Laukaa\"]}],"
                             "\"add_workers\":[{\"id\":\"W9\",\"team\":\"avo-laukaa\",\"fte\":0.5}],"
                             "\"add_children\":[{\"id\":\"C9\",\"family\":\"F1\",\"service\":\"avohuolto\","
                             "\"municipality\":\"Laukaa\",\"worker\":\"W9\",\"born\":\"2015-01\"},"
                             "{\"id\":\"C10\",\"service\":\"avohuolto\",\"municipality\":\"Laukaa\"}]"));
    assert_int_equal(instance->team_count, 4);
    assert_int_equal(instance_find_team(instance, "avo-laukaa"), 3);
    assert_int_equal(instance->worker_count, 5);
    int w9 = instance_find_worker(instance, "W9");
    assert_int_equal(w9, 4);
    assert_int_equal(instance->workers[w9].team, 3);
    assert_int_equal(instance_worker_cap(instance, w9), 17); /* floor(35 * 0.5) */
    assert_int_equal(instance->child_count, 7);
    assert_string_equal(instance->children[5].id, "C9");
    assert_int_equal(instance->children[5].worker, w9);
    assert_int_equal(instance->children[5].family, instance->children[3].family); /* joins F1 */
    assert_int_equal(instance->children[6].worker, -1);
    assert_int_not_equal(instance->children[6].family, instance->children[5].family);
    assert_true(instance_eligible(instance, 6, w9));
    instance_free(instance);
}

static void scenario_apply_should_remove_a_team_whose_workers_move(void **state)
{
    (void)state;
    struct instance *instance =
        apply_valid(SCENARIO(",\"remove_teams\":[\"avo-north\"],"
                             "\"teams\":[{\"id\":\"avo-south\",\"area\":[\"Jyväskylä\",\"Laukaa\",\"Äänekoski\"]}],"
                             "\"add_workers\":[{\"id\":\"W3\",\"team\":\"avo-south\",\"fte\":0.8}]"));
    assert_true(instance->teams[NORTH].removed);
    assert_int_equal(instance->teams[NORTH].max_hires, 0);
    assert_int_equal(instance->worker_count, 4); /* moved, not added */
    assert_int_equal(instance->workers[W3].team, SOUTH);
    assert_true(instance->workers[W3].fte == 0.8);
    assert_int_equal(instance->children[1].worker, W3); /* C2 keeps its worker */
    assert_true(instance_eligible(instance, 1, W3));
    instance_free(instance);
}

static void scenario_apply_should_remove_a_team_whose_workers_leave(void **state)
{
    (void)state;
    struct instance *instance =
        apply_valid(SCENARIO(",\"remove_teams\":[\"sijais\"],\"leave\":[\"W4\"],"
                             "\"add_teams\":[{\"id\":\"sijais-new\",\"service\":\"sijaishuolto\","
                             "\"office\":\"Laukaa\"}],\"add_workers\":[{\"id\":\"W8\",\"team\":\"sijais-new\"}]"));
    assert_true(instance->teams[SIJAIS].removed);
    assert_true(instance->workers[W4].leaving);
    assert_int_equal(instance->workers[W4].team, SIJAIS);
    assert_true(instance_eligible(instance, 2, instance_find_worker(instance, "W8")));
    instance_free(instance);
}

/* --- the errors ----------------------------------------------------------- */

static void scenario_apply_should_name_an_unknown_worker_in_leave(void **state)
{
    (void)state;
    assert_refused(SCENARIO(",\"leave\":[\"W1\",\"W999\"]"), "s.json: leave[1]: unknown worker \"W999\"");
    assert_refused(SCENARIO(",\"leave\":[\"W1\",\"W1\"]"), "s.json: leave[1]: worker \"W1\" is already listed");
    assert_refused(SCENARIO(",\"leave\":\"W1\""), "s.json: leave: expected an array");
    assert_refused(SCENARIO(",\"leave\":[7]"), "s.json: leave[0]: expected a string");
}

static void scenario_parse_should_refuse_unknown_keys_and_other_formats(void **state)
{
    (void)state;
    assert_refused(SCENARIO(",\"leaves\":[\"W1\"]"), "s.json: unknown key \"leaves\"");
    assert_refused("{\"format\":\"caseload-instance/1\"}",
                   "s.json: format: expected \"caseload-scenario/1\", got \"caseload-instance/1\"");
    assert_refused("[1]", "s.json: expected a JSON object");
    assert_refused("{\"format\":\"caseload-scenario/1\",", "s.json: invalid JSON at line 1");
    assert_refused(SCENARIO(",\"teams\":[{\"id\":\"avo-north\",\"ofice\":\"Laukaa\"}]"),
                   "s.json: teams[0]: unknown key \"ofice\"");
    assert_refused(SCENARIO(",\"rules\":{\"cap\":0}"), "s.json: rules.cap: must be a whole number from 1");
    assert_refused(SCENARIO(",\"rules\":{\"weights\":{\"moves\":1}}"), "s.json: rules.weights: unknown key");
    assert_refused(SCENARIO(",\"date\":\"2024-02-30\""), "s.json: date: \"2024-02-30\" is not a date");
}

static void scenario_apply_should_name_each_team_error_with_its_path(void **state)
{
    (void)state;
    assert_refused(SCENARIO(",\"teams\":[{\"id\":\"avo-east\"}]"), "s.json: teams[0].id: unknown team \"avo-east\"");
    assert_refused(SCENARIO(",\"teams\":[{\"id\":\"sijais\"},{\"id\":\"sijais\"}]"),
                   "s.json: teams[1].id: team \"sijais\" is patched twice");
    assert_refused(SCENARIO(",\"teams\":[{\"id\":\"sijais\",\"office\":\"Turku\"}]"),
                   "s.json: teams[0].office: unknown municipality \"Turku\"");
    assert_refused(SCENARIO(",\"teams\":[{\"id\":\"sijais\",\"area\":[\"Laukaa\",\"Laukaa\"]}]"),
                   "s.json: teams[0].area[1]: municipality \"Laukaa\" is listed twice");
    assert_refused(SCENARIO(",\"add_teams\":[{\"id\":\"sijais\",\"service\":\"sijaishuolto\",\"office\":\"Laukaa\"}]"),
                   "s.json: add_teams[0].id: duplicate id \"sijais\": the instance already has it");
    assert_refused(SCENARIO(",\"add_teams\":[{\"id\":\"x\",\"service\":\"x\",\"office\":\"Laukaa\"}]"),
                   "s.json: add_teams[0].service: unknown service \"x\"");
    assert_refused(SCENARIO(",\"remove_teams\":[\"avo-east\"]"), "s.json: remove_teams[0]: unknown team \"avo-east\"");
    assert_refused(SCENARIO(",\"remove_teams\":[\"avo-south\"]"),
                   "s.json: remove_teams[0]: team \"avo-south\" still has 2 workers (\"W1\", \"W2\")");
    assert_refused(SCENARIO(",\"remove_teams\":[\"sijais\"],\"leave\":[\"W4\"],\"teams\":[{\"id\":\"sijais\",\"target\":20}]"),
                   "s.json: teams[0].id: team \"sijais\" is patched, but remove_teams[0] removes it");
    assert_refused(SCENARIO(",\"teams\":[{\"id\":\"avo-north\",\"service\":\"sijaishuolto\"}]"),
                   "s.json: teams[0].service: child \"C2\" (avohuolto) keeps worker \"W3\"");
}

static void scenario_apply_should_name_each_worker_error_with_its_path(void **state)
{
    (void)state;
    assert_refused(SCENARIO(",\"add_workers\":[{\"id\":\"W9\",\"team\":\"avo-east\"}]"),
                   "s.json: add_workers[0].team: unknown team \"avo-east\"");
    assert_refused(SCENARIO(",\"add_workers\":[{\"id\":\"W9\",\"team\":\"sijais\"},{\"id\":\"W9\",\"team\":\"sijais\"}]"),
                   "s.json: add_workers[1].id: duplicate id \"W9\" (also add_workers[0])");
    assert_refused(SCENARIO(",\"add_workers\":[{\"id\":\"W9\",\"team\":\"sijais\",\"fte\":1.5}]"),
                   "s.json: add_workers[0].fte: must be greater than 0 and at most 1");
    assert_refused(SCENARIO(",\"add_workers\":[{\"id\":\"W1\",\"team\":\"avo-south\"}]"),
                   "s.json: add_workers[0].id: worker \"W1\" is already in team avo-south");
    assert_refused(SCENARIO(",\"leave\":[\"W1\"],\"add_workers\":[{\"id\":\"W1\",\"team\":\"avo-north\"}]"),
                   "s.json: add_workers[0].id: worker \"W1\" is moved here but also leaves (leave[0])");
    assert_refused(SCENARIO(",\"remove_teams\":[\"sijais\"],\"leave\":[\"W4\"],"
                            "\"add_workers\":[{\"id\":\"W9\",\"team\":\"sijais\"}]"),
                   "s.json: add_workers[0].team: team \"sijais\" is removed by remove_teams[0]");
    assert_refused(SCENARIO(",\"add_workers\":[{\"id\":\"W4\",\"team\":\"avo-south\"}]"),
                   "s.json: add_workers[0].team: child \"C3\" (sijaishuolto) keeps worker \"W4\"");
}

static void scenario_apply_should_release_a_locked_child_whose_worker_leaves(void **state)
{
    (void)state;
    /* C2 is locked to W3: when W3 leaves, C2 may move, and one warning names both */
    struct instance *instance = apply_valid(SCENARIO(",\"leave\":[\"W1\",\"W3\"]"));
    assert_false(instance->children[1].locked);
    assert_true(instance->children[1].released);
    assert_false(instance->children[0].released); /* C1 was not locked */
    struct diag notes;
    diag_init(&notes, "s.json");
    assert_int_equal(instance_note_released(instance, "s.json", &notes), 1);
    assert_int_equal(notes.count, 1);
    assert_string_equal(notes.messages[0], "s.json: \"C2\" was locked to \"W3\", who leaves; it gets a new worker");
    diag_free(&notes);
    assert_false(instance_eligible(instance, 1, W3)); /* the leaver keeps nobody */
    instance_free(instance);
    /* the same when the worker leaves by moving to another team as a leaver */
    instance = apply_valid(SCENARIO(",\"remove_teams\":[\"avo-north\"],"
                                    "\"add_workers\":[{\"id\":\"W3\",\"team\":\"avo-south\",\"leaving\":true}]"));
    assert_true(instance->children[1].released);
    instance_free(instance);
    /* and for a child the scenario adds locked to a leaver */
    instance = apply_valid(SCENARIO(",\"leave\":[\"W1\"],\"add_children\":[{\"id\":\"C9\",\"service\":\"avohuolto\","
                                    "\"municipality\":\"Laukaa\",\"worker\":\"W1\",\"locked\":true}]"));
    assert_false(instance->children[5].locked);
    assert_true(instance->children[5].released);
    instance_free(instance);
}

static void scenario_apply_should_unlock_the_children_it_lists(void **state)
{
    (void)state;
    struct instance *instance = apply_valid(SCENARIO(",\"unlock\":[\"C2\"]"));
    assert_false(instance->children[1].locked);
    assert_false(instance->children[1].released); /* unlocked by the user: no warning */
    instance_free(instance);
    assert_refused(SCENARIO(",\"unlock\":[\"C2\",\"C22\"]"), "s.json: unlock[1]: unknown child \"C22\"");
    assert_refused(SCENARIO(",\"unlock\":\"C2\""), "s.json: unlock");
}

static void scenario_apply_should_validate_added_children_like_an_instance(void **state)
{
    (void)state;
    assert_refused(SCENARIO(",\"add_children\":[{\"id\":\"C1\",\"service\":\"avohuolto\",\"municipality\":\"Laukaa\"}]"),
                   "s.json: add_children[0].id: duplicate id \"C1\": the instance already has it");
    assert_refused(SCENARIO(",\"add_children\":[{\"id\":\"C9\",\"service\":\"avohuolto\",\"municipality\":\"Laukaa\","
                            "\"born\":\"2015-01-02\"}]"),
                   "s.json: add_children[0].born: a full birth date is not allowed");
    assert_refused(SCENARIO(",\"add_children\":[{\"id\":\"C9\",\"service\":\"avohuolto\",\"municipality\":\"Laukaa\","
                            "\"worker\":\"W4\"}]"),
                   "s.json: add_children[0].worker: worker \"W4\" of team \"sijais\" serves sijaishuolto");
    assert_refused(SCENARIO(",\"add_children\":[{\"id\":\"010203A123B\",\"service\":\"avohuolto\","
                            "\"municipality\":\"Laukaa\"}]"),
                   "s.json: add_children[0].id: looks like a Finnish personal identity code");
    assert_refused(SCENARIO(",\"add_children\":[{\"id\":\"C9\",\"service\":\"avohuolto\",\"municipality\":\"Laukaa\","
                            "\"worker\":\"W99\"}]"),
                   "s.json: add_children[0].worker: unknown worker \"W99\"");
}

static void scenario_apply_should_refuse_a_date_before_a_birth_month(void **state)
{
    (void)state;
    assert_refused(SCENARIO(",\"date\":\"2006-09-30\""),
                   "s.json: date: child \"C3\" is born after the plan date 2006-09-30 (born 2006-10)");
}

static void scenario_apply_should_report_nothing_but_memory_when_memory_runs_out(void **state)
{
    (void)state;
    const char text[] = SCENARIO(",\"date\":\"2024-10-01\",\"leave\":[\"W1\"],"
                                 "\"teams\":[{\"id\":\"sijais\",\"area\":[\"Jyväskylä\"]}],"
                                 "\"add_teams\":[{\"id\":\"t\",\"service\":\"avohuolto\",\"office\":\"Laukaa\"}],"
                                 "\"add_workers\":[{\"id\":\"W9\",\"team\":\"t\"}],"
                                 "\"add_children\":[{\"id\":\"C9\",\"family\":\"F1\",\"service\":\"avohuolto\","
                                 "\"municipality\":\"Laukaa\"}]");
    bool succeeded = false;
    for (long n = 1; n < 1000 && !succeeded; n++) {
        struct instance *instance = load_base();
        struct diag diag;
        diag_init(&diag, "s.json");
        mem_fail_at(n);
        struct scenario *scenario = scenario_parse(text, strlen(text), "s", &diag);
        bool applied = scenario != NULL && scenario_apply(scenario, instance, &diag);
        mem_fail_at(0);
        if (applied) {
            succeeded = true;
            assert_int_equal(instance->worker_count, 5);
        } else {
            assert_true(diag.out_of_memory);
            assert_int_equal(diag.count, 0);
        }
        scenario_free(scenario);
        diag_free(&diag);
        instance_free(instance);
    }
    assert_true(succeeded);
}

/* The warnings of `text` on top of the base instance (the caller frees `notes`). */
static int warnings_of(const char *text, struct diag *notes)
{
    struct instance *instance = load_base();
    struct diag diag;
    diag_init(&diag, "s.json");
    diag_init(notes, "s.json");
    struct scenario *scenario = scenario_parse(text, strlen(text), "s", &diag);
    assert_non_null(scenario);
    int count = scenario_warnings(scenario, instance, notes);
    scenario_free(scenario);
    diag_free(&diag);
    instance_free(instance);
    return count;
}

static void scenario_warnings_should_flag_an_id_one_character_short_or_long(void **state)
{
    (void)state;
    struct diag notes;
    assert_int_equal(warnings_of(SCENARIO(",\"add_workers\":[{\"id\":\"W11\",\"team\":\"avo-north\"},"
                                          "{\"id\":\"w2\",\"team\":\"avo-north\"},"
                                          "{\"id\":\"W5\",\"team\":\"avo-north\"}]"),
                                 &notes),
                     2);
    assert_string_equal(notes.messages[0], "s.json: add_workers[0].id: \"W11\" is not a worker of the instance, "
                                           "so a new worker is added; did you mean \"W1\"? (an entry with the id "
                                           "of a worker moves that worker)");
    assert_non_null(strstr(notes.messages[1], "add_workers[1].id: \"w2\" is not a worker of the instance"));
    diag_free(&notes);
}

static void scenario_warnings_should_flag_a_new_team_without_workers(void **state)
{
    (void)state;
    struct diag notes;
    assert_int_equal(warnings_of(SCENARIO(",\"add_teams\":[{\"id\":\"avo-east\",\"service\":\"avohuolto\","
                                          "\"office\":\"Laukaa\"},{\"id\":\"avo-west\",\"service\":"
                                          "\"avohuolto\",\"office\":\"Laukaa\"}],"
                                          "\"add_workers\":[{\"id\":\"W9\",\"team\":\"avo-west\"}]"),
                                 &notes),
                     1);
    assert_string_equal(notes.messages[0], "s.json: add_teams[0]: the new team \"avo-east\" has no workers (no "
                                           "add_workers entry names it): only its hires can take children");
    diag_free(&notes);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scenario_parse_should_read_the_name_or_default_it),
        cmocka_unit_test(scenario_warnings_should_flag_an_id_one_character_short_or_long),
        cmocka_unit_test(scenario_warnings_should_flag_a_new_team_without_workers),
        cmocka_unit_test(scenario_apply_should_change_the_date_and_resolve_the_cap),
        cmocka_unit_test(scenario_apply_should_override_rules_and_merge_weights),
        cmocka_unit_test(scenario_apply_should_let_workers_leave),
        cmocka_unit_test(scenario_apply_should_patch_teams_by_id),
        cmocka_unit_test(scenario_apply_should_add_teams_workers_and_children),
        cmocka_unit_test(scenario_apply_should_remove_a_team_whose_workers_move),
        cmocka_unit_test(scenario_apply_should_remove_a_team_whose_workers_leave),
        cmocka_unit_test(scenario_apply_should_name_an_unknown_worker_in_leave),
        cmocka_unit_test(scenario_parse_should_refuse_unknown_keys_and_other_formats),
        cmocka_unit_test(scenario_apply_should_name_each_team_error_with_its_path),
        cmocka_unit_test(scenario_apply_should_name_each_worker_error_with_its_path),
        cmocka_unit_test(scenario_apply_should_release_a_locked_child_whose_worker_leaves),
        cmocka_unit_test(scenario_apply_should_unlock_the_children_it_lists),
        cmocka_unit_test(scenario_apply_should_validate_added_children_like_an_instance),
        cmocka_unit_test(scenario_apply_should_refuse_a_date_before_a_birth_month),
        cmocka_unit_test(scenario_apply_should_report_nothing_but_memory_when_memory_runs_out),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
