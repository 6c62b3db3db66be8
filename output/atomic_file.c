/*
 * atomic_file.c - temporary file + rename, and directory creation.
 *
 * The journal of a sweep is created with atomic_file_create_excl: of two
 * sweeps started into one directory at the same instant, exactly one
 * creates it (O_EXCL is atomic on local file systems and NFSv3+).
 */
#include "atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *atomic_file_path(const char *dir, const char *name, const char *suffix)
{
	size_t n = strlen(dir) + strlen(name) + strlen(suffix) + 2;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s/%s%s", dir, name, suffix);
	return p;
}

int atomic_file_open(struct atomic_file *a, const char *dir, const char *name,
		     struct diag *d)
{
	a->f = NULL;
	a->path = atomic_file_path(dir, name, "");
	a->tmp_path = atomic_file_path(dir, name, ".tmp");
	if (!a->path || !a->tmp_path) {
		diag_oom(d, "%s/%s: out of memory", dir, name);
		goto fail;
	}
	a->f = fopen(a->tmp_path, "wb");
	if (!a->f) {
		diag_add(d, "%s: cannot create: %s", a->tmp_path, strerror(errno));
		goto fail;
	}
	return 0;
fail:
	free(a->path);
	free(a->tmp_path);
	a->path = a->tmp_path = NULL;
	return -1;
}

int atomic_file_commit(struct atomic_file *a, struct diag *d)
{
	int bad = ferror(a->f);
	if (fclose(a->f) != 0)
		bad = 1;
	a->f = NULL;
	if (bad) {
		diag_add(d, "%s: write failed: %s", a->tmp_path, strerror(errno));
		atomic_file_abort(a);
		return -1;
	}
	if (rename(a->tmp_path, a->path) != 0) {
		diag_add(d, "%s: cannot rename into place: %s", a->path, strerror(errno));
		atomic_file_abort(a);
		return -1;
	}
	free(a->path);
	free(a->tmp_path);
	a->path = a->tmp_path = NULL;
	return 0;
}

void atomic_file_abort(struct atomic_file *a)
{
	if (a->f)
		fclose(a->f);
	if (a->tmp_path)
		unlink(a->tmp_path);
	free(a->path);
	free(a->tmp_path);
	a->f = NULL;
	a->path = a->tmp_path = NULL;
}

int atomic_file_write_text(const char *dir, const char *name, const char *text,
			   struct diag *d)
{
	struct atomic_file a;
	if (atomic_file_open(&a, dir, name, d) != 0)
		return -1;
	fputs(text, a.f);
	return atomic_file_commit(&a, d);
}

int atomic_file_mkdirs(const char *dir, struct diag *d)
{
	if (!dir[0]) { /* the loop below starts at the second byte */
		diag_add(d, "an empty directory name: give a directory");
		return -1;
	}
	char *p = malloc(strlen(dir) + 1);
	if (!p) {
		diag_oom(d, "%s: out of memory", dir);
		return -1;
	}
	strcpy(p, dir);
	for (char *s = p + 1; ; s++) {
		int end = *s == '\0';
		if (*s == '/' || end) {
			*s = '\0';
			if (mkdir(p, 0777) != 0 && errno != EEXIST) {
				diag_add(d, "%s: cannot create directory: %s", p, strerror(errno));
				free(p);
				return -1;
			}
			if (end)
				break;
			*s = '/';
		}
	}
	struct stat st;
	int ok = stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
	if (!ok)
		diag_add(d, "%s: exists and is not a directory", dir);
	free(p);
	return ok ? 0 : -1;
}

int atomic_file_create_excl(const char *path, struct diag *d)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0666);
	if (fd < 0) {
		if (errno != EEXIST)
			diag_add(d, "%s: cannot create: %s", path, strerror(errno));
		return errno == EEXIST ? 1 : -1;
	}
	close(fd);
	return 0;
}
