/* caseload.h - the public API of the caseload library: load an instance (a
 * caseload-instance/1 JSON document or a folder of CSV files, from a path or from
 * memory), apply a what-if scenario, and plan, check, size, compare, explain,
 * forecast, export, convert and generate, every output written to the caller's
 * stream or to a memory buffer. The command line (src/cli) and the browser page
 * (web/) call only this header. The model, the formats and the commands are those
 * of doc/DESIGN.md; doc/API.md walks through a session.
 *
 * Ownership, once for the whole header:
 *   - Every handle (caseload_instance, caseload_scenario, caseload_plan, ...) is
 *     made by one function of this header and freed by its caseload_*_free, which
 *     accepts NULL and a half-built handle. A `caseload_X **out` argument is set to
 *     a new handle on success and to NULL on failure.
 *   - A result handle refers to what it was computed from, which must outlive it:
 *     a plan, a check, a sizing, a plan file and a forecast their instance; a
 *     forecast's result and sizing the forecast; an explanation its instance and
 *     plan file. A comparison keeps nothing of the instances it solved.
 *   - Memory returned as `char **data` (the *_write_buffer functions, named
 *     buffers, instance text) is the caller's; free it with caseload_free.
 *   - Strings passed in are copied when a handle keeps them, except where a
 *     contract says "not copied". FILE streams are never closed by the library.
 *   - Every string a caseload_diagnostic points to belongs to its
 *     caseload_diagnostics and lives until that list is cleared or freed.
 *
 * Errors apart from status: a function that can fail returns a caseload_error
 * (CASELOAD_OK on success; caseload_error_message names each), and for invalid
 * input fills a caller's caseload_diagnostics with every problem (file, JSON path
 * or CSV line and column, reason). Whether a solve found a plan, and how good it
 * is, is a caseload_status of the plan, not an error.
 *
 * Thread safety: handles are not shared between threads by the library; a
 * handle used by one thread at a time is safe, and const handles (an instance, a
 * plan) may be read by several threads at once. Distinct handles may be used on
 * distinct threads concurrently. The library keeps no process-global mutable
 * state of its own, except one documented registry: the temporary files of
 * uncommitted caseload_outputs, kept process-wide so that a signal handler can
 * remove them (caseload_outputs_remove_temporaries). Known exception until issue
 * 21's reader work lands: the JSON and CSV readers install cJSON's global
 * allocation hooks, so two loads (caseload_*_load*) must not run at the same
 * time; solving, forecasting and writing may. A thread of the caller's own
 * that planned calls caseload_thread_end before it ends (GLPK's environment is
 * thread-local). Progress callbacks may be called from the library's worker
 * threads, two at once: a callback guards what it shares (the command line's
 * holds the lock of stderr while it draws).
 *
 * Cancellation: the caller owns a `volatile sig_atomic_t` flag and passes its
 * address in caseload_settings.cancel; setting it nonzero (from a signal handler,
 * another thread or the progress callback) makes a running plan, size, compare or
 * forecast stop soon, keeping the best plan found so far (status
 * CASELOAD_STATUS_STOPPED, with its gap). */
#ifndef CASELOAD_H
#define CASELOAD_H

#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define CASELOAD_PRINTF(format_index, first) __attribute__((format(printf, format_index, first)))
#else
#define CASELOAD_PRINTF(format_index, first)
#endif

/* --- Version and limits ------------------------------------------------------- */

/* "0.1.0": the version of the library. Static, never freed. */
const char *caseload_version(void);
/* The version of the GLPK library planning runs on, e.g. "5.0". Static. */
const char *caseload_engine_version(void);

#define CASELOAD_MAX_THREADS 64            /* the most threads a plan or forecast may use */
#define CASELOAD_TIME_LIMIT_NONE 1e9       /* a time limit of at least this means none */
#define CASELOAD_FORECAST_MAX_MONTHS 120   /* the longest forecast or generated history */

/* --- Errors ------------------------------------------------------------------------ */

typedef enum caseload_error {
    CASELOAD_OK = 0,
    CASELOAD_ERROR_INPUT,     /* invalid input: the diagnostics say where and why */
    CASELOAD_ERROR_USAGE,     /* an invalid argument or setting, or an output that cannot be
                               * (names the same file as an input, a folder where a file is
                               * wanted): the error text says which */
    CASELOAD_ERROR_NOT_FOUND, /* a child, format or output named that does not exist */
    CASELOAD_ERROR_NO_PLAN,   /* size or forecast: the plan they start from could not be found */
    CASELOAD_ERROR_IO,        /* a file could not be read or written (the error text says which) */
    CASELOAD_ERROR_MEMORY,    /* memory ran out */
    CASELOAD_ERROR_INTERNAL,  /* the solver failed, or a bug */
    CASELOAD_ERROR_COUNT
} caseload_error;

/* A one-line English description of `error` ("invalid input" ...). Static, never
 * NULL (an unknown value gives "unknown error"). */
const char *caseload_error_message(caseload_error error);

