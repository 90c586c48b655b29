/* fuzz_forecast.c - libFuzzer target: forecast_read_parse (a caseload-forecast/1 file) on arbitrary bytes against Keski-Suomi; every refusal names the file and holds no control character or identity code. */
#include <stdint.h>
#include <string.h>

#include "io/forecast_read.h"
#include "core/instance.h"
#include "fuzz_common.h"
#include "io/fileio.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct instance *base;

static void read_base(void)
{
    if (base != NULL)
        return;
    struct diag diag;
    diag_init(&diag, "keski-suomi.json");
    base = instance_load("instances/keski-suomi.json", &diag);
    if (base == NULL) {
        fprintf(stderr, "fuzz_forecast: instances/keski-suomi.json does not load (run from the repository root)\n");
        abort();
    }
    diag_free(&diag);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    read_base();
    char *text = mem_alloc(size + 1);
    REQUIRE(text != NULL);
    memcpy(text, data, size);
    text[size] = '\0';
    struct diag diag;
    diag_init(&diag, "fuzz-forecast.json");
    struct forecast_spec *spec = forecast_read_parse(text, size, "fuzz-forecast.json", base, &diag);
    if (spec == NULL) {
        REQUIRE(diag.count > 0 || diag.out_of_memory);
        REQUIRE(diag.kept == 0 || strncmp(diag.messages[0], "fuzz-forecast.json: ", 20) == 0);
    } else {
        REQUIRE(diag.count == 0);
        REQUIRE(spec->name != NULL && !identity_code_in(spec->name));
    }
    require_safe_messages(&diag);
    forecast_read_free(spec);
    diag_free(&diag);
    mem_free(text);
    return 0;
}
