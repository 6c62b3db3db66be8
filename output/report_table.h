/*
 * report_table.h - a whole CSV file of dcsim's output in memory, for the
 * report: its header, and each cell as text and as a number.
 */
#ifndef DCSIM_REPORT_TABLE_H
#define DCSIM_REPORT_TABLE_H

#include <stddef.h>

struct report_table {
	size_t n_cols, n_rows;
	char **names;   /* n_cols header cells */
	double *num;    /* n_rows x n_cols; NaN for an empty or text cell */
	size_t *text;   /* n_rows x n_cols offsets into arena */
	char *arena;
	size_t arena_len, arena_cap, cells_cap, names_cap;
	size_t field;   /* parser state: field in the record */
	int failed;
};

/* Read dir/name. 0, or -1 when it is missing or unreadable (t is then
 * empty and still to be freed). */
int report_table_read(struct report_table *t, const char *dir, const char *name);
void report_table_fini(struct report_table *t);
/* A column's index, or -1. */
long report_table_col(const struct report_table *t, const char *name);
double report_table_num(const struct report_table *t, size_t row, long col);
const char *report_table_text(const struct report_table *t, size_t row, long col);

#endif
