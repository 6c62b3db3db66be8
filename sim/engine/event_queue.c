/*
 * event_queue.c - 4-ary min-heap of (time, sequence) over a slot pool.
 *
 * The heap array holds the keys and the slot index side by side, so a sift
 * compares and moves keys without touching the pool. Keys are unique
 * because the sequence number grows with every push, so the order is total
 * and repeatable.
 *
 * Cancel is lazy: it marks the slot, and the entry stays in the heap until
 * it reaches the root, where the pop drops it unseen. So no move of an
 * entry writes its position back into the pool (a store on every level of
 * every sift, for the few events that are ever cancelled), and a cancel
 * is O(1). Because the keys are a total order, which entries sit in the
 * heap does not change the order in which the live ones pop. Dead entries
 * are bounded: once they outnumber the live ones the heap drops them all
 * and is rebuilt (O(n), paid for by the cancels that made them).
 *
 * Trade-off: a d-ary heap costs O(log n) per push and pop. A calendar queue
 * is O(1) on average but its bucket width must be tuned to the event-time
 * distribution, which differs wildly between a 1-ms inference trace and a
 * 30-day training job mix. Arity 4 rather than 2 halves the height for one
 * more comparison per level; pops are bottom-up (remove_root). Recurring
 * sources such as job arrivals are timers beside the heap (event_queue.h).
 * Measured with bench/callgrind.sh (whole M/M/c run, per job): 2,759
 * instructions with a binary heap, 2,692 with arity 4, 2,652 with
 * bottom-up pops, 2,202 with arrivals as timers, 2,114 with inline meters;
 * later, on a tree that does much more per job, 3,278 -> 3,225 with the
 * padding (PAD) and one look at the timers per pop (event_queue_pop_until).
 * A radix heap (monotone keys: the clock never goes back) was tried in
 * its place and gave 3,188 against 3,192, no gain for its memory and code.
 * Then (issue 20, per job by the quick callgrind difference at 50k and
 * 250k jobs, whose figures run about 50 above bench/callgrind.sh's)
 * 3,210 -> 3,090 with the comparison a chain of branches (the time
 * decides nearly always) and the walks over pointers to entries: the
 * select-and-test form had each level of a pop at about 55 instructions;
 * 3,001 -> 2,991 with lazy cancel (no positions kept); 2,748 -> 2,717 with
 * the pop's timer look and root removal inline; 2,709 -> 2,699 with
 * 16-byte entries (32-bit sequence numbers, renumbered at the limit).
 * Then (issue 20, target 6; bench/callgrind.sh, the queue and run loop
 * about 420 of 2,475 per job) 2,475 -> 2,449 with the walks over byte
 * offsets; -> 2,427 with the first timer a pointer and a disarmed timer
 * keyed as the padding (so one timer is always the first and a pop
 * compares one key with the root); -> 2,364 with the per-event paths
 * inline in the run loop, sim_at and sim_timer_set (event_queue_impl.h);
 * -> 2,352 with the padding written after the walk; -> 2,338 with sim_at
 * and sim_timer_set frameless; -> 2,328 with ids that are never 0 (a
 * generation wraps freely); -> 2,318 with "later" the comparison's first
 * branch; -> 2,314 with dead roots looked for on the heap's path only and
 * no slot state but a cancelled flag; -> 2,311 with sim_at's slow path
 * out of line: about 260 per job left, some 110 of them the pop's walk.
 * The interface keeps a further swap cheap.
 */
#include "event_queue.h"
#include "event_queue_impl.h"

#include <assert.h>
#include <stdlib.h>

static void sift_down(struct event_queue *q, size_t pos)
{
	struct heap_entry *h = q->heap;
	const struct heap_entry e = h[pos];
	const size_t end = q->size * ENTRY;
	size_t off = pos * ENTRY;
	for (size_t first = ARITY * off + ENTRY; first < end; first = ARITY * off + ENTRY) {
		const struct heap_entry *m = min_child(entry_at(h, first));
		if (!entry_less(m, &e))
			break;
		*entry_at(h, off) = *m;
		off = (size_t)((const char *)m - (const char *)h);
	}
	*entry_at(h, off) = e;
}

