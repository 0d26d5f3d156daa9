// SPDX-License-Identifier: GPL-2.0
/*
 * console.c on the host, against a model of a 16550 on ports 0x2f8-0x2ff
 * (inb/outb of fake/processor.h).  The model:
 *  - LCR.DLAB switches offsets 0/1 to the divisor latch; THR writes with
 *    DLAB set do not reach the FIFO;
 *  - THR writes go into the TX FIFO: 16 bytes once FCR enabled the FIFO,
 *    1 byte before (16450 mode).  A write into a full FIFO is an overrun
 *    and fails the test;
 *  - LSR.THRE (and TEMT) are set only while the FIFO is empty;
 *  - the "wire" takes the whole FIFO when the test says so: never (stuck),
 *    on every cpu_relax(), on every Nth LSR read, or by wire_drain().
 * Time is the test's: every read_tsc() advances the clock by `tsc_step`
 * (1 ms by default, so a top-up is always due), 0 freezes it.
 * What went out is `wire` (plus what still sits in the FIFO); the ring is
 * hv_console_log.  console.c's statics outlive a test, so every test starts
 * from console_init() and ends with all text sent (teardown), as a freshly
 * loaded hypervisor image would.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "hv.h"
#include "console-budget.h"
#include "processor.h"

#define PORT 0x2f8
#define THR 0
#define IER 1
#define FCR 2
#define LCR 3
#define LSR 5
#define LCR_DLAB 0x80
#define FCR_ENABLE 0x01
#define FCR_CLEAR_TX 0x04
#define LSR_THRE 0x20
#define LSR_TEMT 0x40
#define FIFO_SIZE 16
#define SPIN_LIMIT 100000
#define LOG_SIZE JAILHOUSE_CONSOLE_LOG_SIZE
/* Everything the UART may ever be given in one test, '\r's included. */
#define WIRE_SIZE (4 * LOG_SIZE)

const struct jailhouse_system_desc *hv_system_config;
extern struct jailhouse_console_log hv_console_log; /* console.c */
static struct jailhouse_system_desc sys;

/* ---- the UART ---- */
enum wire_mode {
	WIRE_STUCK,
	WIRE_ON_RELAX,
	WIRE_ON_LSR
};

static enum wire_mode mode;
static unsigned int lsr_period; /* WIRE_ON_LSR: drain every Nth read */
static __u8 lcr, ier, fcr_last, dll, dlm;
static int fifo_on, fcr_writes;
static char fifo[FIFO_SIZE];
static unsigned int fifo_len;
static char wire[WIRE_SIZE];
static unsigned int wire_len;
static unsigned int lsr_reads, relaxes, thr_writes;
/* Called from cpu_relax(): another CPU's VM exit while this one waits. */
static void (*other_cpu)(void);

/* ---- the clock: tsc_khz 1000, one tick per microsecond ---- */
#define TICKS_PER_MS 1000
static __u64 fake_tsc, tsc_step;

__u64 read_tsc(void)
{
	fake_tsc += tsc_step;
	return fake_tsc;
}

static void wire_drain(void)
{
	assert_true(wire_len + fifo_len <= WIRE_SIZE);
	memcpy(wire + wire_len, fifo, fifo_len);
	wire_len += fifo_len;
	fifo_len = 0;
}

static unsigned int fifo_capacity(void)
{
	return fifo_on ? FIFO_SIZE : 1;
}

static void uart_write_fcr(__u8 value)
{
	fcr_last = value;
	fcr_writes++;
	fifo_on = value & FCR_ENABLE;
	if (value & FCR_CLEAR_TX)
		fifo_len = 0;
}

static void uart_write_thr(__u8 value)
{
	thr_writes++;
	if (fifo_len == fifo_capacity())
		fail_msg("TX overrun: byte %u (0x%02x) written into a full FIFO (%u bytes)",
			 thr_writes, value, fifo_len);
	fifo[fifo_len++] = value;
}

void outb(__u8 value, __u16 port)
{
	switch (port - PORT) {
	case THR:
		if (lcr & LCR_DLAB)
			dll = value;
		else
			uart_write_thr(value);
		break;
	case IER:
		if (lcr & LCR_DLAB)
			dlm = value;
		else
			ier = value;
		break;
	case FCR:
		uart_write_fcr(value);
		break;
	case LCR:
		lcr = value;
		break;
	default:
		fail_msg("outb 0x%02x to port 0x%x: not the UART's", value,
			 port);
	}
}

