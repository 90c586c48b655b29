/* search.c - the branch-and-cut of one part and its primal heuristics, in the
 * role HiGHS's HighsPrimalHeuristics plays: the GLPK callback, rounding the LP
 * solution into a plan, the sub-MIP, and the team-by-team re-solve.
 *
 * Root LP: primal simplex with pricing from the starting plan's columns
 * (model_solve_relaxation); exact, the final basis is optimal over every column.
 * Primal side: at the root and then on a schedule of subproblems, a sub-MIP on
 * the teams the node's LP and the incumbent use (search_sub_mip) hands its plan to
 * GLPK. Schedules count subproblems, not seconds, so runs that finish are alike.
 *
 * The bound is GLPK's: the best local bound of the active nodes (recorded in the
 * callback), the objective of a part proven optimal, or the LP relaxation when
 * the search never started. */
#include <glpk.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/solution.h"
#include "solve/branch.h"
#include "solve/cuts.h"
#include "solve/search.h"

/* How the search of a part was stopped by the callback. */
enum stop_reason { STOP_NONE, STOP_GAP, STOP_ROUND, STOP_TIME, STOP_INTERRUPT };

/* What the callback needs and records. */
struct part_search {
    const struct model *model;
    const struct solve_options *options;
    const double *start;       /* column values of the starting plan, or NULL */
    bool start_given;
    double bound;              /* best proven bound seen */
    double deadline;           /* clock_seconds() at which to stop */
    double solve_started;      /* clock_seconds() at solve_instance's start */
    double last_report;
    int part_number, part_total;
    enum stop_reason stop;
    /* rounding the LP solution of a node into a plan and improving it */
    struct heuristic *heuristic; /* the plan of the whole instance; this part's children change */
    const int *local_of;       /* instance assignee -> local assignee of this part */
    int *plan;                 /* scratch: local assignee per local child */
    double *values;            /* scratch: column values */
    struct rank *rank;         /* scratch: order of rounding */
    int next_rounding;         /* subproblems created before rounding runs again */
    bool pending;              /* values hold a plan to hand to GLPK at the next GLP_IHEUR */
    bool failed;               /* out of memory in the heuristic: stop using it */
    int next_sub_mip;          /* subproblems created before the next sub-MIP runs */
    int sub_mips;              /* sub-MIPs run */
    bool sub_pending;          /* sub_values hold a better plan for the next GLP_IHEUR */
    double *sub_values;        /* scratch: column values of the sub-MIP's plan */
    int lp_rounds;             /* restricted LPs solved for the root LP */
    double allowance;          /* absolute gap at which the part may stop (its share of the whole's) */
    double unavoidable;        /* the part's constant: unassigned × its children nobody may take */
    int node_limit;            /* subproblems at which to stop once the root's sub-MIP ran (0: none) */
    struct solve_shared *shared; /* the solve's threads, queue and trace */
    int part_index;            /* part_number - 1 */
    double trace_objective;    /* the part's plan and bound in the last trace line */
    double trace_bound;
    double last_bound_line;    /* clock_seconds() of the last "bound" line */
    struct cuts *cuts;         /* our own cuts (cuts.h), NULL: none */
    struct branch *branch;     /* the branching rule (branch.h), NULL: GLPK's own */
};

static int rank_compare(const void *left, const void *right)
{
    const struct rank *a = left, *b = right;
    if (a->value != b->value)
        return a->value > b->value ? -1 : 1;
    return (a->local > b->local) - (a->local < b->local);
}

/* The heuristic's plan for this part in local numbering; keep it in `values` to
 * hand over when it is feasible and better than GLPK's incumbent. */
static void search_offer_plan(struct part_search *search, glp_prob *problem)
{
    const struct model *model = search->model;
    for (int i = 0; i < model->child_count; i++) {
        int a = search->heuristic->assignee[model->children[i]];
        search->plan[i] = a >= 0 ? search->local_of[a] : -1;
    }
    char reason[256];
    if (!model_values_from_assignment(model, search->plan, search->values) ||
        !model_check_values(model, search->values, reason, sizeof reason))
        return;
    double objective = model_objective(model, search->values);
    int status = glp_mip_status(problem);
    bool better = status != GLP_FEAS && status != GLP_OPT;
    if (!better)
        better = objective < glp_mip_obj_val(problem) - 1e-6 * fmax(1.0, fabs(objective));
    if (better)
        search->pending = true;
}

/* Round the LP solution of the current node: each child, strongest pair first,
 * to the assignee of its largest x when the hard rules allow, else where the
 * objective rises least; then improve by local moves. */
