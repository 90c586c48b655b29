/* test_generate.c - unit tests of the instance generator: determinism, validity at several sizes, the calibrated presets and national scale. */
#include "testutil.h"

#include <cjson/cJSON.h>

#include "base/common.h"
#include "generate/generate.h"
#include "core/instance.h"

/* Generated text held in memory. */
struct generated_text {
    char *data;    /* NUL-terminated document, owned */
    size_t length; /* bytes without the NUL */
};

/* Run the generator into a temporary file and read the document back. */
static struct generated_text generate_text(const struct generate_options *options)
{
    FILE *file = tmpfile();
    assert_non_null(file);
    char error[256] = "";
    bool ok = generate_instance(options, file, error, sizeof error);
    if (!ok)
        fail_msg("generate_instance failed: %s", error);
    long length = ftell(file);
    assert_true(length > 0);
    struct generated_text text = {malloc((size_t)length + 1), (size_t)length};
    assert_non_null(text.data);
    rewind(file);
    assert_int_equal(fread(text.data, 1, text.length, file), text.length);
    text.data[text.length] = '\0';
    fclose(file);
    return text;
}

static struct generate_options preset_options(const char *name)
{
    struct generate_options options;
    generate_default_options(&options);
    assert_true(generate_set_preset(&options, name));
    return options;
}

/* What the checks below learn about one generated instance. */
struct summary {
    int municipalities;                /* municipalities */
    int teams[SERVICE_COUNT];          /* teams per service */
    int workers;                       /* workers */
    double fte;                        /* sum of FTE */
    double service_fte[SERVICE_COUNT]; /* sum of FTE per service */
    int leaving;                       /* leaving workers */
    int part_time;                     /* workers under 1.0 FTE */
    int children[SERVICE_COUNT];       /* clients per service */
    int counted;                       /* clients under 18 on the plan date */
    int intake;                        /* clients without a worker */
    int with_sibling;                  /* clients whose family has another client */
    int over_cap;                      /* workers whose counted clients exceed their cap */
    int max_counted;                   /* most counted clients of one worker */
    int cap;                           /* legal cap of the instance */
};

/* Is `text` the letter `letter` followed by at least `digits` digits and nothing else? */
static bool is_pseudonym(const char *text, char letter, size_t digits)
{
    if (text == NULL || text[0] != letter || strlen(text) < digits + 1)
        return false;
    for (const char *p = text + 1; *p != '\0'; p++)
        if (*p < '0' || *p > '9')
            return false;
    return true;
}

/* Every key of `object` is one of the NULL-terminated `keys`. */
static void assert_known_keys(const cJSON *object, const char *const *keys)
{
    for (const cJSON *item = object->child; item != NULL; item = item->next) {
        bool known = false;
        for (int i = 0; keys[i] != NULL && !known; i++)
            known = strcmp(item->string, keys[i]) == 0;
        if (!known)
            fail_msg("unknown key \"%s\"", item->string);
    }
}

/* The rules of the file format as cJSON sees them: known keys only, pseudonymous ids,
 * birth months, and siblings written together with one home and one service. */
