/* plan_read.h - read a caseload-plan/1 JSON back and check that it belongs to an instance. */
#ifndef CASELOAD_PLAN_READ_H
#define CASELOAD_PLAN_READ_H

#include <stddef.h>

#include "base/common.h"
#include "core/instance.h"
#include "core/score.h"

/* A plan read from its JSON, in terms of the instance it was checked against. */
struct plan_file {
    char *instance_name; /* the plan's "instance", owned */
    char *scenario_name; /* the plan's "scenario", owned, NULL when null */
    char *status;        /* "optimal", "feasible" ..., owned */
    double objective;    /* as written in the plan */
    struct score score;  /* the assignment re-scored on the instance */
    int child_count;     /* the instance's child_count */
    int *assignee;       /* per child of the instance: assignee index (instance.h) or -1 */
    char **reason;       /* per child of the instance: the plan's reason text, owned */
};

/* Parse the caseload-plan/1 `text` (`length` bytes, a BOM accepted) and check that it
 * belongs to `instance`: every assignment names a child of the instance once and
 * every child is there; "from" is the child's current worker; "to" is null, a
 * worker or a hire "TEAM/hire-K" of the instance; the assignment keeps the rules
 * (score_assignment) and re-scores to the plan's objective (relative 1e-6). A plan
 * made for another instance or scenario fails one of these. Returns a new
 * plan_file the caller frees with plan_file_free, or NULL with every error in
 * `diag` at its JSON path (diag->count == 0 when memory ran out). */
struct plan_file *plan_read(const char *text, size_t length, const struct instance *instance,
                            struct diag *diag);

/* Read the file `path` ("-": standard input) and parse it as above. */
struct plan_file *plan_read_file(const char *path, const struct instance *instance,
                                 struct diag *diag);

/* As plan_read_file, but first the plan's "instance" and "scenario" must name
 * `instance` (its name) and `scenario_name` (NULL: no scenario): a plan made with
 * a scenario read without it, or made for another instance, gets one error that
 * names both (at the path "scenario" or "instance") instead of an error per child. */
struct plan_file *plan_read_file_for(const char *path, const struct instance *instance,
                                     const char *scenario_name, struct diag *diag);

/* plan_read_file_for on `length` bytes at `text` (a plan held in memory). */
struct plan_file *plan_read_for(const char *text, size_t length, const struct instance *instance,
                                const char *scenario_name, struct diag *diag);

/* The child with this id, or -1. */
int plan_find_child(const struct instance *instance, const char *id);

/* Free a plan_file; NULL is fine. */
void plan_file_free(struct plan_file *plan);

#endif