static void search_round(struct part_search *search, glp_prob *problem)
{
    const struct model *model = search->model;
    struct heuristic *h = search->heuristic;
    for (int i = 0; i < model->child_count; i++) {
        struct rank *rank = &search->rank[i];
        rank->local = i;
        rank->target = -1;
        rank->value = glp_get_col_prim(problem, model->u_column[i]);
        for (int p = model->pair_start[i]; p < model->pair_start[i + 1]; p++) {
            double x = glp_get_col_prim(problem, model->x_column[p]);
            if (x > rank->value + 1e-9) {
                rank->value = x;
                rank->target = model->pair_assignee[p];
            }
        }
        heuristic_apply(h, model->children[i], -1);
    }
    qsort(search->rank, (size_t)model->child_count, sizeof *search->rank, rank_compare);
    for (int i = 0; i < model->child_count; i++) {
        int c = model->children[search->rank[i].local];
        int target = search->rank[i].target;
        if (target >= 0) {
            int a = model->assignees[target];
            if (isfinite(heuristic_delta(h, c, a, true))) {
                heuristic_apply(h, c, a);
                continue;
            }
        }
        double delta;
        int best = heuristic_best(h, c, &delta);
        if (best >= 0)
            heuristic_apply(h, c, best);
    }
    if (!heuristic_improve(h, model->children, model->child_count, true, search->deadline)) {
        search->failed = true;
        return;
    }
    search_offer_plan(search, problem);
}

/* Improve GLPK's new incumbent by local moves. */
static void search_polish(struct part_search *search, glp_prob *problem)
{
    const struct model *model = search->model;
    struct heuristic *h = search->heuristic;
    model_read_assignment(model, search->plan);
    for (int i = 0; i < model->child_count; i++)
        heuristic_apply(h, model->children[i], -1);
    for (int i = 0; i < model->child_count; i++)
        if (search->plan[i] >= 0)
            heuristic_apply(h, model->children[i], model->assignees[search->plan[i]]);
    if (!heuristic_improve(h, model->children, model->child_count, true, search->deadline)) {
        search->failed = true;
        return;
    }
    search_offer_plan(search, problem);
}

/* Milliseconds left until the part's deadline, for GLPK's tm_lim. */
static int milliseconds_left(const struct part_search *search)
{
    double seconds = search->deadline - clock_seconds();
    if (seconds <= 0)
        return 1;
    return seconds * 1000.0 < 1e9 ? (int)(seconds * 1000.0) + 1 : INT_MAX;
}

/* The sub-MIP's own search: it starts from the part's incumbent and stops after
 * a fixed number of subproblems (so that its result does not depend on the
 * machine's speed), at the part's deadline or when interrupted. */
struct sub_search {
    const double *start; /* incumbent of the part: a plan of the sub-MIP too */
    bool start_given;
    int node_limit;
    double deadline;
    struct solve_shared *shared;
    struct branch *branch; /* the branching rule (branch.h), NULL: GLPK's own */
};

static void sub_callback(glp_tree *tree, void *info)
{
    struct sub_search *sub = info;
    if (glp_ios_reason(tree) == GLP_IHEUR && !sub->start_given) {
        sub->start_given = true;
        glp_ios_heur_sol(tree, sub->start);
    }
    int active, nodes, created;
    glp_ios_tree_size(tree, &active, &nodes, &created);
    if (created >= sub->node_limit || clock_seconds() >= sub->deadline || thread_must_stop(sub->shared) ||
        thread_memory_exhausted(sub->shared))
        glp_ios_terminate(tree);
    else if (glp_ios_reason(tree) == GLP_IBRANCH)
        branch_choose(sub->branch, tree, NULL);
}

/* Branch-and-cut on a sub-MIP from its LP optimum, with MIR and cover cuts, under
 * sub_callback and `state` (its start, node limit, deadline). */
static void sub_intopt(glp_prob *problem, struct sub_search *state)
{
    glp_iocp parameters;
    glp_init_iocp(&parameters);
    parameters.msg_lev = GLP_MSG_OFF;
    parameters.presolve = GLP_OFF; /* keep the columns the start is written for */
    parameters.mir_cuts = GLP_ON;
    parameters.cov_cuts = GLP_ON;
    parameters.cb_func = sub_callback;
    parameters.cb_info = state;
    double seconds = state->deadline - clock_seconds();
    parameters.tm_lim = seconds <= 0 ? 1 : (int)(seconds * 1000.0) + 1;
    state->branch = branch_new(problem); /* NULL (out of memory): GLPK's own rule */
    glp_intopt(problem, &parameters);
    branch_free(state->branch);
    state->branch = NULL;
}

