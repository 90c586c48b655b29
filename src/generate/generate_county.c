/* generate_county.c - the generator's counties in memory: a preset's tables, or
 * synthetic municipalities around a county centre with their teams and workers
 * (generate_internal.h states the contract). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/common.h"
#include "generate/generate_internal.h"
#include "core/law.h"

const struct county_centre generate_county_centres[COUNTY_CENTRE_COUNT] = {
    {60.205, 24.656, 55.3, 35},  /* Länsi-Uusimaa */
    {60.631, 24.859, 54.6, 30},  /* Keski-Uusimaa */
    {60.393, 25.664, 55.0, 35},  /* Itä-Uusimaa */
    {60.294, 25.040, 55.2, 15},  /* Vantaa-Kerava */
    {60.452, 22.267, 54.9, 70},  /* Varsinais-Suomi */
    {61.485, 21.797, 53.1, 60},  /* Satakunta */
    {60.996, 24.464, 54.0, 45},  /* Kanta-Häme */
    {61.498, 23.761, 53.1, 75},  /* Pirkanmaa */
    {60.983, 25.655, 54.0, 50},  /* Päijät-Häme */
    {60.868, 26.704, 54.2, 45},  /* Kymenlaakso */
    {61.058, 28.186, 53.9, 50},  /* Etelä-Karjala */
    {61.688, 27.273, 52.8, 70},  /* Etelä-Savo */
    {62.893, 27.679, 50.7, 80},  /* Pohjois-Savo */
    {62.601, 29.763, 51.2, 80},  /* Pohjois-Karjala */
    {62.241, 25.751, 51.8, 75},  /* Keski-Suomi */
    {62.790, 22.840, 50.9, 65},  /* Etelä-Pohjanmaa */
    {63.096, 21.616, 50.4, 60},  /* Pohjanmaa */
    {63.838, 23.131, 49.1, 50},  /* Keski-Pohjanmaa */
    {65.012, 25.465, 47.0, 120}, /* Pohjois-Pohjanmaa */
    {64.227, 27.728, 48.4, 100}, /* Kainuu */
    {66.503, 25.729, 44.4, 200}, /* Lappi */
};
_Static_assert(sizeof generate_county_centres / sizeof generate_county_centres[0] == COUNTY_CENTRE_COUNT,
               "one centre per wellbeing services county");

/* --- Building counties -------------------------------------------------------------- */

/* Append a worker to team `team` (the team's workers must be appended together). */
static void add_worker(struct generator *g, int team, double fte, bool leaving)
{
    struct gen_team *t = &g->teams[team];
    struct gen_worker *w = &g->workers[g->worker_count];
    if (t->worker_count == 0)
        t->first_worker = g->worker_count;
    t->worker_count++;
    t->fte += fte;
    g->worker_count++;
    memset(w, 0, sizeof *w);
    w->team = team;
    w->fte = fte;
    w->cap = law_own_cap(g->cap, fte);
    w->leaving = leaving;
    w->accepts_new = true;
    double deviation = WORKER_SPREAD * rng_normal(&g->rng);
    double level = 1.0 + deviation;
    w->share = fte * (level < 0.85 ? 0.85 : level > 1.15 ? 1.15 : level);
    if (!leaving) {
        if (rng_chance(&g->rng, CLOSED_SHARE)) {
            w->accepts_new = false;
        } else if (rng_chance(&g->rng, NEWCOMER_SHARE)) {
            w->max_new = NEWCOMER_MAX_NEW;
            w->share *= 0.5;
        }
    }
}

/* Index of the municipality named `id` in county 0, or -1. */
static int find_municipality(const struct generator *g, const char *id)
{
    for (int m = 0; m < g->municipality_count; m++)
        if (strcmp(g->municipalities[m].id, id) == 0)
            return m;
    return -1;
}

