/* siblings.c - the sibling groups (siblings.h). */
#include "siblings.h"

#include <stdlib.h>

#include "common.h"
#include "model.h"

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
