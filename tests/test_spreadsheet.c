/* test_spreadsheet.c - CSV folders in and out: separators, BOM, decimal comma, quotes, errors at file:line:column, round trips. */
#include "testutil.h"

#include <dirent.h>
#include <math.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "io/fileio.h"
#include "io/spreadsheet.h"

#define CSV REPO_ROOT "/tests/csv"

/* --- Helpers ----------------------------------------------------------------- */

static void write_text(const char *folder, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", folder, name);
    FILE *file = fopen(path, "wb");
    assert_non_null(file);
    fputs(text, file);
    fclose(file);
}

static void remove_folder(const char *folder)
{
    DIR *directory = opendir(folder);
    if (directory == NULL)
        return;
    struct dirent *entry;
    while ((entry = readdir(directory)) != NULL) {
        char path[512];
        if (entry->d_name[0] == '.')
            continue;
        snprintf(path, sizeof path, "%s/%s", folder, entry->d_name);
        unlink(path);
    }
    closedir(directory);
    rmdir(folder);
}

/* A new temporary folder holding a small valid instance (semicolons, no BOM). */
static void valid_folder(char *folder)
{
    strcpy(folder, "/tmp/caseload-csv-XXXXXX");
    assert_non_null(mkdtemp(folder));
    write_text(folder, "settings.csv", "key;value\nname;Testi\ndate;2024-10-08\n");
    write_text(folder, "municipalities.csv", "id;lat;lon\nJyväskylä;62,2405;25,7513\nMuurame;62,1353;25,6691\n");
    write_text(folder, "teams.csv", "id;service;office;area\navo;avohuolto;Jyväskylä;Jyväskylä|Muurame\n");
    write_text(folder, "workers.csv", "id;team;fte\nW1;avo;1\nW2;avo;0,5\n");
    write_text(folder, "children.csv", "id;service;municipality;worker\nC1;avohuolto;Muurame;W1\n"
                                       "C2;avohuolto;Jyväskylä;W2\n");
}

/* Read `folder`; returns the JSON text (free it) or NULL with the errors in *diag. */
static char *read_folder(const char *folder, struct diag *diag)
{
    size_t length = 0;
    diag_init(diag, folder);
    return spreadsheet_read_json(folder, &length, diag);
}

static bool diag_has(const struct diag *diag, const char *text)
{
    for (int i = 0; i < diag->kept; i++)
        if (strstr(diag->messages[i], text) != NULL)
            return true;
    for (int i = 0; i < diag->kept; i++)
        fprintf(stderr, "  got: %s\n", diag->messages[i]);
    return false;
}

/* Replace one file of a valid folder and expect the error `expected` (with the
 * folder's path in front) and exit code 3's condition: NULL text, count > 0. */
static void expect_error(const char *file, const char *text, const char *expected)
{
    char folder[64], message[512];
    valid_folder(folder);
    write_text(folder, file, text);
    struct diag diag;
    char *json = read_folder(folder, &diag);
    assert_null(json);
    assert_true(diag.count > 0);
    snprintf(message, sizeof message, "%s/%s", folder, expected);
    assert_true(diag_has(&diag, message));
    diag_free(&diag);
    remove_folder(folder);
}

static struct instance *load_folder(const char *folder)
{
    struct diag diag;
    diag_init(&diag, folder);
    struct instance *instance = spreadsheet_load(folder, &diag);
    for (int i = 0; instance == NULL && i < diag.kept; i++)
        fprintf(stderr, "%s\n", diag.messages[i]);
    diag_free(&diag);
    assert_non_null(instance);
    return instance;
}

/* --- Reading ----------------------------------------------------------------- */