/* Fill the generator from a preset's tables. */
bool generate_county_preset(struct generator *g, char *error, size_t size)
{
    const struct preset *p = g->preset;
    g->county_first[0] = 0;
    g->county_first[1] = p->municipality_count;
    for (int m = 0; m < p->municipality_count; m++) {
        struct gen_municipality *gm = &g->municipalities[g->municipality_count++];
        snprintf(gm->id, sizeof gm->id, "%s", p->municipalities[m].id);
        gm->lat = p->municipalities[m].lat;
        gm->lon = p->municipalities[m].lon;
        /* client rates differ between municipalities around the population share */
        gm->weight = p->municipalities[m].population * rng_between(&g->rng, 0.9, 1.1);
    }
    for (int i = 0; i < p->team_count; i++) {
        const struct preset_team *pt = &p->teams[i];
        struct gen_team *t = &g->teams[g->team_count];
        memset(t, 0, sizeof *t);
        snprintf(t->id, sizeof t->id, "%s", pt->id);
        t->service = pt->service;
        t->office = find_municipality(g, pt->office);
        t->area_first = g->area_pool_count;
        t->area_all = pt->area[0] == NULL;
        t->target = pt->service == GEN_AFTERCARE ? AFTERCARE_TARGET : 0;
        for (int a = 0; a < PRESET_AREA_MAX && pt->area[a] != NULL; a++) {
            int m = find_municipality(g, pt->area[a]);
            if (m < 0) {
                message_format(error, size, "preset %s: team %s: unknown municipality %s", p->key,
                          pt->id, pt->area[a]);
                return false;
            }
            g->area_pool[g->area_pool_count++] = m;
            t->area_count++;
        }
        if (t->office < 0) {
            message_format(error, size, "preset %s: team %s: unknown office", p->key, pt->id);
            return false;
        }
        int team = g->team_count++;
        /* which full-time workers leave is left to the seed */
        int leaving_left = pt->leaving;
        for (int k = 0; k < pt->full_time; k++) {
            bool leaving = random_splitmix_below(&g->rng, pt->full_time - k) < leaving_left;
            if (leaving)
                leaving_left--;
            add_worker(g, team, 1.0, leaving);
        }
        for (int k = 0; k < PRESET_PART_TIME_MAX && pt->part_time[k] > 0; k++)
            add_worker(g, team, pt->part_time[k], false);
    }
    return true;
}

/* Monotonic in the angle of (dx, dy) around the origin, in [0, 4): the "diamond
 * angle", which needs no trigonometry. */
static double pseudo_angle(double dx, double dy)
{
    double d = (dx < 0 ? -dx : dx) + (dy < 0 ? -dy : dy);
    if (d == 0)
        return 0;
    if (dy >= 0)
        return dx >= 0 ? dy / d : 2 - dx / d;
    return dx < 0 ? 2 - dy / d : 3 + dx / d;
}

