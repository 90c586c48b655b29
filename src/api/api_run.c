/* api_run.c - the public API's computations on a loaded instance (caseload.h):
 * plan, check, size, compare and explain, each with its writers. */
#include <string.h>

#include "api/api_internal.h"
#include "report/check.h"
#include "report/compare.h"
#include "report/plan.h"
#include "report/report.h"
#include "report/size.h"

/* --- Plan -------------------------------------------------------------------------- */

struct caseload_plan {
    const struct instance *instance; /* not owned */
    struct solution solution;
    struct plan *plan;               /* NULL when the status has no plan */
    caseload_status status;
};

/* The public status of a solve: a plan with a gap says why it has one. */
static caseload_status plan_status(const struct solution *solution, const struct solve_options *options)
{
    switch (solution->status) {
    case SOLVE_OPTIMAL: return CASELOAD_STATUS_OPTIMAL;
    case SOLVE_INFEASIBLE: return CASELOAD_STATUS_INFEASIBLE;
    case SOLVE_NO_PLAN: return CASELOAD_STATUS_NO_PLAN;
    case SOLVE_FEASIBLE: break;
    }
    if (options->interrupted != NULL && *options->interrupted != 0)
        return CASELOAD_STATUS_STOPPED;
    if (solution->over_limit > 0)
        return CASELOAD_STATUS_FEASIBLE;
    return CASELOAD_STATUS_TIME_LIMIT;
}

caseload_error caseload_plan_solve(const caseload_instance *instance, const caseload_settings *settings,
                                   caseload_plan **out, char *error, size_t size)
{
    *out = NULL;
    caseload_error result = caseload_settings_validate(settings, error, size);
    if (result != CASELOAD_OK)
        return result;
    caseload_plan *plan = mem_calloc(1, sizeof *plan);
    if (plan == NULL) {
        api_set_error(error, size, "out of memory");
        return CASELOAD_ERROR_MEMORY;
    }
    plan->instance = instance->instance;
    struct progress progress;
    struct solve_options options;
    api_solve_options(settings, &progress, &options);
    char reason[1024] = "";
    if (!solve_instance(plan->instance, &options, &plan->solution, reason, sizeof reason)) {
        result = strstr(reason, "out of memory") != NULL ? CASELOAD_ERROR_MEMORY : CASELOAD_ERROR_INTERNAL;
        goto fail;
    }
    plan->status = plan_status(&plan->solution, &options);
    if (caseload_status_has_plan(plan->status)) {
        plan->plan = plan_build(plan->instance, &plan->solution, instance->scenario_name, reason, sizeof reason);
        if (plan->plan == NULL) {
            result = CASELOAD_ERROR_INTERNAL;
            goto fail;
        }
    }
    *out = plan;
    return CASELOAD_OK;
fail:
    api_set_error(error, size, reason);
    caseload_plan_free(plan);
    return result;
}

void caseload_plan_free(caseload_plan *plan)
{
    if (plan == NULL)
        return;
    plan_free(plan->plan);
    solution_free(&plan->solution);
    mem_free(plan);
}

void caseload_plan_get_info(const caseload_plan *plan, caseload_plan_info *info)
{
    memset(info, 0, sizeof *info);
    info->status = plan->status;
    info->objective = plan->plan != NULL ? plan->plan->objective : plan->solution.objective;
    info->bound = plan->plan != NULL ? plan->plan->bound : plan->solution.bound;
    info->gap = plan->plan != NULL ? plan->plan->gap : plan->solution.gap;
    info->seconds = plan->solution.seconds;
    info->part_count = plan->solution.part_count;
    info->parts_over_limit = plan->solution.over_limit;
}

