/*
 * The proc_create() tree: the files subsystems publish under /proc
 * (meminfo, sys/kernel/sem, sysvipc/shm...) and the directories holding
 * them. Entries are made at start-up or later, and never removed, so a
 * pointer to one stays valid for good.
 *
 * Locking: entry_lock protects every entry's children list and the list of
 * all entries; the fields of an entry are immutable once it is linked.
 * Directory readers copy what they need under the lock and emit after it.
 */
#include <slab.h>
#include <string.h>
#include <errno.h>
#include <spinlock.h>
#include <cred.h>
#include <uapi/dirent.h>
#include "procfs_impl.h"

#define WRITE_MAX	4096	/* a sysctl value is short */

struct proc_entry {
	uint64_t id;			/* its inode number */
	uint32_t mode;
	proc_show_fn show;
	proc_write_fn write;
	struct proc_entry *parent;
	struct list_head children;	/* under entry_lock */
	struct list_head sibling;	/* in parent->children, under entry_lock */
	struct list_head all;		/* in all_entries, under entry_lock */
	size_t len;
	char name[];
};

static spinlock_t entry_lock = SPINLOCK_INIT("proc_entry");
static LIST_HEAD(all_entries);			/* under entry_lock */
static uint64_t next_id = PROC_ROOT_INO;	/* under entry_lock */
static struct proc_entry *root_entry;		/* set once by proc_entries_init */

static struct proc_entry *
entry_alloc(const char *name, size_t len, uint32_t mode)
{
	struct proc_entry *e = kzalloc(sizeof(*e) + len + 1);

	if (e == NULL)
		return NULL;
	e->mode = mode;
	list_init(&e->children);
	e->len = len;
	memcpy(e->name, name, len);
	return e;
}

/* Link e below parent and number it (entry_lock held). */
static void
entry_link(struct proc_entry *parent, struct proc_entry *e)
{
	e->id = next_id++;
	e->parent = parent != NULL ? parent : e;
	if (parent != NULL)
		list_add_tail(&e->sibling, &parent->children);
	list_add_tail(&e->all, &all_entries);
}

void
proc_entries_init(void)
{
	root_entry = entry_alloc("", 0, S_IFDIR | 0555);
	if (root_entry == NULL)
		return;
	spin_lock(&entry_lock);
	entry_link(NULL, root_entry);
	spin_unlock(&entry_lock);
}

/* The child of dir called name (entry_lock held), or NULL. */
static struct proc_entry *
find_child(struct proc_entry *dir, const char *name, size_t len)
{
	struct proc_entry *e;

	list_for_each_entry(e, &dir->children, sibling) {
		if (e->len == len && memcmp(e->name, name, len) == 0)
			return e;
	}
	return NULL;
}

/*
 * The directory entry for the path component name under dir, made if it
 * is missing; for the last component (file != NULL) the file is linked
 * instead and an existing name is EEXIST. entry_lock held.
 */
static int
walk_or_make(struct proc_entry **dir, const char *name, size_t len, struct proc_entry **file)
{
	struct proc_entry *e = find_child(*dir, name, len);

	if (file != NULL) {
		if (e != NULL)
			return -EEXIST;
		entry_link(*dir, *file);
		return 0;
	}
	if (e == NULL) {
		e = entry_alloc(name, len, S_IFDIR | 0555);
		if (e == NULL)
			return -ENOMEM;
		entry_link(*dir, e);
	} else if (!S_ISDIR(e->mode)) {
		return -ENOTDIR;
	}
	*dir = e;
	return 0;
}

/*
 * Intermediate directories are allocated under the lock with kzalloc,
 * which only takes the slab lock (level 5, beside entry_lock) and never
 * sleeps: proc_create runs at start-up or in subsystem init code.
 */
int
proc_create(const char *path, unsigned mode, proc_show_fn show, proc_write_fn write)
{
	struct proc_entry *dir, *file;
	const char *p = path, *slash;
	int error = 0;

	if (path == NULL || show == NULL || (mode & ~0777U) != 0 || root_entry == NULL)
		return -EINVAL;
	slash = strrchr(path, '/');
	file = entry_alloc(slash != NULL ? slash + 1 : path,
	    strlen(slash != NULL ? slash + 1 : path), S_IFREG | mode);
	if (file == NULL)
		return -ENOMEM;
	if (file->len == 0 || file->len > NAME_MAX) {
		kfree(file);
		return -EINVAL;
	}
	file->show = show;
	file->write = write;
	spin_lock(&entry_lock);
	dir = root_entry;
	while (error == 0 && (slash = strchr(p, '/')) != NULL) {
		if (slash > p)
			error = walk_or_make(&dir, p, (size_t)(slash - p), NULL);
		p = slash + 1;
	}
	if (error == 0)
		error = walk_or_make(&dir, p, strlen(p), &file);
	spin_unlock(&entry_lock);
	if (error != 0)
		kfree(file);
	return error;
}

