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
 * (half to even). Zero is "0" (or "-0"); everything else (outside the exponent range,
 * subnormals, NaN, inf) also goes to printf. e is first guessed from the
 * binary exponent (floor((b-1) log10 2), one too low at most) and fixed by
 * where y lands; a carry to 10^10 (9,999,999,999.5 rounds up) moves e up
 * by one, as printf's %g chooses its form after rounding.
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

/* d[0..n) of v < 10^n, n even, two digits at a time (32-bit division). */
static void put_digits(char *d, uint32_t v, int n)
{
	for (int i = n - 2; i >= 0; i -= 2) {
		memcpy(d + i, two_digits + 2 * (v % 100), 2);
		v /= 100;
	}
}

/* The ten digits of m in [1e9, 1e10) as %g writes them at exponent e. */
static size_t write_digits(char *p, uint64_t m, int e)
{
	char d[10];
	d[0] = (char)('0' + m / 1000000000);
	m %= 1000000000;
	d[1] = (char)('0' + m / 100000000);
	put_digits(d + 2, (uint32_t)(m % 100000000), 8);
	int nd = 10;
	while (nd > 1 && d[nd - 1] == '0')
		nd--;
	char *s = p;
	if (e < -4 || e >= 10) {
		*s++ = d[0];
		if (nd > 1) {
			*s++ = '.';
			memcpy(s, d + 1, (size_t)nd - 1);
			s += nd - 1;
		}
		*s++ = 'e';
		*s++ = e < 0 ? '-' : '+';
		int x = e < 0 ? -e : e;
		*s++ = (char)('0' + x / 10); /* |e| <= 31 here */
		*s++ = (char)('0' + x % 10);
	} else if (e >= 0) {
		memcpy(s, d, (size_t)e + 1);
		s += e + 1;
		if (nd > e + 1) {
			*s++ = '.';
			memcpy(s, d + e + 1, (size_t)(nd - e - 1));
			s += nd - e - 1;
		}
	} else {
		*s++ = '0';
		*s++ = '.';
		for (int i = 0; i < -e - 1; i++)
			*s++ = '0';
		memcpy(s, d, (size_t)nd);
		s += nd;
	}
	return (size_t)(s - p);
}

size_t num_text_g10(char buf[NUM_TEXT_MAX], double v)
{
	if (v == 0) { /* the commonest value of several columns */
		char *p = buf;
		if (signbit(v))
			*p++ = '-';
		*p++ = '0';
		return (size_t)(p - buf);
	}
	if (!isnormal(v))
		return by_printf(buf, v);
	double a = fabs(v);
	/* floor((b - 1) log10 2) as Ryu's log10Pow2 computes it (78913 / 2^18
	 * = 0.3010292...), the offset keeping the shifted value positive */
	int e = (((binary_exponent(a) - 1) * 78913 + (2000 << 18)) >> 18) - 2000;
	e += 1; /* try the higher of the two candidates */
	if (e - 1 < -13 || e > 31)
		return by_printf(buf, v);
	double y = scaled(a, 9 - e);
	if (y < 1e9) {
		e -= 1;
		y = scaled(a, 9 - e);
	}
	if (!(y >= 1e9 && y < 1e10))
		return by_printf(buf, v); /* defensive: the guess was off (never seen) */
	double fl = floor(y), frac = y - fl; /* exact: same binade */
	if (fabs(frac - 0.5) < 0x1p-16)
		return by_printf(buf, v); /* too close to a tie to decide here */
	uint64_t m = (uint64_t)fl + (frac > 0.5);
	if (m == UINT64_C(10000000000)) {
		m = UINT64_C(1000000000);
		e += 1;
		if (e > 31)
			return by_printf(buf, v);
	}
	char *p = buf;
	if (v < 0)
		*p++ = '-';
	return (size_t)(p - buf) + write_digits(p, m, e);
}

size_t num_text_u64(char buf[NUM_TEXT_MAX], uint64_t v)
{
	char t[20];
	size_t n = 0;
	while (v >= 100) {
		n += 2;
		memcpy(t + sizeof t - n, two_digits + 2 * (v % 100), 2);
		v /= 100;
	}
	if (v >= 10) {
		n += 2;
		memcpy(t + sizeof t - n, two_digits + 2 * v, 2);
	} else {
		t[sizeof t - ++n] = (char)('0' + v);
	}
	memcpy(buf, t + sizeof t - n, n);
	return n;
}
