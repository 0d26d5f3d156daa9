// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the shared config validator (common/config-validate.c)
 * on one system or cell config, the whole input.  The hypervisor runs this
 * code on configs the root hands it, so every input must end in one of the
 * two outcomes its contract names: accepted, or -EINVAL with a sentence.
 * Anything else (a crash, a sanitizer report, another result) is a failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <common/config-validate.h>
#include <common/env.h>

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

/* A broken promise of the code under test: say which, then crash so that
 * libFuzzer keeps the input. */
static void broken(const char *promise)
{
	fprintf(stderr, "fuzz: broken promise: %s\n", promise);
	abort();
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	char msg[JAILHOUSE_MSG_MAX];
	unsigned char *config;
	int err;

	/* A private, exactly sized copy: ASan then sees every overread. */
	config = malloc(size ? size : 1);
	memcpy(config, data, size);
	memset(msg, 0x55, sizeof(msg));
	err = jh_config_validate(config, size, msg, sizeof(msg));
	if (err != 0 && err != -EINVAL)
		broken("0 or -EINVAL");
	if (err && (!memchr(msg, 0, sizeof(msg)) || msg[0] == 0))
		broken("a refusal comes with a NUL-terminated sentence");
	free(config);
	return 0;
}
