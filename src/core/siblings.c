/* siblings.c - the sibling groups (siblings.h). */
#include "core/siblings.h"

#include <stdlib.h>

#include "base/common.h"

/* Sort key for grouping children into sibling groups: (family, service), then
 * the child (an instance or a part's local index, as the caller uses it). */
struct sibling_key {
    int family, service, child;
};

static int sibling_key_compare(const void *left, const void *right)
{
    const struct sibling_key *a = left, *b = right;
    if (a->family != b->family)
        return a->family < b->family ? -1 : 1;
    if (a->service != b->service)
        return a->service < b->service ? -1 : 1;
    return (a->child > b->child) - (a->child < b->child);
}

bool siblings_group(const struct instance *instance, const int *children, int n, int *group_of,
                    int *group_start, int *group_child, int *group_count)
{
    *group_count = 0;
    struct sibling_key *keys = mem_alloc((size_t)(n > 0 ? n : 1) * sizeof *keys);
    if (keys == NULL)
        return false;
    for (int i = 0; i < n; i++) {
        const struct child *child = &instance->children[children != NULL ? children[i] : i];
        keys[i] = (struct sibling_key){child->family, (int)child->service, i};
        group_of[i] = -1;
    }
    qsort(keys, (size_t)n, sizeof *keys, sibling_key_compare);
    int members = 0;
    for (int first = 0; first < n;) {
        int last = first;
        while (last + 1 < n && keys[last + 1].family == keys[first].family &&
               keys[last + 1].service == keys[first].service)
            last++;
        if (last > first) {
            group_start[*group_count] = members;
            for (int k = first; k <= last; k++) {
                group_child[members++] = keys[k].child;
                group_of[keys[k].child] = *group_count;
            }
            (*group_count)++;
        }
        first = last + 1;
    }
    group_start[*group_count] = members;
    mem_free(keys);
    return true;
}
