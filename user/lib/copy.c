/*
 * Tree copy and removal (see copy.h).  A copy is made the way cp(1)
 * makes it: regular files byte for byte into a new or truncated file;
 * directories created then filled; with no_deref, symbolic links, FIFOs
 * and device nodes recreated as what they are.  preserve then sets mode,
 * owner and times, directories last so that filling them does not
 * change their times again.
 */
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"
#include "copy.h"

#define PERMS	(S_ISUID | S_ISGID | S_ISVTX | S_IRWXU | S_IRWXG | S_IRWXO)

/* The mode a copy starts with: without preserve, no set-id bits. */
static mode_t
new_mode(const struct stat *st, const struct copy_opts *o)
{
	mode_t m = st->st_mode & PERMS;

	return o->preserve ? m : m & ~(S_ISUID | S_ISGID);
}

static int
copy_file(const char *src, const char *dst, const struct stat *st,
    const struct copy_opts *o)
{
	int in, out, failed_read = 0, r;

	if ((in = open(src, O_RDONLY | O_CLOEXEC)) < 0) {
		error(0, errno, "cannot open '%s' for reading", src);
		return -1;
	}
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    new_mode(st, o));
	if (out < 0 && o->force && unlink(dst) == 0)
		out = open(dst, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
		    new_mode(st, o));
	if (out < 0) {
		error(0, errno, "cannot create regular file '%s'", dst);
		close(in);
		return -1;
	}
	if ((r = copy_fd(in, out, &failed_read)) != 0)
		error(0, errno, failed_read ? "error reading '%s'" :
		    "error writing '%s'", failed_read ? src : dst);
	close(in);
	if (close(out) != 0 && r == 0) {
		error(0, errno, "error writing '%s'", dst);
		r = -1;
	}
	return r;
}

static int
copy_link(const char *src, const char *dst)
{
	char target[PATH_MAX];
	ssize_t n = readlink(src, target, sizeof(target) - 1);

	if (n < 0) {
		error(0, errno, "cannot read symbolic link '%s'", src);
		return -1;
	}
	target[n] = '\0';
	if (symlink(target, dst) != 0) {
		error(0, errno, "cannot create symbolic link '%s'", dst);
		return -1;
	}
	return 0;
}

static int
copy_special(const char *dst, const struct stat *st)
{
	if (mknod(dst, st->st_mode, st->st_rdev) == 0)
		return 0;
	error(0, errno, S_ISFIFO(st->st_mode) ? "cannot create fifo '%s'" :
	    "cannot create special file '%s'", dst);
	return -1;
}

static mode_t
current_umask(void)
{
	mode_t m = umask(0);

	umask(m);
	return m;
}

static int
copy_dir(const char *src, const char *dst, const struct stat *st,
    const struct copy_opts *o)
{
	struct dirent *de;
	struct stat dst_st;
	char *s, *d;
	DIR *dir;
	int r = 0;

	/* Owner-writable while it fills; the real mode comes after. */
	if (mkdir(dst, (st->st_mode & PERMS) | S_IRWXU) != 0 &&
	    (errno != EEXIST || stat(dst, &dst_st) != 0 ||
	    !S_ISDIR(dst_st.st_mode))) {
		error(0, errno, "cannot create directory '%s'", dst);
		return -1;
	}
	if ((dir = opendir(src)) == NULL) {
		error(0, errno, "cannot access '%s'", src);
		return -1;
	}
	while ((de = readdir(dir)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		s = path_join(src, de->d_name);
		d = path_join(dst, de->d_name);
		if (copy_tree(s, d, o) != 0)
			r = -1;
		free(s);
		free(d);
	}
	closedir(dir);
	/* Now the mode mkdir(2) would have given it, umask included. */
	if (!o->preserve && chmod(dst, st->st_mode & PERMS & ~current_umask()) != 0)
		r = -1;
	return r;
}

static int
preserve(const char *dst, const struct stat *st)
{
	struct timespec times[2] = { st->st_atim, st->st_mtim };
	int r = 0;

	/* Only root may give files away; others keep what they can. */
	if (lchown(dst, st->st_uid, st->st_gid) != 0 && errno != EPERM)
		r = -1;
	if (!S_ISLNK(st->st_mode) && chmod(dst, st->st_mode & PERMS) != 0)
		r = -1;
	if (utimensat(AT_FDCWD, dst, times, AT_SYMLINK_NOFOLLOW) != 0)
		r = -1;
	if (r != 0)
		error(0, errno, "preserving attributes of '%s'", dst);
	return r;
}

int
copy_tree(const char *src, const char *dst, const struct copy_opts *o)
{
	struct stat st;
	int r;

	if ((o->no_deref ? lstat(src, &st) : stat(src, &st)) != 0) {
		error(0, errno, "cannot stat '%s'", src);
		return -1;
	}
	if (S_ISDIR(st.st_mode)) {
		if (!o->recursive) {
			error(0, 0, "-r not specified; omitting directory '%s'",
			    src);
			return -1;
		}
		r = copy_dir(src, dst, &st, o);
	} else if (S_ISLNK(st.st_mode)) {
		r = copy_link(src, dst);
	} else if (S_ISREG(st.st_mode) || !o->recursive) {
		r = copy_file(src, dst, &st, o);
	} else {
		r = copy_special(dst, &st);
	}
	if (r == 0 && o->preserve)
		r = preserve(dst, &st);
	return r;
}

static int
cannot_remove(const char *path, int err, int force)
{
	if (force && err == ENOENT)
		return 0;
	error(0, err, "cannot remove '%s'", path);
	return -1;
}

int
remove_tree(const char *path, int force)
{
	struct dirent *de;
	struct stat st;
	char *child;
	DIR *d;
	int r = 0;

	if (lstat(path, &st) != 0)
		return cannot_remove(path, errno, force);
	if (!S_ISDIR(st.st_mode))
		return unlink(path) == 0 ? 0 : cannot_remove(path, errno, force);
	if ((d = opendir(path)) == NULL)
		return cannot_remove(path, errno, force);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		child = path_join(path, de->d_name);
		if (remove_tree(child, force) != 0)
			r = -1;
		free(child);
	}
	closedir(d);
	if (r != 0)
		return -1;
	return rmdir(path) == 0 ? 0 : cannot_remove(path, errno, force);
}
