/*
 * System V message queues: msgget, msgsnd, msgrcv, msgctl.
 *
 * A queue holds its messages in send order. msgsnd copies the user's text
 * into a kernel message before taking any lock, then either hands it to the
 * first waiting receiver that selects it (pipelined delivery: the message is
 * never queued and the receiver finds it in its receiver record) or appends
 * it; if the queue has no room (msg_qbytes, counting a byte per message as
 * Linux does), the sender waits. msgrcv picks a message by msgtyp under the
 * lock, unlinks it (or copies it, MSG_COPY), and copies it to the user after
 * unlocking.
 *
 * Fairness: receivers are served in arrival order by pipelined sends.
 * Blocked senders stay in arrival order on q->senders; when room appears,
 * the senders whose messages fit, taken in that order, are woken and retry
 * without losing their place.
 *
 * Locking: q->perm.lock (a spinlock) protects every field of the queue and
 * of the receiver and sender records linked to it. Wake-ups are issued with
 * it held (thread wake locks are inner to object locks), so a receiver's
 * record, on its stack, is never touched after it has relocked and seen its
 * result. msg_ids.mutex serializes msgget, IPC_SET and IPC_RMID.
 * A sleeper holds a reference on the queue and, after relocking, looks at
 * perm.deleted before anything else. User memory is only touched with no
 * lock held.
 */
#include <ipc.h>
#include <uapi/msg.h>
#include <proc.h>
#include <sched.h>
#include <slab.h>
#include <string.h>
#include <errno.h>
#include <list.h>
#include <vfs.h>
#include <uaccess.h>
#include <syscall.h>
#include <procfs.h>
#include <msg.h>

struct msg_msg {
	struct list_head link;		/* in q->messages */
	long mtype;
	size_t size;
	char text[];
};

struct msg_queue {
	struct kern_ipc_perm perm;	/* perm.lock protects everything below */
	long stime, rtime, ctime;
	unsigned long cbytes;		/* sum of queued message sizes */
	unsigned long qnum;
	unsigned long qbytes;		/* limit on cbytes and on qnum */
	int lspid, lrpid;
	struct list_head messages;	/* struct msg_msg, oldest first */
	struct list_head receivers;	/* struct msg_receiver, oldest first */
	struct list_head senders;	/* struct msg_sender, oldest first */
};

enum search_mode {
	SEARCH_ANY,		/* msgtyp 0 */
	SEARCH_EQUAL,		/* msgtyp > 0 */
	SEARCH_NOTEQUAL,	/* msgtyp > 0 with MSG_EXCEPT */
	SEARCH_LESSEQUAL,	/* msgtyp < 0: the lowest type <= |msgtyp| */
	SEARCH_NUMBER,		/* MSG_COPY: the msgtyp'th message */
};

enum receiver_state {
	RCV_WAITING,
	RCV_DONE,		/* msg or error is set */
	RCV_RETRY,		/* IPC_SET: check permissions and search again */
};

/* A blocked msgrcv, on its stack. Fields under q->perm.lock. */
struct msg_receiver {
	struct list_head link;		/* in q->receivers while RCV_WAITING */
	struct thread *thread;
	int pid;
	long msgtyp;
	int mode;			/* enum search_mode */
	size_t maxsize;
	bool noerror;			/* MSG_NOERROR */
	int state;			/* enum receiver_state */
	struct msg_msg *msg;		/* handed over by a sender */
	int error;			/* or -E2BIG, -EIDRM */
};

/* A blocked msgsnd, on its stack; stays linked until it sends or fails. */
struct msg_sender {
	struct list_head link;		/* in q->senders */
	struct thread *thread;
	size_t size;
};

static struct ipc_ids msg_ids;
static atomic_long_t msg_total_bytes;	/* over all queues, for MSG_INFO */
static atomic_long_t msg_total_msgs;

/* Limits, /proc/sys/kernel/msg*, read without a lock; msgmni is msg_ids.limit. */
static unsigned long msg_ctlmax = MSGMAX;
static unsigned long msg_ctlmnb = MSGMNB;

