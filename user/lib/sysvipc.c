/*
 * Listing System V IPC objects: /proc/sysvipc first, the *_STAT walk as a
 * fallback (see sysvipc.h).  The two give the same data in the same order;
 * /proc also shows objects the caller may not read, like util-linux.
 */
#define _GNU_SOURCE	/* MSG_STAT, SHM_INFO, struct seminfo... */
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "sysvipc.h"

/*
 * Permissions, SHM_DEST and SHM_LOCKED all live in the low 16 bits; some
 * emulators (qemu-user) leave the upper half of the 32-bit field undefined.
 */
#define MODE_BITS	0177777

static const char *const proc_files[] = {
	[IPCK_MSG] = "/proc/sysvipc/msg",
	[IPCK_SHM] = "/proc/sysvipc/shm",
	[IPCK_SEM] = "/proc/sysvipc/sem",
};

struct objlist {
	struct ipc_obj *v;
	long	 n, cap;
};

static struct ipc_obj *
objlist_add(struct objlist *l)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	return memset(&l->v[l->n++], 0, sizeof(*l->v));
}

/* One line of /proc/sysvipc/KIND into o; 0 if it parsed. */
static int
parse_proc_line(enum ipc_kind kind, const char *line, struct ipc_obj *o)
{
	long long t[3] = { 0, 0, 0 };
	int n;

	switch (kind) {
	case IPCK_MSG:
		n = sscanf(line, "%d %d %o %ju %ju %d %d %u %u %u %u %lld %lld %lld",
		    &o->key, &o->id, &o->mode, &o->size, &o->count, &o->cpid,
		    &o->lpid, &o->uid, &o->gid, &o->cuid, &o->cgid, &t[0],
		    &t[1], &t[2]);
		break;
	case IPCK_SHM:
		n = sscanf(line, "%d %d %o %ju %d %d %ju %u %u %u %u %lld %lld %lld",
		    &o->key, &o->id, &o->mode, &o->size, &o->cpid, &o->lpid,
		    &o->count, &o->uid, &o->gid, &o->cuid, &o->cgid, &t[0],
		    &t[1], &t[2]);
		break;
	default:
		n = sscanf(line, "%d %d %o %ju %u %u %u %u %lld %lld",
		    &o->key, &o->id, &o->mode, &o->size, &o->uid, &o->gid,
		    &o->cuid, &o->cgid, &t[0], &t[1]) + 4;
		break;
	}
	o->time[0] = t[0];
	o->time[1] = t[1];
	o->time[2] = t[2];
	return n == 14 ? 0 : -1;
}

static long
list_proc(enum ipc_kind kind, struct objlist *l)
{
	FILE *f = fopen(proc_files[kind], "re");
	char *line = NULL;
	size_t cap = 0;
	int header = 1;

	if (f == NULL)
		return -1;
	while (read_line(f, &line, &cap) > 0) {
		if (header) {
			header = 0;
			continue;
		}
		if (parse_proc_line(kind, line, objlist_add(l)) != 0)
			l->n--;
	}
	free(line);
	fclose(f);
	return l->n;
}

/*
 * A *_STAT result: the kind's own fields in kind, completed with the
 * permission part every kind has; 0.
 */
static int
found(struct ipc_obj *o, int id, const struct ipc_perm *p, struct ipc_obj kind)
{
	*o = kind;
	o->key = p->__key;
	o->id = id;
	o->uid = p->uid;
	o->gid = p->gid;
	o->cuid = p->cuid;
	o->cgid = p->cgid;
	o->mode = p->mode & MODE_BITS;
	return 0;
}

/* Each kind's *_STAT of index into o: 0, or -1 if the slot is empty or unreadable. */
static int
stat_msg(int index, struct ipc_obj *o)
{
	struct msqid_ds ds;
	int id = msgctl(index, MSG_STAT, &ds);

	return id < 0 ? -1 : found(o, id, &ds.msg_perm, (struct ipc_obj){
	    .size = ds.__msg_cbytes, .count = ds.msg_qnum,
	    .cpid = ds.msg_lspid, .lpid = ds.msg_lrpid,
	    .time = { ds.msg_stime, ds.msg_rtime, ds.msg_ctime } });
}

static int
stat_shm(int index, struct ipc_obj *o)
{
	struct shmid_ds ds;
	int id = shmctl(index, SHM_STAT, &ds);

	return id < 0 ? -1 : found(o, id, &ds.shm_perm, (struct ipc_obj){
	    .size = ds.shm_segsz, .count = ds.shm_nattch,
	    .cpid = ds.shm_cpid, .lpid = ds.shm_lpid,
	    .time = { ds.shm_atime, ds.shm_dtime, ds.shm_ctime } });
}

static int
stat_sem(int index, struct ipc_obj *o)
{
	struct semid_ds ds;
	int id = semctl(index, 0, SEM_STAT, (union semun){ .buf = &ds });

	return id < 0 ? -1 : found(o, id, &ds.sem_perm, (struct ipc_obj){
	    .size = ds.sem_nsems, .time = { ds.sem_otime, ds.sem_ctime } });
}

/* The highest index in use (the *_INFO result), or -1 if unsupported. */
static int
max_index(enum ipc_kind kind)
{
	struct msginfo mi;
	struct shm_info si;
	struct seminfo sem;
	union semun arg = { .__buf = &sem };

	switch (kind) {
	case IPCK_MSG:
		return msgctl(0, MSG_INFO, (struct msqid_ds *)(void *)&mi);
	case IPCK_SHM:
		return shmctl(0, SHM_INFO, (struct shmid_ds *)(void *)&si);
	default:
		return semctl(0, 0, SEM_INFO, arg);
	}
}

static long
list_ctl(enum ipc_kind kind, struct objlist *l)
{
	static int (*const stat_fn[])(int, struct ipc_obj *) = {
		[IPCK_MSG] = stat_msg,
		[IPCK_SHM] = stat_shm,
		[IPCK_SEM] = stat_sem,
	};
	int maxid = max_index(kind), i;

	if (maxid < 0)
		return -1;
	for (i = 0; i <= maxid; i++)
		if (stat_fn[kind](i, objlist_add(l)) != 0)
			l->n--;
	return l->n;
}

long
ipc_list(enum ipc_kind kind, struct ipc_obj **out)
{
	struct objlist l = { NULL, 0, 0 };
	long n = list_proc(kind, &l);

	if (n < 0)
		n = list_ctl(kind, &l);
	*out = l.v;
	return n;
}
