/*
 * Futexes. A waiter is keyed by what the address means: private futexes by
 * (mm, address), shared ones by the physical page and offset, so processes
 * mapping one MAP_SHARED page at different addresses meet on the same key.
 *
 * The value check and the enqueue happen under the hash bucket's lock, and a
 * waker takes the same lock: a FUTEX_WAKE after the user changed the value
 * either finds the waiter queued or the waiter sees the new value. No
 * wake-up is lost.
 *
 * Locking: bucket->lock protects its list and each queued waiter's fields.
 */
#include <futex.h>
#include <proc.h>
#include <vm.h>
#include <mm.h>
#include <uaccess.h>
#include <timer.h>
#include <syscall.h>
#include <errno.h>
#include <vfs.h>

#define FUTEX_WAIT		0
#define FUTEX_WAKE		1
#define FUTEX_REQUEUE		3
#define FUTEX_CMP_REQUEUE	4
#define FUTEX_WAKE_OP		5
#define FUTEX_WAIT_BITSET	9
#define FUTEX_WAKE_BITSET	10
#define FUTEX_PRIVATE_FLAG	128
#define FUTEX_CLOCK_REALTIME	256
#define FUTEX_CMD_MASK		(~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME))
#define FUTEX_BITSET_MATCH_ANY	0xffffffffU
#define NR_BUCKETS		64

struct futex_key {
	uintptr_t space;	/* mm (private) or 0 (shared) */
	uintptr_t addr;		/* user address (private) or physical address (shared) */
};

struct futex_waiter {
	struct list_head link;
	struct futex_key key;
	uint32_t bitset;
	struct thread *thread;
	bool woken;
};

static struct futex_bucket {
	spinlock_t lock;
	struct list_head waiters;
} buckets[NR_BUCKETS];

void
futex_init(void)
{
	for (int i = 0; i < NR_BUCKETS; i++) {
		spin_init(&buckets[i].lock, "futex_bucket");
		list_init(&buckets[i].waiters);
	}
}

static struct futex_bucket *
bucket_of(const struct futex_key *k)
{
	uintptr_t h = (k->addr >> 2) ^ (k->space >> 6) ^ (k->addr >> 12);

	return &buckets[h % NR_BUCKETS];
}

static bool
same_key(const struct futex_key *a, const struct futex_key *b)
{
	return a->space == b->space && a->addr == b->addr;
}

/* The key of uaddr; a shared futex needs the page resident (fault it in). */
static int
get_key(uintptr_t uaddr, bool private, struct futex_key *k)
{
	struct mm *mm = current_proc()->mm;
	uint32_t v;

	if ((uaddr & 3) != 0)
		return -EINVAL;
	if (copy_from_user(&v, uaddr, sizeof(v)) != 0)
		return -EFAULT;
	if (private) {
		k->space = (uintptr_t)mm;
		k->addr = uaddr;
		return 0;
	}
	k->space = 0;
	k->addr = vm_translate(mm, uaddr);
	return k->addr == 0 ? -EFAULT : 0;
}

static int
futex_wait(uintptr_t uaddr, bool private, uint32_t val, uint64_t deadline, uint32_t bitset)
{
	struct futex_waiter w = { .bitset = bitset, .thread = current };
	struct sleeper_timer st = { .expired = 0 };
	struct futex_bucket *b;
	uint32_t cur;
	int r = get_key(uaddr, private, &w.key);

	if (r != 0)
		return r;
	b = bucket_of(&w.key);
	spin_lock(&b->lock);
	/* Reading user memory under a spinlock: the page was just made present by get_key. */
	if (copy_from_user(&cur, uaddr, sizeof(cur)) != 0) {
		spin_unlock(&b->lock);
		return -EFAULT;
	}
	if (cur != val) {
		spin_unlock(&b->lock);
		return -EAGAIN;
	}
	list_add_tail(&w.link, &b->waiters);
	set_current_state(TASK_INTERRUPTIBLE);
	spin_unlock(&b->lock);
	if (deadline != 0)
		sleeper_timer_start(&st, deadline);
	for (;;) {
		if (READ_ONCE(w.woken) || smp_load_acquire(&st.expired) || signal_pending(current))
			break;
		schedule();
		set_current_state(TASK_INTERRUPTIBLE);
	}
	set_current_state(TASK_RUNNING);
	if (deadline != 0)
		timer_cancel(&st.timer);
	spin_lock(&b->lock);
	if (!w.woken)
		list_del(&w.link);
	spin_unlock(&b->lock);
	if (w.woken)
		return 0;
	return st.expired ? -ETIMEDOUT : -ERESTARTSYS;
}

/* Wake up to n waiters of key whose bitset matches; bucket lock held. */
static int
wake_locked(struct futex_bucket *b, const struct futex_key *k, int n, uint32_t bitset)
{
	struct futex_waiter *w, *tmp;
	int woken = 0;

	list_for_each_entry_safe(w, tmp, &b->waiters, link) {
		if (woken >= n)
			break;
		if (!same_key(&w->key, k) || !(w->bitset & bitset))
			continue;
		list_del(&w->link);
		smp_store_release(&w->woken, true);
		thread_wake(w->thread);
		woken++;
	}
	return woken;
}

