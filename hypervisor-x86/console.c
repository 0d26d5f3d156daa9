// SPDX-License-Identifier: GPL-2.0
/*
 * The hypervisor's console: the debug UART named by the system config
 * (an 8250 on ports, COM2 in the Bochs rig) and the log ring that the
 * driver shows as /sys/devices/jailhouse/console.  Both get every line.
 */
#include <stdarg.h>
#include "hv.h"
#include "format.h"
#include "processor.h"

#define UART_THR	0
#define UART_DLL	0
#define UART_IER	1
#define UART_DLM	1
#define UART_FCR	2
#define UART_LCR	3
#define UART_LSR	5
#define UART_LCR_8N1	0x03
#define UART_LCR_DLAB	0x80
#define UART_LSR_THRE	0x20

/* In the image at header.console_log_offset, so the driver finds it even
 * after a failed enable. */
struct jailhouse_console_log hv_console_log;

static __u16 uart_port;
static volatile int console_lock;

static void lock(void)
{
	while (__atomic_exchange_n(&console_lock, 1, __ATOMIC_ACQUIRE))
		cpu_relax();
}

static void unlock(void)
{
	__atomic_store_n(&console_lock, 0, __ATOMIC_RELEASE);
}

void console_init(void)
{
	const struct jailhouse_console *con = &hv_system_config->debug_console;

	hv_console_log.size = JAILHOUSE_CONSOLE_LOG_SIZE;
	if (con->type != JAILHOUSE_CON_TYPE_8250_PIO || con->address > 0xfff8)
		return;
	uart_port = con->address;
	/* divider 0 keeps the baud rate the firmware or Linux programmed */
	if (con->divider) {
		outb(UART_LCR_DLAB, uart_port + UART_LCR);
		outb(con->divider & 0xff, uart_port + UART_DLL);
		outb(con->divider >> 8, uart_port + UART_DLM);
	}
	outb(UART_LCR_8N1, uart_port + UART_LCR);
	outb(0, uart_port + UART_IER);
	outb(0, uart_port + UART_FCR);
}

static void uart_putc(char c)
{
	unsigned int timeout = 100000;

	/* A missing UART must not hang the hypervisor: give up eventually. */
	while (!(inb(uart_port + UART_LSR) & UART_LSR_THRE) && --timeout)
		cpu_relax();
	outb(c, uart_port + UART_THR);
}

void console_putc(char c)
{
	hv_console_log.content[hv_console_log.tail % JAILHOUSE_CONSOLE_LOG_SIZE] = c;
	hv_console_log.tail++;
	if (uart_port) {
		if (c == '\n')
			uart_putc('\r');
		uart_putc(c);
	}
}

void printk(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	char *p;

	va_start(ap, fmt);
	jh_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);

	lock();
	for (p = buf; *p; p++)
		console_putc(*p);
	unlock();
}
