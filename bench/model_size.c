/* model_size.c - measures what one part's model really takes, to calibrate
 * model_estimate (solver/model.c). For an instance, prints the estimate of the
 * whole model (no decomposition), GLPK's own peak memory and the process's peak
 * address space and resident set after solve_instance on one thread with the
 * decomposition off, and how many parts branch-and-cut ran on:
 *     make && cc -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -Isolver -o build/model_size \
 *        bench/model_size.c build/libcaseload.a -lglpk -lcjson -lm -pthread
 *     build/model_size INSTANCE SECONDS
 * Run it twice per instance, with SECONDS and with 0 (the starting plan alone, no
 * model built): the difference of the peaks is the model's. PROGRESS=1 prints
 * the solver's progress; BUILD_ONLY=1 times model_build and freeing instead,
 * against the estimate's build_seconds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glpk.h>

#include "base/common.h"
#include "core/instance.h"
#include "model/model.h"
#include "solve/solve.h"

/* A "VmPeak:" or "VmHWM:" line of /proc/self/status, in kB (-1 unknown). */
static long status_kb(const char *key)
{
    FILE *file = fopen("/proc/self/status", "r");
    char line[256];
    long value = -1;
    size_t length = strlen(key);
    while (file != NULL && fgets(line, sizeof line, file) != NULL)
        if (strncmp(line, key, length) == 0)
            value = atol(line + length);
    if (file != NULL)
        fclose(file);
    return value;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: model_size INSTANCE SECONDS\n");
        return 2;
    }
    struct diag diag;
    diag_init(&diag, argv[1]);
    struct instance *instance = instance_load(argv[1], &diag);
    diag_free(&diag);
    if (instance == NULL) {
        fprintf(stderr, "model_size: cannot load %s\n", argv[1]);
        return 3;
    }
    struct model_counts counts;
    struct model_size size;
    if (!model_count(instance, NULL, -1, NULL, -1, &counts))
        return 5;
    model_estimate(instance, &counts, MODEL_SIBLINGS_PER_CHILD, &size);
    if (getenv("BUILD_ONLY") != NULL) {
        /* the time model_build and freeing take, against build_seconds */
        struct timespec t0, t1, t2;
        struct model model;
        char error[256];
        clock_gettime(CLOCK_MONOTONIC, &t0);
        if (!model_build(instance, NULL, -1, NULL, -1, MODEL_SIBLINGS_PER_CHILD, &model, error,
                         sizeof error))
            return 5;
        clock_gettime(CLOCK_MONOTONIC, &t1);
        int nonzeros = glp_get_num_nz(model.problem);
        model_free(&model);
        clock_gettime(CLOCK_MONOTONIC, &t2);
        printf("nonzeros %d (estimate %.0f) build %.2f s free %.2f s estimate %.2f s\n", nonzeros,
               size.nonzeros, (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec),
               (double)(t2.tv_sec - t1.tv_sec) + 1e-9 * (double)(t2.tv_nsec - t1.tv_nsec),
               size.build_seconds);
        return 0;
    }
    long before = status_kb("VmPeak:");
    struct solve_options options;
    solve_default_options(&options);
    options.time_limit = atof(argv[2]);
    options.threads = 1;
    options.decompose = false;
    options.progress = getenv("PROGRESS") != NULL;
    struct solution solution;
    char error[256];
    if (!solve_instance(instance, &options, &solution, error, sizeof error)) {
        fprintf(stderr, "model_size: %s\n", error);
        return 5;
    }
    size_t glpk_peak = 0;
    glp_mem_usage(NULL, NULL, NULL, &glpk_peak);
    printf("glpk_peak_mb %.1f ", glpk_peak / 1048576.0);
    printf("rows %.0f columns %.0f nonzeros %.0f estimate_mb %.1f build_s %.2f "
           "vmpeak_before_mb %.1f vmpeak_mb %.1f hwm_mb %.1f seconds %.2f status %s\n",
           size.rows, size.columns, size.nonzeros, size.bytes / 1048576.0, size.build_seconds,
           before / 1024.0, status_kb("VmPeak:") / 1024.0, status_kb("VmHWM:") / 1024.0,
           solution.seconds, solution_status_name(solution.status));
    printf("searched %d\n", solution.searched);
    solution_free(&solution);
    instance_free(instance);
    return 0;
}
