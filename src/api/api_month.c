/* api_month.c - the public API of the monthly cycle: move policies and a plan adopted (caseload.h). */
#include "api/api_internal.h"


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
