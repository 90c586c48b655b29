/* test_instance.c - unit tests of instance parsing, validation and the rules of DESIGN.md §2. */
#include "testutil.h"

#include <dirent.h>
#include <math.h>

#include "base/common.h"
#include "core/instance.h"
#include "core/law.h"

/* Pieces of small instances, joined by string concatenation. */
#define HEAD(date) "{\"format\":\"caseload-instance/1\",\"name\":\"test\",\"date\":\"" date "\","
#define MUNICIPALITIES                                                                   \
    "\"municipalities\":["                                                              \
    "{\"id\":\"Jyväskylä\",\"lat\":62.2405,\"lon\":25.7513},"                           \
    "{\"id\":\"Laukaa\",\"lat\":62.4174,\"lon\":25.9469},"                              \
    "{\"id\":\"Äänekoski\",\"lat\":62.6170,\"lon\":25.6843}],"
#define ONE_CHILD                                                                          \
    "\"children\":[{\"id\":\"C1\",\"service\":\"avohuolto\",\"municipality\":\"Laukaa\"}]}"

static const char minimal_text[] =
    HEAD("2024-10-08") MUNICIPALITIES
    "\"teams\":[{\"id\":\"avo\",\"service\":\"avohuolto\",\"office\":\"Jyväskylä\"}],"
    "\"workers\":[{\"id\":\"W1\",\"team\":\"avo\"}]," ONE_CHILD;

/* Teams: avo-south (Jyväskylä, Laukaa), avo-north (Äänekoski, 2 hires, target 25),
 * sijais (whole region). Workers: W1 south 0.8, W2 south not accepting, W3 north
 * leaving, W4 north max_new 0, W5 sijais. */
static const char rules_text[] =
    HEAD("2024-10-08") "\"rules\":{\"cap\":30,\"weights\":{\"move\":12.5,\"km\":0}}," MUNICIPALITIES
    "\"teams\":["
    "{\"id\":\"avo-south\",\"service\":\"avohuolto\",\"office\":\"Jyväskylä\",\"area\":[\"Laukaa\",\"Jyväskylä\"]},"
    "{\"id\":\"avo-north\",\"service\":\"avohuolto\",\"office\":\"Äänekoski\",\"area\":[\"Äänekoski\"],"
    "\"max_hires\":2,\"target\":25},"
    "{\"id\":\"sijais\",\"service\":\"sijaishuolto\",\"office\":\"Jyväskylä\"}],"
    "\"workers\":["
    "{\"id\":\"W1\",\"team\":\"avo-south\",\"fte\":0.8},"
    "{\"id\":\"W2\",\"team\":\"avo-south\",\"accepts_new\":false},"
    "{\"id\":\"W3\",\"team\":\"avo-north\",\"leaving\":true},"
    "{\"id\":\"W4\",\"team\":\"avo-north\",\"max_new\":0,\"fte\":0.5},"
    "{\"id\":\"W5\",\"team\":\"sijais\"}],"
    "\"children\":["
    "{\"id\":\"C1\",\"family\":\"F1\",\"service\":\"avohuolto\",\"municipality\":\"Laukaa\",\"worker\":\"W2\"},"
    "{\"id\":\"C2\",\"family\":\"F1\",\"service\":\"avohuolto\",\"municipality\":\"Äänekoski\",\"worker\":\"W2\"},"
    "{\"id\":\"C3\",\"service\":\"avohuolto\",\"municipality\":\"Äänekoski\",\"worker\":\"W3\"},"
    "{\"id\":\"C4\",\"service\":\"avohuolto\",\"municipality\":\"Laukaa\",\"worker\":\"W1\",\"locked\":true},"
    "{\"id\":\"C5\",\"service\":\"sijaishuolto\",\"municipality\":\"Äänekoski\",\"born\":\"2006-10\"},"
    "{\"id\":\"F1\",\"family\":null,\"service\":\"avohuolto\",\"municipality\":\"Jyväskylä\",\"born\":\"2006-09\","
    "\"weight\":1.5}]}";

enum { W1, W2, W3, W4, W5 };
enum { C1, C2, C3, C4, C5, C6 };

