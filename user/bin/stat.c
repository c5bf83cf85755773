/*
 * stat: display file status, in coreutils' default layout or with a
 * -c FORMAT of %-directives (%n %N %s %b %B %o %F %a %A %h %i %u %U %g
 * %G %d %D %t %T %x %X %y %Y %z %Z %w %W %%, each taking printf flags and
 * a width).  The default layout is itself such a format, so the two
 * cannot drift apart.  statx(2) supplies the birth time when the kernel
 * has it; without statx, stat falls back to lstat(2)/stat(2).
 */
#define _GNU_SOURCE	/* statx */
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

#define USAGE	"stat [-L] [-c FORMAT] FILE..."
#define SPEC_BUFSZ	32
#define TIME_BUFSZ	64
#define NSEC_DIGITS	9

/* The default layout: head, a device line (two kinds), tail. */
static const char layout_head[] =
    "  File: %N\n"
    "  Size: %-10s\tBlocks: %-10b IO Block: %-6o %F\n";
static const char layout_device[] =
    "Device: %Hd,%Ld\tInode: %-11i Links: %h\n";
static const char layout_device_node[] =
    "Device: %Hd,%Ld\tInode: %-11i Links: %-5h Device type: %Hr,%Lr\n";
static const char layout_tail[] =
    "Access: (%04a/%10.10A)  Uid: (%5u/%8U)   Gid: (%5g/%8G)\n"
    "Access: %x\nModify: %y\nChange: %z\n Birth: %w\n";

struct file {
	const char *name;
	struct stat st;
	struct timespec btime;	/* tv_sec -1: unknown */
};

static int follow;
static int quote_names;	/* -c: %N quotes names, as coreutils does */

static const char *
type_name(const struct stat *st)
{
	switch (st->st_mode & S_IFMT) {
	case S_IFREG:	return st->st_size == 0 ? "regular empty file" :
			    "regular file";
	case S_IFDIR:	return "directory";
	case S_IFLNK:	return "symbolic link";
	case S_IFIFO:	return "fifo";
	case S_IFCHR:	return "character special file";
	case S_IFBLK:	return "block special file";
	case S_IFSOCK:	return "socket";
	default:	return "weird file";
	}
}

static const char *
time_text(const struct timespec *ts, char buf[TIME_BUFSZ])
{
	struct tm *tm;
	char zone[8];

	if (ts->tv_sec == -1)
		return "-";
	if ((tm = localtime(&ts->tv_sec)) == NULL)
		return "?";
	strftime(buf, TIME_BUFSZ, "%Y-%m-%d %H:%M:%S", tm);
	strftime(zone, sizeof(zone), "%z", tm);
	snprintf(buf + strlen(buf), TIME_BUFSZ - strlen(buf), ".%0*ld %s",
	    NSEC_DIGITS, ts->tv_nsec, zone);
	return buf;
}

/* %N: the name, and " -> target" for a symbolic link. */
static const char *
quoted_name(const struct file *f, char *buf, size_t size)
{
	const char *q = quote_names ? "'" : "";
	char target[PATH_MAX];
	ssize_t n;

	if (!S_ISLNK(f->st.st_mode) ||
	    (n = readlink(f->name, target, sizeof(target) - 1)) < 0) {
		snprintf(buf, size, "%s%s%s", q, f->name, q);
		return buf;
	}
	target[n] = '\0';
	snprintf(buf, size, "%s%s%s -> %s%s%s", q, f->name, q, q, target, q);
	return buf;
}

static const char *
name_or_id(const char *name, uintmax_t id, char *buf, size_t size)
{
	if (name != NULL)
		return name;
	snprintf(buf, size, "%ju", id);
	return buf;
}

static void
put_string(const char *spec, const char *s)
{
	char fmt[SPEC_BUFSZ];

	snprintf(fmt, sizeof(fmt), "%%%ss", spec);
	printf(fmt, s);
}

static void
put_number(const char *spec, uintmax_t v, char conv)
{
	char fmt[SPEC_BUFSZ];

	snprintf(fmt, sizeof(fmt), "%%%sj%c", spec, conv);
	printf(fmt, v);
}

/* A device number, split by %H (major) or %L (minor) if asked. */
static void
put_device(const char *spec, dev_t dev, char part)
{
	if (part == 'H')
		put_number(spec, major(dev), 'u');
	else if (part == 'L')
		put_number(spec, minor(dev), 'u');
	else
		put_number(spec, dev, 'u');
}

