/*
 * kprintf.c - a small printf for the kernel console.
 */
#include "kprintf.h"
#include "console.h"
#include "spinlock.h"

struct out {
	char *buf;       /* NULL: write to the console */
	size_t size, len;
};

static void out_char(struct out *o, char c)
{
	if (!o->buf)
		console_putc(c);
	else if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void out_num(struct out *o, uint64_t v, int base, int neg, int width, char pad)
{
	char tmp[24];
	int n = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (neg)
		tmp[n++] = '-';
	for (int i = n; i < width; i++)
		out_char(o, pad);
	while (n)
		out_char(o, tmp[--n]);
}

static uint64_t arg_unsigned(va_list *ap, int lng)
{
	return lng ? va_arg(*ap, unsigned long) : va_arg(*ap, unsigned int);
}

static int64_t arg_signed(va_list *ap, int lng)
{
	return lng ? va_arg(*ap, long) : va_arg(*ap, int);
}

static void out_format(struct out *o, const char *fmt, va_list ap)
{
	va_list aq;

	va_copy(aq, ap);
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			out_char(o, *fmt);
			continue;
		}
		char pad = ' ';
		int width = 0, lng = 0;
		if (*++fmt == '0')
			pad = '0', fmt++;
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l' || *fmt == 'z')
			lng = 1, fmt++;
		switch (*fmt) {
		case 'd':
		case 'i': {
			int64_t v = arg_signed(&aq, lng);
			out_num(o, v < 0 ? -(uint64_t)v : (uint64_t)v, 10, v < 0, width, pad);
			break;
		}
		case 'u':
			out_num(o, arg_unsigned(&aq, lng), 10, 0, width, pad);
			break;
		case 'x':
			out_num(o, arg_unsigned(&aq, lng), 16, 0, width, pad);
			break;
		case 'p':
			out_char(o, '0');
			out_char(o, 'x');
			out_num(o, (uint64_t)va_arg(aq, void *), 16, 0, 16, '0');
			break;
		case 's': {
			const char *s = va_arg(aq, const char *);
			s = s ? s : "(null)";
			int len = (int)strlen(s);
			for (int i = len; i < width; i++)
				out_char(o, ' ');
			while (*s)
				out_char(o, *s++);
			break;
		}
		case 'c':
			out_char(o, (char)va_arg(aq, int));
			break;
		case '%':
			out_char(o, '%');
			break;
		default:
			out_char(o, '%');
			if (*fmt)
				out_char(o, *fmt);
			else
				fmt--;
		}
	}
	va_end(aq);
}

static struct spinlock print_lock = SPINLOCK_INIT("print");

void kvprintf(const char *fmt, va_list ap)
{
	struct out o = { 0 };

	if (kernel_panicking) {
		out_format(&o, fmt, ap);
		return;
	}
	spin_lock(&print_lock);
	out_format(&o, fmt, ap);
	spin_unlock(&print_lock);
}

void kprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
	struct out o = { buf, size, 0 };
	va_list ap;

	va_start(ap, fmt);
	out_format(&o, fmt, ap);
	va_end(ap);
	if (size)
		buf[o.len < size ? o.len : size - 1] = 0;
	return (int)o.len;
}
