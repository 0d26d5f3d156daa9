// SPDX-License-Identifier: GPL-2.0
/* ustar (POSIX.1-1988) archive writer; see tar-writer.h. */
#include <string.h>
#include <time.h>

#include "tar-writer.h"

#define TAR_BLOCK 512

struct ustar_header {
	char name[100], mode[8], uid[8], gid[8], size[12], mtime[12];
	char checksum[8], typeflag, linkname[100], magic[6], version[2];
	char uname[32], gname[32], devmajor[8], devminor[8], prefix[155];
	char pad[12];
};

_Static_assert(sizeof(struct ustar_header) == TAR_BLOCK, "ustar header size");

/* Splits a long name at a '/' into prefix and name, as ustar allows. */
static int set_name(struct ustar_header *h, const char *name)
{
	size_t len = strlen(name);
	const char *slash;

	if (len < sizeof(h->name)) {
		memcpy(h->name, name, len);
		return 0;
	}
	for (slash = name + len - 1; slash > name; slash--)
		if (*slash == '/' &&
		    (size_t)(slash - name) <= sizeof(h->prefix) &&
		    strlen(slash + 1) < sizeof(h->name))
			break;
	if (slash == name || !slash[1])
		return -1;
	memcpy(h->prefix, name, slash - name);
	memcpy(h->name, slash + 1, strlen(slash + 1));
	return 0;
}

static unsigned int header_sum(const struct ustar_header *h)
{
	const unsigned char *bytes = (const unsigned char *)h;
	unsigned int sum = 0, n;

	for (n = 0; n < sizeof(*h); n++)
		sum += bytes[n];
	return sum;
}

static int write_header(FILE *out, const char *name, size_t len, char type,
			unsigned int mode)
{
	struct ustar_header h;

	memset(&h, 0, sizeof(h));
	if (set_name(&h, name))
		return -1;
	snprintf(h.mode, sizeof(h.mode), "%07o", mode);
	snprintf(h.uid, sizeof(h.uid), "%07o", 0);
	snprintf(h.gid, sizeof(h.gid), "%07o", 0);
	snprintf(h.size, sizeof(h.size), "%011zo", len);
	snprintf(h.mtime, sizeof(h.mtime), "%011llo",
		 (unsigned long long)time(NULL));
	h.typeflag = type;
	memcpy(h.magic, "ustar", 6);
	memcpy(h.version, "00", 2);
	/* The checksum is computed with its own field read as spaces. */
	memset(h.checksum, ' ', sizeof(h.checksum));
	snprintf(h.checksum, sizeof(h.checksum), "%06o", header_sum(&h));
	return fwrite(&h, sizeof(h), 1, out) == 1 ? 0 : -1;
}

int tar_add_file(FILE *out, const char *name, const void *data, size_t len)
{
	static const char zeros[TAR_BLOCK];
	size_t pad = (TAR_BLOCK - len % TAR_BLOCK) % TAR_BLOCK;

	if (write_header(out, name, len, '0', 0644) ||
	    fwrite(data, 1, len, out) != len ||
	    fwrite(zeros, 1, pad, out) != pad)
		return -1;
	return 0;
}

int tar_add_dir(FILE *out, const char *name)
{
	return write_header(out, name, 0, '5', 0755);
}

int tar_finish(FILE *out)
{
	static const char zeros[2 * TAR_BLOCK];

	return fwrite(zeros, 1, sizeof(zeros), out) == sizeof(zeros) ? 0 : -1;
}
