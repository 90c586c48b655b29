/* report.c - the building blocks of the HTML reports (escaping, the document and
 * its style sheet, the bar chart, the pieces both reports share) and the numbers
 * and verdict for the terminal. The plan report is in report_plan.c, the check
 * report in report_check.c. */
#include "report/report.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "report/report_parts.h"
#include "base/text.h"
#include "core/law.h"

/* U+FFFD, written for bytes that are not UTF-8 and for control characters. */
static const char replacement_character[] = "\xEF\xBF\xBD";
/* --- Text ------------------------------------------------------------------ */

/* Characters of `text` as report_write_escaped counts them (a stray byte is one). */
static int character_count(const char *text)
{
    int count = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p != '\0'; count++) {
        size_t length = text_utf8_sequence(p, SIZE_MAX, NULL);
        p += length == 0 ? 1 : length;
    }
    return count;
}

/* Escape `text` as report_write_escaped does, at most `limit` characters (0: no
 * limit); a longer text is cut and ends in an ellipsis. */
static void write_escaped_limited(FILE *stream, const char *text, int limit)
{
    if (text == NULL)
        return;
    int total = character_count(text);
    int shown = limit > 0 && total > limit ? limit - 1 : total;
    const unsigned char *p = (const unsigned char *)text;
    for (int n = 0; n < shown && *p != '\0'; n++) {
        size_t length = text_utf8_sequence(p, SIZE_MAX, NULL);
        if (length == 0) {
            fputs(replacement_character, stream);
            p++;
            continue;
        }
        if (length == 1) {
            switch (*p) {
            case '&': fputs("&amp;", stream); break;
            case '<': fputs("&lt;", stream); break;
            case '>': fputs("&gt;", stream); break;
            case '"': fputs("&quot;", stream); break;
            case '\'': fputs("&#39;", stream); break;
            default:
                if ((*p < 0x20 && *p != '\t' && *p != '\n') || *p == 0x7F)
                    fputs(replacement_character, stream);
                else
                    fputc(*p, stream);
            }
        } else if (length == 2 && p[0] == 0xC2 && p[1] <= 0x9F) {
            fputs(replacement_character, stream); /* C1 control character */
        } else {
            fwrite(p, 1, length, stream);
        }
        p += length;
    }
    if (shown < total)
        fputs("\xE2\x80\xA6", stream); /* … */
}

void report_write_escaped(FILE *stream, const char *text)
{
    write_escaped_limited(stream, text, 0);
}

/* A number for people: whole numbers without decimals, others with `decimals`. */
void report_write_amount(FILE *stream, double value, int decimals)
{
    if (!isfinite(value))
        fputs("&#8212;", stream);
    else if (value == floor(value) && fabs(value) < 1e15)
        fprintf(stream, "%.0f", value == 0 ? 0.0 : value);
    else
        fprintf(stream, "%.*f", decimals, value);
}

/* "3 → 5" with the arrow as an entity. */
void report_write_change(FILE *stream, double before, double after, int decimals)
{
    report_write_amount(stream, before, decimals);
    fputs(" &#8594; ", stream);
    report_write_amount(stream, after, decimals);
}

/* The id of an assignee (worker or hire), escaped; "—" for none. */
void report_write_assignee(FILE *stream, const struct instance *instance, int assignee)
{
    char buffer[256];
    if (assignee < 0)
        fputs("&#8212;", stream);
    else
        report_write_escaped(stream, instance_assignee_id(instance, assignee, buffer, sizeof buffer));
}

/* A service name, marked as Finnish. */
void report_write_service(FILE *stream, enum service service)
{
    fputs("<span lang=\"fi\">", stream);
    report_write_escaped(stream, instance_service_name(service));
    fputs("</span>", stream);
}

/* A table row's start for a child: <tr data-child> and the cells child, service
 * and home, the last one left open. */
void report_write_child_cells(FILE *stream, const struct instance *instance,
                              const struct child *child)
{
    fputs("<tr data-child=\"", stream);
    report_write_escaped(stream, child->id);
    fputs("\"><td>", stream);
    report_write_escaped(stream, child->id);
    fputs("</td><td>", stream);
    report_write_service(stream, child->service);
    fputs("</td><td>", stream);
    report_write_escaped(stream, instance->municipalities[child->municipality].id);
}
/* --- Document ---------------------------------------------------------------- */

/* The style sheet: system fonts only; colours chosen so that grayscale prints keep
 * every distinction (over-cap marks are words, weights and hatching as well). */
