/* fuzz_plan.c - libFuzzer target: plan_read (a plan JSON, as explain reads it) on arbitrary bytes against two small hand-checked instances; a plan read is one whose every child is there once, and every refusal names the file and holds no control character or identity code. */
#include <stdint.h>
#include <string.h>

#include "core/instance.h"
#include "fuzz_common.h"
#include "io/fileio.h"
#include "io/plan_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const base_paths[] = {
    "instances/small/01-worker-leaves.json",
    "instances/small/16-leave-rebalance.json",
};
#define BASE_COUNT (sizeof base_paths / sizeof base_paths[0])
static struct instance *bases[BASE_COUNT];

static void read_bases(void)
{
    if (bases[0] != NULL)
        return;
    for (size_t i = 0; i < BASE_COUNT; i++) {
        struct diag diag;
        diag_init(&diag, base_paths[i]);
        bases[i] = instance_load(base_paths[i], &diag);
        if (bases[i] == NULL) {
            fprintf(stderr, "fuzz_plan: %s does not load (run from the repository root)\n", base_paths[i]);
            abort();
        }
        diag_free(&diag);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    read_bases();
    char *text = mem_alloc(size + 1);
    REQUIRE(text != NULL);
    memcpy(text, data, size);
    text[size] = '\0';
    for (size_t i = 0; i < BASE_COUNT; i++) {
        struct diag diag;
        diag_init(&diag, "fuzz-plan.json");
        struct plan_file *plan = plan_read(text, size, bases[i], &diag);
        if (plan == NULL) {
            REQUIRE(diag.count > 0 || diag.out_of_memory);
            REQUIRE(diag.kept == 0 || strncmp(diag.messages[0], "fuzz-plan.json: ", 16) == 0);
        } else {
            REQUIRE(diag.count == 0);
            for (int c = 0; c < bases[i]->child_count; c++)
                REQUIRE(plan->assignee[c] >= -1 && plan->assignee[c] < bases[i]->worker_count + 100000);
        }
        require_safe_messages(&diag);
        plan_file_free(plan);
        diag_free(&diag);
    }
    mem_free(text);
    return 0;
}
