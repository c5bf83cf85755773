/*
 * renameat2: both parents are locked under the file system's rename_lock,
 * which makes the two directory locks safe to hold together (no other
 * operation holds two directory locks).
 */
#include <vfs.h>
#include <fdtable.h>
#include <cred.h>
#include <syscall.h>
#include <slab.h>
#include <errno.h>
#include <uapi/fcntl.h>
#include "fs_impl.h"

struct rename_end {
	char *path;
	struct inode *dir;
	const char *name;
	size_t len;
};

static int
get_end(int dirfd, uintptr_t upath, struct rename_end *e)
{
	int error;

	e->path = getname(upath, &error);
	if (e->path == NULL)
		return error;
	error = vfs_lookup_parent(dirfd, e->path, &e->dir, &e->name, &e->len);
	if (error == 0 && (error = inode_permission(e->dir, MAY_EXEC)) != 0)
		iput(e->dir);
	if (error != 0)
		kfree(e->path);
	return error;
}

static void
put_end(struct rename_end *e)
{
	iput(e->dir);
	kfree(e->path);
}

/* The sticky-bit rule for the entry name of e (dir locked), if it exists. */
static int
sticky_ok(struct rename_end *e, bool must_exist)
{
	const struct cred *c = fs_cred();
	struct inode *victim;
	int error;

	error = e->dir->ops->lookup(e->dir, e->name, e->len, &victim);
	if (error != 0)
		return must_exist ? error : 0;
	if ((e->dir->mode & S_ISVTX) && c->fsuid != 0 && c->fsuid != victim->uid &&
	    c->fsuid != e->dir->uid)
		error = -EPERM;
	iput(victim);
	return error;
}

/* Checks and the rename itself, both directories locked. */
static int
rename_locked(struct rename_end *o, struct rename_end *n, unsigned flags)
{
	struct inode *existing;
	int error;

	/* A missing source is ENOENT before any permission error. */
	error = sticky_ok(o, true);
	if (error == 0)
		error = inode_permission(o->dir, MAY_WRITE);
	if (error == 0)
		error = inode_permission(n->dir, MAY_WRITE);
	if (error == 0)
		error = sticky_ok(n, false);
	if (error != 0)
		return error;
	if ((flags & RENAME_NOREPLACE) &&
	    n->dir->ops->lookup(n->dir, n->name, n->len, &existing) == 0) {
		iput(existing);
		return -EEXIST;
	}
	if (o->dir->ops->rename == NULL)
		return -EPERM;
	return o->dir->ops->rename(o->dir, o->name, o->len, n->dir, n->name, n->len);
}

static bool
is_dots(const struct rename_end *e)
{
	return e->name[0] == '.' && (e->len == 1 || (e->len == 2 && e->name[1] == '.'));
}

SYSCALL_DEFINE5(renameat2, int, olddirfd, uintptr_t, oldpath, int, newdirfd,
    uintptr_t, newpath, unsigned, flags)
{
	struct rename_end o, n;
	struct super_block *sb;
	int error;

	if (flags & ~RENAME_NOREPLACE)
		return -EINVAL;		/* RENAME_EXCHANGE and RENAME_WHITEOUT: not supported */
	error = get_end(olddirfd, oldpath, &o);
	if (error != 0)
		return error;
	error = get_end(newdirfd, newpath, &n);
	if (error != 0) {
		put_end(&o);
		return error;
	}
	sb = o.dir->sb;
	if (is_dots(&o) || is_dots(&n))
		error = -EBUSY;
	else if (n.dir->sb != sb)
		error = -EXDEV;
	if (error == 0) {
		mutex_lock(&sb->rename_lock);
		mutex_lock(&o.dir->lock);
		if (n.dir != o.dir)
			mutex_lock(&n.dir->lock);
		error = rename_locked(&o, &n, flags);
		if (n.dir != o.dir)
			mutex_unlock(&n.dir->lock);
		mutex_unlock(&o.dir->lock);
		mutex_unlock(&sb->rename_lock);
	}
	put_end(&n);
	put_end(&o);
	return error;
}
