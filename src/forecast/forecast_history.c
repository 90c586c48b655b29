/* forecast_history.c - a history from a known process (`caseload generate
 * --months N`): monthly snapshots of one sample of the forecast's process, stepped
 * by the same month step as the forecast (forecast_month.c), and the rates it ran
 * with as a caseload-forecast/1 file. */
#include "forecast/forecast_history.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "base/text.h"
#include "forecast/forecast.h"
#include "forecast/forecast_month.h"
#include "forecast/forecast_sample.h"
#include "io/fileio.h"

/* The id of a client or family of the sample: the instance's, or "N..." for intake. */
static void client_id(const struct forecast_client *client, const struct instance *instance, char *buffer, size_t size)
{
    if (client->origin >= 0)
        snprintf(buffer, size, "%s", instance->children[client->origin].id);
    else
        snprintf(buffer, size, "NC%06d", client->serial);
}

static void family_id(int family, const struct instance *instance, char *buffer, size_t size)
{
    if (family < instance->family_count)
        snprintf(buffer, size, "%s", instance->families[family].id);
    else
        snprintf(buffer, size, "NF%06d", family - instance->family_count + 1);
}

/* The sample's state as a caseload-instance/1 snapshot dated `date`. */
static void write_snapshot(FILE *stream, const struct forecast_sample *sample, const struct instance *instance,
                           struct date date, int number)
{
    char id[200];
    const struct rules *rules = &instance->rules;
    fprintf(stream, "{\n  \"format\": \"caseload-instance/1\",\n  \"name\": ");
    snprintf(id, sizeof id, "%.150s, month %d", instance->name != NULL ? instance->name : "history", number);
    text_json_string(stream, id);
    fprintf(stream, ",\n  \"date\": \"%04d-%02d-%02d\",\n  \"rules\": { ", date.year, date.month, date.day);
    if (rules->cap_given)
        fprintf(stream, "\"cap\": %d, ", rules->cap);
    fprintf(stream, "\"target\": %.17g, \"road_factor\": %.17g, \"cross_team\": %s, \"family\": \"%s\", "
                    "\"weights\": {", rules->target, rules->road_factor, rules->cross_team ? "true" : "false",
            rules->family == FAMILY_HARD ? "hard" : "soft");
    for (int t = 0; t < TERM_COUNT; t++)
        fprintf(stream, "%s \"%s\": %.17g", t == 0 ? "" : ",", instance_term_name((enum term)t), rules->weights[t]);
    fputs(" } },\n  \"municipalities\": [", stream);
    for (int m = 0; m < instance->municipality_count; m++) {
        fputs(m == 0 ? "\n    { \"id\": " : ",\n    { \"id\": ", stream);
        text_json_string(stream, instance->municipalities[m].id);
        fprintf(stream, ", \"lat\": %.17g, \"lon\": %.17g }", instance->municipalities[m].lat,
                instance->municipalities[m].lon);
    }
    fputs("\n  ],\n  \"distances\": [", stream);
    for (int d = 0; d < instance->distance_table_count; d++) {
        const struct distance_entry *entry = &instance->distance_table[d];
        fputs(d == 0 ? "\n    { \"from\": " : ",\n    { \"from\": ", stream);
        text_json_string(stream, instance->municipalities[entry->from].id);
        fputs(", \"to\": ", stream);
        text_json_string(stream, instance->municipalities[entry->to].id);
        fprintf(stream, ", \"km\": %.17g }", entry->km);
    }
    fputs("\n  ],\n  \"teams\": [", stream);
    for (int t = 0; t < instance->team_count; t++) {
        const struct team *team = &instance->teams[t];
        fputs(t == 0 ? "\n    { \"id\": " : ",\n    { \"id\": ", stream);
        text_json_string(stream, team->id);
        fprintf(stream, ", \"service\": \"%s\", \"office\": ", instance_service_name(team->service));
        text_json_string(stream, instance->municipalities[team->office].id);
        if (!team->area_all) {
            fputs(", \"area\": [", stream);
            for (int k = 0; k < team->area_count; k++) {
                if (k > 0)
                    fputs(", ", stream);
                text_json_string(stream, instance->municipalities[team->area[k]].id);
            }
            fputs("]", stream);
        }
        if (team->target_given)
            fprintf(stream, ", \"target\": %.17g", team->target);
        fputs(" }", stream);
    }
    fputs("\n  ],\n  \"workers\": [", stream);
    bool first = true;
    for (int w = 0; w < sample->worker_count; w++) {
        const struct forecast_worker *worker = &sample->workers[w];
        if (!worker->active)
            continue;
        fputs(first ? "\n    { \"id\": " : ",\n    { \"id\": ", stream);
        first = false;
        text_json_string(stream, worker->id);
        fputs(", \"team\": ", stream);
        text_json_string(stream, instance->teams[worker->team].id);
        fprintf(stream, ", \"fte\": %.17g, \"accepts_new\": %s", worker->fte, worker->accepts_new ? "true" : "false");
        if (worker->max_new >= 0)
            fprintf(stream, ", \"max_new\": %d", worker->max_new);
        fputs(" }", stream);
    }
    fputs("\n  ],\n  \"children\": [", stream);
    for (int c = 0; c < sample->client_count; c++) {
        const struct forecast_client *client = &sample->clients[c];
        fputs(c == 0 ? "\n    { \"id\": " : ",\n    { \"id\": ", stream);
        client_id(client, instance, id, sizeof id);
        text_json_string(stream, id);
        fputs(", \"family\": ", stream);
        family_id(client->family, instance, id, sizeof id);
        text_json_string(stream, id);
        fprintf(stream, ", \"service\": \"%s\", \"municipality\": ", instance_service_name((enum service)client->service));
        text_json_string(stream, instance->municipalities[client->municipality].id);
        if (client->born_given)
            fprintf(stream, ", \"born\": \"%04d-%02d\"", client->born_year, client->born_month);
        if (client->worker >= 0 && sample->workers[client->worker].active) {
            fputs(", \"worker\": ", stream);
            text_json_string(stream, sample->workers[client->worker].id);
        }
        if (client->weight != 1.0)
            fprintf(stream, ", \"weight\": %.17g", client->weight);
        fputs(" }", stream);
    }
    fputs("\n  ]\n}\n", stream);
}

