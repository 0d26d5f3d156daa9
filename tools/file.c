// SPDX-License-Identifier: GPL-2.0
/*
 * Whole-file reads with an upper bound.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"

static int read_some(int fd, char *buf, size_t size, size_t *done)
{
	ssize_t n;

	while (*done < size) {
		n = read(fd, buf + *done, size - *done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			return 0;
		*done += n;
	}
	return 1; /* buffer full, there may be more */
}

/*
 * Read until EOF into a buffer that grows as needed, at most limit bytes
 * (the caller passes one more than it allows, to notice longer files).
 */
static int read_all(int fd, size_t expected, size_t limit, char **buf,
		    size_t *done)
{
	size_t capacity = expected + 1 < limit ? expected + 1 : limit;
	char *data = NULL, *bigger;
	int more = 1;

	*done = 0;
	while (more) {
		bigger = realloc(data, capacity + 1);
		if (!bigger) {
			free(data);
			errno = ENOMEM;
			return -1;
		}
		data = bigger;
		more = read_some(fd, data, capacity, done);
		if (more < 0) {
			free(data);
			return -1;
		}
		if (more && capacity == limit)
			break;
		capacity = capacity * 2 < limit ? capacity * 2 : limit;
	}
	*buf = data;
	return 0;
}

static int fail(const char *path, char *msg, size_t msg_size, int err,
		const char *reason)
{
	snprintf(msg, msg_size, "%s: %s", path,
		 reason ? reason : strerror(err));
	errno = err;
	return -1;
}

int file_read(const char *path, size_t max_size, void **buf, size_t *size,
	      char *msg, size_t msg_size)
{
	struct stat st;
	char *data;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return fail(path, msg, msg_size, errno, NULL);
	if (fstat(fd, &st)) {
		err = errno;
		close(fd);
		return fail(path, msg, msg_size, err, NULL);
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		return fail(path, msg, msg_size, EISDIR,
			    "is a directory, not a file");
	}
	if (S_ISREG(st.st_mode) && (unsigned long long)st.st_size > max_size) {
		close(fd);
		snprintf(msg, msg_size,
			 "%s: too large (%lld bytes, at most "
			 "%zu allowed)",
			 path, (long long)st.st_size, max_size);
		errno = EFBIG;
		return -1;
	}
	/* One byte more than allowed tells a pipe that is too long apart. */
	if (read_all(fd, S_ISREG(st.st_mode) ? st.st_size : 4096, max_size + 1,
		     &data, size)) {
		err = errno;
		close(fd);
		return fail(path, msg, msg_size, err, NULL);
	}
	close(fd);
	if (*size > max_size) {
		free(data);
		snprintf(msg, msg_size, "%s: too large (more than %zu bytes)",
			 path, max_size);
		errno = EFBIG;
		return -1;
	}
	data[*size] = '\0';
	*buf = data;
	return 0;
}

int file_read_text(const char *path, char *text, size_t text_size)
{
	size_t len;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	len = 0;
	if (read_some(fd, text, text_size - 1, &len) < 0) {
		err = errno;
		close(fd);
		errno = err;
		return -1;
	}
	close(fd);
	text[len] = '\0';
	while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == ' '))
		text[--len] = '\0';
	return 0;
}
