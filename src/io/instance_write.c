/* instance_write.c - an instance, or the instance after a plan, as caseload-instance/1 JSON. */
#include "io/instance_write.h"

#include <string.h>

#include "base/common.h"
#include "base/text.h"

/* Room for any id or hire id "TEAM/hire-K" (ids are at most 64 bytes). */
#define ID_TEXT_SIZE 160

/* The highest hire number K of team `team` that the plan gives a child (hires open
 * in order, so this is the number opened). */
int instance_write_hires_opened(const struct instance *instance, const int *assignee, int team)
{
    if (assignee == NULL)
        return 0;
    int opened = 0;
    for (int c = 0; c < instance->child_count; c++) {
        int a = assignee[c];
        if (a < instance->worker_count)
            continue;
        int t, k;
        instance_hire_slot(instance, a - instance->worker_count, &t, &k);
        if (t == team && k > opened)
            opened = k;
    }
    return opened;
}

static void write_key(FILE *stream, const char *key, bool *first)
{
    fputs(*first ? "" : ", ", stream);
    *first = false;
    text_json_string(stream, key);
    fputs(": ", stream);
}

static void write_rules(FILE *stream, const struct rules *rules)
{
    struct rules defaults;
    instance_default_rules(&defaults);
    bool first = true;
    fputs("  \"rules\": {", stream);
    if (rules->cap_given) {
        write_key(stream, "cap", &first);
        fprintf(stream, "%d", rules->cap);
    }
    if (rules->target != defaults.target) {
        write_key(stream, "target", &first);
        text_json_number(stream, rules->target);
    }
    if (rules->road_factor != defaults.road_factor) {
        write_key(stream, "road_factor", &first);
        text_json_number(stream, rules->road_factor);
    }
    if (rules->cross_team) {
        write_key(stream, "cross_team", &first);
        fputs("true", stream);
    }
    if (rules->family == FAMILY_HARD) {
        write_key(stream, "family", &first);
        fputs("\"hard\"", stream);
    }
    if (rules->moves != MOVES_ALL) {
        write_key(stream, "moves", &first);
        text_json_string(stream, instance_moves_name(rules->moves));
    }
    bool weights = false;
    for (int term = 0; term < TERM_COUNT; term++) {
        if (rules->weights[term] == defaults.weights[term])
            continue;
        if (!weights) {
            write_key(stream, "weights", &first);
            fputs("{", stream);
        }
        fputs(weights ? ", " : "", stream);
        weights = true;
        text_json_string(stream, instance_term_name((enum term)term));
        fputs(": ", stream);
        text_json_number(stream, rules->weights[term]);
    }
    if (weights)
        fputs("}", stream);
    fputs("},\n", stream);
}

static void write_places(FILE *stream, const struct instance *instance)
{
    fputs("  \"municipalities\": [", stream);
    for (int m = 0; m < instance->municipality_count; m++) {
        const struct municipality *row = &instance->municipalities[m];
        fputs(m == 0 ? "\n    {\"id\": " : ",\n    {\"id\": ", stream);
        text_json_string(stream, row->id);
        fputs(", \"lat\": ", stream);
        text_json_number(stream, row->lat);
        fputs(", \"lon\": ", stream);
        text_json_number(stream, row->lon);
        fputs("}", stream);
    }
    fputs("\n  ],\n", stream);
    if (instance->distance_table_count == 0)
        return;
    fputs("  \"distances\": [", stream);
    for (int i = 0; i < instance->distance_table_count; i++) {
        const struct distance_entry *row = &instance->distance_table[i];
        fputs(i == 0 ? "\n    {\"from\": " : ",\n    {\"from\": ", stream);
        text_json_string(stream, instance->municipalities[row->from].id);
        fputs(", \"to\": ", stream);
        text_json_string(stream, instance->municipalities[row->to].id);
        fputs(", \"km\": ", stream);
        text_json_number(stream, row->km);
        fputs("}", stream);
    }
    fputs("\n  ],\n", stream);
}

static void write_teams(FILE *stream, const struct instance *instance, const int *assignee)
{
    fputs("  \"teams\": [", stream);
    bool first = true;
    for (int t = 0; t < instance->team_count; t++) {
        const struct team *team = &instance->teams[t];
        if (assignee != NULL && team->removed)
            continue;
        fputs(first ? "\n    {\"id\": " : ",\n    {\"id\": ", stream);
        first = false;
        text_json_string(stream, team->id);
        fputs(", \"service\": ", stream);
        text_json_string(stream, instance_service_name(team->service));
        fputs(", \"office\": ", stream);
        text_json_string(stream, instance->municipalities[team->office].id);
        if (!team->area_all) {
            fputs(", \"area\": [", stream);
            for (int i = 0; i < team->area_count; i++) {
                fputs(i == 0 ? "" : ", ", stream);
                text_json_string(stream, instance->municipalities[team->area[i]].id);
            }
            fputs("]", stream);
        }
        int hires = team->max_hires - instance_write_hires_opened(instance, assignee, t);
        if (team->max_hires_given || hires > 0)
            fprintf(stream, ", \"max_hires\": %d", hires);
        if (team->target_given) {
            fputs(", \"target\": ", stream);
            text_json_number(stream, team->target);
        }
        fputs("}", stream);
    }
    fputs("\n  ],\n", stream);
}

