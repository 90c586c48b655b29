/* fuzz_common.h - what every fuzz target shares: the invariant check and a sink
 * for the writers. */
#ifndef CASELOAD_FUZZ_COMMON_H
#define CASELOAD_FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>

/* Report a broken invariant so that libFuzzer records the input. */
#define REQUIRE(condition)                                                            \
    do {                                                                              \
        if (!(condition)) {                                                           \
            fprintf(stderr, "fuzz: invariant failed: %s (%s:%d)\n", #condition,       \
                    __FILE__, __LINE__);                                              \
            abort();                                                                  \
        }                                                                             \
    } while (0)

/* A sink for the writers, opened once: fopen per input would dominate the run. */
static inline FILE *null_stream(void)
{
    static FILE *stream;
    if (stream == NULL)
        stream = fopen("/dev/null", "w");
    REQUIRE(stream != NULL);
    return stream;
}

#endif
