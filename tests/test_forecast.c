/* test_forecast.c - unit tests of the forecast (DESIGN.md §6): calendar, the
 * steady state of the process, the same result on any number of threads, rates
 * estimated from a generated history, and the sizing against the forecast.
 * Tolerances are stated where the statistics decide them. */
#include "testutil.h"

#include <math.h>
#include <unistd.h>

#include "forecast/forecast.h"
#include "forecast/forecast_sample.h"
#include "forecast/forecast_write.h"
#include "forecast/rates.h"
#include "solve/solve.h"

static struct forecast_spec *spec_or_fail(const char *text, const struct instance *instance)
{
    struct diag diag;
    diag_init(&diag, "forecast.json");
    struct forecast_spec *spec = forecast_read_parse(text, strlen(text), "forecast.json", instance, &diag);
    if (spec != NULL && !forecast_spec_estimate_rates(spec, instance, &diag)) {
        forecast_read_free(spec);
        spec = NULL;
    }
    if (spec == NULL && diag.kept > 0)
        fail_msg("%s", diag.messages[0]);
    diag_free(&diag);
    assert_non_null(spec);
    return spec;
}

/* The first error of a forecast file that must be refused, or "" when accepted. */
static void refused(const char *text, const struct instance *instance, char *message, size_t size)
{
    struct diag diag;
    diag_init(&diag, "forecast.json");
    struct forecast_spec *spec = forecast_read_parse(text, strlen(text), "forecast.json", instance, &diag);
    bool ok = spec != NULL && forecast_spec_estimate_rates(spec, instance, &diag);
    snprintf(message, size, "%s", ok ? "" : diag.kept > 0 ? diag.messages[0] : "?");
    forecast_read_free(spec);
    diag_free(&diag);
}

static void date_second_tuesday_should_find_the_thl_census_dates(void **state)
{
    (void)state;
    struct date april = date_second_tuesday(2025, 4), october = date_second_tuesday(2025, 10);
    assert_int_equal(april.day, 8);
    assert_int_equal(october.day, 14);
    assert_int_equal(date_second_tuesday(2024, 10).day, 8);
    assert_int_equal(date_second_tuesday(2026, 4).day, 14);
}

static void date_add_months_should_clamp_to_the_end_of_the_month(void **state)
{
    (void)state;
    struct date date = {2024, 1, 31};
    struct date moved = date_add_months(date, 1);
    assert_int_equal(moved.month, 2);
    assert_int_equal(moved.day, 29);
    moved = date_add_months(date, 12);
    assert_int_equal(moved.year, 2025);
    assert_int_equal(moved.day, 31);
}

/* One open-care team of 4 workers in one municipality, `clients` children without
 * birth months (so nobody ages), each with a worker. */
static char *steady_instance_text(int clients)
{
    size_t size = 4096 + (size_t)clients * 160;
    char *text = malloc(size);
    assert_non_null(text);
    int used = snprintf(text, size,
                        "{\"format\":\"caseload-instance/1\",\"name\":\"steady\",\"date\":\"2025-01-15\","
                        "\"municipalities\":[{\"id\":\"Town\",\"lat\":62.0,\"lon\":25.0}],"
                        "\"teams\":[{\"id\":\"avo\",\"service\":\"avohuolto\",\"office\":\"Town\"}],"
                        "\"workers\":[{\"id\":\"W1\",\"team\":\"avo\"},{\"id\":\"W2\",\"team\":\"avo\"},"
                        "{\"id\":\"W3\",\"team\":\"avo\"},{\"id\":\"W4\",\"team\":\"avo\"}],\"children\":[");
    for (int c = 0; c < clients; c++)
        used += snprintf(text + used, size - (size_t)used,
                         "%s{\"id\":\"C%03d\",\"service\":\"avohuolto\",\"municipality\":\"Town\","
                         "\"worker\":\"W%d\"}", c == 0 ? "" : ",", c, c % 4 + 1);
    snprintf(text + used, size - (size_t)used, "]}");
    return text;
}

/* forecast_run on `threads` threads, reporting to `progress` (may be NULL),
 * into *result; the test fails when it does not run. */
static void run_or_fail(const struct instance *instance, const struct forecast_spec *spec, int threads,
                        const struct progress *progress, struct forecast_result *result)
{
    struct forecast_options options;
    forecast_default_options(&options);
    options.threads = threads;
    options.progress = progress;
    bool no_plan = false;
    char error[256] = "";
    if (!forecast_run(instance, spec, NULL, &options, result, &no_plan, error, sizeof error))
        fail_msg("%s", error);
}

