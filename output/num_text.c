/*
 * num_text.c - "%.10g" without printf for the values a run writes.
 *
 * Why: glibc's printf formats a double exactly through multi-precision
 * arithmetic, some 1,500 instructions a number; the job log writes seven
 * per job (bench: jobs.csv cost 7x the run without it). Debian 12 ships no
 * C double-to-text library (libdouble-conversion and libfmt are C++, Ryu
 * only as a Rust crate), so this is a small fixed-precision formatter that
 * proves each answer or hands the number to printf.
 *
 * Method, for v = a x 2^b > 0 with a decimal exponent e (10^e <= v <
 * 10^(e+1)) between -13 and 31: the ten digits are round(v x 10^(9-e)).
 * 10^|9-e| <= 10^22 is exact in a double, so y = v x 10^(9-e) (or v /
 * 10^(e-9)) is one correctly rounded operation: |y - v 10^(9-e)| <= half
 * an ulp of y, at most 2^-20 for y < 2^34. Rounding y to an integer gives
 * the digits of the exact value unless the exact value lies within that
 * error of a half-integer, so a y whose fraction is within 2^-16 of 0.5
 * (a tie included) goes to printf, which rounds the exact binary value
 * (half to even). Everything else (outside the exponent range,
 * subnormals, NaN, inf) also goes to printf. e is first guessed from the
 * binary exponent (floor((b-1) log10 2), one too low at most), raised by
 * one compare with the next power of ten, and checked (one step either
 * way) by where y lands; a carry to 10^10 (9,999,999,999.5 rounds up)
 * moves e up by one, as printf's %g chooses its form after rounding.
 *
 * Before all that, a fast path for the job log's commonest values: whole
 * milliseconds below 10^7 s (times from clock_to_s, small integers), each
 * proven to be the double nearest k / 1000 and written as that decimal
 * (write_ms). Digits go two at a time from a table; the fixed form's point
 * is made by moving the fraction right one place with one 16-byte copy.
 * Under callgrind, a million calls each: a time (up to 900,000 s) 106
 * instructions a call, a ten-digit number (in [0, 3)) 144, where the
 * first version took 228 and 220.
 *
 * Form (C11 7.21.6.1, %g with precision P = 10, no '#' flag): exponent
 * form d.ddde+XX when e < -4 or e >= P, else fixed with P-1-e decimals;
 * trailing zeros and a bare decimal point removed; the exponent has at
 * least two digits. tests/test_num_text.c checks it against printf on
 * millions of values (random bits, decimals, integers, ties, boundaries).
 */
#include "num_text.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static const double pow10_exact[] = {
	1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
	1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

static size_t by_printf(char *buf, double v)
{
	int n = snprintf(buf, NUM_TEXT_MAX, "%.10g", v);
	return n > 0 ? (size_t)n : 0;
}

/* The doubles nearest 10^-12 .. 10^32, for the first guess of a decimal
 * exponent (exact or not: the scaled value decides). */
#define POW10_NEAR_OFF 12
static const double pow10_near[] = {
	1e-12, 1e-11, 1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1,
	1e0,   1e1,   1e2,   1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
	1e12,  1e13,  1e14,  1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22, 1e23,
	1e24,  1e25,  1e26,  1e27, 1e28, 1e29, 1e30, 1e31, 1e32,
};

/* v x 10^k for |k| <= 22, one rounding. */
static double scaled(double v, int k)
{
	return k >= 0 ? v * pow10_exact[k] : v / pow10_exact[-k];
}

/* Binary exponent b of v = a x 2^b, a in [0.5, 1), for a normal v. */
static int binary_exponent(double v)
{
	uint64_t bits;
	memcpy(&bits, &v, sizeof bits);
	return (int)((bits >> 52) & 0x7ff) - 1022;
}

static const char two_digits[] = "00010203040506070809101112131415161718192021222324"
				 "25262728293031323334353637383940414243444546474849"
				 "50515253545556575859606162636465666768697071727374"
				 "75767778798081828384858687888990919293949596979899";

/* How many decimal digits v has. */
static size_t n_digits(uint64_t v)
{
	size_t n = 1;
	for (;;) {
		if (v < 10)
			return n;
		if (v < 100)
			return n + 1;
		if (v < 1000)
			return n + 2;
		if (v < 10000)
			return n + 3;
		v /= 10000;
		n += 4;
	}
}

