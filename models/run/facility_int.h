/*
 * facility_int.h - the racks' and nodes' power updates, for the files of
 * the facility (facility.c, facility_groups.c) and nowhere else: what a
 * change of a job's draw, or of a power group's, moves in a rack, a node
 * and a zone. Inline: a binding grid cap's re-rate runs them for every
 * rack and node it slows.
 */
#ifndef DCSIM_FACILITY_INT_H
#define DCSIM_FACILITY_INT_H

#include <assert.h>

#include "hot_assert.h"
#include "facility.h"

/* p's GPU and datasheet meters move by g and r: meter_add on each, in
 * one pass. The two always change, flush and mark together (here,
 * it_power_flush, it_power_mark), so they share their last time and one
 * look at the clock serves both; each meter sees the operations
 * meter_add makes, so the same bits (a change at the tick of the last
 * one adds value x 0 to the integral, nothing, and skips it). */
static inline void it_meters_add(struct it_power *p, sim_time now, double g, double r)
{
	struct meter *a = &p->gpu, *b = &p->raw;
	hot_assert(a->t_last == b->t_last && now >= a->t_last);
	if (now > a->t_last) {
		const double dt = (double)(now - a->t_last);
		if (a->value > a->peak)
			a->peak = a->value;
		if (b->value > b->peak)
			b->peak = b->value;
		a->integral += a->value * dt;
		b->integral += b->value * dt;
		a->t_last = b->t_last = now;
	}
	a->value += g;
	b->value += r;
}

/* A rack: g W more GPU draw, h W more datasheet host draw. */
static inline void rack_add(struct it_power *p, sim_time now, double g, double h, double fan_share)
{
	it_meters_add(p, now, g, g + h);
	double host = (1.0 - fan_share) * p->raw.value - p->gpu.value;
	if (host > p->host_peak)
		p->host_peak = host;
}

/* rack's draw is about to change by another path than its group's move:
 * it takes its meters back from its rack set first (facility_groups.c). */
static inline void rack_touch(struct facility *f, int rack, sim_time now)
{
	if (f->rack_set && f->rack_set[rack] >= 0)
		facility_groups_rack_detach(f, rack, now);
}

/* The facility: the same without the host level. */
static inline void it_add(struct it_power *p, sim_time now, double g, double h)
{
	it_meters_add(p, now, g, g + h);
}

/* Total per unit of datasheet draw: the fans' share scaled by cooling. */
static inline double raw_to_total(const struct facility *f, const struct it_power *p)
{
	(void)f;
	return p->to_total; /* 1 - fan_share + fan_scale x fan_share, kept as it changes */
}

/* node's level since it last changed, in the window, into the
 * distribution; to_total: its zone's IT per datasheet W (raw_to_total). */
static inline void node_close(struct facility *f, int node, double to_total, sim_time now)
{
	if (f->node_set && f->node_set[node] >= 0) /* its own level again */
		facility_groups_detach(f, node);
	sim_time from = f->node_since[node] > f->window_from ? f->node_since[node] : f->window_from;
	if (now > from)
		level_hist_add(&f->node_dist, to_total * f->node_raw[node], (double)(now - from));
	f->node_since[node] = now;
}

static inline void node_raw_add(struct facility *f, int node, double to_total, double d_raw,
			 sim_time now)
{
	node_close(f, node, to_total, now);
	f->node_raw[node] += d_raw;
}

#endif
