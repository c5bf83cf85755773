/*
 * System V IPC: flags, control commands and the permission structure shared
 * by semaphores, message queues and shared memory (Linux's uapi ipc.h and
 * asm-generic ipcbuf.h, which riscv64 uses).
 */
#ifndef KITE_UAPI_IPC_H
#define KITE_UAPI_IPC_H

#include <types.h>

#define IPC_PRIVATE	0

/* Flags of semget/msgget/shmget (with the low nine permission bits). */
#define IPC_CREAT	00001000
#define IPC_EXCL	00002000
#define IPC_NOWAIT	00004000

/* Control commands common to all three kinds. */
#define IPC_RMID	0
#define IPC_SET		1
#define IPC_STAT	2
#define IPC_INFO	3

/*
 * Old 32-bit layouts were selected by a cmd without this bit. riscv64 only
 * has the 64-bit layouts and its semctl/msgctl/shmctl take cmd as given, so
 * a cmd carrying IPC_64 is an unknown command there (EINVAL), as on Linux.
 */
#define IPC_64		0x0100

#define IPC_PERM_BITS	0777	/* the rwx bits of mode that IPC_SET may change */

/* The bits ipcperms() is asked about: read and write for owner/group/other. */
#define IPC_READ	0444
#define IPC_WRITE	0222

/* Slot bits of an id: id = seq * IPCMNI + slot (Linux's IPCMNI_SHIFT 15). */
#define IPCMNI_SHIFT	15
#define IPCMNI		(1 << IPCMNI_SHIFT)
#define IPCID_SEQ_MAX	(0x7fffffff >> IPCMNI_SHIFT)

/* asm-generic ipcbuf.h: 48 bytes on 64-bit. */
struct ipc64_perm {
	int32_t key;
	uint32_t uid;
	uint32_t gid;
	uint32_t cuid;
	uint32_t cgid;
	uint32_t mode;
	uint16_t seq;
	uint16_t pad2;
	unsigned long unused1;
	unsigned long unused2;
};

#endif
