/* test_fileio.c - unit tests of whole-file reading and atomic owner-only output files. */
#include "testutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "base/common.h"
#include "io/fileio.h"

/* Each test works in a fresh directory under /tmp, removed afterwards. */
struct scratch {
    char directory[64];
};

static int scratch_setup(void **state)
{
    struct scratch *scratch = malloc(sizeof *scratch);
    if (scratch == NULL)
        return -1;
    strcpy(scratch->directory, "/tmp/caseload-fileio-XXXXXX");
    if (mkdtemp(scratch->directory) == NULL) {
        free(scratch);
        return -1;
    }
    *state = scratch;
    return 0;
}

/* Remove the scratch directory and what is in it (files and empty directories). */
static int scratch_teardown(void **state)
{
    struct scratch *scratch = *state;
    DIR *directory = opendir(scratch->directory);
    if (directory != NULL) {
        struct dirent *entry;
        while ((entry = readdir(directory)) != NULL) {
            if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
                continue;
            char path[512];
            snprintf(path, sizeof path, "%s/%s", scratch->directory, entry->d_name);
            if (unlink(path) != 0)
                rmdir(path);
        }
        closedir(directory);
    }
    rmdir(scratch->directory);
    free(scratch);
    return 0;
}

static void scratch_path(const struct scratch *scratch, const char *name, char *path, size_t size)
{
    snprintf(path, size, "%s/%s", scratch->directory, name);
}

/* Number of entries in the scratch directory, "." and ".." aside. */
static int scratch_entry_count(const struct scratch *scratch)
{
    DIR *directory = opendir(scratch->directory);
    assert_non_null(directory);
    int count = 0;
    struct dirent *entry;
    while ((entry = readdir(directory)) != NULL)
        if (strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, "..") != 0)
            count++;
    closedir(directory);
    return count;
}

static void write_file(const char *path, const char *content, mode_t mode)
{
    FILE *file = fopen(path, "w");
    assert_non_null(file);
    assert_int_equal(fputs(content, file) >= 0, 1);
    assert_int_equal(fclose(file), 0);
    assert_int_equal(chmod(path, mode), 0);
}

/* The whole content of `path` (test helper, plain malloc). */
static char *slurp(const char *path)
{
    FILE *file = fopen(path, "rb");
    assert_non_null(file);
    static char buffer[4096];
    size_t length = fread(buffer, 1, sizeof buffer - 1, file);
    fclose(file);
    buffer[length] = '\0';
    return buffer;
}

/* --- reading -------------------------------------------------------------- */

static void fileio_read_all_should_read_every_byte(void **state)
{
    struct scratch *scratch = *state;
    char path[256];
    scratch_path(scratch, "data.bin", path, sizeof path);
    static const char content[] = "line one\nline two\0after a NUL byte";
    FILE *file = fopen(path, "wb");
    assert_non_null(file);
    assert_int_equal(fwrite(content, 1, sizeof content - 1, file), sizeof content - 1);
    fclose(file);

    size_t length = 0;
    char error[256] = "";
    char *text = fileio_read_all(path, &length, error, sizeof error);
    assert_non_null(text);
    assert_int_equal(length, sizeof content - 1);
    assert_memory_equal(text, content, sizeof content - 1);
    assert_int_equal(text[length], '\0');
    mem_free(text);
}

static void fileio_read_all_should_read_standard_input_for_a_dash(void **state)
{
    struct scratch *scratch = *state;
    char path[256];
    scratch_path(scratch, "stdin.txt", path, sizeof path);
    /* Bigger than the first buffer, so reading without a known size must grow it. */
    enum { SIZE = 100000 };
    char *content = malloc(SIZE + 1);
    assert_non_null(content);
    for (int i = 0; i < SIZE; i++)
        content[i] = (char)('a' + i % 26);
    content[SIZE] = '\0';
    write_file(path, content, 0600);

    int saved = dup(STDIN_FILENO);
    assert_true(saved >= 0);
    int descriptor = open(path, O_RDONLY);
    assert_true(descriptor >= 0);
    assert_int_equal(dup2(descriptor, STDIN_FILENO), STDIN_FILENO);
    close(descriptor);

    size_t length = 0;
    char error[256] = "";
    char *text = fileio_read_all("-", &length, error, sizeof error);

    assert_int_equal(dup2(saved, STDIN_FILENO), STDIN_FILENO);
    close(saved);
    assert_non_null(text);
    assert_int_equal(length, SIZE);
    assert_memory_equal(text, content, SIZE);
    mem_free(text);
    free(content);
}