/* Subproblems a sub-MIP on `free_pairs` free pairs may create (tuning.h:
 * SUB_MIP_NODE_BUDGET / free pairs, within [SUB_MIP_MIN_NODES,
 * SUB_MIP_MAX_NODES]). A count, not a time, so that the plan is the same on
 * every machine. */
static int sub_mip_node_limit(int free_pairs)
{
    long nodes = free_pairs > 0 ? SUB_MIP_NODE_BUDGET / free_pairs : SUB_MIP_MAX_NODES;
    return nodes < SUB_MIP_MIN_NODES   ? SUB_MIP_MIN_NODES
           : nodes > SUB_MIP_MAX_NODES ? SUB_MIP_MAX_NODES
                                       : (int)nodes;
}

/* Primal heuristic of a node (RINS-like, on the LP support): a copy of the part's
 * problem (with the cuts found so far) in which child c keeps only its pairs with
 * the assignees of the teams that its LP solution, the incumbent or the starting
 * plan use; every other x is fixed at 0. Workers of one team share the office and
 * the area, so a child's team is what the LP decides; which worker of the team takes
 * it is what capacity decides, and the sub-MIP searches exactly that. The sub-MIP
 * starts from the LP basis and the incumbent, and its best plan is handed to the
 * part's search at the next GLP_IHEUR. Its bound is never used: only its plan,
 * which is a plan of the whole part. */
static void search_sub_mip(struct part_search *search, glp_prob *problem)
{
    const struct model *model = search->model;
    const struct instance *instance = model->instance;
    if (glp_mip_status(problem) != GLP_FEAS)
        return;
    int *stamp = mem_alloc(((size_t)instance->team_count + 1) * sizeof *stamp);
    if (stamp == NULL) {
        search->failed = true;
        return;
    }
    for (int t = 0; t < instance->team_count; t++)
        stamp[t] = -1;
    /* the incumbent, compacted below into the sub-MIP's numbering as its start; a
     * buffer of its own, so that a better plan still waiting in sub_values for
     * the next GLP_IHEUR is never overwritten by one that is not better */
    double *start = mem_alloc(((size_t)model->column_count + 1) * sizeof *start);
    if (start == NULL) {
        mem_free(stamp);
        search->failed = true;
        return;
    }
    glp_prob *sub = glp_create_prob();
    glp_copy_prob(sub, problem, GLP_OFF);
    for (int c = 1; c <= model->column_count; c++)
        start[c] = glp_mip_col_val(problem, c);
    int free_pairs = 0;
    for (int i = 0; i < model->child_count; i++) {
        for (int p = model->pair_start[i]; p < model->pair_start[i + 1]; p++) {
            int column = model->x_column[p];
            if (glp_get_col_prim(problem, column) > 1e-6 || start[column] > 0.5 ||
                (search->start != NULL && search->start[column] > 0.5))
                stamp[instance_assignee_team(instance, model->assignees[model->pair_assignee[p]])] = i;
        }
        for (int p = model->pair_start[i]; p < model->pair_start[i + 1]; p++) {
            int team = instance_assignee_team(instance, model->assignees[model->pair_assignee[p]]);
            if (stamp[team] == i)
                free_pairs++;
            else
                glp_set_col_bnds(sub, model->x_column[p], GLP_FX, 0.0, 0.0);
        }
    }
    mem_free(stamp);
    /* drop the held columns that are non-basic (at 0): the basis stays valid and
     * every node LP of the sub-MIP works on a third of the columns. kept[c] is the
     * sub-MIP's column of the part's column c, 0 when dropped. */
    int *kept = mem_alloc(((size_t)model->column_count + 1) * sizeof *kept);
    int *dropped = mem_alloc(((size_t)model->column_count + 1) * sizeof *dropped);
    if (kept == NULL || dropped == NULL) {
        mem_free(kept);
        mem_free(dropped);
        mem_free(start);
        glp_delete_prob(sub);
        search->failed = true;
        return;
    }
    int dropped_count = 0, kept_count = 0;
    for (int c = 1; c <= model->column_count; c++) {
        if (glp_get_col_type(sub, c) == GLP_FX && glp_get_col_ub(sub, c) == 0.0 &&
            glp_get_col_stat(sub, c) != GLP_BS) {
            dropped[++dropped_count] = c;
            kept[c] = 0;
        } else {
            kept[c] = ++kept_count;
            start[kept_count] = start[c]; /* kept_count <= c */
        }
    }
    if (dropped_count > 0)
        glp_del_cols(sub, dropped_count, dropped);
    mem_free(dropped);
    double started = clock_seconds();
    struct sub_search state = {
        .start = start,
        .node_limit = sub_mip_node_limit(free_pairs),
        .deadline = started + SUB_MIP_TIME_SHARE * (search->deadline - started),
        .shared = search->shared,
    };
    glp_smcp simplex;
    glp_init_smcp(&simplex);
    simplex.msg_lev = GLP_MSG_OFF;
    simplex.meth = GLP_PRIMAL;
    simplex.tm_lim = milliseconds_left(search);
    int status = glp_simplex(sub, &simplex);
    if (status == 0 && glp_get_status(sub) == GLP_OPT) {
        sub_intopt(sub, &state);
        int mip = glp_mip_status(sub);
        if ((mip == GLP_OPT || mip == GLP_FEAS) &&
            glp_mip_obj_val(sub) < glp_mip_obj_val(problem) - 1e-6 * fmax(1.0, fabs(glp_mip_obj_val(sub)))) {
            for (int c = 1; c <= model->column_count; c++)
                search->sub_values[c] = kept[c] > 0 ? glp_mip_col_val(sub, kept[c]) : 0.0;
            search->sub_pending = true;
        }
    }
    mem_free(kept);
    mem_free(start);
    search->sub_mips++;
    if (progress_on(search->options->progress)) {
        char plan_text[32];
        progress_number(glp_mip_status(sub) == GLP_OPT || glp_mip_status(sub) == GLP_FEAS
                            ? glp_mip_obj_val(sub) : NAN, 1, false, plan_text, sizeof plan_text);
        progress_line(search->options->progress,
                      "caseload: part %d/%d: sub-MIP %d on %d of %d pairs: %s in %.1f s",
                search->part_number, search->part_total, search->sub_mips, free_pairs,
                model->pair_count, plan_text, clock_seconds() - started);
    }
    glp_delete_prob(sub);
}

