/*
 * resolved_meta.h - what a report needs from a results directory's
 * resolved.json (a run), plan.json (a plan) or sweep.json (a sweep): the
 * question's name and description, the run's first day of the year, and
 * its inference services' latency targets.
 */
#ifndef DCSIM_RESOLVED_META_H
#define DCSIM_RESOLVED_META_H

#include <stddef.h>

/* A service of workload.services[] and its targets (s; NaN: none given). */
struct resolved_service {
	char name[64];
	double slo_ttft_s, slo_e2e_s;
};

struct resolved_meta {
	char *name;        /* malloc'd; "" when absent */
	char *description; /* malloc'd; "" when absent */
	int start_day_of_year; /* 1..365: the weather's, else 1 */
	struct resolved_service *services; /* malloc'd, n_services; NULL: none */
	size_t n_services;
};

/* Read dir/resolved.json, else dir/plan.json, else dir/sweep.json. 0, or
 * -1 when none parses (m then holds empty strings, still to be freed). */
int resolved_meta_read(const char *dir, struct resolved_meta *m);
void resolved_meta_fini(struct resolved_meta *m);

#endif