static void fileio_read_all_should_refuse_a_directory(void **state)
{
    struct scratch *scratch = *state;
    size_t length = 99;
    char error[256] = "";
    assert_null(fileio_read_all(scratch->directory, &length, error, sizeof error));
    assert_non_null(strstr(error, "directory"));
    assert_int_equal(length, 0);
}

static void fileio_read_all_should_give_the_reason_of_a_missing_file(void **state)
{
    struct scratch *scratch = *state;
    char path[256];
    scratch_path(scratch, "missing.json", path, sizeof path);
    size_t length = 0;
    char error[256] = "";
    assert_null(fileio_read_all(path, &length, error, sizeof error));
    assert_non_null(strstr(error, strerror(ENOENT)));
}

static void fileio_read_all_should_refuse_files_over_one_gibibyte(void **state)
{
    struct scratch *scratch = *state;
    char path[256];
    scratch_path(scratch, "huge.json", path, sizeof path);
    int descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    assert_true(descriptor >= 0);
    /* A sparse file: takes no disk space. */
    assert_int_equal(ftruncate(descriptor, ((off_t)1 << 30) + 1), 0);
    close(descriptor);
    size_t length = 0;
    char error[256] = "";
    assert_null(fileio_read_all(path, &length, error, sizeof error));
    assert_non_null(strstr(error, "larger than the limit of 1 GiB"));
}

static void fileio_read_all_should_survive_failing_allocations(void **state)
{
    struct scratch *scratch = *state;
    char path[256];
    scratch_path(scratch, "small.txt", path, sizeof path);
    write_file(path, "{}", 0600);
    size_t length = 0;
    char error[256] = "";
    mem_fail_at(1);
    char *text = fileio_read_all(path, &length, error, sizeof error);
    mem_fail_at(0);
    assert_null(text);
    assert_non_null(strstr(error, "out of memory"));
}

/* --- writing -------------------------------------------------------------- */

static void fileio_commit_should_replace_the_file_atomically_with_mode_0600(void **state)
{
    struct scratch *scratch = *state;
    char path[256];
    scratch_path(scratch, "plan.json", path, sizeof path);
    mode_t saved_umask = umask(0); /* the mode must not depend on the umask */
    write_file(path, "old plan\n", 0644);

    struct output_file file;
    char error[256] = "";
    assert_true(fileio_open(&file, path, error, sizeof error));
    assert_non_null(file.temp_path);
    assert_string_equal(file.path, path);
    /* The temporary file sits beside the target, already owner-only. */
    assert_int_equal(strncmp(file.temp_path, scratch->directory, strlen(scratch->directory)), 0);
    assert_int_equal(scratch_entry_count(scratch), 2);
    struct stat status;
    assert_int_equal(stat(file.temp_path, &status), 0);
    assert_int_equal(status.st_mode & 0777, 0600);

    assert_true(fprintf(file.stream, "new plan\n") > 0);
    assert_string_equal(slurp(path), "old plan\n"); /* nothing reaches the target before the commit */
    assert_true(fileio_commit(&file, error, sizeof error));
    assert_null(file.path);
    assert_null(file.temp_path);
    assert_null(file.stream);

    assert_string_equal(slurp(path), "new plan\n");
    assert_int_equal(stat(path, &status), 0);
    assert_int_equal(status.st_mode & 0777, 0600);
    assert_int_equal(scratch_entry_count(scratch), 1);
    umask(saved_umask);
}

