/*
 * System V semaphores: semop flags, semctl commands, structures and default
 * limits (Linux's uapi sem.h, asm-generic sembuf.h for riscv64).
 */
#ifndef KITE_UAPI_SEM_H
#define KITE_UAPI_SEM_H

#include <uapi/ipc.h>

#define SEM_UNDO	0x1000	/* sem_flg: undo the operation at exit */

/* semctl commands (with IPC_RMID, IPC_SET, IPC_STAT, IPC_INFO). */
#define GETPID		11
#define GETVAL		12
#define GETALL		13
#define GETNCNT		14
#define GETZCNT		15
#define SETVAL		16
#define SETALL		17
#define SEM_STAT	18
#define SEM_INFO	19
#define SEM_STAT_ANY	20

/* Default limits; the first four are settable through /proc/sys/kernel/sem. */
#define SEMMSL		32000		/* semaphores per set */
#define SEMMNS		1024000000	/* semaphores in all sets */
#define SEMOPM		500		/* operations per semop call */
#define SEMMNI		32000		/* sets */
#define SEMVMX		32767		/* largest semaphore value */
#define SEMAEM		SEMVMX		/* largest adjust-on-exit value */
/* Figures IPC_INFO reports that Linux never enforces. */
#define SEMMAP		SEMMNS
#define SEMMNU		SEMMNS
#define SEMUME		SEMOPM
#define SEMUSZ		20

struct sembuf {
	uint16_t sem_num;
	int16_t sem_op;
	int16_t sem_flg;
};

/* asm-generic sembuf.h, 64-bit: 88 bytes. */
struct semid64_ds {
	struct ipc64_perm sem_perm;
	long sem_otime;
	long sem_ctime;
	unsigned long sem_nsems;
	unsigned long unused3;
	unsigned long unused4;
};

struct seminfo {
	int semmap;
	int semmni;
	int semmns;
	int semmnu;
	int semmsl;
	int semopm;
	int semume;
	int semusz;
	int semvmx;
	int semaem;
};

#endif
