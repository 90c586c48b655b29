/* output.c - the outputs of one command as a transaction: every name checked
 * against the inputs and each other before any work, every temporary written and
 * synced, then all renamed into place together (a folder swapped in whole). */
#define _GNU_SOURCE /* renameat2's RENAME_EXCHANGE: a folder swapped for another at once */
#include "io/fileio.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "base/common.h"
#include "io/fileio_internal.h"

/* --- Output transactions ---------------------------------------------------------- */

/* What an output or input is on the disk. */
struct identity {
    bool exists;         /* device and inode below are those of the file there now */
    dev_t device;
    ino_t inode;
    bool in_folder;      /* folder_device, folder_inode and name are known */
    dev_t folder_device; /* the folder that holds the name */
    ino_t folder_inode;
    const char *name;    /* points into the owner's path */
};

struct set_input {
    char *path;        /* as shown: the file, or FOLDER/NAME for a file of a folder */
    char *folder_path; /* the input folder it belongs to, or NULL */
    struct identity identity;
};

enum output_state { OUTPUT_PENDING, OUTPUT_FINISHED, OUTPUT_DROPPED, OUTPUT_COMMITTED };

struct set_output {
    const char *option;           /* "-o", "--csv" ... (not owned) */
    char *path;                   /* as given, owned */
    char *target;                 /* the path without trailing slashes, owned */
    char *folder_path;            /* the folder it goes in, owned (NULL for a stream) */
    enum output_kind kind;
    enum target type;
    int descriptor;               /* TARGET_DESCRIPTOR */
    char descriptor_name[32];     /* TARGET_DESCRIPTOR: /proc/self/fd/N, for writers by name */
    bool through_proc;            /* TARGET_STREAM under /proc */
    const char *const *folder_files;
    struct identity identity;
    struct output_file file;      /* stream and temporary file (a folder: folder and slot) */
    enum output_state state;
};

struct output_set {
    struct set_input *inputs;
    int input_count;
    struct set_output *outputs;
    int output_count;
};

struct output_set *output_set_create(void)
{
    return mem_calloc(1, sizeof(struct output_set));
}

static void output_release(struct set_output *output)
{
    if (output->kind == OUTPUT_FOLDER) {
        fileio_temporary_remove(output->file.slot);
        output->file.slot = -1;
        if (output->file.folder >= 0)
            close(output->file.folder);
        output->file.folder = -1;
        mem_free(output->file.temp_path);
        mem_free(output->file.path);
        output->file.temp_path = NULL;
        output->file.path = NULL;
    } else {
        fileio_abort(&output->file);
    }
}

void output_set_free(struct output_set *set)
{
    if (set == NULL)
        return;
    for (int i = 0; i < set->output_count; i++) {
        struct set_output *output = &set->outputs[i];
        output_release(output);
        mem_free(output->path);
        mem_free(output->target);
        mem_free(output->folder_path);
    }
    for (int i = 0; i < set->input_count; i++) {
        mem_free(set->inputs[i].path);
        mem_free(set->inputs[i].folder_path);
    }
    mem_free(set->outputs);
    mem_free(set->inputs);
    mem_free(set);
}

/* The identity of the folder holding `path` and its last name, into `identity`. */
static void identify_entry(const char *path, struct identity *identity)
{
    char folder[PATH_MAX];
    struct stat status;
    identity->in_folder = false;
    const char *slash = strrchr(path, '/');
    identity->name = slash != NULL ? slash + 1 : path;
    if (identity->name[0] != '\0' && fileio_folder_part(path, folder, sizeof folder) && stat(folder, &status) == 0) {
        identity->in_folder = true;
        identity->folder_device = status.st_dev;
        identity->folder_inode = status.st_ino;
    }
}

static bool append_input(struct output_set *set, const char *path, const char *folder_path)
{
    struct set_input *grown = mem_realloc(set->inputs, (size_t)(set->input_count + 1) * sizeof *grown);
    if (grown == NULL)
        return false;
    set->inputs = grown;
    struct set_input *input = &set->inputs[set->input_count];
    memset(input, 0, sizeof *input);
    input->path = mem_strdup(path);
    input->folder_path = folder_path != NULL ? mem_strdup(folder_path) : NULL;
    if (input->path == NULL || (folder_path != NULL && input->folder_path == NULL)) {
        mem_free(input->path);
        mem_free(input->folder_path);
        return false;
    }
    struct stat status;
    if (stat(path, &status) == 0) {
        input->identity.exists = true;
        input->identity.device = status.st_dev;
        input->identity.inode = status.st_ino;
    }
    identify_entry(input->path, &input->identity);
    set->input_count++;
    return true;
}

