/*
 * kformat.c - see kformat.h.
 */
#include "kformat.h"

struct out {
	void (*put)(void *ctx, char c);
	void *ctx;
	int len;
};

static void out_char(struct out *o, char c)
{
	o->put(o->ctx, c);
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

static void out_str(struct out *o, const char *s, int width)
{
	s = s ? s : "(null)";
	for (int i = (int)strlen(s); i < width; i++)
		out_char(o, ' ');
	while (*s)
		out_char(o, *s++);
}

/* One conversion (fmt points at its letter); false for an unknown one. */
static bool out_conv(struct out *o, char conv, int lng, int width, char pad, va_list *ap)
{
	switch (conv) {
	case 'd':
	case 'i': {
		int64_t v = lng ? va_arg(*ap, long) : va_arg(*ap, int);
		out_num(o, v < 0 ? -(uint64_t)v : (uint64_t)v, 10, v < 0, width, pad);
		return true;
	}
	case 'u':
	case 'x':
		out_num(o, lng ? va_arg(*ap, unsigned long) : va_arg(*ap, unsigned int),
			conv == 'u' ? 10 : 16, 0, width, pad);
		return true;
	case 'p':
		out_char(o, '0');
		out_char(o, 'x');
		out_num(o, (uint64_t)va_arg(*ap, void *), 16, 0, 16, '0');
		return true;
	case 's':
		out_str(o, va_arg(*ap, const char *), width);
		return true;
	case 'c':
		out_char(o, (char)va_arg(*ap, int));
		return true;
	case '%':
		out_char(o, '%');
		return true;
	}
	return false;
}

int kvformat(void (*put)(void *ctx, char c), void *ctx, const char *fmt, va_list ap)
{
	struct out o = { put, ctx, 0 };
	va_list aq;

	va_copy(aq, ap);
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			out_char(&o, *fmt);
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
		if (out_conv(&o, *fmt, lng, width, pad, &aq))
			continue;
		out_char(&o, '%');
		if (*fmt)
			out_char(&o, *fmt);
		else
			fmt--;
	}
	va_end(aq);
	return o.len;
}

struct sbuf {
	char *buf;
	size_t size, len;
};

static void sbuf_put(void *ctx, char c)
{
	struct sbuf *s = ctx;

	if (s->len + 1 < s->size)
		s->buf[s->len] = c;
	s->len++;
}

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct sbuf s = { buf, size, 0 };
	int n = kvformat(sbuf_put, &s, fmt, ap);

	if (size)
		buf[s.len < size ? s.len : size - 1] = '\0';
	return n;
}

int ksnprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
