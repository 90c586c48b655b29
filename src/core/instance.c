/* instance.c - the instance: names and defaults, freeing and lookups, distances
 * resolved once, and the rules of DESIGN.md §2 that follow from it (caps, κ,
 * eligibility, km). Reading is in instance_read.c, reader.c and json_scan.c. */
#include "core/instance.h"
#include "core/law.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>


#define EARTH_RADIUS_KM 6371.0
#define PI 3.14159265358979323846

/* ---------------------------------------------------------------------------
 * Names and defaults
 * ------------------------------------------------------------------------- */

static const char *const term_names[TERM_COUNT] = {
    "unassigned", "over_cap", "overload", "hire", "move", "cross_team", "family_split", "above_target", "km",
};

static const double term_default_weights[TERM_COUNT] = {
    100000.0, 1000.0, 20.0, 300.0, 10.0, 20.0, 30.0, 2.0, 0.1,
};

static const char *const service_names[SERVICE_COUNT] = {
    "avohuolto", "sijaishuolto", "jalkihuolto",
};

const char *instance_term_name(enum term term)
{
    return (unsigned)term < TERM_COUNT ? term_names[term] : "?";
}

double instance_term_default_weight(enum term term)
{
    return (unsigned)term < TERM_COUNT ? term_default_weights[term] : 0.0;
}

const char *instance_service_name(enum service service)
{
    return (unsigned)service < SERVICE_COUNT ? service_names[service] : "?";
}

void instance_default_rules(struct rules *rules)
{
    rules->cap = 0;
    rules->cap_given = false;
    rules->target = 27.0;
    rules->road_factor = 1.3;
    rules->cross_team = false;
    rules->family = FAMILY_SOFT;
    rules->moves = MOVES_ALL;
    for (int term = 0; term < TERM_COUNT; term++)
        rules->weights[term] = term_default_weights[term];
}

void instance_free(struct instance *instance)
{
    if (instance == NULL)
        return;
    mem_free(instance->name);
    for (int i = 0; i < instance->municipality_count; i++)
        mem_free(instance->municipalities[i].id);
    mem_free(instance->municipalities);
    for (int i = 0; i < instance->team_count; i++) {
        mem_free(instance->teams[i].id);
        mem_free(instance->teams[i].area);
    }
    mem_free(instance->teams);
    for (int i = 0; i < instance->worker_count; i++)
        mem_free(instance->workers[i].id);
    mem_free(instance->workers);
    for (int i = 0; i < instance->child_count; i++)
        mem_free(instance->children[i].id);
    mem_free(instance->children);
    for (int i = 0; i < instance->family_count; i++)
        mem_free(instance->families[i].id);
    mem_free(instance->families);
    mem_free(instance->distance_table);
    mem_free(instance->distance);
    mem_free(instance);
}

int instance_find_worker(const struct instance *instance, const char *id)
{
    for (int i = 0; i < instance->worker_count; i++)
        if (instance->workers[i].id != NULL && strcmp(instance->workers[i].id, id) == 0)
            return i;
    return -1;
}

int instance_find_team(const struct instance *instance, const char *id)
{
    for (int i = 0; i < instance->team_count; i++)
        if (instance->teams[i].id != NULL && strcmp(instance->teams[i].id, id) == 0)
            return i;
    return -1;
}

int instance_find_municipality(const struct instance *instance, const char *id)
{
    for (int i = 0; i < instance->municipality_count; i++)
        if (instance->municipalities[i].id != NULL && strcmp(instance->municipalities[i].id, id) == 0)
            return i;
    return -1;
}

/* Great-circle km between two points given in degrees (haversine). */
static double great_circle_km(double lat1, double lon1, double lat2, double lon2)
{
    const double radians = PI / 180.0;
    double half_lat = sin((lat2 - lat1) * radians / 2.0);
    double half_lon = sin((lon2 - lon1) * radians / 2.0);
    double a = half_lat * half_lat + cos(lat1 * radians) * cos(lat2 * radians) * half_lon * half_lon;
    if (a > 1.0)
        a = 1.0;
    return 2.0 * EARTH_RADIUS_KM * asin(sqrt(a));
}

/* d(a, b) from the table (either direction) or coordinates, without the matrix. */
static double compute_distance(const struct instance *instance, int from, int to)
{
    for (int i = 0; i < instance->distance_table_count; i++) {
        const struct distance_entry *entry = &instance->distance_table[i];
        if ((entry->from == from && entry->to == to) || (entry->from == to && entry->to == from))
            return entry->km;
    }
    if (from == to)
        return 0.0;
    const struct municipality *a = &instance->municipalities[from];
    const struct municipality *b = &instance->municipalities[to];
    return great_circle_km(a->lat, a->lon, b->lat, b->lon) * instance->rules.road_factor;
}

