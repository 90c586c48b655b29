/* caseload.mod - assigning child-welfare clients to social workers (DESIGN.md §2)
 *
 * The readable reference model. It reads the RAW instance (as written by
 * `caseload export INSTANCE --dat F`) and derives everything itself: counted
 * children, caps, targets, road distances, eligibility and hires. It is an
 * independent check of the C model:
 *
 *     caseload export INSTANCE --dat data.dat
 *     glpsol -m models/caseload.mod -d data.dat
 *
 * After the solve it prints one line per objective term and the objective,
 *     TERM unassigned 0
 *     ...
 *     OBJECTIVE 1234.5
 * re-scored from the assignment x alone, so the amounts do not depend on how the
 * solver left the auxiliary variables.
 *
 * Notation. C children, W workers, T teams, M municipalities, A assignees (the
 * workers that are not leaving and the possible hires h(t,k), k = 1..H(t)),
 * E ⊆ C × A the eligible pairs, G the sibling groups (family, service).
 *
 *   κ(c)    = 1 when c is under 18 on the plan date (no birth month: 1)
 *   cap(a)  = floor(cap · φ(a) + 1e-9),  tgt(a) = floor(target(t(a)) · φ(a) + 1e-9)
 *   ρ(w)    = cap / max(1, cap(w))       (the share of worker w: 1.25 at 0.8 FTE)
 *   d(a,b)  = table km (either direction), else 0 when a = b,
 *             else road_factor · haversine(a, b) with R = 6371.0 km
 *
 *   minimise  100000 Σ u + 1000 Σ o + 20 Σ_w ρ(w) o[w] (o[w] + 1) / 2
 *             + 300 Σ y + 10 moves + 20 cross_team
 *             + 30 Σ s + 2 Σ e + 0.1 Σ d·x          (weights from the data)
 *
 *   The overload Σ_w ρ(w) o[w] (o[w] + 1) / 2 (the k-th child above cap(w) costs
 *   k ρ(w)) is convex in o[w], so it is exact as tiers: o[w] = Σ_k δ[w,k],
 *   0 ≤ δ[w,k] ≤ 1, tier k costing k ρ(w); the LP fills the cheaper tiers first.
 *
 *   (1) Σ_a x[c,a] + u[c] = 1                                  c ∈ C
 *   (2) Σ_c κ(c) x[c,w] ≤ cap(w) + o[w]                        w worker
 *       Σ_c κ(c) x[c,h] ≤ cap · y[h],   x[c,h] ≤ y[h]          h hire
 *   (3) Σ_c ω(c) x[c,a] ≤ tgt(a) + e[a]                        a ∈ A
 *   (4) x[c,a] ≤ z[g(c),a];  soft: s[g] ≥ Σ_a z[g,a] − 1,
 *                            hard: Σ_a z[g,a] ≤ 1              g ∈ G
 *   (5) Σ_{c: cur(c) ≠ w} x[c,w] ≤ max_new(w)                  w with max_new
 *   (6) y[h(t,k)] ≥ y[h(t,k+1)]                                t ∈ T, k < H(t)
 *   (7) o[w] = Σ_k δ[w,k]                                      w worker
 *       u[c] = 0                                               c locked
 *
 * A locked child is never unassigned, whatever the weights. "Locked" here is the
 * file's lock and also the move policy's hold (DESIGN.md §2, Moves: rules.moves
 * "law" or "intake" treat children as locked): `caseload export` writes both as
 * locked[c] = 1, and a lock whose worker leaves is released before export.
 *
 * A move is a child with a current worker that is given to another assignee (an
 * unassigned child is not a move); cross_team is paid per assigned pair whose
 * child lives outside the area of the assignee's team. */

/* ---------------------------------------------------------------- data ---- */

set SERVICES := {"avohuolto", "sijaishuolto", "jalkihuolto"};
/* the three child-welfare services: open care, substitute care, aftercare */

set TERMS := {"unassigned", "over_cap", "overload", "hire", "move", "cross_team",
              "family_split", "above_target", "km"};
/* the objective terms, in the order of DESIGN.md §2 */

param plan_year, integer, >= 1900, <= 9999;
/* year of the plan date */
param plan_month, integer, >= 1, <= 12;
/* month of the plan date */
param plan_day, integer, >= 1, <= 31;
/* day of the plan date (κ depends only on year and month) */

param cap, integer, >= 0;
/* legal cap for one full-time worker, already resolved from the date */
param target, >= 0;
/* soft workload target for one full-time worker (rules.target) */
param road_factor, > 0;
/* great-circle km times this = road km */
param cross_team, binary;
/* 1: accepting workers may take children from outside their team's area */
param family_hard, binary;
/* 1: the children of a family and service share one assignee */
param term_weight{TERMS}, >= 0;
/* objective weight of each term */

