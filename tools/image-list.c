// SPDX-License-Identifier: GPL-2.0
/*
 * The image list of `jailhouse cell load`: parsed from the command line,
 * then read into memory and described as struct jailhouse_preload_image[]
 * pointing into this process, which is what the driver copies from.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "command-line.h"
#include "file.h"
#include "image-list.h"

static int is_option(const char *arg, const char *short_name,
		     const char *long_name)
{
	return !strcmp(arg, short_name) || !strcmp(arg, long_name);
}

static const char *item_name(const struct image_item *item)
{
	return item->path ? item->path : item->string;
}

static int add_item(struct image_list *list, const char *path,
		    const char *string, char *msg, size_t msg_size)
{
	struct image_item *item;

	if (list->count >= JAILHOUSE_MAX_IMAGES) {
		snprintf(msg, msg_size,
			 "too many images and strings: at most "
			 "%d per load",
			 JAILHOUSE_MAX_IMAGES);
		return -1;
	}
	item = &list->items[list->count++];
	item->path = path;
	item->string = string;
	return 0;
}

static int set_address(struct image_list *list, const char *value, char *msg,
		       size_t msg_size)
{
	struct image_item *item;

	if (list->count == 0) {
		snprintf(msg, msg_size,
			 "-a %s comes before any IMAGE or -s "
			 "STRING it could apply to",
			 value);
		return -1;
	}
	item = &list->items[list->count - 1];
	if (item->has_address) {
		snprintf(msg, msg_size, "-a given twice for '%s'",
			 item_name(item));
		return -1;
	}
	if (parse_number(value, &item->address)) {
		snprintf(msg, msg_size,
			 "-a %s: not an address (use decimal, or "
			 "hexadecimal with 0x)",
			 value);
		return -1;
	}
	item->has_address = 1;
	return 0;
}

/* One argument (or option with its value) at argv[*i]. */
static int parse_item(struct image_list *list, int argc, char **argv, int *i,
		      char *msg, size_t msg_size)
{
	const char *arg = argv[*i];
	int address = is_option(arg, "-a", "--address");
	int string = is_option(arg, "-s", "--string");

	if (!address && !string) {
		if (arg[0] == '-' && arg[1] != '\0') {
			snprintf(msg, msg_size, "unknown option '%s'", arg);
			return -1;
		}
		return add_item(list, arg, NULL, msg, msg_size);
	}
	if (*i + 1 >= argc) {
		snprintf(msg, msg_size, "%s needs a value", arg);
		return -1;
	}
	(*i)++;
	if (address)
		return set_address(list, argv[*i], msg, msg_size);
	return add_item(list, NULL, argv[*i], msg, msg_size);
}

static int check_items(const struct image_list *list, char *msg,
		       size_t msg_size)
{
	unsigned int n;

	if (list->count == 0) {
		snprintf(msg, msg_size, "missing IMAGE");
		return -1;
	}
	for (n = 0; n < list->count; n++) {
		if (list->items[n].string && !list->items[n].has_address) {
			snprintf(msg, msg_size,
				 "-s '%s' needs -a ADDR: there "
				 "is no default place for a string",
				 list->items[n].string);
			return -1;
		}
	}
	return 0;
}

int image_list_parse(int argc, char **argv, struct image_list *list, char *msg,
		     size_t msg_size)
{
	int i;

	memset(list, 0, sizeof(*list));
	if (argc < 2 || (argv[1][0] == '-' && argv[1][1] != '\0')) {
		snprintf(msg, msg_size,
			 "missing NAME|ID: the cell comes first");
		return -1;
	}
	list->cell = argv[1];
	for (i = 2; i < argc; i++)
		if (parse_item(list, argc, argv, &i, msg, msg_size))
			return -1;
	return check_items(list, msg, msg_size);
}

static int read_item(struct image_list *list, unsigned int n, char *msg,
		     size_t msg_size)
{
	struct jailhouse_preload_image *image = &list->images[n];
	const struct image_item *item = &list->items[n];
	size_t size;

	image->target_address = item->address;
	if (item->string) {
		image->source_address = (uintptr_t)item->string;
		image->size = strlen(item->string) + 1;
		return 0;
	}
	if (file_read(item->path, IMAGE_MAX_SIZE, &list->file_data[n], &size,
		      msg, msg_size))
		return -1;
	if (size == 0) {
		snprintf(msg, msg_size, "%s: empty file, nothing to load",
			 item->path);
		return -1;
	}
	image->source_address = (uintptr_t)list->file_data[n];
	image->size = size;
	return 0;
}

int image_list_read(struct image_list *list, char *msg, size_t msg_size)
{
	unsigned int n;

	for (n = 0; n < list->count; n++) {
		if (read_item(list, n, msg, msg_size)) {
			image_list_free(list);
			return -1;
		}
	}
	return 0;
}

void image_list_free(struct image_list *list)
{
	unsigned int n;

	for (n = 0; n < JAILHOUSE_MAX_IMAGES; n++) {
		free(list->file_data[n]);
		list->file_data[n] = NULL;
	}
}
