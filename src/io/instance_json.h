/* instance_json.h - internal: the JSON reader of an instance (json_scan.c the
 * strict scanner, reader.c the typed readers and the id index, instance_read.c the
 * entries and the document), shared with scenario.c so a scenario's entries are
 * read and validated exactly like an instance's, and with the CSV folder reader. */
#ifndef CASELOAD_INSTANCE_JSON_H
#define CASELOAD_INSTANCE_JSON_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "base/common.h"
#include "base/id_index.h"
#include "core/instance.h"

/* Limits that keep every count inside an int and every number meaningful. */
#define ID_MAX_BYTES 64
#define NAME_MAX_BYTES 1000
#define MAX_MUNICIPALITIES 4000 /* the distance matrix is the square of this */
#define MAX_CAP 1000
#define MAX_TARGET 1000.0
#define MAX_ROAD_FACTOR 100.0
#define MAX_WEIGHT 1e9
#define MAX_CHILD_WEIGHT 1000.0
#define MAX_KM 100000.0
#define MAX_HIRES_PER_TEAM 10000
#define MAX_NEW_LIMIT 1000000
#define MAX_ASSIGNEES (INT_MAX / 4)

/* Sizes of the buffers for a JSON path and for a quoted value in a message. */
#define READER_PATH_SIZE 96
#define READER_QUOTE_SIZE 96

/* The start of the reason for a plan date not written YYYY-MM-DD (DIAG_DATE_FORMAT):
 * a CSV folder words the same error with the forms a spreadsheet takes. */
#define READER_DATE_EXPECTED "expected a date YYYY-MM-DD"

/* Ids whose rows a reader of another form (a CSV folder) already refused, each
 * with its own message: a reference to one of them is not reported again as
 * unknown. Any member may be NULL. */
struct refused_ids {
    const struct id_index *municipalities, *teams, *workers;
};

/* The state of reading one document into one instance. Errors go to `diag`. When
 * the document adds to an existing instance (a scenario), existing_* say how many
 * teams, workers and children were there before, so a duplicate id is reported as
 * one the instance already has, and *_array name the arrays being read. */
struct instance_reader {
    struct diag *diag;         /* not owned */
    struct instance *instance; /* not owned */
    bool out_of_memory;
    bool date_valid;           /* instance->date holds a valid plan date */
    struct id_index municipality_index;
    struct id_index team_index;
    struct id_index worker_index;
    struct id_index child_index;
    struct id_index family_index; /* families named in the file (not the children's own) */
    int existing_teams, existing_workers, existing_children;
    const char *team_array, *worker_array, *child_array; /* "teams" or "add_teams" ... */
    const struct refused_ids *refused; /* NULL: none */
};

/* How a key of an object may appear. */
enum key_flags {
    KEY_OPTIONAL = 0,
    KEY_REQUIRED = 1, /* must be present */
    KEY_NULLABLE = 2  /* null means absent */
};

struct key_spec {
    const char *name;
    int flags;
};

/* instance_parse, where a reference to an id of `refused` (NULL: none) is not an
 * error: its row was refused before the text was made. */
struct instance *instance_parse_refusing(const char *text, size_t length, struct diag *diag,
                                         const struct refused_ids *refused);

/* Check the syntax of `text` (strict JSON, UTF-8, a leading BOM skipped) and parse
 * it. Returns the tree the caller frees with cJSON_Delete, or NULL with the error in
 * `diag` (or diag->out_of_memory set). */
cJSON *json_scan_parse(const char *text, size_t length, struct diag *diag);

/* Make cJSON allocate through mem_alloc and mem_free, for the whole process:
 * installed on the first call (pthread_once), unchanged after. json_scan_parse
 * calls it; call it before building a tree with cJSON_Create*. Safe from any
 * thread, at any time: parses on several threads at once are safe (a failed
 * allocation is recorded per thread). */
void json_scan_use_hooks(void);

