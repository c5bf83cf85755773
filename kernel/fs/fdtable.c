/*
 * Descriptor tables and file-system contexts (see fdtable.h).
 *
 * A table starts with NR_OPEN_MIN slots and doubles up to the process's
 * RLIMIT_NOFILE. Growing allocates the new arrays without the lock, then
 * swaps them in under it if the table has not grown meanwhile.
 *
 * Kernel threads have no process; they share kernel_files and kernel_fs,
 * whose root and cwd are the root file system once it is mounted.
 */
#include <fdtable.h>
#include <vfs.h>
#include <slab.h>
#include <mm.h>
#include <string.h>
#include <errno.h>
#include <proc.h>
#include "fs_impl.h"

#define NR_OPEN_MAX	1048576	/* no table grows beyond Linux's fs.nr_open */
#define BITS_PER_LONG	64
#define BITMAP_BYTES(n)	(DIV_ROUND_UP((size_t)(n), BITS_PER_LONG) * sizeof(unsigned long))

static const struct cred kernel_cred;	/* all ids 0: root */
static struct files kernel_files = {
	.refcount = ATOMIC_INIT(1),
	.lock = SPINLOCK_INIT("files"),
};
static struct fs_struct kernel_fs = {
	.refcount = ATOMIC_INIT(1),
	.lock = SPINLOCK_INIT("fs"),
	.umask = 022,
};

struct files *
current_files(void)
{
	struct process *p = current_proc();

	return p != NULL ? p->files : &kernel_files;
}

struct fs_struct *
current_fs(void)
{
	struct process *p = current_proc();

	return p != NULL ? p->fs : &kernel_fs;
}

const struct cred *
fs_cred(void)
{
	struct process *p = current_proc();

	return p != NULL ? &p->cred : &kernel_cred;
}

bool
fs_capable(void)
{
	return fs_cred()->euid == 0;
}

int
fd_limit(void)
{
	struct process *p = current_proc();

	if (p == NULL)
		return NR_OPEN_DEFAULT;
	return (int)MIN(p->rlim[RLIMIT_NOFILE].cur, (uint64_t)NR_OPEN_MAX);
}

/* Called once the root file system is mounted: kernel threads live there. */
void
kernel_fs_set_root(struct inode *root)
{
	fs_set_root(&kernel_fs, igrab(root));
	fs_set_cwd(&kernel_fs, root);
}

static bool
bit_test(const unsigned long *map, int i)
{
	return (map[i / BITS_PER_LONG] >> (i % BITS_PER_LONG)) & 1;
}

static void
bit_assign(unsigned long *map, int i, bool on)
{
	unsigned long bit = 1UL << (i % BITS_PER_LONG);

	if (on)
		map[i / BITS_PER_LONG] |= bit;
	else
		map[i / BITS_PER_LONG] &= ~bit;
}

/* Arrays for n slots, zeroed; false on ENOMEM. */
static bool
table_arrays(int n, struct file ***fds, unsigned long **cloexec)
{
	*fds = kmalloc(n * sizeof(struct file *), ALLOC_ZERO);
	*cloexec = kmalloc(BITMAP_BYTES(n), ALLOC_ZERO);
	if (*fds != NULL && *cloexec != NULL)
		return true;
	kfree(*fds);
	kfree(*cloexec);
	return false;
}

static struct files *
files_new(int max_fds)
{
	struct files *f = kzalloc(sizeof(*f));

	if (f == NULL)
		return NULL;
	if (!table_arrays(max_fds, &f->fds, &f->cloexec)) {
		kfree(f);
		return NULL;
	}
	atomic_set(&f->refcount, 1);
	spin_init(&f->lock, "files");
	f->max_fds = max_fds;
	return f;
}

struct files *
files_alloc(void)
{
	return files_new(NR_OPEN_MIN);
}

