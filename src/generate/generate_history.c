/* generate_history.c - `generate --months N`: a generated instance and the
 * forecast's process run from it for N months, written as monthly snapshots.
 * Above the generator's driver (generate.c) and the forecast. */
#include "generate/generate.h"

#include <stdio.h>
#include <stdlib.h>

#include "base/common.h"
#include "core/instance.h"
#include "forecast/forecast_history.h"
#include "forecast/forecast_spec.h"
#include "io/forecast_read.h"

const double generate_history_closure[3] = {0.04, 0.02, 0.04};
const double generate_history_family_sizes[4] = {0.55, 0.27, 0.12, 0.06};

bool generate_history_write(const struct generate_options *options, int months, const char *folder,
                            char *error, size_t size)
{
    char *text = NULL;
    size_t length = 0;
    FILE *memory = open_memstream(&text, &length);
    if (memory == NULL) {
        snprintf(error, size, "out of memory");
        return false;
    }
    bool ok = generate_instance(options, memory, error, size);
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
    if (ok && options->recruit_month > 0 && !forecast_spec_add_recruits(spec, instance, options->recruit_month)) {
        snprintf(error, size, "out of memory");
        ok = false;
    }
    ok = ok && forecast_history_write(instance, spec, months, folder, error, size);
    forecast_read_free(spec);
    instance_free(instance);
    return ok;
}
