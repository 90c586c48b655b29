/* forecast_place.c - step 5 of the forecast's month (DESIGN.md §6): placement and
 * monthly rebalancing. The children without a worker and the counted children of
 * every worker over the cap on the month's date are placed by the model of §2;
 * every other child keeps its worker as if locked. */
#include "forecast/forecast_place.h"

#include "forecast/forecast_greedy.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/law.h"
#include "solve/solve.h"

/* ---------------------------------------------------------------------------
 * Step 5: placement by the model of §2 restricted to the children to place: those
 * without a worker, and the counted children of every worker over its cap on the
 * month's date (these keep their worker as the current one, so moving one costs
 * `move`, and an over-cap worker's room is its whole cap). Every other child
 * stays with its worker, so a worker's load is a constant: the model sees the
 * children to place (and their placed siblings, locked, for the family term) and
 * every working worker of their services, each with the room its load leaves. The room is passed through the public instance
 * and model interfaces: each worker becomes a team of its own (same service,
 * office and area) whose cap and target are what the constant load leaves of
 * them, by a full-time cap of PLACEMENT_CAP and a matching FTE (the target is left
 * out: PLACEMENT_NO_TARGET below). A worker already
 * over its cap has room 0, so each further counted child costs over_cap, as in
 * the whole model. The overload of §2 is carried over exactly, not by the derived
 * cap: each derived worker gets the share ρ(w) = cap / max(1, cap(w)) of the
 * worker it stands for (workers[j].share; the derived cap(w) would give
 * PLACEMENT_CAP / max(1, room), up to 10000) and the number of children its fixed
 * load already has above cap(w) (workers[j].carried), so its tiers start there:
 * the k-th child placed above its cap costs over_cap + (carried + k)·ρ(w)·overload,
 * as the whole model prices it. The objective (without the target) thus differs
 * from the whole model's by a constant only; a few dozen children and a hundred
 * workers solve in milliseconds.
 *
 * Never unassigned while a worker may take the child: leaving a child out costs
 * `unassigned`; placing it with an eligible worker w costs at most its pair
 * (km, cross_team; no move, it has no worker) plus family_split plus over_cap plus
 * (carried + o + 1)·ρ(w)·overload. With the defaults of §2 (unassigned 100000,
 * over_cap 1000, overload 20, cross_team 20, family_split 30, km 0.1 a km) that is
 * below 100000 unless every eligible worker already carries over 140 children
 * above its cap (ρ(w) <= cap <= 35; over 4900 for a full-time worker), so the
 * optimum places every child that has an eligible worker, over the cap if it must,
 * spreading the excess by the tiers. So does any plan within PLACEMENT_GAP of it
 * while the objective stays below about 2,000,000: a needless unassigned child
 * adds over 98,000, more than 5 % of such an objective. (The solver's local moves,
 * which price the same tiers, also leave no child that one move to a worker of
 * lower tier would make cheaper.) Before this the derived ρ was up to 10000: the
 * first child above a full worker cost 1000 + 20·10000 > 100000, and a month in
 * which every eligible worker was full left its intake without a worker, the
 * very over-cap risk the forecast measures. (With weights of the user's in which
 * over_cap alone exceeds unassigned the whole model leaves children out too, and
 * so does the placement, as §2 asks.) The greedy below never puts a child over a
 * cap, so its certificate holds unchanged under these tiers (all >= 0).
 * ------------------------------------------------------------------------- */

#define PLACEMENT_CAP 10000
/* The placement stops within 5 % of its optimum, small ones too (gap_on_small: the
 * solver would otherwise solve a placement of 60 children or fewer exactly, and
 * with the overload tiers of a team's full workers, alike but for their excess,
 * the proof of the last tier took the whole 60 s on one month of Kymenlaakso,
 * found at 0.06 s; within 5 % it took 2 ms). What is left open is nearly
 * always one family split (30) against a weak sibling bound: at 1 % a few months
 * of Keski-Suomi searched for seconds. The solver's safeguards are shares of the
 * time limit (2 % for the local moves, 10 % for the team re-solve): at 60 s they
 * cut the few slow placements at 1.2 s and 6 s, which keeps the forecast fast;
 * with a limit of 1800 s a forecast of Kymenlaakso took many times longer. The
 * price: on a machine so loaded that a placement's local moves take over 1.2 s
 * of wall time, the result could depend on the load and not only on the seed. */
