/* instance_write.h - an instance written back as caseload-instance/1 JSON: as it
 * stands, or as it stands after a plan (`caseload apply`, DESIGN.md §4): the
 * next month's starting point. */
#ifndef CASELOAD_INSTANCE_WRITE_H
#define CASELOAD_INSTANCE_WRITE_H

#include <stdbool.h>
#include <stdio.h>

#include "core/instance.h"

/* Write `instance` to `stream` as a caseload-instance/1 document that reads back
 * to the same instance (every key the reader takes; a key at its default is left
 * out). With `assignee` NULL every child keeps its worker and the workers and
 * teams are written as they are. With `assignee` (per child: an assignee index of
 * instance.h, or -1) the document is the instance after that plan:
 *   - every child has the plan's assignee as its worker (none when -1);
 *   - leaving workers and removed teams are gone;
 *   - each opened hire is a worker of its team with the plan's id "TEAM/hire-K"
 *     (full time), and its team's max_hires is lower by the hires opened;
 *   - the file's locks are kept; a lock released because its worker left, and the
 *     holds of a move policy, are not locks.
 * Returns false when the stream reports a write error. */
bool instance_write_json(const struct instance *instance, const int *assignee, FILE *stream);

/* The number of hires of team `team` the plan opens (children assigned to them). */
int instance_write_hires_opened(const struct instance *instance, const int *assignee, int team);

#endif
