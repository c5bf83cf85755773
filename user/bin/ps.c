/*
 * ps: report processes, from /proc/PID/{stat,status,cmdline}, in procps'
 * formats:
 *
 *	ps			this user's processes on this terminal
 *	ps -e | -A		all processes; -f full, -j jobs format, -l long format
 *	ps aux			all processes, BSD user format
 *	ps -p PID[,PID]...	those processes
 *	ps -o KEY[=HEADER][,KEY...]	chosen columns: pid ppid pgid sid
 *		stat state time cmd args command comm ucmd user uid tty tt
 *		nlwp ni pri c stime start start_time vsz rss pcpu %cpu pmem %mem
 *
 * Columns are padded to procps' widths; a value wider than its column
 * pushes the rest of the line right, and the last column is not padded.
 */
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

#define USAGE	"ps [-Aefj] [-p PID,...] [-o FORMAT] | ps aux"
#define TEXT_BUFSZ	4096
#define DAY		(24 * 60 * 60)
#define YEAR		(365 * DAY)

struct proc {
	int	 pid, ppid, pgrp, sid, tpgid, nice, prio, nlwp;
	char	 state;
	dev_t	 tty;
	uid_t	 euid;
	char	 comm[64];
	char	*args;		/* cmdline with spaces, "" for kernel threads */
	unsigned long long utime, stime, start;	/* clock ticks */
	unsigned long vsize, rss;		/* bytes, KiB (VmRSS) */
	int	 locked;	/* VmLck > 0 */
};

struct column {
	const char *key, *header;
	int	 width, left;	/* width 0: as wide as the value */
	void	 (*show)(const struct proc *, char *, size_t);
};

static long hz;
static double uptime;
static time_t boot_time, now;
static unsigned long mem_total_kib;

/* Seconds of CPU time, and of life since the process started. */
static unsigned long long
cpu_seconds(const struct proc *p)
{
	return (p->utime + p->stime) / hz;
}

static double
elapsed(const struct proc *p)
{
	double e = uptime - (double)p->start / hz;

	return e > 0 ? e : 0;
}

/* Tenths of a percent of CPU, as procps computes %CPU. */
static unsigned long long
cpu_permille(const struct proc *p)
{
	double e = elapsed(p);

	return e > 0 ? (unsigned long long)((p->utime + p->stime) * 1000.0 /
	    hz / e) : 0;
}

static void
show_pid(const struct proc *p, char *b, size_t n) { snprintf(b, n, "%d", p->pid); }
static void
show_ppid(const struct proc *p, char *b, size_t n) { snprintf(b, n, "%d", p->ppid); }
static void
show_pgid(const struct proc *p, char *b, size_t n) { snprintf(b, n, "%d", p->pgrp); }
static void
show_sid(const struct proc *p, char *b, size_t n) { snprintf(b, n, "%d", p->sid); }
static void
show_nlwp(const struct proc *p, char *b, size_t n) { snprintf(b, n, "%d", p->nlwp); }
static void
show_ni(const struct proc *p, char *b, size_t n) { snprintf(b, n, "%d", p->nice); }
static void
show_uid(const struct proc *p, char *b, size_t n) { snprintf(b, n, "%u", p->euid); }
static void
show_comm(const struct proc *p, char *b, size_t n) { snprintf(b, n, "%s", p->comm); }
static void
show_state(const struct proc *p, char *b, size_t n) { snprintf(b, n, "%c", p->state); }
static void
show_vsz(const struct proc *p, char *b, size_t n) { snprintf(b, n, "%lu", p->vsize / 1024); }
static void
show_rss(const struct proc *p, char *b, size_t n) { snprintf(b, n, "%lu", p->rss); }

/* procps' PRI: 39 - priority as the kernel reports it, i.e. 19 at nice 0. */
static void
show_pri(const struct proc *p, char *b, size_t n)
{
	snprintf(b, n, "%d", 39 - p->prio);
}

static void
show_args(const struct proc *p, char *b, size_t n)
{
	if (p->args[0] != '\0')
		snprintf(b, n, "%s", p->args);
	else
		snprintf(b, n, "[%s]", p->comm);
}