/* One directive, conv, with printf flags/width spec; part is H, L or 0. */
static void
directive(const struct file *f, const char *spec, char part, char conv)
{
	const struct stat *st = &f->st;
	char buf[PATH_MAX + PATH_MAX + 8], mode[MODE_STRSZ];
	const struct timespec *ts = NULL;

	switch (conv) {
	case 'n': put_string(spec, f->name); break;
	case 'N': put_string(spec, quoted_name(f, buf, sizeof(buf))); break;
	case 's': put_number(spec, st->st_size, 'u'); break;
	case 'b': put_number(spec, st->st_blocks, 'u'); break;
	case 'B': put_number(spec, 512, 'u'); break;
	case 'o': put_number(spec, st->st_blksize, 'u'); break;
	case 'F': put_string(spec, type_name(st)); break;
	case 'a': put_number(spec, st->st_mode & ~S_IFMT, 'o'); break;
	case 'A': put_string(spec, mode_string(st->st_mode, mode)); break;
	case 'f': put_number(spec, st->st_mode, 'x'); break;
	case 'h': put_number(spec, st->st_nlink, 'u'); break;
	case 'i': put_number(spec, st->st_ino, 'u'); break;
	case 'u': put_number(spec, st->st_uid, 'u'); break;
	case 'g': put_number(spec, st->st_gid, 'u'); break;
	case 'U':
		put_string(spec, name_or_id(user_name(st->st_uid), st->st_uid,
		    buf, sizeof(buf)));
		break;
	case 'G':
		put_string(spec, name_or_id(group_name(st->st_gid), st->st_gid,
		    buf, sizeof(buf)));
		break;
	case 'd': put_device(spec, st->st_dev, part); break;
	case 'D': put_number(spec, st->st_dev, 'x'); break;
	case 'r': put_device(spec, st->st_rdev, part); break;
	case 't': put_number(spec, major(st->st_rdev), 'x'); break;
	case 'T': put_number(spec, minor(st->st_rdev), 'x'); break;
	case 'x': case 'X': ts = &st->st_atim; break;
	case 'y': case 'Y': ts = &st->st_mtim; break;
	case 'z': case 'Z': ts = &st->st_ctim; break;
	case 'w': case 'W': ts = &f->btime; break;
	default:
		printf("?%c", conv);
		break;
	}
	if (ts == NULL)
		return;
	if (conv >= 'a')
		put_string(spec, time_text(ts, buf));
	else if (ts->tv_sec == -1)
		put_string(spec, "0");
	else
		put_number(spec, ts->tv_sec, 'd');
}

static void
print_format(const struct file *f, const char *fmt)
{
	char spec[SPEC_BUFSZ], part;
	size_t n;

	for (; *fmt != '\0'; fmt++) {
		if (*fmt != '%' || fmt[1] == '\0') {
			putchar(*fmt);
			continue;
		}
		if (*++fmt == '%') {
			putchar('%');
			continue;
		}
		n = strspn(fmt, "-#0 +'.0123456789");
		if (n >= sizeof(spec))
			n = sizeof(spec) - 1;
		memcpy(spec, fmt, n);
		spec[n] = '\0';
		fmt += n;
		part = 0;
		if ((*fmt == 'H' || *fmt == 'L') && strchr("dr", fmt[1]) != NULL &&
		    fmt[1] != '\0')
			part = *fmt++;
		if (*fmt == '\0')
			break;
		directive(f, spec, part, *fmt);
	}
}

/* Fill f from statx(2), or stat(2) where the kernel has no statx. */
static int
get_status(const char *name, struct file *f)
{
	struct statx sx;
	int flags = follow ? 0 : AT_SYMLINK_NOFOLLOW;

	f->name = name;
	f->btime.tv_sec = -1;
	if (statx(AT_FDCWD, name, flags, STATX_BASIC_STATS | STATX_BTIME,
	    &sx) != 0) {
		if (errno != ENOSYS)
			return -1;
		return fstatat(AT_FDCWD, name, &f->st, flags);
	}
	if (sx.stx_mask & STATX_BTIME) {
		f->btime.tv_sec = sx.stx_btime.tv_sec;
		f->btime.tv_nsec = sx.stx_btime.tv_nsec;
	}
	/* The rest, in the struct every directive reads. */
	return fstatat(AT_FDCWD, name, &f->st, flags);
}

int
main(int argc, char **argv)
{
	const char *format = NULL;
	struct file f;
	int c, i, status = EXIT_SUCCESS;

	while ((c = getopt_help(argc, argv, "Lc:", USAGE, EXIT_FAILURE)) != -1) {
		if (c == 'L')
			follow = 1;
		else
			format = optarg;
	}
	quote_names = format != NULL;
	if (optind == argc)
		usage_error("missing operand", NULL);
	for (i = optind; i < argc; i++) {
		if (get_status(argv[i], &f) != 0) {
			error(0, errno, "cannot statx '%s'", argv[i]);
			status = EXIT_FAILURE;
			continue;
		}
		if (format != NULL) {
			print_format(&f, format);
			putchar('\n');
		} else {
			print_format(&f, layout_head);
			print_format(&f, S_ISCHR(f.st.st_mode) ||
			    S_ISBLK(f.st.st_mode) ? layout_device_node :
			    layout_device);
			print_format(&f, layout_tail);
		}
	}
	if (fflush(stdout) != 0)
		error(EXIT_FAILURE, errno, "write error");
	return status;
}
