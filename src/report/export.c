/* export.c - the raw instance as a MathProg data section for models/caseload.mod. */
#include "report/export.h"

#include <stdlib.h>

#include "base/text.h"

/* The data section carries the instance as the file gave it (after any scenario),
 * not what the C code derives from it: caseload.mod computes counted children, caps,
 * targets, distances and eligibility on its own, so that solving it is an
 * independent check. The one resolved value is rules.cap (35 or 30 by date).
 *
 * Values that may be absent ("none") are written as a 0/1 flag over the whole set
 * plus a parameter over the members that have the value:
 *     has_worker{C} and cur{c in C: has_worker[c]}
 *     has_born{C}   and born_year, born_month
 *     has_max_new{W} and max_new,   has_team_target{T} and team_target.
 * Every section is linear in the size of the instance. */

/* Write `text` as a MathProg string literal: in double quotes, a double quote
 * doubled. Bytes above 0x7f (UTF-8 letters such as ä, ö) pass through. */
static void write_symbol(FILE *stream, const char *text)
{
    putc('"', stream);
    for (const char *p = text; *p != '\0'; p++) {
        if (*p == '"')
            putc('"', stream);
        putc(*p, stream);
    }
    putc('"', stream);
}

/* Write a number in the shortest form that reads back to the same double, so the
 * model sees exactly the values the program sees (the instance's numbers are
 * finite: the reader refuses any other). */
static void write_number(FILE *stream, double value)
{
    char buffer[TEXT_NUMBER_SIZE];
    text_format_number(value, buffer);
    fputs(buffer, stream);
}

static void write_date_and_rules(const struct instance *instance, FILE *stream)
{
    const struct rules *rules = &instance->rules;
    fprintf(stream, "param plan_year := %d;\n", instance->date.year);
    fprintf(stream, "param plan_month := %d;\n", instance->date.month);
    fprintf(stream, "param plan_day := %d;\n\n", instance->date.day);

    fprintf(stream, "param cap := %d;%s\n", rules->cap,
            rules->cap_given ? "" : "  /* resolved from the date */");
    fputs("param target := ", stream);
    write_number(stream, rules->target);
    fputs(";\nparam road_factor := ", stream);
    write_number(stream, rules->road_factor);
    fprintf(stream, ";\nparam cross_team := %d;\n", rules->cross_team ? 1 : 0);
    fprintf(stream, "param family_hard := %d;\n", rules->family == FAMILY_HARD ? 1 : 0);
    fputs("param term_weight :=\n", stream);
    for (int term = 0; term < TERM_COUNT; term++) {
        fputs("  ", stream);
        write_symbol(stream, instance_term_name((enum term)term));
        putc(' ', stream);
        write_number(stream, rules->weights[term]);
        putc('\n', stream);
    }
    fputs(";\n\n", stream);
}

static void write_municipalities(const struct instance *instance, FILE *stream)
{
    fputs("param : M : lat lon :=\n", stream);
    for (int m = 0; m < instance->municipality_count; m++) {
        const struct municipality *municipality = &instance->municipalities[m];
        fputs("  ", stream);
        write_symbol(stream, municipality->id);
        putc(' ', stream);
        write_number(stream, municipality->lat);
        putc(' ', stream);
        write_number(stream, municipality->lon);
        putc('\n', stream);
    }
    fputs(";\n\n", stream);

    fputs("param : DT : table_km :=\n", stream);
    for (int i = 0; i < instance->distance_table_count; i++) {
        const struct distance_entry *entry = &instance->distance_table[i];
        fputs("  ", stream);
        write_symbol(stream, instance->municipalities[entry->from].id);
        putc(' ', stream);
        write_symbol(stream, instance->municipalities[entry->to].id);
        putc(' ', stream);
        write_number(stream, entry->km);
        putc('\n', stream);
    }
    fputs(";\n\n", stream);
}