set M;
/* municipalities */
param lat{M}, >= -90, <= 90;
/* latitude of the municipality, degrees */
param lon{M}, >= -180, <= 180;
/* longitude of the municipality, degrees */

set DT within M cross M;
/* pairs (from, to) of the instance's distance table, as given */
param table_km{DT}, >= 0;
/* road km of a table pair; the table is symmetric */
check{(a, b) in DT: (b, a) in DT}: table_km[a, b] = table_km[b, a];

set T;
/* teams */
param team_service{T}, symbolic, in SERVICES;
/* service of the team */
param office{T}, symbolic, in M;
/* municipality of the team's office */
param area_all{T}, binary;
/* 1: the team has no area and covers the whole region */
set AREA within T cross M;
/* (t, m): municipality m is in the area of team t */
check{(t, m) in AREA}: not area_all[t];
param max_hires{T}, integer, >= 0;
/* H(t): how many new workers team t may open */
param has_team_target{T}, binary;
/* 1: the team sets its own target */
param team_target{t in T: has_team_target[t]}, >= 0;
/* the team's own target */

set W;
/* workers, leaving ones included */
param team{W}, symbolic, in T;
/* team of the worker */
param fte{W}, > 0, <= 1;
/* φ(w): full-time equivalent */
param accepts_new{W}, binary;
/* 0: keeps its current children, receives none */
param leaving{W}, binary;
/* 1: leaves, keeps no child */
param has_max_new{W}, binary;
/* 1: the worker has a limit on children received */
param max_new{w in W: has_max_new[w]}, integer, >= 0;
/* the limit on children received */

set C;
/* children (clients) */
param family{C}, symbolic;
/* family of the child (its own id when it has none) */
param service{C}, symbolic, in SERVICES;
/* service the child is a client of */
param home{C}, symbolic, in M;
/* home municipality of the child */
param has_born{C}, binary;
/* 1: the birth month is known */
param born_year{c in C: has_born[c]}, integer, >= 1900, <= 9999;
/* birth year */
param born_month{c in C: has_born[c]}, integer, >= 1, <= 12;
/* birth month */
param has_worker{C}, binary;
/* 1: the child has a current worker */
param cur{c in C: has_worker[c]}, symbolic, in W;
/* cur(c): the current worker */
param weight{C}, >= 0;
/* ω(c): workload weight */
param locked{C}, binary;
/* 1: the child must keep its current worker (locked by the file or held by rules.moves) */
check{c in C: locked[c]}: has_worker[c] and not leaving[cur[c]];

/* ---------------------------------------------------------- derived ---- */

param counted{c in C}, binary :=
    if not has_born[c] then 1
    else if plan_year * 12 + plan_month < (born_year[c] + 18) * 12 + born_month[c]
    then 1 else 0;
/* κ(c): under 18 on the plan date, i.e. the date is before the first day of
   the birth month 18 years later */

param pi := 4 * atan(1);
param radian := pi / 180;
/* degrees to radians */
set OFFICES := setof{t in T} office[t];
/* municipalities with an office: the only sources of distances needed */
param haversine{o in OFFICES, m in M} :=
    sin((lat[m] - lat[o]) * radian / 2) ^ 2
    + cos(lat[o] * radian) * cos(lat[m] * radian)
      * sin((lon[m] - lon[o]) * radian / 2) ^ 2;
/* the haversine of the central angle between office o and home m */
param road{o in OFFICES, m in M}, >= 0 :=
    if (o, m) in DT then table_km[o, m]
    else if (m, o) in DT then table_km[m, o]
    else if o = m then 0
    else road_factor * 2 * 6371.0
         * atan(sqrt(haversine[o, m]), sqrt(1 - haversine[o, m]));
/* d(o, m): road km from an office to a home */

param covers{t in T, m in M}, binary :=
    if area_all[t] or (t, m) in AREA then 1 else 0;
/* m ∈ A(t) */

set H dimen 2 := setof{t in T, k in 1..max_hires[t]} (t, k);
/* hire slots h(t,k) */
param hire_id{(t, k) in H}, symbolic := t & "/hire-" & k;
/* the name of hire h(t,k), as the program writes it */
check{(t, k) in H}: hire_id[t, k] not in W;

set TA dimen 2 :=
    setof{w in W: not leaving[w]} (w, team[w])
    union setof{(t, k) in H} (hire_id[t, k], t);
