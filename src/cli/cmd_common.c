/* cmd_common.c - what the commands share: loading an instance with its scenario
 * and printing its diagnostics, and the outputs of a run, checked before any work
 * and committed together (cmd.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cmd.h"
#include "base/common.h"
#include "io/fileio.h"
#include "core/instance.h"
#include "io/scenario.h"
#include "io/spreadsheet.h"

/* Print every diagnostic of a failed load and return exit code 3 (or 5 when memory
 * ran out before any error could be recorded). */
int report_diagnostics(const struct diag *diag)
{
    for (int i = 0; i < diag->kept; i++)
        fprintf(stderr, "%s: %s\n", program, diag->messages[i]);
    if (diag->count > diag->kept)
        print_error("%s: %d more errors not shown", diag->file, diag->count - diag->kept);
    if (diag->out_of_memory || diag->count == 0) {
        print_error("%s: out of memory", diag->file);
        return EXIT_INTERNAL;
    }
    return EXIT_INPUT;
}

const char *display_name(const char *path)
{
    return strcmp(path, "-") == 0 ? "<stdin>" : path;
}

/* Print each warning of `notes` ("caseload: warning: FILE: REASON"). */
void print_warnings(const struct diag *notes)
{
    for (int i = 0; i < notes->kept; i++)
        fprintf(stderr, "%s: warning: %s\n", program, notes->messages[i]);
    if (notes->count > notes->kept)
        fprintf(stderr, "%s: warning: %d more warnings not shown\n", program, notes->count - notes->kept);
}

/* The whole instance file, read once (compare parses it once per scenario). */
char *read_instance_text(const char *path, size_t *length, int *exit_code)
{
    struct diag diag, notes;
    diag_init(&diag, display_name(path));
    diag_init(&notes, NULL);
    char *text = spreadsheet_is_folder(path) ? spreadsheet_read_json_noted(path, length, &diag, &notes)
                                             : fileio_read_input(path, length, &diag);
    print_warnings(&notes);
    char reason[512];
    if (text != NULL && spreadsheet_wrong_kind(path, text, *length, reason, sizeof reason)) {
        print_error("%s: %s", display_name(path), reason);
        mem_free(text);
        text = NULL;
        *exit_code = EXIT_INPUT;
    } else if (text == NULL) {
        *exit_code = report_diagnostics(&diag);
    }
    diag_free(&notes);
    diag_free(&diag);
    return text;
}

struct instance *parse_instance_text(const char *text, size_t length, const char *path,
                                            int *exit_code)
{
    struct diag diag;
    diag_init(&diag, display_name(path));
    struct instance *instance = instance_parse(text, length, &diag);
    if (instance == NULL)
        *exit_code = report_diagnostics(&diag);
    diag_free(&diag);
    return instance;
}

/* Load the scenario `path` and apply it to `instance`; *name gets a copy of its
 * name. On failure prints the errors (file and JSON path) and sets *exit_code. */
bool apply_scenario_file(struct instance *instance, const char *path, char **name, int *exit_code)
{
    struct diag diag;
    diag_init(&diag, display_name(path));
    struct scenario *scenario = scenario_load(path, &diag);
    if (scenario != NULL) {
        struct diag notes;
        diag_init(&notes, display_name(path));
        scenario_warnings(scenario, instance, &notes);
        print_warnings(&notes);
        diag_free(&notes);
    }
    bool applied = scenario != NULL && scenario_apply(scenario, instance, &diag);
    if (applied) {
        *name = mem_strdup(scenario_name(scenario));
        if (*name == NULL) {
            print_error("out of memory");
            *exit_code = EXIT_INTERNAL;
            applied = false;
        }
    } else {
        *exit_code = report_diagnostics(&diag);
    }
    scenario_free(scenario);
    diag_free(&diag);
    return applied;
}

/* Load the instance `path` and apply the scenario `scenario_path` when not NULL
 * (*scenario_name then gets its name, which the caller frees). */
