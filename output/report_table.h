/*
 * report_table.h - a whole CSV file of dcsim's output in memory, for the
 * report: its header, and each cell as text and as a number.
 */
#ifndef DCSIM_REPORT_TABLE_H
#define DCSIM_REPORT_TABLE_H

#include <stddef.h>

struct diag;

struct report_table {
	size_t n_cols, n_rows;
	char **names;   /* n_cols header cells */
	double *num;    /* n_rows x n_cols; NaN for an empty or text cell */
	size_t *text;   /* n_rows x n_cols offsets into arena */
	char *arena;
	size_t arena_len, arena_cap, cells_cap, names_cap;
	size_t field;   /* parser state: field in the record */
	size_t line;    /* parser state: the record's line (1: the header) */
	size_t bad_fields; /* the first row whose field count is not the header's */
	size_t bad_line;
	int failed;     /* out of memory */
};

/* Read dir/name, which dcsim wrote: every row as wide as the header.
 * 0; 1 when the file is absent; -1 when it cannot be read or is not such a
 * table (a message in d naming the file, the line and the rule: a file
 * cut short shows as a short last row) or memory ran out (diag_oom). t is
 * then empty and still to be freed. */
int report_table_read(struct report_table *t, const char *dir, const char *name,
		      struct diag *d);
void report_table_fini(struct report_table *t);
/* A column's index, or -1. */
long report_table_col(const struct report_table *t, const char *name);
double report_table_num(const struct report_table *t, size_t row, long col);
const char *report_table_text(const struct report_table *t, size_t row, long col);

#endif
