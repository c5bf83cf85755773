/*
 * execve: replace the calling process's image with a static ELF program.
 *
 * Loadable segments become private file mappings (demand paged; the part of
 * a segment past its file size reads as zero), the stack gets argv, envp and
 * the auxiliary vector glibc's startup reads, in Linux's layout:
 *
 *   sp -> argc, argv[0..argc], NULL, envp[..], NULL, auxv pairs, AT_NULL,
 *         then the 16 random bytes, the strings, at the top of the stack.
 *
 * "#!" scripts run their interpreter with the script path as argument.
 * Everything that can fail is done before the point of no return; after it
 * the old address space is gone and only a fatal signal remains.
 */
#include <proc.h>
#include <vm.h>
#include <vfs.h>
#include <fdtable.h>
#include <elf.h>
#include <uaccess.h>
#include <string.h>
#include <slab.h>
#include <errno.h>
#include <riscv.h>
#include <trap.h>
#include <syscall.h>
#include <random.h>
#include <uapi/fcntl.h>

#define ARG_MAX_BYTES	(256 * 1024)	/* argv + envp strings */
#define MAX_ARGS	32768
#define MAX_INTERP_DEPTH 4
#define STACK_INITIAL	(128 * 1024)
/* rv64imafdc as AT_HWCAP letters (bit n = letter 'a' + n), as Linux reports. */
#define HWCAP_RV64IMAFDC ((1UL << ('i' - 'a')) | (1UL << ('m' - 'a')) | (1UL << ('a' - 'a')) | \
	(1UL << ('f' - 'a')) | (1UL << ('d' - 'a')) | (1UL << ('c' - 'a')))

/* The argument strings, copied into the kernel: argc + envc NUL-terminated strings. */
struct exec_args {
	char *buf;		/* ARG_MAX_BYTES */
	size_t used;
	int argc, envc;
	char *path;		/* PATH_MAX */
	const char *execfn;	/* as given to execve, for AT_EXECFN */
};

static int
push_string(struct exec_args *a, const char *s, size_t len)
{
	if (a->used + len + 1 > ARG_MAX_BYTES)
		return -E2BIG;
	memcpy(a->buf + a->used, s, len);
	a->buf[a->used + len] = '\0';
	a->used += len + 1;
	return 0;
}

/* Copy a NULL-terminated vector of user (or kernel) strings. Returns the count. */
static int
copy_strings(struct exec_args *a, uintptr_t vec, bool kernel)
{
	int n = 0;

	for (;; n++) {
		uintptr_t p;
		long len;

		if (vec == 0)
			return 0;
		if (n >= MAX_ARGS)
			return -E2BIG;
		if (kernel)
			p = ((const uintptr_t *)vec)[n];
		else if (copy_from_user(&p, vec + n * sizeof(p), sizeof(p)) != 0)
			return -EFAULT;
		if (p == 0)
			return n;
		if (kernel) {
			len = strlen((const char *)p);
			if (push_string(a, (const char *)p, len) != 0)
				return -E2BIG;
			continue;
		}
		len = strncpy_from_user(a->buf + a->used, p, ARG_MAX_BYTES - a->used);
		if (len == -ENAMETOOLONG)
			return -E2BIG;
		if (len < 0)
			return (int)len;
		a->used += len + 1;
	}
}

/* "#!interp [arg]": rebuild the arguments as interp [arg] script args[1..]. */
static int
script_args(struct exec_args *a, const char *line, size_t n)
{
	char interp[256], arg[256];
	const char *p = line + 2, *end = line + n;
	size_t ilen = 0, alen = 0, first_len = strlen(a->buf);
	char *old;
	size_t old_used = a->used - first_len - 1;
	int r;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	while (p < end && *p != ' ' && *p != '\t' && *p != '\n' && ilen < sizeof(interp) - 1)
		interp[ilen++] = *p++;
	interp[ilen] = '\0';
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	while (p < end && *p != '\n' && alen < sizeof(arg) - 1)
		arg[alen++] = *p++;
	while (alen > 0 && (arg[alen - 1] == ' ' || arg[alen - 1] == '\t'))
		alen--;
	arg[alen] = '\0';
	if (ilen == 0)
		return -ENOEXEC;
	old = kmalloc(old_used, 0);
	if (old == NULL)
		return -ENOMEM;
	memcpy(old, a->buf + first_len + 1, old_used);	/* argv[1..] and envp */
	a->used = 0;
	r = push_string(a, interp, ilen);
	if (r == 0 && alen > 0) {
		r = push_string(a, arg, alen);
		a->argc++;
	}
	if (r == 0)
		r = push_string(a, a->path, strlen(a->path));
	if (r == 0 && a->used + old_used > ARG_MAX_BYTES)
		r = -E2BIG;
	if (r == 0) {
		memcpy(a->buf + a->used, old, old_used);
		a->used += old_used;
		a->argc++;
		strlcpy(a->path, interp, PATH_MAX);
	}
	kfree(old);
	return r;
}

