/* model_size.c - the size of a model before it is built (rows, columns,
 * nonzeros, bytes and seconds from model_count's counts), and whether the whole
 * model fits the memory limit. */
#include "model/model.h"

#include <math.h>
#include <stdio.h>

#include "base/memory.h"

/* Bytes of a model at the peak of building and solving it: GLPK's problem (its
 * row, column and matrix element records and names), the triplet list and the
 * arrays of struct model; the simplex's own copy of the matrix and its
 * factorisation; branch-and-cut's copy, its cuts and tree, and the sub-MIP's
 * copy of the problem with its own search. Columns and rows grow with the
 * nonzeros in this model (a column has 3 to 4 of them, a row 10 to 14), so the
 * nonzeros alone are the measure. Measured with bench/model_size.c (the
 * process's peak address space, and GLPK's own peak, while one part was
 * solved, 2026-11-29): 143 bytes per estimated nonzero up to the LP (generated
 * parts of 4.7 and 14.9 million), 431 to 486 with branch-and-cut and its
 * sub-MIP (Keski-Suomi whole, a generated county, one with 70 % siblings; 0.3
 * to 0.5 million), 567 in GLPK alone after 20 s of branch-and-cut on a small
 * part with 80 % siblings (42,000); 762 once the overload tiers (7) were in
 * the model (test_model_size's sibling county, 2 s of branch-and-cut, on an
 * idle machine: the further the search gets, the more it holds). Taken as
 * 1000, a third above the most, for
 * what a measurement cannot see (another branching history, the allocator's
 * fragmentation); the fixed part holds a thread's stack and allocator arena.
 * The search stops at the budget anyway (thread.c, thread_memory_exhausted). */
#define SIZE_BYTES_FIXED (80.0 * 1024 * 1024)
#define SIZE_BYTES_PER_NONZERO 1000.0
/* Seconds per estimated nonzero of model_build and the first LP's set-up:
 * measured 0.28 to 0.38 µs on this 2-core machine (0.5, 4.7 and 14.9 million),
 * doubled for a busy or slower one. */
#define SIZE_SECONDS_PER_NONZERO 0.7e-6

void model_estimate(const struct instance *instance, const struct model_counts *counts,
                    enum model_siblings siblings, struct model_size *size)
{
    bool hard = instance->rules.family == FAMILY_HARD;
    double n = counts->children, a = counts->assignees, h = counts->hires;
    double p = counts->pairs, ph = counts->hire_pairs, pg = counts->group_pairs;
    double g = counts->groups;
    /* z[g,a]: at most one per pair of a grouped child (one when siblings share
     * their workers, as they do) */
    double z = pg;
    /* x, u; o or y, e per assignee; z and s per group */
    size->columns = p + n + 2.0 * a + z + g + counts->tiers;
    /* (1) per child; (2), (3), (5) per assignee; (2h) per hire pair; (6) per
     * hire; (4) per grouped pair (aggregated: per z) and per group */
    double sibling_rows = hard || siblings == MODEL_SIBLINGS_PER_CHILD ? pg : 0.0;
    if (!hard && siblings == MODEL_SIBLINGS_AGGREGATED)
        sibling_rows = z;
    size->rows = n + 3.0 * a + ph + h + sibling_rows + g + counts->tier_rows;
    /* (1): P + n; (2), (3): P + a each; (5): P; (2h): 2 per hire pair; (6): 2
     * per hire; (4): 2 per grouped pair (aggregated: pg + z) and z + g */
    double sibling_nonzeros = hard || siblings == MODEL_SIBLINGS_PER_CHILD ? 2.0 * pg : pg + z;
    /* (7): one per tier and one per o in it */
    size->nonzeros = (p + n) + 2.0 * (p + a) + p + 2.0 * ph + 2.0 * h + sibling_nonzeros + z + g +
                     counts->tiers + counts->tier_rows;
    size->bytes = SIZE_BYTES_FIXED + SIZE_BYTES_PER_NONZERO * size->nonzeros;
    size->build_seconds = SIZE_SECONDS_PER_NONZERO * size->nonzeros;
}

double model_memory_limit(double requested)
{
    double limit = requested;
    if (!(limit > 0)) {
        double physical = memory_physical();
        limit = physical > 0 ? MODEL_MEMORY_SHARE * physical : 1024.0 * 1024 * 1024; /* unknown: 1 GiB */
    }
    double address_space = memory_address_limit();
    if (address_space < limit)
        limit = address_space;
    return limit;
}

bool model_fits_memory(const struct instance *instance, double memory_limit, bool *fits,
                       char *error, size_t error_size)
{
    struct model_counts counts;
    *fits = false;
    if (!model_count(instance, NULL, -1, NULL, -1, &counts)) {
        snprintf(error, error_size, "out of memory counting the model");
        return false;
    }
    struct model_size size;
    model_estimate(instance, &counts, MODEL_SIBLINGS_PER_CHILD, &size);
    double limit = model_memory_limit(memory_limit);
    double available = limit - memory_in_use();
    *fits = size.bytes <= available;
    if (*fits)
        return true;
    snprintf(error, error_size,
             "the whole model (%.0f rows, %.0f columns, %.0f nonzeros) would need about %.0f MB, "
             "more than the %.0f MB left of the memory limit of %.0f MB (--memory-limit)",
             size.rows, size.columns, size.nonzeros, size.bytes / 1048576.0,
             fmax(0.0, available) / 1048576.0, limit / 1048576.0);
    return true;
}