bool instance_resolve(struct instance *instance)
{
    if (!instance->rules.cap_given)
        instance->rules.cap = law_cap_for_date(instance->date);

    mem_free(instance->distance);
    instance->distance = NULL;
    size_t count = instance->municipality_count > 0 ? (size_t)instance->municipality_count : 0;
    if (count == 0)
        return true;
    if (count > SIZE_MAX / sizeof(double) / count)
        return false;
    double *distance = mem_alloc(count * count * sizeof *distance);
    if (distance == NULL)
        return false;
    for (size_t a = 0; a < count; a++) {
        const struct municipality *from = &instance->municipalities[a];
        distance[a * count + a] = 0.0;
        for (size_t b = a + 1; b < count; b++) {
            const struct municipality *to = &instance->municipalities[b];
            double km = great_circle_km(from->lat, from->lon, to->lat, to->lon) * instance->rules.road_factor;
            distance[a * count + b] = km;
            distance[b * count + a] = km;
        }
    }
    for (int i = 0; i < instance->distance_table_count; i++) {
        const struct distance_entry *entry = &instance->distance_table[i];
        if (entry->from < 0 || entry->to < 0 || (size_t)entry->from >= count || (size_t)entry->to >= count)
            continue;
        distance[(size_t)entry->from * count + (size_t)entry->to] = entry->km;
        distance[(size_t)entry->to * count + (size_t)entry->from] = entry->km;
    }
    instance->distance = distance;
    return true;
}

/* ---------------------------------------------------------------------------
 * Rules of DESIGN.md §2
 * ------------------------------------------------------------------------- */

int instance_worker_cap(const struct instance *instance, int worker)
{
    return law_own_cap(instance->rules.cap, instance->workers[worker].fte);
}

double instance_worker_share(const struct instance *instance, int worker)
{
    if (instance->workers[worker].share > 0.0)
        return instance->workers[worker].share;
    int own = instance_worker_cap(instance, worker);
    return (double)instance->rules.cap / (double)(own > 1 ? own : 1);
}

double instance_worker_overload(const struct instance *instance, int worker, int over)
{
    if (over <= 0)
        return 0.0;
    int carried = instance->workers[worker].carried > 0 ? instance->workers[worker].carried : 0;
    return instance_worker_share(instance, worker) * (double)over * (double)(over + 2 * carried + 1) / 2.0;
}

/* The target of team `team` for one full-time worker. */
static double team_target(const struct instance *instance, int team)
{
    if (team >= 0 && instance->teams[team].target_given)
        return instance->teams[team].target;
    return instance->rules.target;
}

int instance_worker_target(const struct instance *instance, int worker)
{
    const struct worker *w = &instance->workers[worker];
    return law_floor_scaled(team_target(instance, w->team) * w->fte);
}

bool instance_child_counted(const struct instance *instance, int child)
{
    const struct child *c = &instance->children[child];
    if (!c->born_given)
        return true;
    return law_child_counted(c->born_year, c->born_month, instance->date);
}

double instance_distance(const struct instance *instance, int from, int to)
{
    if (instance->distance == NULL)
        return compute_distance(instance, from, to);
    return instance->distance[(size_t)from * (size_t)instance->municipality_count + (size_t)to];
}

bool instance_team_covers(const struct instance *instance, int team, int municipality)
{
    const struct team *t = &instance->teams[team];
    if (t->area_all)
        return true;
    int low = 0, high = t->area_count - 1;
    while (low <= high) {
        int middle = low + (high - low) / 2;
        if (t->area[middle] == municipality)
            return true;
        if (t->area[middle] < municipality)
            low = middle + 1;
        else
            high = middle - 1;
    }
    return false;
}

int instance_hire_count(const struct instance *instance)
{
    long long count = 0;
    for (int t = 0; t < instance->team_count; t++)
        count += instance->teams[t].max_hires;
    return count > INT_MAX ? INT_MAX : (int)count;
}

void instance_hire_slot(const struct instance *instance, int hire, int *team, int *k)
{
    *team = -1;
    *k = 0;
    if (hire < 0)
        return;
    for (int t = 0; t < instance->team_count; t++) {
        if (hire < instance->teams[t].max_hires) {
            *team = t;
            *k = hire + 1;
            return;
        }
        hire -= instance->teams[t].max_hires;
    }
}

int instance_assignee_count(const struct instance *instance)
{
    return instance->worker_count + instance_hire_count(instance);
}

int instance_assignee_team(const struct instance *instance, int assignee)
{
    if (assignee < instance->worker_count)
        return instance->workers[assignee].team;
    int team, k;
    instance_hire_slot(instance, assignee - instance->worker_count, &team, &k);
    return team;
}

int instance_assignee_cap(const struct instance *instance, int assignee)
{
    if (assignee < instance->worker_count)
        return instance_worker_cap(instance, assignee);
    return instance->rules.cap; /* a hire works full time */
}

int instance_assignee_target(const struct instance *instance, int assignee)
{
    if (assignee < instance->worker_count)
        return instance_worker_target(instance, assignee);
    return law_floor_scaled(team_target(instance, instance_assignee_team(instance, assignee)));
}

const char *instance_assignee_id(const struct instance *instance, int assignee, char *buffer, size_t size)
{
    if (size == 0)
        return buffer;
    if (assignee >= 0 && assignee < instance->worker_count) {
        snprintf(buffer, size, "%s", instance->workers[assignee].id);
        return buffer;
    }
    int team, k;
    instance_hire_slot(instance, assignee - instance->worker_count, &team, &k);
    if (team < 0)
        snprintf(buffer, size, "?");
    else
        snprintf(buffer, size, "%s/hire-%d", instance->teams[team].id, k);
    return buffer;
}

