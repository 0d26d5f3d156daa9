// SPDX-License-Identifier: GPL-2.0
/*
 * Key presses and signals for the live commands.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "terminal.h"

static volatile sig_atomic_t stop_requested;
static struct termios saved_termios;
static int termios_changed;
static int read_keys;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

void terminal_begin(int keys)
{
	struct sigaction action;
	struct termios raw;

	memset(&action, 0, sizeof(action));
	/* No SA_RESTART: poll() must return at once when Ctrl-C is pressed. */
	action.sa_handler = on_signal;
	sigaction(SIGINT, &action, NULL);
	sigaction(SIGTERM, &action, NULL);

	read_keys = keys && isatty(STDIN_FILENO);
	if (!read_keys || tcgetattr(STDIN_FILENO, &saved_termios))
		return;
	raw = saved_termios;
	/* ISIG stays on, so Ctrl-C still raises SIGINT. */
	raw.c_lflag &= ~(ICANON | ECHO);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	if (tcsetattr(STDIN_FILENO, TCSANOW, &raw) == 0)
		termios_changed = 1;
}

void terminal_end(void)
{
	if (termios_changed)
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_termios);
	termios_changed = 0;
}

static int key_says_quit(void)
{
	char key;

	if (read(STDIN_FILENO, &key, 1) != 1) {
		/* stdin closed: stop watching it, keep refreshing. */
		read_keys = 0;
		return 0;
	}
	return key == 'q' || key == 'Q';
}

static long elapsed_ms(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - start->tv_sec) * 1000 +
	       (now.tv_nsec - start->tv_nsec) / 1000000;
}

int terminal_wait(int ms)
{
	struct pollfd input = { .fd = STDIN_FILENO, .events = POLLIN };
	struct timespec start;
	long left = ms;
	int ready;

	clock_gettime(CLOCK_MONOTONIC, &start);
	while (!stop_requested && left > 0) {
		ready = poll(&input, read_keys ? 1 : 0, left);
		if (ready > 0 && key_says_quit())
			return 1;
		if (ready < 0 && errno != EINTR)
			return 1;
		left = ms - elapsed_ms(&start);
	}
	return stop_requested;
}

void terminal_clear(void)
{
	if (isatty(STDOUT_FILENO))
		fputs("\033[H\033[2J", stdout);
}