static void
show_user(const struct proc *p, char *b, size_t n)
{
	const char *name = user_name(p->euid);

	/* Names longer than the column become their number, as in procps. */
	if (name != NULL && strlen(name) <= 8)
		snprintf(b, n, "%s", name);
	else
		snprintf(b, n, "%u", p->euid);
}

/* [DD-]HH:MM:SS of CPU time. */
static void
show_time(const struct proc *p, char *b, size_t n)
{
	unsigned long long s = cpu_seconds(p);

	if (s >= DAY)
		snprintf(b, n, "%llu-%02llu:%02llu:%02llu", s / DAY,
		    s % DAY / 3600, s % 3600 / 60, s % 60);
	else
		snprintf(b, n, "%02llu:%02llu:%02llu", s / 3600, s % 3600 / 60,
		    s % 60);
}

/* MMM:SS of CPU time, the BSD TIME column. */
static void
show_bsdtime(const struct proc *p, char *b, size_t n)
{
	unsigned long long s = cpu_seconds(p);

	snprintf(b, n, "%llu:%02llu", s / 60, s % 60);
}

static void
show_pcpu(const struct proc *p, char *b, size_t n)
{
	unsigned long long pm = cpu_permille(p);

	snprintf(b, n, "%llu.%llu", pm / 10, pm % 10);
}

static void
show_c(const struct proc *p, char *b, size_t n)
{
	unsigned long long pc = cpu_permille(p) / 10;

	snprintf(b, n, "%llu", pc > 99 ? 99 : pc);
}

static void
show_pmem(const struct proc *p, char *b, size_t n)
{
	unsigned long long pm = mem_total_kib ?
	    p->rss * 1000ULL / mem_total_kib : 0;

	snprintf(b, n, "%llu.%llu", pm / 10, pm % 10);
}

/* Start time, in the format for the last day, the last year or older. */
static void
format_start(const struct proc *p, char *b, size_t n, const char *day,
    const char *year, const char *older)
{
	time_t t = boot_time + p->start / hz;
	struct tm *tm = localtime(&t);

	if (tm == NULL)
		snprintf(b, n, "?");
	else
		strftime(b, n, now - t < DAY ? day : now - t < YEAR ? year :
		    older, tm);
}

/* STIME and START: the hour today, the day this year, else the year. */
static void
show_stime(const struct proc *p, char *b, size_t n)
{
	format_start(p, b, n, "%H:%M", "%b%d", "%Y");
}

/* STARTED: to the second today, else the date. */
static void
show_started(const struct proc *p, char *b, size_t n)
{
	format_start(p, b, n, "%H:%M:%S", "%b %d", "%b %d");
}

/* Process STAT: state plus <, N, L, s, l and + as in procps. */
static void
show_stat(const struct proc *p, char *b, size_t n)
{
	size_t i = 0;

	b[i++] = p->state;
	if (p->nice < 0)
		b[i++] = '<';
	else if (p->nice > 0)
		b[i++] = 'N';
	if (p->locked)
		b[i++] = 'L';
	if (p->pid == p->sid)
		b[i++] = 's';
	if (p->nlwp > 1)
		b[i++] = 'l';
	if (p->tty != 0 && p->pgrp == p->tpgid)
		b[i++] = '+';
	b[i < n ? i : n - 1] = '\0';
}

/* The terminal's name under /dev, found by its device number. */
static int
find_dev(const char *dir, const char *prefix, dev_t dev, char *b, size_t n)
{
	struct dirent *de;
	struct stat st;
	char *path;
	DIR *d = opendir(dir);
	int found = 0;

	while (d != NULL && !found && (de = readdir(d)) != NULL) {
		path = path_join(dir, de->d_name);
		if (stat(path, &st) == 0 && S_ISCHR(st.st_mode) &&
		    st.st_rdev == dev) {
			snprintf(b, n, "%s%s", prefix, de->d_name);
			found = 1;
		}
		free(path);
	}
	if (d != NULL)
		closedir(d);
	return found;
}

