/*
 * File-system types and the mount table.
 *
 * A mount grafts the root inode of a super block onto a directory (the
 * mount point) of another. Path lookup asks mount_covering() after each
 * step and mount_point_of() before each ".." from a root, so crossing in
 * either direction is a lookup in this table. Every mount has its own super
 * block; the root mount has no mount point.
 *
 * Locking: mount_lock (a spinlock) protects the type registry and the mount
 * list; mount_mutex serializes mount, umount and sync, so a list change
 * holds both and sync may walk the list (and sleep) under the mutex alone.
 * Order: mount_mutex, then mount_lock, then a super block's icache_lock. A mount holds a reference on its mount point and on its root; the
 * references returned by the lookups here are taken under mount_lock, so a
 * concurrent umount either sees them (EBUSY) or has already unlinked the
 * mount and nobody can reach its super block any more.
 */
#include <vfs.h>
#include <slab.h>
#include <string.h>
#include <errno.h>
#include <panic.h>
#include <cred.h>
#include <fdtable.h>
#include <uapi/fcntl.h>
#include <uapi/mount.h>
#include "fs_impl.h"

#define MAX_FS_TYPES	16

struct mount {
	struct list_head link;		/* in mounts, under mount_lock */
	struct super_block *sb;
	struct inode *root;		/* sb->root, a reference of the mount */
	struct inode *mountpoint;	/* a reference; NULL for the root mount */
	char source[64];		/* as given to mount, for /proc/mounts */
};

static struct mutex mount_mutex;
static spinlock_t mount_lock = SPINLOCK_INIT("mount");
static const struct fs_type *fs_types[MAX_FS_TYPES];	/* under mount_lock */
static LIST_HEAD(mounts);				/* under mount_lock */
static struct mount *root_mount;			/* set once at boot */

void
mount_init(void)
{
	mutex_init(&mount_mutex, "mount");
}

int
register_fs(const struct fs_type *type)
{
	int error = -ENOMEM;

	spin_lock(&mount_lock);
	for (int i = 0; i < MAX_FS_TYPES; i++) {
		if (fs_types[i] == NULL) {
			fs_types[i] = type;
			error = 0;
			break;
		}
	}
	spin_unlock(&mount_lock);
	return error;
}

static const struct fs_type *
find_fs_type(const char *name)
{
	const struct fs_type *found = NULL;

	spin_lock(&mount_lock);
	for (int i = 0; i < MAX_FS_TYPES && found == NULL; i++) {
		if (fs_types[i] != NULL && strcmp(fs_types[i]->name, name) == 0)
			found = fs_types[i];
	}
	spin_unlock(&mount_lock);
	return found;
}

struct inode *
mount_covering(struct inode *dir)
{
	struct inode *root = NULL;
	struct mount *m;

	spin_lock(&mount_lock);
	list_for_each_entry(m, &mounts, link) {
		if (m->mountpoint == dir) {
			root = igrab(m->root);
			break;
		}
	}
	spin_unlock(&mount_lock);
	return root;
}

struct inode *
mount_point_of(struct inode *root)
{
	struct inode *mp = NULL;
	struct mount *m;

	spin_lock(&mount_lock);
	list_for_each_entry(m, &mounts, link) {
		if (m->root == root && m->mountpoint != NULL) {
			mp = igrab(m->mountpoint);
			break;
		}
	}
	spin_unlock(&mount_lock);
	return mp;
}

struct inode *
vfs_root(void)
{
	struct mount *m = READ_ONCE(root_mount);

	return m != NULL ? igrab(m->root) : NULL;
}

int
vfs_new_sb(const char *typename, const char *source, unsigned long flags,
    const char *data, struct super_block **out)
{
	const struct fs_type *type = find_fs_type(typename);
	struct super_block *sb;
	int error;

	if (type == NULL)
		return -ENODEV;
	error = type->mount(type, source, flags, data, &sb);
	if (error != 0)
		return error;
	sb->read_only = (flags & MS_RDONLY) != 0 || sb->read_only;
	sb->mnt_flags = flags & (MS_NOSUID | MS_NODEV | MS_NOEXEC);
	*out = sb;
	return 0;
}

void
sb_kill(struct super_block *sb)
{
	iput(sb->root);
	icache_evict_all(sb);
	if (sb->ops->put_super != NULL)
		sb->ops->put_super(sb);
	sb_free(sb);
}

static struct mount *
mount_alloc(struct super_block *sb, struct inode *mountpoint, const char *source)
{
	struct mount *m = kzalloc(sizeof(*m));

	if (m == NULL)
		return NULL;
	strlcpy(m->source, source != NULL ? source : "none", sizeof(m->source));
	list_init(&m->link);
	m->sb = sb;
	m->root = igrab(sb->root);
	m->mountpoint = mountpoint;
	return m;
}

