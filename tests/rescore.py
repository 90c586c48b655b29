#!/usr/bin/env python3
"""rescore.py INSTANCE PLAN - re-score a caseload-plan/1 from its instance alone.

An independent check of the C program, written from doc/DESIGN.md §2 and sharing
no code with it: every child is in the plan exactly once, every pair is eligible,
the hard rules hold (locked children, max_new, hires within the cap and opened in
order, hard siblings), and every objective term, the objective and the per-worker
counts of the plan equal what this script computes. Exit 0 when the plan agrees,
1 with one line per disagreement otherwise.
"""
import json
import math
import sys

DEFAULT_WEIGHTS = {"unassigned": 100000, "over_cap": 1000, "overload": 20, "hire": 300, "move": 10,
                   "cross_team": 20, "family_split": 30, "above_target": 2, "km": 0.1}


def floor_share(value, fte):
    return math.floor(value * fte + 1e-9)


def counted(child, date):
    born = child.get("born")
    if born is None:
        return True
    year, month = int(born[:4]), int(born[5:7])
    return date < "%04d-%02d-01" % (year + 18, month)


def road_km(instance, rules):
    places = {m["id"]: (m["lat"], m["lon"]) for m in instance["municipalities"]}
    table = {}
    for row in instance.get("distances", []):
        table[(row["from"], row["to"])] = row["km"]
        table[(row["to"], row["from"])] = row["km"]
    factor = rules.get("road_factor", 1.3)

    def km(a, b):
        if (a, b) in table:
            return table[(a, b)]
        if a == b:
            return 0.0
        (lat1, lon1), (lat2, lon2) = places[a], places[b]
        p1, p2 = math.radians(lat1), math.radians(lat2)
        dp, dl = p2 - p1, math.radians(lon2 - lon1)
        h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
        return 2 * 6371.0 * math.asin(math.sqrt(h)) * factor
    return km


def kept_children(instance, plan, cap, date):
    """The children that must keep their worker: locked by the file (unless their
    worker leaves: the lock is released), or held by the move policy of DESIGN.md
    §2 (the plan's "moves", else rules.moves): under "intake" every child of a
    staying worker, under "law" every child of a staying worker who is not over
    the cap today."""
    workers = {w["id"]: w for w in instance["workers"]}
    policy = plan.get("moves", instance.get("rules", {}).get("moves", "all"))
    load = {}
    for child in instance["children"]:
        if child.get("worker") is not None and counted(child, date):
            load[child["worker"]] = load.get(child["worker"], 0) + 1
    kept = set()
    for child in instance["children"]:
        worker = child.get("worker")
        if worker is None or workers[worker].get("leaving", False):
            continue
        over = load.get(worker, 0) > floor_share(cap, workers[worker].get("fte", 1.0))
        if child.get("locked", False) or policy == "intake" or (policy == "law" and not over):
            kept.add(child["id"])
    return kept


