/*
 * cli.h - what the command line's files (main.c, main_sweep.c) share.
 */
#ifndef DCSIM_CLI_H
#define DCSIM_CLI_H

enum { EXIT_RUNTIME = 1, EXIT_USAGE = 2, EXIT_INTERRUPTED = 130 };

/* "dcsim CMD: message" and the pointer to CMD --help on stderr; returns
 * EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Where built-in weather sites and traces are: DCSIM_DATA_DIR, else the
 * build's DCSIM_DATADIR. */
const char *cli_data_dir(void);

struct diag;
/* The exit status of a failed load: EXIT_RUNTIME when it ran out of memory
 * (diag_is_oom), else EXIT_USAGE. */
int cli_input_status(const struct diag *d);
/* -o's value: "" is bad usage (message, EXIT_USAGE), else 0. */
int cli_check_out_dir(const char *cmd, const char *dir);
/* Create dir (mkdir -p) and check a file can be created in it: 0, or -1
 * with a message naming dir. */
int cli_prepare_out_dir(const char *dir, struct diag *d);

/* main_sweep.c */
extern const char sweep_help[];
/* dcsim sweep ARGS (after "sweep"); the exit status. */
int sweep_command(int argc, char **argv);
/* dcsim validate SWEEP.json; the exit status. */
int sweep_validate(const char *file);

/* main_report.c */
extern const char report_help[], plot_help[];
/* Write dir/report.html; prints where unless quiet; the exit status (bad
 * results in dir are EXIT_USAGE when dir was the user's input, not the
 * output of this run or sweep). */
int cli_report(const char *dir, int quiet, int input);
/* dcsim report ARGS, dcsim plot ARGS (after the command); the exit status. */
int cli_report_command(int argc, char **argv);
int cli_plot(int argc, char **argv);

#endif
