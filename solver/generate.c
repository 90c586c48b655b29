/* generate.c - the instance generator: synthetic counties and calibrated presets, streamed as caseload-instance/1 JSON. */
#include "generate.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "forecast.h"
#include "instance.h"
#include "text.h"

/* Everything random comes from splitmix64 and plain IEEE arithmetic (no libm), so
 * the same options give the same bytes on every machine. A product is stored before
 * it is added to, so no compiler may fuse the two into one rounding (an FMA). */

enum gen_service { GEN_OPEN, GEN_SUBSTITUTE, GEN_AFTERCARE, GEN_SERVICE_COUNT };
static const char *const service_names[GEN_SERVICE_COUNT] = {"avohuolto", "sijaishuolto",
                                                             "jalkihuolto"};

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

struct rng {
    uint64_t state; /* splitmix64 state */
};

static uint64_t rng_next(struct rng *rng)
{
    uint64_t z = (rng->state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static double rng_uniform(struct rng *rng)
{
    return (double)(rng_next(rng) >> 11) * (1.0 / 9007199254740992.0);
}

/* Uniform in [low, high). */
static double rng_between(struct rng *rng, double low, double high)
{
    double offset = (high - low) * rng_uniform(rng);
    return low + offset;
}

/* Uniform integer in 0..n-1 (n >= 1). */
static int rng_below(struct rng *rng, int n)
{
    return (int)(((rng_next(rng) >> 32) * (uint64_t)n) >> 32);
}

static bool rng_chance(struct rng *rng, double probability)
{
    return rng_uniform(rng) < probability;
}

/* About standard normal (Irwin-Hall of four uniforms), within [-3.46, 3.46]. */
static double rng_normal(struct rng *rng)
{
    double sum = 0;
    for (int i = 0; i < 4; i++)
        sum += rng_uniform(rng);
    return (sum - 2.0) * 1.7320508075688772;
}

/* An index 0..count-1 drawn with the given non-negative integer weights. */
static int rng_table(struct rng *rng, const int *weights, int count)
{
    int total = 0;
    for (int i = 0; i < count; i++)
        total += weights[i];
    int pick = rng_below(rng, total);
    for (int i = 0; i < count; i++) {
        if (pick < weights[i])
            return i;
        pick -= weights[i];
    }
    return count - 1;
}

/* --- Reference tables ----------------------------------------------------------- */

/* Relative frequency of each age among clients (invented shapes: open care leans to
 * teenagers; aftercare clients are 18-24, most in the first years). */
static const int open_care_ages[18] = {4, 4, 4, 4, 5, 5, 5, 5, 5, 6, 6, 6, 7, 7, 8, 8, 8, 8};
static const int substitute_care_ages[18] = {3, 3, 3, 4, 4, 4, 5, 5, 5, 5, 6, 6, 6, 7, 7, 7, 8, 8};
static const int adult_aftercare_ages[7] = {10, 10, 9, 7, 5, 4, 3}; /* ages 18..24 */
static const int minor_aftercare_ages[2] = {1, 2};                  /* ages 16..17 */
/* Sizes 2..5 of a sibling group (mean 2.67). */
static const int sibling_group_sizes[4] = {55, 28, 12, 5};
#define SIBLING_GROUP_MEAN 2.67

/* A municipality of a preset: public geography (population weights children). */
struct preset_municipality {
    const char *id;    /* name */
    double lat, lon;   /* WGS84 degrees, approximate centre */
    double population; /* inhabitants (older public figures) */
};

/* The 22 municipalities of Keski-Suomi (instances/keski-suomi-municipalities.csv). */
static const struct preset_municipality keski_suomi_municipalities[] = {
    {"Jyväskylä", 62.2405, 25.7513, 138850}, {"Jämsä", 61.8650, 25.1767, 21259},
    {"Äänekoski", 62.6170, 25.6843, 19374},  {"Laukaa", 62.4174, 25.9469, 18970},
    {"Keuruu", 62.2595, 24.6961, 9992},      {"Muurame", 62.1353, 25.6691, 9941},
    {"Saarijärvi", 62.7085, 25.2543, 9690},  {"Viitasaari", 63.0884, 25.8611, 6607},
    {"Hankasalmi", 62.3960, 26.4307, 5159},  {"Joutsa", 61.7424, 26.1156, 4673},
    {"Karstula", 62.8813, 24.8000, 4232},    {"Pihtipudas", 63.3711, 25.5853, 4202},
    {"Petäjävesi", 62.2655, 25.1745, 3981},  {"Uurainen", 62.4997, 25.4403, 3717},
    {"Konnevesi", 62.6218, 26.2680, 2753},   {"Toivakka", 62.0973, 26.0812, 2432},
    {"Kinnula", 63.3689, 24.9750, 1699},     {"Multia", 62.4097, 24.7995, 1663},
    {"Kannonkoski", 62.9786, 25.2664, 1424}, {"Kyyjärvi", 63.0448, 24.5588, 1375},
    {"Kivijärvi", 63.1197, 25.0817, 1161},   {"Luhanka", 61.7942, 25.6985, 756},
};

/* The six municipalities of the Kymenlaakso wellbeing services county (Iitti moved
 * to Päijät-Häme in 2021); approximate coordinates and rounded populations. */
static const struct preset_municipality kymenlaakso_municipalities[] = {
    {"Kouvola", 60.8681, 26.7042, 80000}, {"Kotka", 60.4664, 26.9458, 51000},
    {"Hamina", 60.5697, 27.1981, 19500},  {"Pyhtää", 60.4933, 26.5392, 5200},
    {"Virolahti", 60.5831, 27.7078, 3000}, {"Miehikkälä", 60.6711, 27.6997, 1900},
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

/* Keski-Suomi: 10 open-care teams (four share the Jyväskylä area), 3 substitute-care
 * and 2 aftercare teams in Jyväskylä, 106.0 FTE (open care 67, substitute care 24,
 * aftercare 15). Areas and the split of staff are invented: Laukaa is tight (about
 * 112 % of its cap), Jämsä near it, Äänekoski loose, the rest at 85-95 %. */
static const struct preset_team keski_suomi_teams[] = {
    {"avo-jyvaskyla-1", GEN_OPEN, "Jyväskylä", {"Jyväskylä", "Muurame"}, 9, {0.8}, 0},
    {"avo-jyvaskyla-2", GEN_OPEN, "Jyväskylä", {"Jyväskylä", "Muurame"}, 9, {0}, 1},
    {"avo-jyvaskyla-3", GEN_OPEN, "Jyväskylä", {"Jyväskylä", "Muurame"}, 9, {0.6}, 0},
    {"avo-jyvaskyla-4", GEN_OPEN, "Jyväskylä", {"Jyväskylä", "Muurame"}, 9, {0.6}, 0},
    {"avo-laukaa", GEN_OPEN, "Laukaa", {"Laukaa", "Hankasalmi"}, 4, {0.8}, 0},
    {"avo-aanekoski", GEN_OPEN, "Äänekoski", {"Äänekoski", "Konnevesi"}, 5, {0.8}, 0},
    {"avo-saarijarvi", GEN_OPEN, "Saarijärvi",
     {"Saarijärvi", "Uurainen", "Karstula", "Kannonkoski", "Kyyjärvi", "Kivijärvi"}, 5, {0}, 1},
    {"avo-viitasaari", GEN_OPEN, "Viitasaari", {"Viitasaari", "Pihtipudas", "Kinnula"}, 3, {0}, 0},
    {"avo-jamsa", GEN_OPEN, "Jämsä", {"Jämsä", "Joutsa", "Luhanka", "Toivakka"}, 6, {0.6}, 0},
    {"avo-keuruu", GEN_OPEN, "Keuruu", {"Keuruu", "Multia", "Petäjävesi"}, 3, {0.8}, 0},
    {"sijais-1", GEN_SUBSTITUTE, "Jyväskylä", {NULL}, 8, {0}, 0},
    {"sijais-2", GEN_SUBSTITUTE, "Jyväskylä", {NULL}, 7, {0.8}, 0},
    {"sijais-3", GEN_SUBSTITUTE, "Jyväskylä", {NULL}, 7, {0.6, 0.6}, 1},
    {"jalki-1", GEN_AFTERCARE, "Jyväskylä", {NULL}, 7, {0.5}, 0},
    {"jalki-2", GEN_AFTERCARE, "Jyväskylä", {NULL}, 7, {0.5}, 0},
};

/* Kymenlaakso: four regional open-care teams (two share the Kouvola area), 34
 * workers. Staffing is invented so that the average is about 27 clients. */
static const struct preset_team kymenlaakso_teams[] = {
    {"avo-kouvola-1", GEN_OPEN, "Kouvola", {"Kouvola"}, 9, {0}, 0},
    {"avo-kouvola-2", GEN_OPEN, "Kouvola", {"Kouvola"}, 8, {0.8}, 0},
    {"avo-kotka", GEN_OPEN, "Kotka", {"Kotka", "Pyhtää"}, 11, {0.6}, 1},
    {"avo-hamina", GEN_OPEN, "Hamina", {"Hamina", "Virolahti", "Miehikkälä"}, 5, {0}, 0},
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

static const struct preset presets[] = {
    {"keski-suomi", "Keski-Suomi, October 2024", "2024-10-08", keski_suomi_municipalities,
     (int)(sizeof keski_suomi_municipalities / sizeof keski_suomi_municipalities[0]),
     keski_suomi_teams, (int)(sizeof keski_suomi_teams / sizeof keski_suomi_teams[0]),
     {1891, 675, 749}, 60, 0.45, 1.0, 0.03, false},
    {"kymenlaakso", "Kymenlaakso open care, October 2023", "2023-10-10",
     kymenlaakso_municipalities,
     (int)(sizeof kymenlaakso_municipalities / sizeof kymenlaakso_municipalities[0]),
     kymenlaakso_teams, (int)(sizeof kymenlaakso_teams / sizeof kymenlaakso_teams[0]),
     {965, 0, 0}, 0, 0.45, 1.0, 0.025, true},
};

/* Centres of the 21 wellbeing services counties for synthetic counties: latitude,
 * longitude, km per degree of longitude there, and how far municipalities spread. */
struct county_centre {
    double lat, lon;     /* WGS84 degrees of the main town */
    double km_per_lon;   /* 111.32 * cos(lat), precomputed to keep libm out */
    double radius;       /* km from the centre to the farthest municipality */
};

static const struct county_centre county_centres[] = {
    {60.205, 24.656, 55.3, 35},  /* Länsi-Uusimaa */
    {60.631, 24.859, 54.6, 30},  /* Keski-Uusimaa */
    {60.393, 25.664, 55.0, 35},  /* Itä-Uusimaa */
    {60.294, 25.040, 55.2, 15},  /* Vantaa-Kerava */
    {60.452, 22.267, 54.9, 70},  /* Varsinais-Suomi */
    {61.485, 21.797, 53.1, 60},  /* Satakunta */
    {60.996, 24.464, 54.0, 45},  /* Kanta-Häme */
    {61.498, 23.761, 53.1, 75},  /* Pirkanmaa */
    {60.983, 25.655, 54.0, 50},  /* Päijät-Häme */
    {60.868, 26.704, 54.2, 45},  /* Kymenlaakso */
    {61.058, 28.186, 53.9, 50},  /* Etelä-Karjala */
    {61.688, 27.273, 52.8, 70},  /* Etelä-Savo */
    {62.893, 27.679, 50.7, 80},  /* Pohjois-Savo */
    {62.601, 29.763, 51.2, 80},  /* Pohjois-Karjala */
    {62.241, 25.751, 51.8, 75},  /* Keski-Suomi */
    {62.790, 22.840, 50.9, 65},  /* Etelä-Pohjanmaa */
    {63.096, 21.616, 50.4, 60},  /* Pohjanmaa */
    {63.838, 23.131, 49.1, 50},  /* Keski-Pohjanmaa */
    {65.012, 25.465, 47.0, 120}, /* Pohjois-Pohjanmaa */
    {64.227, 27.728, 48.4, 100}, /* Kainuu */
    {66.503, 25.729, 44.4, 200}, /* Lappi */
};
#define COUNTY_CENTRE_COUNT ((int)(sizeof county_centres / sizeof county_centres[0]))

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
    struct rng rng;                          /* the one random stream */
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
    int only_team;                           /* >= 0: write_children draws for this team only */
    FILE *out;                               /* destination */
};

/* --- Options ---------------------------------------------------------------------- */

void generate_default_options(struct generate_options *options)
{
    memset(options, 0, sizeof *options);
    options->seed = 1;
    options->preset = GENERATE_SYNTHETIC;
    options->counties = 1;
    options->municipalities = 14;
    options->open_care_teams = 7;
    options->substitute_care_teams = 2;
    options->aftercare_teams = 1;
    options->workers_per_team = 10;
    options->load = 0.95;
    options->intake = 0.03;
    options->siblings = 0.45;
    options->adults = 0.9;
    options->part_time = 0.08;
    options->leaving = 0.03;
    options->locked = LOCKED_SHARE;
    memcpy(options->date, "2024-10-08", DATE_LENGTH + 1);
}

/* Parse YYYY-MM-DD into year, month and day; false unless it is on the calendar. */
static bool parse_date(const char *text, int *year, int *month, int *day)
{
    if (text == NULL || strlen(text) != DATE_LENGTH || text[4] != '-' || text[7] != '-')
        return false;
    int digits[8], n = 0;
    for (int i = 0; i < DATE_LENGTH; i++) {
        if (i == 4 || i == 7)
            continue;
        if (text[i] < '0' || text[i] > '9')
            return false;
        digits[n++] = text[i] - '0';
    }
    *year = digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3];
    *month = digits[4] * 10 + digits[5];
    *day = digits[6] * 10 + digits[7];
    if (*year < 1900 || *month < 1 || *month > 12 || *day < 1)
        return false;
    return *day <= text_days_in_month(*year, *month);
}

static const struct preset *find_preset(enum generate_preset preset)
{
    if (preset == GENERATE_KESKI_SUOMI)
        return &presets[0];
    if (preset == GENERATE_KYMENLAAKSO)
        return &presets[1];
    return NULL;
}

bool generate_set_preset(struct generate_options *options, const char *name)
{
    if (name == NULL)
        return false;
    if (strcmp(name, presets[0].key) == 0)
        options->preset = GENERATE_KESKI_SUOMI;
    else if (strcmp(name, presets[1].key) == 0)
        options->preset = GENERATE_KYMENLAAKSO;
    else
        return false;
    return true;
}

bool generate_set_date(struct generate_options *options, const char *text)
{
    int year, month, day;
    if (!parse_date(text, &year, &month, &day))
        return false;
    memcpy(options->date, text, DATE_LENGTH + 1);
    return true;
}

/* An option that takes a whole number: its name, field and range. */
struct integer_option {
    const char *name; /* flag name without dashes */
    size_t offset;    /* offset of the int field in struct generate_options */
    int low, high;    /* accepted range */
};

static const struct integer_option integer_options[] = {
    {"counties", offsetof(struct generate_options, counties), 1, MAX_COUNTIES},
    {"municipalities", offsetof(struct generate_options, municipalities), 1, MAX_MUNICIPALITIES},
    {"teams", offsetof(struct generate_options, open_care_teams), 1, MAX_TEAMS},
    {"substitute-teams", offsetof(struct generate_options, substitute_care_teams), 0, MAX_TEAMS},
    {"aftercare-teams", offsetof(struct generate_options, aftercare_teams), 0, MAX_TEAMS},
    {"workers-per-team", offsetof(struct generate_options, workers_per_team), 1,
     MAX_WORKERS_PER_TEAM},
    {"hiring-teams", offsetof(struct generate_options, hiring_teams), 0, MAX_TEAMS},
    {"distances", offsetof(struct generate_options, distances), 0, 1},
};

/* An option that takes a fraction or factor. */
struct real_option {
    const char *name;  /* flag name without dashes */
    size_t offset;     /* offset of the double field in struct generate_options */
    double low, high;  /* accepted range (low excluded when low_open) */
    bool low_open;     /* the low end itself is refused */
};

static const struct real_option real_options[] = {
    {"load", offsetof(struct generate_options, load), 0.0, 3.0, true},
    {"intake", offsetof(struct generate_options, intake), 0.0, 1.0, false},
    {"siblings", offsetof(struct generate_options, siblings), 0.0, 1.0, false},
    {"adults", offsetof(struct generate_options, adults), 0.0, 1.0, false},
    {"part-time", offsetof(struct generate_options, part_time), 0.0, 1.0, false},
    {"leaving", offsetof(struct generate_options, leaving), 0.0, 1.0, false},
    {"load-spread", offsetof(struct generate_options, load_spread), 0.0, 1.0, false},
    {"locked", offsetof(struct generate_options, locked), 0.0, 1.0, false},
    {"central-load", offsetof(struct generate_options, central_load), 0.0, 3.0, false},
};

#define COUNT_OF(array) ((int)(sizeof(array) / sizeof((array)[0])))

static bool real_in_range(const struct real_option *option, double value)
{
    if (!(value <= option->high)) /* also refuses NaN */
        return false;
    return option->low_open ? value > option->low : value >= option->low;
}

bool generate_set_number(struct generate_options *options, const char *name, double value)
{
    if (name == NULL)
        return false;
    if (strcmp(name, "seed") == 0) {
        if (!(value >= 0 && value <= 9007199254740992.0) || value != (double)(uint64_t)value)
            return false;
        options->seed = (uint64_t)value;
        return true;
    }
    for (int i = 0; i < COUNT_OF(integer_options); i++) {
        const struct integer_option *option = &integer_options[i];
        if (strcmp(name, option->name) != 0)
            continue;
        if (!(value >= option->low && value <= option->high) || value != (double)(int)value)
            return false;
        *(int *)(void *)((char *)options + option->offset) = (int)value;
        return true;
    }
    for (int i = 0; i < COUNT_OF(real_options); i++) {
        const struct real_option *option = &real_options[i];
        if (strcmp(name, option->name) != 0)
            continue;
        if (!real_in_range(option, value))
            return false;
        *(double *)(void *)((char *)options + option->offset) = value;
        return true;
    }
    return false;
}

bool generate_check_options(const struct generate_options *options, char *error, size_t size)
{
    if (options->preset != GENERATE_SYNTHETIC && find_preset(options->preset) == NULL) {
        error_format(error, size, "unknown preset %d", (int)options->preset);
        return false;
    }
    for (int i = 0; i < COUNT_OF(integer_options); i++) {
        const struct integer_option *option = &integer_options[i];
        int value = *(const int *)(const void *)((const char *)options + option->offset);
        if (value < option->low || value > option->high) {
            error_format(error, size, "%s must be %d to %d, not %d", option->name, option->low,
                      option->high, value);
            return false;
        }
    }
    for (int i = 0; i < COUNT_OF(real_options); i++) {
        const struct real_option *option = &real_options[i];
        double value = *(const double *)(const void *)((const char *)options + option->offset);
        if (!real_in_range(option, value)) {
            error_format(error, size, "%s must be %s%g to %g, not %g", option->name,
                      option->low_open ? "above " : "", option->low, option->high, value);
            return false;
        }
    }
    if (!(options->load - options->load_spread > 0)) {
        error_format(error, size, "load-spread must stay below load (%g), not %g", options->load,
                     options->load_spread);
        return false;
    }
    int year, month, day;
    if (memchr(options->date, '\0', sizeof options->date) == NULL ||
        !parse_date(options->date, &year, &month, &day)) {
        error_format(error, size, "date must be a calendar date YYYY-MM-DD");
        return false;
    }
    return true;
}

/* --- Building counties -------------------------------------------------------------- */

static int worker_cap(int cap, double fte)
{
    return (int)(cap * fte + 1e-9);
}

/* Append a worker to team `team` (the team's workers must be appended together). */
static void add_worker(struct generator *g, int team, double fte, bool leaving)
{
    struct gen_team *t = &g->teams[team];
    struct gen_worker *w = &g->workers[g->worker_count];
    if (t->worker_count == 0)
        t->first_worker = g->worker_count;
    t->worker_count++;
    t->fte += fte;
    g->worker_count++;
    memset(w, 0, sizeof *w);
    w->team = team;
    w->fte = fte;
    w->cap = worker_cap(g->cap, fte);
    w->leaving = leaving;
    w->accepts_new = true;
    double deviation = WORKER_SPREAD * rng_normal(&g->rng);
    double level = 1.0 + deviation;
    w->share = fte * (level < 0.85 ? 0.85 : level > 1.15 ? 1.15 : level);
    if (!leaving) {
        if (rng_chance(&g->rng, CLOSED_SHARE)) {
            w->accepts_new = false;
        } else if (rng_chance(&g->rng, NEWCOMER_SHARE)) {
            w->max_new = NEWCOMER_MAX_NEW;
            w->share *= 0.5;
        }
    }
}

/* Index of the municipality named `id` in county 0, or -1. */
static int find_municipality(const struct generator *g, const char *id)
{
    for (int m = 0; m < g->municipality_count; m++)
        if (strcmp(g->municipalities[m].id, id) == 0)
            return m;
    return -1;
}

/* Fill the generator from a preset's tables. */
static bool build_preset(struct generator *g, char *error, size_t size)
{
    const struct preset *p = g->preset;
    g->county_first[0] = 0;
    g->county_first[1] = p->municipality_count;
    for (int m = 0; m < p->municipality_count; m++) {
        struct gen_municipality *gm = &g->municipalities[g->municipality_count++];
        snprintf(gm->id, sizeof gm->id, "%s", p->municipalities[m].id);
        gm->lat = p->municipalities[m].lat;
        gm->lon = p->municipalities[m].lon;
        /* client rates differ between municipalities around the population share */
        gm->weight = p->municipalities[m].population * rng_between(&g->rng, 0.9, 1.1);
    }
    for (int i = 0; i < p->team_count; i++) {
        const struct preset_team *pt = &p->teams[i];
        struct gen_team *t = &g->teams[g->team_count];
        memset(t, 0, sizeof *t);
        snprintf(t->id, sizeof t->id, "%s", pt->id);
        t->service = pt->service;
        t->office = find_municipality(g, pt->office);
        t->area_first = g->area_pool_count;
        t->area_all = pt->area[0] == NULL;
        t->target = pt->service == GEN_AFTERCARE ? AFTERCARE_TARGET : 0;
        for (int a = 0; a < PRESET_AREA_MAX && pt->area[a] != NULL; a++) {
            int m = find_municipality(g, pt->area[a]);
            if (m < 0) {
                error_format(error, size, "preset %s: team %s: unknown municipality %s", p->key,
                          pt->id, pt->area[a]);
                return false;
            }
            g->area_pool[g->area_pool_count++] = m;
            t->area_count++;
        }
        if (t->office < 0) {
            error_format(error, size, "preset %s: team %s: unknown office", p->key, pt->id);
            return false;
        }
        int team = g->team_count++;
        /* which full-time workers leave is left to the seed */
        int leaving_left = pt->leaving;
        for (int k = 0; k < pt->full_time; k++) {
            bool leaving = rng_below(&g->rng, pt->full_time - k) < leaving_left;
            if (leaving)
                leaving_left--;
            add_worker(g, team, 1.0, leaving);
        }
        for (int k = 0; k < PRESET_PART_TIME_MAX && pt->part_time[k] > 0; k++)
            add_worker(g, team, pt->part_time[k], false);
    }
    return true;
}

/* Monotonic in the angle of (dx, dy) around the origin, in [0, 4): the "diamond
 * angle", which needs no trigonometry. */
static double pseudo_angle(double dx, double dy)
{
    double d = (dx < 0 ? -dx : dx) + (dy < 0 ? -dy : dy);
    if (d == 0)
        return 0;
    if (dy >= 0)
        return dx >= 0 ? dy / d : 2 - dx / d;
    return dx < 0 ? 2 - dy / d : 3 + dx / d;
}

/* A municipality around the county centre, sorted by angle for the team areas. */
struct around {
    double angle; /* pseudo-angle around the centre */
    int index;    /* municipality index */
};

static int compare_around(const void *a, const void *b)
{
    const struct around *x = a, *y = b;
    if (x->angle != y->angle)
        return x->angle < y->angle ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

/* Start a synthetic team of county `county`; returns its index. */
static int add_team(struct generator *g, int county, enum gen_service service, int number,
                    int office)
{
    struct gen_team *t = &g->teams[g->team_count];
    static const char *const prefixes[GEN_SERVICE_COUNT] = {"avo", "sijais", "jalki"};
    memset(t, 0, sizeof *t);
    if (g->counties == 1)
        snprintf(t->id, sizeof t->id, "%s-%d", prefixes[service], number);
    else
        snprintf(t->id, sizeof t->id, "K%02d-%s-%d", county + 1, prefixes[service], number);
    t->service = service;
    t->county = county;
    t->office = office;
    t->area_first = g->area_pool_count;
    t->target = service == GEN_AFTERCARE ? AFTERCARE_TARGET : 0;
    return g->team_count++;
}

/* Give team `team` `count` workers drawn from the options' shares; at least one stays. */
static void staff_team(struct generator *g, int team, int count)
{
    const struct generate_options *o = g->options;
    static const int part_time_weights[3] = {1, 1, 2};
    static const double part_time_fte[3] = {0.5, 0.6, 0.8};
    int staying = 0;
    for (int k = 0; k < count; k++) {
        double fte = 1.0;
        if (rng_chance(&g->rng, o->part_time))
            fte = part_time_fte[rng_table(&g->rng, part_time_weights, 3)];
        bool leaving = rng_chance(&g->rng, o->leaving);
        if (k == count - 1 && staying == 0)
            leaving = false; /* a team whose every worker leaves could serve nobody */
        if (!leaving)
            staying++;
        add_worker(g, team, fte, leaving);
    }
}

/* Under strain (issue 14): the open-care teams open_first.. (the first `big` share
 * the big town) get load factors spread evenly over load ± load_spread, and the
 * first hiring_teams of the teams sharing the big town may hire one worker. The
 * teams sharing the big town take every other factor around the middle, so their
 * area as a whole sits near `load` (over its cap by a fraction of what the hires
 * could take, where hires decide most); which of them gets which, and which of
 * the other teams gets which, is drawn from the seed. Draws nothing with the
 * defaults, so their output is unchanged. */
static void strain_county(struct generator *g, int open_first, int open, int big)
{
    const struct generate_options *o = g->options;
    for (int k = 0; k < big && big >= 2; k++)
        g->teams[open_first + k].max_hires = k < o->hiring_teams ? 1 : 0;
    if (o->load_spread <= 0)
        return;
    /* factor position of each team: the shared ones spaced evenly, then the rest */
    int position[MAX_TEAMS];
    bool taken[MAX_TEAMS] = {false};
    for (int k = 0; k < big; k++) {
        int at = (int)(((double)k + 0.5) * open / big);
        at = at >= open ? open - 1 : at;
        while (taken[at])
            at = (at + 1) % open;
        taken[at] = true;
        position[k] = at;
    }
    for (int k = big, at = 0; k < open; k++) {
        while (taken[at])
            at++;
        taken[at] = true;
        position[k] = at;
    }
    for (int group = 0; group < 2; group++) { /* Fisher-Yates within each group */
        int first = group == 0 ? 0 : big, count = group == 0 ? big : open - big;
        for (int k = count - 1; k > 0; k--) {
            int j = rng_below(&g->rng, k + 1);
            int swap = position[first + k];
            position[first + k] = position[first + j];
            position[first + j] = swap;
        }
    }
    for (int k = 0; k < open; k++) {
        double step = open > 1 ? 2.0 * position[k] / (open - 1) - 1.0 : 0.0;
        double offset = o->load_spread * step;
        g->teams[open_first + k].load = o->load + offset;
    }
}

/* Municipalities, teams and workers of synthetic county `county`. */
static bool build_synthetic_county(struct generator *g, int county, struct around *around,
                                   double *staffing)
{
    const struct generate_options *o = g->options;
    const struct county_centre *c = &county_centres[county % COUNTY_CENTRE_COUNT];
    double shift = 0.2 * (county / COUNTY_CENTRE_COUNT); /* beyond 21 counties, move north */
    double lat0 = c->lat + shift;
    int n = o->municipalities, first = g->municipality_count;
    g->county_first[county] = first;
    g->county_first[county + 1] = first + n;

    /* (a) municipalities: a big town in the middle, a skewed tail around it */
    double total_weight = 0;
    int around_count = 0;
    for (int i = 0; i < n; i++) {
        struct gen_municipality *m = &g->municipalities[g->municipality_count++];
        snprintf(m->id, sizeof m->id, "K%02d-M%02d", county + 1, i + 1);
        double dx = 0, dy = 0, radius2;
        if (i == 0) {
            m->weight = 2.2 * rng_between(&g->rng, 0.9, 1.1);
        } else {
            m->weight = rng_between(&g->rng, 0.6, 1.4) / (i + 1);
            do {
                dx = rng_between(&g->rng, -1, 1);
                dy = rng_between(&g->rng, -1, 1);
                double dx2 = dx * dx, dy2 = dy * dy;
                radius2 = dx2 + dy2;
            } while (radius2 > 1 || radius2 < 0.04);
            around[around_count].angle = pseudo_angle(dx, dy);
            around[around_count].index = first + i;
            around_count++;
        }
        m->lat = lat0 + dy * c->radius / 111.0;
        m->lon = c->lon + dx * c->radius / c->km_per_lon;
        total_weight += m->weight;
    }
    qsort(around, (size_t)around_count, sizeof *around, compare_around);

    /* (b) open-care teams: several share the big town, the rest take arcs of the
     * surrounding municipalities with about equal population */
    int open = o->open_care_teams, big = open, arcs = 0;
    if (open >= 2 && around_count >= 1) {
        big = (int)(open * g->municipalities[first].weight / total_weight + 0.5);
        big = big < 1 ? 1 : big > open - 1 ? open - 1 : big;
        arcs = open - big;
        if (arcs > around_count) {
            arcs = around_count;
            big = open - arcs;
        }
    }
    int open_first = g->team_count;
    for (int k = 0; k < big; k++) {
        int team = add_team(g, county, GEN_OPEN, k + 1, first);
        struct gen_team *t = &g->teams[team];
        g->area_pool[g->area_pool_count++] = first;
        t->area_count = 1;
        if (arcs == 0 && open == 1) /* a lone team serves the whole county */
            for (int i = 0; i < around_count; i++) {
                g->area_pool[g->area_pool_count++] = around[i].index;
                t->area_count++;
            }
        staffing[k] = g->municipalities[first].weight / big;
    }
    double around_weight = total_weight - g->municipalities[first].weight, taken = 0;
    int position = 0;
    for (int a = 0; a < arcs; a++) {
        int team = add_team(g, county, GEN_OPEN, big + a + 1, -1);
        struct gen_team *t = &g->teams[team];
        double goal = around_weight * (a + 1) / arcs, weight = 0;
        int best = -1;
        do {
            int m = around[position++].index;
            g->area_pool[g->area_pool_count++] = m;
            t->area_count++;
            weight += g->municipalities[m].weight;
            taken += g->municipalities[m].weight;
            if (best < 0 || g->municipalities[m].weight > g->municipalities[best].weight)
                best = m;
        } while (position < around_count - (arcs - 1 - a) &&
                 (a == arcs - 1 ||
                  taken + g->municipalities[around[position].index].weight / 2 < goal));
        t->office = best;
        staffing[big + a] = weight;
    }

    /* (c) open-care staff follows population, each team off by up to STAFFING_SPREAD */
    int workers = open * o->workers_per_team, given = 0;
    double staffing_total = 0;
    for (int k = 0; k < open; k++) {
        staffing[k] *= rng_between(&g->rng, 1 - STAFFING_SPREAD, 1 + STAFFING_SPREAD);
        staffing_total += staffing[k];
    }
    int *counts = mem_calloc((size_t)open, sizeof *counts);
    if (counts == NULL)
        return false;
    for (int k = 0; k < open; k++) {
        counts[k] = 1 + (int)((workers - open) * staffing[k] / staffing_total);
        given += counts[k];
    }
    while (given < workers) { /* largest remainder, ties to the first team */
        int best = 0;
        double best_gap = -1e300;
        for (int k = 0; k < open; k++) {
            double gap = 1 + (workers - open) * staffing[k] / staffing_total - counts[k];
            if (gap > best_gap) {
                best_gap = gap;
                best = k;
            }
        }
        counts[best]++;
        given++;
    }
    for (int k = 0; k < open; k++)
        staff_team(g, open_first + k, counts[k]);
    mem_free(counts);
    strain_county(g, open_first, open, big);

    /* (d) central teams in the big town serve the whole county */
    const int central[2] = {o->substitute_care_teams, o->aftercare_teams};
    for (int s = 0; s < 2; s++) {
        enum gen_service service = s == 0 ? GEN_SUBSTITUTE : GEN_AFTERCARE;
        for (int k = 0; k < central[s]; k++) {
            int team = add_team(g, county, service, k + 1, first);
            struct gen_team *t = &g->teams[team];
            t->area_all = g->counties == 1;
            if (!t->area_all)
                for (int i = 0; i < n; i++) {
                    g->area_pool[g->area_pool_count++] = first + i;
                    t->area_count++;
                }
            staff_team(g, team, o->workers_per_team);
        }
    }
    return true;
}

/* --- Writing ---------------------------------------------------------------------------- */

/* Square root by Newton's method in plain IEEE arithmetic (libm stays out, see
 * above); x >= 0. Fifty steps from x + 1 converge for any distance here. */
static double plain_sqrt(double x)
{
    double r = x + 1.0;
    for (int i = 0; i < 50 && r > 0; i++)
        r = 0.5 * (r + x / r);
    return x > 0 ? r : 0;
}

/* Is `municipality` the office of a team of county `county`? */
static bool is_office(const struct generator *g, int county, int municipality)
{
    for (int t = 0; t < g->team_count; t++)
        if (g->teams[t].county == county && g->teams[t].office == municipality)
            return true;
    return false;
}

/* The "distances" table of --distances: from every office of a county to each of
 * its municipalities, a road distance of 1.15-1.55 times the straight line (an
 * equirectangular approximation), 0.1 km precision, at least 1 km between two
 * municipalities; the office's own municipality is 0. Opens after the
 * municipalities array, which the caller closes. */
static void write_distances(struct generator *g)
{
    fputs("\n  ],\n  \"distances\": [", g->out);
    bool first_row = true;
    for (int county = 0; county < g->counties; county++) {
        const struct county_centre *c = &county_centres[county % COUNTY_CENTRE_COUNT];
        int first = g->county_first[county], end = g->county_first[county + 1];
        for (int from = first; from < end; from++) {
            if (!is_office(g, county, from))
                continue;
            for (int to = first; to < end; to++) {
                if (to < from && is_office(g, county, to))
                    continue; /* symmetric: written in the row of `to` */
                const struct gen_municipality *a = &g->municipalities[from];
                const struct gen_municipality *b = &g->municipalities[to];
                double dy = (a->lat - b->lat) * 111.0, dx = (a->lon - b->lon) * c->km_per_lon;
                double dx2 = dx * dx, dy2 = dy * dy;
                double factor = rng_between(&g->rng, 1.15, 1.55);
                double km = plain_sqrt(dx2 + dy2) * factor;
                long tenths = from == to ? 0 : (long)(km * 10 + 0.5);
                if (from != to && tenths < 10)
                    tenths = 10;
                fprintf(g->out, "%s\n    {\"from\": \"%s\", \"to\": \"%s\", \"km\": %ld.%ld}",
                        first_row ? "" : ",", a->id, b->id, tenths / 10, tenths % 10);
                first_row = false;
            }
        }
    }
}

static void write_header(struct generator *g, const char *name)
{
    fprintf(g->out,
            "{\n  \"format\": \"caseload-instance/1\",\n  \"name\": \"%s\",\n"
            "  \"date\": \"%s\",\n"
            "  \"rules\": {\"target\": 27, \"road_factor\": 1.3, \"cross_team\": false, "
            "\"family\": \"soft\"},\n",
            name, g->date);
    fputs("  \"municipalities\": [", g->out);
    for (int m = 0; m < g->municipality_count; m++) {
        const struct gen_municipality *gm = &g->municipalities[m];
        fprintf(g->out, "%s\n    {\"id\": \"%s\", \"lat\": %.4f, \"lon\": %.4f}", m ? "," : "",
                gm->id, gm->lat, gm->lon);
    }
    if (g->preset == NULL && g->options->distances)
        write_distances(g);
    fputs("\n  ],\n  \"teams\": [", g->out);
    for (int i = 0; i < g->team_count; i++) {
        const struct gen_team *t = &g->teams[i];
        fprintf(g->out, "%s\n    {\"id\": \"%s\", \"service\": \"%s\", \"office\": \"%s\"",
                i ? "," : "", t->id, service_names[t->service], g->municipalities[t->office].id);
        if (!t->area_all) {
            fputs(", \"area\": [", g->out);
            for (int a = 0; a < t->area_count; a++)
                fprintf(g->out, "%s\"%s\"", a ? ", " : "",
                        g->municipalities[g->area_pool[t->area_first + a]].id);
            fputc(']', g->out);
        }
        if (t->target > 0)
            fprintf(g->out, ", \"target\": %d", t->target);
        if (t->max_hires > 0)
            fprintf(g->out, ", \"max_hires\": %d", t->max_hires);
        fputc('}', g->out);
    }
    fputs("\n  ],\n  \"workers\": [", g->out);
    for (int i = 0; i < g->worker_count; i++) {
        const struct gen_worker *w = &g->workers[i];
        fprintf(g->out, "%s\n    {\"id\": \"W%04d\", \"team\": \"%s\", \"fte\": %g", i ? "," : "",
                i + 1, g->teams[w->team].id, w->fte);
        if (w->leaving)
            fputs(", \"leaving\": true", g->out);
        if (!w->accepts_new)
            fputs(", \"accepts_new\": false", g->out);
        if (w->max_new > 0)
            fprintf(g->out, ", \"max_new\": %d", w->max_new);
        fputc('}', g->out);
    }
    fputs("\n  ],\n  \"children\": [", g->out);
}

/* What kind of clients a run of write_children makes. */
enum client_kind {
    KIND_CHILD,           /* open or substitute care, 0-17, in sibling groups */
    KIND_AFTERCARE_MINOR, /* 16-17-year-old in aftercare, served by open care */
    KIND_AFTERCARE        /* aftercare client: adult by the options' share, else 16-17 */
};

/* Age in months of a new client of this kind. */
static int draw_age_months(struct generator *g, enum gen_service service, enum client_kind kind,
                           double adults)
{
    int years;
    if (kind == KIND_CHILD && service == GEN_OPEN)
        years = rng_table(&g->rng, open_care_ages, 18);
    else if (kind == KIND_CHILD)
        years = rng_table(&g->rng, substitute_care_ages, 18);
    else if (kind == KIND_AFTERCARE && rng_chance(&g->rng, adults))
        years = 18 + rng_table(&g->rng, adult_aftercare_ages, 7);
    else
        years = 16 + rng_table(&g->rng, minor_aftercare_ages, 2);
    return years * 12 + rng_below(&g->rng, 12);
}

/* Does team `team` serve families living in `municipality` without crossing areas? */
static bool team_covers(const struct generator *g, int team, int municipality)
{
    const struct gen_team *t = &g->teams[team];
    if (t->area_all)
        return true;
    for (int a = 0; a < t->area_count; a++)
        if (g->area_pool[t->area_first + a] == municipality)
            return true;
    return false;
}

/* Team of `service` in county `county` for a family living in `municipality`: of
 * the teams whose area holds it, the one with the fewest clients per FTE so far
 * (teams sharing a big town share its families evenly); a family that moved keeps
 * a team of another area, drawn uniformly. -1 when the county has no team of the
 * service. */
static int draw_team(struct generator *g, int county, enum gen_service service, int municipality)
{
    if (g->only_team >= 0)
        return g->only_team; /* per-team loads: the family is the team's own */
    bool moved = service == GEN_OPEN && rng_chance(&g->rng, MOVED_SHARE);
    int others = 0, best = -1;
    double best_level = 0;
    for (int i = 0; i < g->team_count; i++) {
        const struct gen_team *t = &g->teams[i];
        if (t->county != county || t->service != service)
            continue;
        if (!team_covers(g, i, municipality)) {
            others++;
            continue;
        }
        double level = (t->clients + 1) / t->fte;
        if (best < 0 || level < best_level) {
            best = i;
            best_level = level;
        }
    }
    if (moved && others > 0) {
        int pick = rng_below(&g->rng, others);
        for (int i = 0; i < g->team_count; i++)
            if (g->teams[i].county == county && g->teams[i].service == service &&
                !team_covers(g, i, municipality) && pick-- == 0)
                return i;
    }
    return best;
}

/* The worker of `team` with the lightest caseload for its share who can take
 * `counted` more counted children (only when keeping within the cap), other than
 * `except`; -1 when none can. */
static int pick_worker(const struct generator *g, int team, int counted, int except)
{
    const struct gen_team *t = &g->teams[team];
    int best = -1;
    double best_level = 0;
    for (int i = t->first_worker; i < t->first_worker + t->worker_count; i++) {
        const struct gen_worker *w = &g->workers[i];
        if (i == except || (g->within_cap && w->counted + counted > w->cap))
            continue;
        double level = (w->clients + 1) / w->share;
        if (best < 0 || level < best_level) {
            best = i;
            best_level = level;
        }
    }
    return best;
}

/* Relative number of client families in `municipality` for write_children: its
 * weight, or 0 outside the area of the team drawn for (only_team). */
static double family_weight(const struct generator *g, int municipality)
{
    if (g->only_team >= 0 && !team_covers(g, g->only_team, municipality))
        return 0;
    return g->municipalities[municipality].weight;
}

/* Write `count` clients of `service` in county `county`, family by family. */
static void write_children(struct generator *g, int county, enum gen_service service,
                           enum client_kind kind, long count, double adults)
{
    const struct generate_options *o = g->options;
    double siblings = g->preset != NULL ? g->preset->siblings : o->siblings;
    double intake = g->preset != NULL ? g->preset->intake : o->intake;
    /* chance that a family is a sibling group, so that `siblings` of children have one */
    double single_weight = SIBLING_GROUP_MEAN * (1 - siblings);
    double group_chance = siblings >= 1 ? 1 : siblings / (single_weight + siblings);
    int first = g->county_first[county], n = g->county_first[county + 1] - first;
    double total_weight = 0;
    for (int i = 0; i < n; i++)
        total_weight += family_weight(g, first + i);
    double locked = g->preset != NULL ? LOCKED_SHARE : o->locked;

    double spread = rng_uniform(&g->rng);
    for (long made = 0; made < count && !ferror(g->out);) {
        int size = 1;
        if (kind == KIND_CHILD && rng_chance(&g->rng, group_chance))
            size = 2 + rng_table(&g->rng, sibling_group_sizes, 4);
        if (size > count - made)
            size = (int)(count - made);
        /* a golden-ratio (Weyl) sequence spreads families over municipalities in
         * proportion to their weights with far less scatter than independent draws */
        spread += 0.6180339887498949;
        spread -= spread >= 1 ? 1 : 0;
        double pick = spread * total_weight, sum = 0;
        int municipality = first + n - 1;
        while (municipality > first && family_weight(g, municipality) <= 0)
            municipality--;
        for (int i = 0; i < n; i++) {
            sum += family_weight(g, first + i);
            if (pick < sum) {
                municipality = first + i;
                break;
            }
        }
        int ages[MAX_FAMILY], workers[MAX_FAMILY], counted = 0;
        for (int k = 0; k < size; k++) {
            ages[k] = draw_age_months(g, service, kind, adults);
            counted += ages[k] < 18 * 12;
        }
        bool is_intake = rng_chance(&g->rng, intake);
        int team = draw_team(g, county, service, municipality);
        int worker = is_intake || team < 0 ? -1 : pick_worker(g, team, counted, -1);
        bool split = size > 1 && worker >= 0 && rng_chance(&g->rng, SPLIT_SHARE);
        for (int k = 0; k < size; k++) {
            workers[k] = worker;
            if (split && k == size - 1) {
                int other = pick_worker(g, team, ages[k] < 18 * 12, worker);
                if (other >= 0)
                    workers[k] = other;
            }
            if (workers[k] >= 0) {
                g->teams[team].clients++;
                g->workers[workers[k]].clients++;
                g->workers[workers[k]].counted += ages[k] < 18 * 12;
            }
        }
        g->families++;
        for (int k = 0; k < size; k++) {
            int born = g->date_index - ages[k];
            g->children++;
            fprintf(g->out,
                    "%s\n    {\"id\": \"C%06ld\", \"family\": \"F%05ld\", \"service\": \"%s\", "
                    "\"municipality\": \"%s\", \"born\": \"%04d-%02d\"",
                    g->children > 1 ? "," : "", g->children, g->families, service_names[service],
                    g->municipalities[municipality].id, born / 12, born % 12 + 1);
            if (workers[k] >= 0) {
                fprintf(g->out, ", \"worker\": \"W%04d\"", workers[k] + 1);
                if (!g->workers[workers[k]].leaving && rng_chance(&g->rng, locked))
                    fputs(", \"locked\": true", g->out);
            }
            fputc('}', g->out);
        }
        made += size;
    }
}

/* Clients of each service in synthetic county `county`, from its staff and the load. */
static long synthetic_clients(const struct generator *g, int county, enum gen_service service)
{
    double fte = 0;
    for (int i = 0; i < g->team_count; i++)
        if (g->teams[i].county == county && g->teams[i].service == service)
            fte += g->teams[i].fte;
    double per_fte = service == GEN_AFTERCARE ? AFTERCARE_TARGET : g->cap;
    double load = g->options->load;
    if (service != GEN_OPEN && g->options->central_load > 0)
        load = g->options->central_load;
    double clients = load * per_fte * fte;
    return (long)(clients + 0.5);
}

/* Open care of county `county` under --load-spread: each team's children drawn
 * from its own area, round(load factor x the caps of its staying workers) of them. */
static void write_strained_open_care(struct generator *g, int county)
{
    for (int t = 0; t < g->team_count; t++) {
        const struct gen_team *team = &g->teams[t];
        if (team->county != county || team->service != GEN_OPEN)
            continue;
        int capacity = 0;
        for (int w = team->first_worker; w < team->first_worker + team->worker_count; w++)
            capacity += g->workers[w].leaving ? 0 : g->workers[w].cap;
        double clients = team->load * capacity;
        g->only_team = t;
        write_children(g, county, GEN_OPEN, KIND_CHILD, (long)(clients + 0.5), 0);
        g->only_team = -1;
    }
}

static void generator_free(struct generator *g)
{
    mem_free(g->county_first);
    mem_free(g->municipalities);
    mem_free(g->area_pool);
    mem_free(g->teams);
    mem_free(g->workers);
}

bool generate_write(const struct generate_options *options, FILE *out, char *error, size_t size)
{
    if (!generate_check_options(options, error, size))
        return false;
    struct generator g;
    memset(&g, 0, sizeof g);
    g.only_team = -1;
    g.rng.state = options->seed;
    g.options = options;
    g.out = out;
    g.preset = find_preset(options->preset);
    g.date = g.preset != NULL ? g.preset->date : options->date;
    g.within_cap = g.preset != NULL && g.preset->within_cap;
    g.counties = g.preset != NULL ? 1 : options->counties;
    int year, month, day;
    parse_date(g.date, &year, &month, &day);
    g.date_index = year * 12 + month - 1;
    g.cap = year < 2024 ? 35 : 30;

    /* everything but the children is held in memory: sizes known in advance */
    size_t municipalities, teams, workers, area;
    if (g.preset != NULL) {
        municipalities = (size_t)g.preset->municipality_count;
        teams = (size_t)g.preset->team_count;
        workers = 0;
        for (int i = 0; i < g.preset->team_count; i++) {
            workers += (size_t)g.preset->teams[i].full_time;
            for (int k = 0; k < PRESET_PART_TIME_MAX && g.preset->teams[i].part_time[k] > 0; k++)
                workers++;
        }
        area = teams * PRESET_AREA_MAX;
    } else {
        size_t per_county = (size_t)options->open_care_teams + options->substitute_care_teams +
                            options->aftercare_teams;
        municipalities = (size_t)options->counties * options->municipalities;
        teams = (size_t)options->counties * per_county;
        workers = teams * options->workers_per_team;
        area = (size_t)options->counties *
               (options->municipalities * (1 + per_county) + options->open_care_teams);
    }
    g.county_first = mem_calloc((size_t)g.counties + 1, sizeof *g.county_first);
    g.municipalities = mem_calloc(municipalities, sizeof *g.municipalities);
    g.area_pool = mem_calloc(area, sizeof *g.area_pool);
    g.teams = mem_calloc(teams, sizeof *g.teams);
    g.workers = mem_calloc(workers, sizeof *g.workers);
    struct around *around = mem_calloc(municipalities, sizeof *around);
    double *staffing = mem_calloc((size_t)options->open_care_teams, sizeof *staffing);
    bool ok = g.county_first && g.municipalities && g.area_pool && g.teams && g.workers &&
              around && staffing;
    if (!ok)
        error_format(error, size, "out of memory");
    if (ok && g.preset != NULL)
        ok = build_preset(&g, error, size);
    for (int county = 0; ok && g.preset == NULL && county < g.counties; county++) {
        ok = build_synthetic_county(&g, county, around, staffing);
        if (!ok)
            error_format(error, size, "out of memory");
    }
    mem_free(around);
    mem_free(staffing);
    if (!ok) {
        generator_free(&g);
        return false;
    }

    char name[96];
    if (g.preset != NULL)
        snprintf(name, sizeof name, "%s", g.preset->name);
    else
        snprintf(name, sizeof name, "Synthetic, %d %s, seed %llu", g.counties,
                 g.counties == 1 ? "county" : "counties", (unsigned long long)options->seed);
    write_header(&g, name);
    if (g.preset != NULL) {
        const struct preset *p = g.preset;
        write_children(&g, 0, GEN_OPEN, KIND_CHILD,
                       p->children[GEN_OPEN] - p->open_care_aftercare_minors, 0);
        write_children(&g, 0, GEN_OPEN, KIND_AFTERCARE_MINOR, p->open_care_aftercare_minors, 0);
        write_children(&g, 0, GEN_SUBSTITUTE, KIND_CHILD, p->children[GEN_SUBSTITUTE], 0);
        write_children(&g, 0, GEN_AFTERCARE, KIND_AFTERCARE, p->children[GEN_AFTERCARE],
                       p->adults);
    } else {
        for (int county = 0; county < g.counties; county++) {
            if (options->load_spread > 0)
                write_strained_open_care(&g, county);
            else
                write_children(&g, county, GEN_OPEN, KIND_CHILD,
                               synthetic_clients(&g, county, GEN_OPEN), 0);
            write_children(&g, county, GEN_SUBSTITUTE, KIND_CHILD,
                           synthetic_clients(&g, county, GEN_SUBSTITUTE), 0);
            write_children(&g, county, GEN_AFTERCARE, KIND_AFTERCARE,
                           synthetic_clients(&g, county, GEN_AFTERCARE), options->adults);
        }
    }
    fputs("\n  ]\n}\n", out);
    generator_free(&g);
    /* a write that failed earlier is tried again here, which gives the reason */
    errno = 0;
    bool flushed = fflush(out) == 0;
    int reason = errno;
    if (ferror(out) || !flushed) {
        if (reason != 0)
            error_format(error, size, "cannot write the instance: %s", strerror(reason));
        else
            error_format(error, size, "cannot write the instance");
        return false;
    }
    return true;
}

/* --- A history of monthly snapshots (`--months N`) --------------------------- */

const double generate_history_closure[3] = {0.04, 0.02, 0.04};
const double generate_history_family_sizes[4] = {0.55, 0.27, 0.12, 0.06};

bool generate_write_history(const struct generate_options *options, int months, const char *folder,
                            char *error, size_t size)
{
    char *text = NULL;
    size_t length = 0;
    FILE *memory = open_memstream(&text, &length);
    if (memory == NULL) {
        snprintf(error, size, "out of memory");
        return false;
    }
    bool ok = generate_write(options, memory, error, size);
    if (fclose(memory) != 0 && ok) {
        snprintf(error, size, "out of memory");
        ok = false;
    }
    struct diag diag;
    diag_init(&diag, "generated instance");
    struct instance *instance = ok ? instance_parse(text, length, &diag) : NULL;
    if (ok && instance == NULL) {
        snprintf(error, size, "%s", diag.kept > 0 ? diag.messages[0] : "out of memory");
        ok = false;
    }
    diag_free(&diag);
    free(text); /* open_memstream's buffer comes from malloc */
    struct forecast_spec *spec =
        ok ? forecast_spec_steady(instance, generate_history_closure, generate_history_family_sizes,
                                  (int)(sizeof generate_history_family_sizes / sizeof(double)),
                                  options->seed)
           : NULL;
    if (ok && spec == NULL) {
        snprintf(error, size, "out of memory");
        ok = false;
    }
    ok = ok && forecast_write_history(instance, spec, months, folder, error, size);
    forecast_spec_free(spec);
    instance_free(instance);
    return ok;
}
