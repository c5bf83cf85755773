/*
 * System V message queues: Linux's riscv64 (asm-generic, 64-bit) ABI for
 * msgget(2), msgsnd(2), msgrcv(2) and msgctl(2).
 */
#ifndef KITE_UAPI_MSG_H
#define KITE_UAPI_MSG_H

#include <types.h>
#include <uapi/ipc.h>

/* Limits (Linux's defaults; msgmax, msgmnb and msgmni are in /proc/sys/kernel). */
#define MSGMAX		8192		/* bytes in one message */
#define MSGMNB		16384		/* default msg_qbytes of a queue */
#define MSGMNI		32000		/* queues */
#define MSGPOOL		(MSGMNI * MSGMNB / 1024)	/* IPC_INFO's figures, as Linux reports them */
#define MSGTQL		MSGMNB
#define MSGMAP		MSGMNB
#define MSGSSZ		16
#define MSGSEG		0xffff

/* msgrcv flags. */
#define MSG_NOERROR	010000		/* truncate a long message */
#define MSG_EXCEPT	020000		/* the first message not of type msgtyp */
#define MSG_COPY	040000		/* copy message number msgtyp, leave it queued */

/* msgctl commands beyond IPC_RMID/IPC_SET/IPC_STAT/IPC_INFO. */
#define MSG_STAT	11
#define MSG_INFO	12
#define MSG_STAT_ANY	13

struct msqid64_ds {
	struct ipc64_perm msg_perm;
	long msg_stime;			/* last msgsnd, seconds since the epoch */
	long msg_rtime;			/* last msgrcv */
	long msg_ctime;			/* creation or last IPC_SET */
	unsigned long msg_cbytes;	/* bytes queued */
	unsigned long msg_qnum;		/* messages queued */
	unsigned long msg_qbytes;	/* most bytes the queue may hold */
	int msg_lspid;			/* last msgsnd */
	int msg_lrpid;			/* last msgrcv */
	unsigned long __unused4;
	unsigned long __unused5;
};

/* IPC_INFO and MSG_INFO (which reuses some fields for usage figures). */
struct msginfo {
	int msgpool;
	int msgmap;
	int msgmax;
	int msgmnb;
	int msgmni;
	int msgssz;
	int msgtql;
	unsigned short msgseg;
};

#endif