/* --- Diagnostics -------------------------------------------------------------------
 * The problems of one load: errors (the input is refused) and warnings (it is read
 * all the same: a CSV file read as Windows-1252, a scenario that changes nothing).
 * Every function that takes a caseload_diagnostics clears it first, then fills it;
 * NULL is accepted wherever one is taken (the problems are then only counted). At
 * most 50 errors and 50 warnings are kept; all are counted. */
typedef struct caseload_diagnostics caseload_diagnostics;

typedef enum caseload_severity { CASELOAD_SEVERITY_ERROR, CASELOAD_SEVERITY_WARNING } caseload_severity;

/* One problem, structured. */
typedef struct caseload_diagnostic {
    caseload_severity severity;
    const char *file;      /* the file as the caller named it ("<stdin>", "kunta/children.csv"), or "" */
    const char *json_path; /* "children[12].worker", "rules.cap"; "" for the whole file; at a CSV
                            * place the column's key ("fte") */
    int line, column;      /* a place in a CSV file (1-based), or 0 when not known */
    const char *reason;    /* why, e.g. "unknown worker \"W999\"" (not escaped) */
    const char *message;   /* "FILE: PATH: REASON" or "FILE:LINE:COLUMN: KEY: REASON", escaped
                            * for a terminal, identity codes withheld */
} caseload_diagnostic;

/* A new empty list, or NULL when memory runs out. Free with caseload_diagnostics_free. */
caseload_diagnostics *caseload_diagnostics_create(void);
void caseload_diagnostics_free(caseload_diagnostics *diagnostics);
/* Empty the list; the strings of earlier entries are gone. NULL is fine. */
void caseload_diagnostics_clear(caseload_diagnostics *diagnostics);
/* Entries kept, errors first then warnings (index them with caseload_diagnostics_get). */
int caseload_diagnostics_count(const caseload_diagnostics *diagnostics);
/* Errors reported, kept or not. */
int caseload_diagnostics_error_count(const caseload_diagnostics *diagnostics);
/* Entry `index` (0 .. count - 1) into *out; false when out of range. */
bool caseload_diagnostics_get(const caseload_diagnostics *diagnostics, int index, caseload_diagnostic *out);
/* Write the list for a person, as the command line shows it: each warning as
 * "PROGRAM: warning: MESSAGE", then each error as "PROGRAM: MESSAGE", the count of
 * those not kept, and "FILE: out of memory" when memory ran out. Returns false only
 * when writing fails. */
bool caseload_diagnostics_write(const caseload_diagnostics *diagnostics, const char *program, FILE *stream);

/* --- Messages ---------------------------------------------------------------------
 * Everything the library shows a person is escaped so that no byte read from a
 * file can drive a terminal (control characters become \x{NN}, bidirectional
 * overrides \u{NNNN}) and a personal identity code in it is withheld. A caller
 * that shows its own text beside the library's uses the same escaping. */

/* Write "PREFIX: " and the printf-formatted message to `stream`, escaped, with no
 * newline after it. */
void caseload_message_vprint(FILE *stream, const char *prefix, const char *format, va_list arguments)
    CASELOAD_PRINTF(3, 0);
/* The escaped form of `text` into `out` (room for the returned length plus the
 * NUL; NULL only measures). Returns the length without the NUL. */
size_t caseload_message_escape(char *out, const char *text);
/* `text` escaped to `stream`. */
void caseload_message_write(FILE *stream, const char *text);
/* `text` in double quotes for a message, into `buffer` of `size` bytes (at least
 * 64): escaped, long text cut with "...", an identity code withheld. Returns buffer. */
const char *caseload_message_quote(char *buffer, size_t size, const char *text);
/* A gap for a person ("0.12 %", "0 %" below 0.005 %, "unknown"), into `buffer`. */
void caseload_format_gap(double gap, char *buffer, size_t size);

/* Free memory the library returned (see "Ownership" above). NULL is fine. */
void caseload_free(void *memory);

/* --- Settings ----------------------------------------------------------------------
 * One struct for every computation that solves (plan, size, compare, forecast).
 * Fill it with caseload_settings_default, then change fields; the defaults are the
 * command line's. */

/* Progress for a person: a line of text without a newline; `transient` when the
 * next text replaces it (a counter), else it stays. May be called from the
 * library's threads, possibly two at once (see "Thread safety"). */
typedef void (*caseload_progress_fn)(void *context, bool transient, const char *text);

typedef struct caseload_settings {
    double time_limit;     /* wall seconds of one solve (forecast: the month-0 plan); default 60;
                            * CASELOAD_TIME_LIMIT_NONE or more: no limit */
    double gap;            /* stop when proven within this relative gap (default 1e-4); instances
                            * of 60 children or fewer are solved exactly whatever it is */
    int threads;           /* parts (forecast: samples) solved at once; 0, the default: the cores
                            * (plan: at most 4); 1 .. CASELOAD_MAX_THREADS. Results never depend on it */
    double memory_limit;   /* bytes a solve may use; 0, the default: half the physical memory (less
                            * under a ulimit). A part that would not fit keeps the starting plan */
    bool cuts;             /* the library's own cuts in the search (default true) */
    caseload_progress_fn progress; /* NULL, the default: no progress */
    void *progress_context;        /* handed to `progress` (not owned) */
    volatile sig_atomic_t *cancel; /* the caller's flag: nonzero stops the run, keeping the best
                                    * plan found (NULL, the default: none; not owned) */
    FILE *trace;           /* plan: one tab-separated line per solver event (seconds, part, event,
                            * objective, bound, gap); NULL, the default: none; not closed */
} caseload_settings;

