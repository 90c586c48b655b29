#!/usr/bin/env python3
"""check_report.py - compare an HTML report as Chromium rendered it (--dump-dom) with the
instance and the plan, recomputing every number from the instance alone; and check a
Chromium net log for requests made by the page.

  check_report.py dom plan|check INSTANCE DOM [PLAN.json]
  check_report.py netlog NETLOG.json

Exit 0 when everything agrees, 1 with the differences on stderr.
"""
import json
import math
import sys
from html.parser import HTMLParser

TOLERANCE = 0.02  # SVG coordinates are written with two decimals


class Report(HTMLParser):
    """The parts of a rendered report the checks need."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.title = None
        self.in_title = False
        self.sections = []  # team sections: {"attrs", "charts": [svg attrs + bars]}
        self.summary = None
        self.svg = None
        self.svg_depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "title" and self.title is None and self.svg is None:
            self.in_title = True
            self.title = ""
        elif tag == "section" and "team" in classes:
            self.sections.append({"attrs": attrs, "charts": []})
        elif tag == "section" and attrs.get("id") == "summary":
            self.summary = attrs
        elif tag == "svg":
            self.svg_depth += 1
            if "chart" in classes:
                self.svg = {"attrs": attrs, "bars": [], "ticks": [], "lines": []}
                if not self.sections:
                    raise AssertionError("a chart outside a team section")
                self.sections[-1]["charts"].append(self.svg)
        elif self.svg is not None and tag == "rect" and "bar" in classes:
            self.svg["bars"].append(attrs)
        elif self.svg is not None and tag == "line" and "cap-tick" in classes:
            self.svg["ticks"].append(attrs)
        elif self.svg is not None and tag == "line" and "cap-line" in classes:
            self.svg["lines"].append(attrs)

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        elif tag == "svg":
            self.svg_depth -= 1
            if self.svg_depth == 0:
                self.svg = None

    def handle_data(self, data):
        if self.in_title:
            self.title += data


def load_json(path):
    with open(path, encoding="utf-8-sig") as stream:
        return json.load(stream)


def full_time_cap(instance):
    rules = instance.get("rules", {})
    if "cap" in rules:
        return rules["cap"]
    return 35 if instance["date"] < "2024-01-01" else 30


def counted(instance, child):
    """κ(c): under 18 on the plan date (DESIGN.md §2); no birth month: counted."""
    born = child.get("born")
    if born is None:
        return True
    year, month = int(born[:4]), int(born[5:7])
    return instance["date"] < "%04d-%02d-01" % (year + 18, month)


class Checker:
    def __init__(self):
        self.errors = []

    def expect(self, condition, message):
        if not condition:
            self.errors.append(message)

    def equal(self, actual, expected, what):
        self.expect(actual == expected, "%s: report %r, expected %r" % (what, actual, expected))


def check_bar(checker, chart, bar, series, expected, cap, what):
    scale = float(chart["attrs"]["data-px-per-child"])
    baseline = float(chart["attrs"]["data-baseline"])
    value = int(bar["data-counted-" + series])
    checker.equal(value, expected, "%s %s" % (what, series))
    checker.equal(int(bar["data-cap"]), cap, "%s cap" % what)
    height, y = float(bar["height"]), float(bar["y"])
    checker.expect(abs(height - value * scale) <= TOLERANCE,
                   "%s %s: drawn %.2f high for %d children at %s px each" % (what, series, height, value, scale))
    checker.expect(abs(y + height - baseline) <= TOLERANCE, "%s %s: bar not on the baseline" % (what, series))
    over = "over" in bar["class"].split()
    checker.expect(over == (value > cap), "%s %s: marked over=%s with %d of cap %d" % (what, series, over, value, cap))


def check_dom(kind, instance_path, dom_path, plan_path):
    checker = Checker()
    instance = load_json(instance_path)
    report = Report()
    with open(dom_path, encoding="utf-8") as stream:
        report.feed(stream.read())
    prefix = "Plan: " if kind == "plan" else "Compliance check: "
    checker.equal(report.title, prefix + instance["name"], "title")

    cap = full_time_cap(instance)
    workers = instance["workers"]
    worker_cap = {w["id"]: math.floor(cap * w.get("fte", 1.0) + 1e-9) for w in workers}
    before = {w["id"]: 0 for w in workers}
    for child in instance["children"]:
        if child.get("worker") is not None and counted(instance, child):
            before[child["worker"]] += 1

    after, hires = {}, {}
    if kind == "plan":
        plan = load_json(plan_path)
        children = {c["id"]: c for c in instance["children"]}
        for row in plan["assignments"]:
            if row["to"] is not None and counted(instance, children[row["child"]]):
                after[row["to"]] = after.get(row["to"], 0) + 1
        # the plan file itself agrees with the instance
        for row in plan["workers"]:
            checker.equal(row["counted_before"], before[row["id"]], "plan.json %s counted_before" % row["id"])
            checker.equal(row["counted_after"], after.get(row["id"], 0), "plan.json %s counted_after" % row["id"])
            checker.equal(row["cap"], worker_cap[row["id"]], "plan.json %s cap" % row["id"])
        for row in plan["hires"]:
            checker.equal(row["counted_after"], after.get(row["id"], 0), "plan.json %s counted_after" % row["id"])
            hires.setdefault(row["team"], []).append(row["id"])

    teams = [t["id"] for t in instance["teams"]]
    checker.equal([s["attrs"].get("data-team") for s in report.sections], teams, "team sections")
    over_before = over_after = 0
    for section in report.sections:
        team = section["attrs"].get("data-team")
        checker.equal(len(section["charts"]), 1, "charts of team %s" % team)
        if len(section["charts"]) != 1:
            continue
        chart = section["charts"][0]
        checker.equal(chart["attrs"].get("data-team"), team, "chart of team %s" % team)
        ids = [w["id"] for w in workers if w["team"] == team] + hires.get(team, [])
        if chart["attrs"].get("data-unit") == "aftercare-clients":
            # an aftercare team of adults only: its clients per worker, no cap
            service = next(t["service"] for t in instance["teams"] if t["id"] == team)
            checker.equal(service, "jalkihuolto", "aftercare chart of %s" % team)
            checker.equal(sum(before[w] for w in ids), 0, "aftercare chart of %s with counted children" % team)
            checker.equal(chart["lines"] + chart["ticks"], [], "caps drawn in the aftercare chart of %s" % team)
            expected = {}
            for child in instance["children"]:
                if child.get("worker") in ids and not counted(instance, child):
                    key = (child["worker"], "before")
                    expected[key] = expected.get(key, 0) + 1
            if kind == "plan":
                children = {c["id"]: c for c in instance["children"]}
                for row in load_json(plan_path)["assignments"]:
                    if row["to"] in ids and not counted(instance, children[row["child"]]):
                        key = (row["to"], "after")
                        expected[key] = expected.get(key, 0) + 1
            scale = float(chart["attrs"]["data-px-per-child"])
            drawn = {}
            for bar in chart["bars"]:
                series = "before" if "before" in bar["class"].split() else "after"
                value = int(bar["data-clients-" + series])
                if value:
                    drawn[(bar["data-worker"], series)] = value
                checker.expect("over" not in bar["class"].split(), "an aftercare bar marked over")
                checker.expect(abs(float(bar["height"]) - value * scale) <= TOLERANCE,
                               "aftercare bar of %s drawn at the wrong height" % bar["data-worker"])
            checker.equal(drawn, expected, "aftercare clients per worker of %s" % team)
            continue
        checker.equal([int(line["data-value"]) for line in chart["lines"]], [cap], "cap line of %s" % team)
        ids = [w["id"] for w in workers if w["team"] == team] + hires.get(team, [])
        checker.equal([t["data-worker"] for t in chart["ticks"]], ids, "workers drawn for %s" % team)
        bars = {}
        for bar in chart["bars"]:
            series = "before" if "before" in bar["class"].split() else "after"
            checker.expect((bar["data-worker"], series) not in bars, "two %s bars for %s" % (series, bar["data-worker"]))
            bars[(bar["data-worker"], series)] = bar
        for tick in chart["ticks"]:
            worker = tick["data-worker"]
            is_hire = worker not in worker_cap
            own_cap = cap if is_hire else worker_cap[worker]
            checker.equal(int(tick["data-cap"]), own_cap, "own cap of %s" % worker)
            scale = float(chart["attrs"]["data-px-per-child"])
            baseline = float(chart["attrs"]["data-baseline"])
            checker.expect(abs(float(tick["y1"]) - (baseline - own_cap * scale)) <= TOLERANCE,
                           "own cap of %s drawn at the wrong height" % worker)
            if is_hire:
                checker.expect((worker, "before") not in bars, "a hire drawn with children now: %s" % worker)
            elif (worker, "before") not in bars:
                checker.errors.append("no bar now for %s" % worker)
            else:
                check_bar(checker, chart, bars[(worker, "before")], "before", before[worker], own_cap, worker)
                over_before += before[worker] > own_cap
            if kind == "check":
                checker.expect((worker, "after") not in bars, "a plan bar in the check report: %s" % worker)
            elif (worker, "after") not in bars:
                checker.errors.append("no bar in the plan for %s" % worker)
            else:
                check_bar(checker, chart, bars[(worker, "after")], "after", after.get(worker, 0), own_cap, worker)
                over_after += after.get(worker, 0) > own_cap
        checker.equal(len(bars), sum(1 for key in bars if key[0] in ids), "bars of unknown workers in %s" % team)

    checker.expect(report.summary is not None, "no compliance summary")
    if report.summary is not None:
        checker.equal(int(report.summary["data-workers-over-before"]), over_before, "summary: workers over the cap now")
        if kind == "plan":
            checker.equal(int(report.summary["data-workers-over-after"]), over_after,
                          "summary: workers over the cap in the plan")
    return checker.errors


def check_netlog(path):
    """Requests whose network isolation key is a file:// page: made by the report itself."""
    log = load_json(path)
    names = {value: key for key, value in log["constants"]["logEventTypes"].items()}
    errors = []
    for event in log["events"]:
        params = event.get("params", {})
        if names.get(event["type"]) == "URL_REQUEST_START_JOB" and "file://" in params.get("network_isolation_key", ""):
            errors.append("the page requested %s" % params.get("url"))
    return errors


def main(argv):
    if len(argv) >= 5 and argv[1] == "dom" and argv[2] in ("plan", "check"):
        errors = check_dom(argv[2], argv[3], argv[4], argv[5] if len(argv) > 5 else None)
    elif len(argv) == 3 and argv[1] == "netlog":
        errors = check_netlog(argv[2])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    for error in errors[:20]:
        print("  " + error, file=sys.stderr)
    if len(errors) > 20:
        print("  ... %d more" % (len(errors) - 20), file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