bool output_set_add_input(struct output_set *set, const char *path, const char *const *folder_files)
{
    struct stat status;
    if (strcmp(path, "-") == 0 || stat(path, &status) != 0)
        return true;
    if (!S_ISDIR(status.st_mode) || folder_files == NULL)
        return append_input(set, path, NULL);
    if (!append_input(set, path, NULL))
        return false;
    for (int i = 0; folder_files[i] != NULL; i++) {
        size_t size = strlen(path) + strlen(folder_files[i]) + 2;
        char *joined = mem_alloc(size);
        if (joined == NULL)
            return false;
        snprintf(joined, size, "%s/%s", path, folder_files[i]);
        bool added = append_input(set, joined, path);
        mem_free(joined);
        if (!added)
            return false;
    }
    return true;
}

/* True when `a` and `b` are the same file now, or the same name in the same folder. */
static bool same_file(const struct identity *a, const struct identity *b)
{
    if (a->exists && b->exists && a->device == b->device && a->inode == b->inode)
        return true;
    return a->in_folder && b->in_folder && a->folder_device == b->folder_device &&
           a->folder_inode == b->folder_inode && strcmp(a->name, b->name) == 0;
}

/* Refuse an output that is an input or an earlier output (exit 2, both named). */
static int check_identity(const struct output_set *set, const struct set_output *output, char *error,
                          size_t error_size)
{
    for (int i = 0; i < set->input_count; i++) {
        const struct set_input *input = &set->inputs[i];
        if (same_file(&output->identity, &input->identity)) {
            if (input->folder_path != NULL)
                message_format(error, error_size, "output %s (%s) would replace %s, a file of the input folder %s",
                             output->path, output->option, input->path, input->folder_path);
            else
                message_format(error, error_size, "output %s (%s) would replace the input %s", output->path,
                             output->option, input->path);
            return EXIT_USAGE;
        }
        if (output->kind == OUTPUT_FOLDER && output->identity.exists && input->identity.in_folder &&
            input->identity.folder_device == output->identity.device &&
            input->identity.folder_inode == output->identity.inode) {
            message_format(error, error_size, "output folder %s (%s) holds the input %s", output->path,
                         output->option, input->path);
            return EXIT_USAGE;
        }
    }
    for (int i = 0; i < set->output_count; i++) {
        const struct set_output *earlier = &set->outputs[i];
        if (earlier->type != TARGET_STREAM && earlier->type != TARGET_DESCRIPTOR &&
            same_file(&output->identity, &earlier->identity)) {
            message_format(error, error_size, "outputs %s (%s) and %s (%s) are the same file", earlier->path,
                         earlier->option, output->path, output->option);
            return EXIT_USAGE;
        }
    }
    return EXIT_DONE;
}

/* A file output: is it a stream, a folder (refused), new or a regular file? */
static int classify_file(struct set_output *output, char *error, size_t error_size)
{
    const char *path = output->path;
    if (strcmp(path, "-") == 0) {
        output->type = TARGET_DESCRIPTOR;
        output->descriptor = STDOUT_FILENO;
        snprintf(output->descriptor_name, sizeof output->descriptor_name, "/proc/self/fd/%d", STDOUT_FILENO);
        return EXIT_DONE;
    }
    if (path[strlen(path) - 1] == '/') {
        message_format(error, error_size, "%s (%s): names a folder, not a file", path, output->option);
        return EXIT_USAGE;
    }
    fileio_follow_links(path, &output->descriptor, &output->through_proc);
    if (output->descriptor >= 0) {
        output->type = TARGET_DESCRIPTOR;
        snprintf(output->descriptor_name, sizeof output->descriptor_name, "/proc/self/fd/%d", output->descriptor);
        if (fcntl(output->descriptor, F_GETFD) == -1) {
            message_format(error, error_size, "%s (%s): descriptor %d is not open", path, output->option,
                         output->descriptor);
            return EXIT_INTERNAL;
        }
        return EXIT_DONE;
    }
    struct stat status;
    if (stat(path, &status) == 0) {
        if (S_ISDIR(status.st_mode)) {
            message_format(error, error_size, "%s (%s): is a folder, not a file", path, output->option);
            return EXIT_USAGE;
        }
        if (S_ISSOCK(status.st_mode)) {
            message_format(error, error_size, "%s (%s): is a socket, which cannot be written as a file", path,
                         output->option);
            return EXIT_USAGE;
        }
        if (!S_ISREG(status.st_mode) || output->through_proc) {
            output->type = TARGET_STREAM;
            return EXIT_DONE;
        }
        output->type = TARGET_REGULAR;
        output->identity.exists = true;
        output->identity.device = status.st_dev;
        output->identity.inode = status.st_ino;
    } else if (errno == ENAMETOOLONG) {
        const char *slash = strrchr(path, '/');
        if (strlen(slash != NULL ? slash + 1 : path) > NAME_MAX)
            message_format(error, error_size, "%s (%s): the file name is longer than %d bytes", path,
                         output->option, NAME_MAX);
        else
            message_format(error, error_size, "%s (%s): the path is too long", path, output->option);
        return EXIT_USAGE;
    } else {
        output->type = TARGET_NEW; /* or the folder is missing: fileio_open_folder says */
    }
    return EXIT_DONE;
}

