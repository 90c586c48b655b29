/* fuzz_common.h - what every fuzz target shares: the invariant check and a sink
 * for the writers. */
#ifndef CASELOAD_FUZZ_COMMON_H
#define CASELOAD_FUZZ_COMMON_H

#include <stdio.h>
#include <stdlib.h>

#include "base/common.h"
#include "base/identity.h"

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

/* Every message of `diag` is safe to show: no control character, no C1 control,
 * and nothing shaped like a personal identity code (none is ever echoed). */
static inline void require_safe_messages(const struct diag *diag)
{
    for (int i = 0; i < diag->kept; i++) {
        const unsigned char *text = (const unsigned char *)diag->messages[i];
        for (size_t k = 0; text[k] != '\0'; k++) {
            REQUIRE(text[k] >= 0x20 && text[k] != 0x7f);
            REQUIRE(!(text[k] == 0xC2 && text[k + 1] >= 0x80 && text[k + 1] <= 0x9F));
        }
        REQUIRE(!identity_code_in(diag->messages[i]));
    }
}

#endif