/* Fill `settings` with the defaults above. Cannot fail. */
void caseload_settings_default(caseload_settings *settings);
/* CASELOAD_OK when every field is in its range; else CASELOAD_ERROR_USAGE with the
 * field and its range in `error` (`size` bytes; NULL is fine). */
caseload_error caseload_settings_validate(const caseload_settings *settings, char *error, size_t size);

/* --- Instances and scenarios ------------------------------------------------------ */

typedef struct caseload_instance caseload_instance; /* an instance, with at most one scenario applied */
typedef struct caseload_scenario caseload_scenario; /* a caseload-scenario/1 what-if */

/* One file of a CSV folder held in memory: "children.csv" and its bytes (UTF-8 or
 * Windows-1252, any line ends, "sep=" line accepted, as on disk). Not copied. */
typedef struct caseload_named_buffer {
    const char *name;
    const char *data;
    size_t length;
} caseload_named_buffer;

/* Load the instance at `path`: a caseload-instance/1 JSON file, a folder of CSV
 * files (doc/DESIGN.md §3, the names of caseload_csv_file_names), or "-" for
 * standard input. CASELOAD_OK with *out set; CASELOAD_ERROR_INPUT (every problem
 * in `diagnostics`, messages naming "<stdin>" for "-") or CASELOAD_ERROR_MEMORY.
 * Warnings of a file read all the same are in `diagnostics` too. */
caseload_error caseload_instance_load(const char *path, caseload_instance **out,
                                      caseload_diagnostics *diagnostics);
/* The same from a JSON document of `length` bytes at `data` (a BOM accepted);
 * `name` stands for the file in messages. A spreadsheet workbook or a single CSV
 * file given instead is refused with what to do. */
caseload_error caseload_instance_load_buffer(const char *name, const char *data, size_t length,
                                             caseload_instance **out, caseload_diagnostics *diagnostics);
/* The same from the files of a CSV folder held in memory, read by the same reader
 * as a folder on disk: messages name "FOLDER_NAME/children.csv:LINE:COLUMN". A name
 * that is not one of caseload_csv_file_names is ignored, as an extra file in a
 * folder is; a name given twice counts once (the first). */
caseload_error caseload_instance_load_csv_buffers(const char *folder_name, const caseload_named_buffer *files,
                                                  int file_count, caseload_instance **out,
                                                  caseload_diagnostics *diagnostics);
/* The instance at `path` (as caseload_instance_load) as caseload-instance/1 JSON
 * text, checked: a JSON file as its bytes, a CSV folder converted (the same folder
 * always gives the same bytes). *data (NUL-terminated, *length bytes) is the
 * caller's (caseload_free). Errors as caseload_instance_load. */
caseload_error caseload_instance_read_text(const char *path, char **data, size_t *length,
                                           caseload_diagnostics *diagnostics);
/* True when `path` is an existing directory: loaders read it as a CSV folder. */
bool caseload_path_is_folder(const char *path);
/* The names of the files a CSV folder may hold, NULL-terminated. Static. */
const char *const *caseload_csv_file_names(void);
void caseload_instance_free(caseload_instance *instance);

/* What a person needs to know of an instance. The strings belong to the instance. */
typedef struct caseload_instance_info {
    const char *name;          /* the instance's "name" */
    const char *scenario_name; /* the scenario applied, NULL when none */
    int year, month, day;      /* the plan date */
    int cap;                   /* the full-time legal cap on that date */
    int child_count, worker_count, team_count;
} caseload_instance_info;
void caseload_instance_get_info(const caseload_instance *instance, caseload_instance_info *info);

/* Load a scenario from `path` ("-": standard input) or from `length` bytes at
 * `data` (`name` for messages; the scenario's default name is its stem, "x" for
 * "a/x.json"). Errors as caseload_instance_load. */
caseload_error caseload_scenario_load(const char *path, caseload_scenario **out,
                                      caseload_diagnostics *diagnostics);
caseload_error caseload_scenario_load_buffer(const char *name, const char *data, size_t length,
                                             caseload_scenario **out, caseload_diagnostics *diagnostics);
void caseload_scenario_free(caseload_scenario *scenario);

/* Apply `scenario` to `instance` (once: an instance takes one scenario). Warnings
 * (a leave list naming a worker who leaves already ...) and errors go to
 * `diagnostics`. CASELOAD_ERROR_INPUT leaves `instance` unusable: free it. */
