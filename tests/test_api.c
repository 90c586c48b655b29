/* test_api.c - the public API (include/caseload.h): instances held in memory (a
 * JSON buffer, a CSV folder as named buffers, Windows-1252 and sep= included) plan
 * to the same bytes as the same instances read from their paths; the cancel flag
 * set from the progress callback stops with a plan; a bad buffer is refused with
 * its file, line and column; the settings' defaults are the command line's. */
#include "testutil.h"

#include <unistd.h>

#include "caseload.h"
#include "solve/solve.h"

/* The whole file `path` into a new buffer (free it), *length its size. */
static char *read_file(const char *path, size_t *length)
{
    FILE *stream = fopen(path, "rb");
    assert_non_null(stream);
    assert_int_equal(fseek(stream, 0, SEEK_END), 0);
    long size = ftell(stream);
    assert_true(size >= 0);
    rewind(stream);
    char *data = malloc((size_t)size + 1);
    assert_non_null(data);
    assert_int_equal(fread(data, 1, (size_t)size, stream), (size_t)size);
    data[size] = '\0';
    fclose(stream);
    *length = (size_t)size;
    return data;
}

/* `text` with the number after every "solve_seconds": written as 0, in place. */
static void zero_solve_seconds(char *text)
{
    const char *key = "\"solve_seconds\": ";
    for (char *at = strstr(text, key); at != NULL; at = strstr(at, key)) {
        at += strlen(key);
        char *end = at;
        while (*end != '\0' && strchr("0123456789.eE+-", *end) != NULL)
            end++;
        *at = '0';
        memmove(at + 1, end, strlen(end) + 1);
    }
}

/* Plan `instance` with the defaults on one thread and return the plan's JSON
 * (solve_seconds zeroed; caseload_free it). */
static char *plan_json(const caseload_instance *instance)
{
    caseload_settings settings;
    caseload_settings_default(&settings);
    settings.threads = 1;
    caseload_plan *plan = NULL;
    char error[256] = "";
    assert_int_equal(caseload_plan_solve(instance, &settings, &plan, error, sizeof error), CASELOAD_OK);
    caseload_plan_info info;
    caseload_plan_get_info(plan, &info);
    assert_int_equal(info.status, CASELOAD_STATUS_OPTIMAL);
    char *json = NULL;
    size_t length = 0;
    assert_int_equal(caseload_plan_write_buffer(plan, CASELOAD_PLAN_JSON, &json, &length), CASELOAD_OK);
    assert_int_equal(strlen(json), length);
    assert_non_null(strstr(json, "\"format\": \"caseload-plan/1\""));
    zero_solve_seconds(json);
    caseload_plan_free(plan);
    return json;
}

/* The instance at `path`, loaded as the command line loads it. */
static caseload_instance *load_path(const char *path)
{
    caseload_instance *instance = NULL;
    caseload_diagnostics *diagnostics = caseload_diagnostics_create();
    assert_non_null(diagnostics);
    caseload_error error = caseload_instance_load(path, &instance, diagnostics);
    if (error != CASELOAD_OK)
        caseload_diagnostics_write(diagnostics, "test_api", stderr);
    assert_int_equal(error, CASELOAD_OK);
    caseload_diagnostics_free(diagnostics);
    return instance;
}

static void instance_load_buffer_should_plan_as_the_path_does(void **state)
{
    (void)state;
    const char *path = REPO_ROOT "/instances/small/05-siblings-hard.json";
    size_t length = 0;
    char *data = read_file(path, &length);
    caseload_instance *from_memory = NULL;
    assert_int_equal(caseload_instance_load_buffer("05-siblings-hard.json", data, length, &from_memory, NULL),
                     CASELOAD_OK);
    free(data); /* the instance keeps nothing of the buffer */
    caseload_instance *from_path = load_path(path);
    char *planned_in_memory = plan_json(from_memory);
    char *planned_from_path = plan_json(from_path);
    assert_string_equal(planned_in_memory, planned_from_path);
    caseload_free(planned_in_memory);
    caseload_free(planned_from_path);
    caseload_instance_free(from_memory);
    caseload_instance_free(from_path);
}