static void fileio_open_should_fail_when_the_directory_does_not_exist(void **state)
{
    struct scratch *scratch = *state;
    char path[256];
    scratch_path(scratch, "no-such-directory/plan.json", path, sizeof path);
    struct output_file file;
    char error[256] = "";
    assert_false(fileio_open(&file, path, error, sizeof error));
    assert_non_null(strstr(error, "no-such-directory does not exist"));
    assert_null(file.path);
    assert_null(file.temp_path);
    assert_null(file.stream);
    assert_int_equal(scratch_entry_count(scratch), 0);
}

static void fileio_commit_should_fail_on_a_full_disk_and_keep_the_earlier_file(void **state)
{
    struct scratch *scratch = *state;
    char path[256];
    scratch_path(scratch, "plan.csv", path, sizeof path);
    write_file(path, "earlier plan\n", 0600);

    struct output_file file;
    char error[256] = "";
    assert_true(fileio_open(&file, path, error, sizeof error));
    /* Stand in for a full disk: writes to /dev/full fail with ENOSPC. */
    FILE *full = fopen("/dev/full", "w");
    if (full == NULL) {
        fileio_abort(&file);
        skip();
    }
    fclose(file.stream);
    file.stream = full;
    for (int i = 0; i < 1000; i++)
        fprintf(file.stream, "C%05d;W001\n", i);
    assert_false(fileio_commit(&file, error, sizeof error));
    assert_non_null(strstr(error, strerror(ENOSPC)));
    assert_null(file.temp_path);

    assert_string_equal(slurp(path), "earlier plan\n");
    assert_int_equal(scratch_entry_count(scratch), 1); /* the temporary file is gone */
}

static void fileio_commit_should_fail_when_the_rename_fails(void **state)
{
    struct scratch *scratch = *state;
    char path[256], inside[300];
    scratch_path(scratch, "plan.json", path, sizeof path);
    struct output_file file;
    char error[256] = "";
    assert_true(fileio_open(&file, path, error, sizeof error));
    fprintf(file.stream, "new plan\n");
    /* Meanwhile the target became a non-empty directory: no rename can replace it. */
    assert_int_equal(mkdir(path, 0700), 0);
    snprintf(inside, sizeof inside, "%s/keep", path);
    write_file(inside, "kept\n", 0600);
    assert_false(fileio_commit(&file, error, sizeof error));
    assert_non_null(strstr(error, "cannot replace the file"));
    assert_string_equal(slurp(inside), "kept\n");
    assert_int_equal(scratch_entry_count(scratch), 1);
    unlink(inside);
}

static void fileio_abort_should_remove_the_temporary_file(void **state)
{
    struct scratch *scratch = *state;
    char path[256];
    scratch_path(scratch, "plan.json", path, sizeof path);
    write_file(path, "earlier\n", 0600);
    struct output_file file;
    char error[256] = "";
    assert_true(fileio_open(&file, path, error, sizeof error));
    fprintf(file.stream, "half a plan");
    assert_int_equal(scratch_entry_count(scratch), 2);
    fileio_abort(&file);
    assert_null(file.path);
    assert_int_equal(scratch_entry_count(scratch), 1);
    assert_string_equal(slurp(path), "earlier\n");
    fileio_abort(NULL);
}

static void fileio_open_should_write_a_dash_to_standard_output(void **state)
{
    (void)state;
    struct output_file file;
    char error[256] = "";
    assert_true(fileio_open(&file, "-", error, sizeof error));
    assert_ptr_equal(file.stream, stdout);
    assert_null(file.temp_path);
    assert_true(fileio_commit(&file, error, sizeof error));
    assert_null(file.path);
}

/* --- output transactions ------------------------------------------------------ */

static const char *const folder_files[] = {"settings.csv", "workers.csv", NULL};

/* Number of hidden temporaries (".caseload-...") in `directory`. */
static int temporary_count(const char *directory)
{
    DIR *folder = opendir(directory);
    assert_non_null(folder);
    int count = 0;
    struct dirent *entry;
    while ((entry = readdir(folder)) != NULL)
        if (strncmp(entry->d_name, ".caseload-", 10) == 0)
            count++;
    closedir(folder);
    return count;
}

