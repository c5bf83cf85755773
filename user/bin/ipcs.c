/*
 * ipcs: show System V IPC facilities, in util-linux's output format.
 *
 *	ipcs [-m] [-q] [-s] [-a] [-t | -p | -c | -l | -u] [-b]
 *	ipcs -m|-q|-s -i ID
 *
 * Sections come in the order message queues, shared memory, semaphores,
 * each as "------ TITLE --------", a column header and one row per object
 * (from /proc/sysvipc, else the *_STAT calls: see user/lib/sysvipc.c).
 * -l reads the limits from /proc/sys/kernel, else IPC_INFO; -u asks the
 * kernel for MSG_INFO, SHM_INFO and SEM_INFO.
 */
#define _GNU_SOURCE	/* MSG_INFO, struct msginfo, struct shm_info... */
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util.h"
#include "sysvipc.h"

#define USAGE	"ipcs [-m] [-q] [-s] [-a] [-t|-p|-c|-l|-u] [-b]\n" \
		"       ipcs -m|-q|-s -i ID"
#define NOT_SET	"Not set"
#define PERM_BITS 0777
#define SEMVMX	32767	/* Linux's fixed maximum semaphore value */
#define SHMMIN	1	/* Linux's fixed minimum segment size */
#define KIB	1024

enum format { F_DEFAULT, F_LIMITS, F_STATUS, F_CREATOR, F_TIME, F_PID, F_NUM };
enum unit { U_DEFAULT, U_BYTES, U_KB };

static const struct kind {
	const char *idname;	/* column name of the id */
	const char *none;	/* when the kernel lacks this kind of IPC */
	const char *title[F_NUM];
} kinds[] = {
	[IPCK_MSG] = { "msqid", "message queues", {
		"Message Queues", "Messages Limits", "Messages Status",
		"Message Queues Creators/Owners",
		"Message Queues Send/Recv/Change Times",
		"Message Queues PIDs" } },
	[IPCK_SHM] = { "shmid", "shared memory", {
		"Shared Memory Segments", "Shared Memory Limits",
		"Shared Memory Status", "Shared Memory Segment Creators/Owners",
		"Shared Memory Attach/Detach/Change Times",
		"Shared Memory Creator/Last-op PIDs" } },
	[IPCK_SEM] = { "semid", "semaphores", {
		"Semaphore Arrays", "Semaphore Limits", "Semaphore Status",
		"Semaphore Arrays Creators/Owners",
		"Semaphore Operation/Change Times", NULL } },
};

static enum unit unit = U_DEFAULT;

static void
title(enum ipc_kind k, enum format f)
{
	printf("------ %s --------\n", kinds[k].title[f]);
}

/* A limit or count line: "LABEL = N", "LABEL (bytes) = N" and so on. */
static void
print_size(enum unit u, const char *label, uintmax_t n, const char *end)
{
	if (u == U_KB)
		printf("%s (kbytes) = %ju\n", label, n / KIB);
	else if (u == U_BYTES)
		printf("%s (bytes) = %ju\n", label, n);
	else
		printf("%s = %ju%s", label, n, end);
}

/* ctime(3) without its newline, or "Not set" for 0; skip drops the day. */
static const char *
time_text(time_t t, int skip)
{
	return t != 0 ? ctime(&t) + skip : NOT_SET;
}

static void
print_owner(int id, int idwidth, uid_t uid)
{
	const char *name = user_name(uid);

	if (name != NULL)
		printf("%-*d %-10.10s", idwidth, id, name);
	else
		printf("%-*d %-10u", idwidth, id, uid);
}

static void
print_user(uid_t uid)
{
	const char *name = user_name(uid);

	if (name != NULL)
		printf(" %-10s", name);
	else
		printf(" %-10u", uid);
}

static void
print_group(gid_t gid)
{
	const char *name = group_name(gid);

	if (name != NULL)
		printf(" %-10s", name);
	else
		printf(" %-10u", gid);
}

