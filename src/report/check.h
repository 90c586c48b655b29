/* check.h - compliance of the current assignment with the legal cap (`caseload
 * check`): computed once into a report, then written for a person. */
#ifndef CASELOAD_CHECK_H
#define CASELOAD_CHECK_H

#include <stdbool.h>
#include <stdio.h>

#include "core/compliance.h"
#include "core/instance.h"

/* Current figures of one worker. */
struct check_worker {
    int counted; /* children under 18 (κ = 1) */
    int adults;  /* aftercare clients of 18 or more, not counted */
    int cap;     /* the worker's legal cap */
};

/* What `caseload check` finds. */
struct check_report {
    int over_cap_workers;      /* workers with more counted children than their cap */
    int over_cap_children;     /* Σ max(0, counted - cap) */
    int unassigned_children;   /* intake without a worker */
    int unassigned_counted;    /* of them under 18 (counted once assigned) */
    int leaving_with_children; /* leaving workers who still have children */
    int unassigned_by_service[SERVICE_COUNT]; /* intake without a worker, per service */
    struct compliance now;     /* the regulators' measures of the current assignment */
    struct check_worker *workers; /* worker_count, in input order; owned */
    int worker_count;
};

/* Compute the report of `instance`'s current assignment into `report`. Returns
 * false, with `report` empty, only when memory runs out. The caller frees it with
 * check_report_free (also after a failure). */
bool check_compute(const struct instance *instance, struct check_report *report);
void check_report_free(struct check_report *report);

/* Write the report computed by check_compute for the same `instance`: the verdict
 * in the regulators' terms, the per-worker table, the per-team totals, the intake
 * without a worker and the verdict line. Returns false only when writing fails. */
bool check_write(const struct instance *instance, const struct check_report *report, FILE *stream);

/* "; new intake without a worker yet: N children under 18 and M aftercare clients
 * ...": what the unassigned of `report` are, for a verdict line. */
void check_write_unassigned(const struct check_report *report, FILE *stream);

#endif
