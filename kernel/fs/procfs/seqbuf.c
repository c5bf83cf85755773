/*
 * seqbuf: the text of a procfs file, rendered whole when it is opened.
 *
 * A show function may run under its subsystem's spinlocks, so printing
 * never allocates: output that does not fit sets ->overflow, and
 * seqbuf_render() runs the show function again with a buffer twice the
 * size. The buffer is private to the opener; no locking.
 */
#include <slab.h>
#include <mm.h>
#include <string.h>
#include <printk.h>
#include <errno.h>
#include "procfs_impl.h"

#define SEQBUF_MAX	(1UL << 20)	/* no procfs file is larger */

void
seqbuf_printf(struct seqbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (sb->overflow)
		return;
	va_start(ap, fmt);
	n = vsnprintf(sb->buf + sb->len, sb->size - sb->len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sb->size - sb->len)
		sb->overflow = true;
	else
		sb->len += (size_t)n;
}

void
seqbuf_putmem(struct seqbuf *sb, const void *data, size_t len)
{
	if (sb->overflow || len > sb->size - sb->len) {
		sb->overflow = true;
		return;
	}
	memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
}

void
seqbuf_free(struct seqbuf *sb)
{
	if (sb == NULL)
		return;
	kfree(sb->buf);
	kfree(sb);
}

int
seqbuf_render(render_fn fn, struct inode *inode, struct seqbuf **out)
{
	struct seqbuf *sb = kzalloc(sizeof(*sb));
	size_t size;
	int error;

	if (sb == NULL)
		return -ENOMEM;
	for (size = PAGE_SIZE; size <= SEQBUF_MAX; size *= 2) {
		sb->buf = kmalloc(size, 0);
		if (sb->buf == NULL) {
			error = -ENOMEM;
			break;
		}
		sb->size = size;
		sb->len = 0;
		sb->overflow = false;
		error = fn(sb, inode);
		if (error != 0 || !sb->overflow) {
			if (error == 0)
				*out = sb;
			break;
		}
		kfree(sb->buf);
		sb->buf = NULL;
		error = -EFBIG;
	}
	if (error != 0)
		seqbuf_free(sb);
	return error;
}