static struct instance *parse_text(const char *text, struct diag *diag)
{
    diag_init(diag, "test.json");
    return instance_parse(text, strlen(text), diag);
}

/* Parse text that must be valid; fails the test with the first message otherwise. */
static struct instance *parse_valid(const char *text)
{
    struct diag diag;
    struct instance *instance = parse_text(text, &diag);
    if (instance == NULL)
        fail_msg("unexpected error: %s", diag.kept > 0 ? diag.messages[0] : "(out of memory)");
    diag_free(&diag);
    return instance;
}

/* Assert that `text` is refused with a message containing `expected`. */
static void assert_refused(const char *text, const char *expected)
{
    struct diag diag;
    struct instance *instance = parse_text(text, &diag);
    assert_null(instance);
    assert_true(diag.count > 0);
    bool found = false;
    for (int i = 0; i < diag.kept; i++)
        if (strstr(diag.messages[i], expected) != NULL)
            found = true;
    if (!found)
        fail_msg("no message contains \"%s\"; first: %s", expected, diag.kept > 0 ? diag.messages[0] : "-");
    diag_free(&diag);
}

static struct date make_date(int year, int month, int day)
{
    struct date date = {year, month, day};
    return date;
}

/* --- valid documents ------------------------------------------------------ */

static void instance_parse_should_fill_defaults_of_a_minimal_instance(void **state)
{
    (void)state;
    struct instance *instance = parse_valid(minimal_text);
    assert_string_equal(instance->name, "test");
    assert_int_equal(instance->date.year, 2024);
    assert_int_equal(instance->date.month, 10);
    assert_int_equal(instance->date.day, 8);
    assert_false(instance->rules.cap_given);
    assert_int_equal(instance->rules.cap, 30);
    assert_true(instance->rules.target == 27.0);
    assert_true(instance->rules.road_factor == 1.3);
    assert_false(instance->rules.cross_team);
    assert_int_equal(instance->rules.family, FAMILY_SOFT);
    for (int term = 0; term < TERM_COUNT; term++)
        assert_true(instance->rules.weights[term] == instance_term_default_weight((enum term)term));
    assert_true(instance_term_default_weight(TERM_UNASSIGNED) == 100000.0);
    assert_true(instance_term_default_weight(TERM_KM) == 0.1);
    assert_string_equal(instance_term_name(TERM_FAMILY_SPLIT), "family_split");

    assert_int_equal(instance->municipality_count, 3);
    assert_string_equal(instance->municipalities[2].id, "Äänekoski");
    assert_int_equal(instance->team_count, 1);
    assert_true(instance->teams[0].area_all);
    assert_int_equal(instance->teams[0].max_hires, 0);
    assert_false(instance->teams[0].target_given);
    assert_int_equal(instance->teams[0].office, 0);
    assert_int_equal(instance->worker_count, 1);
    assert_true(instance->workers[0].fte == 1.0);
    assert_true(instance->workers[0].accepts_new);
    assert_false(instance->workers[0].leaving);
    assert_int_equal(instance->workers[0].max_new, -1);
    assert_int_equal(instance->child_count, 1);
    const struct child *child = &instance->children[0];
    assert_int_equal(child->worker, -1);
    assert_int_equal(child->municipality, 1);
    assert_int_equal(child->service, SERVICE_AVOHUOLTO);
    assert_false(child->born_given);
    assert_false(child->locked);
    assert_true(child->weight == 1.0);
    assert_int_equal(instance->family_count, 1);
    assert_string_equal(instance->families[child->family].id, "C1");
    assert_int_equal(instance->distance_table_count, 0);
    assert_non_null(instance->distance);
    instance_free(instance);
}

static void instance_parse_should_accept_a_byte_order_mark(void **state)
{
    (void)state;
    char text[sizeof minimal_text + 3] = "\xEF\xBB\xBF";
    strcat(text, minimal_text);
    struct instance *instance = parse_valid(text);
    assert_int_equal(instance->child_count, 1);
    instance_free(instance);
}

