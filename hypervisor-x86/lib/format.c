// SPDX-License-Identifier: GPL-2.0
/*
 * A small vsnprintf for printk and error sentences: the conversions listed
 * in format.h, nothing else.  An unknown conversion is copied literally so
 * that a wrong format string shows up in the output instead of consuming
 * arguments it does not own.
 */
#include "format.h"

struct out {
	char *buf;
	unsigned long size;
	unsigned long len;	/* characters produced, even beyond size */
};

struct spec {
	unsigned int width;
	int precision;		/* -1: none */
	int zero_pad;
	int left;
	int alternate;		/* '#': 0x before hex */
	int longs;		/* 0: int, 1: long, 2: long long */
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void pad(struct out *o, unsigned int n, char c)
{
	while (n--)
		put(o, c);
}

static void put_field(struct out *o, const struct spec *s, const char *text,
		      unsigned int len, const char *prefix)
{
	unsigned int plen = 0, fill;

	while (prefix[plen])
		plen++;
	fill = s->width > len + plen ? s->width - len - plen : 0;
	if (!s->left && !s->zero_pad)
		pad(o, fill, ' ');
	while (*prefix)
		put(o, *prefix++);
	if (!s->left && s->zero_pad)
		pad(o, fill, '0');
	while (len--)
		put(o, *text++);
	if (s->left)
		pad(o, fill, ' ');
}

static void put_number(struct out *o, const struct spec *s,
		       unsigned long long value, unsigned int base,
		       int upper, const char *prefix)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char text[24];
	unsigned int n = sizeof(text);

	do {
		text[--n] = digits[value % base];
		value /= base;
	} while (value);
	while (s->precision > 0 && sizeof(text) - n < (unsigned int)s->precision
	       && n > 0)
		text[--n] = '0';
	put_field(o, s, text + n, sizeof(text) - n, prefix);
}

static const char *parse_precision(const char *fmt, struct spec *s,
				   va_list *ap)
{
	int p = 0;

	if (*fmt == '*') {
		p = va_arg(*ap, int);
		s->precision = p < 0 ? -1 : p;
		return fmt + 1;
	}
	while (*fmt >= '0' && *fmt <= '9')
		p = p * 10 + (*fmt++ - '0');
	s->precision = p;
	return fmt;
}

static const char *parse_spec(const char *fmt, struct spec *s, va_list *ap)
{
	s->width = 0;
	s->precision = -1;
	s->zero_pad = s->left = s->alternate = s->longs = 0;
	for (;; fmt++) {
		if (*fmt == '0')
			s->zero_pad = 1;
		else if (*fmt == '-')
			s->left = 1;
		else if (*fmt == '#')
			s->alternate = 1;
		else
			break;
	}
	if (*fmt == '*') {
		int w = va_arg(*ap, int);

		s->left |= w < 0;
		s->width = w < 0 ? -(unsigned int)w : (unsigned int)w;
		fmt++;
	}
	while (*fmt >= '0' && *fmt <= '9')
		s->width = s->width * 10 + (*fmt++ - '0');
	if (*fmt == '.')
		fmt = parse_precision(fmt + 1, s, ap);
	while (*fmt == 'l' || *fmt == 'h' || *fmt == 'z') {
		if (*fmt == 'l' && s->longs < 2)
			s->longs++;
		if (*fmt == 'z')
			s->longs = 1;
		fmt++;
	}
	return fmt;
}

static unsigned long long unsigned_arg(const struct spec *s, va_list *ap)
{
	if (s->longs == 2)
		return va_arg(*ap, unsigned long long);
	if (s->longs == 1)
		return va_arg(*ap, unsigned long);
	return va_arg(*ap, unsigned int);
}

static long long signed_arg(const struct spec *s, va_list *ap)
{
	if (s->longs == 2)
		return va_arg(*ap, long long);
	if (s->longs == 1)
		return va_arg(*ap, long);
	return va_arg(*ap, int);
}

static void put_signed(struct out *o, const struct spec *s, long long v)
{
	unsigned long long magnitude = v < 0 ? -(unsigned long long)v
						 : (unsigned long long)v;

	put_number(o, s, magnitude, 10, 0, v < 0 ? "-" : "");
}

static void put_string(struct out *o, const struct spec *s, const char *str)
{
	unsigned int len = 0;

	if (!str)
		str = "(null)";
	/* The precision bound comes first: the text need not be terminated. */
	while ((s->precision < 0 || len < (unsigned int)s->precision) &&
	       str[len])
		len++;
	put_field(o, s, str, len, "");
}

/* One conversion at *fmt (after the spec); returns 0 if unknown. */
static int convert(struct out *o, char conv, struct spec *s, va_list *ap)
{
	char c;

	switch (conv) {
	case 'd':
	case 'i':
		put_signed(o, s, signed_arg(s, ap));
		return 1;
	case 'u':
		put_number(o, s, unsigned_arg(s, ap), 10, 0, "");
		return 1;
	case 'x':
	case 'X':
		put_number(o, s, unsigned_arg(s, ap), 16, conv == 'X',
			   !s->alternate ? "" : conv == 'X' ? "0X" : "0x");
		return 1;
	case 'p':
		s->width = 18;
		s->zero_pad = 1;
		s->precision = -1;
		put_number(o, s, (unsigned long)va_arg(*ap, void *), 16, 0,
			   "0x");
		return 1;
	case 's':
		put_string(o, s, va_arg(*ap, const char *));
		return 1;
	case 'c':
		c = (char)va_arg(*ap, int);
		put_field(o, s, &c, 1, "");
		return 1;
	case '%':
		put(o, '%');
		return 1;
	}
	return 0;
}

int jh_vsnprintf(char *buf, unsigned long size, const char *fmt, va_list ap)
{
	struct out o = { .buf = buf, .size = size, .len = 0 };
	const char *start;
	struct spec s;
	va_list args;

	va_copy(args, ap);
	while (*fmt) {
		if (*fmt != '%') {
			put(&o, *fmt++);
			continue;
		}
		start = fmt;
		fmt = parse_spec(fmt + 1, &s, &args);
		if (*fmt && convert(&o, *fmt, &s, &args)) {
			fmt++;
			continue;
		}
		while (start < fmt)
			put(&o, *start++);
	}
	va_end(args);
	if (size)
		buf[o.len < size ? o.len : size - 1] = 0;
	return (int)o.len;
}

int jh_snprintf(char *buf, unsigned long size, const char *fmt, ...)
{
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = jh_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return len;
}
