/*
 * vsnprintf for the kernel: %d %i %u %x %X %o %p %s %c %%, flags '-' '0',
 * a width (or '*'), a precision for strings, and the l, ll, z length
 * modifiers. Returns the length the full output would have had.
 */
#include <printk.h>
#include <string.h>

struct outbuf {
	char *buf;
	size_t size;
	size_t len;
};

static void
out_char(struct outbuf *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void
out_padded(struct outbuf *o, const char *s, size_t n, int width, bool left, char pad)
{
	int fill = width > (int)n ? width - (int)n : 0;

	if (!left && pad == '0' && n > 0 && *s == '-') {
		out_char(o, *s++);
		n--;
	}
	while (!left && fill-- > 0)
		out_char(o, pad);
	while (n-- > 0)
		out_char(o, *s++);
	while (left && fill-- > 0)
		out_char(o, ' ');
}

static size_t
format_number(char *tmp, unsigned long v, int base, bool upper, bool negative)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char rev[24];
	size_t n = 0, i = 0;

	do {
		rev[n++] = digits[v % base];
		v /= base;
	} while (v != 0);
	if (negative)
		tmp[i++] = '-';
	while (n > 0)
		tmp[i++] = rev[--n];
	return i;
}

int
vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct outbuf o = { buf, size, 0 };
	char tmp[32];

	for (; *fmt != '\0'; fmt++) {
		bool left = false, is_long = false;
		char pad = ' ';
		int width = 0, prec = -1;
		unsigned long uv;
		long sv;
		size_t n;
		const char *s;

		if (*fmt != '%') {
			out_char(&o, *fmt);
			continue;
		}
		fmt++;
		for (;; fmt++) {
			if (*fmt == '-')
				left = true;
			else if (*fmt == '0')
				pad = '0';
			else
				break;
		}
		if (*fmt == '*') {
			width = va_arg(ap, int);
			fmt++;
		}
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		if (*fmt == '.') {
			fmt++;
			prec = 0;
			if (*fmt == '*') {
				prec = va_arg(ap, int);
				fmt++;
			}
			while (*fmt >= '0' && *fmt <= '9')
				prec = prec * 10 + (*fmt++ - '0');
		}
		while (*fmt == 'l' || *fmt == 'z') {
			is_long = true;
			fmt++;
		}
		switch (*fmt) {
		case 'd':
		case 'i':
			sv = is_long ? va_arg(ap, long) : va_arg(ap, int);
			n = format_number(tmp, sv < 0 ? -(unsigned long)sv : (unsigned long)sv,
			    10, false, sv < 0);
			out_padded(&o, tmp, n, width, left, pad);
			break;
		case 'u':
		case 'x':
		case 'X':
		case 'o':
			uv = is_long ? va_arg(ap, unsigned long) : va_arg(ap, unsigned int);
			n = format_number(tmp, uv, *fmt == 'u' ? 10 : *fmt == 'o' ? 8 : 16,
			    *fmt == 'X', false);
			out_padded(&o, tmp, n, width, left, pad);
			break;
		case 'p':
			uv = (unsigned long)va_arg(ap, void *);
			tmp[0] = '0';
			tmp[1] = 'x';
			n = 2 + format_number(tmp + 2, uv, 16, false, false);
			out_padded(&o, tmp, n, width, left, pad);
			break;
		case 's':
			s = va_arg(ap, const char *);
			if (s == NULL)
				s = "(null)";
			n = prec >= 0 ? strnlen(s, prec) : strlen(s);
			out_padded(&o, s, n, width, left, ' ');
			break;
		case 'c':
			tmp[0] = (char)va_arg(ap, int);
			out_padded(&o, tmp, 1, width, left, ' ');
			break;
		case '%':
			out_char(&o, '%');
			break;
		case '\0':
			fmt--;
			break;
		default:
			out_char(&o, '%');
			out_char(&o, *fmt);
			break;
		}
	}
	if (size > 0)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int
snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
