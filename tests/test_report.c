/* test_report.c - the HTML reports: numbers drawn equal the plan's, ids escaped, nothing fetched from a network, failures reported. */
#include "testutil.h"

#include <math.h>

#include "core/instance.h"
#include "report/plan.h"
#include "report/report.h"
#include "core/score.h"
#include "solve/solve.h"

/* --- A small instance with awkward ids ----------------------------------------
 * Cap 4 on 2024-10-08. Team "avo&co" (avohuolto, one hire allowed): W1 (cap 4),
 * W2 (FTE 0.5, cap 2), the worker X<&">' (cap 4), W4 who leaves. Team "sijais"
 * (sijaishuolto): S1. C13 is an adult (not counted); C14 is intake nobody takes. */
static const char instance_text[] =
    "{\"format\": \"caseload-instance/1\", \"name\": \"Test <script>alert(1)</script> & co\","
    " \"date\": \"2024-10-08\", \"rules\": {\"cap\": 4},"
    " \"municipalities\": [{\"id\": \"Jyväskylä\", \"lat\": 62.2405, \"lon\": 25.7513},"
    "                      {\"id\": \"Muurame\", \"lat\": 62.1300, \"lon\": 25.6733}],"
    " \"teams\": [{\"id\": \"avo&co\", \"service\": \"avohuolto\", \"office\": \"Jyväskylä\","
    "              \"max_hires\": 1},"
    "            {\"id\": \"sijais\", \"service\": \"sijaishuolto\", \"office\": \"Jyväskylä\"}],"
    " \"workers\": [{\"id\": \"W1\", \"team\": \"avo&co\"},"
    "              {\"id\": \"W2\", \"team\": \"avo&co\", \"fte\": 0.5},"
    "              {\"id\": \"X<&\\\">'\", \"team\": \"avo&co\"},"
    "              {\"id\": \"W4\", \"team\": \"avo&co\", \"leaving\": true},"
    "              {\"id\": \"S1\", \"team\": \"sijais\"}],"
    " \"children\": ["
    "  {\"id\": \"C01\", \"service\": \"avohuolto\", \"municipality\": \"Jyväskylä\", \"worker\": \"W1\"},"
    "  {\"id\": \"C02\", \"service\": \"avohuolto\", \"municipality\": \"Jyväskylä\", \"worker\": \"W1\"},"
    "  {\"id\": \"C03\", \"service\": \"avohuolto\", \"municipality\": \"Jyväskylä\", \"worker\": \"W1\"},"
    "  {\"id\": \"C04\", \"service\": \"avohuolto\", \"municipality\": \"Jyväskylä\", \"worker\": \"W1\"},"
    "  {\"id\": \"C05\", \"service\": \"avohuolto\", \"municipality\": \"Muurame\", \"worker\": \"W1\"},"
    "  {\"id\": \"C06\", \"service\": \"avohuolto\", \"municipality\": \"Jyväskylä\", \"worker\": \"W1\"},"
    "  {\"id\": \"C07\", \"service\": \"avohuolto\", \"municipality\": \"Jyväskylä\", \"worker\": \"W2\"},"
    "  {\"id\": \"C08\", \"service\": \"avohuolto\", \"municipality\": \"Jyväskylä\", \"worker\": \"W2\"},"
    "  {\"id\": \"C<b>09\", \"service\": \"avohuolto\", \"municipality\": \"Muurame\", \"worker\": \"W4\"},"
    "  {\"id\": \"C10\", \"service\": \"avohuolto\", \"municipality\": \"Jyväskylä\","
    "   \"worker\": \"X<&\\\">'\"},"
    "  {\"id\": \"C11\", \"service\": \"avohuolto\", \"municipality\": \"Jyväskylä\"},"
    "  {\"id\": \"C12\", \"service\": \"sijaishuolto\", \"municipality\": \"Jyväskylä\", \"worker\": \"S1\"},"
    "  {\"id\": \"C13\", \"service\": \"sijaishuolto\", \"municipality\": \"Jyväskylä\", \"worker\": \"S1\","
    "   \"born\": \"2000-01\"},"
    "  {\"id\": \"C14\", \"service\": \"sijaishuolto\", \"municipality\": \"Muurame\"}"
    " ]}";