/* The n digits of v (n = n_digits(v)) into p[0..n), two at a time from
 * the right, in 32 bits (a 64-bit division by 100 costs twice as many
 * instructions) once v fits. */
static void put_uint(char *p, uint64_t v, size_t n)
{
	p += n;
	while (v > UINT32_MAX) {
		p -= 2;
		memcpy(p, two_digits + 2 * (v % 100), 2);
		v /= 100;
	}
	uint32_t u = (uint32_t)v;
	while (u >= 100) {
		p -= 2;
		memcpy(p, two_digits + 2 * (u % 100), 2);
		u /= 100;
	}
	if (u >= 10)
		memcpy(p - 2, two_digits + 2 * u, 2);
	else
		p[-1] = (char)('0' + u);
}

/* v < 10^8 into p, its length: eight digits, leading zeros too (four
 * independent pairs), and its own n of them moved out by one 8-byte copy
 * (p[n..8) is scratch). */
static inline size_t put_small(char *p, uint32_t v)
{
	char d[16] = { 0 }; /* (d[8..16) only pads the copy) */
	uint32_t hi = v / 10000, lo = v % 10000;
	memcpy(d, two_digits + 2 * (hi / 100), 2);
	memcpy(d + 2, two_digits + 2 * (hi % 100), 2);
	memcpy(d + 4, two_digits + 2 * (lo / 100), 2);
	memcpy(d + 6, two_digits + 2 * (lo % 100), 2);
	/* its length (0 has one): t = floor(bits x log10 2), then one compare
	 * (Bit Twiddling Hacks' integer log 10) */
	static const uint32_t pow10_32[] = { 1, 10, 100, 1000, 10000, 100000, 1000000, 10000000,
					     100000000 }; /* (t reaches 8: 2^26 <= v < 10^8) */
	uint32_t x = v | 1; /* (same length; and 0 -> 1) */
	size_t t = (size_t)((32 - __builtin_clz(x)) * 1233) >> 12;
	size_t n = t + (x >= pow10_32[t]);
	memcpy(p, d + 8 - n, 8);
	return n;
}

/* The ten digits of m in [1e9, 1e10) into p[0..10): the pairs apart
 * (independent multiplications, where a loop chains ten divisions). */
static void put10(char *p, uint64_t m)
{
	uint32_t hi = (uint32_t)(m / 100000000), lo = (uint32_t)(m % 100000000);
	uint32_t a = lo / 10000, b = lo % 10000;
	memcpy(p, two_digits + 2 * hi, 2);
	memcpy(p + 2, two_digits + 2 * (a / 100), 2);
	memcpy(p + 4, two_digits + 2 * (a % 100), 2);
	memcpy(p + 6, two_digits + 2 * (b / 100), 2);
	memcpy(p + 8, two_digits + 2 * (b % 100), 2);
}

/*
 * The ten digits of m in [1e9, 1e10) as %g writes them at exponent e,
 * into p; the length. Scratch bytes may land up to p[28] (past the
 * length: the caller's buffer is NUM_TEXT_MAX, p at most buf + 1).
 */
static size_t write_digits(char *p, uint64_t m, int e)
{
	if (e >= 0 && e < 10) { /* fixed, the commonest: d..d[.d..d] */
		put10(p, m);
		size_t nd = 10;
		while (p[nd - 1] == '0') /* (p[0] is not: m >= 1e9) */
			nd--;
		size_t ni = (size_t)e + 1;
		if (nd <= ni)
			return ni;
		/* the fraction one place right, past the point (16 bytes: one
		 * load and one store, where a memmove of nd - ni is a call) */
		memmove(p + ni + 1, p + ni, 16);
		p[ni] = '.';
		return nd + 1;
	}
	if (e < 0 && e >= -4) { /* fixed below 1: 0.[000]d..d */
		size_t z = (size_t)(-e - 1);
		memcpy(p, "0.000", 5);
		put10(p + 2 + z, m);
		size_t nd = 10;
		while (p[2 + z + nd - 1] == '0')
			nd--;
		return 2 + z + nd;
	}
	/* exponent form d[.d..d]e+XX (|e| <= 32 here) */
	put10(p + 1, m);
	size_t nd = 10;
	while (p[nd] == '0')
		nd--;
	p[0] = p[1];
	p[1] = '.';
	char *s = p + (nd > 1 ? nd + 1 : 1);
	*s++ = 'e';
	*s++ = e < 0 ? '-' : '+';
	int x = e < 0 ? -e : e;
	memcpy(s, two_digits + 2 * x, 2);
	return (size_t)(s + 2 - p);
}