static caseload_error write_plan(const void *handle, int format, FILE *stream)
{
    const caseload_plan *plan = handle;
    if (plan->plan == NULL)
        return CASELOAD_ERROR_NO_PLAN;
    const struct plan *p = plan->plan;
    const struct instance *instance = plan->instance;
    bool written;
    switch (format) {
    case CASELOAD_PLAN_JSON: written = plan_write_json(p, instance, stream); break;
    case CASELOAD_PLAN_CSV: written = plan_write_csv(p, instance, stream); break;
    case CASELOAD_PLAN_HTML: written = report_write_plan_html(p, instance, stream); break;
    case CASELOAD_PLAN_WORKERS_CSV: written = plan_write_workers_csv(p, instance, stream); break;
    case CASELOAD_PLAN_TEAMS_CSV: written = plan_write_teams_csv(p, instance, stream); break;
    case CASELOAD_PLAN_SUMMARY:
        written = plan_write_summary(p, instance, stream) && report_write_verdict(p, instance, stream);
        break;
    default: return CASELOAD_ERROR_NOT_FOUND;
    }
    return written ? CASELOAD_OK : CASELOAD_ERROR_IO;
}

caseload_error caseload_plan_write(const caseload_plan *plan, caseload_plan_format format, FILE *stream)
{
    return write_plan(plan, format, stream);
}

caseload_error caseload_plan_write_buffer(const caseload_plan *plan, caseload_plan_format format, char **data,
                                          size_t *length)
{
    return api_write_buffer(write_plan, plan, format, data, length);
}

/* --- Check ----------------------------------------------------------------------------- */

struct caseload_check {
    const struct instance *instance; /* not owned */
    struct check_report report;
};

caseload_error caseload_check_compute(const caseload_instance *instance, caseload_check **out)
{
    caseload_check *check = mem_calloc(1, sizeof *check);
    *out = NULL;
    if (check == NULL)
        return CASELOAD_ERROR_MEMORY;
    check->instance = instance->instance;
    if (!check_compute(check->instance, &check->report)) {
        mem_free(check);
        return CASELOAD_ERROR_MEMORY;
    }
    *out = check;
    return CASELOAD_OK;
}

void caseload_check_free(caseload_check *check)
{
    if (check == NULL)
        return;
    check_report_free(&check->report);
    mem_free(check);
}

void caseload_check_get_info(const caseload_check *check, caseload_check_info *info)
{
    info->workers_over_cap = check->report.over_cap_workers;
    info->children_over_cap = check->report.over_cap_children;
    info->unassigned_children = check->report.unassigned_children;
}

static caseload_error write_check(const void *handle, int format, FILE *stream)
{
    const caseload_check *check = handle;
    const struct check_report *report = &check->report;
    switch (format) {
    case CASELOAD_CHECK_REPORT:
        return check_write(check->instance, report, stream) ? CASELOAD_OK : CASELOAD_ERROR_IO;
    case CASELOAD_CHECK_VERDICT:
        fprintf(stream, "%s: workers over the cap %d, children above it %d",
                report->over_cap_workers > 0 ? "NOT COMPLIANT" : "compliant", report->over_cap_workers,
                report->over_cap_children);
        if (report->unassigned_children > 0)
            check_write_unassigned(report, stream);
        fputc('\n', stream);
        return api_stream_result(true, stream);
    case CASELOAD_CHECK_HTML:
        return report_write_check_html(check->instance, stream) ? CASELOAD_OK : CASELOAD_ERROR_IO;
    default: return CASELOAD_ERROR_NOT_FOUND;
    }
}

caseload_error caseload_check_write(const caseload_check *check, caseload_check_format format, FILE *stream)
{
    return write_check(check, format, stream);
}

caseload_error caseload_check_write_buffer(const caseload_check *check, caseload_check_format format, char **data,
                                           size_t *length)
{
    return api_write_buffer(write_check, check, format, data, length);
}

/* --- Size ---------------------------------------------------------------------------------- */

struct caseload_sizing {
    const struct instance *instance; /* not owned */
    const char *scenario_name;       /* the instance's, not owned */
    struct size_report report;
};