/* True when every entry of the folder `path` is named in `names` (NULL: none may be
 * there); else `*stranger` gets a copy of the first other name (NULL when memory
 * or the folder failed: then false too). `*empty` says whether it has entries. */
static bool folder_holds_only(const char *path, const char *const *names, bool *empty, char **stranger)
{
    *empty = true;
    *stranger = NULL;
    DIR *folder = opendir(path);
    if (folder == NULL)
        return false;
    bool only = true;
    struct dirent *entry;
    while (only && (entry = readdir(folder)) != NULL) {
        if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0)
            continue;
        *empty = false;
        bool known = false;
        for (int i = 0; names != NULL && names[i] != NULL && !known; i++)
            known = strcmp(entry->d_name, names[i]) == 0;
        if (!known) {
            only = false;
            *stranger = mem_strdup(entry->d_name);
        }
    }
    closedir(folder);
    return only;
}

/* A folder output: missing, or an empty folder, or a folder of known files with
 * --force; never a file, a link, "." or "..". */
static int classify_folder(struct set_output *output, bool force, char *error, size_t error_size)
{
    const char *path = output->target;
    const char *slash = strrchr(path, '/');
    const char *name = slash != NULL ? slash + 1 : path;
    if (name[0] == '\0') {
        message_format(error, error_size, "%s (%s): cannot replace the root folder", output->path, output->option);
        return EXIT_USAGE;
    }
    if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
        message_format(error, error_size, "%s (%s): give the folder by its name", output->path, output->option);
        return EXIT_USAGE;
    }
    struct stat status;
    if (lstat(path, &status) != 0) {
        if (errno == ENAMETOOLONG) {
            message_format(error, error_size, "%s (%s): the name is too long", output->path, output->option);
            return EXIT_USAGE;
        }
        output->type = TARGET_NEW;
        return EXIT_DONE;
    }
    if (S_ISLNK(status.st_mode)) {
        message_format(error, error_size, "%s (%s): is a symbolic link; give the folder itself", output->path,
                     output->option);
        return EXIT_USAGE;
    }
    if (!S_ISDIR(status.st_mode)) {
        message_format(error, error_size, "%s (%s): exists and is not a folder", output->path, output->option);
        return EXIT_USAGE;
    }
    output->type = TARGET_FOLDER;
    output->identity.exists = true;
    output->identity.device = status.st_dev;
    output->identity.inode = status.st_ino;
    bool empty;
    char *stranger = NULL;
    bool only = folder_holds_only(path, force ? output->folder_files : NULL, &empty, &stranger);
    if (empty)
        return EXIT_DONE;
    int code = EXIT_USAGE;
    if (!force)
        message_format(error, error_size, "%s (%s): the folder is not empty; give --force to replace it",
                     output->path, output->option);
    else if (only)
        code = EXIT_DONE;
    else if (stranger != NULL)
        message_format(error, error_size,
                     "%s (%s): the folder holds %s, which is not one of the files written there; "
                     "move it away or choose another folder",
                     output->path, output->option, stranger);
    else {
        message_format(error, error_size, "%s (%s): cannot read the folder", output->path, output->option);
        code = EXIT_INTERNAL;
    }
    mem_free(stranger);
    return code;
}