static const char style_sheet[] =
    ":root{color-scheme:light;--ink:#1a1a1a;--muted:#595959;--rule:#c4c4c4;"
    "--accent:#2b5797;--over:#a4262c;--band:#f3f4f6}\n"
    "*{box-sizing:border-box}\n"
    "html{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,\"Noto Sans\","
    "\"Liberation Sans\",\"DejaVu Sans\",Arial,sans-serif;font-size:15px;line-height:1.45;"
    "color:var(--ink);background:#fff}\n"
    "body{margin:0 auto;max-width:74rem;padding:1.5rem 1.25rem 3rem}\n"
    "h1{font-size:1.65rem;margin:.1rem 0 .6rem;line-height:1.2}\n"
    "h2{font-size:1.25rem;margin:0 0 .6rem;padding-bottom:.2rem;border-bottom:2px solid var(--ink)}\n"
    "h3{font-size:1rem;margin:1.1rem 0 .4rem}\n"
    ".kicker{margin:0;font-size:.78rem;letter-spacing:.08em;text-transform:uppercase;"
    "color:var(--muted)}\n"
    ".muted,figcaption{color:var(--muted)}\n"
    "dl.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(10.5rem,1fr));"
    "gap:.35rem 1.2rem;margin:.5rem 0 1rem}\n"
    "dl.facts div{border-left:3px solid var(--rule);padding-left:.5rem}\n"
    "dl.facts dt{font-size:.72rem;letter-spacing:.04em;text-transform:uppercase;color:var(--muted)}\n"
    "dl.facts dd{margin:0;font-weight:600;font-variant-numeric:tabular-nums}\n"
    ".verdict{margin:.6rem 0 1rem;padding:.55rem .8rem;border:2px solid var(--ink);font-weight:600}\n"
    ".verdict.not-compliant{border:4px double var(--over);color:var(--over)}\n"
    "section{margin:1.6rem 0}\n"
    "section.team{padding-top:.6rem;page-break-inside:avoid;break-inside:avoid}\n"
    "table{width:100%;margin:.3rem 0 .9rem;border-collapse:collapse;font-size:.88rem;"
    "font-variant-numeric:tabular-nums}\n"
    "th,td{padding:.22rem .5rem;border-bottom:1px solid var(--rule);text-align:left;"
    "vertical-align:top}\n"
    "th{font-size:.74rem;letter-spacing:.03em;text-transform:uppercase;color:var(--muted);"
    "border-bottom:2px solid var(--ink)}\n"
    "tbody tr:nth-child(even){background:var(--band)}\n"
    ".number{text-align:right}\n"
    "tr.over td{font-weight:600}\n"
    "tr.over td:first-child{border-left:4px solid var(--over)}\n"
    ".over-mark{color:var(--over);font-weight:700}\n"
    "tr.leaving td:first-child,tr.hire td:first-child{font-style:italic}\n"
    "figure.chart{margin:.4rem 0 .8rem;overflow-x:auto}\n"
    "figure.chart svg{display:block;max-width:100%;height:auto}\n"
    "figcaption{font-size:.8rem}\n"
    "svg text{font-family:inherit}\n"
    "svg .legend text,svg .label{font-size:11px;fill:var(--ink)}\n"
    "svg .label.leaving{font-style:italic}\n"
    "svg .axis text{font-size:10px;fill:var(--muted)}\n"
    "svg .value{font-size:9px;fill:var(--ink)}\n"
    "svg .line-label{font-size:10px;font-weight:600}\n"
    "nav.teams ul{columns:3 14rem;margin:.3rem 0;padding-left:1.2rem}\n"
    "footer{margin-top:2.5rem;padding-top:.5rem;border-top:1px solid var(--rule);"
    "font-size:.8rem;color:var(--muted)}\n"
    "@page{size:A4;margin:14mm 12mm 16mm}\n"
    "@media print{\n"
    "html{font-size:9.5pt}\n"
    "body{max-width:none;padding:0}\n"
    "nav.teams{display:none}\n"
    "figure.chart{overflow:visible}\n"
    "thead{display:table-header-group}\n"
    "tr,figure,.verdict,dl.facts{page-break-inside:avoid;break-inside:avoid}\n"
    "h2,h3{page-break-after:avoid;break-after:avoid}\n"
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
    "}\n";

void report_write_document_start(FILE *stream, const char *title)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<meta name=\"generator\" content=\"caseload " CASELOAD_VERSION "\">\n"
          "<meta name=\"robots\" content=\"noindex\">\n<title>",
          stream);
    report_write_escaped(stream, title);
    fputs("</title>\n<style>\n", stream);
    fputs(style_sheet, stream);
    fputs("</style>\n</head>\n<body>\n", stream);
}

bool report_write_document_end(FILE *stream)
{
    fputs("<footer><p>Written by caseload " CASELOAD_VERSION ". This report describes "
          "child-welfare clients by pseudonymous ids: keep it as confidential as the plan "
          "itself and share it only with those who need it.</p></footer>\n</body>\n</html>\n",
          stream);
    return fflush(stream) == 0 && !ferror(stream);
}
/* --- Chart --------------------------------------------------------------------- */

