/*
 * Identity system calls: process and thread ids, credentials (with
 * Linux's rules for who may change which id), process groups and sessions.
 */
#include <proc.h>
#include <syscall.h>
#include <uaccess.h>
#include <errno.h>

/* Kernel threads act as root. */
static const struct cred kernel_cred;

const struct cred *
current_cred(void)
{
	struct process *p = current_proc();

	return p != NULL ? &p->cred : &kernel_cred;
}

bool
in_group(const struct cred *c, uint32_t gid)
{
	if (c->fsgid == gid || c->egid == gid)
		return true;
	for (int i = 0; i < c->ngroups; i++) {
		if (c->groups[i] == gid)
			return true;
	}
	return false;
}

bool
capable_root(void)
{
	return current_cred()->euid == 0;
}

SYSCALL_DEFINE0(getpid)
{
	return current_proc()->pid;
}

SYSCALL_DEFINE0(gettid)
{
	return current->tid;
}

SYSCALL_DEFINE0(getppid)
{
	return READ_ONCE(current_proc()->ppid);
}

SYSCALL_DEFINE1(set_tid_address, uintptr_t, tidptr)
{
	current->clear_child_tid = tidptr;
	return current->tid;
}

SYSCALL_DEFINE2(set_robust_list, uintptr_t, head, size_t, len)
{
	if (len != 3 * sizeof(long))
		return -EINVAL;
	current->robust_list = head;
	return 0;
}

SYSCALL_DEFINE0(getuid) { return current_cred()->uid; }
SYSCALL_DEFINE0(geteuid) { return current_cred()->euid; }
SYSCALL_DEFINE0(getgid) { return current_cred()->gid; }
SYSCALL_DEFINE0(getegid) { return current_cred()->egid; }

#define NO_CHANGE ((uint32_t)-1)

/* May an unprivileged caller set an id to v? Only to one of its current three. */
static bool
allowed(uint32_t v, uint32_t real, uint32_t eff, uint32_t saved)
{
	return v == NO_CHANGE || v == real || v == eff || v == saved;
}

static long
set_res(uint32_t *r, uint32_t *e, uint32_t *s, uint32_t *fs, uint32_t nr, uint32_t ne,
    uint32_t ns, bool privileged)
{
	if (!privileged && !(allowed(nr, *r, *e, *s) && allowed(ne, *r, *e, *s) &&
	    allowed(ns, *r, *e, *s)))
		return -EPERM;
	if (nr != NO_CHANGE)
		*r = nr;
	if (ne != NO_CHANGE)
		*e = ne;
	if (ns != NO_CHANGE)
		*s = ns;
	*fs = *e;
	return 0;
}

SYSCALL_DEFINE3(setresuid, uint32_t, ruid, uint32_t, euid, uint32_t, suid)
{
	struct process *p = current_proc();
	struct cred *c = &p->cred;
	long r;

	spin_lock(&p->lock);
	r = set_res(&c->uid, &c->euid, &c->suid, &c->fsuid, ruid, euid, suid, c->euid == 0);
	spin_unlock(&p->lock);
	return r;
}

SYSCALL_DEFINE3(setresgid, uint32_t, rgid, uint32_t, egid, uint32_t, sgid)
{
	struct process *p = current_proc();
	struct cred *c = &p->cred;
	long r;

	spin_lock(&p->lock);
	r = set_res(&c->gid, &c->egid, &c->sgid, &c->fsgid, rgid, egid, sgid, c->euid == 0);
	spin_unlock(&p->lock);
	return r;
}

/* setuid: root sets all three; others only the effective id, to the real or saved one. */
SYSCALL_DEFINE1(setuid, uint32_t, uid)
{
	struct process *p = current_proc();
	struct cred *c = &p->cred;
	long r = 0;

	if (uid == NO_CHANGE)
		return -EINVAL;
	spin_lock(&p->lock);
	if (c->euid == 0)
		c->uid = c->euid = c->suid = c->fsuid = uid;
	else if (uid == c->uid || uid == c->suid)
		c->euid = c->fsuid = uid;
	else
		r = -EPERM;
	spin_unlock(&p->lock);
	return r;
}

SYSCALL_DEFINE1(setgid, uint32_t, gid)
{
	struct process *p = current_proc();
	struct cred *c = &p->cred;
	long r = 0;

	if (gid == NO_CHANGE)
		return -EINVAL;
	spin_lock(&p->lock);
	if (c->euid == 0)
		c->gid = c->egid = c->sgid = c->fsgid = gid;
	else if (gid == c->gid || gid == c->sgid)
		c->egid = c->fsgid = gid;
	else
		r = -EPERM;
	spin_unlock(&p->lock);
	return r;
}

