// SPDX-License-Identifier: GPL-2.0
/*
 * jh_vsnprintf(): the formatting behind the hypervisor's and the inmates'
 * printk and the shared code's sentences (format.h lists what it does).
 * Pure C, no libc; tested on the host against libc's snprintf
 * (tests/unit/common/test-format.c) and for the hypervisor's uses
 * (tests/unit/common/test-string-format.c).
 */
#include <common/format.h>

#define FLAG_LEFT 0x01
#define FLAG_ZERO 0x02
#define FLAG_PLUS 0x04
#define FLAG_SPACE 0x08
#define FLAG_ALTERNATE 0x10
#define FLAG_UPPER 0x20
#define FLAG_POINTER 0x40 /* 0x even before a zero */

struct output {
	char *buf;
	unsigned long size;
	unsigned long length; /* what the full text would need */
};

struct conversion {
	unsigned int flags;
	int width;
	int precision; /* -1: none given */
};

static void put_char(struct output *out, char c)
{
	if (out->length + 1 < out->size)
		out->buf[out->length] = c;
	out->length++;
}

static void put_repeated(struct output *out, char c, int count)
{
	while (count-- > 0)
		put_char(out, c);
}

static unsigned long string_length(const char *s, int max)
{
	unsigned long n = 0;

	/* The bound first: with a precision the text need not be terminated. */
	while ((max < 0 || n < (unsigned long)max) && s[n])
		n++;
	return n;
}

static void put_string(struct output *out, const char *s,
		       const struct conversion *conv)
{
	unsigned long n;
	int pad;

	if (!s)
		s = "(null)";
	n = string_length(s, conv->precision);
	pad = conv->width > (int)n ? conv->width - (int)n : 0;
	if (!(conv->flags & FLAG_LEFT))
		put_repeated(out, ' ', pad);
	while (n--)
		put_char(out, *s++);
	if (conv->flags & FLAG_LEFT)
		put_repeated(out, ' ', pad);
}

/* Digits of value in base, least significant first; returns their count. */
static int to_digits(unsigned long long value, unsigned int base, int upper,
		     char *digits)
{
	const char *set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	int n = 0;

	do {
		digits[n++] = set[value % base];
		value /= base;
	} while (value);
	return n;
}

static void put_number(struct output *out, unsigned long long value,
		       int negative, unsigned int base,
		       const struct conversion *conv)
{
	char digits[24], prefix[3];
	int num_digits, zeros, pad, prefix_len = 0;

	/* C: precision 0 and value 0 print no digits at all. */
	if (conv->precision == 0 && value == 0)
		num_digits = 0;
	else
		num_digits = to_digits(value, base, conv->flags & FLAG_UPPER,
				       digits);

	if (negative)
		prefix[prefix_len++] = '-';
	else if (conv->flags & FLAG_PLUS)
		prefix[prefix_len++] = '+';
	else if (conv->flags & FLAG_SPACE)
		prefix[prefix_len++] = ' ';
	if (((conv->flags & FLAG_ALTERNATE) && value != 0 && base == 16) ||
	    (conv->flags & FLAG_POINTER)) {
		prefix[prefix_len++] = '0';
		prefix[prefix_len++] = conv->flags & FLAG_UPPER ? 'X' : 'x';
	}
	/* '#' with octal: a leading 0, unless the digits start with one. */
	if ((conv->flags & FLAG_ALTERNATE) && base == 8 &&
	    (value != 0 || num_digits == 0) && conv->precision <= num_digits)
		prefix[prefix_len++] = '0';

	zeros = conv->precision > num_digits ? conv->precision - num_digits : 0;
	pad = conv->width - prefix_len - zeros - num_digits;
	if (pad < 0)
		pad = 0;
	/* The 0 flag is ignored with '-' and with a precision. */
	if ((conv->flags & FLAG_ZERO) && !(conv->flags & FLAG_LEFT) &&
	    conv->precision < 0) {
		zeros += pad;
		pad = 0;
	}

	if (!(conv->flags & FLAG_LEFT))
		put_repeated(out, ' ', pad);
	for (int i = 0; i < prefix_len; i++)
		put_char(out, prefix[i]);
	put_repeated(out, '0', zeros);
	while (num_digits--)
		put_char(out, digits[num_digits]);
	if (conv->flags & FLAG_LEFT)
		put_repeated(out, ' ', pad);
}

static const char *parse_flags(const char *fmt, struct conversion *conv)
{
	for (;; fmt++) {
		switch (*fmt) {
		case '-':
			conv->flags |= FLAG_LEFT;
			break;
		case '0':
			conv->flags |= FLAG_ZERO;
			break;
		case '+':
			conv->flags |= FLAG_PLUS;
			break;
		case ' ':
			conv->flags |= FLAG_SPACE;
			break;
		case '#':
			conv->flags |= FLAG_ALTERNATE;
			break;
		default:
			return fmt;
		}
	}
}