caseload_error caseload_size(const caseload_instance *instance, const caseload_settings *settings,
                             caseload_sizing **out, char *error, size_t size)
{
    *out = NULL;
    caseload_error result = caseload_settings_validate(settings, error, size);
    if (result != CASELOAD_OK)
        return result;
    caseload_sizing *sizing = mem_calloc(1, sizeof *sizing);
    if (sizing == NULL) {
        api_set_error(error, size, "out of memory");
        return CASELOAD_ERROR_MEMORY;
    }
    sizing->instance = instance->instance;
    sizing->scenario_name = instance->scenario_name;
    struct progress progress;
    struct solve_options options;
    api_solve_options(settings, &progress, &options);
    bool no_plan = false;
    char reason[512] = "";
    if (!size_run(sizing->instance, &options, sizing->scenario_name, &sizing->report, &no_plan, reason,
                  sizeof reason)) {
        api_set_error(error, size, reason);
        mem_free(sizing);
        return no_plan ? CASELOAD_ERROR_NO_PLAN : CASELOAD_ERROR_INTERNAL;
    }
    *out = sizing;
    return CASELOAD_OK;
}

void caseload_sizing_free(caseload_sizing *sizing)
{
    if (sizing == NULL)
        return;
    size_report_free(&sizing->report);
    mem_free(sizing);
}

static caseload_error write_sizing(const void *handle, int format, FILE *stream)
{
    const caseload_sizing *sizing = handle;
    bool written;
    switch (format) {
    case CASELOAD_SIZING_TABLE: written = size_write_table(&sizing->report, sizing->instance, stream); break;
    case CASELOAD_SIZING_JSON:
        written = size_write_json(&sizing->report, sizing->instance, sizing->scenario_name, stream);
        break;
    case CASELOAD_SIZING_CSV: written = size_write_csv(&sizing->report, sizing->instance, stream); break;
    default: return CASELOAD_ERROR_NOT_FOUND;
    }
    return written ? CASELOAD_OK : CASELOAD_ERROR_IO;
}

caseload_error caseload_sizing_write(const caseload_sizing *sizing, caseload_sizing_format format, FILE *stream)
{
    return write_sizing(sizing, format, stream);
}

caseload_error caseload_sizing_write_buffer(const caseload_sizing *sizing, caseload_sizing_format format,
                                            char **data, size_t *length)
{
    return api_write_buffer(write_sizing, sizing, format, data, length);
}

/* --- Compare ----------------------------------------------------------------------------- */

struct caseload_comparison {
    struct compare_column *columns; /* count */
    char **names;                   /* per column, owned: what columns[i].name points to */
    char **files;                   /* per column, owned (NULL: none) */
    int count;
    char *instance_name;            /* owned */
};

caseload_comparison *caseload_comparison_create(int column_count, const char *instance_name)
{
    if (column_count < 1)
        return NULL;
    caseload_comparison *comparison = mem_calloc(1, sizeof *comparison);
    if (comparison == NULL)
        return NULL;
    comparison->count = column_count;
    comparison->columns = mem_calloc((size_t)column_count, sizeof *comparison->columns);
    comparison->names = mem_calloc((size_t)column_count, sizeof *comparison->names);
    comparison->files = mem_calloc((size_t)column_count, sizeof *comparison->files);
    comparison->instance_name = mem_strdup(instance_name != NULL ? instance_name : "");
    if (comparison->columns == NULL || comparison->names == NULL || comparison->files == NULL ||
        comparison->instance_name == NULL) {
        caseload_comparison_free(comparison);
        return NULL;
    }
    return comparison;
}