/* Steady state: λ families of one child a month, closure p, no ageing: started
 * at λ/p, the mean stays at λ/p in every month, and in the stationary state the
 * count is Poisson(λ/p) (thinning plus Poisson arrivals), so the mean over N
 * samples of month 12 has standard error sqrt(λ/p / N). With λ = 4, p = 0.2
 * (λ/p = 20) and N = 400 that is 0.224; the test allows 4 of them (0.89). The
 * average over months 1..12 and samples must hold the same tolerance too. */
static void forecast_run_should_settle_at_lambda_over_p(void **state)
{
    (void)state;
    char *text = steady_instance_text(20);
    struct instance *instance = parse_or_fail(text, strlen(text), "forecast.json");
    struct forecast_spec *spec = spec_or_fail(
        "{\"format\":\"caseload-forecast/1\",\"months\":12,\"samples\":400,\"seed\":7,"
        "\"intake\":[{\"service\":\"avohuolto\",\"municipality\":\"Town\",\"families_per_month\":4}],"
        "\"closure\":[{\"service\":\"avohuolto\",\"per_month\":0.2},{\"service\":\"sijaishuolto\",\"per_month\":0},"
        "{\"service\":\"jalkihuolto\",\"per_month\":0}],\"family_sizes\":[1]}",
        instance);
    struct forecast_result result;
    run_or_fail(instance, spec, 2, NULL, &result);
    double expected = 4.0 / 0.2, standard_error = sqrt(expected / 400.0);
    double last = result.county[12].counted.mean;
    printf("steady state: month 12 mean %.3f, expected %.3f +- %.3f (4 standard errors)\n", last, expected,
           4 * standard_error);
    assert_true(fabs(last - expected) <= 4 * standard_error);
    /* the median and the band of a Poisson(20): p10 = 14, p50 = 20, p90 = 26 */
    assert_true(abs(result.county[12].counted.p50 - 20) <= 2);
    assert_true(result.county[12].counted.p10 >= 12 && result.county[12].counted.p10 <= 16);
    assert_true(result.county[12].counted.p90 >= 24 && result.county[12].counted.p90 <= 28);
    forecast_result_free(&result);
    forecast_read_free(spec);
    instance_free(instance);
    free(text);
}

/* What a progress handle was shown: the number of statuses, and the last text. */
struct shown {
    int statuses, lines;
    bool last_transient;
    char last[256];
};

static void record_shown(void *context, bool transient, const char *text)
{
    struct shown *shown = context;
    shown->statuses += transient;
    shown->lines += !transient;
    shown->last_transient = transient;
    snprintf(shown->last, sizeof shown->last, "%s", text);
}

/* The forecast reports through the progress handle of its options: a status
 * while the samples run (at most every half second, so a short run may show none)
 * and, at the end, a line that stays with the samples done. */
static void forecast_run_should_report_its_samples_through_the_progress_handle(void **state)
{
    (void)state;
    char *text = steady_instance_text(20);
    struct instance *instance = parse_or_fail(text, strlen(text), "forecast.json");
    struct forecast_spec *spec = spec_or_fail(
        "{\"format\":\"caseload-forecast/1\",\"months\":3,\"samples\":30,\"seed\":7,"
        "\"intake\":[{\"service\":\"avohuolto\",\"municipality\":\"Town\",\"families_per_month\":4}],"
        "\"closure\":[{\"service\":\"avohuolto\",\"per_month\":0.2},{\"service\":\"sijaishuolto\",\"per_month\":0},"
        "{\"service\":\"jalkihuolto\",\"per_month\":0}],\"family_sizes\":[1]}",
        instance);
    struct shown shown = {0};
    struct progress progress = {record_shown, &shown};
    struct forecast_result result;
    run_or_fail(instance, spec, 2, &progress, &result);
    printf("progress: %d statuses, %d lines, last \"%s\"\n", shown.statuses, shown.lines, shown.last);
    assert_int_equal(shown.lines, 1);
    assert_false(shown.last_transient);
    assert_true(strncmp(shown.last, "forecast: 30 of 30 samples, ", 28) == 0);
    forecast_result_free(&result);
    forecast_read_free(spec);
    instance_free(instance);
    free(text);
}

/* The JSON of `result`, which it frees. */
static char *written_json(struct forecast_result *result, const struct instance *instance,
                          const struct forecast_spec *spec)
{
    char *json = NULL;
    size_t length = 0;
    FILE *stream = open_memstream(&json, &length);
    assert_non_null(stream);
    assert_true(forecast_write_json(result, spec, instance, stream));
    fclose(stream);
    forecast_result_free(result);
    return json;
}

