/* explain.c - the single-move alternatives of one child in a plan, re-scored with score_assignment. */
#include "report/explain.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/delta.h"

static const char *const cause_texts[CAUSE_COUNT] = {
    [CAUSE_OTHER_SERVICE] = "other service",
    [CAUSE_LEAVING] = "leaving",
    [CAUSE_LOCKED] = "the child is locked to its worker",
    [CAUSE_NOT_ACCEPTING] = "not accepting new children",
    [CAUSE_OUTSIDE_AREA] = "home outside the team's area",
};

const char *explain_cause_text(enum explain_cause cause)
{
    if ((int)cause < 0 || cause >= CAUSE_COUNT)
        return "unknown";
    return cause_texts[cause];
}

void explain_free(struct explanation *explanation)
{
    if (explanation == NULL)
        return;
    mem_free(explanation->alternatives);
    explanation->alternatives = NULL;
    explanation->alternative_count = 0;
}

/* Why worker w may not take child c (w is not eligible). */
static enum explain_cause ineligible_cause(const struct instance *instance, int c, int w)
{
    const struct child *child = &instance->children[c];
    const struct worker *worker = &instance->workers[w];
    if (instance->teams[worker->team].service != child->service)
        return CAUSE_OTHER_SERVICE;
    if (worker->leaving)
        return CAUSE_LEAVING;
    if (child->locked)
        return CAUSE_LOCKED;
    if (!worker->accepts_new)
        return CAUSE_NOT_ACCEPTING;
    return CAUSE_OUTSIDE_AREA;
}

/* Two objectives closer than this are a tie. */
#define TIE_TOLERANCE 1e-9

/* Did the child leave its current worker because that worker took another child?
 * That is so when the child moved, going back alone would cost the current worker
 * room (over cap, overload or above target, not a hard rule) and the current
 * worker received children in the plan. The received child named is preferably a
 * sibling of one the worker keeps (a family kept together), else the first. */
static void find_link(const struct instance *instance, const int *assignee,
                      struct explanation *explanation)
{
    explanation->link = (struct explain_link){-1, -1, -1};
    int current = explanation->current, child = explanation->child;
    if (current < 0 || explanation->chosen == current || instance->workers[current].leaving)
        return;
    const struct explain_alternative *back = NULL;
    for (int i = 0; i < explanation->alternative_count; i++)
        if (explanation->alternatives[i].assignee == current)
            back = &explanation->alternatives[i];
    if (back == NULL || !back->feasible ||
        back->over_cap_at_alternative + back->overload_at_alternative +
                back->above_target_at_alternative <= TIE_TOLERANCE)
        return;
    for (int c = 0; c < instance->child_count; c++) {
        if (c == child || assignee[c] != current || instance->children[c].worker == current)
            continue;
        int sibling = -1;
        for (int d = 0; d < instance->child_count && sibling < 0; d++)
            if (d != c && d != child && assignee[d] == current &&
                instance->children[d].family == instance->children[c].family &&
                instance->children[d].service == instance->children[c].service)
                sibling = d;
        if (explanation->link.taker < 0 || (sibling >= 0 && explanation->link.sibling < 0))
            explanation->link = (struct explain_link){current, c, sibling};
        if (sibling >= 0)
            break;
    }
}

static int compare_alternatives(const void *left_pointer, const void *right_pointer)
{
    const struct explain_alternative *left = left_pointer, *right = right_pointer;
    if (left->feasible != right->feasible)
        return left->feasible ? -1 : 1;
    if (left->feasible && left->delta != right->delta)
        return left->delta < right->delta ? -1 : 1;
    return (left->assignee > right->assignee) - (left->assignee < right->assignee);
}

bool explain_build(const struct instance *instance, const int *assignee, int child,
                   struct explanation *explanation, char *error, size_t error_size)
{
    memset(explanation, 0, sizeof *explanation);
    if (child < 0 || child >= instance->child_count) {
        message_format(error, error_size, "child index %d out of range", child);
        return false;
    }
    bool ok = false;
    int assignee_count = instance_assignee_count(instance);
    size_t room = (size_t)(assignee_count > 0 ? assignee_count : 1);
    int *moved = mem_alloc(((size_t)instance->child_count + 1) * sizeof *moved);
    int *counted = mem_calloc(room, sizeof *counted);
    int *children = mem_calloc(room, sizeof *children);
    double *workload = mem_calloc(room, sizeof *workload);
    int *first_unused = mem_calloc((size_t)instance->team_count + 1, sizeof *first_unused);
    explanation->alternatives = mem_calloc(room, sizeof *explanation->alternatives);
    if (moved == NULL || counted == NULL || children == NULL || workload == NULL ||
        first_unused == NULL || explanation->alternatives == NULL) {
        message_format(error, error_size, "out of memory while explaining the plan");
        goto done;
    }
    explanation->child = child;
    explanation->current = instance->children[child].worker;
    explanation->chosen = assignee[child];
    if (!score_assignment(instance, assignee, &explanation->plan_score, error, error_size))
        goto done;

