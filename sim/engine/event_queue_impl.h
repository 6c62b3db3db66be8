/*
 * event_queue_impl.h - the event queue's layout and its per-event paths
 * (pop, push, arming a timer), for event_queue.c and the run loop
 * (sim.c) only: models see the opaque struct of event_queue.h.
 *
 * Why a header: each event is a pop and about one push or one arming,
 * and as calls into event_queue.c they paid their call frames (a pop
 * was four: the run loop, event_queue_pop_until, pop_due, remove_root).
 * Inline in sim.c, the loop keeps the popped event in registers. The
 * algorithm and its measurements are in event_queue.c's header.
 */
#ifndef DCSIM_EVENT_QUEUE_IMPL_H
#define DCSIM_EVENT_QUEUE_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "event_queue.h"
#include "hot_assert.h"

/* The per-event paths, each inlined at one or two call sites: GCC would
 * otherwise keep the pop, a large function, out of the run loop. */
#ifdef __GNUC__
#define EQ_INLINE static inline __attribute__((always_inline))
#else
#define EQ_INLINE static inline
#endif

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

struct slot {
	sim_handler fn;
	void *ctx;
	uint64_t arg;
	/* Bumped at cancel and at free, so an id matches its slot's gen
	 * exactly while its event is pending: that alone tells a pending
	 * event, and a push or a pop writes no state besides. */
	uint32_t gen;
	uint32_t cancelled; /* from the cancel until its dead entry leaves the heap */
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

/* event_queue.c's slow paths. */
int eq_grow(struct event_queue *q);
void eq_renumber(struct event_queue *q);
int eq_drop_dead_roots(struct event_queue *q);
void eq_find_first_timer(struct event_queue *q);

/* Times first, and the sequence only on a tie: events at one tick are
 * rare, so one comparison decides nearly always (written as a chain of
 * branches, not a select, because most pairs differ in time). The
 * answer is more often no (a sift stops, a later child loses to the
 * least so far), so "later" is the branch taken first. */
static inline int entry_less(const struct heap_entry *a, const struct heap_entry *b)
{
	if (a->time > b->time)
		return 0;
	return a->time < b->time || a->seq < b->seq;
}

#define ARITY 4

/* Every entry past the last is this key, greater than any event's (an
 * event's sequence number never reaches SEQ_LIMIT), so a family of
 * children is always full: min_child needs no count and the walks no
 * bounds but the first child's (ARITY - 1 entries of padding past the
 * heap's capacity). */
#define PAD ((struct heap_entry){ SIM_TIME_NEVER, SEQ_LIMIT, 0 })
#define PADDING (ARITY - 1)

/* Make *e the padding key where it is known to hold slot 0 or no slot
 * (a timer's key, a place past the heap's end): the time and the
 * sequence are the key; two stores rather than a constant's load and a
 * 16-byte store. */
static inline void set_pad(struct heap_entry *e)
{
	e->time = SIM_TIME_NEVER;
	e->seq = SEQ_LIMIT;
}

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

/*
 * Remove the root (Floyd's bottom-up variant): walk the hole down along the
 * smaller children to a leaf without comparing against the entry that will
 * fill it, then drop the last entry into the hole and sift it up. The last
 * entry is a leaf and usually belongs near the bottom, so the climb is
 * short, and each level costs one comparison fewer than a plain sift-down.
 * The last entry's old place becomes padding only at the end: the walk
 * may have taken it up (then the hole is that place and the climb stops
 * at once), and with n == 0 the root is that place, so no case of its own.
 */
EQ_INLINE void remove_root(struct event_queue *q)
{
	struct heap_entry *h = q->heap;
	const size_t n = --q->size;
	const struct heap_entry last = h[n];
	const size_t end = n * ENTRY;
	size_t hole = 0;
	for (size_t first = ENTRY; first < end; first = ARITY * hole + ENTRY) {
		const struct heap_entry *m = min_child(entry_at(h, first));
		*entry_at(h, hole) = *m;
		hole = (size_t)((const char *)m - (const char *)h);
	}
	sift_up(h, hole, last);
	set_pad(&h[n]);
}

/* 1 when a sequence number can be taken without renumbering. */
static inline int eq_seq_ready(const struct event_queue *q)
{
	return q->next_seq != SEQ_LIMIT;
}

/* 1 when a push needs no more slots and no renumbering. The fast paths
 * below assume it (the callers check): with no call left in them, sim_at
 * and sim_timer_set need no stack frame (their slow paths are calls in
 * tail position). */
static inline int eq_push_ready(const struct event_queue *q)
{
	return q->free_head != POS_NONE && eq_seq_ready(q);
}

/* The slot plus one in the low half, so no id is 0 (EVENT_ID_NONE: a
 * slot is below POS_NONE) whatever the generation, and a generation
 * wraps freely: a bump is one add. */
static inline event_id make_id(uint32_t slot, uint32_t gen)
{
	return ((uint64_t)gen << 32) | (slot + 1);
}

static inline void bump_gen(struct slot *s)
{
	s->gen++;
}

static inline void release(struct event_queue *q, uint32_t idx)
{
	struct slot *s = &q->slots[idx];
	bump_gen(s);
	s->next_free = q->free_head;
	q->free_head = idx;
}

/* event_queue_push once eq_push_ready; never EVENT_ID_NONE. */
EQ_INLINE event_id eq_push_fast(struct event_queue *q, sim_time t, sim_handler fn, void *ctx,
				uint64_t arg)
{
	hot_assert(fn && eq_push_ready(q));
	uint32_t idx = q->free_head;
	struct slot *s = &q->slots[idx];
	q->free_head = s->next_free;
	s->fn = fn;
	s->ctx = ctx;
	s->arg = arg;
	struct heap_entry e = { t, q->next_seq++, idx };
	sift_up(q->heap, q->size++ * ENTRY, e);
	return make_id(idx, s->gen);
}

/* 1 when the earliest timer comes before the heap's root. */
static inline int timer_first(const struct event_queue *q)
{
	return entry_less(&q->first_timer->key, &q->heap[0]);
}

/* Pop the earliest event into *out if it is due by end; 0 when none is
 * (event_queue_pop_until, and the run loop's). */
EQ_INLINE int eq_pop_due(struct event_queue *q, sim_time end, struct event_fired *out)
{
	for (;;) {
		if (timer_first(q)) { /* before the root, dead or alive */
			struct timer *t = q->first_timer;
			hot_assert(t != &q->no_timer && t->key.time != SIM_TIME_NEVER);
			if (t->key.time > end)
				return 0;
			out->time = t->key.time;
			out->fn = t->fn;
			out->ctx = t->ctx;
			out->arg = t->arg;
			set_pad(&t->key);
			if (q->n_timers > 1) /* one timer: it stays the first, disarmed */
				eq_find_first_timer(q);
			return 1;
		}
		/* only the heap's path looks for dead roots; one may have hidden
		 * a timer behind it, so look again after dropping */
		if (!q->dead || !eq_drop_dead_roots(q))
			break;
	}
	const struct heap_entry *root = q->heap; /* PAD when the heap is empty */
	hot_assert(q->size > 0 || (root->time == SIM_TIME_NEVER && root->seq == SEQ_LIMIT));
	if (root->time > end || q->size == 0)
		return 0;
	out->time = root->time;
	uint32_t idx = root->slot;
	remove_root(q);
	/* the slot only now: fewer registers live across the walk */
	const struct slot *s = &q->slots[idx];
	out->fn = s->fn;
	out->ctx = s->ctx;
	out->arg = s->arg;
	release(q, idx);
	return 1;
}

/* event_queue_timer_set once eq_seq_ready. */
EQ_INLINE void eq_timer_set_fast(struct event_queue *q, int timer, sim_time t)
{
	hot_assert(timer >= 0 && (size_t)timer < q->n_timers && t != SIM_TIME_NEVER);
	hot_assert(eq_seq_ready(q));
	struct timer *tm = &q->timers[timer];
	tm->key.time = t;
	tm->key.seq = q->next_seq++;
	if (q->first_timer == tm) {
		/* A firing that moved later may no longer be the earliest: rescan. */
		if (q->n_timers > 1)
			eq_find_first_timer(q);
	} else if (entry_less(&tm->key, &q->first_timer->key)) {
		q->first_timer = tm;
	}
}

#endif