static void spreadsheet_load_should_read_semicolons_bom_crlf_and_decimal_commas(void **state)
{
    (void)state;
    struct instance *instance = load_folder(CSV "/good-semicolon");
    assert_string_equal(instance->name, "Pieni \"testi\": Jyväskylä ja Äänekoski");
    assert_int_equal(instance->date.year, 2024); /* 8.10.2024 */
    assert_int_equal(instance->date.month, 10);
    assert_int_equal(instance->date.day, 8);
    assert_int_equal(instance->rules.cap, 4);
    assert_true(instance->rules.road_factor == 1.3);
    assert_true(instance->rules.weights[TERM_MOVE] == 12.5);
    assert_int_equal(instance->municipality_count, 3);
    assert_string_equal(instance->municipalities[1].id, "Äänekoski");
    assert_true(instance->municipalities[1].lat == 62.617);
    assert_int_equal(instance->distance_table_count, 1);
    assert_true(instance->distance_table[0].km == 46.5);
    int jkl = instance_find_team(instance, "avo-jkl");
    assert_int_equal(instance->teams[jkl].area_count, 2);
    assert_int_equal(instance->teams[jkl].max_hires, 1);
    int aane = instance_find_team(instance, "avo-ääne");
    assert_true(aane >= 0);
    assert_true(instance->teams[aane].target == 26.5);
    int w2 = instance_find_worker(instance, "W2");
    assert_true(instance->workers[w2].fte == 0.8);
    assert_int_equal(instance->workers[w2].max_new, 2);
    assert_true(instance->workers[instance_find_worker(instance, "W4")].fte == 0.5); /* quoted "0,5" */
    assert_true(instance->workers[instance_find_worker(instance, "W4")].leaving);
    /* the empty row ;;;;;;; is skipped */
    assert_int_equal(instance->child_count, 6);
    assert_true(instance->children[1].weight == 1.5);
    assert_false(instance->children[2].locked);
    assert_true(instance->children[5].locked); /* "1" */
    assert_int_equal(instance->children[4].worker, -1); /* empty cell: new intake */
    assert_false(instance->children[3].born_given);
    instance_free(instance);
}

static void spreadsheet_read_json_should_give_the_same_json_for_commas_lf_and_another_column_order(void **state)
{
    (void)state;
    struct diag semicolon_diag, comma_diag;
    char *semicolon = read_folder(CSV "/good-semicolon", &semicolon_diag);
    char *comma = read_folder(CSV "/good-comma", &comma_diag);
    assert_non_null(semicolon);
    assert_non_null(comma);
    assert_string_equal(semicolon, comma);
    /* keys in the order of the format, one entry per line */
    assert_non_null(strstr(semicolon, "\n    {\"id\": \"Jyväskylä\", \"lat\": 62.2405, \"lon\": 25.7513},\n"));
    assert_non_null(strstr(semicolon, "\"rules\": {\"cap\": 4, \"road_factor\": 1.3, \"family\": \"soft\", "
                                      "\"weights\": {\"move\": 12.5}}"));
    mem_free(semicolon);
    mem_free(comma);
    diag_free(&semicolon_diag);
    diag_free(&comma_diag);
}

static void spreadsheet_read_json_should_map_instance_errors_to_file_line_and_column(void **state)
{
    (void)state;
    struct diag diag;
    assert_null(read_folder(CSV "/bad-values", &diag));
    assert_int_equal(diag.count, 6);
    assert_true(diag_has(&diag, "bad-values/workers.csv:3:3: fte: must be greater than 0 and at most 1, got 1.5"));
    assert_true(diag_has(&diag, "bad-values/workers.csv:4:2: team: unknown team \"avo-north\""));
    assert_true(diag_has(&diag, "bad-values/workers.csv:5:1: id: duplicate id \"W1\" (also line 2)"));
    assert_true(diag_has(&diag, "bad-values/children.csv:3:5: born: a full birth date is not allowed"));
    assert_true(diag_has(&diag, "bad-values/children.csv:3:6: worker: unknown worker \"W9\""));
    assert_true(diag_has(&diag, "bad-values/children.csv:5:3: service: missing: the cell is empty"));
    diag_free(&diag);
}

/* A row with an empty required cell is refused by the CSV reader itself, each
 * empty cell reported and counted, while every other row is still checked in the
 * same run; a reference to a refused row is not reported again as unknown. */
static void spreadsheet_read_json_should_refuse_rows_with_empty_required_cells_and_report_the_rest(void **state)
{
    (void)state;
    char folder[64], message[512];
    valid_folder(folder);
    write_text(folder, "workers.csv", "id;team;fte\nW1;avo;1\nW2;;0,5\n");
    /* 60 children without a service, then one with an unknown municipality */
    char children[4096] = "id;service;municipality;worker\n";
    for (int i = 0; i < 60; i++)
        snprintf(children + strlen(children), sizeof children - strlen(children), "C%d;;Muurame;W2\n", i);
    strcat(children, "C99;avohuolto;Oulu;W2\n");
    write_text(folder, "children.csv", children);
    struct diag diag;
    assert_null(read_folder(folder, &diag));
    assert_int_equal(diag.count, 1 + 60 + 1);
    assert_int_equal(diag.kept, DIAG_KEEP);
    snprintf(message, sizeof message, "%s/workers.csv:3:2: team: missing: the cell is empty", folder);
    assert_true(diag_has(&diag, message));
    snprintf(message, sizeof message, "%s/children.csv:2:2: service: missing: the cell is empty", folder);
    assert_true(diag_has(&diag, message));
    for (int i = 0; i < diag.kept; i++)
        assert_null(strstr(diag.messages[i], "unknown worker"));
    diag_free(&diag);
    /* with fewer errors than are kept, the rows still checked show theirs */
    write_text(folder, "children.csv", "id;service;municipality;worker\nC1;;Muurame;W2\nC2;avohuolto;Oulu;W1\n");
    assert_null(read_folder(folder, &diag));
    assert_int_equal(diag.count, 3);
    snprintf(message, sizeof message, "%s/children.csv:3:3: municipality: unknown municipality \"Oulu\"", folder);
    assert_true(diag_has(&diag, message));
    diag_free(&diag);
    remove_folder(folder);
}