static void write_teams(const struct instance *instance, FILE *stream)
{
    fputs("param : T : team_service office area_all max_hires has_team_target :=\n", stream);
    for (int t = 0; t < instance->team_count; t++) {
        const struct team *team = &instance->teams[t];
        fputs("  ", stream);
        write_symbol(stream, team->id);
        putc(' ', stream);
        write_symbol(stream, instance_service_name(team->service));
        putc(' ', stream);
        write_symbol(stream, instance->municipalities[team->office].id);
        fprintf(stream, " %d %d %d\n", team->area_all ? 1 : 0, team->max_hires,
                team->target_given ? 1 : 0);
    }
    fputs(";\n\n", stream);

    fputs("param team_target :=\n", stream);
    for (int t = 0; t < instance->team_count; t++) {
        const struct team *team = &instance->teams[t];
        if (!team->target_given)
            continue;
        fputs("  ", stream);
        write_symbol(stream, team->id);
        putc(' ', stream);
        write_number(stream, team->target);
        putc('\n', stream);
    }
    fputs(";\n\n", stream);

    fputs("set AREA :=\n", stream);
    for (int t = 0; t < instance->team_count; t++) {
        const struct team *team = &instance->teams[t];
        if (team->area_all)
            continue;
        for (int i = 0; i < team->area_count; i++) {
            fputs("  (", stream);
            write_symbol(stream, team->id);
            fputs(", ", stream);
            write_symbol(stream, instance->municipalities[team->area[i]].id);
            fputs(")\n", stream);
        }
    }
    fputs(";\n\n", stream);
}

static void write_workers(const struct instance *instance, FILE *stream)
{
    fputs("param : W : team fte accepts_new leaving has_max_new :=\n", stream);
    for (int w = 0; w < instance->worker_count; w++) {
        const struct worker *worker = &instance->workers[w];
        fputs("  ", stream);
        write_symbol(stream, worker->id);
        putc(' ', stream);
        write_symbol(stream, instance->teams[worker->team].id);
        putc(' ', stream);
        write_number(stream, worker->fte);
        fprintf(stream, " %d %d %d\n", worker->accepts_new ? 1 : 0, worker->leaving ? 1 : 0,
                worker->max_new >= 0 ? 1 : 0);
    }
    fputs(";\n\n", stream);

    fputs("param max_new :=\n", stream);
    for (int w = 0; w < instance->worker_count; w++) {
        const struct worker *worker = &instance->workers[w];
        if (worker->max_new < 0)
            continue;
        fputs("  ", stream);
        write_symbol(stream, worker->id);
        fprintf(stream, " %d\n", worker->max_new);
    }
    fputs(";\n\n", stream);
}

static void write_children(const struct instance *instance, FILE *stream)
{
    fputs("param : C : family service home has_born has_worker weight locked :=\n", stream);
    for (int c = 0; c < instance->child_count; c++) {
        const struct child *child = &instance->children[c];
        fputs("  ", stream);
        write_symbol(stream, child->id);
        putc(' ', stream);
        write_symbol(stream, instance->families[child->family].id);
        putc(' ', stream);
        write_symbol(stream, instance_service_name(child->service));
        putc(' ', stream);
        write_symbol(stream, instance->municipalities[child->municipality].id);
        fprintf(stream, " %d %d ", child->born_given ? 1 : 0, child->worker >= 0 ? 1 : 0);
        write_number(stream, child->weight);
        fprintf(stream, " %d\n", child->locked ? 1 : 0);
    }
    fputs(";\n\n", stream);

    fputs("param : born_year born_month :=\n", stream);
    for (int c = 0; c < instance->child_count; c++) {
        const struct child *child = &instance->children[c];
        if (!child->born_given)
            continue;
        fputs("  ", stream);
        write_symbol(stream, child->id);
        fprintf(stream, " %d %d\n", child->born_year, child->born_month);
    }
    fputs(";\n\n", stream);

    fputs("param cur :=\n", stream);
    for (int c = 0; c < instance->child_count; c++) {
        const struct child *child = &instance->children[c];
        if (child->worker < 0)
            continue;
        fputs("  ", stream);
        write_symbol(stream, child->id);
        putc(' ', stream);
        write_symbol(stream, instance->workers[child->worker].id);
        putc('\n', stream);
    }
    fputs(";\n\n", stream);
}

bool export_write_dat(const struct instance *instance, FILE *stream)
{
    fputs("/* caseload data for models/caseload.mod: ", stream);
    fprintf(stream, "%d municipalities, %d teams, %d workers, %d children. */\n",
            instance->municipality_count, instance->team_count, instance->worker_count,
            instance->child_count);
    fputs("/* glpsol -m models/caseload.mod -d THIS_FILE */\n\ndata;\n\n", stream);
    write_date_and_rules(instance, stream);
    write_municipalities(instance, stream);
    write_teams(instance, stream);
    write_workers(instance, stream);
    write_children(instance, stream);
    fputs("end;\n", stream);
    return fflush(stream) == 0 && !ferror(stream);
}
