// SPDX-License-Identifier: GPL-2.0
/*
 * Runs the table of units (include/unit.h): in order, and undone in
 * reverse when one fails.
 */
#include "hv.h"
#include "unit.h"

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
