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
 * The interface keeps a further swap cheap.
 */
#include "event_queue.h"

#include <assert.h>
#include <stdlib.h>

#include "hot_assert.h"

#define POS_NONE UINT32_MAX /* no slot: the free list's end */

/* 16 bytes: a move is one vector copy and an index a shift. The sequence
 * is 32 bits; before it would reach SEQ_LIMIT every pending key is
 * renumbered in order (renumber), so the order never sees a wrap. */
struct heap_entry {
	sim_time time;
	uint32_t seq;
	uint32_t slot;
};

#define SEQ_LIMIT UINT32_MAX /* the padding's: no event's sequence reaches it */

enum slot_state { SLOT_FREE, SLOT_PENDING, SLOT_CANCELLED };

struct slot {
	sim_handler fn;
	void *ctx;
	uint64_t arg;
	uint32_t gen;      /* bumped at cancel and at free: an old id matches no more */
	uint32_t state;    /* enum slot_state; a cancelled slot's entry is still in the heap */
	uint32_t next_free;
};

struct timer {
	struct heap_entry key; /* key.slot unused but by renumber; PAD when disarmed */
	sim_handler fn;
	void *ctx;
	uint64_t arg;
};

struct event_queue {
	struct heap_entry *heap;
	struct slot *slots;
	size_t size;      /* entries in heap, dead ones included */
	size_t dead;      /* of them, cancelled */
	size_t capacity;  /* of both heap and slots */
	uint32_t free_head;
	uint32_t next_seq;
	struct timer *timers;
	size_t n_timers;
	/* The armed timer with the least key; when none is armed, a disarmed
	 * one (its key PAD), or no_timer when there are no timers: so a pop
	 * compares its key with the heap's root (PAD when the heap is empty)
	 * and nothing else. */
	struct timer *first_timer;
	struct timer no_timer;
};

/* Times first, and the sequence only on a tie: events at one tick are
 * rare, so one comparison decides nearly always (written as a chain of
 * branches, not a select, because most pairs differ in time). */
static inline int entry_less(const struct heap_entry *a, const struct heap_entry *b)
{
	return a->time < b->time || (a->time == b->time && a->seq < b->seq);
}

#define ARITY 4

/* Every entry past the last is this key, greater than any event's (an
 * event's sequence number never reaches SEQ_LIMIT), so a family of
 * children is always full: min_child needs no count and the walks no
 * bounds but the first child's (ARITY - 1 entries of padding past the
 * heap's capacity). */
static const struct heap_entry PAD = { SIM_TIME_NEVER, SEQ_LIMIT, 0 };
#define PADDING (ARITY - 1)

/* The walks go over byte offsets into the heap, not indices: a child's
 * offset is ARITY * parent's + 16 (one lea), a parent's one shift and a
 * mask, and an offset is an addressing mode's index as it is. */
#define ENTRY ((size_t)sizeof(struct heap_entry))

static inline struct heap_entry *entry_at(struct heap_entry *h, size_t off)
{
	return (struct heap_entry *)(void *)((char *)h + off);
}

/* Put e at offset off, or above it where the heap order wants it. */
static inline void sift_up(struct heap_entry *h, size_t off, struct heap_entry e)
{
	while (off > 0) {
		size_t parent = ((off - ENTRY) / ARITY) & ~(ENTRY - 1);
		const struct heap_entry *p = entry_at(h, parent);
		if (!entry_less(&e, p))
			break;
		*entry_at(h, off) = *p;
		off = parent;
	}
	*entry_at(h, off) = e;
}

/* The smallest of the ARITY children at c (the padding fills a family
 * past the last entry): three comparisons, no count. */
static inline const struct heap_entry *min_child(const struct heap_entry *c)
{
	const struct heap_entry *m = entry_less(&c[1], &c[0]) ? &c[1] : &c[0];
	if (entry_less(&c[2], m))
		m = &c[2];
	if (entry_less(&c[3], m))
		m = &c[3];
	return m;
}

