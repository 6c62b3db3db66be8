/*
 * test_num_text.c - output/num_text.c against printf: the same bytes as
 * "%.10g" and "%" PRIu64 for random bit patterns, random values in every
 * decade it formats itself, decimals and integers as a run writes them,
 * whole milliseconds (its fast path),
 * half-way cases (ties and near-ties, which it hands to printf) and the
 * edges of %g's forms; and every text reads back within half a unit in
 * the tenth significant digit (what the columns promise).
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "num_text.h"
#include "test_util.h"

/* splitmix64: a fixed sequence, so a failure repeats */
static uint64_t next(uint64_t *s)
{
	uint64_t z = (*s += UINT64_C(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static double uniform(uint64_t *s)
{
	return (double)(next(s) >> 11) * 0x1p-53;
}

/* v as num_text_g10 writes it equals printf's, and reads back within half
 * a unit of the tenth digit. */
static void check_g10(double v)
{
	char want[64], got[NUM_TEXT_MAX + 1];
	snprintf(want, sizeof want, "%.10g", v);
	size_t n = num_text_g10(got, v);
	got[n] = '\0';
	if (strcmp(want, got) != 0)
		fail_msg("%a: printf \"%s\", num_text \"%s\"", v, want, got);
	/* (above 1.797693135e308 ten digits round past the largest double) */
	if (isfinite(v) && v != 0 && fabs(v) < 1.797693134e308) {
		double back = strtod(got, NULL);
		if (!(fabs(back - v) <= 5.000001e-10 * fabs(v)))
			fail_msg("%a: \"%s\" reads back as %a", v, got, back);
	}
}

static void random_bits(void **state)
{
	(void)state;
	uint64_t s = 1;
	for (int i = 0; i < 200000; i++) {
		uint64_t b = next(&s);
		double v;
		memcpy(&v, &b, sizeof v);
		check_g10(v);
	}
}

/* Uniform in the logarithm over the decades it formats (1e-14..1e33). */
static void random_decades(void **state)
{
	(void)state;
	uint64_t s = 2;
	for (int i = 0; i < 300000; i++) {
		double v = pow(10.0, -14.0 + 47.0 * uniform(&s));
		check_g10(i % 2 ? v : -v);
	}
}

/* What runs write: times in seconds to the millisecond, energies, short
 * decimals, integers, and their neighbours one ulp away. */
static void run_like_values(void **state)
{
	(void)state;
	uint64_t s = 3;
	for (int i = 0; i < 200000; i++) {
		double ms = (double)(next(&s) % UINT64_C(31536000000)) / 1000.0;
		double dec = (double)(next(&s) % 100000000) / pow(10.0, (double)(next(&s) % 12));
		double integer = (double)(next(&s) % UINT64_C(100000000000));
		check_g10(ms);
		check_g10(dec);
		check_g10(integer);
		check_g10(nextafter(dec, 0));
		check_g10(nextafter(dec, (double)INFINITY));
	}
}

/* Whole milliseconds (num_text's fast path: clock_to_s of a tick, and
 * integers below 10^7): every one of the first 2,000 s, random ones up to
 * the path's end (just below 10^7 s) and past it, each integer-part
 * length, both signs, and the neighbours one ulp away (which must leave
 * the path, or write what printf does on it). */
static void millisecond_values(void **state)
{
	(void)state;
	for (uint64_t k = 0; k < 2000000; k++)
		check_g10((double)k / 1000.0);
	uint64_t s = 6;
	for (int i = 0; i < 200000; i++) {
		uint64_t k = next(&s) % UINT64_C(10100000000);
		double v = (double)k / 1000.0;
		check_g10(v);
		check_g10(-v);
		check_g10(nextafter(v, 0));
		check_g10(nextafter(v, (double)INFINITY));
	}
	for (uint64_t p = 1; p <= UINT64_C(100000000000); p *= 10) {
		uint64_t k[] = { p - 1, p, p + 1, p * 5 - 1, p * 5 };
		for (size_t i = 0; i < sizeof k / sizeof *k; i++) {
			double v = (double)k[i] / 1000.0;
			check_g10(v);
			check_g10(nextafter(v, 0));
			check_g10(nextafter(v, (double)INFINITY));
			check_g10((double)k[i]);
		}
	}
	check_g10(1e7);
	check_g10(nextafter(1e7, 0));
	check_g10(0.0005);
	check_g10(nextafter(0.0005, (double)INFINITY));
}

/* Exact ties and values next to them, at every scale it formats itself;
 * the edges of each form; the special values. */
static void ties_and_edges(void **state)
{
	(void)state;
	uint64_t s = 4;
	for (int i = 0; i < 100000; i++) {
		double m = (double)(1000000000 + next(&s) % 9000000000) + 0.5;
		int k = (int)(next(&s) % 45) - 22;
		double v = k >= 0 ? m * pow(10.0, k) : m / pow(10.0, -k);
		check_g10(v);
		check_g10(nextafter(v, 0));
		check_g10(nextafter(v, (double)INFINITY));
	}
	for (int e = -20; e <= 40; e++) {
		double p = pow(10.0, e);
		double edge[] = { p, nextafter(p, 0), nextafter(p, (double)INFINITY),
				  p * 0.99999999995, p * 0.999999999949, p * 0.999999999951,
				  p * 9.9999999995, p * 1.0000000005 };
		for (size_t i = 0; i < sizeof edge / sizeof *edge; i++) {
			check_g10(edge[i]);
			check_g10(-edge[i]);
		}
	}
	double special[] = { 0.0, -0.0, 1.0, -1.0, 0.1, 0.5, 1.5, 2.5, 1e-5, 1e-4, 9.99999999995e-5,
			     123456789012.0, 9999999999.5, 9999999998.5, 1e10, (double)NAN,
			     (double)INFINITY, -(double)INFINITY, 5e-324, 2.2250738585072014e-308,
			     1.7976931348623157e308, 0x1p-1022 };
	for (size_t i = 0; i < sizeof special / sizeof *special; i++)
		check_g10(special[i]);
}

static void u64(void **state)
{
	(void)state;
	uint64_t s = 5, v[] = { 0, 1, 9, 10, 99, 100, UINT64_MAX, UINT64_MAX - 1 };
	char want[32], got[NUM_TEXT_MAX + 1];
	for (int i = 0; i < 100000; i++) {
		uint64_t x = i < 8 ? v[i] : next(&s) >> (next(&s) % 64);
		snprintf(want, sizeof want, "%" PRIu64, x);
		got[num_text_u64(got, x)] = '\0';
		assert_string_equal(want, got);
	}
	/* each length's ends (the digit count's every branch) */
	for (uint64_t p = 1, i = 0; i < 20; i++, p *= 10) {
		uint64_t x[] = { p - 1, p, p + 1, 2 * p - 1 };
		for (size_t k = 0; k < sizeof x / sizeof *x; k++) {
			snprintf(want, sizeof want, "%" PRIu64, x[k]);
			got[num_text_u64(got, x[k])] = '\0';
			assert_string_equal(want, got);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(random_bits),       cmocka_unit_test(random_decades),
		cmocka_unit_test(run_like_values),   cmocka_unit_test(millisecond_values),
		cmocka_unit_test(ties_and_edges),
		cmocka_unit_test(u64),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
