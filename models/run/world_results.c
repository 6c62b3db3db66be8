/*
 * world_results.c - turning a finished run into results, and the
 * conservation check that every run must pass before anything is written.
 *
 * Conservation laws checked (a failure is a bug, reported loudly):
 *  - energy: the IT meters equal the sum of the rack meters, and the
 *    facility meter equals IT + distribution losses + cooling, over the
 *    window, to 1e-9 relative (they integrate the same changes in
 *    different orders, so they may differ by rounding only); the cooling
 *    components add up to the cooling total; every plant rejects
 *    outdoors the heat it removed plus its own power, and removes its
 *    zone's IT heat but for the reported deficit;
 *  - jobs: submitted = completed + running + queued + rejected, for the
 *    whole run and for the measurement window, and the tallies agree with
 *    the scheduler's queue and the meters;
 *  - GPUs: free + allocated + down (failed) = installed.
 * Each subsystem checks its own laws first (its check op: the battery's
 * energy balance, the grid's facility + battery, the cap's failure), and
 * fills its own KPIs and time-series columns; this file does the core's.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "grow_array.h"
#include "run_core.h"

#define REL_TOL 1e-9

double world_w_tick_to_mwh(double w_ticks)
{
	return w_ticks / (double)SIM_TICKS_PER_S / 3600.0 / 1e6;
}

#define w_tick_to_mwh world_w_tick_to_mwh

/* The core's columns of the row for the interval of span ticks to now. */
static void core_sample(struct world *w, double span, struct ts_row *row)
{
	struct core_marks *l = &w->last;
	double it[IT_N_COMPONENTS], kw[IT_N_COMPONENTS];
	facility_total_integrals(&w->fac, 0, it);
	for (int c = 0; c < IT_N_COMPONENTS; c++) {
		kw[c] = (it[c] - l->it[c]) / span / 1000.0;
		l->it[c] = it[c];
	}
	double it_span = it[IT_TOTAL] - l->it_total, fac = w->facility_w.integral - l->facility;
	l->it_total = it[IT_TOTAL];
	row->it_kw = kw[IT_TOTAL];
	row->it_gpu_kw = kw[IT_GPU];
	row->it_host_kw = kw[IT_HOST];
	row->it_fans_kw = kw[IT_FANS];
	row->it_network_kw = kw[IT_NETWORK];
	row->facility_kw = fac / span / 1000.0;
	row->pue = it_span > 0 ? fac / it_span : (double)NAN;
	row->gpus_busy = (w->fac.busy.integral - l->busy) / span;
	row->jobs_running = (w->running.integral - l->running) / span;
	row->jobs_queued = (w->queued.integral - l->queued) / span;
	row->gpus_throttled = (w->throttled.integral - l->throttled) / span;
	row->losses_kw = (w->chain.loss_w.integral - l->loss) / span / 1000.0;
	row->gpus_grid_throttled = (w->grid_gpus.integral - l->grid_gpus) / span;
	l->loss = w->chain.loss_w.integral;
	l->grid_gpus = w->grid_gpus.integral;
	l->throttled = w->throttled.integral;
	l->facility = w->facility_w.integral;
	l->busy = w->fac.busy.integral;
	l->running = w->running.integral;
	l->queued = w->queued.integral;
}

int world_sample_row(struct world *w, sim_time now)
{
	struct run_result *r = w->res;
	sim_time dt = now - w->last.at;
	if (dt <= 0 || !w->sc->write_timeseries)
		return 0;
	struct ts_row *nt = grow_array(r->ts, r->n_ts, &r->cap_ts, sizeof *nt, 256);
	if (!nt)
		return -1;
	r->ts = nt;
	struct ts_row *row = &r->ts[r->n_ts++];
	double span = (double)dt;
	row->time_h = clock_to_h(w->last.at);
	row->interval_h = clock_to_h(dt);
	core_sample(w, span, row);
	for (int i = 0; i < RUN_N_SUBS; i++)
		if (world_subs[i]->sample)
			world_subs[i]->sample(w, w->sub[i], span, row);
	w->last.at = now;
	return 0;
}