static void search_callback(glp_tree *tree, void *info)
{
    struct part_search *search = info;
    int reason = glp_ios_reason(tree);
    glp_prob *problem = glp_ios_get_prob(tree);
    int active, nodes, created;
    glp_ios_tree_size(tree, &active, &nodes, &created);
    if (reason == GLP_ICUTGEN)
        cuts_separate(search->cuts, tree);
    if (reason == GLP_IHEUR && search->start != NULL && !search->start_given) {
        search->start_given = true;
        glp_ios_heur_sol(tree, search->start);
    }
    if (reason == GLP_IHEUR && search->sub_pending) {
        search->sub_pending = false;
        /* GLPK takes a heuristic solution without checking its rows: check them */
        char reason_text[256];
        if (model_check_values(search->model, search->sub_values, reason_text, sizeof reason_text))
            glp_ios_heur_sol(tree, search->sub_values);
    }
    if (search->heuristic != NULL && !search->failed && search->stop == STOP_NONE) {
        /* on a schedule of subproblems, not of time, so that runs are alike */
        if (reason == GLP_IBRANCH && created >= search->next_sub_mip) {
            search_sub_mip(search, problem);
            search->next_sub_mip =
                SUB_MIP_SPACING * (created > SUB_MIP_LATER_NODES ? created : SUB_MIP_LATER_NODES);
        }
        if (reason == GLP_IHEUR && created >= search->next_rounding) {
            search_round(search, problem);
            search->next_rounding = ROUNDING_SPACING * created;
        } else if (reason == GLP_IBINGO) {
            search_polish(search, problem);
        }
        if (reason == GLP_IHEUR && search->pending) {
            search->pending = false;
            glp_ios_heur_sol(tree, search->values);
        }
    }
    int best = glp_ios_best_node(tree);
    if (best != 0) {
        double bound = glp_ios_node_bound(tree, best);
        if (bound > -DBL_MAX / 2 && bound > search->bound)
            search->bound = bound;
    }
    bool have_plan = glp_mip_status(problem) == GLP_FEAS || glp_mip_status(problem) == GLP_OPT;
    double objective = have_plan ? glp_mip_obj_val(problem) : 0.0;
    double gap = have_plan && search->bound > -DBL_MAX / 2
                     ? solution_relative_gap(objective, search->bound, search->unavoidable)
                     : INFINITY;
    double now = clock_seconds();
    if (search->shared->trace != NULL || progress_on(search->options->progress)) {
        if (have_plan && !(objective >= search->trace_objective - 1e-9)) {
            search->trace_objective = objective;
            search->trace_bound = fmax(search->trace_bound, search->bound);
            thread_trace_part(search->shared, search->part_index, "plan", objective, search->bound);
        } else if (search->bound > search->trace_bound + 1e-9 && now - search->last_bound_line >= TRACE_BOUND_SECONDS) {
            search->trace_bound = search->bound;
            search->last_bound_line = now;
            thread_trace_part(search->shared, search->part_index, "bound", NAN, search->bound);
        }
    }
    if (progress_on(search->options->progress) && now - search->last_report >= PROGRESS_SECONDS) {
        search->last_report = now;
    {
        char plan_text[32], bound_text[32], gap_text[32];
        progress_number(have_plan ? objective : NAN, 1, false, plan_text, sizeof plan_text);
        progress_number(search->bound, 1, false, bound_text, sizeof bound_text);
        progress_number(have_plan ? 100.0 * gap : NAN, 2, true, gap_text, sizeof gap_text);
        progress_line(search->options->progress,
                      "caseload: part %d/%d (%d children): %.1f s, plan %s, bound %s, gap %s",
                search->part_number, search->part_total, search->model->child_count,
                now - search->solve_started, plan_text, bound_text, gap_text);
    }
    }
    if (search->stop != STOP_NONE)
        return;
    if (have_plan && (gap <= search->options->gap + GAP_ROUNDING ||
                      objective - search->bound <= search->allowance)) {
        search->stop = STOP_GAP;
        glp_ios_terminate(tree);
    } else if (search->node_limit > 0 && search->next_sub_mip > 0 && created >= search->node_limit) {
        /* (next_sub_mip > 0: the root's sub-MIP has been tried) */
        search->stop = STOP_ROUND;
        glp_ios_terminate(tree);
    } else if (thread_must_stop(search->shared)) {
        search->stop = STOP_INTERRUPT;
        glp_ios_terminate(tree);
    } else if (now >= search->deadline || thread_memory_exhausted(search->shared)) {
        search->stop = STOP_TIME;
        glp_ios_terminate(tree);
    } else if (reason == GLP_IBRANCH) {
        branch_choose(search->branch, tree, NULL);
    }
}

