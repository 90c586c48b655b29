/* forecast.c - the months ahead (DESIGN.md §6): the month-by-month process of
 * one sample, and a history written from it (`caseload generate --months N`).
 * The caseload-forecast/1 file and the rates are in forecast_spec.c, the
 * placement step in forecast_place.c, the samples on threads, their summary and
 * the sizing in forecast_sample.c.
 *
 * One sample, month m = 1 .. months (each on the plan date's day):
 *   1. events: workers leave (their children lose their worker), start or return;
 *      the hires of `size -f` start at month lead_months;
 *   2. closures: each client closes with its service's monthly probability;
 *   3. ageing: open and substitute care end at 18, aftercare at 25;
 *   4. intake: Poisson(λ[s,m]) families per service and municipality, sizes from
 *      family_sizes, birth months from the service's current clients' ages;
 *   5. placement: the children without a worker, by the model of §2 restricted to
 *      them, every other child staying with its worker (forecast_place.c).
 * Every sample draws from its own stream (xoshiro256** seeded by splitmix64 from
 * the seed and the sample's number) and writes only its own slots of the tallies,
 * so the result is the same whatever the number of threads. */
#include "forecast/forecast.h"
#include "forecast/forecast_process.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "io/fileio.h"
#include "forecast/rates.h"
#include "base/clock.h"
#include "base/random.h"
#include "base/text.h"
#include "core/law.h"

/* The full-time legal cap on `date`: rules.cap when the file gave it, else the
 * law's cap of that date (35 before 2024, 30 from 2024). */
int forecast_cap_on(const struct instance *instance, struct date date)
{
    return instance->rules.cap_given ? instance->rules.cap : law_cap_for_date(date);
}


/* ---------------------------------------------------------------------------
 * One sample's state
 * ------------------------------------------------------------------------- */

static bool sample_reserve(struct sample *sample, int extra)
{
    if (sample->client_count + extra <= sample->client_capacity)
        return true;
    int capacity = sample->client_capacity * 2 + extra + 64;
    struct client *grown = mem_realloc(sample->clients, (size_t)capacity * sizeof *grown);
    if (grown == NULL)
        return false;
    sample->clients = grown;
    sample->client_capacity = capacity;
    return true;
}

static void sample_free(struct sample *sample)
{
    mem_free(sample->clients);
    mem_free(sample->workers);
    memset(sample, 0, sizeof *sample);
}

/* Month 0: the instance after its plan. */
static bool sample_start(struct sample *sample, const struct run_context *context, int index)
{
    const struct instance *instance = context->instance;
    memset(sample, 0, sizeof *sample);
    sample->workers = mem_alloc(((size_t)context->worker_count + 1) * sizeof *sample->workers);
    if (sample->workers == NULL || !sample_reserve(sample, instance->child_count))
        return false;
    memcpy(sample->workers, context->workers, (size_t)context->worker_count * sizeof *sample->workers);
    sample->worker_count = context->worker_count;
    for (int c = 0; c < instance->child_count; c++) {
        const struct child *child = &instance->children[c];
        struct client *client = &sample->clients[sample->client_count++];
        client->origin = c;
        client->serial = 0;
        client->family = child->family;
        client->service = (int)child->service;
        client->municipality = child->municipality;
        client->born_given = child->born_given;
        client->born_year = child->born_year;
        client->born_month = child->born_month;
        client->worker = context->month0_worker[c];
        client->weight = child->weight;
    }
    sample->family_count = instance->family_count;
    random_xoshiro_seed(&sample->rng, context->spec->seed, (uint64_t)index);
    return true;
}

bool forecast_client_counted(const struct client *client, struct date date)
{
    return !client->born_given || law_child_counted(client->born_year, client->born_month, date);
}

/* A worker who starts takes over what its team cannot hold: every worker of the
 * team over its cap on `date` releases the children above it (the latest taken
 * first) to the month's placement, as a team hands cases to a newcomer. */
