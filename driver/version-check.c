// SPDX-License-Identifier: GPL-2.0
/*
 * Driver and image versions (see version-check.h).
 */
#include <jailhouse/ioctl.h>

#include "version-check.h"

#ifdef JAILHOUSE_VERSION
const char jailhouse_version[] = JAILHOUSE_VERSION;
#endif

#define VERSION_FIELD_END \
	(JAILHOUSE_IMAGE_VERSION_OFFSET + JAILHOUSE_VERSION_MAX)

/*
 * The image's version as printable text: the field comes from a file and
 * may be anything; an image before revision 2, or too short, has none.
 */
static void image_version(const struct jailhouse_image_header *h, size_t size,
			  char *out, size_t out_size)
{
	const char *field = (const char *)h + JAILHOUSE_IMAGE_VERSION_OFFSET;
	size_t i;

	if (h->revision < JAILHOUSE_IMAGE_FIRST_VERSIONED ||
	    size < VERSION_FIELD_END || !field[0]) {
		scnprintf(out, out_size, "a build without a version");
		return;
	}
	for (i = 0; i + 1 < out_size && i < JAILHOUSE_VERSION_MAX && field[i];
	     i++)
		out[i] = field[i] >= 0x20 && field[i] < 0x7f ? field[i] : '?';
	out[i] = '\0';
}

int jailhouse_check_image_version(const struct jailhouse_image_header *h,
				  size_t size, const char *driver_version,
				  char *msg, size_t msg_size)
{
	char version[JAILHOUSE_VERSION_MAX + 1];

	image_version(h, size, version, sizeof(version));
	if (h->revision != JAILHOUSE_IMAGE_REVISION) {
		scnprintf(msg, msg_size,
			  "hypervisor image %s is of revision %u (version %s), but this jailhouse.ko (version %s) needs revision %u: install the hypervisor image and the module of one version (packages jailhouse-firmware and jailhouse-dkms, or `make install` of one tree)",
			  JAILHOUSE_FIRMWARE_NAME, h->revision, version,
			  driver_version, JAILHOUSE_IMAGE_REVISION);
		return -EINVAL;
	}
	if (size < sizeof(*h) || h->header_size != sizeof(*h)) {
		scnprintf(msg, msg_size,
			  "hypervisor image %s (version %s) has a header of %u bytes in a file of %zu, revision %u has %zu: the image is damaged or was built from a changed header without a new revision",
			  JAILHOUSE_FIRMWARE_NAME, version, h->header_size,
			  size, h->revision, sizeof(*h));
		return -EINVAL;
	}
	if (strcmp(version, driver_version)) {
		scnprintf(msg, msg_size,
			  "hypervisor image %s is version %s, this jailhouse.ko version %s; both are of revision %u, so they work together",
			  JAILHOUSE_FIRMWARE_NAME, version, driver_version,
			  JAILHOUSE_IMAGE_REVISION);
		return 1;
	}
	return 0;
}
