/*
 * Self-tests of the file-system layer, run in kernel threads (which act as
 * root) on a private tmpfs that stands in as their root directory for the
 * duration: files and directories, path lookup edge cases, mounts, the
 * size limit, and pipe semantics through the file operations.
 */
#include <vfs.h>
#include <fdtable.h>
#include <sched.h>
#include <string.h>
#include <slab.h>
#include <memlayout.h>
#include <errno.h>
#include <uapi/fcntl.h>
#include <uapi/stat.h>
#include "../fs/fs_impl.h"
#include "selftest_impl.h"

#define FAIL(...) do { snprintf(detail, size, __VA_ARGS__); goto out; } while (0)
#define CHECK(cond, ...) do { if (!(cond)) FAIL(__VA_ARGS__); } while (0)

/* The kernel threads' root and cwd while a test runs, and what they were. */
struct sandbox {
	struct super_block *sb;
	struct inode *old_root, *old_cwd;
};

static int
sandbox_enter(struct sandbox *s, const char *data)
{
	struct fs_struct *fs = current_fs();
	int error = vfs_new_sb("tmpfs", "none", 0, data, &s->sb);

	if (error != 0)
		return error;
	s->old_root = fs_get_root(fs);
	s->old_cwd = fs_get_cwd(fs);
	fs_set_root(fs, igrab(s->sb->root));
	fs_set_cwd(fs, igrab(s->sb->root));
	return 0;
}

static void
sandbox_leave(struct sandbox *s)
{
	struct fs_struct *fs = current_fs();

	fs_set_root(fs, s->old_root);
	fs_set_cwd(fs, s->old_cwd);
	sb_kill(s->sb);
}

/* mkdir, symlink and unlink through the parent's operations, as the system calls do. */
static int
do_dirop(const char *path, int op, const char *target)
{
	struct inode *dir;
	const char *name;
	size_t len;
	int error;

	error = vfs_lookup_parent(AT_FDCWD, path, &dir, &name, &len);
	if (error != 0)
		return error;
	mutex_lock(&dir->lock);
	if (op == 'd')
		error = dir->ops->mkdir(dir, name, len, 0755);
	else if (op == 's')
		error = dir->ops->symlink(dir, name, len, target);
	else
		error = dir->ops->unlink(dir, name, len);
	mutex_unlock(&dir->lock);
	iput(dir);
	return error;
}

static ssize_t
write_at(struct file *f, const void *buf, size_t n, off_t off)
{
	struct uio uio = uio_kernel((void *)buf, n, UIO_WRITE);

	return vfs_write(f, &uio, &off);
}

static int
lookup_err(const char *path, int flags)
{
	struct inode *inode;
	int error = vfs_lookup(AT_FDCWD, path, flags, &inode);

	if (error == 0)
		iput(inode);
	return error;
}

struct count_ctx {
	struct dir_context ctx;
	int entries;
	bool saw_name;
	const char *name;
};

static bool
count_entry(struct dir_context *ctx, const char *name, size_t len, uint64_t ino, unsigned type)
{
	struct count_ctx *c = container_of(ctx, struct count_ctx, ctx);

	c->entries++;
	if (len == strlen(c->name) && memcmp(name, c->name, len) == 0)
		c->saw_name = true;
	return true;
}

/* Entries of dir (with "." and ".."), and whether name is among them. */
static int
count_dir(const char *path, const char *name, bool *seen)
{
	struct count_ctx c = { .ctx.emit = count_entry, .name = name };
	struct file *f;
	int error = vfs_open(AT_FDCWD, path, O_RDONLY | O_DIRECTORY, 0, &f);

	if (error != 0)
		return error;
	mutex_lock(&f->inode->lock);
	error = f->ops->readdir(f, &c.ctx);
	mutex_unlock(&f->inode->lock);
	file_put(f);
	*seen = c.saw_name;
	return error != 0 ? error : c.entries;
}