static char *result_json(const struct instance *instance, const struct forecast_spec *spec, int threads)
{
    struct forecast_result result;
    run_or_fail(instance, spec, threads, NULL, &result);
    return written_json(&result, instance, spec);
}

static void forecast_run_should_give_the_same_bytes_on_any_number_of_threads(void **state)
{
    (void)state;
    SKIP_UNDER_VALGRIND(); /* a whole Kymenlaakso forecast twice, ~5 s plain; `make tsan` runs it */
    struct instance *instance = load_or_fail(REPO_ROOT "/instances/kymenlaakso.json");
    const char *text =
        "{\"format\":\"caseload-forecast/1\",\"months\":7,\"samples\":12,\"seed\":3,"
        "\"intake\":[{\"service\":\"avohuolto\",\"municipality\":\"Kotka\",\"families_per_month\":6},"
        "{\"service\":\"avohuolto\",\"municipality\":\"Kouvola\",\"families_per_month\":7}],"
        "\"closure\":[{\"service\":\"avohuolto\",\"per_month\":0.05}],\"family_sizes\":[0.6,0.3,0.1],"
        "\"events\":[{\"month\":\"2024-01\",\"leave\":[\"W0001\"]}]}";
    struct forecast_spec *spec = spec_or_fail(text, instance);
    char *one = result_json(instance, spec, 1);
    char *three = result_json(instance, spec, 3);
    assert_string_equal(one, three);
    /* the months cross 2024-01-01: the cap falls from 35 to 30 */
    assert_non_null(strstr(one, "\"census\": [ { \"date\": \"2024-04-09\""));
    free(one);
    free(three);
    /* another seed gives another forecast */
    struct forecast_spec *other = spec_or_fail(
        "{\"format\":\"caseload-forecast/1\",\"months\":7,\"samples\":12,\"seed\":4,"
        "\"intake\":[{\"service\":\"avohuolto\",\"municipality\":\"Kotka\",\"families_per_month\":6},"
        "{\"service\":\"avohuolto\",\"municipality\":\"Kouvola\",\"families_per_month\":7}],"
        "\"closure\":[{\"service\":\"avohuolto\",\"per_month\":0.05}],\"family_sizes\":[0.6,0.3,0.1],"
        "\"events\":[{\"month\":\"2024-01\",\"leave\":[\"W0001\"]}]}",
        instance);
    char *first = result_json(instance, spec, 2), *second = result_json(instance, other, 2);
    assert_true(strcmp(first + 200, second + 200) != 0);
    free(first);
    free(second);
    forecast_read_free(other);
    forecast_read_free(spec);
    instance_free(instance);
}

/* The JSON of a sizing's run with `hires` from the month-0 plan `month0`, from
 * `prefix` (may be NULL). */
static char *planned_json(const struct instance *instance, const struct forecast_spec *spec, const int *month0,
                          const struct forecast_hire *hires, int count, const struct forecast_prefix *prefix)
{
    struct forecast_options options;
    forecast_default_options(&options);
    options.threads = 2;
    struct forecast_result result;
    char error[256] = "";
    if (!forecast_run_planned(instance, spec, hires, count, month0, &options, prefix, &result, error, sizeof error))
        fail_msg("%s", error);
    return written_json(&result, instance, spec);
}

/* size -f starts its runs from the run without hires kept where the first hire
 * can start: each run must be the one it would be from month 0, byte for byte,
 * with a leave before the month kept and one after it. */
