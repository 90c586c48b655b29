/* generate_instance.c - the generator's output: the instance streamed as JSON (header,
 * distances, children family by family) and the monthly history of `--months`
 * (generate_internal.h states the contract). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/common.h"
#include "generate/generate_internal.h"
#include "core/instance.h"

static const char *const service_names[GEN_SERVICE_COUNT] = {"avohuolto", "sijaishuolto",
                                                             "jalkihuolto"};

/* --- Reference tables ----------------------------------------------------------- */

/* Relative frequency of each age among clients (invented shapes: open care leans to
 * teenagers; aftercare clients are 18-24, most in the first years). */
static const int open_care_ages[18] = {4, 4, 4, 4, 5, 5, 5, 5, 5, 6, 6, 6, 7, 7, 8, 8, 8, 8};
static const int substitute_care_ages[18] = {3, 3, 3, 4, 4, 4, 5, 5, 5, 5, 6, 6, 6, 7, 7, 7, 8, 8};
static const int adult_aftercare_ages[7] = {10, 10, 9, 7, 5, 4, 3}; /* ages 18..24 */
static const int minor_aftercare_ages[2] = {1, 2};                  /* ages 16..17 */
/* Sizes 2..5 of a sibling group (mean 2.67). */
static const int sibling_group_sizes[4] = {55, 28, 12, 5};
#define SIBLING_GROUP_MEAN 2.67

/* --- Writing ---------------------------------------------------------------------------- */

/* Square root by Newton's method in plain IEEE arithmetic (libm stays out, see
 * above); x >= 0. Fifty steps from x + 1 converge for any distance here. */
static double plain_sqrt(double x)
{
    double r = x + 1.0;
    for (int i = 0; i < 50 && r > 0; i++)
        r = 0.5 * (r + x / r);
    return x > 0 ? r : 0;
}

/* Is `municipality` the office of a team of county `county`? */
static bool is_office(const struct generator *g, int county, int municipality)
{
    for (int t = 0; t < g->team_count; t++)
        if (g->teams[t].county == county && g->teams[t].office == municipality)
            return true;
    return false;
}

/* The "distances" table of --distances: from every office of a county to each of
 * its municipalities, a road distance of 1.15-1.55 times the straight line (an
 * equirectangular approximation), 0.1 km precision, at least 1 km between two
 * municipalities; the office's own municipality is 0. Opens after the
 * municipalities array, which the caller closes. */
static void write_distances(struct generator *g)
{
    fputs("\n  ],\n  \"distances\": [", g->out);
    bool first_row = true;
    for (int county = 0; county < g->counties; county++) {
        const struct county_centre *c = &generate_county_centres[county % COUNTY_CENTRE_COUNT];
        int first = g->county_first[county], end = g->county_first[county + 1];
        for (int from = first; from < end; from++) {
            if (!is_office(g, county, from))
                continue;
            for (int to = first; to < end; to++) {
                if (to < from && is_office(g, county, to))
                    continue; /* symmetric: written in the row of `to` */
                const struct gen_municipality *a = &g->municipalities[from];
                const struct gen_municipality *b = &g->municipalities[to];
                double dy = (a->lat - b->lat) * 111.0, dx = (a->lon - b->lon) * c->km_per_lon;
                double dx2 = dx * dx, dy2 = dy * dy;
                double factor = rng_between(&g->rng, 1.15, 1.55);
                double km = plain_sqrt(dx2 + dy2) * factor;
                long tenths = from == to ? 0 : (long)(km * 10 + 0.5);
                if (from != to && tenths < 10)
                    tenths = 10;
                fprintf(g->out, "%s\n    {\"from\": \"%s\", \"to\": \"%s\", \"km\": %ld.%ld}",
                        first_row ? "" : ",", a->id, b->id, tenths / 10, tenths % 10);
                first_row = false;
            }
        }
    }
}

