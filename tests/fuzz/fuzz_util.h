/*
 * fuzz_util.h - what the libFuzzer harnesses share: the source tree's
 * data folder, and one scratch file per process for readers that take a
 * path. Statics here are the harness's own state (one process, one
 * thread), never the library's.
 */
#ifndef DCSIM_FUZZ_UTIL_H
#define DCSIM_FUZZ_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diag.h"

#ifndef FUZZ_SOURCE_DIR
#define FUZZ_SOURCE_DIR "."
/* DCSIM_FUZZ_VERBOSE=1: print each input's messages (to see why a
 * regression input or a seed is rejected). */
static inline void fuzz_report(const struct diag *d)
{
	if (getenv("DCSIM_FUZZ_VERBOSE"))
		diag_print(d, stderr);
}

#endif
#define FUZZ_SCENARIOS FUZZ_SOURCE_DIR "/scenarios"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A file in a private temporary folder (tmpfs when there is one), made on
 * first use and removed at exit. */
static char fuzz_dir[64], fuzz_file[96];

static inline void fuzz_cleanup(void)
{
	if (fuzz_file[0])
		unlink(fuzz_file);
	if (fuzz_dir[0])
		rmdir(fuzz_dir);
}

static inline const char *fuzz_tmpdir(void)
{
	if (!fuzz_dir[0]) {
		snprintf(fuzz_dir, sizeof fuzz_dir, "%s/dcsim_fuzz.XXXXXX",
			 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
		if (!mkdtemp(fuzz_dir))
			abort();
		atexit(fuzz_cleanup);
	}
	return fuzz_dir;
}

/* data written to the scratch file named name; its path. */
static inline const char *fuzz_write(const char *name, const uint8_t *data, size_t size)
{
	snprintf(fuzz_file, sizeof fuzz_file, "%s/%s", fuzz_tmpdir(), name);
	FILE *f = fopen(fuzz_file, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
	return fuzz_file;
}

/* NUL-terminated copy of the input; NULL when too large to be worth it. */
static inline char *fuzz_text(const uint8_t *data, size_t size, size_t max)
{
	if (size > max)
		return NULL;
	char *t = malloc(size + 1);
	if (!t)
		abort();
	memcpy(t, data, size);
	t[size] = '\0';
	return t;
}

/* DCSIM_FUZZ_VERBOSE=1: print each input's messages (to see why a
 * regression input or a seed is rejected). */
static inline void fuzz_report(const struct diag *d)
{
	if (getenv("DCSIM_FUZZ_VERBOSE"))
		diag_print(d, stderr);
}

#endif
