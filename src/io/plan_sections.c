/* plan_sections.c - the parts of a caseload-plan/1 beside its assignments: no
 * unknown key anywhere, and every number the plan states about the instance (the
 * terms, the compliance measures, each worker's cap and counts, each hire's and
 * team's figures) the same as the instance and the assignments give. */
#include "io/plan_sections.h"

#include <math.h>
#include <string.h>

#include "core/compliance.h"
#include "io/instance_json.h"

#define COUNT_OF(array) ((int)(sizeof(array) / sizeof((array)[0])))
/* Relative tolerance of a stated amount against the re-computed one. */
#define AMOUNT_TOLERANCE 1e-6

/* Every key of a plan the writer (report/plan_write.c) writes. */
static const struct key_spec plan_keys[] = {
    {"format", KEY_REQUIRED}, {"instance", KEY_NULLABLE},  {"scenario", KEY_NULLABLE},
    {"status", KEY_REQUIRED}, {"objective", KEY_REQUIRED}, {"bound", KEY_OPTIONAL},
    {"gap", KEY_OPTIONAL},    {"solve_seconds", KEY_OPTIONAL}, {"terms", KEY_OPTIONAL},
    {"compliance", KEY_OPTIONAL}, {"remedies", KEY_OPTIONAL}, {"assignments", KEY_REQUIRED},
    {"workers", KEY_OPTIONAL}, {"hires", KEY_OPTIONAL},     {"teams", KEY_OPTIONAL},
    {"policy", KEY_OPTIONAL}, {"moves", KEY_OPTIONAL},
};
enum { P_FORMAT, P_INSTANCE, P_SCENARIO, P_STATUS, P_OBJECTIVE, P_BOUND, P_GAP, P_SECONDS, P_TERMS,
       P_COMPLIANCE, P_REMEDIES, P_ASSIGNMENTS, P_WORKERS, P_HIRES, P_TEAMS, P_POLICY, P_MOVES };

static const struct key_spec assignment_keys[] = {
    {"child", KEY_REQUIRED}, {"from", KEY_NULLABLE}, {"to", KEY_NULLABLE}, {"reason", KEY_REQUIRED}};
static const struct key_spec worker_keys[] = {
    {"id", KEY_REQUIRED},          {"team", KEY_REQUIRED},          {"cap", KEY_REQUIRED},
    {"counted_before", KEY_REQUIRED}, {"counted_after", KEY_REQUIRED}, {"workload_after", KEY_REQUIRED}};
static const struct key_spec hire_keys[] = {
    {"id", KEY_REQUIRED}, {"team", KEY_REQUIRED}, {"counted_after", KEY_REQUIRED}};
static const struct key_spec team_keys[] = {
    {"id", KEY_REQUIRED},           {"workers", KEY_REQUIRED},        {"hires", KEY_REQUIRED},
    {"over_cap_before", KEY_REQUIRED}, {"over_cap_after", KEY_REQUIRED}, {"km", KEY_REQUIRED}};
static const struct key_spec compliance_keys[] = {{"before", KEY_REQUIRED}, {"after", KEY_REQUIRED}};
static const struct key_spec measure_keys[] = {
    {"workers_over_cap", KEY_REQUIRED}, {"children_over_cap", KEY_REQUIRED},
    {"children_with_worker_over_cap", KEY_REQUIRED}, {"max_load_ratio", KEY_REQUIRED}};
static const struct key_spec remedy_keys[] = {
    {"team", KEY_REQUIRED},    {"children_over_cap", KEY_REQUIRED}, {"hires", KEY_REQUIRED},
    {"movable", KEY_REQUIRED}, {"neighbours", KEY_REQUIRED}};
static const struct key_spec neighbour_keys[] = {
    {"team", KEY_REQUIRED}, {"children", KEY_REQUIRED}, {"mean_km", KEY_REQUIRED}};

/* Per assignee (workers, then hires): what the instance and the assignments give. */
struct figures {
    int *counted_before, *counted_after;
    double *workload_after;
};

static bool same_amount(double stated, double computed)
{
    return fabs(stated - computed) <= AMOUNT_TOLERANCE * fmax(1.0, fabs(computed));
}

