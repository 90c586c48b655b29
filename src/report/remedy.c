/* remedy.c - per team with an excess after the plan: hires, and the room of the
 * neighbouring teams of the same service under cross_team with its distance. */
#include "report/remedy.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "report/report.h"

/* A child that could leave a worker over the cap, with its distance to an office. */
struct candidate {
    int child;
    double km;
};

static int compare_candidates(const void *left, const void *right)
{
    const struct candidate *a = left, *b = right;
    if (a->km != b->km)
        return a->km < b->km ? -1 : 1;
    return (a->child > b->child) - (a->child < b->child);
}

static int compare_neighbours(const void *left, const void *right)
{
    const struct remedy_neighbour *a = left, *b = right;
    if (a->mean_km != b->mean_km)
        return a->mean_km < b->mean_km ? -1 : 1;
    return (a->team > b->team) - (a->team < b->team);
}

/* Room of team u for children from elsewhere in the plan: Σ over its workers that
 * stay and accept new children of (cap - counted after), within max_new. */
static int team_room(const struct instance *instance, int u, const int *counted,
                     const int *received)
{
    int room = 0;
    for (int w = 0; w < instance->worker_count; w++) {
        const struct worker *worker = &instance->workers[w];
        if (worker->team != u || worker->leaving || !worker->accepts_new)
            continue;
        int free_places = instance_worker_cap(instance, w) - counted[w];
        if (worker->max_new >= 0 && worker->max_new - received[w] < free_places)
            free_places = worker->max_new - received[w];
        if (free_places > 0)
            room += free_places;
    }
    return room;
}

struct remedy *remedy_compute(const struct plan *plan, const struct instance *instance, int *count)
{
    *count = 0;
    int workers = instance->worker_count, teams = instance->team_count;
    size_t slots = (size_t)(workers > 0 ? workers : 1);
    int *assigned = mem_alloc(((size_t)instance->child_count + 1) * sizeof *assigned);
    int *counted = mem_calloc(slots, sizeof *counted);
    int *received = mem_calloc(slots, sizeof *received);
    int *excess = mem_calloc((size_t)(teams > 0 ? teams : 1), sizeof *excess);
    struct candidate *candidates =
        mem_alloc(((size_t)instance->child_count + 1) * sizeof *candidates);
    struct remedy *remedies = NULL;
    struct remedy_neighbour *found =
        mem_alloc(((size_t)(teams > 0 ? teams : 1)) * sizeof *found);
    if (assigned == NULL || counted == NULL || received == NULL || excess == NULL ||
        candidates == NULL || found == NULL)
        goto out_of_memory;
    for (int i = 0; i < plan->assignment_count; i++)
        assigned[plan->assignments[i].child] = plan->assignments[i].to;
    for (int c = 0; c < instance->child_count; c++) {
        int a = assigned[c];
        if (a < 0 || a >= workers)
            continue;
        counted[a] += instance_child_counted(instance, c) ? 1 : 0;
        received[a] += instance->children[c].worker != a ? 1 : 0;
    }
    int with_excess = 0;
    for (int w = 0; w < workers; w++) {
        int over = counted[w] - instance_worker_cap(instance, w);
        if (over > 0) {
            if (excess[instance->workers[w].team] == 0)
                with_excess++;
            excess[instance->workers[w].team] += over;
        }
    }
    if (with_excess == 0)
        goto done;
    remedies = mem_calloc((size_t)with_excess, sizeof *remedies);
    if (remedies == NULL)
        goto out_of_memory;
    int cap = instance->rules.cap > 0 ? instance->rules.cap : 1;
    for (int t = 0; t < teams; t++) {
        if (excess[t] == 0)
            continue;
        struct remedy *remedy = &remedies[(*count)++];
        remedy->team = t;
        remedy->excess = excess[t];
        remedy->hires = (excess[t] + cap - 1) / cap;
        /* the children that could leave the team's workers over the cap */
        int movable = 0;
        for (int c = 0; c < instance->child_count; c++) {
            int a = assigned[c];
            if (a < 0 || a >= workers || instance->workers[a].team != t ||
                counted[a] <= instance_worker_cap(instance, a) || instance->children[c].locked ||
                !instance_child_counted(instance, c))
                continue;
            candidates[movable++].child = c;
        }
        remedy->movable = movable;
        int neighbours = 0;
        for (int u = 0; u < teams; u++) {
            const struct team *team = &instance->teams[u];
            if (u == t || team->removed || team->service != instance->teams[t].service)
                continue;
            int room = team_room(instance, u, counted, received);
            int take = room < excess[t] ? room : excess[t];
            if (take > movable)
                take = movable;
            if (take <= 0)
                continue;
            for (int k = 0; k < movable; k++)
                candidates[k].km = instance_distance(
                    instance, team->office, instance->children[candidates[k].child].municipality);
            qsort(candidates, (size_t)movable, sizeof *candidates, compare_candidates);
            double km = 0.0;
            for (int k = 0; k < take; k++)
                km += candidates[k].km;
            found[neighbours++] = (struct remedy_neighbour){u, take, km / take};
        }
        qsort(found, (size_t)neighbours, sizeof *found, compare_neighbours);
        remedy->neighbour_count = neighbours < REMEDY_NEIGHBOURS ? neighbours : REMEDY_NEIGHBOURS;
        memcpy(remedy->neighbours, found, (size_t)remedy->neighbour_count * sizeof *found);
    }
done:
    mem_free(assigned);
    mem_free(counted);
    mem_free(received);
    mem_free(excess);
    mem_free(candidates);
    mem_free(found);
    return remedies;
out_of_memory:
    mem_free(remedies);
    remedies = NULL;
    *count = -1;
    goto done;
}

