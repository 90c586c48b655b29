/* compare.h - what-if figures built on plans: the KPIs of one plan and scenarios
 * side by side (`caseload compare`). HR sizing is in size.h. */
#ifndef CASELOAD_COMPARE_H
#define CASELOAD_COMPARE_H

#include <stdbool.h>
#include <stdio.h>

#include "core/instance.h"
#include "report/plan.h"
#include "solve/solve.h"

/* The headline figures of one plan, all read from the plan (its re-scored terms
 * and per-assignee rows), so a plan and its comparison column always agree. */
struct plan_kpis {
    enum solve_status status;
    double objective, gap;
    int unassigned;         /* children without a worker */
    int over_cap;           /* counted children above the legal cap, Σ over workers */
    int workers_over_cap;   /* workers (and hires) with more counted children than their cap */
    int hires;              /* hires opened */
    int moves;              /* children given to another worker than their current one */
    int cross_team;         /* children served by a team whose area lacks their home */
    int family_splits;      /* Σ over families and services of (distinct workers - 1) */
    double km;              /* km office -> home, Σ over assigned children */
    double km_per_child;    /* km / assigned children (0 without any) */
    int assignees;          /* workers not leaving plus hires opened */
    int max_caseload;       /* most counted children of one worker or hire */
    double mean_caseload;   /* counted children assigned / assignees (see compare_plan_kpis_capped) */
    int capped_assignees;   /* assignees the mean is taken over */
    struct compliance compliance_before, compliance_after; /* the regulators' measures */
};

/* Fill `kpis` from `plan`. Cannot fail. */
void compare_plan_kpis(const struct plan *plan, struct plan_kpis *kpis);

/* compare_plan_kpis, with the mean caseload taken over the capped workers only:
 * the assignees of aftercare (jälkihuolto) teams without a counted child, whose
 * clients are adults the cap does not count, are left out of it. */
void compare_plan_kpis_capped(const struct plan *plan, const struct instance *instance,
                              struct plan_kpis *kpis);

/* Write `kpis` as one JSON object ({ "status": ..., "compliance": {...} }), as
 * `compare --json` and `size --json` show them. */
void compare_write_kpis_json(FILE *stream, const struct plan_kpis *kpis);

/* Solve `instance` and build its plan (with `scenario_name`, may be NULL). Returns
 * the plan (free with plan_free), or NULL when no plan was found (*status says
 * why: infeasible or no plan) or when an internal error happened (*status is then
 * SOLVE_OPTIMAL and the reason is in `error`). */
struct plan *compare_solve_plan(const struct instance *instance, const struct solve_options *options,
                                const char *scenario_name, enum solve_status *status, char *error,
                                size_t error_size);

/* --- Scenarios side by side (`caseload compare`) ------------------------- */

/* One column of a comparison. */
/* Where one scenario's excess sits: a team with its children over the cap. */
struct compare_team_excess {
    char *team;            /* team id, owned */
    int over_cap;          /* counted children above the cap, Σ over its workers and hires */
    int workers_over_cap;  /* its workers and hires over their cap */
};

struct compare_column {
    const char *name;  /* scenario name, not owned */
    const char *file;  /* scenario file, not owned (NULL for the base instance) */
    bool solved;       /* a plan was found; otherwise only kpis.status is meaningful */
    struct plan_kpis kpis;
    struct compare_team_excess *teams; /* every team of the scenario, owned (compare_column_free) */
    int team_count;
};

/* Fill the kpis (compare_plan_kpis_capped) and the per-team excess of `column`
 * from `plan` of `instance`; false when memory ran out. */
bool compare_column_fill(struct compare_column *column, const struct plan *plan,
                         const struct instance *instance);
/* Free what compare_column_fill allocated; the column itself is the caller's. */
void compare_column_free(struct compare_column *column);

/* The teams where any scenario leaves children over the cap, one row per team and
 * a column per scenario ("12 (3 workers)", "-" where the scenario lacks the team).
 * False only when writing fails. */
bool compare_write_team_table(const struct compare_column *columns, int count, FILE *stream);

/* Writers of a comparison: a table with one column per scenario, the same as
 * semicolon CSV with a BOM, or as JSON. False only when writing fails. */
bool compare_write_table(const struct compare_column *columns, int count, FILE *stream);
bool compare_write_csv(const struct compare_column *columns, int count, FILE *stream);
bool compare_write_json(const struct compare_column *columns, int count, const char *instance_name,
                        FILE *stream);
/* The comparison as a self-contained HTML page: the table and, for the main
 * figures, a small bar chart across the scenarios (each bar carries data-scenario
 * and data-value). */
bool compare_write_html(const struct compare_column *columns, int count, const char *instance_name,
                        FILE *stream);

#endif
