/* forecast_month.c - one month of one sample (DESIGN.md §6 "The process"), the
 * one place the month step lives: the forecast's samples (forecast.c) and the
 * history of `generate --months` (forecast_history.c) both call it.
 *   1. events: workers leave (their children lose their worker), start or return;
 *      the hires of `size -f` start in their start month;
 *   2. closures: each client closes with its service's monthly probability;
 *   3. ageing: open and substitute care end at 18, aftercare at 25;
 *   4. intake: Poisson(λ[s,m]) families per service and municipality, sizes from
 *      family_sizes, birth months from the service's current clients' ages;
 *   5. placement and monthly rebalancing: the children without a worker and the
 *      counted children of every worker over the cap on the month's date, by the
 *      model of §2 restricted to them, every other child staying with its worker
 *      (forecast_place.c). */
#include "forecast/forecast_month.h"

#include <string.h>

#include "core/law.h"
#include "forecast/forecast_place.h"
#include "forecast/rates.h"

/* Step 1: events of month m, and the hires of `size -f` whose start month it is. */
static void apply_events(struct forecast_sample *sample, const struct forecast_world *world, int month)
{
    const struct forecast_spec *spec = world->spec;
    for (int w = spec->worker_count; w < sample->worker_count; w++)
        if (world->hire_start[w - spec->worker_count] == month)
            sample->workers[w].active = true;
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
        }
    }
}

/* Steps 2 and 3: closures, then the end of care by age. */
static void close_clients(struct forecast_sample *sample, const struct forecast_rates *rates, struct date date)
{
    int kept = 0;
    for (int c = 0; c < sample->client_count; c++) {
        struct forecast_client *client = &sample->clients[c];
        bool closes = random_xoshiro_uniform(&sample->rng) < rates->closure[client->service];
        if (!closes && !rates_aged_out((enum service)client->service, client->born_given,
                                       client->born_year, client->born_month, date))
            sample->clients[kept++] = *client;
    }
    sample->client_count = kept;
}

/* Step 4: intake. */
static bool take_intake(struct forecast_sample *sample, const struct forecast_world *world, struct date date,
                        int *ages)
{
    const struct forecast_rates *rates = &world->spec->rates;
    int places = rates->municipality_count;
    int now = date.year * 12 + (date.month - 1);
    /* the ages of each service's clients before this month's intake: ages[first[s] ..
     * first[s + 1]) (ages has room for every client) */
    int first[SERVICE_COUNT + 1] = {0};
    for (int s = 0; s < SERVICE_COUNT; s++) {
        first[s + 1] = first[s];
        for (int c = 0; c < sample->client_count; c++) {
            const struct forecast_client *client = &sample->clients[c];
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
                if (!forecast_sample_reserve(sample, size))
                    return false;
                int family = sample->family_count++;
                for (int k = 0; k < size; k++) {
                    struct forecast_client *client = &sample->clients[sample->client_count++];
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

bool forecast_month_step(struct forecast_sample *sample, const struct forecast_world *world, int month,
                         char *error, size_t error_size)
{
    struct date date = world->dates[month];
    apply_events(sample, world, month);
    close_clients(sample, &world->spec->rates, date);
    int *ages = mem_alloc(((size_t)sample->client_count + 1) * sizeof(int));
    bool ok = ages != NULL && take_intake(sample, world, date, ages);
    /* drawn every month, placement or not, so that the stream of the months
     * ahead does not depend on the hires (common random numbers for size -f) */
    uint64_t salt = random_xoshiro_next(&sample->rng);
    ok = ok && forecast_place_clients(sample, world, date, salt, error, error_size);
    mem_free(ages);
    return ok;
}
