#!/usr/bin/env bash
# forecast_long.sh CASELOAD - the forecast's long statistical checks (`make
# forecast-long`, several minutes; not part of `make test`):
#  1. backtest: a county generated for 18 months by the known process; months 13-18
#     forecast from months 1-12 (rates estimated from the history) against the
#     known process simulated many times from month 12 with the true rates;
#  2. sizing: with the recommended hires every month's team risk is at most `risk`,
#     and with one hire fewer in any team some month exceeds it by more than two
#     Monte Carlo standard errors;
#  3. the 2024 cap drop: a history of `generate --months` from September 2023 with
#     a recruit in each open-care team from November; the forecast from October
#     (true rates, the recruits as events) against what happened after the drop;
#  4. Kymenlaakso (issue 26): `size -f` from the October 2023 instance with
#     lead_months 2 (instances/forecasts/kymenlaakso-2024.json): every team a finite
#     number of hires, with them the risk from February 2024 on at most 0.1 in
#     every team, one hire fewer in any team breaks that, and the sizing from the
#     1.1.2024 scenario differs by at most one hire per team.
source "$(dirname "$0")/lib.sh"

samples=${FORECAST_LONG_SAMPLES:-400}
truth_samples=${FORECAST_LONG_TRUTH:-2000}
run generate --municipalities 6 --teams 3 --substitute-teams 1 --aftercare-teams 1 \
    --workers-per-team 6 --seed 21 --months 18 -o "$work/h" >/dev/null 2>"$work/err" ||
    fail "generate --months 18: $(cat "$work/err")"
history=$(for k in $(seq 1 11); do printf '"h/month-%02d.json",' "$k"; done)
cat >"$work/estimated.json" <<JSON
{ "format": "caseload-forecast/1", "name": "backtest", "months": 6, "samples": $samples, "seed": 2,
  "history": [${history%,}] }
JSON
python3 - "$work/h/rates.json" "$work/truth.json" "$truth_samples" <<'PY'
import json, sys
spec = json.load(open(sys.argv[1]))
spec.pop("history")
spec.update({"name": "the known process", "months": 6, "samples": int(sys.argv[3]), "seed": 99})
json.dump(spec, open(sys.argv[2], "w"))
PY
expect_exit 0 "backtest forecast" -- forecast "$work/h/month-12.json" -f "$work/estimated.json" -o "$work/f.json" -q
expect_exit 0 "known process" -- forecast "$work/h/month-12.json" -f "$work/truth.json" -o "$work/k.json" -q
python3 - "$work/f.json" "$work/k.json" "$samples" "$truth_samples" <<'PY' || fail "backtest"
# Compare per team and month (1-6): the means must agree within 3 standard errors
# of their difference, where each side's error is its band's spread / 2.56 (the
# 10-90 % range of a normal is 2.56 sd) over the square root of its samples, plus
# the rate-estimation error, which moves a mean by at most 3 % here (the closure
# estimate from 11 months has a relative standard error of about 4 %; a 4 % change
# in closure changes a team's caseload after 6 months by about 1 % per month).
# The bands (p10, p90) must agree within 10 % of the mean plus 2 children.
# Calibration: the forecast's risk of each team and month against the frequency in
# the known process, summarised as the mean absolute difference and the largest
# one; and the share of team-months whose true median lies inside the forecast's
# 10-90 % band (all of them should).
import json, math, sys
f, k = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
n_f, n_k = int(sys.argv[3]), int(sys.argv[4])
bad, diffs, inside, total = 0, [], 0, 0
for mf, mk in zip(f["months"][1:], k["months"][1:]):
    for tf, tk in zip(mf["teams"], mk["teams"]):
        cf, ck = tf["counted"], tk["counted"]
        sd_f, sd_k = (cf["p90"] - cf["p10"]) / 2.56, (ck["p90"] - ck["p10"]) / 2.56
        error = math.sqrt((sd_f ** 2) / n_f + (sd_k ** 2) / n_k) + 0.03 * ck["mean"]
        if abs(cf["mean"] - ck["mean"]) > 3 * error:
            bad += 1
            print("mean off: month %d %s: %.1f vs %.1f (allowed %.1f)" % (mf["month"], tf["team"], cf["mean"], ck["mean"], 3 * error))
        for q in ("p10", "p90"):
            if abs(cf[q] - ck[q]) > 0.10 * ck["mean"] + 2:
                bad += 1
                print("band off: month %d %s %s: %d vs %d" % (mf["month"], tf["team"], q, cf[q], ck[q]))
        diffs.append(abs(tf["risk"] - tk["risk"]))
        total += 1
        inside += cf["p10"] <= ck["p50"] <= cf["p90"]
