/* generate_internal.h - what the generator's files share (generate.c: the
 * options, the presets' tables and the driver; generate_county.c: building the
 * counties in memory; generate_instance.c: writing the instance; above them,
 * generate_history.c writes the monthly history). Not part of the library's
 * interface: include it from generate*.c only.
 *
 * Contract: a `struct generator` is filled once by generate_instance
 * (generate.c), then by generate_county_preset or generate_county_synthetic,
 * then streamed by generate_write_header and generate_write_children; everything but the children is held in memory, sized in advance
 * by the driver, so none of these functions allocates beyond what it says. Every
 * random draw goes through the one stream `generator.rng`, in a fixed order: moving
 * a draw changes the output bytes, which tests/same_plans.sh and test_generate.c
 * compare. */
#ifndef CASELOAD_GENERATE_INTERNAL_H
#define CASELOAD_GENERATE_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "base/random.h"
#include "generate/generate.h"

/* Everything random comes from splitmix64 (base/random.h) and plain IEEE arithmetic (no libm), so
 * the same options give the same bytes on every machine. A product is stored before
 * it is added to, so no compiler may fuse the two into one rounding (an FMA). */

enum gen_service { GEN_OPEN, GEN_SUBSTITUTE, GEN_AFTERCARE, GEN_SERVICE_COUNT };

/* Invented behavioural figures (instances/README.md lists them). */
#define AFTERCARE_TARGET 50     /* workload target of an aftercare team: adults are not capped */
#define MOVED_SHARE 0.01        /* open-care families kept by a worker of another area after a move */
#define SPLIT_SHARE 0.05        /* sibling groups whose children have two workers today */
#define LOCKED_SHARE 0.02       /* children who must keep their worker (e.g. a court case) */
#define CLOSED_SHARE 0.02       /* workers who take no new children */
#define NEWCOMER_SHARE 0.04     /* recently recruited workers: half a caseload, max_new set */
#define NEWCOMER_MAX_NEW 10     /* max_new of a recently recruited worker */
#define WORKER_SPREAD 0.06      /* spread of personal caseloads around the team's level */
#define STAFFING_SPREAD 0.15    /* spread of open-care staffing around population share */
#define DATE_LENGTH 10

/* Sizes the generator refuses beyond: far above national scale. */
#define MAX_COUNTIES 99
#define MAX_MUNICIPALITIES 99
#define MAX_TEAMS 30
#define MAX_WORKERS_PER_TEAM 100
#define MAX_FAMILY 5

/* --- Pseudo-random numbers ---------------------------------------------------- */

/* Uniform in [low, high). */
static inline double rng_between(struct random_splitmix *rng, double low, double high)
{
    double offset = (high - low) * random_splitmix_uniform(rng);
    return low + offset;
}

static inline bool rng_chance(struct random_splitmix *rng, double probability)
{
    return random_splitmix_uniform(rng) < probability;
}

/* About standard normal (Irwin-Hall of four uniforms), within [-3.46, 3.46]. */
static inline double rng_normal(struct random_splitmix *rng)
{
    double sum = 0;
    for (int i = 0; i < 4; i++)
        sum += random_splitmix_uniform(rng);
    return (sum - 2.0) * 1.7320508075688772;
}

/* An index 0..count-1 drawn with the given non-negative integer weights. */
static inline int rng_table(struct random_splitmix *rng, const int *weights, int count)
{
    int total = 0;
    for (int i = 0; i < count; i++)
        total += weights[i];
    int pick = random_splitmix_below(rng, total);
    for (int i = 0; i < count; i++) {
        if (pick < weights[i])
            return i;
        pick -= weights[i];
    }
    return count - 1;
}

/* --- Presets ----------------------------------------------------------------------- */

/* A municipality of a preset: public geography (population weights children). */
struct preset_municipality {
    const char *id;    /* name */
    double lat, lon;   /* WGS84 degrees, approximate centre */
    double population; /* inhabitants (older public figures) */
};

#define PRESET_AREA_MAX 8
#define PRESET_PART_TIME_MAX 3

/* A team of a preset and its staff. */
struct preset_team {
    const char *id;                          /* team id */
    enum gen_service service;                /* service the team serves */
    const char *office;                      /* office municipality */
    const char *area[PRESET_AREA_MAX];       /* area municipalities; none: the whole region */
    int full_time;                           /* full-time workers */
    double part_time[PRESET_PART_TIME_MAX];  /* FTE of each part-time worker; 0 ends the list */
    int leaving;                             /* full-time workers who are leaving */
};

/* A calibrated county: its tables and the client counts it must hit exactly. */
struct preset {
    const char *key;                                   /* --preset name */
    const char *name;                                  /* instance name */
    const char *date;                                  /* plan date */
    const struct preset_municipality *municipalities;  /* municipality table */
    int municipality_count;                            /* rows of the table */
    const struct preset_team *teams;                   /* team table */
    int team_count;                                    /* rows of the table */
    long children[GEN_SERVICE_COUNT];                  /* clients per service, all ages */
    long open_care_aftercare_minors;                   /* of children[GEN_OPEN]: 16-17-year-olds in aftercare */
    double siblings;                                   /* share of children with a sibling among the clients */
    double adults;                                     /* share of aftercare clients who are adults */
    double intake;                                     /* share of families without a worker */
    bool within_cap;                                   /* no worker over the cap today */
};