#define PLACEMENT_GAP 0.05
#define PLACEMENT_TIME_LIMIT 60.0
/* ... and after this many branch-and-cut subproblems of a part's second search,
 * with its best plan. Some months the bound cannot close 5 %: a family of new
 * siblings that the LP spreads over two workers with one free place each costs no
 * split there, a family split (30) is then a tenth of an objective of ~300 (km and
 * splits only, no worker over the cap), and on one sample of the Keski-Suomi
 * outlook two such placements of ~150 children searched 5,000 subproblems without
 * moving the bound (222 against 312) and ran to the 60 s time limit, 120 s of
 * one thread in a forecast of 13 s CPU, with a plan that depended on the
 * machine's load. The plans found by 200 subproblems were those found by 5,000,
 * and the forecast's output was the same byte for byte; 200 take ~0.1 s. A count,
 * not a time, so the plan is the same on every machine. */
#define PLACEMENT_NODE_LIMIT 200
/* The workload target (weight 2) is left out of the monthly placement: with every
 * other child fixed it only decides which of a team's workers under the cap takes
 * a child, never whether a worker goes over the cap, and its rows made the
 * placement MIP 5-30 times slower on Keski-Suomi (a few hard months bound by the
 * time safeguards, which also broke the same bytes on any number of threads). */
#define PLACEMENT_NO_TARGET 1e12

static char placement_family[] = "family";
static char placement_child[] = "client";
static char placement_name[] = "forecast placement";

/* One month's placement: the sample's workers of the services concerned (local
 * numbers 0 .. count - 1), the members of the derived instance (the children to
 * place first, then their placed siblings) and the loads the others make. */
struct placement {
    struct forecast_sample *sample;
    const struct forecast_world *world;
    struct date date;
    int cap;                 /* the full-time cap of the date */
    bool *over;              /* per sample worker: over its own cap on the date */
    int free_count;          /* members 0 .. free_count - 1 are placed */
    int count;               /* local workers */
    int *local;              /* per sample worker: its local number, or -1 */
    int *global;             /* per local worker: its sample worker */
    int *load;               /* per local worker: counted children that stay, not members */
    double *weight_load;     /* per local worker: their workload weight */
    bool *marked;            /* per family: has a child to place */
    int *family_local;       /* per family: its derived family, or -1 */
    int *members;            /* derived child i is sample client members[i] */
    int member_count;
    int *choice;             /* per free member: the greedy's local worker (-1: none), or -2 */
    double *target_room;     /* per local worker: workload room under its target */
    struct instance derived;
};

static void placement_free(struct placement *placement)
{
    mem_free(placement->derived.teams);
    mem_free(placement->derived.workers);
    mem_free(placement->derived.children);
    mem_free(placement->derived.families);
    mem_free(placement->over);
    mem_free(placement->local);
    mem_free(placement->global);
    mem_free(placement->load);
    mem_free(placement->weight_load);
    mem_free(placement->marked);
    mem_free(placement->family_local);
    mem_free(placement->members);
    mem_free(placement->choice);
    mem_free(placement->target_room);
}

/* Whether sample client c is placed this month: it has no worker, or it is a
 * counted child of a worker over the cap. */
static bool placement_is_free(const struct placement *placement, int c)
{
    const struct forecast_client *client = &placement->sample->clients[c];
    return client->worker < 0 ||
           (placement->over[client->worker] && forecast_sample_counted(client, placement->date));
}

/* The workers over their own cap on the date, and the services of the children to
 * place. Returns the number of children to place, -1 when memory runs out. */
static int placement_find_free(struct placement *placement, bool needed[SERVICE_COUNT])
{
    const struct forecast_sample *sample = placement->sample;
    int workers = sample->worker_count;
    placement->over = mem_calloc((size_t)workers + 1, sizeof(bool));
    int *counted = mem_calloc((size_t)workers + 1, sizeof(int));
    if (placement->over == NULL || counted == NULL) {
        mem_free(counted);
        return -1;
    }
    for (int c = 0; c < sample->client_count; c++) {
        const struct forecast_client *client = &sample->clients[c];
        if (client->worker >= 0 && forecast_sample_counted(client, placement->date))
            counted[client->worker]++;
    }
    for (int w = 0; w < workers; w++)
        placement->over[w] = sample->workers[w].active &&
                             counted[w] > law_own_cap(placement->cap, sample->workers[w].fte);
    mem_free(counted);
    int free_count = 0;
    for (int c = 0; c < sample->client_count; c++)
        if (placement_is_free(placement, c)) {
            free_count++;
            needed[sample->clients[c].service] = true;
        }
    return free_count;
}

/* The working workers of the services some child to place needs. False when
 * memory runs out. */
