/*
 * exec: execve replaces the program but keeps the process - argv and envp
 * arrive intact, the pid stays, descriptors survive unless close-on-exec -
 * and fails cleanly (the caller keeps running) when it cannot.
 */
#include "check.h"

#include <fcntl.h>
#include <sys/stat.h>

#define CHILD_MARK	"--exec-child"

/* The exec'd child's exit codes: what it found wrong. */
enum { EXIT_ARGV = 10, EXIT_ENV, EXIT_PID, EXIT_FD_KEPT, EXIT_FD_CLOSED, EXIT_NOEXEC };
static const char *const child_complaint[] = {
	[EXIT_ARGV] = "argv differs",
	[EXIT_ENV] = "envp differs",
	[EXIT_PID] = "the pid changed",
	[EXIT_FD_KEPT] = "a plain descriptor was closed",
	[EXIT_FD_CLOSED] = "an O_CLOEXEC descriptor stayed open",
	[EXIT_NOEXEC] = "execve of itself failed",
};

/* The arguments and environment the parent passes; the child checks them. */
static char *const passed_env[] = { "KITE_A=first", "EMPTY=", "KITE_SPACES=a b  c", NULL };

/*
 * Whether environ holds exactly the passed strings. Their order is not
 * compared: qemu-riscv64 hands a program its environment reversed.
 */
static bool
env_intact(void)
{
	size_t n = 0;

	while (environ[n] != NULL)
		n++;
	if (n != sizeof(passed_env) / sizeof(passed_env[0]) - 1)
		return false;
	for (size_t i = 0; i < n; i++) {
		size_t j = 0;

		while (j < n && strcmp(environ[j], passed_env[i]) != 0)
			j++;
		if (j == n)
			return false;
	}
	return strcmp(getenv("KITE_SPACES"), "a b  c") == 0;
}

/* Exec'd child: argv = self, mark, pid, keep_fd, cloexec_fd, "", "two words". */
static int
exec_child(int argc, char **argv)
{
	if (argc != 7 || strcmp(argv[5], "") != 0 || strcmp(argv[6], "two words") != 0)
		return EXIT_ARGV;
	if (!env_intact())
		return EXIT_ENV;
	if (atoi(argv[2]) != getpid())
		return EXIT_PID;
	if (fcntl(atoi(argv[3]), F_GETFD) == -1)
		return EXIT_FD_KEPT;
	if (fcntl(atoi(argv[4]), F_GETFD) != -1 || errno != EBADF)
		return EXIT_FD_CLOSED;
	return 0;
}

static void
exec_itself(void)
{
	int keep = open("/", O_RDONLY | O_DIRECTORY);
	int cloexec = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int status = -1;
	pid_t pid;

	if (!CHECK(keep >= 0 && cloexec >= 0, "open two descriptors to pass"))
		return;
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		char spid[16], skeep[16], scloexec[16];
		char *argv[] = { program_invocation_name, CHILD_MARK, spid, skeep,
				 scloexec, "", "two words", NULL };

		snprintf(spid, sizeof(spid), "%d", getpid());
		snprintf(skeep, sizeof(skeep), "%d", keep);
		snprintf(scloexec, sizeof(scloexec), "%d", cloexec);
		exec_self(argv, passed_env);
		_exit(EXIT_NOEXEC);
	}
	if (pid > 0)
		waitpid(pid, &status, 0);
	check_child(status, child_complaint, EXIT_NOEXEC + 1,
		    "exec'd child gets argv and envp intact, the same pid, "
		    "keeps plain descriptors and loses O_CLOEXEC ones");
	close(keep);
	close(cloexec);
}

static void
failures(void)
{
	char *argv[] = { "nothing", NULL };
	const char *plain = "/tmp/exec-test-plain";
	int fd;

	CHECK_FAILS(execve("/nonexistent/program", argv, environ), ENOENT,
		    "execve of a missing file fails with ENOENT");
	CHECK_FAILS(execve("/", argv, environ), EACCES,
		    "execve of a directory fails with EACCES");
	fd = open(plain, O_WRONLY | O_CREAT | O_TRUNC, S_IRUSR | S_IWUSR);
	if (CHECK(fd >= 0, "create a file without execute permission")) {
		close(fd);
		CHECK_FAILS(execve(plain, argv, environ), EACCES,
			    "execve of a file without x permission fails with EACCES");
		unlink(plain);
	}
	CHECK(getpid() > 0, "the process keeps running after failed execs");
}

int
main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], CHILD_MARK) == 0)
		return exec_child(argc, argv);
	exec_itself();
	failures();
	return check_done();
}