static void spreadsheet_read_json_should_report_a_cell_that_is_not_a_number(void **state)
{
    (void)state;
    expect_error("workers.csv", "id;team;fte\nW1;avo;1\nW2;avo;puoli\n",
                 "workers.csv:3:3: fte: expected a number, got \"puoli\"");
    expect_error("workers.csv", "id;team;fte\nW1;avo;1\nW2;avo;1.234,5\n",
                 "workers.csv:3:3: fte: expected a number, got \"1.234,5\"");
    expect_error("municipalities.csv", "id;lat;lon\nJyväskylä;62,2405;25,7513\nMuurame;inf;25\n",
                 "municipalities.csv:3:2: lat: expected a number, got \"inf\"");
}

static void spreadsheet_read_json_should_report_a_cell_that_is_not_yes_or_no(void **state)
{
    (void)state;
    expect_error("workers.csv", "id;team;leaving\nW1;avo;ehkä\nW2;avo;\n",
                 "workers.csv:2:3: leaving: expected true or false");
}

static void spreadsheet_read_json_should_report_broken_quotes_at_their_line(void **state)
{
    (void)state;
    expect_error("children.csv", "id;service;municipality\nC1;avohuolto;Muurame\nC2;\"avohuolto;Muurame\n",
                 "children.csv:3:2: a quoted cell is not closed");
    expect_error("children.csv", "id;service;municipality\nC1;\"avo\"huolto;Muurame\n",
                 "children.csv:2:2: text after the closing quote");
}

/* Read `folder` with notes; returns the JSON text (free it) or NULL. */
static char *read_folder_noted(const char *folder, struct diag *diag, struct diag *notes)
{
    size_t length = 0;
    diag_init(diag, folder);
    diag_init(notes, NULL);
    return spreadsheet_read_json_noted(folder, &length, diag, notes);
}

static void spreadsheet_read_json_should_note_extra_columns_and_report_missing_ones(void **state)
{
    (void)state;
    char folder[64];
    valid_folder(folder);
    write_text(folder, "workers.csv", "id;team;ftee;notes\nW1;avo;1;lomalla\nW2;avo;0,5;\n");
    struct diag diag, notes;
    char *json = read_folder_noted(folder, &diag, &notes);
    assert_non_null(json);
    assert_int_equal(notes.count, 1);
    assert_true(diag_has(&notes, "workers.csv: columns \"ftee\" (did you mean \"fte\"?), \"notes\" are "
                                 "not read (the columns of workers.csv: id, team, fte,"));
    mem_free(json);
    diag_free(&diag);
    diag_free(&notes);
    remove_folder(folder);

    /* a missing column is an error, and the other errors still show in the same run */
    expect_error("workers.csv", "id;fte\nW1;1\n", "workers.csv:1: missing column \"team\"");
    expect_error("workers.csv", "id;fte\nW1;1\n", "children.csv:3:4: worker: unknown worker \"W2\"");
    expect_error("workers.csv", "id;team;fte;FTE\nW1;avo;1;1\n",
                 "workers.csv:1:4: fte: the column is given twice (also column 3)");
}

static void spreadsheet_read_json_should_hint_at_a_decimal_comma_in_a_comma_file(void **state)
{
    (void)state;
    expect_error("workers.csv", "id,team,fte\nW1,avo,1\nW2,avo,0,5\n",
                 "workers.csv:3:4: a cell outside the columns of the header (in a file separated by "
                 "commas, a number with a decimal comma must be quoted");
}

