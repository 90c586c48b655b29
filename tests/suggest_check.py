#!/usr/bin/env python3
"""suggest_check.py NEXT.json WORK N SEED: write N new families drawn from the
instance's own municipalities (some linked to siblings already in care), each as
a caseload-family/1 (WORK/family-K.json) and as the scenario that adds the same
children (WORK/family-K.scenario.json), for month_test.sh to compare `suggest`'s
best increase with the optimum of the model with everyone else kept."""
import json
import random
import sys

instance = json.load(open(sys.argv[1], encoding="utf-8-sig"))
work, count, seed = sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
rng = random.Random(seed)
teams = {t["id"]: t for t in instance["teams"]}
services = sorted({t["service"] for t in instance["teams"] if t["service"] != "jalkihuolto"})
places = [m["id"] for m in instance["municipalities"]]
in_care = [c for c in instance["children"] if c.get("family") and c.get("worker")]
for k in range(count):
    children, family = [], None
    if k % 4 == 3 and in_care:                  # siblings already in care
        sibling = rng.choice(in_care)
        family, service, home = sibling["family"], sibling["service"], sibling["municipality"]
    else:
        service, home = rng.choice(services), rng.choice(places)
    for i in range(rng.choice([1, 1, 2, 3])):
        children.append({"id": "N%02d-%d" % (k, i), "service": service, "municipality": home,
                         "born": "%04d-%02d" % (rng.randint(2008, 2024), rng.randint(1, 9))})
    document = {"format": "caseload-family/1", "children": children}
    if family:
        document["family"] = family
    json.dump(document, open("%s/family-%d.json" % (work, k), "w"), ensure_ascii=False)
    family_id = family or (children[0]["id"] if len(children) > 1 else None)
    added = [dict(c, family=family_id) if family_id else c for c in children]
    scenario = {"format": "caseload-scenario/1", "name": "family %d" % k, "add_children": added}
    json.dump(scenario, open("%s/family-%d.scenario.json" % (work, k), "w"), ensure_ascii=False)