/* Write the rates of `spec` as a caseload-forecast/1 naming the snapshots. */
static void write_rates_file(FILE *stream, const struct forecast_spec *spec, const struct instance *instance,
                             int months)
{
    int places = spec->rates.municipality_count;
    fputs("{\n  \"format\": \"caseload-forecast/1\",\n  \"name\": \"generated history: the true rates\",\n", stream);
    fprintf(stream, "  \"months\": 6, \"samples\": 200, \"seed\": 1, \"risk\": 0.1, \"lead_months\": 4,\n");
    fputs("  \"history\": [", stream);
    for (int k = 1; k <= months; k++)
        fprintf(stream, "%s\"month-%02d.json\"", k == 1 ? "" : ", ", k);
    fputs("],\n  \"intake\": [", stream);
    bool first = true;
    for (int s = 0; s < SERVICE_COUNT; s++)
        for (int m = 0; m < places; m++) {
            double rate = spec->rates.intake[s * places + m];
            if (rate <= 0)
                continue;
            fprintf(stream, "%s    { \"service\": \"%s\", \"municipality\": ", first ? "\n" : ",\n",
                    instance_service_name((enum service)s));
            first = false;
            text_json_string(stream, instance->municipalities[m].id);
            fprintf(stream, ", \"families_per_month\": %.17g }", rate);
        }
    fputs(first ? "],\n" : "\n  ],\n", stream);
    fputs("  \"closure\": [", stream);
    for (int s = 0; s < SERVICE_COUNT; s++)
        fprintf(stream, "%s\n    { \"service\": \"%s\", \"per_month\": %.17g }", s == 0 ? "" : ",",
                instance_service_name((enum service)s), spec->rates.closure[s]);
    fputs("\n  ],\n  \"family_sizes\": [", stream);
    for (int k = 0; k < spec->rates.family_size_count; k++)
        fprintf(stream, "%s%.17g", k == 0 ? "" : ", ", spec->rates.family_sizes[k]);
    fputs("]\n}\n", stream);
}

