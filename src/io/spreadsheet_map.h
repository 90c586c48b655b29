/* spreadsheet_map.h - internal to src/io: a folder's document checked as an
 * instance, each error mapped back to the file:line:column it came from. */
#ifndef CASELOAD_SPREADSHEET_MAP_H
#define CASELOAD_SPREADSHEET_MAP_H

#include <stdbool.h>
#include <stddef.h>

#include "io/sheet.h"

/* Check the document's text as an instance, reporting every error at its
 * file:line:column. When `checked` is not NULL, *checked gets the instance the
 * check built (the caller frees it; NULL when the check failed); otherwise it is
 * freed here. Returns whether the text is a valid instance. */
bool spreadsheet_map_check(struct folder_reader *reader, const char *folder, const char *text,
                           size_t length, struct instance **checked);

#endif
