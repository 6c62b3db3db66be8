/*
 * test_csv_out.c - output/csv_out.c's rows: each field writer's bytes
 * (numbers as "%.10g" with no "-0" and an empty field for a non-finite
 * one, counts, text quoted only when it needs it), csv_text the same as
 * csv_out_str, and random rows against a reference built apart by the
 * same rules, held (csv_out_hold_rows) or written a row at a time, across
 * many buffer flushes, with fields longer than the buffer.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csv_out.h"
#include "test_util.h"

/* What fn writes into a memory writer, held or not (malloc'd). */
static char *written(void (*fn)(struct csv_out *, uint64_t), uint64_t seed, int hold,
		     size_t *len)
{
	struct csv_out c;
	assert_int_equal(csv_out_open_memory(&c), 0);
	if (hold)
		csv_out_hold_rows(&c);
	fn(&c, seed);
	char *text = NULL;
	assert_int_equal(csv_out_take(&c, &text, len), 0);
	assert_non_null(text);
	return text;
}

static void one_row(struct csv_out *c, uint64_t seed)
{
	(void)seed;
	csv_out_num(c, 0.0);
	csv_out_num(c, -0.0);
	csv_out_num(c, (double)NAN);
	csv_out_num(c, (double)INFINITY);
	csv_out_num(c, -1.5);
	csv_out_num(c, 35973.114);
	csv_out_num(c, 1.0 / 3.0);
	csv_out_num(c, 1e300);
	csv_out_u64(c, 0);
	csv_out_u64(c, 9);
	csv_out_u64(c, 10);
	csv_out_u64(c, UINT64_MAX);
	csv_out_empty(c);
	csv_out_str(c, "plain");
	csv_out_str(c, "a,b");
	csv_out_str(c, "say \"x\"");
	csv_out_str(c, " lead");
	csv_out_str(c, "trail ");
	csv_out_str(c, "two\nlines");
	csv_out_str(c, "");
	csv_out_end_row(c);
	csv_out_empty(c); /* a row of empty fields, and an empty row */
	csv_out_empty(c);
	csv_out_end_row(c);
	csv_out_end_row(c);
}

/* Every writer's bytes, as the file's readers expect them. */
static void field_bytes(void **state)
{
	(void)state;
	const char *want = "0,0,,,-1.5,35973.114,0.3333333333,1e+300,0,9,10,18446744073709551615,,"
			   "plain,\"a,b\",\"say \"\"x\"\"\",\" lead\",\"trail \",\"two\nlines\",\n"
			   ",\n"
			   "\n";
	for (int hold = 0; hold <= 1; hold++) {
		size_t n;
		char *got = written(one_row, 0, hold, &n);
		assert_int_equal(n, strlen(want));
		assert_string_equal(got, want);
		free(got);
	}
}

static const char *const texts[] = {
	"", "m", "completed", "gpus_exceed_facility", "exactly twenty-three ch", "exactly twenty-four chr",
	"a name longer than the small buffer of a csv_text", "a,b", "\"", " ", "x ", "\r", "tab\there",
};

/* A text field through csv_text and csv_out_text writes what csv_out_str
 * does, short (copied whole) or long, quoted or not. */
static void text_like_str(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		struct csv_out a, b;
		assert_int_equal(csv_out_open_memory(&a), 0);
		assert_int_equal(csv_out_open_memory(&b), 0);
		struct csv_text t = csv_text(texts[i]);
		for (int k = 0; k < 3; k++) {
			csv_out_str(&a, texts[i]);
			csv_out_text(&b, &t);
			csv_out_u64(&a, (uint64_t)k);
			csv_out_u64(&b, (uint64_t)k);
		}
		csv_out_end_row(&a);
		csv_out_end_row(&b);
		char *ta, *tb;
		size_t na, nb;
		assert_int_equal(csv_out_take(&a, &ta, &na), 0);
		assert_int_equal(csv_out_take(&b, &tb, &nb), 0);
		if (na != nb || memcmp(ta, tb, na) != 0)
			fail_msg("\"%s\": csv_out_str \"%s\", csv_out_text \"%s\"", texts[i], ta, tb);
		free(ta);
		free(tb);
	}
}

