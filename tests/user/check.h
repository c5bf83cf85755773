/*
 * check.h - the shared scaffolding of the tests/user programs.
 *
 * Every program prints one line per check, "ok - what" or "not ok - what
 * (why)", and ends with a summary from check_done():
 *
 *	# NAME: N checks passed
 *	# NAME: K of N checks FAILED
 *
 * and exits 0 only if every check passed. The same binary runs on Kite and,
 * under qemu-riscv64, on Linux, which is the reference: a check is written
 * against what Linux does. Checks that only make sense on Kite (they read a
 * figure only our kernel promises) go through guest_only(), which prints
 * "skip - ..." elsewhere; nothing else skips.
 *
 * Counters live in the process that calls CHECK: a forked child must report
 * to its parent through its exit status, never by calling CHECK itself.
 */
#ifndef KITE_TESTS_CHECK_H
#define KITE_TESTS_CHECK_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int check_total;
static int check_failed;
static int check_skipped;

/*
 * Line-buffer stdout before main() runs: the output usually goes to a pipe
 * or a serial console, and a full buffer copied into a forked child would be
 * printed twice.
 */
__attribute__((constructor)) static void
check_setup(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
}

static inline const char *
errno_name(int err)
{
	const char *name = strerrorname_np(err);

	return name != NULL ? name : "unknown errno";
}

/* Print "ok - what" or "not ok - what (why)"; why may be NULL. */
static inline bool
check_report(bool ok, const char *why, const char *fmt, va_list ap)
{
	check_total++;
	if (!ok)
		check_failed++;
	fputs(ok ? "ok - " : "not ok - ", stdout);
	vprintf(fmt, ap);
	if (!ok && why != NULL)
		printf(" (%s)", why);
	putchar('\n');
	return ok;
}

/* A check with an explanation of failure built by the caller. */
static inline bool __attribute__((format(printf, 3, 4)))
check_why(bool ok, const char *why, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ok = check_report(ok, why, fmt, ap);
	va_end(ap);
	return ok;
}

/* A check whose failure is explained by errno, if the condition set it. */
static inline bool __attribute__((format(printf, 3, 4)))
check_errno_set(bool ok, int err, const char *fmt, ...)
{
	char why[96];
	va_list ap;

	snprintf(why, sizeof(why), "errno %s: %s", errno_name(err), strerror(err));
	va_start(ap, fmt);
	ok = check_report(ok, err != 0 ? why : NULL, fmt, ap);
	va_end(ap);
	return ok;
}

/*
 * CHECK(cond, fmt, ...): errno is cleared first, so a failure reports the
 * errno left by the calls inside cond and not a stale one. Evaluates to cond.
 */
#define CHECK(cond, ...)                                                     \
	({                                                                   \
		errno = 0;                                                   \
		bool check_ok_ = (cond);                                     \
		check_errno_set(check_ok_, errno, __VA_ARGS__);              \
	})

/* A call that must fail with -1 and errno == want (EFAULT, ENOSYS...). */
static inline bool __attribute__((format(printf, 4, 5)))
check_fails_with(long ret, int err, int want, const char *fmt, ...)
{
	bool ok = ret == -1 && err == want;
	char why[128];
	va_list ap;

	if (ret == -1)
		snprintf(why, sizeof(why), "got %s, expected %s",
			 errno_name(err), errno_name(want));
	else
		snprintf(why, sizeof(why), "returned %ld, expected %s",
			 ret, errno_name(want));
	va_start(ap, fmt);
	ok = check_report(ok, why, fmt, ap);
	va_end(ap);
	return ok;
}

#define CHECK_FAILS(expr, want, ...)                                         \
	({                                                                   \
		errno = 0;                                                   \
		long check_ret_ = (long)(expr);                              \
		check_fails_with(check_ret_, errno, want, __VA_ARGS__);      \
	})