bool
test_vfs_tmpfs_files(char *detail, size_t size)
{
	static char buf[10000], back[10000];
	struct sandbox s;
	struct file *f = NULL;
	bool seen, ok = false;
	int r;

	if (sandbox_enter(&s, NULL) != 0) {
		snprintf(detail, size, "cannot make a tmpfs");
		return false;
	}
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (char)(i * 7 + 3);
	CHECK(do_dirop("/d", 'd', NULL) == 0, "mkdir /d");
	CHECK(do_dirop("/d", 'd', NULL) == -EEXIST, "mkdir twice is not EEXIST");
	r = vfs_open(AT_FDCWD, "/d/f", O_RDWR | O_CREAT | O_EXCL, 0644, &f);
	CHECK(r == 0, "create /d/f: %d", r);
	CHECK(write_at(f, buf, sizeof(buf), 0) == sizeof(buf), "write");
	CHECK(f->inode->size == sizeof(buf), "size %lu", f->inode->size);
	CHECK(kernel_read(f, back, sizeof(back), 0) == sizeof(back) &&
	    memcmp(buf, back, sizeof(buf)) == 0, "read back differs");
	CHECK(kernel_read(f, back, 100, 9950) == 50, "short read at the end");
	CHECK(kernel_read(f, back, 100, 20000) == 0, "read past the end");
	CHECK(vfs_truncate(f->inode, 5000) == 0 && f->inode->size == 5000, "truncate");
	CHECK(vfs_truncate(f->inode, 9000) == 0 &&
	    kernel_read(f, back, 10, 5000) == 10 && back[0] == 0 && back[9] == 0,
	    "growing truncate does not read zeros");
	file_put(f);
	f = NULL;
	CHECK(vfs_open(AT_FDCWD, "/d/f", O_RDWR | O_CREAT | O_EXCL, 0644, &f) == -EEXIST,
	    "O_EXCL on an existing file");
	f = NULL;
	CHECK(vfs_open(AT_FDCWD, "/d/f", O_WRONLY | O_TRUNC, 0, &f) == 0 &&
	    f->inode->size == 0, "O_TRUNC");
	file_put(f);
	f = NULL;
	CHECK(vfs_open(AT_FDCWD, "/d", O_WRONLY, 0, &f) == -EISDIR, "write-open of a dir");
	f = NULL;
	CHECK(vfs_open(AT_FDCWD, "/d/f", O_RDONLY | O_DIRECTORY, 0, &f) == -ENOTDIR,
	    "O_DIRECTORY on a file");
	f = NULL;
	r = count_dir("/d", "f", &seen);
	CHECK(r == 3 && seen, "readdir of /d: %d entries, f %s", r, seen ? "seen" : "missing");
	CHECK(do_dirop("/d/f", 'u', NULL) == 0, "unlink");
	CHECK(lookup_err("/d/f", 0) == -ENOENT, "unlinked file still found");
	r = count_dir("/d", "f", &seen);
	CHECK(r == 2 && !seen, "readdir after unlink: %d", r);
	ok = true;
	snprintf(detail, size, "create/write/read/truncate/readdir/unlink");
out:
	if (f != NULL)
		file_put(f);
	sandbox_leave(&s);
	return ok;
}