enum { W1, W2, X, W4, S1, HIRE }; /* assignee indices; HIRE = worker_count + 0 */

/* The plan tested: C05 goes to the hire, C06 and C09 to X, the intake C11 to W2,
 * which puts W2 (cap 2) over its own cap although it is under the full-time cap. */
static int test_assignment[] = {W1, W1, W1, W1, HIRE, X, W2, W2, X, X, W2, S1, S1, -1};

/* Expected counted children per assignee, worked out by hand. */
static const int expected_before[] = {[W1] = 6, [W2] = 2, [X] = 1, [W4] = 1, [S1] = 1};
static const int expected_after[] = {[W1] = 4, [W2] = 3, [X] = 3, [W4] = 0, [S1] = 1, [HIRE] = 1};
static const int expected_cap[] = {[W1] = 4, [W2] = 2, [X] = 4, [W4] = 4, [S1] = 4, [HIRE] = 4};

struct fixture {
    struct instance *instance;
    struct plan *plan;
};

static char error[512];

static struct instance *instance_from(const char *text)
{
    struct diag diag;
    diag_init(&diag, "test.json");
    struct instance *instance = instance_parse(text, strlen(text), &diag);
    if (instance == NULL)
        fail_msg("instance_parse: %s", diag.kept > 0 ? diag.messages[0] : "out of memory");
    diag_free(&diag);
    return instance;
}

static int fixture_setup(void **state)
{
    struct fixture *fixture = calloc(1, sizeof *fixture);
    assert_non_null(fixture);
    fixture->instance = instance_from(instance_text);
    assert_int_equal(fixture->instance->child_count,
                     (int)(sizeof test_assignment / sizeof test_assignment[0]));
    assert_int_equal(fixture->instance->worker_count, HIRE);
    struct score score;
    if (!score_assignment(fixture->instance, test_assignment, &score, error, sizeof error))
        fail_msg("score_assignment: %s", error);
    struct solution solution;
    memset(&solution, 0, sizeof solution);
    solution.status = SOLVE_OPTIMAL;
    solution.objective = score.objective;
    solution.bound = score.objective;
    solution.assignee = test_assignment;
    fixture->plan = plan_build(fixture->instance, &solution, "Option <B>", error, sizeof error);
    if (fixture->plan == NULL)
        fail_msg("plan_build: %s", error);
    *state = fixture;
    return 0;
}

static int fixture_teardown(void **state)
{
    struct fixture *fixture = *state;
    plan_free(fixture->plan);
    instance_free(fixture->instance);
    free(fixture);
    return 0;
}

/* The report as a string; the caller frees it with free(). */
static char *plan_html(const struct fixture *fixture)
{
    char *text = NULL;
    size_t size = 0;
    FILE *stream = open_memstream(&text, &size);
    assert_non_null(stream);
    assert_true(report_write_plan_html(fixture->plan, fixture->instance, stream));
    assert_int_equal(fclose(stream), 0);
    return text;
}

static char *check_html(const struct instance *instance)
{
    char *text = NULL;
    size_t size = 0;
    FILE *stream = open_memstream(&text, &size);
    assert_non_null(stream);
    assert_true(report_write_check_html(instance, stream));
    assert_int_equal(fclose(stream), 0);
    return text;
}

/* --- Reading the HTML back ------------------------------------------------------ */

/* The value of attribute `name` in the tag that starts at `tag` (up to its '>'),
 * copied into `value`; false when the tag has no such attribute. */
static bool attribute(const char *tag, const char *name, char *value, size_t size)
{
    const char *end = strchr(tag, '>');
    char pattern[64];
    snprintf(pattern, sizeof pattern, " %s=\"", name);
    const char *found = strstr(tag, pattern);
    if (found == NULL || end == NULL || found > end)
        return false;
    found += strlen(pattern);
    const char *quote = strchr(found, '"');
    if (quote == NULL || quote > end || (size_t)(quote - found) >= size)
        return false;
    memcpy(value, found, (size_t)(quote - found));
    value[quote - found] = '\0';
    return true;
}

