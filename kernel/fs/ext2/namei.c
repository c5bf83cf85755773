/*
 * ext2 name operations: making files, directories, device nodes, FIFOs and
 * symbolic links; links, unlinks, rmdir and rename.
 *
 * A new inode is written before the entry naming it, and a rename adds the
 * new name before it removes the old one, so a crash between the two
 * leaves an extra link (which e2fsck counts) rather than a lost file. An
 * inode whose last link goes is freed when its last reference goes
 * (ext2_evict_inode), so open unlinked files keep their data.
 *
 * Locking: the VFS holds dir->lock (rename: both directories, under the
 * file system's rename_lock). A child's link count and, for a directory,
 * its entries are changed under the child's lock, taken after its
 * parent's; never two children at once.
 */
#include "ext2.h"
#include <string.h>
#include <errno.h>

/* A new inode for name in dir, not linked yet; -EEXIST if the name is taken. */
static int
make_inode(struct inode *dir, const char *name, size_t len, uint32_t mode, dev_t rdev,
    struct inode **out)
{
	uint32_t ino;
	int err;

	if (dir->nlink == 0)
		return -ENOENT;		/* the directory was removed */
	if ((err = ext2_find_ino(dir, name, len, &ino)) != 0)
		return err;
	if (ino != 0)
		return -EEXIST;
	return ext2_new_inode(dir, mode, rdev, out);
}

/* Link a new inode under name; on failure it is freed again. */
static int
link_new(struct inode *dir, const char *name, size_t len, struct inode *inode)
{
	int err;

	if ((err = ext2_add_entry(dir, name, len, inode)) != 0) {
		inode->nlink = 0;
		iput(inode);
	}
	return err;
}

int
ext2_create(struct inode *dir, const char *name, size_t len, uint32_t mode,
    struct inode **out)
{
	struct inode *inode;
	int err;

	if ((err = make_inode(dir, name, len, mode, 0, &inode)) != 0)
		return err;
	if ((err = link_new(dir, name, len, inode)) != 0)
		return err;
	*out = inode;
	return 0;
}

int
ext2_mknod(struct inode *dir, const char *name, size_t len, uint32_t mode, dev_t rdev)
{
	struct inode *inode;
	int err;

	if ((err = make_inode(dir, name, len, mode, rdev, &inode)) != 0)
		return err;
	if ((err = link_new(dir, name, len, inode)) != 0)
		return err;
	iput(inode);
	return 0;
}

int
ext2_mkdir(struct inode *dir, const char *name, size_t len, uint32_t mode)
{
	struct inode *inode;
	int err;

	if (dir->nlink >= EXT2_LINK_MAX)
		return -EMLINK;
	if ((err = make_inode(dir, name, len, S_IFDIR | mode, 0, &inode)) != 0)
		return err;
	inode->nlink = 2;
	if ((err = ext2_make_empty(inode, dir)) != 0 ||
	    (err = ext2_write_inode(inode)) != 0) {
		inode->nlink = 0;
		iput(inode);
		return err;
	}
	if ((err = link_new(dir, name, len, inode)) != 0)
		return err;
	dir->nlink++;
	inode_touch(dir, true, true);
	iput(inode);
	return 0;
}

/* The target of a new symlink: in i_block if it fits, else in a block. */
static int
store_target(struct inode *inode, const char *target, size_t tlen)
{
	struct buf *b;
	int err;

	if (tlen < EXT2_FAST_SYMLINK_MAX) {
		memcpy(EXT2_I(inode)->block, target, tlen);
	} else {
		if ((err = ext2_bread_alloc(inode, 0, &b)) != 0)
			return err;
		memcpy(b->data, target, tlen);
		bdirty(b);
		brelse(b);
	}
	inode->size = tlen;
	return ext2_write_inode(inode);
}

int
ext2_symlink(struct inode *dir, const char *name, size_t len, const char *target)
{
	size_t tlen = strlen(target);
	struct inode *inode;
	int err;

	if (tlen >= EXT2_SB(dir->sb)->block_size)
		return -ENAMETOOLONG;
	if ((err = make_inode(dir, name, len, S_IFLNK | 0777, 0, &inode)) != 0)
		return err;
	if ((err = store_target(inode, target, tlen)) != 0) {
		inode->nlink = 0;
		iput(inode);
		return err;
	}
	if ((err = link_new(dir, name, len, inode)) != 0)
		return err;
	iput(inode);
	return 0;
}

/* Change the link count of a file that is not a directory by delta. */
static void
relink(struct inode *inode, int delta)
{
	mutex_lock(&inode->lock);
	inode->nlink += delta;
	inode_touch(inode, false, true);
	mutex_unlock(&inode->lock);
}

int
ext2_link(struct inode *dir, const char *name, size_t len, struct inode *target)
{
	uint32_t ino;
	int err;

	if (dir->nlink == 0)
		return -ENOENT;
	if (target->nlink >= EXT2_LINK_MAX)
		return -EMLINK;
	if ((err = ext2_find_ino(dir, name, len, &ino)) != 0)
		return err;
	if (ino != 0)
		return -EEXIST;
	if ((err = ext2_add_entry(dir, name, len, target)) != 0)
		return err;
	relink(target, 1);
	return 0;
}

/* The inode named name in dir (a new reference); -ENOENT if none. */
static int
get_child(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	uint32_t ino;
	int err;

	if ((err = ext2_find_ino(dir, name, len, &ino)) != 0)
		return err;
	if (ino == 0)
		return -ENOENT;
	return iget(dir->sb, ino, out);
}