static void
header(enum ipc_kind k, enum format f)
{
	const char *id = kinds[k].idname;

	switch (f) {
	case F_CREATOR:
		printf("%-10s %-10s %-10s %-10s %-10s %-10s\n", id, "perms",
		    "cuid", "cgid", "uid", "gid");
		break;
	case F_TIME:
		if (k == IPCK_SEM)
			printf("%-8s %-10s %-26.24s %-26.24s\n", id, "owner",
			    "last-op", "last-changed");
		else if (k == IPCK_SHM)
			printf("%-10s %-10s %-20s %-20s %-20s\n", id, "owner",
			    "attached", "detached", "changed");
		else
			printf("%-8s %-10s %-20s %-20s %-20s\n", id, "owner",
			    "send", "recv", "change");
		break;
	case F_PID:
		printf("%-10s %-10s %-10s %-10s\n", id, "owner",
		    k == IPCK_SHM ? "cpid" : "lspid",
		    k == IPCK_SHM ? "lpid" : "lrpid");
		break;
	default:
		printf("%-10s %-10s %-10s %-10s ", "key", id, "owner", "perms");
		if (k == IPCK_MSG)
			printf("%-12s %-12s\n", "used-bytes", "messages");
		else if (k == IPCK_SHM)
			printf("%-10s %-10s %-12s\n", "bytes", "nattch",
			    "status");
		else
			printf("%-10s\n", "nsems");
		break;
	}
}

static void
row(enum ipc_kind k, enum format f, const struct ipc_obj *o)
{
	int i;

	switch (f) {
	case F_CREATOR:
		printf("%-10d %-10o", o->id, o->mode & PERM_BITS);
		print_user(o->cuid);
		print_group(o->cgid);
		print_user(o->uid);
		print_group(o->gid);
		putchar('\n');
		break;
	case F_TIME:
		print_owner(o->id, k == IPCK_SHM ? 10 : 8, o->uid);
		if (k == IPCK_SEM) {
			printf("  %-26.24s", time_text(o->time[0], 0));
			printf(" %-26.24s\n", time_text(o->time[1], 0));
			break;
		}
		/* ctime() reuses its buffer: one call per printf. */
		for (i = 0; i < 3; i++)
			printf(" %-20.16s", time_text(o->time[i], 4));
		putchar('\n');
		break;
	case F_PID:
		print_owner(o->id, k == IPCK_SHM ? 10 : 8, o->uid);
		if (k == IPCK_SHM)
			printf(" %-10d %-10d\n", o->cpid, o->lpid);
		else
			printf("  %5d     %5d\n", o->cpid, o->lpid);
		break;
	default:
		printf("0x%08x ", (unsigned int)o->key);
		print_owner(o->id, 10, o->uid);
		printf(" %-10o ", o->mode & PERM_BITS);
		if (k == IPCK_MSG)
			printf("%-12ju %-12ju\n", o->size, o->count);
		else if (k == IPCK_SHM)
			printf("%-10ju %-10ju %-6s %-6s\n", o->size, o->count,
			    (o->mode & SHM_DEST) ? "dest" : " ",
			    (o->mode & SHM_LOCKED) ? "locked" : " ");
		else
			printf("%-10ju\n", o->size);
		break;
	}
}

static void
list(enum ipc_kind k, enum format f)
{
	struct ipc_obj *objs;
	long n, i;

	/* Semaphores have no PIDs to show: util-linux prints nothing. */
	if (kinds[k].title[f] == NULL)
		return;
	title(k, f);
	header(k, f);
	n = ipc_list(k, &objs);
	for (i = 0; i < n; i++)
		row(k, f, &objs[i]);
	free(objs);
}