print("backtest: %d team-months; mean |risk - true risk| %.3f, largest %.3f; true median inside the band in %d of %d"
      % (total, sum(diffs) / len(diffs), max(diffs), inside, total))
if inside != total or sum(diffs) / len(diffs) > 0.1:
    bad += 1
sys.exit(1 if bad else 0)
PY
checks=$((checks + 1))

# sizing, with the true rates
python3 - "$work/h/rates.json" "$work/size.json" <<'PY'
import json, sys
spec = json.load(open(sys.argv[1]))
spec.pop("history")
spec.update({"months": 8, "samples": 200, "lead_months": 3, "risk": 0.1})
json.dump(spec, open(sys.argv[2], "w"))
PY
expect_exit 0 "size -f" -- size "$work/h/month-12.json" -f "$work/size.json" --json
cp "$work/out" "$work/sizing.json"
python3 - "$work/sizing.json" <<'PY' || fail "sizing"
import json, math, sys
s = json.load(open(sys.argv[1]))
risk, n = s["risk"], s["samples"]
error = math.sqrt(risk * (1 - risk) / n)
bad = 0
for team in s["teams"]:
    if team["reachable"] and team["max_risk_with"] > risk + 1e-12:
        bad += 1
        print("with hires over the limit: %s %.3f" % (team["team"], team["max_risk_with"]))
    if team["hires"] > 0:
        margin = (team["max_risk_one_fewer"] - risk) / error
        print("%s: %d hires; one fewer: risk %.3f, %.1f standard errors (%.3f) above the limit %.2f"
              % (team["team"], team["hires"], team["max_risk_one_fewer"], margin, error, risk))
        if margin <= 2:
            bad += 1
print("sizing: %d hires in all" % sum(t["hires"] for t in s["teams"]))
sys.exit(1 if bad else 0)
PY
checks=$((checks + 1))

# 3. the 2024 cap drop, with recruits two months before it
run generate --date 2023-09-10 --municipalities 6 --teams 3 --substitute-teams 1 --aftercare-teams 1 \
    --workers-per-team 6 --load 0.97 --seed 5 --recruit-month 2 --months 14 -o "$work/drop" >/dev/null 2>"$work/err" ||
    fail "generate --recruit-month: $(cat "$work/err")"
python3 - "$work/drop" "$work/drop.json" <<'PY'
import json, sys
spec = json.load(open(sys.argv[1] + "/rates.json"))
spec.pop("history")
instance = json.load(open(sys.argv[1] + "/month-02.json"))
teams = [t["id"] for t in instance["teams"] if t["service"] == "avohuolto"]
spec.update({"name": "cap drop backtest", "months": 12, "samples": 200, "seed": 3, "lead_months": 1,
             "events": [{"month": "2023-11", "add_workers": [{"id": t + "-recruit", "team": t} for t in teams]}]})