caseload_error caseload_instance_apply_scenario(caseload_instance *instance, const caseload_scenario *scenario,
                                                caseload_diagnostics *diagnostics);

/* --- Plan --------------------------------------------------------------------------- */

typedef enum caseload_status {
    CASELOAD_STATUS_OPTIMAL,    /* proven optimal within the gap asked for */
    CASELOAD_STATUS_FEASIBLE,   /* a plan with a gap: parts too large for the memory limit */
    CASELOAD_STATUS_TIME_LIMIT, /* a plan with a gap: the time limit was reached */
    CASELOAD_STATUS_STOPPED,    /* a plan with a gap: the cancel flag was set */
    CASELOAD_STATUS_INFEASIBLE, /* the model has no solution: no plan */
    CASELOAD_STATUS_NO_PLAN     /* stopped before any plan was found */
} caseload_status;

/* "optimal", "feasible", "time limit", "stopped", "infeasible", "no plan". Static. */
const char *caseload_status_name(caseload_status status);
/* Whether `status` comes with a plan. */
bool caseload_status_has_plan(caseload_status status);

typedef struct caseload_plan caseload_plan; /* a solve's outcome: the plan, when one was found */

/* Solve the model of DESIGN.md §2 for `instance` with `settings` (NULL: the
 * defaults). CASELOAD_OK whenever the solver ran, with *out set and its status
 * saying whether there is a plan; CASELOAD_ERROR_USAGE for invalid settings,
 * CASELOAD_ERROR_MEMORY or CASELOAD_ERROR_INTERNAL otherwise, with the reason in
 * `error` (`size` bytes; NULL is fine). */
caseload_error caseload_plan_solve(const caseload_instance *instance, const caseload_settings *settings,
                                   caseload_plan **out, char *error, size_t size);
void caseload_plan_free(caseload_plan *plan);

typedef struct caseload_plan_info {
    caseload_status status;
    double objective, bound, gap; /* the gap of DESIGN.md §3 */
    double seconds;               /* wall time of the solve */
    int part_count;               /* independent parts the model was split into */
    int parts_over_limit;         /* parts too large for the memory limit or the time left */
} caseload_plan_info;
void caseload_plan_get_info(const caseload_plan *plan, caseload_plan_info *info);

typedef enum caseload_plan_format {
    CASELOAD_PLAN_JSON,        /* caseload-plan/1 */
    CASELOAD_PLAN_CSV,         /* the assignments, semicolon CSV with BOM */
    CASELOAD_PLAN_HTML,        /* the printable report */
    CASELOAD_PLAN_WORKERS_CSV, /* one row per worker */
    CASELOAD_PLAN_TEAMS_CSV,   /* one row per team */
    CASELOAD_PLAN_SUMMARY,     /* the terminal summary, then the regulators' verdict */
    CASELOAD_PLAN_FORMAT_COUNT
} caseload_plan_format;

/* Write the plan in `format` to `stream`. CASELOAD_ERROR_NO_PLAN when the status
 * has none, CASELOAD_ERROR_IO when writing fails (the stream may hold part of it). */
caseload_error caseload_plan_write(const caseload_plan *plan, caseload_plan_format format, FILE *stream);
/* The same into a new buffer: *data (NUL-terminated, *length bytes) is the caller's. */
caseload_error caseload_plan_write_buffer(const caseload_plan *plan, caseload_plan_format format, char **data,
                                          size_t *length);

/* --- Check -------------------------------------------------------------------------- */

typedef struct caseload_check caseload_check; /* per-worker compliance of the current assignment */

caseload_error caseload_check_compute(const caseload_instance *instance, caseload_check **out);
void caseload_check_free(caseload_check *check);
typedef struct caseload_check_info {
    int workers_over_cap;  /* workers with more counted children than their cap */
    int children_over_cap; /* Σ of their excess */
    int unassigned_children;
} caseload_check_info;
void caseload_check_get_info(const caseload_check *check, caseload_check_info *info);
typedef enum caseload_check_format {
    CASELOAD_CHECK_REPORT,  /* the per-worker table for a terminal */
    CASELOAD_CHECK_VERDICT, /* one line: "compliant: workers over the cap 0, ..." */
    CASELOAD_CHECK_HTML,    /* the printable report with a chart per team */
    CASELOAD_CHECK_FORMAT_COUNT
} caseload_check_format;
caseload_error caseload_check_write(const caseload_check *check, caseload_check_format format, FILE *stream);
caseload_error caseload_check_write_buffer(const caseload_check *check, caseload_check_format format,
                                           char **data, size_t *length);

/* --- Size: hires per team so that nobody is over the cap ---------------------------- */

typedef struct caseload_sizing caseload_sizing;

/* Solve without and with hiring (see `caseload help size`). CASELOAD_ERROR_NO_PLAN
 * when either solve found no plan; other errors as caseload_plan_solve. */
caseload_error caseload_size(const caseload_instance *instance, const caseload_settings *settings,
                             caseload_sizing **out, char *error, size_t size);
