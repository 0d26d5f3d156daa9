/* SPDX-License-Identifier: GPL-2.0 */
/* The sub-commands behind cmd_config(); each gets argv from its name on. */
#ifndef _JAILHOUSE_CONFIG_COMMANDS_H
#define _JAILHOUSE_CONFIG_COMMANDS_H

int config_create_main(int argc, char **argv);
int config_collect_main(int argc, char **argv);
int config_show_main(int argc, char **argv);

#endif