static void spreadsheet_read_json_should_read_windows_1252_and_say_so_once(void **state)
{
    (void)state;
    char folder[64];
    valid_folder(folder);
    /* Jyväskylä in Windows-1252, as Excel's plain "CSV" saves it */
    write_text(folder, "children.csv", "id;service;municipality\nC1;avohuolto;Jyv\xE4skyl\xE4\n"
                                       "C2;avohuolto;Jyv\xE4skyl\xE4\n");
    write_text(folder, "municipalities.csv", "id;lat;lon\nJyv\xE4skyl\xE4;62,2405;25,7513\nMuurame;62,1;25,6\n");
    struct diag diag, notes;
    char *json = read_folder_noted(folder, &diag, &notes);
    assert_non_null(json);
    assert_non_null(strstr(json, "\"municipality\": \"Jyväskylä\""));
    assert_int_equal(notes.count, 1);
    assert_true(diag_has(&notes, "read as Windows-1252 (Excel's plain \"CSV\"): municipalities.csv, children.csv"));
    mem_free(json);
    diag_free(&diag);
    diag_free(&notes);
    remove_folder(folder);
}

static void spreadsheet_read_json_should_read_utf16_and_excels_sep_line(void **state)
{
    (void)state;
    char folder[64];
    valid_folder(folder);
    /* "id\tteam\r\nW1\tavo\r\nW2\tavo\r\n" as UTF-16 LE with its byte order mark */
    static const char utf16[] = "\xFF\xFEi\0d\0\t\0t\0e\0a\0m\0\r\0\n\0W\0001\0\t\0a\0v\0o\0\r\0\n\0"
                                "W\0002\0\t\0a\0v\0o\0\r\0\n\0";
    char path[128];
    snprintf(path, sizeof path, "%s/workers.csv", folder);
    FILE *file = fopen(path, "wb");
    assert_non_null(file);
    fwrite(utf16, 1, sizeof utf16 - 1, file);
    fclose(file);
    write_text(folder, "teams.csv", "sep=,\nid,service,office,area\navo,avohuolto,Jyväskylä,Jyväskylä|Muurame\n");
    struct diag diag;
    char *json = read_folder(folder, &diag);
    assert_non_null(json);
    assert_non_null(strstr(json, "{\"id\": \"W2\", \"team\": \"avo\"}"));
    assert_non_null(strstr(json, "\"office\": \"Jyväskylä\""));
    mem_free(json);
    diag_free(&diag);
    remove_folder(folder);
    /* the line numbers stay those of the file */
    expect_error("teams.csv", "sep=;\nid;service;office\navo;avohuolto;Jyväskylä;x\n",
                 "teams.csv:3:4: a cell outside the columns of the header");
}

static void spreadsheet_read_json_should_trim_cells_and_keep_the_month_of_a_birth_date(void **state)
{
    (void)state;
    char folder[64];
    valid_folder(folder);
    write_text(folder, "children.csv", "id;service;municipality;born;worker\n"
                                       "C1 ; avohuolto;Muurame \xC2\xA0; 2017-11;W1\n"
                                       "C2;avohuolto;Jyväskylä;10.2019;W2\n"
                                       "C3;avohuolto;Jyväskylä;1.11.2017;W2\n");
    struct diag diag, notes;
    char *json = read_folder_noted(folder, &diag, &notes);
    assert_non_null(json);
    assert_non_null(strstr(json, "{\"id\": \"C1\", \"service\": \"avohuolto\", \"municipality\": \"Muurame\", "
                                 "\"born\": \"2017-11\""));
    assert_non_null(strstr(json, "\"born\": \"2019-10\""));
    assert_non_null(strstr(json, "\"id\": \"C3\", \"service\": \"avohuolto\", \"municipality\": \"Jyväskylä\", "
                                 "\"born\": \"2017-11\""));
    assert_int_equal(notes.count, 1);
    assert_true(diag_has(&notes, "children.csv: born: 1 birth date D.M.YYYY was read as its month only"));
    mem_free(json);
    diag_free(&diag);
    diag_free(&notes);
    remove_folder(folder);
    expect_error("children.csv", "id;service;municipality;born\nC1;avohuolto;Muurame;11/2017\n",
                 "children.csv:2:4: born: expected a birth month YYYY-MM, got \"11/2017\" (in a spreadsheet "
                 "also M.YYYY, as 10.2019, or a date D.M.YYYY)");
}