__u8 inb(__u16 port)
{
	if (port != PORT + LSR)
		fail_msg("inb from port 0x%x: only LSR is expected", port);
	lsr_reads++;
	if (mode == WIRE_ON_LSR && lsr_reads % lsr_period == 0)
		wire_drain();
	return fifo_len ? 0 : LSR_THRE | LSR_TEMT;
}

void cpu_relax(void)
{
	relaxes++;
	if (relaxes > SPIN_LIMIT)
		fail_msg("still waiting after %u spins", relaxes);
	if (mode == WIRE_ON_RELAX)
		wire_drain();
	if (other_cpu)
		other_cpu();
}

/* What the UART has been given so far: the wire, then the FIFO. */
static const char *uart_output(void)
{
	static char out[WIRE_SIZE + FIFO_SIZE + 1];

	memcpy(out, wire, wire_len);
	memcpy(out + wire_len, fifo, fifo_len);
	out[wire_len + fifo_len] = 0;
	return out;
}

static void reset_counters(void)
{
	lsr_reads = relaxes = thr_writes = 0;
}

/* ---- text ---- */
/* `n` pseudo-random letters (and '\n's with `newlines`): no period that
 * a skip by the ring size or a FIFO load could hide behind. */
static void make_text(char *dst, unsigned int n, unsigned int seed,
		      int newlines)
{
	unsigned int i, x = seed * 2654435761u + 1;

	for (i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		if (newlines && (x >> 16) % 9 == 0)
			dst[i] = '\n';
		else
			dst[i] = 'a' + (x >> 16) % 26;
	}
}

/* `src` as the UART must send it: "\r\n" for '\n'.  Returns the length. */
static unsigned int crlf(char *dst, const char *src, unsigned int n)
{
	unsigned int i, len = 0;

	for (i = 0; i < n; i++) {
		if (src[i] == '\n')
			dst[len++] = '\r';
		dst[len++] = src[i];
	}
	dst[len] = 0;
	return len;
}

/* The ring's text from character `from` (ever written) to the tail. */
static const char *ring_text(unsigned int from)
{
	static char out[LOG_SIZE + 1];
	unsigned int i, n = hv_console_log.tail - from;

	assert_true(n <= LOG_SIZE);
	for (i = 0; i < n; i++)
		out[i] = hv_console_log.content[(from + i) % LOG_SIZE];
	out[n] = 0;
	return out;
}

/* The wire drains between exits; every exit while text is pending polls. */
static unsigned int poll_until_sent(void)
{
	unsigned int exits = 0;

	while (console_pending) {
		wire_drain();
		console_poll();
		exits++;
		assert_true(exits <= 4 * LOG_SIZE / FIFO_SIZE);
	}
	wire_drain();
	return exits;
}

/* ---- fixtures ---- */
static void init_console(__u16 type, __u32 divider)
{
	memset(&sys, 0, sizeof(sys));
	sys.debug_console.type = type;
	sys.debug_console.address = PORT;
	sys.debug_console.divider = divider;
	sys.platform.tsc_khz = TICKS_PER_MS;
	hv_system_config = &sys;
	fake_tsc = 1;
	tsc_step = TICKS_PER_MS;
	memset(&hv_console_log, 0, sizeof(hv_console_log));
	console_pending = 0;
	lcr = ier = fcr_last = dll = dlm = 0;
	fifo_on = fcr_writes = 0;
	fifo_len = wire_len = 0;
	mode = WIRE_ON_RELAX;
	lsr_period = 1;
	other_cpu = NULL;
	console_init();
	reset_counters();
}

static int setup(void **state)
{
	(void)state;
	init_console(JAILHOUSE_CON_TYPE_8250_PIO, 0);
	return 0;
}

/* Leaves console.c with nothing pending (its '\r' memory clear). */
static int teardown(void **state)
{
	(void)state;
	other_cpu = NULL;
	mode = WIRE_ON_RELAX;
	tsc_step = TICKS_PER_MS;
	poll_until_sent();
	return 0;
}

/* ---- tests ---- */
/*
 * First in the list and without setup(): console_init() of a config
 * without UART does not clear the port an earlier console_init() set, so
 * "no UART" needs a fresh image (statics zero), as the hypervisor has.
 */