static int int_attribute(const char *tag, const char *name)
{
    char value[64];
    if (!attribute(tag, name, value, sizeof value))
        fail_msg("no %s in %.80s", name, tag);
    return atoi(value);
}

static double number_attribute(const char *tag, const char *name)
{
    char value[64];
    if (!attribute(tag, name, value, sizeof value))
        fail_msg("no %s in %.80s", name, tag);
    return strtod(value, NULL);
}

/* The escaped form of an id of the fixture, as the report must write it. */
static const char *escaped_id(const struct instance *instance, int assignee)
{
    static char buffer[256];
    char *text = NULL;
    size_t size = 0;
    char id[256];
    FILE *stream = open_memstream(&text, &size);
    assert_non_null(stream);
    report_write_escaped(stream, instance_assignee_id(instance, assignee, id, sizeof id));
    fclose(stream);
    snprintf(buffer, sizeof buffer, "%s", text);
    free(text);
    return buffer;
}

/* The bar of `series` ("before"/"after") of the worker with escaped id `id`, or NULL. */
static const char *find_bar(const char *html, const char *series, const char *id)
{
    char class_start[32];
    snprintf(class_start, sizeof class_start, "<rect class=\"bar %s", series);
    for (const char *p = strstr(html, class_start); p != NULL; p = strstr(p + 1, class_start)) {
        char worker[256];
        if (attribute(p, "data-worker", worker, sizeof worker) && strcmp(worker, id) == 0)
            return p;
    }
    return NULL;
}

static int occurrences(const char *text, const char *needle)
{
    int count = 0;
    for (const char *p = strstr(text, needle); p != NULL; p = strstr(p + 1, needle))
        count++;
    return count;
}

/* --- Plan report ---------------------------------------------------------------- */

static void report_write_plan_html_should_draw_every_worker_with_the_plan_numbers(void **state)
{
    const struct fixture *fixture = *state;
    const struct instance *instance = fixture->instance;
    char *html = plan_html(fixture);
    /* every assignee of the plan, drawn with the plan's own numbers */
    for (int i = 0; i < fixture->plan->assignee_count; i++) {
        const struct plan_assignee *row = &fixture->plan->assignees[i];
        const char *id = escaped_id(instance, row->assignee);
        const char *after = find_bar(html, "after", id);
        if (after == NULL)
            fail_msg("no after bar for %s", id);
        assert_int_equal(int_attribute(after, "data-counted-after"), row->counted_after);
        assert_int_equal(int_attribute(after, "data-cap"), row->cap);
        assert_int_equal(row->counted_after, expected_after[row->assignee]);
        assert_int_equal(row->cap, expected_cap[row->assignee]);
        const char *before = find_bar(html, "before", id);
        if (row->assignee == HIRE) {
            assert_null(before); /* a hire has nobody now */
        } else {
            if (before == NULL)
                fail_msg("no before bar for %s", id);
            assert_int_equal(int_attribute(before, "data-counted-before"), row->counted_before);
            assert_int_equal(row->counted_before, expected_before[row->assignee]);
        }
    }
    /* the leaving worker is not in the plan's workers but is drawn handing over */
    const char *leaving = find_bar(html, "before", "W4");
    assert_non_null(leaving);
    assert_int_equal(int_attribute(leaving, "data-counted-before"), expected_before[W4]);
    assert_int_equal(int_attribute(find_bar(html, "after", "W4"), "data-counted-after"), 0);
    /* one chart per team, one bar group per drawn worker: 4 workers + 1 hire, 1 worker */
    assert_int_equal(occurrences(html, "<svg "), 2);
    assert_int_equal(occurrences(html, "<g class=\"worker\""), 6);
    assert_int_equal(occurrences(html, "<rect class=\"bar before"), 5);
    assert_int_equal(occurrences(html, "<rect class=\"bar after"), 6);
    free(html);
}

