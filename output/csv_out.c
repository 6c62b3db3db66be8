/*
 * csv_out.c - CSV fields through libcsv.
 *
 * "%.10g" keeps ten significant digits: below the accuracy of any input
 * (weather, TDP, prices) and stable across platforms with IEEE doubles and
 * a C99 printf, which is what "same seed, same bytes" relies on. Numbers
 * are formatted by num_text.c (printf's exact bytes, some ten times
 * cheaper). A row is built in the writer's buffer and reaches the file in
 * one fwrite at its end (the job log writes some 23 fields a job; a stdio
 * call per field cost more than the field), so between rows the file
 * holds every byte written, and a caller may write to it directly there;
 * or, held (csv_out_hold_rows), when the buffer is half full.
 */
#include "csv_out.h"

#include <stdlib.h>
#include <string.h>

#include <csv.h>

/* The row so far into the file (short writes show at the file's commit,
 * through its error flag). */
void csv_out_flush_(struct csv_out *c)
{
	if (c->row_n > 0)
		fwrite(c->row, 1, c->row_n, c->file.f);
	c->row_n = 0;
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
	csv_out_flush_(c);
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

void csv_out_hold_rows(struct csv_out *c)
{
	c->hold = 1;
}

/* A field's text that needs quoting (or is longer than the buffer),
 * straight to the file after what is buffered. */
static void text_direct(struct csv_out *c, const char *s, size_t n, int quote)
{
	csv_out_flush_(c);
	if (quote)
		csv_fwrite(c->file.f, s, n);
	else
		fwrite(s, 1, n, c->file.f);
	csv_out_empty(c); /* (its separator, in the emptied buffer) */
}

struct csv_text csv_text(const char *s)
{
	struct csv_text t;
	memset(&t, 0, sizeof t); /* (small's tail too: it is copied whole) */
	size_t n = 0;
	int quote = s[0] == ' ';
	for (; s[n]; n++)
		quote |= s[n] == ',' || s[n] == '"' || s[n] == '\r' || s[n] == '\n';
	quote |= n > 0 && s[n - 1] == ' ';
	t.s = s;
	t.n = n;
	t.quote = quote;
	t.is_small = !quote && n < CSV_TEXT_SMALL;
	if (t.is_small)
		memcpy(t.small, s, n);
	return t;
}

void csv_out_text_slow_(struct csv_out *c, const struct csv_text *t)
{
	if (t->quote || t->n > sizeof c->row / 2) {
		text_direct(c, t->s, t->n, t->quote);
		return;
	}
	char *p = csv_out_field_(c, t->n);
	memcpy(p, t->s, t->n);
	csv_out_field_end_(c, p + t->n);
}

void csv_out_str(struct csv_out *c, const char *s)
{
	struct csv_text t = csv_text(s);
	csv_out_text(c, &t);
}

void csv_out_header(struct csv_out *c, const char *const *names)
{
	for (size_t i = 0; names[i]; i++)
		csv_out_str(c, names[i]);
	csv_out_end_row(c);
}

void csv_out_end_row(struct csv_out *c)
{
	/* the last field's separator is in the buffer (a flush comes only
	 * before a field, and text_direct's after): it becomes the '\n';
	 * a row of no fields has none */
	if (c->row_n > 0 && c->row[c->row_n - 1] == ',') {
		c->row[c->row_n - 1] = '\n';
	} else {
		if (c->row_n + 1 > sizeof c->row)
			csv_out_flush_(c);
		c->row[c->row_n++] = '\n';
	}
	/* (held: a row of the largest that fits at most is still to come) */
	if (!c->hold || c->row_n > sizeof c->row / 2)
		csv_out_flush_(c);
}

int csv_out_commit(struct csv_out *c, struct diag *d)
{
	csv_out_flush_(c);
	return atomic_file_commit(&c->file, d);
}

void csv_out_abort(struct csv_out *c)
{
	atomic_file_abort(&c->file);
}