/* Remove the folder `path` and the files in it. */
static void remove_folder(const char *path)
{
    DIR *folder = opendir(path);
    if (folder == NULL)
        return;
    struct dirent *entry;
    while ((entry = readdir(folder)) != NULL) {
        char inside[512];
        snprintf(inside, sizeof inside, "%s/%s", path, entry->d_name);
        if (strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, "..") != 0)
            unlink(inside);
    }
    closedir(folder);
    rmdir(path);
}

static void output_set_add_should_refuse_an_output_that_is_an_input(void **state)
{
    struct scratch *scratch = *state;
    char input[256], alias[300], error[512] = "";
    scratch_path(scratch, "in.json", input, sizeof input);
    write_file(input, "{}\n", 0600);
    snprintf(alias, sizeof alias, "%s/./in.json", scratch->directory);
    struct output_set *set = output_set_create();
    assert_non_null(set);
    assert_true(output_set_add_input(set, input, NULL));
    assert_int_equal(output_set_add(set, "-o", alias, OUTPUT_FILE, false, NULL, error, sizeof error), EXIT_USAGE);
    assert_non_null(strstr(error, "would replace the input"));
    assert_non_null(strstr(error, alias));
    assert_non_null(strstr(error, input));
    output_set_free(set);
    assert_string_equal(slurp(input), "{}\n");
}

static void output_set_add_should_refuse_a_file_an_input_folder_may_hold(void **state)
{
    struct scratch *scratch = *state;
    char error[512] = "", output[300];
    struct output_set *set = output_set_create();
    assert_non_null(set);
    assert_true(output_set_add_input(set, scratch->directory, folder_files));
    /* workers.csv is not there yet: the folder and the name still match */
    snprintf(output, sizeof output, "%s/workers.csv", scratch->directory);
    assert_int_equal(output_set_add(set, "--csv", output, OUTPUT_FILE, false, NULL, error, sizeof error),
                     EXIT_USAGE);
    assert_non_null(strstr(error, "a file of the input folder"));
    snprintf(output, sizeof output, "%s/plan.json", scratch->directory);
    assert_int_equal(output_set_add(set, "-o", output, OUTPUT_FILE, false, NULL, error, sizeof error), EXIT_DONE);
    output_set_free(set);
    assert_int_equal(scratch_entry_count(scratch), 0);
}

static void output_set_add_should_refuse_two_names_of_one_file(void **state)
{
    struct scratch *scratch = *state;
    char first[256], second[300], error[512] = "";
    scratch_path(scratch, "plan.json", first, sizeof first);
    snprintf(second, sizeof second, "%s/../%s/plan.json", scratch->directory, strrchr(scratch->directory, '/') + 1);
    struct output_set *set = output_set_create();
    assert_non_null(set);
    assert_int_equal(output_set_add(set, "-o", first, OUTPUT_FILE, false, NULL, error, sizeof error), EXIT_DONE);
    assert_int_equal(output_set_add(set, "--csv", second, OUTPUT_FILE, false, NULL, error, sizeof error),
                     EXIT_USAGE);
    assert_non_null(strstr(error, "are the same file"));
    output_set_free(set);
}

