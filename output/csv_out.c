/*
 * csv_out.c - CSV fields through libcsv.
 *
 * "%.10g" keeps ten significant digits: below the accuracy of any input
 * (weather, TDP, prices) and stable across platforms with IEEE doubles and
 * a C99 printf, which is what "same seed, same bytes" relies on.
 */
#include "csv_out.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

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
	if (c->col++ > 0)
		fputc(',', c->file.f);
}

void csv_out_str(struct csv_out *c, const char *s)
{
	sep(c);
	if (strpbrk(s, ",\"\r\n") || (s[0] == ' ') || (s[0] && s[strlen(s) - 1] == ' '))
		csv_fwrite(c->file.f, s, strlen(s));
	else
		fputs(s, c->file.f);
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
	if (isfinite(v))
		fprintf(c->file.f, "%.10g", v == 0 ? 0.0 : v); /* no "-0" */
}

void csv_out_u64(struct csv_out *c, uint64_t v)
{
	sep(c);
	fprintf(c->file.f, "%" PRIu64, v);
}

void csv_out_empty(struct csv_out *c)
{
	sep(c);
}

void csv_out_end_row(struct csv_out *c)
{
	fputc('\n', c->file.f);
	c->col = 0;
}

int csv_out_commit(struct csv_out *c, struct diag *d)
{
	return atomic_file_commit(&c->file, d);
}

void csv_out_abort(struct csv_out *c)
{
	atomic_file_abort(&c->file);
}