/* Geometry of a chart, in SVG user units (CSS pixels at 100 %). */
#define CHART_PLOT_HEIGHT 220.0
#define CHART_LEGEND_HEIGHT 30.0
#define CHART_TOP_GAP 14.0        /* between the legend and the top of the axis */
#define CHART_MARGIN_LEFT 44.0    /* tick labels */
#define CHART_MARGIN_RIGHT 92.0   /* labels of the cap and target lines */
#define CHART_BAR_WIDTH 12.0
#define CHART_BAR_GAP 2.0         /* between the two bars of one worker */
#define CHART_SLOT_PADDING 12.0   /* between workers */
#define CHART_SLOT_MAX 84.0
#define CHART_MIN_PLOT_WIDTH 380.0
#define CHART_LABEL_CHARACTERS 14 /* worker labels longer than this are shortened */
#define CHART_CHARACTER_WIDTH 6.4 /* average width of a label character at 11px */
#define CHART_MAX_TICKS 6

/* Fills and strokes. The hatch patterns are defined per chart with the chart's key. */
#define COLOUR_BEFORE "#c9ced6"
#define COLOUR_BEFORE_EDGE "#5f6b7a"
#define COLOUR_AFTER "#2b5797"
#define COLOUR_AFTER_EDGE "#1d3d6b"
#define COLOUR_OVER "#a4262c"
#define COLOUR_INK "#1a1a1a"
#define COLOUR_GRID "#e2e2e2"
#define COLOUR_TARGET "#6b6b6b"

/* Top of the axis and the distance between ticks: 1, 2 or 5 times a power of ten,
 * at most CHART_MAX_TICKS ticks, covering `top`. */
static void chart_axis(double top, int *axis_max, int *step)
{
    int candidate = 1;
    for (int power = 1; power <= 100000000; power *= 10) {
        static const int multiples[] = {1, 2, 5};
        for (size_t i = 0; i < 3; i++) {
            candidate = multiples[i] * power;
            if (ceil(top / candidate) <= CHART_MAX_TICKS)
                goto found;
        }
    }
found:
    *step = candidate;
    *axis_max = (int)ceil(top / candidate) * candidate;
    if (*axis_max <= 0)
        *axis_max = candidate;
}

/* Width of one legend item with `text`, as chart_legend_item draws it. */
static double legend_item_width(const char *text)
{
    return 18 + character_count(text) * CHART_CHARACTER_WIDTH + 16;
}

/* Width the legend needs, the left margin included (the longest target text). */
static double chart_legend_width(const struct report_chart *chart)
{
    double width = CHART_MARGIN_LEFT;
    if (chart->show_before)
        width += legend_item_width(chart->before_label != NULL ? chart->before_label : "now");
    if (chart->show_after)
        width += legend_item_width(chart->after_label != NULL ? chart->after_label : "in the plan");
    width += legend_item_width("over own cap") + legend_item_width("own cap") +
             legend_item_width("cap (full-time)");
    if (chart->target >= 0)
        width += legend_item_width("workload target: above the scale");
    return width + 8;
}

/* One legend item: a swatch drawn by `kind` and its text; returns the next x. */
enum legend_kind { LEGEND_BEFORE, LEGEND_AFTER, LEGEND_OVER, LEGEND_CAP, LEGEND_TARGET, LEGEND_OWN_CAP };

static double chart_legend_item(FILE *stream, const struct report_chart *chart,
                                enum legend_kind kind, double x, const char *text)
{
    const double y = 8.0;
    switch (kind) {
    case LEGEND_BEFORE:
        fprintf(stream, "<rect x=\"%.2f\" y=\"%.2f\" width=\"12\" height=\"12\" fill=\"" COLOUR_BEFORE
                        "\" stroke=\"" COLOUR_BEFORE_EDGE "\"/>",
                x, y);
        break;
    case LEGEND_AFTER:
        fprintf(stream, "<rect x=\"%.2f\" y=\"%.2f\" width=\"12\" height=\"12\" fill=\"" COLOUR_AFTER
                        "\" stroke=\"" COLOUR_AFTER_EDGE "\"/>",
                x, y);
        break;
    case LEGEND_OVER:
        fprintf(stream, "<rect x=\"%.2f\" y=\"%.2f\" width=\"12\" height=\"12\" fill=\"url(#%s-over-%s)\" "
                        "stroke=\"" COLOUR_INK "\" stroke-width=\"1.5\"/>",
                x, y, chart->key, chart->show_after ? "after" : "before");
        break;
    case LEGEND_CAP:
        fprintf(stream, "<line x1=\"%.2f\" y1=\"14\" x2=\"%.2f\" y2=\"14\" stroke=\"" COLOUR_OVER
                        "\" stroke-width=\"2\"/>",
                x, x + 14);
        break;
    case LEGEND_TARGET:
        fprintf(stream, "<line x1=\"%.2f\" y1=\"14\" x2=\"%.2f\" y2=\"14\" stroke=\"" COLOUR_TARGET
                        "\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>",
                x, x + 14);
        break;
    case LEGEND_OWN_CAP:
        fprintf(stream, "<line x1=\"%.2f\" y1=\"14\" x2=\"%.2f\" y2=\"14\" stroke=\"" COLOUR_INK
                        "\" stroke-width=\"3\"/>",
                x, x + 14);
        break;
    }
    fprintf(stream, "<text x=\"%.2f\" y=\"18\">", x + 18);
    report_write_escaped(stream, text);
    fputs("</text>", stream);
    return x + legend_item_width(text);
}

