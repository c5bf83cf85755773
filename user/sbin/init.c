/*
 * init: process 1.
 *
 * It stamps the moment user space started (the benchmark harness reads
 * that line), puts the console on descriptors 0, 1 and 2, mounts what
 * /etc/fstab lists, makes the console its controlling terminal, prints
 * /etc/motd and then keeps a login shell running on the console for
 * ever, reaping every process that ends: orphans are re-parented to
 * process 1 and would stay zombies otherwise.
 *
 * Like Linux's pid 1 it ignores the signals a terminal or a stray kill
 * would send it; its children get the default dispositions back.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CONSOLE		"/dev/console"
#define FSTAB		"/etc/fstab"
#define MOTD		"/etc/motd"
#define SHELL		"/bin/sh"

/* A shell that dies sooner than this after starting has died "quickly". */
#define QUICK_EXIT_SEC	1
/* Quick deaths in a row after which init waits before restarting it. */
#define QUICK_EXIT_MAX	2

#define DIR_MODE	(S_IRWXU | S_IRGRP | S_IXGRP | S_IROTH | S_IXOTH)

static const int ignored_signals[] = { SIGTERM, SIGINT, SIGHUP, SIGTSTP };

static char *const shell_env[] = {
	"PATH=/bin:/sbin",
	"HOME=/root",
	"TERM=vt100",
	"SHELL=" SHELL,
	NULL
};

/*
 * Make 0, 1 and 2 the console unless the kernel already opened them,
 * as Linux does for init.
 */
static void
open_console(void)
{
	int fd;

	if (fcntl(STDIN_FILENO, F_GETFD) >= 0)
		return;
	fd = open(CONSOLE, O_RDWR | O_NOCTTY);
	if (fd < 0)
		return;
	while (fd < STDERR_FILENO)
		fd = dup(fd);
	if (fd > STDERR_FILENO)
		close(fd);
}

/* Mount options: the flags mount(2) knows, the rest passed as data. */
static unsigned long
mount_flags(char *opts, char *data, size_t size)
{
	static const struct {
		const char *name;
		unsigned long set;
	} flags[] = {
		{ "defaults", 0 }, { "rw", 0 }, { "ro", MS_RDONLY },
		{ "nosuid", MS_NOSUID }, { "nodev", MS_NODEV },
		{ "noexec", MS_NOEXEC }, { "sync", MS_SYNCHRONOUS },
		{ "noatime", MS_NOATIME }, { "relatime", MS_RELATIME },
	};
	unsigned long mf = 0;
	char *opt, *save;
	size_t i;

	data[0] = '\0';
	for (opt = strtok_r(opts, ",", &save); opt != NULL;
	    opt = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
			if (strcmp(opt, flags[i].name) == 0)
				break;
		if (i < sizeof(flags) / sizeof(flags[0])) {
			mf |= flags[i].set;
		} else if (strlen(data) + strlen(opt) + 2 <= size) {
			if (data[0] != '\0')
				strcat(data, ",");
			strcat(data, opt);
		}
	}
	return mf;
}

static void
mount_entry(char *source, char *dir, char *type, char *opts)
{
	char data[256];
	unsigned long mf = mount_flags(opts, data, sizeof(data));

	/* /dev/shm lives inside the devtmpfs just mounted on /dev. */
	if (mkdir(dir, DIR_MODE) < 0 && errno != EEXIST)
		printf("init: mkdir %s: %s\n", dir, strerror(errno));
	if (mount(source, dir, type, mf, data[0] != '\0' ? data : NULL) < 0)
		printf("init: mount %s: %s\n", dir, strerror(errno));
}

