/*
 * Super blocks and the inode cache.
 *
 * Each super block keeps the list of its in-memory inodes. iget() finds an
 * inode there or creates one and has the file system fill it in; while that
 * runs the inode is marked I_NEW, and a second iget() of the same number
 * waits for it instead of reading it twice. The last iput() takes the inode
 * out of the cache and hands it to ->evict_inode, which frees the file's
 * blocks if it has no links left.
 *
 * File systems whose only copy of a file is its inode (tmpfs, devtmpfs) set
 * ->keep_linked: an unreferenced inode then stays cached while it has a
 * link, and goes only when its last link and last reference are gone, or
 * at unmount (icache_evict_all).
 *
 * Locking: sb->icache_lock protects the cache list and inode->state; an
 * inode's reference count goes to or from zero only under it, so a lookup
 * never revives an inode that iput() is already evicting.
 */
#include <vfs.h>
#include <slab.h>
#include <mm.h>
#include <string.h>
#include <errno.h>
#include <panic.h>
#include <wait.h>

static struct kmem_cache *inode_cache;
static struct kmem_cache *sb_cache;

/* Woken whenever an I_NEW inode becomes ready or bad. */
static struct waitq inode_ready_wq = WAITQ_INIT(inode_ready_wq);

void
inode_cache_init(void)
{
	inode_cache = kmem_cache_create("inode", sizeof(struct inode));
	sb_cache = kmem_cache_create("super_block", sizeof(struct super_block));
	if (inode_cache == NULL || sb_cache == NULL)
		panic("vfs: cannot create the inode caches");
}

struct super_block *
sb_alloc(const struct super_ops *ops, const struct fs_type *type)
{
	static atomic_t next_anon_dev = ATOMIC_INIT(1);
	struct super_block *sb;

	sb = kmem_cache_alloc(sb_cache, ALLOC_ZERO);
	if (sb == NULL)
		return NULL;
	sb->ops = ops;
	sb->type = type;
	/* Anonymous devices (major 0), as Linux numbers memory file systems. */
	sb->dev = MKDEV(0U, (uint32_t)atomic_add_return(&next_anon_dev, 1));
	spin_init(&sb->icache_lock, "icache");
	list_init(&sb->icache);
	mutex_init(&sb->rename_lock, "rename");
	sb->next_ino = 1;
	return sb;
}

void
sb_free(struct super_block *sb)
{
	BUG_ON(!list_empty(&sb->icache));
	kmem_cache_free(sb_cache, sb);
}

static struct inode *
inode_alloc(struct super_block *sb, uint64_t ino)
{
	struct inode *inode;

	inode = kmem_cache_alloc(inode_cache, ALLOC_ZERO);
	if (inode == NULL)
		return NULL;
	atomic_set(&inode->refcount, 1);
	inode->sb = sb;
	inode->ino = ino;
	inode->nlink = 1;
	inode->atime = inode->mtime = inode->ctime = current_time();
	mutex_init(&inode->lock, "inode");
	list_init(&inode->icache_link);
	return inode;
}

/* Drop the cache's last hold on an inode nobody references any more. */
static void
inode_destroy(struct inode *inode)
{
	if (!(inode->state & I_BAD) && inode->sb->ops->evict_inode != NULL)
		inode->sb->ops->evict_inode(inode);
	kmem_cache_free(inode_cache, inode);
}

/* A cached inode, with a new reference; icache_lock held. */
static struct inode *
icache_find(struct super_block *sb, uint64_t ino)
{
	struct inode *inode;

	list_for_each_entry(inode, &sb->icache, icache_link) {
		if (inode->ino == ino && !(inode->state & I_BAD)) {
			atomic_inc(&inode->refcount);
			return inode;
		}
	}
	return NULL;
}

/* Wait until a found inode is read; 0, or -EIO (our reference dropped). */
static int
wait_inode_ready(struct inode *inode)
{
	struct super_block *sb = inode->sb;
	bool bad;

	spin_lock(&sb->icache_lock);
	wait_event_locked(&inode_ready_wq, !(inode->state & I_NEW), &sb->icache_lock);
	bad = (inode->state & I_BAD) != 0;
	spin_unlock(&sb->icache_lock);
	if (bad) {
		iput(inode);
		return -EIO;
	}
	return 0;
}