static void
show_tty(const struct proc *p, char *b, size_t n)
{
	if (p->tty == 0)
		snprintf(b, n, "?");
	else if (!find_dev("/dev/pts", "pts/", p->tty, b, n) &&
	    !find_dev("/dev", "", p->tty, b, n))
		snprintf(b, n, "%u:%u", major(p->tty), minor(p->tty));
}

static const struct column columns[] = {
	{ "pid", "PID", 5, 0, show_pid },
	{ "ppid", "PPID", 5, 0, show_ppid },
	{ "pgid", "PGID", 5, 0, show_pgid },
	{ "pgrp", "PGRP", 5, 0, show_pgid },
	{ "sid", "SID", 5, 0, show_sid },
	{ "stat", "STAT", 4, 1, show_stat },
	{ "state", "S", 1, 1, show_state },
	{ "s", "S", 1, 1, show_state },
	{ "time", "TIME", 8, 0, show_time },
	{ "bsdtime", "TIME", 6, 0, show_bsdtime },
	{ "cmd", "CMD", 27, 1, show_args },
	{ "args", "COMMAND", 27, 1, show_args },
	{ "command", "COMMAND", 27, 1, show_args },
	{ "comm", "COMMAND", 15, 1, show_comm },
	{ "ucmd", "CMD", 15, 1, show_comm },
	{ "ucomm", "COMMAND", 15, 1, show_comm },
	{ "user", "USER", 8, 1, show_user },
	{ "euser", "EUSER", 8, 1, show_user },
	{ "fuser", "UID", 8, 1, show_user },	/* ps -f's UID column */
	{ "uid", "UID", 5, 0, show_uid },
	{ "euid", "EUID", 5, 0, show_uid },
	{ "tty", "TT", 8, 1, show_tty },
	{ "tt", "TT", 8, 1, show_tty },
	{ "tname", "TTY", 8, 1, show_tty },
	{ "nlwp", "NLWP", 4, 0, show_nlwp },
	{ "ni", "NI", 3, 0, show_ni },
	{ "nice", "NI", 3, 0, show_ni },
	{ "pri", "PRI", 3, 0, show_pri },
	{ "c", "C", 2, 0, show_c },
	{ "stime", "STIME", 5, 0, show_stime },
	{ "start_time", "START", 5, 0, show_stime },
	{ "start", "STARTED", 8, 0, show_started },
	{ "vsz", "VSZ", 6, 0, show_vsz },
	{ "rss", "RSS", 5, 0, show_rss },
	{ "pcpu", "%CPU", 4, 0, show_pcpu },
	{ "%cpu", "%CPU", 4, 0, show_pcpu },
	{ "pmem", "%MEM", 4, 0, show_pmem },
	{ "%mem", "%MEM", 4, 0, show_pmem },
};

/* The column formats of each style, as -o lists. */
#define FORMAT_DEFAULT	"pid,tname,time,ucmd"
#define FORMAT_FULL	"fuser,pid,ppid,c,stime,tname,time,cmd"
#define FORMAT_JOBS	"pid,pgid,sid,tname,time,ucmd"
#define FORMAT_BSD_USER	"user,pid,pcpu,pmem,vsz,rss,tname,stat,start_time," \
			"bsdtime,command"

struct chosen {
	const struct column *col;
	char	*header;
};

static struct chosen *chosen;
static size_t nchosen;

static void
add_columns(const char *list)
{
	char *copy = xstrdup(list), *item, *save = NULL, *eq;
	size_t i;

	for (item = strtok_r(copy, ", ", &save); item != NULL;
	    item = strtok_r(NULL, ", ", &save)) {
		if ((eq = strchr(item, '=')) != NULL)
			*eq = '\0';
		for (i = 0; i < sizeof(columns) / sizeof(columns[0]); i++)
			if (strcmp(columns[i].key, item) == 0)
				break;
		if (i == sizeof(columns) / sizeof(columns[0])) {
			fprintf(stderr, "error: unknown user-defined format "
			    "specifier \"%s\"\n", item);
			try_help();
		}
		chosen = xrealloc(chosen, (nchosen + 1) * sizeof(*chosen));
		chosen[nchosen].col = &columns[i];
		chosen[nchosen++].header = xstrdup(eq != NULL ? eq + 1 :
		    columns[i].header);
	}
	free(copy);
}

