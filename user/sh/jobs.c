/*
 * Jobs: the processes of one pipeline (or one command), for waiting on
 * them and, in an interactive shell, for job control.  With job control
 * on, every job runs in its own process group, which is made the
 * terminal's foreground group while the shell waits for it; the shell
 * takes the terminal back when the job ends or stops.  Both parent and
 * child call setpgid and the child calls tcsetpgrp, so that neither
 * order of running after fork can let a process outrun its group.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sh.h"

enum pstate { P_RUNNING, P_STOPPED, P_DONE };

struct proc {
	pid_t pid;
	int status;		/* as from waitpid */
	enum pstate state;
};

struct job {
	struct job *next;
	int id;			/* %n */
	pid_t pgid;
	char *cmd;
	struct proc *procs;
	int nproc;
	int maxproc;
	int background;		/* report its end before a prompt */
	int reported;		/* its stop has been reported */
};

/* Signals an interactive shell ignores and its children must not. */
static const int job_signals[] = {
	SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU
};

#define NJOB_SIGNALS	(sizeof(job_signals) / sizeof(job_signals[0]))

static struct job *jobs;
static struct job *current;	/* %+: the last job stopped or put in background */
static int signals_changed;

#define TTY_FD_MIN	10

static int
open_tty(void)
{
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC), moved;

	if (fd < 0 && isatty(STDERR_FILENO))
		fd = dup(STDERR_FILENO);
	if (fd < 0 && isatty(STDIN_FILENO))
		fd = dup(STDIN_FILENO);
	if (fd < 0)
		return -1;
	moved = fcntl(fd, F_DUPFD_CLOEXEC, TTY_FD_MIN);
	close(fd);
	return moved;
}

void
jobs_init_interactive(void)
{
	pid_t pg;
	size_t i;

	for (i = 0; i < NJOB_SIGNALS; i++)
		signal(job_signals[i], SIG_IGN);
	signals_changed = 1;
	sh.ttyfd = open_tty();
	if (sh.ttyfd < 0)
		return;
	/* Started in the background: wait until we are brought forward. */
	while ((pg = tcgetpgrp(sh.ttyfd)) >= 0 && pg != getpgrp())
		kill(-getpgrp(), SIGTTIN);
	if (pg < 0)
		return;
	setpgid(0, 0);
	sh.pgid = getpgrp();
	tcsetpgrp(sh.ttyfd, sh.pgid);
	sh.monitor = 1;
}

static void
job_free(struct job *j)
{
	struct job **pp;

	for (pp = &jobs; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == j) {
			*pp = j->next;
			break;
		}
	}
	if (current == j)
		current = NULL;
	free(j->cmd);
	free(j->procs);
	free(j);
}

/* A forked child is a new shell: no jobs of its own, no job control. */
void
jobs_in_child(void)
{
	size_t i;

	while (jobs != NULL)
		job_free(jobs);
	traps_in_child();
	sh.monitor = 0;
	sh.interactive = 0;
	if (sh.ttyfd >= 0)
		close(sh.ttyfd);
	sh.ttyfd = -1;
	if (signals_changed)
		for (i = 0; i < NJOB_SIGNALS; i++)
			signal(job_signals[i], SIG_DFL);
	signals_changed = 0;
}

struct job *
job_new(const char *cmd, int nproc)
{
	struct job *j = xmalloc(sizeof(*j)), **pp;
	int id = 1;

	memset(j, 0, sizeof(*j));
	j->cmd = xstrdup(cmd != NULL ? cmd : "");
	j->maxproc = nproc;
	j->procs = xmalloc(nproc * sizeof(*j->procs));
	/* The smallest free number; the list stays sorted by it. */
	for (pp = &jobs; *pp != NULL && (*pp)->id == id; pp = &(*pp)->next)
		id++;
	j->id = id;
	j->next = *pp;
	*pp = j;
	return j;
}

/* Fork a process of job j; fg: it gets the terminal.  0 in the child. */
pid_t
job_fork(struct job *j, int fg)
{
	pid_t pid, pgid;

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		sh_error("fork: %s", strerror(errno));
		return -1;
	}
	pgid = j->pgid != 0 ? j->pgid : pid != 0 ? pid : getpid();
	if (pid == 0) {
		if (sh.monitor) {
			setpgid(0, pgid);
			if (fg)
				tcsetpgrp(sh.ttyfd, pgid);
		}
		jobs_in_child();
		return 0;
	}
	if (sh.monitor)
		setpgid(pid, pgid);
	j->pgid = pgid;
	j->procs[j->nproc].pid = pid;
	j->procs[j->nproc].state = P_RUNNING;
	j->procs[j->nproc].status = 0;
	j->nproc++;
	return pid;
}

int
wait_status(int st)
{
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return 128 + WSTOPSIG(st);
}

