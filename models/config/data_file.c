/*
 * data_file.c - the guard in front of every data-file reader.
 *
 * A scenario names its traces, weather and grid files by path, so a path
 * can be anything: /dev/zero would be read for ever, a FIFO would block
 * fopen until a writer came, a 10 GB file would fill memory row by row.
 * The readers stream (memory is the column, not the file), so the limit
 * is on the bytes read, checked when the file is opened (fstat) and again
 * as it is read (it may grow meanwhile). The file is opened with
 * O_NONBLOCK so that a FIFO is seen by fstat, not waited on; the flag is
 * cleared before reading, though it is a no-op on regular files.
 */
#include "data_file.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *kind_of(mode_t m)
{
	if (S_ISDIR(m))
		return "a directory";
	if (S_ISCHR(m))
		return "a character device";
	if (S_ISBLK(m))
		return "a block device";
	if (S_ISFIFO(m))
		return "a FIFO";
	if (S_ISSOCK(m))
		return "a socket";
	return "not a regular file";
}

FILE *data_file_open(const char *path, struct diag *d)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
	if (fd < 0) {
		diag_add(d, "%s: cannot open: %s", path, strerror(errno));
		return NULL;
	}
	struct stat st;
	if (fstat(fd, &st) != 0) {
		diag_add(d, "%s: cannot stat: %s", path, strerror(errno));
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		diag_add(d, "%s: is %s: a data file must be a regular file", path,
			 kind_of(st.st_mode));
		goto fail;
	}
	if (st.st_size > DATA_FILE_MAX_BYTES) {
		diag_add(d, "%s: %lld bytes: a data file may hold at most 64 MiB (%ld bytes)",
			 path, (long long)st.st_size, DATA_FILE_MAX_BYTES);
		goto fail;
	}
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) != 0) {
		diag_add(d, "%s: cannot read: %s", path, strerror(errno));
		goto fail;
	}
	FILE *f = fdopen(fd, "rb");
	if (!f) {
		diag_add(d, "%s: cannot open: %s", path, strerror(errno));
		goto fail;
	}
	return f;
fail:
	close(fd);
	return NULL;
}

int data_file_count(const char *path, size_t got, size_t *total, struct diag *d)
{
	*total += got;
	if (*total <= (size_t)DATA_FILE_MAX_BYTES)
		return 0;
	diag_add(d, "%s: grew past 64 MiB while being read: a data file may hold at most "
		    "64 MiB (%ld bytes)", path, DATA_FILE_MAX_BYTES);
	return -1;
}

int data_file_check_nul(const char *path, long line, const char *s, size_t len,
			struct diag *d)
{
	if (!memchr(s, '\0', len))
		return 0;
	diag_add(d, "%s: line %ld: a NUL byte in a field: not a text CSV file", path, line);
	return -1;
}
