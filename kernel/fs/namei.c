/*
 * Path lookup: from a starting directory (the root for "/...", the working
 * directory or a dirfd otherwise), one component at a time through each
 * directory's ->lookup, with search (x) permission checked on every
 * directory passed through.
 *
 * Mounts are crossed after every step (mount_covering), and ".." from the
 * root of a mounted file system first climbs to the mount point
 * (mount_point_of). ".." never climbs above the process's root directory
 * (chroot). Symbolic links are followed by resolving their target from the
 * directory that holds them, at most MAX_SYMLINKS of them in one lookup
 * (ELOOP), as Linux counts.
 *
 * A walk may record where it ended (struct lookup_tail): every component
 * looked up overwrites the record before a symbolic link found there is
 * followed, so the last record is the directory and name of the file the
 * path finally leads to. open() keeps it for /proc/<pid>/fd.
 *
 * Locking: each ->lookup runs under its directory's inode->lock; between
 * steps the walk holds only a reference on the current directory.
 */
#include <vfs.h>
#include <fdtable.h>
#include <slab.h>
#include <string.h>
#include <errno.h>
#include <uapi/fcntl.h>
#include "fs_impl.h"

struct walk {
	struct inode *root;	/* ".." stops here (a reference) */
	int links;		/* symbolic links followed so far */
	struct lookup_tail *tail;	/* where the walk ended, or NULL */
};

static int walk_path(struct walk *w, struct inode *dir, const char *path, size_t len,
    int flags, struct inode **out);

int
dirfd_inode(int dirfd, struct inode **out)
{
	if (dirfd == AT_FDCWD) {
		*out = fs_get_cwd(current_fs());
		return 0;
	}
	return fd_inode(dirfd, out);
}

/* Replace *ip by what is mounted on it, as many layers as there are. */
static void
cross_mounts(struct inode **ip)
{
	struct inode *root;

	while ((root = mount_covering(*ip)) != NULL) {
		iput(*ip);
		*ip = root;
	}
}

/* ".." of *dirp: stays at the walk's root, climbs out of mounted roots. */
static int
step_dotdot(struct walk *w, struct inode **dirp)
{
	struct inode *dir = *dirp, *mp, *parent;
	int error;

	for (;;) {
		if (dir == w->root)
			return 0;
		mp = mount_point_of(dir);
		if (mp == NULL)
			break;
		iput(dir);
		dir = *dirp = mp;
	}
	mutex_lock(&dir->lock);
	error = dir->ops->lookup(dir, "..", 2, &parent);
	mutex_unlock(&dir->lock);
	if (error != 0)
		return error;
	iput(dir);
	*dirp = parent;
	return 0;
}

/* Resolve the symbolic link link found in dir; *out is the final target. */
static int
follow_link(struct walk *w, struct inode *dir, struct inode *link, struct inode **out)
{
	char *target;
	int len, error;

	if (++w->links > MAX_SYMLINKS)
		return -ELOOP;
	target = kmalloc(PATH_MAX, 0);
	if (target == NULL)
		return -ENOMEM;
	len = link->ops->readlink(link, target, PATH_MAX);
	if (len < 0) {
		error = len;
	} else if (len == 0) {
		error = -ENOENT;
	} else {
		error = walk_path(w, igrab(dir), target, (size_t)len, LOOKUP_FOLLOW, out);
	}
	kfree(target);
	return error;
}

static void
note_tail(struct lookup_tail *tail, struct inode *dir, const char *name, size_t len)
{
	if (tail->dir != NULL)
		iput(tail->dir);
	tail->dir = igrab(dir);
	memcpy(tail->name, name, len);
	tail->name[len] = '\0';
}

/*
 * One component name[0..len) in *dirp; on success *dirp is replaced by the
 * result. follow: resolve a symbolic link found there.
 */
