/* plan.h - a reallocation plan (caseload-plan/1): built from a solution, checked
 * against the instance, with a reason for every move (plan.c); and its writers
 * (plan_write.c: JSON, CSV, terminal summary). */
#ifndef CASELOAD_PLAN_H
#define CASELOAD_PLAN_H

#include <stdbool.h>
#include <stdio.h>

#include "core/compliance.h"
#include "core/instance.h"
#include "core/score.h"
#include "core/solution.h"

/* Why a child is where the plan puts it. */
enum plan_reason {
    REASON_STAYS,          /* keeps the current worker */
    REASON_NEW_INTAKE,     /* had no worker */
    REASON_WORKER_LEAVES,  /* the current worker leaves */
    REASON_OVER_CAP,       /* the current worker was over the legal cap */
    REASON_AREA_CHANGED,   /* the current worker's team no longer covers the home */
    REASON_SIBLINGS,       /* moved to the worker of its siblings */
    REASON_CLOSER_OFFICE,  /* a team with a closer office took the child */
    REASON_WORKLOAD,       /* the current worker was above the workload target */
    REASON_ROOM_FOR_SIBLINGS, /* the current worker took a child to its siblings, and so had no room */
    REASON_ROOM_FOR_OTHER, /* the current worker took other children, and so had no room */
    REASON_UNASSIGNED,     /* no eligible worker could take the child */
    REASON_COUNT
};

const char *plan_reason_text(enum plan_reason reason); /* "worker leaves" ... */

struct plan_assignment {
    int child;               /* child index */
    int from;                /* current worker, -1 for new intake */
    int to;                  /* assignee (instance.h), -1 when unassigned */
    enum plan_reason reason;
};

struct plan_assignee {
    int assignee;        /* worker index or worker_count + hire */
    int cap;             /* legal cap */
    int counted_before;  /* counted children now (0 for a hire) */
    int counted_after;   /* counted children in the plan */
    double workload_after;
    int moves_in;        /* children received */
    int moves_out;       /* children given away */
};

struct plan_team {
    int team;
    int workers;          /* workers of the team, leavers excluded */
    double fte;
    int hires;            /* hires opened */
    int counted_before, counted_after;
    int over_cap_before;  /* Σ over workers of max(0, counted - cap), current assignment */
    int over_cap_after;
    int moves_in;         /* children moved to a worker of this team */
    double km_before, km_after;
};

struct plan {
    const char *instance_name;  /* not owned */
    const char *scenario_name;  /* not owned, NULL without a scenario */
    enum solve_status status;
    double objective, bound, gap, solve_seconds;
    struct score score;                  /* re-scored terms; objective == score.objective */
    struct plan_assignment *assignments; /* child_count, in input order */
    int assignment_count;
    struct plan_assignee *assignees;     /* every worker that is not leaving, then every opened hire */
    int assignee_count;
    struct plan_team *teams;             /* team_count */
    int team_count;
    /* the regulators' measures: the current assignment and the plan's */
    struct compliance compliance_before, compliance_after;
};

/* Build the plan of `solution` for `instance`: canonical hire numbering, reasons,
 * per-worker and per-team figures, and the re-scored terms. Re-checks the plan
 * against the instance (every child once, eligibility, caps of hires, terms
 * agreeing with the solver's objective); when the check fails returns NULL with the
 * reason in `error` (an internal error). The caller frees the plan with plan_free;
 * the instance must outlive it. */
struct plan *plan_build(const struct instance *instance, const struct solution *solution,
                        const char *scenario_name, char *error, size_t error_size);
void plan_free(struct plan *plan);

/* Writers. They return false only when writing to the stream fails. */
bool plan_write_json(const struct plan *plan, const struct instance *instance, FILE *stream);
bool plan_write_csv(const struct plan *plan, const struct instance *instance, FILE *stream);
/* Spreadsheet writers in the same form as plan_write_csv (UTF-8 with BOM, semicolons,
 * decimal comma, CRLF), for a double click in a Finnish spreadsheet program.
 * Workers: team;worker;fte;cap;counted_before;counted_after;workload_after;
 * over_cap_after;moves_in;moves_out, one row per worker not leaving and opened hire,
 * grouped by team. Teams: team;service;workers;fte;hires;counted_before;
 * counted_after;capacity;over_cap_before;over_cap_after;moves_in;km_before;km_after;
 * then the compliance measures before and after (workers_over_cap,
 * children_with_worker_over_cap, max_load_ratio), capacity being the sum of the
 * caps of the workers not leaving and opened hires; a last row "(all)" holds the
 * county's compliance measures. */
bool plan_write_workers_csv(const struct plan *plan, const struct instance *instance,
                            FILE *stream);
bool plan_write_teams_csv(const struct plan *plan, const struct instance *instance, FILE *stream);

/* Short per-team summary for the terminal. */
bool plan_write_summary(const struct plan *plan, const struct instance *instance, FILE *stream);

#endif
