/*
 * getcwd: there is no dentry cache to remember names, so the path is
 * rebuilt from the working directory upward: at each level, climb out of a
 * mounted root to its mount point, look up "..", and find the entry of the
 * parent whose inode number is the child's. The path grows from the end of
 * a PATH_MAX buffer toward its start.
 */
#include <vfs.h>
#include <fdtable.h>
#include <slab.h>
#include <string.h>
#include <printk.h>
#include <errno.h>
#include <uapi/fcntl.h>

struct name_search {
	struct dir_context ctx;
	uint64_t ino;		/* looking for this entry */
	char *buf;		/* prepend the name before end */
	size_t end;
	bool found, toolong;
};

static bool
match_ino(struct dir_context *ctx, const char *name, size_t len, uint64_t ino, unsigned type)
{
	struct name_search *s = container_of(ctx, struct name_search, ctx);

	if (ino != s->ino || (len == 1 && name[0] == '.') ||
	    (len == 2 && name[0] == '.' && name[1] == '.'))
		return true;
	s->found = true;
	if (len + 1 > s->end) {
		s->toolong = true;
		return false;
	}
	s->end -= len;
	memcpy(s->buf + s->end, name, len);
	s->buf[--s->end] = '/';
	return false;
}

/* Prepend "/name of child in parent"; 0, -ENOENT or -ENAMETOOLONG. */
static int
prepend_name(struct inode *parent, struct inode *child, char *buf, size_t *end)
{
	struct name_search s = { .ctx.emit = match_ino, .ino = child->ino, .buf = buf,
	    .end = *end };
	struct file *dir;
	int error = 0;

	dir = file_alloc(igrab(parent), O_RDONLY | O_DIRECTORY);
	if (dir == NULL) {
		iput(parent);
		return -ENOMEM;
	}
	while (!s.found) {
		off_t before = s.ctx.pos;

		mutex_lock(&parent->lock);
		error = dir->ops->readdir(dir, &s.ctx);
		mutex_unlock(&parent->lock);
		if (error != 0 || s.ctx.pos == before)
			break;
	}
	file_put(dir);
	if (s.toolong)
		return -ENAMETOOLONG;
	if (!s.found)
		return error != 0 ? error : -ENOENT;
	*end = s.end;
	return 0;
}

/* Climb one level from *ip toward root, prepending its name. */
static int
climb(struct inode *root, struct inode **ip, char *buf, size_t *end)
{
	struct inode *cur = *ip, *mp, *parent;
	int error;

	while (cur != root && (mp = mount_point_of(cur)) != NULL) {
		iput(cur);
		cur = *ip = mp;
	}
	if (cur == root)
		return 0;
	mutex_lock(&cur->lock);
	error = cur->ops->lookup(cur, "..", 2, &parent);
	mutex_unlock(&cur->lock);
	if (error != 0)
		return error;
	if (parent == cur) {	/* a root above ours: outside the chroot */
		iput(parent);
		return -ENOENT;
	}
	error = prepend_name(parent, cur, buf, end);
	iput(cur);
	*ip = parent;
	return error;
}

int
vfs_getcwd(char *buf, size_t size)
{
	struct fs_struct *fs = current_fs();

	return vfs_path(fs_get_root(fs), fs_get_cwd(fs), buf, size);
}

int
vfs_path(struct inode *root, struct inode *cur, char *buf, size_t size)
{
	size_t end = PATH_MAX - 1, len;
	char *path;
	int error = 0;

	path = kmalloc(PATH_MAX, 0);
	if (path == NULL) {
		error = -ENOMEM;
		goto out;
	}
	path[end] = '\0';
	if (cur->nlink == 0)
		error = -ENOENT;	/* removed while we stood in it */
	while (error == 0 && cur != root)
		error = climb(root, &cur, path, &end);
	if (error == 0 && end == PATH_MAX - 1)
		path[--end] = '/';
	len = PATH_MAX - end;
	if (error == 0 && len > size)
		error = -ERANGE;
	if (error == 0) {
		memcpy(buf, path + end, len);
		error = (int)len;
	}
	kfree(path);
out:
	iput(cur);
	iput(root);
	return error;
}

/*
 * The path of an open file, for /proc/<pid>/fd. Directories are climbed as
 * getcwd does. Other files are named from the directory open() found them
 * in: by the entry that holds their inode now (a rename within it is
 * seen), else by the name they were opened under, with " (deleted)" once
 * their last link is gone, as Linux shows them. (Unlike Linux, a file
 * moved to another directory, or renamed and then unlinked, still shows
 * the name it was opened under.)
 */
int
vfs_file_path(struct file *f, char *buf, size_t size)
{
	struct fs_struct *fs = current_fs();
	size_t end = PATH_MAX - 1, dirlen, tail;
	char *name;
	int len;

	if (S_ISDIR(f->inode->mode))
		return vfs_path(fs_get_root(fs), igrab(f->inode), buf, size);
	if (f->dir == NULL)
		return -ENOENT;
	name = kmalloc(PATH_MAX, 0);
	if (name == NULL)
		return -ENOMEM;
	name[end] = '\0';
	if (prepend_name(f->dir, f->inode, name, &end) != 0) {
		bool gone = f->inode->nlink == 0;

		end = PATH_MAX - 1;
		len = snprintf(name, PATH_MAX, "/%s%s", f->name, gone ? " (deleted)" : "");
		memmove(name + end - len, name, len);
		end -= len;
	}
	len = vfs_path(fs_get_root(fs), igrab(f->dir), buf, size);
	if (len > 0) {
		dirlen = len == 2 ? 0 : (size_t)len - 1;	/* "/" adds nothing */
		tail = PATH_MAX - end;				/* "/name" and its NUL */
		if (dirlen + tail > size) {
			len = -ERANGE;
		} else {
			memcpy(buf + dirlen, name + end, tail);
			len = (int)(dirlen + tail);
		}
	}
	kfree(name);
	return len;
}
