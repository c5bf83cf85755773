/*
 * Reading and writing procfs files. open renders the whole text into a
 * seqbuf owned by the open file (file->private); read copies from it at
 * the file position, so a reader that reads in small pieces sees one
 * consistent snapshot. A write goes straight to the entry's write
 * function, which Linux's sysctl files accept at offset 0 only.
 */
#include <errno.h>
#include <uapi/fcntl.h>
#include "procfs_impl.h"

static int
seq_open(struct inode *inode, struct file *file)
{
	render_fn fn;

	if ((file->flags & O_ACCMODE) == O_WRONLY)
		return 0;	/* nothing to read: do not render */
	if (ino_kind(inode->ino) == PK_ENTRY)
		fn = proc_entry_show;
	else
		fn = proc_pid_renderer(ino_kind(inode->ino));
	return seqbuf_render(fn, inode, (struct seqbuf **)&file->private);
}

static void
seq_release(struct file *file)
{
	seqbuf_free(file->private);
}

static ssize_t
seq_read(struct file *file, struct uio *uio, off_t *pos)
{
	struct seqbuf *sb = file->private;
	size_t n;
	int error;

	if (sb == NULL)
		return -EBADF;
	if (*pos < 0 || (size_t)*pos >= sb->len)
		return 0;
	n = MIN(uio->resid, sb->len - (size_t)*pos);
	error = uiomove(sb->buf + *pos, n, uio);
	if (error != 0)
		return error;
	*pos += (off_t)n;
	return (ssize_t)n;
}

static ssize_t
seq_write(struct file *file, struct uio *uio, off_t *pos)
{
	if (ino_kind(file->inode->ino) != PK_ENTRY)
		return -EINVAL;
	if (*pos != 0)
		return -EINVAL;
	return proc_entry_write(file->inode, uio);
}

const struct file_ops proc_seq_fops = {
	.open = seq_open,
	.release = seq_release,
	.read = seq_read,
	.write = seq_write,
	.seekable = true,
};
