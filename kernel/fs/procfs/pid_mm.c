/*
 * /proc/<pid>/cmdline and /proc/<pid>/maps: views of a process's address
 * space, read under its mm->lock through a reference taken under
 * proc->lock. cmdline reads the argv strings exec left on the stack page by
 * page through the page table (no user copy: it is another address space).
 */
#include <proc.h>
#include <vm.h>
#include <mm.h>
#include <slab.h>
#include <memlayout.h>
#include <string.h>
#include <errno.h>
#include "procfs_impl.h"

#define CMDLINE_MAX	4096	/* as much as Linux's ps reads */

int
proc_render_cmdline(struct seqbuf *sb, struct inode *inode)
{
	struct process *p = proc_get(ino_pid(inode->ino));
	struct mm *mm;
	uintptr_t at, end;

	if (p == NULL)
		return -ESRCH;
	mm = proc_get_mm(p);
	proc_put(p);
	if (mm == NULL)
		return 0;	/* a zombie or kernel thread: empty, as Linux */
	mutex_lock(&mm->lock);
	at = mm->arg_start;
	end = MIN(mm->arg_end, at + CMDLINE_MAX);
	mutex_unlock(&mm->lock);
	/*
	 * vm_translate takes mm->lock itself. A page unmapped meanwhile may
	 * show stale bytes, never fault: the direct map covers all of RAM.
	 */
	while (at < end) {
		size_t n = MIN(end - at, PAGE_SIZE - (at & (PAGE_SIZE - 1)));
		paddr_t pa = vm_translate(mm, at);

		if (pa == 0)
			break;
		seqbuf_putmem(sb, (const char *)pa_to_kva(pa), n);
		at += n;
	}
	mm_put(mm);
	return 0;
}

/* The name column of maps: the file's path, [heap], [stack] or nothing. */
static void
print_area_name(struct seqbuf *sb, struct mm *mm, struct vm_area *vma)
{
	char *path;
	int len;

	if (vma->file != NULL) {
		path = kmalloc(PATH_MAX, 0);
		len = path != NULL ? vfs_file_path(vma->file, path, PATH_MAX) : -ENOMEM;
		seqbuf_printf(sb, "%s\n", len > 0 ? path : "");
		kfree(path);
	} else if (vma->flags & VMA_GROWSDOWN) {
		seqbuf_printf(sb, "[stack]\n");
	} else if (vma->start >= mm->brk_start && vma->end <= ALIGN_UP(mm->brk, PAGE_SIZE) &&
	    mm->brk > mm->brk_start) {
		seqbuf_printf(sb, "[heap]\n");
	} else {
		seqbuf_printf(sb, "\n");
	}
}

int
proc_render_maps(struct seqbuf *sb, struct inode *inode)
{
	struct process *p = proc_get(ino_pid(inode->ino));
	struct vm_area *vma;
	struct mm *mm;

	if (p == NULL)
		return -ESRCH;
	mm = proc_get_mm(p);
	proc_put(p);
	if (mm == NULL)
		return 0;
	mutex_lock(&mm->lock);
	list_for_each_entry(vma, &mm->areas, link) {
		seqbuf_printf(sb, "%08lx-%08lx %c%c%c%c %08lx %02x:%02x %lu %*s",
		    (unsigned long)vma->start, (unsigned long)vma->end,
		    (vma->prot & PROT_READ) ? 'r' : '-', (vma->prot & PROT_WRITE) ? 'w' : '-',
		    (vma->prot & PROT_EXEC) ? 'x' : '-', (vma->flags & VMA_SHARED) ? 's' : 'p',
		    vma->file != NULL ? (unsigned long)vma->pgoff : 0UL,
		    vma->file != NULL ? MAJOR(vma->file->inode->sb->dev) : 0,
		    vma->file != NULL ? MINOR(vma->file->inode->sb->dev) : 0,
		    vma->file != NULL ? (unsigned long)vma->file->inode->ino : 0UL,
		    vma->file != NULL ? 6 : 1, "");
		print_area_name(sb, mm, vma);
	}
	mutex_unlock(&mm->lock);
	mm_put(mm);
	return 0;
}
