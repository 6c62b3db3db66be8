/*
 * atomic_file.h - a file that appears complete or not at all.
 *
 * Writes go to "NAME.tmp" beside the target; commit flushes, closes and
 * renames it over NAME (rename is atomic within a directory on POSIX), abort
 * removes it. A crash leaves at most a .tmp file, never a short NAME.
 */
#ifndef DCSIM_ATOMIC_FILE_H
#define DCSIM_ATOMIC_FILE_H

#include <stdio.h>

#include "diag.h"

struct atomic_file {
	FILE *f;
	char *path;
	char *tmp_path;
};

int atomic_file_open(struct atomic_file *a, const char *dir, const char *name,
		     struct diag *d);
int atomic_file_commit(struct atomic_file *a, struct diag *d);
void atomic_file_abort(struct atomic_file *a);
/* Write a whole string to dir/name atomically. */
int atomic_file_write_text(const char *dir, const char *name, const char *text,
			   struct diag *d);
/* "dir/name" + suffix, malloc'd; NULL without memory. */
char *atomic_file_path(const char *dir, const char *name, const char *suffix);
/* Create an empty file at path, failing if it exists (O_EXCL): 0 when
 * this call created it, 1 when it existed, -1 with a message otherwise. */
int atomic_file_create_excl(const char *path, struct diag *d);
/* mkdir -p; 0 when it exists or was made ("" is an error). */
int atomic_file_mkdirs(const char *dir, struct diag *d);

#endif