static void instance_parse_should_read_rules_and_overridden_weights(void **state)
{
    (void)state;
    struct instance *instance = parse_valid(rules_text);
    assert_true(instance->rules.cap_given);
    assert_int_equal(instance->rules.cap, 30);
    assert_true(instance->rules.weights[TERM_MOVE] == 12.5);
    assert_true(instance->rules.weights[TERM_KM] == 0.0);
    assert_true(instance->rules.weights[TERM_HIRE] == 300.0);
    assert_int_equal(instance->workers[W4].max_new, 0);
    assert_true(instance->teams[1].target_given);
    assert_true(instance->teams[1].target == 25.0);
    /* The area is stored sorted by municipality index. */
    assert_int_equal(instance->teams[0].area_count, 2);
    assert_int_equal(instance->teams[0].area[0], 0);
    assert_int_equal(instance->teams[0].area[1], 1);
    assert_true(instance->children[C4].locked);
    assert_true(instance->children[C6].weight == 1.5);
    instance_free(instance);
}

static void instance_parse_should_intern_families(void **state)
{
    (void)state;
    struct instance *instance = parse_valid(rules_text);
    /* C1 and C2 share F1; C3, C4, C5 have families of their own; child "F1" has no
     * family and must not join the family named "F1". */
    assert_int_equal(instance->family_count, 5);
    assert_int_equal(instance->children[C1].family, instance->children[C2].family);
    assert_string_equal(instance->families[instance->children[C1].family].id, "F1");
    assert_string_equal(instance->families[instance->children[C3].family].id, "C3");
    assert_int_not_equal(instance->children[C6].family, instance->children[C1].family);
    assert_string_equal(instance->families[instance->children[C6].family].id, "F1");
    instance_free(instance);
}

static void instance_parse_should_use_the_distance_table_in_both_directions(void **state)
{
    (void)state;
    static const char text[] =
        HEAD("2024-10-08") MUNICIPALITIES
        "\"distances\":[{\"from\":\"Laukaa\",\"to\":\"Jyväskylä\",\"km\":24.0},"
        "{\"from\":\"Äänekoski\",\"to\":\"Äänekoski\",\"km\":3.5}],"
        "\"teams\":[],\"workers\":[]," ONE_CHILD;
    struct instance *instance = parse_valid(text);
    assert_int_equal(instance->distance_table_count, 2);
    assert_int_equal(instance->distance_table[0].from, 1);
    assert_int_equal(instance->distance_table[0].to, 0);
    assert_true(instance_distance(instance, 0, 1) == 24.0);
    assert_true(instance_distance(instance, 1, 0) == 24.0);
    assert_true(instance_distance(instance, 0, 0) == 0.0);
    assert_true(instance_distance(instance, 2, 2) == 3.5);
    /* A pair the table lacks uses coordinates, symmetrically. */
    assert_true(instance_distance(instance, 0, 2) > 40.0);
    assert_true(instance_distance(instance, 0, 2) == instance_distance(instance, 2, 0));
    instance_free(instance);
}

static void instance_distance_should_be_haversine_times_road_factor(void **state)
{
    (void)state;
    /* Jyväskylä-Laukaa by hand, flat-earth approximation at mean latitude 62.329°:
     * dlat 0.1769°, dlon 0.1956° × cos 62.329° = 0.0909°, hypot 0.19891° × 111.195
     * km/° = 22.12 km great-circle; × 1.3 = 28.75 km. */
    static const char text[] = HEAD("2024-10-08") "\"rules\":{\"road_factor\":1.0}," MUNICIPALITIES
        "\"teams\":[],\"workers\":[]," ONE_CHILD;
    struct instance *instance = parse_valid(text);
    assert_true(fabs(instance_distance(instance, 0, 1) - 22.12) < 0.05);
    instance->rules.road_factor = 1.3;
    assert_true(instance_resolve(instance));
    assert_true(fabs(instance_distance(instance, 0, 1) - 28.75) < 0.07);
    assert_true(instance_distance(instance, 1, 0) == instance_distance(instance, 0, 1));
    assert_true(instance_distance(instance, 1, 1) == 0.0);
    instance_free(instance);
}