static void check_json(const char *text)
{
    static const char *const top_keys[] = {"format", "name", "date", "rules", "municipalities",
                                           "distances", "teams", "workers", "children", NULL};
    static const char *const team_keys[] = {"id", "service", "office", "area", "target",
                                            "max_hires", NULL};
    static const char *const worker_keys[] = {"id", "team", "fte", "leaving", "accepts_new",
                                              "max_new", NULL};
    static const char *const child_keys[] = {"id", "family", "service", "municipality",
                                             "born", "worker", "locked", NULL};
    cJSON *root = cJSON_Parse(text);
    assert_non_null(root);
    assert_known_keys(root, top_keys);
    assert_string_equal(cJSON_GetObjectItem(root, "format")->valuestring, "caseload-instance/1");
    const cJSON *item;
    cJSON_ArrayForEach(item, cJSON_GetObjectItem(root, "teams")) assert_known_keys(item, team_keys);
    cJSON_ArrayForEach(item, cJSON_GetObjectItem(root, "workers")) {
        assert_known_keys(item, worker_keys);
        assert_true(is_pseudonym(cJSON_GetObjectItem(item, "id")->valuestring, 'W', 4));
    }
    const char *previous_family = NULL, *previous_home = NULL, *previous_service = NULL;
    cJSON_ArrayForEach(item, cJSON_GetObjectItem(root, "children")) {
        assert_known_keys(item, child_keys);
        const char *id = cJSON_GetObjectItem(item, "id")->valuestring;
        const char *family = cJSON_GetObjectItem(item, "family")->valuestring;
        const char *home = cJSON_GetObjectItem(item, "municipality")->valuestring;
        const char *service = cJSON_GetObjectItem(item, "service")->valuestring;
        const char *born = cJSON_GetObjectItem(item, "born")->valuestring;
        assert_true(is_pseudonym(id, 'C', 6));
        assert_true(is_pseudonym(family, 'F', 5));
        assert_int_equal(strlen(born), 7); /* a month, never a full birth date */
        assert_int_equal(born[4], '-');
        if (previous_family != NULL && strcmp(family, previous_family) == 0) {
            assert_string_equal(home, previous_home);
            assert_string_equal(service, previous_service);
        }
        previous_family = family;
        previous_home = home;
        previous_service = service;
    }
    cJSON_Delete(root);
}

/* Parse `text` with the program's own loader and check what the generator
 * promises beyond the format; fill `summary`. */
static void check_instance(const struct generated_text *text, struct summary *summary)
{
    check_json(text->data);
    struct diag diag;
    diag_init(&diag, "generated.json");
    struct instance *instance = instance_parse(text->data, text->length, &diag);
    if (instance == NULL)
        fail_msg("instance_parse: %d errors, first: %s", diag.count,
                 diag.kept > 0 ? diag.messages[0] : "(out of memory)");
    diag_free(&diag);

    memset(summary, 0, sizeof *summary);
    summary->municipalities = instance->municipality_count;
    summary->workers = instance->worker_count;
    summary->cap = instance->rules.cap;
    for (int t = 0; t < instance->team_count; t++) {
        const struct team *team = &instance->teams[t];
        summary->teams[team->service]++;
        assert_true(instance_team_covers(instance, t, team->office));
    }
    int *counted = calloc((size_t)instance->worker_count, sizeof *counted);
    int *family_size = calloc((size_t)instance->family_count, sizeof *family_size);
    bool *team_staffed = calloc((size_t)instance->team_count, sizeof *team_staffed);
    assert_true(counted && family_size && team_staffed);
    for (int w = 0; w < instance->worker_count; w++) {
        const struct worker *worker = &instance->workers[w];
        summary->fte += worker->fte;
        summary->service_fte[instance->teams[worker->team].service] += worker->fte;
        summary->leaving += worker->leaving;
        summary->part_time += worker->fte < 1.0;
        if (!worker->leaving)
            team_staffed[worker->team] = true;
    }
    for (int t = 0; t < instance->team_count; t++)
        assert_true(team_staffed[t]); /* someone in every team stays */
    for (int c = 0; c < instance->child_count; c++) {
        const struct child *child = &instance->children[c];
        bool is_counted = instance_child_counted(instance, c);
        summary->children[child->service]++;
        summary->counted += is_counted;
        family_size[child->family]++;
        assert_true(child->born_given);
        assert_true(child->born_year * 12 + child->born_month <=
                    instance->date.year * 12 + instance->date.month);
        bool home_served = false;
        for (int t = 0; t < instance->team_count && !home_served; t++)
            home_served = instance->teams[t].service == child->service &&
                          instance_team_covers(instance, t, child->municipality);
        assert_true(home_served); /* every child has a team of its own area */
        if (child->worker < 0) {
            summary->intake++;
            assert_false(child->locked);
            continue;
        }
        const struct worker *worker = &instance->workers[child->worker];
        assert_int_equal(instance->teams[worker->team].service, child->service);
        if (child->locked)
            assert_false(worker->leaving);
        counted[child->worker] += is_counted;
    }
    for (int c = 0; c < instance->child_count; c++)
        summary->with_sibling += family_size[instance->children[c].family] > 1;
    for (int w = 0; w < instance->worker_count; w++) {
        summary->over_cap += counted[w] > instance_worker_cap(instance, w);
        if (counted[w] > summary->max_counted)
            summary->max_counted = counted[w];
    }
    free(counted);
    free(family_size);
    free(team_staffed);
    instance_free(instance);
}