/* The files of the CSV folder `folder` as named buffers (`names` holds their names). */
static int read_folder(const char *folder, caseload_named_buffer *files, char **owned)
{
    const char *const *names = caseload_csv_file_names();
    int count = 0;
    for (int i = 0; names[i] != NULL; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", folder, names[i]);
        FILE *probe = fopen(path, "rb");
        if (probe == NULL)
            continue;
        fclose(probe);
        size_t length = 0;
        owned[count] = read_file(path, &length);
        files[count] = (caseload_named_buffer){names[i], owned[count], length};
        count++;
    }
    return count;
}

/* Plan the folder from memory and from its path: the same bytes; `warning`, when
 * not NULL, must be among the memory load's warnings. */
static void check_folder_plans_alike(const char *folder, const char *name, const char *warning)
{
    caseload_named_buffer files[8];
    char *owned[8] = {NULL};
    int count = read_folder(folder, files, owned);
    assert_true(count >= 4);
    caseload_diagnostics *diagnostics = caseload_diagnostics_create();
    caseload_instance *from_memory = NULL;
    caseload_error error = caseload_instance_load_csv_buffers(name, files, count, &from_memory, diagnostics);
    if (error != CASELOAD_OK)
        caseload_diagnostics_write(diagnostics, "test_api", stderr);
    assert_int_equal(error, CASELOAD_OK);
    bool warned = warning == NULL;
    for (int i = 0; i < caseload_diagnostics_count(diagnostics); i++) {
        caseload_diagnostic entry;
        assert_true(caseload_diagnostics_get(diagnostics, i, &entry));
        assert_int_equal(entry.severity, CASELOAD_SEVERITY_WARNING);
        warned = warned || strstr(entry.reason, warning) != NULL;
    }
    assert_true(warned);
    for (int i = 0; i < count; i++)
        free(owned[i]);
    caseload_instance *from_path = load_path(folder);
    char *planned_in_memory = plan_json(from_memory);
    char *planned_from_path = plan_json(from_path);
    assert_string_equal(planned_in_memory, planned_from_path);
    caseload_free(planned_in_memory);
    caseload_free(planned_from_path);
    caseload_instance_free(from_memory);
    caseload_instance_free(from_path);
    caseload_diagnostics_free(diagnostics);
}

static void instance_load_csv_buffers_should_plan_as_the_folder_does(void **state)
{
    (void)state;
    check_folder_plans_alike(REPO_ROOT "/tests/csv/good-semicolon", "good-semicolon", NULL);
    check_folder_plans_alike(REPO_ROOT "/tests/csv/excel-windows-1252", "excel-windows-1252",
                             "read as Windows-1252");
    check_folder_plans_alike(REPO_ROOT "/tests/csv/excel-sep", "excel-sep", NULL);
}

static void convert_to_csv_buffers_should_hold_the_folder_convert_writes(void **state)
{
    (void)state;
    const char *path = REPO_ROOT "/instances/small/12-distance-table.json";
    size_t length = 0;
    char *text = read_file(path, &length);
    caseload_csv_folder *folder = NULL;
    assert_int_equal(caseload_convert_to_csv_buffers("12.json", text, length, &folder, NULL), CASELOAD_OK);
    char directory[] = "/tmp/test_api-XXXXXX";
    assert_non_null(mkdtemp(directory));
    char target[64];
    snprintf(target, sizeof target, "%s/folder", directory);
    char error[256] = "";
    assert_int_equal(caseload_convert_to_folder("12.json", text, length, target, NULL, error, sizeof error),
                     CASELOAD_OK);
    /* the same files, the same bytes */
    int count = caseload_csv_folder_count(folder);
    assert_int_equal(count, 6);
    for (int i = 0; i < count; i++) {
        caseload_named_buffer file;
        assert_true(caseload_csv_folder_get(folder, i, &file));
        char written_path[128];
        snprintf(written_path, sizeof written_path, "%s/%s", target, file.name);
        size_t written_length = 0;
        char *written = read_file(written_path, &written_length);
        assert_int_equal(file.length, written_length);
        assert_memory_equal(file.data, written, written_length);
        free(written);
        remove(written_path);
    }
    assert_false(caseload_csv_folder_get(folder, count, &(caseload_named_buffer){0}));
    /* and they read back as the instance: the same plan */
    caseload_named_buffer files[6];
    for (int i = 0; i < count; i++)
        caseload_csv_folder_get(folder, i, &files[i]);
    caseload_instance *round_trip = NULL, *original = NULL;
    assert_int_equal(caseload_instance_load_csv_buffers("12", files, count, &round_trip, NULL), CASELOAD_OK);
    assert_int_equal(caseload_instance_load_buffer("12.json", text, length, &original, NULL), CASELOAD_OK);
    char *planned_round_trip = plan_json(round_trip);
    char *planned_original = plan_json(original);
    assert_string_equal(planned_round_trip, planned_original);
    caseload_free(planned_round_trip);
    caseload_free(planned_original);
    caseload_instance_free(round_trip);
    caseload_instance_free(original);
    rmdir(target);
    rmdir(directory);
    caseload_csv_folder_free(folder);
    free(text);
}