/* One bar of a worker; `series_class` is "before" or "after". */
static void chart_bar(FILE *stream, const struct report_chart *chart, const struct report_bar *bar,
                      const char *series_class, int value, double x, double baseline,
                      double scale)
{
    bool over = !chart->aftercare && value > bar->cap;
    bool is_before = strcmp(series_class, "before") == 0;
    double height = value * scale;
    fprintf(stream, "<rect class=\"bar %s%s\" data-worker=\"", series_class, over ? " over" : "");
    report_write_escaped(stream, bar->id);
    fprintf(stream, "\" data-cap=\"%d\" data-%s-%s=\"%d\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" "
                    "height=\"%.2f\" ",
            bar->cap, chart->aftercare ? "clients" : "counted", series_class, value, x,
            baseline - height, CHART_BAR_WIDTH, height);
    if (over)
        fprintf(stream, "fill=\"url(#%s-over-%s)\" stroke=\"" COLOUR_INK "\" stroke-width=\"1.5\"/>",
                chart->key, series_class);
    else if (is_before)
        fputs("fill=\"" COLOUR_BEFORE "\" stroke=\"" COLOUR_BEFORE_EDGE "\" stroke-width=\"1\"/>",
              stream);
    else
        fputs("fill=\"" COLOUR_AFTER "\" stroke=\"" COLOUR_AFTER_EDGE "\" stroke-width=\"1\"/>",
              stream);
    fprintf(stream, "<text class=\"value\" x=\"%.2f\" y=\"%.2f\" text-anchor=\"middle\">%d</text>",
            x + CHART_BAR_WIDTH / 2, baseline - height - 3, value);
}

/* The tooltip of a worker's bars. */
static void chart_bar_title(FILE *stream, const struct report_chart *chart,
                            const struct report_bar *bar)
{
    fputs("<title>", stream);
    report_write_escaped(stream, bar->id);
    if (bar->hire)
        fputs(" (new hire)", stream);
    if (bar->leaving)
        fputs(" (leaving)", stream);
    fprintf(stream, ": FTE %.2f, cap %d", bar->fte, bar->cap);
    if (chart->show_before && bar->before >= 0) {
        fputs("; ", stream);
        report_write_escaped(stream, chart->before_label != NULL ? chart->before_label : "now");
        fprintf(stream, " %d", bar->before);
        if (bar->before > bar->cap)
            fprintf(stream, " (over the cap by %d)", bar->before - bar->cap);
    }
    if (chart->show_after && bar->after >= 0) {
        fputs("; ", stream);
        report_write_escaped(stream, chart->after_label != NULL ? chart->after_label : "in the plan");
        fprintf(stream, " %d", bar->after);
        if (bar->after > bar->cap)
            fprintf(stream, " (over the cap by %d)", bar->after - bar->cap);
    }
    fputs("</title>", stream);
}

/* A horizontal line across the plot with a label in the right margin. */
static void chart_line(FILE *stream, const char *line_class, const char *colour, const char *dash,
                       double left, double right, double y, double label_y, const char *label,
                       double value)
{
    fprintf(stream, "<line class=\"%s\" data-value=\"%.10g\" x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" "
                    "y2=\"%.2f\" stroke=\"%s\" stroke-width=\"%s\"%s%s%s/>",
            line_class, value, left, y, right, y, colour, dash != NULL ? "1.5" : "2",
            dash != NULL ? " stroke-dasharray=\"" : "", dash != NULL ? dash : "",
            dash != NULL ? "\"" : "");
    fprintf(stream, "<text class=\"line-label\" x=\"%.2f\" y=\"%.2f\" fill=\"%s\">%s %.10g</text>\n",
            right + 6, label_y + 3.5, colour, label, value);
}

/* Where everything of a chart goes: the slots of the bars, the axis and its
 * scale, the labels' turn, the plot's edges and the figure's size. */
