/*
 * diag.c - a growable list of formatted error messages.
 */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>

#include "grow_array.h"

void diag_init(struct diag *d)
{
	d->msgs = NULL;
	d->count = 0;
	d->cap = 0;
	d->oom = 0;
	d->out_of_memory = 0;
}

void diag_fini(struct diag *d)
{
	for (size_t i = 0; i < d->count; i++)
		free(d->msgs[i]);
	free(d->msgs);
	diag_init(d);
}

__attribute__((format(printf, 2, 0)))
static void diag_vadd(struct diag *d, const char *fmt, va_list ap)
{
	va_list again;
	va_copy(again, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	if (n < 0)
		goto oom;
	char **m = grow_array(d->msgs, d->count, &d->cap, sizeof *m, 8);
	if (!m)
		goto oom;
	d->msgs = m;
	char *s = malloc((size_t)n + 1);
	if (!s)
		goto oom;
	vsnprintf(s, (size_t)n + 1, fmt, again);
	va_end(again);
	d->msgs[d->count++] = s;
	return;
oom:
	va_end(again);
	d->oom = 1;
}

void diag_add(struct diag *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vadd(d, fmt, ap);
	va_end(ap);
}

void diag_oom(struct diag *d, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_vadd(d, fmt, ap);
	va_end(ap);
	d->out_of_memory = 1;
}

int diag_is_oom(const struct diag *d)
{
	return d->out_of_memory || d->oom;
}

void diag_inherit_oom(struct diag *d, const struct diag *inner)
{
	if (diag_is_oom(inner))
		d->out_of_memory = 1;
}

int diag_has_errors(const struct diag *d)
{
	return d->count > 0 || d->oom;
}

void diag_print(const struct diag *d, FILE *f)
{
	for (size_t i = 0; i < d->count; i++)
		fprintf(f, "%s\n", d->msgs[i]);
	if (d->oom)
		fprintf(f, "(further errors lost: out of memory)\n");
}
