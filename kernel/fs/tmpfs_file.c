/*
 * tmpfs file data lives in the inode's shm_object (inode->pages), the
 * object a MAP_SHARED mapping of the file maps too, so read, write and
 * every process's mapping see the same pages. An absent page is a hole and
 * reads as zeros. The object covers exactly the file's pages, so a fault
 * past the end of the file finds nothing.
 *
 * Locking: read, write and setattr run under the inode's ->lock (taken
 * here for read and write, by the VFS for setattr); it orders size
 * changes. Page faults of mappings take only the object's lock.
 */
#include <vfs.h>
#include <mm.h>
#include <slab.h>
#include <shm_object.h>
#include <string.h>
#include <errno.h>
#include <uapi/fcntl.h>
#include "tmpfs.h"

/* Largest tmpfs file, as Linux's MAX_LFS_FILESIZE on 64-bit. */
#define TMPFS_MAX_SIZE	0x7fffffffffffffffUL

/*
 * The charge hook of a file's shm_object (under obj->lock): every data
 * page, whether written by write() or touched through a mapping, counts
 * against the size limit and in st_blocks.
 */
static bool
charge_file(void *owner, long n)
{
	struct inode *inode = owner;

	if (!tmpfs_charge(inode->sb, n))
		return false;
	inode->blocks += n * (PAGE_SIZE / 512);
	return true;
}

int
tmpfs_file_init(struct inode *inode)
{
	inode->pages = shm_object_create(0);
	if (inode->pages == NULL)
		return -ENOMEM;
	shm_object_set_owner(inode->pages, charge_file, inode);
	return 0;
}

/*
 * The inode leaves: its pages are uncharged, but the object itself lives
 * on while a MAP_SHARED mapping of the unlinked file still holds it.
 */
void
tmpfs_file_evict(struct inode *inode)
{
	if (inode->pages == NULL)
		return;
	shm_object_set_owner(inode->pages, NULL, NULL);
	shm_object_put(inode->pages);
	inode->pages = NULL;
}

static ssize_t
tmpfs_read(struct file *file, struct uio *uio, off_t *pos)
{
	static const char zeros[PAGE_SIZE];
	struct inode *inode = file->inode;
	size_t done = 0, resid = uio->resid;
	int error = 0;

	if (*pos < 0)
		return -EINVAL;
	mutex_lock(&inode->lock);
	while (done < resid && (uint64_t)*pos < inode->size) {
		unsigned long idx = (uint64_t)*pos / PAGE_SIZE;
		size_t off = (uint64_t)*pos % PAGE_SIZE;
		size_t n = MIN(MIN(PAGE_SIZE - off, resid - done), inode->size - *pos);
		struct page *p = shm_object_find(inode->pages, idx);

		error = uiomove((char *)(p != NULL ? page_address(p) : zeros) + off, n, uio);
		if (p != NULL)
			page_put(p);
		if (error != 0)
			break;
		done += n;
		*pos += n;
	}
	inode->atime = current_time();
	mutex_unlock(&inode->lock);
	return done > 0 ? (ssize_t)done : error;
}

/* The page at idx for writing, allocated if it is a hole; 0, -ENOSPC or -ENOMEM. */
static int
get_page(struct inode *inode, unsigned long idx, struct page **out)
{
	struct tmpfs_sb *tsb = TSB(inode->sb);
	bool full;

	*out = shm_object_page(inode->pages, idx);
	if (*out != NULL)
		return 0;
	spin_lock(&tsb->lock);
	full = tsb->used_pages >= tsb->max_pages;
	spin_unlock(&tsb->lock);
	return full ? -ENOSPC : -ENOMEM;
}

static ssize_t
tmpfs_write(struct file *file, struct uio *uio, off_t *pos)
{
	struct inode *inode = file->inode;
	size_t done = 0, resid = uio->resid;
	struct page *p;
	int error = 0;

	mutex_lock(&inode->lock);
	if (file->flags & O_APPEND)
		*pos = (off_t)inode->size;
	if (*pos < 0 || (uint64_t)*pos + resid > TMPFS_MAX_SIZE) {
		mutex_unlock(&inode->lock);
		return *pos < 0 ? -EINVAL : -EFBIG;
	}
	/* Cover the whole write; the object shrinks back below if it falls short. */
	if ((uint64_t)*pos + resid > inode->size)
		error = shm_object_resize(inode->pages, *pos + resid);
	while (error == 0 && done < resid) {
		size_t off = (uint64_t)*pos % PAGE_SIZE;
		size_t n = MIN(PAGE_SIZE - off, resid - done);

		error = get_page(inode, (uint64_t)*pos / PAGE_SIZE, &p);
		if (error != 0)
			break;
		error = uiomove((char *)page_address(p) + off, n, uio);
		page_put(p);
		if (error != 0)
			break;
		done += n;
		*pos += n;
		if ((uint64_t)*pos > inode->size)
			inode->size = *pos;
	}
	if (error != 0)
		shm_object_resize(inode->pages, inode->size);	/* shrinking cannot fail */
	if (done > 0)
		inode_touch(inode, true, true);
	mutex_unlock(&inode->lock);
	return done > 0 ? (ssize_t)done : error;
}

/* Change the size: release whole pages past it and zero the cut-off tail. */
static int
tmpfs_resize(struct inode *inode, uint64_t size)
{
	size_t off = size % PAGE_SIZE;
	struct page *p;
	int error;

	error = shm_object_resize(inode->pages, size);
	if (error != 0)
		return error;
	if (size < inode->size && off != 0 &&
	    (p = shm_object_find(inode->pages, size / PAGE_SIZE)) != NULL) {
		memset((char *)page_address(p) + off, 0, PAGE_SIZE - off);
		page_put(p);
	}
	inode->size = size;
	return 0;
}

static int
tmpfs_setattr(struct inode *inode, const struct iattr *attr)
{
	int error;

	if (attr->valid & ATTR_SIZE) {
		if (!S_ISREG(inode->mode))
			return -EINVAL;
		if (attr->size > TMPFS_MAX_SIZE)
			return -EFBIG;
		error = tmpfs_resize(inode, attr->size);
		if (error != 0)
			return error;
	}
	/* No storage but the inode: nothing else to write back. */
	inode_apply_attr(inode, attr);
	return 0;
}

static int
tmpfs_readlink(struct inode *inode, char *buf, size_t size)
{
	size_t n = MIN(size, (size_t)inode->size);

	memcpy(buf, TI(inode)->target, n);
	return (int)n;
}

const struct inode_ops tmpfs_file_iops = {
	.setattr = tmpfs_setattr,
};

const struct inode_ops tmpfs_symlink_iops = {
	.readlink = tmpfs_readlink,
	.setattr = tmpfs_setattr,
};

/* Device nodes, FIFOs and sockets: attributes only. */
const struct inode_ops tmpfs_special_iops = {
	.setattr = tmpfs_setattr,
};

const struct file_ops tmpfs_file_fops = {
	.read = tmpfs_read,
	.write = tmpfs_write,
	.seekable = true,
};