static void write_worker(FILE *stream, const struct instance *instance, const struct worker *worker,
                         bool *first)
{
    fputs(*first ? "\n    {\"id\": " : ",\n    {\"id\": ", stream);
    *first = false;
    text_json_string(stream, worker->id);
    fputs(", \"team\": ", stream);
    text_json_string(stream, instance->teams[worker->team].id);
    fputs(", \"fte\": ", stream);
    text_json_number(stream, worker->fte);
    if (!worker->accepts_new)
        fputs(", \"accepts_new\": false", stream);
    if (worker->leaving)
        fputs(", \"leaving\": true", stream);
    if (worker->max_new >= 0)
        fprintf(stream, ", \"max_new\": %d", worker->max_new);
    fputs("}", stream);
}

static void write_workers(FILE *stream, const struct instance *instance, const int *assignee)
{
    fputs("  \"workers\": [", stream);
    bool first = true;
    for (int w = 0; w < instance->worker_count; w++)
        if (assignee == NULL || !instance->workers[w].leaving)
            write_worker(stream, instance, &instance->workers[w], &first);
    for (int t = 0; t < instance->team_count; t++) {
        int opened = instance_write_hires_opened(instance, assignee, t);
        for (int k = 1; k <= opened; k++) {
            char id[ID_TEXT_SIZE];
            snprintf(id, sizeof id, "%s/hire-%d", instance->teams[t].id, k);
            struct worker hire = {.id = id, .team = t, .fte = 1.0, .accepts_new = true, .max_new = -1};
            write_worker(stream, instance, &hire, &first);
        }
    }
    fputs("\n  ],\n", stream);
}

/* True when child c's family must be written: its id is not the child's own, or
 * other children share it. */
static bool family_written(const struct instance *instance, int c)
{
    const struct child *child = &instance->children[c];
    if (strcmp(instance->families[child->family].id, child->id) != 0)
        return true;
    for (int d = 0; d < instance->child_count; d++)
        if (d != c && instance->children[d].family == child->family)
            return true;
    return false;
}

static void write_children(FILE *stream, const struct instance *instance, const int *assignee)
{
    fputs("  \"children\": [", stream);
    char buffer[ID_TEXT_SIZE];
    for (int c = 0; c < instance->child_count; c++) {
        const struct child *child = &instance->children[c];
        fputs(c == 0 ? "\n    {\"id\": " : ",\n    {\"id\": ", stream);
        text_json_string(stream, child->id);
        if (family_written(instance, c)) {
            fputs(", \"family\": ", stream);
            text_json_string(stream, instance->families[child->family].id);
        }
        fputs(", \"service\": ", stream);
        text_json_string(stream, instance_service_name(child->service));
        fputs(", \"municipality\": ", stream);
        text_json_string(stream, instance->municipalities[child->municipality].id);
        if (child->born_given)
            fprintf(stream, ", \"born\": \"%04d-%02d\"", child->born_year, child->born_month);
        int worker = assignee != NULL ? assignee[c] : child->worker;
        if (worker >= 0) {
            fputs(", \"worker\": ", stream);
            text_json_string(stream, instance_assignee_id(instance, worker, buffer, sizeof buffer));
        }
        if (child->weight != 1.0) {
            fputs(", \"weight\": ", stream);
            text_json_number(stream, child->weight);
        }
        if (child->locked && !child->held && worker >= 0)
            fputs(", \"locked\": true", stream);
        fputs("}", stream);
    }
    fputs("\n  ]\n", stream);
}

bool instance_write_json(const struct instance *instance, const int *assignee, FILE *stream)
{
    fputs("{\n  \"format\": \"caseload-instance/1\",\n", stream);
    if (instance->name != NULL) {
        fputs("  \"name\": ", stream);
        text_json_string(stream, instance->name);
        fputs(",\n", stream);
    }
    fprintf(stream, "  \"date\": \"%04d-%02d-%02d\",\n", instance->date.year, instance->date.month,
            instance->date.day);
    write_rules(stream, &instance->rules);
    write_places(stream, instance);
    write_teams(stream, instance, assignee);
    write_workers(stream, instance, assignee);
    write_children(stream, instance, assignee);
    fputs("}\n", stream);
    return !ferror(stream);
}