static long
now(void)
{
	return current_time().tv_sec;
}

static int
current_pid(void)
{
	return current_proc()->pid;
}

static bool
msg_matches(const struct msg_msg *m, long msgtyp, int mode)
{
	switch (mode) {
	case SEARCH_EQUAL:
		return m->mtype == msgtyp;
	case SEARCH_NOTEQUAL:
		return m->mtype != msgtyp;
	case SEARCH_LESSEQUAL:
		return m->mtype <= msgtyp;
	default:
		return true;
	}
}

/* The message msgrcv would take; q->perm.lock held. */
static struct msg_msg *
find_msg(struct msg_queue *q, long msgtyp, int mode)
{
	struct msg_msg *m, *best = NULL;
	long n = 0;

	list_for_each_entry(m, &q->messages, link) {
		if (mode == SEARCH_NUMBER) {
			if (n++ == msgtyp)
				return m;
			continue;
		}
		if (!msg_matches(m, msgtyp, mode))
			continue;
		if (mode != SEARCH_LESSEQUAL)
			return m;
		/* The oldest of the lowest type: only a strictly lower one replaces it. */
		if (best == NULL || m->mtype < best->mtype)
			best = m;
	}
	return best;
}

static int
search_mode(long *msgtyp, int flags)
{
	if (flags & MSG_COPY)
		return SEARCH_NUMBER;
	if (*msgtyp == 0)
		return SEARCH_ANY;
	if (*msgtyp < 0) {
		*msgtyp = *msgtyp == (-__LONG_MAX__ - 1) ? __LONG_MAX__ : -*msgtyp;
		return SEARCH_LESSEQUAL;
	}
	return (flags & MSG_EXCEPT) ? SEARCH_NOTEQUAL : SEARCH_EQUAL;
}

static bool
queue_has_room(const struct msg_queue *q, size_t size)
{
	return size + q->cbytes <= q->qbytes && 1 + q->qnum <= q->qbytes;
}

/*
 * Room appeared (a receive, IPC_SET): wake, in arrival order, the senders
 * whose messages fit in what is free, counting the ones woken before them.
 * q->perm.lock held.
 */
static void
wake_senders(struct msg_queue *q)
{
	unsigned long bytes = q->cbytes, num = q->qnum;
	struct msg_sender *s;

	list_for_each_entry(s, &q->senders, link) {
		if (s->size + bytes > q->qbytes || 1 + num > q->qbytes)
			continue;
		bytes += s->size;
		num++;
		thread_wake(s->thread);
	}
}

/* Finish a receiver with a message or an error and wake it; q->perm.lock held. */
static void
receiver_done(struct msg_receiver *r, struct msg_msg *m, int error)
{
	list_del(&r->link);
	r->msg = m;
	r->error = error;
	r->state = RCV_DONE;
	thread_wake(r->thread);
}

/*
 * Give m to the first waiting receiver that selects it. One whose buffer is
 * too small (and did not ask for MSG_NOERROR) fails with E2BIG, as on Linux.
 * Returns true if m was delivered. q->perm.lock held.
 */
static bool
pipelined_send(struct msg_queue *q, struct msg_msg *m)
{
	struct msg_receiver *r, *tmp;

	list_for_each_entry_safe(r, tmp, &q->receivers, link) {
		if (!msg_matches(m, r->msgtyp, r->mode))
			continue;
		if (m->size > r->maxsize && !r->noerror) {
			receiver_done(r, NULL, -E2BIG);
			continue;
		}
		q->lrpid = r->pid;
		q->rtime = now();
		receiver_done(r, m, 0);
		return true;
	}
	return false;
}

static void
enqueue(struct msg_queue *q, struct msg_msg *m)
{
	list_add_tail(&m->link, &q->messages);
	q->cbytes += m->size;
	q->qnum++;
	atomic_add(&msg_total_bytes, m->size);
	atomic_inc(&msg_total_msgs);
}