static void sift_down(struct event_queue *q, size_t pos)
{
	struct heap_entry *h = q->heap, e = h[pos];
	for (;;) {
		size_t first = ARITY * pos + 1;
		if (first >= q->size)
			break;
		const struct heap_entry *m = min_child(&h[first]);
		if (!entry_less(m, &e))
			break;
		h[pos] = *m;
		pos = (size_t)(m - h);
	}
	h[pos] = e;
}

/*
 * Remove the root (Floyd's bottom-up variant): walk the hole down along the
 * smaller children to a leaf without comparing against the entry that will
 * fill it, then drop the last entry into the hole and sift it up. The last
 * entry is a leaf and usually belongs near the bottom, so the climb is
 * short, and each level costs one comparison fewer than a plain sift-down.
 */
static inline void remove_root(struct event_queue *q)
{
	struct heap_entry *h = q->heap;
	const size_t n = --q->size;
	const struct heap_entry last = h[n];
	h[n] = PAD;
	if (n == 0)
		return;
	const size_t end = n * ENTRY;
	size_t hole = 0;
	for (size_t first = ENTRY; first < end; first = ARITY * hole + ENTRY) {
		const struct heap_entry *m = min_child(entry_at(h, first));
		*entry_at(h, hole) = *m;
		hole = (size_t)((const char *)m - (const char *)h);
	}
	sift_up(h, hole, last);
}

/* Link slots [from, to) into the free list, lowest index first. */
static void free_list_extend(struct event_queue *q, size_t from, size_t to)
{
	for (size_t i = to; i > from; i--) {
		struct slot *s = &q->slots[i - 1];
		s->state = SLOT_FREE;
		s->gen = 1;
		s->next_free = q->free_head;
		q->free_head = (uint32_t)(i - 1);
	}
}

static int grow(struct event_queue *q)
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
static void renumber(struct event_queue *q)
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

static uint32_t take_seq(struct event_queue *q)
{
	if (q->next_seq == SEQ_LIMIT)
		renumber(q);
	return q->next_seq++;
}

void event_queue_test_seq(struct event_queue *q, uint32_t next)
{
	assert(next > 0 && next < SEQ_LIMIT);
	/* (a test's start: only valid while every pending key is below next) */
	q->next_seq = next;
}

static event_id make_id(uint32_t slot, uint32_t gen)
{
	return ((uint64_t)gen << 32) | slot;
}

event_id event_queue_push(struct event_queue *q, sim_time t, sim_handler fn,
			  void *ctx, uint64_t arg)
{
	hot_assert(fn);
	if (q->free_head == POS_NONE && grow(q) != 0)
		return EVENT_ID_NONE;
	uint32_t idx = q->free_head;
	struct slot *s = &q->slots[idx];
	q->free_head = s->next_free;
	s->fn = fn;
	s->ctx = ctx;
	s->arg = arg;
	s->state = SLOT_PENDING;
	struct heap_entry e = { t, take_seq(q), idx };
	sift_up(q->heap, q->size++ * ENTRY, e);
	return make_id(idx, s->gen);
}

static void bump_gen(struct slot *s)
{
	s->gen++;
	if (s->gen == 0) /* id 0 is reserved; skip it on wrap */
		s->gen = 1;
}

static void release(struct event_queue *q, uint32_t idx)
{
	struct slot *s = &q->slots[idx];
	s->state = SLOT_FREE;
	bump_gen(s);
	s->next_free = q->free_head;
	q->free_head = idx;
}

/* Drop every dead entry and rebuild the heap from the live ones (Floyd's
 * bottom-up construction). */