int world_record_job(struct world *w, const struct job *j)
{
	struct run_result *r = w->res;
	struct job_record *nj = grow_array(r->jobs, r->n_jobs, &r->cap_jobs, sizeof *nj, 1024);
	if (!nj)
		return -1;
	r->jobs = nj;
	struct job_record *rec = &r->jobs[r->n_jobs++];
	memset(rec, 0, sizeof *rec); /* padding too: records compare bytewise */
	rec->id = j->id;
	rec->class_index = j->class_index;
	rec->gpus = j->gpus;
	rec->state = j->state;
	rec->reject = j->reject;
	rec->measured = j->measured;
	rec->submit_s = clock_to_s(j->submit);
	int started = j->state == JOB_RUNNING || j->state == JOB_COMPLETED;
	rec->start_s = started ? clock_to_s(j->start) : -1.0;
	rec->end_s = j->state == JOB_COMPLETED ? clock_to_s(j->end) : -1.0;
	rec->wait_s = started ? clock_to_s(j->start - j->submit) : -1.0;
	rec->energy_kwh = started ? j->energy_j / 3.6e6 : 0.0;
	rec->preemptions = j->preemptions;
	rec->interruptions = j->interruptions;
	rec->lost_work_h = j->lost_s / 3600.0;
	rec->checkpoint_h = j->writing_s / 3600.0;
	rec->restart_h = j->restarting_s / 3600.0;
	rec->ettr = j->state == JOB_COMPLETED && j->end > j->start
			    ? j->work_total_s / clock_to_s(j->end - j->start)
			    : (double)NAN;
	for (size_t i = 0; i < RUN_N_SUBS; i++)
		if (world_subs[i]->job)
			world_subs[i]->job(w, w->sub[i], j, rec);
	return 0;
}

static int by_id(const void *a, const void *b)
{
	uint64_t x = ((const struct job_record *)a)->id;
	uint64_t y = ((const struct job_record *)b)->id;
	return (x > y) - (x < y);
}

/*
 * The records in id order, as jobs.csv writes them. Ids are dense (0, 1,
 * ... in arrival order: on_arrival) and each job is recorded once, when
 * it leaves (end, rejection) or at the run's end (queued, held, running:
 * world_jobs_unfinished), so the records are a permutation of 0..n-1 and
 * each goes straight to its place: one copy a record, where qsort's merge
 * sort of 152-byte records cost some 640 instructions a job. The
 * permutation is checked first (a byte per id); anything else (a record
 * twice, an id missing) is sorted as before, so the order never depends
 * on the check. So is a run whose second array does not fit (qsort sorts
 * in place when memory is short: no run fails here that did not before).
 */
static void jobs_by_id(struct run_result *r)
{
	size_t n = r->n_jobs;
	unsigned char *seen = calloc(n, 1);
	struct job_record *placed = seen ? malloc(n * sizeof *placed) : NULL;
	int perm = placed != NULL;
	for (size_t i = 0; i < n && perm; i++) {
		uint64_t id = r->jobs[i].id;
		perm = id < n && !seen[id];
		if (perm)
			seen[id] = 1;
	}
	free(seen);
	if (!perm) {
		free(placed);
		qsort(r->jobs, n, sizeof *r->jobs, by_id);
		return;
	}
	for (size_t i = 0; i < n; i++)
		memcpy(&placed[r->jobs[i].id], &r->jobs[i], sizeof *placed); /* (padding too) */
	free(r->jobs);
	r->jobs = placed;
	r->cap_jobs = n;
}

/* Measured jobs in the queue at the horizon: their waits so far, kept
 * apart from the finished statistics (a censored sample: each wait is at
 * least this). Held deferrable jobs are not in the queue, so not here. */
static void fill_censored(struct world *w, struct run_kpis *k)
{
	double sum_s = 0;
	uint64_t n = 0;
	for (const struct job *j = w->sched.head; j; j = j->next) {
		if (!j->measured)
			continue;
		sum_s += clock_to_s(w->horizon - j->submit);
		n++;
	}
	k->wait_censored_jobs = n;
	k->wait_censored_mean_s = n > 0 ? sum_s / (double)n : 0.0;
}

