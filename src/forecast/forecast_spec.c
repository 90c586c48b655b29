/* forecast_spec.c - what the forecast's input means (DESIGN.md §6 "Rates"): the
 * rates a caseload-forecast/1 file leaves out, estimated from its history, and a
 * spec of stated steady-state rates (for `caseload generate --months N`). The file
 * itself is read by io/forecast_read.c. */
#include "forecast/forecast_spec.h"

#include <stdio.h>
#include <string.h>

#include "forecast/rates.h"

/* ---------------------------------------------------------------------------
 * Rates from the history
 * ------------------------------------------------------------------------- */

/* "history[i]", the JSON path of snapshot i, into buffer. */
static const char *history_path(char *buffer, size_t size, int i)
{
    snprintf(buffer, size, "history[%d]", i);
    return buffer;
}

/* Load the history snapshots into snapshots[0 .. count) (*loaded of them, to be
 * freed by the caller) and check their order and that each is of this county.
 * False with the errors in `diag`. */
static bool load_history(const struct forecast_spec *spec, const struct instance *instance,
                         struct instance **snapshots, int *loaded, struct diag *diag)
{
    int count = spec->history_count;
    char element[32];
    bool ok = true;
    for (int i = 0; ok && i < count; i++) {
        struct diag inner;
        diag_init(&inner, spec->history[i]);
        snapshots[i] = instance_load(spec->history[i], &inner);
        for (int k = 0; k < inner.kept; k++)
            diag_error(diag, history_path(element, sizeof element, i), "%s", inner.messages[k]);
        if (snapshots[i] == NULL && inner.kept == 0) {
            if (inner.out_of_memory || inner.count == 0)
                diag->out_of_memory = true;
            else
                diag_error(diag, history_path(element, sizeof element, i), "%s: unreadable",
                           spec->history[i]);
        }
        diag_free(&inner);
        ok = snapshots[i] != NULL;
        *loaded += ok;
    }
    for (int i = 0; ok && i < count; i++) {
        history_path(element, sizeof element, i);
        if (i > 0 && date_months_between(snapshots[i - 1]->date, snapshots[i]->date) < 1) {
            diag_error(diag, element,
                       "%s is dated %04d-%02d-%02d, not a later month than history[%d] (%04d-%02d-%02d): "
                       "snapshots go oldest first, one month or more apart",
                       spec->history[i], snapshots[i]->date.year, snapshots[i]->date.month,
                       snapshots[i]->date.day, i - 1, snapshots[i - 1]->date.year,
                       snapshots[i - 1]->date.month, snapshots[i - 1]->date.day);
            ok = false;
        }
        long shared = rates_shared_ids(instance, snapshots[i]);
        if (shared == 0) {
            diag_error(diag, element,
                       "%s shares no child or worker id with the instance: a snapshot of another county?",
                       spec->history[i]);
            ok = false;
        } else if (shared < 0) {
            diag->out_of_memory = true;
            ok = false;
        }
    }
    return ok;
}

/* Estimates where the file is silent; the file's own rates stay. */
static void apply_estimates(struct forecast_rates *rates, const struct rates_counts *counts, int places)
{
    for (int s = 0; s < SERVICE_COUNT; s++) {
        if (!rates->closure_known[s] && counts->exposure[s] > 0) {
            rates->closure[s] = counts->closures[s] / counts->exposure[s];
            rates->closure_known[s] = rates->closure_estimated[s] = true;
        }
        for (int m = 0; m < places; m++) {
            int key = s * places + m;
            if (!rates->intake_given[key] && counts->months > 0) {
                rates->intake[key] = counts->new_families[key] / counts->months;
                rates->intake_estimated[key] = true;
            }
        }
    }
    if (rates->family_size_count == 0 && counts->family_total > 0) {
        int last = 0;
        for (int k = 0; k < RATES_MAX_FAMILY_SIZE && k < FORECAST_MAX_FAMILY_SIZE; k++)
            if (counts->family_sizes[k] > 0)
                last = k;
        for (int k = 0; k <= last; k++)
            rates->family_sizes[k] = counts->family_sizes[k] / counts->family_total;
        rates->family_size_count = last + 1;
        rates->family_sizes_estimated = true;
    }
}

/* What is still missing: a service with clients or teams needs a closure rate,
 * intake needs a list or a history, family sizes likewise. `total` snapshots were
 * counted (the instance included), `counted` when they were. */
static void report_missing(const struct forecast_spec *spec, const struct instance *instance, int total,
                           bool counted, struct diag *diag)
{
    const struct forecast_rates *rates = &spec->rates;
    const char *how = spec->history_count == 0
                          ? "give it in the file, or a history of at least two snapshots"
                      : total < 2 ? "the history holds one snapshot: estimating needs at least two"
                                  : "the history shows none to estimate it from";
    for (int s = 0; s < SERVICE_COUNT; s++) {
        bool used = false;
        for (int t = 0; t < instance->team_count && !used; t++)
            used = instance->teams[t].service == (enum service)s;
        for (int c = 0; c < instance->child_count && !used; c++)
            used = instance->children[c].service == (enum service)s;
        if (used && !rates->closure_known[s])
            diag_error(diag, "closure", "no closure rate for %s: %s", instance_service_name((enum service)s), how);
    }
    if (!spec->intake_listed && !counted)
        diag_error(diag, "intake", "no intake rates: %s", how);
    if (rates->family_size_count == 0)
        diag_error(diag, "family_sizes", "no family sizes: %s", how);
}