struct chart_layout {
    int series;                   /* bars per worker: before, after or both */
    double slot;                  /* width of one worker's slot */
    double slots_left;            /* x of the first slot (few workers: centred) */
    bool target_shown;            /* the workload target fits the axis */
    int axis_max, step;           /* the axis's top and its tick step, in children */
    double scale;                 /* pixels per child */
    bool rotate;                  /* the labels are turned by 45 degrees */
    double left, right, baseline; /* the plot's edges */
    double width, height;         /* the figure */
};

/* The layout of `chart`. */
static void chart_layout(const struct report_chart *chart, struct chart_layout *l)
{
    l->series = (chart->show_before ? 1 : 0) + (chart->show_after ? 1 : 0);
    if (l->series == 0)
        l->series = 1;
    double slot_minimum = l->series * CHART_BAR_WIDTH + (l->series - 1) * CHART_BAR_GAP +
                          CHART_SLOT_PADDING;
    int bars = chart->bar_count > 0 ? chart->bar_count : 1;
    l->slot = fmax(slot_minimum, fmin(CHART_SLOT_MAX, CHART_MIN_PLOT_WIDTH / bars));
    double plot_width = fmax(CHART_MIN_PLOT_WIDTH, l->slot * bars);
    l->slots_left = CHART_MARGIN_LEFT + (plot_width - l->slot * bars) / 2; /* few workers: centred */

    /* the axis covers every bar, every cap, the target and the shared scale */
    double top = chart->aftercare ? 1.0 : fmax(1.0, (double)chart->cap);
    top = fmax(top, (double)chart->axis_max);
    int longest_label = 0;
    for (int i = 0; i < chart->bar_count; i++) {
        const struct report_bar *bar = &chart->bars[i];
        if (!chart->aftercare)
            top = fmax(top, (double)bar->cap);
        if (chart->show_before)
            top = fmax(top, (double)bar->before);
        if (chart->show_after)
            top = fmax(top, (double)bar->after);
        const char *label = bar->label != NULL ? bar->label : bar->id;
        int length = label != NULL ? character_count(label) : 0;
        if (length > CHART_LABEL_CHARACTERS)
            length = CHART_LABEL_CHARACTERS;
        if (length > longest_label)
            longest_label = length;
    }
    /* the target widens the axis only a little: a workload target far above the
     * counted children (weights, or a low cap) would flatten every bar */
    l->target_shown = !chart->aftercare && chart->target >= 0 && chart->target <= top * 1.25;
    if (l->target_shown)
        top = fmax(top, chart->target);
    chart_axis(top, &l->axis_max, &l->step);
    l->scale = CHART_PLOT_HEIGHT / l->axis_max;
    l->rotate = longest_label * CHART_CHARACTER_WIDTH > l->slot - 8;
    double label_height = l->rotate ? longest_label * CHART_CHARACTER_WIDTH * 0.7072 + 14 : 16;
    l->left = CHART_MARGIN_LEFT;
    double plot_top = CHART_LEGEND_HEIGHT + CHART_TOP_GAP;
    l->baseline = plot_top + CHART_PLOT_HEIGHT;
    l->width = fmax(chart_legend_width(chart), l->left + plot_width + CHART_MARGIN_RIGHT);
    l->height = l->baseline + 8 + label_height;
    l->right = l->left + plot_width;
}

/* The figure's opening: the svg with its data, its title, and the hatching
 * of bars above the worker's cap. */
static void chart_write_head(FILE *stream, const struct report_chart *chart,
                             const struct chart_layout *l)
{
    fputs("<figure class=\"chart\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\"", stream);
    fprintf(stream, " viewBox=\"0 0 %.2f %.2f\" width=\"%.2f\" height=\"%.2f\" role=\"img\" "
                    "aria-labelledby=\"%s-title\" data-team=\"",
            l->width, l->height, l->width, l->height, chart->key);
    report_write_escaped(stream, chart->name);
    fprintf(stream, "\" data-cap=\"%d\" data-axis-max=\"%d\" data-baseline=\"%.2f\" "
                    "data-px-per-child=\"%.9g\"%s>\n",
            chart->cap, l->axis_max, l->baseline, l->scale,
            chart->aftercare ? " data-unit=\"aftercare-clients\"" : "");
    if (chart->aftercare) {
        fprintf(stream, "<title id=\"%s-title\">Aftercare clients (18 or more) per worker, ", chart->key);
        report_write_escaped(stream, chart->name);
        fputs(": the legal cap does not count them</title>\n", stream);
    } else {
        fprintf(stream, "<title id=\"%s-title\">Counted children per worker, ", chart->key);
        report_write_escaped(stream, chart->name);
        fprintf(stream, ", against the legal cap of %d for a full-time worker</title>\n", chart->cap);
    }

    /* hatching for bars above the worker's cap */
    fprintf(stream, "<defs><pattern id=\"%s-over-before\" patternUnits=\"userSpaceOnUse\" width=\"6\" "
                    "height=\"6\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\""
                    COLOUR_BEFORE "\"/><rect width=\"2.5\" height=\"6\" fill=\"" COLOUR_OVER
                    "\"/></pattern>",
            chart->key);
    fprintf(stream, "<pattern id=\"%s-over-after\" patternUnits=\"userSpaceOnUse\" width=\"6\" "
                    "height=\"6\" patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\""
                    COLOUR_OVER "\"/><rect width=\"2\" height=\"6\" fill=\"#ffffff\"/></pattern></defs>\n",
            chart->key);
}