/* Link slots [from, to) into the free list, lowest index first. */
static void free_list_extend(struct event_queue *q, size_t from, size_t to)
{
	for (size_t i = to; i > from; i--) {
		struct slot *s = &q->slots[i - 1];
		s->cancelled = 0;
		s->gen = 0;
		s->next_free = q->free_head;
		q->free_head = (uint32_t)(i - 1);
	}
}

int eq_grow(struct event_queue *q)
{
	size_t cap = q->capacity ? q->capacity * 2 : 64;
	if (cap > POS_NONE - 1)
		return -1;
	struct heap_entry *h = realloc(q->heap, (cap + PADDING) * sizeof *h);
	if (!h)
		return -1;
	q->heap = h;
	for (size_t i = q->capacity + PADDING; i < cap + PADDING; i++)
		h[i] = PAD;
	struct slot *s = realloc(q->slots, cap * sizeof *s);
	if (!s)
		return -1;
	q->slots = s;
	free_list_extend(q, q->capacity, cap);
	q->capacity = cap;
	return 0;
}

struct event_queue *event_queue_create(size_t capacity_hint)
{
	struct event_queue *q = calloc(1, sizeof *q);
	if (!q)
		goto fail;
	q->free_head = POS_NONE;
	q->next_seq = 1;
	q->no_timer.key = PAD;
	q->first_timer = &q->no_timer;
	size_t cap = capacity_hint < 64 ? 64 : capacity_hint;
	q->heap = malloc((cap + PADDING) * sizeof *q->heap);
	q->slots = malloc(cap * sizeof *q->slots);
	if (!q->heap || !q->slots)
		goto fail;
	for (size_t i = 0; i < cap + PADDING; i++)
		q->heap[i] = PAD;
	free_list_extend(q, 0, cap);
	q->capacity = cap;
	return q;
fail:
	event_queue_destroy(q);
	return NULL;
}

void event_queue_destroy(struct event_queue *q)
{
	if (!q)
		return;
	free(q->heap);
	free(q->slots);
	free(q->timers);
	free(q);
}

static int entry_cmp(const void *a, const void *b)
{
	return entry_less(a, b) ? -1 : entry_less(b, a) ? 1 : 0;
}

/* The armed timer with the least key not renumbered yet (key.slot 0:
 * a timer's slot field is otherwise unused), or NULL. */
static struct timer *next_timer(struct event_queue *q)
{
	struct timer *best = NULL;
	for (size_t i = 0; i < q->n_timers; i++) {
		struct timer *t = &q->timers[i];
		if (t->key.time != SIM_TIME_NEVER && t->key.slot == 0 &&
		    (!best || entry_less(&t->key, &best->key)))
			best = t;
	}
	return best;
}

/*
 * Give every pending key (heap entries, dead ones too, and armed timers)
 * a new sequence number from 1, in key order, so the counter starts low
 * again and every comparison between pending keys comes out as before.
 * The heap is sorted in place first (a sorted array is a heap; cancel
 * keeps no positions, so entries may move), then merged with the timers
 * in order. O(n log n + timers^2), once per 4 billion pushes.
 */
void eq_renumber(struct event_queue *q)
{
	qsort(q->heap, q->size, sizeof *q->heap, entry_cmp);
	uint32_t seq = 1;
	struct timer *t = next_timer(q);
	for (size_t i = 0; i < q->size || t;) {
		if (t && (i == q->size || entry_less(&t->key, &q->heap[i]))) {
			t->key.seq = seq++;
			t->key.slot = 1;
			t = next_timer(q);
		} else {
			q->heap[i++].seq = seq++;
		}
	}
	for (size_t i = 0; i < q->n_timers; i++)
		q->timers[i].key.slot = 0;
	q->next_seq = seq;
}

void event_queue_test_seq(struct event_queue *q, uint32_t next)
{
	assert(next > 0 && next < SEQ_LIMIT);
	/* (a test's start: only valid while every pending key is below next) */
	q->next_seq = next;
}

event_id event_queue_push(struct event_queue *q, sim_time t, sim_handler fn,
			  void *ctx, uint64_t arg)
{
	if (q->free_head == POS_NONE && eq_grow(q) != 0)
		return EVENT_ID_NONE;
	if (!eq_seq_ready(q))
		eq_renumber(q);
	return eq_push_fast(q, t, fn, ctx, arg);
}

/* Free the slot of a dead entry leaving the heap. */
static void release_dead(struct event_queue *q, uint32_t idx)
{
	q->slots[idx].cancelled = 0;
	release(q, idx);
}