static void
unlink_msg(struct msg_queue *q, struct msg_msg *m)
{
	list_del(&m->link);
	q->cbytes -= m->size;
	q->qnum--;
	atomic_sub(&msg_total_bytes, m->size);
	atomic_dec(&msg_total_msgs);
	wake_senders(q);
}

/*
 * Sleep on q until woken, q->perm.lock held on entry and on return, the
 * caller's record linked and a reference on q held. Returns -EIDRM if q was
 * removed meanwhile, -EINTR if a signal is pending (never restarted, as
 * signal(7) says of msgsnd and msgrcv), else 0: the caller looks again.
 */
static int
queue_sleep(struct msg_queue *q)
{
	set_current_state(TASK_INTERRUPTIBLE);
	if (!signal_pending(current)) {
		spin_unlock(q->perm.lock);
		schedule();
		spin_lock(q->perm.lock);
	}
	set_current_state(TASK_RUNNING);
	if (q->perm.deleted)
		return -EIDRM;
	return signal_pending(current) ? -EINTR : 0;
}

/* A locked live queue, or NULL with *err set. */
static struct msg_queue *
msg_lock(int msqid, int *err)
{
	struct kern_ipc_perm *perm = ipc_lock_id(&msg_ids, msqid, err);

	return perm == NULL ? NULL : container_of(perm, struct msg_queue, perm);
}

/* Unlock q, dropping the reference a sleeper took. */
static void
msg_unlock(struct msg_queue *q, bool held)
{
	spin_unlock(q->perm.lock);
	if (held)
		ipc_put(&msg_ids, &q->perm);
}

static void
msg_free(struct kern_ipc_perm *perm)
{
	struct msg_queue *q = container_of(perm, struct msg_queue, perm);
	struct msg_msg *m, *tmp;

	list_for_each_entry_safe(m, tmp, &q->messages, link) {
		atomic_sub(&msg_total_bytes, m->size);
		atomic_dec(&msg_total_msgs);
		kfree(m);
	}
	kfree(q);
}

static int
msg_create(struct ipc_ids *ids, int32_t key, int flags, void *arg)
{
	struct msg_queue *q = kzalloc(sizeof(*q));
	int id;

	if (q == NULL)
		return -ENOMEM;
	ipc_perm_init(&q->perm, key, flags);
	q->qbytes = READ_ONCE(msg_ctlmnb);
	q->ctime = now();
	list_init(&q->messages);
	list_init(&q->receivers);
	list_init(&q->senders);
	if ((id = ipc_add(ids, &q->perm)) < 0)
		kfree(q);
	return id;
}

static const struct ipc_get_ops msg_get_ops = { .create = msg_create };

SYSCALL_DEFINE2(msgget, int32_t, key, int, msgflg)
{
	return ipc_getobj(&msg_ids, key, msgflg, &msg_get_ops, NULL);
}

/* The user's struct msgbuf { long mtype; char mtext[]; } as a kernel message. */
static struct msg_msg *
load_msg(uintptr_t msgp, long mtype, size_t size, int *err)
{
	struct msg_msg *m = kmalloc(sizeof(*m) + size, 0);

	*err = -ENOMEM;
	if (m == NULL)
		return NULL;
	*err = copy_from_user(m->text, msgp + sizeof(long), size);
	if (*err != 0) {
		kfree(m);
		return NULL;
	}
	m->mtype = mtype;
	m->size = size;
	return m;
}

/* Wait for room for m; q->perm.lock held. 0 when m may be sent, else -errno. */
static int
wait_for_room(struct msg_queue *q, struct msg_msg *m, int msgflg, bool *held)
{
	struct msg_sender s = { .thread = current, .size = m->size };
	int r = 0;

	while (r == 0 && !queue_has_room(q, m->size)) {
		if (msgflg & IPC_NOWAIT)
			return -EAGAIN;
		if (!*held) {
			ipc_get(&q->perm);
			*held = true;
		}
		if (s.link.next == NULL)
			list_add_tail(&s.link, &q->senders);
		if ((r = queue_sleep(q)) == 0 && ipcperms(&q->perm, IPC_WRITE) != 0)
			r = -EACCES;
	}
	if (s.link.next != NULL)
		list_del(&s.link);
	return r;
}