static int compare_around(const void *a, const void *b)
{
    const struct around *x = a, *y = b;
    if (x->angle != y->angle)
        return x->angle < y->angle ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

/* Start a synthetic team of county `county`; returns its index. */
static int add_team(struct generator *g, int county, enum gen_service service, int number,
                    int office)
{
    struct gen_team *t = &g->teams[g->team_count];
    static const char *const prefixes[GEN_SERVICE_COUNT] = {"avo", "sijais", "jalki"};
    memset(t, 0, sizeof *t);
    if (g->counties == 1)
        snprintf(t->id, sizeof t->id, "%s-%d", prefixes[service], number);
    else
        snprintf(t->id, sizeof t->id, "K%02d-%s-%d", county + 1, prefixes[service], number);
    t->service = service;
    t->county = county;
    t->office = office;
    t->area_first = g->area_pool_count;
    t->target = service == GEN_AFTERCARE ? AFTERCARE_TARGET : 0;
    return g->team_count++;
}

/* Give team `team` `count` workers drawn from the options' shares; at least one stays. */
static void staff_team(struct generator *g, int team, int count)
{
    const struct generate_options *o = g->options;
    static const int part_time_weights[3] = {1, 1, 2};
    static const double part_time_fte[3] = {0.5, 0.6, 0.8};
    int staying = 0;
    for (int k = 0; k < count; k++) {
        double fte = 1.0;
        if (rng_chance(&g->rng, o->part_time))
            fte = part_time_fte[rng_table(&g->rng, part_time_weights, 3)];
        bool leaving = rng_chance(&g->rng, o->leaving);
        if (k == count - 1 && staying == 0)
            leaving = false; /* a team whose every worker leaves could serve nobody */
        if (!leaving)
            staying++;
        add_worker(g, team, fte, leaving);
    }
}

/* Under strain (issue 14): the open-care teams open_first.. (the first `big` share
 * the big town) get load factors spread evenly over load ± load_spread, and the
 * first hiring_teams of the teams sharing the big town (and the first
 * hiring_outside of the others) may hire hires_per_team workers (default one). The
 * teams sharing the big town take every other factor around the middle, so their
 * area as a whole sits near `load` (over its cap by a fraction of what the hires
 * could take, where hires decide most); which of them gets which, and which of
 * the other teams gets which, is drawn from the seed. Draws nothing with the
 * defaults, so their output is unchanged. */
static void strain_county(struct generator *g, int open_first, int open, int big)
{
    const struct generate_options *o = g->options;
    int hires = o->hires_per_team > 0 ? o->hires_per_team : 1;
    for (int k = 0; k < big && big >= 2; k++)
        g->teams[open_first + k].max_hires = k < o->hiring_teams ? hires : 0;
    for (int k = big; k < open; k++) /* --hiring-outside: teams outside the big town too */
        g->teams[open_first + k].max_hires = k - big < o->hiring_outside ? hires : 0;
    if (o->load_spread <= 0)
        return;
    /* factor position of each team: the shared ones spaced evenly, then the rest */
    int position[MAX_TEAMS];
    bool taken[MAX_TEAMS] = {false};
    for (int k = 0; k < big; k++) {
        int at = (int)(((double)k + 0.5) * open / big);
        at = at >= open ? open - 1 : at;
        while (taken[at])
            at = (at + 1) % open;
        taken[at] = true;
        position[k] = at;
    }
    for (int k = big, at = 0; k < open; k++) {
        while (taken[at])
            at++;
        taken[at] = true;
        position[k] = at;
    }
    for (int group = 0; group < 2; group++) { /* Fisher-Yates within each group */
        int first = group == 0 ? 0 : big, count = group == 0 ? big : open - big;
        for (int k = count - 1; k > 0; k--) {
            int j = random_splitmix_below(&g->rng, k + 1);
            int swap = position[first + k];
            position[first + k] = position[first + j];
            position[first + j] = swap;
        }
    }
    for (int k = 0; k < open; k++) {
        double step = open > 1 ? 2.0 * position[k] / (open - 1) - 1.0 : 0.0;
        double offset = o->load_spread * step;
        g->teams[open_first + k].load = o->load + offset;
    }
}

/* A synthetic county while it is built: its municipalities (the first is the big
 * town), those around the town sorted by angle, and how its open-care teams split
 * between the town and arcs of the municipalities around it. */
struct county_build {
    int county;
    int first, n;          /* its first municipality and how many it has */
    struct around *around; /* the municipalities around the big town, by angle */
    int around_count;
    double total_weight;   /* of all its municipalities */
    int open, big, arcs;   /* open-care teams, those sharing the big town, the others */
    int open_first;        /* its first open-care team */
    double *staffing;      /* each open-care team's share of the staff (scratch) */
};

/* (a) Municipalities: a big town in the middle, a skewed tail around it. */
static void place_municipalities(struct generator *g, struct county_build *b)
{
    const struct county_centre *c = &generate_county_centres[b->county % COUNTY_CENTRE_COUNT];
    double shift = 0.2 * (b->county / COUNTY_CENTRE_COUNT); /* beyond 21 counties, move north */
    double lat0 = c->lat + shift;
    struct around *around = b->around;
    double total_weight = 0;
    int around_count = 0;
    for (int i = 0; i < b->n; i++) {
        struct gen_municipality *m = &g->municipalities[g->municipality_count++];
        snprintf(m->id, sizeof m->id, "K%02d-M%02d", b->county + 1, i + 1);
        double dx = 0, dy = 0, radius2;
        if (i == 0) {
            m->weight = 2.2 * rng_between(&g->rng, 0.9, 1.1);
        } else {
            m->weight = rng_between(&g->rng, 0.6, 1.4) / (i + 1);
            do {
                dx = rng_between(&g->rng, -1, 1);
                dy = rng_between(&g->rng, -1, 1);
                double dx2 = dx * dx, dy2 = dy * dy;
                radius2 = dx2 + dy2;
            } while (radius2 > 1 || radius2 < 0.04);
            around[around_count].angle = pseudo_angle(dx, dy);
            around[around_count].index = b->first + i;
            around_count++;
        }
        m->lat = lat0 + dy * c->radius / 111.0;
        m->lon = c->lon + dx * c->radius / c->km_per_lon;
        total_weight += m->weight;
    }
    qsort(around, (size_t)around_count, sizeof *around, compare_around);
    b->around_count = around_count;
    b->total_weight = total_weight;
}

/* (b) How many open-care teams share the big town (about its share of the
 * weight) and how many take arcs of the municipalities around it. */
static void split_open_care(const struct generator *g, struct county_build *b)
{
    int open = g->options->open_care_teams, big = open, arcs = 0;
    if (open >= 2 && b->around_count >= 1) {
        big = (int)(open * g->municipalities[b->first].weight / b->total_weight + 0.5);
        big = big < 1 ? 1 : big > open - 1 ? open - 1 : big;
        arcs = open - big;
        if (arcs > b->around_count) {
            arcs = b->around_count;
            big = open - arcs;
        }
    }
    b->open = open;
    b->big = big;
    b->arcs = arcs;
}

/* The open-care teams sharing the big town, each with its share of the town's
 * weight as its staffing. */
static void add_town_teams(struct generator *g, struct county_build *b)
{
    int first = b->first;
    for (int k = 0; k < b->big; k++) {
        int team = add_team(g, b->county, GEN_OPEN, k + 1, first);
        struct gen_team *t = &g->teams[team];
        g->area_pool[g->area_pool_count++] = first;
        t->area_count = 1;
        if (b->arcs == 0 && b->open == 1) /* a lone team serves the whole county */
            for (int i = 0; i < b->around_count; i++) {
                g->area_pool[g->area_pool_count++] = b->around[i].index;
                t->area_count++;
            }
        b->staffing[k] = g->municipalities[first].weight / b->big;
    }
}

/* The open-care teams of the arcs around the big town, of about equal weight, each
 * with its office in its heaviest municipality and its weight as its staffing. */
static void add_arc_teams(struct generator *g, struct county_build *b)
{
    const struct around *around = b->around;
    int big = b->big, arcs = b->arcs, around_count = b->around_count;
    double around_weight = b->total_weight - g->municipalities[b->first].weight, taken = 0;
    int position = 0;
    for (int a = 0; a < arcs; a++) {
        int team = add_team(g, b->county, GEN_OPEN, big + a + 1, -1);
        struct gen_team *t = &g->teams[team];
        double goal = around_weight * (a + 1) / arcs, weight = 0;
        int best = -1;
        do {
            int m = around[position++].index;
            g->area_pool[g->area_pool_count++] = m;
            t->area_count++;
            weight += g->municipalities[m].weight;
            taken += g->municipalities[m].weight;
            if (best < 0 || g->municipalities[m].weight > g->municipalities[best].weight)
                best = m;
        } while (position < around_count - (arcs - 1 - a) &&
                 (a == arcs - 1 ||
                  taken + g->municipalities[around[position].index].weight / 2 < goal));
        t->office = best;
        b->staffing[big + a] = weight;
    }
}

/* Share `workers` among `open` teams after their staffing (`total` in all): one
 * each, the rest in proportion, by largest remainder. */
static void apportion_workers(int *counts, const double *staffing, int open, int workers,
                              double total)
{
    int given = 0;
    for (int k = 0; k < open; k++) {
        counts[k] = 1 + (int)((workers - open) * staffing[k] / total);
        given += counts[k];
    }
    while (given < workers) { /* largest remainder, ties to the first team */
        int best = 0;
        double best_gap = -1e300;
        for (int k = 0; k < open; k++) {
            double gap = 1 + (workers - open) * staffing[k] / total - counts[k];
            if (gap > best_gap) {
                best_gap = gap;
                best = k;
            }
        }
        counts[best]++;
        given++;
    }
}

/* (c) Open-care staff follows population, each team off by up to STAFFING_SPREAD.
 * False only when out of memory. */
static bool staff_open_care(struct generator *g, const struct county_build *b)
{
    int open = b->open, workers = open * g->options->workers_per_team;
    double *staffing = b->staffing, staffing_total = 0;
    for (int k = 0; k < open; k++) {
        staffing[k] *= rng_between(&g->rng, 1 - STAFFING_SPREAD, 1 + STAFFING_SPREAD);
        staffing_total += staffing[k];
    }
    int *counts = mem_calloc((size_t)open, sizeof *counts);
    if (counts == NULL)
        return false;
    apportion_workers(counts, staffing, open, workers, staffing_total);
    for (int k = 0; k < open; k++)
        staff_team(g, b->open_first + k, counts[k]);
    mem_free(counts);
    return true;
}

/* (d) Central teams in the big town serve the whole county. */
static void add_central_teams(struct generator *g, const struct county_build *b)
{
    const struct generate_options *o = g->options;
    const int central[2] = {o->substitute_care_teams, o->aftercare_teams};
    for (int s = 0; s < 2; s++) {
        enum gen_service service = s == 0 ? GEN_SUBSTITUTE : GEN_AFTERCARE;
        for (int k = 0; k < central[s]; k++) {
            int team = add_team(g, b->county, service, k + 1, b->first);
            struct gen_team *t = &g->teams[team];
            t->area_all = g->counties == 1;
            if (!t->area_all)
                for (int i = 0; i < b->n; i++) {
                    g->area_pool[g->area_pool_count++] = b->first + i;
                    t->area_count++;
                }
            staff_team(g, team, o->workers_per_team);
        }
    }
}

/* Municipalities, teams and workers of synthetic county `county`. */
bool generate_county_synthetic(struct generator *g, int county, struct around *around,
                               double *staffing)
{
    struct county_build b = {
        .county = county, .first = g->municipality_count, .n = g->options->municipalities,
        .around = around, .staffing = staffing,
    };
    g->county_first[county] = b.first;
    g->county_first[county + 1] = b.first + b.n;
    place_municipalities(g, &b);
    split_open_care(g, &b);
    b.open_first = g->team_count;
    add_town_teams(g, &b);
    add_arc_teams(g, &b);
    if (!staff_open_care(g, &b))
        return false;
    strain_county(g, b.open_first, b.open, b.big);
    add_central_teams(g, &b);
    return true;
}

/* Clients of each service in synthetic county `county`, from its staff and the load. */
long generate_county_clients(const struct generator *g, int county, enum gen_service service)
{
    double fte = 0;
    for (int i = 0; i < g->team_count; i++)
        if (g->teams[i].county == county && g->teams[i].service == service)
            fte += g->teams[i].fte;
    double per_fte = service == GEN_AFTERCARE ? AFTERCARE_TARGET : g->cap;
    double load = g->options->load;
    if (service != GEN_OPEN && g->options->central_load > 0)
        load = g->options->central_load;
    double clients = load * per_fte * fte;
    return (long)(clients + 0.5);
}