/* setreuid: the saved id follows the new effective one when the real id is set or e != old r. */
SYSCALL_DEFINE2(setreuid, uint32_t, ruid, uint32_t, euid)
{
	struct process *p = current_proc();
	struct cred *c = &p->cred;
	bool root = c->euid == 0;
	uint32_t old_r = c->uid;
	long r = 0;

	spin_lock(&p->lock);
	if (!root && ((ruid != NO_CHANGE && ruid != c->uid && ruid != c->euid) ||
	    (euid != NO_CHANGE && euid != c->uid && euid != c->euid && euid != c->suid))) {
		r = -EPERM;
	} else {
		if (ruid != NO_CHANGE)
			c->uid = ruid;
		if (euid != NO_CHANGE)
			c->euid = euid;
		if (ruid != NO_CHANGE || (euid != NO_CHANGE && euid != old_r))
			c->suid = c->euid;
		c->fsuid = c->euid;
	}
	spin_unlock(&p->lock);
	return r;
}

SYSCALL_DEFINE2(setregid, uint32_t, rgid, uint32_t, egid)
{
	struct process *p = current_proc();
	struct cred *c = &p->cred;
	bool root = c->euid == 0;
	uint32_t old_r = c->gid;
	long r = 0;

	spin_lock(&p->lock);
	if (!root && ((rgid != NO_CHANGE && rgid != c->gid && rgid != c->egid) ||
	    (egid != NO_CHANGE && egid != c->gid && egid != c->egid && egid != c->sgid))) {
		r = -EPERM;
	} else {
		if (rgid != NO_CHANGE)
			c->gid = rgid;
		if (egid != NO_CHANGE)
			c->egid = egid;
		if (rgid != NO_CHANGE || (egid != NO_CHANGE && egid != old_r))
			c->sgid = c->egid;
		c->fsgid = c->egid;
	}
	spin_unlock(&p->lock);
	return r;
}

static long
put_three(uintptr_t a, uintptr_t b, uintptr_t c, uint32_t x, uint32_t y, uint32_t z)
{
	if (copy_to_user(a, &x, 4) || copy_to_user(b, &y, 4) || copy_to_user(c, &z, 4))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE3(getresuid, uintptr_t, r, uintptr_t, e, uintptr_t, s)
{
	const struct cred *c = current_cred();

	return put_three(r, e, s, c->uid, c->euid, c->suid);
}

SYSCALL_DEFINE3(getresgid, uintptr_t, r, uintptr_t, e, uintptr_t, s)
{
	const struct cred *c = current_cred();

	return put_three(r, e, s, c->gid, c->egid, c->sgid);
}

SYSCALL_DEFINE2(getgroups, int, size, uintptr_t, list)
{
	struct process *p = current_proc();
	uint32_t groups[NGROUPS_MAX];
	int n;

	if (size < 0)
		return -EINVAL;
	spin_lock(&p->lock);
	n = p->cred.ngroups;
	for (int i = 0; i < n; i++)
		groups[i] = p->cred.groups[i];
	spin_unlock(&p->lock);
	if (size == 0)
		return n;
	if (size < n)
		return -EINVAL;
	return copy_to_user(list, groups, n * sizeof(uint32_t)) ? -EFAULT : n;
}

SYSCALL_DEFINE2(setgroups, int, size, uintptr_t, list)
{
	struct process *p = current_proc();
	uint32_t groups[NGROUPS_MAX];

	if (!capable_root())
		return -EPERM;
	if (size < 0 || size > NGROUPS_MAX)
		return -EINVAL;
	if (copy_from_user(groups, list, size * sizeof(uint32_t)) != 0)
		return -EFAULT;
	spin_lock(&p->lock);
	p->cred.ngroups = size;
	for (int i = 0; i < size; i++)
		p->cred.groups[i] = groups[i];
	spin_unlock(&p->lock);
	return 0;
}

SYSCALL_DEFINE2(setpgid, int, pid, int, pgid)
{
	struct process *self = current_proc(), *p;
	long r = 0;

	if (pgid < 0)
		return -EINVAL;
	spin_lock(&proc_tree_lock);
	p = pid == 0 ? self : proc_lookup(pid);
	if (p == NULL || (p != self && p->parent != self))
		r = -ESRCH;
	else if (pgid == 0)
		pgid = p->pid;
	if (r == 0 && p != self && p->exec_done)
		r = -EACCES;
	else if (r == 0 && (p->sid != self->sid || p->pid == p->sid))
		r = -EPERM;
	else if (r == 0 && pgid != p->pid && !pgrp_in_session(pgid, self->sid))
		r = -EPERM;
	if (r == 0)
		p->pgid = pgid;
	spin_unlock(&proc_tree_lock);
	return r;
}

static long
get_field(int pid, bool sid)
{
	struct process *p;
	long r;

	spin_lock(&proc_tree_lock);
	p = pid == 0 ? current_proc() : proc_lookup(pid);
	r = p == NULL ? -ESRCH : sid ? p->sid : p->pgid;
	spin_unlock(&proc_tree_lock);
	return r;
}

SYSCALL_DEFINE1(getpgid, int, pid) { return get_field(pid, false); }
SYSCALL_DEFINE1(getsid, int, pid) { return get_field(pid, true); }

SYSCALL_DEFINE0(setsid)
{
	struct process *self = current_proc();
	long r;

	spin_lock(&proc_tree_lock);
	if (pgrp_exists(self->pid)) {	/* already a group leader, or its id is a group */
		r = -EPERM;
	} else {
		self->sid = self->pgid = self->pid;
		r = self->pid;
	}
	spin_unlock(&proc_tree_lock);
	return r;
}
