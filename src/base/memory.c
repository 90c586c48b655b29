/* memory.c - the operating system's memory: sysconf, the cgroup, RLIMIT_AS and
 * /proc/self/statm. */
#include "base/memory.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/resource.h>
#include <unistd.h>
#ifdef __EMSCRIPTEN__
#include <emscripten/heap.h>
#endif

#ifdef __EMSCRIPTEN__
/* In a browser tab (web/): the machine is the WebAssembly heap, whose maximum
 * the build sets (MAXIMUM_MEMORY); there is no /proc, and sysconf counts 64 KiB
 * pages of it. */
double memory_physical(void)
{
    return (double)emscripten_get_heap_max();
}

/* The size of the linear memory, grown to what the program has held at most (it
 * never shrinks, as an address space under a limit). */
double memory_in_use(void)
{
    return (double)emscripten_get_heap_size();
}
#else
double memory_physical(void)
{
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    double physical = pages > 0 && page > 0 ? (double)pages * (double)page : 0.0;
    FILE *file = fopen("/sys/fs/cgroup/memory.max", "r");
    double group = 0.0;
    if (file != NULL) {
        if (fscanf(file, "%lf", &group) != 1) /* "max": no limit */
            group = 0.0;
        fclose(file);
    }
    return group > 0 && (physical <= 0 || group < physical) ? group : physical;
}

#endif

double memory_address_limit(void)
{
    struct rlimit address_space;
    if (getrlimit(RLIMIT_AS, &address_space) == 0 && address_space.rlim_cur != RLIM_INFINITY)
        return (double)address_space.rlim_cur;
    return HUGE_VAL;
}

#ifndef __EMSCRIPTEN__
double memory_in_use(void)
{
    bool limited = memory_address_limit() != HUGE_VAL;
    FILE *file = fopen("/proc/self/statm", "r");
    unsigned long pages = 0, resident = 0;
    if (file != NULL) {
        if (fscanf(file, "%lu %lu", &pages, &resident) != 2)
            pages = resident = 0;
        fclose(file);
    }
    if (!limited)
        pages = resident;
    long page = sysconf(_SC_PAGESIZE);
    return (double)pages * (double)(page > 0 ? page : 4096);
}
#endif