def rescore(instance, plan, law_check=False):
    problems = []
    rules = instance.get("rules", {})
    date = instance["date"]
    cap = rules.get("cap", 35 if date < "2024-01-01" else 30)
    target = rules.get("target", 27)
    weights = dict(DEFAULT_WEIGHTS, **rules.get("weights", {}))
    cross_team_allowed = rules.get("cross_team", False)
    hard_siblings = rules.get("family", "soft") == "hard"
    km = road_km(instance, rules)
    teams = {t["id"]: t for t in instance["teams"]}
    workers = {w["id"]: w for w in instance["workers"]}
    children = {c["id"]: c for c in instance["children"]}
    kept = kept_children(instance, plan, cap, date)

    # assignees: workers, and hires TEAM/hire-K
    def team_of(assignee):
        if assignee in workers:
            return teams[workers[assignee]["team"]]
        team_id, _, k = assignee.rpartition("/hire-")
        if team_id in teams and k.isdigit() and 1 <= int(k) <= teams[team_id].get("max_hires", 0):
            return teams[team_id]
        return None

    def covers(team, municipality):
        return "area" not in team or municipality in team["area"]

    def eligible(child, assignee):
        team = team_of(assignee)
        if team is None or team["service"] != child["service"]:
            return False
        if assignee in workers and workers[assignee].get("leaving", False):
            return False
        if assignee == child.get("worker"):
            return True
        if child["id"] in kept:
            return False
        if assignee in workers and not workers[assignee].get("accepts_new", True):
            return False
        return cross_team_allowed or covers(team, child["municipality"])

    seen = {}
    for row in plan["assignments"]:
        if row["child"] in seen:
            problems.append("child %s is in the plan twice" % row["child"])
        seen[row["child"]] = row
    for child_id in children:
        if child_id not in seen:
            problems.append("child %s is missing from the plan" % child_id)
    for child_id in seen:
        if child_id not in children:
            problems.append("the plan has a child %s the instance lacks" % child_id)
    if problems:
        return problems

    amount = dict.fromkeys(DEFAULT_WEIGHTS, 0.0)
    load = {}      # assignee -> [counted, workload, received]
    families = {}  # (family, service) -> set of assignees
    for child_id, child in children.items():
        row = seen[child_id]
        if row["from"] != child.get("worker"):
            problems.append("child %s: from %r, but the instance says %r"
                            % (child_id, row["from"], child.get("worker")))
        to = row["to"]
        if to is None:
            amount["unassigned"] += 1
            if child_id in kept:
                problems.append("locked child %s left without a worker" % child_id)
            continue
        if not eligible(child, to):
            problems.append("child %s may not be given to %s" % (child_id, to))
            continue
        team = team_of(to)
        entry = load.setdefault(to, [0, 0.0, 0])
        entry[0] += 1 if counted(child, date) else 0
        entry[1] += child.get("weight", 1.0)
        if to != child.get("worker"):
            entry[2] += 1
            if child.get("worker") is not None:
                amount["move"] += 1
        if not covers(team, child["municipality"]):
            amount["cross_team"] += 1
        amount["km"] += km(team["office"], child["municipality"])
        family = child.get("family") or ("child", child_id)
        families.setdefault((family, child["service"]), set()).add(to)

    hires_used = {}
    for assignee, (number, workload, received) in load.items():
        team = team_of(assignee)
        team_target = team.get("target", target)
        if assignee in workers:
            worker = workers[assignee]
            fte = worker.get("fte", 1.0)
            over = max(0, number - floor_share(cap, fte))
            share = cap / max(1, floor_share(cap, fte))
            amount["over_cap"] += over
            amount["overload"] += share * over * (over + 1) / 2
            amount["above_target"] += max(0.0, workload - floor_share(team_target, fte))
            if worker.get("max_new") is not None and received > worker["max_new"]:
                problems.append("%s receives %d children, max_new is %d"
                                % (assignee, received, worker["max_new"]))
        else:
            amount["hire"] += 1
            amount["above_target"] += max(0.0, workload - floor_share(team_target, 1.0))
            if number > cap:
                problems.append("hire %s has %d counted children, over the cap %d"
                                % (assignee, number, cap))
            team_id, _, k = assignee.rpartition("/hire-")
            hires_used.setdefault(team_id, set()).add(int(k))
    for team_id, numbers in hires_used.items():
        if numbers != set(range(1, len(numbers) + 1)):
            problems.append("team %s opens hires %s, not in order" % (team_id, sorted(numbers)))
    for (family, service), assignees in families.items():
        if hard_siblings and len(assignees) > 1:
            problems.append("siblings of family %s (%s) split under hard siblings" % (family, service))
        amount["family_split"] += max(0, len(assignees) - 1)

    for term, value in amount.items():
        reported = plan["terms"][term]
        if abs(reported - value) > 1e-6 * max(1.0, abs(value)):
            problems.append("term %s: the plan says %r, re-scored %r" % (term, reported, value))
    objective = sum(weights[term] * value for term, value in amount.items())
    if abs(plan["objective"] - objective) > 1e-6 * max(1.0, abs(objective)):
        problems.append("objective: the plan says %r, re-scored %r" % (plan["objective"], objective))

    before = {}
    for child in children.values():
        if child.get("worker") is not None and counted(child, date):
            before[child["worker"]] = before.get(child["worker"], 0) + 1
    for row in plan["workers"]:
        after = load.get(row["id"], [0])[0]
        if row["counted_after"] != after or row["counted_before"] != before.get(row["id"], 0):
            problems.append("worker %s: counted %d -> %d in the plan, re-scored %d -> %d"
                            % (row["id"], row["counted_before"], row["counted_after"],
                               before.get(row["id"], 0), after))
    if law_check:
        problems += stays_over_cap(instance, workers, teams, seen, load, kept, cap, date, eligible)
    return problems


def stays_over_cap(instance, workers, teams, seen, load, kept, cap, date, eligible):
    """Under the default weights (a child over the cap costs 1000, a move 10) no
    worker stays over the cap while one of its counted children that may move has
    an eligible worker or hire with room under its cap (and under max_new)."""
    def own_cap(assignee):
        return floor_share(cap, workers[assignee].get("fte", 1.0)) if assignee in workers else cap

    def has_room(assignee):
        number, _, received = load.get(assignee, [0, 0.0, 0])
        max_new = workers.get(assignee, {}).get("max_new")
        return number < own_cap(assignee) and (max_new is None or received < max_new)

    assignees = [w for w in workers if not workers[w].get("leaving", False)]
    for team in teams.values():
        assignees += ["%s/hire-%d" % (team["id"], k) for k in range(1, team.get("max_hires", 0) + 1)]
    problems = []
    for worker in workers:
        if load.get(worker, [0])[0] <= own_cap(worker):
            continue
        for child in instance["children"]:
            if seen[child["id"]]["to"] != worker or child["id"] in kept or not counted(child, date):
                continue
            room = [a for a in assignees if a != worker and has_room(a) and eligible(child, a)]
            if room:
                problems.append("worker %s stays over the cap, but %s could take %s"
                                % (worker, room[0], child["id"]))
                break
    return problems


def main():
    law_check = "--law-check" in sys.argv[3:]
    if len(sys.argv) not in (3, 4) or sys.argv[3:] not in ([], ["--law-check"]):
        sys.exit("usage: rescore.py INSTANCE PLAN [--law-check]")
    with open(sys.argv[1], encoding="utf-8-sig") as stream:
        instance = json.load(stream)
    with open(sys.argv[2], encoding="utf-8") as stream:
        plan = json.load(stream)
    problems = rescore(instance, plan, law_check)
    for problem in problems[:20]:
        print("%s: %s" % (sys.argv[2], problem))
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
