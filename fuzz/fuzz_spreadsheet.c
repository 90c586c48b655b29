/* fuzz_spreadsheet.c - libFuzzer target: the CSV folder loader (spreadsheet_read_json) on arbitrary files, and the JSON it returns back through instance_parse and spreadsheet_write_folder. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/common.h"
#include "fuzz_common.h"
#include "core/instance.h"
#include "io/spreadsheet.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input is the folder's files in this order, separated by NUL bytes (which
 * no valid CSV holds); an empty part is a missing file. */
static const char *const file_names[] = {"settings.csv", "municipalities.csv", "teams.csv",
                                         "workers.csv",  "children.csv",       "distances.csv"};
#define FILE_COUNT (sizeof file_names / sizeof file_names[0])

static char folder[64], copy[80];

/* Empty `directory` of regular files (the loader and writer create no others). */
static void empty_folder(const char *directory)
{
    DIR *listing = opendir(directory);
    if (listing == NULL)
        return;
    struct dirent *entry;
    char path[512];
    while ((entry = readdir(listing)) != NULL) {
        if (entry->d_name[0] == '.' && (entry->d_name[1] == '\0' || strcmp(entry->d_name, "..") == 0))
            continue;
        snprintf(path, sizeof path, "%s/%s", directory, entry->d_name);
        unlink(path);
    }
    closedir(listing);
}

static void remove_folders(void)
{
    empty_folder(folder);
    empty_folder(copy);
    rmdir(folder);
    rmdir(copy);
}

static void make_folders(void)
{
    if (folder[0] != '\0')
        return;
    const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(folder, sizeof folder, "%s/caseload-fuzz-XXXXXX", base);
    REQUIRE(mkdtemp(folder) != NULL);
    snprintf(copy, sizeof copy, "%s-copy", folder);
    atexit(remove_folders);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    make_folders();
    empty_folder(folder);
    size_t start = 0;
    for (size_t f = 0; f < FILE_COUNT && start <= size; f++) {
        const uint8_t *end = start < size ? memchr(data + start, '\0', size - start) : NULL;
        size_t part = end != NULL ? (size_t)(end - (data + start)) : size - start;
        if (part > 0) {
            char path[512];
            snprintf(path, sizeof path, "%s/%s", folder, file_names[f]);
            FILE *stream = fopen(path, "wb");
            REQUIRE(stream != NULL);
            REQUIRE(fwrite(data + start, 1, part, stream) == part);
            REQUIRE(fclose(stream) == 0);
        }
        start += part + 1;
    }

    struct diag diag;
    diag_init(&diag, "unused");
    size_t length = 0;
    char *json = spreadsheet_read_json(folder, &length, &diag);
    if (json == NULL) {
        REQUIRE(diag.count > 0 && diag.kept > 0);
        REQUIRE(strncmp(diag.messages[0], folder, strlen(folder)) == 0); /* names the file */
        require_safe_messages(&diag);
        diag_free(&diag);
        return 0;
    }
    REQUIRE(diag.count == 0);
    diag_free(&diag);
    REQUIRE(strlen(json) == length);

    /* the folder was checked as an instance: its JSON must load */
    diag_init(&diag, "from-csv.json");
    struct instance *instance = instance_parse(json, length, &diag);
    if (instance == NULL) {
        fprintf(stderr, "fuzz_spreadsheet: the JSON of a valid folder is refused: %s\n",
                diag.kept > 0 ? diag.messages[0] : "(no message)");
        abort();
    }
    diag_free(&diag);

    /* written back as a folder and read again: the same instance */
    empty_folder(copy);
    char error[512];
    diag_init(&diag, "from-csv.json");
    int written = spreadsheet_write_folder(json, length, copy, &diag, error, sizeof error);
    if (written != EXIT_DONE) {
        fprintf(stderr, "fuzz_spreadsheet: writing a valid instance back failed (%d): %s %s\n",
                written, error, diag.kept > 0 ? diag.messages[0] : "");
        abort();
    }
    diag_free(&diag);
    diag_init(&diag, "unused");
    size_t again_length = 0;
    char *again = spreadsheet_read_json(copy, &again_length, &diag);
    if (again == NULL) {
        fprintf(stderr, "fuzz_spreadsheet: a folder written by caseload is refused: %s\n",
                diag.kept > 0 ? diag.messages[0] : "(no message)");
        abort();
    }
    diag_free(&diag);
    diag_init(&diag, "again.json");
    struct instance *round = instance_parse(again, again_length, &diag);
    REQUIRE(round != NULL);
    diag_free(&diag);
    REQUIRE(round->child_count == instance->child_count);
    REQUIRE(round->worker_count == instance->worker_count);
    REQUIRE(round->team_count == instance->team_count);
    REQUIRE(round->municipality_count == instance->municipality_count);
    REQUIRE(round->distance_table_count == instance->distance_table_count);
    for (int c = 0; c < instance->child_count; c++) {
        REQUIRE(strcmp(round->children[c].id, instance->children[c].id) == 0);
        REQUIRE(round->children[c].worker == instance->children[c].worker);
        REQUIRE(round->children[c].weight == instance->children[c].weight);
    }
    for (int w = 0; w < instance->worker_count; w++) {
        REQUIRE(strcmp(round->workers[w].id, instance->workers[w].id) == 0);
        REQUIRE(round->workers[w].fte == instance->workers[w].fte);
    }
    /* every text comes back exactly, whatever apostrophe neutralised a formula */
    REQUIRE(strcmp(round->name, instance->name) == 0);
    for (int t = 0; t < instance->team_count; t++)
        REQUIRE(strcmp(round->teams[t].id, instance->teams[t].id) == 0);
    for (int m = 0; m < instance->municipality_count; m++)
        REQUIRE(strcmp(round->municipalities[m].id, instance->municipalities[m].id) == 0);
    REQUIRE(round->family_count == instance->family_count);
    for (int f = 0; f < instance->family_count; f++)
        REQUIRE(strcmp(round->families[f].id, instance->families[f].id) == 0);
    instance_free(round);
    instance_free(instance);
    mem_free(again);
    mem_free(json);
    return 0;
}
