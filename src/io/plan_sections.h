/* plan_sections.h - internal to plan_read.c: the keys of a caseload-plan/1 and the
 * numbers it states about its instance, checked against the instance. */
#ifndef CASELOAD_PLAN_SECTIONS_H
#define CASELOAD_PLAN_SECTIONS_H

#include <stdbool.h>

#include <cjson/cJSON.h>

#include "base/common.h"
#include "core/instance.h"
#include "core/score.h"
#include "io/instance_json.h"

/* Every key of the plan `root` and of its assignments is one the plan format has
 * (unknown and duplicate keys are errors in `diag`). Returns false after reporting. */
bool plan_check_keys(const cJSON *root, struct diag *diag);

/* The plan's terms, compliance, workers, hires, teams and remedies: known keys
 * only, and every figure the instance determines equal to what `instance` and the
 * re-read `assignee` (re-scored as `score`) give; `assignees` maps worker and hire
 * ids to their index. Returns false after reporting (or with *out_of_memory). */
bool plan_check_sections(const cJSON *root, const struct instance *instance, const int *assignee,
                         const struct score *score, const struct id_index *assignees, struct diag *diag,
                         bool *out_of_memory);

#endif