static long
do_msgsnd(int msqid, uintptr_t msgp, size_t msgsz, int msgflg)
{
	struct msg_queue *q;
	struct msg_msg *m;
	bool held = false;
	long mtype;
	int err;

	if (copy_from_user(&mtype, msgp, sizeof(mtype)) != 0)
		return -EFAULT;
	if (msgsz > READ_ONCE(msg_ctlmax) || msqid < 0 || mtype < 1)
		return -EINVAL;
	if ((m = load_msg(msgp, mtype, msgsz, &err)) == NULL)
		return err;
	if ((q = msg_lock(msqid, &err)) == NULL)
		goto out;
	if ((err = ipcperms(&q->perm, IPC_WRITE)) != 0 ||
	    (err = wait_for_room(q, m, msgflg, &held)) != 0)
		goto out_unlock;
	q->lspid = current_pid();
	q->stime = now();
	if (!pipelined_send(q, m))
		enqueue(q, m);
	m = NULL;
out_unlock:
	msg_unlock(q, held);
out:
	kfree(m);
	return err;
}

SYSCALL_DEFINE4(msgsnd, int, msqid, uintptr_t, msgp, size_t, msgsz, int, msgflg)
{
	return do_msgsnd(msqid, msgp, msgsz, msgflg);
}

/*
 * Take (or copy, into copy) the message r selects; q->perm.lock held.
 * Returns 1 when none is there, 0 with r->msg set, -E2BIG, or -EINVAL for
 * a copy that does not fit.
 */
static int
take_msg(struct msg_queue *q, struct msg_receiver *r, struct msg_msg *copy)
{
	struct msg_msg *m = find_msg(q, r->msgtyp, r->mode);

	if (m == NULL)
		return 1;
	if (m->size > r->maxsize && !r->noerror)
		return -E2BIG;
	if (copy != NULL) {
		/* Linux copies whole messages only, MSG_NOERROR or not. */
		if (m->size > r->maxsize)
			return -EINVAL;
		copy->mtype = m->mtype;
		copy->size = m->size;
		memcpy(copy->text, m->text, m->size);
		r->msg = copy;
		return 0;
	}
	unlink_msg(q, m);
	q->lrpid = r->pid;
	q->rtime = now();
	r->msg = m;
	return 0;
}

/* Find or wait for r's message; q->perm.lock held. 0 with r->msg set, or -errno. */
static int
receive(struct msg_queue *q, struct msg_receiver *r, int msgflg, struct msg_msg *copy,
    bool *held)
{
	int err;

	for (;;) {
		if (ipcperms(&q->perm, IPC_READ) != 0)
			return -EACCES;
		if ((err = take_msg(q, r, copy)) <= 0)
			return err;
		if (msgflg & IPC_NOWAIT)
			return -ENOMSG;
		if (!*held) {
			ipc_get(&q->perm);
			*held = true;
		}
		r->state = RCV_WAITING;
		list_add_tail(&r->link, &q->receivers);
		while (r->state == RCV_WAITING && (err = queue_sleep(q)) == 0)
			continue;
		if (r->state == RCV_DONE)
			return r->error;
		if (r->state == RCV_WAITING) {
			list_del(&r->link);
			return err;
		}
	}
}

/* Store m as the user's struct msgbuf, at most maxsize bytes of text. */
static long
store_msg(uintptr_t msgp, const struct msg_msg *m, size_t maxsize)
{
	size_t n = MIN(m->size, maxsize);

	if (copy_to_user(msgp, &m->mtype, sizeof(m->mtype)) != 0 ||
	    copy_to_user(msgp + sizeof(long), m->text, n) != 0)
		return -EFAULT;
	return (long)n;
}