static void generate_default_options_should_pass_its_own_check(void **state)
{
    (void)state;
    struct generate_options options;
    generate_default_options(&options);
    char error[128] = "";
    assert_true(generate_check_options(&options, error, sizeof error));
    assert_int_equal(options.seed, 1);
    assert_string_equal(options.date, "2024-10-08");
}

static void generate_setters_should_refuse_bad_values(void **state)
{
    (void)state;
    struct generate_options options;
    generate_default_options(&options);
    assert_false(generate_set_preset(&options, "lappi"));
    assert_int_equal(options.preset, GENERATE_SYNTHETIC);
    assert_false(generate_set_date(&options, "2023-02-29"));
    assert_false(generate_set_date(&options, "2024-10-8"));
    assert_true(generate_set_date(&options, "2024-02-29"));
    assert_string_equal(options.date, "2024-02-29");
    assert_false(generate_set_number(&options, "load", 0));
    assert_false(generate_set_number(&options, "intake", 1.5));
    assert_false(generate_set_number(&options, "counties", 0));
    assert_false(generate_set_number(&options, "counties", 2.5));
    assert_false(generate_set_number(&options, "seed", -1));
    assert_false(generate_set_number(&options, "workers", 10));
    assert_true(generate_set_number(&options, "workers-per-team", 12));
    assert_true(generate_set_number(&options, "part-time", 0.25));
    assert_true(generate_set_number(&options, "seed", 123456789));
    assert_int_equal(options.workers_per_team, 12);
    assert_true(options.part_time == 0.25);
    assert_int_equal(options.seed, 123456789);

    char error[128] = "";
    options.siblings = -0.1;
    assert_false(generate_check_options(&options, error, sizeof error));
    assert_non_null(strstr(error, "siblings"));
    assert_false(generate_instance(&options, stdout, error, sizeof error));
}

static void generate_write_should_give_the_same_bytes_for_the_same_options(void **state)
{
    (void)state;
    struct generate_options options;
    generate_default_options(&options);
    options.counties = 2;
    options.seed = 42;
    struct generated_text first = generate_text(&options), second = generate_text(&options);
    assert_int_equal(first.length, second.length);
    assert_memory_equal(first.data, second.data, first.length);
    free(first.data);
    free(second.data);

    options = preset_options("keski-suomi");
    first = generate_text(&options);
    second = generate_text(&options);
    assert_int_equal(first.length, second.length);
    assert_memory_equal(first.data, second.data, first.length);
    free(first.data);
    free(second.data);
}

static void generate_write_should_give_other_bytes_for_another_seed(void **state)
{
    (void)state;
    struct generate_options options;
    generate_default_options(&options);
    struct generated_text first = generate_text(&options);
    options.seed = 2;
    struct generated_text second = generate_text(&options);
    assert_true(first.length != second.length ||
                memcmp(first.data, second.data, first.length) != 0);
    free(first.data);
    free(second.data);
}

/* One size to try: the options that differ from the defaults. */
struct size_case {
    int counties, municipalities, open, substitute, aftercare, workers;
    double load, intake, leaving, part_time, adults;
    const char *date;
};

