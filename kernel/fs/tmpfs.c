/*
 * tmpfs: a file system in memory (mounted on /tmp and /dev/shm, and the
 * base of devtmpfs). Every file is its in-memory inode; ->keep_linked keeps
 * inodes cached while they have links, and eviction frees their pages.
 *
 * The size limit (size=, default half of RAM) counts file data pages;
 * writing past it gives ENOSPC. Mount options: size=N[k|m|g|%], mode=,
 * uid=, gid= (as Linux's tmpfs); others are refused with EINVAL.
 */
#include <vfs.h>
#include <fdtable.h>
#include <mm.h>
#include <slab.h>
#include <string.h>
#include <errno.h>
#include <cred.h>
#include "tmpfs.h"
#include "fs_impl.h"

static void
tmpfs_evict_inode(struct inode *inode)
{
	struct tmpfs_inode *ti = TI(inode);

	if (ti == NULL)
		return;
	if (S_ISREG(inode->mode))
		tmpfs_file_evict(inode);
	else if (S_ISDIR(inode->mode))
		tmpfs_free_entries(inode);
	else if (S_ISLNK(inode->mode))
		kfree(ti->target);
	kfree(ti);
}

static void
tmpfs_put_super(struct super_block *sb)
{
	kfree(sb->private);
}

static int
tmpfs_statfs(struct super_block *sb, struct kstatfs *st)
{
	struct tmpfs_sb *tsb = TSB(sb);

	spin_lock(&tsb->lock);
	st->blocks = tsb->max_pages;
	st->bfree = st->bavail = tsb->max_pages - tsb->used_pages;
	spin_unlock(&tsb->lock);
	st->type = TMPFS_MAGIC;
	st->bsize = st->frsize = PAGE_SIZE;
	st->files = nr_total_pages();	/* inodes are limited by memory only */
	st->ffree = nr_free_pages();
	st->namelen = NAME_MAX;
	return 0;
}

static const struct super_ops tmpfs_super_ops = {
	.evict_inode = tmpfs_evict_inode,
	.put_super = tmpfs_put_super,
	.statfs = tmpfs_statfs,
	.keep_linked = true,
};

bool
tmpfs_charge(struct super_block *sb, long pages)
{
	struct tmpfs_sb *tsb = TSB(sb);
	bool ok = true;

	spin_lock(&tsb->lock);
	if (pages > 0 && tsb->used_pages + pages > tsb->max_pages)
		ok = false;
	else
		tsb->used_pages += pages;
	spin_unlock(&tsb->lock);
	return ok;
}

/*
 * A new inode of the given type, owned by the caller's fsuid and fsgid
 * (or the directory's group if it is set-group-ID), not yet linked.
 */
int
tmpfs_new_inode(struct super_block *sb, struct inode *dir, uint32_t mode, dev_t rdev,
    struct inode **out)
{
	const struct cred *c = fs_cred();
	struct tmpfs_sb *tsb = TSB(sb);
	struct inode *inode;
	uint64_t ino;

	spin_lock(&tsb->lock);
	ino = tsb->next_ino++;
	spin_unlock(&tsb->lock);
	inode = inode_new(sb, ino);
	if (inode == NULL)
		return -ENOMEM;
	inode->private = kzalloc(sizeof(struct tmpfs_inode));
	if (inode->private == NULL) {
		inode->nlink = 0;
		iput(inode);
		return -ENOMEM;
	}
	inode->mode = mode;
	inode->uid = c->fsuid;
	inode->gid = c->fsgid;
	if (dir != NULL && (dir->mode & S_ISGID)) {
		inode->gid = dir->gid;
		if (S_ISDIR(mode))
			inode->mode |= S_ISGID;
	}
	if (S_ISDIR(mode)) {
		inode->ops = &tmpfs_dir_iops;
		inode->fops = &tmpfs_dir_fops;
		tmpfs_dir_init(inode, dir != NULL ? dir : inode);
	} else if (S_ISREG(mode)) {
		inode->ops = &tmpfs_file_iops;
		inode->fops = &tmpfs_file_fops;
		if (tmpfs_file_init(inode) != 0) {
			inode->nlink = 0;
			iput(inode);
			return -ENOMEM;
		}
	} else if (S_ISLNK(mode)) {
		inode->ops = &tmpfs_symlink_iops;
	} else {
		inode->ops = &tmpfs_special_iops;
		init_special_inode(inode, mode, rdev);
	}
	*out = inode;
	return 0;
}

