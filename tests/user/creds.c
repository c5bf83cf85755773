/*
 * creds: process credentials and identity - the ids of root, a child that
 * drops privileges step by step and is then refused what root may do, and
 * process groups and sessions. The tests run as root (on the host under
 * qemu-riscv64 too).
 */
#include "check.h"

#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>

#define USER_ID		1000
#define GROUP_ID	1000
#define EXTRA_GROUP	500

static void
root_ids(void)
{
	uid_t r, e, s;
	gid_t gr, ge, gs;

	CHECK(getuid() == 0 && geteuid() == 0, "getuid and geteuid are 0 (root)");
	CHECK(getgid() == 0 && getegid() == 0, "getgid and getegid are 0");
	CHECK(getresuid(&r, &e, &s) == 0 && r == 0 && e == 0 && s == 0,
	      "getresuid says 0, 0, 0");
	CHECK(getresgid(&gr, &ge, &gs) == 0 && gr == 0 && ge == 0 && gs == 0,
	      "getresgid says 0, 0, 0");
	CHECK(gettid() == getpid(), "the main thread's tid is the pid");
}

/* The steps of drop_privileges(), each the exit code when it goes wrong. */
enum {
	STEP_GROUPS = 1, STEP_SETRESGID, STEP_SETRESUID, STEP_IDS, STEP_REGAIN,
	STEP_DROP_ALL, STEP_SETUID_REFUSED, STEP_SETRESUID_REFUSED, STEP_KILL_REFUSED,
	STEP_OPEN_REFUSED, NSTEPS
};
static const char *const step_failed[NSTEPS] = {
	[STEP_GROUPS] = "setgroups/getgroups failed",
	[STEP_SETRESGID] = "setresgid failed",
	[STEP_SETRESUID] = "setresuid(user, user, 0) failed",
	[STEP_IDS] = "getresuid/getresgid disagree",
	[STEP_REGAIN] = "seteuid(0) through the saved id failed",
	[STEP_DROP_ALL] = "setresuid(user, user, user) failed",
	[STEP_SETUID_REFUSED] = "setuid(0) was not refused with EPERM",
	[STEP_SETRESUID_REFUSED] = "setresuid(-1, 0, -1) was not refused with EPERM",
	[STEP_KILL_REFUSED] = "kill(1, 0) was not refused with EPERM",
	[STEP_OPEN_REFUSED] = "opening a root-only file was not refused with EACCES",
};

static bool
refused(long ret, int want)
{
	return ret == -1 && errno == want;
}

/* In a child: arg names a file only root may read. */
static int
drop_privileges(void *root_only)
{
	gid_t extra = EXTRA_GROUP, got[2];
	uid_t r, e, s;
	gid_t gr, ge, gs;

	if (setgroups(1, &extra) != 0 || getgroups(2, got) != 1 || got[0] != EXTRA_GROUP)
		return STEP_GROUPS;
	if (setresgid(GROUP_ID, GROUP_ID, GROUP_ID) != 0)
		return STEP_SETRESGID;
	if (setresuid(USER_ID, USER_ID, 0) != 0)
		return STEP_SETRESUID;
	if (getresuid(&r, &e, &s) != 0 || r != USER_ID || e != USER_ID || s != 0 ||
	    getresgid(&gr, &ge, &gs) != 0 || gr != GROUP_ID || gs != GROUP_ID)
		return STEP_IDS;
	if (seteuid(0) != 0 || geteuid() != 0 || seteuid(USER_ID) != 0)
		return STEP_REGAIN;
	if (setresuid(USER_ID, USER_ID, USER_ID) != 0 || getuid() != USER_ID)
		return STEP_DROP_ALL;
	if (!refused(setuid(0), EPERM))
		return STEP_SETUID_REFUSED;
	if (!refused(setresuid(-1, 0, -1), EPERM))
		return STEP_SETRESUID_REFUSED;
	if (!refused(kill(1, 0), EPERM))
		return STEP_KILL_REFUSED;
	if (!refused(open(root_only, O_RDONLY), EACCES))
		return STEP_OPEN_REFUSED;
	return 0;
}

static void
privileges(void)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/tmp/creds-test.%d", getpid());
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL, S_IRUSR | S_IWUSR);
	if (!CHECK(fd >= 0, "create a file only root may read"))
		return;
	close(fd);
	check_child(run_child(drop_privileges, path), step_failed, NSTEPS,
		    "a child drops to uid %d, regains root through the saved id, "
		    "drops for good, and is then refused setuid, kill and open",
		    USER_ID);
	CHECK(getuid() == 0 && geteuid() == 0, "the parent is still root");
	unlink(path);
}

static int
new_session(void *unused)
{
	(void)unused;
	return setsid() == getpid() && getsid(0) == getpid() &&
	       getpgid(0) == getpid() ? 0 : 1;
}

static int
new_group(void *unused)
{
	(void)unused;
	return setpgid(0, 0) == 0 && getpgid(0) == getpid() &&
	       getsid(0) == getsid(getppid()) ? 0 : 1;
}

static void
groups_and_sessions(void)
{
	check_status(run_child(new_session, NULL), W_EXITCODE(0, 0),
		     "setsid in a child makes it leader of a new session and group");
	check_status(run_child(new_group, NULL), W_EXITCODE(0, 0),
		     "setpgid(0, 0) makes a new group in the same session");
	if (getpgid(0) == getpid())	/* a group leader may not setsid */
		CHECK_FAILS(setsid(), EPERM, "setsid of a group leader: EPERM");
	else
		CHECK(getpgid(0) > 0, "getpgid names our process group");
	CHECK_FAILS(setpgid(0, getpid() + 100000), EPERM,
		    "setpgid into a group that does not exist: EPERM");
}

int
main(void)
{
	root_ids();
	privileges();
	groups_and_sessions();
	return check_done();
}