/* A number from /proc/sys/kernel/NAME; 0 if it could be read. */
static int
read_sysctl(const char *name, uintmax_t *v, int count)
{
	char path[64], *text, *p, *end;
	int i;

	snprintf(path, sizeof(path), "/proc/sys/kernel/%s", name);
	if ((text = read_file(path, NULL)) == NULL)
		return -1;
	for (i = 0, p = text; i < count; i++, p = end) {
		errno = 0;
		v[i] = strtoumax(p, &end, 10);
		if (end == p || errno != 0)
			break;
	}
	free(text);
	return i == count ? 0 : -1;
}

static int
msg_limits(uintmax_t lim[3])
{
	struct msginfo mi;

	if (read_sysctl("msgmni", &lim[0], 1) == 0 &&
	    read_sysctl("msgmax", &lim[1], 1) == 0 &&
	    read_sysctl("msgmnb", &lim[2], 1) == 0)
		return 0;
	if (msgctl(0, IPC_INFO, (struct msqid_ds *)(void *)&mi) < 0)
		return -1;
	lim[0] = mi.msgmni;
	lim[1] = mi.msgmax;
	lim[2] = mi.msgmnb;
	return 0;
}

static int
shm_limits(uintmax_t lim[4])
{
	struct shminfo si;

	lim[3] = SHMMIN;
	if (read_sysctl("shmmni", &lim[0], 1) == 0 &&
	    read_sysctl("shmmax", &lim[1], 1) == 0 &&
	    read_sysctl("shmall", &lim[2], 1) == 0)
		return 0;
	if (shmctl(0, IPC_INFO, (struct shmid_ds *)(void *)&si) < 0)
		return -1;
	lim[0] = si.shmmni;
	lim[1] = si.shmmax;
	lim[2] = si.shmall;
	lim[3] = si.shmmin;
	return 0;
}

/* SEMMSL SEMMNS SEMOPM SEMMNI SEMVMX, in /proc/sys/kernel/sem's order. */
static int
sem_limits(uintmax_t lim[5])
{
	struct seminfo si;
	union semun arg = { .__buf = &si };

	lim[4] = SEMVMX;
	if (read_sysctl("sem", lim, 4) == 0)
		return 0;
	if (semctl(0, 0, IPC_INFO, arg) < 0)
		return -1;
	lim[0] = si.semmsl;
	lim[1] = si.semmns;
	lim[2] = si.semopm;
	lim[3] = si.semmni;
	lim[4] = si.semvmx;
	return 0;
}

/* shmall pages as kibibytes or bytes, saturating like util-linux. */
static uintmax_t
pages_to(uintmax_t pages, uintmax_t per_page)
{
	if (pages != 0 && pages * per_page / pages != per_page)
		return UINTMAX_MAX - UINTMAX_MAX % per_page;
	return pages * per_page;
}

static void
limits(enum ipc_kind k)
{
	uintmax_t lim[5], page = sysconf(_SC_PAGESIZE);
	static const char *const fail[] = {
		[IPCK_MSG] = "message", [IPCK_SHM] = "shared memory",
		[IPCK_SEM] = "semaphore",
	};
	int r = k == IPCK_MSG ? msg_limits(lim) :
	    k == IPCK_SHM ? shm_limits(lim) : sem_limits(lim);

	if (r != 0) {
		printf("unable to fetch %s limits\n", fail[k]);
		return;
	}
	title(k, F_LIMITS);
	if (k == IPCK_MSG) {
		printf("max queues system wide = %ju\n", lim[0]);
		print_size(unit == U_DEFAULT ? U_BYTES : unit,
		    "max size of message", lim[1], "\n");
		print_size(unit == U_DEFAULT ? U_BYTES : unit,
		    "default max size of queue", lim[2], "\n");
	} else if (k == IPCK_SHM) {
		printf("max number of segments = %ju\n", lim[0]);
		print_size(unit == U_DEFAULT ? U_KB : unit, "max seg size",
		    lim[1], "\n");
		if (unit == U_DEFAULT)
			print_size(U_DEFAULT, "max total shared memory (kbytes)",
			    pages_to(lim[2], page / KIB), "\n");
		else
			print_size(unit, "max total shared memory",
			    pages_to(lim[2], page), "\n");
		print_size(unit == U_DEFAULT ? U_BYTES : unit, "min seg size",
		    lim[3], "\n");
	} else {
		printf("max number of arrays = %ju\n", lim[3]);
		printf("max semaphores per array = %ju\n", lim[0]);
		printf("max semaphores system wide = %ju\n", lim[1]);
		printf("max ops per semop call = %ju\n", lim[2]);
		printf("semaphore max value = %ju\n", lim[4]);
	}
}

