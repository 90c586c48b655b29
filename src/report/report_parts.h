/* report_parts.h - the HTML pieces that the plan report (report_plan.c) and the
 * check report (report_check.c) share, written in report.c. Internal to the
 * report files: other modules use report.h. Every text is escaped; each piece
 * writes to `stream` and leaves its error flag to the caller's final check. */
#ifndef CASELOAD_REPORT_PARTS_H
#define CASELOAD_REPORT_PARTS_H

#include <stdio.h>

#include "core/compliance.h"
#include "core/instance.h"

/* A number for people: whole numbers without decimals, others with `decimals`;
 * an em dash when not finite. */
void report_write_amount(FILE *stream, double value, int decimals);
/* "3 → 5" with the arrow as an entity. */
void report_write_change(FILE *stream, double before, double after, int decimals);
/* The id of an assignee (worker or hire); an em dash for -1. */
void report_write_assignee(FILE *stream, const struct instance *instance, int assignee);
/* A service name, marked as Finnish. */
void report_write_service(FILE *stream, enum service service);
/* A table row's start for a child: <tr data-child> and the cells child, service
 * and home, the last one left open. */
void report_write_child_cells(FILE *stream, const struct instance *instance,
                              const struct child *child);

/* The workload target of a full-time worker of team `team` (the chart's line). */
double report_team_full_time_target(const struct instance *instance, int team);

/* One fact of a header list (<div><dt>term</dt><dd>value</dd></div>): start and
 * end around a value the caller writes, or the whole fact with a text, an amount
 * or a change before → after. */
void report_write_fact_start(FILE *stream, const char *term);
void report_write_fact_end(FILE *stream);
void report_write_fact_text(FILE *stream, const char *term, const char *value);
void report_write_fact_amount(FILE *stream, const char *term, double value, int decimals);
void report_write_fact_change(FILE *stream, const char *term, double before, double after,
                              int decimals);
/* Header facts common to both reports: plan date, caps and target. */
void report_write_rule_facts(FILE *stream, const struct instance *instance);
/* Service, office and area of team `t`. */
void report_write_team_place(FILE *stream, const struct instance *instance, int t);
/* The id of team t's section, "team-T": ids never hold user text. */
void report_write_team_anchor(FILE *stream, int t);
/* A list of links to the team sections, each with its workers over the cap
 * (over_before → over_after; over_after NULL: now only). */
void report_write_team_navigation(FILE *stream, const struct instance *instance,
                                  const int *over_before, const int *over_after);
/* A counted number in a table, "(+3)" after it when above `cap`, so that the table
 * does not rely on colour. */
void report_write_counted_cell(FILE *stream, int value, int cap);
/* The verdict in the regulators' terms, first under the title: before → after
 * (`before` NULL: the current state only, for `check`). */
void report_write_compliance_verdict(FILE *stream, const struct compliance *before,
                                     const struct compliance *after);

#endif