/* The legend: the series, the marks and the lines. */
static void chart_write_legend(FILE *stream, const struct report_chart *chart,
                               const struct chart_layout *l)
{
    fputs("<g class=\"legend\">", stream);
    double x = l->left;
    if (chart->show_before)
        x = chart_legend_item(stream, chart, LEGEND_BEFORE, x,
                              chart->before_label != NULL ? chart->before_label : "now");
    if (chart->show_after)
        x = chart_legend_item(stream, chart, LEGEND_AFTER, x,
                              chart->after_label != NULL ? chart->after_label : "in the plan");
    if (!chart->aftercare) {
        x = chart_legend_item(stream, chart, LEGEND_OVER, x, "over own cap");
        x = chart_legend_item(stream, chart, LEGEND_OWN_CAP, x, "own cap");
        x = chart_legend_item(stream, chart, LEGEND_CAP, x, "cap (full-time)");
        if (l->target_shown)
            chart_legend_item(stream, chart, LEGEND_TARGET, x, "workload target");
        else if (chart->target >= 0)
            chart_legend_item(stream, chart, LEGEND_TARGET, x, "workload target: above the scale");
    }
    fputs("</g>\n", stream);
}

/* The axis: grid lines and tick labels. */
static void chart_write_axis(FILE *stream, const struct chart_layout *l)
{
    fputs("<g class=\"axis\">", stream);
    for (int tick = 0; tick <= l->axis_max; tick += l->step) {
        double y = l->baseline - tick * l->scale;
        fprintf(stream, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"" COLOUR_GRID
                        "\" stroke-width=\"1\"/><text x=\"%.2f\" y=\"%.2f\" text-anchor=\"end\">%d</text>",
                l->left, y, l->right, y, l->left - 6, y + 3.5, tick);
    }
    fputs("</g>\n", stream);
}

/* Bars, own caps and labels, one group per worker. */
static void chart_write_bars(FILE *stream, const struct report_chart *chart,
                             const struct chart_layout *l)
{
    double group_width = l->series * CHART_BAR_WIDTH + (l->series - 1) * CHART_BAR_GAP;
    for (int i = 0; i < chart->bar_count; i++) {
        const struct report_bar *bar = &chart->bars[i];
        double slot_left = l->slots_left + i * l->slot;
        double bar_x = slot_left + (l->slot - group_width) / 2;
        fputs("<g class=\"worker\" data-worker=\"", stream);
        report_write_escaped(stream, bar->id);
        fprintf(stream, "\"%s%s>", bar->leaving ? " data-leaving=\"true\"" : "",
                bar->hire ? " data-hire=\"true\"" : "");
        chart_bar_title(stream, chart, bar);
        if (chart->show_before) {
            if (bar->before >= 0)
                chart_bar(stream, chart, bar, "before", bar->before, bar_x, l->baseline, l->scale);
            bar_x += CHART_BAR_WIDTH + CHART_BAR_GAP;
        }
        if (chart->show_after && bar->after >= 0)
            chart_bar(stream, chart, bar, "after", bar->after, bar_x, l->baseline, l->scale);
        double cap_y = l->baseline - bar->cap * l->scale;
        if (!chart->aftercare) {
            fputs("<line class=\"cap-tick\" data-worker=\"", stream);
            report_write_escaped(stream, bar->id);
            fprintf(stream, "\" data-cap=\"%d\" x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\""
                            COLOUR_INK "\" stroke-width=\"3\"/>",
                    bar->cap, slot_left + (l->slot - group_width) / 2 - 3, cap_y,
                    slot_left + (l->slot + group_width) / 2 + 3, cap_y);
        }
        double label_x = slot_left + l->slot / 2;
        double label_y = l->baseline + 14;
        fprintf(stream, "<text class=\"label%s\" x=\"%.2f\" y=\"%.2f\"", bar->leaving ? " leaving" : "",
                label_x, label_y);
        if (l->rotate)
            fprintf(stream, " text-anchor=\"end\" transform=\"rotate(-45 %.2f %.2f)\">", label_x,
                    label_y);
        else
            fputs(" text-anchor=\"middle\">", stream);
        write_escaped_limited(stream, bar->label != NULL ? bar->label : bar->id,
                              CHART_LABEL_CHARACTERS);
        fputs("</text></g>\n", stream);
    }
}