void caseload_comparison_free(caseload_comparison *comparison)
{
    if (comparison == NULL)
        return;
    for (int i = 0; i < comparison->count; i++) {
        if (comparison->columns != NULL)
            compare_column_free(&comparison->columns[i]);
        if (comparison->names != NULL)
            mem_free(comparison->names[i]);
        if (comparison->files != NULL)
            mem_free(comparison->files[i]);
    }
    mem_free(comparison->columns);
    mem_free(comparison->names);
    mem_free(comparison->files);
    mem_free(comparison->instance_name);
    mem_free(comparison);
}

caseload_error caseload_comparison_set_column(caseload_comparison *comparison, int column,
                                              const caseload_instance *instance, const char *file)
{
    if (column < 0 || column >= comparison->count)
        return CASELOAD_ERROR_NOT_FOUND;
    struct compare_column *target = &comparison->columns[column];
    mem_free(comparison->names[column]);
    mem_free(comparison->files[column]);
    comparison->names[column] = mem_strdup(instance->scenario_name != NULL ? instance->scenario_name : "base");
    comparison->files[column] = file != NULL ? mem_strdup(file) : NULL;
    target->name = comparison->names[column];
    target->file = comparison->files[column];
    bool named = comparison->names[column] != NULL && (file == NULL || comparison->files[column] != NULL);
    return named ? CASELOAD_OK : CASELOAD_ERROR_MEMORY;
}

caseload_error caseload_comparison_solve(caseload_comparison *comparison, int column,
                                         const caseload_instance *instance, const caseload_settings *settings,
                                         caseload_status *status, char *error, size_t size)
{
    *status = CASELOAD_STATUS_NO_PLAN;
    if (column < 0 || column >= comparison->count) {
        api_set_error(error, size, "no such column");
        return CASELOAD_ERROR_NOT_FOUND;
    }
    caseload_error result = caseload_settings_validate(settings, error, size);
    if (result != CASELOAD_OK)
        return result;
    if (comparison->names[column] == NULL &&
        caseload_comparison_set_column(comparison, column, instance, NULL) != CASELOAD_OK) {
        api_set_error(error, size, "out of memory");
        return CASELOAD_ERROR_MEMORY;
    }
    struct compare_column *target = &comparison->columns[column];
    struct progress progress;
    struct solve_options options;
    api_solve_options(settings, &progress, &options);
    enum solve_status solved;
    char reason[512] = "";
    struct plan *plan =
        compare_solve_plan(instance->instance, &options, instance->scenario_name, &solved, reason, sizeof reason);
    api_set_error(error, size, reason);
    if (plan == NULL && solved == SOLVE_OPTIMAL)
        return strstr(reason, "out of memory") != NULL ? CASELOAD_ERROR_MEMORY : CASELOAD_ERROR_INTERNAL;
    if (plan == NULL) {
        target->kpis.status = solved;
        *status = solved == SOLVE_INFEASIBLE ? CASELOAD_STATUS_INFEASIBLE : CASELOAD_STATUS_NO_PLAN;
        return CASELOAD_OK;
    }
    bool filled = compare_column_fill(target, plan, instance->instance);
    *status = plan->status == SOLVE_OPTIMAL ? CASELOAD_STATUS_OPTIMAL
              : options.interrupted != NULL && *options.interrupted != 0 ? CASELOAD_STATUS_STOPPED
                                                                        : CASELOAD_STATUS_TIME_LIMIT;
    plan_free(plan);
    if (!filled) {
        api_set_error(error, size, "out of memory");
        return CASELOAD_ERROR_MEMORY;
    }
    target->solved = true;
    return CASELOAD_OK;
}

static caseload_error write_comparison(const void *handle, int format, FILE *stream)
{
    const caseload_comparison *comparison = handle;
    const struct compare_column *columns = comparison->columns;
    int count = comparison->count;
    bool written;
    switch (format) {
    case CASELOAD_COMPARISON_TABLE:
        written = compare_write_table(columns, count, stream) && compare_write_team_table(columns, count, stream);
        break;
    case CASELOAD_COMPARISON_JSON:
        written = compare_write_json(columns, count, comparison->instance_name, stream);
        break;
    case CASELOAD_COMPARISON_CSV: written = compare_write_csv(columns, count, stream); break;
    case CASELOAD_COMPARISON_HTML:
        written = compare_write_html(columns, count, comparison->instance_name, stream);
        break;
    default: return CASELOAD_ERROR_NOT_FOUND;
    }
    return written ? CASELOAD_OK : CASELOAD_ERROR_IO;
}