static void instance_find_should_return_indices_or_minus_one(void **state)
{
    (void)state;
    struct instance *instance = parse_valid(rules_text);
    assert_int_equal(instance_find_worker(instance, "W4"), W4);
    assert_int_equal(instance_find_worker(instance, "W9"), -1);
    assert_int_equal(instance_find_team(instance, "sijais"), 2);
    assert_int_equal(instance_find_team(instance, "avo"), -1);
    assert_int_equal(instance_find_municipality(instance, "Laukaa"), 1);
    assert_int_equal(instance_find_municipality(instance, "laukaa"), -1);
    instance_free(instance);
}

/* --- rules ------------------------------------------------------------------ */

static void law_cap_for_date_should_change_on_2024_01_01(void **state)
{
    (void)state;
    assert_int_equal(law_cap_for_date(make_date(2022, 1, 1)), 35);
    assert_int_equal(law_cap_for_date(make_date(2023, 12, 31)), 35);
    assert_int_equal(law_cap_for_date(make_date(2024, 1, 1)), 30);
    assert_int_equal(law_cap_for_date(make_date(2030, 6, 15)), 30);

    static const char text[] = HEAD("2023-12-31") MUNICIPALITIES "\"teams\":[],\"workers\":[]," ONE_CHILD;
    struct instance *instance = parse_valid(text);
    assert_int_equal(instance->rules.cap, 35);
    instance->date = make_date(2024, 1, 1); /* a scenario moves the date */
    assert_true(instance_resolve(instance));
    assert_int_equal(instance->rules.cap, 30);
    instance_free(instance);
}

static void instance_worker_cap_should_floor_cap_times_fte(void **state)
{
    (void)state;
    struct instance *instance = parse_valid(rules_text);
    assert_int_equal(instance_worker_cap(instance, W1), 24); /* 30 × 0.8 */
    assert_int_equal(instance_worker_cap(instance, W2), 30);
    assert_int_equal(instance_worker_cap(instance, W4), 15); /* 30 × 0.5 */
    instance->rules.cap = 35;
    assert_int_equal(instance_worker_cap(instance, W4), 17); /* 17.5 floored */
    instance->rules.cap = 50;
    instance->workers[W1].fte = 0.58; /* 50 × 0.58 = 28.999999999999996 in binary */
    assert_int_equal(instance_worker_cap(instance, W1), 29);
    instance->rules.cap = 30;
    instance->workers[W1].fte = 0.1; /* 3.0000000000000004 */
    assert_int_equal(instance_worker_cap(instance, W1), 3);
    instance_free(instance);
}

static void instance_worker_target_should_use_the_team_target_first(void **state)
{
    (void)state;
    struct instance *instance = parse_valid(rules_text);
    assert_int_equal(instance_worker_target(instance, W1), 21); /* 27 × 0.8 = 21.6 */
    assert_int_equal(instance_worker_target(instance, W2), 27);
    assert_int_equal(instance_worker_target(instance, W4), 12); /* team 25 × 0.5 */
    instance_free(instance);
}

static void instance_child_counted_should_stop_at_the_18th_birthday_month(void **state)
{
    (void)state;
    struct instance *instance = parse_valid(rules_text);
    /* C5 born 2006-10: counted until 2024-09-30. */
    instance->date = make_date(2024, 9, 30);
    assert_true(instance_child_counted(instance, C5));
    instance->date = make_date(2024, 10, 1);
    assert_false(instance_child_counted(instance, C5));
    instance->date = make_date(2024, 10, 8);
    assert_false(instance_child_counted(instance, C6)); /* born 2006-09 */
    instance->date = make_date(2024, 8, 31);
    assert_true(instance_child_counted(instance, C6));
    assert_true(instance_child_counted(instance, C1)); /* no birth month: counted */
    instance_free(instance);
}

