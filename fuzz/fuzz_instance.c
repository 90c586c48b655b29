/* fuzz_instance.c - libFuzzer target: parse an instance and, when it is small, solve it, build the plan and check the plan against an independent re-scoring. */
#include <stdint.h>

#include "plan_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct diag diag;
    diag_init(&diag, "fuzz.json");
    struct instance *instance = instance_parse((const char *)data, size, &diag);
    REQUIRE(instance != NULL || diag.count > 0);
    diag_free(&diag);
    if (instance == NULL)
        return 0;
    solve_and_check(instance);
    instance_free(instance);
    return 0;
}
