/*
 * tmpfs file data: an array of pages indexed by page number, grown on
 * demand; a NULL slot is a hole and reads as zeros. Each data page is
 * charged to the super block's size limit. Every operation runs under the
 * inode's ->lock, taken here for read and write and by the VFS for setattr.
 */
#include <vfs.h>
#include <mm.h>
#include <slab.h>
#include <string.h>
#include <errno.h>
#include <uapi/fcntl.h>
#include "tmpfs.h"

/* Largest tmpfs file, as Linux's MAX_LFS_FILESIZE on 64-bit. */
#define TMPFS_MAX_SIZE	0x7fffffffffffffffUL

void
tmpfs_free_pages(struct inode *inode, unsigned long from)
{
	struct tmpfs_inode *ti = TI(inode);
	long freed = 0;

	for (unsigned long i = from; i < ti->npages; i++) {
		if (ti->pages[i] != NULL) {
			free_pages(ti->pages[i], 0);
			ti->pages[i] = NULL;
			freed++;
		}
	}
	tmpfs_charge(inode->sb, -freed);
	inode->blocks -= freed * (PAGE_SIZE / 512);
	if (from == 0) {
		kfree(ti->pages);
		ti->pages = NULL;
		ti->npages = 0;
	}
}

/* Make room for page index idx in the page array. */
static int
grow_array(struct tmpfs_inode *ti, unsigned long idx)
{
	unsigned long n = MAX(ti->npages, 8UL);
	struct page **pages;

	if (idx < ti->npages)
		return 0;
	while (n <= idx)
		n *= 2;
	pages = kmalloc(n * sizeof(*pages), ALLOC_ZERO);
	if (pages == NULL)
		return -ENOMEM;
	if (ti->pages != NULL)
		memcpy(pages, ti->pages, ti->npages * sizeof(*pages));
	kfree(ti->pages);
	ti->pages = pages;
	ti->npages = n;
	return 0;
}

/* The page at index idx, allocated (and charged) if it is a hole. */
static int
get_page(struct inode *inode, unsigned long idx, struct page **out)
{
	struct tmpfs_inode *ti = TI(inode);
	struct page *p;
	int error;

	error = grow_array(ti, idx);
	if (error != 0)
		return error;
	if (ti->pages[idx] == NULL) {
		if (!tmpfs_charge(inode->sb, 1))
			return -ENOSPC;
		p = alloc_pages(0, ALLOC_ZERO);
		if (p == NULL) {
			tmpfs_charge(inode->sb, -1);
			return -ENOMEM;
		}
		ti->pages[idx] = p;
		inode->blocks += PAGE_SIZE / 512;
	}
	*out = ti->pages[idx];
	return 0;
}

static ssize_t
tmpfs_read(struct file *file, struct uio *uio, off_t *pos)
{
	static const char zeros[PAGE_SIZE];
	struct inode *inode = file->inode;
	struct tmpfs_inode *ti = TI(inode);
	size_t done = 0, resid = uio->resid;
	int error = 0;

	if (*pos < 0)
		return -EINVAL;
	mutex_lock(&inode->lock);
	while (done < resid && (uint64_t)*pos < inode->size) {
		unsigned long idx = (uint64_t)*pos / PAGE_SIZE;
		size_t off = (uint64_t)*pos % PAGE_SIZE;
		size_t n = MIN(MIN(PAGE_SIZE - off, resid - done), inode->size - *pos);
		const char *src = idx < ti->npages && ti->pages[idx] != NULL ?
		    page_address(ti->pages[idx]) : zeros;

		error = uiomove((char *)src + off, n, uio);
		if (error != 0)
			break;
		done += n;
		*pos += n;
	}
	inode->atime = current_time();
	mutex_unlock(&inode->lock);
	return done > 0 ? (ssize_t)done : error;
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
	while (done < resid) {
		size_t off = (uint64_t)*pos % PAGE_SIZE;
		size_t n = MIN(PAGE_SIZE - off, resid - done);

		error = get_page(inode, (uint64_t)*pos / PAGE_SIZE, &p);
		if (error == 0)
			error = uiomove((char *)page_address(p) + off, n, uio);
		if (error != 0)
			break;
		done += n;
		*pos += n;
		if ((uint64_t)*pos > inode->size)
			inode->size = *pos;
	}
	if (done > 0)
		inode_touch(inode, true, true);
	mutex_unlock(&inode->lock);
	return done > 0 ? (ssize_t)done : error;
}

/* Change the size: free whole pages past it and zero the cut-off tail. */
static void
tmpfs_resize(struct inode *inode, uint64_t size)
{
	struct tmpfs_inode *ti = TI(inode);
	unsigned long idx = size / PAGE_SIZE;
	size_t off = size % PAGE_SIZE;

	if (size < inode->size) {
		tmpfs_free_pages(inode, DIV_ROUND_UP(size, PAGE_SIZE));
		if (off != 0 && idx < ti->npages && ti->pages[idx] != NULL)
			memset((char *)page_address(ti->pages[idx]) + off, 0, PAGE_SIZE - off);
	}
	inode->size = size;
}

static int
tmpfs_setattr(struct inode *inode, const struct iattr *attr)
{
	if (attr->valid & ATTR_SIZE) {
		if (!S_ISREG(inode->mode))
			return -EINVAL;
		if (attr->size > TMPFS_MAX_SIZE)
			return -EFBIG;
		tmpfs_resize(inode, attr->size);
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
