/* rates.c - closures, exposure and new families counted from history snapshots
 * (DESIGN.md §6 "Rates"), and the end of care by age. */
#include "forecast/rates.h"

#include <string.h>

#include "core/law.h"
#include "base/id_index.h"

bool rates_aged_out(enum service service, bool born_given, int born_year, int born_month,
                    struct date date)
{
    if (!born_given)
        return false;
    /* in care while the date is before the first day of the birth month `years` later */
    int years = service == SERVICE_JALKIHUOLTO ? 25 : LAW_ADULT_AGE;
    return !law_under_age(born_year, born_month, date, years);
}

void rates_counts_free(struct rates_counts *counts)
{
    if (counts == NULL)
        return;
    mem_free(counts->new_families);
    counts->new_families = NULL;
}

long rates_shared_ids(const struct instance *a, const struct instance *b)
{
    struct id_index children = {0}, workers = {0};
    long shared = 0;
    if (!id_index_init(&children, a->child_count) || !id_index_init(&workers, a->worker_count)) {
        id_index_free(&children);
        id_index_free(&workers);
        return -1;
    }
    for (int c = 0; c < a->child_count; c++)
        id_index_insert(&children, a->children[c].id, c);
    for (int w = 0; w < a->worker_count; w++)
        id_index_insert(&workers, a->workers[w].id, w);
    for (int c = 0; c < b->child_count; c++)
        shared += id_index_find(&children, b->children[c].id) >= 0;
    for (int w = 0; w < b->worker_count; w++)
        shared += id_index_find(&workers, b->workers[w].id) >= 0;
    id_index_free(&children);
    id_index_free(&workers);
    return shared;
}

bool rates_count(const struct instance *const *snapshots, int count,
                 const struct instance *reference, struct rates_counts *counts)
{
    memset(counts, 0, sizeof *counts);
    counts->municipality_count = reference->municipality_count;
    counts->new_families =
        mem_calloc((size_t)SERVICE_COUNT * (size_t)reference->municipality_count + 1, sizeof(double));
    long total = 0;
    for (int k = 0; k < count; k++)
        total += snapshots[k]->child_count;
    struct id_index seen[SERVICE_COUNT] = {{0}};
    struct id_index present = {0};
    int *family_size = NULL, *family_first = NULL;
    bool ok = counts->new_families != NULL && total < (1L << 29);
    for (int s = 0; ok && s < SERVICE_COUNT; s++)
        ok = id_index_init(&seen[s], (int)total + 1);
    for (int k = 0; ok && k < count; k++) {
        const struct instance *now = snapshots[k];
        if (k > 0) {
            const struct instance *before = snapshots[k - 1];
            int months = date_months_between(before->date, now->date);
            if (months < 1)
                months = 1;
            counts->months += months;
            ok = id_index_init(&present, now->child_count + 1);
            for (int c = 0; ok && c < now->child_count; c++)
                id_index_insert(&present, now->children[c].id, c);
            for (int c = 0; ok && c < before->child_count; c++) {
                const struct child *child = &before->children[c];
                if (rates_aged_out(child->service, child->born_given, child->born_year,
                                   child->born_month, now->date))
                    continue; /* care ended by age: neither a closure nor exposure */
                counts->exposure[child->service] += months;
                if (id_index_find(&present, child->id) < 0)
                    counts->closures[child->service] += 1;
            }
            id_index_free(&present);
            /* families first seen: per (family, service), the first child's home */
            family_size = mem_calloc((size_t)now->family_count * SERVICE_COUNT + 1, sizeof(int));
            family_first = mem_alloc(((size_t)now->family_count * SERVICE_COUNT + 1) * sizeof(int));
            ok = ok && family_size != NULL && family_first != NULL;
            for (int c = 0; ok && c < now->child_count; c++) {
                const struct child *child = &now->children[c];
                const char *family = now->families[child->family].id;
                if (id_index_find(&seen[child->service], family) >= 0)
                    continue;
                int key = child->family * SERVICE_COUNT + (int)child->service;
                if (family_size[key]++ == 0)
                    family_first[key] = c;
            }
            for (int key = 0; ok && key < now->family_count * SERVICE_COUNT; key++) {
                if (family_size[key] == 0)
                    continue;
                const struct child *first = &now->children[family_first[key]];
                int m = instance_find_municipality(reference,
                                                   now->municipalities[first->municipality].id);
                if (m >= 0)
                    counts->new_families[(int)first->service * reference->municipality_count + m] += 1;
                int size = family_size[key] < RATES_MAX_FAMILY_SIZE ? family_size[key]
                                                                    : RATES_MAX_FAMILY_SIZE;
                counts->family_sizes[size - 1] += 1;
                counts->family_total += 1;
            }
            mem_free(family_size);
            mem_free(family_first);
            family_size = family_first = NULL;
        }
        for (int c = 0; ok && c < now->child_count; c++) {
            const struct child *child = &now->children[c];
            id_index_insert(&seen[child->service], now->families[child->family].id, c);
        }
    }
    for (int s = 0; s < SERVICE_COUNT; s++)
        id_index_free(&seen[s]);
    id_index_free(&present);
    if (!ok)
        rates_counts_free(counts);
    return ok;
}