/* The full-time cap and the target over the bars (labels kept apart), the
 * baseline, and the caption. */
static void chart_write_lines(FILE *stream, const struct report_chart *chart,
                              const struct chart_layout *l)
{
    double cap_y = l->baseline - chart->cap * l->scale;
    if (!chart->aftercare)
        chart_line(stream, "cap-line", COLOUR_OVER, NULL, l->left, l->right, cap_y, cap_y, "cap", chart->cap);
    if (l->target_shown) {
        double target_y = l->baseline - chart->target * l->scale;
        double label_y = target_y;
        if (fabs(label_y - cap_y) < 12)
            label_y = cap_y + 12;
        chart_line(stream, "target-line", COLOUR_TARGET, "5 4", l->left, l->right, target_y, label_y,
                   "target", chart->target);
    }
    fprintf(stream, "<line class=\"baseline\" x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" "
                    "stroke=\"" COLOUR_INK "\" stroke-width=\"1\"/>\n",
            l->left, l->baseline, l->right, l->baseline);
    if (chart->aftercare)
        fputs("</svg>\n<figcaption>Aftercare clients of 18 or more per worker. The legal cap counts "
              "only children under 18, and this team has none: its workload is shown in its own "
              "unit, with no cap.</figcaption>\n</figure>\n",
              stream);
    else
        fputs("</svg>\n<figcaption>Counted children (under 18 on the plan date) per worker. "
              "The legal cap is checked per worker: a part-time worker's own cap is the short "
              "black mark across its bars; hatched bars are above it.</figcaption>\n</figure>\n",
              stream);
}

void report_write_chart(FILE *stream, const struct report_chart *chart)
{
    struct chart_layout layout;
    chart_layout(chart, &layout);
    chart_write_head(stream, chart, &layout);
    chart_write_legend(stream, chart, &layout);
    chart_write_axis(stream, &layout);
    chart_write_bars(stream, chart, &layout);
    chart_write_lines(stream, chart, &layout);
}
/* --- Pieces shared by both reports -------------------------------------------- */

/* The workload target of a full-time worker of team t (the line in the chart). */
double report_team_full_time_target(const struct instance *instance, int team)
{
    const struct team *row = &instance->teams[team];
    double target = row->target_given ? row->target : instance->rules.target;
    return law_floor_scaled(target);
}

void report_write_fact_start(FILE *stream, const char *term)
{
    fputs("<div><dt>", stream);
    fputs(term, stream);
    fputs("</dt><dd>", stream);
}

void report_write_fact_end(FILE *stream)
{
    fputs("</dd></div>\n", stream);
}

void report_write_fact_text(FILE *stream, const char *term, const char *value)
{
    report_write_fact_start(stream, term);
    report_write_escaped(stream, value);
    report_write_fact_end(stream);
}

void report_write_fact_amount(FILE *stream, const char *term, double value, int decimals)
{
    report_write_fact_start(stream, term);
    report_write_amount(stream, value, decimals);
    report_write_fact_end(stream);
}

void report_write_fact_change(FILE *stream, const char *term, double before, double after,
                              int decimals)
{
    report_write_fact_start(stream, term);
    report_write_change(stream, before, after, decimals);
    report_write_fact_end(stream);
}

/* Header facts common to both reports: plan date, caps and target. */
void report_write_rule_facts(FILE *stream, const struct instance *instance)
{
    report_write_fact_start(stream, "Plan date");
    fprintf(stream, "%04d-%02d-%02d", instance->date.year, instance->date.month, instance->date.day);
    report_write_fact_end(stream);
    report_write_fact_amount(stream, "Legal cap, full-time", instance->rules.cap, 0);
    report_write_fact_amount(stream, "Workload target, full-time", instance->rules.target, 2);
}

/* Service, office and area of a team. */
void report_write_team_place(FILE *stream, const struct instance *instance, int t)
{
    const struct team *team = &instance->teams[t];
    report_write_fact_start(stream, "Service");
    report_write_service(stream, team->service);
    report_write_fact_end(stream);
    report_write_fact_text(stream, "Office", instance->municipalities[team->office].id);
    report_write_fact_start(stream, "Area");
    if (team->area_all) {
        fputs("the whole region", stream);
    } else {
        for (int i = 0; i < team->area_count; i++) {
            if (i > 0)
                fputs(", ", stream);
            report_write_escaped(stream, instance->municipalities[team->area[i]].id);
        }
    }
    report_write_fact_end(stream);
}

/* "avo" → id "team-3": ids of sections and charts never hold user text. */
void report_write_team_anchor(FILE *stream, int t)
{
    fprintf(stream, "team-%d", t);
}