static void test_no_uart_only_fills_ring(void **state)
{
	(void)state;
	init_console(JAILHOUSE_CON_TYPE_NONE, 0);
	mode = WIRE_STUCK;
	printk("no uart %d\n", 7);
	console_write_text("cell text\n", 10);
	console_poll();
	assert_string_equal(ring_text(0), "no uart 7\ncell text\n");
	assert_int_equal(console_pending, 0);
	assert_int_equal(lsr_reads, 0);
	assert_int_equal(relaxes, 0);
	assert_int_equal(thr_writes, 0);
	assert_int_equal(fcr_writes, 0);
	assert_int_equal(lcr, 0);
}

static void test_init_enables_fifo(void **state)
{
	(void)state;
	assert_int_equal(fcr_writes, 1);
	assert_true(fcr_last & FCR_ENABLE);
	assert_true(fcr_last & FCR_CLEAR_TX);
	assert_int_equal(lcr, 0x03); /* 8N1, DLAB clear */
	assert_int_equal(ier, 0);    /* no UART interrupts */
	assert_int_equal(dll, 0);    /* divider 0: untouched */
	assert_int_equal(dlm, 0);
}

static void test_init_programs_divider(void **state)
{
	(void)state;
	init_console(JAILHOUSE_CON_TYPE_8250_PIO, 0x0201);
	assert_int_equal(dll, 0x01);
	assert_int_equal(dlm, 0x02);
	assert_int_equal(lcr, 0x03);
	assert_int_equal(ier, 0);
	assert_true(fifo_on);
	printk("x\n");
	assert_string_equal(uart_output(), "x\r\n");
}

static void test_printk_sends_crlf(void **state)
{
	(void)state;
	mode = WIRE_STUCK; /* one FIFO load needs no wait */
	printk("a\nb\n");
	assert_string_equal(uart_output(), "a\r\nb\r\n");
	assert_string_equal(ring_text(0), "a\nb\n");
	assert_int_equal(console_pending, 0);
}

/* printk() returns once the UART has taken the last character: with the
 * wire draining on cpu_relax() or on LSR reads alone. */
static void check_printk_waits(enum wire_mode how, unsigned int period)
{
	char text[121], expect[250];

	make_text(text, 120, 1, 1);
	text[120] = 0;
	crlf(expect, text, 120);
	mode = how;
	lsr_period = period;
	printk("%s", text);
	assert_string_equal(uart_output(), expect);
	assert_int_equal(hv_console_log.tail, 120);
	assert_int_equal(console_pending, 0);
	assert_true(wire_len >= strlen(expect) - FIFO_SIZE);
}

static void test_printk_waits_on_relax(void **state)
{
	(void)state;
	check_printk_waits(WIRE_ON_RELAX, 1);
	assert_true(relaxes >= 120 / FIFO_SIZE);
}

static void test_printk_waits_on_lsr(void **state)
{
	(void)state;
	check_printk_waits(WIRE_ON_LSR, 3);
}

static void test_cell_text_loads_fifo_then_polls(void **state)
{
	char text[40], expect[41];
	unsigned int exits;

	(void)state;
	make_text(text, 40, 2, 0);
	memcpy(expect, text, 40);
	expect[40] = 0;
	mode = WIRE_STUCK;
	console_write_text(text, 40);
	assert_int_equal(wire_len, 0);
	assert_int_equal(fifo_len, FIFO_SIZE);
	assert_memory_equal(fifo, text, FIFO_SIZE);
	assert_int_equal(console_pending, 1);
	assert_int_equal(relaxes, 0);
	assert_string_equal(ring_text(0), expect);

	/* nothing moves while the FIFO is full */
	console_poll();
	assert_int_equal(thr_writes, FIFO_SIZE);
	assert_int_equal(console_pending, 1);

	exits = poll_until_sent();
	assert_int_equal(exits, 2); /* 16 + 8 */
	assert_string_equal(uart_output(), expect);
	assert_int_equal(console_pending, 0);
	assert_int_equal(relaxes, 0);
}

static void test_cell_text_never_waits(void **state)
{
	char text[40];

	(void)state;
	make_text(text, 40, 3, 0);
	mode = WIRE_STUCK;
	console_write_text(text, 40);
	assert_true(lsr_reads <= 2); /* empty, then full */
	assert_int_equal(relaxes, 0);
	reset_counters();
	console_write_text(text, 40);
	assert_int_equal(lsr_reads, 1);
	assert_int_equal(relaxes, 0);
	assert_int_equal(thr_writes, 0);
	reset_counters();
	console_poll();
	assert_int_equal(lsr_reads, 1);
	assert_int_equal(relaxes, 0);
	assert_int_equal(console_pending, 1);
	assert_int_equal(hv_console_log.tail, 80);
}

