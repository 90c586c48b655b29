/* fileio.c - whole-file reading with a size limit, the registry of temporaries that
 * no exit path leaves behind, and single atomic owner-only output files (committed
 * together by output.c). */
#define _GNU_SOURCE /* renameat2's RENAME_EXCHANGE: a folder swapped for another at once */
#include "io/fileio.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdatomic.h>
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
#include "base/random.h"

/* The largest input accepted: far above any real region, small enough to hold. */
#define READ_LIMIT ((size_t)1 << 30)
#define READ_LIMIT_TEXT "1 GiB"

static void set_error(char *error, size_t error_size, const char *what, int error_number)
{
    if (error == NULL || error_size == 0)
        return;
    if (error_number != 0)
        snprintf(error, error_size, "%s: %s", what, strerror(error_number));
    else
        snprintf(error, error_size, "%s", what);
}

/* Read everything from `descriptor` into a NUL-terminated buffer, starting with room
 * for `expected` bytes. */
static char *read_descriptor(int descriptor, size_t expected, size_t *length, char *error,
                             size_t error_size)
{
    size_t capacity = expected + 1 > 4096 ? expected + 1 : 4096;
    size_t used = 0;
    char *buffer = mem_alloc(capacity);
    if (buffer == NULL)
        goto out_of_memory;
    for (;;) {
        if (used + 1 >= capacity) {
            if (capacity > READ_LIMIT) {
                set_error(error, error_size, "the file is larger than the limit of " READ_LIMIT_TEXT, 0);
                goto fail;
            }
            size_t grown = capacity * 2;
            if (grown > READ_LIMIT + 2)
                grown = READ_LIMIT + 2;
            char *larger = mem_realloc(buffer, grown);
            if (larger == NULL)
                goto out_of_memory;
            buffer = larger;
            capacity = grown;
        }
        ssize_t got = read(descriptor, buffer + used, capacity - 1 - used);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            set_error(error, error_size, "cannot read", errno);
            goto fail;
        }
        if (got == 0)
            break;
        used += (size_t)got;
        if (used > READ_LIMIT) {
            set_error(error, error_size, "the file is larger than the limit of " READ_LIMIT_TEXT, 0);
            goto fail;
        }
    }
    buffer[used] = '\0';
    *length = used;
    return buffer;

out_of_memory:
    set_error(error, error_size, "out of memory while reading", 0);
    mem_free(buffer);
    errno = ENOMEM; /* fileio.h: tells the caller memory ran out, not the file */
    return NULL;
fail:
    mem_free(buffer);
    errno = 0;
    return NULL;
}

char *fileio_read_all(const char *path, size_t *length, char *error, size_t error_size)
{
    *length = 0;
    if (strcmp(path, "-") == 0)
        return read_descriptor(STDIN_FILENO, 0, length, error, error_size);

    int descriptor;
    do
        descriptor = open(path, O_RDONLY);
    while (descriptor < 0 && errno == EINTR);
    if (descriptor < 0) {
        set_error(error, error_size, "cannot open", errno);
        errno = 0;
        return NULL;
    }
    char *buffer = NULL;
    int reason = 0; /* the errno to leave: ENOMEM when memory ran out, else 0 */
    struct stat status;
    if (fstat(descriptor, &status) != 0) {
        set_error(error, error_size, "cannot read", errno);
        goto done;
    }
    if (S_ISDIR(status.st_mode)) {
        set_error(error, error_size, "is a directory, not a file", 0);
        goto done;
    }
    size_t expected = 0;
    if (S_ISREG(status.st_mode)) {
        if ((uintmax_t)status.st_size > (uintmax_t)READ_LIMIT) {
            set_error(error, error_size, "the file is larger than the limit of " READ_LIMIT_TEXT, 0);
            goto done;
        }
        expected = (size_t)status.st_size;
    }
    buffer = read_descriptor(descriptor, expected, length, error, error_size);
    if (buffer == NULL)
        reason = errno; /* read_descriptor leaves ENOMEM or 0 */
done:
    close(descriptor);
    errno = reason;
    return buffer;
}

/* --- Temporaries, removable from a signal handler ------------------------------- */

struct temporary fileio_temporaries[TEMPORARY_SLOTS];
static int temporaries_top; /* slots from here on are free */

/* Hold every signal while the registry and the file system change together. */
void fileio_hold_signals(sigset_t *saved)
{
    sigset_t all;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, saved);
}

void fileio_release_signals(const sigset_t *saved)
{
    pthread_sigmask(SIG_SETMASK, saved, NULL);
}

