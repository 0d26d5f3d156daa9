/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A port access of 1, 2 or 4 bytes, the width a guest's IN/OUT had
 * (PCI config ports in pci.c, the root's passed-through ports in
 * vmx/port-io.c).
 */
#ifndef _HV_PORT_SIZED_H
#define _HV_PORT_SIZED_H

#include "processor.h"

static inline __u32 port_in(__u16 port, unsigned int size)
{
	if (size == 1)
		return inb(port);
	if (size == 2)
		return inw(port);
	return inl(port);
}

static inline void port_out(__u16 port, unsigned int size, __u32 v)
{
	if (size == 1)
		outb(v, port);
	else if (size == 2)
		outw(v, port);
	else
		outl(v, port);
}

#endif
