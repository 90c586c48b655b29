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

#include "generate/generate.h"
#include "core/instance.h"

/* Root of the repository as seen from tests/, where the test binaries run. */
#define REPO_ROOT ".."

/* Whether the test runs under `make valgrind` (which sets CASELOAD_VALGRIND):
 * valgrind runs the code some 30 to 50 times slower, so a test that takes
 * seconds plain skips itself there (saying why) to keep the run within CI's
 * budget; the plain, ASan and TSan runs keep it. */
static inline bool under_valgrind(void)
{
    const char *value = getenv("CASELOAD_VALGRIND");
    return value != NULL && value[0] != '\0';
}

/* Skip the calling test under `make valgrind` (see under_valgrind). */
#define SKIP_UNDER_VALGRIND()                                                          \
    do {                                                                               \
        if (under_valgrind()) {                                                        \
            print_message("skipped under valgrind: too slow there\n");                 \
            skip();                                                                    \
        }                                                                              \
    } while (0)

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

/* Parse an instance text the test relies on (`name` for its messages); fails the
 * test, every message printed, when it cannot. The caller frees it with
 * instance_free. */
static inline struct instance *parse_or_fail(const char *text, size_t length, const char *name)
{
    struct diag diag;
    diag_init(&diag, name);
    struct instance *instance = instance_parse(text, length, &diag);
    for (int i = 0; i < diag.kept; i++)
        fprintf(stderr, "%s\n", diag.messages[i]);
    diag_free(&diag);
    assert_non_null(instance);
    return instance;
}

/* The instance the generator writes for `options`, with the sibling rule made
 * hard when `hard`; fails the test when it cannot. The caller frees it with
 * instance_free. */
static inline struct instance *generate_or_fail(const struct generate_options *options, bool hard)
{
    char *text = NULL;
    size_t length = 0;
    FILE *stream = open_memstream(&text, &length);
    assert_non_null(stream);
    char error[256];
    if (!generate_instance(options, stream, error, sizeof error))
        fail_msg("generate: %s", error);
    fclose(stream);
    if (hard) {
        char *soft = strstr(text, "\"soft\"");
        assert_non_null(soft);
        memcpy(soft, "\"hard\"", 6);
    }
    struct instance *instance = parse_or_fail(text, length, "generated.json");
    free(text);
    return instance;
}

/* A deterministic pseudo-random 31-bit number: one step of a 64-bit linear
 * congruential generator on `state`, its top bits. */
static inline uint32_t test_random_bits(uint64_t *state)
{
    *state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(*state >> 33);
}

/* Two small generated counties (seed 13): two open-care parts big enough for a
 * thread each; to gap 1e-6 one part needs branch-and-cut. */
static inline struct instance *two_counties_or_fail(void)
{
    struct generate_options options;
    generate_default_options(&options);
    options.seed = 13;
    options.counties = 2;
    options.municipalities = 5;
    options.open_care_teams = 2;
    options.workers_per_team = 6;
    options.leaving = 0.1;
    return generate_or_fail(&options, false);
}

#endif