/* A list of links to the team sections. */
void report_write_team_navigation(FILE *stream, const struct instance *instance,
                                  const int *over_before, const int *over_after)
{
    fputs("<nav class=\"teams\" aria-label=\"Teams\"><h2>Teams</h2><ul>\n", stream);
    for (int t = 0; t < instance->team_count; t++) {
        fputs("<li><a href=\"#", stream);
        report_write_team_anchor(stream, t);
        fputs("\">", stream);
        report_write_escaped(stream, instance->teams[t].id);
        fputs("</a>", stream);
        if (over_after != NULL)
            fprintf(stream, " <span class=\"muted\">workers over cap %d &#8594; %d</span>",
                    over_before[t], over_after[t]);
        else
            fprintf(stream, " <span class=\"muted\">workers over cap %d</span>", over_before[t]);
        fputs("</li>\n", stream);
    }
    fputs("</ul></nav>\n", stream);
}

/* "(+3)" after a number above the cap, so that the table does not rely on colour. */
void report_write_counted_cell(FILE *stream, int value, int cap)
{
    fprintf(stream, "<td class=\"number\">%d", value);
    if (value > cap)
        fprintf(stream, " <span class=\"over-mark\">(+%d)</span>", value - cap);
    fputs("</td>", stream);
}

/* The verdict in the regulators' terms, first under the title: before → after
 * (`before` NULL: the current state only, for `check`). */
void report_write_compliance_verdict(FILE *stream, const struct compliance *before,
                                     const struct compliance *after)
{
    fprintf(stream,
            "<p class=\"verdict %s\" id=\"compliance\" data-workers-over-cap=\"%d\" "
            "data-children-over-cap=\"%d\" data-children-with-worker-over-cap=\"%d\" "
            "data-max-load-ratio=\"%.17g\">",
            compliance_met(after) ? "compliant" : "not-compliant", after->workers_over_cap,
            after->children_over_cap, after->children_with_worker_over_cap, after->max_load_ratio);
    compliance_write_verdict(stream, before, after); /* plain text: digits, words, % */
    fputs("</p>\n", stream);
}
/* --- Numbers and the verdict for people ------------------------------------- */

void report_format_gap(double gap, char *buffer, size_t size)
{
    if (!isfinite(gap))
        snprintf(buffer, size, "unknown");
    else if (gap * 100.0 < 0.005)
        snprintf(buffer, size, "0 %%");
    else
        snprintf(buffer, size, "%.2f %%", gap * 100.0);
}

bool report_write_objective_explained(const struct instance *instance, FILE *stream)
{
    fprintf(stream,
            "objective: the plan's cost in points, the terms above times their weights (a child "
            "over the cap %g, a hire %g, a move %g, a km %g); bound: no plan can cost less; gap: how "
            "much the best plan could still undercut this one\n",
            instance->rules.weights[TERM_OVER_CAP], instance->rules.weights[TERM_HIRE],
            instance->rules.weights[TERM_MOVE], instance->rules.weights[TERM_KM]);
    return !ferror(stream);
}

bool report_write_verdict(const struct plan *plan, const struct instance *instance, FILE *stream)
{
    /* before: the current assignment, leaving workers included (plan_build's
     * compliance_measure), and the counted children the plan must place */
    const struct compliance *before = &plan->compliance_before;
    int workers_before = before->workers_over_cap, children_before = before->children_over_cap;
    int to_place = before->children_to_place, workers_after = 0, children_after = 0;
    for (int i = 0; i < plan->assignee_count; i++) {
        const struct plan_assignee *row = &plan->assignees[i];
        if (row->counted_after > row->cap) {
            workers_after++;
            children_after += row->counted_after - row->cap;
        }
    }
    int unassigned = 0;
    for (int i = 0; i < plan->assignment_count; i++)
        if (plan->assignments[i].to < 0)
            unassigned++;
    if (workers_after == 0)
        fprintf(stream, "verdict: compliant: after the plan no worker is over the cap of %d",
                instance->rules.cap);
    else
        fprintf(stream,
                "verdict: NOT COMPLIANT: after the plan %d worker%s still over the cap of %d, %d "
                "counted child%s above it (`caseload size` gives the hires needed)",
                workers_after, workers_after == 1 ? " is" : "s are", instance->rules.cap,
                children_after, children_after == 1 ? "" : "ren");
    /* before: the current assignment, without the children the plan places */
    fprintf(stream, "; before it %d worker%s over it, %d child%s above it", workers_before,
            workers_before == 1 ? " was" : "s were", children_before, children_before == 1 ? "" : "ren");
    if (to_place > 0)
        fprintf(stream, ", with %d child%s to place (new intake, leavers' children)", to_place,
                to_place == 1 ? "" : "ren");
    if (unassigned > 0)
        fprintf(stream, "; %d child%s no worker may take", unassigned,
                unassigned == 1 ? "" : "ren");
    fputc('\n', stream);
    return fflush(stream) == 0 && !ferror(stream);
}
