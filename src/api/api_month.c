/* api_month.c - the public API of the monthly cycle: move policies and a plan adopted (caseload.h). */
#include "api/api_internal.h"
#include "io/instance_write.h"

bool caseload_moves_from_name(const char *name, caseload_moves *out)
{
    enum move_policy policy = move_policy_from_name(name);
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
