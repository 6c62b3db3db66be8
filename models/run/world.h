/*
 * world.h - one run: build the models from a scenario, drive them with the
 * engine to the horizon, check conservation, and hand back the results.
 */
#ifndef DCSIM_WORLD_H
#define DCSIM_WORLD_H

#include "diag.h"
#include "run_result.h"
#include "scenario.h"

/*
 * Run sc to its horizon. 0 on success with *out filled (caller frees with
 * run_result_fini). -1 on a runtime failure (out of memory, or a broken
 * conservation law, which is a bug): messages in d, *out left empty.
 */
int world_run(const struct scenario *sc, struct run_result *out, struct diag *d);

#endif
