/* generate.c - the instance generator: synthetic counties and calibrated presets, streamed as caseload-instance/1 JSON. This file holds the options, the presets' tables and the driver; generate_county.c builds the counties, generate_write.c writes them. */
#include "generate/generate.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/common.h"
#include "generate/generate_internal.h"
#include "base/text.h"
#include "base/date.h"
#include "io/fileio.h"
#include "core/law.h"

/* --- Presets' tables ---------------------------------------------------------------- */

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
    struct date date;
    if (!date_parse_digits(text, &date) || !date_on_calendar(date))
        return false;
    *year = date.year;
    *month = date.month;
    *day = date.day;
    return true;
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
    {"hires-per-team", offsetof(struct generate_options, hires_per_team), 0, 20},
    {"hiring-outside", offsetof(struct generate_options, hiring_outside), 0, MAX_TEAMS},
    {"distances", offsetof(struct generate_options, distances), 0, 1},
    {"recruit-month", offsetof(struct generate_options, recruit_month), 0, 120},
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
        message_format(error, size, "unknown preset %d", (int)options->preset);
        return false;
    }
    for (int i = 0; i < COUNT_OF(integer_options); i++) {
        const struct integer_option *option = &integer_options[i];
        int value = *(const int *)(const void *)((const char *)options + option->offset);
        if (value < option->low || value > option->high) {
            message_format(error, size, "%s must be %d to %d, not %d", option->name, option->low,
                      option->high, value);
            return false;
        }
    }
    for (int i = 0; i < COUNT_OF(real_options); i++) {
        const struct real_option *option = &real_options[i];
        double value = *(const double *)(const void *)((const char *)options + option->offset);
        if (!real_in_range(option, value)) {
            message_format(error, size, "%s must be %s%g to %g, not %g", option->name,
                      option->low_open ? "above " : "", option->low, option->high, value);
            return false;
        }
    }
    if (!(options->load - options->load_spread > 0)) {
        message_format(error, size, "load-spread must stay below load (%g), not %g", options->load,
                     options->load_spread);
        return false;
    }
    int year, month, day;
    if (memchr(options->date, '\0', sizeof options->date) == NULL ||
        !parse_date(options->date, &year, &month, &day)) {
        message_format(error, size, "date must be a calendar date YYYY-MM-DD");
        return false;
    }
    return true;
}

static void generator_free(struct generator *g)
{
    mem_free(g->county_first);
    mem_free(g->municipalities);
    mem_free(g->area_pool);
    mem_free(g->teams);
    mem_free(g->workers);
}

bool generate_instance(const struct generate_options *options, FILE *out, char *error, size_t size)
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
    struct date date = {2024, 10, 8};
    date_parse_digits(g.date, &date); /* checked by generate_set_date */
    g.date_index = date.year * 12 + date.month - 1;
    g.cap = law_cap_for_date(date);

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
        message_format(error, size, "out of memory");
    if (ok && g.preset != NULL)
        ok = generate_county_preset(&g, error, size);
    for (int county = 0; ok && g.preset == NULL && county < g.counties; county++) {
        ok = generate_county_synthetic(&g, county, around, staffing);
        if (!ok)
            message_format(error, size, "out of memory");
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
    generate_write_header(&g, name);
    if (g.preset != NULL) {
        const struct preset *p = g.preset;
        generate_write_children(&g, 0, GEN_OPEN, KIND_CHILD,
                       p->children[GEN_OPEN] - p->open_care_aftercare_minors, 0);
        generate_write_children(&g, 0, GEN_OPEN, KIND_AFTERCARE_MINOR, p->open_care_aftercare_minors, 0);
        generate_write_children(&g, 0, GEN_SUBSTITUTE, KIND_CHILD, p->children[GEN_SUBSTITUTE], 0);
        generate_write_children(&g, 0, GEN_AFTERCARE, KIND_AFTERCARE, p->children[GEN_AFTERCARE],
                       p->adults);
    } else {
        for (int county = 0; county < g.counties; county++) {
            if (options->load_spread > 0)
                generate_write_strained_open_care(&g, county);
            else
                generate_write_children(&g, county, GEN_OPEN, KIND_CHILD,
                               generate_county_clients(&g, county, GEN_OPEN), 0);
            generate_write_children(&g, county, GEN_SUBSTITUTE, KIND_CHILD,
                           generate_county_clients(&g, county, GEN_SUBSTITUTE), 0);
            generate_write_children(&g, county, GEN_AFTERCARE, KIND_AFTERCARE,
                           generate_county_clients(&g, county, GEN_AFTERCARE), options->adults);
        }
    }
    fputs("\n  ]\n}\n", out);
    generator_free(&g);
    /* a write that failed earlier is tried again here, which gives the reason */
    errno = 0;
    bool flushed = fflush(out) == 0;
    int reason = errno;
    if ((ferror(out) || !flushed) && reason == 0)
        reason = fileio_failure_reason(fileno(out));
    if (ferror(out) || !flushed) {
        if (reason != 0)
            message_format(error, size, "cannot write the instance: %s", strerror(reason));
        else
            message_format(error, size, "cannot write the instance");
        return false;
    }
    return true;
}
