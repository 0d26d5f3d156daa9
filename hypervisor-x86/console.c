// SPDX-License-Identifier: GPL-2.0
/*
 * The hypervisor's console: the debug UART named by the system config
 * (an 8250 on ports, COM2 in the Bochs rig) and the log ring that the
 * driver shows as /sys/devices/jailhouse/console.  Both get every line.
 *
 * Every character goes into the ring first; the UART sends the ring from
 * where it stopped.  The hypervisor's own messages wait until the UART
 * has taken them (they come at management time, and must be out before a
 * CPU leaves or parks).  A cell's console hypercalls do not wait: at
 * 115200 baud a line takes ~7 ms of busy-waiting, which the cell's CPU
 * would otherwise spend in the hypervisor, a jitter no real-time cell can
 * afford.  They fill the UART's 16-byte FIFO and return; later exits of any
 * CPU (console_poll()) top the FIFO up while output is pending.
 */
#include <stdarg.h>
#include "hv.h"
#include <common/format.h>
#include "processor.h"

#define UART_THR 0
#define UART_DLL 0
#define UART_IER 1
#define UART_DLM 1
#define UART_FCR 2
#define UART_LCR 3
#define UART_LSR 5
#define UART_LCR_8N1 0x03
#define UART_LCR_DLAB 0x80
#define UART_LSR_THRE 0x20 /* with the FIFO on: the FIFO is empty */
#define UART_FCR_FIFO 0x07 /* enable, clear receive and transmit */
#define UART_FIFO_SIZE 16

/* In the image at header.console_log_offset, so the driver finds it even
 * after a failed enable. */
struct jailhouse_console_log hv_console_log;

static __u16 uart_port;
/* Last in the lock order (include/processor.h): printk() may run under
 * any other lock. */
static struct spinlock console_lock;
/* Ring position up to which the UART has been given the text. */
static __u32 uart_sent;
/* Whether text waits for the UART: read without the lock by every exit. */
volatile int console_pending;

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
	outb(UART_FCR_FIFO, uart_port + UART_FCR);
	uart_sent = hv_console_log.tail;
}

static int uart_ready(void)
{
	return inb(uart_port + UART_LSR) & UART_LSR_THRE;
}

/* Waits until the UART can take a FIFO load; a missing UART must not hang
 * the hypervisor: it gives up eventually and sends anyway. */
static void uart_wait(void)
{
	unsigned int timeout = 100000;

	while (!uart_ready() && --timeout)
		cpu_relax();
}

/* Next character for the UART, '\r' before '\n' (the ring keeps plain
 * newlines: `cr_sent` remembers that the '\r' is out). */
static char uart_next(int *cr_sent)
{
	char c = hv_console_log.content[uart_sent % JAILHOUSE_CONSOLE_LOG_SIZE];

	if (c == '\n' && !*cr_sent) {
		*cr_sent = 1;
		return '\r';
	}
	*cr_sent = 0;
	uart_sent++;
	return c;
}

/*
 * Sends what the ring holds beyond uart_sent, one FIFO load at a time; with
 * `wait`, until all is sent, else only what the UART takes right now.
 * Text the ring overwrote before the UART got it is skipped.  Under the lock.
 */
static void uart_flush(int wait)
{
	static int cr_sent;
	unsigned int n;

	if (!uart_port)
		uart_sent = hv_console_log.tail;
	/* skipping overwritten text: a '\r' sent belonged to a lost '\n' */
	if (hv_console_log.tail - uart_sent > JAILHOUSE_CONSOLE_LOG_SIZE) {
		uart_sent = hv_console_log.tail - JAILHOUSE_CONSOLE_LOG_SIZE;
		cr_sent = 0;
	}
	while (uart_sent != hv_console_log.tail) {
		if (wait)
			uart_wait();
		else if (!uart_ready())
			break;
		for (n = 0;
		     n < UART_FIFO_SIZE && uart_sent != hv_console_log.tail;
		     n++)
			outb(uart_next(&cr_sent), uart_port + UART_THR);
	}
	console_pending = uart_sent != hv_console_log.tail;
}

void console_putc(char c)
{
	hv_console_log
		.content[hv_console_log.tail % JAILHOUSE_CONSOLE_LOG_SIZE] = c;
	hv_console_log.tail++;
}

void printk(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	char *p;

	va_start(ap, fmt);
	jh_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);

	spin_lock(&console_lock);
	for (p = buf; *p; p++)
		console_putc(*p);
	uart_flush(1);
	spin_unlock(&console_lock);
}

/* A cell's (or the root's) console hypercall: into the ring, to the UART
 * as far as it takes it now. */
void console_write_text(const char *text, unsigned long len)
{
	unsigned long n;

	spin_lock(&console_lock);
	for (n = 0; n < len; n++)
		console_putc(text[n]);
	uart_flush(0);
	spin_unlock(&console_lock);
}

/* From the exit path while console_pending: tops the UART's FIFO up.  A
 * CPU that finds the console busy leaves it to the lock holder. */
void console_poll(void)
{
	if (!spin_trylock(&console_lock))
		return;
	uart_flush(0);
	spin_unlock(&console_lock);
}