/* fstab(5): spec file vfstype mntops freq passno; # starts a comment. */
static void
mount_fstab(void)
{
	FILE *f = fopen(FSTAB, "re");
	char line[512], defaults[] = "defaults", *field[4], *save;
	int n;

	if (f == NULL) {
		printf("init: %s: %s\n", FSTAB, strerror(errno));
		return;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "#")] = '\0';
		n = 0;
		for (field[n] = strtok_r(line, " \t\n", &save);
		    field[n] != NULL && n < 3;
		    field[n] = strtok_r(NULL, " \t\n", &save))
			n++;
		if (n == 0)
			continue;
		if (n < 3) {
			printf("init: %s: malformed line for %s\n", FSTAB,
			    field[0]);
			continue;
		}
		if (field[3] == NULL)
			field[3] = defaults;
		if (strstr(field[3], "noauto") == NULL)
			mount_entry(field[0], field[1], field[2], field[3]);
	}
	fclose(f);
}

static void
print_motd(void)
{
	char buf[BUFSIZ];
	ssize_t n;
	int fd = open(MOTD, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, n, stdout);
	close(fd);
	fflush(stdout);
}

/*
 * In the child: its own process group, made the console's foreground
 * group.  SIGTTOU is blocked around tcsetpgrp, which a process outside
 * the foreground group may otherwise not call.
 */
static void
take_console(void)
{
	sigset_t ttou, old;

	setpgid(0, 0);
	sigemptyset(&ttou);
	sigaddset(&ttou, SIGTTOU);
	sigprocmask(SIG_BLOCK, &ttou, &old);
	tcsetpgrp(STDIN_FILENO, getpid());
	sigprocmask(SIG_SETMASK, &old, NULL);
}

static pid_t
start_shell(void)
{
	char *const argv[] = { "-sh", NULL };
	size_t i;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		printf("init: fork: %s\n", strerror(errno));
		return -1;
	}
	if (pid > 0) {
		setpgid(pid, pid);
		return pid;
	}
	take_console();
	for (i = 0; i < sizeof(ignored_signals) / sizeof(ignored_signals[0]); i++)
		signal(ignored_signals[i], SIG_DFL);
	execve(SHELL, argv, shell_env);
	printf("init: %s: %s\n", SHELL, strerror(errno));
	_exit(127);
}

/* Sleep until QUICK_EXIT_SEC from now, whatever signals arrive meanwhile. */
static void
back_off(void)
{
	struct timespec until;

	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += QUICK_EXIT_SEC;
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until,
	    NULL) == EINTR)
		continue;
}

static int
lived_briefly(const struct timespec *started)
{
	struct timespec now;
	long long ns;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ns = (now.tv_sec - started->tv_sec) * 1000000000LL +
	    (now.tv_nsec - started->tv_nsec);
	return ns < QUICK_EXIT_SEC * 1000000000LL;
}

static int
exit_code(int st)
{
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Reap children for ever; restart the shell whenever it ends. */
static void __attribute__((noreturn))
supervise(void)
{
	struct timespec started;
	int quick = 0, st;
	pid_t shell = -1, pid;

	for (;;) {
		if (shell < 0) {
			if (quick >= QUICK_EXIT_MAX)
				back_off();
			clock_gettime(CLOCK_MONOTONIC, &started);
			shell = start_shell();
			if (shell < 0) {
				back_off();
				continue;
			}
		}
		pid = wait(&st);
		if (pid < 0) {
			if (errno == ECHILD)
				shell = -1;
			continue;
		}
		if (pid != shell)
			continue;
		quick = lived_briefly(&started) ? quick + 1 : 0;
		printf("init: shell exited with status %d, restarting\n",
		    exit_code(st));
		shell = -1;
	}
}

int
main(void)
{
	struct timespec boot;
	size_t i;

	/* The time is taken before anything else can delay it. */
	clock_gettime(CLOCK_BOOTTIME, &boot);
	open_console();
	printf("init: started at %lld.%06ld s since boot\n",
	    (long long)boot.tv_sec, boot.tv_nsec / 1000);
	fflush(stdout);
	for (i = 0; i < sizeof(ignored_signals) / sizeof(ignored_signals[0]); i++)
		signal(ignored_signals[i], SIG_IGN);
	mount_fstab();
	setsid();
	ioctl(STDIN_FILENO, TIOCSCTTY, 0);
	print_motd();
	supervise();
}