static bool placement_select_workers(struct placement *placement, const bool needed[SERVICE_COUNT])
{
    const struct forecast_sample *sample = placement->sample;
    int workers = sample->worker_count;
    placement->local = mem_alloc(((size_t)workers + 1) * sizeof(int));
    placement->global = mem_alloc(((size_t)workers + 1) * sizeof(int));
    placement->load = mem_calloc((size_t)workers + 1, sizeof(int));
    placement->weight_load = mem_calloc((size_t)workers + 1, sizeof(double));
    placement->marked = mem_calloc((size_t)sample->family_count + 1, sizeof(bool));
    placement->family_local = mem_alloc(((size_t)sample->family_count + 1) * sizeof(int));
    placement->members = mem_alloc(((size_t)sample->client_count + 1) * sizeof(int));
    if (placement->local == NULL || placement->global == NULL || placement->load == NULL ||
        placement->weight_load == NULL || placement->marked == NULL || placement->family_local == NULL ||
        placement->members == NULL)
        return false;
    const struct instance *base = placement->world->instance;
    for (int w = 0; w < workers; w++) {
        const struct forecast_worker *worker = &sample->workers[w];
        placement->local[w] = -1;
        if (worker->active && needed[base->teams[worker->team].service]) {
            placement->local[w] = placement->count;
            placement->global[placement->count++] = w;
        }
    }
    return true;
}

/* The children to place, then their placed siblings; the others are loads. */
static void placement_collect_members(struct placement *placement)
{
    const struct forecast_sample *sample = placement->sample;
    for (int c = 0; c < sample->client_count; c++)
        if (placement_is_free(placement, c)) {
            placement->members[placement->member_count++] = c;
            placement->marked[sample->clients[c].family] = true;
        }
    placement->free_count = placement->member_count;
    for (int c = 0; c < sample->client_count; c++) {
        const struct forecast_client *client = &sample->clients[c];
        if (client->worker < 0 || placement->local[client->worker] < 0 || placement_is_free(placement, c))
            continue;
        if (placement->marked[client->family]) {
            placement->members[placement->member_count++] = c;
        } else {
            int j = placement->local[client->worker];
            placement->load[j] += forecast_sample_counted(client, placement->date) ? 1 : 0;
            placement->weight_load[j] += client->weight;
        }
    }
}

/* Derived worker j: a team of its own whose cap is the room its load leaves (see
 * the comment at the top), with the real worker's overload price. */
static void placement_derive_worker(struct placement *placement, int j)
{
    const struct instance *base = placement->world->instance;
    struct instance *derived = &placement->derived;
    const struct forecast_worker *worker = &placement->sample->workers[placement->global[j]];
    int cap = placement->cap;
    int own = law_own_cap(cap, worker->fte);
    int room = own - placement->load[j];
    if (room < 0)
        room = 0;
    derived->teams[j] = base->teams[worker->team];
    derived->teams[j].max_hires = 0;
    derived->teams[j].removed = false;
    derived->teams[j].target_given = true;
    derived->teams[j].target = PLACEMENT_NO_TARGET;
    derived->workers[j].id = worker->id;
    derived->workers[j].team = j;
    derived->workers[j].fte = (room + 0.5) / PLACEMENT_CAP;
    derived->workers[j].accepts_new = worker->accepts_new;
    derived->workers[j].leaving = false;
    derived->workers[j].max_new = worker->max_new;
    const struct team *team = &base->teams[worker->team];
    double target = team->target_given ? team->target : base->rules.target;
    placement->target_room[j] = law_floor_scaled(target * worker->fte) - placement->weight_load[j];
    /* the real worker's overload price: ρ(w) and the excess already carried */
    derived->workers[j].share = (double)cap / (double)(own > 1 ? own : 1);
    derived->workers[j].carried = placement->load[j] > own ? placement->load[j] - own : 0;
}

/* The derived instance: the local workers and the members. False when memory
 * runs out. */