struct image {
	struct mm *mm;
	uintptr_t entry;
	uintptr_t phdr;		/* user address of the program headers */
	int phnum;
	uintptr_t brk;
};

static int
check_ehdr(const struct elf64_ehdr *eh)
{
	if (memcmp(eh->e_ident, ELFMAG, 4) != 0)
		return -ENOEXEC;
	if (eh->e_ident[4] != ELFCLASS64 || eh->e_ident[5] != ELFDATA2LSB ||
	    eh->e_machine != EM_RISCV || eh->e_type != ET_EXEC ||
	    eh->e_phentsize != sizeof(struct elf64_phdr) || eh->e_phnum == 0 || eh->e_phnum > 64)
		return -ENOEXEC;
	return 0;
}

static int
prot_of(uint32_t flags)
{
	return ((flags & PF_R) ? PROT_READ : 0) | ((flags & PF_W) ? PROT_WRITE : 0) |
	    ((flags & PF_X) ? PROT_EXEC : 0);
}

/* Map one PT_LOAD segment: the file part, then anonymous zero pages for the rest of memsz. */
static int
map_segment(struct image *img, struct file *f, const struct elf64_phdr *ph)
{
	uintptr_t start = ALIGN_DOWN(ph->p_vaddr, PAGE_SIZE);
	uintptr_t file_end = ph->p_vaddr + ph->p_filesz;
	uintptr_t mem_end = ph->p_vaddr + ph->p_memsz;
	uintptr_t file_map_end = ALIGN_UP(file_end, PAGE_SIZE);
	off_t off = ph->p_offset - (ph->p_vaddr - start);
	int prot = prot_of(ph->p_flags);
	long r;

	if (ph->p_memsz < ph->p_filesz || mem_end < ph->p_vaddr || mem_end > USER_STACK_TOP ||
	    (ph->p_vaddr & ~PAGE_MASK) != (ph->p_offset & ~PAGE_MASK))
		return -ENOEXEC;
	if (ph->p_filesz > 0) {
		struct vm_area *vma;

		r = vm_map_locked(img->mm, start, file_map_end - start, prot, MAP_FIXED | MAP_PRIVATE,
		    f, off, NULL);
		if (r < 0)
			return (int)r;
		vma = vma_find(img->mm, start);
		vma->file_end = ph->p_offset + ph->p_filesz;
	}
	if (ALIGN_UP(mem_end, PAGE_SIZE) > file_map_end) {
		uintptr_t s = ph->p_filesz > 0 ? file_map_end : start;

		r = vm_map_locked(img->mm, s, ALIGN_UP(mem_end, PAGE_SIZE) - s, prot,
		    MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS, NULL, 0, NULL);
		if (r < 0)
			return (int)r;
	}
	img->brk = MAX(img->brk, ALIGN_UP(mem_end, PAGE_SIZE));
	return 0;
}

static int
load_elf(struct image *img, struct file *f, const struct elf64_ehdr *eh)
{
	struct elf64_phdr ph[64];
	size_t size = eh->e_phnum * sizeof(ph[0]);
	bool phdr_found = false;
	int r;

	if (kernel_read(f, ph, size, eh->e_phoff) != (ssize_t)size)
		return -ENOEXEC;
	img->phnum = eh->e_phnum;
	img->entry = eh->e_entry;
	mutex_lock(&img->mm->lock);
	for (int i = 0; i < eh->e_phnum; i++) {
		if (ph[i].p_type == PT_INTERP) {
			r = -ENOEXEC;	/* dynamically linked: no ld.so here */
			goto out;
		}
		if (ph[i].p_type != PT_LOAD)
			continue;
		if ((r = map_segment(img, f, &ph[i])) != 0)
			goto out;
		if (!phdr_found && eh->e_phoff >= ph[i].p_offset &&
		    eh->e_phoff + size <= ph[i].p_offset + ph[i].p_filesz) {
			img->phdr = ph[i].p_vaddr + (eh->e_phoff - ph[i].p_offset);
			phdr_found = true;
		}
	}
	r = 0;
out:
	mutex_unlock(&img->mm->lock);
	return r;
}

struct stack_builder {
	struct mm *mm;
	uintptr_t sp;
};

