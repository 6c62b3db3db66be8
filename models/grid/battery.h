/*
 * battery.h - a battery behind the meter: its state of charge under a
 * piecewise-constant power, integrated exactly.
 *
 * Power is measured at the battery's AC terminal, positive while it
 * charges (drawn from the grid), negative while it discharges (delivered
 * to the facility), and never above the rating either way. The
 * round-trip efficiency is split evenly between the two directions, as
 * NREL's storage models do: charging at P stores P x sqrt(eta) per unit
 * time, discharging P draws P / sqrt(eta) from storage. Between two
 * changes the state of charge moves linearly, so the time it reaches a
 * bound is known in advance and the integral is exact. The caller
 * schedules its event at the last whole tick before the bound, never
 * past it, so the state of charge never leaves its bounds; what is left
 * is less than one tick at full power, and within tol_wh of a bound the
 * battery counts as at it. Self-discharge and ageing are left out.
 */
#ifndef DCSIM_BATTERY_H
#define DCSIM_BATTERY_H

struct battery {
	double energy_wh;  /* usable energy at full charge */
	double power_w;    /* rating at the terminal, both directions */
	double eta;        /* one-way efficiency: sqrt(round trip) */
	double min_wh;     /* the stored energy never goes below this */
	double soc_wh;     /* stored energy now */
	double p_w;        /* terminal power now: + charge, - discharge */
	double tol_wh;     /* this close to a bound counts as at it */
};

void battery_init(struct battery *b, double energy_wh, double power_w, double round_trip,
		  double min_soc, double initial_soc, double tol_wh);
/* Stored energy's rate of change at terminal power p, W. */
double battery_soc_rate(const struct battery *b, double p_w);
/* Seconds until the stored energy reaches a bound at the power now;
 * INFINITY when it never does (idle, or already at that bound). */
double battery_time_to_bound(const struct battery *b);
/* Advance dt seconds at the power now (never past a bound). */
void battery_advance(struct battery *b, double dt_s);
/* Room to discharge or charge now (0 at the bound), W at the terminal. */
double battery_can_discharge_w(const struct battery *b);
double battery_can_charge_w(const struct battery *b);

#endif