static bool placement_build(struct placement *placement)
{
    const struct instance *base = placement->world->instance;
    const struct forecast_sample *sample = placement->sample;
    struct instance *derived = &placement->derived;
    int count = placement->count, member_count = placement->member_count;
    derived->name = placement_name;
    derived->date = placement->date;
    derived->rules = base->rules;
    derived->rules.cap = PLACEMENT_CAP;
    derived->rules.cap_given = true;
    derived->municipalities = base->municipalities;
    derived->municipality_count = base->municipality_count;
    derived->distance = base->distance;
    derived->teams = mem_calloc((size_t)count, sizeof *derived->teams);
    derived->workers = mem_calloc((size_t)count, sizeof *derived->workers);
    derived->children = mem_calloc((size_t)member_count, sizeof *derived->children);
    derived->families = mem_calloc((size_t)member_count, sizeof *derived->families);
    placement->choice = mem_alloc(((size_t)member_count + 1) * sizeof(int));
    placement->target_room = mem_alloc(((size_t)count + 1) * sizeof(double));
    if (derived->teams == NULL || derived->workers == NULL || derived->children == NULL ||
        derived->families == NULL || placement->choice == NULL || placement->target_room == NULL)
        return false;
    derived->team_count = derived->worker_count = count;
    for (int j = 0; j < count; j++)
        placement_derive_worker(placement, j);
    for (int f = 0; f < sample->family_count; f++)
        placement->family_local[f] = -1;
    for (int i = 0; i < member_count; i++) {
        const struct forecast_client *client = &sample->clients[placement->members[i]];
        struct child *child = &derived->children[i];
        if (placement->family_local[client->family] < 0) {
            placement->family_local[client->family] = derived->family_count;
            derived->families[derived->family_count++].id = placement_family;
        }
        child->id = placement_child;
        child->family = placement->family_local[client->family];
        child->service = (enum service)client->service;
        child->municipality = client->municipality;
        child->born_given = client->born_given;
        child->born_year = client->born_year;
        child->born_month = client->born_month;
        child->worker = client->worker < 0 ? -1 : placement->local[client->worker];
        child->locked = i >= placement->free_count;
        child->weight = client->weight;
        placement->choice[i] = -2;
    }
    derived->child_count = member_count;
    return true;
}

/* The derived instance solved by §2, its plan applied to the free members that
 * the greedy left open. False with a reason in `error` when the solver fails. */
static bool placement_solve(struct placement *placement, char *error, size_t error_size)
{
    struct solve_options options;
    solve_default_options(&options);
    options.threads = 1;
    /* no time limit that could bind: the solver's safeguards are shares of it, and a
     * placement must not depend on the machine's load (the same bytes on any
     * number of threads); the gap ends the search */
    options.time_limit = PLACEMENT_TIME_LIMIT;
    options.gap = PLACEMENT_GAP;
    options.gap_on_small = true;
    options.node_limit = PLACEMENT_NODE_LIMIT;
    options.interrupted = placement->world->options->interrupted;
    struct solution solution;
    memset(&solution, 0, sizeof solution);
    bool ok = solve_instance(&placement->derived, &options, &solution, error, error_size);
    if (ok && (solution.status == SOLVE_OPTIMAL || solution.status == SOLVE_FEASIBLE))
        for (int i = 0; i < placement->free_count; i++) {
            int a = solution.assignee[i];
            if (placement->choice[i] == -2)
                placement->choice[i] = a >= 0 && a < placement->count ? a : -1;
        }
    solution_free(&solution);
    return ok;
}

/* The free members to their chosen workers (a member the solver could not
 * place keeps its worker). */
static void placement_apply(struct placement *placement)
{
    for (int i = 0; i < placement->free_count; i++) {
        struct forecast_client *client = &placement->sample->clients[placement->members[i]];
        int j = placement->choice[i];
        if (j >= 0)
            client->worker = placement->global[j];
        else if (j == -1)
            client->worker = -1;
    }
}

bool forecast_place_clients(struct forecast_sample *sample, const struct forecast_world *world,
                            struct date date, uint64_t salt, char *error, size_t error_size)
{
    struct placement placement;
    memset(&placement, 0, sizeof placement);
    placement.sample = sample;
    placement.world = world;
    placement.date = date;
    placement.cap = forecast_sample_cap(world->instance, date);
    bool needed[SERVICE_COUNT] = {false};
    int free_count = placement_find_free(&placement, needed);
    bool ok = free_count >= 0, open = false;
    ok = ok && (free_count == 0 || placement_select_workers(&placement, needed));
    if (ok && free_count > 0 && placement.count > 0) {
        placement_collect_members(&placement);
        ok = placement_build(&placement) && forecast_greedy_place(&placement.derived, placement.free_count,
                                                                  placement.target_room,
                                                                  salt,
                                                                  placement.choice, &open);
        if (ok && open)
            ok = placement_solve(&placement, error, error_size);
        if (ok)
            placement_apply(&placement);
    }
    if (!ok && error[0] == '\0')
        snprintf(error, error_size, "out of memory placing the intake");
    placement_free(&placement);
    return ok;
}