/* A number at `path` that must be `computed`; reports a contradiction. */
static void expect_number(struct instance_reader *reader, const cJSON *item, const char *path, double computed)
{
    if (item == NULL)
        return;
    if (!cJSON_IsNumber(item)) {
        diag_error(reader->diag, path, "expected a number, got %s", reader_json_type_name(item));
        return;
    }
    if (!same_amount(item->valuedouble, computed))
        diag_error(reader->diag, path,
                   "the plan says %.17g, the instance and the assignments give %.17g: the plan was "
                   "changed, or made for another instance",
                   item->valuedouble, computed);
}

/* A finite number >= 0 at `path` (a figure that is not re-computed here). */
static void expect_amount(struct instance_reader *reader, const cJSON *item, const char *path)
{
    if (item != NULL && (!cJSON_IsNumber(item) || !isfinite(item->valuedouble) || item->valuedouble < 0))
        diag_error(reader->diag, path, "expected a number of at least 0");
}

/* An id at `path` that must be `expected` (the instance's id of the row). */
static void expect_id(struct instance_reader *reader, const cJSON *item, const char *path, const char *expected)
{
    char quoted[READER_QUOTE_SIZE];
    if (item != NULL && (!cJSON_IsString(item) || strcmp(item->valuestring, expected) != 0))
        diag_error(reader->diag, path, "expected %s, as the instance has it",
                   reader_quote(quoted, sizeof quoted, expected));
}

static void check_terms(struct instance_reader *reader, const cJSON *terms, const struct score *score)
{
    struct key_spec keys[TERM_COUNT];
    const cJSON *found[TERM_COUNT];
    for (int t = 0; t < TERM_COUNT; t++)
        keys[t] = (struct key_spec){instance_term_name((enum term)t), KEY_OPTIONAL};
    if (!reader_object(reader, terms, "terms", keys, TERM_COUNT, found))
        return;
    char path[READER_PATH_SIZE];
    for (int t = 0; t < TERM_COUNT; t++)
        expect_number(reader, found[t], reader_key_path(path, "terms", keys[t].name), score->amount[t]);
}

static void check_measure(struct instance_reader *reader, const cJSON *item, const char *path,
                          const struct compliance *computed)
{
    const cJSON *found[4];
    if (!reader_object(reader, item, path, measure_keys, COUNT_OF(measure_keys), found))
        return;
    char key[READER_PATH_SIZE];
    expect_number(reader, found[0], reader_key_path(key, path, "workers_over_cap"), computed->workers_over_cap);
    expect_number(reader, found[1], reader_key_path(key, path, "children_over_cap"), computed->children_over_cap);
    expect_number(reader, found[2], reader_key_path(key, path, "children_with_worker_over_cap"),
                  computed->children_with_worker_over_cap);
    expect_number(reader, found[3], reader_key_path(key, path, "max_load_ratio"), computed->max_load_ratio);
}

static void check_compliance(struct instance_reader *reader, const cJSON *item, const struct instance *instance,
                             const int *assignee)
{
    const cJSON *found[2];
    if (!reader_object(reader, item, "compliance", compliance_keys, COUNT_OF(compliance_keys), found))
        return;
    struct compliance before, after;
    if (!compliance_measure(instance, NULL, &before) || !compliance_measure(instance, assignee, &after)) {
        reader_out_of_memory(reader);
        return;
    }
    check_measure(reader, found[0], "compliance.before", &before);
    check_measure(reader, found[1], "compliance.after", &after);
}

/* The rows of `array` (named `name`): each an object of `keys`; `check_row`
 * compares a row's numbers with the instance. */
typedef void check_row_function(struct instance_reader *reader, const cJSON **found, const char *base,
                                const struct instance *instance, const struct id_index *assignees,
                                const struct figures *figures);

