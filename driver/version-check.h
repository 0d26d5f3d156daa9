/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Driver and hypervisor image of one build: the image header carries the
 * contract revision (JAILHOUSE_IMAGE_REVISION) and the build's version
 * (include/jailhouse/image.h).  An image of another revision is refused
 * with a sentence naming both versions; an image of the same revision but
 * another version works, and the driver says so in the kernel log.
 */
#ifndef _JAILHOUSE_DRIVER_VERSION_CHECK_H
#define _JAILHOUSE_DRIVER_VERSION_CHECK_H

#include <jailhouse/image.h>

#include "pure.h"

/* This module's version (`git describe` or the package's, from Kbuild). */
extern const char jailhouse_version[];

/*
 * @h: the header of an image of @size bytes whose signature was checked
 * (size >= sizeof the signature and revision).  Returns -EINVAL with the
 * refusal in @msg (another revision, or a header not of this revision's
 * size), 1 with a note in @msg (same revision, another version), or 0.
 */
int jailhouse_check_image_version(const struct jailhouse_image_header *h,
				  size_t size, const char *driver_version,
				  char *msg, size_t msg_size);

#endif
