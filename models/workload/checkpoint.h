/*
 * checkpoint.h - the checkpoint interval and the expected run time of a
 * checkpointed job under exponential interruptions (J. T. Daly, "A higher
 * order estimate of the optimum checkpoint interval for restart dumps",
 * Future Generation Computer Systems 22 (2006) 303-312).
 *
 * Daly's model: work in segments of tau (full-speed work), each followed
 * by a write of delta; interruptions arrive at rate 1/M whatever the job
 * is doing (computing, writing or restarting); after each, a restart of
 * R, then the segment again from its start. A segment needing L of
 * uninterrupted time then takes M e^(R/M) (e^(L/M) - 1) on average
 * (Daly's eq. 13).
 */
#ifndef DCSIM_CHECKPOINT_H
#define DCSIM_CHECKPOINT_H

/* Daly's higher-order optimum interval (his eq. 37), s: sqrt(2 delta M)
 * (1 + sqrt(delta / 2M) / 3 + delta / 18M) - delta for delta < 2M, else
 * M. Young's first-order sqrt(2 delta M) is its leading term. M, delta > 0. */
double checkpoint_daly_interval_s(double delta_s, double mtbi_s);

/* Expected wall time, s, of work_s of full-speed work checkpointed every
 * tau_s (no write after the last segment, which may be shorter), with
 * write delta_s, restart restart_s and interruptions at rate 1/mtbi_s:
 * the sum of Daly's segment times. No wait for a repair. */
double checkpoint_expected_time_s(double work_s, double tau_s, double delta_s,
				  double restart_s, double mtbi_s);

#endif
