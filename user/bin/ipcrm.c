/*
 * ipcrm: remove System V IPC objects, with util-linux's options and
 * messages:
 *
 *	ipcrm [-v] [-m ID] [-M KEY] [-q ID] [-Q KEY] [-s ID] [-S KEY]...
 *	ipcrm [-v] -a[shm|msg|sem]	everything (of one kind)
 *	ipcrm shm|msg|sem ID...		the old syntax
 *
 * Options act in the order given; a failure is reported and the rest
 * still run, and the exit status is 1 if any failed.
 */
#define _GNU_SOURCE	/* program_invocation_short_name */
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "sysvipc.h"

#define USAGE	"ipcrm [-v] [-m|-q|-s ID] [-M|-Q|-S KEY] [-a[=shm|msg|sem]]\n" \
		"       ipcrm shm|msg|sem ID..."
#define ALL_KINDS	(-1)

static const char *const kind_names[] = {
	[IPCK_MSG] = "msg", [IPCK_SHM] = "shm", [IPCK_SEM] = "sem",
};
static const char *const kind_text[] = {
	[IPCK_MSG] = "message queue",
	[IPCK_SHM] = "shared memory segment",
	[IPCK_SEM] = "semaphore",
};

static int verbose;

/* The kind an option letter works on: q and Q for queues, and so on. */
static enum ipc_kind
kind_of_option(int c)
{
	switch (c) {
	case 'q':
	case 'Q':
		return IPCK_MSG;
	case 'm':
	case 'M':
		return IPCK_SHM;
	default:
		return IPCK_SEM;
	}
}

/* "shm", "msg" or "sem" as a kind, or -1. */
static int
kind_of(const char *name)
{
	int k;

	for (k = IPCK_MSG; k <= IPCK_SEM; k++)
		if (strcmp(name, kind_names[k]) == 0)
			return k;
	return -1;
}

static int
rmid(enum ipc_kind k, int id)
{
	union semun arg = { .val = 0 };

	switch (k) {
	case IPCK_MSG:
		return msgctl(id, IPC_RMID, NULL);
	case IPCK_SHM:
		return shmctl(id, IPC_RMID, NULL);
	default:
		return semctl(id, 0, IPC_RMID, arg);
	}
}

/* Remove one object; what is how the user named it, for messages. */
static int
remove_id(enum ipc_kind k, int id, int by_key, const char *what)
{
	const char *why;

	if (verbose)
		printf("removing %s id `%d'\n", kind_text[k], id);
	if (rmid(k, id) == 0)
		return 0;
	switch (errno) {
	case EACCES:
	case EPERM:
		why = "permission denied for";
		break;
	case EINVAL:
		why = "invalid";
		break;
	case EIDRM:
		why = "already removed";
		break;
	default:
		error(EXIT_FAILURE, errno, "%s failed", by_key ? "key" : "id");
	}
	error(0, 0, "%s %s (%s)", why, by_key ? "key" : "id", what);
	return -1;
}

static int
parse_id(const char *s)
{
	intmax_t v;

	if (parse_intmax(s, 10, &v) != 0 || v != (int)v)
		error(EXIT_FAILURE, 0, "failed to parse argument: '%s'", s);
	return v;
}

static int
remove_by_key(enum ipc_kind k, const char *s)
{
	char *end;
	key_t key;
	int id;

	/* Keys are decimal, 0x-hex or 0-octal; "-1" wraps as in util-linux. */
	errno = 0;
	key = (key_t)strtoul(s, &end, 0);
	if (errno != 0 || end == s || *end != '\0')
		error(EXIT_FAILURE, errno, "failed to parse argument: '%s'", s);
	if (key == IPC_PRIVATE) {
		error(0, 0, "illegal key (%s)", s);
		return -1;
	}
	id = k == IPCK_MSG ? msgget(key, 0) :
	    k == IPCK_SHM ? shmget(key, 0, 0) : semget(key, 0, 0);
	if (id >= 0)
		return remove_id(k, id, 1, s);
	if (errno == EACCES)
		error(0, 0, "permission denied for key (%s)", s);
	else if (errno == EIDRM)
		error(0, 0, "already removed key (%s)", s);
	else if (errno == ENOENT)
		error(0, 0, "invalid key (%s)", s);
	else
		error(EXIT_FAILURE, errno, "key failed");
	return -1;
}

static int
remove_all(int which)
{
	static const enum ipc_kind order[] = { IPCK_SHM, IPCK_SEM, IPCK_MSG };
	struct ipc_obj *objs;
	char idtext[16];
	long n, i;
	int r = 0;
	size_t j;
	enum ipc_kind k;

	for (j = 0; j < sizeof(order) / sizeof(order[0]); j++) {
		k = order[j];
		if (which != ALL_KINDS && which != (int)k)
			continue;
		if ((n = ipc_list(k, &objs)) < 0)
			error(EXIT_FAILURE, 0, "kernel not configured for %ss",
			    kind_text[k]);
		for (i = 0; i < n; i++) {
			snprintf(idtext, sizeof(idtext), "%d", objs[i].id);
			r |= remove_id(k, objs[i].id, 0, idtext);
		}
		free(objs);
	}
	return r;
}

/* ipcrm shm|msg|sem ID...: the syntax of old Linux ipcrm. */
static int
old_syntax(enum ipc_kind k, int argc, char **argv)
{
	uintmax_t v;
	int i, bad = 0;

	if (argc < 3)
		usage_error("not enough arguments", NULL);
	for (i = 2; i < argc; i++) {
		if (parse_uintmax(argv[i], 10, &v) != 0 || v > INT32_MAX) {
			error(0, 0, "invalid id: %s", argv[i]);
			bad = 1;
		} else if (remove_id(k, v, 0, argv[i]) != 0) {
			bad = 1;
		}
	}
	if (bad)
		return EXIT_FAILURE;
	printf("resource(s) deleted\n");
	return EXIT_SUCCESS;
}

int
main(int argc, char **argv)
{
	int c, k, failed = 0, all = 0, which = ALL_KINDS;

	if (argc > 1 && (k = kind_of(argv[1])) >= 0)
		return old_syntax(k, argc, argv);
	while ((c = getopt_help(argc, argv, "q:m:s:Q:M:S:a::v", USAGE,
	    EXIT_FAILURE)) != -1) {
		switch (c) {
		case 'q':
		case 'm':
		case 's':
			failed |= remove_id(kind_of_option(c), parse_id(optarg),
			    0, optarg);
			break;
		case 'Q':
		case 'M':
		case 'S':
			failed |= remove_by_key(kind_of_option(c), optarg);
			break;
		case 'a':
			all = 1;
			if (optarg != NULL && (which = kind_of(optarg)) < 0)
				error(EXIT_FAILURE, 0, "unknown argument: %s",
				    optarg);
			break;
		case 'v':
			verbose = 1;
			break;
		}
	}
	if (all)
		failed |= remove_all(which);
	if (optind < argc) {
		error(0, 0, "unknown argument: %s", argv[optind]);
		try_help();
	}
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
