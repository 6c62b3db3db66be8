/*
 * market.c - hourly (24/7) matching of a flat contract block against the
 * hours' draw (market.h). The GHG Protocol Scope 2 Guidance (WRI, 2015,
 * ch. 6-7) sets the market-based method: contractual instruments at
 * their own (here zero) intensity, the rest at the residual mix; hourly
 * matching is the 24/7 carbon-free energy practice (Google, "24/7 by
 * 2030", 2020; the UN 24/7 Carbon-free Energy Compact), where a contract
 * counts only in the hour it delivers.
 */
#include "market.h"

const char *const market_matching_names[] = { "annual", "hourly", NULL };

double market_hourly_matched_wh(const double *e_wh, const double *len_h, size_t n,
				double share, double *matched_wh)
{
	double total_wh = 0, total_h = 0;
	for (size_t i = 0; i < n; i++) {
		total_wh += e_wh[i];
		total_h += len_h[i];
	}
	double block_w = total_h > 0 && share > 0 ? share * total_wh / total_h : 0;
	double matched = 0;
	for (size_t i = 0; i < n; i++) {
		double c = block_w * len_h[i];
		double m = e_wh[i] < c ? e_wh[i] : c;
		if (matched_wh)
			matched_wh[i] = m;
		matched += m;
	}
	return matched;
}