static const char *parse_number(const char *fmt, int *number, va_list *args)
{
	if (*fmt == '*') {
		*number = va_arg(*args, int);
		return fmt + 1;
	}
	*number = 0;
	while (*fmt >= '0' && *fmt <= '9')
		*number = *number * 10 + (*fmt++ - '0');
	return fmt;
}

/* Length modifier as the number of 'l's it amounts to (h: -1, hh: -2). */
static const char *parse_length(const char *fmt, int *longs)
{
	*longs = 0;
	if (fmt[0] == 'h') {
		*longs = fmt[1] == 'h' ? -2 : -1;
		return fmt[1] == 'h' ? fmt + 2 : fmt + 1;
	}
	if (fmt[0] == 'l' && fmt[1] == 'l') {
		*longs = 2;
		return fmt + 2;
	}
	if (fmt[0] == 'l' || fmt[0] == 'z' || fmt[0] == 'j' || fmt[0] == 't') {
		*longs = fmt[0] == 'l' ? 1 : 2;
		return fmt + 1;
	}
	return fmt;
}

static unsigned long long take_unsigned(va_list *args, int longs)
{
	if (longs == 2)
		return va_arg(*args, unsigned long long);
	if (longs == 1)
		return va_arg(*args, unsigned long);
	/* char and short arrive promoted to int: convert back, as C says. */
	if (longs == -2)
		return (unsigned char)va_arg(*args, unsigned int);
	if (longs == -1)
		return (unsigned short)va_arg(*args, unsigned int);
	return va_arg(*args, unsigned int);
}

static long long take_signed(va_list *args, int longs)
{
	if (longs == 2)
		return va_arg(*args, long long);
	if (longs == 1)
		return va_arg(*args, long);
	if (longs == -2)
		return (signed char)va_arg(*args, int);
	if (longs == -1)
		return (short)va_arg(*args, int);
	return va_arg(*args, int);
}

static void put_signed(struct output *out, long long value,
		       const struct conversion *conv)
{
	unsigned long long magnitude = value < 0 ? -(unsigned long long)value :
						   (unsigned long long)value;

	put_number(out, magnitude, value < 0, 10, conv);
}

/* Handles one conversion character; 0 if it is unknown. */
static int convert(struct output *out, char c, struct conversion *conv,
		   int longs, va_list *args)
{
	switch (c) {
	case 'c':
		conv->precision = -1;
		put_string(out, (char[2]){ (char)va_arg(*args, int), 0 }, conv);
		return 1;
	case 's':
		put_string(out, va_arg(*args, const char *), conv);
		return 1;
	case 'd':
	case 'i':
		put_signed(out, take_signed(args, longs), conv);
		return 1;
	case 'u':
		put_number(out, take_unsigned(args, longs), 0, 10, conv);
		return 1;
	case 'X':
		conv->flags |= FLAG_UPPER;
		/* fall through */
	case 'x':
		put_number(out, take_unsigned(args, longs), 0, 16, conv);
		return 1;
	case 'o':
		put_number(out, take_unsigned(args, longs), 0, 8, conv);
		return 1;
	case 'p':
		/* Always 0x and 16 digits: addresses line up in the log. */
		*conv = (struct conversion){ .flags = FLAG_POINTER,
					     .precision = 16 };
		put_number(out, (unsigned long)va_arg(*args, void *), 0, 16,
			   conv);
		return 1;
	case '%':
		put_char(out, '%');
		return 1;
	default:
		return 0;
	}
}

int jh_vsnprintf(char *buf, unsigned long size, const char *fmt, va_list args)
{
	struct output out = { .buf = buf, .size = size, .length = 0 };
	va_list ap;

	va_copy(ap, args);
	while (*fmt) {
		const char *start = fmt;
		struct conversion conv = { .flags = 0, .precision = -1 };
		int longs;

		if (*fmt != '%') {
			put_char(&out, *fmt++);
			continue;
		}
		fmt = parse_flags(fmt + 1, &conv);
		fmt = parse_number(fmt, &conv.width, &ap);
		if (conv.width < 0) {
			conv.flags |= FLAG_LEFT;
			conv.width = -conv.width;
		}
		if (*fmt == '.') {
			fmt = parse_number(fmt + 1, &conv.precision, &ap);
			if (conv.precision < 0)
				conv.precision = -1;
		}
		fmt = parse_length(fmt, &longs);
		if (*fmt && convert(&out, *fmt, &conv, longs, &ap)) {
			fmt++;
			continue;
		}
		/* Unknown or truncated: show it as written. */
		while (start < fmt)
			put_char(&out, *start++);
		if (*fmt)
			put_char(&out, *fmt++);
	}
	va_end(ap);
	if (size)
		buf[out.length < size ? out.length : size - 1] = '\0';
	return (int)out.length;
}

int jh_snprintf(char *buf, unsigned long size, const char *fmt, ...)
{
	va_list args;
	int length;

	va_start(args, fmt);
	length = jh_vsnprintf(buf, size, fmt, args);
	va_end(args);
	return length;
}