static void
status(enum ipc_kind k)
{
	struct msginfo mi;
	struct shm_info si;
	struct seminfo sem;
	union semun arg = { .__buf = &sem };
	int r = k == IPCK_MSG ?
	    msgctl(0, MSG_INFO, (struct msqid_ds *)(void *)&mi) :
	    k == IPCK_SHM ? shmctl(0, SHM_INFO, (struct shmid_ds *)(void *)&si) :
	    semctl(0, 0, SEM_INFO, arg);

	if (r < 0) {
		printf("kernel not configured for %s\n", kinds[k].none);
		return;
	}
	title(k, F_STATUS);
	if (k == IPCK_MSG) {
		printf("allocated queues = %d\n", mi.msgpool);
		printf("used headers = %d\n", mi.msgmap);
		print_size(unit, "used space", mi.msgtql,
		    unit == U_DEFAULT ? " bytes\n" : "\n");
	} else if (k == IPCK_SHM) {
		printf("segments allocated %d\npages allocated %lu\n"
		    "pages resident  %lu\npages swapped   %lu\n"
		    "Swap performance: %lu attempts\t %lu successes\n",
		    si.used_ids, si.shm_tot, si.shm_rss, si.shm_swp,
		    si.swap_attempts, si.swap_successes);
	} else {
		printf("used arrays = %d\n", sem.semusz);
		printf("allocated semaphores = %d\n", sem.semaem);
	}
}

static void
section(enum ipc_kind k, enum format f)
{
	if (f == F_LIMITS)
		limits(k);
	else if (f == F_STATUS)
		status(k);
	else
		list(k, f);
	putchar('\n');
}

static void
detail_shm(const struct ipc_obj *o)
{
	printf("\nShared memory Segment shmid=%d\n", o->id);
	printf("uid=%u\tgid=%u\tcuid=%u\tcgid=%u\n", o->uid, o->gid, o->cuid,
	    o->cgid);
	printf("mode=%#o\taccess_perms=%#o\n", o->mode, o->mode & PERM_BITS);
	printf("bytes=%ju\tlpid=%d\tcpid=%d\tnattch=%ju\n", o->size, o->lpid,
	    o->cpid, o->count);
	printf("att_time=%-26.24s\n", time_text(o->time[0], 0));
	printf("det_time=%-26.24s\n", time_text(o->time[1], 0));
	printf("change_time=%-26.24s\n", time_text(o->time[2], 0));
}

static void
detail_msg(const struct ipc_obj *o)
{
	struct msqid_ds ds;
	/* /proc does not show the queue's capacity: ask for it. */
	uintmax_t qbytes = msgctl(o->id, IPC_STAT, &ds) == 0 ? ds.msg_qbytes : 0;

	printf("\nMessage Queue msqid=%d\n", o->id);
	printf("uid=%u\tgid=%u\tcuid=%u\tcgid=%u\tmode=%#o\n", o->uid, o->gid,
	    o->cuid, o->cgid, o->mode);
	printf("cbytes=%ju\tqbytes=%ju\tqnum=%ju\tlspid=%d\tlrpid=%d\n",
	    o->size, qbytes, o->count, o->cpid, o->lpid);
	printf("send_time=%-26.24s\n", time_text(o->time[0], 0));
	printf("rcv_time=%-26.24s\n", time_text(o->time[1], 0));
	printf("change_time=%-26.24s\n", time_text(o->time[2], 0));
}