static void check_rows(struct instance_reader *reader, const cJSON *array, const char *name,
                       const struct key_spec *keys, int key_count, check_row_function *check_row,
                       const struct instance *instance, const struct id_index *assignees,
                       const struct figures *figures)
{
    if (array == NULL)
        return;
    if (reader_array(reader, array, name) < 0)
        return;
    const cJSON *row;
    int element = 0;
    cJSON_ArrayForEach(row, array) {
        char base[READER_PATH_SIZE];
        const cJSON *found[8];
        reader_element_path(base, name, element++);
        if (reader_object(reader, row, base, keys, key_count, found) && check_row != NULL)
            check_row(reader, found, base, instance, assignees, figures);
    }
}

/* The assignee a row names (a worker when `workers`, else a hire), or -1 after reporting. */
static int row_assignee(struct instance_reader *reader, const cJSON *id, const char *base,
                        const struct instance *instance, const struct id_index *assignees, bool workers)
{
    char path[READER_PATH_SIZE], quoted[READER_QUOTE_SIZE];
    reader_key_path(path, base, "id");
    if (!cJSON_IsString(id)) {
        diag_error(reader->diag, path, "expected a string, got %s", reader_json_type_name(id));
        return -1;
    }
    int assignee = id_index_find(assignees, id->valuestring);
    if (assignee < 0 || (assignee < instance->worker_count) != workers) {
        diag_error(reader->diag, path, "the instance has no %s %s", workers ? "worker" : "hire",
                   reader_quote(quoted, sizeof quoted, id->valuestring));
        return -1;
    }
    return assignee;
}

static void check_worker_row(struct instance_reader *reader, const cJSON **found, const char *base,
                             const struct instance *instance, const struct id_index *assignees,
                             const struct figures *figures)
{
    int w = row_assignee(reader, found[0], base, instance, assignees, true);
    if (w < 0)
        return;
    char path[READER_PATH_SIZE];
    expect_id(reader, found[1], reader_key_path(path, base, "team"), instance->teams[instance->workers[w].team].id);
    expect_number(reader, found[2], reader_key_path(path, base, "cap"), instance_assignee_cap(instance, w));
    expect_number(reader, found[3], reader_key_path(path, base, "counted_before"), figures->counted_before[w]);
    expect_number(reader, found[4], reader_key_path(path, base, "counted_after"), figures->counted_after[w]);
    expect_number(reader, found[5], reader_key_path(path, base, "workload_after"), figures->workload_after[w]);
}

static void check_hire_row(struct instance_reader *reader, const cJSON **found, const char *base,
                           const struct instance *instance, const struct id_index *assignees,
                           const struct figures *figures)
{
    int h = row_assignee(reader, found[0], base, instance, assignees, false);
    if (h < 0)
        return;
    char path[READER_PATH_SIZE];
    expect_id(reader, found[1], reader_key_path(path, base, "team"),
              instance->teams[instance_assignee_team(instance, h)].id);
    expect_number(reader, found[2], reader_key_path(path, base, "counted_after"), figures->counted_after[h]);
}

static void check_team_row(struct instance_reader *reader, const cJSON **found, const char *base,
                           const struct instance *instance, const struct id_index *assignees,
                           const struct figures *figures)
{
    (void)assignees;
    (void)figures;
    char path[READER_PATH_SIZE], quoted[READER_QUOTE_SIZE];
    reader_key_path(path, base, "id");
    int team = -1;
    for (int t = 0; cJSON_IsString(found[0]) && t < instance->team_count && team < 0; t++)
        if (strcmp(instance->teams[t].id, found[0]->valuestring) == 0)
            team = t;
    if (team < 0) {
        diag_error(reader->diag, path, "the instance has no team %s",
                   cJSON_IsString(found[0]) ? reader_quote(quoted, sizeof quoted, found[0]->valuestring) : "");
        return;
    }
    static const char *const amounts[] = {"workers", "hires", "over_cap_before", "over_cap_after", "km"};
    for (int k = 0; k < 5; k++)
        expect_amount(reader, found[1 + k], reader_key_path(path, base, amounts[k]));
}

static void check_remedy_row(struct instance_reader *reader, const cJSON **found, const char *base,
                             const struct instance *instance, const struct id_index *assignees,
                             const struct figures *figures)
{
    char path[READER_PATH_SIZE];
    static const char *const amounts[] = {"children_over_cap", "hires", "movable"};
    for (int k = 0; k < 3; k++)
        expect_amount(reader, found[1 + k], reader_key_path(path, base, amounts[k]));
    check_rows(reader, found[4], reader_key_path(path, base, "neighbours"), neighbour_keys,
               COUNT_OF(neighbour_keys), NULL, instance, assignees, figures);
}