static void report_write_plan_html_should_mark_workers_over_their_own_cap(void **state)
{
    const struct fixture *fixture = *state;
    char *html = plan_html(fixture);
    /* W2 has 3 counted children: under the full-time cap 4, over its own cap 2 */
    const char *w2_after = find_bar(html, "after", "W2");
    assert_non_null(w2_after);
    assert_true(strncmp(w2_after, "<rect class=\"bar after over\"", 28) == 0);
    char fill[64];
    assert_true(attribute(w2_after, "fill", fill, sizeof fill));
    assert_string_equal(fill, "url(#chart-0-over-after)"); /* hatched, not only coloured */
    assert_true(strncmp(find_bar(html, "before", "W1"), "<rect class=\"bar before over\"", 29) == 0);
    assert_true(strncmp(find_bar(html, "after", "W1"), "<rect class=\"bar after\"", 23) == 0);
    /* W2's own cap is drawn at 2 */
    const char *tick = strstr(html, "<line class=\"cap-tick\" data-worker=\"W2\"");
    assert_non_null(tick);
    assert_int_equal(int_attribute(tick, "data-cap"), 2);
    /* the summary counts W2 over in the plan and W1 over now */
    const char *summary = strstr(html, "<section id=\"summary\"");
    assert_non_null(summary);
    assert_int_equal(int_attribute(summary, "data-workers-over-before"), 1);
    assert_int_equal(int_attribute(summary, "data-workers-over-after"), 1);
    assert_int_equal(int_attribute(summary, "data-unassigned-after"), 1);
    assert_non_null(strstr(html, "OVER CAP by 1"));
    assert_non_null(strstr(html, "Not compliant"));
    free(html);
}

static void report_write_plan_html_should_list_every_move_with_its_reason(void **state)
{
    const struct fixture *fixture = *state;
    const struct instance *instance = fixture->instance;
    char *html = plan_html(fixture);
    int moves = 0;
    for (int i = 0; i < fixture->plan->assignment_count; i++) {
        const struct plan_assignment *row = &fixture->plan->assignments[i];
        char *text = NULL;
        size_t size = 0;
        FILE *stream = open_memstream(&text, &size);
        assert_non_null(stream);
        fputs("<tr data-child=\"", stream);
        report_write_escaped(stream, instance->children[row->child].id);
        fprintf(stream, "\" data-reason=\"%s\">", plan_reason_text(row->reason));
        fclose(stream);
        if (row->from != row->to) {
            moves++;
            if (strstr(html, text) == NULL)
                fail_msg("move missing: %s", text);
        } else {
            assert_null(strstr(html, text));
        }
        free(text);
    }
    assert_int_equal(moves, 4); /* C05, C06, C09 and the intake C11; C14 stays without a worker */
    assert_non_null(strstr(strstr(html, "<section id=\"unassigned\""), "<tr data-child=\"C14\">"));
    free(html);
}

static void report_write_plan_html_should_escape_every_id_and_name(void **state)
{
    const struct fixture *fixture = *state;
    char *html = plan_html(fixture);
    assert_null(strstr(html, "X<&"));
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, "<b>"));
    assert_null(strstr(html, "avo&co"));
    assert_null(strstr(html, "<B>"));
    assert_non_null(strstr(html, "data-worker=\"X&lt;&amp;&quot;&gt;&#39;\""));
    assert_non_null(strstr(html, "C&lt;b&gt;09"));
    assert_non_null(strstr(html, "data-team=\"avo&amp;co\""));
    assert_non_null(strstr(html, "<title>Plan: Test &lt;script&gt;alert(1)&lt;/script&gt; &amp; co"
                                 "</title>"));
    assert_non_null(strstr(html, "Option &lt;B&gt;"));
    assert_non_null(strstr(html, "Jyväskylä")); /* UTF-8 kept as it is */
    assert_non_null(strstr(html, "<meta charset=\"utf-8\">"));
    free(html);
}