    for (int c = 0; c < instance->child_count; c++) {
        moved[c] = assignee[c];
        int a = assignee[c];
        if (a < 0)
            continue;
        children[a]++;
        workload[a] += instance->children[c].weight;
        if (instance_child_counted(instance, c))
            counted[a]++;
    }
    /* of a team's unopened hires, only its first is an alternative: the others are the same */
    int hire_count = instance_hire_count(instance);
    for (int h = hire_count - 1; h >= 0; h--) {
        int team, k;
        instance_hire_slot(instance, h, &team, &k);
        if (team >= 0 && children[instance->worker_count + h] == 0)
            first_unused[team] = k;
    }

    int chosen = explanation->chosen;
    for (int a = 0; a < assignee_count; a++) {
        if (a == chosen)
            continue;
        if (!instance_eligible(instance, child, a)) {
            if (a < instance->worker_count)
                explanation->ineligible[ineligible_cause(instance, child, a)]++;
            continue;
        }
        if (a >= instance->worker_count && children[a] == 0) {
            int team, k;
            instance_hire_slot(instance, a - instance->worker_count, &team, &k);
            if (k != first_unused[team])
                continue;
        }
        struct explain_alternative *alternative =
            &explanation->alternatives[explanation->alternative_count++];
        alternative->assignee = a;
        moved[child] = a;
        struct score score;
        alternative->feasible = score_assignment(instance, moved, &score, alternative->infeasible,
                                                 sizeof alternative->infeasible);
        moved[child] = chosen;
        if (!alternative->feasible) {
            if (strstr(alternative->infeasible, "out of memory") != NULL) {
                message_format(error, error_size, "out of memory while explaining the plan");
                goto done;
            }
            continue;
        }
        alternative->delta = score.objective - explanation->plan_score.objective;
        for (int term = 0; term < TERM_COUNT; term++)
            alternative->term_delta[term] =
                instance->rules.weights[term] *
                (score.amount[term] - explanation->plan_score.amount[term]);
        delta_terms_at(instance, counted, workload, chosen, child, -1,
                       &alternative->over_cap_at_chosen, &alternative->overload_at_chosen,
                       &alternative->above_target_at_chosen);
        delta_terms_at(instance, counted, workload, a, child, +1,
                       &alternative->over_cap_at_alternative, &alternative->overload_at_alternative,
                       &alternative->above_target_at_alternative);
        if (fabs(alternative->delta) <= TIE_TOLERANCE)
            explanation->ties++;
    }
    qsort(explanation->alternatives, (size_t)explanation->alternative_count,
          sizeof *explanation->alternatives, compare_alternatives);
    find_link(instance, assignee, explanation);
    ok = true;
done:
    mem_free(moved);
    mem_free(counted);
    mem_free(children);
    mem_free(workload);
    mem_free(first_unused);
    if (!ok)
        explain_free(explanation);
    return ok;
}

/* --- Writing ---------------------------------------------------------------- */

/* A signed amount for a person: whole numbers without decimals, others with two
 * (or two significant digits when that would show zero). */
static const char *signed_amount(double value, char *buffer, size_t size)
{
    if (fabs(value - round(value)) < 5e-7)
        snprintf(buffer, size, "%+.0f", round(value));
    else if (fabs(value) >= 0.005)
        snprintf(buffer, size, "%+.2f", value);
    else
        snprintf(buffer, size, "%+.2g", value);
    return buffer;
}

/* "W2 (team avo-lau, 24.1 km)" */
static void write_assignee(FILE *stream, const struct instance *instance, int child, int a)
{
    char name[256];
    int team = instance_assignee_team(instance, a);
    fprintf(stream, "%s (team %s, %.1f km)", instance_assignee_id(instance, a, name, sizeof name),
            instance->teams[team].id, instance_pair_km(instance, child, a));
}

