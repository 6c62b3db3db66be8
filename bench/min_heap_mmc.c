/*
 * min_heap_mmc.c - the yardstick for bench_mmc: the same M/M/c (c = 1,000
 * servers, Poisson arrivals at 900 per hour, exponential service of mean
 * 1 h, first come first served), simulated as simply as C allows: one
 * binary heap of pending departures, the next arrival held apart, a ring
 * of waiting submit times, GSL's mt19937 and exponential sampler (the
 * same draws bench_mmc pays for). No energy, no racks, no placement: what
 * any event simulation of this queue must do. bench/callgrind.sh reports
 * dcsim's instructions per job as a multiple of this one's.
 *
 * usage: min_heap_mmc [JOBS]   runs the workload twice, as bench_mmc does
 * (callgrind.sh takes the difference of two sizes and halves it).
 */
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#define SERVERS 1000

struct ring {
	double *t;
	size_t head, n, cap;
};

static void ring_push(struct ring *r, double t)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 1024;
		double *nt = malloc(cap * sizeof *nt);
		if (!nt)
			exit(1);
		for (size_t i = 0; i < r->n; i++)
			nt[i] = r->t[(r->head + i) % r->cap];
		free(r->t);
		r->t = nt;
		r->head = 0;
		r->cap = cap;
	}
	r->t[(r->head + r->n++) % r->cap] = t;
}

static double ring_pop(struct ring *r)
{
	double t = r->t[r->head];
	r->head = (r->head + 1) % r->cap;
	r->n--;
	return t;
}

/* departures: a binary min-heap of times, h[1..n] */
struct heap {
	double h[SERVERS + 1];
	size_t n;
};

static void heap_push(struct heap *p, double t)
{
	size_t i = ++p->n;
	while (i > 1 && p->h[i / 2] > t) {
		p->h[i] = p->h[i / 2];
		i /= 2;
	}
	p->h[i] = t;
}

static void heap_pop(struct heap *p)
{
	double t = p->h[p->n--];
	size_t i = 1;
	for (;;) {
		size_t c = 2 * i;
		if (c > p->n)
			break;
		if (c < p->n && p->h[c + 1] < p->h[c])
			c++;
		if (p->h[c] >= t)
			break;
		p->h[i] = p->h[c];
		i = c;
	}
	p->h[i] = t;
}

static double run(double jobs, unsigned long seed)
{
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_rng_set(r, seed);
	struct ring q = { 0 };
	struct heap d = { .n = 0 };
	double horizon = jobs / 900.0, next = gsl_ran_exponential(r, 1 / 900.0), wait = 0;
	size_t started = 0;
	for (;;) {
		int departs = d.n > 0 && d.h[1] <= next;
		double now = departs ? d.h[1] : next;
		if (now > horizon)
			break;
		if (departs) {
			heap_pop(&d);
			if (q.n > 0) {
				wait += now - ring_pop(&q);
				started++;
				heap_push(&d, now + gsl_ran_exponential(r, 1.0));
			}
		} else {
			if (d.n < SERVERS) {
				started++;
				heap_push(&d, now + gsl_ran_exponential(r, 1.0));
			} else {
				ring_push(&q, now);
			}
			next = now + gsl_ran_exponential(r, 1 / 900.0);
		}
	}
	free(q.t);
	gsl_rng_free(r);
	return started ? wait / (double)started : 0;
}

int main(int argc, char **argv)
{
	double jobs = argc > 1 ? atof(argv[1]) : 1e6;
	run(jobs, 1); /* the warm-up run, as bench_mmc's */
	printf("min_heap_mmc: %.0f jobs, mean wait %.3f s\n", jobs, 3600 * run(jobs, 1));
	return 0;
}
