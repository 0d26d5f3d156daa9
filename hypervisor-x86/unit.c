// SPDX-License-Identifier: GPL-2.0
/*
 * Runs the table of units (include/unit.h): in order, and undone in
 * reverse when one fails.
 */
#include "hv.h"
#include "processor.h"
#include "unit.h"
#include <common/string.h>

/* exit of units [0, count) in reverse */
static void exit_first(unsigned int count)
{
	while (count--)
		if (hv_units[count]->exit)
			hv_units[count]->exit();
}

int units_init(void)
{
	unsigned int n;
	int err;

	for (n = 0; n < hv_num_units; n++) {
		if (!hv_units[n]->init)
			continue;
		err = hv_units[n]->init();
		if (err) {
			exit_first(n);
			return err;
		}
	}
	return 0;
}

int units_cell_check(struct per_cpu *caller, const struct cell *cell)
{
	unsigned int n;
	int err;

	for (n = 0; n < hv_num_units; n++) {
		if (!hv_units[n]->cell_check)
			continue;
		err = hv_units[n]->cell_check(caller, cell);
		if (err)
			return err;
	}
	return 0;
}

/* cell_destroy of units [0, count) in reverse */
static void destroy_first(struct cell *cell, unsigned int count)
{
	while (count--)
		if (hv_units[count]->cell_destroy)
			hv_units[count]->cell_destroy(cell);
}

int units_cell_create(struct cell *cell)
{
	unsigned int n;
	int err;

	for (n = 0; n < hv_num_units; n++) {
		if (!hv_units[n]->cell_create)
			continue;
		err = hv_units[n]->cell_create(cell);
		if (err) {
			destroy_first(cell, n);
			return err;
		}
	}
	return 0;
}

void units_cell_destroy(struct cell *cell)
{
	destroy_first(cell, hv_num_units);
}

void units_cell_quiesce(struct cell *cell)
{
	unsigned int n = hv_num_units;

	while (n--)
		if (hv_units[n]->cell_quiesce)
			hv_units[n]->cell_quiesce(cell);
}

void units_cell_start(struct cell *cell)
{
	unsigned int n;

	for (n = 0; n < hv_num_units; n++)
		if (hv_units[n]->cell_start)
			hv_units[n]->cell_start(cell);
}

/* Reverse order: a unit hands back its hardware while the units it
 * relies on (earlier in the table) still hold theirs.  The first refusal
 * ends it (include/unit.h). */
int units_disable(struct per_cpu *caller)
{
	unsigned int n = hv_num_units;
	int err;

	while (n--) {
		if (!hv_units[n]->disable)
			continue;
		err = hv_units[n]->disable(caller);
		if (err)
			return err;
	}
	return 0;
}

static struct spinlock disable_lock;
static unsigned int disable_callers; /* of the round so far */
static int disable_result;
static char disable_msg[JAILHOUSE_MSG_MAX];

int units_disable_round(struct per_cpu *caller, char *caller_msg,
			unsigned int num_cpus)
{
	int err;

	spin_lock(&disable_lock);
	if (disable_callers == 0) {
		disable_result = units_disable(caller);
		memcpy(disable_msg, caller_msg, sizeof(disable_msg));
	} else if (disable_result) {
		memcpy(caller_msg, disable_msg, sizeof(disable_msg));
	}
	err = disable_result;
	if (++disable_callers >= num_cpus)
		disable_callers = 0;
	spin_unlock(&disable_lock);
	return err;
}