static long
do_msgrcv(int msqid, uintptr_t msgp, size_t msgsz, long msgtyp, int msgflg)
{
	struct msg_receiver r = { .thread = current, .pid = current_pid(), .maxsize = msgsz };
	struct msg_msg *copy = NULL;
	struct msg_queue *q;
	bool held = false;
	int err;

	if (msqid < 0 || (long)msgsz < 0)
		return -EINVAL;
	if (msgflg & MSG_COPY) {
		if ((msgflg & MSG_EXCEPT) || !(msgflg & IPC_NOWAIT))
			return -EINVAL;
		r.maxsize = MIN(msgsz, READ_ONCE(msg_ctlmax));
		if ((copy = kmalloc(sizeof(*copy) + r.maxsize, 0)) == NULL)
			return -ENOMEM;
	}
	r.noerror = (msgflg & MSG_NOERROR) != 0;
	r.mode = search_mode(&msgtyp, msgflg);
	r.msgtyp = msgtyp;
	if ((q = msg_lock(msqid, &err)) == NULL) {
		kfree(copy);
		return err;
	}
	err = receive(q, &r, msgflg, copy, &held);
	msg_unlock(q, held);
	if (err == 0) {
		err = store_msg(msgp, r.msg, msgsz);
		kfree(r.msg);
	} else {
		kfree(copy);
	}
	return err;
}

SYSCALL_DEFINE5(msgrcv, int, msqid, uintptr_t, msgp, size_t, msgsz, long, msgtyp, int, msgflg)
{
	return do_msgrcv(msqid, msgp, msgsz, msgtyp, msgflg);
}

/* IPC_INFO and MSG_INFO: the limits, or for MSG_INFO usage figures in some fields. */
static long
msgctl_info(int cmd, uintptr_t buf)
{
	struct msginfo info = {
		.msgmni = msg_ids.limit,
		.msgmax = (int)READ_ONCE(msg_ctlmax),
		.msgmnb = (int)READ_ONCE(msg_ctlmnb),
		.msgssz = MSGSSZ,
		.msgseg = MSGSEG,
		.msgpool = MSGPOOL,
		.msgmap = MSGMAP,
		.msgtql = MSGTQL,
	};

	if (cmd == MSG_INFO) {
		info.msgpool = ipc_in_use(&msg_ids);
		info.msgmap = (int)MIN(atomic_read(&msg_total_msgs), __INT_MAX__);
		info.msgtql = (int)MIN(atomic_read(&msg_total_bytes), __INT_MAX__);
	}
	return ipc_info_copy(&msg_ids, buf, &info, sizeof(info));
}

/* Every waiter leaves: receivers with error (or to retry, error 0), senders to look again. */
static void
wake_all(struct msg_queue *q, int error)
{
	struct msg_receiver *r, *tmp;
	struct msg_sender *s;

	list_for_each_entry_safe(r, tmp, &q->receivers, link) {
		if (error != 0) {
			receiver_done(r, NULL, error);
		} else {
			list_del(&r->link);
			r->state = RCV_RETRY;
			thread_wake(r->thread);
		}
	}
	list_for_each_entry(s, &q->senders, link)
		thread_wake(s->thread);
}

static void
msg_fill(const struct kern_ipc_perm *perm, union ipc64_ds *out)
{
	const struct msg_queue *q = container_of(perm, struct msg_queue, perm);

	out->msg.msg_stime = q->stime;
	out->msg.msg_rtime = q->rtime;
	out->msg.msg_ctime = q->ctime;
	out->msg.msg_cbytes = q->cbytes;
	out->msg.msg_qnum = q->qnum;
	out->msg.msg_qbytes = q->qbytes;
	out->msg.msg_lspid = q->lspid;
	out->msg.msg_lrpid = q->lrpid;
}

static int
msg_set(struct kern_ipc_perm *perm, const union ipc64_ds *in)
{
	struct msg_queue *q = container_of(perm, struct msg_queue, perm);

	if (in->msg.msg_qbytes > READ_ONCE(msg_ctlmnb) && !capable_root())
		return -EPERM;
	q->qbytes = in->msg.msg_qbytes;
	q->ctime = now();
	/*
	 * Receivers may lose read permission, senders may fit a larger queue:
	 * they look again once they relock, after the new mode is set.
	 */
	wake_all(q, 0);
	return 0;
}

