/*
 * data_file.h - opening an input data file (trace, weather, grid series)
 * safely: a regular file of bounded size, or an error naming it.
 */
#ifndef DCSIM_DATA_FILE_H
#define DCSIM_DATA_FILE_H

#include <stdio.h>

#include "diag.h"

/* The largest data file read, as for scenario files: 64 MiB holds a
 * minute-resolution year of weather, or 8 million trace rows. */
#define DATA_FILE_MAX_BYTES (64L * 1024 * 1024)

/*
 * Open path for reading ("rb"). Anything that is not a regular file
 * (a directory, /dev/zero, a FIFO, a socket) is refused, as is a file
 * above DATA_FILE_MAX_BYTES; a FIFO is refused without blocking on it.
 * NULL with a message naming path and the rule.
 */
FILE *data_file_open(const char *path, struct diag *d);

/*
 * Account for `got` more bytes read from path (*total so far): -1 with a
 * message when the file has grown past DATA_FILE_MAX_BYTES since it was
 * opened, so a file being appended to cannot be read forever.
 */
int data_file_count(const char *path, size_t got, size_t *total, struct diag *d);

/* -1 with "line N: NUL byte" when s[0..len) holds a NUL: a CSV cell with
 * one is binary, and strtod would stop at it and read "6\0 00" as 6. */
int data_file_check_nul(const char *path, long line, const char *s, size_t len,
			struct diag *d);

#endif
