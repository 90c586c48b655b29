/* scenario.h - caseload-scenario/1 (DESIGN.md §3): a what-if read from a file and
 * applied to a loaded instance. cJSON stays inside src/io (scenario.c and the
 * instance readers). */
#ifndef CASELOAD_SCENARIO_H
#define CASELOAD_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>

#include "base/common.h"
#include "core/instance.h"

/* A scenario whose syntax, format and top-level keys were checked; its entries
 * are validated against an instance by scenario_apply. Opaque. */
struct scenario;

/* Parse a caseload-scenario/1 document (`text`, `length` bytes, a UTF-8 BOM is
 * accepted). `default_name` names a scenario without "name" (may be NULL: "").
 * Returns a new scenario the caller frees with scenario_free, or NULL with every
 * error in `diag` (diag->count == 0 when memory ran out). */
struct scenario *scenario_parse(const char *text, size_t length, const char *default_name,
                                struct diag *diag);

/* Read the file `path` ("-" is standard input) and parse it; a scenario without a
 * name is named after the file (its base name without ".json"). */
struct scenario *scenario_load(const char *path, struct diag *diag);

/* The scenario's name (owned by the scenario). */
const char *scenario_name(const struct scenario *scenario);

/* Free a scenario; NULL is fine. */
void scenario_free(struct scenario *scenario);

/* Apply every key of `scenario` to `instance` in this order: date, rules (fields
 * given override, weights merge), teams (patches by id), add_teams, remove_teams,
 * leave, add_workers (an entry with the id of a worker of the instance moves that
 * worker to the entry's team, keeping its children), add_children; then
 * re-validate the result
 * (workers of removed teams moved or leaving, no locked child with a leaving
 * worker, services of current workers, birth months against a new date) and
 * re-resolve the cap (from the date unless rules.cap was given by the instance or
 * the scenario) and the distances. Errors name the scenario's JSON path, in
 * `diag` (whose file should be the scenario's). Returns true on success. On failure
 * returns false with the errors in `diag` (none when memory ran out, with
 * diag->out_of_memory set); the instance is then only fit for instance_free. */
bool scenario_apply(const struct scenario *scenario, struct instance *instance, struct diag *diag);

/* Warnings about `scenario` on top of `instance`, before it is applied: an
 * add_workers id one edit away from a worker of the instance (it adds a new
 * worker, where a move was likely meant), a new team that gets no workers. Each
 * goes into `notes` at its JSON path. Returns how many were found. */
int scenario_warnings(const struct scenario *scenario, const struct instance *instance, struct diag *notes);

/* Add the children of a caseload-family/1 document (`text`, `length` bytes; DESIGN.md
 * §4 suggest) to `instance` as new intake: {"format": "caseload-family/1",
 * "family": "F0042", "children": [{"id", "service", "municipality", "born"} ...]}.
 * The children are read and validated as an instance's (diagnostics at
 * "children[i].KEY"), without "worker", "locked" or "family" of their own; they
 * are siblings of one family, "family" when given (an existing family id links
 * them to siblings already in care), else a new family of their own. On success
 * they are instance children first .. instance->child_count - 1 (*first).
 * Returns false with every error in `diag`; the instance is then only fit to be
 * freed. */
bool scenario_add_family(const char *text, size_t length, struct instance *instance, int *first,
                         struct diag *diag);

#endif