/* splitmix64: a fixed sequence, so a failure repeats */
static uint64_t next(uint64_t *s)
{
	uint64_t z = (*s += UINT64_C(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* The text random_rows should write, built apart by the rules csv_out.h
 * states (printf for numbers, quotes only where needed). */
static struct {
	char *s;
	size_t n, cap;
	int col;
} ref;

static void ref_put(const char *s, size_t n)
{
	if (ref.n + n + 1 > ref.cap) {
		ref.cap = 2 * (ref.n + n + 1);
		ref.s = realloc(ref.s, ref.cap);
		assert_non_null(ref.s);
	}
	memcpy(ref.s + ref.n, s, n);
	ref.n += n;
}

static void ref_field(const char *s, size_t n)
{
	if (ref.col++ > 0)
		ref_put(",", 1);
	ref_put(s, n);
}

static void ref_num(double v)
{
	char b[64];
	int n = v == 0 || !isfinite(v) ? snprintf(b, sizeof b, "%s", v == 0 ? "0" : "")
				       : snprintf(b, sizeof b, "%.10g", v);
	ref_field(b, (size_t)n);
}

static void ref_u64(uint64_t v)
{
	char b[32];
	ref_field(b, (size_t)snprintf(b, sizeof b, "%" PRIu64, v));
}

static void ref_text(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || (strpbrk(s, ",\"\r\n") == NULL && s[0] != ' ' && s[n - 1] != ' ')) {
		ref_field(s, n);
		return;
	}
	ref_field("\"", 1);
	for (size_t i = 0; i < n; i++)
		ref_put(s[i] == '"' ? "\"\"" : s + i, s[i] == '"' ? 2 : 1);
	ref_put("\"", 1);
}

static void ref_end_row(void)
{
	ref_put("\n", 1);
	ref.col = 0;
}

/* Rows of random fields and lengths, some rows longer than the buffer and
 * a few fields too (every flush point: before a field, inside a row, at a
 * row's end). */
static void random_rows(struct csv_out *c, uint64_t seed)
{
	static char big[20000];
	memset(big, 'z', sizeof big - 1);
	struct csv_text t[sizeof texts / sizeof *texts];
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
		t[i] = csv_text(texts[i]);
	uint64_t s = seed;
	for (int row = 0; row < 3000; row++) {
		int fields = (int)(next(&s) % (row % 97 == 0 ? 900 : 30));
		for (int f = 0; f < fields; f++) {
			uint64_t r = next(&s);
			switch (r % 7) {
			case 0:
				csv_out_num(c, (double)(int64_t)(r >> 8) / 1e6);
				ref_num((double)(int64_t)(r >> 8) / 1e6);
				break;
			case 1:
				csv_out_num(c, (double)(r % 1000) / 1000.0);
				ref_num((double)(r % 1000) / 1000.0);
				break;
			case 2:
				csv_out_u64(c, r >> (r % 64));
				ref_u64(r >> (r % 64));
				break;
			case 3:
				csv_out_empty(c);
				ref_field("", 0);
				break;
			case 4:
				csv_out_text(c, &t[(r >> 8) % (sizeof t / sizeof *t)]);
				ref_text(texts[(r >> 8) % (sizeof t / sizeof *t)]);
				break;
			case 5:
				csv_out_str(c, texts[(r >> 8) % (sizeof texts / sizeof *texts)]);
				ref_text(texts[(r >> 8) % (sizeof texts / sizeof *texts)]);
				break;
			default:
				if (r % 61 == 0) { /* (past the buffer, or half of it) */
					big[(r >> 8) % (sizeof big - 1)] = '\0';
					big[0] = r % 3 ? 'z' : ','; /* (quoted) */
					csv_out_str(c, big);
					ref_text(big);
					memset(big, 'z', sizeof big - 1);
				} else {
					csv_out_num(c, 0.0);
					ref_num(-0.0);
				}
			}
		}
		csv_out_end_row(c);
		ref_end_row();
	}
}

/* Held rows and rows written one at a time: the text the rules give. */
static void held_and_unheld_rows(void **state)
{
	(void)state;
	for (uint64_t seed = 1; seed <= 4; seed++) {
		for (int hold = 0; hold <= 1; hold++) {
			ref.n = 0;
			ref.col = 0;
			size_t n;
			char *got = written(random_rows, seed, hold, &n);
			assert_true(n > 3 * sizeof ((struct csv_out *)0)->row);
			assert_int_equal(n, ref.n);
			assert_memory_equal(got, ref.s, n);
			free(got);
		}
	}
	free(ref.s);
	ref.s = NULL;
	ref.cap = 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(field_bytes),
		cmocka_unit_test(text_like_str),
		cmocka_unit_test(held_and_unheld_rows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