/*
 * Print one line of cells; the last column gets no padding.  When that
 * column is text (a command), the line is cut at the terminal's width
 * (or $COLUMNS), as in procps.
 */
static void
print_line(char **cells)
{
	char *line = NULL;
	size_t len = 0, width;
	FILE *f = open_memstream(&line, &len);
	size_t i;
	int w;

	if (f == NULL)
		error(EXIT_FAILURE, errno, "memory exhausted");
	for (i = 0; i < nchosen; i++) {
		w = chosen[i].col->width;
		if (i + 1 == nchosen && chosen[i].col->left)
			w = 0;
		fprintf(f, "%s%*s", i > 0 ? " " : "",
		    chosen[i].col->left ? -w : w, cells[i]);
	}
	fclose(f);
	if (chosen[nchosen - 1].col->left && terminal_columns(&width) == 0 &&
	    len > width)
		line[width] = '\0';
	puts(line);
	free(line);
}

static void
print_header(void)
{
	char **cells = xcalloc(nchosen, sizeof(*cells));
	size_t i;
	int any = 0;

	for (i = 0; i < nchosen; i++) {
		cells[i] = chosen[i].header;
		any |= cells[i][0] != '\0';
	}
	if (any)
		print_line(cells);
	free(cells);
}

static void
print_proc(const struct proc *p)
{
	char **cells = xcalloc(nchosen, sizeof(*cells));
	size_t i;

	for (i = 0; i < nchosen; i++) {
		cells[i] = xmalloc(TEXT_BUFSZ);
		chosen[i].col->show(p, cells[i], TEXT_BUFSZ);
	}
	print_line(cells);
	for (i = 0; i < nchosen; i++)
		free(cells[i]);
	free(cells);
}

/* Fields of /proc/PID/stat after "(comm)", from the state on. */
static int
parse_stat(char *text, struct proc *p)
{
	char *open = strchr(text, '('), *close = strrchr(text, ')');
	size_t n;

	if (open == NULL || close == NULL || close < open)
		return -1;
	n = close - open - 1;
	if (n >= sizeof(p->comm))
		n = sizeof(p->comm) - 1;
	memcpy(p->comm, open + 1, n);
	p->comm[n] = '\0';
	return sscanf(close + 2, "%c %d %d %d %lu %d %*u %*u %*u %*u %*u "
	    "%llu %llu %*d %*d %d %d %d %*d %llu %lu", &p->state,
	    &p->ppid, &p->pgrp, &p->sid, &p->tty, &p->tpgid, &p->utime,
	    &p->stime, &p->prio, &p->nice, &p->nlwp, &p->start,
	    &p->vsize) == 13 ? 0 : -1;
}

/* The effective uid, resident size and locked memory, from status. */
static void
parse_status(const char *text, struct proc *p)
{
	const char *uid = strstr(text, "\nUid:"), *lck = strstr(text, "\nVmLck:");
	const char *rss = strstr(text, "\nVmRSS:");
	unsigned int real;

	if (uid != NULL)
		sscanf(uid + 5, "%u %u", &real, &p->euid);
	if (rss != NULL)
		p->rss = strtoul(rss + 7, NULL, 10);
	p->locked = lck != NULL && strtoul(lck + 7, NULL, 10) > 0;
}

static char *
read_args(int pid)
{
	char path[64], *text;
	size_t len, i;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", pid);
	if ((text = read_file(path, &len)) == NULL)
		return xstrdup("");
	while (len > 0 && text[len - 1] == '\0')
		len--;
	for (i = 0; i < len; i++)
		if (text[i] == '\0' || !isprint((unsigned char)text[i]))
			text[i] = text[i] == '\0' ? ' ' : '?';
	text[len] = '\0';
	return text;
}

static int
read_proc(int pid, struct proc *p)
{
	char path[64], *text;
	int r;

	memset(p, 0, sizeof(*p));
	p->pid = pid;
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if ((text = read_file(path, NULL)) == NULL)
		return -1;
	r = parse_stat(text, p);
	free(text);
	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	if (r != 0 || (text = read_file(path, NULL)) == NULL)
		return -1;
	parse_status(text, p);
	free(text);
	p->args = read_args(pid);
	return 0;
}