static void fill_waits(struct world *w, struct run_kpis *k)
{
	fill_censored(w, k);
	struct quantiles *q = &w->waits_s;
	k->jobs_started = q->n;
	if (q->n == 0)
		return;
	k->wait_prob = (double)quantiles_positive(q) / (double)q->n;
	k->wait_mean_s = quantiles_mean(q);
	k->wait_p50_s = quantiles_at(q, 0.50);
	k->wait_p95_s = quantiles_at(q, 0.95);
	k->wait_p99_s = quantiles_at(q, 0.99);
}

/* Delivered work: the full-speed work of the measured jobs that completed
 * (a job still running at the end, and work lost to stops, deliver
 * nothing), per facility MWh, and their mean slowdown. */
static void fill_work(const struct world *w, struct run_kpis *k)
{
	k->work_done_gpu_hours = w->done_work_gpu_s / 3600.0;
	k->work_gpu_hours_per_mwh = k->facility_energy_mwh > 0
					    ? k->work_done_gpu_hours / k->facility_energy_mwh
					    : (double)NAN;
	k->slowdown_mean = w->measured.completed > 0
				   ? w->slowdown_sum / (double)w->measured.completed
				   : (double)NAN;
}

static int fill_racks(struct world *w, double window)
{
	struct run_result *r = w->res;
	r->racks = calloc((size_t)w->fac.n_racks, sizeof *r->racks);
	if (!r->racks)
		return -1;
	r->n_racks = (size_t)w->fac.n_racks;
	for (size_t i = 0; i < r->n_racks; i++) {
		double e[IT_N_COMPONENTS];
		facility_integrals(&w->fac, &w->fac.racks[i], 1, e);
		facility_peaks(&w->fac, &w->fac.racks[i], r->racks[i].peak_kw);
		for (int c = 0; c < IT_N_COMPONENTS; c++) {
			r->racks[i].peak_kw[c] /= 1000.0;
			r->racks[i].mean_kw[c] = e[c] / window / 1000.0;
			r->racks[i].energy_mwh[c] = w_tick_to_mwh(e[c]);
		}
	}
	return 0;
}

static int fill_chain(struct world *w, double window)
{
	struct run_result *r = w->res;
	const struct power_chain *pc = &w->chain;
	size_t n = 0;
	for (size_t l = 0; l < pc->n_levels; l++)
		n += (size_t)pc->levels[l].spec->units;
	r->chain_units = calloc(n ? n : 1, sizeof *r->chain_units);
	r->chain_levels = calloc(pc->n_levels ? pc->n_levels : 1, sizeof *r->chain_levels);
	if (!r->chain_units || !r->chain_levels)
		return -1;
	r->n_chain_levels = pc->n_levels;
	size_t k = 0;
	for (size_t l = 0; l < pc->n_levels; l++) {
		const struct chain_level *lv = &pc->levels[l];
		struct chain_level_record *lr = &r->chain_levels[l];
		snprintf(lr->name, sizeof lr->name, "%s", lv->spec->name);
		for (int u = 0; u < lv->spec->units; u++, k++) {
			const struct chain_unit *cu = &lv->units[u];
			struct chain_unit_record *ur = &r->chain_units[k];
			double out = meter_window(&cu->out_w), loss = meter_window(&cu->loss_w);
			ur->level = l;
			ur->unit = u;
			ur->rating_kw = cu->rating_w / 1000.0;
			ur->usable_kw = cu->usable_w / 1000.0;
			ur->nameplate_kw = cu->nameplate_w / 1000.0;
			ur->peak_kw = cu->out_w.peak / 1000.0;
			ur->mean_kw = out / window / 1000.0;
			ur->loss_mwh = w_tick_to_mwh(loss);
			ur->efficiency = out + loss > 0 ? out / (out + loss) : (double)NAN;
			ur->hours_over = meter_window(&cu->over) / (double)SIM_TICKS_PER_H;
			ur->max_over_kw = fmax(0.0, (cu->out_w.peak - cu->usable_w) / 1000.0);
			lr->rated_kw += ur->rating_kw;
			lr->usable_kw += ur->usable_kw;
			lr->nameplate_kw += ur->nameplate_kw;
			lr->hours_over = fmax(lr->hours_over, ur->hours_over);
			lr->max_over_kw = fmax(lr->max_over_kw, ur->max_over_kw);
		}
		lr->peak_kw = lv->out_w.peak / 1000.0;
		lr->mean_kw = meter_window(&lv->out_w) / window / 1000.0;
		lr->stranded_kw = lr->usable_kw - lr->peak_kw;
		lr->oversubscription = lr->nameplate_kw / lr->usable_kw;
		lr->loss_mwh = w_tick_to_mwh(meter_window(&lv->loss_w));
	}
	r->n_chain_units = k;
	return 0;
}