static void forecast_run_planned_should_give_the_same_bytes_from_a_kept_prefix(void **state)
{
    (void)state;
    SKIP_UNDER_VALGRIND(); /* six Kymenlaakso forecasts of 8 samples, ~4 s plain */
    struct instance *instance = load_or_fail(REPO_ROOT "/instances/kymenlaakso.json");
    instance->rules.cap = 28; /* workers over the cap in the months kept too */
    instance->rules.cap_given = true;
    struct forecast_spec *spec = spec_or_fail(
        "{\"format\":\"caseload-forecast/1\",\"months\":6,\"samples\":8,\"seed\":5,"
        "\"intake\":[{\"service\":\"avohuolto\",\"municipality\":\"Kotka\",\"families_per_month\":6},"
        "{\"service\":\"avohuolto\",\"municipality\":\"Kouvola\",\"families_per_month\":7}],"
        "\"closure\":[{\"service\":\"avohuolto\",\"per_month\":0.05}],\"family_sizes\":[0.6,0.3,0.1],"
        "\"events\":[{\"month\":\"2023-11\",\"leave\":[\"W0002\"]},{\"month\":\"2024-01\",\"leave\":[\"W0001\"]}]}",
        instance);
    struct forecast_options options;
    forecast_default_options(&options);
    int *month0 = calloc((size_t)instance->child_count + 1, sizeof(int));
    assert_non_null(month0);
    bool no_plan = false;
    char error[256] = "";
    if (!forecast_sample_plan_month0(instance, &options, month0, &no_plan, error, sizeof error))
        fail_msg("%s", error);
    struct forecast_prefix *prefix = NULL;
    struct forecast_result kept;
    if (!forecast_run_keeping(instance, spec, month0, &options, 2, &prefix, &kept, error, sizeof error))
        fail_msg("%s", error);
    forecast_result_free(&kept);
    /* two hires of Kotka from month 3, one of Hamina from month 5 (team 2, 3) */
    const struct forecast_hire hires[] = {{.team = 2, .start = 3}, {.team = 2, .start = 3}, {.team = 3, .start = 5}};
    char *whole = planned_json(instance, spec, month0, hires, 3, NULL);
    char *resumed = planned_json(instance, spec, month0, hires, 3, prefix);
    assert_string_equal(whole, resumed);
    assert_non_null(strstr(whole, "avo-kotka/hire-2"));
    free(whole);
    free(resumed);
    /* without hires; and a hire that starts by month 2 is not run from the prefix */
    whole = planned_json(instance, spec, month0, NULL, 0, NULL);
    resumed = planned_json(instance, spec, month0, NULL, 0, prefix);
    assert_string_equal(whole, resumed);
    free(whole);
    free(resumed);
    const struct forecast_hire early[] = {{.team = 2, .start = 2}};
    whole = planned_json(instance, spec, month0, early, 1, NULL);
    resumed = planned_json(instance, spec, month0, early, 1, prefix);
    assert_string_equal(whole, resumed);
    free(whole);
    free(resumed);
    forecast_prefix_free(prefix);
    free(month0);
    forecast_read_free(spec);
    instance_free(instance);
}

/* Estimation: a history of 13 monthly snapshots generated with known rates.
 * The closure estimate of a service is a share of its exposure E (client-months):
 * standard error sqrt(p (1 - p) / E). The intake of a service summed over its
 * municipalities is a Poisson count over 12 months: standard error
 * sqrt(λ / 12). Each estimate must fall within 4 standard errors of the truth. */
static void rates_count_should_recover_the_rates_of_a_generated_history(void **state)
{
    (void)state;
    SKIP_UNDER_VALGRIND(); /* simulates a long generated history, ~30 s plain */
    struct generate_options options;
    generate_default_options(&options);
    options.seed = 11;
    options.municipalities = 8;
    options.open_care_teams = 4;
    char folder[] = "/tmp/caseload-history-XXXXXX";
    assert_non_null(mkdtemp(folder));
    char error[512] = "";
    if (!generate_history_write(&options, 13, folder, error, sizeof error))
        fail_msg("%s", error);
    const struct instance *snapshots[13];
    for (int k = 0; k < 13; k++) {
        char path[256];
        snprintf(path, sizeof path, "%s/month-%02d.json", folder, k + 1);
        snapshots[k] = load_or_fail(path);
    }
    struct rates_counts counts;
    assert_true(rates_count(snapshots, 13, snapshots[0], &counts));
    assert_true(fabs(counts.months - 12) < 1e-9);
    for (int s = 0; s < SERVICE_COUNT; s++) {
        double truth = generate_history_closure[s];
        double estimate = counts.closures[s] / counts.exposure[s];
        double standard_error = sqrt(truth * (1 - truth) / counts.exposure[s]);
        printf("closure %s: %.4f, truth %.4f, standard error %.4f\n", instance_service_name((enum service)s),
               estimate, truth, standard_error);
        assert_true(fabs(estimate - truth) <= 4 * standard_error);
    }
    /* the true intake: the steady-state rates the history was generated with */
    struct forecast_spec *truth = forecast_spec_steady(snapshots[0], generate_history_closure,
                                                       generate_history_family_sizes, 4, options.seed);
    assert_non_null(truth);
    int places = snapshots[0]->municipality_count;
    for (int s = 0; s < SERVICE_COUNT; s++) {
        double rate = 0, estimate = 0;
        for (int m = 0; m < places; m++) {
            rate += truth->rates.intake[s * places + m];
            estimate += counts.new_families[s * places + m] / counts.months;
        }
        double standard_error = sqrt(rate / counts.months);
        printf("intake %s: %.3f families a month, truth %.3f, standard error %.3f\n",
               instance_service_name((enum service)s), estimate, rate, standard_error);
        assert_true(fabs(estimate - rate) <= 4 * standard_error);
    }
    /* family sizes: the share of single-child families, a binomial share */
    double single = counts.family_sizes[0] / counts.family_total;
    double single_error = sqrt(0.55 * 0.45 / counts.family_total);
    printf("families of one child: %.3f, truth 0.55, standard error %.3f\n", single, single_error);
    assert_true(fabs(single - 0.55) <= 4 * single_error);
    forecast_read_free(truth);
    rates_counts_free(&counts);
    for (int k = 0; k < 13; k++) {
        char path[256];
        snprintf(path, sizeof path, "%s/month-%02d.json", folder, k + 1);
        unlink(path);
        instance_free((struct instance *)(uintptr_t)snapshots[k]);
    }
    char rates_path[256];
    snprintf(rates_path, sizeof rates_path, "%s/rates.json", folder);
    unlink(rates_path);
    rmdir(folder);
}