int output_set_add(struct output_set *set, const char *option, const char *path, enum output_kind kind,
                   bool force, const char *const *folder_files, char *error, size_t error_size)
{
    if (path[0] == '\0') {
        message_format(error, error_size, "%s: the output file name is empty", option);
        return EXIT_USAGE;
    }
    struct set_output *grown = mem_realloc(set->outputs, (size_t)(set->output_count + 1) * sizeof *grown);
    if (grown == NULL) {
        message_format(error, error_size, "out of memory");
        return EXIT_INTERNAL;
    }
    set->outputs = grown;
    struct set_output *output = &set->outputs[set->output_count];
    memset(output, 0, sizeof *output);
    output->option = option;
    output->kind = kind;
    output->descriptor = -1;
    output->folder_files = folder_files;
    output->file.folder = -1;
    output->file.slot = -1;
    output->path = mem_strdup(path);
    output->target = mem_strdup(path);
    int code = EXIT_INTERNAL;
    if (output->path == NULL || output->target == NULL) {
        message_format(error, error_size, "out of memory");
        goto fail;
    }
    if (kind == OUTPUT_FOLDER) {
        size_t length = strlen(output->target);
        while (length > 1 && output->target[length - 1] == '/')
            output->target[--length] = '\0';
    }
    /* an input given again as the output is named as such, whatever else is wrong */
    struct stat existing;
    if (stat(output->target, &existing) == 0 && (S_ISREG(existing.st_mode) || S_ISDIR(existing.st_mode))) {
        output->identity.exists = true;
        output->identity.device = existing.st_dev;
        output->identity.inode = existing.st_ino;
        code = check_identity(set, output, error, error_size);
        output->identity.exists = false;
        if (code != EXIT_DONE)
            goto fail;
    }
    if (kind == OUTPUT_FOLDER) {
        code = classify_folder(output, force, error, error_size);
    } else {
        code = classify_file(output, error, error_size);
    }
    if (code != EXIT_DONE)
        goto fail;
    code = EXIT_INTERNAL;
    if (output->type == TARGET_NEW || output->type == TARGET_REGULAR || output->type == TARGET_FOLDER) {
        output->folder_path = mem_alloc(strlen(output->target) + 2);
        if (output->folder_path == NULL) {
            message_format(error, error_size, "out of memory");
            goto fail;
        }
        fileio_folder_part(output->target, output->folder_path, strlen(output->target) + 2);
        output->file.folder = fileio_open_folder(output->folder_path, output->path, error, error_size);
        if (output->file.folder < 0)
            goto fail;
        struct stat status;
        if (fstat(output->file.folder, &status) != 0) {
            message_format(error, error_size, "%s: %s", output->folder_path, strerror(errno));
            goto fail;
        }
        identify_entry(output->target, &output->identity);
        output->identity.in_folder = true;
        output->identity.folder_device = status.st_dev;
        output->identity.folder_inode = status.st_ino;
        size_t longest = fileio_longest_name(output->file.folder);
        if (strlen(output->identity.name) > longest) {
            message_format(error, error_size, "%s (%s): the file name is longer than %zu bytes", output->path,
                         output->option, longest);
            code = EXIT_USAGE;
            goto fail;
        }
    }
    code = check_identity(set, output, error, error_size);
    if (code != EXIT_DONE)
        goto fail;
    set->output_count++;
    return EXIT_DONE;

fail:
    if (output->file.folder >= 0)
        close(output->file.folder);
    mem_free(output->path);
    mem_free(output->target);
    mem_free(output->folder_path);
    return code;
}

/* The output added as `path`; of several ("-" twice), the first still being written. */
static struct set_output *find_output(const struct output_set *set, const char *path)
{
    struct set_output *found = NULL;
    for (int i = 0; set != NULL && path != NULL && i < set->output_count; i++)
        if (strcmp(set->outputs[i].path, path) == 0) {
            if (set->outputs[i].state == OUTPUT_PENDING)
                return &set->outputs[i];
            if (found == NULL)
                found = &set->outputs[i];
        }
    return found;
}

/* Create the temporary folder of a folder output, to be filled by name. */
static bool prepare_folder(struct set_output *output, char *error, size_t error_size)
{
    char name[TEMPORARY_NAME_SIZE];
    size_t size = strlen(output->folder_path) + TEMPORARY_NAME_SIZE + 2;
    output->file.path = mem_strdup(output->path);
    output->file.temp_path = mem_alloc(size);
    if (output->file.path == NULL || output->file.temp_path == NULL) {
        message_format(error, error_size, "%s: out of memory", output->path);
        return false;
    }
    output->file.slot = fileio_temporary_create(output->file.folder, TEMPORARY_FOLDER, output->folder_files, name, NULL);
    if (output->file.slot < 0) {
        message_format(error, error_size, "%s: cannot create a temporary folder beside it: %s", output->path,
                     strerror(errno));
        return false;
    }
    snprintf(output->file.temp_path, size, "%s/%s", output->folder_path, name);
    return true;
}

