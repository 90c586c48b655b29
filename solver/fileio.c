/* fileio.c - whole-file reading with a size limit, and atomic owner-only output files. */
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "common.h"

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

/* Put the output file's name in front of the reason in `error`: a run may write
 * several files, and the message must say which one failed. */
static void name_the_file(char *error, size_t error_size, const char *path)
{
    if (error == NULL || error_size == 0 || path == NULL)
        return;
    char reason[512];
    snprintf(reason, sizeof reason, "%s", error);
    snprintf(error, error_size, "%s: %s", path, reason);
}

/* Release what `file` owns and clear it. */
static void output_file_clear(struct output_file *file)
{
    mem_free(file->path);
    mem_free(file->temp_path);
    file->path = NULL;
    file->temp_path = NULL;
    file->stream = NULL;
}

/* The temporary name for `path`: ".NAME.XXXXXX" in the same directory, so the final
 * rename stays within one file system. */
static char *temp_template(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t directory_length = slash != NULL ? (size_t)(slash - path) + 1 : 0;
    const char *base = path + directory_length;
    size_t size = strlen(path) + sizeof "." + sizeof ".XXXXXX";
    char *name = mem_alloc(size);
    if (name == NULL)
        return NULL;
    snprintf(name, size, "%.*s.%s.XXXXXX", (int)directory_length, path, base);
    return name;
}

bool fileio_open(struct output_file *file, const char *path, char *error, size_t error_size)
{
    file->path = NULL;
    file->temp_path = NULL;
    file->stream = NULL;

    if (path[0] == '\0') {
        set_error(error, error_size, "empty output file name", 0);
        return false;
    }
    file->path = mem_strdup(path);
    if (file->path == NULL)
        goto out_of_memory;
    if (strcmp(path, "-") == 0) {
        file->stream = stdout;
        return true;
    }
    if (path[strlen(path) - 1] == '/') {
        set_error(error, error_size, "the output name is a directory", 0);
        goto fail;
    }
    file->temp_path = temp_template(path);
    if (file->temp_path == NULL)
        goto out_of_memory;

    int descriptor = mkstemp(file->temp_path);
    if (descriptor < 0) {
        set_error(error, error_size, "cannot create a temporary file beside it", errno);
        mem_free(file->temp_path);
        file->temp_path = NULL; /* nothing was created: nothing to remove */
        goto fail;
    }
    /* Owner-only whatever the umask: the file describes child-welfare clients. */
    if (fchmod(descriptor, S_IRUSR | S_IWUSR) != 0) {
        set_error(error, error_size, "cannot set the file mode", errno);
        close(descriptor);
        goto fail_remove;
    }
    file->stream = fdopen(descriptor, "w");
    if (file->stream == NULL) {
        set_error(error, error_size, "cannot open the temporary file", errno);
        close(descriptor);
        goto fail_remove;
    }
    return true;

out_of_memory:
    set_error(error, error_size, "out of memory", 0);
    goto fail;
fail_remove:
    unlink(file->temp_path);
fail:
    name_the_file(error, error_size, path);
    output_file_clear(file);
    return false;
}

/* Make the rename itself durable; a failure here does not undo the written file. */
static void sync_directory_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    char *directory = NULL;
    if (slash == NULL)
        directory = mem_strdup(".");
    else if (slash == path)
        directory = mem_strdup("/");
    else {
        directory = mem_alloc((size_t)(slash - path) + 1);
        if (directory != NULL) {
            memcpy(directory, path, (size_t)(slash - path));
            directory[slash - path] = '\0';
        }
    }
    if (directory == NULL)
        return;
    int descriptor = open(directory, O_RDONLY);
    if (descriptor >= 0) {
        (void)fsync(descriptor);
        close(descriptor);
    }
    mem_free(directory);
}

bool fileio_flush(struct output_file *file, char *error, size_t error_size)
{
    if (file->stream == NULL) {
        set_error(error, error_size, "the output file is not open", 0);
        return false;
    }
    errno = 0;
    bool flushed = fflush(file->stream) == 0 && !ferror(file->stream);
    /* EINVAL: a pipe or a file system without sync; the data is still written. */
    if (flushed && file->temp_path != NULL && fsync(fileno(file->stream)) != 0 && errno != EINVAL)
        flushed = false;
    if (!flushed) {
        char what[4200];
        snprintf(what, sizeof what, "%s: cannot write", file->path);
        set_error(error, error_size, what, errno != 0 ? errno : EIO);
    }
    return flushed;
}

bool fileio_commit(struct output_file *file, char *error, size_t error_size)
{
    if (file->stream == NULL) {
        set_error(error, error_size, "the output file is not open", 0);
        output_file_clear(file);
        return false;
    }
    if (file->temp_path == NULL) { /* standard output */
        bool flushed = fflush(file->stream) == 0 && !ferror(file->stream);
        if (!flushed)
            set_error(error, error_size, "cannot write to standard output", errno);
        output_file_clear(file);
        return flushed;
    }

    FILE *stream = file->stream;
    file->stream = NULL;
    if (ferror(stream)) {
        set_error(error, error_size, "cannot write", errno != 0 ? errno : EIO);
        fclose(stream);
        goto fail;
    }
    if (fflush(stream) != 0) {
        set_error(error, error_size, "cannot write", errno);
        fclose(stream);
        goto fail;
    }
    /* EINVAL: the file system offers no sync; the data is still written. */
    if (fsync(fileno(stream)) != 0 && errno != EINVAL) {
        set_error(error, error_size, "cannot write", errno);
        fclose(stream);
        goto fail;
    }
    if (fclose(stream) != 0) {
        set_error(error, error_size, "cannot write", errno);
        goto fail;
    }
    if (rename(file->temp_path, file->path) != 0) {
        set_error(error, error_size, "cannot replace the file", errno);
        goto fail;
    }
    sync_directory_of(file->path);
    output_file_clear(file);
    return true;

fail:
    unlink(file->temp_path);
    name_the_file(error, error_size, file->path);
    output_file_clear(file);
    return false;
}

void fileio_abort(struct output_file *file)
{
    if (file == NULL)
        return;
    if (file->stream != NULL) {
        if (file->temp_path != NULL)
            fclose(file->stream);
        else
            fflush(file->stream);
    }
    if (file->temp_path != NULL)
        unlink(file->temp_path);
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
