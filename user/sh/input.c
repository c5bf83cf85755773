/*
 * Input: the bytes of commands, from a descriptor or a string.
 *
 * When the shell reads its commands from standard input that is not a
 * terminal, it reads one byte at a time, as commands it starts may read
 * the rest of that same input (`sh < script` with `read` in it): a
 * buffer would swallow their data.  A terminal returns one line per
 * read anyway, and script files opened by the shell are its own.
 *
 * Everything consumed is also kept in in->text, so that the parser can
 * remember the source of a command for job listings.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

#define INPUT_BUFSIZE	4096

static volatile sig_atomic_t interrupted;

static void
note_interrupt(int sig)
{
	(void)sig;
	interrupted = 1;
}

/*
 * An interactive shell catches Ctrl-C rather than ignoring it, so that
 * it can drop the line being typed and prompt again, as people expect.
 * The handler does not restart read(): the read must end to do that.
 */
void
input_catch_interrupt(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = note_interrupt;
	sigaction(SIGINT, &sa, NULL);
}

void
input_from_fd(struct input *in, int fd, int interactive)
{
	memset(in, 0, sizeof(*in));
	in->fd = fd;
	in->interactive = interactive;
	in->want_ps1 = 1;
	in->bufsize = INPUT_BUFSIZE;
	if (fd == STDIN_FILENO && !isatty(fd))
		in->bufsize = 1;
	in->buf = xmalloc(in->bufsize);
	in->str = in->buf;
}

void
input_from_string(struct input *in, const char *s)
{
	memset(in, 0, sizeof(*in));
	in->fd = -1;
	in->str = s;
	in->len = strlen(s);
}

void
input_close(struct input *in)
{
	free(in->buf);
	in->buf = NULL;
	sb_free(&in->text);
}

static void
prompt(struct input *in)
{
	const char *ps;
	char *s;

	if (in->want_ps1) {
		jobs_notify();
		ps = var_get("PS1");
		if (ps == NULL)
			ps = geteuid() == 0 ? "# " : "$ ";
	} else {
		ps = var_get("PS2");
		if (ps == NULL)
			ps = "> ";
	}
	in->want_ps1 = 0;
	s = expand_string(ps, EXP_HEREDOC);
	if (s == NULL)
		return;
	dprintf(STDERR_FILENO, "%s", s);
	free(s);
}

/* Refill the buffer; returns 0 at end of input. */
static int
refill(struct input *in)
{
	ssize_t n;

	if (in->fd < 0)
		return 0;
	if (in->interactive)
		prompt(in);
	interrupted = 0;
	do
		n = read(in->fd, in->buf, in->bufsize);
	while (n < 0 && errno == EINTR && !interrupted);
	if (n < 0 && interrupted && in->abort != NULL) {
		in->npush = 0;
		dprintf(STDERR_FILENO, "\n");
		longjmp(*in->abort, PARSE_INTERRUPTED);
	}
	if (n <= 0)
		return 0;
	in->pos = 0;
	in->len = n;
	return 1;
}

int
in_getc(struct input *in)
{
	int c;

	if (in->npush > 0)
		c = in->push[--in->npush];
	else if (in->pos < in->len || refill(in))
		c = (unsigned char)in->str[in->pos++];
	else
		return EOF;
	sb_addc(&in->text, c);
	return c;
}

void
in_ungetc(struct input *in, int c)
{
	if (c == EOF)
		return;
	in->push[in->npush++] = c;
	if (in->text.len > 0)
		in->text.len--;
}
