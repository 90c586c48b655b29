/* cmd_compare.c - `caseload compare`: several scenarios solved and shown side
 * by side (cmd.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cmd.h"
#include "base/common.h"
#include "report/compare.h"
#include "core/instance.h"
#include "report/plan.h"
#include "solve/solve.h"

struct compare_output {
    const struct compare_column *columns;
    int count;
    const char *instance_name;
};

static bool write_compare_csv(const void *context, FILE *stream)
{
    const struct compare_output *output = context;
    return compare_write_csv(output->columns, output->count, stream);
}

static bool write_compare_html(const void *context, FILE *stream)
{
    const struct compare_output *output = context;
    return compare_write_html(output->columns, output->count, output->instance_name, stream);
}

static bool write_compare_json(const void *context, FILE *stream)
{
    const struct compare_output *output = context;
    return compare_write_json(output->columns, output->count, output->instance_name, stream);
}

int run_compare(const struct command_line *line)
{
    if (line->plan_path != NULL && !line->json)
        return usage_error("compare: -o writes the JSON comparison; give --json too");
    if (line->scenario_count == 0)
        return usage_error("compare needs at least one -s SCENARIO");
    int exit_code = check_output_paths(line);
    if (exit_code != EXIT_DONE)
        return exit_code;
    size_t length = 0;
    char *text = read_instance_text(line->instance_path, &length, &exit_code);
    if (text == NULL)
        return exit_code;
    int count = line->scenario_count + (line->base ? 1 : 0);
    struct instance **instances = mem_calloc((size_t)count, sizeof *instances);
    char **names = mem_calloc((size_t)count, sizeof *names);
    struct compare_column *columns = mem_calloc((size_t)count, sizeof *columns);
    char *instance_name = NULL;
    if (instances == NULL || names == NULL || columns == NULL) {
        print_error("out of memory");
        exit_code = EXIT_INTERNAL;
        goto done;
    }
    /* every scenario is checked before anything is solved */
    for (int i = 0; i < count && exit_code == EXIT_DONE; i++) {
        int s = line->base ? i - 1 : i;
        instances[i] = parse_instance_text(text, length, line->instance_path, &exit_code);
        if (instances[i] == NULL)
            break;
        if (s < 0) {
            names[i] = mem_strdup("base");
            if (names[i] == NULL) {
                print_error("out of memory");
                exit_code = EXIT_INTERNAL;
            }
        } else {
            apply_scenario_file(instances[i], line->scenario_paths[s], &names[i], &exit_code);
        }
        columns[i].name = names[i];
        columns[i].file = s < 0 ? NULL : line->scenario_paths[s];
    }
    if (exit_code != EXIT_DONE)
        goto done;
    instance_name = mem_strdup(instances[0]->name);
    if (instance_name == NULL) {
        print_error("out of memory");
        exit_code = EXIT_INTERNAL;
        goto done;
    }
    struct solve_options options;
    set_solve_options(line, &options);
    bool unsolved = false;
    for (int i = 0; i < count && !interrupted; i++) {
        char error[512];
        progress_line(options.progress, "%s: scenario %d of %d: %s", program, i + 1, count,
                      names[i]);
        enum solve_status status;
        struct plan *plan = compare_solve_plan(instances[i], &options, line->base && i == 0 ? NULL : names[i],
                                               &status, error, sizeof error);
        if (plan == NULL && status == SOLVE_OPTIMAL) {
            print_error("%s: %s", names[i], error);
            exit_code = EXIT_INTERNAL;
            goto done;
        }
        if (plan == NULL) {
            print_error("%s: %s", names[i], error);
            columns[i].kpis.status = status;
            unsolved = true;
            continue;
        }
        if (!compare_column_fill(&columns[i], plan, instances[i])) {
            print_error("out of memory");
            exit_code = EXIT_INTERNAL;
            plan_free(plan);
            goto done;
        }
        columns[i].solved = true;
        plan_free(plan);
        instance_free(instances[i]);
        instances[i] = NULL;
    }
    if (interrupted)
        print_error("interrupted: scenarios not yet solved are shown as no plan");
    struct compare_output output = {columns, count, instance_name};
    struct output_request outputs[] = {
        {line->json ? (line->plan_path != NULL ? line->plan_path : "-") : NULL, write_compare_json,
         &output},
        {line->csv_path, write_compare_csv, &output},
        {line->html_path, write_compare_html, &output},
    };
    if (!line->json && (!compare_write_table(columns, count, stdout) ||
                        !compare_write_team_table(columns, count, stdout)))
        exit_code = EXIT_INTERNAL;
    if (exit_code == EXIT_DONE && !write_outputs(outputs, (int)(sizeof outputs / sizeof outputs[0])))
        exit_code = EXIT_INTERNAL;
    else if (exit_code == EXIT_DONE)
        print_outputs_written(outputs, (int)(sizeof outputs / sizeof outputs[0]));
    if (exit_code == EXIT_DONE && (unsolved || interrupted))
        exit_code = EXIT_NO_PLAN;
done:
    for (int i = 0; instances != NULL && i < count; i++)
        instance_free(instances[i]);
    for (int i = 0; names != NULL && i < count; i++)
        mem_free(names[i]);
    for (int i = 0; columns != NULL && i < count; i++)
        compare_column_free(&columns[i]);
    mem_free(instances);
    mem_free(names);
    mem_free(columns);
    mem_free(instance_name);
    mem_free(text);
    return exit_code;
}