static bool commit_file(const char *folder, const char *name, struct output_file *file, char *error,
                        size_t error_size, char *path, size_t path_size)
{
    snprintf(path, path_size, "%s/%s", folder, name);
    return fileio_open(file, path, error, error_size);
}

bool forecast_history_write(const struct instance *instance, const struct forecast_spec *spec,
                            int months, const char *folder, char *error, size_t error_size)
{
    if (months < 1 || months > FORECAST_MAX_MONTHS) {
        snprintf(error, error_size, "--months wants 1 to %d", FORECAST_MAX_MONTHS);
        return false;
    }
    if (mkdir(folder, 0700) != 0 && errno != EEXIST) {
        snprintf(error, error_size, "%s: %s", folder, strerror(errno));
        return false;
    }
    struct forecast_options options;
    forecast_default_options(&options);
    int *month0 = mem_alloc(((size_t)instance->child_count + 1) * sizeof(int));
    struct date *dates = mem_alloc(((size_t)months + 1) * sizeof *dates);
    struct forecast_world world = {.instance = instance, .spec = spec, .options = &options,
                                   .workers = spec->workers, .worker_count = spec->worker_count,
                                   .month0_worker = month0, .dates = dates};
    bool no_plan = false, ok = month0 != NULL && dates != NULL;
    if (!ok)
        snprintf(error, error_size, "out of memory");
    ok = ok && forecast_sample_plan_month0(instance, &options, month0, &no_plan, error, error_size);
    struct forecast_sample sample;
    memset(&sample, 0, sizeof sample);
    ok = ok && forecast_sample_start(&sample, &world, 0);
    char path[4096], name[32];
    for (int k = 1; ok && k <= months; k++) {
        int m = k - 1;
        dates[m] = date_add_months(instance->date, m);
        if (m > 0 && !forecast_month_step(&sample, &world, m, error, error_size)) {
            ok = false;
            break;
        }
        struct output_file file;
        snprintf(name, sizeof name, "month-%02d.json", k);
        ok = commit_file(folder, name, &file, error, error_size, path, sizeof path);
        if (!ok)
            break;
        write_snapshot(file.stream, &sample, instance, dates[m], k);
        ok = fileio_commit(&file, error, error_size);
    }
    if (ok) {
        struct output_file file;
        ok = commit_file(folder, "rates.json", &file, error, error_size, path, sizeof path);
        if (ok) {
            write_rates_file(file.stream, spec, instance, months);
            ok = fileio_commit(&file, error, error_size);
        }
    }
    if (!ok && error[0] == '\0')
        snprintf(error, error_size, "out of memory");
    forecast_sample_free(&sample);
    mem_free(month0);
    mem_free(dates);
    return ok;
}

static char history_names[FORECAST_MAX_MONTHS][16];
static const char *history_list[FORECAST_MAX_MONTHS + 2];
static pthread_once_t history_list_once = PTHREAD_ONCE_INIT;

static void history_list_make(void)
{
    for (int k = 0; k < FORECAST_MAX_MONTHS; k++) {
        snprintf(history_names[k], sizeof history_names[k], "month-%02d.json", k + 1);
        history_list[k] = history_names[k];
    }
    history_list[FORECAST_MAX_MONTHS] = "rates.json";
    history_list[FORECAST_MAX_MONTHS + 1] = NULL;
}

const char *const *forecast_history_file_names(void)
{
    pthread_once(&history_list_once, history_list_make); /* the API may be called from threads */
    return history_list;
}
