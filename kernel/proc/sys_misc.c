/* uname, sysinfo, getrandom, resource limits and reboot. */
#include <proc.h>
#include <syscall.h>
#include <uaccess.h>
#include <errno.h>
#include <string.h>
#include <random.h>
#include <timer.h>
#include <mm.h>
#include <kernel.h>
#include <printk.h>
#include <fdtable.h>

#define UTS_LEN 65

struct utsname {
	char sysname[UTS_LEN], nodename[UTS_LEN], release[UTS_LEN];
	char version[UTS_LEN], machine[UTS_LEN], domainname[UTS_LEN];
};

static char hostname[UTS_LEN] = "kite";	/* under hostname_lock */
static spinlock_t hostname_lock = SPINLOCK_INIT("hostname");

SYSCALL_DEFINE1(uname, uintptr_t, ubuf)
{
	struct utsname u;

	memset(&u, 0, sizeof(u));
	/* "Linux": the ABI this kernel speaks; glibc and programs key on it. */
	strlcpy(u.sysname, "Linux", UTS_LEN);
	spin_lock(&hostname_lock);
	strlcpy(u.nodename, hostname, UTS_LEN);
	spin_unlock(&hostname_lock);
	strlcpy(u.release, "6.1.0-kite", UTS_LEN);
	strlcpy(u.version, "#1 SMP Kite " KITE_VERSION, UTS_LEN);
	strlcpy(u.machine, "riscv64", UTS_LEN);
	strlcpy(u.domainname, "(none)", UTS_LEN);
	return copy_to_user(ubuf, &u, sizeof(u)) ? -EFAULT : 0;
}

SYSCALL_DEFINE2(sethostname, uintptr_t, uname, int, len)
{
	char buf[UTS_LEN];

	if (!capable_root())
		return -EPERM;
	if (len < 0 || len >= UTS_LEN)
		return -EINVAL;
	if (copy_from_user(buf, uname, len) != 0)
		return -EFAULT;
	buf[len] = '\0';
	spin_lock(&hostname_lock);
	strlcpy(hostname, buf, UTS_LEN);
	spin_unlock(&hostname_lock);
	return 0;
}

struct sysinfo {
	long uptime;
	unsigned long loads[3];
	unsigned long totalram, freeram, sharedram, bufferram, totalswap, freeswap;
	uint16_t procs, pad;
	unsigned long totalhigh, freehigh;
	uint32_t mem_unit;
	char _f[20 - 2 * sizeof(long) - sizeof(int)];
};

static int
count_processes(void)
{
	struct process *p;
	int n = 0;

	spin_lock(&proc_tree_lock);
	for_each_process(p)
		n++;
	spin_unlock(&proc_tree_lock);
	return n;
}

SYSCALL_DEFINE1(sysinfo, uintptr_t, uinfo)
{
	struct sysinfo si;

	memset(&si, 0, sizeof(si));
	si.uptime = uptime_ns() / NSEC_PER_SEC;
	si.totalram = nr_total_pages();
	si.freeram = nr_free_pages();
	si.procs = count_processes();
	si.mem_unit = PAGE_SIZE;
	return copy_to_user(uinfo, &si, sizeof(si)) ? -EFAULT : 0;
}

#define GRND_NONBLOCK	0x1
#define GRND_RANDOM	0x2
#define GRND_INSECURE	0x4

SYSCALL_DEFINE3(getrandom, uintptr_t, ubuf, size_t, len, unsigned, flags)
{
	uint8_t chunk[256];
	size_t done = 0;

	if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if ((flags & GRND_INSECURE) && (flags & GRND_RANDOM))
		return -EINVAL;
	if (len > 33554431)
		len = 33554431;		/* Linux's per-call cap */
	while (done < len) {
		size_t n = MIN(len - done, sizeof(chunk));

		get_random_bytes(chunk, n);
		if (copy_to_user(ubuf + done, chunk, n) != 0)
			return done > 0 ? (long)done : -EFAULT;
		done += n;
	}
	return (long)done;
}

static int
valid_resource(unsigned r)
{
	return r < RLIM_NLIMITS;
}

/* prlimit64 on ourselves or (root, or same uids) another process. */
SYSCALL_DEFINE4(prlimit64, int, pid, unsigned, resource, uintptr_t, unew, uintptr_t, uold)
{
	struct process *p = current_proc();
	struct rlimit64 nl, old;

	if (!valid_resource(resource))
		return -EINVAL;
	if (pid != 0 && pid != p->pid)
		return -EPERM;	/* other processes' limits: not yet */
	if (unew != 0) {
		if (copy_from_user(&nl, unew, sizeof(nl)) != 0)
			return -EFAULT;
		if (nl.cur > nl.max)
			return -EINVAL;
		if (nl.max > p->rlim[resource].max && !capable_root())
			return -EPERM;
		if (resource == RLIMIT_NOFILE && nl.max > NR_OPEN_DEFAULT)
			return -EPERM;	/* the descriptor table's size (Linux's nr_open is larger) */
	}
	old = p->rlim[resource];
	if (unew != 0)
		p->rlim[resource] = nl;
	if (uold != 0 && copy_to_user(uold, &old, sizeof(old)) != 0)
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE2(getrlimit, unsigned, resource, uintptr_t, uold)
{
	if (!valid_resource(resource))
		return -EINVAL;
	return copy_to_user(uold, &current_proc()->rlim[resource], sizeof(struct rlimit64)) ? -EFAULT : 0;
}

SYSCALL_DEFINE2(setrlimit, unsigned, resource, uintptr_t, unew)
{
	long args[4] = { 0, resource, (long)unew, 0 };

	return sys_prlimit64(args);
}

#define LINUX_REBOOT_MAGIC1	0xfee1dead
#define LINUX_REBOOT_MAGIC2	672274793
#define LINUX_REBOOT_MAGIC2A	85072278
#define LINUX_REBOOT_MAGIC2B	369367448
#define LINUX_REBOOT_MAGIC2C	537993216
#define LINUX_REBOOT_CMD_RESTART	0x01234567
#define LINUX_REBOOT_CMD_HALT		0xcdef0123
#define LINUX_REBOOT_CMD_POWER_OFF	0x4321fedc
#define LINUX_REBOOT_CMD_CAD_ON		0x89abcdef
#define LINUX_REBOOT_CMD_CAD_OFF	0x00000000

SYSCALL_DEFINE4(reboot, unsigned, magic1, unsigned, magic2, unsigned, cmd, uintptr_t, arg)
{
	if (!capable_root())
		return -EPERM;
	if (magic1 != LINUX_REBOOT_MAGIC1 || (magic2 != LINUX_REBOOT_MAGIC2 &&
	    magic2 != LINUX_REBOOT_MAGIC2A && magic2 != LINUX_REBOOT_MAGIC2B &&
	    magic2 != LINUX_REBOOT_MAGIC2C))
		return -EINVAL;
	switch (cmd) {
	case LINUX_REBOOT_CMD_POWER_OFF:
	case LINUX_REBOOT_CMD_HALT:
		kernel_shutdown();
		machine_power_off(false);
	case LINUX_REBOOT_CMD_RESTART:
		kernel_shutdown();
		machine_restart();
	case LINUX_REBOOT_CMD_CAD_ON:
	case LINUX_REBOOT_CMD_CAD_OFF:
		return 0;
	default:
		return -EINVAL;
	}
}
