/*
 * The semaphore files of /proc: /proc/sysvipc/sem lists every set in
 * Linux's format (what ipcs reads), /proc/sys/kernel/sem shows the four
 * tunable limits SEMMSL SEMMNS SEMOPM SEMMNI and lets root change them.
 *
 * Locking: the listing walks the id table under sem_ids.lock, each set
 * under its own lock (ipc_for_each); the limits change under sem_ids.mutex.
 */
#include <sem.h>
#include <procfs.h>
#include <string.h>
#include <errno.h>

#define SEM_HEADER \
	"       key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime\n"
#define NR_LIMITS	4
#define LIMIT_MAX	2147483647L	/* an int, as Linux's proc_dointvec takes */

static void
show_set(struct kern_ipc_perm *perm, void *arg)
{
	struct sem_array *sma = sem_of(perm);

	seqbuf_printf(arg, "%10d %10d  %4o %10u %5u %5u %5u %5u %10llu %10llu\n",
	    perm->key, perm->id, perm->mode, (unsigned)sma->nsems, perm->uid, perm->gid,
	    perm->cuid, perm->cgid, (unsigned long long)sma->otime,
	    (unsigned long long)sma->ctime);
}

static int
show_sysvipc_sem(struct seqbuf *sb)
{
	seqbuf_printf(sb, SEM_HEADER);
	ipc_for_each(&sem_ids, show_set, sb);
	return 0;
}

static int
show_limits(struct seqbuf *sb)
{
	seqbuf_printf(sb, "%d\t%d\t%d\t%d\n", READ_ONCE(sem_limits.semmsl),
	    READ_ONCE(sem_limits.semmns), READ_ONCE(sem_limits.semopm),
	    READ_ONCE(sem_limits.semmni));
	return 0;
}

/* One decimal integer (optional sign) at *p, skipping blanks before it; -EINVAL if none. */
static int
parse_int(const char **p, const char *end, int *out)
{
	long v = 0;
	bool neg = false, digits = false;

	while (*p < end && (**p == ' ' || **p == '\t' || **p == '\n'))
		(*p)++;
	if (*p < end && (**p == '-' || **p == '+'))
		neg = *(*p)++ == '-';
	while (*p < end && **p >= '0' && **p <= '9') {
		v = v * 10 + (*(*p)++ - '0');
		if (v > LIMIT_MAX)
			return -EINVAL;
		digits = true;
	}
	if (!digits)
		return -EINVAL;
	*out = (int)(neg ? -v : v);
	return 0;
}

/*
 * Like Linux's proc_dointvec: as many of the four values as are written,
 * in order; SEMMNI beyond IPCMNI is refused with ERANGE.
 */
static int
write_limits(const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;
	int v[NR_LIMITS];
	int n = 0;

	mutex_lock(&sem_ids.mutex);
	v[0] = sem_limits.semmsl;
	v[1] = sem_limits.semmns;
	v[2] = sem_limits.semopm;
	v[3] = sem_limits.semmni;
	while (n < NR_LIMITS && parse_int(&p, end, &v[n]) == 0)
		n++;
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n'))
		p++;
	if (n == 0 || (p < end && n < NR_LIMITS)) {
		mutex_unlock(&sem_ids.mutex);
		return -EINVAL;
	}
	if (v[3] > IPCMNI) {
		mutex_unlock(&sem_ids.mutex);
		return -ERANGE;
	}
	WRITE_ONCE(sem_limits.semmsl, v[0]);
	WRITE_ONCE(sem_limits.semmns, v[1]);
	WRITE_ONCE(sem_limits.semopm, v[2]);
	WRITE_ONCE(sem_limits.semmni, v[3]);
	sem_ids.limit = v[3];
	mutex_unlock(&sem_ids.mutex);
	return 0;
}

void
sem_proc_init(void)
{
	proc_create("sysvipc/sem", 0444, show_sysvipc_sem, NULL);
	proc_create("sys/kernel/sem", 0644, show_limits, write_limits);
}
