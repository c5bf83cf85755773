/*
 * The text files of /proc/<pid> and /proc/<pid>/task/<tid>: stat, status,
 * comm and cmdline, in Linux's formats (proc(5)), which ps parses.
 *
 * A snapshot is collected first (struct task_info) under the locks in
 * their order: proc_tree_lock (state, parent, pgid, sid), sighand->lock
 * (dispositions, pending, masks), proc->lock (threads, credentials, times);
 * the address space is measured afterwards under its own mm->lock, the
 * umask under fs->lock and the controlling tty under the tty's lock. Then
 * the text is printed with no lock held.
 */
#include <proc.h>
#include <vm.h>
#include <mm.h>
#include <timer.h>
#include <tty.h>
#include <fdtable.h>
#include <string.h>
#include <errno.h>
#include "procfs_impl.h"

#define USER_HZ		100
#define NS_PER_TICK	(1000000000UL / USER_HZ)

struct task_info {
	int pid, tid, ppid, pgid, sid, nr_threads, cpu;
	uint32_t tty_nr;	/* controlling tty's dev_t, or 0 */
	int tpgid;		/* its foreground process group, or -1 */
	uint32_t umask;
	char state;
	char comm[16];
	struct cred cred;
	uint64_t utime, stime, cutime, cstime, start;	/* ns */
	unsigned long pending, blocked, ignored, caught;
	unsigned long vsize, rss;			/* bytes, pages */
	uintptr_t start_brk, brk, arg_start, arg_end, stack_top;
};

static char
thread_state_letter(const struct thread *t)
{
	switch (READ_ONCE(t->state)) {
	case TASK_RUNNING:
		return 'R';
	case TASK_INTERRUPTIBLE:
		return 'S';
	case TASK_UNINTERRUPTIBLE:
		return 'D';
	case TASK_STOPPED:
		return 'T';
	default:
		return 'X';
	}
}

/* Thread tid of p, or its first thread for tid 0 (p->lock held). */
static struct thread *
pick_thread(struct process *p, int tid)
{
	struct thread *t;

	list_for_each_entry(t, &p->threads, proc_link) {
		if (tid == 0 || t->tid == tid)
			return t;
	}
	return NULL;
}

static void
collect_signals(struct process *p, int tid, struct task_info *ti)
{
	struct sighand *sh;
	struct thread *t;

	spin_lock(&proc_tree_lock);	/* sighand goes at exit, under no lock we share */
	sh = p->state == PROC_ALIVE ? p->sighand : NULL;
	if (sh == NULL) {
		spin_unlock(&proc_tree_lock);
		return;
	}
	spin_lock(&sh->lock);
	for (int sig = 1; sig <= NSIG; sig++) {
		if (sh->action[sig - 1].handler == SIG_IGN)
			ti->ignored |= 1UL << (sig - 1);
		else if (sh->action[sig - 1].handler != SIG_DFL)
			ti->caught |= 1UL << (sig - 1);
	}
	ti->pending = p->sig.pending.bits;
	spin_lock(&p->lock);
	if ((t = pick_thread(p, tid)) != NULL) {
		ti->pending |= t->sig.pending.bits;
		ti->blocked = t->blocked.bits;
	}
	spin_unlock(&p->lock);
	spin_unlock(&sh->lock);
	spin_unlock(&proc_tree_lock);
}