bool
test_vfs_lookup(char *detail, size_t size)
{
	struct sandbox s;
	struct inode *a = NULL, *b = NULL, *c = NULL;
	char name[NAME_MAX + 2], cwd[64];
	struct file *f = NULL;
	bool ok = false;
	int r;

	if (sandbox_enter(&s, NULL) != 0) {
		snprintf(detail, size, "cannot make a tmpfs");
		return false;
	}
	CHECK(do_dirop("/a", 'd', NULL) == 0 && do_dirop("/a/b", 'd', NULL) == 0, "mkdir");
	CHECK(vfs_open(AT_FDCWD, "/a/file", O_CREAT | O_RDWR, 0600, &f) == 0, "create");
	file_put(f);
	f = NULL;
	CHECK(lookup_err("/a/file/x", 0) == -ENOTDIR, "file as a directory");
	CHECK(lookup_err("/a/file/", 0) == -ENOTDIR, "file with a trailing slash");
	CHECK(lookup_err("/a/b/", 0) == 0, "directory with a trailing slash");
	CHECK(lookup_err("/a/missing/x", 0) == -ENOENT, "missing middle component");
	CHECK(lookup_err("", 0) == -ENOENT, "empty path");
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	CHECK(lookup_err(name, 0) == -ENAMETOOLONG, "256-byte component");
	CHECK(vfs_lookup(AT_FDCWD, "/a/b/../..//a/./b", 0, &a) == 0 &&
	    vfs_lookup(AT_FDCWD, "/a/b", 0, &b) == 0 && a == b, "dots");
	iput(a);
	iput(b);
	a = b = NULL;
	CHECK(vfs_lookup(AT_FDCWD, "/../..", 0, &a) == 0 && a == s.sb->root, ".. above root");
	iput(a);
	a = NULL;
	CHECK(do_dirop("/loop1", 's', "loop2") == 0 && do_dirop("/loop2", 's', "/loop1") == 0,
	    "symlinks");
	CHECK(lookup_err("/loop1", LOOKUP_FOLLOW) == -ELOOP, "symlink loop is not ELOOP");
	CHECK(lookup_err("/loop1", 0) == 0, "no-follow of a symlink");
	CHECK(do_dirop("/rel", 's', "a/b") == 0 && do_dirop("/a/up", 's', "../a/b/..") == 0,
	    "relative symlinks");
	CHECK(vfs_lookup(AT_FDCWD, "/rel", LOOKUP_FOLLOW, &a) == 0 &&
	    vfs_lookup(AT_FDCWD, "/a/up/b", LOOKUP_FOLLOW, &b) == 0 && a == b,
	    "relative symlink resolution");
	iput(a);
	iput(b);
	a = b = NULL;
	CHECK(vfs_open(AT_FDCWD, "/loop1", O_RDONLY | O_NOFOLLOW, 0, &f) == -ELOOP,
	    "O_NOFOLLOW on a symlink");
	f = NULL;
	/* A mount on /a/b: crossed going down, and ".." comes back out. */
	CHECK(vfs_mount("none", "/a/b", "tmpfs", 0, "size=64k") == 0, "mount on /a/b");
	CHECK(vfs_lookup(AT_FDCWD, "/a/b", 0, &a) == 0 && a->sb != s.sb, "mount not crossed");
	CHECK(vfs_lookup(AT_FDCWD, "/a/b/..", 0, &b) == 0 &&
	    vfs_lookup(AT_FDCWD, "/a", 0, &c) == 0 && b == c, ".. from a mounted root");
	iput(b);
	iput(c);
	b = c = NULL;
	fs_set_cwd(current_fs(), a);	/* the cwd takes a's reference */
	a = NULL;
	r = vfs_getcwd(cwd, sizeof(cwd));
	CHECK(r == 5 && strcmp(cwd, "/a/b") == 0, "getcwd in a mount: %d %s", r, cwd);
	CHECK(vfs_getcwd(cwd, 4) == -ERANGE, "getcwd into a short buffer");
	CHECK(vfs_umount("/a/b", 0) == -EBUSY, "umount of a busy mount");
	fs_set_cwd(current_fs(), igrab(s.sb->root));
	CHECK(vfs_umount("/a/b", 0) == 0, "umount");
	CHECK(vfs_umount("/a/b", 0) == -EINVAL, "umount of a plain directory");
	ok = true;
	snprintf(detail, size, "dots, slashes, symlinks, ELOOP, mounts, getcwd");
out:
	iput(a);
	iput(b);
	iput(c);
	if (f != NULL)
		file_put(f);
	sandbox_leave(&s);
	return ok;
}

bool
test_vfs_tmpfs_limit(char *detail, size_t size)
{
	static char page[PAGE_SIZE];
	struct sandbox s;
	struct file *f = NULL;
	bool ok = false;
	ssize_t n;

	if (sandbox_enter(&s, "size=8k") != 0) {
		snprintf(detail, size, "cannot make a tmpfs with size=8k");
		return false;
	}
	CHECK(vfs_open(AT_FDCWD, "/big", O_CREAT | O_WRONLY, 0600, &f) == 0, "create");
	CHECK(write_at(f, page, sizeof(page), 0) == PAGE_SIZE &&
	    write_at(f, page, sizeof(page), PAGE_SIZE) == PAGE_SIZE, "two pages fit");
	n = write_at(f, page, sizeof(page), 2 * PAGE_SIZE);
	CHECK(n == -ENOSPC, "third page: %ld, not ENOSPC", n);
	CHECK(vfs_truncate(f->inode, PAGE_SIZE) == 0 &&
	    write_at(f, page, 10, 5 * PAGE_SIZE) == 10, "space freed by truncate not reusable");
	ok = true;
	snprintf(detail, size, "ENOSPC past size=, truncate frees");
out:
	if (f != NULL)
		file_put(f);
	sandbox_leave(&s);
	return ok;
}

