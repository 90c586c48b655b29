/* forecast_bound.c - the memory estimate of a whole forecast (forecast_bound.h). */
#include "forecast/forecast_bound.h"

#include <stdio.h>
#include <unistd.h>

#include "base/memory.h"
#include "forecast/forecast_sample.h"
#include "model/model.h"

#define MAX_ESTIMATE_THREADS 64
/* Bytes per eligible pair of a placement's starting plan (README: about 12). */
#define PAIR_BYTES 16.0
/* Bytes per client to place in a month's derived instance (child, family and
 * the index arrays of forecast_place.c). */
#define PLACED_CLIENT_BYTES 256.0

static int estimate_threads(int threads, int samples)
{
    if (threads <= 0) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        threads = cores < 1 ? 1 : cores > MAX_ESTIMATE_THREADS ? MAX_ESTIMATE_THREADS : (int)cores;
    }
    return threads < samples ? threads : samples > 0 ? samples : 1;
}

double forecast_memory_estimate(const struct instance *instance, const struct forecast_spec *spec, int threads,
                                int hires)
{
    const struct forecast_rates *rates = &spec->rates;
    double families = 0; /* a month's intake families, every service and municipality */
    for (int i = 0; rates->intake != NULL && i < SERVICE_COUNT * rates->municipality_count; i++)
        if (rates->intake[i] > 0)
            families += rates->intake[i];
    double mean_size = 0, shares = 0;
    for (int k = 0; k < rates->family_size_count; k++) {
        mean_size += (k + 1) * rates->family_sizes[k];
        shares += rates->family_sizes[k];
    }
    mean_size = shares > 0 ? mean_size / shares : 1;
    double months = spec->months;
    double workers = (double)spec->worker_count + hires;
    double clients_a_month = families * mean_size;
    double clients = instance->child_count + months * clients_a_month;
    /* the clients array doubles as it grows, with the ages beside it */
    double per_sample = clients * (2.0 * sizeof(struct forecast_client) + sizeof(int)) +
                        workers * (sizeof(struct forecast_worker) + 4 * sizeof(int)) +
                        (clients_a_month + instance->child_count / 10.0) * (PLACED_CLIENT_BYTES + workers * PAIR_BYTES);
    int census = (int)(months / 6.0) + 1; /* at most one census month in six */
    double tallies = forecast_tally_bytes(spec, instance->team_count, census, (int)workers);
    return tallies + estimate_threads(threads, spec->samples) * per_sample;
}

bool forecast_fits_memory(const struct instance *instance, const struct forecast_spec *spec, int threads,
                          double memory_limit, char *error, size_t error_size)
{
    double limit = model_memory_limit(memory_limit);
    double left = limit - memory_in_use();
    double estimate = forecast_memory_estimate(instance, spec, threads, 0);
    if (estimate <= left)
        return true;
    snprintf(error, error_size,
             "the forecast would need about %.0f MB (%d samples of %d months, the intake kept), more than the "
             "%.0f MB the memory limit leaves (%.0f MB%s): give fewer samples, months or families_per_month, "
             "or a larger --memory-limit",
             estimate / 1e6, spec->samples, spec->months, left > 0 ? left / 1e6 : 0.0, limit / 1e6,
             memory_limit > 0 ? ", --memory-limit" : ", half the physical memory");
    return false;
}