/* The process part: -ENOENT if the thread is gone. */
static int
collect_task(struct process *p, int tid, struct task_info *ti)
{
	struct thread *t;
	int error = 0;

	spin_lock(&proc_tree_lock);
	ti->ppid = p->ppid;	/* 0 for init, as Linux shows */
	ti->pgid = p->pgid;
	ti->sid = p->sid;
	ti->state = p->state == PROC_ZOMBIE ? 'Z' : 0;
	spin_lock(&p->lock);
	ti->cred = p->cred;
	ti->nr_threads = p->nr_threads;
	ti->utime = READ_ONCE(p->timers.utime_ns);	/* every thread's, live or gone */
	ti->stime = READ_ONCE(p->timers.stime_ns);
	t = pick_thread(p, tid);
	if (t != NULL) {
		if (tid != 0) {
			ti->utime = t->utime_ns;
			ti->stime = t->stime_ns;
		}
		if (ti->state == 0)
			ti->state = p->stopped ? 'T' : thread_state_letter(t);
		ti->cpu = t->cpu != NULL ? t->cpu->id : 0;
		memcpy(ti->comm, tid != 0 ? t->name : p->comm, sizeof(ti->comm));
	} else if (tid != 0) {
		error = -ENOENT;
	} else {
		ti->state = ti->state != 0 ? ti->state : 'Z';	/* its last thread is leaving */
		memcpy(ti->comm, p->comm, sizeof(ti->comm));
	}
	spin_unlock(&p->lock);
	spin_unlock(&proc_tree_lock);
	ti->comm[sizeof(ti->comm) - 1] = '\0';
	ti->cutime = p->cutime_ns;
	ti->cstime = p->cstime_ns;
	ti->start = p->start_time;
	ti->pid = p->pid;
	ti->tid = tid != 0 ? tid : p->pid;
	return error;
}

static void
collect_mm(struct process *p, struct task_info *ti)
{
	struct mm *mm = proc_get_mm(p);
	struct vm_area *vma;

	if (mm == NULL)
		return;
	mutex_lock(&mm->lock);
	list_for_each_entry(vma, &mm->areas, link)
		ti->vsize += vma->end - vma->start;
	ti->rss = mm->rss_pages;
	ti->start_brk = mm->brk_start;
	ti->brk = mm->brk;
	ti->arg_start = mm->arg_start;
	ti->arg_end = mm->arg_end;
	ti->stack_top = mm->stack_top;
	mutex_unlock(&mm->lock);
	mm_put(mm);
}

static void
collect_fs_tty(struct process *p, struct task_info *ti)
{
	struct fs_struct *fs = proc_get_fs(p);

	if (fs != NULL) {
		spin_lock(&fs->lock);
		ti->umask = fs->umask;
		spin_unlock(&fs->lock);
		fs_put(fs);
	}
	ti->tty_nr = tty_of_session(ti->sid, &ti->tpgid);
}

/* Everything about the process of inode (and its thread for task/ files). */
static int
collect(struct inode *inode, bool thread, struct task_info *ti)
{
	struct process *p = proc_get(ino_pid(inode->ino));
	int tid = thread ? (int)ino_sub(inode->ino) : 0;
	int error;

	if (p == NULL)
		return -ESRCH;
	memset(ti, 0, sizeof(*ti));
	error = collect_task(p, tid, ti);
	if (error == 0) {
		collect_signals(p, tid, ti);
		collect_mm(p, ti);
		collect_fs_tty(p, ti);
	}
	proc_put(p);
	return error;
}

static unsigned long
ticks(uint64_t ns)
{
	return (unsigned long)(ns / NS_PER_TICK);
}

/* proc(5)'s 52 fields; what Kite does not have (faults, wchan...) is 0, as Linux shows it. */
static void
print_stat(struct seqbuf *sb, const struct task_info *ti)
{
	seqbuf_printf(sb, "%d (%s) %c %d %d %d %u %d 4194304 0 0 0 0 %lu %lu %lu %lu 20 0 %d 0 %lu ",
	    ti->tid, ti->comm, ti->state, ti->ppid, ti->pgid, ti->sid, ti->tty_nr, ti->tpgid,
	    ticks(ti->utime), ticks(ti->stime), ticks(ti->cutime), ticks(ti->cstime),
	    ti->nr_threads, ticks(ti->start));
	seqbuf_printf(sb, "%lu %lu 18446744073709551615 0 0 %lu 0 0 %lu %lu %lu %lu 0 0 0 17 %d 0 0 0 0 0 ",
	    ti->vsize, ti->rss, (unsigned long)ti->stack_top,
	    ti->pending, ti->blocked, ti->ignored, ti->caught, ti->cpu);
	seqbuf_printf(sb, "0 0 %lu %lu %lu 0 0 0\n",
	    (unsigned long)ti->start_brk, (unsigned long)ti->arg_start, (unsigned long)ti->arg_end);
}

