// SPDX-License-Identifier: GPL-2.0
/*
 * Robustness of the validators against corrupted configs: valid configs
 * with random bytes, counts and sizes changed, each in a heap buffer of
 * exactly the claimed size so that AddressSanitizer catches any read the
 * validator makes beyond it.  Deterministic (fixed seed): a failure
 * reproduces.  Every outcome must be "accepted" or "-EINVAL with a
 * sentence"; accepted cells then go through cell_config_check().
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <common/cell-config.h>
#include "config-builder.h"
#include <common/config-validate.h>
#include <common/env.h>

#define ROUNDS 20000

static __u64 rng_state = 0x9e3779b97f4a7c15ULL;

static __u32 rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (__u32)rng_state;
}

/* Damage 1-4 places: a random byte, or a whole 32-bit field. */
static void mutate(unsigned char *buf, unsigned long size)
{
	unsigned int n, count = 1 + rng() % 4;
	unsigned long at;
	__u32 value;

	for (n = 0; n < count; n++) {
		at = rng() % size;
		if (rng() % 2 || at + 4 > size) {
			buf[at] = rng();
			continue;
		}
		value = rng() % 3 == 0 ? rng() : rng() % 300;
		memcpy(buf + (at & ~3UL), &value, 4);
	}
}

/* Runs the validator on a heap copy of exactly `size` bytes. */
static int validate_copy(const unsigned char *buf, unsigned long size,
			 unsigned int *accepted)
{
	unsigned char *copy = malloc(size ? size : 1);
	char msg[JAILHOUSE_MSG_MAX];
	int err;

	memcpy(copy, buf, size);
	memset(msg, 'Z', sizeof(msg));
	err = jh_config_validate(copy, size, msg, sizeof(msg));
	if (err && (err != -EINVAL || !memchr(msg, 0, sizeof(msg)) ||
		    strlen(msg) < 10))
		fail_msg("refusal %d without a sentence: \"%.60s\"", err, msg);
	if (!err) {
		(*accepted)++;
		assert_int_equal(msg[0], 0);
	}
	free(copy);
	return err;
}

static void test_corrupted_system_configs(void **state)
{
	struct test_system good, bad;
	unsigned int round, accepted = 0;
	unsigned long size;

	(void)state;
	fill_system(&good);
	for (round = 0; round < ROUNDS; round++) {
		bad = good;
		mutate((unsigned char *)&bad, sizeof(bad));
		size = rng() % 8 ? sizeof(bad) : rng() % (sizeof(bad) + 64);
		if (size > sizeof(bad))
			size = sizeof(bad);
		validate_copy((unsigned char *)&bad, size, &accepted);
	}
	/* most damage must be caught, some (e.g. in a name) is harmless */
	assert_true(accepted < ROUNDS / 2);
	print_message("system configs: %u of %u corrupted ones accepted\n",
		      accepted, ROUNDS);
}

static void test_corrupted_cell_configs(void **state)
{
	struct test_system sys;
	struct test_cell good, bad;
	const struct jailhouse_cell_desc *others[1];
	unsigned int round, accepted = 0, placed = 0;
	char msg[JAILHOUSE_MSG_MAX];

	(void)state;
	fill_system(&sys);
	fill_cell(&good, "demo", 0x2, 0x3a600000);
	others[0] = &good.header;
	for (round = 0; round < ROUNDS; round++) {
		bad = good;
		mutate((unsigned char *)&bad, sizeof(bad));
		if (validate_copy((unsigned char *)&bad, sizeof(bad),
				  &accepted))
			continue;
		if (!cell_config_check(&sys.header, &bad.header, others,
				       rng() % 2, msg, sizeof(msg)))
			placed++;
		else
			assert_true(strncmp(msg, "cell \"", 6) == 0);
	}
	assert_true(accepted < ROUNDS / 2);
	print_message("cell configs: %u of %u accepted, %u of them placed\n",
		      accepted, ROUNDS, placed);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corrupted_system_configs),
		cmocka_unit_test(test_corrupted_cell_configs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
