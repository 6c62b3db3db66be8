/*
 * fuzz_epw.c - libFuzzer harness of the weather readers: EnergyPlus EPW
 * (weather_read_epw) and the simple hourly CSV (weather_read_csv).
 *
 * Each input is a file's bytes; the first byte picks the reader. Oracle:
 * no crash, no sanitizer report, and a series that reads holds its
 * promises: every hour's dry bulb in [-70, 70] C, a finite wet bulb no
 * warmer than the dry bulb (to rounding).
 */
#include <math.h>

#include "diag.h"
#include "fuzz_util.h"
#include "weather.h"
#include "weather_file.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1 || size > 4 * 1024 * 1024)
		return 0;
	const char *path = fuzz_write("fuzz.epw", data + 1, size - 1);
	struct weather w;
	struct diag d;
	diag_init(&d);
	int rc = data[0] & 1 ? weather_read_csv(&w, path, 101325, &d)
			     : weather_read_epw(&w, path, &d);
	if (rc == 0) {
		for (size_t i = 0; i < w.n_hours; i++)
			if (!(w.dry_c[i] >= -70 && w.dry_c[i] <= 70) || !isfinite(w.wet_c[i]) ||
			    w.wet_c[i] > w.dry_c[i] + 0.01)
				abort();
		weather_fini(&w);
	}
	fuzz_report(&d);
	diag_fini(&d);
	return 0;
}