json.dump(spec, open(sys.argv[2], "w"))
PY
expect_exit 0 "cap drop forecast" -- forecast "$work/drop/month-02.json" -f "$work/drop.json" -o "$work/drop-out.json" -q
python3 - "$work/drop" "$work/drop-out.json" <<'PY' || fail "cap drop backtest"
# Per team, the months from January 2024 on in which the history (one path of the
# process) had a worker over the cap, against the forecast's risk summed over the
# same months: the counts must agree within 3 standard deviations of a sum of
# independent Bernoulli(risk) months plus one month (the months of one path are
# correlated, so this is a loose test; before monthly rebalancing the forecast
# had risk 1.0 in every open-care team after the drop).
import json, math, sys
from datetime import date
folder, forecast = sys.argv[1], json.load(open(sys.argv[2]))
def counted(born, day):
    year, month = map(int, born.split("-"))
    return day.year * 12 + day.month < (year + 18) * 12 + month
history, expected, variance = {}, {}, {}
for month in forecast["months"]:
    day = date.fromisoformat(month["date"])
    snapshot = month["month"] + 2
    if day.year < 2024 or snapshot > 14:
        continue
    s = json.load(open("%s/month-%02d.json" % (folder, snapshot)))
    load = {}
    for c in s["children"]:
        if "worker" in c and ("born" not in c or counted(c["born"], day)):
            load[c["worker"]] = load.get(c["worker"], 0) + 1
    for team in month["teams"]:
        workers = [w for w in s["workers"] if w["team"] == team["team"]]
        over = any(load.get(w["id"], 0) > int(30 * w.get("fte", 1) + 1e-9) for w in workers)
        history[team["team"]] = history.get(team["team"], 0) + over
        expected[team["team"]] = expected.get(team["team"], 0) + team["risk"]
        variance[team["team"]] = variance.get(team["team"], 0) + team["risk"] * (1 - team["risk"])
bad = 0
for team in history:
    allowed = 3 * math.sqrt(variance[team]) + 1
    print("cap drop: %s: history %d months over, forecast %.1f (allowed +- %.1f)"
          % (team, history[team], expected[team], allowed))
    bad += abs(history[team] - expected[team]) > allowed
print("cap drop: history %d team-months over, forecast %.1f" % (sum(history.values()), sum(expected.values())))
sys.exit(1 if bad else 0)
PY
checks=$((checks + 1))

# 4. Kymenlaakso from October 2023 and from the 1.1.2024 scenario
ky=$root/instances/kymenlaakso.json
kyf=$root/instances/forecasts/kymenlaakso-2024.json
expect_exit 0 "size -f Kymenlaakso October 2023" -- size "$ky" -f "$kyf" --json
cp "$work/out" "$work/ky-oct.json"
expect_exit 0 "size -f Kymenlaakso 1.1.2024" -- size "$ky" -s "$root/instances/scenarios/kymenlaakso-cap-30.json" -f "$kyf" --json
cp "$work/out" "$work/ky-jan.json"
python3 - "$work/ky-oct.json" "$work/ky-jan.json" <<'PY' || fail "Kymenlaakso sizing"
import json, sys
october, january = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
months = [m["date"] for m in october["county"]]
february = next(k for k, d in enumerate(months) if d >= "2024-02")
bad = 0
for team, other in zip(october["teams"], january["teams"]):
    starts = ", ".join(s["date"][:7] for s in team["starts"])
    print("Kymenlaakso: %s: %d hires (%s) from October, %d from January; with them max risk %.3f; "
          "one fewer: %s, last month over %s"
          % (team["team"], team["hires"], starts or "-", other["hires"], team["max_risk_with"],
             team.get("max_risk_one_fewer"), team.get("last_month_over_one_fewer")))
    if not team["reachable"]:
        bad += 1
        print("  no finite number of hires")
    if team["max_risk_with"] > october["risk"] + 1e-12:
        bad += 1
        print("  over the limit with the hires")
    if team["hires"] > 0 and (team["last_month_over_one_fewer"] is None
                              or team["last_month_over_one_fewer"] < february):
        bad += 1
        print("  one hire fewer does not break the limit from February 2024 on")
    if abs(team["hires"] - other["hires"]) > 1:
        bad += 1
        print("  October and January differ by more than one hire")
sys.exit(1 if bad else 0)
PY
checks=$((checks + 1))

echo "forecast_long: $checks checks, $failures failures"
[ "$failures" = 0 ]