/* The progress callback that sets the caller's cancel flag at its first line. */
struct cancel_on_progress {
    volatile sig_atomic_t flag;
    int calls;
};

static void cancel_at_first_line(void *context, bool transient, const char *text)
{
    (void)transient;
    (void)text;
    struct cancel_on_progress *cancel = context;
    cancel->calls++;
    cancel->flag = 1;
}

static void plan_solve_should_stop_with_its_plan_when_cancelled(void **state)
{
    (void)state;
    caseload_instance *instance = load_path(REPO_ROOT "/instances/keski-suomi.json");
    struct cancel_on_progress cancel = {0, 0};
    caseload_settings settings;
    caseload_settings_default(&settings);
    settings.threads = 1;
    settings.progress = cancel_at_first_line;
    settings.progress_context = &cancel;
    settings.cancel = &cancel.flag;
    caseload_plan *plan = NULL;
    char error[256] = "";
    assert_int_equal(caseload_plan_solve(instance, &settings, &plan, error, sizeof error), CASELOAD_OK);
    assert_true(cancel.calls >= 1);
    caseload_plan_info info;
    caseload_plan_get_info(plan, &info);
    assert_int_equal(info.status, CASELOAD_STATUS_STOPPED);
    assert_true(caseload_status_has_plan(info.status));
    assert_true(info.gap > 0 && info.gap < 1);
    assert_true(info.bound <= info.objective);
    char *json = NULL;
    size_t length = 0;
    assert_int_equal(caseload_plan_write_buffer(plan, CASELOAD_PLAN_JSON, &json, &length), CASELOAD_OK);
    assert_non_null(strstr(json, "\"status\": \"feasible\""));
    caseload_free(json);
    caseload_plan_free(plan);
    caseload_instance_free(instance);
}

static void instance_load_csv_buffers_should_name_file_line_and_column_of_an_error(void **state)
{
    (void)state;
    static const char settings_csv[] = "key;value\r\nname;Pieni\r\ndate;2024-10-08\r\n";
    static const char municipalities[] = "id;lat;lon\r\nJyväskylä;62,2405;25,7513\r\n";
    static const char teams[] = "id;service;office;area\r\navo;avohuolto;Jyväskylä;\r\n";
    static const char workers[] = "id;team;fte\r\nW1;avo;1\r\nW2;avo;1,5\r\n";
    static const char children[] = "id;family;service;municipality;worker\r\nC1;F1;avohuolto;Jyväskylä;W1\r\n";
    const caseload_named_buffer files[] = {
        {"settings.csv", settings_csv, sizeof settings_csv - 1},
        {"municipalities.csv", municipalities, sizeof municipalities - 1},
        {"teams.csv", teams, sizeof teams - 1},
        {"workers.csv", workers, sizeof workers - 1},
        {"children.csv", children, sizeof children - 1},
    };
    caseload_diagnostics *diagnostics = caseload_diagnostics_create();
    caseload_instance *instance = NULL;
    assert_int_equal(caseload_instance_load_csv_buffers("kunta", files, 5, &instance, diagnostics),
                     CASELOAD_ERROR_INPUT);
    assert_null(instance);
    assert_int_equal(caseload_diagnostics_error_count(diagnostics), 1);
    caseload_diagnostic entry;
    assert_true(caseload_diagnostics_get(diagnostics, 0, &entry));
    assert_int_equal(entry.severity, CASELOAD_SEVERITY_ERROR);
    assert_string_equal(entry.file, "kunta/workers.csv");
    assert_int_equal(entry.line, 3);
    assert_int_equal(entry.column, 3);
    assert_non_null(strstr(entry.reason, "1.5"));
    assert_true(strncmp(entry.message, "kunta/workers.csv:3:3: fte: ", 28) == 0);
    assert_false(caseload_diagnostics_get(diagnostics, 1, &entry));
    caseload_diagnostics_free(diagnostics);
}