static int
step(struct walk *w, struct inode **dirp, const char *name, size_t len, bool follow)
{
	struct inode *dir = *dirp, *child, *target;
	int error;

	if (!S_ISDIR(dir->mode))
		return -ENOTDIR;
	error = inode_permission(dir, MAY_EXEC);
	if (error != 0)
		return error;
	if (len > NAME_MAX)
		return -ENAMETOOLONG;
	if (len == 1 && name[0] == '.')
		return 0;
	if (len == 2 && name[0] == '.' && name[1] == '.')
		return step_dotdot(w, dirp);

	mutex_lock(&dir->lock);
	error = dir->ops->lookup(dir, name, len, &child);
	mutex_unlock(&dir->lock);
	if (error != 0)
		return error;
	if (w->tail != NULL)
		note_tail(w->tail, dir, name, len);
	cross_mounts(&child);
	if (follow && S_ISLNK(child->mode)) {
		error = follow_link(w, dir, child, &target);
		iput(child);
		if (error != 0)
			return error;
		child = target;
	}
	iput(dir);
	*dirp = child;
	return 0;
}

/*
 * Resolve path[0..len) from dir (whose reference the walk takes over).
 * Intermediate symbolic links are always followed; the last one if flags
 * has LOOKUP_FOLLOW or the path ends in a slash.
 */
static int
walk_path(struct walk *w, struct inode *dir, const char *path, size_t len, int flags,
    struct inode **out)
{
	size_t i = 0, n;
	bool follow;
	int error = 0;

	if (len == 0) {
		iput(dir);
		return -ENOENT;
	}
	if (path[0] == '/') {
		iput(dir);
		dir = igrab(w->root);
	}
	while (error == 0) {
		while (i < len && path[i] == '/')
			i++;
		if (i == len)
			break;
		for (n = 0; i + n < len && path[i + n] != '/'; n++)
			continue;
		/* Follow every link but the last, and the last if asked or "link/". */
		follow = i + n < len || (flags & LOOKUP_FOLLOW);
		error = step(w, &dir, path + i, n, follow);
		i += n;
	}
	if (error == 0 && (flags & LOOKUP_DIRECTORY || path[len - 1] == '/') &&
	    !S_ISDIR(dir->mode))
		error = -ENOTDIR;
	if (error != 0) {
		iput(dir);
		return error;
	}
	*out = dir;
	return 0;
}

static int
walk_begin(struct walk *w, int dirfd, const char *path, struct inode **start)
{
	int error;

	if (strnlen(path, PATH_MAX) == PATH_MAX)
		return -ENAMETOOLONG;
	w->links = 0;
	w->tail = NULL;
	w->root = fs_get_root(current_fs());
	if (path[0] == '/') {
		*start = igrab(w->root);
		return 0;
	}
	error = dirfd_inode(dirfd, start);
	if (error != 0)
		iput(w->root);
	return error;
}

int
vfs_lookup(int dirfd, const char *path, int flags, struct inode **out)
{
	return vfs_lookup_tail(dirfd, path, flags, out, NULL);
}

int
vfs_lookup_tail(int dirfd, const char *path, int flags, struct inode **out,
    struct lookup_tail *tail)
{
	struct inode *start;
	struct walk w;
	int error;

	error = walk_begin(&w, dirfd, path, &start);
	if (error != 0)
		return error;
	w.tail = tail;
	error = walk_path(&w, start, path, strlen(path), flags, out);
	iput(w.root);
	return error;
}

int
vfs_lookup_parent(int dirfd, const char *path, struct inode **parent, const char **name,
    size_t *len)
{
	size_t end = strnlen(path, PATH_MAX), begin;
	struct inode *start;
	struct walk w;
	int error;

	if (end == 0)
		return -ENOENT;
	error = walk_begin(&w, dirfd, path, &start);
	if (error != 0)
		return error;
	while (end > 1 && path[end - 1] == '/')
		end--;
	for (begin = end; begin > 0 && path[begin - 1] != '/'; begin--)
		continue;
	if (end - begin > NAME_MAX) {
		error = -ENAMETOOLONG;
		iput(start);
	} else if (begin == 0) {
		/* No directory part: the start directory itself. */
		*parent = start;
		if (!S_ISDIR(start->mode)) {
			iput(start);
			error = -ENOTDIR;
		}
	} else {
		error = walk_path(&w, start, path, begin, LOOKUP_FOLLOW | LOOKUP_DIRECTORY,
		    parent);
	}
	iput(w.root);
	if (error != 0)
		return error;
	if (path[begin] == '/') {	/* the path is "/" (or "//"...) */
		*name = ".";
		*len = 1;
	} else {
		*name = path + begin;
		*len = end - begin;
	}
	return 0;
}
