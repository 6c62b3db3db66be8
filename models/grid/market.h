/*
 * market.h - market-based Scope 2 emissions (GHG Protocol Scope 2
 * Guidance, WRI 2015): the share of the energy drawn that contracts
 * (PPAs, certificates) cover counts at zero, the rest at a residual-mix
 * intensity, beside the location-based figure (the grid's own intensity
 * hour by hour, world_grid.c).
 *
 * Matching:
 * - annual: certificates equal to contract_share of the window's energy,
 *   matched over the whole window (the Guidance's usual practice);
 * - hourly (24/7 carbon-free energy): the same contracted energy, as a
 *   flat block (a firm, baseload PPA) delivered evenly over the window,
 *   counts only up to each hour's own draw; the surplus of an hour cannot
 *   cover another. So hourly matched <= annual matched, equal for a flat
 *   draw.
 * Units: Wh and g; pure functions, no run state.
 */
#ifndef DCSIM_MARKET_H
#define DCSIM_MARKET_H

#include <stddef.h>

enum market_matching {
	MARKET_ANNUAL,
	MARKET_HOURLY,
};

/* "annual", "hourly", indexed by the enum, NULL-terminated. */
extern const char *const market_matching_names[];

struct market_spec {
	int present;
	double contract_share;        /* of the window's grid energy, [0, 1] */
	enum market_matching matching;
	double residual_g_per_kwh;    /* NaN: the grid's hourly intensity */
	char residual_region[8];      /* the residual_mix.h row it came from, "": none */
};

/* Energy the contracts cover, Wh, for hours of energy e_wh[i] and length
 * len_h[i] (the window's share of each clock hour: a whole hour but at
 * its ends) under hourly matching: sum of min(e_i, c x len_i), with
 * c = share x total energy / total hours the flat block's power; each
 * hour's share in matched_wh when not NULL. */
double market_hourly_matched_wh(const double *e_wh, const double *len_h, size_t n,
				double share, double *matched_wh /* OUT per hour, or NULL */);

#endif
