/* compare.h - what-if figures built on plans: the KPIs of one plan, HR sizing (hires per team so that no worker is over the cap) and scenarios side by side. */
#ifndef CASELOAD_COMPARE_H
#define CASELOAD_COMPARE_H

#include <stdbool.h>
#include <stdio.h>

#include "instance.h"
#include "plan.h"
#include "solve.h"

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

/* Solve `instance` and build its plan (with `scenario_name`, may be NULL). Returns
 * the plan (free with plan_free), or NULL when no plan was found (*status says
 * why: infeasible or no plan) or when an internal error happened (*status is then
 * SOLVE_OPTIMAL and the reason is in `error`). */
struct plan *compare_solve_plan(const struct instance *instance, const struct solve_options *options,
                                const char *scenario_name, enum solve_status *status, char *error,
                                size_t error_size);

/* --- HR sizing (`caseload size`) ------------------------------------------ */

/* One team's row of the sizing. Over-cap amounts are Σ max(0, counted - cap) over
 * the team's workers. */
struct size_team {
    int team;               /* team index (-1 for the total row) */
    int workers;            /* workers not leaving */
    double fte;
    int counted;            /* counted children the team serves in the sized plan (workers and hires) */
    int capacity;           /* Σ cap(w) over workers not leaving */
    int over_now;           /* over-cap amount of the current assignment (leavers' workers included) */
    int over_without_hires; /* over-cap amount of an optimal plan with every max_hires set to 0 */
    int hire_limit;         /* hires the sized plan could open */
    bool limit_given;       /* hire_limit is the instance's or scenario's max_hires */
    int hires;              /* hires opened in the sized plan: the hires needed */
    int over_after;         /* over-cap amount of the sized plan (0 when the hires suffice) */
    double mean_after;      /* counted children per worker and hire in the sized plan */
    int max_after;          /* most counted children of one worker or hire in the sized plan */
};

struct size_report {
    struct size_team *teams;    /* the teams not removed by a scenario, in instance order */
    int team_count;
    struct size_team total;
    struct plan_kpis without_hires; /* the plan with hiring disallowed */
    struct plan_kpis with_hires;    /* the sized plan */
};

/* Size the hires of `instance`: first an optimal plan with hiring disallowed, then
 * one where every team without a max_hires of its own may open
 * ceil(max(0, D - A) / cap) hires, where D is the counted children now with the
 * team's workers plus those without a worker staying (intake, leavers' children)
 * whose home is in its area, and A the room of its staying workers (cap, or the
 * children they keep when they take no new ones). Hires cost less than children
 * over the cap, so the sized plan opens the hires needed to bring every worker
 * within the cap; over_after says whether it could. The instance keeps these
 * hire limits afterwards. Returns true with `report` filled (free with
 * size_report_free) when both solves gave a plan; false with a reason in `error`
 * otherwise, with *no_plan set when the solver found none (exit 4, not an internal
 * error). */
bool size_run(struct instance *instance, const struct solve_options *options, const char *scenario_name,
              struct size_report *report, bool *no_plan, char *error, size_t error_size);
void size_report_free(struct size_report *report);

/* Writers; false only when writing fails. */
bool size_write_table(const struct size_report *report, const struct instance *instance, FILE *stream);
bool size_write_json(const struct size_report *report, const struct instance *instance,
                     const char *scenario_name, FILE *stream);
bool size_write_csv(const struct size_report *report, const struct instance *instance, FILE *stream);

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