bool output_set_prepare(struct output_set *set, char *error, size_t error_size)
{
    for (int i = 0; i < set->output_count; i++) {
        struct set_output *output = &set->outputs[i];
        if (output->type == TARGET_STREAM || output->type == TARGET_DESCRIPTOR)
            continue; /* opened when written: a FIFO waits for its reader only then */
        if (output->kind == OUTPUT_FOLDER) {
            if (!prepare_folder(output, error, error_size))
                return false;
            continue;
        }
        output->file.path = mem_strdup(output->path);
        if (output->file.path == NULL) {
            message_format(error, error_size, "%s: out of memory", output->path);
            return false;
        }
        if (!fileio_create_temporary_file(&output->file, output->folder_path, error, error_size))
            return false;
    }
    return true;
}

FILE *output_set_stream(struct output_set *set, const char *path, char *error, size_t error_size)
{
    struct set_output *output = find_output(set, path);
    if (output == NULL || output->kind == OUTPUT_FOLDER || output->state != OUTPUT_PENDING) {
        message_format(error, error_size, "%s: not an output being written", path != NULL ? path : "(none)");
        return NULL;
    }
    if (output->file.stream == NULL && (output->type == TARGET_STREAM || output->type == TARGET_DESCRIPTOR)) {
        output->file.path = output->file.path != NULL ? output->file.path : mem_strdup(output->path);
        if (output->file.path == NULL) {
            message_format(error, error_size, "%s: out of memory", output->path);
            return NULL;
        }
        if (!fileio_open_stream(&output->file, output->path, output->descriptor, output->through_proc, error,
                         error_size))
            return NULL;
    }
    if (output->file.stream == NULL)
        message_format(error, error_size, "%s: the output file is not open", output->path);
    return output->file.stream;
}

const char *output_set_write_path(const struct output_set *set, const char *path)
{
    const struct set_output *output = find_output(set, path);
    if (output == NULL)
        return NULL;
    if (output->type == TARGET_DESCRIPTOR)
        return output->descriptor_name;
    if (output->type == TARGET_STREAM)
        return output->path;
    return output->file.temp_path;
}

bool output_set_finish(struct output_set *set, const char *path, char *error, size_t error_size)
{
    struct set_output *output = find_output(set, path);
    if (output == NULL || output->state != OUTPUT_PENDING) {
        message_format(error, error_size, "%s: not an output being written", path != NULL ? path : "(none)");
        return false;
    }
    bool by_name = output->file.stream == NULL &&
                   (output->type == TARGET_STREAM || output->type == TARGET_DESCRIPTOR);
    if (by_name) {
        output->state = OUTPUT_FINISHED; /* written by name (GLPK): nothing held here */
        return true;
    }
    if (output->kind == OUTPUT_FILE && (output->file.stream == NULL || !fileio_push_to_disk(&output->file, error, error_size)))
        return false;
    if (output->kind == OUTPUT_FILE && !fileio_close_stream(&output->file, error, error_size))
        return false;
    output->state = OUTPUT_FINISHED;
    return true;
}

bool output_set_check_ending(const struct output_set *set, const char *path, const char *trailer, char *error,
                             size_t error_size)
{
    const struct set_output *output = find_output(set, path);
    if (output == NULL || output->file.temp_path == NULL)
        return true;
    size_t length = strlen(trailer);
    char tail[64];
    bool complete = false, full = false;
    int descriptor = open(output->file.temp_path, O_RDONLY | O_CLOEXEC);
    if (descriptor >= 0) {
        struct stat status;
        struct statvfs space;
        complete = length < sizeof tail && fstat(descriptor, &status) == 0 &&
                   status.st_size >= (off_t)length &&
                   pread(descriptor, tail, length, status.st_size - (off_t)length) == (ssize_t)length &&
                   memcmp(tail, trailer, length) == 0;
        full = fstatvfs(descriptor, &space) == 0 && space.f_bavail == 0;
        close(descriptor);
    }
    if (!complete)
        message_format(error, error_size, "%s: cannot write: %s", output->path,
                     full ? strerror(ENOSPC) : "the file was left incomplete");
    return complete;
}

void output_set_drop(struct output_set *set, const char *path)
{
    struct set_output *output = find_output(set, path);
    if (output == NULL || output->state == OUTPUT_COMMITTED)
        return;
    output_release(output);
    output->state = OUTPUT_DROPPED;
}