/* Fill the reader's id indices with every id of reader->instance, sized for
 * `extra_teams`, `extra_workers` and `extra_children` more, and set existing_*.
 * Returns false when memory runs out. */
bool reader_index_instance(struct instance_reader *reader, int extra_teams, int extra_workers,
                           int extra_children);
/* Free the reader's indices (not the instance). */
void reader_free(struct instance_reader *reader);

void reader_out_of_memory(struct instance_reader *reader);

/* True when `text` holds a C0 control character, DEL or a C1 control (U+0080-U+009F). */
bool reader_has_control_character(const char *text);
/* Report at `path` a text that holds a personal identity code, without echoing it. */
void reader_report_identity_code(struct instance_reader *reader, const char *path);

/* Paths for messages: "base.key" and "base[i]" written into buffer (READER_PATH_SIZE). */
const char *reader_key_path(char *buffer, const char *base, const char *key);
const char *reader_element_path(char *buffer, const char *base, int element);
/* `text` in quotes for a message (READER_QUOTE_SIZE), withheld when it holds a
 * personal identity code. */
const char *reader_quote(char *buffer, size_t size, const char *text);
const char *reader_json_type_name(const cJSON *item);

/* Typed readers: each reports a wrong type or range at `path` and returns false
 * (or -1). reader_object matches an object's members against `keys` (unknown,
 * duplicate and missing required keys are errors); found[i] is NULL when absent. */
bool reader_object(struct instance_reader *reader, const cJSON *object, const char *path,
                   const struct key_spec *keys, int key_count, const cJSON **found);
bool reader_string(struct instance_reader *reader, const cJSON *item, const char *path,
                   const char **text);
bool reader_bool(struct instance_reader *reader, const cJSON *item, const char *path, bool *value);
bool reader_number(struct instance_reader *reader, const cJSON *item, const char *path,
                   double minimum, bool above, double maximum, const char *meaning, double *value);
bool reader_integer(struct instance_reader *reader, const cJSON *item, const char *path,
                    int minimum, int maximum, int *value);
int reader_array(struct instance_reader *reader, const cJSON *item, const char *path);
bool reader_service(struct instance_reader *reader, const cJSON *item, const char *path,
                    enum service *service);
bool reader_check_id(struct instance_reader *reader, const char *path, const char *id);
/* Resolve the id at `item` in `index`; -1 after reporting an unknown `kind`. */
int reader_reference(struct instance_reader *reader, const cJSON *item, const char *path,
                     const struct id_index *index, const char *kind);
/* Read an element's own id into *id (owned by the instance) and register it in
 * `index` (NULL: do not register) as `element`; duplicates are reported. */
void reader_own_id(struct instance_reader *reader, const cJSON *item, const char *path,
                   const char *array_name, struct id_index *index, int existing, int element,
                   char **id);

/* Entry readers of the instance format. instance_read_date and instance_read_rules read the
 * top-level "date" and a (partial) "rules" object into reader->instance, keeping
 * what the object does not give. instance_read_name checks a display name and stores a
 * copy in *name (freeing the old one). instance_read_team, instance_read_worker and instance_read_child
 * read one entry at path `base` into element `element` of the instance's arrays,
 * which must have room for it (children: and families for one more). */
void instance_read_date(struct instance_reader *reader, const cJSON *item);
void instance_read_rules(struct instance_reader *reader, const cJSON *object);
void instance_read_name(struct instance_reader *reader, const cJSON *item, char **name);
void instance_read_area(struct instance_reader *reader, const cJSON *array, const char *base,
                 struct team *team);
void instance_read_team(struct instance_reader *reader, const cJSON *object, const char *base, int element);
void instance_read_worker(struct instance_reader *reader, const cJSON *object, const char *base,
                   int element, bool register_id);
void instance_read_child(struct instance_reader *reader, const cJSON *object, const char *base, int element);

#endif