/* Re-solve the heuristic's plan of one part team by team. The children the plan
 * gives to team t's assignees and those assignees form a model of their own:
 * with every other child where the plan has it, the rest of the objective is a
 * constant (a family split across teams adds the same count whatever t does), so
 * the optimum of that small model, which GLPK finds in a few hundred subproblems
 * at most, is the best plan in which every child stays in its team. Local moves
 * change one or two children at a time; this reshuffles a whole team at once,
 * which is what the capacity of its workers asks for. Stops at `deadline` or a
 * node limit per team, never on a clock otherwise, so its plan is the same on
 * every machine. Call inside a model_guard. Returns false when memory runs out. */
bool search_improve_by_team(struct search_thread *thread, int index, double deadline)
{
    struct solve_shared *shared = thread->shared;
    const struct instance *instance = shared->instance;
    const struct part *part = &shared->parts[index];
    struct heuristic *h = &thread->heuristic;
    size_t children = (size_t)part->child_count + 1, assignees = (size_t)part->assignee_count + 1;
    int *team_children = mem_alloc(children * sizeof *team_children);
    int *team_assignees = mem_alloc(assignees * sizeof *team_assignees);
    int *plan = mem_alloc(children * sizeof *plan);
    int *local = mem_alloc(((size_t)h->assignee_count + 1) * sizeof *local);
    bool *done = mem_calloc((size_t)instance->team_count + 1, sizeof *done); /* per team */
    bool ok = team_children != NULL && team_assignees != NULL && plan != NULL && local != NULL &&
              done != NULL;
    for (int first = 0; ok && first < part->assignee_count; first++) {
        /* team t once: at its first assignee in the part */
        int team = instance_assignee_team(instance, part->assignees[first]);
        if (done[team])
            continue;
        done[team] = true;
        if (clock_seconds() >= deadline || thread_must_stop(shared))
            break;
        int assignee_count = 0, child_count = 0;
        for (int j = first; j < part->assignee_count; j++)
            if (instance_assignee_team(instance, part->assignees[j]) == team) {
                local[part->assignees[j]] = assignee_count;
                team_assignees[assignee_count++] = part->assignees[j];
            }
        for (int k = 0; k < part->child_count; k++) {
            int a = h->assignee[part->children[k]];
            if (a >= 0 && instance_assignee_team(instance, a) == team) {
                plan[child_count] = local[a];
                team_children[child_count++] = part->children[k];
            }
        }
        /* (a team alone in its part is the part's own model: the branch-and-cut
         * passes search it) */
        if (child_count < 2 || assignee_count < 2 || assignee_count == part->assignee_count)
            continue;
        struct model_counts counts;
        struct model_size size;
        parts_count_model(h, team_children, child_count, team_assignees, assignee_count, team, &counts);
        if (!thread_model_fits(shared, &counts, deadline, &size))
            continue; /* too large for the memory or the time left */
        struct model model;
        char error[256];
        if (!model_build(instance, team_children, child_count, team_assignees, assignee_count,
                         MODEL_SIBLINGS_PER_CHILD, &model, error, sizeof error)) {
            ok = false;
            break;
        }
        double *values = mem_alloc(((size_t)model.column_count + 1) * sizeof *values);
        char reason[256];
        if (values == NULL) {
            ok = false;
        } else if (model_values_from_assignment(&model, plan, values) &&
                   model_check_values(&model, values, reason, sizeof reason)) {
            double before = model_objective(&model, values);
            int status = model_solve_relaxation(&model, plan, deadline - clock_seconds(), NULL);
            if (status == 0 && glp_get_status(model.problem) == GLP_OPT &&
                glp_get_obj_val(model.problem) < before - 1e-6 * fmax(1.0, fabs(before))) {
                struct sub_search state = {
                    .start = values,
                    .node_limit = TEAM_NODE_LIMIT,
                    .deadline = deadline,
                    .shared = shared,
                };
                sub_intopt(model.problem, &state);
                int mip = glp_mip_status(model.problem);
                if ((mip == GLP_OPT || mip == GLP_FEAS) &&
                    glp_mip_obj_val(model.problem) < before - 1e-6 * fmax(1.0, fabs(before))) {
                    model_read_assignment(&model, plan);
                    for (int i = 0; i < child_count; i++)
                        heuristic_apply(h, team_children[i],
                                        plan[i] >= 0 ? team_assignees[plan[i]] : -1);
                }
            }
        }
        mem_free(values);
        model_free(&model);
    }
    mem_free(team_children);
    mem_free(team_assignees);
    mem_free(plan);
    mem_free(local);
    mem_free(done);
    return ok;
}