static void hand_over(struct sample *sample, const struct run_context *context, int team, struct date date)
{
    int cap = forecast_cap_on(context->instance, date);
    for (int w = 0; w < sample->worker_count; w++) {
        const struct forecast_worker *worker = &sample->workers[w];
        if (!worker->active || worker->team != team)
            continue;
        int load = 0;
        for (int c = 0; c < sample->client_count; c++)
            load += sample->clients[c].worker == w && forecast_client_counted(&sample->clients[c], date);
        int excess = load - law_own_cap(cap, worker->fte);
        for (int c = sample->client_count - 1; c >= 0 && excess > 0; c--)
            if (sample->clients[c].worker == w && forecast_client_counted(&sample->clients[c], date)) {
                sample->clients[c].worker = -1;
                excess--;
            }
    }
}

/* Step 1: events of month m (and the hires at lead_months). */
static bool apply_events(struct sample *sample, const struct run_context *context, int month)
{
    const struct forecast_spec *spec = context->spec;
    const struct instance *instance = context->instance;
    int first_started = -1;
    unsigned char *starts = NULL;
    if (month == spec->lead_months)
        for (int w = spec->worker_count; w < sample->worker_count; w++) {
            sample->workers[w].active = true;
            first_started = 1;
        }
    for (int e = 0; e < spec->event_count; e++) {
        const struct forecast_event *event = &spec->events[e];
        if (event->month != month)
            continue;
        struct forecast_worker *worker = &sample->workers[event->worker];
        if (event->leave) {
            worker->active = false;
            for (int c = 0; c < sample->client_count; c++)
                if (sample->clients[c].worker == event->worker)
                    sample->clients[c].worker = -1;
        } else {
            if (worker->team != event->team)
                for (int c = 0; c < sample->client_count; c++)
                    if (sample->clients[c].worker == event->worker)
                        sample->clients[c].worker = -1; /* a move to another team keeps no client */
            worker->active = true;
            worker->team = event->team;
            worker->fte = event->fte;
            worker->accepts_new = event->accepts_new;
            worker->max_new = event->max_new;
            first_started = 1;
        }
    }
    if (first_started < 0)
        return true;
    /* the teams someone started in this month hand over their excess */
    starts = mem_calloc((size_t)instance->team_count + 1, 1);
    for (int e = 0; starts != NULL && e < spec->event_count; e++)
        if (spec->events[e].month == month && !spec->events[e].leave)
            starts[spec->events[e].team] = 1;
    for (int w = spec->worker_count; starts != NULL && month == spec->lead_months && w < sample->worker_count; w++)
        starts[sample->workers[w].team] = 1;
    for (int t = 0; starts != NULL && t < instance->team_count; t++)
        if (starts[t])
            hand_over(sample, context, t, context->dates[month]);
    mem_free(starts);
    return starts != NULL;
}

/* Steps 2 and 3: closures, then the end of care by age. */
static void close_clients(struct sample *sample, const struct forecast_rates *rates, struct date date)
{
    int kept = 0;
    for (int c = 0; c < sample->client_count; c++) {
        struct client *client = &sample->clients[c];
        bool closes = random_xoshiro_uniform(&sample->rng) < rates->closure[client->service];
        if (!closes && !rates_aged_out((enum service)client->service, client->born_given,
                                       client->born_year, client->born_month, date))
            sample->clients[kept++] = *client;
    }
    sample->client_count = kept;
}