/* A FIFO load that ends with the '\r' of a "\r\n": the next load starts
 * with the '\n', once. */
static void check_cr_split(int by_printk)
{
	const char *text = "123456789012345\nabc\n\n";

	mode = WIRE_STUCK;
	if (by_printk) {
		mode = WIRE_ON_RELAX;
		printk("%s", text);
	} else {
		console_write_text(text, strlen(text));
		assert_int_equal(fifo_len, FIFO_SIZE);
		assert_int_equal(fifo[FIFO_SIZE - 1], '\r');
		poll_until_sent();
	}
	assert_string_equal(uart_output(), "123456789012345\r\nabc\r\n\r\n");
	assert_int_equal(console_pending, 0);
}

static void test_cr_split_by_poll(void **state)
{
	(void)state;
	check_cr_split(0);
}

static void test_cr_split_by_printk(void **state)
{
	(void)state;
	check_cr_split(1);
}

/* The split '\n' still waits when the cell writes more before the poll. */
static void test_cr_split_then_more_text(void **state)
{
	(void)state;
	mode = WIRE_STUCK;
	console_write_text("123456789012345\n", 16);
	console_write_text("\nz", 2);
	assert_int_equal(console_pending, 1);
	poll_until_sent();
	assert_string_equal(uart_output(), "123456789012345\r\n\r\nz");
}

static void test_printk_after_pending_cell_text(void **state)
{
	char text[40], expect[60];

	(void)state;
	make_text(text, 40, 4, 0);
	memcpy(expect, text, 40);
	strcpy(expect + 40, "hv 42\r\n");
	mode = WIRE_STUCK;
	console_write_text(text, 40);
	assert_int_equal(console_pending, 1);
	mode = WIRE_ON_RELAX;
	printk("hv %d\n", 42);
	assert_string_equal(uart_output(), expect);
	assert_int_equal(console_pending, 0);
}

/* Another CPU's exit while printk() holds the console: its poll leaves the
 * UART to the lock holder. */
static unsigned int other_cpu_thr_writes;

static void other_cpu_polls(void)
{
	unsigned int before = thr_writes;

	other_cpu = NULL; /* a poll that waits must not recurse here */
	console_poll();
	other_cpu = other_cpu_polls;
	other_cpu_thr_writes += thr_writes - before;
}

static void test_poll_during_printk_keeps_off(void **state)
{
	char text[65], expect[70];

	(void)state;
	make_text(text, 64, 5, 0);
	text[64] = 0;
	crlf(expect, text, 64);
	other_cpu_thr_writes = 0;
	other_cpu = other_cpu_polls;
	printk("%s", text);
	assert_true(relaxes > 0);
	assert_int_equal(other_cpu_thr_writes, 0);
	assert_string_equal(uart_output(), expect);
}

/* An exception (or a panic) on the CPU that is inside printk(): the
 * nested printk() finds the console lock held by its own CPU and writes
 * without it instead of spinning for ever. */
static void nested_printk(void)
{
	other_cpu = NULL;
	printk("PANIC\n");
}

static void test_printk_inside_printk_does_not_deadlock(void **state)
{
	char text[65];

	(void)state;
	make_text(text, 64, 5, 0);
	text[64] = 0;
	other_cpu = nested_printk;
	printk("%s", text);
	assert_non_null(strstr(ring_text(0), "PANIC\n"));
	assert_int_equal(hv_console_log.tail, 64 + 6);
	/* the outer printk() still released the lock: the next one works */
	printk("after\n");
	assert_non_null(strstr(ring_text(0), "after\n"));
}

/*
 * More than the ring holds written while the wire is stuck: the UART gets
 * the first FIFO load, then exactly the last LOG_SIZE characters.
 */
static char big[LOG_SIZE + 1000];
static char big_expect[WIRE_SIZE];

static void write_in_chunks(const char *text, unsigned int n)
{
	unsigned int done, chunk;

	for (done = 0; done < n; done += chunk) {
		chunk = n - done < 97 ? n - done : 97;
		console_write_text(text + done, chunk);
	}
}