/* Bad input is refused with the JSON path and the reason. */
/* One open-care team in one municipality: W1 with `over` children above its cap of
 * 30 (2025), locked so that the month-0 plan keeps them, W2 and W3 at their cap,
 * W4 with `leaving` children; W4 leaves in month 1, no intake, no closure. */
static char *full_team_text(int over, int leaving)
{
    size_t size = 4096 + (size_t)(90 + over + leaving) * 200;
    char *text = malloc(size);
    assert_non_null(text);
    int used = snprintf(text, size,
                        "{\"format\":\"caseload-instance/1\",\"name\":\"full\",\"date\":\"2025-01-15\","
                        "\"municipalities\":[{\"id\":\"Town\",\"lat\":62.0,\"lon\":25.0}],"
                        "\"teams\":[{\"id\":\"avo\",\"service\":\"avohuolto\",\"office\":\"Town\"}],"
                        "\"workers\":[{\"id\":\"W1\",\"team\":\"avo\"},{\"id\":\"W2\",\"team\":\"avo\"},"
                        "{\"id\":\"W3\",\"team\":\"avo\"},{\"id\":\"W4\",\"team\":\"avo\"}],\"children\":[");
    int loads[4] = {30 + over, 30, 30, leaving}, n = 0;
    for (int w = 0; w < 4; w++)
        for (int c = 0; c < loads[w]; c++, n++)
            used += snprintf(text + used, size - (size_t)used,
                             "%s{\"id\":\"C%03d\",\"service\":\"avohuolto\",\"municipality\":\"Town\","
                             "\"worker\":\"W%d\"%s}",
                             n == 0 ? "" : ",", n, w + 1, w == 0 ? ",\"locked\":true" : "");
    snprintf(text + used, size - (size_t)used, "]}");
    return text;
}

/* The month-1 county cell of the forecast of full_team_text(over, leaving). */
static struct forecast_cell full_team_month_one(int over, int leaving)
{
    char *text = full_team_text(over, leaving);
    struct instance *instance = parse_or_fail(text, strlen(text), "forecast.json");
    struct forecast_spec *spec = spec_or_fail(
        "{\"format\":\"caseload-forecast/1\",\"months\":1,\"samples\":3,\"seed\":5,"
        "\"intake\":[{\"service\":\"avohuolto\",\"municipality\":\"Town\",\"families_per_month\":0}],"
        "\"closure\":[{\"service\":\"avohuolto\",\"per_month\":0},{\"service\":\"sijaishuolto\",\"per_month\":0},"
        "{\"service\":\"jalkihuolto\",\"per_month\":0}],\"family_sizes\":[1],"
        "\"events\":[{\"month\":\"2025-02\",\"leave\":[\"W4\"]}]}",
        instance);
    struct forecast_result result;
    run_or_fail(instance, spec, 1, NULL, &result);
    struct forecast_cell cell = result.county[1];
    printf("full team, W1 %d over, W4 leaving with %d: month 1 unassigned %.2f, workers over %.2f, "
           "children over %.2f\n",
           over, leaving, cell.unassigned, cell.workers_over_cap, cell.children_over_cap);
    forecast_result_free(&result);
    forecast_read_free(spec);
    instance_free(instance);
    free(text);
    return cell;
}

/* §2 in the monthly placement: every worker who may take the leaving worker's
 * children is at or over its cap, so each one placed costs over_cap and overload,
 * far less than `unassigned`: all are placed, and the excess is spread as the
 * overload tiers spread it (the k-th child above a worker's cap costs k·ρ(w),
 * counting the children it already carries above it). */