static void spreadsheet_wrong_kind_should_name_a_workbook_and_a_single_csv_file(void **state)
{
    (void)state;
    char reason[512];
    assert_true(spreadsheet_wrong_kind("kunta.xlsx", "PK\x03\x04rest", 8, reason, sizeof reason));
    assert_non_null(strstr(reason, "an Excel workbook (.xlsx), not a caseload instance: save each sheet"));
    assert_true(spreadsheet_wrong_kind("kunta/workers.csv", "id;team\nW1;avo\n", 16, reason, sizeof reason));
    assert_non_null(strstr(reason, "give the folder that holds it (kunta)"));
    assert_false(spreadsheet_wrong_kind("kunta.json", " {\"format\": 1", 14, reason, sizeof reason));
    assert_false(spreadsheet_wrong_kind("kunta.json", "not json", 8, reason, sizeof reason));
}

static void spreadsheet_read_json_should_report_settings_and_missing_files(void **state)
{
    (void)state;
    expect_error("settings.csv", "key;value\nname;X\ndate;2024-10-08\nkatto;30\n",
                 "settings.csv:4:1: unknown setting \"katto\"");
    expect_error("settings.csv", "key;value\nname;X\ndate;2024-02-30\n",
                 "settings.csv:3:2: date: \"2024-02-30\" is not a date on the calendar");
    expect_error("settings.csv", "key;value\nname;X\ndate;2024-10-08\ncap;0\n",
                 "settings.csv:4:2: cap: must be a whole number from 1 to");
    expect_error("settings.csv", "key;value\nname;X\n",
                 "settings.csv: date: missing: settings.csv needs a row \"date;D.M.YYYY\" (as 8.10.2024) "
                 "or \"date;YYYY-MM-DD\"");
    expect_error("settings.csv", "key;value\nname;X\ndate;10/8/2024\n",
                 "settings.csv:3:2: date: expected a date D.M.YYYY (as 8.10.2024) or YYYY-MM-DD, got");

    char folder[64];
    valid_folder(folder);
    char path[128];
    snprintf(path, sizeof path, "%s/teams.csv", folder);
    unlink(path);
    struct diag diag;
    assert_null(read_folder(folder, &diag));
    snprintf(path, sizeof path, "%s/teams.csv: the file is missing", folder);
    assert_true(diag_has(&diag, path));
    diag_free(&diag);
    remove_folder(folder);
}

static void spreadsheet_read_json_should_report_an_empty_name_in_an_area(void **state)
{
    (void)state;
    expect_error("teams.csv", "id;service;office;area\navo;avohuolto;Jyväskylä;Jyväskylä||Muurame\n",
                 "teams.csv:2:4: area: an empty name in the list \"Jyväskylä||Muurame\"");
    expect_error("teams.csv", "id;service;office;area\navo;avohuolto;Jyväskylä;Jyväskylä|Muuramé\n",
                 "teams.csv:2:4: area: unknown municipality \"Muuramé\"");
}

static void spreadsheet_read_json_should_refuse_a_path_that_is_not_a_folder(void **state)
{
    (void)state;
    struct diag diag;
    assert_null(read_folder(CSV "/does-not-exist", &diag));
    assert_true(diag_has(&diag, "does-not-exist: not a folder of CSV files"));
    diag_free(&diag);
    assert_false(spreadsheet_is_folder(CSV "/good-comma/teams.csv"));
    assert_true(spreadsheet_is_folder(CSV "/good-comma"));
}

/* --- Writing and round trips ------------------------------------------------- */

/* JSON file -> folder -> JSON text; the text is equal as JSON to the file. */
static char *round_trip(const char *path, const char *folder)
{
    char error[512];
    size_t length = 0;
    char *original = fileio_read_all(path, &length, error, sizeof error);
    assert_non_null(original);
    struct diag diag;
    diag_init(&diag, path);
    int code = spreadsheet_write_folder(original, length, folder, &diag, error, sizeof error);
    if (code != EXIT_DONE)
        fprintf(stderr, "%s: %s %s\n", path, error, diag.kept > 0 ? diag.messages[0] : "");
    assert_int_equal(code, EXIT_DONE);
    diag_free(&diag);
    char *converted = read_folder(folder, &diag);
    for (int i = 0; converted == NULL && i < diag.kept; i++)
        fprintf(stderr, "%s\n", diag.messages[i]);
    assert_non_null(converted);
    diag_free(&diag);
    const char *json = original;
    if (strncmp(json, "\xEF\xBB\xBF", 3) == 0)
        json += 3;
    cJSON *before = cJSON_Parse(json);
    cJSON *after = cJSON_Parse(converted);
    assert_non_null(before);
    assert_non_null(after);
    if (!cJSON_Compare(before, after, true))
        fail_msg("%s: the JSON differs after the CSV round trip", path);
    cJSON_Delete(before);
    cJSON_Delete(after);
    mem_free(original);
    return converted;
}

