/*
 * psychro.h - moist-air psychrometrics in SI units (degrees C, Pa), after
 * ASHRAE Handbook - Fundamentals (2017), chapter 1.
 *
 * Saturation pressure is the Hyland-Wexler formulation (eqs. 5 and 6),
 * the humidity ratio eq. 20, and the thermodynamic wet-bulb temperature
 * the root of eq. 33 (eq. 35 below freezing), found with GSL's Brent
 * solver between the dew point and the dry bulb.
 */
#ifndef DCSIM_PSYCHRO_H
#define DCSIM_PSYCHRO_H

/* Standard atmosphere at sea level, Pa. */
#define PSYCHRO_P_SEA_LEVEL 101325.0

/* Saturation vapour pressure, Pa, over water (t >= 0) or ice (t < 0). */
double psychro_saturation_pa(double t_c);
/* Humidity ratio, kg water per kg dry air, of vapour pressure pw_pa. */
double psychro_humidity_ratio(double pw_pa, double p_pa);
/* Dew point, C, of air at t_c and relative humidity rh in (0, 1]. */
double psychro_dew_point_c(double t_c, double rh);
/* Thermodynamic wet bulb, C, of air at t_c with dew point dew_c (<= t_c)
 * and pressure p_pa. NaN only if the inputs are not physical. */
double psychro_wet_bulb_c(double t_c, double dew_c, double p_pa);
/* Latent heat of vaporisation of water at t_c, J/kg (Fundamentals ch. 1,
 * h_g - h_f: 2,501 kJ/kg at 0 C falling by 2.37 kJ/kg per K). */
double psychro_latent_heat_j_per_kg(double t_c);

#endif