void generate_write_header(struct generator *g, const char *name)
{
    fprintf(g->out,
            "{\n  \"format\": \"caseload-instance/1\",\n  \"name\": \"%s\",\n"
            "  \"date\": \"%s\",\n"
            "  \"rules\": {\"target\": 27, \"road_factor\": 1.3, \"cross_team\": false, "
            "\"family\": \"soft\"},\n",
            name, g->date);
    fputs("  \"municipalities\": [", g->out);
    for (int m = 0; m < g->municipality_count; m++) {
        const struct gen_municipality *gm = &g->municipalities[m];
        fprintf(g->out, "%s\n    {\"id\": \"%s\", \"lat\": %.4f, \"lon\": %.4f}", m ? "," : "",
                gm->id, gm->lat, gm->lon);
    }
    if (g->preset == NULL && g->options->distances)
        write_distances(g);
    fputs("\n  ],\n  \"teams\": [", g->out);
    for (int i = 0; i < g->team_count; i++) {
        const struct gen_team *t = &g->teams[i];
        fprintf(g->out, "%s\n    {\"id\": \"%s\", \"service\": \"%s\", \"office\": \"%s\"",
                i ? "," : "", t->id, service_names[t->service], g->municipalities[t->office].id);
        if (!t->area_all) {
            fputs(", \"area\": [", g->out);
            for (int a = 0; a < t->area_count; a++)
                fprintf(g->out, "%s\"%s\"", a ? ", " : "",
                        g->municipalities[g->area_pool[t->area_first + a]].id);
            fputc(']', g->out);
        }
        if (t->target > 0)
            fprintf(g->out, ", \"target\": %d", t->target);
        if (t->max_hires > 0)
            fprintf(g->out, ", \"max_hires\": %d", t->max_hires);
        fputc('}', g->out);
    }
    fputs("\n  ],\n  \"workers\": [", g->out);
    for (int i = 0; i < g->worker_count; i++) {
        const struct gen_worker *w = &g->workers[i];
        fprintf(g->out, "%s\n    {\"id\": \"W%04d\", \"team\": \"%s\", \"fte\": %g", i ? "," : "",
                i + 1, g->teams[w->team].id, w->fte);
        if (w->leaving)
            fputs(", \"leaving\": true", g->out);
        if (!w->accepts_new)
            fputs(", \"accepts_new\": false", g->out);
        if (w->max_new > 0)
            fprintf(g->out, ", \"max_new\": %d", w->max_new);
        fputc('}', g->out);
    }
    fputs("\n  ],\n  \"children\": [", g->out);
}
/* Age in months of a new client of this kind. */
static int draw_age_months(struct generator *g, enum gen_service service, enum client_kind kind,
                           double adults)
{
    int years;
    if (kind == KIND_CHILD && service == GEN_OPEN)
        years = rng_table(&g->rng, open_care_ages, 18);
    else if (kind == KIND_CHILD)
        years = rng_table(&g->rng, substitute_care_ages, 18);
    else if (kind == KIND_AFTERCARE && rng_chance(&g->rng, adults))
        years = 18 + rng_table(&g->rng, adult_aftercare_ages, 7);
    else
        years = 16 + rng_table(&g->rng, minor_aftercare_ages, 2);
    return years * 12 + random_splitmix_below(&g->rng, 12);
}

/* Does team `team` serve families living in `municipality` without crossing areas? */
static bool team_covers(const struct generator *g, int team, int municipality)
{
    const struct gen_team *t = &g->teams[team];
    if (t->area_all)
        return true;
    for (int a = 0; a < t->area_count; a++)
        if (g->area_pool[t->area_first + a] == municipality)
            return true;
    return false;
}

/* Team of `service` in county `county` for a family living in `municipality`: of
 * the teams whose area holds it, the one with the fewest clients per FTE so far
 * (teams sharing a big town share its families evenly); a family that moved keeps
 * a team of another area, drawn uniformly. -1 when the county has no team of the
 * service. */
static int draw_team(struct generator *g, int county, enum gen_service service, int municipality)
{
    if (g->only_team >= 0)
        return g->only_team; /* per-team loads: the family is the team's own */
    bool moved = service == GEN_OPEN && rng_chance(&g->rng, MOVED_SHARE);
    int others = 0, best = -1;
    double best_level = 0;
    for (int i = 0; i < g->team_count; i++) {
        const struct gen_team *t = &g->teams[i];
        if (t->county != county || t->service != service)
            continue;
        if (!team_covers(g, i, municipality)) {
            others++;
            continue;
        }
        double level = (t->clients + 1) / t->fte;
        if (best < 0 || level < best_level) {
            best = i;
            best_level = level;
        }
    }
    if (moved && others > 0) {
        int pick = random_splitmix_below(&g->rng, others);
        for (int i = 0; i < g->team_count; i++)
            if (g->teams[i].county == county && g->teams[i].service == service &&
                !team_covers(g, i, municipality) && pick-- == 0)
                return i;
    }
    return best;
}

/* The worker of `team` with the lightest caseload for its share who can take
 * `counted` more counted children (only when keeping within the cap), other than
 * `except`; -1 when none can. */
static int pick_worker(const struct generator *g, int team, int counted, int except)
{
    const struct gen_team *t = &g->teams[team];
    int best = -1;
    double best_level = 0;
    for (int i = t->first_worker; i < t->first_worker + t->worker_count; i++) {
        const struct gen_worker *w = &g->workers[i];
        if (i == except || (g->within_cap && w->counted + counted > w->cap))
            continue;
        double level = (w->clients + 1) / w->share;
        if (best < 0 || level < best_level) {
            best = i;
            best_level = level;
        }
    }
    return best;
}