int
vfs_mount_root(const char *type, const char *source)
{
	struct super_block *sb;
	struct mount *m;
	int error;

	error = vfs_new_sb(type, source, 0, NULL, &sb);
	if (error != 0)
		return error;
	m = mount_alloc(sb, NULL, source);
	if (m == NULL) {
		sb_kill(sb);
		return -ENOMEM;
	}
	spin_lock(&mount_lock);
	list_add_tail(&m->link, &mounts);
	spin_unlock(&mount_lock);
	WRITE_ONCE(root_mount, m);
	kernel_fs_set_root(sb->root);
	return 0;
}

/* The mount whose root target is (mount_lock held), or NULL. */
static struct mount *
mount_rooted_at(struct inode *target)
{
	struct mount *m;

	list_for_each_entry(m, &mounts, link) {
		if (m->root == target)
			return m;
	}
	return NULL;
}

/* MS_REMOUNT: change the per-mount flags of the file system mounted at target. */
static int
remount(struct inode *target, unsigned long flags)
{
	struct super_block *sb = target->sb;
	int error = -EINVAL;

	spin_lock(&mount_lock);
	if (mount_rooted_at(target) != NULL) {
		sb->read_only = (flags & MS_RDONLY) != 0;
		sb->mnt_flags = flags & (MS_NOSUID | MS_NODEV | MS_NOEXEC);
		error = 0;
	}
	spin_unlock(&mount_lock);
	return error;
}

int
vfs_mount(const char *source, const char *target, const char *type,
    unsigned long flags, const char *data)
{
	struct inode *mp;
	struct super_block *sb;
	struct mount *m;
	int error;

	if (!fs_capable())
		return -EPERM;
	if (flags & (MS_BIND | MS_MOVE))
		return -EINVAL;		/* not supported: one super block per mount */
	error = vfs_lookup(AT_FDCWD, target, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &mp);
	if (error != 0)
		return error;
	if (flags & MS_REMOUNT) {
		error = remount(mp, flags);
		goto out;
	}
	if (type == NULL) {
		error = -EINVAL;
		goto out;
	}
	mutex_lock(&mount_mutex);
	error = vfs_new_sb(type, source, flags, data, &sb);
	if (error == 0 && (m = mount_alloc(sb, mp, source)) == NULL) {
		sb_kill(sb);
		error = -ENOMEM;
	}
	if (error == 0) {
		spin_lock(&mount_lock);
		list_add_tail(&m->link, &mounts);
		spin_unlock(&mount_lock);
	}
	mutex_unlock(&mount_mutex);
	if (error == 0)
		return 0;	/* the mount keeps mp's reference */
out:
	iput(mp);
	return error;
}

/* Whether some other mount sits on an inode of sb (mount_lock held). */
static bool
has_submounts(struct super_block *sb)
{
	struct mount *m;

	list_for_each_entry(m, &mounts, link) {
		if (m->mountpoint != NULL && m->mountpoint->sb == sb)
			return true;
	}
	return false;
}

int
vfs_umount(const char *target, int flags)
{
	struct inode *root;
	struct mount *m;
	int error, lookup = LOOKUP_DIRECTORY;

	if (!fs_capable())
		return -EPERM;
	if (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW))
		return -EINVAL;
	if (!(flags & UMOUNT_NOFOLLOW))
		lookup |= LOOKUP_FOLLOW;
	error = vfs_lookup(AT_FDCWD, target, lookup, &root);
	if (error != 0)
		return error;

	mutex_lock(&mount_mutex);
	spin_lock(&mount_lock);
	m = mount_rooted_at(root);
	if (m == NULL)
		error = -EINVAL;
	else if (m == root_mount || has_submounts(m->sb))
		error = -EBUSY;
	/* References: the mount's, sb->root's, and the one lookup gave us. */
	else if (icache_busy(m->sb, 3))
		error = -EBUSY;
	else
		list_del(&m->link);
	spin_unlock(&mount_lock);
	iput(root);
	if (error == 0) {
		iput(m->mountpoint);
		iput(m->root);
		sb_kill(m->sb);
		kfree(m);
	}
	mutex_unlock(&mount_mutex);
	return error;
}

void
vfs_sync_all(void)
{
	struct mount *m;

	mutex_lock(&mount_mutex);
	list_for_each_entry(m, &mounts, link) {
		if (m->sb->ops->sync != NULL)
			m->sb->ops->sync(m->sb);
	}
	mutex_unlock(&mount_mutex);
}

/* /proc/mounts: fn for each mount in order, under mount_mutex (it may sleep). */
void
vfs_mounts_walk(void (*fn)(void *arg, const char *source, struct inode *mountpoint,
    struct super_block *sb), void *arg)
{
	struct mount *m;

	mutex_lock(&mount_mutex);
	list_for_each_entry(m, &mounts, link)
		fn(arg, m->source, m->mountpoint, m->sb);
	mutex_unlock(&mount_mutex);
}

/* /proc/filesystems: fn for each registered type, under mount_lock (it must not sleep). */
void
vfs_fs_types_walk(void (*fn)(void *arg, const struct fs_type *type), void *arg)
{
	spin_lock(&mount_lock);
	for (int i = 0; i < MAX_FS_TYPES; i++) {
		if (fs_types[i] != NULL)
			fn(arg, fs_types[i]);
	}
	spin_unlock(&mount_lock);
}