static void generate_write_should_write_valid_instances_at_several_sizes(void **state)
{
    (void)state;
    static const struct size_case cases[] = {
        /* a single worker in a single municipality */
        {1, 1, 1, 0, 0, 1, 0.95, 0.03, 0.03, 0.08, 0.9, "2024-10-08"},
        /* the default county */
        {1, 14, 7, 2, 1, 10, 0.95, 0.03, 0.03, 0.08, 0.9, "2024-10-08"},
        /* more teams than municipalities around the big town */
        {2, 3, 10, 1, 1, 3, 1.2, 0.1, 0.2, 0.5, 0.5, "2023-10-10"},
        /* everyone leaving but one per team, all part-time, all intake */
        {3, 6, 3, 1, 1, 4, 0.5, 1.0, 1.0, 1.0, 1.0, "2025-01-31"},
        /* heavy load, no siblings in aftercare minors */
        {4, 20, 4, 1, 2, 8, 2.0, 0.0, 0.0, 0.0, 0.0, "2022-06-01"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const struct size_case *c = &cases[i];
        struct generate_options options;
        generate_default_options(&options);
        options.counties = c->counties;
        options.municipalities = c->municipalities;
        options.open_care_teams = c->open;
        options.substitute_care_teams = c->substitute;
        options.aftercare_teams = c->aftercare;
        options.workers_per_team = c->workers;
        options.load = c->load;
        options.intake = c->intake;
        options.leaving = c->leaving;
        options.part_time = c->part_time;
        options.adults = c->adults;
        assert_true(generate_set_date(&options, c->date));
        struct generated_text text = generate_text(&options);
        struct summary summary;
        check_instance(&text, &summary);
        free(text.data);
        int teams_per_county = c->open + c->substitute + c->aftercare;
        assert_int_equal(summary.municipalities, c->counties * c->municipalities);
        assert_int_equal(summary.teams[SERVICE_AVOHUOLTO], c->counties * c->open);
        assert_int_equal(summary.teams[SERVICE_SIJAISHUOLTO], c->counties * c->substitute);
        assert_int_equal(summary.teams[SERVICE_JALKIHUOLTO], c->counties * c->aftercare);
        assert_int_equal(summary.workers, c->counties * teams_per_county * c->workers);
        assert_int_equal(summary.cap, strcmp(c->date, "2024-01-01") < 0 ? 35 : 30);
        /* clients follow the load: within rounding of load x cap x FTE */
        int open_and_substitute =
            summary.children[SERVICE_AVOHUOLTO] + summary.children[SERVICE_SIJAISHUOLTO];
        double expected = c->load * summary.cap *
                          (summary.service_fte[SERVICE_AVOHUOLTO] +
                           summary.service_fte[SERVICE_SIJAISHUOLTO]);
        assert_true(open_and_substitute > 0);
        assert_true(open_and_substitute >= expected - c->counties - 1e-6);
        assert_true(open_and_substitute <= expected + c->counties + 1e-6);
        if (c->intake == 1.0)
            assert_int_equal(summary.intake, open_and_substitute +
                                                 summary.children[SERVICE_JALKIHUOLTO]);
        if (c->intake == 0.0)
            assert_int_equal(summary.intake, 0);
        if (c->part_time == 1.0)
            assert_int_equal(summary.part_time, summary.workers);
    }
}

static void generate_keski_suomi_should_match_the_calibration_figures(void **state)
{
    (void)state;
    struct generate_options options = preset_options("keski-suomi");
    struct generated_text text = generate_text(&options);
    struct summary summary;
    check_instance(&text, &summary);
    free(text.data);
    assert_int_equal(summary.cap, 30);
    assert_int_equal(summary.municipalities, 22);
    assert_int_equal(summary.teams[SERVICE_AVOHUOLTO], 10);
    assert_int_equal(summary.teams[SERVICE_SIJAISHUOLTO], 3);
    assert_int_equal(summary.teams[SERVICE_JALKIHUOLTO], 2);
    assert_int_equal(summary.children[SERVICE_AVOHUOLTO], 1891);
    assert_int_equal(summary.children[SERVICE_SIJAISHUOLTO], 675);
    assert_int_equal(summary.children[SERVICE_JALKIHUOLTO], 749);
    /* adult aftercare clients are all 18+: only open and substitute care count */
    assert_int_equal(summary.counted, 1891 + 675);
    assert_true(summary.fte > 105.999 && summary.fte < 106.001);
    assert_true(summary.leaving >= 1 && summary.leaving <= 5);
    assert_true(summary.part_time >= 1);
    /* a few workers over the cap, not most of them; an intake queue; siblings */
    assert_true(summary.over_cap >= 1 && summary.over_cap <= summary.workers / 5);
    assert_true(summary.intake >= 1 && summary.intake <= 3315 / 10);
    assert_true(summary.with_sibling > 3315 / 5);
}

static void generate_keski_suomi_should_use_the_reference_municipalities(void **state)
{
    (void)state;
    struct generate_options options = preset_options("keski-suomi");
    struct generated_text text = generate_text(&options);
    cJSON *root = cJSON_Parse(text.data);
    assert_non_null(root);
    free(text.data);
    FILE *csv = fopen(REPO_ROOT "/instances/keski-suomi-municipalities.csv", "r");
    assert_non_null(csv);
    char line[256];
    assert_non_null(fgets(line, sizeof line, csv)); /* header */
    int rows = 0;
    const cJSON *municipalities = cJSON_GetObjectItem(root, "municipalities");
    while (fgets(line, sizeof line, csv) != NULL) {
        char name[64];
        double lat, lon;
        long population;
        assert_int_equal(sscanf(line, "%63[^,],%lf,%lf,%ld", name, &lat, &lon, &population), 4);
        const cJSON *municipality = cJSON_GetArrayItem(municipalities, rows++);
        assert_non_null(municipality);
        assert_string_equal(cJSON_GetObjectItem(municipality, "id")->valuestring, name);
        assert_float_equal(cJSON_GetObjectItem(municipality, "lat")->valuedouble, lat, 1e-9);
        assert_float_equal(cJSON_GetObjectItem(municipality, "lon")->valuedouble, lon, 1e-9);
    }
    fclose(csv);
    assert_int_equal(rows, cJSON_GetArraySize(municipalities));
    cJSON_Delete(root);
}

static void generate_kymenlaakso_should_keep_every_worker_within_the_cap_of_2023(void **state)
{
    (void)state;
    struct generate_options options = preset_options("kymenlaakso");
    struct generated_text text = generate_text(&options);
    struct summary summary;
    check_instance(&text, &summary);
    free(text.data);
    assert_int_equal(summary.cap, 35);
    assert_int_equal(summary.teams[SERVICE_AVOHUOLTO], 4);
    assert_int_equal(summary.over_cap, 0);
    assert_true(summary.max_counted <= 35);
    double per_worker = (double)(summary.children[SERVICE_AVOHUOLTO] - summary.intake) /
                        summary.workers;
    assert_true(per_worker > 26.5 && per_worker < 27.5);
}

/* The bundled instances are exactly the presets' output, so anyone can regenerate them. */
static void generate_presets_should_reproduce_the_bundled_instances(void **state)
{
    (void)state;
    static const char *const names[] = {"keski-suomi", "kymenlaakso"};
    for (int i = 0; i < 2; i++) {
        char path[128];
        snprintf(path, sizeof path, REPO_ROOT "/instances/%s.json", names[i]);
        FILE *file = fopen(path, "rb");
        if (file == NULL)
            fail_msg("cannot open %s", path);
        struct generate_options options = preset_options(names[i]);
        struct generated_text text = generate_text(&options);
        char *bundled = malloc(text.length + 1);
        assert_non_null(bundled);
        size_t length = fread(bundled, 1, text.length + 1, file);
        fclose(file);
        if (length != text.length || memcmp(bundled, text.data, length) != 0)
            fail_msg("%s differs from `caseload generate --preset %s`", path, names[i]);
        free(bundled);
        free(text.data);
    }
}

static void generate_write_should_reach_national_scale(void **state)
{
    (void)state;
    struct generate_options options;
    generate_default_options(&options);
    options.counties = 21;
    FILE *file = tmpfile();
    assert_non_null(file);
    char error[128] = "", line[512];
    assert_true(generate_instance(&options, file, error, sizeof error));
    rewind(file);
    long children = 0, workers = 0, municipalities = 0;
    while (fgets(line, sizeof line, file) != NULL) {
        children += strncmp(line, "    {\"id\": \"C", 13) == 0;
        workers += strncmp(line, "    {\"id\": \"W", 13) == 0;
        municipalities += strncmp(line, "    {\"id\": \"K", 13) == 0 && strchr(line, '[') == NULL &&
                          strstr(line, "\"lat\"") != NULL;
    }
    fclose(file);
    assert_true(children >= 55000 && children <= 65000);
    assert_int_equal(workers, 21 * 10 * 10);
    assert_int_equal(municipalities, 21 * 14);
}

/* Load of each open-care team: its children against the caps of its staying workers. */
static void open_care_loads(const struct instance *instance, double *low, double *high)
{
    *low = 1e9;
    *high = 0;
    for (int t = 0; t < instance->team_count; t++) {
        if (instance->teams[t].service != SERVICE_AVOHUOLTO)
            continue;
        int capacity = 0, children = 0;
        for (int w = 0; w < instance->worker_count; w++)
            if (instance->workers[w].team == t && !instance->workers[w].leaving)
                capacity += instance_worker_cap(instance, w);
        for (int c = 0; c < instance->child_count; c++) {
            int w = instance->children[c].worker;
            children += w >= 0 && instance->workers[w].team == t;
        }
        double load = (double)children / capacity;
        *low = load < *low ? load : *low;
        *high = load > *high ? load : *high;
    }
}

static struct instance *parse_text(const struct generated_text *text)
{
    struct diag diag;
    diag_init(&diag, "generated.json");
    struct instance *instance = instance_parse(text->data, text->length, &diag);
    if (instance == NULL)
        fail_msg("instance_parse: %d errors, first: %s", diag.count,
                 diag.kept > 0 ? diag.messages[0] : "(out of memory)");
    diag_free(&diag);
    return instance;
}

static void generate_write_should_make_a_county_under_strain_when_asked(void **state)
{
    (void)state;
    struct generate_options options;
    generate_default_options(&options);
    assert_true(generate_set_number(&options, "teams", 9));
    assert_true(generate_set_number(&options, "workers-per-team", 9));
    assert_true(generate_set_number(&options, "load", 1.04));
    assert_true(generate_set_number(&options, "load-spread", 0.19));
    assert_true(generate_set_number(&options, "hiring-teams", 2));
    assert_true(generate_set_number(&options, "distances", 1));
    assert_true(generate_set_number(&options, "locked", 0.05));
    assert_true(generate_set_number(&options, "leaving", 0.05));
    assert_true(generate_set_number(&options, "central-load", 0.8));
    assert_false(generate_set_number(&options, "distances", 2));
    assert_false(generate_set_number(&options, "load-spread", 1.5));
    options.intake = 0; /* every child has a worker: the team loads are exact */
    options.seed = 5;
    struct generated_text text = generate_text(&options);
    struct summary summary;
    check_instance(&text, &summary);
    struct instance *instance = parse_text(&text);

    /* team loads spread evenly over 0.85..1.23 of the staying workers' caps */
    double low, high;
    open_care_loads(instance, &low, &high);
    assert_true(low > 0.84 && low < 0.86);
    assert_true(high > 1.22 && high < 1.24);

    /* substitute care at its own load */
    double central = summary.children[SERVICE_SIJAISHUOLTO] /
                     (summary.cap * summary.service_fte[SERVICE_SIJAISHUOLTO]);
    assert_true(central > 0.79 && central < 0.81);

    /* two teams may hire one worker each, and each shares its area with another team */
    int hiring = 0;
    for (int t = 0; t < instance->team_count; t++) {
        const struct team *team = &instance->teams[t];
        if (team->max_hires == 0)
            continue;
        hiring++;
        assert_int_equal(team->max_hires, 1);
        assert_false(team->area_all);
        bool shared = false;
        for (int u = 0; u < instance->team_count; u++)
            shared |= u != t && !instance->teams[u].area_all &&
                      instance->teams[u].area_count == team->area_count &&
                      memcmp(instance->teams[u].area, team->area,
                             (size_t)team->area_count * sizeof *team->area) == 0;
        assert_true(shared);
    }
    assert_int_equal(hiring, 2);

    /* a distance table from every office to every municipality, with road detours */
    assert_true(instance->distance_table_count > 0);
    for (int t = 0; t < instance->team_count; t++)
        for (int m = 0; m < instance->municipality_count; m++) {
            bool given = false;
            int a = instance->teams[t].office;
            for (int k = 0; k < instance->distance_table_count && !given; k++) {
                const struct distance_entry *e = &instance->distance_table[k];
                given = (e->from == a && e->to == m) || (e->from == m && e->to == a);
            }
            assert_true(given);
            if (m != a)
                assert_true(instance_distance(instance, a, m) >= 1.0);
        }

    /* locked children and leaving workers at about the asked shares */
    int locked = 0, kept = 0;
    for (int c = 0; c < instance->child_count; c++) {
        kept += instance->children[c].worker >= 0;
        locked += instance->children[c].locked;
    }
    assert_true(locked > 0.03 * kept && locked < 0.07 * kept);
    assert_true(summary.leaving >= 1 && summary.leaving < 0.1 * summary.workers);
    instance_free(instance);
    free(text.data);

    /* with the defaults nothing of this appears */
    generate_default_options(&options);
    text = generate_text(&options);
    instance = parse_text(&text);
    assert_int_equal(instance->distance_table_count, 0);
    for (int t = 0; t < instance->team_count; t++)
        assert_int_equal(instance->teams[t].max_hires, 0);
    instance_free(instance);
    free(text.data);
}

static void generate_write_should_fail_cleanly_when_memory_runs_out(void **state)
{
    (void)state;
    struct generate_options options;
    generate_default_options(&options);
    options.counties = 2;
    FILE *file = tmpfile();
    assert_non_null(file);
    char error[128];
    mem_fail_at(0);
    assert_true(generate_instance(&options, file, error, sizeof error));
    long allocations = mem_alloc_count();
    assert_true(allocations > 0);
    for (long n = 1; n <= allocations; n++) {
        rewind(file);
        error[0] = '\0';
        mem_fail_at(n);
        assert_false(generate_instance(&options, file, error, sizeof error));
        assert_string_equal(error, "out of memory");
    }
    mem_fail_at(0);
    fclose(file);
}

static void generate_write_should_report_a_failed_write(void **state)
{
    (void)state;
    FILE *full = fopen("/dev/full", "w");
    if (full == NULL)
        skip();
    struct generate_options options = preset_options("kymenlaakso");
    char error[128] = "";
    assert_false(generate_instance(&options, full, error, sizeof error));
    assert_non_null(strstr(error, "write"));
    fclose(full);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(generate_default_options_should_pass_its_own_check),
        cmocka_unit_test(generate_setters_should_refuse_bad_values),
        cmocka_unit_test(generate_write_should_give_the_same_bytes_for_the_same_options),
        cmocka_unit_test(generate_write_should_give_other_bytes_for_another_seed),
        cmocka_unit_test(generate_write_should_write_valid_instances_at_several_sizes),
        cmocka_unit_test(generate_keski_suomi_should_match_the_calibration_figures),
        cmocka_unit_test(generate_keski_suomi_should_use_the_reference_municipalities),
        cmocka_unit_test(generate_kymenlaakso_should_keep_every_worker_within_the_cap_of_2023),
        cmocka_unit_test(generate_presets_should_reproduce_the_bundled_instances),
        cmocka_unit_test(generate_write_should_reach_national_scale),
        cmocka_unit_test(generate_write_should_fail_cleanly_when_memory_runs_out),
        cmocka_unit_test(generate_write_should_report_a_failed_write),
        cmocka_unit_test(generate_write_should_make_a_county_under_strain_when_asked),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