static enum pstate
job_state(struct job *j)
{
	enum pstate s = P_DONE;
	int i;

	for (i = 0; i < j->nproc; i++) {
		if (j->procs[i].state == P_RUNNING)
			return P_RUNNING;
		if (j->procs[i].state == P_STOPPED)
			s = P_STOPPED;
	}
	return s;
}

static void
record(pid_t pid, int st)
{
	struct job *j;
	int i;

	for (j = jobs; j != NULL; j = j->next) {
		for (i = 0; i < j->nproc; i++) {
			if (j->procs[i].pid != pid)
				continue;
			j->procs[i].status = st;
			j->procs[i].state = WIFSTOPPED(st) ? P_STOPPED :
			    WIFCONTINUED(st) ? P_RUNNING : P_DONE;
			if (j->procs[i].state == P_STOPPED)
				j->reported = 0;
			return;
		}
	}
}

/* Wait for one child to change state; -1 when there is none to wait. */
static int
reap(int options)
{
	int st;
	pid_t pid;

	do
		pid = waitpid(-1, &st, options | (sh.monitor ? WUNTRACED : 0));
	while (pid < 0 && errno == EINTR);
	if (pid > 0)
		record(pid, st);
	return pid;
}

static void
change_states(struct job *j, enum pstate from, enum pstate to)
{
	int i;

	for (i = 0; i < j->nproc; i++)
		if (j->procs[i].state == from)
			j->procs[i].state = to;
}

static void
wait_for_change(struct job *j, enum pstate until)
{
	while (job_state(j) == P_RUNNING ||
	    (until == P_DONE && job_state(j) != P_DONE)) {
		if (reap(0) < 0) {
			/* No child left: what we thought running is gone. */
			change_states(j, P_RUNNING, P_DONE);
			return;
		}
	}
}

static const char *
state_text(struct job *j, char *buf, size_t size)
{
	int st = j->procs[j->nproc - 1].status;

	if (job_state(j) == P_RUNNING)
		return "Running";
	if (job_state(j) == P_STOPPED)
		return "Stopped";
	if (WIFSIGNALED(st))
		return strsignal(WTERMSIG(st));
	if (WEXITSTATUS(st) == 0)
		return "Done";
	snprintf(buf, size, "Done(%d)", WEXITSTATUS(st));
	return buf;
}

static void
show(struct job *j, FILE *f)
{
	char buf[32];

	fprintf(f, "[%d]%c  %-24s%s\n", j->id, j == current ? '+' : ' ',
	    state_text(j, buf, sizeof(buf)), j->cmd);
	fflush(f);
}

/* A foreground job killed by a signal is reported as dash does. */
static void
report_signal(int st)
{
	int sig;

	if (!WIFSIGNALED(st))
		return;
	sig = WTERMSIG(st);
	if (sig == SIGINT) {
		if (sh.interactive)
			dprintf(STDERR_FILENO, "\n");
		return;
	}
	if (sig != SIGPIPE)
		dprintf(STDERR_FILENO, "%s%s\n", strsignal(sig),
		    WCOREDUMP(st) ? " (core dumped)" : "");
}

/* Wait for a foreground job to end or stop; returns its status. */
int
job_wait(struct job *j)
{
	int st;

	if (j->nproc == 0) {
		job_free(j);
		return 2;
	}
	wait_for_change(j, P_STOPPED);
	if (sh.monitor)
		tcsetpgrp(sh.ttyfd, sh.pgid);
	st = j->procs[j->nproc - 1].status;
	if (job_state(j) == P_STOPPED) {
		current = j;
		j->background = 1;
		j->reported = 1;
		dprintf(STDERR_FILENO, "\n");
		show(j, stderr);
		return 128 + WSTOPSIG(st);
	}
	report_signal(st);
	job_free(j);
	return wait_status(st);
}

void
job_background(struct job *j)
{
	j->background = 1;
	current = j;
	sh.last_bg = j->procs[j->nproc - 1].pid;
	if (sh.interactive)
		dprintf(STDERR_FILENO, "[%d] %d\n", j->id, (int)sh.last_bg);
}

/*
 * Show background jobs on f and forget those that are done: all of them
 * (the jobs builtin), or those whose change was not yet reported.
 */
static void
list_jobs(FILE *f, int all)
{
	struct job *j, *next;
	enum pstate st;

	while (reap(WNOHANG) > 0)
		continue;
	for (j = jobs; j != NULL; j = next) {
		next = j->next;
		if (!j->background)
			continue;
		st = job_state(j);
		if (all || st == P_DONE || (st == P_STOPPED && !j->reported)) {
			show(j, f);
			j->reported = 1;
		}
		if (st == P_DONE)
			job_free(j);
	}
}