static void
msg_rmid(struct kern_ipc_perm *perm)
{
	spin_unlock(perm->lock);
	ipc_remove(&msg_ids, perm);		/* returns with perm->lock held */
	wake_all(container_of(perm, struct msg_queue, perm), -EIDRM);
	spin_unlock(perm->lock);
	ipc_put(&msg_ids, perm);		/* the registry's reference */
}

static const struct ipc_ctl_ops msg_ctl_ops = {
	.stat_any_cmd = MSG_STAT_ANY,
	.ds_size = sizeof(struct msqid64_ds),
	.fill = msg_fill,
	.set = msg_set,
	.rmid = msg_rmid,
};

SYSCALL_DEFINE3(msgctl, int, msqid, int, cmd, uintptr_t, buf)
{
	if (msqid < 0 || cmd < 0)
		return -EINVAL;
	switch (cmd) {
	case IPC_INFO:
	case MSG_INFO:
		return msgctl_info(cmd, buf);
	case IPC_STAT:
	case MSG_STAT:
	case MSG_STAT_ANY:
		return ipc_stat(&msg_ids, &msg_ctl_ops, msqid, cmd, buf);
	case IPC_SET:
	case IPC_RMID:
		return ipc_down(&msg_ids, &msg_ctl_ops, msqid, cmd, buf);
	default:
		return -EINVAL;
	}
}

/*
 * /proc/sysvipc/msg, what ipcs -q reads, in Linux's format; and the three
 * limits in /proc/sys/kernel (msgmax and msgmnb up to INT_MAX, msgmni up to
 * IPCMNI, as Linux bounds them).
 */
#define MSG_HEADER	"       key      msqid perms      cbytes       qnum lspid lrpid" \
			"   uid   gid  cuid  cgid      stime      rtime      ctime\n"

static void
show_queue(struct kern_ipc_perm *perm, void *arg)
{
	struct msg_queue *q = container_of(perm, struct msg_queue, perm);

	seqbuf_printf(arg, "%10d %10d  %4o  %10lu %10lu %5d %5d %5u %5u %5u %5u %10ld %10ld %10ld\n",
	    perm->key, perm->id, perm->mode, q->cbytes, q->qnum, q->lspid, q->lrpid, perm->uid,
	    perm->gid, perm->cuid, perm->cgid, q->stime, q->rtime, q->ctime);
}

static int
show_sysvipc_msg(struct seqbuf *sb)
{
	seqbuf_printf(sb, MSG_HEADER);
	ipc_for_each(&msg_ids, show_queue, sb);
	return 0;
}

static int
show_msgmax(struct seqbuf *sb)
{
	return ipc_show_limit(sb, READ_ONCE(msg_ctlmax));
}

static int
write_msgmax(const char *buf, size_t len)
{
	return ipc_write_limit(buf, len, __INT_MAX__, &msg_ctlmax);
}

static int
show_msgmnb(struct seqbuf *sb)
{
	return ipc_show_limit(sb, READ_ONCE(msg_ctlmnb));
}

static int
write_msgmnb(const char *buf, size_t len)
{
	return ipc_write_limit(buf, len, __INT_MAX__, &msg_ctlmnb);
}

static int
show_msgmni(struct seqbuf *sb)
{
	return ipc_show_mni(sb, &msg_ids);
}

static int
write_msgmni(const char *buf, size_t len)
{
	return ipc_write_mni(buf, len, &msg_ids);
}

void
msg_init(void)
{
	ipc_ids_init(&msg_ids, "msg_ids", MSGMNI, msg_free);
	proc_create("sysvipc/msg", 0444, show_sysvipc_msg, NULL);
	proc_create("sys/kernel/msgmax", 0644, show_msgmax, write_msgmax);
	proc_create("sys/kernel/msgmnb", 0644, show_msgmnb, write_msgmnb);
	proc_create("sys/kernel/msgmni", 0644, show_msgmni, write_msgmni);
}