int
ext2_unlink(struct inode *dir, const char *name, size_t len)
{
	struct inode *victim;
	int err;

	if ((err = get_child(dir, name, len, &victim)) != 0)
		return err;
	if (S_ISDIR(victim->mode))
		err = -EISDIR;
	else if ((err = ext2_remove_entry(dir, name, len)) == 0)
		relink(victim, -1);
	iput(victim);
	return err;
}

/*
 * Lock the directory victim if it is empty: 0 with its lock held (so
 * nothing is created in it until it is gone), or -ENOTEMPTY/-errno.
 */
static int
lock_empty_dir(struct inode *victim)
{
	bool empty;
	int err;

	mutex_lock(&victim->lock);
	if ((err = ext2_dir_empty(victim, &empty)) == 0 && !empty)
		err = -ENOTEMPTY;
	if (err != 0)
		mutex_unlock(&victim->lock);
	return err;
}

/* The directory victim, locked by lock_empty_dir, has lost its name in parent. */
static void
drop_dir(struct inode *parent, struct inode *victim)
{
	victim->nlink = 0;
	inode_touch(victim, false, true);
	mutex_unlock(&victim->lock);
	parent->nlink--;	/* victim's ".." */
	inode_touch(parent, true, true);
}

int
ext2_rmdir(struct inode *dir, const char *name, size_t len)
{
	struct inode *victim;
	int err;

	if ((err = get_child(dir, name, len, &victim)) != 0)
		return err;
	if (!S_ISDIR(victim->mode))
		err = -ENOTDIR;
	else if ((err = lock_empty_dir(victim)) == 0) {
		if ((err = ext2_remove_entry(dir, name, len)) == 0)
			drop_dir(dir, victim);
		else
			mutex_unlock(&victim->lock);
	}
	iput(victim);
	return err;
}

/*
 * Whether dir is src or lies below it, following ".." up to the root
 * (rename_lock keeps every ".." still). A damaged image whose ".." entries
 * loop gives -EIO after as many steps as there are inodes.
 */
static int
inside(struct inode *src, struct inode *dir, bool *in)
{
	uint32_t steps = EXT2_SB(dir->sb)->sb.s_inodes_count, up = 0;
	struct inode *cur = igrab(dir), *next;
	int err = 0;

	while (!(*in = cur == src) && cur->ino != EXT2_ROOT_INO) {
		if (steps-- == 0 || (err = ext2_find_ino(cur, "..", 2, &up)) != 0 || up == 0 ||
		    (err = iget(dir->sb, up, &next)) != 0) {
			err = err != 0 ? err : -EIO;
			break;
		}
		iput(cur);
		cur = next;
	}
	iput(cur);
	return err;
}

/* The errno Linux gives for renaming src over target, or 0. */
static int
may_replace(struct inode *src, struct inode *target)
{
	if (S_ISDIR(src->mode) && !S_ISDIR(target->mode))
		return -ENOTDIR;
	if (!S_ISDIR(src->mode) && S_ISDIR(target->mode))
		return -EISDIR;
	return 0;
}

/* The checks of a rename of src in odir to ndir, over target if not NULL. */
static int
rename_checks(struct inode *odir, struct inode *ndir, struct inode *src,
    struct inode *target)
{
	bool in;
	int err;

	if (ndir->nlink == 0)
		return -ENOENT;
	if (target != NULL && (err = may_replace(src, target)) != 0)
		return err;
	if (!S_ISDIR(src->mode) || odir == ndir)
		return 0;
	if ((err = inside(src, ndir, &in)) != 0)
		return err;
	if (in)
		return -EINVAL;
	if (target == NULL && ndir->nlink >= EXT2_LINK_MAX)
		return -EMLINK;
	return 0;
}

/* A directory moved from odir to ndir: its ".." and both link counts follow. */
static int
move_dir(struct inode *src, struct inode *odir, struct inode *ndir)
{
	int err;

	mutex_lock(&src->lock);
	err = ext2_retarget_entry(src, "..", 2, ndir);
	mutex_unlock(&src->lock);
	if (err != 0)
		return err;
	odir->nlink--;
	ndir->nlink++;
	inode_touch(odir, true, true);
	inode_touch(ndir, true, true);
	return 0;
}

/* Give src the name nname in ndir, replacing target if not NULL. */
static int
rename_to(struct inode *odir, const char *oname, size_t olen, struct inode *ndir,
    const char *nname, size_t nlen, struct inode *src, struct inode *target)
{
	int err;

	if (target != NULL && S_ISDIR(target->mode) && (err = lock_empty_dir(target)) != 0)
		return err;
	if (target != NULL)
		err = ext2_retarget_entry(ndir, nname, nlen, src);
	else
		err = ext2_add_entry(ndir, nname, nlen, src);
	if (err == 0)
		err = ext2_remove_entry(odir, oname, olen);
	if (target != NULL && S_ISDIR(target->mode)) {
		if (err == 0)
			drop_dir(ndir, target);
		else
			mutex_unlock(&target->lock);
	} else if (target != NULL && err == 0) {
		relink(target, -1);
	}
	if (err == 0 && S_ISDIR(src->mode) && odir != ndir)
		err = move_dir(src, odir, ndir);
	if (err == 0)
		relink(src, 0);		/* a new ctime */
	return err;
}

int
ext2_rename(struct inode *odir, const char *oname, size_t olen,
    struct inode *ndir, const char *nname, size_t nlen)
{
	struct inode *src, *target = NULL;
	int err;

	if ((err = get_child(odir, oname, olen, &src)) != 0)
		return err;
	if ((err = get_child(ndir, nname, nlen, &target)) != 0)
		target = NULL;
	if (err == -ENOENT)
		err = 0;
	if (err == 0 && target != src && (err = rename_checks(odir, ndir, src, target)) == 0)
		err = rename_to(odir, oname, olen, ndir, nname, nlen, src, target);
	iput(target);
	iput(src);
	return err;
}
