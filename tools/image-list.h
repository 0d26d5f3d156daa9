/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What `jailhouse cell load` copies into a cell: images read from files and
 * strings from the command line, each with its guest-physical address.
 */
#ifndef _JAILHOUSE_TOOLS_IMAGE_LIST_H
#define _JAILHOUSE_TOOLS_IMAGE_LIST_H

#include <stddef.h>

#include <jailhouse/ioctl.h>

struct image_item {
	const char *path;   /* an image file, or NULL for a string */
	const char *string; /* -s STRING */
	__u64 address;	    /* guest-physical target */
	int has_address;
};

struct image_list {
	const char *cell; /* NAME|ID as given */
	unsigned int count;
	struct image_item items[JAILHOUSE_MAX_IMAGES];
	/* Filled by image_list_read(): one per item, data in user memory. */
	struct jailhouse_preload_image images[JAILHOUSE_MAX_IMAGES];
	void *file_data[JAILHOUSE_MAX_IMAGES]; /* to free */
};

/* Largest image file `cell load` reads (a Linux kernel plus initrd fits). */
#define IMAGE_MAX_SIZE (1024UL * 1024 * 1024)

/*
 * Parse "load NAME|ID IMAGE [-a ADDR] [-s STRING -a ADDR]..." (argv[0] is
 * "load").  Returns 0, or -1 with a sentence in msg.  -h/--help is the
 * caller's business (command_wants_help()).
 */
int image_list_parse(int argc, char **argv, struct image_list *list, char *msg,
		     size_t msg_size);

/*
 * Read every image file fully into memory and fill list->images.
 * Returns 0, or -1 with "PATH: reason" in msg.
 */
int image_list_read(struct image_list *list, char *msg, size_t msg_size);

void image_list_free(struct image_list *list);

#endif