bool instance_eligible(const struct instance *instance, int child, int assignee)
{
    const struct child *c = &instance->children[child];
    int team = instance_assignee_team(instance, assignee);
    if (team < 0 || instance->teams[team].service != c->service)
        return false;
    bool is_worker = assignee < instance->worker_count;
    if (is_worker && instance->workers[assignee].leaving)
        return false;
    if (is_worker && assignee == c->worker)
        return true; /* continuity is always allowed */
    if (c->locked)
        return false;
    if (is_worker && !instance->workers[assignee].accepts_new)
        return false;
    return instance->rules.cross_team || instance_team_covers(instance, team, c->municipality);
}

bool instance_cross_team(const struct instance *instance, int child, int assignee)
{
    int team = instance_assignee_team(instance, assignee);
    return team >= 0 && !instance_team_covers(instance, team, instance->children[child].municipality);
}

double instance_pair_km(const struct instance *instance, int child, int assignee)
{
    int team = instance_assignee_team(instance, assignee);
    return instance_distance(instance, instance->teams[team].office, instance->children[child].municipality);
}

/* --- Move policy (DESIGN.md §2, Moves) ----------------------------------------- */

static const char *const move_policy_names[MOVES_COUNT] = {"all", "law", "intake"};

const char *instance_moves_name(enum move_policy policy)
{
    return policy >= 0 && policy < MOVES_COUNT ? move_policy_names[policy] : "all";
}

const char *instance_moves_words(enum move_policy policy)
{
    switch (policy) {
    case MOVES_LAW:
        return "children without a worker are placed and children of workers over the cap may move; "
               "every other child keeps its worker";
    case MOVES_INTAKE:
        return "only children without a worker are placed; every other child keeps its worker";
    default:
        return "every child may move";
    }
}

enum move_policy instance_moves_from_name(const char *name)
{
    for (int p = 0; p < MOVES_COUNT; p++)
        if (name != NULL && strcmp(name, move_policy_names[p]) == 0)
            return (enum move_policy)p;
    return MOVES_COUNT;
}

/* True when worker w carries more counted children than its own cap today. */
static bool worker_over_cap_now(const struct instance *instance, const int *counted, int w)
{
    return counted[w] > instance_worker_cap(instance, w);
}

int instance_hold_for_moves(struct instance *instance)
{
    enum move_policy policy = instance->rules.moves;
    if (policy == MOVES_ALL)
        return 0;
    int *counted = NULL;
    if (policy == MOVES_LAW) {
        counted = mem_calloc((size_t)(instance->worker_count > 0 ? instance->worker_count : 1), sizeof *counted);
        if (counted == NULL)
            return -1;
        for (int c = 0; c < instance->child_count; c++)
            if (instance->children[c].worker >= 0 && instance_child_counted(instance, c))
                counted[instance->children[c].worker]++;
    }
    int held = 0;
    for (int c = 0; c < instance->child_count; c++) {
        struct child *child = &instance->children[c];
        int w = child->worker;
        if (w < 0 || child->locked || instance->workers[w].leaving)
            continue;
        if (policy == MOVES_LAW && worker_over_cap_now(instance, counted, w))
            continue;
        child->locked = true;
        child->held = true;
        held++;
    }
    mem_free(counted);
    return held;
}

/* How many released children one warning names before "and N more". */
#define RELEASED_NAMED 20

int instance_note_released(struct instance *instance, const char *file, struct diag *notes)
{
    int count = 0;
    for (int c = 0; c < instance->child_count; c++)
        count += instance->children[c].released && !instance->children[c].release_noted;
    if (count == 0)
        return 0;
    char list[RELEASED_NAMED * 160] = "";
    size_t used = 0;
    int named = 0;
    for (int c = 0; c < instance->child_count && named < RELEASED_NAMED; c++) {
        const struct child *child = &instance->children[c];
        if (!child->released || child->release_noted)
            continue;
        char id[96], worker[96];
        message_quote(id, sizeof id, child->id);
        message_quote(worker, sizeof worker, instance->workers[child->worker].id);
        int wrote = snprintf(list + used, sizeof list - used, "%s%s was locked to %s", named > 0 ? "; " : "",
                             id, worker);
        if (wrote < 0 || (size_t)wrote >= sizeof list - used)
            break;
        used += (size_t)wrote;
        named++;
    }
    if (count == 1)
        diag_error_at(notes, file, 0, 0, "", "%s, who leaves; it gets a new worker", list);
    else if (named == count)
        diag_error_at(notes, file, 0, 0, "", "%d locked children get a new worker because their worker leaves: %s",
                   count, list);
    else
        diag_error_at(notes, file, 0, 0, "", "%d locked children get a new worker because their worker leaves: %s; "
                   "and %d more", count, list, count - named);
    for (int c = 0; c < instance->child_count; c++)
        instance->children[c].release_noted = instance->children[c].released;
    return count;
}
