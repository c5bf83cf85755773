/*
 * sysvipc_proc.h - helpers shared by msg_proc, shm_proc and sem_proc: a
 * System V object's row in /proc/sysvipc/KIND, and the IPC limits in
 * /proc/sys/kernel, read and written as text the way sysctl(8) does.
 */
#ifndef KITE_TESTS_SYSVIPC_PROC_H
#define KITE_TESTS_SYSVIPC_PROC_H

#include "check.h"

#include <fcntl.h>

#define PROC_LIMITS_DIR	"/proc/sys/kernel/"

/*
 * The row of /proc/sysvipc/KIND (msg, shm or sem) whose second column is
 * id, into line; false if there is none. *header_ok: the file starts with
 * header exactly.
 */
static inline bool
sysvipc_row(const char *kind, const char *header, int id, char *line, size_t len,
	    bool *header_ok)
{
	char path[64];
	bool found = false;
	int key, got;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/sysvipc/%s", kind);
	*header_ok = false;
	if ((f = fopen(path, "r")) == NULL)
		return false;
	*header_ok = fgets(line, len, f) != NULL && strcmp(line, header) == 0;
	while (!found && fgets(line, len, f) != NULL)
		found = sscanf(line, "%d %d", &key, &got) == 2 && got == id;
	fclose(f);
	return found;
}

/* The text of /proc/sys/kernel/NAME into buf, NUL-terminated; false if unreadable. */
static inline bool
proc_limit_text(const char *name, char *buf, size_t len)
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), PROC_LIMITS_DIR "%s", name);
	if ((fd = open(path, O_RDONLY)) < 0)
		return false;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	return true;
}

/* A one-number limit (msgmax, shmall...); false if unreadable. */
static inline bool
proc_limit_read(const char *name, unsigned long *v)
{
	char buf[32];

	if (!proc_limit_text(name, buf, sizeof(buf)))
		return false;
	*v = strtoul(buf, NULL, 10);
	return true;
}

/* Write text to /proc/sys/kernel/NAME: 0, or the errno of the open or the write. */
static inline int
proc_limit_write(const char *name, const char *text)
{
	char path[64];
	int fd, err = 0;

	snprintf(path, sizeof(path), PROC_LIMITS_DIR "%s", name);
	if ((fd = open(path, O_WRONLY)) < 0)
		return errno;
	if (write(fd, text, strlen(text)) < 0)
		err = errno;
	close(fd);
	return err;
}

/* Set a one-number limit: 0 or an errno, as proc_limit_write. */
static inline int
proc_limit_set(const char *name, unsigned long v)
{
	char text[32];

	snprintf(text, sizeof(text), "%lu\n", v);
	return proc_limit_write(name, text);
}

#endif