/* For calls that return an error number instead of setting errno (pthread). */
#define CHECK_RC(expr, ...)                                                  \
	({                                                                   \
		int check_rc_ = (expr);                                      \
		check_why(check_rc_ == 0, strerror(check_rc_), __VA_ARGS__); \
	})

/* Describe a wait status for a failure message. */
static inline const char *
status_str(int status, char *buf, size_t len)
{
	if (WIFEXITED(status))
		snprintf(buf, len, "exited with %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, len, "killed by %s", sigabbrev_np(WTERMSIG(status)) ?: "?");
	else
		snprintf(buf, len, "wait status %#x", status);
	return buf;
}

/*
 * Compare a wait status with one built by W_EXITCODE(code, sig). Whether a
 * fatal signal dumped core depends on RLIMIT_CORE, so that bit is ignored.
 */
static inline bool __attribute__((format(printf, 3, 4)))
check_status(int status, int want, const char *fmt, ...)
{
	char why[64];
	va_list ap;
	bool ok;

	if (WIFSIGNALED(status))
		status = W_EXITCODE(0, WTERMSIG(status));
	va_start(ap, fmt);
	ok = check_report(status == want, status_str(status, why, sizeof(why)),
			  fmt, ap);
	va_end(ap);
	return ok;
}

/*
 * A child that checks a sequence of things exits with 0, or with the code k
 * of the first that went wrong, explained by complaint[k] (k < n). Report
 * its status as one check.
 */
static inline bool __attribute__((format(printf, 4, 5)))
check_child(int status, const char *const complaint[], int n, const char *fmt, ...)
{
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : 0;
	char buf[64];
	const char *why = code > 0 && code < n && complaint[code] != NULL ?
			  complaint[code] : status_str(status, buf, sizeof(buf));
	va_list ap;
	bool ok;

	va_start(ap, fmt);
	ok = check_report(status == 0, why, fmt, ap);
	va_end(ap);
	return ok;
}

/*
 * Run fn(arg) in a child and return its wait status; fn's return value is the
 * child's exit code. -1 if fork or waitpid failed (errno says why).
 */
static inline int
run_child(int (*fn)(void *), void *arg)
{
	int status;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == -1)
		return -1;
	if (pid == 0)
		_exit(fn(arg));
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

/* Install fn as sig's SA_SIGINFO handler, with flags added and nothing masked. */
static inline int
catch_siginfo(int sig, void (*fn)(int, siginfo_t *, void *), int flags)
{
	struct sigaction sa = { .sa_sigaction = fn, .sa_flags = SA_SIGINFO | flags };

	sigemptyset(&sa.sa_mask);
	return sigaction(sig, &sa, NULL);
}

/*
 * Replace this process with a fresh copy of the running program, given
 * argv and envp: through /proc/self/exe, or argv[0] where there is no /proc.
 * Returns only on failure, with errno set.
 */
static inline int
exec_self(char *const argv[], char *const envp[])
{
	execve("/proc/self/exe", argv, envp);
	return execve(program_invocation_name, argv, envp);
}

/* True on our kernel: its uname().version names it. */
static inline bool
on_kite(void)
{
	struct utsname u;

	return uname(&u) == 0 && strstr(u.version, "Kite") != NULL;
}

/* Before a check that only our kernel can pass: false, and a skip line, elsewhere. */
static inline bool
guest_only(const char *what)
{
	if (on_kite())
		return true;
	check_skipped++;
	printf("skip - %s (guest-only: not running on Kite)\n", what);
	return false;
}

static inline double
now_seconds(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Print the summary and return main()'s exit code. */
static inline int
check_done(void)
{
	const char *name = program_invocation_short_name;

	if (check_failed != 0)
		printf("# %s: %d of %d checks FAILED\n", name, check_failed,
		       check_total);
	else if (check_skipped != 0)
		printf("# %s: %d checks passed (guest-only checks skipped: %d)\n",
		       name, check_total, check_skipped);
	else
		printf("# %s: %d checks passed\n", name, check_total);
	return check_failed == 0 && check_total > 0 ? 0 : 1;
}

#endif
