// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Console output: the UART when the cell may drive it, else one console
 * hypercall per line (the budget: at most one VM exit per line).
 */
#include <inmate.h>

#define UART_THR 0 /* transmit holding register */
#define UART_DLL 0
#define UART_DLM 1
#define UART_IER 1
#define UART_LCR 3
#define UART_LSR 5
#define UART_LCR_8N1 0x03
#define UART_LCR_DLAB 0x80
#define UART_LSR_THRE 0x20

enum console_kind {
	CONSOLE_NONE,
	CONSOLE_UART,
	CONSOLE_HYPERCALL
};

/*
 * Aligned to its size, a line never crosses a page boundary: the hypervisor
 * can copy it out of a single guest page.
 */
struct line_buffer {
	char text[JAILHOUSE_CONSOLE_WRITE_MAX]
		__attribute__((aligned(JAILHOUSE_CONSOLE_WRITE_MAX)));
	unsigned int length;
};

static enum console_kind console_kind;
static u16 uart_port;
static struct line_buffer lines[INMATE_MAX_CPUS];
/* Serialises UART output so that lines of different CPUs do not mix. */
static volatile u32 uart_lock;

static void uart_init(const struct jailhouse_console *con)
{
	uart_port = (u16)con->address;
	/*
	 * Divider 0: keep the baud rate its owner set.  The frame format is
	 * always set: after reset an 8250 sends 5-bit characters.
	 */
	if (con->divider) {
		outb(UART_LCR_DLAB, uart_port + UART_LCR);
		outb(con->divider & 0xff, uart_port + UART_DLL);
		outb((con->divider >> 8) & 0xff, uart_port + UART_DLM);
	}
	outb(UART_LCR_8N1, uart_port + UART_LCR);
	outb(0, uart_port + UART_IER);
}

void console_init(void)
{
	const struct jailhouse_comm_region *comm = comm_region();

	if ((comm->flags & JAILHOUSE_CELL_DEBUG_CONSOLE) &&
	    comm->console.type == JAILHOUSE_CON_TYPE_8250_PIO) {
		uart_init(&comm->console);
		console_kind = CONSOLE_UART;
	} else if (comm->flags & JAILHOUSE_CELL_VIRTUAL_CONSOLE) {
		/* An MMIO UART is not supported; the hypercall still works. */
		console_kind = CONSOLE_HYPERCALL;
	} else {
		console_kind = CONSOLE_NONE;
	}
}

static void uart_write(const char *text, unsigned int length)
{
	while (__atomic_exchange_n(&uart_lock, 1, __ATOMIC_ACQUIRE))
		cpu_relax();
	for (unsigned int i = 0; i < length; i++) {
		if (text[i] == '\n') {
			while (!(inb(uart_port + UART_LSR) & UART_LSR_THRE))
				cpu_relax();
			outb('\r', uart_port + UART_THR);
		}
		while (!(inb(uart_port + UART_LSR) & UART_LSR_THRE))
			cpu_relax();
		outb((u8)text[i], uart_port + UART_THR);
	}
	__atomic_store_n(&uart_lock, 0, __ATOMIC_RELEASE);
}

static void line_send(struct line_buffer *line)
{
	if (!line->length)
		return;
	if (console_kind == CONSOLE_UART)
		uart_write(line->text, line->length);
	else if (console_kind == CONSOLE_HYPERCALL)
		jailhouse_call_arg2(JAILHOUSE_HC_DEBUG_CONSOLE_WRITE,
				    (unsigned long)line->text, line->length);
	line->length = 0;
}

void console_write(const char *text, size_t length)
{
	struct line_buffer *line = &lines[this_cpu()];

	for (size_t i = 0; i < length; i++) {
		line->text[line->length++] = text[i];
		if (text[i] == '\n' || line->length == sizeof(line->text))
			line_send(line);
	}
}

void console_flush(void)
{
	line_send(&lines[this_cpu()]);
}

void printk(const char *fmt, ...)
{
	char text[JAILHOUSE_CONSOLE_WRITE_MAX];
	va_list args;
	int length;

	va_start(args, fmt);
	length = jh_vsnprintf(text, sizeof(text), fmt, args);
	va_end(args);
	if (length > (int)sizeof(text) - 1)
		length = sizeof(text) - 1;
	console_write(text, length);
}