/* A second starting plan, from the LP optimum of part `index` (in its model's
 * problem): each child rounded to its largest x where the rules allow, local
 * moves, the team re-solve and local moves again. The LP is nearly integral,
 * so this plan takes the LP's choice of team for almost every child, which the
 * starting plan, built child by child, cannot see (on four generated counties
 * it closes 80 % or more of the gap left in two of the parts that have one, in
 * 0.3 s each). It replaces the starting plan when it is better; else the
 * starting plan is put back. Returns false when memory runs out. */
bool search_improve_from_lp(struct search_thread *thread, int index)
{
    struct solve_shared *shared = thread->shared;
    const struct part *part = &shared->parts[index];
    struct part_job *job = &shared->jobs[index];
    const struct model *model = &thread->model;
    double improve_deadline = fmin(thread_share_deadline(shared, LOCAL_MOVES_SHARE), job->root_deadline);
    double team_deadline = fmin(thread_share_deadline(shared, TEAM_SHARE), job->root_deadline);
    /* the starting plan, to put back (local_assignee is free in this pass) */
    int *saved = thread->local_assignee;
    memcpy(saved, thread->start_local, (size_t)part->child_count * sizeof *saved);
    double saved_objective = job->start_objective;
    struct part_search round = {
        .model = model,
        .options = shared->options,
        .deadline = improve_deadline,
        .heuristic = &thread->heuristic,
        .local_of = shared->local_of,
        .plan = thread->plan,
        .values = thread->search_values,
        .rank = thread->rank,
        .shared = shared,
    };
    search_round(&round, model->problem);
    if (round.failed || !search_improve_by_team(thread, index, team_deadline) ||
        !heuristic_improve(&thread->heuristic, part->children, part->child_count, true,
                           improve_deadline))
        return false;
    bool ok;
    double objective;
    thread_read_plan(thread, index, &ok, &objective);
    if (ok && objective < saved_objective - 1e-9 * fmax(1.0, fabs(saved_objective))) {
        job->start_objective = objective;
        thread_trace_part(shared, index, "plan", objective, NAN);
        return true;
    }
    for (int k = 0; k < part->child_count; k++)
        heuristic_apply(&thread->heuristic, part->children[k],
                        saved[k] >= 0 ? part->assignees[saved[k]] : -1);
    thread_read_plan(thread, index, &job->start_ok, &job->start_objective);
    return true;
}

/* The local assignee of every local child in column values `values`. */
static void values_read_assignment(const struct model *model, const double *values,
                                   int *local_assignee)
{
    for (int i = 0; i < model->child_count; i++) {
        local_assignee[i] = -1;
        for (int p = model->pair_start[i]; p < model->pair_start[i + 1]; p++)
            if (values[model->x_column[p]] > 0.5)
                local_assignee[i] = model->pair_assignee[p];
    }
}