static void instance_load_buffer_should_name_the_json_path_of_an_error(void **state)
{
    (void)state;
    const char *path = REPO_ROOT "/instances/small/05-siblings-hard.json";
    size_t length = 0;
    char *data = read_file(path, &length);
    char *worker = strstr(data, "\"worker\": \"");
    assert_non_null(worker);
    worker[strlen("\"worker\": \"")] = 'X'; /* the first child's worker becomes unknown */
    caseload_diagnostics *diagnostics = caseload_diagnostics_create();
    caseload_instance *instance = NULL;
    assert_int_equal(caseload_instance_load_buffer("bad.json", data, length, &instance, diagnostics),
                     CASELOAD_ERROR_INPUT);
    caseload_diagnostic entry;
    assert_true(caseload_diagnostics_get(diagnostics, 0, &entry));
    assert_string_equal(entry.file, "bad.json");
    assert_string_equal(entry.json_path, "children[0].worker");
    assert_int_equal(entry.line, 0);
    assert_non_null(strstr(entry.message, "bad.json: children[0].worker: "));
    caseload_diagnostics_free(diagnostics);
    free(data);
}

static void settings_default_should_be_the_command_lines_defaults(void **state)
{
    (void)state;
    caseload_settings settings;
    memset(&settings, 0xA5, sizeof settings);
    caseload_settings_default(&settings);
    /* `caseload help plan`: --time-limit default 60, --gap 0.0001, --threads the
     * cores, --memory-limit half the memory, cuts on, no progress, no trace */
    assert_true(settings.time_limit == 60.0);
    assert_true(settings.gap == 1e-4);
    assert_int_equal(settings.threads, 0);
    assert_true(settings.memory_limit == 0.0);
    assert_true(settings.cuts);
    assert_null(settings.progress);
    assert_null(settings.progress_context);
    assert_null(settings.cancel);
    assert_null(settings.trace);
    /* and the solver's own defaults, which the command line used before the API */
    struct solve_options solve;
    solve_default_options(&solve);
    assert_true(settings.time_limit == solve.time_limit);
    assert_true(settings.gap == solve.gap);
    assert_int_equal(settings.threads, solve.threads);
    assert_true(settings.memory_limit == solve.memory_limit);
    assert_int_equal(settings.cuts, solve.cuts);
    assert_int_equal(caseload_settings_validate(&settings, NULL, 0), CASELOAD_OK);
}

static void settings_validate_should_refuse_a_value_out_of_range(void **state)
{
    (void)state;
    caseload_settings settings;
    caseload_settings_default(&settings);
    settings.gap = 2;
    char error[128] = "";
    assert_int_equal(caseload_settings_validate(&settings, error, sizeof error), CASELOAD_ERROR_USAGE);
    assert_non_null(strstr(error, "gap"));
    caseload_settings_default(&settings);
    settings.threads = CASELOAD_MAX_THREADS + 1;
    assert_int_equal(caseload_settings_validate(&settings, error, sizeof error), CASELOAD_ERROR_USAGE);
    assert_non_null(strstr(error, "threads"));
}

static void error_message_should_name_every_error(void **state)
{
    (void)state;
    for (int e = 0; e < CASELOAD_ERROR_COUNT; e++) {
        const char *message = caseload_error_message((caseload_error)e);
        assert_non_null(message);
        assert_true(strlen(message) > 0);
        assert_string_not_equal(message, "unknown error");
    }
    assert_string_equal(caseload_error_message(CASELOAD_ERROR_COUNT), "unknown error");
}

static void check_write_buffer_should_hold_what_the_stream_gets(void **state)
{
    (void)state;
    caseload_instance *instance = load_path(REPO_ROOT "/instances/small/02-over-cap-no-hires.json");
    caseload_check *check = NULL;
    assert_int_equal(caseload_check_compute(instance, &check), CASELOAD_OK);
    char *buffer = NULL, *streamed = NULL;
    size_t length = 0, streamed_length = 0;
    assert_int_equal(caseload_check_write_buffer(check, CASELOAD_CHECK_VERDICT, &buffer, &length), CASELOAD_OK);
    FILE *stream = open_memstream(&streamed, &streamed_length);
    assert_non_null(stream);
    assert_int_equal(caseload_check_write(check, CASELOAD_CHECK_VERDICT, stream), CASELOAD_OK);
    fclose(stream);
    assert_int_equal(length, streamed_length);
    assert_memory_equal(buffer, streamed, length);
    assert_true(strncmp(buffer, "NOT COMPLIANT: ", 15) == 0);
    caseload_check_info info;
    caseload_check_get_info(check, &info);
    assert_true(info.workers_over_cap > 0);
    free(streamed);
    caseload_free(buffer);
    caseload_check_free(check);
    caseload_instance_free(instance);
}