static ssize_t
pipe_io(struct file *f, void *buf, size_t n, bool write)
{
	struct uio uio = uio_kernel(buf, n, write ? UIO_WRITE : UIO_READ);

	return write ? vfs_write(f, &uio, NULL) : vfs_read(f, &uio, NULL);
}

#define STREAM_BYTES	(256 * 1024)

struct stream {
	struct file *f;
	uint64_t sum;
	size_t bytes;
};

/* Writer: odd-sized chunks of a known sequence; reader: sums what arrives. */
static void
stream_worker(void *arg)
{
	struct stream *st = arg;
	unsigned char buf[1000];
	bool writer = (st->f->flags & O_ACCMODE) == O_WRONLY;
	ssize_t n;

	while (writer ? st->bytes < STREAM_BYTES : true) {
		size_t want = writer ? MIN(sizeof(buf) - st->bytes % 7, STREAM_BYTES - st->bytes) :
		    sizeof(buf);

		for (size_t i = 0; writer && i < want; i++)
			buf[i] = (unsigned char)(st->bytes + i);
		n = pipe_io(st->f, buf, want, writer);
		if (n <= 0)
			break;
		for (ssize_t i = 0; i < n; i++)
			st->sum += buf[i] * (st->bytes + (size_t)i + 1);
		st->bytes += (size_t)n;
	}
	if (writer) {
		file_put(st->f);	/* the reader sees end of file */
		st->f = NULL;
	}
}

bool
test_vfs_pipe(char *detail, size_t size)
{
	static char big[70000];
	struct file *ends[2] = { NULL, NULL }, *nb[2] = { NULL, NULL };
	struct stream st[2];
	char buf[16];
	bool ok = false;
	ssize_t n;

	CHECK(pipe_create(O_NONBLOCK, nb) == 0, "pipe");
	CHECK(pipe_io(nb[0], buf, sizeof(buf), false) == -EAGAIN, "empty non-blocking read");
	CHECK(pipe_io(nb[1], "hello", 5, true) == 5, "write");
	CHECK(pipe_io(nb[0], buf, sizeof(buf), false) == 5 && memcmp(buf, "hello", 5) == 0,
	    "read back");
	n = pipe_io(nb[1], big, sizeof(big), true);
	CHECK(n == 65536, "filling the pipe wrote %ld", n);
	CHECK(pipe_io(nb[1], "x", 1, true) == -EAGAIN, "write to a full pipe");
	CHECK(pipe_io(nb[0], big, 100, false) == 100 &&
	    pipe_io(nb[1], big, 4096, true) == -EAGAIN, "PIPE_BUF write not atomic");
	CHECK(pipe_io(nb[1], big, 100, true) == 100, "small write into 100 bytes");
	file_put(nb[1]);
	nb[1] = NULL;
	while ((n = pipe_io(nb[0], big, sizeof(big), false)) > 0)
		continue;
	CHECK(n == 0, "no end of file without writers: %ld", n);
	CHECK(pipe_create(0, ends) == 0, "pipe");
	file_put(nb[0]);
	nb[0] = NULL;
	CHECK(pipe_create(0, nb) == 0, "pipe");
	file_put(nb[0]);
	nb[0] = NULL;
	CHECK(pipe_io(nb[1], "x", 1, true) == -EPIPE, "no EPIPE without readers");

	/* Two harts, blocking both ways: every byte arrives once, in order. */
	memset(st, 0, sizeof(st));
	st[0].f = ends[0];
	st[1].f = ends[1];
	ends[1] = NULL;		/* the writer closes it */
	CHECK(run_threads(stream_worker, st, sizeof(st[0]), 2), "threads");
	CHECK(st[0].bytes == STREAM_BYTES && st[0].sum == st[1].sum,
	    "stream: %lu bytes, sums %lu/%lu", st[0].bytes, st[0].sum, st[1].sum);
	ok = true;
	snprintf(detail, size, "EAGAIN, 64 KiB, PIPE_BUF, EOF, EPIPE, %d KiB streamed",
	    STREAM_BYTES / 1024);
out:
	for (int i = 0; i < 2; i++) {
		if (ends[i] != NULL)
			file_put(ends[i]);
		if (nb[i] != NULL)
			file_put(nb[i]);
	}
	return ok;
}