static void drop_dead(struct event_queue *q)
{
	struct heap_entry *h = q->heap;
	size_t n = 0;
	for (size_t i = 0; i < q->size; i++) {
		if (q->slots[h[i].slot].state == SLOT_CANCELLED)
			release(q, h[i].slot);
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
	uint32_t idx = (uint32_t)(id & 0xffffffffu);
	uint32_t gen = (uint32_t)(id >> 32);
	if (id == EVENT_ID_NONE || idx >= q->capacity)
		return 0;
	struct slot *s = &q->slots[idx];
	if (s->gen != gen || s->state != SLOT_PENDING)
		return 0;
	s->state = SLOT_CANCELLED;
	bump_gen(s); /* the id is spent, as when the event runs */
	if (++q->dead > q->size / 2 && q->size > 64)
		drop_dead(q);
	return 1;
}

/* Pop dead entries off the root until a live one (or none) is there. */
static inline void drop_dead_roots(struct event_queue *q)
{
	while (q->size > 0 && q->slots[q->heap[0].slot].state == SLOT_CANCELLED) {
		uint32_t idx = q->heap[0].slot;
		remove_root(q);
		release(q, idx);
		q->dead--;
	}
}

/* Recompute the first timer: O(timers), on an arming that may have moved
 * it later and on a firing, with more than one timer. A disarmed key is
 * PAD, above every armed one, so the least key is the earliest armed
 * timer's, or a disarmed timer's when none is armed. */
static void find_first_timer(struct event_queue *q)
{
	struct timer *best = q->n_timers ? &q->timers[0] : &q->no_timer;
	for (size_t i = 1; i < q->n_timers; i++)
		if (entry_less(&q->timers[i].key, &best->key))
			best = &q->timers[i];
	q->first_timer = best;
}

/* 1 when the earliest timer comes before the heap's root. */
static inline int timer_first(const struct event_queue *q)
{
	return entry_less(&q->first_timer->key, &q->heap[0]);
}

sim_time event_queue_peek(struct event_queue *q)
{
	drop_dead_roots(q);
	if (timer_first(q))
		return q->first_timer->key.time;
	return q->heap[0].time; /* PAD's SIM_TIME_NEVER when empty */
}

/* Pop the earliest event into *out if it is due by end; 0 when none is. */
static inline int pop_due(struct event_queue *q, sim_time end, struct event_fired *out)
{
	if (q->dead)
		drop_dead_roots(q);
	if (timer_first(q)) {
		struct timer *t = q->first_timer;
		if (t->key.time > end)
			return 0;
		out->time = t->key.time;
		out->fn = t->fn;
		out->ctx = t->ctx;
		out->arg = t->arg;
		t->key = PAD;
		if (q->n_timers > 1) /* one timer: it stays the first, disarmed */
			find_first_timer(q);
		return 1;
	}
	if (q->heap[0].time > end || q->size == 0)
		return 0;
	uint32_t idx = q->heap[0].slot;
	const struct slot *s = &q->slots[idx];
	out->time = q->heap[0].time;
	out->fn = s->fn;
	out->ctx = s->ctx;
	out->arg = s->arg;
	remove_root(q);
	release(q, idx);
	return 1;
}

int event_queue_pop(struct event_queue *q, struct event_fired *out)
{
	return pop_due(q, SIM_TIME_NEVER, out);
}

int event_queue_pop_until(struct event_queue *q, sim_time end, struct event_fired *out)
{
	return pop_due(q, end, out);
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
	find_first_timer(q); /* the timers moved */
	return timer;
}

void event_queue_timer_set(struct event_queue *q, int timer, sim_time t)
{
	hot_assert(timer >= 0 && (size_t)timer < q->n_timers && t != SIM_TIME_NEVER);
	struct timer *tm = &q->timers[timer];
	tm->key.time = t;
	tm->key.seq = take_seq(q);
	if (q->first_timer == tm) {
		/* A firing that moved later may no longer be the earliest: rescan. */
		if (q->n_timers > 1)
			find_first_timer(q);
	} else if (entry_less(&tm->key, &q->first_timer->key)) {
		q->first_timer = tm;
	}
}

void event_queue_timer_clear(struct event_queue *q, int timer)
{
	assert(timer >= 0 && (size_t)timer < q->n_timers);
	struct timer *tm = &q->timers[timer];
	tm->key = PAD;
	if (q->first_timer == tm)
		find_first_timer(q);
}