static int
futex_wake(uintptr_t uaddr, bool private, int n, uint32_t bitset)
{
	struct futex_key k;
	struct futex_bucket *b;
	int r = get_key(uaddr, private, &k);

	if (r != 0)
		return r;
	b = bucket_of(&k);
	spin_lock(&b->lock);
	r = wake_locked(b, &k, n, bitset);
	spin_unlock(&b->lock);
	return r;
}

int
futex_wake_address(uintptr_t uaddr, int n)
{
	/* pthread_join waits on a private futex; shared ones are woken too, as Linux does. */
	int a = futex_wake(uaddr, true, n, FUTEX_BITSET_MATCH_ANY);
	int b = futex_wake(uaddr, false, n, FUTEX_BITSET_MATCH_ANY);

	return a < 0 ? a : a + (b > 0 ? b : 0);
}

/* Lock two buckets in address order (once if they are the same). */
static void
lock_pair(struct futex_bucket *a, struct futex_bucket *b)
{
	if (a == b) {
		spin_lock(&a->lock);
		return;
	}
	spin_lock(a < b ? &a->lock : &b->lock);
	spin_lock(a < b ? &b->lock : &a->lock);
}

static void
unlock_pair(struct futex_bucket *a, struct futex_bucket *b)
{
	spin_unlock(&a->lock);
	if (a != b)
		spin_unlock(&b->lock);
}

static int
futex_requeue(uintptr_t uaddr, uintptr_t uaddr2, bool private, int nwake, int nreq,
    bool cmp, uint32_t val)
{
	struct futex_key k1, k2;
	struct futex_bucket *b1, *b2;
	struct futex_waiter *w, *tmp;
	uint32_t cur;
	int r, moved = 0;

	if ((r = get_key(uaddr, private, &k1)) != 0 || (r = get_key(uaddr2, private, &k2)) != 0)
		return r;
	if (nwake < 0 || nreq < 0)
		return -EINVAL;
	b1 = bucket_of(&k1);
	b2 = bucket_of(&k2);
	lock_pair(b1, b2);
	if (cmp && (copy_from_user(&cur, uaddr, sizeof(cur)) != 0 || cur != val)) {
		unlock_pair(b1, b2);
		return cur != val ? -EAGAIN : -EFAULT;
	}
	r = wake_locked(b1, &k1, nwake, FUTEX_BITSET_MATCH_ANY);
	list_for_each_entry_safe(w, tmp, &b1->waiters, link) {
		if (moved >= nreq)
			break;
		if (!same_key(&w->key, &k1))
			continue;
		list_del(&w->link);
		w->key = k2;
		list_add_tail(&w->link, &b2->waiters);
		moved++;
	}
	unlock_pair(b1, b2);
	return r + moved;
}

/* The absolute deadline (ticks) of a futex timeout, or 0 for none. */
static int
read_timeout(uintptr_t utime, int cmd, uint64_t *deadline)
{
	struct timespec64 ts;

	*deadline = 0;
	if (utime == 0)
		return 0;
	if (copy_from_user(&ts, utime, sizeof(ts)) != 0)
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (long)NSEC_PER_SEC)
		return -EINVAL;
	if (cmd == FUTEX_WAIT) {	/* relative */
		*deadline = time_now() + ns_to_ticks(ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec);
		return 0;
	}
	/* FUTEX_WAIT_BITSET: absolute, on CLOCK_MONOTONIC (or REALTIME, same base here). */
	*deadline = clock_to_ticks(&ts);
	if (*deadline == 0)
		*deadline = 1;
	return 0;
}

SYSCALL_DEFINE6(futex, uintptr_t, uaddr, int, op, uint32_t, val, uintptr_t, utime,
    uintptr_t, uaddr2, uint32_t, val3)
{
	int cmd = op & FUTEX_CMD_MASK;
	bool private = (op & FUTEX_PRIVATE_FLAG) != 0;
	uint64_t deadline;
	int r;

	switch (cmd) {
	case FUTEX_WAIT:
	case FUTEX_WAIT_BITSET:
		if (cmd == FUTEX_WAIT)
			val3 = FUTEX_BITSET_MATCH_ANY;
		if (val3 == 0)
			return -EINVAL;
		if ((r = read_timeout(utime, cmd, &deadline)) != 0)
			return r;
		return futex_wait(uaddr, private, val, deadline, val3);
	case FUTEX_WAKE:
	case FUTEX_WAKE_BITSET:
		if (cmd == FUTEX_WAKE)
			val3 = FUTEX_BITSET_MATCH_ANY;
		if (val3 == 0)
			return -EINVAL;
		return futex_wake(uaddr, private, (int)val, val3);
	case FUTEX_REQUEUE:
		return futex_requeue(uaddr, uaddr2, private, (int)val, (int)utime, false, 0);
	case FUTEX_CMP_REQUEUE:
		return futex_requeue(uaddr, uaddr2, private, (int)val, (int)utime, true, val3);
	default:
		return -ENOSYS;
	}
}