/* Centres of the 21 wellbeing services counties for synthetic counties: latitude,
 * longitude, km per degree of longitude there, and how far municipalities spread. */
struct county_centre {
    double lat, lon;     /* WGS84 degrees of the main town */
    double km_per_lon;   /* 111.32 * cos(lat), precomputed to keep libm out */
    double radius;       /* km from the centre to the farthest municipality */
};

/* generate_county_centres[COUNTY_CENTRE_COUNT], in generate_county.c; synthetic county k
 * takes centre k modulo the count. */
#define COUNTY_CENTRE_COUNT 21
extern const struct county_centre generate_county_centres[COUNTY_CENTRE_COUNT];

/* --- Generator state -------------------------------------------------------------- */

struct gen_municipality {
    char id[32];   /* name */
    double lat;    /* WGS84 degrees */
    double lon;    /* WGS84 degrees */
    double weight; /* relative number of client families living there */
};

struct gen_team {
    char id[40];              /* team id */
    enum gen_service service; /* service */
    int county;               /* county index */
    int office;               /* municipality index of the office */
    bool area_all;            /* no area written: the whole region */
    int area_first;           /* first entry of the area in the area pool */
    int area_count;           /* entries of the area */
    int target;               /* team target, 0 when the rules' target applies */
    int max_hires;            /* hires the team may open (--hiring-teams) */
    double load;              /* open-care load factor of the team under --load-spread */
    int first_worker;         /* index of the team's first worker */
    int worker_count;         /* workers of the team */
    double fte;               /* sum of the workers' FTE */
    int clients;              /* current clients so far */
};

struct gen_worker {
    int team;         /* team index */
    double fte;       /* full-time equivalent */
    int cap;          /* legal cap floor(cap * fte) */
    bool leaving;     /* leaving: keeps no child in a plan */
    bool accepts_new; /* takes new children */
    int max_new;      /* limit on children received, 0 when none */
    double share;     /* relative caseload this worker carries today */
    int clients;      /* current clients so far */
    int counted;      /* current counted (minor) clients so far */
};

struct generator {
    struct random_splitmix rng;              /* the one random stream */
    const struct preset *preset;             /* calibrated county, or NULL */
    const struct generate_options *options;  /* what to generate */
    int date_index;                          /* plan date as year * 12 + month - 1 */
    const char *date;                        /* plan date text */
    int cap;                                 /* legal cap on the plan date */
    bool within_cap;                         /* keep every worker within the cap today */
    int counties;                            /* county count */
    int *county_first;                       /* first municipality of each county, plus an end mark */
    struct gen_municipality *municipalities; /* all municipalities */
    int municipality_count;                  /* municipalities filled */
    int *area_pool;                          /* municipality indices of all team areas */
    int area_pool_count;                     /* entries filled */
    struct gen_team *teams;                  /* all teams */
    int team_count;                          /* teams filled */
    struct gen_worker *workers;              /* all workers */
    int worker_count;                        /* workers filled */
    long children;                           /* children written */
    long families;                           /* families written */
    int only_team;                           /* >= 0: generate_write_children draws for this team only */
    FILE *out;                               /* destination */
};

/* A municipality around the county centre, sorted by angle for the team areas. */
struct around {
    double angle; /* pseudo-angle around the centre */
    int index;    /* municipality index */
};

/* What kind of clients a run of generate_write_children makes. */
enum client_kind {
    KIND_CHILD,           /* open or substitute care, 0-17, in sibling groups */
    KIND_AFTERCARE_MINOR, /* 16-17-year-old in aftercare, served by open care */
    KIND_AFTERCARE        /* aftercare client: adult by the options' share, else 16-17 */
};

/* --- Building the counties (generate_county.c) ------------------------------------ */

/* Fill g's municipalities, teams and workers from g->preset's tables (drawing the
 * municipalities' weights and which workers leave). False with a message in
 * `error` when a team names a municipality the preset lacks (a table error). */
bool generate_county_preset(struct generator *g, char *error, size_t size);

/* Append the municipalities, teams and workers of synthetic county `county`, as
 * g->options ask. `around` holds room for the county's municipalities and
 * `staffing` for its open-care teams (scratch, owned by the caller). False only
 * when out of memory; g then holds a partial county, which generator_free frees. */
bool generate_county_synthetic(struct generator *g, int county, struct around *around,
                               double *staffing);

/* Clients of `service` in synthetic county `county`, from its staff and the load. */
long generate_county_clients(const struct generator *g, int county, enum gen_service service);

/* --- Writing (generate_instance.c) ---------------------------------------------------- */

/* Write the instance's opening: format, name, date, rules, municipalities (and
 * distances under --distances), teams and workers, up to the opening of the
 * children array. Write errors are left for the caller's fflush and ferror. */
void generate_write_header(struct generator *g, const char *name);

/* Write `count` clients of `service` in county `county`, family by family, drawing
 * their team, worker, ages and siblings; `adults` is the share of aftercare
 * clients who are adults (KIND_AFTERCARE). Updates the teams' and workers' client
 * counts and g->children, g->families. Cannot fail (write errors as above). */
void generate_write_children(struct generator *g, int county, enum gen_service service,
                             enum client_kind kind, long count, double adults);

/* Open care of county `county` under --load-spread, team by team (see the body). */
void generate_write_strained_open_care(struct generator *g, int county);

#endif
