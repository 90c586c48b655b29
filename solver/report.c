/* report.c - HTML reports of a plan and of the current compliance: one self-contained file with inline CSS and SVG charts. */
#include "report.h"

#include "remedy.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "text.h"

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
static void write_amount(FILE *stream, double value, int decimals)
{
    if (!isfinite(value))
        fputs("&#8212;", stream);
    else if (value == floor(value) && fabs(value) < 1e15)
        fprintf(stream, "%.0f", value == 0 ? 0.0 : value);
    else
        fprintf(stream, "%.*f", decimals, value);
}

/* "3 → 5" with the arrow as an entity. */
static void write_change(FILE *stream, double before, double after, int decimals)
{
    write_amount(stream, before, decimals);
    fputs(" &#8594; ", stream);
    write_amount(stream, after, decimals);
}

/* The id of an assignee (worker or hire), escaped; "—" for none. */
static void write_assignee(FILE *stream, const struct instance *instance, int assignee)
{
    char buffer[256];
    if (assignee < 0)
        fputs("&#8212;", stream);
    else
        report_write_escaped(stream, instance_assignee_id(instance, assignee, buffer, sizeof buffer));
}

/* A service name, marked as Finnish. */
static void write_service(FILE *stream, enum service service)
{
    fputs("<span lang=\"fi\">", stream);
    report_write_escaped(stream, service_name(service));
    fputs("</span>", stream);
}

/* A table row's start for a child: <tr data-child> and the cells child, service
 * and home, the last one left open. */
