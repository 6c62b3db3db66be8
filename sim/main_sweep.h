/*
 * main_sweep.h - the sweep commands of the CLI (main_sweep.c).
 */
#ifndef DCSIM_MAIN_SWEEP_H
#define DCSIM_MAIN_SWEEP_H

#ifndef DCSIM_DATADIR
#define DCSIM_DATADIR "scenarios"
#endif
#define DCSIM_DATADIR_DEFAULT DCSIM_DATADIR

extern const char sweep_help[];
/* dcsim sweep ARGS (after "sweep"); the exit status. */
int sweep_command(int argc, char **argv);
/* dcsim validate SWEEP.json; the exit status. */
int sweep_validate(const char *file);

#endif