bool remedy_write_json(FILE *stream, const struct plan *plan, const struct instance *instance)
{
    int count;
    struct remedy *remedies = remedy_compute(plan, instance, &count);
    if (count < 0)
        return false;
    fputc('[', stream);
    for (int i = 0; i < count; i++) {
        const struct remedy *remedy = &remedies[i];
        fputs(i == 0 ? "\n    { \"team\": " : ",\n    { \"team\": ", stream);
        text_json_string(stream, instance->teams[remedy->team].id);
        fprintf(stream, ", \"children_over_cap\": %d, \"hires\": %d, \"movable\": %d, \"neighbours\": [",
                remedy->excess, remedy->hires, remedy->movable);
        for (int k = 0; k < remedy->neighbour_count; k++) {
            fputs(k == 0 ? " { \"team\": " : ", { \"team\": ", stream);
            text_json_string(stream, instance->teams[remedy->neighbours[k].team].id);
            fprintf(stream, ", \"children\": %d, \"mean_km\": %.17g }", remedy->neighbours[k].children,
                    remedy->neighbours[k].mean_km);
        }
        fputs(remedy->neighbour_count > 0 ? " ] }" : "] }", stream);
    }
    fputs(count > 0 ? "\n  ]" : "]", stream);
    mem_free(remedies);
    return !ferror(stream);
}

bool remedy_write_text(FILE *stream, const struct plan *plan, const struct instance *instance)
{
    int count;
    struct remedy *remedies = remedy_compute(plan, instance, &count);
    if (count < 0)
        return false;
    for (int i = 0; i < count; i++) {
        const struct remedy *remedy = &remedies[i];
        fprintf(stream, "remedy %s: %d child%s over the cap; %d hire%s (FTE 1, cap %d) would take them",
                instance->teams[remedy->team].id, remedy->excess, remedy->excess == 1 ? "" : "ren",
                remedy->hires, remedy->hires == 1 ? "" : "s", instance->rules.cap);
        for (int k = 0; k < remedy->neighbour_count; k++) {
            const struct remedy_neighbour *neighbour = &remedy->neighbours[k];
            fprintf(stream, "%s %s could take %d at %.1f km on average", k == 0 ? "; under cross_team" : ",",
                    instance->teams[neighbour->team].id, neighbour->children, neighbour->mean_km);
        }
        if (remedy->neighbour_count == 0)
            fputs("; no team of the same service has room", stream);
        fputc('\n', stream);
    }
    mem_free(remedies);
    return !ferror(stream);
}

bool remedy_write_html(FILE *stream, const struct plan *plan, const struct instance *instance)
{
    int count;
    struct remedy *remedies = remedy_compute(plan, instance, &count);
    if (count < 0)
        return false;
    if (count > 0) {
        fputs("<section id=\"remedies\">\n<h2>What would remove the excess</h2>\n<table>\n<thead><tr>"
              "<th>Team</th><th class=\"number\">Children over the cap</th>"
              "<th class=\"number\">Hires (FTE 1)</th><th>A neighbouring team of the same service "
              "under cross_team</th></tr></thead>\n<tbody>\n",
              stream);
        for (int i = 0; i < count; i++) {
            const struct remedy *remedy = &remedies[i];
            fputs("<tr data-team=\"", stream);
            report_write_escaped(stream, instance->teams[remedy->team].id);
            fprintf(stream, "\" data-hires=\"%d\"><td>", remedy->hires);
            report_write_escaped(stream, instance->teams[remedy->team].id);
            fprintf(stream, "</td><td class=\"number\">%d</td><td class=\"number\">%d</td><td>",
                    remedy->excess, remedy->hires);
            for (int k = 0; k < remedy->neighbour_count; k++) {
                fputs(k == 0 ? "" : "; ", stream);
                report_write_escaped(stream, instance->teams[remedy->neighbours[k].team].id);
                fprintf(stream, ": %d at %.1f km on average", remedy->neighbours[k].children,
                        remedy->neighbours[k].mean_km);
            }
            if (remedy->neighbour_count == 0)
                fputs("no team of the same service has room", stream);
            fputs("</td></tr>\n", stream);
        }
        fputs("</tbody>\n</table>\n<p class=\"muted\">Hires: ceil(children over the cap / cap). A "
              "neighbour's figure is what its free places could take of the children of this team's "
              "workers over the cap (not locked), the nearest to its office; neighbours share their "
              "room between teams.</p>\n</section>\n",
              stream);
    }
    mem_free(remedies);
    return !ferror(stream);
}