static void output_set_add_should_refuse_bad_names_before_writing_anything(void **state)
{
    struct scratch *scratch = *state;
    char path[512], error[512] = "";
    struct output_set *set = output_set_create();
    assert_non_null(set);
    assert_int_equal(output_set_add(set, "-o", "", OUTPUT_FILE, false, NULL, error, sizeof error), EXIT_USAGE);
    assert_int_equal(output_set_add(set, "-o", scratch->directory, OUTPUT_FILE, false, NULL, error, sizeof error),
                     EXIT_USAGE);
    scratch_path(scratch, "missing/plan.json", path, sizeof path);
    assert_int_equal(output_set_add(set, "-o", path, OUTPUT_FILE, false, NULL, error, sizeof error), EXIT_INTERNAL);
    assert_non_null(strstr(error, "missing does not exist"));
    char name[300];
    memset(name, 'n', 256);
    name[256] = '\0';
    scratch_path(scratch, name, path, sizeof path);
    assert_int_equal(output_set_add(set, "-o", path, OUTPUT_FILE, false, NULL, error, sizeof error), EXIT_USAGE);
    assert_non_null(strstr(error, "longer than 255 bytes"));
    name[255] = '\0'; /* the longest legal name works, temporary and all */
    scratch_path(scratch, name, path, sizeof path);
    assert_int_equal(output_set_add(set, "-o", path, OUTPUT_FILE, false, NULL, error, sizeof error), EXIT_DONE);
    assert_true(output_set_prepare(set, error, sizeof error));
    FILE *stream = output_set_stream(set, path, error, sizeof error);
    assert_non_null(stream);
    fputs("plan\n", stream);
    assert_true(output_set_commit(set, error, sizeof error));
    output_set_free(set);
    assert_string_equal(slurp(path), "plan\n");
    assert_int_equal(scratch_entry_count(scratch), 1);
}

static void output_set_commit_should_rename_every_output_or_none(void **state)
{
    struct scratch *scratch = *state;
    char first[256], second[256], error[512] = "";
    scratch_path(scratch, "plan.json", first, sizeof first);
    scratch_path(scratch, "plan.csv", second, sizeof second);
    write_file(first, "earlier plan\n", 0600);
    struct output_set *set = output_set_create();
    assert_non_null(set);
    assert_int_equal(output_set_add(set, "-o", first, OUTPUT_FILE, false, NULL, error, sizeof error), EXIT_DONE);
    assert_int_equal(output_set_add(set, "--csv", second, OUTPUT_FILE, false, NULL, error, sizeof error), EXIT_DONE);
    assert_true(output_set_prepare(set, error, sizeof error));
    assert_int_equal(temporary_count(scratch->directory), 2);
    fputs("new plan\n", output_set_stream(set, first, error, sizeof error));
    assert_true(output_set_finish(set, first, error, sizeof error));
    /* the second output fails (a full disk): the first must not be replaced either */
    FILE *stream = output_set_stream(set, second, error, sizeof error);
    FILE *full = fopen("/dev/full", "w");
    if (full == NULL) {
        output_set_free(set);
        skip();
    }
    int kept = dup(fileno(stream));
    assert_true(dup2(fileno(full), fileno(stream)) >= 0);
    fclose(full);
    for (int i = 0; i < 2000; i++)
        fprintf(stream, "C%05d;W001\n", i);
    assert_false(output_set_commit(set, error, sizeof error));
    assert_non_null(strstr(error, second));
    assert_non_null(strstr(error, strerror(ENOSPC)));
    output_set_free(set);
    close(kept);
    assert_string_equal(slurp(first), "earlier plan\n");
    assert_int_equal(temporary_count(scratch->directory), 0);
    assert_int_equal(scratch_entry_count(scratch), 1);
}

static void output_set_commit_should_swap_a_whole_folder_in(void **state)
{
    struct scratch *scratch = *state;
    char folder[256], file[300], error[512] = "";
    scratch_path(scratch, "csv", folder, sizeof folder);
    assert_int_equal(mkdir(folder, 0700), 0);
    snprintf(file, sizeof file, "%s/workers.csv", folder);
    write_file(file, "old workers\n", 0600);

    struct output_set *set = output_set_create();
    assert_non_null(set);
    /* not empty: refused without force */
    assert_int_equal(output_set_add(set, "-o", folder, OUTPUT_FOLDER, false, folder_files, error, sizeof error),
                     EXIT_USAGE);
    assert_non_null(strstr(error, "--force"));
    assert_int_equal(output_set_add(set, "-o", folder, OUTPUT_FOLDER, true, folder_files, error, sizeof error),
                     EXIT_DONE);
    assert_true(output_set_prepare(set, error, sizeof error));
    const char *building = output_set_write_path(set, folder);
    assert_non_null(building);
    assert_non_null(strstr(building, "/.caseload-"));
    char inside[400];
    snprintf(inside, sizeof inside, "%s/settings.csv", building);
    write_file(inside, "new settings\n", 0600);
    assert_string_equal(slurp(file), "old workers\n"); /* nothing in place before the commit */
    assert_true(output_set_commit(set, error, sizeof error));
    output_set_free(set);

    snprintf(inside, sizeof inside, "%s/settings.csv", folder);
    assert_string_equal(slurp(inside), "new settings\n");
    assert_int_equal(access(file, F_OK), -1); /* the earlier folder's files went with it */
    assert_int_equal(temporary_count(scratch->directory), 0);
    assert_int_equal(scratch_entry_count(scratch), 1);
    remove_folder(folder);
}

