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

/* Root of the repository as seen from tests/, where the test binaries run. */
#define REPO_ROOT ".."

#endif