static struct proc_entry *
entry_by_id(uint64_t id)
{
	struct proc_entry *e, *found = NULL;

	spin_lock(&entry_lock);
	list_for_each_entry(e, &all_entries, all) {
		if (e->id == id) {
			found = e;
			break;
		}
	}
	spin_unlock(&entry_lock);
	return found;
}

int
proc_entry_fill(struct inode *inode)
{
	struct proc_entry *e = entry_by_id(inode->ino);

	if (e == NULL)
		return -ENOENT;
	inode->private = e;
	inode->mode = e->mode;
	if (e == root_entry) {
		inode->nlink = 2;
		inode->ops = &proc_root_iops;
		inode->fops = &proc_root_fops;
	} else if (S_ISDIR(e->mode)) {
		inode->nlink = 2;
		inode->ops = &proc_entry_dir_iops;
		inode->fops = &proc_entry_dir_fops;
	} else {
		inode->nlink = 1;
		inode->fops = &proc_seq_fops;
	}
	return 0;
}

int
proc_entry_show(struct seqbuf *sb, struct inode *inode)
{
	struct proc_entry *e = inode->private;

	return e->show(sb);
}

ssize_t
proc_entry_write(struct inode *inode, struct uio *uio)
{
	struct proc_entry *e = inode->private;
	size_t len = uio->resid;
	char *buf;
	int error;

	if (e->write == NULL)
		return -EIO;
	if (len > WRITE_MAX)
		return -EINVAL;
	buf = kmalloc(len + 1, 0);
	if (buf == NULL)
		return -ENOMEM;
	error = uiomove(buf, len, uio);
	if (error == 0) {
		buf[len] = '\0';
		error = e->write(buf, len);
	}
	kfree(buf);
	return error != 0 ? error : (ssize_t)len;
}

/* Entries of a tree directory other than the root's own (which root.c serves). */
static int
entry_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	struct proc_entry *d = dir->private, *e;
	uint64_t id = 0;

	spin_lock(&entry_lock);
	if (len == 2 && name[0] == '.' && name[1] == '.')
		id = d->parent->id;
	else if ((e = find_child(d, name, len)) != NULL)
		id = e->id;
	spin_unlock(&entry_lock);
	if (id == 0)
		return -ENOENT;
	return iget(dir->sb, id, out);
}

/*
 * Emit the children of d from position pos (2 is the first child). The
 * name is copied under entry_lock, then emitted without it.
 */
static int
proc_entry_readdir_from(struct proc_entry *d, struct dir_context *ctx, off_t first)
{
	char name[NAME_MAX + 1];
	struct proc_entry *e;
	uint64_t id;
	uint32_t mode;
	size_t len;
	off_t i;

	for (;;) {
		i = first;
		id = 0;
		spin_lock(&entry_lock);
		list_for_each_entry(e, &d->children, sibling) {
			if (i++ == ctx->pos) {
				id = e->id;
				mode = e->mode;
				len = e->len;
				memcpy(name, e->name, len);
				break;
			}
		}
		spin_unlock(&entry_lock);
		if (id == 0)
			return 0;
		if (!ctx->emit(ctx, name, len, id, IFTODT(mode)))
			return 0;
		ctx->pos++;
	}
}

static int
entry_readdir(struct file *file, struct dir_context *ctx)
{
	struct proc_entry *d = file->inode->private;

	if (ctx->pos == 0) {
		if (!ctx->emit(ctx, ".", 1, d->id, DT_DIR))
			return 0;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		if (!ctx->emit(ctx, "..", 2, d->parent->id, DT_DIR))
			return 0;
		ctx->pos = 2;
	}
	return proc_entry_readdir_from(d, ctx, 2);
}

int
proc_root_entries_readdir(struct dir_context *ctx, off_t first)
{
	return proc_entry_readdir_from(root_entry, ctx, first);
}

uint64_t
proc_root_find(const char *name, size_t len)
{
	struct proc_entry *e;
	uint64_t id = 0;

	spin_lock(&entry_lock);
	if ((e = find_child(root_entry, name, len)) != NULL)
		id = e->id;
	spin_unlock(&entry_lock);
	return id;
}

const struct inode_ops proc_entry_dir_iops = {
	.lookup = entry_lookup,
};

const struct file_ops proc_entry_dir_fops = {
	.readdir = entry_readdir,
};