/* A branch-and-cut pass over part `index` (PASS_FIRST or PASS_SEARCH) from the
 * part's best plan so far and the first pass's LP basis, until the part's gap is
 * within its allowance, the pass's node limit is reached (PASS_FIRST), its time
 * share is used up or the search is stopped. The part's best plan goes into the
 * heuristic's plan (the solution), moved there child by child so that the
 * heuristic's counts stay those of the plan. Returns false when memory runs out. */
/* Build part `index`'s model and solve its LP relaxation from the first pass's
 * basis (or priced in from the starting plan), raising the part's bound to the LP
 * optimum. *plan_ok: the starting plan satisfies the model; *lp_ok: the LP was
 * solved to optimality. Returns false when memory runs out. */
static bool pass_root_lp(struct search_thread *thread, int index, struct part_job *job,
                         double deadline, bool *plan_ok, bool *lp_ok)
{
    *lp_ok = false;
    double plan_objective;
    if (!thread_build(thread, index, plan_ok, &plan_objective))
        return false;
    const struct model *model = &thread->model;
    glp_prob *problem = model->problem;
    int status;
    if (job->row_status != NULL && job->row_count == glp_get_num_rows(problem)) {
        for (int r = 1; r <= job->row_count; r++)
            glp_set_row_stat(problem, r, job->row_status[r]);
        for (int c = 1; c <= model->column_count; c++)
            glp_set_col_stat(problem, c, job->column_status[c]);
        glp_smcp simplex;
        glp_init_smcp(&simplex);
        simplex.msg_lev = GLP_MSG_OFF;
        simplex.meth = GLP_PRIMAL;
        double seconds = deadline - clock_seconds();
        simplex.tm_lim = seconds <= 0 ? 1 : (int)(seconds * 1000.0) + 1;
        status = glp_simplex(problem, &simplex);
    } else {
        status = model_solve_relaxation(model, *plan_ok ? thread->start_local : NULL,
                                        deadline - clock_seconds(), NULL);
    }
    *lp_ok = status == 0 && glp_get_status(problem) == GLP_OPT;
    if (*lp_ok && glp_get_obj_val(problem) > job->result.bound)
        job->result.bound = glp_get_obj_val(problem);
    return true;
}

/* GLPK's branch-and-cut on the model of `search`, with our cuts (when asked) and
 * branching rule, from the part's best plan; glp_intopt's return code. */
static int pass_branch_and_cut(struct part_search *search, struct part_job *job,
                               glp_prob *problem)
{
    const struct solve_shared *shared = search->shared;
    const struct model *model = search->model;
    glp_iocp parameters;
    glp_init_iocp(&parameters);
    parameters.msg_lev = GLP_MSG_OFF;
    parameters.presolve = GLP_OFF; /* keep the columns the starting plan is written for */
    /* measured on a county-scale instance: Gomory cuts cost seconds per part and
     * clique cuts build a large conflict graph, neither moved the bound; MIR and
     * cover cuts are cheap */
    parameters.gmi_cuts = GLP_OFF;
    parameters.mir_cuts = GLP_ON;
    parameters.cov_cuts = GLP_ON;
    parameters.clq_cuts = GLP_OFF;
    parameters.mip_gap = 0.0; /* the callback stops at the allowance with the bound it reports */
    parameters.cb_func = search_callback;
    parameters.cb_info = search;
    parameters.tm_lim = milliseconds_left(search);
    job->searches++;
    search->cuts = shared->options->cuts ? cuts_new(model) : NULL; /* NULL also when out of memory */
    search->branch = branch_new(problem); /* NULL (out of memory): GLPK's own rule */
    if (BRANCH_HIRES_FIRST)
        for (int j = 0; j < model->assignee_count; j++)
            if (model->y_column[j] != 0)
                branch_prefer(search->branch, &model->y_column[j], 1);
    int status = glp_intopt(problem, &parameters);
    cuts_free(search->cuts);
    search->cuts = NULL;
    branch_free(search->branch);
    search->branch = NULL;
    return status;
}

/* What the search of `search` found into the part's result: its plan (or a plan
 * the heuristics found that GLPK had no chance to take) into local_assignee when
 * better than the part's, the bound, whether the part is proven. Returns whether
 * the plan improved; *infeasible when the part was proven to have no solution. */