static void spreadsheet_write_folder_should_round_trip_every_sample_instance(void **state)
{
    (void)state;
    const char *paths[40];
    char names[40][256];
    int count = 0;
    DIR *directory = opendir(REPO_ROOT "/instances/small");
    assert_non_null(directory);
    struct dirent *entry;
    while ((entry = readdir(directory)) != NULL && count < 38) {
        size_t length = strlen(entry->d_name);
        if (length > 5 && strcmp(entry->d_name + length - 5, ".json") == 0) {
            snprintf(names[count], sizeof names[count], REPO_ROOT "/instances/small/%s", entry->d_name);
            paths[count] = names[count];
            count++;
        }
    }
    closedir(directory);
    assert_true(count >= 15);
    paths[count++] = REPO_ROOT "/instances/keski-suomi.json";
    paths[count++] = REPO_ROOT "/instances/kymenlaakso.json";
    for (int i = 0; i < count; i++) {
        char first[64], second[64];
        strcpy(first, "/tmp/caseload-round-XXXXXX");
        strcpy(second, "/tmp/caseload-round-XXXXXX");
        assert_non_null(mkdtemp(first));
        assert_non_null(mkdtemp(second));
        char *once = round_trip(paths[i], first);
        /* folder -> JSON -> folder -> JSON gives the same bytes */
        char converted_path[128];
        snprintf(converted_path, sizeof converted_path, "%s/instance.json", second);
        write_text(second, "instance.json", once);
        char sub[128];
        snprintf(sub, sizeof sub, "%s/csv", second);
        char *twice = round_trip(converted_path, sub);
        assert_string_equal(once, twice);
        mem_free(once);
        mem_free(twice);
        remove_folder(sub);
        remove_folder(first);
        remove_folder(second);
    }
}

static void spreadsheet_write_folder_should_write_files_for_finnish_spreadsheets(void **state)
{
    (void)state;
    char folder[64];
    strcpy(folder, "/tmp/caseload-out-XXXXXX");
    assert_non_null(mkdtemp(folder));
    char sub[128];
    snprintf(sub, sizeof sub, "%s/kansio", folder);
    mem_free(round_trip(REPO_ROOT "/instances/small/14-part-time-fte.json", sub));
    char path[256], error[256];
    size_t length = 0;
    snprintf(path, sizeof path, "%s/workers.csv", sub);
    char *text = fileio_read_all(path, &length, error, sizeof error);
    assert_non_null(text);
    assert_memory_equal(text, "\xEF\xBB\xBFid;team;fte\r\n", strlen("\xEF\xBB\xBFid;team;fte\r\n"));
    assert_non_null(strstr(text, "W1;avo;0,8\r\n")); /* decimal comma */
    struct stat status;
    assert_int_equal(stat(path, &status), 0);
    assert_int_equal(status.st_mode & 0777, 0600);
    mem_free(text);
    remove_folder(sub);
    remove_folder(folder);
}

static void spreadsheet_write_folder_should_remove_a_stale_distance_table(void **state)
{
    (void)state;
    char folder[64], error[256];
    valid_folder(folder);
    write_text(folder, "distances.csv", "from;to;km\nJyväskylä;Muurame;1\n");
    const char *json = "{\"format\": \"caseload-instance/1\", \"date\": \"2024-10-08\","
                       " \"municipalities\": [{\"id\": \"A\", \"lat\": 60, \"lon\": 25}],"
                       " \"teams\": [], \"workers\": [], \"children\": []}";
    struct diag diag;
    diag_init(&diag, "x.json");
    assert_int_equal(spreadsheet_write_folder(json, strlen(json), folder, &diag, error, sizeof error),
                     EXIT_DONE);
    char path[128];
    snprintf(path, sizeof path, "%s/distances.csv", folder);
    assert_int_equal(access(path, F_OK), -1);
    diag_free(&diag);
    char *back = read_folder(folder, &diag);
    assert_non_null(back);
    assert_null(strstr(back, "distances"));
    mem_free(back);
    diag_free(&diag);
    remove_folder(folder);
}

static void spreadsheet_write_folder_should_refuse_an_invalid_instance(void **state)
{
    (void)state;
    char error[256];
    const char *json = "{\"format\": \"caseload-instance/1\", \"date\": \"2024-10-08\","
                       " \"municipalities\": [], \"teams\": [], \"workers\": [{\"id\": \"W1\", \"team\": \"x\"}],"
                       " \"children\": []}";
    struct diag diag;
    diag_init(&diag, "x.json");
    assert_int_equal(spreadsheet_write_folder(json, strlen(json), "/tmp/caseload-never-written", &diag,
                                              error, sizeof error),
                     EXIT_INPUT);
    assert_true(diag_has(&diag, "x.json: workers[0].team: unknown team \"x\""));
    assert_int_equal(access("/tmp/caseload-never-written", F_OK), -1);
    diag_free(&diag);
}