static void output_set_add_should_refuse_a_folder_holding_other_files(void **state)
{
    struct scratch *scratch = *state;
    char folder[256], file[300], error[512] = "";
    scratch_path(scratch, "csv", folder, sizeof folder);
    assert_int_equal(mkdir(folder, 0700), 0);
    snprintf(file, sizeof file, "%s/notes.txt", folder);
    write_file(file, "mine\n", 0600);
    struct output_set *set = output_set_create();
    assert_non_null(set);
    assert_int_equal(output_set_add(set, "-o", folder, OUTPUT_FOLDER, true, folder_files, error, sizeof error),
                     EXIT_USAGE);
    assert_non_null(strstr(error, "notes.txt"));
    output_set_free(set);
    assert_string_equal(slurp(file), "mine\n");
    remove_folder(folder);
}

static void fileio_remove_temporaries_should_remove_every_file_and_folder(void **state)
{
    struct scratch *scratch = *state;
    char plan[256], folder[256], error[512] = "";
    scratch_path(scratch, "plan.json", plan, sizeof plan);
    scratch_path(scratch, "csv", folder, sizeof folder);
    struct output_set *set = output_set_create();
    assert_non_null(set);
    assert_int_equal(output_set_add(set, "-o", plan, OUTPUT_FILE, false, NULL, error, sizeof error), EXIT_DONE);
    assert_int_equal(output_set_add(set, "--csv", folder, OUTPUT_FOLDER, false, folder_files, error, sizeof error),
                     EXIT_DONE);
    assert_true(output_set_prepare(set, error, sizeof error));
    /* a file written into the new folder, and one still under its own temporary name */
    char inside[400];
    snprintf(inside, sizeof inside, "%s/settings.csv", output_set_write_path(set, folder));
    write_file(inside, "settings\n", 0600);
    snprintf(inside, sizeof inside, "%s/workers.csv", output_set_write_path(set, folder));
    struct output_file half;
    assert_true(fileio_open(&half, inside, error, sizeof error));
    fputs("half a file", half.stream);
    fflush(half.stream);
    assert_int_equal(temporary_count(scratch->directory), 2);

    fileio_remove_temporaries(); /* what a signal handler does */
    assert_int_equal(scratch_entry_count(scratch), 0);
    fileio_abort(&half);
    output_set_free(set);
    assert_int_equal(scratch_entry_count(scratch), 0);
}

