/* fuzz_scenario.c - libFuzzer target: scenario_parse on arbitrary bytes and, when it parses, scenario_apply to two small hand-checked instances, then solve, plan and re-score the result. */
#include <stdint.h>

#include "io/fileio.h"
#include "plan_check.h"
#include "io/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The instances the scenarios are applied to: the bases of the hand-checked
 * scenarios, read once (a fresh instance is parsed from the text for every
 * input, since scenario_apply changes it). */
static const char *const base_paths[] = {
    "instances/small/16-leave-rebalance.json",
    "instances/small/17-size-cap-drop.json",
};
#define BASE_COUNT (sizeof base_paths / sizeof base_paths[0])
static char *base_text[BASE_COUNT];
static size_t base_length[BASE_COUNT];

static void read_bases(void)
{
    if (base_text[0] != NULL)
        return;
    for (size_t i = 0; i < BASE_COUNT; i++) {
        char error[256];
        base_text[i] = fileio_read_all(base_paths[i], &base_length[i], error, sizeof error);
        if (base_text[i] == NULL) {
            fprintf(stderr, "fuzz_scenario: %s: %s (run from the repository root)\n",
                    base_paths[i], error);
            abort();
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    read_bases();
    struct diag diag;
    diag_init(&diag, "fuzz-scenario.json");
    struct scenario *scenario = scenario_parse((const char *)data, size, "fuzz", &diag);
    if (scenario == NULL) {
        REQUIRE(diag.count > 0);
        REQUIRE(diag.kept > 0 && strncmp(diag.messages[0], "fuzz-scenario.json: ", 20) == 0);
        require_safe_messages(&diag);
        diag_free(&diag);
        return 0;
    }
    REQUIRE(diag.count == 0);
    REQUIRE(scenario_name(scenario) != NULL);
    diag_free(&diag);

    for (size_t i = 0; i < BASE_COUNT; i++) {
        diag_init(&diag, "base.json");
        struct instance *instance = instance_parse(base_text[i], base_length[i], &diag);
        REQUIRE(instance != NULL);
        diag_free(&diag);
        diag_init(&diag, "fuzz-scenario.json");
        if (scenario_apply(scenario, instance, &diag)) {
            REQUIRE(diag.count == 0);
            solve_and_check(instance);
        } else {
            REQUIRE(diag.count > 0);
            REQUIRE(diag.kept > 0 &&
                    strncmp(diag.messages[0], "fuzz-scenario.json: ", 20) == 0);
            require_safe_messages(&diag);
        }
        diag_free(&diag);
        instance_free(instance);
    }
    scenario_free(scenario);
    return 0;
}