static bool figures_compute(struct figures *figures, const struct instance *instance, const int *assignee)
{
    size_t assignees = (size_t)instance->worker_count + (size_t)instance_hire_count(instance) + 1;
    figures->counted_before = mem_calloc(assignees, sizeof(int));
    figures->counted_after = mem_calloc(assignees, sizeof(int));
    figures->workload_after = mem_calloc(assignees, sizeof(double));
    if (figures->counted_before == NULL || figures->counted_after == NULL || figures->workload_after == NULL)
        return false;
    for (int c = 0; c < instance->child_count; c++) {
        int counted = instance_child_counted(instance, c) ? 1 : 0;
        if (instance->children[c].worker >= 0)
            figures->counted_before[instance->children[c].worker] += counted;
        if (assignee[c] >= 0) {
            figures->counted_after[assignee[c]] += counted;
            figures->workload_after[assignee[c]] += instance->children[c].weight;
        }
    }
    return true;
}

bool plan_check_keys(const cJSON *root, struct diag *diag)
{
    struct instance_reader reader;
    memset(&reader, 0, sizeof reader);
    reader.diag = diag;
    int errors_before = diag->count;
    const cJSON *found[COUNT_OF(plan_keys)];
    reader_object(&reader, root, "", plan_keys, COUNT_OF(plan_keys), found);
    check_rows(&reader, found[P_ASSIGNMENTS], "assignments", assignment_keys, COUNT_OF(assignment_keys), NULL,
               NULL, NULL, NULL);
    return diag->count == errors_before;
}

bool plan_check_sections(const cJSON *root, const struct instance *instance, const int *assignee,
                         const struct score *score, const struct id_index *assignees, struct diag *diag,
                         bool *out_of_memory)
{
    struct instance_reader reader;
    memset(&reader, 0, sizeof reader);
    reader.diag = diag;
    reader.instance = NULL;
    int errors_before = diag->count;
    const cJSON *found[COUNT_OF(plan_keys)];
    for (int k = 0; k < COUNT_OF(plan_keys); k++)
        found[k] = cJSON_GetObjectItemCaseSensitive(root, plan_keys[k].name);
    struct figures figures = {NULL, NULL, NULL};
    if (!figures_compute(&figures, instance, assignee)) {
        *out_of_memory = true;
        goto done;
    }
    if (found[P_TERMS] != NULL)
        check_terms(&reader, found[P_TERMS], score);
    if (found[P_COMPLIANCE] != NULL)
        check_compliance(&reader, found[P_COMPLIANCE], instance, assignee);
    check_rows(&reader, found[P_WORKERS], "workers", worker_keys, COUNT_OF(worker_keys), check_worker_row,
               instance, assignees, &figures);
    check_rows(&reader, found[P_HIRES], "hires", hire_keys, COUNT_OF(hire_keys), check_hire_row, instance,
               assignees, &figures);
    check_rows(&reader, found[P_TEAMS], "teams", team_keys, COUNT_OF(team_keys), check_team_row, instance,
               assignees, &figures);
    check_rows(&reader, found[P_REMEDIES], "remedies", remedy_keys, COUNT_OF(remedy_keys), check_remedy_row,
               instance, assignees, &figures);
    static const int amounts[] = {P_BOUND, P_GAP, P_SECONDS};
    for (int k = 0; k < COUNT_OF(amounts); k++)
        if (found[amounts[k]] != NULL && (!cJSON_IsNumber(found[amounts[k]]) ||
                                          !isfinite(found[amounts[k]]->valuedouble)))
            diag_error(diag, plan_keys[amounts[k]].name, "expected a number");
    if (reader.out_of_memory)
        *out_of_memory = true;
done:
    mem_free(figures.counted_before);
    mem_free(figures.counted_after);
    mem_free(figures.workload_after);
    return diag->count == errors_before && !*out_of_memory;
}
