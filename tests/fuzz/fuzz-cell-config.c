// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the checks of a cell against the system and the cells
 * that already exist (common/cell-config.c), as the hypervisor runs them at
 * cell create.
 *
 * Input: byte 0 picks how many cells already exist (0-2); then one 16-bit
 * little-endian length each for the system config and those cells; the
 * rest is the new cell.  Like the hypervisor, the target checks only what
 * would reach cell_config_check(): every config passed jh_config_validate()
 * and every existing cell passed cell_config_check() when it was created.
 * The outcome must be 0 or -EEXIST/-EBUSY/-EINVAL with a sentence.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <common/cell-config.h>
#include <common/config-validate.h>
#include <common/env.h>

#define MAX_OTHERS 2

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

/* A broken promise of the code under test: say which, then crash so that
 * libFuzzer keeps the input. */
static void broken(const char *promise)
{
	fprintf(stderr, "fuzz: broken promise: %s\n", promise);
	abort();
}

struct input {
	const unsigned char *data;
	size_t left;
};

/* The next piece of `len` bytes (capped at what is left), in an exactly
 * sized heap copy so that ASan sees every read beyond it. */
static void *take(struct input *in, size_t len, size_t *got)
{
	void *copy;

	if (len > in->left)
		len = in->left;
	copy = malloc(len ? len : 1);
	memcpy(copy, in->data, len);
	in->data += len;
	in->left -= len;
	*got = len;
	return copy;
}

static size_t take_length(struct input *in)
{
	size_t len;

	if (in->left < 2)
		return 0;
	len = in->data[0] | in->data[1] << 8;
	in->data += 2;
	in->left -= 2;
	return len;
}

/* Passed the validator, and is of the wanted kind. */
static int valid(const void *config, size_t size, const char *signature)
{
	char msg[JAILHOUSE_MSG_MAX];

	return size >= JAILHOUSE_SIGNATURE_SIZE &&
	       memcmp(config, signature, JAILHOUSE_SIGNATURE_SIZE) == 0 &&
	       jh_config_validate(config, size, msg, sizeof(msg)) == 0;
}

static int check(const struct jailhouse_system_desc *sys,
		 const struct jailhouse_cell_desc *cell,
		 const struct jailhouse_cell_desc *const *others,
		 unsigned int num_others)
{
	char msg[JAILHOUSE_MSG_MAX];
	int err;

	memset(msg, 0x55, sizeof(msg));
	err = cell_config_check(sys, cell, others, num_others, msg,
				sizeof(msg));
	if (err != 0 && err != -EEXIST && err != -EBUSY && err != -EINVAL)
		broken("0, -EEXIST, -EBUSY or -EINVAL");
	if (err && (!memchr(msg, 0, sizeof(msg)) || msg[0] == 0))
		broken("a refusal comes with a NUL-terminated sentence");
	return err;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	const struct jailhouse_cell_desc *others[MAX_OTHERS];
	void *pieces[MAX_OTHERS + 2] = { 0 };
	size_t lengths[MAX_OTHERS + 1], got;
	struct input in = { data, size };
	unsigned int num_others, n, ok = 1;

	if (size < 1)
		return 0;
	num_others = data[0] % (MAX_OTHERS + 1);
	in.data++;
	in.left--;
	for (n = 0; n <= num_others; n++)
		lengths[n] = take_length(&in);
	pieces[0] = take(&in, lengths[0], &got);
	ok = valid(pieces[0], got, JAILHOUSE_SYSTEM_SIGNATURE);
	for (n = 0; n < num_others; n++) {
		pieces[n + 1] = take(&in, lengths[n + 1], &got);
		others[n] = pieces[n + 1];
		/* an existing cell got in through the same two checks */
		ok = ok && valid(others[n], got, JAILHOUSE_CELL_SIGNATURE) &&
		     check(pieces[0], others[n], others, n) == 0;
	}
	pieces[num_others + 1] = take(&in, in.left, &got);
	if (ok && valid(pieces[num_others + 1], got, JAILHOUSE_CELL_SIGNATURE))
		check(pieces[0], pieces[num_others + 1], others, num_others);
	for (n = 0; n < num_others + 2; n++)
		free(pieces[n]);
	return 0;
}