static void test_overwritten_text_skipped(void **state)
{
	unsigned int n = sizeof(big), len;

	(void)state;
	make_text(big, 40, 6, 0); /* first load: letters only */
	make_text(big + 40, n - 40, 7, 1);
	mode = WIRE_STUCK;
	write_in_chunks(big, n);
	assert_int_equal(thr_writes, FIFO_SIZE);
	assert_int_equal(console_pending, 1);
	assert_int_equal(relaxes, 0);

	memcpy(big_expect, big, FIFO_SIZE);
	len = FIFO_SIZE +
	      crlf(big_expect + FIFO_SIZE, big + n - LOG_SIZE, LOG_SIZE);
	poll_until_sent();
	assert_int_equal(wire_len, len);
	assert_memory_equal(wire, big_expect, len);
	assert_int_equal(console_pending, 0);
}

/* The same with a FIFO load that ended with a '\r' and a ring that now
 * starts with '\n': that '\n' gets its own '\r'. */
static void test_overwritten_after_split_cr(void **state)
{
	unsigned int n = sizeof(big), len;

	(void)state;
	memcpy(big, "123456789012345\n", 16);
	make_text(big + 16, n - 16, 8, 1);
	big[n - LOG_SIZE] = '\n';
	mode = WIRE_STUCK;
	write_in_chunks(big, n);
	assert_int_equal(fifo[FIFO_SIZE - 1], '\r');

	memcpy(big_expect, "123456789012345\r", FIFO_SIZE);
	len = FIFO_SIZE +
	      crlf(big_expect + FIFO_SIZE, big + n - LOG_SIZE, LOG_SIZE);
	poll_until_sent();
	assert_memory_equal(wire, big_expect, FIFO_SIZE + 2);
	assert_int_equal(wire_len, len);
	assert_memory_equal(wire, big_expect, len);
}

/* ---- untrusted text: sanitised, rate-limited, polled at intervals ---- */
static void test_cell_text_sanitised(void **state)
{
	static const char text[] = "a\x1b[2Jb\r\n\x07"
				   "c\td\x9b\x7f\x00"
				   "e\n";
	struct console_budget budget = { 0 };

	(void)state;
	console_cell_write(&budget, "demo", text, sizeof(text) - 1);
	/* ESC and CR gone, other control bytes and non-ASCII as '.' */
	assert_string_equal(ring_text(0), "a[2Jb\n.c\td...e\n");
	poll_until_sent();
	assert_string_equal(uart_output(), "a[2Jb\r\n.c\td...e\r\n");
}

static void test_root_text_sanitised(void **state)
{
	static const char text[] = "\x1b]0;owned\x07"
				   "x\n";

	(void)state;
	console_write_text(text, sizeof(text) - 1);
	assert_string_equal(ring_text(0), "]0;owned.x\n");
}

/* The budget holds per window; the rest is counted and reported once. */
static void test_cell_flood_limited(void **state)
{
	static char text[CONSOLE_CELL_BUDGET + 300];
	struct console_budget budget = { 0 };
	const char *ring;
	unsigned int n;

	(void)state;
	tsc_step = 0;
	make_text(text, sizeof(text), 5, 0);
	console_cell_write(&budget, "demo", text, 1000);
	console_cell_write(&budget, "demo", text + 1000, 300);
	assert_int_equal(hv_console_log.tail, CONSOLE_CELL_BUDGET);
	assert_memory_equal(ring_text(0), text, CONSOLE_CELL_BUDGET);
	assert_int_equal(budget.dropped, 1300 - CONSOLE_CELL_BUDGET);
	/* more in the same window: all dropped, nothing reported yet */
	for (n = 0; n < 100; n++)
		console_cell_write(&budget, "demo", text, 10);
	assert_int_equal(hv_console_log.tail, CONSOLE_CELL_BUDGET);
	assert_int_equal(budget.dropped, 1300 - CONSOLE_CELL_BUDGET + 1000);
	/* the next window: the count once, on its own line, then the text */
	fake_tsc += CONSOLE_CELL_WINDOW_MS * TICKS_PER_MS;
	console_cell_write(&budget, "demo", "ok\n", 3);
	ring = ring_text(CONSOLE_CELL_BUDGET);
	assert_string_equal(ring,
			    "\n[console: 1276 bytes from cell \"demo\" dropped]"
			    "\nok\n");
	assert_int_equal(budget.dropped, 0);
	console_cell_write(&budget, "demo", "ok\n", 3);
	assert_string_equal(ring_text(CONSOLE_CELL_BUDGET + strlen(ring)),
			    "ok\n");
	tsc_step = TICKS_PER_MS;
}