/* --- Hostile input (issue 11) ---------------------------------------------------- */

/* No message about a header, a setting key or a cell shows an identity code, in
 * whatever writing, or a raw control character. */
static void spreadsheet_read_json_should_never_echo_identity_codes_or_control_characters(void **state)
{
    (void)state;
    char folder[64];
    valid_folder(folder);
    write_text(folder, "settings.csv", "key;value\nname;Testi\ndate;2024-10-08\n"
                                       "010203\xE2\x80\x93" "123B;1\n\x1b[31mred;2\n");
    write_text(folder, "workers.csv", "id;team;fte;\xEF\xBC\x90\xEF\xBC\x91" "0203A123B\n"
                                      "W1;avo;010203 123B\nW2;avo;0,5\n");
    struct diag diag, notes;
    char *json = read_folder_noted(folder, &diag, &notes);
    assert_null(json);
    assert_true(diag.count >= 3);
    for (int i = 0; i < diag.kept; i++) {
        assert_null(strstr(diag.messages[i], "0203"));
        assert_null(strchr(diag.messages[i], '\x1b'));
    }
    for (int i = 0; i < notes.kept; i++) {
        assert_null(strstr(notes.messages[i], "0203"));
        assert_null(strchr(notes.messages[i], '\x1b'));
    }
    assert_true(diag_has(&diag, "settings.csv:4:1: unknown setting (withheld: looks like a personal identity code)"));
    assert_true(diag_has(&diag, "settings.csv:5:1: unknown setting \"\\x{1b}[31mred\""));
    /* an extra column is named in a note, not an error (issue 16), and withheld there */
    assert_true(diag_has(&notes, "workers.csv: column (withheld"));
    diag_free(&diag);
    diag_free(&notes);
    write_text(folder, "workers.csv", "id;team;fte\nW1;avo;010203 123B\nW2;avo;0,5\n");
    write_text(folder, "settings.csv", "key;value\nname;Testi\ndate;2024-10-08\n");
    json = read_folder(folder, &diag);
    assert_null(json);
    assert_true(diag_has(&diag, "workers.csv:2:3: fte: expected a number, got (withheld"));
    diag_free(&diag);
    remove_folder(folder);
}