static void
read_system(void)
{
	char *text, *line;

	hz = sysconf(_SC_CLK_TCK);
	now = time(NULL);
	if ((text = read_file("/proc/uptime", NULL)) != NULL) {
		uptime = strtod(text, NULL);
		free(text);
	}
	boot_time = now - (time_t)uptime;
	if ((text = read_file("/proc/stat", NULL)) != NULL) {
		if ((line = strstr(text, "\nbtime ")) != NULL)
			boot_time = strtoll(line + 7, NULL, 10);
		free(text);
	}
	if ((text = read_file("/proc/meminfo", NULL)) != NULL) {
		if ((line = strstr(text, "MemTotal:")) != NULL)
			mem_total_kib = strtoul(line + 9, NULL, 10);
		free(text);
	}
}

/*
 * Our controlling terminal as /proc/self/stat gives it; if that says
 * none, the terminal on standard input, for emulators (qemu-user) that
 * fake /proc/self/stat with a zero tty_nr.
 */
static dev_t
own_tty(dev_t from_proc)
{
	struct stat st;

	if (from_proc == 0 && isatty(STDIN_FILENO) &&
	    fstat(STDIN_FILENO, &st) == 0)
		return st.st_rdev;
	return from_proc;
}

static int
by_pid(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* Every pid in /proc, in increasing order; their number. */
static size_t
all_pids(int **out)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	int *v = NULL;
	size_t n = 0;

	if (d == NULL)
		error(EXIT_FAILURE, errno, "cannot open /proc");
	while ((de = readdir(d)) != NULL) {
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		v = xrealloc(v, (n + 1) * sizeof(*v));
		v[n++] = atoi(de->d_name);
	}
	closedir(d);
	qsort(v, n, sizeof(*v), by_pid);
	*out = v;
	return n;
}

static int
in_list(const char *list, int pid)
{
	char *copy = xstrdup(list), *item, *save = NULL;
	int found = 0;

	for (item = strtok_r(copy, ", ", &save); item != NULL && !found;
	    item = strtok_r(NULL, ", ", &save))
		found = atoi(item) == pid;
	free(copy);
	return found;
}

int
main(int argc, char **argv)
{
	struct proc self, p;
	const char *pids = NULL;
	int all = 0, full = 0, jobs = 0, bsd = 0, c, listed = 0, *v;
	size_t n, i;

	/* "ps aux": BSD options come without a dash. */
	if (argc > 1 && argv[1][0] != '-') {
		bsd = strchr(argv[1], 'u') != NULL;
		all = strchr(argv[1], 'a') != NULL || strchr(argv[1], 'x') != NULL;
		argv[1] = argv[0];
		argv++;
		argc--;
	}
	while ((c = getopt_help(argc, argv, "Aefjp:o:", USAGE, EXIT_FAILURE)) != -1) {
		switch (c) {
		case 'A':
		case 'e': all = 1; break;
		case 'f': full = 1; break;
		case 'j': jobs = 1; break;
		case 'p': pids = optarg; break;
		case 'o': add_columns(optarg); break;
		}
	}
	if (nchosen == 0)
		add_columns(bsd ? FORMAT_BSD_USER : full ? FORMAT_FULL :
		    jobs ? FORMAT_JOBS : FORMAT_DEFAULT);
	read_system();
	if (read_proc(getpid(), &self) != 0)
		error(EXIT_FAILURE, errno, "cannot read /proc/self");
	self.tty = own_tty(self.tty);
	print_header();
	n = all_pids(&v);
	for (i = 0; i < n; i++) {
		if ((pids != NULL && !in_list(pids, v[i])) ||
		    read_proc(v[i], &p) != 0)
			continue;
		if (pids == NULL && !all &&
		    (p.euid != self.euid || p.tty != self.tty)) {
			free(p.args);
			continue;
		}
		print_proc(&p);
		free(p.args);
		listed++;
	}
	if (fflush(stdout) != 0)
		error(EXIT_FAILURE, errno, "write error");
	return listed > 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