void caseload_sizing_free(caseload_sizing *sizing);
typedef enum caseload_sizing_format {
    CASELOAD_SIZING_TABLE, /* for a terminal */
    CASELOAD_SIZING_JSON,
    CASELOAD_SIZING_CSV,   /* the per-team table, semicolon CSV with BOM */
    CASELOAD_SIZING_FORMAT_COUNT
} caseload_sizing_format;
caseload_error caseload_sizing_write(const caseload_sizing *sizing, caseload_sizing_format format, FILE *stream);
caseload_error caseload_sizing_write_buffer(const caseload_sizing *sizing, caseload_sizing_format format,
                                            char **data, size_t *length);

/* --- Compare: several scenarios side by side ----------------------------------------- */

typedef struct caseload_comparison caseload_comparison;

/* A comparison of `column_count` columns (at least 1), all "no plan" until solved;
 * `instance_name` heads the JSON and HTML (copied). NULL when memory runs out. */
caseload_comparison *caseload_comparison_create(int column_count, const char *instance_name);
void caseload_comparison_free(caseload_comparison *comparison);
/* Name column `column` (0 .. count - 1) after the scenario of `instance` ("base"
 * without one); `file` is the scenario's file for the JSON (NULL: none; copied).
 * A column named and never solved shows as "no plan". CASELOAD_ERROR_NOT_FOUND for
 * a column out of range, CASELOAD_ERROR_MEMORY. */
caseload_error caseload_comparison_set_column(caseload_comparison *comparison, int column,
                                              const caseload_instance *instance, const char *file);
/* Solve column `column` on `instance` (naming it first, without a file, when
 * caseload_comparison_set_column was not called). CASELOAD_OK when the solver ran,
 * with *status; when it found no plan the column says so and `error` says why.
 * Other errors as caseload_plan_solve. The instance may be freed afterwards. */
caseload_error caseload_comparison_solve(caseload_comparison *comparison, int column,
                                         const caseload_instance *instance, const caseload_settings *settings,
                                         caseload_status *status, char *error, size_t size);
typedef enum caseload_comparison_format {
    CASELOAD_COMPARISON_TABLE, /* the key figures, then the teams over the cap, for a terminal */
    CASELOAD_COMPARISON_JSON,
    CASELOAD_COMPARISON_CSV,
    CASELOAD_COMPARISON_HTML,
    CASELOAD_COMPARISON_FORMAT_COUNT
} caseload_comparison_format;
caseload_error caseload_comparison_write(const caseload_comparison *comparison, caseload_comparison_format format,
                                         FILE *stream);
caseload_error caseload_comparison_write_buffer(const caseload_comparison *comparison,
                                                caseload_comparison_format format, char **data, size_t *length);

/* --- Explain: why a plan put a child where it did -------------------------------------- */

typedef struct caseload_plan_file caseload_plan_file;   /* a caseload-plan/1 read back */
typedef struct caseload_explanation caseload_explanation;

/* Read a plan from `path` ("-": standard input) or from `length` bytes at `data`
 * (`name` for messages) and check that it belongs to `instance` and its scenario
 * (the same names, every child once, the rules kept, the same objective). Errors
 * as caseload_instance_load. */
caseload_error caseload_plan_file_load(const caseload_instance *instance, const char *path,
                                       caseload_plan_file **out, caseload_diagnostics *diagnostics);
caseload_error caseload_plan_file_load_buffer(const caseload_instance *instance, const char *name,
                                              const char *data, size_t length, caseload_plan_file **out,
                                              caseload_diagnostics *diagnostics);
void caseload_plan_file_free(caseload_plan_file *plan);
/* Explain the child `child_id` of the plan: CASELOAD_ERROR_NOT_FOUND when the
 * instance has no such child; CASELOAD_ERROR_INTERNAL (reason in `error`) when the
 * plan breaks a rule; CASELOAD_ERROR_MEMORY. */
caseload_error caseload_explain(const caseload_instance *instance, const caseload_plan_file *plan,
                                const char *child_id, caseload_explanation **out, char *error, size_t size);
void caseload_explanation_free(caseload_explanation *explanation);
/* The explanation for a person: the five cheapest alternatives and the rest. */
caseload_error caseload_explanation_write(const caseload_explanation *explanation, FILE *stream);
/* "Why not W?": why the child is not with the worker or hire `worker_id`
 * ("W0057", "avo-laukaa/hire-1"), in words: the plan's choice, not eligible and
 * by which rule, a hard rule the move breaks, a tie, or how many points dearer
 * and why. CASELOAD_ERROR_NOT_FOUND when the instance has no such worker or hire. */
caseload_error caseload_explanation_write_worker(const caseload_explanation *explanation, const char *worker_id,
                                                 FILE *stream);
caseload_error caseload_explanation_write_buffer(const caseload_explanation *explanation, char **data,
                                                 size_t *length);

/* --- The month: who may move, and a plan adopted (DESIGN.md §2 Moves, §4 apply) --------- */