bool forecast_spec_estimate_rates(struct forecast_spec *spec, const struct instance *instance,
                                  struct diag *diag)
{
    int count = spec->history_count;
    struct instance **snapshots = mem_calloc((size_t)count + 2, sizeof *snapshots);
    const struct instance **sequence = mem_calloc((size_t)count + 2, sizeof *sequence);
    int loaded = 0;
    bool ok = snapshots != NULL && sequence != NULL;
    if (!ok)
        diag->out_of_memory = true;
    ok = ok && load_history(spec, instance, snapshots, &loaded, diag);
    /* the instance itself is the newest snapshot when it is a later month */
    int total = count;
    for (int i = 0; ok && i < count; i++)
        sequence[i] = snapshots[i];
    if (ok && count > 0 && date_months_between(snapshots[count - 1]->date, instance->date) >= 1)
        sequence[total++] = instance;
    struct rates_counts counts = {0};
    bool counted = ok && total >= 2;
    if (counted && !rates_count(sequence, total, instance, &counts)) {
        diag->out_of_memory = true;
        ok = counted = false;
    }
    if (counted)
        apply_estimates(&spec->rates, &counts, instance->municipality_count);
    rates_counts_free(&counts);
    mem_free(sequence);
    for (int i = 0; i < loaded; i++)
        instance_free(snapshots[i]);
    mem_free(snapshots);
    if (!ok)
        return false;
    report_missing(spec, instance, total, counted, diag);
    return diag->count == 0;
}

/* ---------------------------------------------------------------------------
 * Stated rates (`caseload generate --months N`)
 * ------------------------------------------------------------------------- */

struct forecast_spec *forecast_spec_steady(const struct instance *instance,
                                           const double closure[SERVICE_COUNT],
                                           const double *family_sizes, int family_size_count,
                                           uint64_t seed)
{
    struct forecast_spec *spec = mem_calloc(1, sizeof *spec);
    if (spec == NULL)
        return NULL;
    spec->name = mem_strdup("the process the history was generated with");
    spec->months = 12;
    spec->samples = 200;
    spec->seed = seed;
    spec->risk = 0.1;
    spec->lead_months = 4;
    spec->intake_listed = true;
    int places = instance->municipality_count;
    size_t cells = (size_t)SERVICE_COUNT * (size_t)places + 1;
    spec->rates.municipality_count = places;
    spec->rates.intake = mem_calloc(cells, sizeof(double));
    spec->rates.intake_estimated = mem_calloc(cells, sizeof(bool));
    spec->rates.intake_given = mem_calloc(cells, sizeof(bool));
    bool ok = spec->name != NULL && spec->rates.intake != NULL && spec->rates.intake_estimated != NULL &&
              spec->rates.intake_given != NULL && family_size_count >= 1 &&
              family_size_count <= FORECAST_MAX_FAMILY_SIZE;
    double mean_size = 0;
    for (int k = 0; ok && k < family_size_count; k++) {
        spec->rates.family_sizes[k] = family_sizes[k];
        mean_size += (k + 1) * family_sizes[k];
    }
    spec->rates.family_size_count = family_size_count;
    for (int s = 0; ok && s < SERVICE_COUNT; s++) {
        spec->rates.closure[s] = closure[s];
        spec->rates.closure_known[s] = true;
    }
    /* steady state: families per month = closure x clients / mean family size */
    for (int c = 0; ok && c < instance->child_count; c++) {
        const struct child *child = &instance->children[c];
        int key = (int)child->service * places + child->municipality;
        spec->rates.intake[key] += closure[child->service] / mean_size;
        spec->rates.intake_given[key] = true;
    }
    ok = ok && forecast_read_instance_workers(spec, instance);
    if (!ok) {
        forecast_read_free(spec);
        return NULL;
    }
    return spec;
}

bool forecast_spec_add_recruits(struct forecast_spec *spec, const struct instance *instance, int month)
{
    for (int t = 0; t < instance->team_count; t++) {
        if (instance->teams[t].service != SERVICE_AVOHUOLTO)
            continue;
        struct forecast_worker *workers =
            mem_realloc(spec->workers, ((size_t)spec->worker_count + 1) * sizeof *workers);
        if (workers == NULL)
            return false;
        spec->workers = workers;
        struct forecast_event *events = mem_realloc(spec->events, ((size_t)spec->event_count + 1) * sizeof *events);
        if (events == NULL)
            return false;
        spec->events = events;
        size_t length = strlen(instance->teams[t].id) + sizeof "-recruit";
        char *id = mem_alloc(length);
        if (id == NULL)
            return false;
        snprintf(id, length, "%s-recruit", instance->teams[t].id);
        workers[spec->worker_count] = (struct forecast_worker){
            .id = id, .team = t, .fte = 1.0, .accepts_new = true, .max_new = -1, .active = false};
        events[spec->event_count++] = (struct forecast_event){
            .month = month, .worker = spec->worker_count, .team = t, .fte = 1.0, .accepts_new = true,
            .max_new = -1};
        spec->worker_count++;
    }
    return true;
}