static void forecast_placement_should_place_every_child_over_full_workers(void **state)
{
    (void)state;
    /* W1..W3 at their cap, 3 children to place: one each */
    struct forecast_cell cell = full_team_month_one(0, 3);
    assert_true(cell.unassigned == 0.0);
    assert_true(cell.children_over_cap == 3.0);
    assert_true(cell.workers_over_cap == 3.0);
    /* W1 already 2 over: the 2 children go to W2 and W3 (tier 1 each, 2·ρ, rather
     * than W1's tiers 3 and 4) */
    cell = full_team_month_one(2, 2);
    assert_true(cell.unassigned == 0.0);
    assert_true(cell.children_over_cap == 4.0);
    assert_true(cell.workers_over_cap == 3.0);
    /* 7 children on W1 (2 over), W2, W3: the 7 cheapest tiers are W2's and W3's
     * 1, 2, 3 and W1's 3, so each ends 3 over */
    cell = full_team_month_one(2, 7);
    assert_true(cell.unassigned == 0.0);
    assert_true(cell.children_over_cap == 9.0);
    assert_true(cell.workers_over_cap == 3.0);
}

/* A team of two full-time workers on 2023-12-10, W1 with 34 counted children
 * and W2 with 20 (the cap of 2023 is 35: nobody is over, and the §2 plan keeps
 * them: a move costs 10, the target term saves 2). On 2024-01-10 the cap falls
 * to 30: W1 is over by 4, and the month step's rebalancing must hand those 4 to
 * W2, who has room (no intake, no closures). Before monthly rebalancing the
 * excess stayed with W1 and the risk was 1 from January on. */
static void forecast_month_step_should_rebalance_when_the_cap_drops(void **state)
{
    (void)state;
    char text[16384];
    int used = snprintf(text, sizeof text,
                        "{\"format\":\"caseload-instance/1\",\"name\":\"cap drop\",\"date\":\"2023-12-10\","
                        "\"municipalities\":[{\"id\":\"Town\",\"lat\":62.0,\"lon\":25.0}],"
                        "\"teams\":[{\"id\":\"avo\",\"service\":\"avohuolto\",\"office\":\"Town\"}],"
                        "\"workers\":[{\"id\":\"W1\",\"team\":\"avo\"},{\"id\":\"W2\",\"team\":\"avo\"}],"
                        "\"children\":[");
    for (int c = 0; c < 54; c++)
        used += snprintf(text + used, sizeof text - (size_t)used,
                         "%s{\"id\":\"C%03d\",\"service\":\"avohuolto\",\"municipality\":\"Town\","
                         "\"born\":\"2015-05\",\"worker\":\"W%d\"}", c == 0 ? "" : ",", c, c < 34 ? 1 : 2);
    snprintf(text + used, sizeof text - (size_t)used, "]}");
    struct instance *instance = parse_or_fail(text, strlen(text), "forecast.json");
    struct forecast_spec *spec = spec_or_fail(
        "{\"format\":\"caseload-forecast/1\",\"months\":2,\"samples\":3,\"seed\":1,\"intake\":[],"
        "\"closure\":[{\"service\":\"avohuolto\",\"per_month\":0},{\"service\":\"sijaishuolto\",\"per_month\":0},"
        "{\"service\":\"jalkihuolto\",\"per_month\":0}],\"family_sizes\":[1]}",
        instance);
    struct forecast_result result;
    run_or_fail(instance, spec, 1, NULL, &result);
    printf("cap drop: month 0 capacity %.0f risk %.2f; month 1 (%04d-%02d) capacity %.0f, workers over %.2f, "
           "risk %.2f\n", result.county[0].capacity, result.county[0].risk, result.dates[1].year,
           result.dates[1].month, result.county[1].capacity, result.county[1].workers_over_cap,
           result.county[1].risk);
    assert_true(result.county[0].risk == 0.0);
    assert_true(result.county[1].capacity == 60.0);
    assert_true(result.county[1].risk == 0.0);
    assert_true(result.county[1].children_over_cap == 0.0);
    assert_true(result.county[2].risk == 0.0);
    forecast_result_free(&result);
    forecast_read_free(spec);
    instance_free(instance);
}

/* Two teams of five equal workers sharing one office and one area, 20 children
 * each, intake of 3 families a month, closure 0.075 (the steady state, 40 in
 * all): the intake is split as §2 splits it, not all to the first team, so the
 * mean counted children of the two teams over the horizon differ by at most 2 %.
 * (With the first equal worker taking every child, team 1 held 14 % more.) */