struct instance *load_instance(const char *path, const char *scenario_path, char **scenario_name,
                                      int *exit_code)
{
    *scenario_name = NULL;
    struct instance *instance;
    if (spreadsheet_is_folder(path)) {
        /* the instance the folder's check built: its JSON is not parsed twice (the
         * warnings, errors and exit code are read_instance_text's) */
        struct diag diag, notes;
        diag_init(&diag, display_name(path));
        diag_init(&notes, NULL);
        instance = spreadsheet_load_noted(path, &diag, &notes);
        print_warnings(&notes);
        if (instance == NULL)
            *exit_code = report_diagnostics(&diag);
        diag_free(&notes);
        diag_free(&diag);
    } else {
        size_t length = 0;
        char *text = read_instance_text(path, &length, exit_code);
        if (text == NULL)
            return NULL;
        instance = parse_instance_text(text, length, path, exit_code);
        mem_free(text);
    }
    if (instance == NULL)
        return NULL;
    if (scenario_path != NULL &&
        !apply_scenario_file(instance, scenario_path, scenario_name, exit_code)) {
        instance_free(instance);
        return NULL;
    }
    return instance;
}

/* The outputs of the command being run (cmd.h). */
struct output_set *command_outputs;

/* Start the outputs of a command: every file it reads, then each output given,
 * then their temporary files, before anything is loaded, so that a bad name, an
 * output that would replace an input or another output, or a missing or
 * read-only folder stops the run at once. Prints the reason; returns the exit code. */
int outputs_begin(const char *const *inputs, int input_count, const char *const *options,
                         const char *const *paths, int output_count, enum output_kind kind, bool force)
{
    char error[1024];
    command_outputs = output_set_create();
    if (command_outputs == NULL) {
        print_error("out of memory");
        return EXIT_INTERNAL;
    }
    for (int i = 0; i < input_count; i++)
        if (inputs[i] != NULL && !output_set_add_input(command_outputs, inputs[i], spreadsheet_file_names())) {
            print_error("out of memory");
            return EXIT_INTERNAL;
        }
    for (int i = 0; i < output_count; i++) {
        if (paths[i] == NULL)
            continue;
        int code = output_set_add(command_outputs, options[i], paths[i], kind, force, spreadsheet_file_names(), error,
                                  sizeof error);
        if (code == EXIT_USAGE)
            return usage_error("%s", error);
        if (code != EXIT_DONE) {
            print_error("%s", error);
            return code;
        }
    }
    if (!output_set_prepare(command_outputs, error, sizeof error)) {
        print_error("%s", error);
        return EXIT_INTERNAL;
    }
    return EXIT_DONE;
}

/* outputs_begin for one folder output whose files are named in `folder_files`
 * (generate --months): no input, the folder built beside `path` and swapped in. */
int outputs_begin_folder(const char *option, const char *path, bool force, const char *const *folder_files)
{
    char error[1024];
    command_outputs = output_set_create();
    if (command_outputs == NULL) {
        print_error("out of memory");
        return EXIT_INTERNAL;
    }
    int code = output_set_add(command_outputs, option, path, OUTPUT_FOLDER, force, folder_files, error, sizeof error);
    if (code == EXIT_USAGE)
        return usage_error("%s", error);
    if (code == EXIT_DONE && !output_set_prepare(command_outputs, error, sizeof error))
        code = EXIT_INTERNAL;
    if (code != EXIT_DONE)
        print_error("%s", error);
    return code;
}

/* outputs_begin for check, plan, size, compare and export. */
int check_output_paths(const struct command_line *line)
{
    const char *inputs[1 + MAX_SCENARIOS] = {line->instance_path};
    for (int s = 0; s < line->scenario_count; s++)
        inputs[1 + s] = line->scenario_paths[s];
    /* compare --json without -o writes to standard output */
    bool json_to_stdout = strcmp(line->command, "compare") == 0 && line->json && line->plan_path == NULL;
    const char *options[] = {"-o",    "--csv", "--workers-csv", "--teams-csv", "--lp",
                             "--mps", "--dat", "--html",        "--trace"};
    const char *paths[] = {json_to_stdout ? "-" : line->plan_path,
                           line->csv_path,
                           line->workers_csv_path,
                           line->teams_csv_path,
                           line->lp_path,
                           line->mps_path,
                           line->dat_path,
                           line->html_path,
                           line->trace_path};
    return outputs_begin(inputs, 1 + line->scenario_count, options, paths, (int)(sizeof paths / sizeof paths[0]),
                         OUTPUT_FILE, false);
}