static void output_set_should_fail_cleanly_when_memory_runs_out(void **state)
{
    struct scratch *scratch = *state;
    char input[256], plan[256], folder[256], error[512];
    scratch_path(scratch, "in.json", input, sizeof input);
    scratch_path(scratch, "plan.json", plan, sizeof plan);
    scratch_path(scratch, "csv", folder, sizeof folder);
    write_file(input, "{}\n", 0600);
    for (long n = 1;; n++) {
        mem_fail_at(n);
        bool ok = false;
        struct output_set *set = output_set_create();
        if (set != NULL && output_set_add_input(set, input, folder_files) &&
            output_set_add(set, "-o", plan, OUTPUT_FILE, false, NULL, error, sizeof error) == EXIT_DONE &&
            output_set_add(set, "--csv", folder, OUTPUT_FOLDER, false, folder_files, error, sizeof error) ==
                EXIT_DONE &&
            output_set_prepare(set, error, sizeof error)) {
            FILE *stream = output_set_stream(set, plan, error, sizeof error);
            ok = stream != NULL && fputs("plan\n", stream) >= 0 && output_set_commit(set, error, sizeof error);
        }
        output_set_free(set);
        long attempts = mem_alloc_count();
        mem_fail_at(0);
        assert_int_equal(temporary_count(scratch->directory), 0);
        if (!ok) {
            assert_true(attempts >= n); /* only a failed allocation may fail it */
            assert_int_equal(access(plan, F_OK), -1);
            continue;
        }
        assert_true(attempts < n);
        break;
    }
    assert_string_equal(slurp(plan), "plan\n");
    remove_folder(folder);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(fileio_read_all_should_read_every_byte, scratch_setup, scratch_teardown),
        cmocka_unit_test_setup_teardown(fileio_read_all_should_read_standard_input_for_a_dash, scratch_setup,
                                        scratch_teardown),
        cmocka_unit_test_setup_teardown(fileio_read_all_should_refuse_a_directory, scratch_setup, scratch_teardown),
        cmocka_unit_test_setup_teardown(fileio_read_all_should_give_the_reason_of_a_missing_file, scratch_setup,
                                        scratch_teardown),
        cmocka_unit_test_setup_teardown(fileio_read_all_should_refuse_files_over_one_gibibyte, scratch_setup,
                                        scratch_teardown),
        cmocka_unit_test_setup_teardown(fileio_read_all_should_survive_failing_allocations, scratch_setup,
                                        scratch_teardown),
        cmocka_unit_test_setup_teardown(fileio_commit_should_replace_the_file_atomically_with_mode_0600,
                                        scratch_setup, scratch_teardown),
        cmocka_unit_test_setup_teardown(fileio_open_should_fail_when_the_directory_does_not_exist, scratch_setup,
                                        scratch_teardown),
        cmocka_unit_test_setup_teardown(fileio_commit_should_fail_on_a_full_disk_and_keep_the_earlier_file,
                                        scratch_setup, scratch_teardown),
        cmocka_unit_test_setup_teardown(fileio_commit_should_fail_when_the_rename_fails, scratch_setup,
                                        scratch_teardown),
        cmocka_unit_test_setup_teardown(fileio_abort_should_remove_the_temporary_file, scratch_setup,
                                        scratch_teardown),
        cmocka_unit_test(fileio_open_should_write_a_dash_to_standard_output),
        cmocka_unit_test_setup_teardown(output_set_add_should_refuse_an_output_that_is_an_input, scratch_setup,
                                        scratch_teardown),
        cmocka_unit_test_setup_teardown(output_set_add_should_refuse_a_file_an_input_folder_may_hold,
                                        scratch_setup, scratch_teardown),
        cmocka_unit_test_setup_teardown(output_set_add_should_refuse_two_names_of_one_file, scratch_setup,
                                        scratch_teardown),
        cmocka_unit_test_setup_teardown(output_set_add_should_refuse_bad_names_before_writing_anything,
                                        scratch_setup, scratch_teardown),
        cmocka_unit_test_setup_teardown(output_set_commit_should_rename_every_output_or_none, scratch_setup,
                                        scratch_teardown),
        cmocka_unit_test_setup_teardown(output_set_commit_should_swap_a_whole_folder_in, scratch_setup,
                                        scratch_teardown),
        cmocka_unit_test_setup_teardown(output_set_add_should_refuse_a_folder_holding_other_files, scratch_setup,
                                        scratch_teardown),
        cmocka_unit_test_setup_teardown(fileio_remove_temporaries_should_remove_every_file_and_folder,
                                        scratch_setup, scratch_teardown),
        cmocka_unit_test_setup_teardown(output_set_should_fail_cleanly_when_memory_runs_out, scratch_setup,
                                        scratch_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