static int
push_bytes(struct stack_builder *sb, const void *data, size_t n, uintptr_t *where)
{
	sb->sp -= n;
	*where = sb->sp;
	return vm_copy_to(sb->mm, sb->sp, data, n);
}

/* Lay out argc, argv, envp and auxv on the new stack; returns the initial sp. */
static long
build_stack(struct image *img, struct exec_args *a, const struct cred *cred)
{
	struct stack_builder sb = { img->mm, USER_STACK_TOP };
	int nstr = a->argc + a->envc;
	size_t nwords = 1 + (a->argc + 1) + (a->envc + 1) + 2 * 16;
	uint64_t *words = kmalloc(nwords * sizeof(uint64_t) + nstr * sizeof(uintptr_t), 0);
	uintptr_t *addrs, strings, random_at, execfn_at;
	uint8_t random[16];
	size_t w = 0, off = 0;
	int r;

	if (words == NULL)
		return -ENOMEM;
	addrs = (uintptr_t *)(words + nwords);
	get_random_bytes(random, sizeof(random));
	if ((r = push_bytes(&sb, a->buf, a->used, &strings)) != 0 ||
	    (r = push_bytes(&sb, a->execfn, strlen(a->execfn) + 1, &execfn_at)) != 0 ||
	    (r = push_bytes(&sb, random, sizeof(random), &random_at)) != 0)
		goto out;
	for (int i = 0; i < nstr; i++) {
		addrs[i] = strings + off;
		off += strlen(a->buf + off) + 1;
	}
	/* For /proc/<pid>/cmdline: argv's strings, up to envp's. */
	img->mm->arg_start = strings;
	img->mm->arg_end = a->argc < nstr ? addrs[a->argc] : strings + a->used;
	words[w++] = a->argc;
	for (int i = 0; i < a->argc; i++)
		words[w++] = addrs[i];
	words[w++] = 0;
	for (int i = 0; i < a->envc; i++)
		words[w++] = addrs[a->argc + i];
	words[w++] = 0;
#define AUX(k, v) do { words[w++] = (k); words[w++] = (v); } while (0)
	AUX(AT_PHDR, img->phdr);
	AUX(AT_PHENT, sizeof(struct elf64_phdr));
	AUX(AT_PHNUM, img->phnum);
	AUX(AT_PAGESZ, PAGE_SIZE);
	AUX(AT_BASE, 0);
	AUX(AT_FLAGS, 0);
	AUX(AT_ENTRY, img->entry);
	AUX(AT_UID, cred->uid);
	AUX(AT_EUID, cred->euid);
	AUX(AT_GID, cred->gid);
	AUX(AT_EGID, cred->egid);
	AUX(AT_SECURE, 0);
	AUX(AT_HWCAP, HWCAP_RV64IMAFDC);
	AUX(AT_CLKTCK, 100);
	AUX(AT_RANDOM, random_at);
	AUX(AT_EXECFN, execfn_at);
	AUX(AT_NULL, 0);
#undef AUX
	sb.sp = ALIGN_DOWN(sb.sp - w * sizeof(uint64_t), 16);
	r = vm_copy_to(sb.mm, sb.sp, words, w * sizeof(uint64_t));
out:
	kfree(words);
	return r != 0 ? r : (long)sb.sp;
}

static int
map_stack(struct mm *mm)
{
	long r;

	mutex_lock(&mm->lock);
	r = vm_map_locked(mm, USER_STACK_TOP - STACK_INITIAL, STACK_INITIAL,
	    PROT_READ | PROT_WRITE, MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS | MAP_GROWSDOWN,
	    NULL, 0, NULL);
	mm->stack_top = USER_STACK_TOP;
	if (r >= 0)
		r = signal_map_trampoline(mm);
	mutex_unlock(&mm->lock);
	return r < 0 ? (int)r : 0;
}