/* What check, plan, size and export start with: refuse outputs that would
 * replace an input, then load the instance and apply the -s scenario. On failure
 * returns NULL with the reason printed and *exit_code set; *name gets the
 * scenario's name (or NULL), which the caller frees. */
struct instance *command_instance(const struct command_line *line, char **name,
                                         int *exit_code)
{
    *name = NULL;
    *exit_code = check_output_paths(line);
    if (*exit_code != EXIT_DONE)
        return NULL;
    return load_instance(line->instance_path, line->scenario_paths[0], name, exit_code);
}

/* Write every requested output, then commit all the command's outputs at once
 * (fileio.h): each is written to its temporary file and pushed to the disk first,
 * and only when all of them made it are they renamed into place, so a failure (a
 * full disk) never leaves some outputs replaced and others not. Prints the reason
 * on failure; the temporaries are removed when main frees the outputs. */
bool write_outputs(const struct output_request *requests, int count)
{
    char error[1024];
    for (int i = 0; i < count; i++) {
        const char *path = requests[i].path;
        if (path == NULL)
            continue;
        FILE *stream = output_set_stream(command_outputs, path, error, sizeof error);
        if (stream == NULL)
            goto fail;
        bool written = requests[i].write(requests[i].context, stream);
        if (!output_set_finish(command_outputs, path, error, sizeof error))
            goto fail;
        if (!written) {
            snprintf(error, sizeof error, "%s: write failed", path);
            goto fail;
        }
    }
    if (output_set_commit(command_outputs, error, sizeof error))
        return true;
fail:
    print_error("%s", error);
    return false;
}

/* Put the output's name `path` in place of its temporary name `temporary` in the
 * message `error`: a message must name the file the user asked for. */
void name_output_in(char *error, size_t error_size, const char *temporary, const char *path)
{
    char *found = temporary != NULL && temporary[0] != '\0' ? strstr(error, temporary) : NULL;
    if (found == NULL || strcmp(temporary, path) == 0)
        return;
    char rest[1024];
    snprintf(rest, sizeof rest, "%s", found + strlen(temporary));
    size_t before = (size_t)(found - error);
    snprintf(found, error_size - before, "%s%s", path, rest);
}

/* write_outputs for a single file. */
bool write_with(const char *path, bool (*write)(const void *context, FILE *stream),
                       const void *context)
{
    struct output_request request = {path, write, context};
    return write_outputs(&request, 1);
}

/* After a successful write: "caseload: wrote plan.json, plan.csv" on standard
 * error, every file of `paths` (NULL and "-", standard output, left out). */
void print_files_written(const char *const *paths, int count)
{
    int written = 0;
    for (int i = 0; i < count; i++) {
        if (paths[i] == NULL || strcmp(paths[i], "-") == 0)
            continue;
        if (written++ == 0)
            fprintf(stderr, "%s: wrote %s", program, paths[i]);
        else
            fprintf(stderr, ", %s", paths[i]);
    }
    if (written > 0)
        fputc('\n', stderr);
}

/* print_files_written for the requests of write_outputs. */
void print_outputs_written(const struct output_request *requests, int count)
{
    const char *paths[8] = {NULL};
    for (int i = 0; i < count && i < 8; i++)
        paths[i] = requests[i].path;
    print_files_written(paths, count < 8 ? count : 8);
}

/* Progress on the terminal: a transient status redraws its line ("\r", padded
 * over a longer status before it); a line replaces the status on the screen, if
 * any, and stays. Text is escaped like every message. The stream's lock keeps the
 * text of two threads apart. */
static size_t progress_status_length; /* length of the status on the line now, 0: none */

static void terminal_progress_show(void *context, bool transient, const char *text)
{
    (void)context;
    flockfile(stderr);
    size_t length = message_escape(NULL, text);
    fputs(progress_status_length > 0 ? "\r" : "", stderr);
    message_write(stderr, text);
    for (size_t k = length; k < progress_status_length; k++)
        fputc(' ', stderr);
    fputs(transient ? "" : "\n", stderr);
    progress_status_length = transient ? length : 0;
    fflush(stderr);
    funlockfile(stderr);
}

const struct progress *terminal_progress(bool quiet)
{
    static const struct progress terminal = {terminal_progress_show, NULL};
    return !quiet && isatty(STDERR_FILENO) ? &terminal : NULL;
}