static bool pass_read_result(const struct part_search *search, struct part_job *job,
                             glp_prob *problem, int status, int *local_assignee,
                             bool *infeasible)
{
    const struct model *model = search->model;
    struct part_result *result = &job->result;
    *infeasible = false;
    int mip = glp_mip_status(problem);
    if (search->bound > result->bound)
        result->bound = search->bound;
    bool improved = false;
    if (mip == GLP_OPT || mip == GLP_FEAS) {
        double objective = glp_mip_obj_val(problem);
        if (!result->has_plan || objective < result->objective - 1e-9) {
            model_read_assignment(model, local_assignee);
            result->objective = objective;
            improved = true;
        }
        /* a plan the heuristics found but GLPK had no chance to take before it stopped */
        const double *waiting[2] = {search->sub_pending ? search->sub_values : NULL,
                                    search->pending ? search->values : NULL};
        char reason[256];
        for (int w = 0; w < 2; w++) {
            if (waiting[w] == NULL || !model_check_values(model, waiting[w], reason, sizeof reason))
                continue;
            double value = model_objective(model, waiting[w]);
            if (value < result->objective - 1e-9) {
                values_read_assignment(model, waiting[w], local_assignee);
                result->objective = value;
                improved = true;
            }
        }
        result->has_plan = true;
        if (status == 0 && mip == GLP_OPT && search->stop == STOP_NONE)
            result->bound = result->objective;
    } else if (status == 0 && mip == GLP_NOFEAS && search->stop == STOP_NONE) {
        result->infeasible = !result->has_plan;
        *infeasible = true;
        return false;
    }
    if (result->has_plan) {
        if (result->bound > result->objective)
            result->bound = result->objective;
        result->proven = result->objective - result->bound <= job->allowance;
    }
    return improved;
}

bool search_pass(struct search_thread *thread, int index, double deadline)
{
    struct solve_shared *shared = thread->shared;
    const struct part *part = &shared->parts[index];
    struct part_job *job = &shared->jobs[index];
    struct part_result *result = &job->result;
    bool first = shared->pass == PASS_FIRST;
    if (job->skipped || !job->active)
        return true;
    if (first) {
        result->has_plan = job->start_ok;
        result->objective = job->start_ok ? job->start_objective : 0.0;
        result->bound = job->lp_bound;
        if (result->infeasible)
            return true;
        if (job->start_ok && job->start_objective - job->lp_bound <= job->allowance) {
            result->proven = true; /* the LP bound proves the starting plan */
            return true;
        }
    }
    if (clock_seconds() + job->build_seconds >= deadline || thread_must_stop(shared))
        return true;
    /* the start: the starting plan, or the first branch-and-cut pass's best */
    bool plan_ok, lp_ok;
    if (!pass_root_lp(thread, index, job, deadline, &plan_ok, &lp_ok))
        return false;
    if (!lp_ok)
        return true;
    const struct model *model = &thread->model;
    glp_prob *problem = model->problem;
    double now = clock_seconds();
    struct part_search search = {
        .model = model,
        .options = shared->options,
        .deadline = deadline,
        .solve_started = shared->started,
        .last_report = now,
        .part_number = index + 1,
        .part_total = shared->part_count,
        .heuristic = &thread->heuristic,
        .local_of = shared->local_of,
        .plan = thread->plan,
        .values = thread->search_values,
        .rank = thread->rank,
        .sub_values = thread->sub_values,
        .allowance = job->allowance,
        .unavoidable = model_unavoidable(model),
        .node_limit = first ? FIRST_PASS_NODES : shared->options->node_limit,
        /* the root's sub-MIP ran in the first pass; this one starts from its plan */
        .next_sub_mip = first ? 0 : SUB_MIP_LATER_NODES,
        .shared = shared,
        .part_index = index,
        .trace_objective = result->has_plan ? result->objective : INFINITY,
        .trace_bound = result->bound,
        .bound = result->bound,
        .start = result->has_plan && plan_ok ? thread->values : NULL, /* (!plan_ok: out of memory) */
    };
    const int *start_local = thread->start_local;
    int *local_assignee = thread->local_assignee;
    if (plan_ok)
        memcpy(local_assignee, start_local, (size_t)model->child_count * sizeof *local_assignee);

    /* branch-and-cut from the part's best plan */
    int status = pass_branch_and_cut(&search, job, problem);
    job->stopped_on_time = search.stop == STOP_TIME || status == GLP_ETMLIM;
    bool infeasible;
    bool improved = pass_read_result(&search, job, problem, status, local_assignee, &infeasible);
    if (infeasible)
        return true;
    /* the part's plan into the solution: the start or the search's best */
    const int *best = improved ? local_assignee : start_local;
    if (result->has_plan && (improved || plan_ok))
        for (int k = 0; k < part->child_count; k++)
            heuristic_apply(&thread->heuristic, part->children[k],
                            best[k] >= 0 ? part->assignees[best[k]] : -1);
    return true;
}