/* Step 4: intake. */
static bool take_intake(struct sample *sample, const struct run_context *context, struct date date,
                        int *ages)
{
    const struct forecast_rates *rates = &context->spec->rates;
    int places = rates->municipality_count;
    int now = date.year * 12 + (date.month - 1);
    /* the ages of each service's clients before this month's intake: ages[first[s] ..
     * first[s + 1]) (ages has room for every client) */
    int first[SERVICE_COUNT + 1] = {0};
    for (int s = 0; s < SERVICE_COUNT; s++) {
        first[s + 1] = first[s];
        for (int c = 0; c < sample->client_count; c++) {
            const struct client *client = &sample->clients[c];
            if (client->service == s && client->born_given)
                ages[first[s + 1]++] = now - (client->born_year * 12 + (client->born_month - 1));
        }
    }
    for (int s = 0; s < SERVICE_COUNT; s++) {
        int age_count = first[s + 1] - first[s];
        for (int m = 0; m < places; m++) {
            int families = random_xoshiro_poisson(&sample->rng, rates->intake[s * places + m]);
            for (int f = 0; f < families; f++) {
                double u = random_xoshiro_uniform(&sample->rng), sum = 0;
                int size = rates->family_size_count;
                for (int k = 0; k < rates->family_size_count; k++) {
                    sum += rates->family_sizes[k];
                    if (u < sum) {
                        size = k + 1;
                        break;
                    }
                }
                if (!sample_reserve(sample, size))
                    return false;
                int family = sample->family_count++;
                for (int k = 0; k < size; k++) {
                    struct client *client = &sample->clients[sample->client_count++];
                    memset(client, 0, sizeof *client);
                    client->origin = -1;
                    client->serial = ++sample->intake_serial;
                    client->family = family;
                    client->service = s;
                    client->municipality = m;
                    client->worker = -1;
                    client->weight = 1.0;
                    if (age_count > 0) {
                        int born = now - ages[first[s] + random_xoshiro_below(&sample->rng, age_count)];
                        client->born_given = true;
                        client->born_year = born / 12;
                        client->born_month = born % 12 + 1;
                    }
                }
            }
        }
    }
    return true;
}

/* ---------------------------------------------------------------------------
 * Tallies and samples
 * ------------------------------------------------------------------------- */

static void record_month(const struct sample *sample, struct run_context *context, int s, int m,
                         int *load)
{
    const struct instance *instance = context->instance;
    int months = context->spec->months, teams = instance->team_count;
    struct date date = context->dates[m];
    int cap = forecast_cap_on(instance, date);
    size_t row = ((size_t)s * (size_t)(months + 1) + (size_t)m);
    size_t cell = row * (size_t)teams;
    memset(load, 0, (size_t)sample->worker_count * sizeof(int));
    int counted = 0, unassigned = 0;
    for (int c = 0; c < sample->client_count; c++) {
        const struct client *client = &sample->clients[c];
        bool is_counted = forecast_client_counted(client, date);
        counted += is_counted;
        if (client->worker < 0)
            unassigned++;
        else if (is_counted)
            load[client->worker]++;
    }
    int capacity = 0, over = 0, excess = 0;
    for (int w = 0; w < sample->worker_count; w++) {
        const struct forecast_worker *worker = &sample->workers[w];
        if (!worker->active)
            continue;
        int own = law_own_cap(cap, worker->fte);
        size_t at = cell + (size_t)worker->team;
        context->team_counted[at] += load[w];
        context->team_capacity[at] += own;
        capacity += own;
        if (load[w] > own) {
            context->team_over[at]++;
            context->team_excess[at] += load[w] - own;
            over++;
            excess += load[w] - own;
        }
    }
    context->county_counted[row] = counted;
    context->county_capacity[row] = capacity;
    context->county_over[row] = over;
    context->county_excess[row] = excess;
    context->county_unassigned[row] = unassigned;
    for (int k = 0; k < context->census_count; k++) {
        if (context->census_months[k] != m)
            continue;
        bool *flags = &context->worker_over[((size_t)s * (size_t)context->census_count + (size_t)k) *
                                            (size_t)context->worker_count];
        for (int w = 0; w < sample->worker_count; w++)
            flags[w] = sample->workers[w].active && load[w] > law_own_cap(cap, sample->workers[w].fte);
    }
}

static bool interrupted(const struct run_context *context)
{
    return context->options->interrupted != NULL && *context->options->interrupted != 0;
}

