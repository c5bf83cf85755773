/*
 * System V shared memory: Linux's riscv64 (asm-generic, 64-bit) ABI for
 * shmget(2), shmat(2), shmdt(2) and shmctl(2).
 */
#ifndef KITE_UAPI_SHM_H
#define KITE_UAPI_SHM_H

#include <types.h>
#include <memlayout.h>
#include <uapi/ipc.h>

/* Limits (Linux's defaults; shmmax, shmall and shmmni are in /proc/sys/kernel). */
#define SHMMIN		1UL
#define SHMMNI		4096
#define SHMMAX		(~0UL - (1UL << 24))
#define SHMALL		(~0UL - (1UL << 24))	/* in pages */
#define SHMSEG		SHMMNI		/* attachments per process: not enforced, as Linux */
#define SHMLBA		PAGE_SIZE	/* riscv64 */

/* shmat flags. */
#define SHM_RDONLY	010000
#define SHM_RND		020000
#define SHM_REMAP	040000
#define SHM_EXEC	0100000

/* shmget flags beyond the permission bits (hugetlb is not provided). */
#define SHM_HUGETLB	04000
#define SHM_NORESERVE	010000

/* shm_perm.mode bits the kernel sets. */
#define SHM_DEST	01000		/* destroyed at the last detach */
#define SHM_LOCKED	02000		/* SHM_LOCK'ed */

/* shmctl commands beyond IPC_RMID/IPC_SET/IPC_STAT/IPC_INFO. */
#define SHM_LOCK	11
#define SHM_UNLOCK	12
#define SHM_STAT	13
#define SHM_INFO	14
#define SHM_STAT_ANY	15

struct shmid64_ds {
	struct ipc64_perm shm_perm;
	size_t shm_segsz;		/* bytes, as requested */
	long shm_atime;			/* last shmat, seconds since the epoch */
	long shm_dtime;			/* last shmdt */
	long shm_ctime;			/* creation or last IPC_SET */
	int shm_cpid;
	int shm_lpid;			/* last shmat/shmdt */
	unsigned long shm_nattch;
	unsigned long __unused4;
	unsigned long __unused5;
};

/* IPC_INFO */
struct shminfo64 {
	unsigned long shmmax, shmmin, shmmni, shmseg, shmall;
	unsigned long __unused1, __unused2, __unused3, __unused4;
};

/* SHM_INFO */
struct shm_info {
	int used_ids;
	unsigned long shm_tot;		/* pages of all segments */
	unsigned long shm_rss;		/* pages resident */
	unsigned long shm_swp;
	unsigned long swap_attempts;
	unsigned long swap_successes;
};

#endif