static int
sem_value(int id, uintmax_t num, int cmd)
{
	union semun arg = { .val = 0 };
	int v = semctl(id, num, cmd, arg);

	if (v < 0)
		error(EXIT_FAILURE, errno, "semctl failed");
	return v;
}

static void
detail_sem(const struct ipc_obj *o)
{
	uintmax_t i;

	printf("\nSemaphore Array semid=%d\n", o->id);
	printf("uid=%u\t gid=%u\t cuid=%u\t cgid=%u\n", o->uid, o->gid,
	    o->cuid, o->cgid);
	printf("mode=%#o, access_perms=%#o\n", o->mode, o->mode & PERM_BITS);
	printf("nsems = %ju\n", o->size);
	printf("otime = %-26.24s\n", time_text(o->time[0], 0));
	printf("ctime = %-26.24s\n", time_text(o->time[1], 0));
	printf("%-10s %-10s %-10s %-10s %-10s\n", "semnum", "value", "ncount",
	    "zcount", "pid");
	for (i = 0; i < o->size; i++)
		printf("%-10ju %-10d %-10d %-10d %-10d\n", i,
		    sem_value(o->id, i, GETVAL), sem_value(o->id, i, GETNCNT),
		    sem_value(o->id, i, GETZCNT), sem_value(o->id, i, GETPID));
}

static void
detail(enum ipc_kind k, int id)
{
	static void (*const show[])(const struct ipc_obj *) = {
		[IPCK_MSG] = detail_msg,
		[IPCK_SHM] = detail_shm,
		[IPCK_SEM] = detail_sem,
	};
	struct ipc_obj *objs;
	long n = ipc_list(k, &objs), i;

	for (i = 0; i < n && objs[i].id != id; i++)
		continue;
	if (i < n) {
		show[k](&objs[i]);
		putchar('\n');
	} else {
		error(0, 0, "id %d not found", id);
	}
	free(objs);
}

int
main(int argc, char **argv)
{
	int want[3] = { 0, 0, 0 }, c, id = 0, by_id = 0;
	enum format f = F_DEFAULT;
	enum ipc_kind k;
	intmax_t v;

	while ((c = getopt_help(argc, argv, "i:qmsatpclubh", USAGE,
	    EXIT_FAILURE)) != -1) {
		switch (c) {
		case 'i':
			if (parse_intmax(optarg, 10, &v) != 0 || v != (int)v)
				error(EXIT_FAILURE, 0,
				    "failed to parse id argument: '%s'", optarg);
			id = v;
			by_id = 1;
			break;
		case 'a': want[IPCK_MSG] = want[IPCK_SHM] = want[IPCK_SEM] = 1; break;
		case 'q': want[IPCK_MSG] = 1; break;
		case 'm': want[IPCK_SHM] = 1; break;
		case 's': want[IPCK_SEM] = 1; break;
		case 't': f = F_TIME; break;
		case 'p': f = F_PID; break;
		case 'c': f = F_CREATOR; break;
		case 'l': f = F_LIMITS; break;
		case 'u': f = F_STATUS; break;
		case 'b': unit = U_BYTES; break;
		case 'h':
			printf("Usage: %s\n", USAGE);
			return EXIT_SUCCESS;
		}
	}
	if (by_id) {
		if (want[0] + want[1] + want[2] != 1)
			error(EXIT_FAILURE, 0, "when using an ID, a single "
			    "resource must be specified");
		for (k = IPCK_MSG; k <= IPCK_SEM; k++)
			if (want[k])
				detail(k, id);
		return EXIT_SUCCESS;
	}
	if (!want[0] && !want[1] && !want[2])
		want[IPCK_MSG] = want[IPCK_SHM] = want[IPCK_SEM] = 1;
	putchar('\n');
	for (k = IPCK_MSG; k <= IPCK_SEM; k++)
		if (want[k])
			section(k, f);
	return fflush(stdout) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