int world_fill_kpis(struct world *w)
{
	struct run_kpis *k = &w->res->kpis;
	double window = (double)(w->horizon - w->warmup);
	k->gpus = w->fac.total_gpus;
	k->sim_days = window / (double)SIM_TICKS_PER_H / 24.0;
	double e[IT_N_COMPONENTS];
	facility_total_integrals(&w->fac, 1, e);
	k->it_energy_mwh = w_tick_to_mwh(e[IT_TOTAL]);
	k->it_gpu_energy_mwh = w_tick_to_mwh(e[IT_GPU]);
	k->it_host_energy_mwh = w_tick_to_mwh(e[IT_HOST]);
	k->it_fans_energy_mwh = w_tick_to_mwh(e[IT_FANS]);
	k->it_network_energy_mwh = w_tick_to_mwh(e[IT_NETWORK]);
	k->gpu_throttled_hours = meter_window(&w->throttled) / (double)SIM_TICKS_PER_H;
	k->facility_energy_mwh = w_tick_to_mwh(meter_window(&w->facility_w));
	k->pue = k->it_energy_mwh > 0 ? k->facility_energy_mwh / k->it_energy_mwh : (double)NAN;
	k->it_peak_kw = w->fac.it_total.peak / 1000.0;
	k->facility_peak_kw = w->facility_w.peak / 1000.0;
	k->it_mean_kw = e[IT_TOTAL] / window / 1000.0;
	k->gpu_utilization = count_meter_window(&w->fac.busy) / window / w->fac.total_gpus;
	k->jobs_submitted = w->measured.submitted;
	k->jobs_completed = w->measured.completed;
	k->jobs_running = w->measured.running;
	k->jobs_queued = w->measured.queued;
	k->jobs_rejected = w->measured.rejected;
	fill_waits(w, k);
	fill_work(w, k);
	k->checkpoint_gpu_hours = meter_window(&w->writing) / (double)SIM_TICKS_PER_H;
	k->restart_gpu_hours = meter_window(&w->restarting) / (double)SIM_TICKS_PER_H;
	k->mtbi_h = w->mtbi_hits > 0 ? w->mtbi_run_s / 3600.0 / (double)w->mtbi_hits : (double)NAN;
	k->ettr_mean = w->ettr_n > 0 ? w->ettr_sum / (double)w->ettr_n : (double)NAN;
	k->distribution_loss_mwh = w_tick_to_mwh(meter_window(&w->chain.loss_w));
	k->load_factor = w->facility_w.peak > 0 ? meter_window(&w->facility_w) / window /
							  w->facility_w.peak
						: (double)NAN;
	if (fill_racks(w, window) != 0 || fill_chain(w, window) != 0 ||
	    world_power_dist_fill(w) != 0)
		return -1;
	for (int i = 0; i < RUN_N_SUBS; i++)
		if (world_subs[i]->kpis && world_subs[i]->kpis(w, w->sub[i], k, window) != 0)
			return -1;
	if (w->res->n_jobs > 1)
		jobs_by_id(w->res);
	return 0;
}

int world_close_enough(double a, double b)
{
	double scale = fmax(fabs(a), fabs(b));
	return fabs(a - b) <= REL_TOL * scale || scale < 1e-300;
}

static int check_counts(struct diag *d, const char *src, const char *which,
			const struct job_counts *c)
{
	if (c->submitted == c->completed + c->running + c->queued + c->rejected)
		return 0;
	diag_add(d, "%s: conservation broken (%s jobs): submitted %llu != completed %llu "
		 "+ running %llu + queued %llu + rejected %llu", src, which,
		 (unsigned long long)c->submitted, (unsigned long long)c->completed,
		 (unsigned long long)c->running, (unsigned long long)c->queued,
		 (unsigned long long)c->rejected);
	return -1;
}