static void write_term(FILE *stream, bool *first, double value, const char *text)
{
    char amount[48];
    if (fabs(value) < 1e-9)
        return;
    fprintf(stream, "%s%s %s", *first ? "" : ", ", signed_amount(value, amount, sizeof amount), text);
    *first = false;
}

/* The terms that make up one alternative's difference. */
static void write_terms(FILE *stream, const struct explanation *explanation,
                        const struct explain_alternative *alternative,
                        const struct instance *instance)
{
    char name[256], text[512];
    int child = explanation->child, chosen = explanation->chosen, a = alternative->assignee;
    bool first = true;
    write_term(stream, &first, alternative->term_delta[TERM_UNASSIGNED], "unassigned");
    if (chosen >= 0) {
        snprintf(text, sizeof text, "over cap at %s", instance_assignee_id(instance, chosen, name, sizeof name));
        write_term(stream, &first, alternative->over_cap_at_chosen, text);
    }
    snprintf(text, sizeof text, "over cap at %s", instance_assignee_id(instance, a, name, sizeof name));
    write_term(stream, &first, alternative->over_cap_at_alternative, text);
    if (chosen >= 0) {
        snprintf(text, sizeof text, "overload at %s", instance_assignee_id(instance, chosen, name, sizeof name));
        write_term(stream, &first, alternative->overload_at_chosen, text);
    }
    snprintf(text, sizeof text, "overload at %s", instance_assignee_id(instance, a, name, sizeof name));
    write_term(stream, &first, alternative->overload_at_alternative, text);
    double hire = alternative->term_delta[TERM_HIRE];
    snprintf(text, sizeof text, "hire (%s %s)", hire > 0 ? "opens" : "closes",
             instance_assignee_id(instance, hire > 0 ? a : (chosen >= 0 ? chosen : a), name, sizeof name));
    write_term(stream, &first, hire, text);
    write_term(stream, &first, alternative->term_delta[TERM_MOVE],
               alternative->term_delta[TERM_MOVE] > 0 ? "move (a new worker for the child)"
                                                     : "move (back to the current worker)");
    write_term(stream, &first, alternative->term_delta[TERM_CROSS_TEAM],
               alternative->term_delta[TERM_CROSS_TEAM] > 0 ? "cross-team (home outside the team's area)"
                                                           : "cross-team (back inside a team's area)");
    snprintf(text, sizeof text, "family split (family %s)",
             instance->families[instance->children[child].family].id);
    write_term(stream, &first, alternative->term_delta[TERM_FAMILY_SPLIT], text);
    if (chosen >= 0) {
        snprintf(text, sizeof text, "above target at %s", instance_assignee_id(instance, chosen, name, sizeof name));
        write_term(stream, &first, alternative->above_target_at_chosen, text);
    }
    snprintf(text, sizeof text, "above target at %s", instance_assignee_id(instance, a, name, sizeof name));
    write_term(stream, &first, alternative->above_target_at_alternative, text);
    snprintf(text, sizeof text, "km (%.1f -> %.1f km)",
             chosen >= 0 ? instance_pair_km(instance, child, chosen) : 0.0,
             instance_pair_km(instance, child, a));
    write_term(stream, &first, alternative->term_delta[TERM_KM], text);
    if (first)
        fputs("no term changes", stream);
}

static const char *const count_words[] = {"No", "One", "Two", "Three", "Four", "Five",
                                           "Six", "Seven", "Eight", "Nine", "Ten"};

/* "Four workers cost the same ...": the plan's assignee and the alternatives of
 * equal cost; among equals the plan evens out the team's load, it is no cheaper. */
static void write_ties(const struct explanation *explanation, const struct instance *instance,
                       FILE *stream)
{
    char name[256];
    int same = explanation->ties + (explanation->chosen >= 0 ? 1 : 0);
    if (same < (int)(sizeof count_words / sizeof count_words[0]))
        fprintf(stream, "%s workers cost the same", count_words[same]);
    else
        fprintf(stream, "%d workers cost the same", same);
    fputs(" (", stream);
    if (explanation->chosen >= 0)
        fputs(instance_assignee_id(instance, explanation->chosen, name, sizeof name), stream);
    for (int i = 0, listed = 0; i < explanation->alternative_count && listed < explanation->ties;
         i++) {
        const struct explain_alternative *alternative = &explanation->alternatives[i];
        if (!alternative->feasible || fabs(alternative->delta) > TIE_TOLERANCE)
            continue;
        fprintf(stream, "%s%s", explanation->chosen >= 0 || listed > 0 ? ", " : "",
                instance_assignee_id(instance, alternative->assignee, name, sizeof name));
        listed++;
    }
    fputs("): the choice among them is a tie, not the cheapest; the plan spreads intake "
          "evenly over them.\n", stream);
}