static void instance_eligible_should_follow_the_eligible_pairs_of_the_design(void **state)
{
    (void)state;
    struct instance *instance = parse_valid(rules_text);
    int hire_north_1 = instance->worker_count;
    int hire_north_2 = instance->worker_count + 1;
    assert_int_equal(instance_assignee_count(instance), 7);

    /* C1 (Laukaa, current W2 who accepts no new children). */
    assert_true(instance_eligible(instance, C1, W2));  /* continuity */
    assert_true(instance_eligible(instance, C1, W1));  /* home in W1's area */
    assert_false(instance_eligible(instance, C1, W3)); /* leaving */
    assert_false(instance_eligible(instance, C1, W4)); /* area lacks Laukaa */
    assert_false(instance_eligible(instance, C1, W5)); /* other service */
    assert_false(instance_eligible(instance, C1, hire_north_1));

    /* C2 (Äänekoski, current W2 of the south team): continuity across areas. */
    assert_true(instance_eligible(instance, C2, W2));
    assert_true(instance_cross_team(instance, C2, W2));
    assert_false(instance_eligible(instance, C2, W1));
    assert_true(instance_eligible(instance, C2, W4)); /* max_new 0 is a constraint, not eligibility */
    assert_true(instance_eligible(instance, C2, hire_north_2));
    assert_false(instance_cross_team(instance, C2, hire_north_2));

    /* C3: its current worker leaves. */
    assert_false(instance_eligible(instance, C3, W3));
    assert_true(instance_eligible(instance, C3, W4));

    /* C4 is locked to W1. */
    assert_true(instance_eligible(instance, C4, W1));
    assert_false(instance_eligible(instance, C4, W2));
    assert_false(instance_eligible(instance, C4, hire_north_1));

    /* C5 (sijaishuolto): only the substitute-care team, whose area is everything. */
    assert_true(instance_eligible(instance, C5, W5));
    assert_false(instance_eligible(instance, C5, W1));
    assert_false(instance_cross_team(instance, C5, W5));

    /* With cross_team every same-service worker that accepts new children qualifies. */
    instance->rules.cross_team = true;
    assert_true(instance_eligible(instance, C1, W4));
    assert_true(instance_cross_team(instance, C1, W4));
    assert_true(instance_eligible(instance, C1, hire_north_1));
    assert_false(instance_eligible(instance, C6, W2)); /* accepts_new false: current children only */
    assert_false(instance_eligible(instance, C1, W3));
    assert_false(instance_eligible(instance, C4, W4)); /* still locked */
    instance_free(instance);
}

static void instance_hires_should_be_numbered_in_team_order(void **state)
{
    (void)state;
    struct instance *instance = parse_valid(rules_text);
    assert_int_equal(instance_hire_count(instance), 2);
    int team = -9, k = -9;
    instance_hire_slot(instance, 1, &team, &k);
    assert_int_equal(team, 1);
    assert_int_equal(k, 2);
    char buffer[64];
    int hire = instance->worker_count + 1;
    assert_string_equal(instance_assignee_id(instance, hire, buffer, sizeof buffer), "avo-north/hire-2");
    assert_string_equal(instance_assignee_id(instance, W3, buffer, sizeof buffer), "W3");
    assert_int_equal(instance_assignee_team(instance, hire), 1);
    assert_int_equal(instance_assignee_cap(instance, hire), 30);
    assert_int_equal(instance_assignee_target(instance, hire), 25); /* the team's target */
    assert_int_equal(instance_assignee_cap(instance, W1), 24);
    /* A hire's km runs from its team's office. */
    assert_true(instance_pair_km(instance, C1, hire) == instance_distance(instance, 2, 1));
    assert_true(instance_pair_km(instance, C1, W1) == instance_distance(instance, 0, 1));
    instance_free(instance);
}

static void instance_team_covers_should_treat_no_area_as_everything(void **state)
{
    (void)state;
    struct instance *instance = parse_valid(rules_text);
    assert_true(instance_team_covers(instance, 0, 0));
    assert_true(instance_team_covers(instance, 0, 1));
    assert_false(instance_team_covers(instance, 0, 2));
    assert_true(instance_team_covers(instance, 2, 2));
    instance_free(instance);
}

/* --- errors ------------------------------------------------------------------ */

