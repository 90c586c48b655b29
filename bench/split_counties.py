#!/usr/bin/env python3
"""split_counties.py INSTANCE FOLDER - write each county of a generated
many-county instance (ids prefixed K01-, K02-, ...) as an instance of its own,
FOLDER/K01.json ..., for bench/run.sh --growth: the counties of one instance
planned one by one, against the same counties planned together."""
import json
import os
import re
import sys


def county(identifier):
    return identifier.split("-", 1)[0]


def main():
    source, folder = sys.argv[1], sys.argv[2]
    with open(source) as stream:
        instance = json.load(stream)
    team_county = {team["id"]: county(team["id"]) for team in instance["teams"]}
    if not all(re.fullmatch(r"K[0-9]+", name) for name in team_county.values()):
        sys.exit("split_counties.py: %s is not a generated instance of several counties" % source)
    names = sorted(set(team_county.values()))
    for name in names:
        part = {key: value for key, value in instance.items() if not isinstance(value, list)}
        part["name"] = "%s, county %s" % (instance.get("name", ""), name)
        part["municipalities"] = [m for m in instance["municipalities"] if county(m["id"]) == name]
        part["teams"] = [t for t in instance["teams"] if team_county[t["id"]] == name]
        part["workers"] = [w for w in instance["workers"] if team_county[w["team"]] == name]
        part["children"] = [c for c in instance["children"] if county(c["municipality"]) == name]
        if "distances" in instance:
            part["distances"] = [d for d in instance["distances"] if county(d["from"]) == name]
        for key, value in instance.items():  # any other list: kept whole if it names no county
            if isinstance(value, list) and key not in part:
                part[key] = value
        with open(os.path.join(folder, name + ".json"), "w") as stream:
            json.dump(part, stream)
    counted = sum(len(json.load(open(os.path.join(folder, n + ".json")))["children"]) for n in names)
    if counted != len(instance["children"]):
        sys.exit("split_counties.py: %d children in the counties, %d in %s" % (counted, len(instance["children"]), source))
    print(len(names))


main()
