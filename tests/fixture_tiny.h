/* fixture_tiny.h - a tiny instance built by hand, shared by test_score.c and
 * test_plan.c: three municipalities, teams, workers and children added one by one. */
#ifndef CASELOAD_FIXTURE_TINY_H
#define CASELOAD_FIXTURE_TINY_H

#include "testutil.h"

#include "core/instance.h"

/* --- A tiny hand-made instance ------------------------------------------------
 * Municipalities Alpha (0), Beta (1), Gamma (2); road km Alpha-Beta 10,
 * Alpha-Gamma 30, Beta-Gamma 20. Plan date 2024-10-08, cap 3, target 2, default
 * weights, soft siblings, no cross-team service. */
#define FIXTURE_ROOM 32

enum { ALPHA, BETA, GAMMA };

static struct instance *fixture_new(void)
{
    static const char *const names[] = {"Alpha", "Beta", "Gamma"};
    static const double km[3][3] = {{0, 10, 30}, {10, 0, 20}, {30, 20, 0}};
    static const double weights[TERM_COUNT] = {100000, 1000, 20, 300, 10, 20, 30, 2, 0.1};
    struct instance *instance = mem_calloc(1, sizeof *instance);
    assert_non_null(instance);
    instance->name = mem_strdup("Tiny");
    instance->date = (struct date){2024, 10, 8};
    instance->rules.cap = 3;
    instance->rules.cap_given = true;
    instance->rules.target = 2;
    instance->rules.road_factor = 1.3;
    instance->rules.family = FAMILY_SOFT;
    memcpy(instance->rules.weights, weights, sizeof weights);
    instance->municipalities = mem_calloc(3, sizeof *instance->municipalities);
    instance->distance = mem_calloc(9, sizeof *instance->distance);
    instance->teams = mem_calloc(FIXTURE_ROOM, sizeof *instance->teams);
    instance->workers = mem_calloc(FIXTURE_ROOM, sizeof *instance->workers);
    instance->children = mem_calloc(FIXTURE_ROOM, sizeof *instance->children);
    instance->families = mem_calloc(FIXTURE_ROOM, sizeof *instance->families);
    assert_non_null(instance->distance);
    assert_non_null(instance->families);
    instance->municipality_count = 3;
    for (int a = 0; a < 3; a++) {
        instance->municipalities[a].id = mem_strdup(names[a]);
        for (int b = 0; b < 3; b++)
            instance->distance[a * 3 + b] = km[a][b];
    }
    return instance;
}

/* A team with its office and an area given as a bit mask of municipalities (0: all). */
static int fixture_team(struct instance *instance, const char *id, enum service service,
                        int office, unsigned area_mask, int max_hires)
{
    struct team *team = &instance->teams[instance->team_count];
    team->id = mem_strdup(id);
    team->service = service;
    team->office = office;
    team->area_all = area_mask == 0;
    team->max_hires = max_hires;
    if (area_mask != 0) {
        team->area = mem_calloc(3, sizeof *team->area);
        assert_non_null(team->area);
        for (int m = 0; m < 3; m++)
            if (area_mask & (1u << m))
                team->area[team->area_count++] = m;
    }
    return instance->team_count++;
}

static int fixture_worker(struct instance *instance, const char *id, int team, double fte)
{
    struct worker *worker = &instance->workers[instance->worker_count];
    worker->id = mem_strdup(id);
    worker->team = team;
    worker->fte = fte;
    worker->accepts_new = true;
    worker->max_new = -1;
    return instance->worker_count++;
}

/* A child; `adult` gives a birth month 19 years before the plan date (not counted). */
static int fixture_child(struct instance *instance, const char *id, const char *family,
                         enum service service, int municipality, int worker, bool adult)
{
    struct child *child = &instance->children[instance->child_count];
    int f = 0;
    while (f < instance->family_count && strcmp(instance->families[f].id, family) != 0)
        f++;
    if (f == instance->family_count)
        instance->families[instance->family_count++].id = mem_strdup(family);
    child->id = mem_strdup(id);
    child->family = f;
    child->service = service;
    child->municipality = municipality;
    child->born_given = true;
    child->born_year = adult ? 2005 : 2014;
    child->born_month = 3;
    child->worker = worker;
    child->weight = 1;
    return instance->child_count++;
}

static void fixture_free(struct instance *instance)
{
    for (int m = 0; m < instance->municipality_count; m++)
        mem_free(instance->municipalities[m].id);
    for (int t = 0; t < instance->team_count; t++) {
        mem_free(instance->teams[t].id);
        mem_free(instance->teams[t].area);
    }
    for (int w = 0; w < instance->worker_count; w++)
        mem_free(instance->workers[w].id);
    for (int c = 0; c < instance->child_count; c++)
        mem_free(instance->children[c].id);
    for (int f = 0; f < instance->family_count; f++)
        mem_free(instance->families[f].id);
    mem_free(instance->municipalities);
    mem_free(instance->distance);
    mem_free(instance->teams);
    mem_free(instance->workers);
    mem_free(instance->children);
    mem_free(instance->families);
    mem_free(instance->name);
    mem_free(instance);
}

#endif