/* Swap the finished temporary folder of `output` in for the target; the earlier
 * folder's files (only names of folder_files: checked when added) are removed. */
static bool swap_folder_in(struct set_output *output)
{
    struct temporary *temporary = &fileio_temporaries[output->file.slot];
    const char *name = output->identity.name;
    sigset_t saved;
    fileio_hold_signals(&saved);
    /* a missing or empty folder: one rename replaces it */
    bool swapped = renameat(output->file.folder, temporary->name, output->file.folder, name) == 0;
    int reason = errno;
    if (!swapped && (reason == ENOTEMPTY || reason == EEXIST)) {
#ifdef RENAME_EXCHANGE
        /* both at once; the earlier folder is then under the temporary name */
        swapped = renameat2(output->file.folder, temporary->name, output->file.folder, name, RENAME_EXCHANGE) == 0;
        reason = errno;
#endif
        if (!swapped && (reason == EINVAL || reason == ENOSYS || reason == ENOTSUP)) {
            /* no exchange on this file system: move the earlier folder aside first */
            char aside[TEMPORARY_NAME_SIZE];
            fileio_temporary_name(aside);
            swapped = renameat(output->file.folder, name, output->file.folder, aside) == 0;
            reason = errno;
            if (swapped) {
                swapped = renameat(output->file.folder, temporary->name, output->file.folder, name) == 0;
                reason = errno;
                if (swapped)
                    memcpy(temporary->name, aside, sizeof aside);
                else
                    (void)renameat(output->file.folder, aside, output->file.folder, name); /* put it back */
            }
        }
        if (swapped)
            fileio_remove_temporary(temporary); /* now the earlier folder and its files */
    }
    if (swapped)
        fileio_temporary_forget(output->file.slot);
    fileio_release_signals(&saved);
    if (swapped)
        output->file.slot = -1;
    errno = reason;
    return swapped;
}

/* Append ", NAME" or "NAME" to a list in `list`. */
static void list_append(char *list, size_t size, const char *name)
{
    size_t used = strlen(list);
    if (used < size)
        snprintf(list + used, size - used, "%s%s", used > 0 ? ", " : "", name);
}

bool output_set_commit(struct output_set *set, char *error, size_t error_size)
{
    for (int i = 0; i < set->output_count; i++) {
        struct set_output *output = &set->outputs[i];
        if (output->state != OUTPUT_PENDING)
            continue;
        if (output->kind == OUTPUT_FILE && output->file.stream == NULL &&
            output_set_stream(set, output->path, error, error_size) == NULL)
            return false;
        if (!output_set_finish(set, output->path, error, error_size))
            return false;
    }
    char replaced[1024] = "", kept[1024] = "";
    bool ok = true;
    /* no signal between the renames: a run that ends on one commits all or none */
    sigset_t saved;
    fileio_hold_signals(&saved);
    for (int i = 0; i < set->output_count; i++) {
        struct set_output *output = &set->outputs[i];
        if (output->state != OUTPUT_FINISHED)
            continue;
        if (!ok) {
            if (output->file.slot >= 0) /* a stream is already written */
                list_append(kept, sizeof kept, output->path);
            output_release(output);
            output->state = OUTPUT_DROPPED;
            continue;
        }
        bool renamed = true;
        if (output->file.slot >= 0)
            renamed = output->kind == OUTPUT_FOLDER ? swap_folder_in(output) : fileio_rename_into_place(&output->file);
        if (!renamed) {
            char reason[256];
            snprintf(reason, sizeof reason, "%s", strerror(errno));
            output_release(output);
            output->state = OUTPUT_DROPPED;
            message_format(error, error_size, "%s: cannot replace the %s: %s", output->path,
                         output->kind == OUTPUT_FOLDER ? "folder" : "file", reason);
            ok = false;
            continue;
        }
        fileio_sync_folder(output->file.folder);
        output_release(output);
        output->state = OUTPUT_COMMITTED;
        if (output->type != TARGET_STREAM && output->type != TARGET_DESCRIPTOR)
            list_append(replaced, sizeof replaced, output->path);
    }
    fileio_release_signals(&saved);
    if (!ok) {
        size_t used = strlen(error);
        if (used < error_size)
            snprintf(error + used, error_size - used, "; already written: %s; not written: %s",
                     replaced[0] != '\0' ? replaced : "none", kept[0] != '\0' ? kept : "none");
    }
    return ok;
}