struct files *
files_dup(struct files *old)
{
	struct files *f;
	int n;

	/* Size the copy outside the lock; retry if the table grew meanwhile. */
	for (;;) {
		n = READ_ONCE(old->max_fds);
		f = files_new(n);
		if (f == NULL)
			return NULL;
		spin_lock(&old->lock);
		if (old->max_fds == n)
			break;
		spin_unlock(&old->lock);
		files_put(f);
	}
	for (int i = 0; i < n; i++) {
		if (old->fds[i] != NULL)
			f->fds[i] = file_get(old->fds[i]);
	}
	memcpy(f->cloexec, old->cloexec, BITMAP_BYTES(n));
	spin_unlock(&old->lock);
	return f;
}

void
files_put(struct files *f)
{
	if (!atomic_dec_and_test(&f->refcount))
		return;
	for (int i = 0; i < f->max_fds; i++) {
		if (f->fds[i] != NULL)
			file_put(f->fds[i]);
	}
	kfree(f->fds);
	kfree(f->cloexec);
	kfree(f);
}

/* Remove and return fd's file (lock held), or NULL. */
static struct file *
take_fd(struct files *t, int fd)
{
	struct file *f;

	if (fd < 0 || fd >= t->max_fds)
		return NULL;
	f = t->fds[fd];
	t->fds[fd] = NULL;
	bit_assign(t->cloexec, fd, false);
	return f;
}

void
files_close_on_exec(struct files *t)
{
	struct file *f;

	spin_lock(&t->lock);
	for (int fd = 0; fd < t->max_fds; fd++) {
		if (!bit_test(t->cloexec, fd))
			continue;
		f = take_fd(t, fd);
		/* file_put may sleep (release): drop the lock around it. */
		spin_unlock(&t->lock);
		if (f != NULL)
			file_put(f);
		spin_lock(&t->lock);
	}
	spin_unlock(&t->lock);
}

/* Grow t to hold at least want slots (want <= limit); lock not held. */
static int
files_grow(struct files *t, int want)
{
	struct file **fds, **old_fds;
	unsigned long *cloexec, *old_cloexec;
	int n = MAX(READ_ONCE(t->max_fds), NR_OPEN_MIN);

	while (n < want)
		n *= 2;
	n = MAX(MIN(n, fd_limit()), want);
	if (!table_arrays(n, &fds, &cloexec))
		return -ENOMEM;
	spin_lock(&t->lock);
	if (t->max_fds >= n) {		/* someone else grew it */
		spin_unlock(&t->lock);
		kfree(fds);
		kfree(cloexec);
		return 0;
	}
	memcpy(fds, t->fds, t->max_fds * sizeof(*fds));
	memcpy(cloexec, t->cloexec, BITMAP_BYTES(t->max_fds));
	old_fds = t->fds;
	old_cloexec = t->cloexec;
	t->fds = fds;
	t->cloexec = cloexec;
	t->max_fds = n;
	spin_unlock(&t->lock);
	kfree(old_fds);
	kfree(old_cloexec);
	return 0;
}

int
fd_install(struct file *f, int min_fd, bool cloexec)
{
	struct files *t = current_files();
	int limit = fd_limit(), fd, error;

	for (;;) {
		spin_lock(&t->lock);
		for (fd = min_fd; fd < t->max_fds && fd < limit; fd++) {
			if (t->fds[fd] == NULL) {
				t->fds[fd] = f;
				bit_assign(t->cloexec, fd, cloexec);
				spin_unlock(&t->lock);
				return fd;
			}
		}
		spin_unlock(&t->lock);
		if (fd >= limit)
			break;
		error = files_grow(t, fd + 1);
		if (error != 0)
			return error;
	}
	return -EMFILE;
}

int
fd_install_at(int fd, struct file *f, bool cloexec)
{
	struct files *t = current_files();
	struct file *old;
	int error;

	if (fd < 0 || fd >= fd_limit())
		return -EBADF;
	while (fd >= READ_ONCE(t->max_fds)) {
		error = files_grow(t, fd + 1);
		if (error != 0)
			return error;
	}
	spin_lock(&t->lock);
	old = t->fds[fd];
	t->fds[fd] = f;
	bit_assign(t->cloexec, fd, cloexec);
	spin_unlock(&t->lock);
	if (old != NULL)
		file_put(old);
	return fd;
}