caseload_error caseload_comparison_write(const caseload_comparison *comparison, caseload_comparison_format format,
                                         FILE *stream)
{
    return write_comparison(comparison, format, stream);
}

caseload_error caseload_comparison_write_buffer(const caseload_comparison *comparison,
                                                caseload_comparison_format format, char **data, size_t *length)
{
    return api_write_buffer(write_comparison, comparison, format, data, length);
}

/* --- Explain ------------------------------------------------------------------------------- */

struct caseload_explanation {
    const struct instance *instance; /* not owned */
    struct explanation explanation;
    const char *reason;              /* the plan's reason for the child, not owned (NULL: none) */
};

caseload_error caseload_explain(const caseload_instance *instance, const caseload_plan_file *plan,
                                const char *child_id, caseload_explanation **out, char *error, size_t size)
{
    *out = NULL;
    int child = plan_find_child(instance->instance, child_id);
    if (child < 0) {
        api_set_error(error, size, "no such child in the instance");
        return CASELOAD_ERROR_NOT_FOUND;
    }
    caseload_explanation *explanation = mem_calloc(1, sizeof *explanation);
    if (explanation == NULL) {
        api_set_error(error, size, "out of memory");
        return CASELOAD_ERROR_MEMORY;
    }
    explanation->instance = instance->instance;
    explanation->reason = plan->plan->reason[child];
    if (!explain_build(instance->instance, plan->plan->assignee, child, &explanation->explanation, error, size)) {
        mem_free(explanation);
        return CASELOAD_ERROR_INTERNAL;
    }
    *out = explanation;
    return CASELOAD_OK;
}

void caseload_explanation_free(caseload_explanation *explanation)
{
    if (explanation == NULL)
        return;
    explain_free(&explanation->explanation);
    mem_free(explanation);
}

static caseload_error write_explanation(const void *handle, int format, FILE *stream)
{
    (void)format;
    const caseload_explanation *explanation = handle;
    return explain_write(&explanation->explanation, explanation->instance, explanation->reason, 5, stream)
               ? CASELOAD_OK
               : CASELOAD_ERROR_IO;
}

caseload_error caseload_explanation_write(const caseload_explanation *explanation, FILE *stream)
{
    return write_explanation(explanation, 0, stream);
}

/* The assignee named `id`: a worker, or a hire "TEAM/hire-K" of a team that may
 * hire K; -1 when none. */
static int assignee_of_id(const struct instance *instance, const char *id)
{
    int worker = instance_find_worker(instance, id);
    if (worker >= 0)
        return worker;
    char buffer[256];
    for (int a = instance->worker_count; a < instance_assignee_count(instance); a++)
        if (strcmp(instance_assignee_id(instance, a, buffer, sizeof buffer), id) == 0)
            return a;
    return -1;
}

caseload_error caseload_explanation_write_worker(const caseload_explanation *explanation, const char *worker_id,
                                                 FILE *stream)
{
    int assignee = assignee_of_id(explanation->instance, worker_id);
    if (assignee < 0)
        return CASELOAD_ERROR_NOT_FOUND;
    return explain_write_worker(&explanation->explanation, explanation->instance, assignee, stream)
               ? CASELOAD_OK
               : CASELOAD_ERROR_IO;
}

caseload_error caseload_explanation_write_buffer(const caseload_explanation *explanation, char **data,
                                                 size_t *length)
{
    return api_write_buffer(write_explanation, explanation, 0, data, length);
}
