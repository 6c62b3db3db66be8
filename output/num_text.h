/*
 * num_text.h - numbers as CSV text, fast, with printf's exact bytes.
 *
 * num_text_g10 writes what printf("%.10g", v) writes (ten significant
 * digits, correctly rounded, %g's choice of fixed or exponent form,
 * trailing zeros dropped), byte for byte, so a column keeps its meaning
 * and its bytes; num_text_u64 what printf("%" PRIu64) writes. Each
 * returns the length written into buf (not NUL-terminated); bytes of buf
 * past that length may be overwritten too (scratch, within NUM_TEXT_MAX).
 */
#ifndef DCSIM_NUM_TEXT_H
#define DCSIM_NUM_TEXT_H

#include <stddef.h>
#include <stdint.h>

#define NUM_TEXT_MAX 32 /* longest output of either, with room */

size_t num_text_g10(char buf[NUM_TEXT_MAX], double v);
size_t num_text_u64(char buf[NUM_TEXT_MAX], uint64_t v);

#endif