/* Before a prompt. */
void
jobs_notify(void)
{
	list_jobs(stderr, 0);
}

/* wait: for every running job; stopped ones would never end. */
int
jobs_wait_all(void)
{
	struct job *j, *next;

	for (j = jobs; j != NULL; j = next) {
		next = j->next;
		wait_for_change(j, P_STOPPED);
		if (job_state(j) == P_DONE)
			job_free(j);
	}
	return 0;
}

/* wait pid: the status of that process; 127 if it is not our child. */
int
jobs_wait_pid(pid_t pid)
{
	struct job *j;
	int i, st;

	for (j = jobs; j != NULL; j = j->next) {
		for (i = 0; i < j->nproc; i++) {
			if (j->procs[i].pid != pid)
				continue;
			while (j->procs[i].state != P_DONE && reap(0) > 0)
				continue;
			st = j->procs[i].status;
			if (job_state(j) == P_DONE)
				job_free(j);
			return wait_status(st);
		}
	}
	return 127;
}

/* %n, %+, %%, % or nothing: the current job. */
static struct job *
find_job(const char *spec, const char *who)
{
	struct job *j;
	char *end;
	long id;

	if (spec == NULL || strcmp(spec, "%") == 0 || strcmp(spec, "%%") == 0 ||
	    strcmp(spec, "%+") == 0) {
		if (current == NULL)
			sh_error("%s: no current job", who);
		return current;
	}
	id = strtol(spec + (*spec == '%'), &end, 10);
	for (j = jobs; j != NULL && *end == '\0'; j = j->next)
		if (j->id == id)
			return j;
	sh_error("%s: %s: no such job", who, spec);
	return NULL;
}

static void
resume(struct job *j)
{
	change_states(j, P_STOPPED, P_RUNNING);
	kill(-j->pgid, SIGCONT);
}

int
builtin_fg(char **argv)
{
	struct job *j;

	if (!sh.monitor) {
		sh_error("fg: no job control");
		return 1;
	}
	j = find_job(argv[1], "fg");
	if (j == NULL)
		return 1;
	printf("%s\n", j->cmd);
	fflush(stdout);
	j->background = 0;
	tcsetpgrp(sh.ttyfd, j->pgid);
	resume(j);
	return job_wait(j);
}

int
builtin_bg(char **argv)
{
	struct job *j;
	int i = 1;

	if (!sh.monitor) {
		sh_error("bg: no job control");
		return 1;
	}
	do {
		j = find_job(argv[i], "bg");
		if (j == NULL)
			return 1;
		current = j;
		j->background = 1;
		resume(j);
		printf("[%d]+ %s &\n", j->id, j->cmd);
	} while (argv[i] != NULL && argv[++i] != NULL);
	return 0;
}

int
builtin_jobs(char **argv)
{
	(void)argv;
	list_jobs(stdout, 1);
	return 0;
}

/* wait with a job spec: the status of its last process. */
int
jobs_wait_spec(const char *spec)
{
	struct job *j = find_job(spec, "wait");

	if (j == NULL)
		return 127;
	return jobs_wait_pid(j->procs[j->nproc - 1].pid);
}

/* A job as kill arguments: its process group, or its processes. */
static void
add_kill_targets(struct fields *args, struct job *j)
{
	char buf[32];
	int i;

	if (sh.monitor) {
		snprintf(buf, sizeof(buf), "-%d", (int)j->pgid);
		fields_add(args, xstrdup(buf));
		return;
	}
	for (i = 0; i < j->nproc; i++) {
		snprintf(buf, sizeof(buf), "%d", (int)j->procs[i].pid);
		fields_add(args, xstrdup(buf));
	}
}

/*
 * kill: /bin/kill does the work, so signal names, options and messages
 * are its own; the shell only turns job specs (%n) into process ids.
 */
int
builtin_kill(char **argv)
{
	struct fields args = { 0 };
	struct job *j;
	int i, operands = 0, status;

	for (i = 0; argv[i] != NULL; i++) {
		if (strcmp(argv[i], "--") == 0)
			operands = 1;
		if (argv[i][0] != '%') {
			fields_add(&args, xstrdup(argv[i]));
			continue;
		}
		if ((j = find_job(argv[i], "kill")) == NULL) {
			fields_free(&args);
			return 1;
		}
		/* A process group -N must not be read as a signal option. */
		if (!operands)
			fields_add(&args, xstrdup("--"));
		operands = 1;
		add_kill_targets(&args, j);
	}
	status = run_program(args.v);
	/* A stopped job would keep the signal pending until continued. */
	for (i = 0; status == 0 && argv[i] != NULL; i++)
		if (argv[i][0] == '%' && (j = find_job(argv[i], "kill")) != NULL &&
		    job_state(j) == P_STOPPED)
			resume(j);
	fields_free(&args);
	return status;
}