static void instance_parse_should_name_the_path_of_each_error(void **state)
{
    (void)state;
    assert_refused(HEAD("2024-10-08") MUNICIPALITIES "\"teams\":[],\"workers\":[],"
                   "\"children\":[{\"id\":\"C1\",\"service\":\"avohuolto\",\"municipality\":\"Laukaa\","
                   "\"worker\":\"W999\"}]}",
                   "test.json: children[0].worker: unknown worker \"W999\"");
    assert_refused(HEAD("2024-10-08") MUNICIPALITIES
                   "\"teams\":[{\"id\":\"a\",\"service\":\"avohuolto\",\"office\":\"Laukaa\",\"area\":[\"Laukaa\","
                   "\"Jyvaskyla\"]}],\"workers\":[]," ONE_CHILD,
                   "test.json: teams[0].area[1]: unknown municipality \"Jyvaskyla\"");
    assert_refused(HEAD("2024-02-30") MUNICIPALITIES "\"teams\":[],\"workers\":[]," ONE_CHILD,
                   "test.json: date: \"2024-02-30\" is not a date on the calendar");
    assert_refused(HEAD("2024-10-08") MUNICIPALITIES "\"teams\":[],\"workers\":[],"
                   "\"children\":[{\"id\":\"C1\",\"service\":\"avohuolto\",\"municipality\":\"Laukaa\","
                   "\"born\":\"2012-05-17\"}]}",
                   "children[0].born: a full birth date is not allowed");
    assert_refused(HEAD("2024-10-08") "\"rules\":{\"weights\":{\"hires\":1}}," MUNICIPALITIES
                   "\"teams\":[],\"workers\":[]," ONE_CHILD,
                   "rules.weights: unknown key \"hires\"");
    assert_refused(HEAD("2024-10-08") "\"rules\":{\"target\":1e999}," MUNICIPALITIES
                   "\"teams\":[],\"workers\":[]," ONE_CHILD,
                   "rules.target: the number is too large");
    assert_refused("{\"format\":\"caseload-plan/1\"}", "test.json: format: expected \"caseload-instance/1\"");
    assert_refused("{\"format\":\"caseload-instance/1\",\n  \"date\": 2024-10-08}",
                   "test.json: invalid JSON at line 2, column 15");
    assert_refused("", "test.json: the file is empty");
}

static void instance_parse_should_accept_leap_days_only_in_leap_years(void **state)
{
    (void)state;
    static const char text[] = HEAD("2024-02-29") MUNICIPALITIES "\"teams\":[],\"workers\":[]," ONE_CHILD;
    struct instance *instance = parse_valid(text);
    instance_free(instance);
    assert_refused(HEAD("1900-02-29") MUNICIPALITIES "\"teams\":[],\"workers\":[]," ONE_CHILD,
                   "date: \"1900-02-29\" is not a date on the calendar");
    struct instance *millennium = parse_valid(HEAD("2000-02-29") MUNICIPALITIES
                                              "\"teams\":[],\"workers\":[]," ONE_CHILD);
    instance_free(millennium);
}

static void instance_parse_should_collect_every_error(void **state)
{
    (void)state;
    static const char text[] =
        HEAD("2024-10-08") MUNICIPALITIES
        "\"teams\":[{\"id\":\"a\",\"service\":\"avo\",\"office\":\"Oulu\"}],"
        "\"workers\":[{\"id\":\"W1\",\"team\":\"b\",\"fte\":2}],"
        "\"children\":[{\"id\":\"C1\",\"service\":\"avohuolto\",\"municipality\":\"Laukaa\",\"colour\":1}]}";
    struct diag diag;
    assert_null(parse_text(text, &diag));
    assert_int_equal(diag.count, 5);
    assert_int_equal(diag.kept, 5);
    assert_non_null(strstr(diag.messages[0], "teams[0].service: unknown service \"avo\""));
    assert_non_null(strstr(diag.messages[1], "teams[0].office: unknown municipality \"Oulu\""));
    assert_non_null(strstr(diag.messages[2], "workers[0].team: unknown team \"b\""));
    assert_non_null(strstr(diag.messages[3], "workers[0].fte: must be greater than 0 and at most 1, got 2"));
    assert_non_null(strstr(diag.messages[4], "children[0]: unknown key \"colour\""));
    diag_free(&diag);
}

