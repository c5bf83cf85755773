/*
 * files: the file system calls on a private directory under /tmp - openat,
 * read/write and their positioned and vectored forms, lseek, fstat and
 * newfstatat, dup/dup3/fcntl, getdents64, the working directory, mkdirat,
 * unlinkat, pipe2 and umask.
 */
#include "check.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#define HIGH_FD		100
#define FILE_MODE	(S_IRUSR | S_IWUSR | S_IRGRP | S_IWGRP | S_IROTH | S_IWOTH)
#define TEST_UMASK	(S_IWGRP | S_IWOTH)
#define HOLE_AT		8192
#define HOLE_PROBE	1024

static char dir[64];	/* the private directory, absolute */

/* Whether the file holds exactly want from offset off to its end. */
static bool
contents_are(int fd, off_t off, const char *want)
{
	char buf[128] = "";
	ssize_t len = (ssize_t)strlen(want);

	return pread(fd, buf, sizeof(buf) - 1, off) == len && strcmp(buf, want) == 0;
}

static void
directories(void)
{
	char cwd[PATH_MAX];

	snprintf(dir, sizeof(dir), "/tmp/files-test.%d", getpid());
	umask(TEST_UMASK);
	CHECK(umask(TEST_UMASK) == TEST_UMASK, "umask returns the previous mask");
	CHECK(mkdirat(AT_FDCWD, dir, S_IRWXU) == 0, "mkdirat %s", dir);
	CHECK_FAILS(mkdirat(AT_FDCWD, dir, S_IRWXU), EEXIST, "mkdirat again fails with EEXIST");
	CHECK(chdir(dir) == 0, "chdir into it");
	CHECK(getcwd(cwd, sizeof(cwd)) != NULL && strcmp(cwd, dir) == 0,
	      "getcwd names it (%s)", cwd);
	CHECK_FAILS(syscall(SYS_getcwd, cwd, 2), ERANGE,
		    "getcwd into a too-small buffer: ERANGE");
	CHECK(mkdirat(AT_FDCWD, "sub", S_IRWXU) == 0, "mkdirat with a relative path");
}

static void
reading_writing(int fd)
{
	char buf[16] = "";

	CHECK(write(fd, "hello world", 11) == 11, "write 11 bytes");
	CHECK(lseek(fd, 0, SEEK_CUR) == 11, "the offset moved to 11");
	CHECK(lseek(fd, 0, SEEK_SET) == 0 && read(fd, buf, sizeof(buf)) == 11 &&
	      strcmp(buf, "hello world") == 0, "read them back from offset 0");
	CHECK(read(fd, buf, sizeof(buf)) == 0, "read at end of file returns 0");
	CHECK(pwrite(fd, "kite!", 5, 6) == 5 && contents_are(fd, 0, "hello kite!"),
	      "pwrite at 6 and pread at 0 see \"hello kite!\"");
	CHECK(lseek(fd, 0, SEEK_CUR) == 11, "pread and pwrite leave the offset alone");
	CHECK(lseek(fd, -5, SEEK_END) == 6, "lseek SEEK_END -5");
	CHECK_FAILS(lseek(fd, -1, SEEK_SET), EINVAL, "lseek to a negative offset: EINVAL");
}

static void
vectors(int fd)
{
	char a[6] = "", b[8] = "";
	struct iovec out[] = { { "one ", 4 }, { "two ", 4 }, { "three", 5 } };
	struct iovec in[] = { { a, 5 }, { b, 7 } };

	CHECK(ftruncate(fd, 0) == 0 && lseek(fd, 0, SEEK_SET) == 0, "truncate to empty");
	CHECK(writev(fd, out, 3) == 13, "writev of three buffers writes 13 bytes");
	CHECK(lseek(fd, 0, SEEK_SET) == 0 && readv(fd, in, 2) == 12 &&
	      strcmp(a, "one t") == 0 && strcmp(b, "wo thre") == 0,
	      "readv scatters them across two buffers");
}

/* Whether the last HOLE_PROBE bytes before HOLE_AT, never written, read as 0. */
static bool
hole_is_zero(int fd)
{
	char buf[HOLE_PROBE];

	if (pread(fd, buf, sizeof(buf), HOLE_AT - HOLE_PROBE) != HOLE_PROBE)
		return false;
	for (size_t i = 0; i < sizeof(buf); i++)
		if (buf[i] != 0)
			return false;
	return true;
}

static void
status(int fd)
{
	struct stat st, at;

	CHECK(lseek(fd, HOLE_AT, SEEK_SET) == HOLE_AT && write(fd, "x", 1) == 1,
	      "write past the end, leaving a hole");
	CHECK(hole_is_zero(fd), "the hole reads as zeroes");
	if (!CHECK(fstat(fd, &st) == 0, "fstat"))
		return;
	CHECK(S_ISREG(st.st_mode) && st.st_size == HOLE_AT + 1,
	      "fstat: a regular file of %d bytes", HOLE_AT + 1);
	CHECK((st.st_mode & ALLPERMS) == (FILE_MODE & ~TEST_UMASK),
	      "the umask was applied to the mode (%o)", st.st_mode & ALLPERMS);
	CHECK(fstatat(AT_FDCWD, "f", &at, 0) == 0 && at.st_ino == st.st_ino &&
	      at.st_dev == st.st_dev, "newfstatat finds the same inode");
	CHECK(fstatat(AT_FDCWD, "sub", &at, 0) == 0 && S_ISDIR(at.st_mode),
	      "newfstatat of a directory says S_ISDIR");
	CHECK_FAILS(fstatat(AT_FDCWD, "missing", &at, 0), ENOENT,
		    "newfstatat of a missing name: ENOENT");
}

