/*
 * csv_out.h - writing CSV rows with libcsv into an atomic file.
 *
 * A field is quoted (by libcsv's csv_fwrite) only when it needs it: text
 * with a comma, quote, CR or LF. Numbers are written with a fixed format so
 * the bytes depend only on the values. A non-finite number or a missing
 * value is an empty field.
 */
#ifndef DCSIM_CSV_OUT_H
#define DCSIM_CSV_OUT_H

#include <stdint.h>

#include "atomic_file.h"

struct csv_out {
	struct atomic_file file;
	int col;
	char row[512];    /* the row being written (csv_out.c) */
	size_t row_n;
	char *mem;        /* csv_out_open_memory: the text so far */
	size_t mem_len;
};

int csv_out_open(struct csv_out *c, const char *dir, const char *name, struct diag *d);
/* Rows into memory (a sweep's rows travel before they reach a file). */
int csv_out_open_memory(struct csv_out *c);
/* Close a memory writer; *text (malloc'd, NUL-terminated) and its length. */
int csv_out_take(struct csv_out *c, char **text, size_t *len);
/* A header row from a NULL-terminated list of column names. */
void csv_out_header(struct csv_out *c, const char *const *names);
void csv_out_str(struct csv_out *c, const char *s);
void csv_out_num(struct csv_out *c, double v);
void csv_out_u64(struct csv_out *c, uint64_t v);
void csv_out_empty(struct csv_out *c);
void csv_out_end_row(struct csv_out *c);
int csv_out_commit(struct csv_out *c, struct diag *d);
void csv_out_abort(struct csv_out *c);

#endif