typedef enum caseload_moves {
    CASELOAD_MOVES_ALL,    /* every child may move */
    CASELOAD_MOVES_LAW,    /* children without a worker and those of workers over the cap */
    CASELOAD_MOVES_INTAKE, /* only children without a worker are placed */
    CASELOAD_MOVES_RULES   /* as the instance's rules.moves says */
} caseload_moves;

/* The policy "all", "law" or "intake" into *out; false for any other name. */
bool caseload_moves_from_name(const char *name, caseload_moves *out);

/* Plan `instance` under `moves` (CASELOAD_MOVES_RULES: its rules.moves): every
 * child the policy keeps is held with its staying worker, as if locked, and the
 * plan says which policy made it. Call once, after any scenario and before
 * planning or exporting. CASELOAD_OK, or CASELOAD_ERROR_MEMORY (nothing changed). */
caseload_error caseload_instance_hold_for_moves(caseload_instance *instance, caseload_moves moves);

/* Write the instance as it stands after `plan` (read back for this instance) as
 * caseload-instance/1 JSON, next month's starting point: every child with the
 * plan's worker, leavers and removed teams gone, each opened hire a worker of its
 * team named "TEAM/hire-K" with the team's max_hires lower by as many, the file's
 * locks kept. With `plan` NULL the instance is written as it stands. */
caseload_error caseload_instance_write_after(const caseload_instance *instance, const caseload_plan_file *plan,
                                             FILE *stream);
caseload_error caseload_instance_write_after_buffer(const caseload_instance *instance,
                                                    const caseload_plan_file *plan, char **data, size_t *length);
/* How many hires `plan` opens (they are workers in what write_after writes). */
int caseload_plan_file_hires_opened(const caseload_instance *instance, const caseload_plan_file *plan);

/* --- Suggest: who should take one new family (DESIGN.md §4) ------------------------------ */

typedef struct caseload_suggestions caseload_suggestions;

/* Read the caseload-family/1 at `path` ("-": standard input), or of `length`
 * bytes at `data` (`name` for messages), add its children to `instance` as new
 * intake (the instance is changed: load another for anything else), and rank
 * every worker and first hire that may take them all by the increase of the §2
 * objective with every other child kept, best first. CASELOAD_ERROR_INPUT with
 * the problems in `diagnostics` (a bad file, children of two services),
 * CASELOAD_ERROR_MEMORY. */
caseload_error caseload_suggest(caseload_instance *instance, const char *path, caseload_suggestions **out,
                                caseload_diagnostics *diagnostics);
caseload_error caseload_suggest_buffer(caseload_instance *instance, const char *name, const char *data,
                                       size_t length, caseload_suggestions **out, caseload_diagnostics *diagnostics);
void caseload_suggestions_free(caseload_suggestions *suggestions);

typedef enum caseload_suggestions_format {
    CASELOAD_SUGGESTIONS_TEXT, /* the best three with their reasons in words, for a person */
    CASELOAD_SUGGESTIONS_JSON  /* caseload-suggestions/1, every one that may take them */
} caseload_suggestions_format;
caseload_error caseload_suggestions_write(const caseload_suggestions *suggestions,
                                          caseload_suggestions_format format, FILE *stream);
caseload_error caseload_suggestions_write_buffer(const caseload_suggestions *suggestions,
                                                 caseload_suggestions_format format, char **data, size_t *length);

/* --- Forecast: the months ahead (DESIGN.md §6) ---------------------------------------- */

typedef struct caseload_forecast caseload_forecast;               /* a caseload-forecast/1, rates complete */
typedef struct caseload_forecast_result caseload_forecast_result; /* the months simulated */
typedef struct caseload_forecast_sizing caseload_forecast_sizing; /* hires sized against them */

/* Load a forecast for `instance` from `path` ("-": standard input) or from
 * `length` bytes at `data` (`name` for messages; its history paths are read
 * relative to `name`'s folder), and estimate the rates it does not give. Errors
 * as caseload_instance_load. The forecast refers to `instance`: free it first. */
caseload_error caseload_forecast_load(const caseload_instance *instance, const char *path,
                                      caseload_forecast **out, caseload_diagnostics *diagnostics);
caseload_error caseload_forecast_load_buffer(const caseload_instance *instance, const char *name,
                                             const char *data, size_t length, caseload_forecast **out,
                                             caseload_diagnostics *diagnostics);
void caseload_forecast_free(caseload_forecast *forecast);

/* Run the forecast (settings: threads, time_limit of the month-0 plan, progress,
 * cancel). CASELOAD_ERROR_NO_PLAN when the month-0 plan found none; else as
 * caseload_plan_solve. The result refers to `forecast` and its instance. */
caseload_error caseload_forecast_run(const caseload_forecast *forecast, const caseload_settings *settings,
                                     caseload_forecast_result **out, char *error, size_t size);