static void
descriptors(int fd)
{
	int copy = dup(fd), high = dup3(fd, HIGH_FD, O_CLOEXEC);

	CHECK(copy > fd, "dup returns a new descriptor");
	CHECK(lseek(fd, 3, SEEK_SET) == 3 && lseek(copy, 0, SEEK_CUR) == 3,
	      "a dup shares the file offset");
	CHECK(high == HIGH_FD && fcntl(high, F_GETFD) == FD_CLOEXEC,
	      "dup3(fd, %d, O_CLOEXEC) sets close-on-exec", HIGH_FD);
	CHECK(fcntl(fd, F_GETFD) == 0, "the original stays without close-on-exec");
	CHECK_FAILS(dup3(fd, fd, 0), EINVAL, "dup3 onto itself: EINVAL");
	CHECK(fcntl(fd, F_DUPFD_CLOEXEC, HIGH_FD) == HIGH_FD + 1,
	      "F_DUPFD_CLOEXEC takes the lowest free descriptor at or above %d", HIGH_FD);
	CHECK((fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR, "F_GETFL says O_RDWR");
	CHECK(fcntl(fd, F_SETFL, O_APPEND) == 0 && lseek(fd, 0, SEEK_SET) == 0 &&
	      write(fd, "!", 1) == 1 && lseek(fd, 0, SEEK_CUR) == HOLE_AT + 2,
	      "after F_SETFL O_APPEND a write goes to the end");
	close(copy);
	close(high);
	close(HIGH_FD + 1);
	CHECK_FAILS(close(high), EBADF, "close of a closed descriptor: EBADF");
	CHECK_FAILS(read(HIGH_FD, (char[1]){ 0 }, 1), EBADF, "read of a closed descriptor: EBADF");
}

/* Whether the directory lists exactly ".", "..", "f" and "sub". */
static bool
lists_expected(int dfd)
{
	static const char *const want[] = { ".", "..", "f", "sub" };
	char buf[1024];
	int found = 0, total = 0;
	ssize_t len;

	while ((len = getdents64(dfd, buf, sizeof(buf))) > 0) {
		for (ssize_t off = 0; off < len;) {
			struct dirent64 *d = (struct dirent64 *)(buf + off);

			for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
				found += strcmp(d->d_name, want[i]) == 0;
			total++;
			off += d->d_reclen;
		}
	}
	return len == 0 && found == 4 && total == 4;
}

static void
listing(void)
{
	int dfd = openat(AT_FDCWD, ".", O_RDONLY | O_DIRECTORY);
	char cwd[PATH_MAX];

	if (!CHECK(dfd >= 0, "open the directory"))
		return;
	CHECK(lists_expected(dfd), "getdents64 lists ., .., f and sub");
	CHECK(chdir("/") == 0 && fchdir(dfd) == 0 && getcwd(cwd, sizeof(cwd)) != NULL &&
	      strcmp(cwd, dir) == 0, "fchdir returns to it");
	CHECK_FAILS(openat(dfd, "f", O_RDONLY | O_DIRECTORY), ENOTDIR,
		    "O_DIRECTORY on a file: ENOTDIR");
	close(dfd);
}

static void
removal(void)
{
	CHECK_FAILS(unlinkat(AT_FDCWD, "sub", 0), EISDIR,
		    "unlinkat of a directory without AT_REMOVEDIR: EISDIR");
	CHECK_FAILS(unlinkat(AT_FDCWD, dir, AT_REMOVEDIR), ENOTEMPTY,
		    "unlinkat of a non-empty directory: ENOTEMPTY");
	CHECK(unlinkat(AT_FDCWD, "f", 0) == 0, "unlinkat the file");
	CHECK_FAILS(openat(AT_FDCWD, "f", O_RDONLY), ENOENT, "it is gone: ENOENT");
	CHECK(unlinkat(AT_FDCWD, "sub", AT_REMOVEDIR) == 0, "unlinkat the subdirectory");
	CHECK(chdir("/") == 0 && unlinkat(AT_FDCWD, dir, AT_REMOVEDIR) == 0,
	      "unlinkat the emptied directory");
}

static void
pipes(void)
{
	int fds[2];
	char c;

	if (!CHECK(pipe2(fds, O_CLOEXEC | O_NONBLOCK) == 0, "pipe2(O_CLOEXEC | O_NONBLOCK)"))
		return;
	CHECK(fcntl(fds[0], F_GETFD) == FD_CLOEXEC && (fcntl(fds[1], F_GETFL) & O_NONBLOCK),
	      "both flags are set");
	CHECK_FAILS(read(fds[0], &c, 1), EAGAIN, "reading the empty pipe: EAGAIN");
	CHECK(write(fds[1], "p", 1) == 1 && read(fds[0], &c, 1) == 1 && c == 'p',
	      "a byte goes through");
	CHECK_FAILS(pipe2(fds, O_RDWR), EINVAL, "pipe2 with a bad flag: EINVAL");
	close(fds[0]);
	close(fds[1]);
}

int
main(void)
{
	int fd;

	directories();
	fd = openat(AT_FDCWD, "f", O_RDWR | O_CREAT | O_EXCL, FILE_MODE);
	if (CHECK(fd >= 0, "openat(O_CREAT | O_EXCL) creates a file")) {
		CHECK_FAILS(openat(AT_FDCWD, "f", O_RDWR | O_CREAT | O_EXCL, FILE_MODE),
			    EEXIST, "again: EEXIST");
		reading_writing(fd);
		vectors(fd);
		status(fd);
		descriptors(fd);
		close(fd);
	}
	listing();
	removal();
	pipes();
	return check_done();
}
