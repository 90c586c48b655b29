/* export.h - the instance as a MathProg data file for models/caseload.mod. (The
 * CPLEX LP and MPS exports of the GLPK model are in model.h.) */
#ifndef CASELOAD_EXPORT_H
#define CASELOAD_EXPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "core/instance.h"

/* Write the raw data of `instance` (after any scenario) as a MathProg data section
 * for models/caseload.mod, which derives caps, eligibility and distances itself.
 * Returns false only when writing fails. */
bool export_write_dat(const struct instance *instance, FILE *stream);

#endif