void caseload_forecast_result_free(caseload_forecast_result *result);
typedef enum caseload_forecast_format {
    CASELOAD_FORECAST_JSON,    /* caseload-forecast-result/1 */
    CASELOAD_FORECAST_CSV,     /* month x team, semicolon CSV with BOM and decimal comma */
    CASELOAD_FORECAST_HTML,    /* each team's band against its capacity */
    CASELOAD_FORECAST_SUMMARY, /* one screen: the county by month, the teams at risk */
    CASELOAD_FORECAST_FORMAT_COUNT
} caseload_forecast_format;
caseload_error caseload_forecast_result_write(const caseload_forecast_result *result,
                                              caseload_forecast_format format, FILE *stream);
caseload_error caseload_forecast_result_write_buffer(const caseload_forecast_result *result,
                                                     caseload_forecast_format format, char **data,
                                                     size_t *length);

/* The fewest hires per team, recruited now, that keep every month's team risk
 * under the forecast's limit (`size -f`). Errors as caseload_forecast_run. */
caseload_error caseload_forecast_size(const caseload_forecast *forecast, const caseload_settings *settings,
                                      caseload_forecast_sizing **out, char *error, size_t size);
void caseload_forecast_sizing_free(caseload_forecast_sizing *sizing);
/* CASELOAD_SIZING_TABLE or CASELOAD_SIZING_JSON (CSV: CASELOAD_ERROR_NOT_FOUND). */
caseload_error caseload_forecast_sizing_write(const caseload_forecast_sizing *sizing,
                                              caseload_sizing_format format, FILE *stream);
caseload_error caseload_forecast_sizing_write_buffer(const caseload_forecast_sizing *sizing,
                                                     caseload_sizing_format format, char **data, size_t *length);

/* --- Export: the model for other solvers ------------------------------------------------ */

typedef enum caseload_export_format {
    CASELOAD_EXPORT_LP,  /* CPLEX LP, the whole model */
    CASELOAD_EXPORT_MPS, /* free MPS, the whole model */
    CASELOAD_EXPORT_DAT, /* data for models/caseload.mod (MathProg) */
    CASELOAD_EXPORT_FORMAT_COUNT
} caseload_export_format;

/* Whether the whole model (as LP and MPS export it) fits `memory_limit` bytes (0:
 * the default): CASELOAD_OK with *fits, the reason in `error` when it does not;
 * CASELOAD_ERROR_MEMORY when counting it ran out of memory. */
caseload_error caseload_export_fits(const caseload_instance *instance, double memory_limit, bool *fits,
                                    char *error, size_t size);
/* Write the model in `format`. DAT goes to `stream`; LP and MPS are written by
 * GLPK to the file `path` (a stream is not possible), which the caller then
 * checks (caseload_outputs_check_ending). CASELOAD_ERROR_IO with the reason. */
caseload_error caseload_export_write_dat(const caseload_instance *instance, FILE *stream);
caseload_error caseload_export_write_model(const caseload_instance *instance, caseload_export_format format,
                                           const char *path, char *error, size_t size);

/* --- Convert: a CSV folder and its JSON instance ------------------------------------------ */

/* Write the caseload-instance/1 `text` (`length` bytes, read from the file
 * `name`, for messages) as a CSV folder at `folder` (created 0700 when missing;
 * files 0600, semicolon CSV with BOM, CRLF, decimal commas). CASELOAD_ERROR_INPUT
 * when it is not a valid instance or the CSV form cannot carry it (diagnostics
 * with JSON paths), CASELOAD_ERROR_IO or _MEMORY with the reason in `error`. */
caseload_error caseload_convert_to_folder(const char *name, const char *text, size_t length, const char *folder,
                                          caseload_diagnostics *diagnostics, char *error, size_t size);

/* The same into memory (a browser has no file system): *out holds the files the
 * folder would, settings.csv first, the same bytes. Errors as
 * caseload_convert_to_folder. */
typedef struct caseload_csv_folder caseload_csv_folder;
caseload_error caseload_convert_to_csv_buffers(const char *name, const char *text, size_t length,
                                               caseload_csv_folder **out, caseload_diagnostics *diagnostics);
/* The files of a converted folder: how many, and file `index` (its name and bytes,
 * which belong to the folder) into *file; false when out of range. */
int caseload_csv_folder_count(const caseload_csv_folder *folder);
bool caseload_csv_folder_get(const caseload_csv_folder *folder, int index, caseload_named_buffer *file);
void caseload_csv_folder_free(caseload_csv_folder *folder);

/* --- Generate: synthetic instances --------------------------------------------------------- */

typedef struct caseload_generator caseload_generator; /* the options of a synthetic county */

/* A generator with the defaults (one county of about 3,000 clients); NULL when
 * memory runs out. */
caseload_generator *caseload_generator_create(void);
void caseload_generator_free(caseload_generator *generator);
/* Set an option; false, leaving it unchanged, when the value is not acceptable.
 * Presets: "keski-suomi", "kymenlaakso". Dates: YYYY-MM-DD. Numbers by the
 * command line's flag name without dashes ("seed", "counties", "load" ...). */
bool caseload_generator_set_preset(caseload_generator *generator, const char *name);
bool caseload_generator_set_date(caseload_generator *generator, const char *date);
bool caseload_generator_set_number(caseload_generator *generator, const char *name, double value);
/* CASELOAD_ERROR_USAGE with the option at fault in `error` when the options do not
 * go together (or exceed the national scale). */