/* Async-signal-safe: only openat, unlinkat and close. */
void fileio_remove_temporary(const struct temporary *temporary)
{
    if (temporary->kind == TEMPORARY_FILE) {
        (void)unlinkat(temporary->folder, temporary->name, 0);
    } else if (temporary->kind == TEMPORARY_FOLDER) {
        int inside = openat(temporary->folder, temporary->name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (inside >= 0) {
            for (int i = 0; temporary->contents != NULL && temporary->contents[i] != NULL; i++)
                (void)unlinkat(inside, temporary->contents[i], 0);
            close(inside);
        }
        (void)unlinkat(temporary->folder, temporary->name, AT_REMOVEDIR);
    }
}

void fileio_remove_temporaries(void)
{
    /* newest first: the files of a temporary folder before the folder */
    for (int slot = TEMPORARY_SLOTS - 1; slot >= 0; slot--) {
        if (fileio_temporaries[slot].kind != TEMPORARY_NONE) {
            fileio_remove_temporary(&fileio_temporaries[slot]);
            fileio_temporaries[slot].kind = TEMPORARY_NONE;
        }
    }
}

/* A fresh name TEMPORARY_PREFIX + six letters and digits. Not a secret: creation
 * with O_EXCL makes it safe, the mix only makes clashes rare. */
void fileio_temporary_name(char name[TEMPORARY_NAME_SIZE])
{
    static _Atomic unsigned long long calls; /* two calls never mix the same input */
    static const char symbols[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    uint64_t state = (uint64_t)now.tv_nsec ^ ((uint64_t)getpid() << 32) ^ (uint64_t)now.tv_sec ^
                     ((uint64_t)atomic_fetch_add(&calls, 1) << 20);
    uint64_t mixed = random_splitmix64(&state);
    size_t prefix = strlen(TEMPORARY_PREFIX);
    memcpy(name, TEMPORARY_PREFIX, prefix);
    for (size_t i = 0; i < 6; i++, mixed /= 36)
        name[prefix + i] = symbols[mixed % 36];
    name[prefix + 6] = '\0';
}

/* Create a temporary file (mode 0600, *descriptor open for writing) or folder (0700)
 * in the folder `folder` and register it, with signals held so that none can come
 * between the two. Returns its slot with its name in `name`, or -1 with errno. */
int fileio_temporary_create(int folder, int kind, const char *const *contents, char name[TEMPORARY_NAME_SIZE],
                     int *descriptor)
{
    for (int attempt = 0; attempt < 100; attempt++) {
        fileio_temporary_name(name);
        sigset_t saved;
        fileio_hold_signals(&saved);
        if (temporaries_top == TEMPORARY_SLOTS) {
            fileio_release_signals(&saved);
            errno = EMFILE;
            return -1;
        }
        int made = kind == TEMPORARY_FILE
                       ? openat(folder, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, S_IRUSR | S_IWUSR)
                       : mkdirat(folder, name, S_IRWXU);
        int reason = errno;
        int slot = -1;
        if (made >= 0) {
            slot = temporaries_top++;
            struct temporary *temporary = &fileio_temporaries[slot];
            temporary->folder = folder;
            memcpy(temporary->name, name, TEMPORARY_NAME_SIZE);
            temporary->contents = contents;
            temporary->kind = kind;
            if (descriptor != NULL)
                *descriptor = kind == TEMPORARY_FILE ? made : -1;
        }
        fileio_release_signals(&saved);
        if (slot >= 0)
            return slot;
        if (reason != EEXIST) {
            errno = reason;
            return -1;
        }
    }
    errno = EEXIST;
    return -1;
}

/* Forget the temporary of `slot` (renamed into place or removed). Signals held. */
void fileio_temporary_forget(int slot)
{
    fileio_temporaries[slot].kind = TEMPORARY_NONE;
    while (temporaries_top > 0 && fileio_temporaries[temporaries_top - 1].kind == TEMPORARY_NONE)
        temporaries_top--;
}

/* Remove the temporary of `slot` (-1: none) now. */
void fileio_temporary_remove(int slot)
{
    if (slot < 0)
        return;
    sigset_t saved;
    fileio_hold_signals(&saved);
    fileio_remove_temporary(&fileio_temporaries[slot]);
    fileio_temporary_forget(slot);
    fileio_release_signals(&saved);
}

/* --- Where an output goes --------------------------------------------------------- */

/* True when `path` names one of this process's descriptors: /dev/stdin, /dev/stdout,
 * /dev/stderr, /dev/fd/N, /proc/self/fd/N, /proc/thread-self/fd/N, /proc/PID/fd/N. */
static bool names_own_descriptor(const char *path, int *descriptor)
{
    static const char *const standard[] = {"/dev/stdin", "/dev/stdout", "/dev/stderr"};
    for (int i = 0; i < 3; i++)
        if (strcmp(path, standard[i]) == 0) {
            *descriptor = i;
            return true;
        }
    const char *rest = NULL;
    if (strncmp(path, "/dev/fd/", 8) == 0)
        rest = path + 8;
    else if (strncmp(path, "/proc/self/fd/", 14) == 0)
        rest = path + 14;
    else if (strncmp(path, "/proc/thread-self/fd/", 21) == 0)
        rest = path + 21;
    else if (strncmp(path, "/proc/", 6) == 0 && path[6] >= '0' && path[6] <= '9') {
        char *end = NULL;
        long process = strtol(path + 6, &end, 10);
        if (process == (long)getpid() && strncmp(end, "/fd/", 4) == 0)
            rest = end + 4;
    }
    if (rest == NULL || rest[0] < '0' || rest[0] > '9')
        return false;
    char *end = NULL;
    errno = 0;
    long number = strtol(rest, &end, 10);
    if (*end != '\0' || errno != 0 || number > INT_MAX)
        return false;
    *descriptor = (int)number;
    return true;
}

/* The folder part of `path` (no trailing slashes): ".", "/" or the text before
 * the last slash, copied into `folder` (false when it does not fit). */
bool fileio_folder_part(const char *path, char *folder, size_t size)
{
    const char *slash = strrchr(path, '/');
    if (slash == NULL)
        return snprintf(folder, size, ".") < (int)size;
    if (slash == path)
        return snprintf(folder, size, "/") < (int)size;
    return snprintf(folder, size, "%.*s", (int)(slash - path), path) < (int)size;
}

/* Follow `path` through its symbolic links: does it end at one of this process's
 * descriptors (*descriptor >= 0), or pass through /proc, whose files are streams
 * never to be renamed over (*through_proc)? */
void fileio_follow_links(const char *path, int *descriptor, bool *through_proc)
{
    char current[PATH_MAX], folder[PATH_MAX], resolved[PATH_MAX], link[PATH_MAX];
    *descriptor = -1;
    *through_proc = false;
    if (snprintf(current, sizeof current, "%s", path) >= (int)sizeof current)
        return;
    for (int hop = 0; hop < 40; hop++) {
        if (names_own_descriptor(current, descriptor))
            return;
        if (!fileio_folder_part(current, folder, sizeof folder))
            return;
        if (realpath(folder, resolved) != NULL &&
            (strcmp(resolved, "/proc") == 0 || strncmp(resolved, "/proc/", 6) == 0))
            *through_proc = true;
        struct stat status;
        if (lstat(current, &status) != 0 || !S_ISLNK(status.st_mode))
            return;
        ssize_t length = readlink(current, link, sizeof link - 1);
        if (length <= 0)
            return;
        link[length] = '\0';
        char next[PATH_MAX];
        int written = link[0] == '/' ? snprintf(next, sizeof next, "%s", link)
                                     : snprintf(next, sizeof next, "%s/%s", folder, link);
        if (written >= (int)sizeof next)
            return;
        memcpy(current, next, (size_t)written + 1);
    }
}

/* Open the folder `folder` an output goes in; -1 with the reason in `error`. */
int fileio_open_folder(const char *folder, const char *path, char *error, size_t error_size)
{
    int descriptor;
    do
        descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    while (descriptor < 0 && errno == EINTR);
    if (descriptor >= 0)
        return descriptor;
    if (errno == ENOENT)
        message_format(error, error_size, "%s: the folder %s does not exist", path, folder);
    else if (errno == ENOTDIR)
        message_format(error, error_size, "%s: %s is not a folder", path, folder);
    else
        message_format(error, error_size, "%s: cannot open the folder %s: %s", path, folder, strerror(errno));
    return -1;
}

/* The longest name the folder takes (NAME_MAX when it does not say). */
size_t fileio_longest_name(int folder)
{
    errno = 0;
    long longest = fpathconf(folder, _PC_NAME_MAX);
    return longest > 0 ? (size_t)longest : (size_t)NAME_MAX;
}

/* --- Single output files ------------------------------------------------------ */

static void output_file_clear(struct output_file *file)
{
    mem_free(file->path);
    mem_free(file->temp_path);
    file->path = NULL;
    file->temp_path = NULL;
    file->stream = NULL;
    if (file->folder >= 0)
        close(file->folder);
    file->folder = -1;
    file->slot = -1;
    file->close_stream = false;
}

/* Open `path` (a stream target) for writing as a stream: a descriptor of this
 * process when `descriptor` >= 0, else the device, FIFO or file under /proc.
 * Never creates a file and never writes to a regular file outside /proc. */
bool fileio_open_stream(struct output_file *file, const char *path, int descriptor, bool through_proc,
                 char *error, size_t error_size)
{
    if (descriptor == STDOUT_FILENO || descriptor == STDERR_FILENO) {
        file->stream = descriptor == STDOUT_FILENO ? stdout : stderr;
        return true;
    }
    int opened;
    if (descriptor >= 0) {
        opened = fcntl(descriptor, F_DUPFD_CLOEXEC, 3);
    } else {
        do
            opened = open(path, O_WRONLY | O_NOCTTY | O_TRUNC | O_CLOEXEC);
        while (opened < 0 && errno == EINTR);
    }
    if (opened < 0) {
        message_format(error, error_size, "%s: cannot open: %s", path, strerror(errno));
        return false;
    }
    struct stat status;
    if (descriptor < 0 && !through_proc && fstat(opened, &status) == 0 && S_ISREG(status.st_mode)) {
        /* it was a device or FIFO a moment ago: never write into a file in place */
        message_format(error, error_size, "%s: was replaced by a regular file while running", path);
        close(opened);
        return false;
    }
    file->stream = fdopen(opened, "w");
    if (file->stream == NULL) {
        message_format(error, error_size, "%s: cannot open: %s", path, strerror(errno));
        close(opened);
        return false;
    }
    file->close_stream = true;
    return true;
}

/* Create the temporary file for `file->path` in the open folder `file->folder`,
 * whose path is `folder_path`. */
bool fileio_create_temporary_file(struct output_file *file, const char *folder_path, char *error,
                           size_t error_size)
{
    char name[TEMPORARY_NAME_SIZE];
    int descriptor = -1;
    size_t size = strlen(folder_path) + TEMPORARY_NAME_SIZE + 2;
    file->temp_path = mem_alloc(size);
    if (file->temp_path == NULL) {
        message_format(error, error_size, "%s: out of memory", file->path);
        return false;
    }
    file->slot = fileio_temporary_create(file->folder, TEMPORARY_FILE, NULL, name, &descriptor);
    if (file->slot < 0) {
        message_format(error, error_size, "%s: cannot create a temporary file beside it: %s", file->path,
                     strerror(errno));
        return false;
    }
    snprintf(file->temp_path, size, "%s/%s", folder_path, name);
    /* owner-only whatever the umask: the file describes child-welfare clients */
    if (fchmod(descriptor, S_IRUSR | S_IWUSR) != 0) {
        message_format(error, error_size, "%s: cannot set the file mode: %s", file->path, strerror(errno));
        close(descriptor);
        return false;
    }
    file->stream = fdopen(descriptor, "w");
    if (file->stream == NULL) {
        message_format(error, error_size, "%s: cannot open the temporary file: %s", file->path, strerror(errno));
        close(descriptor);
        return false;
    }
    file->close_stream = true;
    return true;
}

/* The name within its folder of the file `file` (after the last slash). */
static const char *final_name(const struct output_file *file)
{
    const char *slash = strrchr(file->path, '/');
    return slash != NULL ? slash + 1 : file->path;
}

bool fileio_open(struct output_file *file, const char *path, char *error, size_t error_size)
{
    file->path = NULL;
    file->temp_path = NULL;
    file->stream = NULL;
    file->folder = -1;
    file->slot = -1;
    file->close_stream = false;

    if (path[0] == '\0') {
        message_format(error, error_size, "empty output file name");
        return false;
    }
    file->path = mem_strdup(path);
    if (file->path == NULL) {
        message_format(error, error_size, "%s: out of memory", path);
        return false;
    }
    if (strcmp(path, "-") == 0) {
        file->stream = stdout;
        return true;
    }
    if (path[strlen(path) - 1] == '/') {
        message_format(error, error_size, "%s: the output name is a folder", path);
        goto fail;
    }
    int descriptor;
    bool through_proc;
    fileio_follow_links(path, &descriptor, &through_proc);
    struct stat status;
    bool exists = stat(path, &status) == 0;
    if (exists && S_ISDIR(status.st_mode)) {
        message_format(error, error_size, "%s: is a folder", path);
        goto fail;
    }
    if (descriptor >= 0 || (exists && (!S_ISREG(status.st_mode) || through_proc))) {
        if (!fileio_open_stream(file, path, descriptor, through_proc, error, error_size))
            goto fail;
        return true;
    }
    char folder[PATH_MAX];
    if (!fileio_folder_part(path, folder, sizeof folder)) {
        message_format(error, error_size, "%s: the name is too long", path);
        goto fail;
    }
    file->folder = fileio_open_folder(folder, path, error, error_size);
    if (file->folder < 0)
        goto fail;
    if (strlen(final_name(file)) > fileio_longest_name(file->folder)) {
        message_format(error, error_size, "%s: the file name is longer than %zu bytes", path,
                     fileio_longest_name(file->folder));
        goto fail;
    }
    if (!fileio_create_temporary_file(file, folder, error, error_size))
        goto fail;
    return true;

fail:
    fileio_abort(file);
    return false;
}

/* Make the rename itself durable; a failure here does not undo the written file. */
void fileio_sync_folder(int folder)
{
    if (folder >= 0)
        (void)fsync(folder);
}

/* Flush and sync the stream of `file`; on failure the reason names `file->path`. */
bool fileio_push_to_disk(struct output_file *file, char *error, size_t error_size)
{
    if (file->stream == NULL) {
        message_format(error, error_size, "%s: the output file is not open", file->path);
        return false;
    }
    bool had_error = ferror(file->stream) != 0;
    errno = 0;
    bool flushed = fflush(file->stream) == 0 && !had_error;
    int reason = errno;
    /* EINVAL: a pipe or a file system without sync; the data is still written. */
    if (flushed && file->temp_path != NULL && fsync(fileno(file->stream)) != 0 && errno != EINVAL) {
        flushed = false;
        reason = errno;
    }
    if (!flushed) {
        if (reason != 0)
            message_format(error, error_size, "%s: cannot write: %s", file->path, strerror(reason));
        else
            message_format(error, error_size, "%s: cannot write", file->path);
    }
    return flushed;
}

bool fileio_flush(struct output_file *file, char *error, size_t error_size)
{
    return fileio_push_to_disk(file, error, error_size);
}

/* Close the stream of `file` after fileio_push_to_disk; false with the reason. */
bool fileio_close_stream(struct output_file *file, char *error, size_t error_size)
{
    FILE *stream = file->stream;
    file->stream = NULL;
    if (stream == NULL || !file->close_stream)
        return true;
    file->close_stream = false;
    if (fclose(stream) != 0) {
        message_format(error, error_size, "%s: cannot write: %s", file->path, strerror(errno));
        return false;
    }
    return true;
}

/* Rename the written temporary file onto its final name, signals held, and forget
 * the temporary. Returns false with errno set when the rename fails. */
bool fileio_rename_into_place(struct output_file *file)
{
    sigset_t saved;
    fileio_hold_signals(&saved);
    bool renamed = renameat(file->folder, fileio_temporaries[file->slot].name, file->folder, final_name(file)) == 0;
    int reason = errno;
    if (renamed)
        fileio_temporary_forget(file->slot);
    fileio_release_signals(&saved);
    if (renamed)
        file->slot = -1;
    errno = reason;
    return renamed;
}

bool fileio_commit(struct output_file *file, char *error, size_t error_size)
{
    bool ok = fileio_push_to_disk(file, error, error_size);
    if (!fileio_close_stream(file, error, error_size))
        ok = false;
    if (ok && file->slot >= 0 && !fileio_rename_into_place(file)) {
        message_format(error, error_size, "%s: cannot replace the file: %s", file->path, strerror(errno));
        ok = false;
    }
    if (ok)
        fileio_sync_folder(file->folder);
    fileio_abort(file);
    return ok;
}

void fileio_abort(struct output_file *file)
{
    if (file == NULL)
        return;
    if (file->stream != NULL) {
        if (file->close_stream)
            fclose(file->stream);
        else
            fflush(file->stream);
    }
    file->stream = NULL;
    fileio_temporary_remove(file->slot);
    file->slot = -1;
    output_file_clear(file);
}

char *fileio_read_input(const char *path, size_t *length, struct diag *diag)
{
    char error[512];
    char *text = fileio_read_all(path, length, error, sizeof error);
    if (text == NULL) {
        if (errno == ENOMEM)
            diag->out_of_memory = true;
        else
            diag_error(diag, "", "%s", error);
    }
    return text;
}
