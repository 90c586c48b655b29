/* model_hires.c - the hires a team could ever fill (see model_hires.h). */
#include "model/model_hires.h"

#include "base/common.h"

bool model_hire_limits(const struct instance *instance, int *limit)
{
    int places = instance->municipality_count;
    /* unlocked children per (service, municipality) and per service */
    long *at = mem_calloc((size_t)SERVICE_COUNT * (size_t)(places + 1) + 1, sizeof *at);
    if (at == NULL)
        return false;
    long *all = at + (size_t)SERVICE_COUNT * (size_t)places;
    for (int c = 0; c < instance->child_count; c++) {
        const struct child *child = &instance->children[c];
        if (child->locked)
            continue;
        at[(size_t)child->service * (size_t)places + (size_t)child->municipality]++;
        all[child->service]++;
    }
    for (int t = 0; t < instance->team_count; t++) {
        const struct team *team = &instance->teams[t];
        long eligible = 0;
        if (team->area_all || instance->rules.cross_team) {
            eligible = all[team->service];
        } else {
            for (int k = 0; k < team->area_count; k++) /* (sorted, no duplicates) */
                eligible += at[(size_t)team->service * (size_t)places + (size_t)team->area[k]];
        }
        limit[t] = team->max_hires < eligible ? team->max_hires : (int)eligible;
    }
    mem_free(at);
    return true;
}

bool model_hire_beyond_all(const struct instance *instance, bool *beyond)
{
    int *limit = mem_alloc(((size_t)instance->team_count + 1) * sizeof *limit);
    if (limit == NULL || !model_hire_limits(instance, limit)) {
        mem_free(limit);
        return false;
    }
    for (int w = 0; w < instance->worker_count; w++)
        beyond[w] = false;
    int a = instance->worker_count;
    for (int t = 0; t < instance->team_count; t++)
        for (int k = 1; k <= instance->teams[t].max_hires; k++)
            beyond[a++] = k > limit[t];
    mem_free(limit);
    return true;
}

void model_assignee_teams(const struct instance *instance, int *team_of)
{
    for (int w = 0; w < instance->worker_count; w++)
        team_of[w] = instance_assignee_team(instance, w);
    int a = instance->worker_count;
    for (int t = 0; t < instance->team_count; t++)
        for (int k = 0; k < instance->teams[t].max_hires; k++)
            team_of[a++] = t;
}
