/* brk, mmap, munmap, mprotect and madvise. */
#include <vm.h>
#include <proc.h>
#include <vfs.h>
#include <fdtable.h>
#include <shm_object.h>
#include <syscall.h>
#include <errno.h>
#include <memlayout.h>
#include <uapi/fcntl.h>

SYSCALL_DEFINE1(brk, uintptr_t, addr)
{
	struct mm *mm = current_proc()->mm;
	uintptr_t old, new_end;
	long r;

	mutex_lock(&mm->lock);
	old = mm->brk;
	/* Linux: an invalid request leaves the break alone and returns the current one. */
	if (addr < mm->brk_start || addr >= USER_MMAP_BASE - (64UL << 20))
		goto out;
	new_end = ALIGN_UP(addr, PAGE_SIZE);
	if (new_end > ALIGN_UP(old, PAGE_SIZE)) {
		r = vm_map_locked(mm, ALIGN_UP(old, PAGE_SIZE), new_end - ALIGN_UP(old, PAGE_SIZE),
		    PROT_READ | PROT_WRITE, MAP_FIXED_NOREPLACE | MAP_PRIVATE | MAP_ANONYMOUS,
		    NULL, 0, NULL);
		if (r < 0)
			goto out;
	} else if (new_end < ALIGN_UP(old, PAGE_SIZE)) {
		vm_unmap_locked(mm, new_end, ALIGN_UP(old, PAGE_SIZE) - new_end);
	}
	mm->brk = addr;
out:
	addr = mm->brk;
	mutex_unlock(&mm->lock);
	return (long)addr;
}

static int
check_file_mapping(struct file *f, int prot, int flags)
{
	int acc = f->flags & O_ACCMODE;

	if (!f->ops->mmap && !S_ISREG(f->inode->mode))
		return -ENODEV;
	if (acc == O_WRONLY)
		return -EACCES;
	if ((flags & MAP_TYPE) == MAP_SHARED && (prot & PROT_WRITE) && acc != O_RDWR)
		return -EACCES;
	return 0;
}

SYSCALL_DEFINE6(mmap, uintptr_t, addr, size_t, len, int, prot, int, flags, int, fd, off_t, off)
{
	struct mm *mm = current_proc()->mm;
	struct file *f = NULL;
	struct shm_object *shm = NULL;
	int type = flags & MAP_TYPE;
	long r;

	if (len == 0 || (off & ~PAGE_MASK) || (addr & ~PAGE_MASK && (flags & MAP_FIXED)))
		return -EINVAL;
	if (type != MAP_SHARED && type != MAP_PRIVATE && type != MAP_SHARED_VALIDATE)
		return -EINVAL;
	if (ALIGN_UP(len, PAGE_SIZE) < len || ALIGN_UP(len, PAGE_SIZE) > USER_TOP)
		return -ENOMEM;
	if (!(flags & MAP_ANONYMOUS)) {
		if ((f = fd_get(fd)) == NULL)
			return -EBADF;
		if ((r = check_file_mapping(f, prot, flags)) != 0)
			goto out;
		/* Shared file mappings need the file's page cache (tmpfs); others read privately. */
		if (type != MAP_PRIVATE && f->inode->pages != NULL)
			shm = f->inode->pages;
		else if (type != MAP_PRIVATE && (prot & PROT_WRITE)) {
			r = -ENODEV;
			goto out;
		}
	} else if (type != MAP_PRIVATE) {
		if ((shm = shm_object_create(ALIGN_UP(len, PAGE_SIZE))) == NULL)
			return -ENOMEM;
		off = 0;
	}
	mutex_lock(&mm->lock);
	if (flags & MAP_FIXED_NOREPLACE) {
		flags |= MAP_FIXED;
		if (vma_find(mm, addr) != NULL) {
			mutex_unlock(&mm->lock);
			r = -EEXIST;
			goto out;
		}
	}
	r = vm_map_locked(mm, addr, len, prot, flags, shm != NULL ? NULL : f, off, shm);
	mutex_unlock(&mm->lock);
out:
	if (shm != NULL && (flags & MAP_ANONYMOUS))
		shm_object_put(shm);	/* the area holds its own reference */
	if (f != NULL)
		file_put(f);
	return r;
}

static int
check_range(uintptr_t addr, size_t len)
{
	if ((addr & ~PAGE_MASK) || addr >= USER_TOP)
		return -EINVAL;
	if (ALIGN_UP(len, PAGE_SIZE) > USER_TOP - addr)
		return -EINVAL;
	return 0;
}

SYSCALL_DEFINE2(munmap, uintptr_t, addr, size_t, len)
{
	struct mm *mm = current_proc()->mm;
	int r = check_range(addr, len);

	if (r != 0 || len == 0)
		return r != 0 ? r : -EINVAL;
	mutex_lock(&mm->lock);
	r = vm_unmap_locked(mm, addr, ALIGN_UP(len, PAGE_SIZE));
	mutex_unlock(&mm->lock);
	return r;
}

SYSCALL_DEFINE3(mprotect, uintptr_t, addr, size_t, len, int, prot)
{
	struct mm *mm = current_proc()->mm;
	int r = check_range(addr, len);

	if (r != 0)
		return r;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC))
		return -EINVAL;
	if (len == 0)
		return 0;
	mutex_lock(&mm->lock);
	r = vm_protect_locked(mm, addr, ALIGN_UP(len, PAGE_SIZE), prot);
	mutex_unlock(&mm->lock);
	return r;
}

SYSCALL_DEFINE3(madvise, uintptr_t, addr, size_t, len, int, advice)
{
	struct mm *mm = current_proc()->mm;
	int r = check_range(addr, len);

	if (r != 0)
		return r;
	switch (advice) {
	case MADV_NORMAL:
	case MADV_RANDOM:
	case MADV_SEQUENTIAL:
	case MADV_WILLNEED:
		return 0;	/* hints about paging I/O we do not do */
	case MADV_DONTNEED:
		mutex_lock(&mm->lock);
		r = vm_discard_locked(mm, addr, ALIGN_UP(len, PAGE_SIZE));
		mutex_unlock(&mm->lock);
		return r;
	default:
		return -EINVAL;
	}
}
