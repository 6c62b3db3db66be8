/*
 * csv_out.c - CSV fields through libcsv.
 *
 * "%.10g" keeps ten significant digits: below the accuracy of any input
 * (weather, TDP, prices) and stable across platforms with IEEE doubles and
 * a C99 printf, which is what "same seed, same bytes" relies on. Numbers
 * are formatted by num_text.c (printf's exact bytes, some ten times
 * cheaper). A row is built in the writer's buffer and reaches the file in
 * one fwrite at its end (the job log writes some 15 fields a job; a stdio
 * call per field cost more than the field), so between rows the file
 * holds every byte written, and a caller may write to it directly there.
 */
#include "csv_out.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "num_text.h"

/* The row so far into the file (short writes show at the file's commit,
 * through its error flag). */
static void flush_row(struct csv_out *c)
{
	if (c->row_n > 0)
		fwrite(c->row, 1, c->row_n, c->file.f);
	c->row_n = 0;
}

/* Room for n more bytes in the row buffer. */
static char *room(struct csv_out *c, size_t n)
{
	if (c->row_n + n > sizeof c->row)
		flush_row(c);
	return c->row + c->row_n;
}

int csv_out_open(struct csv_out *c, const char *dir, const char *name, struct diag *d)
{
	memset(c, 0, sizeof *c);
	return atomic_file_open(&c->file, dir, name, d);
}

int csv_out_open_memory(struct csv_out *c)
{
	memset(c, 0, sizeof *c);
	c->file.f = open_memstream(&c->mem, &c->mem_len);
	return c->file.f ? 0 : -1;
}

int csv_out_take(struct csv_out *c, char **text, size_t *len)
{
	flush_row(c);
	int rc = fclose(c->file.f);
	c->file.f = NULL;
	*text = c->mem;
	*len = c->mem_len;
	c->mem = NULL;
	if (rc != 0) {
		free(*text);
		*text = NULL;
		return -1;
	}
	return 0;
}

static void sep(struct csv_out *c)
{
	if (c->col++ > 0) {
		*room(c, 1) = ',';
		c->row_n++;
	}
}

void csv_out_str(struct csv_out *c, const char *s)
{
	size_t n = 0;
	int quote = s[0] == ' ';
	for (; s[n]; n++) /* one pass: the job log writes three strings a job */
		quote |= s[n] == ',' || s[n] == '"' || s[n] == '\r' || s[n] == '\n';
	quote |= n > 0 && s[n - 1] == ' ';
	sep(c);
	if (quote || n > sizeof c->row) {
		flush_row(c);
		if (quote)
			csv_fwrite(c->file.f, s, n);
		else
			fwrite(s, 1, n, c->file.f);
		return;
	}
	memcpy(room(c, n), s, n);
	c->row_n += n;
}

void csv_out_header(struct csv_out *c, const char *const *names)
{
	for (size_t i = 0; names[i]; i++)
		csv_out_str(c, names[i]);
	csv_out_end_row(c);
}

void csv_out_num(struct csv_out *c, double v)
{
	sep(c);
	if (isfinite(v)) {
		char *p = room(c, NUM_TEXT_MAX); /* (it may flush: before the sum) */
		c->row_n += num_text_g10(p, v == 0 ? 0.0 : v); /* no "-0" */
	}
}

void csv_out_u64(struct csv_out *c, uint64_t v)
{
	sep(c);
	char *p = room(c, NUM_TEXT_MAX);
	c->row_n += num_text_u64(p, v);
}

void csv_out_empty(struct csv_out *c)
{
	sep(c);
}

void csv_out_end_row(struct csv_out *c)
{
	*room(c, 1) = '\n';
	c->row_n++;
	flush_row(c);
	c->col = 0;
}

int csv_out_commit(struct csv_out *c, struct diag *d)
{
	flush_row(c);
	return atomic_file_commit(&c->file, d);
}

void csv_out_abort(struct csv_out *c)
{
	atomic_file_abort(&c->file);
}