caseload_error caseload_generator_check(const caseload_generator *generator, char *error, size_t size);
/* Write the caseload-instance/1 document to `stream`, streaming it; on failure the
 * stream may hold part of it. CASELOAD_ERROR_USAGE (options), _IO or _MEMORY with
 * the reason in `error`. */
caseload_error caseload_generator_write(const caseload_generator *generator, FILE *stream, char *error,
                                        size_t size);
/* Write `months` monthly snapshots of the forecast's process into `folder`
 * (month-01.json ... and rates.json naming them as its history). */
caseload_error caseload_generator_write_history(const caseload_generator *generator, int months,
                                                const char *folder, char *error, size_t size);

/* --- Output files: all-or-nothing transactions --------------------------------------------
 * All the outputs of one command, committed together:
 *   1. caseload_outputs_add_input for every file the command reads, then
 *      caseload_outputs_add for every output, before anything is loaded: bad names,
 *      an output that would replace an input or another output (same device and
 *      inode, or same folder and name), missing folders show at once;
 *   2. caseload_outputs_prepare creates every temporary file (mode 0600; a folder:
 *      0700) beside its target;
 *   3. write each through caseload_outputs_stream (or, for a writer that opens the
 *      file by name, caseload_outputs_write_path) and close it with
 *      caseload_outputs_finish, which pushes it to the disk;
 *   4. caseload_outputs_commit renames them all into place, only when all are
 *      written.
 * "-", /dev/stdout, /dev/stderr and /dev/fd/N write to that descriptor; a device
 * or FIFO is written as a stream and never renamed over. Outputs are named by the
 * path they were added with. caseload_outputs_free removes every temporary not
 * committed, whatever happened before. */
typedef struct caseload_outputs caseload_outputs;

typedef enum caseload_output_kind {
    CASELOAD_OUTPUT_FILE,  /* a file (or a stream) */
    CASELOAD_OUTPUT_FOLDER /* a folder, built beside the target and swapped in whole */
} caseload_output_kind;

caseload_outputs *caseload_outputs_create(void);
void caseload_outputs_free(caseload_outputs *outputs);
/* A file the command reads, that no output may replace (a CSV folder: its files).
 * "-" and paths that cannot be examined are skipped. CASELOAD_ERROR_MEMORY. */
caseload_error caseload_outputs_add_input(caseload_outputs *outputs, const char *path);
/* The output `path`, given with the option `option` (for messages; not copied: it
 * must outlive the set). A folder output must be missing or empty, or `force` given
 * and it holds only files a CSV folder holds. CASELOAD_ERROR_USAGE (the name is
 * refused), CASELOAD_ERROR_IO (its folder is missing), _MEMORY; reason in `error`. */
caseload_error caseload_outputs_add(caseload_outputs *outputs, const char *option, const char *path,
                                    caseload_output_kind kind, bool force, char *error, size_t size);
caseload_error caseload_outputs_prepare(caseload_outputs *outputs, char *error, size_t size);
/* The stream of the output `path` (not to be closed by the caller); NULL with the
 * reason in `error`. */
FILE *caseload_outputs_stream(caseload_outputs *outputs, const char *path, char *error, size_t size);
/* The name to write the output `path` to by name: its temporary file or folder, or
 * the target of a stream. NULL for an unknown path. Belongs to the set. */
const char *caseload_outputs_write_path(const caseload_outputs *outputs, const char *path);
/* For writers that open the file by name and miss a failed last write (GLPK): OK
 * when the output ends with `trailer`, else CASELOAD_ERROR_IO with the reason. */
caseload_error caseload_outputs_check_ending(const caseload_outputs *outputs, const char *path,
                                             const char *trailer, char *error, size_t size);
/* The output `path` is fully written: flush and sync it (CASELOAD_ERROR_IO: "PATH:
 * cannot write: REASON"). */
caseload_error caseload_outputs_finish(caseload_outputs *outputs, const char *path, char *error, size_t size);
/* Leave the output `path` out: its temporary is removed, the commit skips it. */
void caseload_outputs_drop(caseload_outputs *outputs, const char *path);
/* Finish every output, then rename each into place (signals held meanwhile).
 * CASELOAD_ERROR_IO with which files were replaced and which not. */
caseload_error caseload_outputs_commit(caseload_outputs *outputs, char *error, size_t size);
/* Remove the temporaries of every caseload_outputs of the process not yet
 * committed. Async-signal-safe: for a signal handler about to end the process. */
void caseload_outputs_remove_temporaries(void);

/* --- Threads and tests ----------------------------------------------------------------- */

/* Release what a thread of the caller's own kept from planning (GLPK's
 * thread-local environment); harmless on a thread that never planned. */
void caseload_thread_end(void);
/* Test hook: make the n-th allocation of the library from now on fail (0: none). */
void caseload_fail_allocation_at(long n);

#ifdef __cplusplus
}
#endif

#endif