static void instance_parse_should_keep_fifty_messages_but_count_all(void **state)
{
    (void)state;
    static const char head[] = HEAD("2024-10-08") MUNICIPALITIES "\"teams\":[],\"workers\":[],\"children\":[";
    char *text = malloc(sizeof head + 80 * 70 + 4);
    assert_non_null(text);
    strcpy(text, head);
    for (int i = 0; i < 80; i++) {
        char item[96];
        snprintf(item, sizeof item, "%s{\"id\":\"C%03d\",\"service\":\"avohuolto\",\"municipality\":\"Oulu\"}",
                 i > 0 ? "," : "", i);
        strcat(text, item);
    }
    strcat(text, "]}");
    struct diag diag;
    assert_null(parse_text(text, &diag));
    assert_int_equal(diag.count, 80);
    assert_int_equal(diag.kept, DIAG_KEEP);
    assert_non_null(strstr(diag.messages[49], "children[49].municipality: unknown municipality \"Oulu\""));
    diag_free(&diag);
    free(text);
}

static void instance_parse_should_refuse_personal_identity_codes_without_echoing_them(void **state)
{
    (void)state;
    static const char *const ids[] = {"131052-308T", "x131052A308tx", "F-010203a123b", "311299+999Y",
                                      "010100U0001"};
    for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
        char text[1024];
        snprintf(text, sizeof text,
                 "%s\"children\":[{\"id\":\"%s\",\"service\":\"avohuolto\",\"municipality\":\"Laukaa\"}]}",
                 HEAD("2024-10-08") MUNICIPALITIES "\"teams\":[],\"workers\":[],", ids[i]);
        struct diag diag;
        assert_null(parse_text(text, &diag));
        assert_int_equal(diag.count, 1);
        assert_non_null(strstr(diag.messages[0], "children[0].id: looks like a Finnish personal identity code"));
        assert_non_null(strstr(diag.messages[0], "must not be in a planning file"));
        assert_null(strstr(diag.messages[0], ids[i] + 2));
        diag_free(&diag);
    }
    /* A reference that holds a code is refused, and not echoed either. */
    static const char reference[] =
        HEAD("2024-10-08") MUNICIPALITIES "\"teams\":[],\"workers\":[],"
        "\"children\":[{\"id\":\"C1\",\"service\":\"avohuolto\",\"municipality\":\"Laukaa\","
        "\"worker\":\"131052-308T\"}]}";
    assert_refused(reference, "children[0].worker: looks like a Finnish personal identity code");
    /* Ids that only resemble one are fine: no century sign, or no such month. */
    struct instance *instance = parse_valid(
        HEAD("2024-10-08") MUNICIPALITIES "\"teams\":[],\"workers\":[],"
        "\"children\":[{\"id\":\"131052308T\",\"service\":\"avohuolto\",\"municipality\":\"Laukaa\"},"
        "{\"id\":\"C-011352-308T\",\"service\":\"avohuolto\",\"municipality\":\"Laukaa\"}]}");
    instance_free(instance);
}

static void instance_parse_should_report_nothing_when_memory_runs_out(void **state)
{
    (void)state;
    /* Fail each allocation in turn: every attempt must fail cleanly (no message,
     * out_of_memory set) until the parse needs no more allocations than given. */
    long needed = 0;
    for (long n = 1; n < 100000; n++) {
        struct diag diag;
        diag_init(&diag, "test.json");
        mem_fail_at(n);
        struct instance *instance = instance_parse(rules_text, strlen(rules_text), &diag);
        long attempts = mem_alloc_count();
        mem_fail_at(0);
        if (instance != NULL) {
            assert_true(attempts < n);
            needed = n;
            instance_free(instance);
            diag_free(&diag);
            break;
        }
        assert_int_equal(diag.count, 0);
        assert_true(diag.out_of_memory);
        diag_free(&diag);
    }
    assert_true(needed > 20); /* cJSON's own allocations go through the hook too */
}

static void instance_load_should_report_an_unreadable_file(void **state)
{
    (void)state;
    struct diag diag;
    diag_init(&diag, "no/such/file.json");
    assert_null(instance_load("no/such/file.json", &diag));
    assert_int_equal(diag.count, 1);
    assert_non_null(strstr(diag.messages[0], "no/such/file.json: "));
    assert_non_null(strstr(diag.messages[0], "No such file or directory"));
    diag_free(&diag);
}

