/* testutil.h - what every cmocka test file includes. Tests run from tests/. */
#ifndef CASELOAD_TESTUTIL_H
#define CASELOAD_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "instance.h"

/* Root of the repository as seen from tests/, where the test binaries run. */
#define REPO_ROOT ".."

/* Load an instance file the test relies on; fails the test with the loader's
 * first message when it cannot. The caller frees it with instance_free. */
static inline struct instance *load_or_fail(const char *path)
{
    struct diag diag;
    diag_init(&diag, path);
    struct instance *instance = instance_load(path, &diag);
    if (instance == NULL && diag.kept > 0)
        fail_msg("%s", diag.messages[0]);
    assert_non_null(instance);
    diag_free(&diag);
    return instance;
}

#endif