/* (a, t): assignee a (worker not leaving, or hire) and its team t */
set A := setof{(a, t) in TA} a;
/* assignees */
param is_hire{a in A}, binary := if a in W then 0 else 1;
/* 1: a is a hire, not a worker */
param accepting{a in A}, binary := if is_hire[a] then 1 else accepts_new[a];
/* 1: may receive children (a hire always may) */
param a_fte{a in A}, > 0, <= 1 := if is_hire[a] then 1 else fte[a];
/* φ(a): a hire is full time */
param a_cap{(a, t) in TA}, integer, >= 0 := floor(cap * a_fte[a] + 1e-9);
/* cap(a) */
param a_target{(a, t) in TA}, integer, >= 0 :=
    floor((if has_team_target[t] then team_target[t] else target) * a_fte[a] + 1e-9);
/* tgt(a) */

param share{(a, t) in TA} := if is_hire[a] then 0 else cap / max(1, a_cap[a, t]);
/* ρ(w): the price of one tier of overload (a hire has no overflow) */

param keeps{c in C, a in A}, binary :=
    if has_worker[c] and cur[c] = a then 1 else 0;
/* 1: a is the child's current worker */

set E3 dimen 3 := {c in C, (a, t) in TA:
    service[c] = team_service[t]
    and (keeps[c, a]
         or (not locked[c] and accepting[a]
             and (covers[t, home[c]] or cross_team)))};
/* (c, a, t): child c may be given to assignee a of team t */
set E dimen 2 := setof{(c, a, t) in E3} (c, a);
/* eligible pairs */

param pair_km{(c, a, t) in E3}, >= 0 := road[office[t], home[c]];
/* distance of the pair: office of the team to the child's home */
param pair_cross{(c, a, t) in E3}, binary := 1 - covers[t, home[c]];
/* 1: the home is outside the team's area */
param pair_move{(c, a, t) in E3}, binary :=
    if has_worker[c] and not keeps[c, a] then 1 else 0;
/* 1: the child leaves its current worker */

param tiers{(a, t) in TA}, integer, >= 0 :=
    if is_hire[a] then 0
    else max(0, sum{(c, a, t) in E3} counted[c] - a_cap[a, t]);
/* the most children worker a could have above its cap: one tier each */

set G dimen 2 := setof{c in C} (family[c], service[c]);
/* sibling groups: (family, service) */
set GZ dimen 3 := setof{(c, a) in E} (family[c], service[c], a);
/* (f, s, a): assignee a may serve some child of group (f, s) */

/* -------------------------------------------------------- variables ---- */

var x{E}, binary;
/* x[c,a] = 1: child c is given to assignee a */
var u{C}, binary;
/* u[c] = 1: child c is left without a worker */
var over{(a, t) in TA: not is_hire[a]}, integer, >= 0;
/* o[w]: counted children above the legal cap of worker w */
var tier{(a, t) in TA, k in 1..tiers[a, t]}, >= 0, <= 1;
/* δ[w,k]: the k-th child above the cap of worker w (filled in order) */
var above{TA}, >= 0;
/* e[a]: workload above the target of assignee a */
var y{H}, binary;
/* y[t,k] = 1: hire h(t,k) is opened */
var z{GZ}, binary;
/* z[f,s,a] = 1: assignee a serves some child of group (f, s) */
var split{G}, >= 0;
/* s[f,s]: distinct assignees of the group minus one */

/* -------------------------------------------------------- objective ---- */

minimize total_cost:
    term_weight["unassigned"] * sum{c in C} u[c]
  + term_weight["over_cap"] * sum{(a, t) in TA: not is_hire[a]} over[a, t]
  + term_weight["overload"] * sum{(a, t) in TA, k in 1..tiers[a, t]} k * share[a, t] * tier[a, t, k]
  + term_weight["hire"] * sum{(t, k) in H} y[t, k]
  + term_weight["move"] * sum{(c, a, t) in E3: pair_move[c, a, t]} x[c, a]
  + term_weight["cross_team"] * sum{(c, a, t) in E3: pair_cross[c, a, t]} x[c, a]
  + term_weight["family_split"] * sum{(f, s) in G} split[f, s]
  + term_weight["above_target"] * sum{(a, t) in TA} above[a, t]
  + term_weight["km"] * sum{(c, a, t) in E3} pair_km[c, a, t] * x[c, a];

/* ------------------------------------------------------ constraints ---- */

s.t. one_worker{c in C}:
    sum{a in A: (c, a) in E} x[c, a] + u[c] = 1;
/* (1) every child gets exactly one worker or is counted unassigned */

