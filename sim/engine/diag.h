/*
 * diag.h - error messages for bad input.
 *
 * Input errors are collected, not printed where found, so `dcsim validate`
 * can list every error at once and a library caller decides where text goes.
 * Each message should name the file, the JSON path or line, and the rule.
 */
#ifndef DCSIM_DIAG_H
#define DCSIM_DIAG_H

#include <stddef.h>
#include <stdio.h>

struct diag {
	char **msgs;
	size_t count;
	size_t cap;
	int oom; /* a message was lost to allocation failure */
	int out_of_memory; /* an error is an allocation failure, not bad input
			    * (the CLI exits 1 then, not 2) */
};

void diag_init(struct diag *d);
void diag_fini(struct diag *d);
/* printf-style; never fails (records oom instead). */
void diag_add(struct diag *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The same for an allocation failure: also sets out_of_memory. */
void diag_oom(struct diag *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Did the errors come from memory running out (one said so, or was lost)? */
int diag_is_oom(const struct diag *d);
/* Messages copied from inner into d (with context) keep its class: d is
 * out of memory if inner was. */
void diag_inherit_oom(struct diag *d, const struct diag *inner);
int diag_has_errors(const struct diag *d);
void diag_print(const struct diag *d, FILE *f);

#endif
