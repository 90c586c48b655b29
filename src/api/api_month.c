/* api_month.c - the public API of the monthly cycle: move policies, a plan adopted, a new family placed (caseload.h). */
#include "api/api_internal.h"

#include <string.h>

#include "io/fileio.h"
#include "io/instance_write.h"
#include "io/scenario.h"
#include "report/recommend.h"

bool caseload_moves_from_name(const char *name, caseload_moves *out)
{
    enum move_policy policy = instance_moves_from_name(name);
    if (policy == MOVES_COUNT)
        return false;
    *out = policy == MOVES_LAW ? CASELOAD_MOVES_LAW : policy == MOVES_INTAKE ? CASELOAD_MOVES_INTAKE
                                                                             : CASELOAD_MOVES_ALL;
    return true;
}

caseload_error caseload_instance_hold_for_moves(caseload_instance *instance, caseload_moves moves)
{
    struct rules *rules = &instance->instance->rules;
    enum move_policy before = rules->moves;
    if (moves != CASELOAD_MOVES_RULES)
        rules->moves = moves == CASELOAD_MOVES_LAW ? MOVES_LAW : moves == CASELOAD_MOVES_INTAKE ? MOVES_INTAKE
                                                                                               : MOVES_ALL;
    if (instance_hold_for_moves(instance->instance) < 0) {
        rules->moves = before;
        return CASELOAD_ERROR_MEMORY;
    }
    return CASELOAD_OK;
}

/* The two handles write_after needs, as one for api_write_buffer. */
struct after_plan {
    const caseload_instance *instance;
    const caseload_plan_file *plan;
};

static caseload_error write_after(const void *handle, int format, FILE *stream)
{
    (void)format;
    const struct after_plan *after = handle;
    const int *assignee = after->plan != NULL ? after->plan->plan->assignee : NULL;
    return api_stream_result(instance_write_json(after->instance->instance, assignee, stream), stream);
}

caseload_error caseload_instance_write_after(const caseload_instance *instance, const caseload_plan_file *plan,
                                             FILE *stream)
{
    struct after_plan after = {instance, plan};
    return write_after(&after, 0, stream);
}

caseload_error caseload_instance_write_after_buffer(const caseload_instance *instance,
                                                    const caseload_plan_file *plan, char **data, size_t *length)
{
    struct after_plan after = {instance, plan};
    return api_write_buffer(write_after, &after, 0, data, length);
}

int caseload_plan_file_hires_opened(const caseload_instance *instance, const caseload_plan_file *plan)
{
    int opened = 0;
    for (int t = 0; t < instance->instance->team_count; t++)
        opened += instance_write_hires_opened(instance->instance, plan->plan->assignee, t);
    return opened;
}

/* --- Suggest ---------------------------------------------------------------------------- */

struct caseload_suggestions {
    const struct instance *instance; /* the caller's, with the family added */
    struct recommendations ranked;
};

/* The family's `text` added to `instance` and ranked (recommend.h). */
static caseload_error suggest_text(caseload_instance *instance, const char *text, size_t length,
                                   caseload_suggestions **out, caseload_diagnostics *used, caseload_diagnostics *local)
{
    int first = 0;
    bool added = text != NULL && scenario_add_family(text, length, instance->instance, &first, &used->errors);
    char error[512] = "";
    caseload_suggestions *suggestions = added ? mem_calloc(1, sizeof *suggestions) : NULL;
    if (added && suggestions == NULL)
        used->errors.out_of_memory = true;
    if (suggestions != NULL) {
        suggestions->instance = instance->instance;
        if (!recommend_family(instance->instance, first, &suggestions->ranked, error, sizeof error)) {
            if (strcmp(error, "out of memory") == 0)
                used->errors.out_of_memory = true;
            else
                diag_error(&used->errors, "children", "%s", error);
            mem_free(suggestions);
            suggestions = NULL;
        }
    }
    *out = suggestions;
    caseload_error result = api_diagnostics_end(used, local, suggestions == NULL);
    if (result != CASELOAD_OK) {
        caseload_suggestions_free(*out);
        *out = NULL;
    }
    return result;
}

caseload_error caseload_suggest(caseload_instance *instance, const char *path, caseload_suggestions **out,
                                caseload_diagnostics *diagnostics)
{
    caseload_diagnostics local;
    caseload_diagnostics *used = api_diagnostics_begin(diagnostics, &local, api_display_name(path), NULL);
    size_t length = 0;
    char *text = fileio_read_input(path, &length, &used->errors);
    caseload_error result = suggest_text(instance, text, length, out, used, &local);
    mem_free(text);
    return result;
}

caseload_error caseload_suggest_buffer(caseload_instance *instance, const char *name, const char *data,
                                       size_t length, caseload_suggestions **out, caseload_diagnostics *diagnostics)
{
    caseload_diagnostics local;
    caseload_diagnostics *used = api_diagnostics_begin(diagnostics, &local, name, NULL);
    if (data == NULL)
        diag_error(&used->errors, "", "no data");
    return suggest_text(instance, data, length, out, used, &local);
}

void caseload_suggestions_free(caseload_suggestions *suggestions)
{
    if (suggestions == NULL)
        return;
    recommend_free(&suggestions->ranked);
    mem_free(suggestions);
}

static caseload_error write_suggestions(const void *handle, int format, FILE *stream)
{
    const caseload_suggestions *s = handle;
    bool written = format == CASELOAD_SUGGESTIONS_JSON
                       ? recommend_write_json(&s->ranked, s->instance, s->ranked.item_count, stream)
                       : recommend_write_text(&s->ranked, s->instance, 3, stream);
    return api_stream_result(written, stream);
}

caseload_error caseload_suggestions_write(const caseload_suggestions *suggestions,
                                          caseload_suggestions_format format, FILE *stream)
{
    return write_suggestions(suggestions, format, stream);
}

caseload_error caseload_suggestions_write_buffer(const caseload_suggestions *suggestions,
                                                 caseload_suggestions_format format, char **data, size_t *length)
{
    return api_write_buffer(write_suggestions, suggestions, format, data, length);
}
