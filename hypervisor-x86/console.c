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
 * CPU (console_poll()) top the FIFO up while output is pending, at most
 * once per UART_TOP_UP_US (about the time the FIFO takes to drain): port
 * I/O costs a microsecond or more, and a busy console must not add it to
 * every exit of every CPU.
 *
 * Text from cells is untrusted: control characters and escape sequences
 * could rewrite what a reader of the log or the serial terminal sees
 * (move the cursor, hide lines, retitle the window), so only printable
 * ASCII, '\n' and '\t' reach the ring, ESC and '\r' are dropped and every
 * other byte becomes '.'.  A non-root cell also writes within its budget
 * (include/console-budget.h).
 */
#include <stdarg.h>
#include "hv.h"
#include "console-budget.h"
#include <common/format.h>
#include "processor.h"
#include "spinlock.h"

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
/* 16 bytes of 10 bits at 115200 baud take ~1.4 ms */
#define UART_TOP_UP_US 1000

/* In the image at header.console_log_offset, so the driver finds it even
 * after a failed enable. */
struct jailhouse_console_log hv_console_log;

static __u16 uart_port;
/* Last in the lock order (include/spinlock.h): printk() may run under
 * any other lock. */
static struct spinlock console_lock;
/* Ring position up to which the UART has been given the text. */
static __u32 uart_sent;
/* Whether text waits for the UART: read without the lock by every exit. */
volatile int console_pending;
/* TSC before which a top-up does nothing: written under the lock, read
 * without it by console_poll() (a stale value costs one trylock). */
static volatile __u64 next_top_up;

/* TSC ticks per millisecond; 1 GHz where the config does not say. */
static __u64 tsc_per_ms(void)
{
	__u64 khz = hv_system_config->platform.tsc_khz;

	return khz ? khz : 1000000;
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
	outb(UART_FCR_FIFO, uart_port + UART_FCR);
	uart_sent = hv_console_log.tail;
	next_top_up = 0;
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

/*
 * printk() must say what happens even when the console lock cannot be had:
 * the CPU that panics or reports an exception may hold it already (an
 * exception inside printk()), and a CPU that died holding it must not
 * silence every other.  1 if taken; 0: write without it (the text may
 * interleave with the holder's, which is better than none).
 */
static int take_for_printk(void)
{
	if (spin_held_by_me(&console_lock))
		return 0;
	return !spin_lock_bounded(&console_lock, SPIN_REPORT_MS);
}

void printk(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int taken;
	char *p;

	va_start(ap, fmt);
	jh_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);

	taken = take_for_printk();
	for (p = buf; *p; p++)
		console_putc(*p);
	uart_flush(1);
	if (taken)
		spin_unlock(&console_lock);
}

/* Without waiting, at most once per UART_TOP_UP_US.  Under the lock. */
static void uart_top_up(void)
{
	__u64 now = read_tsc();

	if (now < next_top_up) {
		/* the next poll after the interval sends it */
		console_pending = uart_sent != hv_console_log.tail;
		return;
	}
	uart_flush(0);
	next_top_up = now + tsc_per_ms() * UART_TOP_UP_US / 1000;
}

/* What of a byte from a guest reaches the log; 0: nothing. */
static char sanitised(char c)
{
	unsigned char u = c;

	if (c == '\n' || c == '\t' || (u >= 0x20 && u < 0x7f))
		return c;
	if (c == 0x1b || c == '\r')
		return 0;
	return '.';
}

static void put_sanitised(const char *text, unsigned long len)
{
	unsigned long n;
	char c;

	for (n = 0; n < len; n++) {
		c = sanitised(text[n]);
		if (c)
			console_putc(c);
	}
}

/* The root's console hypercall: sanitised into the ring, to the UART as
 * far as it takes it now. */
void console_write_text(const char *text, unsigned long len)
{
	spin_lock(&console_lock);
	put_sanitised(text, len);
	uart_top_up();
	spin_unlock(&console_lock);
}

/* Whether the ring's text ends a line (or is empty).  Under the lock. */
static int at_line_start(void)
{
	__u32 tail = hv_console_log.tail;

	return !tail ||
	       hv_console_log.content[(tail - 1) % JAILHOUSE_CONSOLE_LOG_SIZE] ==
		       '\n';
}

/* The drop report, on a line of its own.  Under the lock. */
static void report_dropped(struct console_budget *budget, const char *name)
{
	char line[96];
	const char *p;

	if (!budget->dropped)
		return;
	jh_snprintf(line, sizeof(line),
		    "%s[console: %u bytes from cell \"%s\" dropped]\n",
		    at_line_start() ? "" : "\n", budget->dropped, name);
	for (p = line; *p; p++)
		console_putc(*p);
	budget->dropped = 0;
}

void console_cell_write(struct console_budget *budget, const char *name,
			const char *text, unsigned long len)
{
	__u64 now = read_tsc();
	unsigned long taken;

	spin_lock(&console_lock);
	if (now >= budget->window_end) {
		report_dropped(budget, name);
		budget->window_end =
			now + tsc_per_ms() * CONSOLE_CELL_WINDOW_MS;
		budget->left = CONSOLE_CELL_BUDGET;
	}
	taken = len < budget->left ? len : budget->left;
	budget->left -= taken;
	budget->dropped += len - taken;
	put_sanitised(text, taken);
	if (taken)
		uart_top_up();
	spin_unlock(&console_lock);
}

void console_cell_report(struct console_budget *budget, const char *name)
{
	spin_lock(&console_lock);
	report_dropped(budget, name);
	uart_top_up();
	spin_unlock(&console_lock);
}

/* From the exit path while console_pending: tops the UART's FIFO up, at
 * most once per UART_TOP_UP_US.  A CPU that finds the console busy
 * leaves it to the lock holder. */
void console_poll(void)
{
	if (read_tsc() < next_top_up || !spin_trylock(&console_lock))
		return;
	uart_top_up();
	spin_unlock(&console_lock);
}