/* Drop every dead entry and rebuild the heap from the live ones (Floyd's
 * bottom-up construction). */
static void drop_dead(struct event_queue *q)
{
	struct heap_entry *h = q->heap;
	size_t n = 0;
	for (size_t i = 0; i < q->size; i++) {
		if (q->slots[h[i].slot].cancelled)
			release_dead(q, h[i].slot);
		else
			h[n++] = h[i];
	}
	for (size_t i = n; i < q->size; i++)
		h[i] = PAD;
	q->size = n;
	q->dead = 0;
	for (size_t i = n / ARITY + 1; i-- > 0;)
		if (i < n)
			sift_down(q, i);
}

int event_queue_cancel(struct event_queue *q, event_id id)
{
	uint32_t idx = (uint32_t)(id & 0xffffffffu) - 1; /* make_id; POS_NONE for EVENT_ID_NONE */
	uint32_t gen = (uint32_t)(id >> 32);
	if (id == EVENT_ID_NONE || idx >= q->capacity)
		return 0;
	struct slot *s = &q->slots[idx];
	if (s->gen != gen || s->cancelled) /* ran, cancelled, or not given out */
		return 0;
	s->cancelled = 1;
	bump_gen(s); /* the id is spent, as when the event runs */
	if (++q->dead > q->size / 2 && q->size > 64)
		drop_dead(q);
	return 1;
}

/* Pop dead entries off the root until a live one (or none) is there;
 * 1 if any was. */
int eq_drop_dead_roots(struct event_queue *q)
{
	int dropped = 0;
	while (q->size > 0 && q->slots[q->heap[0].slot].cancelled) {
		uint32_t idx = q->heap[0].slot;
		remove_root(q);
		release_dead(q, idx);
		q->dead--;
		dropped = 1;
	}
	return dropped;
}

/* Recompute the first timer: O(timers), on an arming that may have moved
 * it later and on a firing, with more than one timer. A disarmed key is
 * PAD, above every armed one, so the least key is the earliest armed
 * timer's, or a disarmed timer's when none is armed. */
void eq_find_first_timer(struct event_queue *q)
{
	struct timer *best = q->n_timers ? &q->timers[0] : &q->no_timer;
	for (size_t i = 1; i < q->n_timers; i++)
		if (entry_less(&q->timers[i].key, &best->key))
			best = &q->timers[i];
	q->first_timer = best;
}

sim_time event_queue_peek(struct event_queue *q)
{
	eq_drop_dead_roots(q);
	if (timer_first(q))
		return q->first_timer->key.time;
	return q->heap[0].time; /* PAD's SIM_TIME_NEVER when empty */
}

int event_queue_pop(struct event_queue *q, struct event_fired *out)
{
	return eq_pop_due(q, SIM_TIME_NEVER, out);
}

int event_queue_pop_until(struct event_queue *q, sim_time end, struct event_fired *out)
{
	return eq_pop_due(q, end, out);
}

/* O(timers): only tests ask, and a count kept would cost the arming and
 * the firing an update each. */
size_t event_queue_size(const struct event_queue *q)
{
	size_t armed = 0;
	for (size_t i = 0; i < q->n_timers; i++)
		armed += q->timers[i].key.time != SIM_TIME_NEVER;
	return q->size - q->dead + armed;
}

int event_queue_timer_add(struct event_queue *q, sim_handler fn, void *ctx, uint64_t arg)
{
	hot_assert(fn);
	if (q->n_timers >= INT32_MAX)
		return -1;
	struct timer *t = realloc(q->timers, (q->n_timers + 1) * sizeof *t);
	if (!t)
		return -1;
	q->timers = t;
	t[q->n_timers] = (struct timer){ PAD, fn, ctx, arg };
	int timer = (int)q->n_timers++;
	eq_find_first_timer(q); /* the timers moved */
	return timer;
}

void event_queue_timer_set(struct event_queue *q, int timer, sim_time t)
{
	if (!eq_seq_ready(q))
		eq_renumber(q);
	eq_timer_set_fast(q, timer, t);
}

void event_queue_timer_clear(struct event_queue *q, int timer)
{
	assert(timer >= 0 && (size_t)timer < q->n_timers);
	struct timer *tm = &q->timers[timer];
	tm->key = PAD;
	if (q->first_timer == tm)
		eq_find_first_timer(q);
}
