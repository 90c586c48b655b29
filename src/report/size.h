/* size.h - HR sizing (`caseload size`): the hires each team needs so that no
 * worker is over the cap, from an optimal plan without hires and one with them. */
#ifndef CASELOAD_SIZE_H
#define CASELOAD_SIZE_H

#include <stdbool.h>
#include <stdio.h>

#include "report/compare.h"
#include "core/instance.h"
#include "solve/solve.h"

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
    bool hires_settled;             /* the sized plan is within SIZE_HIRE_TOLERANCE of a hire's
                                     * weight of its optimum (its status optimal at the sizing's
                                     * gap): no plan with other hires is better by half a hire */
};

/* Size the hires of `instance`: first an optimal plan with hiring disallowed, then
 * one where every team without a max_hires of its own may open
 * ceil(max(0, D - A) / cap) hires, where D is the counted children now with the
 * team's workers plus those without a worker staying (intake, leavers' children)
 * whose home is in its area, and A the room of its staying workers (cap, or the
 * children they keep when they take no new ones). Hires cost less than children
 * over the cap, so the sized plan opens the hires needed to bring every worker
 * within the cap; over_after says whether it could. The solves run on a copy of
 * the instance's teams: `instance` is left as it was. The solve with hires stops
 * at options->gap or, when looser, once its plan is within SIZE_HIRE_TOLERANCE
 * of a hire's weight of its optimum (the hires are settled; see sizing_gap in
 * size.c); its status says optimal within that. Returns true with `report` filled (free with
 * size_report_free) when both solves gave a plan; false with a reason in `error`
 * otherwise, with *no_plan set when the solver found none (exit 4, not an internal
 * error). */
/* The sized plan's objective may exceed its optimum by at most this fraction of
 * a hire's weight: below one half, so no better plan can differ from it by a
 * hire alone. */
#define SIZE_HIRE_TOLERANCE 0.45

bool size_run(const struct instance *instance, const struct solve_options *options, const char *scenario_name,
              struct size_report *report, bool *no_plan, char *error, size_t error_size);
void size_report_free(struct size_report *report);

/* Writers; false only when writing fails. */
bool size_write_table(const struct size_report *report, const struct instance *instance, FILE *stream);
bool size_write_json(const struct size_report *report, const struct instance *instance,
                     const char *scenario_name, FILE *stream);
bool size_write_csv(const struct size_report *report, const struct instance *instance, FILE *stream);

#endif