static void forecast_placement_should_split_intake_between_equal_teams(void **state)
{
    (void)state;
    char text[16384];
    int used = snprintf(text, sizeof text,
                        "{\"format\":\"caseload-instance/1\",\"name\":\"twins\",\"date\":\"2025-01-15\","
                        "\"municipalities\":[{\"id\":\"Town\",\"lat\":62.0,\"lon\":25.0}],"
                        "\"teams\":[{\"id\":\"avo-1\",\"service\":\"avohuolto\",\"office\":\"Town\",\"area\":[\"Town\"]},"
                        "{\"id\":\"avo-2\",\"service\":\"avohuolto\",\"office\":\"Town\",\"area\":[\"Town\"]}],"
                        "\"workers\":[");
    for (int w = 0; w < 10; w++)
        used += snprintf(text + used, sizeof text - (size_t)used, "%s{\"id\":\"W%d\",\"team\":\"avo-%d\"}",
                         w == 0 ? "" : ",", w, w < 5 ? 1 : 2);
    used += snprintf(text + used, sizeof text - (size_t)used, "],\"children\":[");
    for (int c = 0; c < 40; c++)
        used += snprintf(text + used, sizeof text - (size_t)used,
                         "%s{\"id\":\"C%03d\",\"service\":\"avohuolto\",\"municipality\":\"Town\","
                         "\"worker\":\"W%d\"}", c == 0 ? "" : ",", c, c % 10);
    snprintf(text + used, sizeof text - (size_t)used, "]}");
    struct instance *instance = parse_or_fail(text, strlen(text), "forecast.json");
    struct forecast_spec *spec = spec_or_fail(
        "{\"format\":\"caseload-forecast/1\",\"months\":12,\"samples\":200,\"seed\":4,"
        "\"intake\":[{\"service\":\"avohuolto\",\"municipality\":\"Town\",\"families_per_month\":3}],"
        "\"closure\":[{\"service\":\"avohuolto\",\"per_month\":0.075},{\"service\":\"sijaishuolto\",\"per_month\":0},"
        "{\"service\":\"jalkihuolto\",\"per_month\":0}],\"family_sizes\":[1]}",
        instance);
    struct forecast_result result;
    run_or_fail(instance, spec, 2, NULL, &result);
    double first = 0, second = 0;
    for (int m = 1; m <= result.months; m++) {
        first += result.teams[(size_t)m * 2].counted.mean;
        second += result.teams[(size_t)m * 2 + 1].counted.mean;
    }
    double difference = fabs(first - second) / (0.5 * (first + second));
    printf("equal teams: mean counted %.2f and %.2f a month, %.2f %% apart\n", first / result.months,
           second / result.months, 100 * difference);
    assert_true(difference <= 0.02);
    forecast_result_free(&result);
    forecast_read_free(spec);
    instance_free(instance);
}

/* The monthly placement's node limit (solve_options.node_limit): new siblings
 * whom only single free places can take (every worker's cap is 1) must split,
 * but the LP spreads each family half and half over two workers and proves no
 * split, so the bound never closes the 5 % gap. Without the limit the search
 * runs to its time limit (20 s here, and a plan that depends on the machine's
 * load); with it, it stops after a count of subproblems with the best plan,
 * every family split once, and the same plan on every run, searched no more than
 * the two passes. */
static void solve_instance_should_stop_at_the_node_limit(void **state)
{
    (void)state;
    enum { FAMILIES = 5 };
    char text[8192];
    int used = snprintf(text, sizeof text,
                        "{\"format\":\"caseload-instance/1\",\"name\":\"splits\",\"date\":\"2025-01-15\","
                        "\"municipalities\":[{\"id\":\"Town\",\"lat\":62.0,\"lon\":25.0}],"
                        "\"teams\":[{\"id\":\"avo\",\"service\":\"avohuolto\",\"office\":\"Town\"}],"
                        "\"workers\":[");
    for (int w = 0; w < 2 * FAMILIES; w++)
        used += snprintf(text + used, sizeof text - (size_t)used,
                         "%s{\"id\":\"W%d\",\"team\":\"avo\",\"fte\":0.04}", w > 0 ? "," : "", w);
    used += snprintf(text + used, sizeof text - (size_t)used, "],\"children\":[");
    for (int c = 0; c < 2 * FAMILIES; c++)
        used += snprintf(text + used, sizeof text - (size_t)used,
                         "%s{\"id\":\"C%d\",\"service\":\"avohuolto\",\"municipality\":\"Town\","
                         "\"family\":\"F%d\"}", c > 0 ? "," : "", c, c / 2);
    snprintf(text + used, sizeof text - (size_t)used, "]}");
    struct instance *instance = parse_or_fail(text, strlen(text), "splits.json");
    struct solve_options options;
    solve_default_options(&options);
    options.threads = 1;
    options.time_limit = 300; /* far off: the node limit, not the clock, must end it */
    options.gap = 0.05;
    options.gap_on_small = true;
    options.node_limit = 50;
    int plans[2][2 * FAMILIES];
    for (int run = 0; run < 2; run++) {
        struct solution solution;
        char error[256] = "";
        if (!solve_instance(instance, &options, &solution, error, sizeof error))
            fail_msg("%s", error);
        printf("node limit 50, run %d: %s, objective %.1f, %.2f s\n", run + 1,
               solution_status_name(solution.status), solution.objective, solution.seconds);
        assert_true(solution.seconds < 0.5 * options.time_limit); /* under valgrind on a loaded machine: 11 s */
        assert_true(fabs(solution.objective - 30.0 * FAMILIES) < 1e-6);
        /* the two passes, not searched again: a search stopped at the node
         * limit would stop there again, however much time is left */
        assert_true(solution.most_searches >= 1 && solution.most_searches <= 2);
        memcpy(plans[run], solution.assignee, sizeof plans[run]);
        solution_free(&solution);
    }
    assert_memory_equal(plans[0], plans[1], sizeof plans[0]);
    instance_free(instance);
}