/* "W0059 took C001547, a sibling of C001546, so C000039 moved to make room". */
static void write_link(const struct explanation *explanation, const struct instance *instance,
                       FILE *stream)
{
    const struct explain_link *link = &explanation->link;
    fprintf(stream, "%s took %s", instance->workers[link->taker].id,
            instance->children[link->taken].id);
    if (link->sibling >= 0)
        fprintf(stream, ", a sibling of %s,", instance->children[link->sibling].id);
    fprintf(stream, " so %s moved to make room.\n", instance->children[explanation->child].id);
}

bool explain_write(const struct explanation *explanation, const struct instance *instance,
                   const char *reason, int shown, FILE *stream)
{
    char amount[48];
    int c = explanation->child;
    const struct child *child = &instance->children[c];
    const struct date *date = &instance->date;
    bool counted = instance_child_counted(instance, c);
    int siblings = 0;
    for (int other = 0; other < instance->child_count; other++)
        if (other != c && instance->children[other].family == child->family)
            siblings++;
    char family[300];
    if (siblings > 0)
        snprintf(family, sizeof family, "family %s (%d sibling%s)", instance->families[child->family].id,
                 siblings, siblings == 1 ? "" : "s");
    else
        snprintf(family, sizeof family, "no siblings in the instance");
    fprintf(stream, "child %s: %s, home %s, %s, %s on %04d-%02d-%02d\n", child->id,
            instance_service_name(child->service), instance->municipalities[child->municipality].id, family,
            counted ? "counted against the cap (under 18)" : "not counted against the cap (18 or over)",
            date->year, date->month, date->day);
    fputs("  now:  ", stream);
    if (explanation->current >= 0)
        write_assignee(stream, instance, c, explanation->current);
    else
        fputs("no worker (new intake)", stream);
    if (child->locked)
        fputs(", locked to this worker", stream);
    fputs("\n  plan: ", stream);
    if (explanation->chosen >= 0)
        write_assignee(stream, instance, c, explanation->chosen);
    else
        fputs("no worker (unassigned)", stream);
    if (reason != NULL) {
        fputs(", reason: ", stream);
        message_write(stream, reason); /* the plan file's text: no control character passes */
    }
    fprintf(stream, "\n  the plan's objective: %.10g\n", explanation->plan_score.objective);

    int feasible = 0, cheaper = 0;
    for (int i = 0; i < explanation->alternative_count; i++) {
        if (!explanation->alternatives[i].feasible)
            continue;
        feasible++;
        if (explanation->alternatives[i].delta < -1e-9)
            cheaper++;
    }
    if (feasible == 0) {
        fputs("No other worker or hire could take the child in this plan.\n", stream);
    } else {
        fprintf(stream, "Moving only %s, the objective would change by (cheapest first):\n", child->id);
        for (int i = 0; i < feasible && i < shown; i++) {
            const struct explain_alternative *alternative = &explanation->alternatives[i];
            fprintf(stream, "  %10s  ", signed_amount(alternative->delta, amount, sizeof amount));
            write_assignee(stream, instance, c, alternative->assignee);
            fputs(": ", stream);
            write_terms(stream, explanation, alternative, instance);
            fputc('\n', stream);
        }
        if (feasible > shown)
            fprintf(stream, "  ... %d more alternatives, up to %s\n", feasible - shown,
                    signed_amount(explanation->alternatives[feasible - 1].delta, amount, sizeof amount));
        if (cheaper == 0 && explanation->ties > 0)
            write_ties(explanation, instance, stream);
        else if (cheaper == 0)
            fprintf(stream, "The plan's choice is the cheapest: every single move costs at least %s.\n",
                    signed_amount(explanation->alternatives[0].delta, amount, sizeof amount));
        else
            fprintf(stream, "%d moves would lower the objective: the plan is not optimal (a search "
                            "stopped early, or the plan was edited).\n", cheaper);
    }
    if (explanation->link.taker >= 0)
        write_link(explanation, instance, stream);
    int infeasible = explanation->alternative_count - feasible;
    if (infeasible > 0) {
        fprintf(stream, "Not possible as a single move (%d):\n", infeasible);
        for (int i = feasible; i < explanation->alternative_count && i < feasible + shown; i++) {
            fputs("  ", stream);
            write_assignee(stream, instance, c, explanation->alternatives[i].assignee);
            fprintf(stream, ": %s\n", explanation->alternatives[i].infeasible);
        }
        if (infeasible > shown)
            fprintf(stream, "  ... %d more\n", infeasible - shown);
    }
    int ineligible = 0;
    for (int cause = 0; cause < CAUSE_COUNT; cause++)
        ineligible += explanation->ineligible[cause];
    if (ineligible > 0) {
        fprintf(stream, "Not eligible: %d worker%s (", ineligible, ineligible == 1 ? "" : "s");
        bool first = true;
        for (int cause = 0; cause < CAUSE_COUNT; cause++) {
            if (explanation->ineligible[cause] == 0)
                continue;
            fprintf(stream, "%s%d %s", first ? "" : ", ", explanation->ineligible[cause],
                    explain_cause_text((enum explain_cause)cause));
            first = false;
        }
        fputs(")\n", stream);
    }
    return fflush(stream) == 0 && !ferror(stream);
}

