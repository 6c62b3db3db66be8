/*
 * fuzz_scratch.h - the scratch data folder of the harnesses whose inputs
 * name other files (fuzz_sweep.c, fuzz_plan.c): TMP/tests/data links every
 * shipped scenario, test file and benchmark base, so a "base" resolves,
 * and TMP/scenarios links the data folder, as tests/data's own paths
 * expect. Removed at exit, before fuzz_util.h's clean-up.
 */
#ifndef DCSIM_FUZZ_SCRATCH_H
#define DCSIM_FUZZ_SCRATCH_H

#include <dirent.h>
#include <sys/stat.h>

#include "fuzz_util.h"

static char fuzz_work[128]; /* TMP/tests/data */

static inline void fuzz_link_all(const char *from)
{
	DIR *dir = opendir(from);
	struct dirent *e;
	while (dir && (e = readdir(dir))) {
		if (e->d_name[0] == '.')
			continue;
		char src[1024], dst[1024];
		snprintf(src, sizeof src, "%s/%s", from, e->d_name);
		snprintf(dst, sizeof dst, "%s/%s", fuzz_work, e->d_name);
		if (symlink(src, dst) != 0) { /* a name met twice: the first stays */
		}
	}
	if (dir)
		closedir(dir);
}

static inline void fuzz_unlink_all(void)
{
	DIR *dir = opendir(fuzz_work);
	struct dirent *e;
	char p[1024];
	while (dir && (e = readdir(dir))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof p, "%s/%s", fuzz_work, e->d_name);
		unlink(p);
	}
	if (dir)
		closedir(dir);
	rmdir(fuzz_work);
	snprintf(p, sizeof p, "%s/tests", fuzz_tmpdir());
	rmdir(p);
	snprintf(p, sizeof p, "%s/scenarios", fuzz_tmpdir());
	unlink(p);
}

/* Make the folder and its links; aborts when it cannot. */
static inline void fuzz_scratch_init(void)
{
	char p[160];
	snprintf(p, sizeof p, "%s/scenarios", fuzz_tmpdir());
	snprintf(fuzz_work, sizeof fuzz_work, "%s/tests", fuzz_tmpdir());
	if (symlink(FUZZ_SCENARIOS, p) != 0 || mkdir(fuzz_work, 0700) != 0)
		abort();
	snprintf(fuzz_work, sizeof fuzz_work, "%s/tests/data", fuzz_tmpdir());
	if (mkdir(fuzz_work, 0700) != 0)
		abort();
	atexit(fuzz_unlink_all);
	fuzz_link_all(FUZZ_SCENARIOS);
	fuzz_link_all(FUZZ_SOURCE_DIR "/tests/data");
	fuzz_link_all(FUZZ_SOURCE_DIR "/bench");
}

/* The path of name in the scratch folder, into buf. */
static inline const char *fuzz_scratch_path(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, "%s/%s", fuzz_work, name);
	return buf;
}

#endif