/*
 * A whole number of milliseconds below 10^7 s (what clock_to_s gives for
 * times, and integers below 10^7): v = fl(k / 1000) for the integer k <
 * 10^10 nearest v x 1000, checked by doing that division (k exact, the
 * division correctly rounded). Then "%.10g" writes the decimal k / 1000
 * itself: v is within half an ulp (2^-53 v) of it, far inside half a unit
 * of the tenth digit (5e-11 v at least), and k / 1000 has at most ten
 * significant digits, so rounding v to ten gives k / 1000; its exponent
 * (-3 to 6) picks the fixed form, trailing zeros dropped. The length, or
 * 0 when v is not such a value.
 */
static size_t write_ms(char *p, double a)
{
	if (!(a < 1e7))
		return 0;
	uint64_t k = (uint64_t)(int64_t)(a * 1000.0 + 0.5);
	if ((double)k / 1000.0 != a) /* (also 0 < a < 0.0005: k = 0) */
		return 0;
	/* (the integer part of fl(k / 1000) is k's: k / 1000 is at least
	 * 0.001 from the next integer, far more than the rounding) */
	uint32_t ip = (uint32_t)a, fr = (uint32_t)(k - (uint64_t)ip * 1000);
	size_t n = put_small(p, ip);
	if (fr == 0)
		return n;
	p[n] = '.';
	memcpy(p + n + 1, two_digits + 2 * (fr / 10), 2);
	p[n + 3] = (char)('0' + fr % 10);
	return n + 4 - (fr % 10 == 0) - (fr % 100 == 0);
}

size_t num_text_g10(char buf[NUM_TEXT_MAX], double v)
{
	char *p = buf;
	if (signbit(v))
		*p++ = '-';
	double a = fabs(v);
	size_t n = write_ms(p, a); /* (zero too: "0", or "-0") */
	if (n > 0)
		return (size_t)(p - buf) + n;
	if (!isnormal(v))
		return by_printf(buf, v);
	/* floor((b - 1) log10 2) as Ryu's log10Pow2 computes it (78913 / 2^18
	 * = 0.3010292...), the offset keeping the shifted value positive: e or
	 * one too low, raised when a reaches the next power of ten (nearly
	 * always right: the scaled value below checks it either way) */
	int e = (((binary_exponent(a) - 1) * 78913 + (2000 << 18)) >> 18) - 2000;
	if (e < -13 || e > 31)
		return by_printf(buf, v);
	e += a >= pow10_near[e + 1 + POW10_NEAR_OFF];
	if (e > 31)
		return by_printf(buf, v);
	double y = scaled(a, 9 - e);
	if (!(y >= 1e9 && y < 1e10)) { /* the table's inexact powers: one step */
		e += y < 1e9 ? -1 : 1;
		if (e < -13 || e > 31)
			return by_printf(buf, v);
		y = scaled(a, 9 - e);
		if (!(y >= 1e9 && y < 1e10))
			return by_printf(buf, v); /* defensive (never seen) */
	}
	/* floor by conversion (y < 2^34); y - fl is exact (fl <= y < 2 fl) */
	uint64_t fl = (uint64_t)(int64_t)y;
	double frac = y - (double)fl;
	if (fabs(frac - 0.5) < 0x1p-16)
		return by_printf(buf, v); /* too close to a tie to decide here */
	uint64_t m = fl + (frac > 0.5);
	if (m == UINT64_C(10000000000)) {
		m = UINT64_C(1000000000);
		e += 1;
		if (e > 31)
			return by_printf(buf, v);
	}
	return (size_t)(p - buf) + write_digits(p, m, e);
}

size_t num_text_u64(char buf[NUM_TEXT_MAX], uint64_t v)
{
	if (v < 10) { /* the commonest: counts of 0 to 9 */
		buf[0] = (char)('0' + v);
		return 1;
	}
	if (v < 100000000) /* (job ids) */
		return put_small(buf, (uint32_t)v);
	size_t n = n_digits(v);
	put_uint(buf, v, n);
	return n;
}
