/*
 * residual_mix.h - published residual-mix emission rates, by region: the
 * intensity market-based Scope 2 accounting gives energy no contract
 * covers (GHG Protocol Scope 2 Guidance, WRI 2015, the emission-factor
 * hierarchy of its Table 6.3: residual mix before grid average).
 *
 * US: the Green-e Residual Mix Emissions Rates (Center for Resource
 * Solutions), by eGRID subregion; Europe: the AIB European Residual
 * Mixes (Association of Issuing Bodies), by country. Pure data.
 */
#ifndef DCSIM_RESIDUAL_MIX_H
#define DCSIM_RESIDUAL_MIX_H

#include <stddef.h>

struct residual_mix {
	const char *code;      /* eGRID subregion ("CAMX") or ISO country code ("DE") */
	const char *what;      /* the region, in words */
	double g_per_kwh;      /* CO2 (US) or CO2e (EU), g/kWh */
	const char *source;    /* the table and its vintage */
};

size_t residual_mix_count(void);
const struct residual_mix *residual_mix_at(size_t i);
/* The row of code (exact, upper case), or NULL. */
const struct residual_mix *residual_mix_find(const char *code);

#endif
