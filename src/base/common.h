/* common.h - the program's version and exit codes, and the base layer's shared
 * headers in one include: allocation (mem.h), diagnostics (diag.h), messages
 * (message.h), progress (progress.h) and text (text.h). It declares no function
 * of its own. */
#ifndef CASELOAD_COMMON_H
#define CASELOAD_COMMON_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "base/diag.h"
#include "base/mem.h"
#include "base/message.h"
#include "base/progress.h"
#include "base/text.h"

#define CASELOAD_VERSION "0.1.0"

/* Process exit codes of the command line (DESIGN.md §4). */
enum exit_code {
    EXIT_DONE = 0,       /* done */
    EXIT_VIOLATIONS = 1, /* `check` found a worker over the cap */
    EXIT_USAGE = 2,      /* usage error */
    EXIT_INPUT = 3,      /* invalid input: file, JSON path and reason printed */
    EXIT_NO_PLAN = 4,    /* no plan could be found */
    EXIT_INTERNAL = 5    /* I/O error, out of memory or internal error */
};

#endif
