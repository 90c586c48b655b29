/* instance.h - a validated caseload-instance/1 as plain C structs, and the rules of
 * DESIGN.md §2 that follow from the data alone (caps, targets, counted children,
 * distances, eligibility). This header holds no JSON: the readers (json_scan.c,
 * reader.c, instance_read.c, declared for scenario.c in instance_json.h) turn a
 * document into these structs, and the other modules that read JSON (scenario,
 * plan_read, forecast, spreadsheet) use cJSON for their own formats. */
#ifndef CASELOAD_INSTANCE_H
#define CASELOAD_INSTANCE_H

#include <stdbool.h>
#include <stdio.h>

#include "base/common.h"
#include "base/date.h"

/* The three child-welfare services. A worker serves only children of its team's
 * service. avohuolto = open care, sijaishuolto = substitute (foster) care,
 * jalkihuolto = aftercare (after substitute care; clients up to 25). */
enum service { SERVICE_AVOHUOLTO, SERVICE_SIJAISHUOLTO, SERVICE_JALKIHUOLTO, SERVICE_COUNT };

/* Siblings: soft (splits cost family_split) or hard (one worker per family and service). */
enum family_rule { FAMILY_SOFT, FAMILY_HARD };

/* Who may move (DESIGN.md §2, Moves): every child (all, the default); children
 * without a worker and the children of workers over the cap (law); only children
 * without a worker (intake). A child the policy keeps is treated as locked. */
enum move_policy { MOVES_ALL, MOVES_LAW, MOVES_INTAKE, MOVES_COUNT };

/* The objective terms of DESIGN.md §2 in the contract's order. */
enum term {
    TERM_UNASSIGNED,   /* children without a worker */
    TERM_OVER_CAP,     /* counted children above the legal cap, summed over workers */
    TERM_OVERLOAD,     /* Σ_w ρ(w)·o[w]·(o[w]+1)/2: the k-th child above cap(w) costs k·ρ(w) */
    TERM_HIRE,         /* hires opened */
    TERM_MOVE,         /* children with a current worker given to another worker or a hire */
    TERM_CROSS_TEAM,   /* children served by a team whose area does not hold their home */
    TERM_FAMILY_SPLIT, /* per family and service: distinct workers - 1 */
    TERM_ABOVE_TARGET, /* workload above the soft target, summed over workers and hires */
    TERM_KM,           /* kilometres office -> home, summed over assigned children */
    TERM_COUNT
};

/* The JSON key of a term ("over_cap" ...) and its default weight. */
const char *instance_term_name(enum term term);
double instance_term_default_weight(enum term term);
/* The JSON name of a service ("avohuolto" ...). */
const char *instance_service_name(enum service service);

struct rules {
    int cap;                    /* legal cap for one full-time worker, resolved from the date when absent */
    bool cap_given;             /* rules.cap was in the file */
    double target;              /* soft workload target for one full-time worker (default 27) */
    double road_factor;         /* great-circle km times this = road km (default 1.3) */
    bool cross_team;            /* children may be given to teams whose area lacks their home */
    enum family_rule family;    /* siblings soft (default) or hard */
    enum move_policy moves;     /* who may move (default all) */
    double weights[TERM_COUNT]; /* objective weights, defaults overridden by rules.weights */
};

struct municipality {
    char *id;        /* name, e.g. "Jyväskylä" */
    double lat, lon; /* WGS84 degrees */
};

struct team {
    char *id;
    enum service service;
    int office;        /* municipality index of the office */
    bool area_all;     /* no area given: the whole region */
    int *area;         /* municipality indices of the area, sorted, no duplicates (NULL when area_all) */
    int area_count;
    int max_hires;     /* H(t), default 0 */
    bool max_hires_given; /* max_hires was given (by the instance or a scenario) */
    bool removed;      /* removed by a scenario: kept only for its leaving workers, serves no one */
    bool target_given; /* the team sets its own target */
    double target;     /* the team's target when target_given */
};

struct worker {
    char *id;
    int team;         /* team index */
    double fte;       /* in (0, 1] */
    bool accepts_new; /* default true */
    bool leaving;     /* default false: a leaving worker keeps no child */
    int max_new;      /* limit on children received, -1 when none */
    /* Internal, never read from or written to a file (0 in every parsed instance):
     * the forecast's monthly placement (forecast.c, step 5) gives each worker of its
     * derived instance the overload price of the worker it stands for. */
    double share;     /* ρ(w) when > 0, else cap / max(1, cap(w)) */
    int carried;      /* children above its cap carried outside the instance: the
                       * overload tiers start at carried + 1 */
};

struct child {
    char *id;
    int family;       /* family index; a child without a family has a family of its own */
    enum service service;
    int municipality; /* home municipality index */
    bool born_given;
    int born_year, born_month; /* birth month when born_given */
    int worker;       /* current worker index, -1 for new intake */
    double weight;    /* workload weight ω, default 1 */
    bool locked;      /* must keep the current worker (the file's lock, or held) */
    bool held;        /* locked only by the move policy (instance_hold_for_moves), not by the file */
    bool released;    /* the file locked it to a worker who leaves: movable, with a warning */
    bool release_noted; /* instance_note_released has named it */
};

/* One row of the instance's distance table (symmetric, used as is). */
struct distance_entry {
    int from, to; /* municipality indices */
    double km;
};

struct family {
    char *id; /* the family id of the file, or the child's id for a child without one */
};

