/*
 * Redirections.  For a command run in the shell itself (a builtin, a
 * compound command) every descriptor changed is first saved as a
 * close-on-exec copy above the user's range, and put back afterwards;
 * in a child that is about to exec, save is NULL and the changes stay.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

/* Descriptors the shell keeps for itself start here, as in other shells. */
#define SAVED_FD_MIN	10

#define CREATE_MODE	(S_IRUSR | S_IWUSR | S_IRGRP | S_IWGRP | S_IROTH | S_IWOTH)

static void
save_fd(struct fdsave *save, int fd)
{
	int i, copy;

	if (save == NULL)
		return;
	for (i = 0; i < save->n; i++)
		if (save->v[i].fd == fd)
			return;
	copy = fcntl(fd, F_DUPFD_CLOEXEC, SAVED_FD_MIN);
	save->v = xrealloc(save->v, (save->n + 1) * sizeof(*save->v));
	save->v[save->n].fd = fd;
	save->v[save->n].copy = copy;
	save->n++;
}

void
redirect_restore(struct fdsave *save)
{
	int i;

	for (i = save->n - 1; i >= 0; i--) {
		if (save->v[i].copy < 0) {
			close(save->v[i].fd);
		} else {
			dup2(save->v[i].copy, save->v[i].fd);
			close(save->v[i].copy);
		}
	}
	free(save->v);
	save->v = NULL;
	save->n = 0;
}

/* Move src onto fd (closing src), or report why not. */
static int
install(int src, int fd)
{
	if (src == fd)
		return 0;
	if (dup2(src, fd) < 0) {
		sh_error("%d: %s", fd, strerror(errno));
		close(src);
		return -1;
	}
	close(src);
	return 0;
}

/*
 * A pipe holding the here-document body.  A body larger than the pipe
 * can hold is fed by a child, or the shell would block writing it.
 */
static int
heredoc_fd(const char *body)
{
	size_t len = strlen(body);
	int fds[2];

	if (pipe(fds) < 0) {
		sh_error("pipe: %s", strerror(errno));
		return -1;
	}
	if (len <= PIPE_BUF) {
		write(fds[1], body, len);
	} else if (fork() == 0) {
		close(fds[0]);
		signal(SIGPIPE, SIG_DFL);
		write(fds[1], body, len);
		_exit(0);
	}
	close(fds[1]);
	return fds[0];
}

static int
open_target(struct redir *r, const char *target)
{
	static const int oflags[] = {
		[R_IN] = O_RDONLY,
		[R_OUT] = O_WRONLY | O_CREAT | O_TRUNC,
		[R_CLOBBER] = O_WRONLY | O_CREAT | O_TRUNC,
		[R_APPEND] = O_WRONLY | O_CREAT | O_APPEND,
		[R_RDWR] = O_RDWR | O_CREAT,
	};
	int fd = open(target, oflags[r->type], CREATE_MODE);

	if (fd < 0)
		sh_error("cannot %s %s: %s", r->type == R_IN ? "open" : "create",
		    target, strerror(errno));
	return fd;
}

/* <&N >&N <&- >&- */
static int
duplicate(struct redir *r, const char *target)
{
	char *end;
	long src;

	if (strcmp(target, "-") == 0) {
		close(r->fd);
		return 0;
	}
	src = strtol(target, &end, 10);
	if (*target == '\0' || *end != '\0' || src < 0 || src > INT_MAX) {
		sh_error("%s: Bad file descriptor", target);
		return -1;
	}
	if (src == r->fd)
		return 0;
	if (dup2(src, r->fd) < 0) {
		sh_error("%ld: %s", src, strerror(errno));
		return -1;
	}
	return 0;
}

static int
redirect_one(struct redir *r)
{
	char *target;
	int fd, ret;

	if (r->type == R_HEREDOC || r->type == R_HEREDOC_STRIP) {
		target = r->literal ? xstrdup(r->word) :
		    expand_string(r->word, EXP_HEREDOC);
		fd = target == NULL ? -1 : heredoc_fd(target);
		free(target);
		return fd < 0 ? -1 : install(fd, r->fd);
	}
	target = expand_string(r->word, 0);
	if (target == NULL)
		return -1;
	if (r->type == R_DUPIN || r->type == R_DUPOUT) {
		ret = duplicate(r, target);
	} else {
		fd = open_target(r, target);
		ret = fd < 0 ? -1 : install(fd, r->fd);
	}
	free(target);
	return ret;
}

/* Perform the redirections in order; -1 (reported) if one failed. */
int
redirect(struct redir *r, struct fdsave *save)
{
	for (; r != NULL; r = r->next) {
		save_fd(save, r->fd);
		if (redirect_one(r) != 0)
			return -1;
	}
	return 0;
}
