/* progress.c - progress lines through the caller's handle. */
#include "base/progress.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>

/* --- Progress ------------------------------------------------------------------ */

void progress_number(double value, int decimals, bool percent, char *buffer, size_t size)
{
    if (isfinite(value))
        snprintf(buffer, size, "%.*f%s", decimals, value, percent ? " %" : "");
    else
        snprintf(buffer, size, "none yet");
}

bool progress_on(const struct progress *progress)
{
    return progress != NULL && progress->show != NULL;
}

static void progress_vshow(const struct progress *progress, bool transient, const char *format,
                           va_list arguments) __attribute__((format(printf, 3, 0)));

static void progress_vshow(const struct progress *progress, bool transient, const char *format,
                           va_list arguments)
{
    char text[512];
    if (!progress_on(progress))
        return;
    vsnprintf(text, sizeof text, format, arguments);
    progress->show(progress->context, transient, text);
}

void progress_line(const struct progress *progress, const char *format, ...)
{
    va_list arguments;
    va_start(arguments, format);
    progress_vshow(progress, false, format, arguments);
    va_end(arguments);
}

void progress_status(const struct progress *progress, const char *format, ...)
{
    va_list arguments;
    va_start(arguments, format);
    progress_vshow(progress, true, format, arguments);
    va_end(arguments);
}