int world_check_sum(struct diag *d, const char *src, const char *what, double whole,
		    double parts)
{
	if (world_close_enough(whole, parts))
		return 0;
	diag_add(d, "%s: conservation broken: %s: %.12g MWh != %.12g MWh", src, what,
		 w_tick_to_mwh(whole), w_tick_to_mwh(parts));
	return -1;
}

/*
 * Through the chain, at every level: the level's output = the inputs of the
 * level below (output + loss of each unit), the last level's output = IT,
 * and the losses of all levels = the chain's loss meter.
 */
static int check_chain(struct world *w, struct diag *d, double it, double losses)
{
	const struct power_chain *pc = &w->chain;
	const char *src = w->sc->source;
	int rc = 0;
	double loss_sum = 0;
	for (size_t l = 0; l < pc->n_levels; l++) {
		const struct chain_level *lv = &pc->levels[l];
		double out = meter_window(&lv->out_w), units_out = 0, units_loss = 0;
		for (int u = 0; u < lv->spec->units; u++) {
			units_out += meter_window(&lv->units[u].out_w);
			units_loss += meter_window(&lv->units[u].loss_w);
		}
		double below = it;
		if (l + 1 < pc->n_levels)
			below = meter_window(&pc->levels[l + 1].out_w) +
				meter_window(&pc->levels[l + 1].loss_w);
		char what[96];
		snprintf(what, sizeof what, "chain level %s: output != sum of its units",
			 lv->spec->name);
		rc |= world_check_sum(d, src, what, out, units_out);
		snprintf(what, sizeof what, "chain level %s: losses != sum of its units",
			 lv->spec->name);
		rc |= world_check_sum(d, src, what, meter_window(&lv->loss_w), units_loss);
		snprintf(what, sizeof what, "chain level %s: output != input of the level below",
			 lv->spec->name);
		rc |= world_check_sum(d, src, what, out, below);
		loss_sum += meter_window(&lv->loss_w);
	}
	if (pc->n_levels > 0)
		rc |= world_check_sum(d, src, "chain losses != sum over levels", losses, loss_sum);
	return rc;
}

/* The racks' levels add up to the facility's (GPU, datasheet, network
 * integrals), and the facility meter to IT plus overhead. */
static int check_energy(struct world *w, struct diag *d)
{
	const char *src = w->sc->source;
	int rc = 0;
	double it[IT_N_COMPONENTS], sum[IT_N_COMPONENTS] = { 0 };
	facility_total_integrals(&w->fac, 1, it);
	for (int r = 0; r < w->fac.n_racks; r++) {
		double e[IT_N_COMPONENTS];
		facility_integrals(&w->fac, &w->fac.racks[r], 1, e);
		for (int c = 0; c < IT_N_COMPONENTS; c++)
			sum[c] += e[c];
	}
	for (int c = 0; c < IT_N_COMPONENTS; c++) {
		char what[64];
		snprintf(what, sizeof what, "IT %s energy != sum over racks",
			 it_component_name((enum it_component)c));
		rc |= world_check_sum(d, src, what, it[c], sum[c]);
	}
	rc |= world_check_sum(d, src, "IT energy != GPU + host + fans + network", it[IT_TOTAL],
			it[IT_GPU] + it[IT_HOST] + it[IT_FANS] + it[IT_NETWORK]);
	rc |= world_check_sum(d, src, "IT energy != the IT meter", it[IT_TOTAL],
			meter_window(&w->fac.it_total));
	double losses = meter_window(&w->chain.loss_w);
	struct cooling_totals ct;
	world_cooling_totals(w, 1, &ct);
	double drawn = 0; /* cooling's, and any other subsystem's that draws */
	for (size_t i = 0; i < RUN_N_SUBS; i++)
		if (world_subs[i]->energy)
			drawn += world_subs[i]->energy(w, w->sub[i]);
	rc |= world_check_sum(d, src, "facility energy != IT + distribution losses + cooling",
			meter_window(&w->facility_w), it[IT_TOTAL] + losses + drawn);
	double parts = 0;
	for (int c = 1; c < COOL_N_COMPONENTS; c++)
		parts += ct.w[c];
	rc |= world_check_sum(d, src, "cooling energy != sum of its components", ct.w[COOL_TOTAL], parts);
	rc |= world_check_sum(d, src, "heat rejected outdoors != heat removed + cooling energy",
			ct.rejected_w, ct.removed_w + ct.w[COOL_TOTAL]);
	double room_heat = 0; /* the indoor levels' losses */
	for (size_t l = 0; w->sc->has_room && l < w->chain.n_levels; l++)
		if (!w->chain.levels[l].spec->outdoors)
			room_heat += meter_window(&w->chain.levels[l].loss_w);
	rc |= world_check_sum(d, src, "IT heat + indoor losses != heat removed + heat deficit",
			it[IT_TOTAL] + room_heat, ct.removed_w + ct.deficit_w);
	return rc | check_chain(w, d, it[IT_TOTAL], losses);
}