/* Every file in bad/ is listed in bad/EXPECTED with a piece of its error message. */
static void instance_load_should_refuse_every_file_in_bad(void **state)
{
    (void)state;
    FILE *expected = fopen("bad/EXPECTED", "r");
    assert_non_null(expected);
    char line[1024];
    int files = 0;
    char listed[128][128];
    while (fgets(line, sizeof line, expected) != NULL) {
        line[strcspn(line, "\n")] = '\0';
        if (line[0] == '\0')
            continue;
        char *tab = strchr(line, '\t');
        assert_non_null(tab);
        *tab = '\0';
        const char *substring = tab + 1;
        assert_true(strlen(line) < 120);
        char path[128] = "bad/";
        strcat(path, line);
        struct diag diag;
        diag_init(&diag, path);
        struct instance *instance = instance_load(path, &diag);
        if (instance != NULL)
            fail_msg("%s was accepted", path);
        bool found = false;
        char prefix[160];
        snprintf(prefix, sizeof prefix, "%s: ", path);
        for (int i = 0; i < diag.kept; i++)
            if (strncmp(diag.messages[i], prefix, strlen(prefix)) == 0 && strstr(diag.messages[i], substring) != NULL)
                found = true;
        if (!found)
            fail_msg("%s: no message contains \"%s\"; first: %s", path, substring,
                     diag.kept > 0 ? diag.messages[0] : "(none)");
        diag_free(&diag);
        assert_true(files < 128);
        strcpy(listed[files++], line);
    }
    fclose(expected);
    assert_true(files >= 25);

    DIR *directory = opendir("bad");
    assert_non_null(directory);
    struct dirent *entry;
    while ((entry = readdir(directory)) != NULL) {
        if (entry->d_name[0] == '.' || strcmp(entry->d_name, "EXPECTED") == 0)
            continue;
        bool is_listed = false;
        for (int i = 0; i < files; i++)
            if (strcmp(listed[i], entry->d_name) == 0)
                is_listed = true;
        if (!is_listed)
            fail_msg("bad/%s is not listed in bad/EXPECTED", entry->d_name);
    }
    closedir(directory);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(instance_parse_should_fill_defaults_of_a_minimal_instance),
        cmocka_unit_test(instance_parse_should_accept_a_byte_order_mark),
        cmocka_unit_test(instance_parse_should_read_rules_and_overridden_weights),
        cmocka_unit_test(instance_parse_should_intern_families),
        cmocka_unit_test(instance_parse_should_use_the_distance_table_in_both_directions),
        cmocka_unit_test(instance_distance_should_be_haversine_times_road_factor),
        cmocka_unit_test(instance_find_should_return_indices_or_minus_one),
        cmocka_unit_test(law_cap_for_date_should_change_on_2024_01_01),
        cmocka_unit_test(instance_worker_cap_should_floor_cap_times_fte),
        cmocka_unit_test(instance_worker_target_should_use_the_team_target_first),
        cmocka_unit_test(instance_child_counted_should_stop_at_the_18th_birthday_month),
        cmocka_unit_test(instance_eligible_should_follow_the_eligible_pairs_of_the_design),
        cmocka_unit_test(instance_hires_should_be_numbered_in_team_order),
        cmocka_unit_test(instance_team_covers_should_treat_no_area_as_everything),
        cmocka_unit_test(instance_parse_should_name_the_path_of_each_error),
        cmocka_unit_test(instance_parse_should_accept_leap_days_only_in_leap_years),
        cmocka_unit_test(instance_parse_should_collect_every_error),
        cmocka_unit_test(instance_parse_should_keep_fifty_messages_but_count_all),
        cmocka_unit_test(instance_parse_should_refuse_personal_identity_codes_without_echoing_them),
        cmocka_unit_test(instance_parse_should_report_nothing_when_memory_runs_out),
        cmocka_unit_test(instance_load_should_report_an_unreadable_file),
        cmocka_unit_test(instance_load_should_refuse_every_file_in_bad),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
