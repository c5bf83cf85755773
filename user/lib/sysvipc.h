/*
 * The System V IPC objects of the caller's IPC namespace, as ipcs and
 * ipcrm see them.  Read from /proc/sysvipc/{msg,shm,sem} when that is
 * mounted, as util-linux does, otherwise by walking every index up to the
 * highest in use with MSG_STAT, SHM_STAT or SEM_STAT.
 */
#ifndef KITE_SYSVIPC_H
#define KITE_SYSVIPC_H

#include <sys/types.h>
#include <stdint.h>
#include <time.h>

enum ipc_kind { IPCK_MSG, IPCK_SHM, IPCK_SEM };

/* Fields that a kind does not have stay zero. */
struct ipc_obj {
	key_t	 key;
	int	 id;
	uid_t	 uid, cuid;
	gid_t	 gid, cgid;
	unsigned int mode;	/* with SHM_DEST and SHM_LOCKED for shm */
	uintmax_t size;		/* shm: bytes; msg: bytes queued; sem: nsems */
	uintmax_t count;	/* shm: attachments; msg: messages queued */
	pid_t	 cpid, lpid;	/* shm: creator, last op; msg: last snd, rcv */
	time_t	 time[3];	/* shm: attach, detach, change; msg: send,
				   receive, change; sem: last op, change */
};

/* semctl(2)'s fourth argument, which the caller must define. */
union semun {
	int	 val;
	struct semid_ds *buf;
	unsigned short *array;
	struct seminfo *__buf;
};

/* All objects of a kind, in index order; their number, or -1 if IPC of
 * that kind is not available at all. */
long	 ipc_list(enum ipc_kind, struct ipc_obj **);

#endif