/* Every busy GPU computes, writes a checkpoint or restarts: the hold
 * meters are the running jobs' holds, and within the busy GPUs. */
static int check_holds(const struct world *w, struct diag *d)
{
	double writing = 0, restarting = 0;
	for (size_t k = 0; k < w->n_groups; k++)
		for (const struct job *j = w->groups[k].running; j; j = j->run_next) {
			writing += j->phase == JOB_WRITING ? j->gpus : 0;
			restarting += j->phase == JOB_RESTARTING ? j->gpus : 0;
		}
	if (writing == w->writing.value && restarting == w->restarting.value &&
	    writing + restarting <= (double)w->fac.busy.value)
		return 0;
	diag_add(d, "%s: conservation broken: GPUs writing %g and restarting %g (meters %g, %g) "
		 "against %lld busy", w->sc->source, writing, restarting, w->writing.value,
		 w->restarting.value, (long long)w->fac.busy.value);
	return -1;
}

/* The run stops at the first subsystem whose checks fail (the cap's
 * failure, a capacity below the idle draw, would break the grid's too). */
int world_check_conservation(struct world *w, struct diag *d)
{
	const char *src = w->sc->source;
	for (int i = 0; i < RUN_N_SUBS; i++)
		if (world_subs[i]->check && world_subs[i]->check(w, w->sub[i], d) != 0)
			return -1;
	int rc = check_energy(w, d);
	rc |= world_power_dist_check(w, d);
	rc |= check_counts(d, src, "all", &w->all);
	rc |= check_counts(d, src, "measured", &w->measured);
	int busy = w->fac.total_gpus - w->fac.free_gpus - w->fac.down_gpus;
	rc |= check_holds(w, d);
	if (w->all.queued != w->sched.queued + world_defer_held(w) ||
	    (int64_t)w->all.running != w->running.value ||
	    (int64_t)w->all.queued != w->queued.value || busy != w->fac.busy.value) {
		diag_add(d, "%s: conservation broken: tallies (running %llu, queued %llu, busy "
			 "GPUs %d) disagree with the queue (%zu) or meters (%lld, %lld, %lld)", src,
			 (unsigned long long)w->all.running, (unsigned long long)w->all.queued,
			 busy, w->sched.queued, (long long)w->running.value,
			 (long long)w->queued.value, (long long)w->fac.busy.value);
		rc = -1;
	}
	return rc;
}

void run_result_fini(struct run_result *r)
{
	free(r->racks);
	free(r->chain_units);
	free(r->chain_levels);
	free(r->zones);
	free(r->ts);
	free(r->jobs);
	free(r->deferrals);
	free(r->failure_causes);
	free(r->queue_groups);
	free(r->power_bins);
	free(r->months);
	free(r->services);
	free(r->requests);
	free(r->service_ts);
	memset(r, 0, sizeof *r);
}

const char *run_job_state_name(enum job_state s)
{
	static const char *const names[] = { "queued", "running", "completed", "rejected" };
	return names[s];
}

const char *run_request_state_name(enum request_state s)
{
	static const char *const names[] = { "served", "dropped", "waiting", "in_service" };
	return names[s];
}

const char *run_reject_reason_name(enum job_reject_reason r)
{
	return r == JOB_REJECT_TOO_LARGE ? "gpus_exceed_facility" : "";
}