/* "size=": bytes with an optional k/m/g suffix, or a percentage of RAM. */
static int
parse_size(const char *val, unsigned long *pages)
{
	const char *end;
	unsigned long n = strtoul(val, &end, 10);
	int shift = 0;

	if (end == val)
		return -EINVAL;
	switch (*end++) {
	case '%':
		*pages = nr_total_pages() * MIN(n, 100UL) / 100;
		return *end == '\0' ? 0 : -EINVAL;
	case 'k': case 'K':
		shift = 10;
		break;
	case 'm': case 'M':
		shift = 20;
		break;
	case 'g': case 'G':
		shift = 30;
		break;
	default:
		end--;
		break;
	}
	*pages = DIV_ROUND_UP(n << shift, PAGE_SIZE);
	return *end == '\0' ? 0 : -EINVAL;
}

/* A numeric option value in the given base. */
static int
parse_number(const char *val, int base, unsigned long *out)
{
	const char *end;

	*out = strtoul(val, &end, base);
	return end != val && *end == '\0' ? 0 : -EINVAL;
}

struct tmpfs_options {
	unsigned long max_pages, mode, uid, gid;
};

static int
parse_option(struct tmpfs_options *o, const char *opt)
{
	const char *eq = strchr(opt, '=');
	size_t klen = eq != NULL ? (size_t)(eq - opt) : strlen(opt);

	if (eq == NULL)
		return -EINVAL;
	if (klen == 4 && strncmp(opt, "size", 4) == 0)
		return parse_size(eq + 1, &o->max_pages);
	if (klen == 4 && strncmp(opt, "mode", 4) == 0)
		return parse_number(eq + 1, 8, &o->mode);
	if (klen == 3 && strncmp(opt, "uid", 3) == 0)
		return parse_number(eq + 1, 10, &o->uid);
	if (klen == 3 && strncmp(opt, "gid", 3) == 0)
		return parse_number(eq + 1, 10, &o->gid);
	return -EINVAL;
}

/* data: comma-separated options (a kernel copy, at most a page). */
static int
parse_options(struct tmpfs_options *o, const char *data)
{
	char opt[64];
	size_t n;
	int error;

	while (data != NULL && *data != '\0') {
		for (n = 0; data[n] != '\0' && data[n] != ','; n++)
			continue;
		if (n >= sizeof(opt))
			return -EINVAL;
		memcpy(opt, data, n);
		opt[n] = '\0';
		if (n > 0 && (error = parse_option(o, opt)) != 0)
			return error;
		data += data[n] == ',' ? n + 1 : n;
	}
	return 0;
}

/* A fresh tmpfs super block with an empty root directory. */
int
tmpfs_fill_super(const struct fs_type *type, const char *data, uint32_t mode,
    struct super_block **out)
{
	struct tmpfs_options o = { nr_total_pages() / 2, mode, 0, 0 };
	struct tmpfs_sb *tsb;
	struct super_block *sb;
	int error;

	error = parse_options(&o, data);
	if (error != 0)
		return error;
	tsb = kzalloc(sizeof(*tsb));
	sb = sb_alloc(&tmpfs_super_ops, type);
	if (tsb == NULL || sb == NULL) {
		kfree(tsb);
		if (sb != NULL)
			sb_free(sb);
		return -ENOMEM;
	}
	spin_init(&tsb->lock, "tmpfs");
	tsb->max_pages = o.max_pages;
	tsb->next_ino = 1;
	sb->private = tsb;
	error = tmpfs_new_inode(sb, NULL, S_IFDIR | (o.mode & S_IALLUGO), 0, &sb->root);
	if (error != 0) {
		sb_free(sb);
		kfree(tsb);
		return error;
	}
	sb->root->uid = (uint32_t)o.uid;
	sb->root->gid = (uint32_t)o.gid;
	*out = sb;
	return 0;
}

static int
tmpfs_mount(const struct fs_type *type, const char *source, unsigned long flags,
    const char *data, struct super_block **out)
{
	return tmpfs_fill_super(type, data, 01777, out);
}

static const struct fs_type tmpfs_type = {
	.name = "tmpfs",
	.mount = tmpfs_mount,
};

void
tmpfs_init(void)
{
	register_fs(&tmpfs_type);
}