int
iget(struct super_block *sb, uint64_t ino, struct inode **out)
{
	struct inode *inode, *fresh;
	int error;

	spin_lock(&sb->icache_lock);
	inode = icache_find(sb, ino);
	spin_unlock(&sb->icache_lock);
	if (inode != NULL)
		goto found;

	fresh = inode_alloc(sb, ino);
	if (fresh == NULL)
		return -ENOMEM;
	spin_lock(&sb->icache_lock);
	inode = icache_find(sb, ino);	/* someone may have raced us here */
	if (inode == NULL) {
		fresh->state = I_NEW;
		list_add(&fresh->icache_link, &sb->icache);
	}
	spin_unlock(&sb->icache_lock);
	if (inode != NULL) {
		kmem_cache_free(inode_cache, fresh);
		goto found;
	}

	error = sb->ops->read_inode(sb, fresh);
	spin_lock(&sb->icache_lock);
	fresh->state = error != 0 ? I_BAD : 0;
	spin_unlock(&sb->icache_lock);
	wake_up_all(&inode_ready_wq);
	if (error != 0) {
		iput(fresh);
		return error;
	}
	*out = fresh;
	return 0;

found:
	error = wait_inode_ready(inode);
	if (error == 0)
		*out = inode;
	return error;
}

struct inode *
inode_new(struct super_block *sb, uint64_t ino)
{
	struct inode *inode = inode_alloc(sb, ino);

	if (inode == NULL)
		return NULL;
	spin_lock(&sb->icache_lock);
	list_add(&inode->icache_link, &sb->icache);
	spin_unlock(&sb->icache_lock);
	return inode;
}

struct inode *
igrab(struct inode *inode)
{
	atomic_inc(&inode->refcount);
	return inode;
}

void
iput(struct inode *inode)
{
	struct super_block *sb;

	if (inode == NULL)
		return;
	sb = inode->sb;
	spin_lock(&sb->icache_lock);
	if (!atomic_dec_and_test(&inode->refcount) ||
	    (sb->ops->keep_linked && inode->nlink > 0)) {
		spin_unlock(&sb->icache_lock);
		return;
	}
	list_del(&inode->icache_link);
	spin_unlock(&sb->icache_lock);
	inode_destroy(inode);
}

/*
 * Unmount: every inode of sb must be unreferenced (the caller checked, and
 * nothing can reach the file system any more). Evict them all.
 */
void
icache_evict_all(struct super_block *sb)
{
	struct inode *inode, *tmp;
	LIST_HEAD(victims);

	spin_lock(&sb->icache_lock);
	list_for_each_entry_safe(inode, tmp, &sb->icache, icache_link) {
		list_del(&inode->icache_link);
		list_add(&inode->icache_link, &victims);
	}
	spin_unlock(&sb->icache_lock);
	list_for_each_entry_safe(inode, tmp, &victims, icache_link)
		inode_destroy(inode);
}

/* Whether any inode of sb other than root (held rootrefs times) is in use. */
bool
icache_busy(struct super_block *sb, int rootrefs)
{
	struct inode *inode;
	bool busy = false;

	spin_lock(&sb->icache_lock);
	list_for_each_entry(inode, &sb->icache, icache_link) {
		int expect = inode == sb->root ? rootrefs : 0;

		if (atomic_read(&inode->refcount) > expect)
			busy = true;
	}
	spin_unlock(&sb->icache_lock);
	return busy;
}

/* Write attributes back if the file system keeps them anywhere but here. */
static void
inode_writeback(struct inode *inode)
{
	if (inode->sb->ops->write_inode != NULL)
		inode->sb->ops->write_inode(inode);
}

void
inode_touch(struct inode *inode, bool mtime, bool ctime)
{
	struct timespec64 now = current_time();

	if (mtime)
		inode->mtime = now;
	if (ctime)
		inode->ctime = now;
	inode_writeback(inode);
}

void
inode_apply_attr(struct inode *inode, const struct iattr *attr)
{
	if (attr->valid & ATTR_MODE)
		inode->mode = (inode->mode & S_IFMT) | (attr->mode & S_IALLUGO);
	if (attr->valid & ATTR_UID)
		inode->uid = attr->uid;
	if (attr->valid & ATTR_GID)
		inode->gid = attr->gid;
	if (attr->valid & ATTR_ATIME)
		inode->atime = attr->atime;
	if (attr->valid & ATTR_MTIME)
		inode->mtime = attr->mtime;
	if (attr->valid & ATTR_CTIME)
		inode->ctime = attr->ctime;
}

int
inode_setattr(struct inode *inode, const struct iattr *attr)
{
	if (inode->ops != NULL && inode->ops->setattr != NULL)
		return inode->ops->setattr(inode, attr);
	if (attr->valid & ATTR_SIZE)
		return -EINVAL;		/* no storage to resize */
	inode_apply_attr(inode, attr);
	inode_writeback(inode);
	return 0;
}