/* The month through the API alone, as the page runs it: the policy "law" on the
 * instance of small 24 (rules.moves "all") gives small 23's optimum; the plan
 * adopted and planned again under "intake" moves nobody. */
static void moves_and_write_after_should_run_the_month(void **state)
{
    (void)state;
    caseload_moves moves;
    assert_true(caseload_moves_from_name("law", &moves));
    assert_int_equal(moves, CASELOAD_MOVES_LAW);
    assert_false(caseload_moves_from_name("some", &moves));
    caseload_instance *instance = load_path(REPO_ROOT "/instances/small/24-moves-all.json");
    assert_int_equal(caseload_instance_hold_for_moves(instance, CASELOAD_MOVES_LAW), CASELOAD_OK);
    char *json = plan_json(instance);
    assert_non_null(strstr(json, "\"moves\": \"law\""));
    assert_non_null(strstr(json, "\"objective\": 25.0"));
    caseload_diagnostics *diagnostics = caseload_diagnostics_create();
    caseload_plan_file *plan = NULL;
    assert_int_equal(caseload_plan_file_load_buffer(instance, "p.json", json, strlen(json), &plan, diagnostics),
                     CASELOAD_OK);
    assert_int_equal(caseload_plan_file_hires_opened(instance, plan), 0);
    char *next_text = NULL;
    size_t length = 0;
    assert_int_equal(caseload_instance_write_after_buffer(instance, plan, &next_text, &length), CASELOAD_OK);
    caseload_instance *next = NULL;
    assert_int_equal(caseload_instance_load_buffer("next.json", next_text, length, &next, diagnostics), CASELOAD_OK);
    assert_int_equal(caseload_instance_hold_for_moves(next, CASELOAD_MOVES_INTAKE), CASELOAD_OK);
    char *again = plan_json(next);
    assert_non_null(strstr(again, "\"move\": 0"));
    assert_non_null(strstr(again, "\"objective\": 15.0")); /* C05 is still 150 km away */
    caseload_free(again);
    caseload_instance_free(next);
    caseload_free(next_text);
    caseload_plan_file_free(plan);
    caseload_diagnostics_free(diagnostics);
    caseload_free(json);
    caseload_instance_free(instance);
}

static void free_functions_should_accept_null(void **state)
{
    (void)state;
    caseload_instance_free(NULL);
    caseload_scenario_free(NULL);
    caseload_plan_free(NULL);
    caseload_check_free(NULL);
    caseload_sizing_free(NULL);
    caseload_comparison_free(NULL);
    caseload_plan_file_free(NULL);
    caseload_explanation_free(NULL);
    caseload_forecast_free(NULL);
    caseload_forecast_result_free(NULL);
    caseload_forecast_sizing_free(NULL);
    caseload_generator_free(NULL);
    caseload_outputs_free(NULL);
    caseload_csv_folder_free(NULL);
    caseload_diagnostics_free(NULL);
    caseload_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(instance_load_buffer_should_plan_as_the_path_does),
        cmocka_unit_test(instance_load_csv_buffers_should_plan_as_the_folder_does),
        cmocka_unit_test(convert_to_csv_buffers_should_hold_the_folder_convert_writes),
        cmocka_unit_test(plan_solve_should_stop_with_its_plan_when_cancelled),
        cmocka_unit_test(instance_load_csv_buffers_should_name_file_line_and_column_of_an_error),
        cmocka_unit_test(instance_load_buffer_should_name_the_json_path_of_an_error),
        cmocka_unit_test(settings_default_should_be_the_command_lines_defaults),
        cmocka_unit_test(settings_validate_should_refuse_a_value_out_of_range),
        cmocka_unit_test(error_message_should_name_every_error),
        cmocka_unit_test(check_write_buffer_should_hold_what_the_stream_gets),
        cmocka_unit_test(moves_and_write_after_should_run_the_month),
        cmocka_unit_test(free_functions_should_accept_null),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
