/*
 * test_first_set.c - models/numeric/first_set.h against a plain array: at
 * sizes around the word and summary edges (1, 63, 64, 65, 4,095, 4,097,
 * 300,000: one to four levels), random adds and removes, and after each
 * batch the least member and the least member at or after random and
 * edge indices, each compared with a scan.
 */
#include <stdint.h>
#include <stdlib.h>

#include "first_set.h"
#include "test_util.h"

static long scan_from(const unsigned char *in, size_t n, size_t i)
{
	for (; i < n; i++)
		if (in[i])
			return (long)i;
	return -1;
}

static uint64_t next(uint64_t *x)
{
	*x = *x * 6364136223846793005ULL + 1442695040888963407ULL;
	return *x >> 17;
}

static void check(const struct first_set *s, const unsigned char *in, size_t n, uint64_t *x)
{
	assert_int_equal(first_set_first(s), scan_from(in, n, 0));
	const size_t edge[] = { 0, 1, 62, 63, 64, 65, 127, 128, 4095, 4096, 4097, n - 1, n, n + 5 };
	for (size_t e = 0; e < sizeof edge / sizeof *edge; e++)
		assert_int_equal(first_set_from(s, edge[e]), edge[e] < n ? scan_from(in, n, edge[e]) : -1);
	for (int k = 0; k < 200; k++) {
		size_t i = (size_t)(next(x) % n);
		assert_int_equal(first_set_from(s, i), scan_from(in, n, i));
	}
}

static void against_scan(size_t n, int full)
{
	struct first_set s;
	assert_int_equal(first_set_init(&s, n, full), 0);
	unsigned char *in = malloc(n);
	assert_non_null(in);
	memset(in, full ? 1 : 0, n);
	uint64_t x = n * 7919 + (uint64_t)full;
	check(&s, in, n, &x);
	/* batches that empty most of it, fill it back, and thin it from the left
	 * (as first fit fills a facility) */
	for (int round = 0; round < 6; round++) {
		size_t ops = n < 2000 ? 4 * n : 20000;
		for (size_t k = 0; k < ops; k++) {
			size_t i = (size_t)(next(&x) % n);
			if (round % 3 == 2)
				i = i % (n / 4 + 1);
			int add = round % 3 == 1 ? next(&x) % 4 != 0 : next(&x) % 4 == 0;
			if (add && !in[i]) {
				first_set_add(&s, i);
				in[i] = 1;
			} else if (!add && in[i]) {
				first_set_remove(&s, i);
				in[i] = 0;
			}
		}
		check(&s, in, n, &x);
	}
	for (size_t i = 0; i < n; i++) /* empty: nothing anywhere */
		if (in[i])
			first_set_remove(&s, i);
	assert_int_equal(first_set_first(&s), -1);
	assert_int_equal(first_set_from(&s, 0), -1);
	first_set_fini(&s);
	free(in);
}

static void sizes(void **state)
{
	(void)state;
	const size_t n[] = { 1, 63, 64, 65, 4095, 4097, 300000 };
	for (size_t k = 0; k < sizeof n / sizeof *n; k++) {
		against_scan(n[k], 0);
		against_scan(n[k], 1);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sizes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
