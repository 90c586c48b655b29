/* fuzz_parse.c - libFuzzer target: instance_parse on arbitrary bytes, then the cheap consumers of a parsed instance (rules, scoring of the current assignment, check and .dat writers). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report/check.h"
#include "base/common.h"
#include "fuzz_common.h"
#include "report/export.h"
#include "core/instance.h"
#include "report/plan.h"
#include "core/score.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every index of a parsed instance points into its own arrays. */
static void check_indices(const struct instance *instance)
{
    for (int t = 0; t < instance->team_count; t++) {
        const struct team *team = &instance->teams[t];
        REQUIRE(team->office >= 0 && team->office < instance->municipality_count);
        REQUIRE(team->area_all == (team->area == NULL));
        for (int i = 0; i < team->area_count; i++) {
            REQUIRE(team->area[i] >= 0 && team->area[i] < instance->municipality_count);
            REQUIRE(i == 0 || team->area[i - 1] < team->area[i]);
        }
    }
    for (int w = 0; w < instance->worker_count; w++) {
        REQUIRE(instance->workers[w].team >= 0 && instance->workers[w].team < instance->team_count);
        REQUIRE(instance->workers[w].fte > 0 && instance->workers[w].fte <= 1);
    }
    for (int c = 0; c < instance->child_count; c++) {
        const struct child *child = &instance->children[c];
        REQUIRE(child->family >= 0 && child->family < instance->family_count);
        REQUIRE(child->municipality >= 0 && child->municipality < instance->municipality_count);
        REQUIRE(child->worker >= -1 && child->worker < instance->worker_count);
        REQUIRE(child->weight > 0);
        REQUIRE(!child->locked || child->worker >= 0);
    }
    for (int a = 0; a < instance_assignee_count(instance); a++) {
        int team = instance_assignee_team(instance, a);
        REQUIRE(team >= 0 && team < instance->team_count);
        REQUIRE(instance_assignee_cap(instance, a) >= 0);
        char id[160];
        REQUIRE(instance_assignee_id(instance, a, id, sizeof id) == id && id[0] != '\0');
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct diag diag;
    diag_init(&diag, "fuzz.json");
    struct instance *instance = instance_parse((const char *)data, size, &diag);
    if (instance == NULL) {
        /* refused: with a reason, or for lack of memory (never here) */
        REQUIRE(diag.count > 0);
        REQUIRE(diag.kept > 0 && diag.messages[0] != NULL);
        REQUIRE(strncmp(diag.messages[0], "fuzz.json: ", 11) == 0);
        require_safe_messages(&diag);
        diag_free(&diag);
        return 0;
    }
    REQUIRE(diag.count == 0);
    diag_free(&diag);
    check_indices(instance);

    /* distances are finite and non-negative */
    for (int a = 0; a < instance->municipality_count && a < 8; a++)
        for (int b = 0; b < instance->municipality_count && b < 8; b++) {
            double km = instance_distance(instance, a, b);
            REQUIRE(km >= 0 && km == km && km < 1e12);
        }

    /* score the current assignment: it may break a rule (a leaving worker), but
     * scoring must not crash and a score must be finite */
    int *current = mem_alloc((size_t)(instance->child_count > 0 ? instance->child_count : 1) *
                             sizeof *current);
    REQUIRE(current != NULL);
    for (int c = 0; c < instance->child_count; c++) {
        int worker = instance->children[c].worker;
        current[c] = worker >= 0 && instance_eligible(instance, c, worker) ? worker : -1;
    }
    struct score score;
    char error[512];
    if (score_assignment(instance, current, &score, error, sizeof error)) {
        REQUIRE(score.objective == score.objective);
        for (int term = 0; term < TERM_COUNT; term++)
            REQUIRE(score.amount[term] >= 0);
    }
    mem_free(current);

    struct check_report report;
    REQUIRE(check_compute(instance, &report));
    REQUIRE(check_write(instance, &report, null_stream()));
    REQUIRE(report.over_cap_workers >= 0 && report.over_cap_children >= report.over_cap_workers);
    check_report_free(&report);
    REQUIRE(export_write_dat(instance, null_stream()));
    instance_free(instance);
    return 0;
}
