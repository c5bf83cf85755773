/*
 * system: the calls that describe the system and the passage of time -
 * uname, clocks, nanosleep, getrandom, sysinfo, prlimit64, a child's CPU
 * time in wait4 and times() - and ENOSYS for a system call that does not
 * exist.
 */
#include "check.h"

#include <sys/random.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/times.h>

#define SLEEP_NS	50000000L	/* 50 ms */
#define SLEEP_SLACK_S	5.0		/* a loaded host may be this late */
#define CLOCK_READS	1000
#define YEAR_2024	1704067200	/* 2024-01-01T00:00:00Z: a real-time clock is set */
#define NO_SUCH_SYSCALL	1000
#define FD_LIMIT	16
#define RANDOM_BYTES	32
#define CHILD_CPU_S	0.3		/* user time the child burns */

static void
names(void)
{
	struct utsname u;

	if (!CHECK(uname(&u) == 0, "uname"))
		return;
	CHECK(strcmp(u.machine, "riscv64") == 0, "machine is riscv64 (%s)", u.machine);
	CHECK(u.sysname[0] != '\0' && u.release[0] != '\0' && u.version[0] != '\0',
	      "sysname, release and version are set (%s %s)", u.sysname, u.release);
}

/* Whether CLOCK_READS successive readings of clock never go backwards. */
static bool
never_backwards(clockid_t clock)
{
	double last = now_seconds(clock), now;

	for (int i = 0; i < CLOCK_READS; i++) {
		now = now_seconds(clock);
		if (now < last)
			return false;
		last = now;
	}
	return true;
}

static void
clocks(void)
{
	struct timespec ts, req = { 0, SLEEP_NS }, bad = { 0, 1000000000L };
	double start, slept;

	CHECK(never_backwards(CLOCK_MONOTONIC), "CLOCK_MONOTONIC never goes backwards");
	CHECK(never_backwards(CLOCK_BOOTTIME), "CLOCK_BOOTTIME never goes backwards");
	CHECK(clock_gettime(CLOCK_REALTIME, &ts) == 0 && ts.tv_sec > YEAR_2024,
	      "CLOCK_REALTIME is a date after 2024 (%lld)", (long long)ts.tv_sec);
	CHECK(clock_getres(CLOCK_MONOTONIC, &ts) == 0 && ts.tv_sec == 0 && ts.tv_nsec > 0,
	      "clock_getres(CLOCK_MONOTONIC) is under a second");
	CHECK_FAILS(syscall(SYS_clock_gettime, (clockid_t)-100, &ts), EINVAL,
		    "clock_gettime of a bad clock: EINVAL");

	start = now_seconds(CLOCK_MONOTONIC);
	CHECK(nanosleep(&req, NULL) == 0, "nanosleep 50 ms");
	slept = now_seconds(CLOCK_MONOTONIC) - start;
	CHECK(slept >= SLEEP_NS / 1e9 && slept < SLEEP_SLACK_S,
	      "CLOCK_MONOTONIC advanced by at least 50 ms across it (%.3f s)", slept);
	CHECK_FAILS(nanosleep(&bad, NULL), EINVAL, "nanosleep with tv_nsec = 1e9: EINVAL");
}

static void
randomness(void)
{
	unsigned char a[RANDOM_BYTES], b[RANDOM_BYTES];

	CHECK(getrandom(a, sizeof(a), 0) == RANDOM_BYTES, "getrandom fills 32 bytes");
	CHECK(getrandom(b, sizeof(b), GRND_NONBLOCK) == RANDOM_BYTES,
	      "getrandom(GRND_NONBLOCK) fills 32 bytes");
	CHECK(memcmp(a, b, sizeof(a)) != 0, "two draws differ");
	CHECK_FAILS(getrandom(a, sizeof(a), ~0U), EINVAL, "getrandom with bad flags: EINVAL");
}

static void
memory_figures(void)
{
	struct sysinfo si;

	if (!CHECK(sysinfo(&si) == 0, "sysinfo"))
		return;
	CHECK(si.mem_unit >= 1 && si.freeram > 0 && si.freeram <= si.totalram,
	      "sysinfo: 0 < freeram <= totalram (%lu of %lu KiB)",
	      si.freeram * si.mem_unit / 1024, si.totalram * si.mem_unit / 1024);
	CHECK(si.procs >= 1, "sysinfo counts at least this process (%u)", si.procs);
}

/* Count how many descriptors dup() can add before it fails, and how. */
static int
dup_until_refused(int *err)
{
	int fds[FD_LIMIT], n = 0, fd;

	while (n < FD_LIMIT && (fd = dup(STDOUT_FILENO)) != -1)
		fds[n++] = fd;
	*err = errno;
	for (int i = 0; i < n; i++)
		close(fds[i]);
	return n;
}

static void
limits(void)
{
	struct rlimit old, low, now;
	int err = 0, opened;

	if (!CHECK(prlimit(0, RLIMIT_NOFILE, NULL, &old) == 0, "prlimit64 reads RLIMIT_NOFILE"))
		return;
	low = (struct rlimit){ FD_LIMIT / 2, old.rlim_max };
	CHECK(prlimit(0, RLIMIT_NOFILE, &low, &now) == 0 && now.rlim_cur == old.rlim_cur,
	      "prlimit64 sets a soft limit of %d and returns the old one", FD_LIMIT / 2);
	opened = dup_until_refused(&err);
	check_errno_set(opened < FD_LIMIT / 2 && err == EMFILE, err,
			"dup stops with EMFILE below the limit (%d more opened)", opened);
	CHECK(prlimit(0, RLIMIT_NOFILE, &old, NULL) == 0, "prlimit64 restores the limit");
	low.rlim_cur = old.rlim_max + 1;
	if (old.rlim_max != RLIM_INFINITY)
		CHECK_FAILS(prlimit(0, RLIMIT_NOFILE, &low, NULL), EINVAL,
			    "a soft limit above the hard one: EINVAL");
}

static int
burn_cpu(void)
{
	struct timespec ts;
	volatile unsigned long spins = 0;

	do {
		for (int i = 0; i < 100000; i++)
			spins++;
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	} while (ts.tv_sec + ts.tv_nsec / 1e9 < CHILD_CPU_S);
	return 0;
}

/* A child's CPU time reaches its parent through wait4's rusage and times(). */
static void
child_times(void)
{
	struct rusage ru;
	struct tms before, after;
	int status;
	pid_t pid;
	double user;

	times(&before);
	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(burn_cpu());
	if (!CHECK(wait4(pid, &status, 0, &ru) == pid, "wait4 with a rusage"))
		return;
	user = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6;
	CHECK(user >= CHILD_CPU_S * 0.8 && user < 30, "its ru_utime is the child's %.1f s (%.3f)",
	      CHILD_CPU_S, user);
	times(&after);
	CHECK((after.tms_cutime - before.tms_cutime) / (double)sysconf(_SC_CLK_TCK) >= CHILD_CPU_S * 0.8,
	      "times() counts it in tms_cutime (%ld ticks)", (long)(after.tms_cutime - before.tms_cutime));
}

int
main(void)
{
	names();
	clocks();
	randomness();
	memory_figures();
	limits();
	child_times();
	CHECK_FAILS(syscall(NO_SUCH_SYSCALL), ENOSYS, "syscall(%d) fails with ENOSYS",
		    NO_SUCH_SYSCALL);
	return check_done();
}