/* Peak resident memory of the process so far, in kB. */
static long peak_kb(void)
{
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

/* Empty cells at the end of a line are not kept, so a line of five million
 * separators costs a handful of allocations, not one per cell, and little more
 * memory than its file (16 bytes a cell would be 80 MB). */
static void spreadsheet_read_json_should_not_keep_trailing_empty_cells(void **state)
{
    (void)state;
    char folder[64];
    valid_folder(folder);
    size_t count = 5000000;
    char *line = malloc(count + 200);
    assert_non_null(line);
    strcpy(line, "id;service;municipality;worker\nC1;avohuolto;Muurame;W1");
    size_t used = strlen(line);
    memset(line + used, ';', count);
    strcpy(line + used + count, "\nC2;avohuolto;Jyväskylä;W2\n");
    write_text(folder, "children.csv", line);
    free(line);
    long peak_before = peak_kb();
    mem_fail_at(0);
    struct diag diag;
    char *json = read_folder(folder, &diag);
    long allocations = mem_alloc_count();
    assert_non_null(json);
    assert_true(allocations < 2000);
    long growth = peak_kb() - peak_before;
    if (growth > 40 * 1024)
        fail_msg("reading a 5 MB line of separators raised the peak by %ld kB", growth);
    mem_free(json);
    diag_free(&diag);
    /* a cell beyond column 1000 is refused, not stored */
    char cells[2100] = "id;service;municipality;worker\nC1";
    for (int i = 0; i < 1000; i++)
        strcat(cells, ";");
    strcat(cells, "x\n");
    write_text(folder, "children.csv", cells);
    json = read_folder(folder, &diag);
    assert_null(json);
    assert_true(diag_has(&diag, "children.csv:2:1001: a cell beyond column 1000"));
    diag_free(&diag);
    remove_folder(folder);
}

/* Text that a spreadsheet program would take for a formula is written with a
 * leading apostrophe, which the reader strips again: the same text comes back. */
static void spreadsheet_write_folder_should_neutralise_formulas_and_read_them_back(void **state)
{
    (void)state;
    static const char *const names[] = {"=HYPERLINK(\"http://x\";\"y\")", "@SUM(A1)", "+1+1",
                                        "-2", "'quoted", "''twice", ("\xE2\x88\x92" "1+1"), "plain"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char folder[64], error[256];
        strcpy(folder, "/tmp/caseload-out-XXXXXX");
        assert_non_null(mkdtemp(folder));
        cJSON *root = cJSON_Parse("{\"format\": \"caseload-instance/1\", \"date\": \"2024-10-08\","
                                  " \"municipalities\": [{\"id\": \"A\", \"lat\": 60, \"lon\": 25}],"
                                  " \"teams\": [], \"workers\": [], \"children\": []}");
        assert_non_null(root);
        cJSON_AddStringToObject(root, "name", names[i]);
        char *json = cJSON_PrintUnformatted(root);
        cJSON_Delete(root);
        struct diag diag;
        diag_init(&diag, "x.json");
        assert_int_equal(spreadsheet_write_folder(json, strlen(json), folder, &diag, error, sizeof error),
                         EXIT_DONE);
        diag_free(&diag);
        free(json);
        char path[128];
        size_t length = 0;
        snprintf(path, sizeof path, "%s/settings.csv", folder);
        char *text = fileio_read_all(path, &length, error, sizeof error);
        assert_non_null(text);
        const char *cell = strstr(text, "name;");
        assert_non_null(cell);
        cell += 5;
        if (*cell == '"')
            cell++;
        bool formula = names[i][0] == '=' || names[i][0] == '@' || names[i][0] == '+' ||
                       names[i][0] == '\'' || (unsigned char)names[i][0] == 0xE2;
        if (formula != (*cell == '\''))
            fail_msg("%s written as %.20s", names[i], cell);
        mem_free(text);
        struct instance *instance = load_folder(folder);
        assert_string_equal(instance->name, names[i]);
        instance_free(instance);
        remove_folder(folder);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(spreadsheet_load_should_read_semicolons_bom_crlf_and_decimal_commas),
        cmocka_unit_test(spreadsheet_read_json_should_give_the_same_json_for_commas_lf_and_another_column_order),
        cmocka_unit_test(spreadsheet_read_json_should_map_instance_errors_to_file_line_and_column),
        cmocka_unit_test(spreadsheet_read_json_should_refuse_rows_with_empty_required_cells_and_report_the_rest),
        cmocka_unit_test(spreadsheet_read_json_should_report_a_cell_that_is_not_a_number),
        cmocka_unit_test(spreadsheet_read_json_should_report_a_cell_that_is_not_yes_or_no),
        cmocka_unit_test(spreadsheet_read_json_should_report_broken_quotes_at_their_line),
        cmocka_unit_test(spreadsheet_read_json_should_note_extra_columns_and_report_missing_ones),
        cmocka_unit_test(spreadsheet_read_json_should_hint_at_a_decimal_comma_in_a_comma_file),
        cmocka_unit_test(spreadsheet_read_json_should_read_windows_1252_and_say_so_once),
        cmocka_unit_test(spreadsheet_read_json_should_read_utf16_and_excels_sep_line),
        cmocka_unit_test(spreadsheet_read_json_should_trim_cells_and_keep_the_month_of_a_birth_date),
        cmocka_unit_test(spreadsheet_wrong_kind_should_name_a_workbook_and_a_single_csv_file),
        cmocka_unit_test(spreadsheet_read_json_should_report_settings_and_missing_files),
        cmocka_unit_test(spreadsheet_read_json_should_report_an_empty_name_in_an_area),
        cmocka_unit_test(spreadsheet_read_json_should_refuse_a_path_that_is_not_a_folder),
        cmocka_unit_test(spreadsheet_write_folder_should_round_trip_every_sample_instance),
        cmocka_unit_test(spreadsheet_write_folder_should_write_files_for_finnish_spreadsheets),
        cmocka_unit_test(spreadsheet_write_folder_should_remove_a_stale_distance_table),
        cmocka_unit_test(spreadsheet_write_folder_should_refuse_an_invalid_instance),
        cmocka_unit_test(spreadsheet_read_json_should_never_echo_identity_codes_or_control_characters),
        cmocka_unit_test(spreadsheet_read_json_should_not_keep_trailing_empty_cells),
        cmocka_unit_test(spreadsheet_write_folder_should_neutralise_formulas_and_read_them_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