static int
render_stat(struct seqbuf *sb, struct inode *inode, bool thread)
{
	struct task_info ti;
	int error = collect(inode, thread, &ti);

	if (error == 0)
		print_stat(sb, &ti);
	return error;
}

static const char *
state_name(char state)
{
	switch (state) {
	case 'R': return "R (running)";
	case 'S': return "S (sleeping)";
	case 'D': return "D (disk sleep)";
	case 'T': return "T (stopped)";
	case 'Z': return "Z (zombie)";
	default: return "X (dead)";
	}
}

static void
print_status(struct seqbuf *sb, const struct task_info *ti)
{
	const struct cred *c = &ti->cred;

	seqbuf_printf(sb, "Name:\t%s\nUmask:\t%04o\nState:\t%s\nTgid:\t%d\nNgid:\t0\n"
	    "Pid:\t%d\nPPid:\t%d\nTracerPid:\t0\n", ti->comm, ti->umask, state_name(ti->state),
	    ti->pid, ti->tid, ti->ppid);
	seqbuf_printf(sb, "Uid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\n",
	    c->uid, c->euid, c->suid, c->fsuid, c->gid, c->egid, c->sgid, c->fsgid);
	seqbuf_printf(sb, "NSpgid:\t%d\nNSsid:\t%d\n", ti->pgid, ti->sid);
	if (ti->vsize != 0)
		seqbuf_printf(sb, "VmSize:\t%8lu kB\nVmRSS:\t%8lu kB\n",
		    ti->vsize / 1024, ti->rss * (PAGE_SIZE / 1024));
	seqbuf_printf(sb, "Threads:\t%d\nSigPnd:\t%016lx\nShdPnd:\t%016lx\n"
	    "SigBlk:\t%016lx\nSigIgn:\t%016lx\nSigCgt:\t%016lx\n",
	    ti->nr_threads, ti->pending, ti->pending, ti->blocked, ti->ignored, ti->caught);
}

static int
render_status(struct seqbuf *sb, struct inode *inode, bool thread)
{
	struct task_info ti;
	int error = collect(inode, thread, &ti);

	if (error == 0)
		print_status(sb, &ti);
	return error;
}

static int
render_comm(struct seqbuf *sb, struct inode *inode, bool thread)
{
	struct task_info ti;
	int error = collect(inode, thread, &ti);

	if (error == 0)
		seqbuf_printf(sb, "%s\n", ti.comm);
	return error;
}

static int stat_pid(struct seqbuf *sb, struct inode *i) { return render_stat(sb, i, false); }
static int stat_tid(struct seqbuf *sb, struct inode *i) { return render_stat(sb, i, true); }
static int status_pid(struct seqbuf *sb, struct inode *i) { return render_status(sb, i, false); }
static int status_tid(struct seqbuf *sb, struct inode *i) { return render_status(sb, i, true); }
static int comm_pid(struct seqbuf *sb, struct inode *i) { return render_comm(sb, i, false); }
static int comm_tid(struct seqbuf *sb, struct inode *i) { return render_comm(sb, i, true); }

render_fn
proc_pid_renderer(enum proc_kind kind)
{
	switch (kind) {
	case PK_STAT:
		return stat_pid;
	case PK_TID_STAT:
		return stat_tid;
	case PK_STATUS:
		return status_pid;
	case PK_TID_STATUS:
		return status_tid;
	case PK_COMM:
		return comm_pid;
	case PK_TID_COMM:
		return comm_tid;
	case PK_CMDLINE:
		return proc_render_cmdline;
	case PK_MAPS:
		return proc_render_maps;
	default:
		return proc_render_mounts;
	}
}