struct file *
fd_get(int fd)
{
	struct files *t = current_files();
	struct file *f = NULL;

	spin_lock(&t->lock);
	if (fd >= 0 && fd < t->max_fds && t->fds[fd] != NULL)
		f = file_get(t->fds[fd]);
	spin_unlock(&t->lock);
	return f;
}

int
fd_close(int fd)
{
	struct files *t = current_files();
	struct file *f;

	spin_lock(&t->lock);
	f = take_fd(t, fd);
	spin_unlock(&t->lock);
	if (f == NULL)
		return -EBADF;
	file_put(f);
	return 0;
}

int
fd_get_cloexec(int fd)
{
	struct files *t = current_files();
	int ret = -EBADF;

	spin_lock(&t->lock);
	if (fd >= 0 && fd < t->max_fds && t->fds[fd] != NULL)
		ret = bit_test(t->cloexec, fd);
	spin_unlock(&t->lock);
	return ret;
}

int
fd_set_cloexec(int fd, bool cloexec)
{
	struct files *t = current_files();
	int ret = -EBADF;

	spin_lock(&t->lock);
	if (fd >= 0 && fd < t->max_fds && t->fds[fd] != NULL) {
		bit_assign(t->cloexec, fd, cloexec);
		ret = 0;
	}
	spin_unlock(&t->lock);
	return ret;
}

struct fs_struct *
fs_alloc(struct inode *root)
{
	struct fs_struct *fs = kzalloc(sizeof(*fs));

	if (fs == NULL)
		return NULL;
	atomic_set(&fs->refcount, 1);
	spin_init(&fs->lock, "fs");
	fs->root = root;
	fs->cwd = igrab(root);
	fs->umask = 022;
	return fs;
}

struct fs_struct *
fs_dup(struct fs_struct *old)
{
	struct fs_struct *fs = kzalloc(sizeof(*fs));

	if (fs == NULL)
		return NULL;
	atomic_set(&fs->refcount, 1);
	spin_init(&fs->lock, "fs");
	spin_lock(&old->lock);
	fs->root = igrab(old->root);
	fs->cwd = igrab(old->cwd);
	fs->umask = old->umask;
	spin_unlock(&old->lock);
	return fs;
}

void
fs_put(struct fs_struct *fs)
{
	if (!atomic_dec_and_test(&fs->refcount))
		return;
	iput(fs->root);
	iput(fs->cwd);
	kfree(fs);
}

struct inode *
fs_get_root(struct fs_struct *fs)
{
	struct inode *root;

	spin_lock(&fs->lock);
	root = fs->root != NULL ? igrab(fs->root) : NULL;
	spin_unlock(&fs->lock);
	return root;
}

struct inode *
fs_get_cwd(struct fs_struct *fs)
{
	struct inode *cwd;

	spin_lock(&fs->lock);
	cwd = fs->cwd != NULL ? igrab(fs->cwd) : NULL;
	spin_unlock(&fs->lock);
	return cwd;
}

void
fs_set_root(struct fs_struct *fs, struct inode *dir)
{
	struct inode *old;

	spin_lock(&fs->lock);
	old = fs->root;
	fs->root = dir;
	spin_unlock(&fs->lock);
	iput(old);
}

void
fs_set_cwd(struct fs_struct *fs, struct inode *dir)
{
	struct inode *old;

	spin_lock(&fs->lock);
	old = fs->cwd;
	fs->cwd = dir;
	spin_unlock(&fs->lock);
	iput(old);
}

uint32_t
fs_umask(struct fs_struct *fs, uint32_t mask)
{
	uint32_t old;

	spin_lock(&fs->lock);
	old = fs->umask;
	fs->umask = mask & 0777;
	spin_unlock(&fs->lock);
	return old;
}