/* --- Why not this worker? ---------------------------------------------------- */

/* Why assignee `a` may not take the child at all, in words (a is not eligible). */
static void write_ineligible(FILE *stream, const struct instance *instance, int c, int a)
{
    const struct child *child = &instance->children[c];
    int team = instance_assignee_team(instance, a);
    const struct team *row = &instance->teams[team];
    char name[256];
    if (row->service != child->service) {
        fprintf(stream, "not eligible: team %s serves %s, the child is in %s\n", row->id,
                instance_service_name(row->service), instance_service_name(child->service));
        return;
    }
    if (a < instance->worker_count && instance->workers[a].leaving) {
        fputs("not eligible: the worker leaves\n", stream);
        return;
    }
    if (child->locked) {
        instance_assignee_id(instance, child->worker, name, sizeof name);
        if (child->held)
            fprintf(stream, "not eligible: the move policy %s keeps the child with %s (%s)\n",
                    instance_moves_name(instance->rules.moves), name, instance_moves_words(instance->rules.moves));
        else
            fprintf(stream, "not eligible: the child is locked to %s\n", name);
        return;
    }
    if (a < instance->worker_count && !instance->workers[a].accepts_new) {
        fputs("not eligible: the worker takes no new children (accepts_new is false)\n", stream);
        return;
    }
    if (!instance->rules.cross_team && !instance_team_covers(instance, team, child->municipality)) {
        fprintf(stream, "not eligible: the child's home %s is outside team %s's area, and cross_team is off\n",
                instance->municipalities[child->municipality].id, row->id);
        return;
    }
    int k = 0, hire_team = 0;
    if (a >= instance->worker_count)
        instance_hire_slot(instance, a - instance->worker_count, &hire_team, &k);
    if (k > 1)
        fprintf(stream, "not a single move: hires open in order, so %s/hire-%d opens before this one\n",
                row->id, k - 1);
    else
        fputs("not eligible\n", stream);
}

bool explain_write_worker(const struct explanation *explanation, const struct instance *instance, int assignee,
                          FILE *stream)
{
    char amount[48];
    int c = explanation->child;
    fprintf(stream, "child %s and ", instance->children[c].id);
    write_assignee(stream, instance, c, assignee);
    fputs(": ", stream);
    if (assignee == explanation->chosen) {
        fputs("the plan's choice\n", stream);
        return fflush(stream) == 0 && !ferror(stream);
    }
    const struct explain_alternative *found = NULL;
    for (int i = 0; i < explanation->alternative_count; i++)
        if (explanation->alternatives[i].assignee == assignee)
            found = &explanation->alternatives[i];
    if (found == NULL) {
        write_ineligible(stream, instance, c, assignee);
    } else if (!found->feasible) {
        fprintf(stream, "not possible as a single move: %s\n", found->infeasible);
    } else if (fabs(found->delta) <= TIE_TOLERANCE) {
        fputs("a tie: the same objective; the plan keeps one of equal plans\n", stream);
    } else {
        fprintf(stream, "%s points %s: ", signed_amount(found->delta, amount, sizeof amount),
                found->delta > 0 ? "dearer" : "cheaper (the plan is not optimal: a search stopped early)");
        if (found->over_cap_at_alternative > 0)
            fputs("the worker would go over the cap; ", stream);
        write_terms(stream, explanation, found, instance);
        fputc('\n', stream);
    }
    return fflush(stream) == 0 && !ferror(stream);
}
