/* report.h - self-contained HTML reports (inline CSS and SVG, no scripts, no network) of a plan and of the current compliance, for the people who read plans. */
#ifndef CASELOAD_REPORT_H
#define CASELOAD_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "core/instance.h"
#include "report/plan.h"

/* The report of a plan (`caseload plan --html FILE`): header (instance, scenario,
 * plan date, cap, target, status, objective, bound, gap), a compliance summary now
 * and in the plan, the objective terms, and per team a bar chart of every worker's
 * counted children now and in the plan against the legal caps and the target, a
 * compliance table, the hires and every child that changes worker with its reason
 * and km; then the children the plan leaves without a worker. One UTF-8 HTML5
 * document; every id is escaped. Writes nothing but the document to `stream`.
 * Returns false when writing to the stream fails or memory runs out. */
bool report_write_plan_html(const struct plan *plan, const struct instance *instance,
                            FILE *stream);

/* The report of the current assignment (`caseload check --html FILE`): the same
 * header, verdict and per-team charts and tables for the current state only, plus
 * the intake without a worker and the teams that may take each such child.
 * Returns false when writing to the stream fails or memory runs out. */
bool report_write_check_html(const struct instance *instance, FILE *stream);

/* --- Building blocks for other reports (e.g. `compare`) --------------------- */

/* `text` as HTML text or attribute value: & < > " ' escaped; bytes that are not
 * UTF-8 and control characters other than tab and newline become U+FFFD. NULL
 * writes nothing. */
void report_write_escaped(FILE *stream, const char *text);

/* Open an HTML document: doctype, <head> with charset, `title` (escaped) and the
 * report style sheet (screen and A4 print), then <body>. */
void report_write_document_start(FILE *stream, const char *title);

/* Close what report_write_document_start opened. Returns false when any write to
 * the stream has failed. */
bool report_write_document_end(FILE *stream);

/* One worker (or hire) in a chart: up to two bars and its own cap. */
struct report_bar {
    const char *id;    /* worker or hire id: data-worker and the tooltip (not owned) */
    const char *label; /* shown under the bars (shortened when long); NULL: the id */
    double fte;        /* shown in the tooltip */
    int cap;           /* the worker's own legal cap cap(w): a tick across its bars */
    int before;        /* first series (counted children now); -1: no bar */
    int after;         /* second series (counted children in the plan); -1: no bar */
    bool leaving;      /* the worker leaves (label in italics, noted in the tooltip) */
    bool hire;         /* a new hire */
};

/* A bar chart of counted children per worker. */
struct report_chart {
    const char *key;          /* unique in the document, only [A-Za-z0-9_-]: prefixes the SVG's element ids */
    const char *name;         /* what the chart is of, e.g. the team id: data-team and the title */
    int cap;                  /* legal cap of a full-time worker: a solid line */
    double target;            /* workload target of a full-time worker: a dashed line; < 0: none */
    int axis_max;             /* the axis reaches at least this, so charts side by side share a scale; 0: fit */
    bool show_before;         /* draw the first series */
    bool show_after;          /* draw the second series */
    const char *before_label; /* legend of the first series; NULL: "now" */
    const char *after_label;  /* legend of the second series; NULL: "in the plan" */
    const struct report_bar *bars;
    int bar_count;
    bool aftercare;           /* the bars are aftercare clients of 18 or more, whom the cap does not
                                 count: drawn in their own unit, without caps or over marks */
};

/* Write `chart` as a <figure> holding an inline <svg>. Every bar is a <rect> with
 * class "bar before" or "bar after" (plus "over" above the worker's cap) and the
 * attributes data-worker, data-cap and data-counted-before or data-counted-after;
 * the <svg> carries data-team, data-axis-max, data-baseline (y of zero) and
 * data-px-per-child, so a test can check every bar's height against its number.
 * Bars above the worker's cap are hatched and outlined, not only coloured. */
void report_write_chart(FILE *stream, const struct report_chart *chart);

/* The gap for people: "0 %" below 0.005 %, else "0.44 %" (two decimals);
 * "unknown" when not finite. */
void report_format_gap(double gap, char *buffer, size_t size);

/* One line saying what objective, bound and gap mean, with the instance's
 * weights. Returns false when writing fails. */
bool report_write_objective_explained(const struct instance *instance, FILE *stream);

/* The one-line verdict under the plan's terminal summary: workers over the cap
 * after the plan and now, and the children no worker may take. Returns false
 * when writing fails. */
bool report_write_verdict(const struct plan *plan, const struct instance *instance, FILE *stream);

#endif
