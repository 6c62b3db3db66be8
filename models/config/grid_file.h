/*
 * grid_file.h - reading a grid signal's hourly series from its CSV file.
 */
#ifndef DCSIM_GRID_FILE_H
#define DCSIM_GRID_FILE_H

#include "diag.h"
#include "grid.h"

/* Read s->path into the series; -1 with a message naming the file. */
int grid_signal_read(struct grid_signal *s, struct diag *d);

#endif