bool forecast_run_sample(struct run_context *context, int s, char *error, size_t error_size)
{
    struct sample sample;
    int *load = NULL, *ages = NULL;
    bool ok = sample_start(&sample, context, s);
    if (ok && context->spec->lead_months == 0)
        for (int w = context->spec->worker_count; w < sample.worker_count; w++)
            sample.workers[w].active = true;
    load = mem_alloc(((size_t)sample.worker_count + 1) * sizeof(int));
    ok = ok && load != NULL;
    if (ok)
        record_month(&sample, context, s, 0, load);
    for (int m = 1; ok && m <= context->spec->months; m++) {
        if (interrupted(context)) {
            snprintf(error, error_size, "interrupted");
            ok = false;
            break;
        }
        /* the deadline of the whole run (options->deadline), checked between months */
        if (context->options->deadline > 0 && clock_seconds() >= context->options->deadline) {
            snprintf(error, error_size, "the time limit (--time-limit) passed before sample %d was done: give a "
                     "longer limit, or fewer samples or months", s + 1);
            ok = false;
            break;
        }
        struct date date = context->dates[m];
        ok = apply_events(&sample, context, m);
        close_clients(&sample, &context->spec->rates, date);
        mem_free(ages);
        ages = mem_alloc(((size_t)sample.client_count + 1) * sizeof(int));
        ok = ok && ages != NULL && take_intake(&sample, context, date, ages) &&
             forecast_place_clients(&sample, context, date, error, error_size);
        if (ok)
            record_month(&sample, context, s, m, load);
    }
    if (!ok && error[0] == '\0')
        snprintf(error, error_size, "out of memory in sample %d", s + 1);
    mem_free(load);
    mem_free(ages);
    sample_free(&sample);
    return ok;
}

/* ---------------------------------------------------------------------------
 * A history from a known process (`caseload generate --months N`)
 * ------------------------------------------------------------------------- */

/* The id of a client or family of the sample: the instance's, or "N..." for intake. */
static void client_id(const struct client *client, const struct instance *instance, char *buffer, size_t size)
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
static void write_snapshot(FILE *stream, const struct sample *sample, const struct instance *instance,
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
        const struct client *client = &sample->clients[c];
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

const char *const *forecast_history_file_names(void)
{
    static char names[FORECAST_MAX_MONTHS][16];
    static const char *list[FORECAST_MAX_MONTHS + 2];
    if (list[0] == NULL) {
        for (int k = 0; k < FORECAST_MAX_MONTHS; k++) {
            snprintf(names[k], sizeof names[k], "month-%02d.json", k + 1);
            list[k] = names[k];
        }
        list[FORECAST_MAX_MONTHS] = "rates.json";
        list[FORECAST_MAX_MONTHS + 1] = NULL;
    }
    return list;
}

bool forecast_write_history(const struct instance *instance, const struct forecast_spec *spec,
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
    struct run_context context;
    memset(&context, 0, sizeof context);
    context.instance = instance;
    context.spec = spec;
    context.options = &options;
    context.workers = spec->workers;
    context.worker_count = spec->worker_count;
    int *month0 = mem_alloc(((size_t)instance->child_count + 1) * sizeof(int));
    struct date *dates = mem_alloc(((size_t)months + 1) * sizeof *dates);
    context.month0_worker = month0;
    context.dates = dates;
    bool no_plan = false, ok = month0 != NULL && dates != NULL;
    if (!ok)
        snprintf(error, error_size, "out of memory");
    ok = ok && forecast_plan_month0(instance, &options, month0, &no_plan, error, error_size);
    struct sample sample;
    memset(&sample, 0, sizeof sample);
    ok = ok && sample_start(&sample, &context, 0);
    int *ages = NULL;
    char path[4096], name[32];
    for (int k = 1; ok && k <= months; k++) {
        int m = k - 1;
        dates[m] = date_add_months(instance->date, m);
        if (m > 0) {
            ok = apply_events(&sample, &context, m);
            close_clients(&sample, &spec->rates, dates[m]);
            mem_free(ages);
            ages = mem_alloc(((size_t)sample.client_count + 1) * sizeof(int));
            ok = ok && ages != NULL && take_intake(&sample, &context, dates[m], ages) &&
                 forecast_place_clients(&sample, &context, dates[m], error, error_size);
            if (!ok)
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
    mem_free(ages);
    sample_free(&sample);
    mem_free(month0);
    mem_free(dates);
    return ok;
}