/* Every "http" in the text is one of the two namespace URIs; nothing is fetched. */
static void assert_self_contained(const char *html)
{
    static const char *const allowed[] = {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xhtml"};
    for (const char *p = strstr(html, "http"); p != NULL; p = strstr(p + 1, "http")) {
        bool ok = false;
        for (size_t i = 0; i < sizeof allowed / sizeof allowed[0]; i++)
            ok = ok || strncmp(p, allowed[i], strlen(allowed[i])) == 0;
        if (!ok)
            fail_msg("a URL in the report: %.60s", p);
    }
    assert_null(strstr(html, "<script"));
    assert_null(strstr(html, "<link"));
    assert_null(strstr(html, "<img"));
    assert_null(strstr(html, "@import"));
    assert_null(strstr(html, " src="));
    for (const char *p = strstr(html, "url("); p != NULL; p = strstr(p + 1, "url("))
        assert_true(p[4] == '#'); /* only references inside the document */
}

static void report_write_plan_html_should_need_no_network(void **state)
{
    const struct fixture *fixture = *state;
    char *html = plan_html(fixture);
    assert_self_contained(html);
    assert_non_null(strstr(html, "@page{size:A4"));
    assert_non_null(strstr(html, "@media print"));
    free(html);
    char *check = check_html(fixture->instance);
    assert_self_contained(check);
    free(check);
}

static void report_write_plan_html_should_close_every_element_it_opens(void **state)
{
    const struct fixture *fixture = *state;
    char *reports[2] = {plan_html(fixture), check_html(fixture->instance)};
    static const char *const elements[] = {"section", "svg", "table", "tr", "g", "figure", "dl",
                                           "text", "title", "pattern", "p"};
    for (int r = 0; r < 2; r++) {
        for (size_t i = 0; i < sizeof elements / sizeof elements[0]; i++) {
            char open_tag[32], open_tag_space[32], close_tag[32];
            snprintf(open_tag, sizeof open_tag, "<%s>", elements[i]);
            snprintf(open_tag_space, sizeof open_tag_space, "<%s ", elements[i]);
            snprintf(close_tag, sizeof close_tag, "</%s>", elements[i]);
            int opened = occurrences(reports[r], open_tag) + occurrences(reports[r], open_tag_space);
            if (opened != occurrences(reports[r], close_tag))
                fail_msg("report %d: %d <%s> opened, %d closed", r, opened, elements[i],
                         occurrences(reports[r], close_tag));
            assert_true(opened > 0);
        }
        assert_int_equal(strncmp(reports[r], "<!DOCTYPE html>\n", 16), 0);
        assert_non_null(strstr(reports[r], "</html>\n"));
        free(reports[r]);
    }
}

static void report_write_plan_html_should_fail_cleanly_whenever_memory_runs_out(void **state)
{
    const struct fixture *fixture = *state;
    bool written = false;
    long failing = 1;
    for (; !written && failing < 100; failing++) {
        char *text = NULL;
        size_t size = 0;
        FILE *stream = open_memstream(&text, &size);
        assert_non_null(stream);
        mem_fail_at(failing);
        written = report_write_plan_html(fixture->plan, fixture->instance, stream);
        mem_fail_at(0);
        fclose(stream);
        if (written)
            assert_non_null(strstr(text, "</html>"));
        free(text);
    }
    assert_true(written);
    assert_true(failing > 2); /* some allocation did fail on the way */
}

static void report_write_plan_html_should_report_a_stream_that_fails(void **state)
{
    const struct fixture *fixture = *state;
    FILE *full = fopen("/dev/full", "w");
    if (full == NULL)
        skip();
    assert_false(report_write_plan_html(fixture->plan, fixture->instance, full));
    fclose(full);
    full = fopen("/dev/full", "w");
    assert_non_null(full);
    assert_false(report_write_check_html(fixture->instance, full));
    fclose(full);
}

/* --- Check report --------------------------------------------------------------- */

static void report_write_check_html_should_show_the_current_state_of_every_worker(void **state)
{
    const struct fixture *fixture = *state;
    const struct instance *instance = fixture->instance;
    char *html = check_html(instance);
    for (int w = 0; w < instance->worker_count; w++) {
        const char *id = escaped_id(instance, w);
        const char *bar = find_bar(html, "before", id);
        if (bar == NULL)
            fail_msg("no bar for %s", id);
        assert_int_equal(int_attribute(bar, "data-counted-before"), expected_before[w]);
        assert_int_equal(int_attribute(bar, "data-cap"), expected_cap[w]);
    }
    assert_null(strstr(html, "<rect class=\"bar after"));       /* the current state only */
    assert_null(strstr(html, "data-hire"));                     /* no hire exists now */
    assert_non_null(strstr(html, "<title>Compliance check: "));
    assert_non_null(strstr(html, "Not compliant: 1 worker is over the legal cap, 2 counted "
                                 "children above it."));
    /* the intake without a worker, with the teams that may take it */
    const char *intake = strstr(html, "<section id=\"intake\"");
    assert_non_null(intake);
    assert_non_null(strstr(intake, "<tr data-child=\"C11\">"));
    assert_non_null(strstr(intake, "<tr data-child=\"C14\">"));
    assert_non_null(strstr(intake, "avo&amp;co"));
    const char *summary = strstr(html, "<section id=\"summary\"");
    assert_int_equal(int_attribute(summary, "data-workers-over-before"), 1);
    assert_int_equal(int_attribute(summary, "data-unassigned-before"), 2);
    assert_non_null(strstr(html, "leaving with children"));
    free(html);
}

static void report_write_check_html_should_declare_a_compliant_region(void **state)
{
    (void)state;
    struct instance *instance = instance_from(
        "{\"format\": \"caseload-instance/1\", \"name\": \"Calm\", \"date\": \"2024-10-08\","
        " \"municipalities\": [{\"id\": \"Jämsä\", \"lat\": 61.8636, \"lon\": 25.1903}],"
        " \"teams\": [{\"id\": \"avo\", \"service\": \"avohuolto\", \"office\": \"Jämsä\"}],"
        " \"workers\": [{\"id\": \"W1\", \"team\": \"avo\", \"fte\": 0.6}],"
        " \"children\": [{\"id\": \"C1\", \"service\": \"avohuolto\", \"municipality\": \"Jämsä\","
        "                 \"worker\": \"W1\"}]}");
    char *html = check_html(instance);
    assert_non_null(strstr(html, "Compliant: every worker is within the legal cap."));
    assert_null(strstr(html, "Not compliant"));
    assert_null(strstr(html, " over\""));
    assert_null(strstr(html, "class=\"over\""));
    const char *bar = find_bar(html, "before", "W1");
    assert_non_null(bar);
    assert_int_equal(int_attribute(bar, "data-cap"), 18); /* floor(30 · 0.6) from 2024 */
    assert_non_null(strstr(html, "Every child has a worker."));
    free(html);
    instance_free(instance);
}

/* --- Building blocks ------------------------------------------------------------ */

static void report_write_chart_should_draw_each_bar_to_the_axis_scale(void **state)
{
    (void)state;
    const struct report_bar bars[] = {
        {.id = "A", .fte = 1.0, .cap = 30, .before = 33, .after = 30},
        {.id = "B", .fte = 0.5, .cap = 15, .before = 12, .after = 16},
        {.id = "team/hire-1", .label = "hire 1", .fte = 1.0, .cap = 30, .before = -1, .after = 0,
         .hire = true},
    };
    struct report_chart chart = {.key = "k", .name = "t", .cap = 30, .target = 27,
                                 .show_before = true, .show_after = true, .bars = bars,
                                 .bar_count = 3};
    char *svg = NULL;
    size_t size = 0;
    FILE *stream = open_memstream(&svg, &size);
    assert_non_null(stream);
    report_write_chart(stream, &chart);
    fclose(stream);
    const char *root = strstr(svg, "<svg ");
    assert_non_null(root);
    double scale = number_attribute(root, "data-px-per-child");
    double baseline = number_attribute(root, "data-baseline");
    int axis_max = int_attribute(root, "data-axis-max");
    assert_true(axis_max >= 33);
    assert_true(scale > 0);
    int checked = 0;
    for (const char *p = strstr(svg, "<rect class=\"bar "); p != NULL;
         p = strstr(p + 1, "<rect class=\"bar ")) {
        bool before = strncmp(p, "<rect class=\"bar before", 23) == 0;
        int value = int_attribute(p, before ? "data-counted-before" : "data-counted-after");
        int cap = int_attribute(p, "data-cap");
        double height = number_attribute(p, "height");
        double y = number_attribute(p, "y");
        assert_true(fabs(height - value * scale) < 0.01);
        assert_true(fabs(y + height - baseline) < 0.01);
        assert_int_equal(strstr(p, " over\"") != NULL && strstr(p, " over\"") < strchr(p, '>'),
                         value > cap);
        checked++;
    }
    assert_int_equal(checked, 5); /* no bar "now" for the hire */
    const char *line = strstr(svg, "<line class=\"cap-line\"");
    assert_non_null(line);
    assert_true(fabs(number_attribute(line, "y1") - (baseline - 30 * scale)) < 0.01);
    const char *tick = strstr(svg, "<line class=\"cap-tick\" data-worker=\"B\"");
    assert_non_null(tick);
    assert_true(fabs(number_attribute(tick, "y1") - (baseline - 15 * scale)) < 0.01);
    assert_non_null(strstr(svg, "<line class=\"target-line\""));
    assert_non_null(strstr(svg, ">hire 1</text>"));
    free(svg);
}

static void report_write_chart_should_share_a_given_scale(void **state)
{
    (void)state;
    const struct report_bar bar = {.id = "A", .fte = 1.0, .cap = 4, .before = 2, .after = -1};
    struct report_chart chart = {.key = "k", .name = "t", .cap = 4, .target = -1,
                                 .axis_max = 40, .show_before = true, .bars = &bar,
                                 .bar_count = 1};
    char *svg = NULL;
    size_t size = 0;
    FILE *stream = open_memstream(&svg, &size);
    assert_non_null(stream);
    report_write_chart(stream, &chart);
    fclose(stream);
    assert_int_equal(int_attribute(strstr(svg, "<svg "), "data-axis-max"), 40);
    assert_null(strstr(svg, "target-line"));
    assert_null(strstr(svg, "bar after"));
    free(svg);
}

static void report_write_escaped_should_replace_invalid_utf8_and_control_characters(void **state)
{
    (void)state;
    char *text = NULL;
    size_t size = 0;
    FILE *stream = open_memstream(&text, &size);
    assert_non_null(stream);
    /* a control character, a stray byte, a C1 control, an overlong '/', a surrogate,
     * then good UTF-8 of two, three and four bytes and the five special characters */
    report_write_escaped(stream, "a\x01" "b\xff" "c\xC2\x85" "d\xC0\xAF" "e\xED\xA0\x80"
                                 "f ä€\xF0\x9F\x98\x80 <&>\"'\t\n");
    report_write_escaped(stream, NULL);
    fclose(stream);
    assert_string_equal(text, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD" "c\xEF\xBF\xBD"
                              "d\xEF\xBF\xBD\xEF\xBF\xBD" "e\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
                              "f ä€\xF0\x9F\x98\x80 &lt;&amp;&gt;&quot;&#39;\t\n");
    free(text);
}

static void report_write_escaped_should_stop_at_a_truncated_sequence(void **state)
{
    (void)state;
    char *text = NULL;
    size_t size = 0;
    FILE *stream = open_memstream(&text, &size);
    assert_non_null(stream);
    report_write_escaped(stream, "x\xE2\x82"); /* € cut short at the end of the string */
    fclose(stream);
    assert_string_equal(text, "x\xEF\xBF\xBD\xEF\xBF\xBD");
    free(text);
}

/* --- The terminal summary and the numbers for people ------------------------------ */

static char *written_by(bool (*write)(const struct plan *, const struct instance *, FILE *),
                        const struct fixture *fixture)
{
    char *text = NULL;
    size_t size = 0;
    FILE *stream = open_memstream(&text, &size);
    assert_non_null(stream);
    assert_true(write(fixture->plan, fixture->instance, stream));
    assert_int_equal(fclose(stream), 0);
    return text;
}

static void plan_write_verdict_should_count_workers_over_the_cap_after_and_now(void **state)
{
    /* by hand: now W1 has 6 of cap 4; in the plan W2 has 3 of its cap 2; C14 is left;
     * to place: C<b>09 of the leaving W4 and the intake C11 and C14 */
    char *text = written_by(report_write_verdict, *state);
    assert_string_equal(text, "verdict: NOT COMPLIANT: after the plan 1 worker is still over the cap of 4, "
                              "1 counted child above it (`caseload size` gives the hires needed); before it 1 "
                              "worker was over it, 2 children above it, with 3 children to place (new "
                              "intake, leavers' children); 1 child no worker may take\n");
    free(text);
}

static void plan_write_summary_should_label_capacity_intake_and_the_objective(void **state)
{
    char *text = written_by(plan_write_summary, *state);
    assert_non_null(strstr(text, "capacity      counted  children over cap  moved in  intake"));
    /* avo&co: caps 4 + 2 + 4 + 4 (W4 leaves) now, 4 + 2 + 4 + the hire's 4 in the plan;
     * counted 6 + 2 + 1 + 1 now, 4 + 3 + 3 + 1 after; over the cap 2 now, 1 after;
     * moved in: C05, C06, C09; intake: C11 */
    assert_non_null(strstr(text, "avo&co        3   2.50      14 → 14      10 → 11              2 → 1         3       1"));
    assert_non_null(strstr(text, "gap 0 %\n"));
    assert_non_null(strstr(text, "objective: the plan's cost in points"));
    assert_null(strstr(text, "e-"));
    free(text);
}

static void report_format_gap_should_round_to_a_percentage_for_people(void **state)
{
    (void)state;
    char gap[32];
    report_format_gap(4.604e-16, gap, sizeof gap);
    assert_string_equal(gap, "0 %");
    report_format_gap(0.4417, gap, sizeof gap);
    assert_string_equal(gap, "44.17 %");
    report_format_gap(0.00004, gap, sizeof gap);
    assert_string_equal(gap, "0 %");
    report_format_gap(0.0001, gap, sizeof gap);
    assert_string_equal(gap, "0.01 %");
    report_format_gap(NAN, gap, sizeof gap);
    assert_string_equal(gap, "unknown");
}

static void text_csv_rounded_should_drop_the_noise_of_sums(void **state)
{
    (void)state;
    char *text = NULL;
    size_t size = 0;
    FILE *stream = open_memstream(&text, &size);
    assert_non_null(stream);
    text_csv_rounded(stream, 44.63647032106576, 1);
    fputc(' ', stream);
    text_csv_rounded(stream, 7.199999999999999, 2);
    fputc(' ', stream);
    text_csv_rounded(stream, 1.0, 2);
    fputc(' ', stream);
    text_csv_rounded(stream, -0.001, 1);
    fputc(' ', stream);
    text_csv_rounded(stream, 0.5, 2);
    assert_int_equal(fclose(stream), 0);
    assert_string_equal(text, "44,6 7,2 1 0 0,5");
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            report_write_plan_html_should_draw_every_worker_with_the_plan_numbers, fixture_setup,
            fixture_teardown),
        cmocka_unit_test_setup_teardown(report_write_plan_html_should_mark_workers_over_their_own_cap,
                                        fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(report_write_plan_html_should_list_every_move_with_its_reason,
                                        fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(report_write_plan_html_should_escape_every_id_and_name,
                                        fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(report_write_plan_html_should_need_no_network, fixture_setup,
                                        fixture_teardown),
        cmocka_unit_test_setup_teardown(report_write_plan_html_should_close_every_element_it_opens,
                                        fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(
            report_write_plan_html_should_fail_cleanly_whenever_memory_runs_out, fixture_setup,
            fixture_teardown),
        cmocka_unit_test_setup_teardown(report_write_plan_html_should_report_a_stream_that_fails,
                                        fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(
            report_write_check_html_should_show_the_current_state_of_every_worker, fixture_setup,
            fixture_teardown),
        cmocka_unit_test(report_write_check_html_should_declare_a_compliant_region),
        cmocka_unit_test_setup_teardown(plan_write_verdict_should_count_workers_over_the_cap_after_and_now,
                                        fixture_setup, fixture_teardown),
        cmocka_unit_test_setup_teardown(plan_write_summary_should_label_capacity_intake_and_the_objective,
                                        fixture_setup, fixture_teardown),
        cmocka_unit_test(report_format_gap_should_round_to_a_percentage_for_people),
        cmocka_unit_test(text_csv_rounded_should_drop_the_noise_of_sums),
        cmocka_unit_test(report_write_chart_should_draw_each_bar_to_the_axis_scale),
        cmocka_unit_test(report_write_chart_should_share_a_given_scale),
        cmocka_unit_test(report_write_escaped_should_replace_invalid_utf8_and_control_characters),
        cmocka_unit_test(report_write_escaped_should_stop_at_a_truncated_sequence),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