/* Open path and prepare a new image; recurses through "#!" interpreters. */
static int
prepare_image(struct exec_args *a, struct image *img, int depth)
{
	char head[256];
	struct file *f;
	ssize_t n;
	int r;

	r = vfs_open(AT_FDCWD, a->path, O_RDONLY, 0, &f);
	if (r != 0)
		return r;
	if (!S_ISREG(f->inode->mode))
		r = -EACCES;	/* directories too: execve(2) says EACCES, not EISDIR */
	else
		r = inode_permission(f->inode, MAY_EXEC);
	n = r == 0 ? kernel_read(f, head, sizeof(head), 0) : 0;
	if (r == 0 && n < 0)
		r = (int)n;
	if (r == 0 && n >= 2 && head[0] == '#' && head[1] == '!') {
		file_put(f);
		if (depth >= MAX_INTERP_DEPTH)
			return -ELOOP;
		r = script_args(a, head, n);
		return r != 0 ? r : prepare_image(a, img, depth + 1);
	}
	if (r == 0 && (size_t)n < sizeof(struct elf64_ehdr))
		r = -ENOEXEC;
	if (r == 0)
		r = check_ehdr((struct elf64_ehdr *)head);
	if (r == 0)
		r = (img->mm = mm_create()) == NULL ? -ENOMEM : 0;
	if (r == 0)
		r = load_elf(img, f, (struct elf64_ehdr *)head);
	file_put(f);
	return r;
}

static void
set_comm(struct process *p, const char *path)
{
	const char *base = path;

	for (const char *s = path; *s != '\0'; s++) {
		if (*s == '/' && s[1] != '\0')
			base = s + 1;
	}
	spin_lock(&p->lock);
	strlcpy(p->comm, base, sizeof(p->comm));
	strlcpy(p->exe_path, path, sizeof(p->exe_path));
	spin_unlock(&p->lock);
	strlcpy(current->name, base, sizeof(current->name));
}

/* The point of no return: the new image replaces the old one. */
static void
commit_image(struct process *p, struct image *img, long sp)
{
	struct trapframe *tf = current->utf;
	struct mm *old = p->mm;

	img->mm->brk_start = img->mm->brk = img->brk;
	spin_lock(&p->lock);	/* procfs reads p->mm under it */
	p->mm = img->mm;
	spin_unlock(&p->lock);
	push_off();
	mm_grab(img->mm);
	mm_switch(mycpu()->active_mm, img->mm);
	mycpu()->active_mm = img->mm;
	pop_off();
	if (old != NULL) {
		mm_put(old);	/* the process's reference */
		mm_drop(old);	/* this hart's active_mm reference */
	}
	files_close_on_exec(p->files);
	sighand_reset_for_exec(p->sighand);
	posix_timers_exit(p);	/* POSIX timers end at exec; interval timers stay */
	current->altstack = (struct user_stack){ .ss_flags = 0 };
	p->exec_done = true;
	memset(tf, 0, sizeof(*tf));
	tf->sepc = img->entry;
	tf->sp = sp;
	tf->sstatus = SSTATUS_SPIE | SSTATUS_FS_INITIAL;
	memset(&current->fpu, 0, sizeof(current->fpu));
	push_off();
	mycpu()->fpu_owner = NULL;
	pop_off();
}

int
do_execve(const char *path, uintptr_t argv, uintptr_t envp, bool kernel_args)
{
	struct process *p = current_proc();
	struct exec_args a = { 0 };
	struct image img = { 0 };
	long sp;
	int r = -ENOMEM;

	a.buf = kmalloc(ARG_MAX_BYTES, 0);
	a.path = kmalloc(PATH_MAX, 0);
	if (a.buf == NULL || a.path == NULL)
		goto out;
	strlcpy(a.path, path, PATH_MAX);
	a.execfn = path;
	if ((r = a.argc = copy_strings(&a, argv, kernel_args)) < 0 ||
	    (r = a.envc = copy_strings(&a, envp, kernel_args)) < 0)
		goto out;
	if (a.argc == 0 && (r = push_string(&a, "", 0)) == 0)
		a.argc = 1;	/* Linux passes an empty argv[0] rather than none */
	if (r < 0 || (r = prepare_image(&a, &img, 0)) != 0 || (r = map_stack(img.mm)) != 0)
		goto out;
	sp = build_stack(&img, &a, current_cred());
	if (sp < 0) {
		r = (int)sp;
		goto out;
	}
	set_comm(p, a.path);
	commit_image(p, &img, sp);
	img.mm = NULL;
	r = 0;
out:
	if (img.mm != NULL)
		mm_put(img.mm);
	kfree(a.buf);
	kfree(a.path);
	return r;
}

SYSCALL_DEFINE3(execve, uintptr_t, upath, uintptr_t, argv, uintptr_t, envp)
{
	char *path = kmalloc(PATH_MAX, 0);
	long r;

	if (path == NULL)
		return -ENOMEM;
	r = strncpy_from_user(path, upath, PATH_MAX);
	if (r >= 0)
		r = path[0] == '\0' ? -ENOENT : do_execve(path, argv, envp, false);
	kfree(path);
	/* On success a0 is the new program's (zeroed) register, not our result. */
	return r == 0 ? (long)current->utf->a0 : r;
}