s.t. legal_cap{(w, t) in TA: not is_hire[w]}:
    sum{c in C: (c, w) in E} counted[c] * x[c, w] <= a_cap[w, t] + over[w, t];
/* (2) legal cap of a worker; children above it are paid for */

s.t. overload_tiers{(w, t) in TA: not is_hire[w]}:
    over[w, t] = sum{k in 1..tiers[w, t]} tier[w, t, k];
/* (7) the children above the cap of a worker, tier by tier */

s.t. locked_kept{c in C: locked[c]}:
    u[c] = 0;
/* (7) a locked child is never unassigned */

s.t. hire_cap{(t, k) in H}:
    sum{c in C: (c, hire_id[t, k]) in E} counted[c] * x[c, hire_id[t, k]]
        <= cap * y[t, k];
/* (2) legal cap of a hire, no overflow; zero while not opened */

s.t. hire_open{(t, k) in H, c in C: (c, hire_id[t, k]) in E}:
    x[c, hire_id[t, k]] <= y[t, k];
/* (2) only an opened hire takes children */

s.t. workload_target{(a, t) in TA}:
    sum{c in C: (c, a) in E} weight[c] * x[c, a] <= a_target[a, t] + above[a, t];
/* (3) workload above the soft target is paid for */

s.t. group_uses{(c, a) in E}:
    x[c, a] <= z[family[c], service[c], a];
/* (4) an assignee of a child serves the child's sibling group */

s.t. siblings_soft{(f, s) in G: not family_hard}:
    split[f, s] >= sum{a in A: (f, s, a) in GZ} z[f, s, a] - 1;
/* (4) soft: every assignee beyond the first is a split */

s.t. siblings_hard{(f, s) in G: family_hard}:
    sum{a in A: (f, s, a) in GZ} z[f, s, a] <= 1;
/* (4) hard: siblings share at most one assignee */

s.t. intake_limit{(w, t) in TA: not is_hire[w] and has_max_new[w]}:
    sum{c in C: (c, w) in E and not keeps[c, w]} x[c, w] <= max_new[w];
/* (5) children received by a worker with a limit */

s.t. hire_order{(t, k) in H: k < max_hires[t]}:
    y[t, k] >= y[t, k + 1];
/* (6) hires of a team are opened in order */

solve;

/* ------------------------------------------------- report, re-scored ---- */

param X{(c, a) in E}, binary := if x[c, a] > 0.5 then 1 else 0;
/* the assignment, rounded */
param served{a in A} := sum{c in C: (c, a) in E} X[c, a];
/* children given to a; a hire is opened when it serves one */
param load_counted{a in A} := sum{c in C: (c, a) in E} counted[c] * X[c, a];
/* counted children of a in the plan */
param load_weight{a in A} := sum{c in C: (c, a) in E} weight[c] * X[c, a];
/* workload of a in the plan */
set KIDS{(f, s) in G} := {c in C: family[c] = f and service[c] = s};
/* the children of a sibling group */
param uses{(f, s, a) in GZ}, binary := max{c in KIDS[f, s]: (c, a) in E} X[c, a];
/* 1: assignee a serves some child of group (f, s) in the plan */

param amount{i in TERMS} :=
    if i = "unassigned" then
        sum{c in C} (1 - sum{a in A: (c, a) in E} X[c, a])
    else if i = "over_cap" then
        sum{(a, t) in TA: not is_hire[a]} max(0, load_counted[a] - a_cap[a, t])
    else if i = "overload" then
        sum{(a, t) in TA: not is_hire[a]} share[a, t] * max(0, load_counted[a] - a_cap[a, t])
            * (max(0, load_counted[a] - a_cap[a, t]) + 1) / 2
    else if i = "hire" then
        card({(t, k) in H: served[hire_id[t, k]] > 0})
    else if i = "move" then
        sum{(c, a, t) in E3: pair_move[c, a, t]} X[c, a]
    else if i = "cross_team" then
        sum{(c, a, t) in E3: pair_cross[c, a, t]} X[c, a]
    else if i = "family_split" then
        sum{(f, s) in G} max(0, sum{a in A: (f, s, a) in GZ} uses[f, s, a] - 1)
    else if i = "above_target" then
        sum{(a, t) in TA} max(0, load_weight[a] - a_target[a, t])
    else
        sum{(c, a, t) in E3} pair_km[c, a, t] * X[c, a];
/* raw amount of each term in the plan */

printf{i in TERMS} "TERM %s %.17g\n", i, amount[i];
printf "OBJECTIVE %.17g\n", sum{i in TERMS} term_weight[i] * amount[i];
printf "SOLVER_OBJECTIVE %.17g\n", total_cost;

end;
