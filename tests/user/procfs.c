/*
 * procfs - what programs read from /proc, against what the process knows
 * of itself: /proc/self/{stat,status,maps,cmdline,fd/}, meminfo against
 * sysinfo(2), mounts, uptime and loadavg; a child's state letter is S while
 * it sleeps in read() on a pipe and Z once it is a zombie, and its
 * directory goes when it is reaped.
 *
 * Under qemu-riscv64 some /proc/self files are qemu's imitations (stat,
 * maps, cmdline): only fields both give are compared.
 */
#include "check.h"
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>

static char *
read_file(const char *path)
{
	static char buf[65536];
	ssize_t n, len = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return NULL;
	while ((n = read(fd, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += n;
	close(fd);
	if (n < 0)
		return NULL;
	buf[len] = '\0';
	return buf;
}

/* The state letter of /proc/<pid>/stat (after the parenthesized comm), or 0. */
static char
state_of(pid_t pid)
{
	char path[64], *s, *paren;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	s = read_file(path);
	if (s == NULL || (paren = strrchr(s, ')')) == NULL || paren[1] != ' ')
		return 0;
	return paren[2];
}

/* Poll pid's state until it is want, for up to five seconds. */
static bool
wait_state(pid_t pid, char want)
{
	for (int i = 0; i < 500; i++) {
		if (state_of(pid) == want)
			return true;
		usleep(10000);
	}
	return false;
}

static void
check_self_stat(void)
{
	char *s = read_file("/proc/self/stat"), comm[64], state;
	int pid, ppid;

	if (!CHECK(s != NULL, "read /proc/self/stat"))
		return;
	CHECK(sscanf(s, "%d (%63[^)]) %c %d", &pid, comm, &state, &ppid) == 4,
	    "/proc/self/stat parses: %.40s", s);
	CHECK(pid == getpid() && ppid == getppid(), "pid %d and ppid %d are ours", pid, ppid);
	CHECK(strcmp(comm, "procfs") == 0, "comm is the program's name (%s)", comm);
	/* qemu-riscv64's imitation of this file shows state "0". */
	if (guest_only("the reader of its own stat is R"))
		CHECK(state == 'R', "the reader of its own stat is R (state %c)", state);
}

/* The value after "key:" in text, or NULL. */
static const char *
field(const char *text, const char *key)
{
	size_t len = strlen(key);

	for (const char *line = text; line != NULL; line = strchr(line, '\n')) {
		line += line[0] == '\n';
		if (strncmp(line, key, len) == 0 && line[len] == ':')
			return line + len + 1 + strspn(line + len + 1, " \t");
	}
	return NULL;
}

static void
check_self_status(void)
{
	char *comm = read_file("/proc/self/comm"), name[32] = "";
	const char *v;
	char *s;
	unsigned uid[4];

	if (comm != NULL) {
		comm[strcspn(comm, "\n")] = '\0';
		snprintf(name, sizeof(name), "%s", comm);
	}
	umask(027);
	s = read_file("/proc/self/status");
	if (!CHECK(s != NULL, "read /proc/self/status"))
		return;
	CHECK((v = field(s, "Name")) != NULL && strncmp(v, name, strlen(name)) == 0 &&
	    v[strlen(name)] == '\n', "Name: is /proc/self/comm's %s", name);
	CHECK((v = field(s, "Umask")) != NULL && strncmp(v, "0027\n", 5) == 0,
	    "Umask: is the umask just set (0027)");
	CHECK((v = field(s, "State")) != NULL && strncmp(v, "R (running)", 11) == 0,
	    "State: R (running)");
	CHECK((v = field(s, "Pid")) != NULL && atoi(v) == getpid(), "Pid: is getpid()");
	CHECK((v = field(s, "PPid")) != NULL && atoi(v) == getppid(), "PPid: is getppid()");
	CHECK((v = field(s, "Uid")) != NULL && sscanf(v, "%u %u %u %u", &uid[0], &uid[1],
	    &uid[2], &uid[3]) == 4 && uid[0] == getuid() && uid[1] == geteuid(),
	    "Uid: gives the real and effective uid");
	CHECK(field(s, "VmRSS") != NULL && field(s, "Threads") != NULL &&
	    field(s, "SigBlk") != NULL, "VmRSS:, Threads: and SigBlk: are there");
	umask(022);
}

/* The maps line whose range holds addr, copied into line; false if none. */
static bool
maps_line(const char *maps, uintptr_t addr, char *line, size_t size)
{
	for (const char *l = maps; *l != '\0'; l = strchr(l, '\n') + 1) {
		unsigned long lo, hi;

		if (sscanf(l, "%lx-%lx", &lo, &hi) == 2 && lo <= addr && addr < hi) {
			snprintf(line, size, "%.*s", (int)strcspn(l, "\n"), l);
			return true;
		}
		if (strchr(l, '\n') == NULL)
			break;
	}
	return false;
}

static void
check_self_maps(void)
{
	char line[512], perms[8], *maps;
	void *p = mmap(NULL, 3 * 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	maps = read_file("/proc/self/maps");
	if (!CHECK(maps != NULL && p != MAP_FAILED, "read /proc/self/maps"))
		return;
	CHECK(maps_line(maps, (uintptr_t)check_self_maps, line, sizeof(line)) &&
	    sscanf(line, "%*x-%*x %7s", perms) == 1 && strcmp(perms, "r-xp") == 0 &&
	    strstr(line, "/procfs") != NULL, "the code is mapped r-xp from the program (%s)", line);
	CHECK(maps_line(maps, (uintptr_t)p + 8192, line, sizeof(line)) &&
	    sscanf(line, "%*x-%*x %7s", perms) == 1 && strcmp(perms, "r--p") == 0,
	    "a new read-only mapping is r--p (%s)", line);
	CHECK(maps_line(maps, (uintptr_t)&line, line, sizeof(line)) &&
	    strstr(line, "[stack]") != NULL, "the stack is [stack]");
	munmap(p, 3 * 4096);
}

static void
check_self_cmdline(int argc, char **argv)
{
	char *s = read_file("/proc/self/cmdline");
	char *at = s;
	int i;

	if (!CHECK(s != NULL, "read /proc/self/cmdline"))
		return;
	for (i = 0; i < argc && strcmp(at, argv[i]) == 0; i++)
		at += strlen(at) + 1;
	CHECK(i == argc, "cmdline is argv, NUL-separated (%s)", s);
}

static void
check_meminfo(void)
{
	char *s = read_file("/proc/meminfo");
	unsigned long total, free, avail;
	struct sysinfo si;

	if (!CHECK(s != NULL && sysinfo(&si) == 0, "read /proc/meminfo and sysinfo"))
		return;
	CHECK(sscanf(field(s, "MemTotal"), "%lu kB", &total) == 1 &&
	    sscanf(field(s, "MemFree"), "%lu kB", &free) == 1 &&
	    field(s, "MemAvailable") != NULL &&
	    sscanf(field(s, "MemAvailable"), "%lu kB", &avail) == 1,
	    "MemTotal, MemFree and MemAvailable in kB");
	CHECK(total == si.totalram * si.mem_unit / 1024,
	    "MemTotal %lu kB is sysinfo's totalram", total);
	CHECK(free > 0 && free <= total && avail <= total, "0 < MemFree <= MemTotal");
	CHECK(field(s, "Cached") != NULL && field(s, "Shmem") != NULL, "Cached and Shmem are there");
}

static void
check_mounts(void)
{
	char *s = read_file("/proc/mounts");
	bool root = false, proc = false;
	char dev[256], dir[256], type[64];

	if (!CHECK(s != NULL, "read /proc/mounts"))
		return;
	for (char *l = s; l != NULL && *l != '\0'; l = strchr(l, '\n'), l += l != NULL) {
		if (sscanf(l, "%255s %255s %63s", dev, dir, type) != 3)
			continue;
		root |= strcmp(dir, "/") == 0;
		proc |= strcmp(dir, "/proc") == 0 && strcmp(type, "proc") == 0;
	}
	CHECK(root && proc, "/proc/mounts lists / and proc on /proc");
}

static void
check_uptime_loadavg(void)
{
	double up1, idle, up2, load[3];
	int running, total, last;
	char *s;

	s = read_file("/proc/uptime");
	CHECK(s != NULL && sscanf(s, "%lf %lf", &up1, &idle) == 2 && up1 > 0 && idle >= 0,
	    "/proc/uptime gives uptime and idle time");
	usleep(200000);
	s = read_file("/proc/uptime");
	CHECK(s != NULL && sscanf(s, "%lf", &up2) == 1 && up2 - up1 >= 0.15 && up2 - up1 < 5,
	    "uptime advances with time (%.2f s in 0.2 s)", up2 - up1);
	s = read_file("/proc/loadavg");
	CHECK(s != NULL && sscanf(s, "%lf %lf %lf %d/%d %d", &load[0], &load[1], &load[2],
	    &running, &total, &last) == 6, "/proc/loadavg parses: %s", s);
	CHECK(load[0] >= 0 && load[1] >= 0 && load[2] >= 0 && running >= 1 &&
	    total >= running && last > 0, "loads >= 0, runnable threads 1..total, a last pid");
}

/* readlink of /proc/self/fd/fd equals want. */
static bool
fd_is(int fd, const char *want, char *got, size_t size)
{
	char link[64];
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, got, size - 1);
	got[n > 0 ? n : 0] = '\0';
	return n > 0 && strcmp(got, want) == 0;
}

static void
check_fd_links(void)
{
	char dir[PATH_MAX], real[PATH_MAX], path[PATH_MAX + 32], moved[PATH_MAX + 32],
	    want[PATH_MAX + 64], got[PATH_MAX + 64];
	int fd, dfd, pipefd[2];
	struct stat st;

	snprintf(dir, sizeof(dir), "/tmp/procfs.XXXXXX");
	if (!CHECK(mkdtemp(dir) != NULL && realpath(dir, real) != NULL, "a scratch directory"))
		return;
	snprintf(path, sizeof(path), "%s/file", real);
	snprintf(moved, sizeof(moved), "%s/renamed", real);
	fd = open(path, O_CREAT | O_RDWR, 0600);
	dfd = open(real, O_RDONLY | O_DIRECTORY);
	CHECK(fd >= 0 && fd_is(fd, path, got, sizeof(got)), "fd/N of a file is its path (%s)", got);
	CHECK(dfd >= 0 && fd_is(dfd, real, got, sizeof(got)), "fd/N of a directory is its path");
	CHECK(rename(path, moved) == 0 && fd_is(fd, moved, got, sizeof(got)),
	    "after rename, fd/N follows the new name (%s)", got);
	close(fd);
	fd = open(path, O_CREAT | O_RDWR, 0600);
	snprintf(want, sizeof(want), "%s (deleted)", path);
	CHECK(fd >= 0 && unlink(path) == 0 && unlink(moved) == 0 &&
	    fd_is(fd, want, got, sizeof(got)), "after unlink, fd/N says (deleted) (%s)", got);
	CHECK(pipe(pipefd) == 0 && fstat(pipefd[0], &st) == 0, "a pipe");
	snprintf(want, sizeof(want), "pipe:[%lu]", (unsigned long)st.st_ino);
	CHECK(fd_is(pipefd[1], want, got, sizeof(got)), "fd/N of a pipe is %s (%s)", want, got);
	close(pipefd[0]);
	close(pipefd[1]);
	close(fd);
	close(dfd);
	rmdir(real);
}

/* A child asleep in read() on a pipe is S, then a zombie is Z, then gone. */
static void
check_child_states(void)
{
	char path[64], *s;
	int fds[2], status, ppid;
	pid_t pid;

	if (!CHECK(pipe(fds) == 0, "a pipe for the child"))
		return;
	pid = fork();
	if (pid == 0) {
		char c;

		close(fds[1]);
		_exit(read(fds[0], &c, 1) == 1 && c == 'x' ? 0 : 1);
	}
	close(fds[0]);
	CHECK(wait_state(pid, 'S'), "a child blocked in read() is S (state %c)", state_of(pid));
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	s = read_file(path);
	CHECK(s != NULL && sscanf(strrchr(s, ')') + 2, "%*c %d", &ppid) == 1 && ppid == getpid(),
	    "its ppid is ours");
	CHECK(write(fds[1], "x", 1) == 1, "wake it");
	CHECK(wait_state(pid, 'Z'), "once it exits and before it is reaped it is Z (state %c)",
	    state_of(pid));
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "it read the byte and exited 0");
	CHECK(access(path, F_OK) == -1 && errno == ENOENT, "once reaped, /proc/%d is gone", pid);
	close(fds[1]);
}

int
main(int argc, char **argv)
{
	check_self_stat();
	check_self_status();
	check_self_maps();
	check_self_cmdline(argc, argv);
	check_meminfo();
	check_mounts();
	check_uptime_loadavg();
	check_fd_links();
	check_child_states();
	return check_done();
}
