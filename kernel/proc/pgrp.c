/*
 * Process groups: membership questions, signalling a whole group, and
 * orphaned groups.
 *
 * POSIX calls a group orphaned when no member has a parent in another group
 * of the same session: no job-control shell is left that could continue it.
 * So a group that becomes orphaned while some member is stopped gets SIGHUP
 * and then SIGCONT (it would otherwise stay stopped forever), and the
 * terminal stop signals SIGTSTP, SIGTTIN and SIGTTOU do not stop an orphaned
 * group's processes (signal.c discards them; the tty returns EIO instead).
 * A process's exit is what orphans groups: its own, if it was the group's
 * link to the session, and those of its children, whose link it was.
 * Members whose parent is init do not count, as on Linux: init is no shell.
 *
 * Locking: everything here runs under proc_tree_lock, which protects
 * pgid, sid, parent, state and the stopped flag of every process.
 */
#include <proc.h>
#include <signal.h>
#include <errno.h>

bool
pgrp_in_session(int pgid, int sid)
{
	struct process *q;

	for_each_process(q) {
		if (q->pgid == pgid && q->sid == sid)
			return true;
	}
	return false;
}

bool
pgrp_exists(int pgid)
{
	struct process *q;

	for_each_process(q) {
		if (q->pgid == pgid)
			return true;
	}
	return false;
}

/* 0 if some live member of pgid was signalled, else kill(2)'s error. */
int
kill_pgrp_locked(int pgid, int sig)
{
	struct process *q;
	int found = 0, r = -ESRCH;

	for_each_process(q) {
		if (q->pgid == pgid && q->state == PROC_ALIVE) {
			found++;
			r = send_signal(q, sig);
		}
	}
	return found > 0 ? 0 : r;
}

/* Does pgid have no link to its session once `gone` (may be NULL) is gone? */
static bool
orphaned_without(int pgid, struct process *gone)
{
	struct process *q;

	for_each_process(q) {
		struct process *parent = q->parent;

		if (q->pgid != pgid || q == gone || q->state != PROC_ALIVE ||
		    parent == gone || parent == init_process)
			continue;
		if (parent->pgid != pgid && parent->sid == q->sid)
			return false;
	}
	return true;
}

static bool
has_stopped_member(int pgid)
{
	struct process *q;

	for_each_process(q) {
		if (q->pgid == pgid && q->state == PROC_ALIVE && q->stopped)
			return true;
	}
	return false;
}

/* member's group was linked to the session through link, which is leaving. */
static void
hangup_if_orphaned(struct process *member, struct process *link, struct process *leaving)
{
	int pgid = member->pgid;

	if (link->pgid == pgid || link->sid != member->sid)
		return;		/* link was no link */
	if (!orphaned_without(pgid, leaving) || !has_stopped_member(pgid))
		return;
	kill_pgrp_locked(pgid, SIGHUP);
	kill_pgrp_locked(pgid, SIGCONT);
}

/* p is exiting (still alive, its children not yet reparented). */
void
pgrp_orphan_on_exit(struct process *p)
{
	struct process *c, *earlier;

	hangup_if_orphaned(p, p->parent, p);
	list_for_each_entry(c, &p->children, sibling) {
		bool seen = false;

		list_for_each_entry(earlier, &p->children, sibling) {
			if (earlier == c)
				break;
			seen |= earlier->pgid == c->pgid;
		}
		if (!seen)
			hangup_if_orphaned(c, p, p);
	}
}

bool
current_pgrp_orphaned(void)
{
	bool orphaned;

	spin_lock(&proc_tree_lock);
	orphaned = orphaned_without(current_proc()->pgid, NULL);
	spin_unlock(&proc_tree_lock);
	return orphaned;
}