/* Relative number of client families in `municipality` for generate_write_children: its
 * weight, or 0 outside the area of the team drawn for (only_team). */
static double family_weight(const struct generator *g, int municipality)
{
    if (g->only_team >= 0 && !team_covers(g, g->only_team, municipality))
        return 0;
    return g->municipalities[municipality].weight;
}

/* Write `count` clients of `service` in county `county`, family by family. */
void generate_write_children(struct generator *g, int county, enum gen_service service,
                             enum client_kind kind, long count, double adults)
{
    const struct generate_options *o = g->options;
    double siblings = g->preset != NULL ? g->preset->siblings : o->siblings;
    double intake = g->preset != NULL ? g->preset->intake : o->intake;
    /* chance that a family is a sibling group, so that `siblings` of children have one */
    double single_weight = SIBLING_GROUP_MEAN * (1 - siblings);
    double group_chance = siblings >= 1 ? 1 : siblings / (single_weight + siblings);
    int first = g->county_first[county], n = g->county_first[county + 1] - first;
    double total_weight = 0;
    for (int i = 0; i < n; i++)
        total_weight += family_weight(g, first + i);
    double locked = g->preset != NULL ? LOCKED_SHARE : o->locked;

    double spread = random_splitmix_uniform(&g->rng);
    for (long made = 0; made < count && !ferror(g->out);) {
        int size = 1;
        if (kind == KIND_CHILD && rng_chance(&g->rng, group_chance))
            size = 2 + rng_table(&g->rng, sibling_group_sizes, 4);
        if (size > count - made)
            size = (int)(count - made);
        /* a golden-ratio (Weyl) sequence spreads families over municipalities in
         * proportion to their weights with far less scatter than independent draws */
        spread += 0.6180339887498949;
        spread -= spread >= 1 ? 1 : 0;
        double pick = spread * total_weight, sum = 0;
        int municipality = first + n - 1;
        while (municipality > first && family_weight(g, municipality) <= 0)
            municipality--;
        for (int i = 0; i < n; i++) {
            sum += family_weight(g, first + i);
            if (pick < sum) {
                municipality = first + i;
                break;
            }
        }
        int ages[MAX_FAMILY], workers[MAX_FAMILY], counted = 0;
        for (int k = 0; k < size; k++) {
            ages[k] = draw_age_months(g, service, kind, adults);
            counted += ages[k] < 18 * 12;
        }
        bool is_intake = rng_chance(&g->rng, intake);
        int team = draw_team(g, county, service, municipality);
        int worker = is_intake || team < 0 ? -1 : pick_worker(g, team, counted, -1);
        bool split = size > 1 && worker >= 0 && rng_chance(&g->rng, SPLIT_SHARE);
        for (int k = 0; k < size; k++) {
            workers[k] = worker;
            if (split && k == size - 1) {
                int other = pick_worker(g, team, ages[k] < 18 * 12, worker);
                if (other >= 0)
                    workers[k] = other;
            }
            if (workers[k] >= 0) {
                g->teams[team].clients++;
                g->workers[workers[k]].clients++;
                g->workers[workers[k]].counted += ages[k] < 18 * 12;
            }
        }
        g->families++;
        for (int k = 0; k < size; k++) {
            int born = g->date_index - ages[k];
            g->children++;
            fprintf(g->out,
                    "%s\n    {\"id\": \"C%06ld\", \"family\": \"F%05ld\", \"service\": \"%s\", "
                    "\"municipality\": \"%s\", \"born\": \"%04d-%02d\"",
                    g->children > 1 ? "," : "", g->children, g->families, service_names[service],
                    g->municipalities[municipality].id, born / 12, born % 12 + 1);
            if (workers[k] >= 0) {
                fprintf(g->out, ", \"worker\": \"W%04d\"", workers[k] + 1);
                if (!g->workers[workers[k]].leaving && rng_chance(&g->rng, locked))
                    fputs(", \"locked\": true", g->out);
            }
            fputc('}', g->out);
        }
        made += size;
    }
}

/* Open care of county `county` under --load-spread: each team's children drawn
 * from its own area, round(load factor x the caps of its staying workers) of them. */
void generate_write_strained_open_care(struct generator *g, int county)
{
    for (int t = 0; t < g->team_count; t++) {
        const struct gen_team *team = &g->teams[t];
        if (team->county != county || team->service != GEN_OPEN)
            continue;
        int capacity = 0;
        for (int w = team->first_worker; w < team->first_worker + team->worker_count; w++)
            capacity += g->workers[w].leaving ? 0 : g->workers[w].cap;
        double clients = team->load * capacity;
        g->only_team = t;
        generate_write_children(g, county, GEN_OPEN, KIND_CHILD, (long)(clients + 0.5), 0);
        g->only_team = -1;
    }
}