/* One cell's flood does not eat another's budget. */
static void test_budgets_are_per_cell(void **state)
{
	static char text[CONSOLE_CELL_BUDGET];
	struct console_budget a = { 0 }, b = { 0 };

	(void)state;
	tsc_step = 0;
	make_text(text, sizeof(text), 6, 0);
	console_cell_write(&a, "a", text, sizeof(text));
	console_cell_write(&a, "a", text, sizeof(text));
	assert_int_equal(a.dropped, CONSOLE_CELL_BUDGET);
	console_cell_write(&b, "b", "hello\n", 6);
	assert_string_equal(ring_text(CONSOLE_CELL_BUDGET), "hello\n");
	assert_int_equal(b.dropped, 0);
	tsc_step = TICKS_PER_MS;
}

/* Destroy reports what was still unreported, once. */
static void test_drop_reported_at_destroy(void **state)
{
	static char text[CONSOLE_CELL_BUDGET + 7];
	struct console_budget budget = { 0 };

	(void)state;
	make_text(text, sizeof(text), 7, 1);
	text[CONSOLE_CELL_BUDGET - 1] = '\n';
	tsc_step = 0;
	console_cell_write(&budget, "gone", text, sizeof(text));
	tsc_step = TICKS_PER_MS;
	console_cell_report(&budget, "gone");
	assert_string_equal(ring_text(CONSOLE_CELL_BUDGET),
			    "[console: 7 bytes from cell \"gone\" dropped]\n");
	console_cell_report(&budget, "gone");
	assert_int_equal(hv_console_log.tail, CONSOLE_CELL_BUDGET + 44);
}

/* Pending text does not make every exit touch the UART. */
static void test_poll_at_most_once_per_interval(void **state)
{
	char text[200];
	unsigned int n, writes, reads;

	(void)state;
	make_text(text, sizeof(text), 8, 0);
	tsc_step = 0;
	console_write_text(text, sizeof(text));
	assert_int_equal(thr_writes, FIFO_SIZE);
	wire_drain();
	writes = thr_writes;
	reads = lsr_reads;
	for (n = 0; n < 1000; n++)
		if (console_pending)
			console_poll();
	assert_int_equal(thr_writes, writes);
	assert_int_equal(lsr_reads, reads);
	assert_int_equal(console_pending, 1);
	/* just before the interval ends: still nothing */
	fake_tsc += TICKS_PER_MS - 1;
	console_poll();
	assert_int_equal(thr_writes, writes);
	/* then one top-up, and none again until the next interval */
	fake_tsc += 1;
	console_poll();
	assert_int_equal(thr_writes, writes + FIFO_SIZE);
	wire_drain();
	for (n = 0; n < 1000; n++)
		console_poll();
	assert_int_equal(thr_writes, writes + FIFO_SIZE);
	tsc_step = TICKS_PER_MS;
}

/* A cell writing in a loop tops the UART up once per interval too. */
static void test_cell_writes_top_up_once_per_interval(void **state)
{
	struct console_budget budget = { 0 };
	unsigned int n, reads;

	(void)state;
	tsc_step = 0;
	console_cell_write(&budget, "demo", "0123456789abcdefXYZ", 19);
	assert_int_equal(thr_writes, FIFO_SIZE);
	wire_drain();
	reads = lsr_reads;
	for (n = 0; n < 50; n++)
		console_cell_write(&budget, "demo", "z", 1);
	assert_int_equal(thr_writes, FIFO_SIZE);
	assert_int_equal(lsr_reads, reads);
	assert_int_equal(console_pending, 1);
	tsc_step = TICKS_PER_MS;
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		/* first, and without setup(): see there */
		cmocka_unit_test_teardown(test_no_uart_only_fills_ring,
					  teardown),
		T(test_init_enables_fifo),
		T(test_init_programs_divider),
		T(test_printk_sends_crlf),
		T(test_printk_waits_on_relax),
		T(test_printk_waits_on_lsr),
		T(test_cell_text_loads_fifo_then_polls),
		T(test_cell_text_never_waits),
		T(test_cr_split_by_poll),
		T(test_cr_split_by_printk),
		T(test_cr_split_then_more_text),
		T(test_printk_after_pending_cell_text),
		T(test_poll_during_printk_keeps_off),
		T(test_printk_inside_printk_does_not_deadlock),
		T(test_overwritten_text_skipped),
		T(test_overwritten_after_split_cr),
		T(test_cell_text_sanitised),
		T(test_root_text_sanitised),
		T(test_cell_flood_limited),
		T(test_budgets_are_per_cell),
		T(test_drop_reported_at_destroy),
		T(test_poll_at_most_once_per_interval),
		T(test_cell_writes_top_up_once_per_interval),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