static void forecast_read_parse_should_refuse_bad_input_with_its_path(void **state)
{
    (void)state;
    char *text = steady_instance_text(8);
    struct instance *instance = parse_or_fail(text, strlen(text), "forecast.json");
    char message[512];
    const char *rates = "\"intake\":[],\"closure\":[{\"service\":\"avohuolto\",\"per_month\":0.1}],"
                        "\"family_sizes\":[1]";
    char document[1024];
    snprintf(document, sizeof document, "{\"format\":\"caseload-forecast/1\",\"sampels\":3,%s}", rates);
    refused(document, instance, message, sizeof message);
    assert_non_null(strstr(message, "forecast.json: unknown key \"sampels\""));
    snprintf(document, sizeof document,
             "{\"format\":\"caseload-forecast/1\",\"months\":3,%s,\"events\":[{\"month\":\"2025-09\",\"leave\":[\"W1\"]}]}",
             rates);
    refused(document, instance, message, sizeof message);
    assert_non_null(strstr(message, "forecast.json: events[0].month: 2025-09 is outside the horizon"));
    snprintf(document, sizeof document,
             "{\"format\":\"caseload-forecast/1\",%s,\"events\":[{\"month\":\"2025-03\",\"leave\":[\"W9\"]}]}",
             rates);
    refused(document, instance, message, sizeof message);
    assert_non_null(strstr(message, "forecast.json: events[0].leave[0]: unknown worker \"W9\""));
    refused("{\"format\":\"caseload-forecast/1\",\"intake\":[],\"family_sizes\":[1]}", instance, message,
            sizeof message);
    assert_non_null(strstr(message, "forecast.json: closure: no closure rate for avohuolto"));
    /* a worker started by an event may leave later */
    snprintf(document, sizeof document,
             "{\"format\":\"caseload-forecast/1\",%s,\"events\":[{\"month\":\"2025-05\",\"leave\":[\"N1\"]},"
             "{\"month\":\"2025-03\",\"add_workers\":[{\"id\":\"N1\",\"team\":\"avo\"}]}]}",
             rates);
    refused(document, instance, message, sizeof message);
    assert_string_equal(message, "");
    instance_free(instance);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(date_second_tuesday_should_find_the_thl_census_dates),
        cmocka_unit_test(date_add_months_should_clamp_to_the_end_of_the_month),
        cmocka_unit_test(forecast_run_should_settle_at_lambda_over_p),
        cmocka_unit_test(forecast_run_should_give_the_same_bytes_on_any_number_of_threads),
        cmocka_unit_test(forecast_run_planned_should_give_the_same_bytes_from_a_kept_prefix),
        cmocka_unit_test(forecast_run_should_report_its_samples_through_the_progress_handle),
        cmocka_unit_test(rates_count_should_recover_the_rates_of_a_generated_history),
        cmocka_unit_test(forecast_placement_should_place_every_child_over_full_workers),
        cmocka_unit_test(forecast_read_parse_should_refuse_bad_input_with_its_path),
        cmocka_unit_test(forecast_month_step_should_rebalance_when_the_cap_drops),
        cmocka_unit_test(forecast_placement_should_split_intake_between_equal_teams),
        cmocka_unit_test(solve_instance_should_stop_at_the_node_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