static void write_child_cells(FILE *stream, const struct instance *instance,
                              const struct child *child)
{
    fputs("<tr data-child=\"", stream);
    report_write_escaped(stream, child->id);
    fputs("\"><td>", stream);
    report_write_escaped(stream, child->id);
    fputs("</td><td>", stream);
    write_service(stream, child->service);
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

void report_write_chart(FILE *stream, const struct report_chart *chart)
{
    int series = (chart->show_before ? 1 : 0) + (chart->show_after ? 1 : 0);
    if (series == 0)
        series = 1;
    double slot_minimum = series * CHART_BAR_WIDTH + (series - 1) * CHART_BAR_GAP +
                          CHART_SLOT_PADDING;
    int bars = chart->bar_count > 0 ? chart->bar_count : 1;
    double slot = fmax(slot_minimum, fmin(CHART_SLOT_MAX, CHART_MIN_PLOT_WIDTH / bars));
    double plot_width = fmax(CHART_MIN_PLOT_WIDTH, slot * bars);
    double slots_left = CHART_MARGIN_LEFT + (plot_width - slot * bars) / 2; /* few workers: centred */

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
    bool target_shown = !chart->aftercare && chart->target >= 0 && chart->target <= top * 1.25;
    if (target_shown)
        top = fmax(top, chart->target);
    int axis_max, step;
    chart_axis(top, &axis_max, &step);
    double scale = CHART_PLOT_HEIGHT / axis_max;
    bool rotate = longest_label * CHART_CHARACTER_WIDTH > slot - 8;
    double label_height = rotate ? longest_label * CHART_CHARACTER_WIDTH * 0.7072 + 14 : 16;
    double left = CHART_MARGIN_LEFT;
    double plot_top = CHART_LEGEND_HEIGHT + CHART_TOP_GAP;
    double baseline = plot_top + CHART_PLOT_HEIGHT;
    double width = fmax(chart_legend_width(chart), left + plot_width + CHART_MARGIN_RIGHT);
    double height = baseline + 8 + label_height;
    double right = left + plot_width;

    fputs("<figure class=\"chart\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\"", stream);
    fprintf(stream, " viewBox=\"0 0 %.2f %.2f\" width=\"%.2f\" height=\"%.2f\" role=\"img\" "
                    "aria-labelledby=\"%s-title\" data-team=\"",
            width, height, width, height, chart->key);
    report_write_escaped(stream, chart->name);
    fprintf(stream, "\" data-cap=\"%d\" data-axis-max=\"%d\" data-baseline=\"%.2f\" "
                    "data-px-per-child=\"%.9g\"%s>\n",
            chart->cap, axis_max, baseline, scale,
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

    /* legend */
    fputs("<g class=\"legend\">", stream);
    double x = left;
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
        if (target_shown)
            chart_legend_item(stream, chart, LEGEND_TARGET, x, "workload target");
        else if (chart->target >= 0)
            chart_legend_item(stream, chart, LEGEND_TARGET, x, "workload target: above the scale");
    }
    fputs("</g>\n", stream);

    /* axis: grid lines and tick labels */
    fputs("<g class=\"axis\">", stream);
    for (int tick = 0; tick <= axis_max; tick += step) {
        double y = baseline - tick * scale;
        fprintf(stream, "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"" COLOUR_GRID
                        "\" stroke-width=\"1\"/><text x=\"%.2f\" y=\"%.2f\" text-anchor=\"end\">%d</text>",
                left, y, right, y, left - 6, y + 3.5, tick);
    }
    fputs("</g>\n", stream);

    /* bars, own caps and labels, one group per worker */
    double group_width = series * CHART_BAR_WIDTH + (series - 1) * CHART_BAR_GAP;
    for (int i = 0; i < chart->bar_count; i++) {
        const struct report_bar *bar = &chart->bars[i];
        double slot_left = slots_left + i * slot;
        double bar_x = slot_left + (slot - group_width) / 2;
        fputs("<g class=\"worker\" data-worker=\"", stream);
        report_write_escaped(stream, bar->id);
        fprintf(stream, "\"%s%s>", bar->leaving ? " data-leaving=\"true\"" : "",
                bar->hire ? " data-hire=\"true\"" : "");
        chart_bar_title(stream, chart, bar);
        if (chart->show_before) {
            if (bar->before >= 0)
                chart_bar(stream, chart, bar, "before", bar->before, bar_x, baseline, scale);
            bar_x += CHART_BAR_WIDTH + CHART_BAR_GAP;
        }
        if (chart->show_after && bar->after >= 0)
            chart_bar(stream, chart, bar, "after", bar->after, bar_x, baseline, scale);
        double cap_y = baseline - bar->cap * scale;
        if (!chart->aftercare) {
            fputs("<line class=\"cap-tick\" data-worker=\"", stream);
            report_write_escaped(stream, bar->id);
            fprintf(stream, "\" data-cap=\"%d\" x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\""
                            COLOUR_INK "\" stroke-width=\"3\"/>",
                    bar->cap, slot_left + (slot - group_width) / 2 - 3, cap_y,
                    slot_left + (slot + group_width) / 2 + 3, cap_y);
        }
        double label_x = slot_left + slot / 2;
        double label_y = baseline + 14;
        fprintf(stream, "<text class=\"label%s\" x=\"%.2f\" y=\"%.2f\"", bar->leaving ? " leaving" : "",
                label_x, label_y);
        if (rotate)
            fprintf(stream, " text-anchor=\"end\" transform=\"rotate(-45 %.2f %.2f)\">", label_x,
                    label_y);
        else
            fputs(" text-anchor=\"middle\">", stream);
        write_escaped_limited(stream, bar->label != NULL ? bar->label : bar->id,
                              CHART_LABEL_CHARACTERS);
        fputs("</text></g>\n", stream);
    }

    /* the full-time cap and the target over the bars; labels kept apart */
    double cap_y = baseline - chart->cap * scale;
    if (!chart->aftercare)
        chart_line(stream, "cap-line", COLOUR_OVER, NULL, left, right, cap_y, cap_y, "cap", chart->cap);
    if (target_shown) {
        double target_y = baseline - chart->target * scale;
        double label_y = target_y;
        if (fabs(label_y - cap_y) < 12)
            label_y = cap_y + 12;
        chart_line(stream, "target-line", COLOUR_TARGET, "5 4", left, right, target_y, label_y,
                   "target", chart->target);
    }
    fprintf(stream, "<line class=\"baseline\" x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" "
                    "stroke=\"" COLOUR_INK "\" stroke-width=\"1\"/>\n",
            left, baseline, right, baseline);
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

/* --- Pieces shared by both reports -------------------------------------------- */

/* The workload target of a full-time worker of team t (the line in the chart). */
static double team_full_time_target(const struct instance *instance, int team)
{
    const struct team *row = &instance->teams[team];
    double target = row->target_given ? row->target : instance->rules.target;
    return floor(target + 1e-9);
}

static void write_fact_start(FILE *stream, const char *term)
{
    fputs("<div><dt>", stream);
    fputs(term, stream);
    fputs("</dt><dd>", stream);
}

static void write_fact_end(FILE *stream)
{
    fputs("</dd></div>\n", stream);
}

static void write_fact_text(FILE *stream, const char *term, const char *value)
{
    write_fact_start(stream, term);
    report_write_escaped(stream, value);
    write_fact_end(stream);
}

static void write_fact_amount(FILE *stream, const char *term, double value, int decimals)
{
    write_fact_start(stream, term);
    write_amount(stream, value, decimals);
    write_fact_end(stream);
}

static void write_fact_change(FILE *stream, const char *term, double before, double after,
                              int decimals)
{
    write_fact_start(stream, term);
    write_change(stream, before, after, decimals);
    write_fact_end(stream);
}

/* Header facts common to both reports: plan date, caps and target. */
static void write_rule_facts(FILE *stream, const struct instance *instance)
{
    write_fact_start(stream, "Plan date");
    fprintf(stream, "%04d-%02d-%02d", instance->date.year, instance->date.month, instance->date.day);
    write_fact_end(stream);
    write_fact_amount(stream, "Legal cap, full-time", instance->rules.cap, 0);
    write_fact_amount(stream, "Workload target, full-time", instance->rules.target, 2);
}

/* Service, office and area of a team. */
static void write_team_place(FILE *stream, const struct instance *instance, int t)
{
    const struct team *team = &instance->teams[t];
    write_fact_start(stream, "Service");
    write_service(stream, team->service);
    write_fact_end(stream);
    write_fact_text(stream, "Office", instance->municipalities[team->office].id);
    write_fact_start(stream, "Area");
    if (team->area_all) {
        fputs("the whole region", stream);
    } else {
        for (int i = 0; i < team->area_count; i++) {
            if (i > 0)
                fputs(", ", stream);
            report_write_escaped(stream, instance->municipalities[team->area[i]].id);
        }
    }
    write_fact_end(stream);
}

/* "avo" → id "team-3": ids of sections and charts never hold user text. */
static void write_team_anchor(FILE *stream, int t)
{
    fprintf(stream, "team-%d", t);
}

/* A list of links to the team sections. */
static void write_team_navigation(FILE *stream, const struct instance *instance,
                                  const int *over_before, const int *over_after)
{
    fputs("<nav class=\"teams\" aria-label=\"Teams\"><h2>Teams</h2><ul>\n", stream);
    for (int t = 0; t < instance->team_count; t++) {
        fputs("<li><a href=\"#", stream);
        write_team_anchor(stream, t);
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
static void write_counted_cell(FILE *stream, int value, int cap)
{
    fprintf(stream, "<td class=\"number\">%d", value);
    if (value > cap)
        fprintf(stream, " <span class=\"over-mark\">(+%d)</span>", value - cap);
    fputs("</td>", stream);
}

/* --- Plan report ------------------------------------------------------------- */

/* What the plan report knows of one assignee. */
struct plan_figure {
    int row;        /* index into plan->assignees, -1 for a leaving worker or an unused hire */
    int before;     /* counted children now (workers) */
    int after;      /* counted children in the plan */
    int moves_in;   /* children received, intake included */
    int moves_out;  /* children given away */
};

static void plan_figures_fill(const struct plan *plan, const struct instance *instance,
                              struct plan_figure *figures)
{
    int assignee_count = instance_assignee_count(instance);
    for (int a = 0; a < assignee_count; a++)
        figures[a] = (struct plan_figure){.row = -1};
    for (int c = 0; c < instance->child_count; c++)
        if (instance->children[c].worker >= 0 && instance_child_counted(instance, c))
            figures[instance->children[c].worker].before++;
    for (int i = 0; i < plan->assignment_count; i++) {
        const struct plan_assignment *row = &plan->assignments[i];
        bool counted = instance_child_counted(instance, row->child);
        if (row->to >= 0 && counted)
            figures[row->to].after++;
        if (row->to != row->from) {
            if (row->to >= 0)
                figures[row->to].moves_in++;
            if (row->from >= 0)
                figures[row->from].moves_out++;
        }
    }
    /* the plan's own figures where it has them */
    for (int i = 0; i < plan->assignee_count; i++) {
        const struct plan_assignee *row = &plan->assignees[i];
        struct plan_figure *figure = &figures[row->assignee];
        figure->row = i;
        figure->before = row->counted_before;
        figure->after = row->counted_after;
        figure->moves_in = row->moves_in;
        figure->moves_out = row->moves_out;
    }
}

/* Does assignee a appear in the plan report of team t: a worker of the team (the
 * leaving ones too, they still hand children over) or a hire of it the plan opens? */
static bool plan_shows(const struct instance *instance, const struct plan_figure *figures, int a,
                       int t)
{
    if (instance_assignee_team(instance, a) != t)
        return false;
    return a < instance->worker_count || figures[a].row >= 0;
}

/* The verdict in the regulators' terms, first under the title: before → after
 * (`before` NULL: the current state only, for `check`). */
static void write_compliance_verdict(FILE *stream, const struct compliance *before,
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

static void write_plan_header(FILE *stream, const struct plan *plan,
                              const struct instance *instance)
{
    fputs("<header>\n<p class=\"kicker\">caseload reallocation plan</p>\n<h1>", stream);
    report_write_escaped(stream, plan->instance_name != NULL ? plan->instance_name : "Plan");
    fputs("</h1>\n", stream);
    write_compliance_verdict(stream, &plan->compliance_before, &plan->compliance_after);
    fputs("<dl class=\"facts\">\n", stream);
    if (plan->scenario_name != NULL)
        write_fact_text(stream, "Scenario", plan->scenario_name);
    write_rule_facts(stream, instance);
    write_fact_text(stream, "Status", solve_status_name(plan->status));
    write_fact_start(stream, "Objective");
    fprintf(stream, "%.1f points (the plan's cost: its terms times their weights)", plan->objective);
    write_fact_end(stream);
    write_fact_start(stream, "Bound");
    fprintf(stream, "%.1f (no plan can cost less)", plan->bound);
    write_fact_end(stream);
    char gap[32];
    report_format_gap(plan->gap, gap, sizeof gap);
    write_fact_start(stream, "Gap");
    fprintf(stream, "%s (how much the best plan could still undercut this one)", gap);
    write_fact_end(stream);
    write_fact_start(stream, "Solve time");
    fprintf(stream, "%.1f s", plan->solve_seconds);
    write_fact_end(stream);
    fputs("</dl>\n</header>\n", stream);
    if (plan->status != SOLVE_OPTIMAL)
        fputs("<p class=\"verdict\">The search stopped before proving this plan optimal: a "
              "better plan may exist within the gap shown.</p>\n",
              stream);
}

/* Totals of the whole plan for the compliance summary. */
struct plan_totals {
    int workers_over_before, workers_over_after;
    int children_over_before, children_over_after;
    int counted_before, counted_after;
    int intake, unassigned_after;
    int leaving_with_children;
    double km_before, km_after;
};

static void write_summary_row(FILE *stream, const char *measure, const char *key, double before,
                              double after, int decimals)
{
    fprintf(stream, "<tr data-measure=\"%s\"><td>%s</td><td class=\"number\">", key, measure);
    write_amount(stream, before, decimals);
    fputs("</td><td class=\"number\">", stream);
    write_amount(stream, after, decimals);
    fputs("</td></tr>\n", stream);
}

static void write_plan_summary(FILE *stream, const struct plan *plan,
                               const struct plan_totals *totals)
{
    fprintf(stream, "<section id=\"summary\" data-workers-over-before=\"%d\" "
                    "data-workers-over-after=\"%d\" data-unassigned-after=\"%d\">\n<h2>Compliance</h2>\n",
            totals->workers_over_before, totals->workers_over_after, totals->unassigned_after);
    if (totals->workers_over_after == 0 && totals->unassigned_after == 0)
        fputs("<p class=\"verdict compliant\">Compliant: in the plan every child has a worker and "
              "no worker is over the legal cap.</p>\n",
              stream);
    else {
        fputs("<p class=\"verdict not-compliant\">Not compliant: in the plan ", stream);
        if (totals->workers_over_after > 0)
            fprintf(stream, "%d worker%s over the legal cap (%d counted child%s above it)",
                    totals->workers_over_after, totals->workers_over_after == 1 ? " is" : "s are",
                    totals->children_over_after, totals->children_over_after == 1 ? "" : "ren");
        if (totals->workers_over_after > 0 && totals->unassigned_after > 0)
            fputs(" and ", stream);
        if (totals->unassigned_after > 0)
            fprintf(stream, "%d child%s without a worker", totals->unassigned_after,
                    totals->unassigned_after == 1 ? " is" : "ren are");
        fputs(".</p>\n", stream);
    }
    fputs("<table class=\"summary\">\n<thead><tr><th>Measure</th><th class=\"number\">Now</th>"
          "<th class=\"number\">In the plan</th></tr></thead>\n<tbody>\n",
          stream);
    write_summary_row(stream, "Workers over the legal cap", "workers-over",
                      totals->workers_over_before, totals->workers_over_after, 0);
    write_summary_row(stream, "Counted children above the cap (summed over workers)",
                      "children-over", totals->children_over_before, totals->children_over_after, 0);
    write_summary_row(stream, "Children whose worker is over the cap", "children-with-worker-over",
                      plan->compliance_before.children_with_worker_over_cap,
                      plan->compliance_after.children_with_worker_over_cap, 0);
    write_summary_row(stream, "Highest load (counted children / own cap)", "max-load-ratio",
                      plan->compliance_before.max_load_ratio,
                      plan->compliance_after.max_load_ratio, 2);
    write_summary_row(stream, "Counted children (under 18) with a worker", "counted",
                      totals->counted_before, totals->counted_after, 0);
    write_summary_row(stream, "Children without a worker", "unassigned", totals->intake,
                      totals->unassigned_after, 0);
    write_summary_row(stream, "Leaving workers who still have children", "leaving",
                      totals->leaving_with_children, 0, 0);
    write_summary_row(stream, "Kilometres, office to home, summed", "km", totals->km_before,
                      totals->km_after, 1);
    fputs("</tbody>\n</table>\n<p>", stream);
    fprintf(stream, "Children who change worker: <strong>%.0f</strong>; hires opened: "
                    "<strong>%.0f</strong>; sibling groups split: <strong>%.0f</strong>; children "
                    "served outside their team's area: <strong>%.0f</strong>.</p>\n",
            plan->score.amount[TERM_MOVE], plan->score.amount[TERM_HIRE],
            plan->score.amount[TERM_FAMILY_SPLIT], plan->score.amount[TERM_CROSS_TEAM]);
    fputs("</section>\n", stream);
}

static void write_plan_terms(FILE *stream, const struct plan *plan, const struct instance *instance)
{
    fputs("<section id=\"terms\">\n<h2>Objective</h2>\n<table class=\"terms\">\n<thead><tr>"
          "<th>Term</th><th class=\"number\">Amount</th><th class=\"number\">Weight</th>"
          "<th class=\"number\">Weight &#215; amount</th></tr></thead>\n<tbody>\n",
          stream);
    for (int term = 0; term < TERM_COUNT; term++) {
        double amount = plan->score.amount[term];
        double weight = instance->rules.weights[term];
        /* rounded for people: whole children and hires, km and workload to 0.1 */
        int decimals = term == TERM_KM || term == TERM_ABOVE_TARGET ? 1 : 0;
        fprintf(stream, "<tr data-term=\"%s\"><td>%s</td><td class=\"number\">%.*f</td>"
                        "<td class=\"number\">%g</td><td class=\"number\">%.1f</td></tr>\n",
                term_name((enum term)term), term_name((enum term)term), decimals, amount, weight,
                weight * amount);
    }
    fprintf(stream, "</tbody>\n<tfoot><tr><th>Total</th><th></th><th></th>"
                    "<th class=\"number\">%.1f</th></tr></tfoot>\n</table>\n</section>\n",
            plan->objective);
}

/* The status words of one row of the plan's compliance table. */
static void write_plan_status(FILE *stream, const struct instance *instance, int a, int before,
                              int after, int cap)
{
    bool hire = a >= instance->worker_count;
    if (!hire && instance->workers[a].leaving) {
        if (after > 0)
            fprintf(stream, "<span class=\"over-mark\">leaving, still has %d</span>", after);
        else
            fputs("leaving: every child handed over", stream);
    } else if (after > cap) {
        fprintf(stream, "<span class=\"over-mark\">OVER CAP by %d</span>", after - cap);
    } else if (hire) {
        fputs("new hire", stream);
    } else if (before > cap) {
        fputs("back within the cap", stream);
    } else {
        fputs("within the cap", stream);
    }
}

static void write_plan_team_table(FILE *stream, const struct plan *plan,
                                  const struct instance *instance,
                                  const struct plan_figure *figures, int t)
{
    fputs("<table class=\"workers\">\n<thead><tr><th>Worker</th><th class=\"number\">FTE</th>"
          "<th class=\"number\">Cap</th><th class=\"number\">Target</th>"
          "<th class=\"number\">Now</th><th class=\"number\">In the plan</th>"
          "<th class=\"number\">Workload</th><th class=\"number\">Received</th>"
          "<th class=\"number\">Given away</th><th>Status</th></tr></thead>\n<tbody>\n",
          stream);
    int assignee_count = instance_assignee_count(instance);
    for (int a = 0; a < assignee_count; a++) {
        if (!plan_shows(instance, figures, a, t))
            continue;
        const struct plan_figure *figure = &figures[a];
        bool hire = a >= instance->worker_count;
        bool leaving = !hire && instance->workers[a].leaving;
        int cap = instance_assignee_cap(instance, a);
        fprintf(stream, "<tr class=\"%s\" data-worker=\"",
                figure->after > cap ? "over" : hire ? "hire" : leaving ? "leaving" : "ok");
        write_assignee(stream, instance, a);
        fprintf(stream, "\" data-cap=\"%d\" data-counted-after=\"%d\"", cap, figure->after);
        if (!hire)
            fprintf(stream, " data-counted-before=\"%d\"", figure->before);
        fputs("><td>", stream);
        write_assignee(stream, instance, a);
        fprintf(stream, "</td><td class=\"number\">%.2f</td><td class=\"number\">%d</td>"
                        "<td class=\"number\">%d</td>",
                hire ? 1.0 : instance->workers[a].fte, cap, instance_assignee_target(instance, a));
        if (hire)
            fputs("<td class=\"number\">&#8212;</td>", stream);
        else
            write_counted_cell(stream, figure->before, cap);
        write_counted_cell(stream, figure->after, cap);
        fputs("<td class=\"number\">", stream);
        if (figure->row >= 0)
            write_amount(stream, plan->assignees[figure->row].workload_after, 2);
        else
            fputs("0", stream);
        fprintf(stream, "</td><td class=\"number\">%d</td><td class=\"number\">%d</td><td>",
                figure->moves_in, figure->moves_out);
        write_plan_status(stream, instance, a, figure->before, figure->after, cap);
        fputs("</td></tr>\n", stream);
    }
    fputs("</tbody>\n</table>\n", stream);
}

/* An assignee with its team in parentheses when that is not team t. */
static void write_assignee_in_team(FILE *stream, const struct instance *instance, int a, int t)
{
    write_assignee(stream, instance, a);
    if (a >= 0 && instance_assignee_team(instance, a) != t) {
        fputs(" <span class=\"muted\">(", stream);
        report_write_escaped(stream, instance->teams[instance_assignee_team(instance, a)].id);
        fputs(")</span>", stream);
    }
}

/* Every child that changes worker into, out of or within team t. */
static void write_plan_team_moves(FILE *stream, const struct plan *plan,
                                  const struct instance *instance, int t)
{
    int count = 0;
    for (int i = 0; i < plan->assignment_count; i++) {
        const struct plan_assignment *row = &plan->assignments[i];
        if (row->from == row->to)
            continue;
        bool into = row->to >= 0 && instance_assignee_team(instance, row->to) == t;
        bool out_of = row->from >= 0 && instance_assignee_team(instance, row->from) == t;
        if (!into && !out_of)
            continue;
        if (count++ == 0)
            fputs("<table class=\"moves\">\n<thead><tr><th>Child</th><th>From</th><th>To</th>"
                  "<th>Reason</th><th class=\"number\">km now</th>"
                  "<th class=\"number\">km in the plan</th></tr></thead>\n<tbody>\n",
                  stream);
        fputs("<tr data-child=\"", stream);
        report_write_escaped(stream, instance->children[row->child].id);
        fprintf(stream, "\" data-reason=\"%s\"><td>", plan_reason_text(row->reason));
        report_write_escaped(stream, instance->children[row->child].id);
        fputs("</td><td>", stream);
        if (row->from < 0)
            fputs("<span class=\"muted\">new intake</span>", stream);
        else
            write_assignee_in_team(stream, instance, row->from, t);
        fputs("</td><td>", stream);
        if (row->to < 0)
            fputs("<span class=\"over-mark\">nobody</span>", stream);
        else
            write_assignee_in_team(stream, instance, row->to, t);
        fputs("</td><td>", stream);
        report_write_escaped(stream, plan_reason_text(row->reason));
        fputs("</td><td class=\"number\">", stream);
        if (row->from >= 0)
            write_amount(stream, instance_pair_km(instance, row->child, row->from), 1);
        else
            fputs("&#8212;", stream);
        fputs("</td><td class=\"number\">", stream);
        if (row->to >= 0)
            write_amount(stream, instance_pair_km(instance, row->child, row->to), 1);
        else
            fputs("&#8212;", stream);
        fputs("</td></tr>\n", stream);
    }
    if (count == 0)
        fputs("<p class=\"muted\">No child changes worker in this team.</p>\n", stream);
    else
        fputs("</tbody>\n</table>\n", stream);
}

static void write_plan_team_hires(FILE *stream, const struct instance *instance,
                                  const struct plan_figure *figures, const struct plan_team *team,
                                  int t)
{
    if (instance->teams[t].max_hires == 0)
        return;
    fprintf(stream, "<h3>Hires</h3>\n<p>%d of at most %d new worker%s opened", team->hires,
            instance->teams[t].max_hires, instance->teams[t].max_hires == 1 ? "" : "s");
    int assignee_count = instance_assignee_count(instance);
    bool first = true;
    for (int a = instance->worker_count; a < assignee_count; a++) {
        if (!plan_shows(instance, figures, a, t))
            continue;
        fputs(first ? ": " : ", ", stream);
        first = false;
        write_assignee(stream, instance, a);
        fprintf(stream, " with %d counted child%s", figures[a].after,
                figures[a].after == 1 ? "" : "ren");
    }
    fputs(".</p>\n", stream);
}

/* The id and chart label of a hire ("avo/hire-2", "hire 2"). */
struct hire_names {
    char id[256];
    char label[32];
};

/* For team t, whose workers have no counted child now or in the plan: put its
 * aftercare clients (18 or more) now and in the plan into the bars built for the
 * team (in plan_shows order). False, bars untouched, when it has none. */
static bool plan_aftercare_bars(const struct plan *plan, const struct instance *instance,
                                const struct plan_figure *figures, int t, struct report_bar *bars)
{
    int total = 0;
    for (int c = 0; c < instance->child_count; c++) {
        int w = instance->children[c].worker;
        if (w >= 0 && instance->workers[w].team == t && !instance_child_counted(instance, c))
            total++;
    }
    for (int i = 0; i < plan->assignment_count; i++) {
        int to = plan->assignments[i].to;
        if (to >= 0 && instance_assignee_team(instance, to) == t &&
            !instance_child_counted(instance, plan->assignments[i].child))
            total++;
    }
    if (total == 0)
        return false;
    int assignee_count = instance_assignee_count(instance), b = 0;
    for (int a = 0; a < assignee_count; a++) {
        if (!plan_shows(instance, figures, a, t))
            continue;
        struct report_bar *bar = &bars[b++];
        bar->before = a < instance->worker_count ? 0 : -1;
        bar->after = 0;
        for (int c = 0; c < instance->child_count; c++)
            if (instance->children[c].worker == a && !instance_child_counted(instance, c))
                bar->before++;
        for (int i = 0; i < plan->assignment_count; i++)
            if (plan->assignments[i].to == a &&
                !instance_child_counted(instance, plan->assignments[i].child))
                bar->after++;
    }
    return true;
}

static void write_plan_team(FILE *stream, const struct plan *plan, const struct instance *instance,
                            const struct plan_figure *figures, const struct hire_names *hires,
                            const struct plan_team *team, struct report_bar *bars)
{
    int t = team->team;
    int bar_count = 0, over_before = 0, over_after = 0, capacity_before = 0, capacity_after = 0;
    int assignee_count = instance_assignee_count(instance);
    for (int a = 0; a < assignee_count; a++) {
        if (!plan_shows(instance, figures, a, t))
            continue;
        bool hire = a >= instance->worker_count;
        int cap = instance_assignee_cap(instance, a);
        struct report_bar *bar = &bars[bar_count++];
        *bar = (struct report_bar){.cap = cap, .after = figures[a].after,
                                   .before = hire ? -1 : figures[a].before, .hire = hire};
        if (hire) {
            bar->id = hires[a - instance->worker_count].id;
            bar->label = hires[a - instance->worker_count].label;
            bar->fte = 1.0;
            capacity_after += cap;
        } else {
            bar->id = instance->workers[a].id;
            bar->fte = instance->workers[a].fte;
            bar->leaving = instance->workers[a].leaving;
            capacity_before += cap;
            if (!bar->leaving)
                capacity_after += cap;
            if (figures[a].before > cap)
                over_before++;
        }
        if (figures[a].after > cap)
            over_after++;
    }

    fputs("<section class=\"team\" id=\"", stream);
    write_team_anchor(stream, t);
    fputs("\" data-team=\"", stream);
    report_write_escaped(stream, instance->teams[t].id);
    fprintf(stream, "\" data-workers-over-before=\"%d\" data-workers-over-after=\"%d\">\n<h2>",
            over_before, over_after);
    report_write_escaped(stream, instance->teams[t].id);
    fputs("</h2>\n<dl class=\"facts\">\n", stream);
    write_team_place(stream, instance, t);
    write_fact_start(stream, "Workers");
    fprintf(stream, "%d (FTE %.2f)", team->workers, team->fte);
    write_fact_end(stream);
    write_fact_change(stream, "Counted children", team->counted_before, team->counted_after, 0);
    write_fact_change(stream, "Capacity (sum of caps)", capacity_before, capacity_after, 0);
    write_fact_change(stream, "Workers over cap", over_before, over_after, 0);
    write_fact_change(stream, "Children above cap", team->over_cap_before, team->over_cap_after, 0);
    write_fact_change(stream, "Km, office to home", team->km_before, team->km_after, 1);
    write_fact_amount(stream, "Children moved in", team->moves_in, 0);
    write_fact_amount(stream, "Hires opened", team->hires, 0);
    fputs("</dl>\n", stream);

    char key[32];
    snprintf(key, sizeof key, "chart-%d", t);
    struct report_chart chart = {.key = key, .name = instance->teams[t].id,
                                 .cap = instance->rules.cap,
                                 .target = team_full_time_target(instance, t),
                                 .show_before = true, .show_after = true, .bars = bars,
                                 .bar_count = bar_count};
    if (instance->teams[t].service == SERVICE_JALKIHUOLTO && team->counted_before == 0 &&
        team->counted_after == 0 && plan_aftercare_bars(plan, instance, figures, t, bars)) {
        chart.aftercare = true;
        chart.target = -1;
        chart.before_label = "aftercare clients now (18+)";
        chart.after_label = "in the plan";
    }
    report_write_chart(stream, &chart);

    write_plan_team_table(stream, plan, instance, figures, t);
    write_plan_team_hires(stream, instance, figures, team, t);
    fputs("<h3>Children who change worker</h3>\n", stream);
    write_plan_team_moves(stream, plan, instance, t);
    fputs("</section>\n", stream);
}

static void write_plan_unassigned(FILE *stream, const struct plan *plan,
                                  const struct instance *instance)
{
    fputs("<section id=\"unassigned\">\n<h2>Children without a worker in the plan</h2>\n", stream);
    int count = 0;
    for (int i = 0; i < plan->assignment_count; i++) {
        const struct plan_assignment *row = &plan->assignments[i];
        if (row->to >= 0)
            continue;
        const struct child *child = &instance->children[row->child];
        if (count++ == 0)
            fputs("<p class=\"verdict not-compliant\">No eligible worker could take these "
                  "children: every child must have a named responsible worker.</p>\n"
                  "<table class=\"unassigned\">\n<thead><tr><th>Child</th><th>Service</th>"
                  "<th>Home</th><th>Current worker</th></tr></thead>\n<tbody>\n",
                  stream);
        write_child_cells(stream, instance, child);
        fputs("</td><td>", stream);
        write_assignee(stream, instance, row->from);
        fputs("</td></tr>\n", stream);
    }
    if (count == 0)
        fputs("<p>Every child has a worker in the plan.</p>\n", stream);
    else
        fputs("</tbody>\n</table>\n", stream);
    fputs("</section>\n", stream);
}

bool report_write_plan_html(const struct plan *plan, const struct instance *instance,
                            FILE *stream)
{
    int assignee_count = instance_assignee_count(instance);
    size_t slots = (size_t)(assignee_count > 0 ? assignee_count : 1);
    size_t teams = (size_t)(instance->team_count > 0 ? instance->team_count : 1);
    struct plan_figure *figures = mem_calloc(slots, sizeof *figures);
    struct report_bar *bars = mem_calloc(slots, sizeof *bars);
    int *over_before = mem_calloc(teams, sizeof *over_before);
    int *over_after = mem_calloc(teams, sizeof *over_after);
    int hire_count = instance_hire_count(instance);
    struct hire_names *hires = mem_calloc((size_t)(hire_count > 0 ? hire_count : 1), sizeof *hires);
    bool ok = false;
    if (figures == NULL || bars == NULL || over_before == NULL || over_after == NULL ||
        hires == NULL)
        goto done;
    plan_figures_fill(plan, instance, figures);
    for (int h = 0; h < hire_count; h++) {
        int hire_team, k;
        instance_assignee_id(instance, instance->worker_count + h, hires[h].id, sizeof hires[h].id);
        instance_hire_slot(instance, h, &hire_team, &k);
        snprintf(hires[h].label, sizeof hires[h].label, "hire %d", k);
    }

    struct plan_totals totals = {0};
    for (int a = 0; a < assignee_count; a++) {
        int cap = instance_assignee_cap(instance, a);
        int team = instance_assignee_team(instance, a);
        bool is_worker = a < instance->worker_count;
        if (is_worker && figures[a].before > cap) {
            totals.workers_over_before++;
            totals.children_over_before += figures[a].before - cap;
            over_before[team]++;
        }
        if ((is_worker || figures[a].row >= 0) && figures[a].after > cap) {
            totals.workers_over_after++;
            totals.children_over_after += figures[a].after - cap;
            over_after[team]++;
        }
        if (is_worker)
            totals.counted_before += figures[a].before;
        totals.counted_after += figures[a].after;
    }
    for (int c = 0; c < instance->child_count; c++) {
        int worker = instance->children[c].worker;
        if (worker < 0)
            totals.intake++;
    }
    for (int w = 0; w < instance->worker_count; w++) {
        if (!instance->workers[w].leaving)
            continue;
        for (int c = 0; c < instance->child_count; c++)
            if (instance->children[c].worker == w) {
                totals.leaving_with_children++;
                break;
            }
    }
    for (int i = 0; i < plan->assignment_count; i++)
        if (plan->assignments[i].to < 0)
            totals.unassigned_after++;
    for (int i = 0; i < plan->team_count; i++) {
        totals.km_before += plan->teams[i].km_before;
        totals.km_after += plan->teams[i].km_after;
    }

    char title[512];
    snprintf(title, sizeof title, "Plan: %s", plan->instance_name != NULL ? plan->instance_name : "");
    report_write_document_start(stream, title);
    write_plan_header(stream, plan, instance);
    write_plan_summary(stream, plan, &totals);
    if (!remedy_write_html(stream, plan, instance))
        goto done;
    write_plan_terms(stream, plan, instance);
    write_team_navigation(stream, instance, over_before, over_after);
    for (int i = 0; i < plan->team_count; i++)
        write_plan_team(stream, plan, instance, figures, hires, &plan->teams[i], bars);
    write_plan_unassigned(stream, plan, instance);
    ok = report_write_document_end(stream);
done:
    mem_free(figures);
    mem_free(bars);
    mem_free(over_before);
    mem_free(over_after);
    mem_free(hires);
    return ok;
}

/* --- Check report ------------------------------------------------------------ */

/* Current figures of one worker. */
struct check_figure {
    int counted; /* children under 18 on the plan date */
    int adults;  /* aftercare clients of 18 or more, not counted */
    double km;   /* office to home, summed over the worker's children */
};

static void write_check_team(FILE *stream, const struct instance *instance,
                             const struct check_figure *figures, struct report_bar *bars, int t)
{
    int bar_count = 0, workers = 0, counted = 0, adults = 0, capacity = 0, over_workers = 0,
        over_children = 0;
    double fte = 0, km = 0;
    for (int w = 0; w < instance->worker_count; w++) {
        const struct worker *worker = &instance->workers[w];
        if (worker->team != t)
            continue;
        int cap = instance_worker_cap(instance, w);
        bars[bar_count++] = (struct report_bar){.id = worker->id, .fte = worker->fte, .cap = cap,
                                                .before = figures[w].counted, .after = -1,
                                                .leaving = worker->leaving};
        workers++;
        fte += worker->fte;
        counted += figures[w].counted;
        adults += figures[w].adults;
        capacity += cap;
        km += figures[w].km;
        if (figures[w].counted > cap) {
            over_workers++;
            over_children += figures[w].counted - cap;
        }
    }

    fputs("<section class=\"team\" id=\"", stream);
    write_team_anchor(stream, t);
    fputs("\" data-team=\"", stream);
    report_write_escaped(stream, instance->teams[t].id);
    fprintf(stream, "\" data-workers-over-before=\"%d\">\n<h2>", over_workers);
    report_write_escaped(stream, instance->teams[t].id);
    fputs("</h2>\n<dl class=\"facts\">\n", stream);
    write_team_place(stream, instance, t);
    write_fact_start(stream, "Workers");
    fprintf(stream, "%d (FTE %.2f)", workers, fte);
    write_fact_end(stream);
    write_fact_amount(stream, "Counted children", counted, 0);
    write_fact_amount(stream, "Adults (18+, not counted)", adults, 0);
    write_fact_amount(stream, "Capacity (sum of caps)", capacity, 0);
    write_fact_amount(stream, "Workers over cap", over_workers, 0);
    write_fact_amount(stream, "Children above cap", over_children, 0);
    write_fact_start(stream, "Mean per worker (not the verdict)");
    if (workers > 0)
        fprintf(stream, "%.1f", (double)counted / workers);
    else
        fputs("&#8212;", stream);
    write_fact_end(stream);
    write_fact_amount(stream, "Km, office to home", km, 1);
    fputs("</dl>\n", stream);

    char key[32];
    snprintf(key, sizeof key, "chart-%d", t);
    struct report_chart chart = {.key = key, .name = instance->teams[t].id,
                                 .cap = instance->rules.cap,
                                 .target = team_full_time_target(instance, t),
                                 .show_before = true, .before_label = "counted now", .bars = bars,
                                 .bar_count = bar_count};
    if (instance->teams[t].service == SERVICE_JALKIHUOLTO && counted == 0 && adults > 0) {
        /* an aftercare team of adults only: its workload in its own unit, not 0-bars */
        chart.aftercare = true;
        chart.target = -1;
        chart.before_label = "aftercare clients now (18+)";
        int b = 0;
        for (int w = 0; w < instance->worker_count; w++)
            if (instance->workers[w].team == t)
                bars[b++].before = figures[w].adults;
    }
    report_write_chart(stream, &chart);

    fputs("<table class=\"workers\">\n<thead><tr><th>Worker</th><th class=\"number\">FTE</th>"
          "<th class=\"number\">Cap</th><th class=\"number\">Counted</th>"
          "<th class=\"number\">Adults</th><th>Status</th></tr></thead>\n<tbody>\n",
          stream);
    for (int w = 0; w < instance->worker_count; w++) {
        const struct worker *worker = &instance->workers[w];
        if (worker->team != t)
            continue;
        int cap = instance_worker_cap(instance, w);
        bool over = figures[w].counted > cap;
        bool has_children = figures[w].counted + figures[w].adults > 0;
        fprintf(stream, "<tr class=\"%s\" data-worker=\"", over ? "over" : worker->leaving ? "leaving" : "ok");
        report_write_escaped(stream, worker->id);
        fprintf(stream, "\" data-cap=\"%d\" data-counted-before=\"%d\"><td>", cap, figures[w].counted);
        report_write_escaped(stream, worker->id);
        fprintf(stream, "</td><td class=\"number\">%.2f</td><td class=\"number\">%d</td>",
                worker->fte, cap);
        write_counted_cell(stream, figures[w].counted, cap);
        fprintf(stream, "<td class=\"number\">%d</td><td>", figures[w].adults);
        if (over)
            fprintf(stream, "<span class=\"over-mark\">OVER CAP by %d</span>",
                    figures[w].counted - cap);
        else
            fputs("within the cap", stream);
        if (worker->leaving)
            fputs(has_children ? "; <span class=\"over-mark\">leaving with children</span>"
                               : "; leaving",
                  stream);
        fputs("</td></tr>\n", stream);
    }
    fputs("</tbody>\n</table>\n</section>\n", stream);
}

static void write_check_intake(FILE *stream, const struct instance *instance)
{
    fputs("<section id=\"intake\">\n<h2>Children without a worker</h2>\n", stream);
    int count = 0;
    for (int c = 0; c < instance->child_count; c++) {
        const struct child *child = &instance->children[c];
        if (child->worker >= 0)
            continue;
        if (count++ == 0)
            fputs("<table class=\"intake\">\n<thead><tr><th>Child</th><th>Service</th>"
                  "<th>Home</th><th class=\"number\">Counted</th><th>Teams that may take the child"
                  "</th></tr></thead>\n<tbody>\n",
                  stream);
        write_child_cells(stream, instance, child);
        fprintf(stream, "</td><td class=\"number\">%s</td><td>",
                instance_child_counted(instance, c) ? "yes" : "no (18+)");
        int teams = 0;
        for (int t = 0; t < instance->team_count; t++) {
            const struct team *team = &instance->teams[t];
            if (team->service != child->service ||
                !instance_team_covers(instance, t, child->municipality))
                continue;
            fputs(teams++ == 0 ? "" : ", ", stream);
            report_write_escaped(stream, team->id);
        }
        if (teams == 0)
            fputs(instance->rules.cross_team ? "any team of the service, across areas"
                                             : "<span class=\"over-mark\">none covers the home</span>",
                  stream);
        fputs("</td></tr>\n", stream);
    }
    if (count == 0)
        fputs("<p>Every child has a worker.</p>\n", stream);
    else
        fputs("</tbody>\n</table>\n", stream);
    fputs("</section>\n", stream);
}

bool report_write_check_html(const struct instance *instance, FILE *stream)
{
    size_t workers = (size_t)(instance->worker_count > 0 ? instance->worker_count : 1);
    size_t teams = (size_t)(instance->team_count > 0 ? instance->team_count : 1);
    struct check_figure *figures = mem_calloc(workers, sizeof *figures);
    struct report_bar *bars = mem_calloc(workers, sizeof *bars);
    int *over_by_team = mem_calloc(teams, sizeof *over_by_team);
    bool ok = false;
    if (figures == NULL || bars == NULL || over_by_team == NULL)
        goto done;

    int intake = 0, counted = 0, adults = 0;
    for (int c = 0; c < instance->child_count; c++) {
        const struct child *child = &instance->children[c];
        if (child->worker < 0) {
            intake++;
            continue;
        }
        if (instance_child_counted(instance, c)) {
            figures[child->worker].counted++;
            counted++;
        } else {
            figures[child->worker].adults++;
            adults++;
        }
        figures[child->worker].km += instance_pair_km(instance, c, child->worker);
    }
    int over_workers = 0, over_children = 0, leaving_with_children = 0;
    for (int w = 0; w < instance->worker_count; w++) {
        int cap = instance_worker_cap(instance, w);
        if (figures[w].counted > cap) {
            over_workers++;
            over_children += figures[w].counted - cap;
            over_by_team[instance->workers[w].team]++;
        }
        if (instance->workers[w].leaving && figures[w].counted + figures[w].adults > 0)
            leaving_with_children++;
    }

    char title[512];
    snprintf(title, sizeof title, "Compliance check: %s",
             instance->name != NULL ? instance->name : "");
    report_write_document_start(stream, title);
    fputs("<header>\n<p class=\"kicker\">caseload compliance check</p>\n<h1>", stream);
    report_write_escaped(stream, instance->name != NULL ? instance->name : "Instance");
    fputs("</h1>\n", stream);
    struct compliance now;
    if (compliance_measure(instance, NULL, &now))
        write_compliance_verdict(stream, NULL, &now);
    fputs("<dl class=\"facts\">\n", stream);
    write_rule_facts(stream, instance);
    fputs("</dl>\n</header>\n", stream);

    fprintf(stream, "<section id=\"summary\" data-workers-over-before=\"%d\" "
                    "data-unassigned-before=\"%d\">\n<h2>Compliance now</h2>\n",
            over_workers, intake);
    if (over_workers == 0)
        fputs("<p class=\"verdict compliant\">Compliant: every worker is within the legal cap.</p>\n",
              stream);
    else
        fprintf(stream, "<p class=\"verdict not-compliant\">Not compliant: %d worker%s over the "
                        "legal cap, %d counted child%s above it.</p>\n",
                over_workers, over_workers == 1 ? " is" : "s are", over_children,
                over_children == 1 ? "" : "ren");
    fputs("<dl class=\"facts\">\n", stream);
    write_fact_amount(stream, "Workers", instance->worker_count, 0);
    write_fact_amount(stream, "Workers over the cap", over_workers, 0);
    write_fact_amount(stream, "Children above the cap", over_children, 0);
    write_fact_amount(stream, "Counted children (under 18)", counted, 0);
    write_fact_amount(stream, "Adults (18+, not counted)", adults, 0);
    write_fact_amount(stream, "Children without a worker", intake, 0);
    write_fact_amount(stream, "Leaving workers with children", leaving_with_children, 0);
    fputs("</dl>\n<p class=\"muted\">The cap is checked per worker, not on average; only "
          "children under 18 on the plan date count.</p>\n</section>\n",
          stream);

    write_team_navigation(stream, instance, over_by_team, NULL);
    for (int t = 0; t < instance->team_count; t++)
        write_check_team(stream, instance, figures, bars, t);
    write_check_intake(stream, instance);
    ok = report_write_document_end(stream);
done:
    mem_free(figures);
    mem_free(bars);
    mem_free(over_by_team);
    return ok;
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

/* Workers over their cap and the counted children above it now (current
 * assignment, leaving workers included); false when memory ran out. */
static bool over_cap_now(const struct instance *instance, int *workers, int *children)
{
    *workers = 0;
    *children = 0;
    int *counted = mem_calloc(instance->worker_count > 0 ? (size_t)instance->worker_count : 1,
                              sizeof *counted);
    if (counted == NULL)
        return false;
    for (int c = 0; c < instance->child_count; c++)
        if (instance->children[c].worker >= 0 && instance_child_counted(instance, c))
            counted[instance->children[c].worker]++;
    for (int w = 0; w < instance->worker_count; w++) {
        int cap = instance_worker_cap(instance, w);
        if (counted[w] > cap) {
            (*workers)++;
            *children += counted[w] - cap;
        }
    }
    mem_free(counted);
    return true;
}

bool plan_write_verdict(const struct plan *plan, const struct instance *instance, FILE *stream)
{
    int workers_before, children_before, workers_after = 0, children_after = 0;
    if (!over_cap_now(instance, &workers_before, &children_before))
        return false;
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
    fprintf(stream, "; now %d worker%s over it, %d child%s above it", workers_before,
            workers_before == 1 ? " is" : "s are", children_before, children_before == 1 ? "" : "ren");
    if (unassigned > 0)
        fprintf(stream, "; %d child%s no worker may take", unassigned,
                unassigned == 1 ? "" : "ren");
    fputc('\n', stream);
    return fflush(stream) == 0 && !ferror(stream);
}
