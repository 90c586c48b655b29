/* forecast_sample.c - one sample's state (forecast_sample.h): its start from the
 * month-0 plan, its clients' count under the law, and the plan itself. */
#include "forecast/forecast_sample.h"

#include <stdio.h>
#include <string.h>

#include "core/law.h"
#include "solve/solve.h"

int forecast_sample_cap(const struct instance *instance, struct date date)
{
    return instance->rules.cap_given ? instance->rules.cap : law_cap_for_date(date);
}

bool forecast_sample_counted(const struct forecast_client *client, struct date date)
{
    return !client->born_given || law_child_counted(client->born_year, client->born_month, date);
}

bool forecast_sample_reserve(struct forecast_sample *sample, int extra)
{
    if (sample->client_count + extra <= sample->client_capacity)
        return true;
    int capacity = sample->client_capacity * 2 + extra + 64;
    struct forecast_client *grown = mem_realloc(sample->clients, (size_t)capacity * sizeof *grown);
    if (grown == NULL)
        return false;
    sample->clients = grown;
    sample->client_capacity = capacity;
    return true;
}

bool forecast_sample_copy(struct forecast_sample *copy, const struct forecast_sample *sample, int worker_count)
{
    memset(copy, 0, sizeof *copy);
    copy->workers = mem_alloc(((size_t)worker_count + 1) * sizeof *copy->workers);
    if (copy->workers == NULL || !forecast_sample_reserve(copy, sample->client_count))
        return false;
    memcpy(copy->clients, sample->clients, (size_t)sample->client_count * sizeof *copy->clients);
    memcpy(copy->workers, sample->workers, (size_t)sample->worker_count * sizeof *copy->workers);
    copy->client_count = sample->client_count;
    copy->worker_count = sample->worker_count;
    copy->family_count = sample->family_count;
    copy->intake_serial = sample->intake_serial;
    copy->rng = sample->rng;
    return true;
}

void forecast_sample_free(struct forecast_sample *sample)
{
    mem_free(sample->clients);
    mem_free(sample->workers);
    memset(sample, 0, sizeof *sample);
}

bool forecast_sample_start(struct forecast_sample *sample, const struct forecast_world *world, int index)
{
    const struct instance *instance = world->instance;
    memset(sample, 0, sizeof *sample);
    sample->workers = mem_alloc(((size_t)world->worker_count + 1) * sizeof *sample->workers);
    if (sample->workers == NULL || !forecast_sample_reserve(sample, instance->child_count))
        return false;
    memcpy(sample->workers, world->workers, (size_t)world->worker_count * sizeof *sample->workers);
    sample->worker_count = world->worker_count;
    for (int c = 0; c < instance->child_count; c++) {
        const struct child *child = &instance->children[c];
        struct forecast_client *client = &sample->clients[sample->client_count++];
        client->origin = c;
        client->serial = 0;
        client->family = child->family;
        client->service = (int)child->service;
        client->municipality = child->municipality;
        client->born_given = child->born_given;
        client->born_year = child->born_year;
        client->born_month = child->born_month;
        client->worker = world->month0_worker[c];
        client->weight = child->weight;
    }
    sample->family_count = instance->family_count;
    random_xoshiro_seed(&sample->rng, world->spec->seed, (uint64_t)index);
    for (int w = world->spec->worker_count; w < sample->worker_count; w++)
        sample->workers[w].active = world->hire_start[w - world->spec->worker_count] <= 0;
    return true;
}

bool forecast_sample_plan_month0(const struct instance *instance, const struct forecast_options *options,
                                 int *month0, bool *no_plan, char *error, size_t error_size)
{
    struct instance copy = *instance;
    copy.teams = mem_alloc(((size_t)instance->team_count + 1) * sizeof *copy.teams);
    if (copy.teams == NULL) {
        snprintf(error, error_size, "out of memory");
        return false;
    }
    memcpy(copy.teams, instance->teams, (size_t)instance->team_count * sizeof *copy.teams);
    for (int t = 0; t < instance->team_count; t++)
        copy.teams[t].max_hires = 0;
    struct solve_options solve;
    solve_default_options(&solve);
    solve.time_limit = options->plan_time_limit;
    solve.threads = options->threads > 0 && options->threads <= SOLVE_MAX_THREADS ? options->threads : 0;
    solve.interrupted = options->interrupted;
    struct solution solution;
    memset(&solution, 0, sizeof solution);
    bool ok = solve_instance(&copy, &solve, &solution, error, error_size);
    if (ok && (solution.status == SOLVE_INFEASIBLE || solution.status == SOLVE_NO_PLAN)) {
        snprintf(error, error_size, "the month-0 plan: %s", solution_status_name(solution.status));
        *no_plan = true;
        ok = false;
    }
    for (int c = 0; ok && c < instance->child_count; c++)
        month0[c] = solution.assignee[c] >= 0 && solution.assignee[c] < instance->worker_count
                        ? solution.assignee[c]
                        : -1;
    solution_free(&solution);
    mem_free(copy.teams);
    return ok;
}