/* A validated instance. Every index points into the arrays of the same instance. */
struct instance {
    char *name;
    struct date date;
    struct rules rules;
    struct municipality *municipalities;
    int municipality_count;
    struct team *teams;
    int team_count;
    struct worker *workers;
    int worker_count;
    struct child *children;
    int child_count;
    struct family *families;
    int family_count;
    struct distance_entry *distance_table; /* the file's distances, as given */
    int distance_table_count;
    /* municipality_count x municipality_count road km, row-major, already resolved
     * from the distance table or coordinates: distance[a * municipality_count + b]. */
    double *distance;
};

/* Parse and validate a caseload-instance/1 document. `text` is the file content
 * (a UTF-8 BOM is accepted), `length` its size. On success returns a new instance
 * the caller frees with instance_free. On failure returns NULL with every error in
 * `diag` (diag->count > 0), or with diag->count == 0 when memory ran out. */
struct instance *instance_parse(const char *text, size_t length, struct diag *diag);

/* Read the file `path` ("-" is standard input) and parse it as above. An
 * unreadable file is reported in `diag` with an empty path. */
struct instance *instance_load(const char *path, struct diag *diag);

/* Free an instance; NULL is fine. */
void instance_free(struct instance *instance);

/* Index of the worker, team or municipality with this id, or -1. */
int instance_find_worker(const struct instance *instance, const char *id);
int instance_find_team(const struct instance *instance, const char *id);
int instance_find_municipality(const struct instance *instance, const char *id);

/* Resolve derived data after the instance was changed in memory (a scenario):
 * rules.cap from the date when not given, and the distance matrix. Returns false
 * only when memory runs out. instance_parse calls it itself. */
bool instance_resolve(struct instance *instance);

/* --- Rules of DESIGN.md §2 that follow from the data ------------------------ */

/* cap(w) = floor(cap * fte + 1e-9). */
int instance_worker_cap(const struct instance *instance, int worker);
/* ρ(w) = cap / max(1, cap(w)): the price of one tier of overload of worker w
 * (workers[w].share instead when it is > 0). */
double instance_worker_share(const struct instance *instance, int worker);
/* Overload of a worker with `over` children above its cap: ρ(w)·over·(over+1)/2
 * (0 when over <= 0). With b = workers[w].carried > 0 its tiers are b+1 .. b+over:
 * ρ(w)·over·(over+2b+1)/2, which is b = 0's formula in every parsed instance. */
double instance_worker_overload(const struct instance *instance, int worker, int over);
/* tgt(w) = floor(target * fte + 1e-9), target = team target else rules.target. */
int instance_worker_target(const struct instance *instance, int worker);
/* κ(c): 1 when the child is under 18 on the plan date (no birth month: counted). */
bool instance_child_counted(const struct instance *instance, int child);
/* Road km between two municipalities. */
double instance_distance(const struct instance *instance, int from, int to);
/* m ∈ A(t) (always true for a team without an area). */
bool instance_team_covers(const struct instance *instance, int team, int municipality);

/* Hires: team t may open max_hires new workers. They are numbered over the whole
 * instance in team order: hire h of team t, k = 1..max_hires. */
int instance_hire_count(const struct instance *instance);
/* Team index and number k (1-based) of hire h in 0..instance_hire_count-1. */
void instance_hire_slot(const struct instance *instance, int hire, int *team, int *k);

/* An assignee is a worker (0..worker_count-1) or a hire (worker_count + h). */
int instance_assignee_count(const struct instance *instance);
int instance_assignee_team(const struct instance *instance, int assignee);
int instance_assignee_cap(const struct instance *instance, int assignee);
int instance_assignee_target(const struct instance *instance, int assignee);
/* The id of an assignee: a worker's id, or "TEAM/hire-K" for a hire, written into
 * buffer (size bytes). Returns buffer. */
const char *instance_assignee_id(const struct instance *instance, int assignee, char *buffer,
                                 size_t size);

/* (c, a) ∈ E: may child c be given to assignee a (DESIGN.md §2 "Eligible pairs")? */
bool instance_eligible(const struct instance *instance, int child, int assignee);
/* Does serving child c by assignee a pay cross_team (home outside the team's area)? */
bool instance_cross_team(const struct instance *instance, int child, int assignee);
/* Road km of the pair: office of the assignee's team to the child's home. */
double instance_pair_km(const struct instance *instance, int child, int assignee);

/* The JSON name of a move policy ("all", "law", "intake"), and the policy of a
 * name (MOVES_COUNT when `name` is none of them). */
const char *instance_moves_name(enum move_policy policy);
enum move_policy instance_moves_from_name(const char *name);
/* The policy in words, for the summary and the report ("only children without a
 * worker are placed"). */
const char *instance_moves_words(enum move_policy policy);

/* Apply instance->rules.moves: every child the policy keeps with its staying
 * worker is locked to it (held = true); under "law" a worker is over the cap
 * when its counted children of the current assignment exceed cap(w). Call once,
 * after any scenario and before planning; a second call changes nothing. Returns
 * the number of children held, or -1 (nothing changed) when memory runs out. */
int instance_hold_for_moves(struct instance *instance);

/* One warning in `notes` naming the children whose lock was released because
 * their worker leaves (child->released) and that no earlier call named: "C000594
 * was locked to W0045, who leaves; it gets a new worker". Nothing when there are
 * none. `file` (NULL: none) names the file the warning is about. Marks them
 * named; returns their number. */
int instance_note_released(struct instance *instance, const char *file, struct diag *notes);

/* The rules of an instance before its "rules" are read: the defaults of DESIGN.md §3. */
void instance_default_rules(struct rules *rules);

#endif
